"""The wizard's optional "Read-only" column: whether the line's portal user
only views and downloads its documents (group 'Portal: read-only', the user
form's 'Read-only Portal' checkbox). A grant applies it; Apply changes it for
an existing portal user. The wizard is for Portal Access Managers only
(portal_wizard_access_manager.py): every path here runs after their check."""

from odoo import api, fields, models


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    portal_readonly = fields.Boolean(
        string="Read-only",
        help="The portal user views and downloads their documents and can "
        "create, change or delete none of them. Applied when access is granted, "
        "or by Apply for a contact who has portal access.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # Lines start as the users are now; a line without portal access with
        # the setting 'Read-only by default' (one read of the users' groups,
        # one write per value, not per line).
        group = self.env["res.users"]._get_portal_readonly_group()
        default = bool(lines.wizard_id[:1]._get_readonly_group())
        readonly_ids = [
            line.id
            for line, vals in zip(lines, vals_list, strict=True)
            if "portal_readonly" not in vals
            and not line.is_internal
            and (
                bool(group) and group in line.user_id.sudo().group_ids
                if line.is_portal
                else default
            )
        ]
        lines.browse(readonly_ids).write({"portal_readonly": True})
        return lines

    def _after_grant(self, event):
        res = super()._after_grant(event)
        # the grant's audit row stands for the access it starts with
        self._save_portal_readonly(log=False)
        return res

    def _save_portal_readonly(self, log=True):
        """Write the lines' choice on their portal users, one write per value
        for the users that change (compared with their groups, read once)."""
        lines = self.filtered(lambda line: line.user_id and line.is_portal)
        users = self.env["res.users"]
        for value in (True, False):
            users |= (
                lines.filtered(lambda line, v=value: line.portal_readonly == v)
                .user_id.sudo()
                ._set_portal_readonly(value, log=log)
            )
        return users
