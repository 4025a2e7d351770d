from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Read-only portal (new grants join "Portal: read-only" unless turned off).
    portal_readonly_by_default = fields.Boolean(
        string="New portal users are read-only",
        config_parameter="portal_access_ext.readonly_by_default",
        default=True,
    )
    # --- customer security settings (two-factor policy) below ---
