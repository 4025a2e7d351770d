"""A customer with documents in two of the vendor's companies (odoo/odoo#226136):
its portal user, member of both companies, sees the documents of both on the
portal pages (with the website app too, which narrows a request to the
website's company) and over RPC, none of another customer's, and writes none
when read-only."""

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from . import entry_points
from .common import make_company_with_contacts, make_portal_user
from .security_cases import SecurityCaseMixin

SECOND_COMPANY = "Harbor Lights Europe"


@tagged("post_install", "-at_install")
class TestMultiCompanyPortal(SecurityCaseMixin, HttpCase):
    security_family = "Isolation"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.harbor = env["res.company"].search([("name", "=", SECOND_COMPANY)], limit=1)
        if not cls.harbor or "sale.order" not in env or "account.move" not in env:
            cls.skip_reason = (
                f"needs the second company {SECOND_COMPANY!r}, sale and account "
                "(the web database profile)"
            )
            return
        cls.skip_reason = None
        cls.main = env.ref("base.main_company")
        if not env["account.journal"].search_count(
            [("company_id", "=", cls.harbor.id), ("type", "=", "sale")]
        ):
            env["account.chart.template"].try_loading(
                "generic_coa", cls.harbor, install_demo=False
            )
        both = [Command.set((cls.main | cls.harbor).ids)]
        cls.customers, cls.users, cls.orders, cls.invoices = {}, {}, {}, {}
        product = env["product.product"].create(
            {"name": "Mc lamp", "list_price": 10.0, "type": "consu", "taxes_id": False}
        )
        for tag in ("a", "b"):
            company, contact = make_company_with_contacts(env, f"Mc {tag}", 1)
            cls.customers[tag] = company
            cls.users[tag] = make_portal_user(
                env,
                f"mc.portal.{tag}@example.com",
                partner=contact,
                company_id=cls.main.id,
                company_ids=both,
            )
            cls.orders[tag] = env["sale.order"]
            cls.invoices[tag] = env["account.move"]
            for vendor in cls.main | cls.harbor:
                order = (
                    env["sale.order"]
                    .with_company(vendor)
                    .create(
                        {
                            "partner_id": company.id,
                            "company_id": vendor.id,
                            "order_line": [
                                Command.create(
                                    {"product_id": product.id, "product_uom_qty": 1}
                                )
                            ],
                        }
                    )
                )
                order.action_confirm()
                invoice = (
                    env["account.move"]
                    .with_company(vendor)
                    .create(
                        {
                            "move_type": "out_invoice",
                            "partner_id": company.id,
                            "company_id": vendor.id,
                            "invoice_date": fields.Date.today(),
                            "invoice_line_ids": [
                                Command.create(
                                    {
                                        "name": f"Mc work {tag}",
                                        "quantity": 1,
                                        "price_unit": 100.0,
                                        "tax_ids": False,
                                    }
                                )
                            ],
                        }
                    )
                )
                invoice.action_post()
                cls.orders[tag] |= order
                cls.invoices[tag] |= invoice

    def setUp(self):
        super().setUp()
        if self.skip_reason:
            self.skipTest(self.skip_reason)

    def _password(self, tag):
        return f"{self.users[tag].login}-Pass-1234!"

    def test_documents_of_both_companies_on_portal_pages(self):
        """Test that /my/orders and /my/invoices list the customer's documents of both companies and none of another customer's."""
        self.assertEqual(self.orders["a"].company_id, self.main | self.harbor)
        self.authenticate(self.users["a"].login, self._password("a"))
        for url, mine, theirs in (
            ("/my/orders", self.orders["a"], self.orders["b"]),
            ("/my/invoices", self.invoices["a"], self.invoices["b"]),
        ):
            page = self.url_open(url)
            self.assertEqual(page.status_code, 200)
            for document in mine:
                self.assertIn(
                    document.name, page.text, f"{url}: {document.company_id.name}"
                )
            for document in theirs:
                self.assertBlocked(
                    document.name not in page.text,
                    f"{url} lists another customer's {document.name}",
                    entry_point="web",
                )
        for document in [*self.orders["a"], *self.invoices["a"]]:
            path = "orders" if document._name == "sale.order" else "invoices"
            self.assertEqual(
                self.url_open(f"/my/{path}/{document.id}").status_code, 200
            )
        with mute_logger("odoo.http"):
            for document in [*self.orders["b"], *self.invoices["b"]]:
                path = "orders" if document._name == "sale.order" else "invoices"
                res = self.url_open(f"/my/{path}/{document.id}", allow_redirects=False)
                self.assertBlocked(
                    res.status_code != 200 and document.name not in res.text,
                    f"another customer's {document.name}: {res.status_code}",
                    entry_point="web",
                )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
    def test_documents_of_both_companies_over_rpc(self):
        """Test that every RPC entry point reads the customer's documents of both companies and none of another customer's."""
        user = entry_points.rpc_user(
            self.env, self.users["a"], self._password("a"), api_key=True
        )
        for model, mine, theirs in (
            ("sale.order", self.orders["a"], self.orders["b"]),
            ("account.move", self.invoices["a"], self.invoices["b"]),
        ):
            for entry_point in entry_points.ENTRY_POINTS:
                if entry_point == "call_button":
                    continue  # buttons only, no search
                with self.subTest(model=model, via=entry_point):
                    outcome = entry_points.call(
                        self,
                        entry_point,
                        user,
                        model,
                        "search_read",
                        [],
                        {"domain": [], "fields": ["name"]},
                    )
                    self.assertEqual(outcome.kind, "ok", outcome)
                    names = {row["name"] for row in outcome.result}
                    self.assertEqual(
                        names & set(mine.mapped("name")), set(mine.mapped("name"))
                    )
                    self.assertBlocked(
                        not names & set(theirs.mapped("name")),
                        f"{entry_point} {model} search_read: another customer's {names}",
                        entry_point=entry_point,
                    )
                    outcome = entry_points.call(
                        self,
                        entry_point,
                        user,
                        model,
                        "read",
                        [theirs[-1:].ids],
                        {"fields": ["name"]},
                    )
                    self.assertBlocked(
                        outcome.kind in ("access", "missing"),
                        f"{entry_point} {model} read of the other company's document of another customer: {outcome}",
                        entry_point=entry_point,
                    )

    @mute_logger(
        "odoo.http",
        "odoo.addons.base.models.ir_rule",
        "odoo.models",
        "odoo.addons.base.models.ir_model",
    )
    def test_readonly_user_writes_nothing_in_either_company(self):
        """Test that a read-only member writes none of its documents of either company over any RPC entry point."""
        self.users["a"].group_ids = [
            Command.link(self.env.ref("portal_access_ext.group_portal_readonly").id)
        ]
        user = entry_points.rpc_user(
            self.env, self.users["a"], self._password("a"), api_key=True
        )
        for document in [*self.orders["a"], *self.invoices["a"]]:
            before = document.read(
                ["client_order_ref" if document._name == "sale.order" else "ref"]
            )
            field = "client_order_ref" if document._name == "sale.order" else "ref"
            for entry_point in ("call_kw", "jsonrpc", "xmlrpc", "json2"):
                with self.subTest(document=document.name, via=entry_point):
                    outcome = entry_points.call(
                        self,
                        entry_point,
                        user,
                        document._name,
                        "write",
                        [document.ids],
                        {"vals": {field: "changed by the portal"}},
                    )
                    document.invalidate_recordset()
                    self.assertBlocked(
                        outcome.kind == "access" and document.read([field]) == before,
                        f"{entry_point} write on {document.name} ({document.company_id.name}): {outcome}",
                        family="Writes",
                        entry_point=entry_point,
                    )

    def test_assigned_lead_of_the_other_company_opens(self):
        """Test that the customer's opportunity of the website's other company opens on its portal page (a record argument of the route)."""
        if "partner_assigned_id" not in self.env["crm.lead"]._fields:
            self.skipTest("website_crm_partner_assign is not installed")
        lead_a, lead_b = (
            self.env["crm.lead"]
            .with_company(self.harbor)
            .create(
                [
                    {
                        "name": f"Mc harbor opportunity {tag}",
                        "type": "opportunity",
                        "company_id": self.harbor.id,
                        # the customer's own opportunity (the addon's
                        # category), assigned to it as a reseller too
                        "partner_id": self.customers[tag].id,
                        "partner_assigned_id": self.customers[tag].id,
                    }
                    for tag in ("a", "b")
                ]
            )
        )
        self.authenticate(self.users["a"].login, self._password("a"))
        page = self.url_open(f"/my/opportunity/{lead_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(lead_a.name, page.text)
        with mute_logger("odoo.http"):
            res = self.url_open(f"/my/opportunity/{lead_b.id}", allow_redirects=False)
        self.assertBlocked(
            res.status_code != 200 and lead_b.name not in res.text,
            f"another customer's lead of the other company: {res.status_code}",
            entry_point="web",
        )
