from odoo.tests import HttpCase, tagged

from .common import make_portal_user
from .test_totp_recovery import SecurityHttpMixin

LOGIN = "pae_totp_disable@example.com"


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
            "pae_totp_wrong@example.com",
            password="pae_totp_wrong@example.com",
        )
        self.start_tour(
            "/my/security",
            "portal_access_ext_totp_wrong_code",
            login="pae_totp_wrong@example.com",
        )
