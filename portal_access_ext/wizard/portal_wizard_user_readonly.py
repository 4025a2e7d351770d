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
        # The setting 'Read-only by default' for a contact without access,
        # read once and written in the lines' INSERT: opening the wizard on
        # thousands of contacts writes nothing more.
        default = bool(self.env["portal.wizard"]._get_readonly_group())
        lines = super().create(
            [{"portal_readonly": default, **vals} for vals in vals_list]
        )
        # Lines of internal and portal users start as the users are now (one
        # read of their groups, one write per value, only for the lines that
        # differ from the default).
        group = self.env["res.users"]._get_portal_readonly_group()
        by_value = {True: [], False: []}
        vals_by_id = dict(zip(lines.ids, vals_list, strict=True))
        for line in lines._with_existing_user():
            if "portal_readonly" in vals_by_id[line.id] or not (
                line.is_internal or line.is_portal
            ):
                continue
            value = bool(
                line.is_portal and group and group in line.user_id.sudo().group_ids
            )
            if value != line.portal_readonly:
                by_value[value].append(line.id)
        for value, line_ids in by_value.items():
            if line_ids:
                lines.browse(line_ids).write({"portal_readonly": value})
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
