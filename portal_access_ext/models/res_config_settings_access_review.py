from odoo import api, fields, models

from .res_users_access_review import DEFAULT_REVIEW_DAYS, REVIEW_DAYS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Not a config_parameter field: those store 0 as "unset".
    portal_review_days = fields.Integer(
        string="Days without sign-in",
        default=lambda self: self.env["res.users"]._portal_review_days(),
        help="The access review's dormant accounts and unaccepted invitations "
        "are those older than this many days.",
    )
    portal_review_dormant_revoke = fields.Boolean(
        string="Revoke dormant portal users",
        config_parameter="portal_access_ext.review_dormant_revoke",
        help="Every day, revoke the access of portal users who have not signed "
        "in for that many days.",
    )
    portal_review_digest = fields.Boolean(
        string="Monthly access review digest",
        config_parameter="portal_access_ext.review_digest",
        help="Once a month, email the access managers the review's counts and "
        "a link to the Portal Access Review.",
    )
    portal_new_device_alert = fields.Boolean(
        string="Alert customers of sign-ins from a new device",
        config_parameter="portal_access_ext.new_device_alert",
        help="A portal user signing in from a browser and device never seen "
        "before on the account receives a security email.",
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        res["portal_review_days"] = self.env["res.users"]._portal_review_days()
        return res

    def set_values(self):
        res = super().set_values()
        days = self.portal_review_days
        self.env["ir.config_parameter"].sudo().set_param(
            REVIEW_DAYS_PARAM, str(days if days and days > 0 else DEFAULT_REVIEW_DAYS)
        )
        return res
