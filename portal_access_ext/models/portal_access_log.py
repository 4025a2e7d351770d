from markupsafe import Markup

from odoo import api, fields, models


class PortalAccessLog(models.Model):
    """Audit trail of the portal-access lifecycle.

    Rows are written with sudo by the actions that change access (the caller's
    own rights are checked before); only settings administrators may read them
    and nobody edits them, so the trail stays trustworthy.
    """

    _name = "portal.access.log"
    _description = "Portal Access Log"
    _order = "date desc, id desc"
    _rec_name = "event"

    event = fields.Selection(
        [
            ("grant", "Access granted"),
            ("revoke", "Access revoked"),
            ("reinvite", "Invitation sent again"),
            ("expire", "Access expired"),
            ("login_change", "Login changed"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    date = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True
    )
    author_id = fields.Many2one(
        "res.users",
        string="By",
        readonly=True,
        ondelete="set null",
        default=lambda self: self.env.user,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Contact", readonly=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users", readonly=True, index=True, ondelete="set null"
    )
    details = fields.Text(readonly=True)

    @api.model
    @api.private
    def _log_events(self, vals_list, post_note=True):
        """Create the audit rows in one batch and, unless told otherwise, log an
        internal note (mt_note: never shown to portal users) on each contact."""
        if not vals_list:
            return self.browse()
        author = self.env.user
        for vals in vals_list:
            vals.setdefault("author_id", author.id)
        logs = self.sudo().create(vals_list)
        if post_note:
            logs._post_partner_notes()
        return logs

    def _post_partner_notes(self):
        labels = dict(self._fields["event"]._description_selection(self.env))
        bodies = {}
        for log in self.filtered("partner_id"):
            line = Markup("<p>%s</p>") % (
                self.env._(
                    "%(event)s by %(author)s%(details)s",
                    event=labels[log.event],
                    author=log.author_id.name or "",
                    details=(": " + log.details) if log.details else "",
                )
            )
            bodies[log.partner_id.id] = bodies.get(log.partner_id.id, Markup()) + line
        if bodies:
            partners = self.env["res.partner"].sudo().browse(list(bodies))
            partners._message_log_batch(
                bodies=bodies, author_id=self.env.user.partner_id.id
            )
