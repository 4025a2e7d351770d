"""A document of a kind hidden from the customer answers exactly like a missing
id, on every document route of the routing map, its PDF, its chatter and its
list filters."""

import base64
import functools
import inspect
import json
import re
import threading
from fnmatch import fnmatchcase

from werkzeug.routing.converters import NumberConverter

from odoo import Command
from odoo.fields import Domain
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, mute_logger

from . import entry_points
from .readonly_common import CATEGORY_DOCUMENTS, ReadonlyPortalMixin
from .security_cases import SecurityCaseMixin

PASSWORD = "ro.portal.a@example.com-Pass-1234!"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
RULE_ARGUMENT = re.compile(r"<(?:(?P<converter>[^:<>]+):)?(?P<name>\w+)>")
CSRF = re.compile(r"""(csrf_token["']?\s*(?:[:=]|value=)\s*["'])[^"']+(["'])""")
TOKEN = re.compile(r"(access_token=)[\w-]+")


def _normalise(text, values):
    """The answer with the values that may differ without telling anything
    (the two ids, two filter names) and the CSRF and access tokens replaced."""
    for value in values:
        text = re.sub(rf"(?<![\w-]){re.escape(str(value))}\b", "<id>", text)
    return TOKEN.sub(r"\1<t>", CSRF.sub(r"\1<csrf>\2", text))


def _answer(response, values):
    """(status, redirect location, body) of an HTTP answer, normalised."""
    body = response.content.decode("utf-8", "replace")
    return (
        response.status_code,
        _normalise(response.headers.get("Location", ""), values),
        _normalise(body, values),
    )


@tagged("post_install", "-at_install", "security_hidden_like_missing")
class TestHiddenLikeMissing(SecurityCaseMixin, ReadonlyPortalMixin, HttpCase):
    """Test that a hidden kind's document answers exactly like a missing id."""

    security_family = "Hidden like missing"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_readonly_portal()
        cls.Category = cls.env["portal.document.category"]
        for doc in cls.docs_a.values():
            if "access_token" in doc._fields:
                doc._portal_ensure_token()

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_a.login, PASSWORD)

    # ------------------------------------------------------------------
    # Overridable: what the walk of the routing map leaves out, and why
    # ------------------------------------------------------------------

    def _excluded_route_arguments(self):
        """{(rule pattern, argument): (reason, value used in the URL)} of the
        int arguments of portal routes that name no portal document kind.
        Override to exclude another app's argument (a reason is required)."""
        return {
            ("*/page/<int:page>*", "page"): ("a pager's page number", 1),
            ("/my/orders/<int:order_id>/document/<int:document_id>", "document_id"): (
                "a product's document shown with the order: the order is checked",
                1,
            ),
            ("/my/team/<int:partner_id>/*", "partner_id"): (
                "a colleague on the addon's team page, not a document kind",
                1,
            ),
            ("/my/journal/<int:journal_id>/unsubscribe", "journal_id"): (
                "a mailing journal the customer unsubscribes from, not a document",
                1,
            ),
        }

    def _route_argument_values(self):
        """Values of the non-int arguments of the portal routes walked."""
        return {"subpath": "index", "action": "revoke"}

    def _thread_route_values(self):
        """Values of the other parameters of the chatter routes walked."""
        return {
            "post_data": {"body": "Hello", "message_type": "comment"},
            "fetch_params": {"limit": 30},
            "emails": ["someone@example.com"],
            "partner_ids": [],
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _routing_map(self):
        # the routing map is built for the thread's database, as in a request
        thread = threading.current_thread()
        thread.dbname = self.env.cr.dbname
        self.addCleanup(lambda: hasattr(thread, "dbname") and delattr(thread, "dbname"))
        return self.env["ir.http"].routing_map()

    def _missing_id(self, model_name):
        self.env.cr.execute(
            SQL(
                "SELECT COALESCE(MAX(id), 0) + 1000 FROM %s",
                SQL.identifier(self.env[model_name]._table),
            )
        )
        return self.env.cr.fetchone()[0]

    def _kinds_of(self, doc):
        """The available kinds A's document is of (an opportunity assigned to
        its own customer is also an assigned opportunity)."""
        return self.Category._get_available_categories().filtered(
            lambda category: category.model == doc._name
            and doc.sudo().search_count(
                Domain("id", "=", doc.id)
                & self.Category._get_customer_condition(
                    category.partner_field, self.company_a.id
                )
                & category._get_domain()
            )
        )

    def _hide(self, category, doc=None):
        """Hide the kind from A's company, and every other kind of ``doc``."""
        if doc is not None:
            category |= self._kinds_of(doc)
        self.company_a.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [
                    Command.set(
                        (self.Category._get_available_categories() - category).ids
                    )
                ],
            }
        )

    def _show_all(self):
        self.company_a.write(
            {
                "portal_category_restrict": False,
                "portal_category_ids": [Command.clear()],
            }
        )

    def _documents_of(self, model_name):
        """(category, A's document) of every available kind of that model."""
        return [
            (category, doc_a)
            for _xmlid, category, doc_a, _doc_b in self._installed_categories()
            if category.model == model_name
        ]

    def _visible_document(self, model_name, hidden_doc):
        """A's document of that model to put in a route's other argument."""
        if hidden_doc._name == "project.task" and model_name == "project.project":
            return hidden_doc.project_id
        return self.docs_a[
            next(
                key
                for xmlid, key in CATEGORY_DOCUMENTS.items()
                if self.categories[xmlid].model == model_name and key in self.docs_a
            )
        ]

    def _document_rules(self, posted=False):
        """[(rule path, {int argument: model}, {other argument: value}, rule)]
        of the GET http routes (``posted``: the JSON and POST-only ones) under
        /my/ (and the categories' routes) with an int argument, walked from
        the routing map; fails on an argument naming no model unless excluded
        with a reason."""
        IrHttp = self.env["ir.http"]
        prefixes = (
            "/my/",
            *(
                category.route.rstrip("/") + "/"
                for category in self.Category._get_available_categories()
                if category.route
            ),
        )
        excluded = self._excluded_route_arguments()
        rules, unresolved, seen = [], [], set()
        for rule in self._routing_map().iter_rules():
            routing = rule.endpoint.routing
            is_get = routing.get("type") == "http" and (
                not rule.methods or "GET" in rule.methods
            )
            if (
                rule.rule in seen
                or not rule.rule.startswith(prefixes)
                or is_get == posted
            ):
                continue
            int_args = {
                name
                for name, converter in rule._converters.items()
                # werkzeug's int, or Odoo's signed one (ir.http._get_converters)
                if isinstance(converter, NumberConverter)
                and converter.num_convert is int
            }
            models = {
                name: model
                for name, model in IrHttp._portal_route_document_models(rule).items()
                if name in rule._converters
            }
            if not int_args and not models:
                continue
            seen.add(rule.rule)
            values = {}
            for name in int_args - set(models):
                reason = next(
                    (
                        found
                        for (pattern, arg), found in excluded.items()
                        if arg == name and fnmatchcase(rule.rule, pattern)
                    ),
                    None,
                )
                if reason is None:
                    unresolved.append(f"{rule.rule} <{name}>")
                else:
                    values[name] = reason[1]
            for name in set(rule._converters) - int_args - set(models):
                values[name] = self._route_argument_values().get(name)
                if values[name] is None:
                    unresolved.append(f"{rule.rule} <{name}> (no test value)")
            if models:
                rules.append((rule.rule, models, values, rule))
        self.assertFalse(
            unresolved,
            "portal routes whose argument names no document model: map them in "
            "ir.http._portal_route_document_arg_models or exclude them with a "
            "reason in _excluded_route_arguments:\n" + "\n".join(unresolved),
        )
        return rules

    # ------------------------------------------------------------------
    # Document routes, PDF and downloads, token or not
    # ------------------------------------------------------------------

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_document_routes_like_missing(self):
        """Test that every portal document route of the routing map answers a hidden kind's document like a missing id (status, redirect, body), PDF, download and token alike."""
        rules = self._document_rules()
        self.assertTrue(rules, "no portal document route in the routing map")
        reachable = set()
        for rule_path, models, other_values, _rule in rules:
            for arg, model_name in models.items():
                if model_name not in self.env:
                    continue
                for category, doc in self._documents_of(model_name):
                    values = dict(other_values)
                    for other_arg, other_model in models.items():
                        if other_arg != arg:
                            values[other_arg] = self._visible_document(
                                other_model, doc
                            ).id
                    missing = self._missing_id(model_name)

                    url = functools.partial(self._build_url, rule_path, values, arg)

                    token = doc.access_token if "access_token" in doc._fields else None
                    queries = [
                        "",
                        "report_type=pdf",
                        "report_type=pdf&download=true",
                        "report_type=html",
                    ]
                    if token:
                        queries += [
                            f"{query}&access_token={token}".lstrip("&")
                            for query in queries
                        ]
                    self._show_all()
                    visible = self.url_open(url(doc.id, ""), allow_redirects=False)
                    shown_missing = self.url_open(
                        url(missing, ""), allow_redirects=False
                    )
                    if _answer(visible, [doc.id, missing]) != _answer(
                        shown_missing, [doc.id, missing]
                    ):
                        reachable.add(category)
                    self._hide(category, doc)
                    for query in queries:
                        with self.subTest(route=rule_path, kind=category.name, q=query):
                            ids = [doc.id, missing]
                            got = _answer(
                                self.url_open(
                                    url(doc.id, query), allow_redirects=False
                                ),
                                ids,
                            )
                            expected = _answer(
                                self.url_open(
                                    url(missing, query), allow_redirects=False
                                ),
                                ids,
                            )
                            self.assertBlocked(
                                got == expected,
                                f"{url(doc.id, query)} ({category.name} hidden) "
                                f"answered {got[:2]}, a missing id {expected[:2]}",
                            )
        # the walk really reached documents: with their kind shown, each kind
        # with a document page answers other than a missing id
        for _xmlid, category, doc, _doc_b in self._installed_categories():
            if any(doc._name in models.values() for _r, models, _v, _ in rules):
                self.assertIn(
                    category,
                    reachable,
                    f"{category.name}: no route of the walk shows A's document",
                )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_report_routes_like_missing(self):
        """Test that /report/pdf and /report/html of a hidden kind's document answer like a missing id."""
        reports = {
            "sale.order": "sale.report_saleorder",
            "account.move": "account.report_invoice",
            "purchase.order": "purchase.report_purchaseorder",
        }
        tried = 0
        for _xmlid, category, doc, _doc_b in self._installed_categories():
            if doc._name not in reports:
                continue
            missing = self._missing_id(doc._name)
            self._hide(category, doc)
            for converter in ("pdf", "html"):
                url = f"/report/{converter}/{reports[doc._name]}/{{}}"
                with self.subTest(kind=category.name, url=url):
                    ids = [doc.id, missing]
                    got = _answer(
                        self.url_open(url.format(doc.id), allow_redirects=False), ids
                    )
                    expected = _answer(
                        self.url_open(url.format(missing), allow_redirects=False), ids
                    )
                    tried += 1
                    self.assertBlocked(
                        got == expected and got[0] != 200,
                        f"{url.format(doc.id)} ({category.name} hidden) answered "
                        f"{got[:2]}, a missing id {expected[:2]}",
                    )
        self.assertTrue(tried, "no report installed")

    # ------------------------------------------------------------------
    # List filters
    # ------------------------------------------------------------------

    @mute_logger("odoo.http")
    def test_hidden_filter_like_unknown_filter(self):
        """Test that /my/invoices?filterby= of a hidden kind answers like an unknown filter, on its pages too."""
        if "account.move" not in self.env:
            self.skipTest("account is not installed")
        unknown = "no_such_filter"
        for xmlid, filters in (
            ("account_invoice", ("invoices", "overdue_invoices")),
            ("account_bill", ("bills",)),
        ):
            self._hide(self.categories[xmlid])
            for key in filters:
                for path in ("/my/invoices", "/my/invoices/page/2"):
                    with self.subTest(kind=xmlid, filterby=key, path=path):
                        got, expected = (
                            _answer(
                                self.url_open(
                                    f"{path}?filterby={value}", allow_redirects=False
                                ),
                                [key, unknown],
                            )
                            for value in (key, unknown)
                        )
                        self.assertBlocked(
                            got == expected,
                            f"{path}?filterby={key} ({xmlid} hidden) answered "
                            f"{got[:2]}, an unknown filter {expected[:2]}",
                        )
            # control: the kind left visible keeps its filter
            shown = "bills" if xmlid == "account_invoice" else "invoices"
            self.assertEqual(
                self.url_open(f"/my/invoices?filterby={shown}").status_code, 200
            )

    # ------------------------------------------------------------------
    # Chatter, attachments, RPC
    # ------------------------------------------------------------------

    def _required_params(self, endpoint, skip=()):
        """The parameters an endpoint requires (no default), but ``skip``."""
        method = getattr(endpoint, "original_endpoint", None) or getattr(
            endpoint, "method", endpoint
        )
        try:
            params = inspect.signature(method).parameters
        except (TypeError, ValueError):
            return None
        return [
            name
            for name, param in params.items()
            if name not in ("self", *skip)
            and param.default is inspect.Parameter.empty
            and param.kind
            not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)
        ]

    def _posted_route_values(self):
        """Values of the other required parameters of the JSON and POST
        document routes walked (overridable)."""
        return {"line_id": 1, "decline_message": "No thanks", "access_token": None}

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
    def test_posted_document_routes_like_missing(self):
        """Test that every JSON and POST document route of the routing map answers a hidden kind's document like a missing id, token or not, and changes nothing."""
        rules = self._document_rules(posted=True)
        self.assertTrue(rules, "no JSON or POST portal document route")
        tried = 0
        for rule_path, models, other_values, rule in rules:
            required = self._required_params(rule.endpoint, skip=rule._converters)
            for arg, model_name in models.items():
                if model_name not in self.env:
                    continue
                for category, doc in self._documents_of(model_name):
                    values = dict(other_values)
                    for other_arg, other_model in models.items():
                        if other_arg != arg:
                            values[other_arg] = self._visible_document(
                                other_model, doc
                            ).id
                    missing = self._missing_id(model_name)
                    params = {}
                    for name in required or ():
                        self.assertIn(
                            name,
                            self._posted_route_values(),
                            f"{rule_path}: no test value for {name}",
                        )
                        params[name] = self._posted_route_values()[name]
                    token = doc.access_token if "access_token" in doc._fields else None
                    self._hide(category, doc)
                    before = doc.read()[0] if "state" in doc._fields else None
                    for with_token in (None, token) if token else (None,):
                        call = dict(
                            params, **({"access_token": token} if with_token else {})
                        )
                        ids = [doc.id, missing]
                        got, expected = (
                            self._post_route(
                                rule, rule_path, values, arg, record_id, call, ids
                            )
                            for record_id in (doc.id, missing)
                        )
                        tried += 1
                        with self.subTest(
                            route=rule_path, kind=category.name, token=bool(with_token)
                        ):
                            self.assertBlocked(
                                got == expected,
                                f"{rule_path} on {category.name} (hidden) answered "
                                f"{str(got)[:300]}, a missing id {str(expected)[:300]}",
                            )
                    if before is not None:
                        doc.invalidate_recordset()
                        self.assertEqual(doc.state, before["state"], rule_path)
        self.assertTrue(tried)

    @staticmethod
    def _build_url(rule_path, values, arg, record_id, query=""):
        """The rule's URL with ``record_id`` as ``arg``, ``values`` for the
        other arguments."""
        path = RULE_ARGUMENT.sub(
            lambda m: str(record_id if m["name"] == arg else values[m["name"]]),
            rule_path,
        )
        return f"{path}?{query}" if query else path

    def _post_route(self, rule, rule_path, values, arg, record_id, params, ids):
        path = self._build_url(rule_path, values, arg, record_id)
        if rule.endpoint.routing.get("type") == "http":
            form = dict(params)
            form["csrf_token"] = entry_points.csrf_token(self.url_open("/my/account"))
            return _answer(self.url_open(path, data=form, allow_redirects=False), ids)
        outcome = entry_points.jsonrpc_route(self, path, params)
        return (
            outcome.kind,
            outcome.status,
            _normalise(outcome.message or "", ids),
            _normalise(json.dumps(outcome.result, sort_keys=True), ids),
        )

    def _thread_routes(self):
        """[(rule path, type, parameters)] of the routes taking a thread model
        and id, walked from the routing map."""
        routes, seen = [], set()
        for rule in self._routing_map().iter_rules():
            if rule.rule in seen:
                continue
            endpoint = rule.endpoint
            method = getattr(endpoint, "original_endpoint", None) or getattr(
                endpoint, "method", endpoint
            )
            try:
                params = inspect.signature(method).parameters
            except (TypeError, ValueError):
                continue
            if {"thread_model", "thread_id"} <= set(params):
                seen.add(rule.rule)
                required = [
                    name
                    for name, param in params.items()
                    if name not in ("self", "thread_model", "thread_id")
                    and param.default is inspect.Parameter.empty
                    and param.kind
                    not in (
                        inspect.Parameter.VAR_KEYWORD,
                        inspect.Parameter.VAR_POSITIONAL,
                    )
                ]
                routes.append((rule.rule, endpoint.routing.get("type"), required))
        return routes

    def _call_thread_route(self, path, route_type, required, model, record_id, token):
        values = self._thread_route_values()
        params = {"thread_model": model, "thread_id": record_id}
        if token:
            params["token"] = token
        for name in required:
            if name == "ufile":
                continue
            self.assertIn(name, values, f"{path}: no test value for {name}")
            params[name] = values[name]
        if route_type == "http":
            form = {
                key: json.dumps(value) if isinstance(value, dict | list) else value
                for key, value in params.items()
            }
            form["csrf_token"] = entry_points.csrf_token(self.url_open("/my/account"))
            files = {"ufile": ("hello.png", PNG, "image/png")}
            response = self.url_open(path, data=form, files=files)
            return _answer(response, [record_id])
        outcome = entry_points.jsonrpc_route(self, path, params)
        return (
            outcome.kind,
            outcome.status,
            _normalise(outcome.message or "", [record_id]),
            _normalise(json.dumps(outcome.result, sort_keys=True), [record_id]),
        )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
    def test_chatter_routes_like_missing(self):
        """Test that every route taking a thread model and id (chatter, messages, attachments) answers a hidden kind's document like a missing id, token or not."""
        routes = self._thread_routes()
        paths = {path for path, _type, _required in routes}
        for expected in ("/mail/chatter_fetch", "/portal/chatter_init"):
            self.assertIn(expected, paths)
        for _xmlid, category, doc, _doc_b in self._installed_categories():
            if "message_ids" not in doc._fields:
                continue
            missing = self._missing_id(doc._name)
            token = doc.access_token if "access_token" in doc._fields else None
            self._hide(category, doc)
            for path, route_type, required in routes:
                for with_token in (None, token) if token else (None,):
                    with self.subTest(
                        kind=category.name, route=path, token=bool(with_token)
                    ):
                        got, expected = (
                            _normalise(
                                repr(
                                    self._call_thread_route(
                                        path,
                                        route_type,
                                        required,
                                        doc._name,
                                        record_id,
                                        with_token,
                                    )
                                ),
                                [doc.id, missing],
                            )
                            for record_id in (doc.id, missing)
                        )
                        self.assertBlocked(
                            got == expected,
                            f"{path} on {category.name} (hidden) answered "
                            f"{got[:300]}, a missing id {expected[:300]}",
                        )
            # nothing was posted or attached on the hidden document
            self.assertFalse(
                doc.message_ids.filtered(lambda m: m.author_id == self.contact_a)
            )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_attachment_routes_like_missing(self):
        """Test that /web/content and /web/image of a hidden kind's document's attachment answer like a missing attachment."""
        for _xmlid, category, doc, _doc_b in self._installed_categories():
            attachment = self.env["ir.attachment"].create(
                {
                    "name": "hidden.png",
                    "raw": PNG,
                    "res_model": doc._name,
                    "res_id": doc.id,
                    "mimetype": "image/png",
                }
            )
            missing = self._missing_id("ir.attachment")
            self._hide(category, doc)
            for route in (
                "/web/content/{}?download=true",
                "/web/image/{}",
                "/web/content/ir.attachment/{}/datas",
                f"/web/content/{doc._name}/{{}}/display_name",
            ):
                record_id = doc.id if "display_name" in route else attachment.id
                missing_id = (
                    self._missing_id(doc._name) if "display_name" in route else missing
                )
                with self.subTest(kind=category.name, route=route):
                    ids = [record_id, missing_id]
                    got = _answer(
                        self.url_open(route.format(record_id), allow_redirects=False),
                        ids,
                    )
                    expected = _answer(
                        self.url_open(route.format(missing_id), allow_redirects=False),
                        ids,
                    )
                    # /web/image answers a placeholder for a missing image
                    self.assertBlocked(
                        got == expected and (got[0] != 200 or "image" in route),
                        f"{route.format(record_id)} ({category.name} hidden) answered "
                        f"{got[:2]}, a missing one {expected[:2]}",
                    )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_rpc_read_like_missing(self):
        """Test that reading a hidden kind's document answers like a missing id, on every RPC entry point."""
        user = entry_points.rpc_user(self.env, self.user_a, PASSWORD, api_key=True)
        for _xmlid, category, doc, _doc_b in self._installed_categories():
            missing = self._missing_id(doc._name)
            self._hide(category, doc)
            for method, kwargs in (
                ("read", {"fields": ["display_name"]}),
                ("web_read", {"specification": {"display_name": {}}}),
            ):
                for entry_point in entry_points.ENTRY_POINTS:
                    with self.subTest(
                        kind=category.name, method=method, via=entry_point
                    ):
                        got, expected = (
                            entry_points.call(
                                self,
                                entry_point,
                                user,
                                doc._name,
                                method,
                                [[record_id]],
                                kwargs,
                            )
                            for record_id in (doc.id, missing)
                        )
                        self.assertBlocked(
                            entry_points.same_answer(got, expected, [doc.id, missing])
                            and not got.result,
                            f"{entry_point} {method} of {category.name} (hidden) "
                            f"{got} differs from a missing id's {expected}",
                            entry_point=entry_point,
                        )
