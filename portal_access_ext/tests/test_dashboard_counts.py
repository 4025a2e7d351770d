"""The /my dashboard: one entry per visible category with its real count,
computed by one COUNT query per category, whatever the number of documents."""

import re

from odoo import Command, fields, sql_db
from odoo.tests import HttpCase, tagged

from .readonly_common import ReadonlyPortalMixin

COUNTERS = [
    "quotation_count",
    "order_count",
    "rfq_count",
    "purchase_count",
    "invoice_count",
    "bill_count",
    "project_count",
    "task_count",
    "timesheet_count",
]


@tagged("post_install", "-at_install")
class TestDashboardCounts(ReadonlyPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_readonly_portal()

    def _add_invoices(self, company, count):
        product = self.env["product.product"].create(
            {"name": "Count lamp", "list_price": 10.0}
        )
        invoices = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": company.id,
                    "invoice_date": fields.Date.today(),
                    "invoice_line_ids": [
                        Command.create({"product_id": product.id, "price_unit": 10.0})
                    ],
                }
                for _i in range(count)
            ]
        )
        invoices.action_post()
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": company.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for _i in range(count)
            ]
        )
        orders.action_confirm()

    def _counters(self):
        before = sql_db.sql_counter
        values = self.make_jsonrpc_request("/my/counters", {"counters": COUNTERS})
        return values, sql_db.sql_counter - before

    def test_counters_are_real_counts(self):
        """Test that every counter gives the number of the customer's documents (stock caps orders at 1)."""
        self.authenticate(self.user_a.login, f"{self.user_a.login}-Pass-1234!")
        values, _queries = self._counters()
        self.assertEqual(
            values,
            {
                "quotation_count": 1,
                "order_count": 1,
                "rfq_count": 1,
                "purchase_count": 1,
                "invoice_count": 1,
                "bill_count": 1,
                "project_count": 1,
                "task_count": 1,
                "timesheet_count": 1,
            },
        )
        self._add_invoices(self.company_a, 4)
        self._add_invoices(self.company_b, 3)
        values, _queries = self._counters()
        self.assertEqual(values["invoice_count"], 5)
        self.assertEqual(values["order_count"], 5)
        # the count matches the documents the portal lists
        listing = self.url_open("/my/invoices?filterby=invoices")
        listed = set(re.findall(r"/my/invoices/(\d+)", listing.text))
        self.assertEqual(len(listed), 5)

    def test_counters_cost_does_not_grow_with_documents(self):
        """Test that /my/counters runs the same number of queries for 1 and for 30 documents."""
        self.authenticate(self.user_a.login, f"{self.user_a.login}-Pass-1234!")
        self._counters()  # warm the caches
        _values, few = self._counters()
        self._add_invoices(self.company_a, 30)
        self._counters()
        values, many = self._counters()
        self.assertEqual(values["invoice_count"], 31)
        self.assertEqual(few, many, "queries grow with the number of documents")
        # one COUNT per category, plus the expansion of the stock rules
        # child_of and the session/user lookups of any request
        self.assertLessEqual(many, 4 * len(COUNTERS), "queries per category")

    def test_home_shows_a_number_on_every_entry(self):
        """Test that /my renders every category entry with a visible count placeholder."""
        self.authenticate(self.user_a.login, f"{self.user_a.login}-Pass-1234!")
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        spans = re.findall(
            r'<span[^>]*data-placeholder_count="([a-z_]+)"[^>]*>', home.text
        )
        for counter in (
            "quotation_count",
            "order_count",
            "invoice_count",
            "task_count",
        ):
            self.assertIn(counter, spans)
        for span in re.findall(
            r'<span[^>]*data-placeholder_count="[a-z_]+"[^>]*>', home.text
        ):
            self.assertNotIn("d-none", span, span)
