from odoo import models

from odoo.addons.base.models.res_users import check_identity


class AuthTotpWizard(models.TransientModel):
    """Stock draws the QR code (with ``qrcode``) and shows the same secret as
    text. Once 2FA is enabled from the backend, ten recovery codes are generated
    and returned in the notification that shows them once; the portal's page
    (whose stock script only reloads after enabling) asks for them with
    ``action_portal_regenerate_recovery_codes``, which returns them. They are
    never kept in clear anywhere (session, logs, mail)."""

    _inherit = "auth_totp.wizard"

    @check_identity  # stock's identity check re-runs the method by name
    def enable(self):
        user = self.user_id
        res = super().enable()
        if user.totp_enabled and not user._is_portal() and isinstance(res, dict):
            codes = user._portal_generate_recovery_codes()
            # The backend shows stock's notification (its text kept: stock's
            # tours wait for it): kept on screen, the codes added after it.
            params = res["params"]
            params.update(
                sticky=True,
                title=self.env._("Save your recovery codes"),
                message=self.env._(
                    "%(enabled)s Each of these recovery codes signs you in "
                    "once if you lose your device; they will not be shown "
                    "again: %(codes)s",
                    enabled=params.get("message", ""),
                    codes=", ".join(codes),
                ),
            )
        return res
