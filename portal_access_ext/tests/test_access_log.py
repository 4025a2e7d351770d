from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

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
        # stock's own texts (res.users._get_portal_access_update_body)
        email = self.contacts[0].email
        notes = self.contacts[0].message_ids.filtered(
            lambda m: f"Portal Access Granted ({email})" in m.body
            or f"Portal Access Revoked ({email})" in m.body
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
            "filter_expiry_change",
        ):
            self.assertIn(f'name="{name}"', arch)

    def test_rows_outlive_the_contact(self):
        """Test that deleting a contact keeps its log rows, with its name."""
        contact = self.contacts[0]
        name = contact.name
        wizard = self.open_wizard(contact)
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        logs = self.env["portal.access.log"].search([("partner_id", "=", contact.id)])
        self.assertEqual(logs.partner_name, name)
        contact.with_context(active_test=False).user_ids.unlink()
        contact.unlink()
        self.assertTrue(logs.exists())
        self.assertFalse(logs.partner_id)
        self.assertEqual(logs.partner_name, name)
        self.assertEqual(logs.event, "grant")

    def test_expiry_changes_logged_from_apply_and_user_form(self):
        """Test that an end date changed by Apply or on the user form is logged."""
        contact = self.contacts[0]
        wizard = self.open_wizard(contact)
        wizard.user_ids.write({"in_portal": True, "access_expiry_date": "2030-01-31"})
        wizard.action_apply()
        user = contact.user_ids
        Log = self.env["portal.access.log"]
        domain = [("user_id", "=", user.id), ("event", "=", "expiry_change")]
        self.assertFalse(Log.search(domain), "the grant's own row carries the date")

        wizard = self.open_wizard(contact)
        wizard.user_ids.access_expiry_date = "2031-05-01"
        wizard.action_apply()
        log = Log.search(domain)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.author_id, self.admin)
        # in the admin's language format (en_US: 01/31/2030), not ISO
        self.assertIn("01/31/2030", log.details)
        self.assertIn("05/01/2031", log.details)
        self.assertNotIn("2030-01-31", log.details)

        form = Form(user.with_user(self.admin), view="base.view_users_form")
        form.portal_access_expiry_date = False
        form.save()
        logs = Log.search(domain)
        self.assertEqual(len(logs), 2)
        self.assertIn("05/01/2031", logs[0].details)
        self.assertIn("no end date", logs[0].details)

    def test_user_admins_only_read_the_log(self):
        """Test that Portal Access Managers read the log and other internal users do not."""
        wizard = self.open_wizard(self.contacts[0])
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        log = self.env["portal.access.log"].search([], limit=1)
        user_admin = new_test_user(
            self.env,
            login="portal_user_admin",
            groups="base.group_erp_manager,portal_access_ext.group_portal_access_manager",
        )
        self.assertEqual(
            log.with_user(user_admin).read(["details"])[0]["details"], log.details
        )
        contact_manager = new_test_user(
            self.env,
            login="portal_contact_manager",
            groups="base.group_user,base.group_partner_manager",
        )
        with self.assertRaises(AccessError):
            log.with_user(contact_manager).read(["event"])
        with self.assertRaises(AccessError):
            self.env["portal.access.log"].with_user(contact_manager).search([])

    def test_dates_in_admin_language_format(self):
        """Test that the dates the addon writes in logs and messages follow the admin's language."""
        self.env["res.lang"]._lang_get(self.admin.lang).date_format = "%d.%m.%Y"
        contact = self.contacts[1]
        wizard = self.open_wizard(contact)
        wizard.user_ids.write({"in_portal": True, "access_expiry_date": "2030-01-31"})
        wizard.action_apply()
        grant = self.env["portal.access.log"].search(
            [("partner_id", "=", contact.id), ("event", "=", "grant")]
        )
        self.assertIn("until 31.01.2030", grant.details)
        wizard = self.open_wizard(contact)
        wizard.user_ids.access_expiry_date = "2020-01-31"
        with self.assertRaisesRegex(UserError, r"date 31\.01\.2020 is in the past"):
            wizard.action_apply()
