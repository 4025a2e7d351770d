import functools

from odoo import api, models
from odoo.exceptions import AccessError, MissingError
from odoo.service import model as service_model

# Stock's lookup of a method callable over RPC, kept to be called by ours.
_stock_get_public_method = service_model.get_public_method


def get_public_method(model, name):
    """Stock's ``odoo.service.model.get_public_method``, with the read-only
    portal's guard around the method it returns.

    Why a wrapper of stock's function rather than an override: this function
    is the one place every RPC passes — ``call_kw`` (``/web/dataset/call_kw``,
    ``call_button``, ``/jsonrpc`` and ``/xmlrpc``) and ``/json/2`` all ask it
    which method to run — and Odoo offers no model hook there (the method is
    looked up on the class, outside any model method). Stock's controllers
    that act with sudo() call their methods directly, not through it, so they
    keep working. The guard does nothing in a database without this addon
    (the same Python process may serve several databases) and for the
    superuser.
    """
    method = _stock_get_public_method(model, name)
    if model.env.su or "portal.document.category" not in model.env:
        return method

    @functools.wraps(method)
    def guarded(records, *args, **kwargs):
        records.env["portal.document.category"]._check_portal_rpc(records, name)
        return method(records, *args, **kwargs)

    return guarded


def _install():
    """Put the wrapper where stock's callers look the function up (JSON-2
    imported it by name); idempotent (the module may be reloaded)."""
    service_model.get_public_method = get_public_method
    try:
        from odoo.addons.rpc.controllers import json2
    except ImportError:  # the rpc app is not on the addons path
        return
    json2.get_public_method = get_public_method


_install()


class PortalDocumentCategory(models.Model):
    """The read-only portal on every RPC call: another customer's document
    answers exactly like a missing one, and a read-only member's change is
    refused before the method's own code (which may write with sudo) runs."""

    _inherit = "portal.document.category"

    @api.model
    def _get_rpc_read_methods(self):
        """Methods of a category model that only show documents: what the
        portal's pages and the web client call to read. Every other public
        method (create, write, unlink, buttons, message_subscribe…) is refused
        to read-only members. Override to add a reading method of an app."""
        return frozenset(
            {
                "read",
                "web_read",
                "search",
                "search_read",
                "web_search_read",
                "search_count",
                "name_search",
                "web_name_search",
                "read_group",
                "web_read_group",
                "formatted_read_group",
                "formatted_read_grouping_sets",
                "read_progress_bar",
                "fields_get",
                "get_views",
                "get_view",
                "default_get",
                "onchange",
                "has_access",
                "get_formview_id",
                "get_formview_action",
                "search_panel_select_range",
                "search_panel_select_multi_range",
                "get_empty_list_help",
            }
        )

    @api.model
    def _check_portal_rpc(self, records, method_name):
        """Refuse an RPC call of a portal user on a category model, before the
        method runs: any method but a reading one raises the ACL's AccessError
        to a read-only member, whatever the ids (their own, another
        customer's, missing); records that are not theirs (another
        customer's, or missing) raise the ORM's MissingError otherwise."""
        readonly, locked, hidden, rule_domains = self._get_readonly_restrictions()
        model_name = records._name
        if model_name not in locked and model_name not in rule_domains:
            return
        if (
            readonly
            and model_name in locked
            and method_name not in self._get_rpc_read_methods()
        ):
            operation = {"create": "create", "copy": "create", "unlink": "unlink"}
            records.browse().check_access(operation.get(method_name, "write"))
            # the ACL lets the model be changed (another module granted it):
            # the read-only promise still holds
            raise AccessError(
                self.env._(
                    "Your portal access is read-only: you cannot change this "
                    "document."
                )
            )
        if model_name not in hidden:
            self._check_portal_rpc_records(records)

    @api.model
    def _check_portal_rpc_records(self, records):
        """MissingError, the ORM's answer for a missing record, when one of
        the records is missing or not readable by the current user."""
        ids = records._ids
        if not ids or not all(
            isinstance(record_id, int) and not isinstance(record_id, bool)
            for record_id in ids
        ):
            # no record (a model method), or ids the ORM refuses itself
            return
        if not records.browse().has_access("read"):
            # the ACL refusal answers alike for every id
            return
        readable = records.sudo().exists().sudo(False)._filtered_access("read")
        if readable != records:
            missing = records - readable
            # The ORM's own two terms (odoo/orm/fields.py), translated as
            # base translates them (scripts/i18n_export.sh copies base's
            # translations), so the answer reads alike in every language.
            raise MissingError(
                "\n".join(
                    [
                        self.env._("Record does not exist or has been deleted."),
                        self.env._(
                            "(Record: %(record)s, User: %(user)s)",
                            record=missing[:1],
                            user=self.env.uid,
                        ),
                    ]
                )
            )
