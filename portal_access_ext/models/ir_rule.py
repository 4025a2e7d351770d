from odoo import api, models, tools
from odoo.tools import config


class IrRule(models.Model):
    """Read rules of the read-only portal, generated from the categories:
    a member of ``group_portal_readonly`` reads a category's documents only
    when they belong to its commercial entity and the category is visible
    to it. Added (AND) to the stock rules, so it only ever narrows them."""

    _inherit = "ir.rule"

    @api.model
    @tools.conditional(
        # as stock: rules edited in --dev=xml apply at once
        "xml" not in config["dev_mode"],
        tools.ormcache(
            "self.env.uid",
            "self.env.su",
            "model_name",
            "mode",
            "tuple(self._compute_domain_context_values())",
        ),
    )
    def _compute_domain(self, model_name, mode="read"):
        domain = super()._compute_domain(model_name, mode)
        if self.env.su:
            return domain
        extra = self.env["portal.document.category"]._get_readonly_rule_domain(
            model_name
        )
        if extra is None:
            return domain
        return (domain & extra).optimize(self.env[model_name])

    def _compute_domain_context_values(self):
        """Stock's hook for what the cached rules depend on besides the user:
        the portal user's company, read-only membership and visible
        categories, so that changing them makes new cache entries instead of
        clearing every worker's cache (the rule holds the company's id, never
        its contacts)."""
        yield from super()._compute_domain_context_values()
        if self.env.su:
            yield None
        else:
            yield self.env["portal.document.category"]._get_user_portal_key()
