from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .admin_common import AdminCase


@tagged("post_install", "-at_install")
class TestPortalAccessManager(AdminCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_manager = cls.env.ref("portal_access_ext.group_portal_access_manager")
        # Contact Creation and Access Rights, but not Portal Access Manager.
        cls.clerk = new_test_user(
            cls.env,
            login="portal_clerk",
            groups="base.group_user,base.group_partner_manager,base.group_erp_manager",
            email="portal_clerk@example.com",
        )

    def assertRefused(self):
        return self.assertRaisesRegex(AccessError, "Portal Access Manager")

    def test_settings_admins_are_managers(self):
        """Test that Settings administrators, present and future, are Portal Access Managers."""
        self.assertIn(self.group_manager, self.env.ref("base.group_system").implied_ids)
        self.assertTrue(self.admin._is_portal_access_manager())
        self.assertTrue(self.env.ref("base.user_admin")._is_portal_access_manager())
        self.assertFalse(self.clerk._is_portal_access_manager())

    def test_action_menu_entry_for_managers_only(self):
        """Test that the contacts' "Grant portal access" action is bound for managers only."""
        bindings = self.env["ir.actions.actions"].with_user(self.clerk)
        action = self.env.ref("portal.partner_wizard_action_create_and_open")
        clerk_ids = [a["id"] for a in bindings.get_bindings("res.partner")["action"]]
        self.assertNotIn(action.id, clerk_ids)
        admin_ids = [
            a["id"]
            for a in bindings.with_user(self.admin).get_bindings("res.partner")[
                "action"
            ]
        ]
        self.assertIn(action.id, admin_ids)

    def test_clerk_cannot_open_or_create_the_wizard(self):
        """Test that a contact manager without the group can neither open nor create the wizard."""
        wizards = self.env["portal.wizard"].with_user(self.clerk)
        with self.assertRefused():
            wizards.with_context(active_ids=self.contacts[0].ids).action_open_wizard()
        with self.assertRefused():
            self.open_wizard(self.contacts[0], user=self.clerk)
        wizard = self.open_wizard(self.contacts[0])
        with self.assertRefused():
            self.env["portal.wizard.user"].with_user(self.clerk).create(
                {"wizard_id": wizard.id, "partner_id": self.contacts[1].id}
            )
        self.assertEqual(len(wizard.user_ids), 1)

    def test_clerk_cannot_apply_or_use_line_buttons(self):
        """Test that Apply and every line button refuse a contact manager without the group."""
        portal = self.make_portal(self.contacts[1])
        wizard = self.open_wizard(self.contacts[0] | self.contacts[1])
        self.line(wizard, self.contacts[0]).in_portal = True
        as_clerk = wizard.with_user(self.clerk)
        with self.assertRefused():
            as_clerk.action_apply()
        with self.assertRefused():
            self.line(as_clerk, self.contacts[0]).action_grant_access()
        with self.assertRefused():
            as_clerk.user_ids.action_grant_access()
        with self.assertRefused():
            self.line(as_clerk, self.contacts[1]).action_revoke_access()
        with self.assertRefused():
            self.line(as_clerk, self.contacts[1]).action_invite_again()
        self.assertFalse(self.contacts[0].with_context(active_test=False).user_ids)
        self.assertTrue(portal.active)
        self.assertFalse(
            self.env["portal.access.log"].search(
                [("partner_id", "in", self.contacts.ids)]
            )
        )

    def test_clerk_cannot_change_login_or_expiry(self):
        """Test that a portal user's login and expiry date are written by managers only."""
        portal = self.make_portal(self.contacts[0])
        with self.assertRefused():
            portal.with_user(self.clerk).write({"login": "new-login@example.com"})
        with self.assertRefused():
            portal.with_user(self.clerk).write(
                {"portal_access_expiry_date": "2031-01-01"}
            )
        self.assertEqual(portal.login, self.contacts[0].email)
        self.assertFalse(portal.portal_access_expiry_date)
        # an internal user's login stays the Access Rights' business
        other = new_test_user(self.env, login="portal_other_employee")
        other.with_user(self.clerk).write({"login": "portal_other_employee2"})
        self.assertEqual(other.login, "portal_other_employee2")
        portal.with_user(self.admin).write({"portal_access_expiry_date": "2031-01-01"})
        self.assertEqual(str(portal.portal_access_expiry_date), "2031-01-01")

    def test_clerk_cannot_read_the_access_log(self):
        """Test that the access log is read by Portal Access Managers only."""
        wizard = self.open_wizard(self.contacts[0])
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        log = self.env["portal.access.log"].search([], limit=1)
        with self.assertRaises(AccessError):
            self.env["portal.access.log"].with_user(self.clerk).search([])
        with self.assertRaises(AccessError):
            log.with_user(self.clerk).read(["event"])
        self.assertTrue(log.with_user(self.admin).read(["details"])[0]["details"])

    def test_group_given_to_a_clerk_opens_the_wizard(self):
        """Test that a user given the group alone may grant access."""
        self.clerk.group_ids = [Command.link(self.group_manager.id)]
        wizard = self.open_wizard(self.contacts[0], user=self.clerk)
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        self.assertTrue(self.contacts[0].user_ids._is_portal())
