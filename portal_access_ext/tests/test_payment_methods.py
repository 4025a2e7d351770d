from lxml import html

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import make_portal_user

PASSWORD = "Payment-Customer-Pass-1!"


def _by_class(tree, tag, css_class):
    return tree.xpath(f"//{tag}[contains(concat(' ', @class, ' '), ' {css_class} ')]")


@tagged("post_install", "-at_install")
class TestPaymentMethods(HttpCase):
    """Saved payment methods on /my/payment_method, with Odoo's Demo provider."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = cls.env["payment.provider"].search(
            [("code", "=", "demo"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.provider.write(
            {
                "name": "Demo Gateway",
                "state": "test",
                "is_published": True,
                "allow_tokenization": True,
            }
        )
        cls.payment_method = cls.env.ref("payment_demo.payment_method_demo")
        cls.customer = make_portal_user(
            cls.env, "pae.pay.customer@example.com", password=PASSWORD
        )
        cls.other = make_portal_user(
            cls.env, "pae.pay.other@example.com", password=PASSWORD
        )
        cls.token = cls._create_token(cls.customer.partner_id, "4242")
        cls.other_token = cls._create_token(cls.other.partner_id, "1881")

    @classmethod
    def _create_token(cls, partner, digits):
        return cls.env["payment.token"].create(
            {
                "provider_id": cls.provider.id,
                "payment_method_id": cls.payment_method.id,
                "payment_details": digits,
                "partner_id": partner.id,
                "provider_ref": f"demo-ref-{digits}",
            }
        )

    def _create_tx(self, token, state, reference):
        return self.env["payment.transaction"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.payment_method.id,
                "token_id": token.id,
                "partner_id": token.partner_id.id,
                "amount": 10.0,
                "currency_id": self.env.company.currency_id.id,
                "reference": reference,
                "operation": "online_token",
                "state": state,
            }
        )

    def _jsonrpc(self, route, params):
        """The decoded JSON-RPC answer (result or error), as the browser gets it."""
        response = self.url_open(
            route,
            json={"id": 0, "jsonrpc": "2.0", "method": "call", "params": params},
        )
        self.assertEqual(response.status_code, 200)
        answer = response.json()
        answer.pop("id", None)
        return answer

    def _archive(self, token_id):
        return self._jsonrpc("/payment/archive_token", {"token_id": token_id})

    def test_list_shows_brand_digits_provider_and_date(self):
        """Test that each saved method shows brand, masked digits, provider, date added, and the no-edit note."""
        self.authenticate(self.customer.login, PASSWORD)
        response = self.url_open("/my/payment_method")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.content)
        radio = tree.xpath(f"//input[@id='o_payment_token_{self.token.id}']")
        self.assertTrue(radio, "the customer's token is listed")
        item = radio[0].xpath("ancestor::li[@name='o_payment_option']")[0]
        text = " ".join(item.text_content().split())
        self.assertIn(self.payment_method.name, text)  # brand
        # the digits as the provider gives them (the Demo provider does not pad them)
        self.assertIn(self.token.display_name, text)
        self.assertIn("4242", self.token.display_name)
        details = _by_class(item, "p", "o_portal_token_details")[0]
        details_text = " ".join(details.text_content().split())
        self.assertIn("Provider: Demo Gateway", details_text)
        added = self.token.create_date.date()
        self.assertIn(f"Added on {added.strftime('%m/%d/%Y')}", details_text)
        self.assertTrue(
            item.xpath(".//button[@name='o_payment_delete_token']"), "trash icon"
        )
        self.assertNotIn(
            "1881", response.text, "another customer's method is not listed"
        )
        note = _by_class(tree, "p", "o_portal_payment_methods_note")[0]
        self.assertIn("cannot be edited", note.text_content())
        self.assertIn(
            "delete the payment method and add it again",
            " ".join(note.text_content().split()),
        )

    def test_add_through_demo_provider_then_listed(self):
        """Test that a method saved through the Demo provider's flow is created for the customer and listed."""
        self.authenticate(self.customer.login, PASSWORD)
        page = html.fromstring(self.url_open("/my/payment_method").content)
        form = page.xpath("//form[@id='o_payment_form']")[0]
        demo_radio = form.xpath(
            ".//input[@name='o_payment_radio'][@data-payment-method-code='demo']"
        )[0]
        answer = self._jsonrpc(
            form.get("data-transaction-route"),
            {
                "provider_id": int(demo_radio.get("data-provider-id")),
                "payment_method_id": int(demo_radio.get("data-payment-option-id")),
                "token_id": None,
                "amount": None,
                "currency_id": None,
                "partner_id": int(form.get("data-partner-id")),
                "access_token": form.get("data-access-token"),
                "flow": "direct",
                "tokenization_requested": True,
                "landing_route": form.get("data-landing-route"),
                "reference_prefix": form.get("data-reference-prefix"),
                "is_validation": True,
            },
        )
        self.assertNotIn("error", answer, answer)
        reference = answer["result"]["reference"]
        answer = self._jsonrpc(
            "/payment/demo/simulate_payment",
            {
                "reference": reference,
                "payment_details": "1111",
                "simulated_state": "done",
            },
        )
        self.assertNotIn("error", answer, answer)
        new_token = self.env["payment.token"].search(
            [
                ("partner_id", "=", self.customer.partner_id.id),
                ("payment_details", "=", "1111"),
            ]
        )
        self.assertEqual(len(new_token), 1)
        self.assertEqual(new_token.provider_id, self.provider)
        page = self.url_open("/my/payment_method")
        tree = html.fromstring(page.content)
        self.assertTrue(tree.xpath(f"//input[@id='o_payment_token_{new_token.id}']"))
        self.assertIn(new_token.display_name, page.text)
        self.assertFalse(_by_class(tree, "div", "o_portal_token_saved"))
        # stock's landing route after the validation payment confirms the saving
        tx = self.env["payment.transaction"].search([("reference", "=", reference)])
        page = self.url_open(f"/my/payment_method?tx_id={tx.id}&access_token=x")
        saved = _by_class(html.fromstring(page.content), "div", "o_portal_token_saved")
        self.assertIn(
            f"Your payment method {new_token.display_name} was saved.",
            " ".join(saved[0].text_content().split()),
        )
        # another customer's transaction says nothing
        self.authenticate(self.other.login, PASSWORD)
        page = self.url_open(f"/my/payment_method?tx_id={tx.id}&access_token=x")
        self.assertNotIn("o_portal_token_saved", page.text)
        self.assertNotIn(new_token.display_name, page.text)

    def test_delete_own_method_archives_it(self):
        """Test that confirming the deletion of an own, unused method archives the token."""
        self._create_tx(self.token, "done", "PAE-DONE-1")
        self._create_tx(self.token, "cancel", "PAE-CANCEL-1")
        self.authenticate(self.customer.login, PASSWORD)
        self.assertEqual(self._archive(self.token.id), {"jsonrpc": "2.0"})
        self.assertFalse(self.token.active)
        page = self.url_open("/my/payment_method").text
        self.assertNotIn(f"o_payment_token_{self.token.id}", page)
        # the reloaded page says once which method was deleted
        deleted = _by_class(html.fromstring(page), "div", "o_portal_token_deleted")
        self.assertIn(
            f"Your payment method {self.token.display_name} was deleted.",
            " ".join(deleted[0].text_content().split()),
        )
        self.assertNotIn(
            "o_portal_token_deleted", self.url_open("/my/payment_method").text
        )

    def test_nothing_saved_shows_an_empty_state_without_the_edit_note(self):
        """Test that with no saved method the page says so and how to add one, without the no-edit note."""
        self.token.active = False
        self.authenticate(self.customer.login, PASSWORD)
        tree = html.fromstring(self.url_open("/my/payment_method").content)
        self.assertFalse(_by_class(tree, "p", "o_portal_payment_methods_note"))
        empty = " ".join(
            _by_class(tree, "div", "o_portal_payment_methods_empty")[0]
            .text_content()
            .split()
        )
        self.assertIn("No saved payment method yet", empty)
        self.assertIn("choose a payment method below", empty)

    def test_delete_button_names_the_method(self):
        """Test that the delete button carries the method's name for the dialog."""
        self.authenticate(self.customer.login, PASSWORD)
        tree = html.fromstring(self.url_open("/my/payment_method").content)
        button = tree.xpath(
            "//button[@name='o_payment_delete_token']"
            f"[@data-linked-radio='o_payment_token_{self.token.id}']"
        )[0]
        self.assertEqual(
            button.get("data-portal-token-name"),
            f"{self.payment_method.name} {self.token.display_name}",
        )

    def test_method_used_by_an_ongoing_payment_is_refused(self):
        """Test that a method used by a pending or authorized payment cannot be deleted, with a clear message."""
        self.authenticate(self.customer.login, PASSWORD)
        for state in ("pending", "authorized"):
            with self.subTest(state=state):
                tx = self._create_tx(self.token, state, f"PAE-ONGOING-{state}")
                with mute_logger("odoo.http"):
                    answer = self._archive(self.token.id)
                self.assertIn("error", answer)
                message = answer["error"]["data"]["message"]
                self.assertIn(
                    "cannot be deleted while a payment made with it is still in progress",
                    message,
                )
                self.assertIn(tx.reference, message)
                self.assertEqual(
                    answer["error"]["data"]["name"], "odoo.exceptions.UserError"
                )
                self.assertTrue(self.token.active)
                tx.state = "done"
        self.assertNotIn("error", self._archive(self.token.id))
        self.assertFalse(self.token.active)

    def test_stock_archiving_is_not_held_back(self):
        """Test that Odoo's own archiving of tokens (a provider being disabled)
        still archives a token with a payment in progress: only the customer's
        deletion on the portal is refused."""
        self._create_tx(self.token, "pending", "PAE-ONGOING-STOCK")
        self.provider.state = "disabled"
        self.assertFalse(self.token.active)

    def test_method_linked_to_documents_is_refused(self):
        """Test that a method reported as used by documents (e.g. a subscription) cannot be deleted."""
        token_class = type(self.env["payment.token"])
        original = token_class.get_linked_records_info

        def linked_records(token):
            # What a module linking documents to tokens (e.g. subscriptions) reports.
            infos = original(token)
            if token.id == self.token.id:
                infos.append(
                    {
                        "description": "Subscription",
                        "id": 1,
                        "name": "SUB/0042",
                        "url": "/my",
                    }
                )
            return infos

        self.patch(token_class, "get_linked_records_info", linked_records)
        self.authenticate(self.customer.login, PASSWORD)
        with mute_logger("odoo.http"):
            answer = self._archive(self.token.id)
        self.assertIn("used by: SUB/0042", answer["error"]["data"]["message"])
        self.assertTrue(self.token.active)

    def test_other_customer_method_behaves_like_a_missing_one(self):
        """Test that deleting another customer's method answers exactly like a missing token and changes nothing."""
        self._create_tx(self.other_token, "pending", "PAE-OTHER-PENDING")
        missing_id = (
            self.env["payment.token"].search([], order="id desc", limit=1).id + 1000
        )
        self.authenticate(self.customer.login, PASSWORD)
        missing_answer = self._archive(missing_id)
        other_answer = self._archive(self.other_token.id)
        self.assertEqual(other_answer, missing_answer)
        self.assertEqual(other_answer, {"jsonrpc": "2.0"})  # no error, nothing told
        self.assertTrue(self.other_token.active)

    def test_public_visitor_cannot_delete(self):
        """Test that an anonymous visitor cannot archive any token."""
        self.authenticate(None, None)
        with mute_logger("odoo.http"):
            answer = self._archive(self.token.id)
        self.assertIn("error", answer)
        self.assertTrue(self.token.active)

    def test_dashboard_links_to_payment_methods(self):
        """Test that the dashboard offers the "Payment methods" entry leading to the list."""
        self.authenticate(self.customer.login, PASSWORD)
        tree = html.fromstring(self.url_open("/my").content)
        links = tree.xpath("//a[@href='/my/payment_method']")
        self.assertTrue(links)
        self.assertIn("Payment methods", links[0].get("title"))
