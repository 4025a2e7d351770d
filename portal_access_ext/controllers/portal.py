from werkzeug.exceptions import BadRequest

from odoo.http import request, route

# account's portal controller, imported for its hooks only: its subclass
# below takes part in routing only where account is installed (Odoo builds
# the controllers of installed modules), the addon does not depend on it
from odoo.addons.account.controllers.portal import PortalAccount
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


class CustomerPortalAccountKinds(PortalAccount):
    """/my/invoices shows two kinds of documents (invoices and bills): the
    filters of a kind the customer does not see are not offered, and asking
    for one answers exactly like an unknown filter (stock's own answer: the
    filter is not among the page's filters)."""

    def _get_account_searchbar_filters(self):
        filters = super()._get_account_searchbar_filters()
        hidden = self._portal_get_hidden_account_filters()
        return {key: value for key, value in filters.items() if key not in hidden}

    def _portal_get_account_filter_categories(self):
        """{searchbar filter of /my/invoices: xml id of the document category
        it shows}; override for a filter another app adds."""
        return {
            "invoices": "portal_access_ext.portal_document_category_account_invoice",
            "overdue_invoices": "portal_access_ext.portal_document_category_account_invoice",
            "bills": "portal_access_ext.portal_document_category_account_bill",
        }

    def _portal_get_hidden_account_filters(self):
        """The searchbar filters of kinds hidden from the current user."""
        env = request.env
        Category = env["portal.document.category"]
        if not env.user.share:
            return set()
        hidden = (
            Category._get_available_categories()
            - Category._get_user_visible_categories()
        )
        if not hidden:
            return set()
        # the cached xml id lookup: env.ref() checks that the record exists,
        # one query per filter on every page
        xmlid_to_res_id = env["ir.model.data"]._xmlid_to_res_id
        return {
            key
            for key, xmlid in self._portal_get_account_filter_categories().items()
            if xmlid_to_res_id(xmlid, raise_if_not_found=False) in hidden.ids
        }
