from odoo import api, fields, models


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
    # Not a config_parameter field: those store 0 as "unset", and the
    # settings then showed the default while the policy applied no grace.
    portal_totp_grace_days = fields.Integer(
        string="Grace period (days)",
        default=lambda self: self.env["res.users"]._portal_totp_grace_days(),
        help="Days a portal user may sign in without a second factor, counted "
        "from when the requirement was switched on or their access was "
        "granted, whichever is later (0: none).",
    )

    @api.onchange("portal_totp_grace_days")
    def _onchange_portal_totp_grace_days(self):
        self.portal_totp_grace_days = max(0, self.portal_totp_grace_days or 0)

    @api.model
    def get_values(self):
        res = super().get_values()
        res["portal_totp_grace_days"] = self.env["res.users"]._portal_totp_grace_days()
        return res

    def set_values(self):
        ICP = self.env["ir.config_parameter"].sudo()
        was_required = bool(ICP.get_param("portal_access_ext.portal_totp_required"))
        res = super().set_values()
        ICP.set_param(
            "portal_access_ext.portal_totp_grace_days",
            str(max(0, self.portal_totp_grace_days or 0)),
        )
        # The grace period of users who already had access starts now.
        if self.portal_totp_required and not was_required:
            ICP.set_param(
                "portal_access_ext.portal_totp_required_since",
                fields.Datetime.to_string(fields.Datetime.now()),
            )
        elif not self.portal_totp_required:
            ICP.set_param("portal_access_ext.portal_totp_required_since", False)
        return res
