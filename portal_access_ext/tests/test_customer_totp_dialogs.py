from lxml import html

from odoo.tests import HttpCase, tagged

from .common import make_portal_user
from .test_totp_recovery import SecurityHttpMixin

LOGIN = "portal_totp_disable@example.com"


@tagged("post_install", "-at_install")
class TestCustomerTotpDisable(SecurityHttpMixin, HttpCase):
    def test_disable_asks_then_emails(self):
        """Test that disabling 2FA on /my/security asks first, then disables it
        and sends the customer a security email."""
        customer = make_portal_user(
            self.env, LOGIN, password=LOGIN, email="totp.disable@example.com"
        )
        self._enable_totp(customer)
        self.start_tour("/my/security", "portal_access_ext_totp_disable", login=LOGIN)
        self.assertFalse(customer.totp_enabled)
        mails = self.env["mail.mail"].sudo().search(
            [
                ("subject", "ilike", "2FA Deactivated"),
                ("email_to", "ilike", "totp.disable"),
            ]
        ) or self.env["mail.mail"].sudo().search(
            [
                ("subject", "ilike", "2FA Deactivated"),
                ("recipient_ids", "in", customer.partner_id.ids),
            ]
        )
        self.assertTrue(mails, "no security email for the disabled 2FA")

    def test_wrong_code_says_why(self):
        """Test that a wrong code when enabling 2FA shows the server's reason."""
        make_portal_user(
            self.env,
            "portal_totp_wrong@example.com",
            password="portal_totp_wrong@example.com",
        )
        self.start_tour(
            "/my/security",
            "portal_access_ext_totp_wrong_code",
            login="portal_totp_wrong@example.com",
        )


@tagged("post_install", "-at_install")
class TestCustomerRecoveryCodesPage(SecurityHttpMixin, HttpCase):
    def test_recovery_codes_file_knows_its_account_and_site(self):
        """Test that the recovery codes' section carries the login, site and time
        zone the downloaded file names, and offers a Copy button."""
        login = "portal_codes_page@example.com"
        customer = make_portal_user(
            self.env, login, password=login, tz="Europe/Brussels"
        )
        self._enable_totp(customer)
        self.authenticate(login, login)
        tree = html.fromstring(self.url_open("/my/security").content)
        output = tree.xpath(
            "//div[contains(concat(' ', @class, ' '), ' o_portal_recovery_code_output ')]"
        )[0]
        self.assertEqual(output.get("data-login"), login)
        # the website's name with the website app, else the company's
        site = (
            self.env["website"].get_current_website().name
            if "website" in self.env
            else self.env.company.name
        )
        self.assertEqual(output.get("data-site"), site)
        self.assertEqual(output.get("data-url"), customer.get_base_url())
        self.assertEqual(output.get("data-tz"), "Europe/Brussels")
        self.assertTrue(
            output.xpath(".//button[contains(@class, 'o_portal_recovery_codes_copy')]")
        )
        # shown once: the page itself holds no code
        self.assertFalse(output.xpath(".//ul/li"))
