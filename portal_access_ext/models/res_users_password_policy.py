"""The password policy of portal customers' password change, and the
throttled re-check of their current password."""

from odoo import api, models
from odoo.exceptions import UserError


class ResUsers(models.Model):
    _inherit = "res.users"

    # The re-check of the current password (stock change_password) is
    # throttled in res.users._check_credentials (res_users_throttle.py).

    def _change_password(self, new_passwd):
        self._pae_check_password_policy(new_passwd.strip())
        return super()._change_password(new_passwd)

    @api.private
    def _pae_check_password_policy(self, password):
        """Refuse a password below the database's policy: the minimum length of
        auth_password_policy (its parameter, 8 when unset) and the common
        passwords of zxcvbn's frequency list (NIST SP 800-63B: no composition
        rules)."""
        from zxcvbn.matching import RANKED_DICTIONARIES

        ICP = self.env["ir.config_parameter"].sudo()
        minlength = int(ICP.get_param("auth_password_policy.minlength", 8) or 0)
        if len(password) < minlength:
            raise UserError(
                self.env._(
                    "Your new password must have at least %(min)s characters "
                    "(it has %(count)s).",
                    min=minlength,
                    count=len(password),
                )
            )
        if password.lower() in RANKED_DICTIONARIES["passwords"]:
            raise UserError(
                self.env._(
                    "This password is one of the most common passwords and is "
                    "easily guessed: choose another one."
                )
            )
