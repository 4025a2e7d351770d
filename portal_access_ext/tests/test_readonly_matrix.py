"""The read-only matrix: customer A's read-only portal user x {A's, B's
document} x {read, create, write, unlink} x {ORM, JSON-RPC call_kw, portal URL},
for every category whose app is installed in the test database."""

import xmlrpc.client

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .readonly_common import ReadonlyPortalMixin
from .security_cases import SecurityCaseMixin

MISSING_ID = 987654321
RPC_FAULT_CODE_ACCESS_ERROR = 4  # odoo.addons.rpc: AccessError

# detail page of a document, per model (timesheets and leads have none)
DETAIL_URLS = {
    "sale.order": "/my/orders/%s",
    "purchase.order": "/my/purchase/%s",
    "account.move": "/my/invoices/%s",
    "project.project": "/my/projects/%s",
    "project.task": "/my/tasks/%s",
}

# values a customer could try to change on each model
WRITE_VALUES = {
    "sale.order": {"client_order_ref": "hacked"},
    "purchase.order": {"partner_ref": "hacked"},
    "account.move": {"ref": "hacked"},
    "project.project": {"name": "hacked"},
    "project.task": {"name": "hacked"},
    "account.analytic.line": {"unit_amount": 99.0},
    "crm.lead": {"name": "hacked"},
}


@tagged("post_install", "-at_install")
class TestReadonlyMatrix(ReadonlyPortalMixin, SecurityCaseMixin, HttpCase):
    security_family = "Isolation"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_readonly_portal()
        # models stock Odoo lets portal users read at all (not timesheets, read
        # with sudo by their portal page, nor crm.lead without
        # website_crm_partner_assign): as seen by B, a plain portal user
        cls.stock_readable = {
            category.model
            for category in cls.categories.values()
            if category.is_available
            and cls.env[category.model].with_user(cls.user_b).has_access("read")
        }

    def _rpc(self, model, method, args, kwargs=None):
        """call_kw as the logged-in user: (result, error name, error message)."""
        response = self.opener.post(
            f"{self.base_url()}/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            },
            timeout=30,
        )
        self.assertEqual(response.status_code, 200)
        payload = response.json()
        if "error" in payload:
            data = payload["error"]["data"]
            return None, data["name"], data["message"]
        return payload["result"], None, None

    def test_orm_matrix(self):
        """Test every ORM cell: A reads its own, nothing else is allowed."""
        self.security_entry_point = "orm"
        categories = self._installed_categories()
        self.assertGreaterEqual(len(categories), 9, "all Community apps are installed")
        for xmlid, category, doc_a, doc_b in categories:
            model = category.model
            Model = self.env[model].with_user(self.user_a)
            with self.subTest(category=xmlid), mute_logger("odoo.addons.base.models"):
                # read: own documents readable (where stock lets portal read)
                if model in self.stock_readable:
                    self.assertEqual(
                        Model.browse(doc_a.id).read(["display_name"])[0]["id"], doc_a.id
                    )
                    self.assertIn(
                        doc_a, Model.search([("id", "in", (doc_a | doc_b).ids)])
                    )
                else:
                    with self.assertRaises(AccessError):
                        Model.browse(doc_a.id).read(["display_name"])
                # read: B's document is neither readable nor searchable
                with self.assertRaises(AccessError):
                    Model.browse(doc_b.id).read(["display_name"])
                if model in self.stock_readable:
                    self.assertBlocked(
                        not Model.search([("id", "=", doc_b.id)]),
                        f"{xmlid}: A finds B's document",
                    )
                else:
                    with self.assertRaises(AccessError):
                        Model.search([("id", "=", doc_b.id)])
                # create / write / unlink: refused on A's and B's documents
                with self.assertRaises(AccessError):
                    Model.create({"name": "hack"} if "name" in Model._fields else {})
                for doc in (doc_a, doc_b):
                    with self.assertRaises(AccessError):
                        Model.browse(doc.id).write(WRITE_VALUES[model])
                    with self.assertRaises(AccessError):
                        Model.browse(doc.id).unlink()
                    self.assertBlocked(
                        doc.exists(), f"{xmlid}: {doc} deleted", family="Writes"
                    )
                self.assertBlocked(
                    all(
                        doc[field] != value
                        for doc in (doc_a, doc_b)
                        for field, value in WRITE_VALUES[model].items()
                    ),
                    f"{xmlid}: a document was changed",
                    family="Writes",
                )

    def test_rpc_matrix(self):
        """Test every call_kw cell, B's document answering like a missing one."""
        self.security_entry_point = "call_kw"
        self.authenticate(self.user_a.login, f"{self.user_a.login}-Pass-1234!")
        for xmlid, category, doc_a, doc_b in self._installed_categories():
            model = category.model
            with self.subTest(category=xmlid):
                # read
                result, error, _msg = self._rpc(
                    model, "read", [[doc_a.id], ["display_name"]]
                )
                if model in self.stock_readable:
                    self.assertIsNone(error)
                    self.assertEqual(result[0]["id"], doc_a.id)
                else:
                    self.assertEqual(error, "odoo.exceptions.AccessError")
                _r, error_b, msg_b = self._rpc(
                    model, "read", [[doc_b.id], ["display_name"]]
                )
                _r, error_m, msg_m = self._rpc(
                    model, "read", [[MISSING_ID], ["display_name"]]
                )
                self.assertIsNotNone(error_b)
                self.assertBlocked(
                    (error_b, msg_b.replace(f"({doc_b.id},)", "(ID,)"))
                    == (error_m, msg_m.replace(f"({MISSING_ID},)", "(ID,)")),
                    f"{xmlid}: reading B's document ({error_b}: {msg_b}) does not "
                    f"answer like a missing one ({error_m}: {msg_m})",
                )
                # create
                _r, error, _msg = self._rpc(model, "create", [{"name": "hack"}])
                self.assertBlocked(
                    error == "odoo.exceptions.AccessError",
                    f"{xmlid}: RPC create {error}",
                    family="Writes",
                )
                # write / unlink: the same AccessError for A's, B's and a missing id
                for method, args in (
                    ("write", WRITE_VALUES[model]),
                    ("web_save", WRITE_VALUES[model]),
                    ("unlink", None),
                ):
                    answers = set()
                    for record_id in (doc_a.id, doc_b.id, MISSING_ID):
                        call_args = [[record_id], args] if args else [[record_id]]
                        kwargs = {"specification": {}} if method == "web_save" else {}
                        _r, error, msg = self._rpc(model, method, call_args, kwargs)
                        answers.add((error, msg))
                    self.assertBlocked(
                        len(answers) == 1
                        and next(iter(answers))[0] == "odoo.exceptions.AccessError",
                        f"{xmlid}: RPC {method} answers {answers}",
                        family="Writes",
                    )
        for doc in [d for _x, _c, a, b in self._installed_categories() for d in (a, b)]:
            self.assertTrue(doc.exists())
            for field, value in WRITE_VALUES[doc._name].items():
                self.assertNotEqual(doc[field], value)

    def test_portal_url_matrix(self):
        """Test every portal page: A's opens, B's answers like a missing id."""
        self.authenticate(self.user_a.login, f"{self.user_a.login}-Pass-1234!")
        for xmlid, category, doc_a, doc_b in self._installed_categories():
            url = DETAIL_URLS.get(category.model)
            with self.subTest(category=xmlid):
                if category.route:
                    listing = self.url_open(category.route)
                    if (
                        category.model in self.stock_readable
                        and xmlid != "crm_opportunity"
                    ):
                        self.assertEqual(listing.status_code, 200, category.route)
                if not url:
                    continue
                own = self.url_open(url % doc_a.id, allow_redirects=False)
                self.assertEqual(own.status_code, 200, f"{xmlid}: A's own page")
                other = self.url_open(url % doc_b.id, allow_redirects=False)
                missing = self.url_open(url % MISSING_ID, allow_redirects=False)
                self.assertBlocked(
                    (other.status_code, other.headers.get("Location"))
                    == (missing.status_code, missing.headers.get("Location")),
                    f"{xmlid}: B's page answers {other.status_code} "
                    f"{other.headers.get('Location')}, a missing one "
                    f"{missing.status_code} {missing.headers.get('Location')}",
                )
                self.assertNotIn(doc_b.display_name, other.text)

    def test_portal_url_writes(self):
        """Test that the stock portal routes writing with sudo refuse read-only users."""
        self.authenticate(self.user_a.login, f"{self.user_a.login}-Pass-1234!")
        purchase = self.docs_a["purchase"]
        line = purchase.order_line[:1]
        before = line.date_planned
        for order in (purchase, self.docs_b["purchase"]):
            with self.assertRaises(Exception) as caught, mute_logger("odoo.http"):
                self.make_jsonrpc_request(
                    f"/my/purchase/{order.id}/update",
                    {
                        "access_token": order._portal_ensure_token(),
                        str(line.id): "2031-01-15",
                    },
                )
            self.assertIn("AccessError", str(caught.exception))
        self.assertBlocked(
            line.date_planned == before, "planned date changed", family="Writes"
        )
        quotation = self.docs_a["quotation"]
        option_line = quotation.order_line[:1]
        qty = option_line.product_uom_qty
        with self.assertRaises(Exception) as caught, mute_logger("odoo.http"):
            self.make_jsonrpc_request(
                f"/my/orders/{quotation.id}/update_line_dict",
                {
                    "line_id": option_line.id,
                    "access_token": quotation.access_token,
                    "input_quantity": 7,
                },
            )
        self.assertIn("AccessError", str(caught.exception))
        self.assertBlocked(
            option_line.product_uom_qty == qty,
            "quotation line changed",
            family="Writes",
        )

    def test_xmlrpc_refuses_changes(self):
        """Test that the external XML-RPC API refuses every change and B's documents."""
        self.security_entry_point = "xmlrpc"
        password = f"{self.user_a.login}-Pass-1234!"
        db = self.env.cr.dbname

        def rpc(service, method, *params):
            # through the test opener: the test server refuses foreign requests
            response = self.opener.post(
                f"{self.base_url()}/xmlrpc/2/{service}",
                data=xmlrpc.client.dumps(params, methodname=method, allow_none=True),
                headers={"Content-Type": "text/xml"},
                timeout=30,
            )
            self.assertEqual(response.status_code, 200)
            return xmlrpc.client.loads(response.text)[0][0]

        uid = rpc("common", "authenticate", db, self.user_a.login, password, {})
        self.assertEqual(uid, self.user_a.id)

        def call(model, method, *args):
            return rpc(
                "object", "execute_kw", db, uid, password, model, method, list(args)
            )

        for xmlid, category, doc_a, doc_b in self._installed_categories():
            model = category.model
            with (
                self.subTest(category=xmlid),
                mute_logger("odoo.http", "odoo.addons.base.models"),
            ):
                for method, args in (
                    ("write", ([doc_a.id], WRITE_VALUES[model])),
                    ("write", ([doc_b.id], WRITE_VALUES[model])),
                    ("unlink", ([doc_a.id],)),
                    ("create", ({"name": "hack"},)),
                ):
                    with self.assertRaises(xmlrpc.client.Fault) as caught:
                        call(model, method, *args)
                    self.assertBlocked(
                        caught.exception.faultCode == RPC_FAULT_CODE_ACCESS_ERROR,
                        f"{xmlid}: XML-RPC {method} answered {caught.exception.faultString[:200]}",
                        family="Writes",
                    )
                if model in self.stock_readable:
                    self.assertEqual(call(model, "search", [("id", "=", doc_b.id)]), [])
                    self.assertEqual(
                        call(model, "search", [("id", "=", doc_a.id)]), [doc_a.id]
                    )
