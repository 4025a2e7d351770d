"""The portal wizard's "Read-only" column: each line starts from its user's
group (or the 'read-only by default' setting), a grant applies it, Apply
changes it for an existing portal user with an audit row, in batch."""

from lxml import etree

from odoo import sql_db
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .admin_common import AdminCase
from .common import make_clerk, make_company_with_contacts


@tagged("post_install", "-at_install")
class TestPortalWizardReadonly(AdminCase):
    def _readonly_logs(self, partners):
        return self.env["portal.access.log"].search(
            [
                ("partner_id", "in", partners.ids),
                ("event", "in", ("readonly_on", "readonly_off")),
            ]
        )

    def test_lines_start_from_the_users_group(self):
        """Test that a line's Read-only starts from its user's group, or from the setting for a contact without access."""
        readonly_user = self.make_portal(self.contacts[0])
        readonly_user.group_ids = [(4, self.group_readonly.id)]
        self.make_portal(self.contacts[1])
        wizard = self.open_wizard(self.company)
        self.assertTrue(self.line(wizard, self.contacts[0]).portal_readonly)
        self.assertFalse(self.line(wizard, self.contacts[1]).portal_readonly)
        self.assertTrue(self.line(wizard, self.contacts[2]).portal_readonly)
        self.env["ir.config_parameter"].set_param(
            "portal_access_ext.readonly_by_default", "False"
        )
        wizard = self.open_wizard(self.company)
        self.assertFalse(self.line(wizard, self.contacts[2]).portal_readonly)
        self.assertTrue(self.line(wizard, self.contacts[0]).portal_readonly)

    def test_grant_applies_each_lines_choice(self):
        """Test that Apply and a line's Grant button give the read-only group only to lines with Read-only ticked."""
        wizard = self.open_wizard(self.company)
        self.line(wizard, self.contacts[0]).write(
            {"in_portal": True, "portal_readonly": True}
        )
        self.line(wizard, self.contacts[1]).write(
            {"in_portal": True, "portal_readonly": False}
        )
        wizard.action_apply()
        self.assertIn(self.group_readonly, self.contacts[0].user_ids.group_ids)
        self.assertNotIn(self.group_readonly, self.contacts[1].user_ids.group_ids)
        self.assertTrue(self.contacts[1].user_ids._is_portal())
        # a line's own button (one line, sent at once)
        line = self.line(wizard, self.contacts[2])
        line.portal_readonly = False
        line.action_grant_access()
        self.assertTrue(self.contacts[2].user_ids._is_portal())
        self.assertNotIn(self.group_readonly, self.contacts[2].user_ids.group_ids)
        # the grant rows stand for it: no read-only row at a grant
        self.assertFalse(self._readonly_logs(self.contacts))

    def test_apply_changes_an_existing_portal_user_with_audit(self):
        """Test that Apply adds and removes the read-only group of existing portal users, one audit row each, nothing for unchanged lines."""
        users = self.make_portal(self.contacts[0]) | self.make_portal(self.contacts[1])
        users[1].group_ids = [(4, self.group_readonly.id)]
        wizard = self.open_wizard(self.company)
        self.line(wizard, self.contacts[0]).portal_readonly = True
        self.line(wizard, self.contacts[1]).portal_readonly = False
        wizard.action_apply()
        self.assertIn(self.group_readonly, users[0].group_ids)
        self.assertNotIn(self.group_readonly, users[1].group_ids)
        self.assertTrue(users[1]._is_portal())
        logs = self._readonly_logs(self.contacts)
        self.assertEqual(
            {(log.partner_id, log.event, log.author_id) for log in logs},
            {
                (self.contacts[0], "readonly_on", self.admin),
                (self.contacts[1], "readonly_off", self.admin),
            },
        )
        self.assertEqual(
            set(logs.with_user(self.admin).mapped("display_name")),
            {"Read-only portal set", "Read-only portal removed"},
        )
        # Apply again, nothing changed: no new row
        self.open_wizard(self.company).action_apply()
        self.assertEqual(self._readonly_logs(self.contacts), logs)

    def test_only_portal_access_managers_change_it(self):
        """Test that a Portal Access Manager without user-admin rights changes it, and a clerk without the group cannot."""
        user = self.make_portal(self.contacts[0])
        manager = new_test_user(
            self.env,
            login="portal_readonly_manager",
            groups="base.group_user,base.group_partner_manager,"
            "portal_access_ext.group_portal_access_manager",
        )
        wizard = self.open_wizard(self.contacts[0], user=manager)
        wizard.user_ids.portal_readonly = True
        wizard.action_apply()
        self.assertIn(self.group_readonly, user.group_ids)
        clerk = make_clerk(self.env, "portal_readonly_clerk", "Clerk-Pass-1234!")
        with self.assertRaises(AccessError):
            self.open_wizard(self.contacts[0], user=clerk)
        wizard = self.open_wizard(self.contacts[0])
        wizard.user_ids.portal_readonly = False
        with self.assertRaises(AccessError):
            wizard.with_user(clerk).action_apply()
        self.assertIn(self.group_readonly, user.group_ids)

    def test_user_form_checkbox_is_audited(self):
        """Test that the user form's 'Read-only Portal' checkbox leaves an audit row too."""
        user = self.make_portal(self.contacts[0])
        user.with_user(self.admin).portal_readonly = True
        user.with_user(self.admin).portal_readonly = False
        self.assertEqual(
            self._readonly_logs(self.contacts[0]).mapped("event"),
            ["readonly_off", "readonly_on"],
        )

    def test_column_is_optional_and_hidden(self):
        """Test that the wizard's list has a Read-only toggle column, hidden by default (one line per row)."""
        arch = etree.fromstring(
            self.env["portal.wizard"]
            .with_user(self.admin)
            .get_view(self.env.ref("portal.wizard_view").id, "form")["arch"]
        )
        (node,) = arch.xpath(
            "//field[@name='user_ids']/list/field[@name='portal_readonly']"
        )
        self.assertEqual(node.get("optional"), "hide")
        self.assertEqual(node.get("widget"), "boolean_toggle")

    def _apply_readonly_query_count(self, size, tag):
        company, contacts = make_company_with_contacts(self.env, f"Ro {tag}", size)
        for contact in contacts:
            self.make_portal(contact)
        wizard = self.open_wizard(company)
        lines = wizard.user_ids.filtered("is_portal")
        lines.write({"portal_readonly": True})
        self.env.flush_all()
        self.env.invalidate_all()
        before = sql_db.sql_counter
        wizard.action_apply()
        self.env.flush_all()
        self.assertEqual(
            len(
                contacts.user_ids.filtered(lambda u: self.group_readonly in u.group_ids)
            ),
            size,
        )
        return sql_db.sql_counter - before

    def test_apply_queries_do_not_grow_with_readonly_changes(self):
        """Test that Apply changing Read-only on 30 portal users runs as many SQL queries as on 5 (batched)."""
        self._apply_readonly_query_count(3, "warm")
        small = self._apply_readonly_query_count(5, "small")
        large = self._apply_readonly_query_count(30, "large")
        self.assertLessEqual(large, small + 5, f"5 changed: {small}, 30: {large}")
