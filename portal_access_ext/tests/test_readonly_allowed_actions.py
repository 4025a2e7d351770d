"""What a read-only portal member may still do: view, download PDFs, pay
(partially too), accept and sign a quotation, post a new message on their own
document, and the account self-service the portal calls over RPC."""

import base64
import io
import json
import re

from PIL import Image

from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .readonly_common import ReadonlyPortalMixin


def _signature():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


@tagged("post_install", "-at_install")
class TestReadonlyAllowedActions(ReadonlyPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_readonly_portal()
        cls.invoice = cls.docs_a["invoice"]
        cls.quotation = cls.docs_a["quotation"]

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_a.login, f"{self.user_a.login}-Pass-1234!")

    def test_view_and_download_pdf(self):
        """Test that a read-only member views and downloads its invoice and quotation."""
        page = self.url_open(f"/my/invoices/{self.invoice.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.invoice.name, page.text)
        for url in (
            f"/my/invoices/{self.invoice.id}?report_type=pdf&download=true",
            f"/my/orders/{self.quotation.id}?report_type=pdf&download=true",
        ):
            pdf = self.url_open(url)
            self.assertEqual(pdf.status_code, 200, url)
            self.assertEqual(pdf.headers["Content-Type"], "application/pdf", url)
            self.assertIn("attachment", pdf.headers["Content-Disposition"], url)

    def test_post_new_message_but_not_edit_it(self):
        """Test that a read-only member posts a message on its invoice and cannot edit or delete it."""
        result = self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "account.move",
                "thread_id": self.invoice.id,
                "post_data": {
                    "body": "When is the delivery?",
                    "message_type": "comment",
                },
            },
        )
        message = self.env["mail.message"].browse(result["message_id"])
        self.assertEqual(message.author_id, self.user_a.partner_id)
        self.assertIn("When is the delivery?", str(message.body))
        for update in ({"body": "Edited"}, {"body": "", "attachment_ids": []}):
            with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
                self.make_jsonrpc_request(
                    "/mail/message/update_content",
                    {"message_id": message.id, "update_data": update},
                )
        self.assertIn("When is the delivery?", str(message.body))
        # a plain portal user (not read-only) still edits its own messages
        self.readonly_group.sudo().write({"user_ids": [(3, self.user_a.id)]})
        self.make_jsonrpc_request(
            "/mail/message/update_content",
            {"message_id": message.id, "update_data": {"body": "Edited"}},
        )
        self.assertIn("Edited", str(message.body))

    def test_accept_and_sign_quotation(self):
        """Test that a read-only member accepts and signs its quotation."""
        self.quotation.require_signature = True
        result = self.make_jsonrpc_request(
            f"/my/orders/{self.quotation.id}/accept",
            {
                "access_token": self.quotation.access_token,
                "name": "Acme Ro Contact 0",
                "signature": _signature(),
            },
        )
        self.assertNotIn("error", result)
        self.assertEqual(self.quotation.state, "sale")
        self.assertEqual(self.quotation.signed_by, "Acme Ro Contact 0")

    def test_partial_payment_of_invoice(self):
        """Test that a read-only member pays part of its invoice with the demo provider."""
        provider = self.env.ref("payment.payment_provider_demo")
        provider.write({"state": "test", "is_published": True})
        method = self.env.ref("payment_demo.payment_method_demo")
        half = self.invoice.amount_total / 2
        processing = self.make_jsonrpc_request(
            f"/invoice/transaction/{self.invoice.id}",
            {
                "access_token": self.invoice._portal_ensure_token(),
                "provider_id": provider.id,
                "payment_method_id": method.id,
                "token_id": None,
                "amount": half,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": self.invoice.get_portal_url(),
            },
        )
        tx = self.env["payment.transaction"].search(
            [("reference", "=", processing["reference"])]
        )
        self.assertEqual(tx.invoice_ids, self.invoice)
        self.assertAlmostEqual(tx.amount, half)
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {
                "reference": tx.reference,
                "payment_details": "4242",
                "simulated_state": "done",
            },
        )
        self.assertEqual(tx.state, "done")
        tx._post_process()
        self.assertAlmostEqual(
            self.invoice.amount_residual, self.invoice.amount_total - half
        )

    def test_account_self_service_rpc_still_works(self):
        """Test that the portal's own call_kw (2FA, API keys, sessions) works for a read-only member."""
        action = self.make_jsonrpc_request(
            "/web/dataset/call_kw/res.users/action_totp_enable_wizard",
            {
                "model": "res.users",
                "method": "action_totp_enable_wizard",
                "args": [[self.user_a.id]],
                "kwargs": {},
            },
        )
        # the identity check (password prompt) comes first, as in stock
        self.assertEqual(action["res_model"], "res.users.identitycheck")
        # own preferences through RPC, within SELF_WRITEABLE_FIELDS
        self.make_jsonrpc_request(
            "/web/dataset/call_kw/res.users/write",
            {
                "model": "res.users",
                "method": "write",
                "args": [[self.user_a.id], {"tz": "Europe/Brussels"}],
                "kwargs": {},
            },
        )
        self.assertEqual(self.user_a.tz, "Europe/Brussels")

    def test_own_address_still_editable(self):
        """Test that a read-only member still changes its own address on /my/account."""
        page = self.url_open("/my/account")
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        partner = self.user_a.partner_id
        answer = self.url_open(
            "/my/address/submit",
            data={
                "csrf_token": csrf,
                "partner_id": partner.id,
                "name": partner.name,
                "email": partner.email,
                "phone": "+32 2 555 00 00",
                "street": "1 Quay Street",
                "city": "Brussels",
                "zip": "1000",
                "country_id": self.env.ref("base.be").id,
            },
        )
        self.assertEqual(answer.status_code, 200)
        self.assertNotIn("error", json.loads(answer.text), answer.text)
        self.assertEqual(partner.street, "1 Quay Street")
        self.assertEqual(partner.city, "Brussels")
