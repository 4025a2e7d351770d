from odoo.tests import HttpCase, tagged

from .common import make_portal_user


@tagged("post_install", "-at_install")
class TestCustomerToursDetails(HttpCase):
    """Browser tours (headless Chromium) of the customer's details and payment methods."""

    def test_details_tour_refuses_bad_email_then_saves(self):
        """Test the details tour: a bad email refused next to its field, then a good one saved."""
        login = "portal_details_tour@example.com"
        user = make_portal_user(
            self.env,
            login,
            name="Dora Tour",
            password=login,  # start_tour logs in with the login as password
            phone="+32 470 00 00 00",
            street="Rue de la Loi 16",
            city="Brussels",
            zip="1000",
            country_id=self.env.ref("base.be").id,
        )
        messages_before = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", user.partner_id.id)]
        )
        self.start_tour("/my", "portal_access_ext_details", login=login)
        self.env.invalidate_all()
        self.assertEqual(user.partner_id.email, "dora.tour@example.com")
        self.assertEqual(user.login, login)
        notes = (
            self.env["mail.message"].search(
                [("model", "=", "res.partner"), ("res_id", "=", user.partner_id.id)]
            )
            - messages_before
        )
        self.assertEqual(len(notes), 1, "only the confirmed change is logged")
        self.assertIn(f"Email: {login} → dora.tour@example.com", notes.body)

    def test_payment_method_tour_add_then_delete(self):
        """Test the payment-method tour: add through the Demo provider, then delete with Confirm Deletion."""
        provider = self.env["payment.provider"].search(
            [("code", "=", "demo"), ("company_id", "=", self.env.company.id)], limit=1
        )
        provider.write(
            {
                "name": "Demo Tour Gateway",
                "state": "test",
                "is_published": True,
                "allow_tokenization": True,
            }
        )
        login = "portal_payment_tour@example.com"
        user = make_portal_user(self.env, login, password=login)
        self.start_tour(
            "/my/payment_method", "portal_access_ext_payment_method", login=login
        )
        tokens = (
            self.env["payment.token"]
            .with_context(active_test=False)
            .search([("partner_id", "=", user.partner_id.id)])
        )
        self.assertEqual(len(tokens), 1, "the tour saved one payment method")
        self.assertEqual(tokens.payment_details, "4242")
        self.assertEqual(tokens.provider_id, provider)
        self.assertFalse(tokens.active, "and deleting it archived it")

    def test_payment_method_in_use_tour_is_refused(self):
        """Test the tour deleting a method used by a pending payment: the dialog shows the refusal."""
        provider = self.env["payment.provider"].search(
            [("code", "=", "demo"), ("company_id", "=", self.env.company.id)], limit=1
        )
        provider.write(
            {"state": "test", "is_published": True, "allow_tokenization": True}
        )
        login = "portal_payment_in_use_tour@example.com"
        user = make_portal_user(self.env, login, password=login)
        payment_method = self.env.ref("payment_demo.payment_method_demo")
        token = self.env["payment.token"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": payment_method.id,
                "payment_details": "7777",
                "partner_id": user.partner_id.id,
                "provider_ref": "demo-ref-7777",
            }
        )
        self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": payment_method.id,
                "token_id": token.id,
                "partner_id": user.partner_id.id,
                "amount": 25.0,
                "currency_id": self.env.company.currency_id.id,
                "reference": "PAE-TOUR-PENDING",
                "operation": "online_token",
                "state": "pending",
            }
        )
        self.start_tour(
            "/my/payment_method", "portal_access_ext_payment_method_in_use", login=login
        )
        self.assertTrue(token.active)
