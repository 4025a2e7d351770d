from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # The portal's pages get the JavaScript terms of these modules only:
        # auth_totp_portal does not add itself (stock), so its two-factor
        # dialog ("Activate") stayed in English in every language; this
        # addon's own scripts (_t) need theirs too.
        mods = super()._get_translation_frontend_modules_name()
        return [*mods, "auth_totp_portal", "portal_access_ext"]
