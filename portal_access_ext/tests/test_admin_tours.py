from odoo.exceptions import AccessDenied
from odoo.tests import HttpCase, tagged

from .common import make_admin, make_company_with_contacts, make_portal_user


@tagged("post_install", "-at_install")
class TestAdminTours(HttpCase):
    def test_wizard_bulk_tour(self):
        """Test that an admin ticks, applies and sees the summary in the browser."""
        admin = make_admin(self.env, login="portal_tour_admin")
        admin.password = "portal_tour_admin-Pass-1!"
        self.env.company.email = "company@pae-tour.example.com"
        company, contacts = make_company_with_contacts(self.env, "Tour Co", 3)
        old = make_portal_user(
            self.env,
            contacts[2].email,
            partner=contacts[2],
            name=contacts[2].name,
            email=contacts[2].email,
        )
        self.start_tour(
            f"/odoo/action-base.action_partner_form/{company.id}",
            "portal_access_ext_wizard_bulk",
            login="portal_tour_admin",
        )
        for partner in contacts[:2]:
            self.assertTrue(partner.user_ids._is_portal())
        self.assertFalse(old.active)
        self.assertFalse(company.user_ids)
        self.assertTrue(
            all(contacts[:2].user_ids.mapped("portal_invite_pending")),
            "the invitations wait for the invitation job and the mail queue",
        )


@tagged("post_install", "-at_install")
class TestRevokeEndsSessions(HttpCase):
    def test_revoke_refuses_open_session(self):
        """Test that a logged-in portal session is refused after the access is revoked."""
        company, contacts = make_company_with_contacts(self.env, "Session Co", 1)
        portal = make_portal_user(
            self.env,
            contacts.email,
            partner=contacts,
            email=contacts.email,
            password="Session-Pass-1234!",
        )
        self.authenticate(portal.login, "Session-Pass-1234!")
        response = self.url_open("/my/account", allow_redirects=False)
        self.assertEqual(response.status_code, 200)

        admin = make_admin(self.env, login="portal_session_admin")
        wizard = (
            self.env["portal.wizard"]
            .with_user(admin)
            .with_context(active_ids=contacts.ids)
            .create({})
        )
        wizard.user_ids.in_portal = False
        wizard.action_apply()
        self.assertFalse(portal.active)

        response = self.url_open("/my/account", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        # and the password no longer opens a session
        with self.assertRaises(AccessDenied):
            self.authenticate(portal.login, "Session-Pass-1234!")


@tagged("post_install", "-at_install")
class TestAdminFormTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = make_admin(cls.env, login="portal_form_admin")
        admin.password = "portal_form_admin-Pass-1!"
        cls.company, cls.contacts = make_company_with_contacts(cls.env, "Form Co", 1)

    def test_document_choice_tour(self):
        """Test that the contact form warns, refuses and then saves a confirmed empty document choice."""
        self.start_tour(
            f"/odoo/action-base.action_partner_form/{self.contacts.id}",
            "portal_access_ext_document_choice",
            login="portal_form_admin",
        )
        self.assertTrue(self.contacts.portal_category_restrict)
        self.assertTrue(self.contacts.portal_category_none_confirmed)
        self.assertFalse(self.contacts._get_portal_visible_categories())

    def test_readonly_checkbox_tour(self):
        """Test that an admin makes a portal user read-only from the user form, without debug mode."""
        user = make_portal_user(
            self.env,
            self.contacts.email,
            partner=self.contacts,
            name=self.contacts.name,
            email=self.contacts.email,
        )
        group = self.env.ref("portal_access_ext.group_portal_readonly")
        self.assertNotIn(group, user.group_ids)
        self.start_tour(
            f"/odoo/action-base.action_res_users/{user.id}",
            "portal_access_ext_readonly_checkbox",
            login="portal_form_admin",
        )
        self.assertIn(group, user.group_ids)
