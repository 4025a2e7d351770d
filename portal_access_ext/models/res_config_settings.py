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
    portal_totp_required = fields.Boolean(
        string="Require two-factor authentication for portal users",
        config_parameter="portal_access_ext.portal_totp_required",
    )
    portal_totp_grace_days = fields.Integer(
        string="Grace period (days)",
        config_parameter="portal_access_ext.portal_totp_grace_days",
        default=7,
        help="Days a new portal user may sign in without an authenticator app.",
    )
