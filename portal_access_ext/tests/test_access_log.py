from odoo.exceptions import AccessError
from odoo.tests import tagged

from .admin_common import AdminCase


@tagged("post_install", "-at_install")
class TestAccessLog(AdminCase):
    def test_events_logged_with_chatter_note(self):
        """Test that grant and revoke leave a log row and an internal note each."""
        wizard = self.open_wizard(self.contacts[0])
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        wizard = self.open_wizard(self.contacts[0])
        wizard.user_ids.in_portal = False
        wizard.action_apply()
        logs = self.env["portal.access.log"].search(
            [("partner_id", "=", self.contacts[0].id)]
        )
        self.assertEqual(logs.mapped("event"), ["revoke", "grant"])
        self.assertEqual(logs.author_id, self.admin)
        self.assertEqual(
            logs.user_id, self.contacts[0].with_context(active_test=False).user_ids
        )
        notes = self.contacts[0].message_ids.filtered(
            lambda m: "Access granted" in m.body or "Access revoked" in m.body
        )
        self.assertEqual(len(notes), 2)
        self.assertTrue(all(notes.mapped("is_internal")))
        self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))

    def test_portal_and_employees_cannot_read_log(self):
        """Test that only settings admins read the log; nobody edits it."""
        portal = self.make_portal(self.contacts[0])
        wizard = self.open_wizard(self.contacts[1])
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        log = self.env["portal.access.log"].search([], limit=1)
        self.assertTrue(log.with_user(self.admin).event)
        with self.assertRaises(AccessError):
            log.with_user(portal).read(["event"])
        with self.assertRaises(AccessError):
            self.env["portal.access.log"].with_user(portal).search([])
        with self.assertRaises(AccessError):
            log.with_user(self.admin).write({"details": "tampered"})
        with self.assertRaises(AccessError):
            log.with_user(self.admin).unlink()
        # the chatter notes are internal, out of a portal user's reach
        notes = self.contacts[1].message_ids.filtered("is_internal")
        self.assertTrue(notes)
        self.assertFalse(
            self.env["mail.message"].with_user(portal).search([("id", "in", notes.ids)])
        )

    def test_log_list_filters_and_menu(self):
        """Test that admins find the log in Settings with event filters."""
        menu = self.env.ref("portal_access_ext.portal_access_log_menu")
        self.assertEqual(menu.parent_id, self.env.ref("base.menu_users"))
        arch = self.env["portal.access.log"].get_view(view_type="search")["arch"]
        for name in (
            "filter_grant",
            "filter_revoke",
            "filter_expire",
            "filter_login_change",
        ):
            self.assertIn(f'name="{name}"', arch)
