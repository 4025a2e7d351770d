from werkzeug.exceptions import BadRequest

from odoo.http import request, route

from odoo.addons.portal.controllers import portal


class CustomerPortal(portal.CustomerPortal):
    def _prepare_portal_layout_values(self):
        """The counters of the categories this customer does not see: their
        dashboard entries are not rendered at all (stock JS always shows the
        invoice and order cards, even at 0)."""
        values = super()._prepare_portal_layout_values()
        Category = request.env["portal.document.category"]
        visible = Category._get_user_visible_categories()
        values["portal_hidden_counters"] = frozenset(
            (Category._get_available_categories() - visible)
            .filtered("counter_key")
            .mapped("counter_key")
        )
        return values

    @route()
    def counters(self, counters, **kw):
        """Fill the counters of the document categories here, so that the
        apps' own ``_prepare_home_portal_values`` (sale caps its order counter
        at 1) never see them, whatever the order the apps are loaded in."""
        if not isinstance(counters, list):
            raise BadRequest(request.env._("counters must be a list of names."))
        # names only: anything else (null, an object) names no counter
        counters = [counter for counter in counters if isinstance(counter, str)]
        Category = request.env["portal.document.category"]
        categories = {
            category.counter_key: category
            for category in Category._get_available_categories()
            if category.counter_key
        }
        ours = [counter for counter in counters if counter in categories]
        values = super().counters(
            [counter for counter in counters if counter not in categories], **kw
        )
        if ours:
            values.update(
                self._prepare_category_counters([categories[c] for c in ours])
            )
        return values

    def _prepare_category_counters(self, categories):
        """Real counts of the categories this customer sees, one COUNT query
        per category; 0 (card hidden) for the others."""
        visible = request.env["portal.document.category"]._get_user_visible_categories()
        return {
            category.counter_key: category._get_portal_count()
            if category in visible
            else 0
            for category in categories
        }
