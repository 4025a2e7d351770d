from odoo import api, models


class IrRule(models.Model):
    """Read rules of the read-only portal, generated from the categories:
    a member of ``group_portal_readonly`` reads a category's documents only
    when they belong to its commercial entity and the category is visible
    to it. Added (AND) to the stock rules, so it only ever narrows them."""

    _inherit = "ir.rule"

    @api.model
    def _compute_domain(self, model_name, mode="read"):
        # Not cached per user here: stock's result (super) already is, and a
        # second per-user entry holding the combined domain doubled the
        # memory each portal user costs a worker. The portal part is cached
        # per (model, commercial entity, visible categories), shared by the
        # users of one company; joining the two is a single AND node, which
        # the search optimizes as it does stock's domain.
        domain = super()._compute_domain(model_name, mode)
        if self.env.su:
            return domain
        extra = self.env["portal.document.category"]._get_readonly_rule_domain(
            model_name
        )
        if extra is None:
            return domain
        return domain & extra

    def _compute_domain_context_values(self):
        """Stock's hook for what its cached rules depend on besides the user:
        the portal user's company, read-only membership and visible
        categories, so that changing them makes new cache entries instead of
        clearing every worker's cache (stock's own portal rules name the
        user's commercial entity)."""
        yield from super()._compute_domain_context_values()
        if self.env.su:
            yield None
        else:
            yield self.env["portal.document.category"]._get_user_portal_key()
