"""Per-customer visibility of the document categories: all available ones by
default, a company's choice applying to its contacts, a contact's own choice
first; a hidden category is gone from /my, its list pages answer 404, its
documents answer like missing ones and cannot be read."""

from collections import Counter

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import queries_on
from .readonly_common import ReadonlyPortalMixin


@tagged("post_install", "-at_install")
class TestCategoryVisibility(ReadonlyPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_readonly_portal()
        cls.Category = cls.env["portal.document.category"]
        cls.sales = cls.categories["sale_quotation"] | cls.categories["sale_order"]

    def _counters(self, *names):
        return self.make_jsonrpc_request("/my/counters", {"counters": list(names)})

    def test_default_is_every_available_category(self):
        """Test that a contact without any choice sees every available category."""
        available = self.Category._get_available_categories()
        self.assertEqual(self.contact_a._get_portal_visible_categories(), available)
        self.assertEqual(self.contact_a.portal_visible_category_ids, available)

    def test_company_choice_applies_to_contacts_and_contact_overrides(self):
        """Test that a company's choice applies to its contacts unless a contact has its own."""
        self.company_a.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [Command.set(self.sales.ids)],
            }
        )
        self.assertEqual(self.contact_a._get_portal_visible_categories(), self.sales)
        invoices = self.categories["account_invoice"]
        self.contact_a.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [Command.set(invoices.ids)],
            }
        )
        self.assertEqual(self.contact_a._get_portal_visible_categories(), invoices)
        # other customers are untouched
        self.assertEqual(
            self.contact_b._get_portal_visible_categories(),
            self.Category._get_available_categories(),
        )

    def test_hidden_category_gone_from_portal_and_rpc(self):
        """Test that a hidden category answers 404, counts 0 and cannot be read by RPC."""
        self.authenticate(self.user_a.login, f"{self.user_a.login}-Pass-1234!")
        invoice = self.docs_a["invoice"]
        self.assertEqual(self.url_open("/my/invoices").status_code, 200)
        self.assertEqual(self._counters("invoice_count")["invoice_count"], 1)
        # the company shows only sales documents
        self.company_a.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [Command.set(self.sales.ids)],
            }
        )
        with mute_logger("odoo.http"):
            self.assertEqual(self.url_open("/my/invoices").status_code, 404)
            self.assertEqual(
                self.url_open(f"/my/invoices/{invoice.id}").status_code, 404
            )
            self.assertEqual(self.url_open("/my/projects").status_code, 404)
        self.assertEqual(self.url_open("/my/orders").status_code, 200)
        counters = self._counters("invoice_count", "bill_count", "order_count")
        self.assertEqual(
            counters, {"invoice_count": 0, "bill_count": 0, "order_count": 1}
        )
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertNotIn('data-placeholder_count="invoice_count"', home.text)
        self.assertNotIn('data-placeholder_count="bill_count"', home.text)
        self.assertIn('data-placeholder_count="order_count"', home.text)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            invoice.with_user(self.user_a).read(["name"])
        with self.assertRaises(Exception) as caught, mute_logger("odoo.http"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/account.move/read",
                {
                    "model": "account.move",
                    "method": "read",
                    "args": [[invoice.id], ["name"]],
                    "kwargs": {},
                },
            )
        self.assertIn("AccessError", str(caught.exception))
        # the sales documents stay readable
        self.assertTrue(self.docs_a["order"].with_user(self.user_a).read(["name"]))

    def test_hidden_category_sharing_a_model(self):
        """Test that hiding quotations hides them while orders of the same model stay readable."""
        self.company_a.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [Command.set(self.categories["sale_order"].ids)],
            }
        )
        quotation = self.docs_a["quotation"].with_user(self.user_a)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            quotation.read(["name"])
        self.assertEqual(
            self.env["sale.order"].with_user(self.user_a).search([]),
            self.docs_a["order"],
        )
        self.authenticate(self.user_a.login, f"{self.user_a.login}-Pass-1234!")
        with mute_logger("odoo.http"):
            self.assertEqual(self.url_open("/my/quotes").status_code, 404)
        self.assertEqual(self.url_open("/my/orders").status_code, 200)
        counters = self._counters("quotation_count", "order_count")
        self.assertEqual(counters, {"quotation_count": 0, "order_count": 1})

    def test_visibility_applies_to_plain_portal_users_too(self):
        """Test that a portal user outside the read-only group also loses a hidden category."""
        self.company_b.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [Command.set(self.sales.ids)],
            }
        )
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.docs_b["invoice"].with_user(self.user_b).read(["name"])
        self.company_b.write({"portal_category_restrict": False})
        self.assertTrue(self.docs_b["invoice"].with_user(self.user_b).read(["name"]))

    def test_admin_edits_visibility_on_contact_form(self):
        """Test that the contact form shows the visibility fields to an administrator."""
        view = self.env.ref("portal_access_ext.res_partner_view_form")
        self.assertIn("portal_category_ids", view.arch_db)
        arch = self.env["res.partner"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn('name="portal_category_restrict"', arch)

    def _make_invoice(self, partner):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [
                    Command.create({"name": "Ro line", "quantity": 1, "price_unit": 9})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_new_contact_of_a_portal_company_is_seen_at_once(self):
        """Test that a contact added to (or moved out of) a company with a portal
        user changes that user's documents at once without clearing any cache."""
        if "account.move" not in self.env:
            self.skipTest("account is not installed")
        Partner = self.env["res.partner"]
        Move = self.env["account.move"].with_user(self.user_a)
        Move.search([])  # warm the rules
        registry = self.env.registry
        registry.cache_invalidated.clear()
        newcomer = Partner.create(
            {"name": "Acme Ro Newcomer", "parent_id": self.company_a.id}
        )
        invoice = self._make_invoice(newcomer)
        self.assertIn(invoice, Move.search([]))
        lone_company = Partner.create({"name": "No Portal Co", "is_company": True})
        newcomer.parent_id = lone_company
        self.env.flush_all()
        self.assertNotIn(invoice, Move.search([]))
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models"):
            invoice.with_user(self.user_a).read(["name"])
        self.assertFalse(registry.cache_invalidated)

    def test_visibility_change_clears_no_cache(self):
        """Test that a visibility change applies at once without clearing any cache."""
        if "account.move" not in self.env:
            self.skipTest("account is not installed")
        invoice = self.docs_a["invoice"].with_user(self.user_a)
        invoice.read(["name"])  # warm the rules
        registry = self.env.registry
        registry.cache_invalidated.clear()
        self.company_a.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [Command.set(self.sales.ids)],
            }
        )
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models"):
            invoice.read(["name"])
        self.company_a.write({"portal_category_restrict": False})
        self.assertTrue(invoice.read(["name"]))
        self.assertFalse(registry.cache_invalidated)

    def test_cached_rule_names_the_company_not_its_contacts(self):
        """Test that the cached read rule holds the commercial entity, not the contact list."""
        if "account.move" not in self.env:
            self.skipTest("account is not installed")
        Rule = self.env["ir.rule"].with_user(self.user_a)
        before = repr(Rule._compute_domain("account.move", "read"))
        self.env["res.partner"].create(
            [
                {"name": f"Acme Ro Extra {i}", "parent_id": self.company_a.id}
                for i in range(30)
            ]
        )
        self.assertEqual(repr(Rule._compute_domain("account.move", "read")), before)
        self.assertIn("('partner_id', 'any', [('commercial_partner_id'", before)
        self.assertNotIn("('partner_id', 'in'", before)

    def test_rules_and_rights_cached_once_per_user(self):
        """Test that a portal user's rules and rights take one cache entry each, as stock's, not two."""
        if "account.move" not in self.env:
            self.skipTest("account is not installed")
        self.docs_a["invoice"].with_user(self.user_a).read(["name"])
        entries = Counter()
        for key in self.env.registry._Registry__caches["default"].snapshot:
            name = key[1].__qualname__
            if name == "IrRule._compute_domain" and key[2:5] == (
                self.user_a.id,
                False,
                "account.move",
            ):
                entries[name, key[5]] += 1
            elif name == "IrModelAccess._get_allowed_models" and key[2:3] == (
                self.user_a.id,
            ):
                entries[name, key[3]] += 1
        self.assertEqual(entries[("IrRule._compute_domain", "read")], 1)
        self.assertEqual(entries[("IrModelAccess._get_allowed_models", "read")], 1)
        self.assertEqual(set(entries.values()), {1})

    @mute_logger("odoo.http")
    def test_hidden_kind_on_shared_list_page(self):
        """Test that with Invoices hidden and Bills shown, /my/invoices lists bills only and invoice pages answer like missing ones."""
        if "account.move" not in self.env:
            self.skipTest("account is not installed")
        self.authenticate(self.user_a.login, f"{self.user_a.login}-Pass-1234!")
        invoice, bill = self.docs_a["invoice"], self.docs_a["bill"]
        self.company_a.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [
                    Command.set(
                        (
                            self.Category._get_available_categories()
                            - self.categories["account_invoice"]
                        ).ids
                    )
                ],
            }
        )
        listing = self.url_open("/my/invoices")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(bill.name, listing.text)
        self.assertNotIn(invoice.name, listing.text)
        self.assertEqual(self.url_open("/my/invoices?filterby=bills").status_code, 200)
        # a hidden kind's filter answers like an unknown one, its document
        # like a missing id (tests/test_hidden_like_missing.py for every route)
        self.assertEqual(
            self.url_open("/my/invoices?filterby=invoices").status_code,
            self.url_open("/my/invoices?filterby=no_such_filter").status_code,
        )
        self.assertNotEqual(
            self.url_open("/my/invoices?filterby=invoices").status_code, 200
        )
        hidden = self.url_open(f"/my/invoices/{invoice.id}", allow_redirects=False)
        missing = self.url_open(
            f"/my/invoices/{invoice.id + 100000}", allow_redirects=False
        )
        self.assertEqual(
            (hidden.status_code, hidden.headers.get("Location")),
            (missing.status_code, missing.headers.get("Location")),
        )
        self.assertNotEqual(hidden.status_code, 200)
        self.assertEqual(self.url_open(f"/my/invoices/{bill.id}").status_code, 200)

    def test_list_filters_read_no_category_rows(self):
        """Test that /my/invoices, once warm, runs no query on the document categories to pick its filters (stock's page plus nothing), whether a kind is hidden or not."""
        if "account.move" not in self.env:
            self.skipTest("account is not installed")
        self.authenticate(self.user_a.login, f"{self.user_a.login}-Pass-1234!")
        # every kind visible: nothing to read
        self.url_open("/my/invoices")
        with queries_on("portal_document_category") as queries:
            self.assertEqual(self.url_open("/my/invoices").status_code, 200)
        self.assertEqual(queries, [])
        # a kind hidden: the customer's choice is read, but no filter looks its
        # category up (env.ref() checked each one's existence in SQL)
        self._hide_categories("account_bill")
        self.url_open("/my/invoices")
        with queries_on("portal_document_category") as queries:
            self.assertEqual(self.url_open("/my/invoices").status_code, 200)
        lookups = [
            query
            for query in queries
            if query.startswith(
                'SELECT "portal_document_category"."id" FROM "portal_document_category"'
            )
        ]
        self.assertEqual(lookups, [])

    def _hide_categories(self, *xmlids):
        self.company_a.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [
                    Command.set(
                        (
                            self.Category._get_available_categories()
                            - self.Category.union(
                                *(self.categories[xmlid] for xmlid in xmlids)
                            )
                        ).ids
                    )
                ],
            }
        )

    @mute_logger("odoo.http")
    def test_hidden_kind_gone_from_list_filters(self):
        """Test that the filters of /my/invoices offer only the visible kinds and a hidden kind's filter answers like an unknown one."""
        if "account.move" not in self.env:
            self.skipTest("account is not installed")
        self.authenticate(self.user_a.login, f"{self.user_a.login}-Pass-1234!")
        listing = self.url_open("/my/invoices")
        for key in ("invoices", "overdue_invoices", "bills"):
            self.assertIn(f"filterby={key}", listing.text)
        for hidden, shown in (
            ("account_invoice", ("bills",)),
            ("account_bill", ("invoices", "overdue_invoices")),
        ):
            self._hide_categories(hidden)
            listing = self.url_open("/my/invoices")
            self.assertEqual(listing.status_code, 200)
            gone = {"invoices", "overdue_invoices", "bills"} - set(shown)
            for key in shown:
                self.assertIn(f"filterby={key}", listing.text)
                self.assertEqual(
                    self.url_open(f"/my/invoices?filterby={key}").status_code, 200
                )
            for key in gone:
                self.assertNotIn(f"filterby={key}", listing.text)
                for path in ("/my/invoices", "/my/invoices/page/2"):
                    status = self.url_open(f"{path}?filterby={key}").status_code
                    self.assertNotEqual(status, 200)
                    self.assertEqual(
                        status,
                        self.url_open(f"{path}?filterby=no_such_filter").status_code,
                    )
