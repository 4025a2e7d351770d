"""Portal access with an end date: the daily job revokes it."""

from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_access_expiry_date = fields.Date(
        string="Portal Access Expires",
        copy=False,
        help="Portal access ends on this date: the daily expiry job revokes it "
        "as the portal wizard's Revoke does.",
    )

    @api.model
    def _cron_expire_portal_access(self):
        """Revoke the portal access whose expiry date has passed."""
        expired = self.sudo().search(
            [
                ("share", "=", True),
                ("portal_access_expiry_date", "!=", False),
                ("portal_access_expiry_date", "<", fields.Date.context_today(self)),
            ]
        )
        expired = expired.filtered(lambda u: u._is_portal())
        if expired:
            expired._portal_revoke_access(event="expire")
        return expired
