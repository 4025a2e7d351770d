from odoo import models

from odoo.addons.base.models.res_users import check_identity


class AuthTotpWizard(models.TransientModel):
    """Stock draws the QR code (with ``qrcode``) and shows the same secret as
    text; once 2FA is enabled, ten recovery codes are generated and shown once."""

    _inherit = "auth_totp.wizard"

    @check_identity  # stock's identity check re-runs the method by name
    def enable(self):
        user = self.user_id
        res = super().enable()
        if user.totp_enabled:
            codes = user._pae_generate_recovery_codes()
            if not user._is_portal() and isinstance(res, dict):
                # The backend shows a notification: keep it on screen with the
                # codes (the portal shows them on the reloaded security page).
                res["params"].update(
                    sticky=True,
                    title=self.env._("Save your recovery codes"),
                    message=self.env._(
                        "Two-factor authentication is now enabled. Each of these "
                        "recovery codes signs you in once if you lose your "
                        "device; they will not be shown again: %s",
                        ", ".join(codes),
                    ),
                )
        return res
