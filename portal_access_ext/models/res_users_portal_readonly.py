"""The read-only portal group as a checkbox of the user's form: the group
has no privilege, so stock's groups UI only lists it in debug mode."""

from odoo import Command, api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_readonly = fields.Boolean(
        string="Read-only Portal",
        compute="_compute_portal_readonly",
        inverse="_inverse_portal_readonly",
        groups="base.group_erp_manager",
        help="The portal user views and downloads their documents and can "
        "create, change or delete none of them (group 'Portal: read-only').",
    )

    @api.depends("group_ids")
    def _compute_portal_readonly(self):
        group = self._get_portal_readonly_group()
        for user in self:
            user.portal_readonly = bool(group) and group in user.group_ids

    def _inverse_portal_readonly(self):
        readonly = self.filtered("portal_readonly")
        readonly._set_portal_readonly(True)
        (self - readonly)._set_portal_readonly(False)

    @api.private
    def _set_portal_readonly(self, readonly, log=True):
        """Put these portal users in the read-only group (or take them out):
        one write for those that change (group writes clear caches), and an
        audit row each unless the caller logs the change itself (a grant).
        Internal users are left alone: the group means nothing to them.
        Returns the users changed."""
        group = self._get_portal_readonly_group()
        if not group or not self:
            return self.browse()
        users = self.sudo().filtered(
            lambda user: user.share and (group in user.group_ids) != readonly
        )
        if not users:
            return users
        # mail_notrack: the audit row (or the grant's) is the record of it
        users.with_context(mail_notrack=True).write(
            {
                "group_ids": [
                    Command.link(group.id) if readonly else Command.unlink(group.id)
                ]
            }
        )
        if log:
            self.env["portal.access.log"]._log_events(
                [
                    {
                        "event": "readonly_on" if readonly else "readonly_off",
                        "partner_id": user.partner_id.id,
                        "user_id": user.id,
                        "details": user.login,
                    }
                    for user in users
                ]
            )
        return users

    def _get_portal_readonly_group(self):
        return (
            self.env.ref(
                "portal_access_ext.group_portal_readonly", raise_if_not_found=False
            )
            or self.env["res.groups"]
        )
