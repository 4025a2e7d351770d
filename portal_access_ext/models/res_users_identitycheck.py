from odoo import models
from odoo.exceptions import AccessDenied, UserError


class ResUsersIdentitycheck(models.TransientModel):
    _inherit = "res.users.identitycheck"

    def _check_identity(self):
        # The password prompt before 2FA, recovery codes, API keys... is throttled
        # in res.users._check_credentials; stock replaces any AccessDenied by its
        # own "Incorrect Password" message: keep the lockout time and the
        # attempts-left warning.
        try:
            return super()._check_identity()
        except UserError as error:
            cause = error.__context__
            if not isinstance(cause, AccessDenied):
                raise
            if getattr(cause, "portal_lockout", False):
                raise UserError(cause.args[0]) from cause
            if getattr(cause, "portal_warning", None):
                raise UserError(
                    self.env._(
                        "%(error)s %(warning)s",
                        error=error.args[0],
                        warning=cause.portal_warning,
                    )
                ) from cause
            raise
