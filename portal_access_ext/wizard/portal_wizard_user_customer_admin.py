"""The wizard's optional "Customer Administrator" column: a Portal Access
Manager makes a portal user the administrator of its company's access."""

from odoo import api, fields, models


class PortalWizard(models.TransientModel):
    _inherit = "portal.wizard"

    def action_apply(self):
        res = super().action_apply()
        self.user_ids._save_customer_admin()
        return res


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    portal_customer_admin = fields.Boolean(
        string="Customer Administrator",
        help="This portal user may manage the portal access of the people of "
        "its company from the portal (page Team), within the limits set on "
        "the company's contact form.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # lines start as the users are now (one write for all of them; only
        # the lines of existing users are looked at)
        lines._with_existing_user().filtered(
            lambda line: line.user_id.sudo().portal_customer_admin
        ).portal_customer_admin = True
        return lines

    def action_grant_access(self):
        res = super().action_grant_access()
        self._save_customer_admin()
        return res

    def action_revoke_access(self):
        res = super().action_revoke_access()
        self._save_customer_admin()
        return res

    def _save_customer_admin(self):
        """Write the lines' choice on their users (portal users only; a
        revoked user is no administrator any more), one write per value."""
        for value in (True, False):
            users = self.filtered(
                lambda line, v=value: line.user_id
                and (line.is_portal and line.portal_customer_admin) == v
            ).user_id.sudo()
            users.filtered(
                lambda user, v=value: user.portal_customer_admin != v
            ).portal_customer_admin = value
