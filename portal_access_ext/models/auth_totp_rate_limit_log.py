from odoo import fields, models


class AuthTotpRateLimitLog(models.TransientModel):
    _inherit = "auth.totp.rate.limit.log"

    limit_type = fields.Selection(
        selection_add=[
            ("password_check", "Current Password Check"),
            ("recovery_check", "Recovery Code Check"),
            ("team_action", "Customer Administrator Action"),
        ],
        ondelete={
            "password_check": "cascade",
            "recovery_check": "cascade",
            "team_action": "cascade",
        },
    )
    portal_blocked = fields.Boolean(
        string="Blocked",
        readonly=True,
        help="Attempt refused because of a lockout (logged, not counted).",
    )
    portal_locked_until = fields.Datetime(
        string="Locked Until",
        readonly=True,
        help="This failure reached the limit of its address: attempts from "
        "there are refused until then.",
    )
