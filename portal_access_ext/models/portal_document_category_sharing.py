"""Project sharing and the portal rules: stock's collaborators keep the
rights project sharing gives them.

The categories' rule (``_get_readonly_rule_domain``) asks for a follower of
the user's company on every task, in every mode; a collaborator with edit
rights (``project.collaborator`` with ``limited_access`` False) sees and
creates the tasks of the shared project without being one (stock's
``project_task_rule_portal`` and ``project_task_rule_portal_project_sharing``).
The condition below is OR-ed to the categories' one, so the addon's rule is
no narrower than stock's for them; stock's own rules still apply (AND), so it
is never wider either. Limited-access collaborators need nothing: stock asks
for a follower of their company too. Read-only members are still refused
create, write and unlink by ``ir.model.access``, and a hidden Tasks category
still takes the read right away (no rule is asked then)."""

from odoo import api, models
from odoo.fields import Domain


class PortalDocumentCategory(models.Model):
    _inherit = "portal.document.category"

    @api.model
    def _get_shared_document_condition(self, model_name):
        """Documents of ``model_name`` the current portal user reaches by a
        stock sharing feature rather than as a customer, or None. Built at
        each call: it names the user's own contact."""
        if model_name == "project.task" and "project.collaborator" in self.env:
            return Domain(
                "project_id.collaborator_ids",
                "any",
                Domain("partner_id", "=", self.env.user.partner_id.id)
                & Domain("limited_access", "=", False),
            )
        return None
