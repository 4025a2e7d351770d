from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _create_user_from_template(self, values):
        users = super()._create_user_from_template(values)
        self.env["portal.test.hook.mark"]._mark(
            "_create_user_from_template", users.partner_id
        )
        return users
