from odoo import models
from odoo.exceptions import AccessDenied, UserError


class ResUsersIdentitycheck(models.TransientModel):
    _inherit = "res.users.identitycheck"

    def _check_identity(self):
        # The password prompt before 2FA, recovery codes, API keys... is the same
        # current-password check as the password change: throttled the same way.
        user = self.create_uid
        try:
            user._totp_rate_limit("password_check")
        except AccessDenied as error:
            raise UserError(error.args[0]) from error
        res = super()._check_identity()
        user._totp_rate_limit_purge("password_check")
        return res
