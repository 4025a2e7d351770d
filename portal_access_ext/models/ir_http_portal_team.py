from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _portal_readonly_allowed_routes(cls):
        # A customer administrator manages its company's access (its own
        # account business, no portal document); the model refuses everyone
        # else (models/res_partner_portal_team.py).
        return (*super()._portal_readonly_allowed_routes(), "/my/team/*")
