from markupsafe import Markup

from odoo import api, fields, models


class PortalAccessLog(models.Model):
    """Audit trail of the portal-access lifecycle.

    Rows are written with sudo by the actions that change access (the caller's
    own rights are checked before); only user administrators may read them
    and nobody edits them, so the trail stays trustworthy. A deleted contact
    or user keeps its rows: the link is emptied, the contact's name stays.
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
            ("invite_failed", "Invitation not sent"),
            ("expire", "Access expired"),
            ("login_change", "Login changed"),
            ("expiry_change", "Access end date changed"),
            ("team_request", "Invitation waiting for approval"),
            ("team_approve", "Invitation approved"),
            ("team_refuse", "Invitation refused"),
            ("team_cancel", "Invitation withdrawn"),
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
        "res.partner",
        string="Contact",
        readonly=True,
        index=True,
        ondelete="set null",
        groups="portal_access_ext.group_portal_access_manager",
    )
    partner_name = fields.Char(
        string="Contact Name",
        readonly=True,
        help="The contact's name when the event happened; kept when the "
        "contact is deleted.",
        groups="portal_access_ext.group_portal_access_manager",
    )
    user_id = fields.Many2one(
        "res.users",
        readonly=True,
        index=True,
        ondelete="set null",
        groups="portal_access_ext.group_portal_access_manager",
    )
    details = fields.Text(
        readonly=True, groups="portal_access_ext.group_portal_access_manager"
    )

    @api.depends("event", "date")
    def _compute_display_name(self):
        # The breadcrumb shows the event's label, not its key ("revoke").
        labels = dict(self._fields["event"]._description_selection(self.env))
        for log in self:
            log.display_name = labels.get(log.event, log.event or "")

    @api.model
    @api.private
    def _log_events(self, vals_list, post_note=True):
        """Create the audit rows in one batch and, unless told otherwise, log an
        internal note (mt_note: never shown to portal users) on each contact."""
        if not vals_list:
            return self.browse()
        author = self.env.user
        partners = (
            self.env["res.partner"]
            .sudo()
            .browse(
                {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
            )
        )
        names = {partner.id: partner.name for partner in partners}  # one read
        for vals in vals_list:
            vals.setdefault("author_id", author.id)
            if vals.get("partner_id"):
                vals.setdefault("partner_name", names.get(vals["partner_id"]))
        logs = self.sudo().create(vals_list)
        if post_note:
            logs._post_partner_notes()
        return logs

    def _post_partner_notes(self):
        """One internal note per contact for these rows. The grant and revoke
        notes start with stock's own text (res.users
        _get_portal_access_update_body, "Portal Access Granted/Revoked"), which
        the batch suppresses from res.users create/write (one message_post per
        user there) and posts here in one batch."""
        logs = self.sudo()
        labels = dict(self._fields["event"]._description_selection(self.env))
        access_granted = {"grant": True, "revoke": False, "expire": False}
        bodies = {}
        for log in logs.filtered("partner_id"):
            if log.event in access_granted and log.user_id:
                event = log.user_id._get_portal_access_update_body(
                    access_granted[log.event]
                )
            else:
                event = labels[log.event]
            line = Markup("<p>%s</p>") % (
                self.env._(
                    "%(event)s, by %(author)s%(details)s",
                    event=event,
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
