from odoo import models


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def action_grant_access(self):
        res = super().action_grant_access()
        self.env["portal.test.hook.mark"]._mark("action_grant_access", self.partner_id)
        return res

    def _create_user(self):
        users = super()._create_user()
        self.env["portal.test.hook.mark"]._mark("_create_user", users.partner_id)
        return users

    def _send_email(self):
        res = super()._send_email()
        self.env["portal.test.hook.mark"]._mark("_send_email", self.partner_id)
        return res
