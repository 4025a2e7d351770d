from odoo.exceptions import ValidationError
from odoo.http import Request
from odoo.tests import Form, HttpCase, tagged

from odoo.addons.mail.tests.common import MailCommon

from .common import make_admin, make_portal_user


@tagged("post_install", "-at_install")
class TestLoginChange(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = make_admin(cls.env, login="portal_login_admin")
        cls.partner = cls.env["res.partner"].create(
            {"name": "Login Customer", "email": "customer@example.com"}
        )
        cls.portal = make_portal_user(
            cls.env,
            "customer@example.com",
            partner=cls.partner,
            email="customer@example.com",
        )

    def test_write_login_keeps_contact_email_and_mails_it(self):
        """Test that a login change leaves the email alone and tells the contact email."""
        with self.mock_mail_gateway():
            self.portal.with_user(self.admin).write({"login": "new-login@example.com"})
            self.env["mail.mail"].sudo().process_email_queue()
        self.assertEqual(self.portal.login, "new-login@example.com")
        self.assertEqual(self.partner.email, "customer@example.com")
        sent = [m for m in self._mails if "has changed" in m["subject"]]
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["email_to"], [self.partner.email_formatted])
        self.assertIn("new-login@example.com", sent[0]["body"])
        self.assertNotIn("Pass-1234", sent[0]["body"])
        self.assertNotIn("password:", sent[0]["body"].lower())
        self.assertFalse(
            [
                m
                for m in self._mails
                if m["subject"] == "Security Update: Login Changed"
            ],
            "our email replaces stock's generic alert",
        )
        log = self.env["portal.access.log"].search([("user_id", "=", self.portal.id)])
        self.assertEqual(log.event, "login_change")
        self.assertEqual(log.author_id, self.admin)
        self.assertIn("customer@example.com", log.details)
        self.assertIn("new-login@example.com", log.details)

    def test_form_onchange_does_not_copy_login_to_email(self):
        """Test that the user form no longer copies a portal login into the email."""
        form = Form(self.portal.with_user(self.admin), view="base.view_users_form")
        form.login = "form-login@example.com"
        self.assertEqual(form.email, "customer@example.com")
        form.save()
        self.assertEqual(self.portal.login, "form-login@example.com")
        self.assertEqual(self.partner.email, "customer@example.com")

    def test_form_onchange_still_copies_for_internal_users(self):
        """Test that internal users keep stock's login-to-email copy."""
        form = Form(self.admin, view="base.view_users_form")
        form.login = "admin-new@example.com"
        self.assertEqual(form.email, "admin-new@example.com")

    def test_login_uniqueness_case_and_space_insensitive(self):
        """Test that a login equal to another one but for case or spaces is refused."""
        other = make_portal_user(self.env, "other@example.com")
        with self.assertRaisesRegex(ValidationError, "already used by another user"):
            other.write({"login": "  Customer@Example.COM "})
        # the refused write is only rolled back in the database: drop its cache
        other.invalidate_recordset(flush=False)
        self.assertEqual(other.login, "other@example.com")

    def test_contact_email_change_keeps_login(self):
        """Test that a customer changing the contact email keeps the same login."""
        self.partner.with_user(self.portal).sudo().write(
            {"email": "elsewhere@example.com"}
        )
        self.assertEqual(self.portal.login, "customer@example.com")

    def test_drift_field_filter_and_warning(self):
        """Test that a login differing from the contact email is flagged and searchable."""
        self.assertFalse(self.portal.portal_login_differs)
        self.portal.login = "drifted@example.com"
        self.assertTrue(self.portal.portal_login_differs)
        users = self.env["res.users"].with_context(active_test=False)
        self.assertIn(self.portal, users.search([("portal_login_differs", "=", True)]))
        self.assertNotIn(
            self.portal, users.search([("portal_login_differs", "=", False)])
        )
        self.assertNotIn(
            self.admin, users.search([("portal_login_differs", "=", True)])
        )
        form_arch = self.env["res.users"].get_view(
            self.env.ref("base.view_users_form").id, "form"
        )["arch"]
        self.assertIn(">Login</span>", form_arch)
        self.assertIn(">Contact Email</span>", form_arch)
        self.assertIn("o_portal_login_differs", form_arch)
        search_arch = self.env["res.users"].get_view(
            self.env.ref("base.view_users_search").id, "search"
        )["arch"]
        self.assertIn('name="filter_portal_login_differs"', search_arch)


@tagged("post_install", "-at_install")
class TestPortalEmailChangeKeepsLogin(HttpCase):
    def test_portal_details_email_change_keeps_login(self):
        """Test that a customer changing the contact email on /my keeps the login."""
        partner = self.env["res.partner"].create(
            {"name": "Http Customer", "email": "http-customer@example.com"}
        )
        portal = make_portal_user(
            self.env,
            "http-customer@example.com",
            partner=partner,
            name=partner.name,
            email=partner.email,
            password="Http-Customer-1234!",
        )
        self.authenticate(portal.login, "Http-Customer-1234!")
        response = self.url_open(
            "/my/address/submit",
            data={
                "name": partner.name,
                "email": "new-contact@example.com",
                "phone": "+32 470 00 00 00",
                "street": "1 Main Street",
                "city": "Brussels",
                "zipcode": "1000",
                "country_id": self.env.ref("base.be").id,
                "partner_id": str(partner.id),
                "csrf_token": Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(partner.email, "new-contact@example.com")
        self.assertEqual(portal.login, "http-customer@example.com")
        self.assertTrue(portal.portal_login_differs)
