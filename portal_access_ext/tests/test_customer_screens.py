"""What the customer's pages say: the password change's outcome (and no form
posted twice), the two-factor deadline on the /my dashboard."""

from lxml import html

from odoo.tests import HttpCase, tagged

from . import entry_points
from .common import make_portal_user, queries_on
from .test_totp_recovery import SecurityHttpMixin

NEW_PASSWORD = "Brand-New-Screens-Pass-77"


@tagged("post_install", "-at_install")
class TestCustomerScreens(SecurityHttpMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.password = "Pae-Screens-Pass-42"
        cls.customer = make_portal_user(
            cls.env,
            "portal_screens_customer",
            password=cls.password,
            email="screens.customer@example.com",
        )

    def _change_password(self, old):
        return entry_points.change_password_form(
            self, old, NEW_PASSWORD, allow_redirects=False
        )

    def test_password_change_redirects_and_says_what_happened(self):
        """Test that a changed password redirects (a reload posts nothing again)
        and says that other sessions were signed out and an email sent."""
        self.authenticate(self.customer.login, self.password)
        response = self._change_password(self.password)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith("/my/security?password_updated=1")
        )
        page = self.url_open(response.headers["Location"])
        self.assertIn("Password Updated!", page.text)
        self.assertIn("Your other sessions were signed out", page.text)
        self.assertIn("screens.customer@example.com", page.text)
        # reloading the page (what stock's 2FA dialogs do) posts nothing again
        self.assertEqual(
            self.env["auth.totp.rate.limit.log"]
            .sudo()
            .search_count([("user_id", "=", self.customer.id)]),
            0,
        )

    def test_wrong_password_still_shown_on_the_form(self):
        """Test that a refused password change still shows its error in the page."""
        self.authenticate(self.customer.login, self.password)
        response = self._change_password("not-my-password")
        self.assertEqual(response.status_code, 200)
        self.assertIn("The old password you provided is incorrect", response.text)
        self.assertNotIn("Password Updated!", response.text)

    def test_dashboard_shows_totp_deadline(self):
        """Test that a customer with a two-factor deadline is told on /my."""
        settings = self.env["res.config.settings"].create(
            {"portal_totp_required": True, "portal_totp_grace_days": 7}
        )
        settings.execute()
        deadline = self.customer._portal_totp_enrolment_deadline()
        self.assertTrue(deadline)
        self.authenticate(self.customer.login, self.password)
        page = self.url_open("/my")
        self.assertIn("o_portal_totp_deadline_home", page.text)
        self.assertIn("Two-factor authentication will soon be required", page.text)
        self.assertIn('href="/my/security"', page.text)

    def test_dashboard_without_policy_has_no_notice(self):
        """Test that without a deadline /my shows no two-factor notice."""
        self.authenticate(self.customer.login, self.password)
        page = self.url_open("/my")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_portal_totp_deadline_home", page.text)

    def test_dashboard_reads_second_factors_only_with_a_deadline(self):
        """Test that /my reads the customer's recovery codes, authenticator and passkeys only when a two-factor deadline applies."""
        tables = ("auth_totp_recovery_code", "auth_passkey_key")
        self.authenticate(self.customer.login, self.password)
        self.url_open("/my")
        with queries_on(*tables) as queries:
            self.assertEqual(self.url_open("/my").status_code, 200)
        self.assertEqual(queries, [])
        settings = self.env["res.config.settings"].create(
            {"portal_totp_required": True, "portal_totp_grace_days": 7}
        )
        settings.execute()
        with queries_on(*tables) as queries:
            page = self.url_open("/my")
        self.assertIn("o_portal_totp_deadline_home", page.text)
        self.assertTrue(queries, "a deadline: the second factors are checked")

    def test_read_only_login_not_marked_required(self):
        """Test that the read-only Login of /my/account has no required mark."""
        self.authenticate(self.customer.login, self.password)
        page = self.url_open("/my/account")
        self.assertIn(
            'class="col-form-label label-optional" for="o_portal_login"', page.text
        )

    def test_password_rules_shown_upfront(self):
        """Test that the change form states the password rules before any error, from the policy's parameter."""
        self.authenticate(self.customer.login, self.password)
        tree = html.fromstring(self.url_open("/my/security").content)
        rules = tree.xpath("//div[@id='o_portal_password_rules']")
        self.assertIn(
            "At least 8 and at most 1024 characters",
            " ".join(rules[0].text_content().split()),
        )
        self.assertEqual(
            tree.xpath("//input[@name='new1']")[0].get("aria-describedby"),
            "o_portal_password_rules",
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "auth_password_policy.minlength", 14
        )
        tree = html.fromstring(self.url_open("/my/security").content)
        rules = tree.xpath("//div[@id='o_portal_password_rules']")[0]
        self.assertIn(
            "At least 14 and at most 1024 characters",
            " ".join(rules.text_content().split()),
        )

    def test_password_updated_without_email_claims_no_email(self):
        """Test that "Password Updated!" says no email was sent to a customer without an email."""
        self.customer.partner_id.email = False
        self.authenticate(self.customer.login, self.password)
        response = self._change_password(self.password)
        self.assertEqual(response.status_code, 303)
        page = self.url_open(response.headers["Location"])
        updated = html.fromstring(page.content).xpath(
            "//span[contains(@class, 'o_portal_password_updated')]"
        )[0]
        self.assertEqual(
            " ".join(updated.text_content().split()),
            "Your other sessions were signed out.",
        )
