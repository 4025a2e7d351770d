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
        group = self._get_portal_readonly_group()
        if not group:
            return
        # Portal users only: the group means nothing to internal users.
        users = self.filtered("share")
        to_add = users.filtered(
            lambda user: user.portal_readonly and group not in user.group_ids
        )
        to_remove = users.filtered(
            lambda user: not user.portal_readonly and group in user.group_ids
        )
        # One write per change for all users (group writes clear caches).
        if to_add:
            to_add.write({"group_ids": [Command.link(group.id)]})
        if to_remove:
            to_remove.write({"group_ids": [Command.unlink(group.id)]})

    def _get_portal_readonly_group(self):
        return (
            self.env.ref(
                "portal_access_ext.group_portal_readonly", raise_if_not_found=False
            )
            or self.env["res.groups"]
        )
