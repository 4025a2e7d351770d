"""One answer for every failed sign-in by login (the login form,
/web/session/authenticate, XML-RPC ``authenticate``): whether the login exists
must not show.

The throttle (res_users_throttle.py) warns of the attempts left and gives the
lockout's end in its errors. Those are counted per account: an unknown login
has none, so on the sign-in they would tell known logins apart after three
failures. Signing in therefore answers every failure with the same sentence,
which also covers a lockout; the detailed warnings stay where the customer is
already signed in (/my/security, the 2FA code step, account deletion)."""

from odoo import models
from odoo.exceptions import AccessDenied


class ResUsers(models.Model):
    _inherit = "res.users"

    def _login(self, credential, user_agent_env):
        try:
            return super()._login(credential, user_agent_env)
        except AccessDenied as error:
            if not self._portal_is_sign_in_failure(error):
                raise  # e.g. an expired access: said after the right password
            raise AccessDenied(self._portal_sign_in_failed_message()) from None

    def _portal_is_sign_in_failure(self, error):
        """A wrong or unknown login/password, or the throttle's warning or
        lockout (which only known logins would get)."""
        return (
            error.args == AccessDenied().args
            or bool(getattr(error, "portal_warning", None))
            or bool(getattr(error, "portal_lockout", False))
        )

    def _portal_sign_in_failed_message(self):
        return self.env._(
            "Wrong login or password. After several failed attempts, signing in "
            "is paused for a few minutes: please try again after a few minutes, "
            "or reset your password."
        )
