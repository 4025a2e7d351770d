"""Opening the portal-access wizard on many contacts: the similar-user check
follows the lines, not every line against every user, and the lines store no
document kinds until one is changed."""

from unittest.mock import patch

from odoo import Command
from odoo.sql_db import Cursor
from odoo.tests import tagged

from odoo.addons.portal.wizard.portal_wizard import PortalWizardUser

from .admin_common import AdminCase
from .common import make_company_with_contacts, queries_on


@tagged("post_install", "-at_install")
class TestPortalWizardScale(AdminCase):
    def _give_access(self, partners):
        portal = self.env.ref("base.group_portal")
        self.env["res.users"].with_context(no_reset_password=True).create(
            [
                {
                    "login": partner.email,
                    "name": partner.name,
                    "partner_id": partner.id,
                    "group_ids": [Command.set(portal.ids)],
                }
                for partner in partners
            ]
        )

    def test_similar_user_hook_called_per_line_not_per_pair(self):
        """Test that opening on 30 contacts with access calls the similar-user hook about once per line."""
        company, contacts = make_company_with_contacts(self.env, "Scale Co", 30)
        self._give_access(contacts)
        original = PortalWizardUser._is_portal_similar_than_user
        calls = []

        def counted(wizard_user, user, portal_user):
            calls.append(user["id"])
            return original(wizard_user, user, portal_user)

        with patch.object(PortalWizardUser, "_is_portal_similar_than_user", counted):
            wizard = self.open_wizard(company)
            states = wizard.user_ids.mapped("email_state")
        self.assertLessEqual(len(calls), len(wizard.user_ids))
        # each contact's own user is not "another user with this email"
        self.assertNotIn("exist", states)

    def test_email_of_another_user_still_exists(self):
        """Test that a contact whose email is another user's login (any case) is flagged."""
        company, contacts = make_company_with_contacts(self.env, "Scale Dup", 3)
        self._give_access(contacts[1:])
        contacts[0].email = contacts[1].email.upper()
        wizard = self.open_wizard(company)
        self.assertEqual(self.line(wizard, contacts[0]).email_state, "exist")
        self.assertEqual(self.line(wizard, contacts[1]).email_state, "ok")

    def test_open_stores_no_document_kinds_per_line(self):
        """Test that opening stores no document kinds on the lines until a line's kinds are changed."""
        company, contacts = make_company_with_contacts(self.env, "Scale Kinds", 20)
        Category = self.env["portal.document.category"]
        available = Category._get_available_categories()
        invoices = available[:1]
        contacts[0].write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [Command.set(invoices.ids)],
            }
        )
        inserted = []
        execute = Cursor.execute

        def watched(cr, query, params=None, log_exceptions=True):
            text = str(query)
            if "INSERT INTO" in text and "category" in text and "_rel" in text:
                inserted.append(text)
            return execute(cr, query, params, log_exceptions)

        # any relation row of the lines' kinds (one per line and kind before)
        with patch.object(Cursor, "execute", watched):
            wizard = self.open_wizard(company)
            wizard.flush_recordset()
            wizard.user_ids.flush_recordset()
        self.assertEqual(inserted, [])
        # the lines still start with what each contact sees now
        self.assertEqual(self.line(wizard, contacts[0]).portal_category_ids, invoices)
        self.assertEqual(self.line(wizard, contacts[1]).portal_category_ids, available)
        # a change on one line is kept on that line only
        line = self.line(wizard, contacts[1])
        line.portal_category_ids = invoices
        wizard.user_ids.invalidate_recordset()
        self.assertEqual(line.portal_category_ids, invoices)
        self.assertEqual(self.line(wizard, contacts[2]).portal_category_ids, available)

    def test_open_writes_readonly_only_for_users(self):
        """Test that opening the wizard on 250 contacts writes the lines' read-only column only for the lines of existing users (the setting's default is in the lines' INSERT; before, every line was updated again, 100 per statement), and that each line starts as its user is."""
        company, contacts = make_company_with_contacts(self.env, "Scale Writes", 250)
        self._give_access(contacts[:2])
        readonly = self.env.ref("portal_access_ext.group_portal_readonly")
        contacts[0].user_ids.group_ids = [Command.link(readonly.id)]
        for default in ("False", "True"):
            self.env["ir.config_parameter"].sudo().set_param(
                "portal_access_ext.readonly_by_default", default
            )
            with queries_on("portal_wizard_user") as queries:
                wizard = self.open_wizard(company)
                wizard.user_ids.flush_recordset()
            updates = [
                query
                for query in queries
                if query.lstrip().startswith("UPDATE") and '"portal_readonly"' in query
            ]
            self.assertLessEqual(len(updates), 1, default)
            self.assertTrue(self.line(wizard, contacts[0]).portal_readonly)
            self.assertFalse(self.line(wizard, contacts[1]).portal_readonly)
            self.assertEqual(
                self.line(wizard, contacts[2]).portal_readonly, default == "True"
            )

    def test_open_computes_user_columns_for_lines_of_users_only(self):
        """Test that opening the wizard on 250 contacts, two of them users, computes the user-dependent columns (stock's is_portal, is_internal) for those two lines only, as stock does until the web client reads a page of lines."""
        company, contacts = make_company_with_contacts(self.env, "Scale Users", 250)
        self._give_access(contacts[:2])
        computed = []
        compute = PortalWizardUser._compute_group_details

        def counting(lines):
            computed.extend(lines.ids)
            return compute(lines)

        with patch.object(PortalWizardUser, "_compute_group_details", counting):
            wizard = self.open_wizard(company)
            wizard.user_ids.flush_recordset()
        self.assertEqual(
            sorted(computed), sorted(wizard.user_ids.filtered("user_id").ids)
        )
        self.assertEqual(len(computed), 2)
        self.assertTrue(self.line(wizard, contacts[0]).in_portal)
        self.assertFalse(self.line(wizard, contacts[2]).in_portal)
