"""The portal wizard is for Portal Access Managers only (stock's is open to
anyone with Contact Creation rights): checked when it is opened or created
and by every action through ``_check_caller_rights``, before any sudo()."""

from odoo import api, models


class PortalWizard(models.TransientModel):
    _inherit = "portal.wizard"

    @api.model
    def action_open_wizard(self):
        self._check_portal_access_manager()
        return super().action_open_wizard()

    @api.model_create_multi
    def create(self, vals_list):
        self._check_portal_access_manager()
        return super().create(vals_list)

    def _check_caller_rights(self):
        self._check_portal_access_manager()
        return super()._check_caller_rights()

    def _check_portal_access_manager(self):
        # Trusted code (the customer administrators' team page) runs the
        # wizard with sudo() after its own checks.
        if not self.env.is_superuser():
            self.env.user._check_portal_access_manager()


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    @api.model_create_multi
    def create(self, vals_list):
        self.env["portal.wizard"]._check_portal_access_manager()
        return super().create(vals_list)
