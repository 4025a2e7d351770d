from odoo.tests import HttpCase, tagged

from .common import make_admin, make_company_with_contacts, make_portal_user


@tagged("post_install", "-at_install")
class TestWizardLayoutTours(HttpCase):
    """The portal wizard on a laptop and on a phone: names, emails and buttons
    readable without scrolling sideways; a line's Revoke asks first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = make_admin(cls.env, login="portal_layout_admin")
        cls.admin.password = "portal_layout_admin-Pass-1!"
        cls.env.company.email = "company@pae-layout.example.com"
        cls.company, cls.contacts = make_company_with_contacts(
            cls.env,
            "Layout Co",
            5,
            email_domain="purchasing-department.layout-company.example.com",
        )
        for contact in cls.contacts[1:3]:
            make_portal_user(
                cls.env,
                contact.email,
                partner=contact,
                name=contact.name,
                email=contact.email,
            )

    def _run(self):
        self.start_tour(
            f"/odoo/action-base.action_partner_form/{self.company.id}",
            "portal_access_ext_wizard_layout",
            login="portal_layout_admin",
        )
        self.assertFalse(
            self.contacts[1].with_context(active_test=False).user_ids.active
        )
        self.assertTrue(self.contacts[2].user_ids._is_portal())

    def test_wizard_layout_laptop(self):
        """Test that the wizard shows every name, email and button at 1366x900."""
        self.browser_size = "1366x900"
        self._run()

    def test_wizard_layout_phone(self):
        """Test that the wizard works on a phone (390x844): cards with buttons."""
        self.browser_size = "390x844"
        self.touchEnabled = True
        self._run()
