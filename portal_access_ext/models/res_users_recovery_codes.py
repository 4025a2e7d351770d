"""Two-factor recovery codes: ten one-time codes accepted at the login's code
step in place of the authenticator's code, stored hashed, gone with 2FA."""

import logging
import secrets

from passlib.hash import pbkdf2_sha256

from odoo import api, fields, models
from odoo.exceptions import AccessDenied, UserError

from odoo.addons.base.models.res_users import check_identity

_logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
# Recovery codes are 10 digits (first one non-zero), so that stock's login step,
# which reads the code as an integer, passes them on; a 6-digit value is always
# an authenticator code.
RECOVERY_CODE_MIN = 10**9
RECOVERY_CODE_MAX = 10**10 - 1


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_recovery_code_count = fields.Integer(
        string="Recovery Codes Left",
        compute="_compute_portal_recovery_code_count",
        compute_sudo=True,
    )

    @api.depends("totp_enabled")
    def _compute_portal_recovery_code_count(self):
        counts = dict(
            self.env["auth.totp.recovery.code"]
            .sudo()
            ._read_group(
                [("user_id", "in", self.ids), ("used_date", "=", False)],
                ["user_id"],
                ["__count"],
            )
        )
        for user in self:
            user.portal_recovery_code_count = counts.get(user._origin, 0)

    def write(self, vals):
        res = super().write(vals)
        if "totp_secret" in vals and not vals["totp_secret"]:
            # 2FA disabled (by the user or an admin): the codes die with it.
            self.env["auth.totp.recovery.code"].sudo().search(
                [("user_id", "in", self.ids)]
            ).unlink()
        return res

    @check_identity
    def action_portal_regenerate_recovery_codes(self):
        """Replace the recovery codes, behind a password check; return the new
        ones, shown once by the page that asked (never stored in clear)."""
        self.ensure_one()
        if self != self.env.user:
            raise UserError(
                self.env._("You can only regenerate your own recovery codes.")
            )
        if not self.totp_enabled:
            raise UserError(
                self.env._("Enable two-factor authentication to get recovery codes.")
            )
        return self._portal_generate_recovery_codes()

    def _check_credentials(self, credentials, env):
        # A recovery code replaces stock's TOTP check instead of calling it:
        # stock has no hook for another kind of code at the login's code step,
        # and its TOTP check would refuse the code. Any other credential goes
        # to super().
        token = credentials.get("token")
        if (
            credentials.get("type") == "totp"
            and isinstance(token, int)
            and RECOVERY_CODE_MIN <= token <= RECOVERY_CODE_MAX
        ):
            self._portal_check_mfa_pending(credentials)
            return self._portal_check_recovery_code(str(token))
        return super()._check_credentials(credentials, env)

    @api.private
    def _portal_check_recovery_code(self, code):
        """Accept an unused recovery code once, in place of the app's code."""
        self.ensure_one()
        self._totp_rate_limit("recovery_check")
        user_sudo = self.sudo()
        codes = (
            self.env["auth.totp.recovery.code"]
            .sudo()
            .search([("user_id", "=", self.id), ("used_date", "=", False)])
        )
        match = next(
            (rc for rc in codes if pbkdf2_sha256.verify(code, rc.code_hash)), None
        )
        if not match or not match._consume():
            _logger.info(
                "2FA recovery code check: FAIL for %s %r", self, user_sudo.login
            )
            error = AccessDenied(
                self.env._(
                    "Verification failed: this recovery code is not valid or was already used."
                )
            )
            self._portal_warn_attempts_left(error, "recovery_check")
            raise error
        _logger.info(
            "2FA recovery code check: SUCCESS for %s %r", self, user_sudo.login
        )
        self._totp_rate_limit_purge("recovery_check")
        self._totp_rate_limit_purge("code_check")
        remaining = len(codes) - 1
        self.with_user(self)._notify_security_setting_update(
            self.env._("Security Update: Recovery Code Used"),
            self.env._(
                "A recovery code was used to sign in to your account. "
                "%(count)s unused recovery codes remain.",
                count=remaining,
            ),
        )
        return {"uid": self.id, "auth_method": "totp", "mfa": "default"}

    @api.private
    def _portal_generate_recovery_codes(self):
        """Replace this user's recovery codes by ten new ones; return them in
        clear, the only time they exist in clear: the caller hands them to the
        response that shows them (never to the session, a log or a mail)."""
        self.ensure_one()
        RecoveryCode = self.env["auth.totp.recovery.code"].sudo()
        RecoveryCode.search([("user_id", "=", self.id)]).unlink()
        codes = [
            str(
                RECOVERY_CODE_MIN
                + secrets.randbelow(RECOVERY_CODE_MAX - RECOVERY_CODE_MIN + 1)
            )
            for _i in range(RECOVERY_CODE_COUNT)
        ]
        RecoveryCode.create(
            [
                {"user_id": self.id, "code_hash": pbkdf2_sha256.hash(code)}
                for code in codes
            ]
        )
        _logger.info("2FA recovery codes generated for %s %r", self, self.sudo().login)
        return [f"{code[:5]} {code[5:]}" for code in codes]
