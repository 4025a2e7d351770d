"""The password policy, in stock's ``_check_password_policy`` (auth_password_policy)
which every way of setting a password passes through (signup by invitation,
reset link, the customer's change on /my/security, an administrator's write or
Change Password wizard); and the throttled re-check of the customer's current
password."""

from odoo import api, models
from odoo.exceptions import AccessDenied, UserError

# passlib refuses secrets over 4096 bytes (PasswordSizeError, a server error):
# 1024 characters stay below it in any encoding (4 bytes at most each).
PASSWORD_MAX_LENGTH = 1024
PASSLIB_MAX_BYTES = 4096


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def change_password(self, old_passwd, new_passwd):
        # The new password is checked first: a refused new password is not a
        # wrong current one and must not count towards the lockout. The re-check
        # of the current password is throttled in res.users._check_credentials
        # (res_users_throttle.py), like every password check.
        self.env.user._check_password_policy([(new_passwd or "").strip()])
        return super().change_password(old_passwd, new_passwd)

    def _check_credentials(self, credential, env):
        # A password passlib cannot even hash (a server error) is simply wrong.
        password = credential.get("password")
        if (
            credential.get("type") == "password"
            and isinstance(password, str)
            and len(password.encode()) > PASSLIB_MAX_BYTES
        ):
            raise AccessDenied()
        return super()._check_credentials(credential, env)

    def _check_password_policy(self, passwords):
        for password in passwords:
            if password:
                self._portal_check_password_policy(password)
        return super()._check_password_policy(passwords)

    @api.model
    @api.private
    def _portal_password_max_length(self):
        return PASSWORD_MAX_LENGTH

    @api.model
    @api.private
    def _portal_password_min_length(self):
        """auth_password_policy's minimum length (its parameter, 8 when unset)."""
        ICP = self.env["ir.config_parameter"].sudo()
        return int(ICP.get_param("auth_password_policy.minlength", 8) or 0)

    @api.private
    def _portal_check_password_policy(self, password):
        """Refuse a password below the database's policy: the minimum length of
        auth_password_policy (its parameter, 8 when unset), a maximum length,
        and the common passwords of zxcvbn's frequency list (NIST SP 800-63B:
        no composition rules)."""
        from zxcvbn.matching import RANKED_DICTIONARIES

        maxlength = self._portal_password_max_length()
        if len(password) > maxlength:
            raise UserError(
                self.env._(
                    "Your new password must have at most %(max)s characters.",
                    max=maxlength,
                )
            )
        minlength = self._portal_password_min_length()
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
