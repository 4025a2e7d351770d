from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from .admin_common import AdminCase
from .common import make_admin, make_company_with_contacts
from .entry_points import call, rpc_user


@tagged("post_install", "-at_install")
class TestPortalDocumentChoice(AdminCase):
    def test_choose_with_no_kind_refused_without_confirmation(self):
        """Test that 'Choose Portal Documents' with no kind is refused unless confirmed."""
        contact = self.contacts[0].with_user(self.admin)
        with (
            self.assertRaisesRegex(ValidationError, "Show No Documents"),
            self.env.cr.savepoint(),
        ):
            contact.write({"portal_category_restrict": True})
        contact.invalidate_recordset()
        self.assertFalse(contact.portal_category_restrict)
        contact.write(
            {"portal_category_restrict": True, "portal_category_none_confirmed": True}
        )
        self.assertFalse(contact._get_portal_visible_categories())
        # Unselecting every kind later is refused the same way.
        other = self.contacts[1].with_user(self.admin)
        invoices = self.env.ref(
            "portal_access_ext.portal_document_category_account_invoice"
        )
        other.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [Command.set(invoices.ids)],
            }
        )
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            other.write({"portal_category_ids": [Command.clear()]})
        other.invalidate_recordset()
        self.assertEqual(other.portal_category_ids, invoices)

    def test_selecting_kinds_clears_show_no_documents(self):
        """Test that selecting kinds clears 'Show No Documents', so a later empty choice is refused again."""
        invoices = self.env.ref(
            "portal_access_ext.portal_document_category_account_invoice"
        )
        contacts = self.contacts[:2].with_user(self.admin)
        contacts.write(
            {"portal_category_restrict": True, "portal_category_none_confirmed": True}
        )
        # one write for several contacts (batch)
        contacts.write({"portal_category_ids": [Command.set(invoices.ids)]})
        self.assertEqual(
            contacts.mapped("portal_category_none_confirmed"), [False, False]
        )
        for contact in contacts:
            with (
                self.assertRaisesRegex(ValidationError, "Show No Documents"),
                self.env.cr.savepoint(),
            ):
                contact.write({"portal_category_ids": [Command.clear()]})
        # a contact created with kinds and the confirmation keeps only the kinds
        created = (
            self.env["res.partner"]
            .with_user(self.admin)
            .create(
                [
                    {
                        "name": "Kinds At Creation",
                        "portal_category_restrict": True,
                        "portal_category_none_confirmed": True,
                        "portal_category_ids": [Command.set(invoices.ids)],
                    },
                    {
                        "name": "No Kind At Creation",
                        "portal_category_restrict": True,
                        "portal_category_none_confirmed": True,
                    },
                ]
            )
        )
        self.assertEqual(
            created.mapped("portal_category_none_confirmed"), [False, True]
        )

    def test_contact_form_warns_before_saving(self):
        """Test that the contact form warns and asks to confirm before saving no kind."""
        form = Form(self.contacts[0].with_user(self.admin))
        form.portal_category_restrict = True
        with self.assertRaisesRegex(ValidationError, "no kind of document"):
            form.save()
        form.portal_category_none_confirmed = True
        form.save()
        self.assertTrue(self.contacts[0].portal_category_none_confirmed)
        arch = self.env["res.partner"].get_view(view_type="form")["arch"]
        self.assertIn("o_portal_category_none_warning", arch)
        self.assertIn('name="portal_category_none_confirmed"', arch)

    def test_wizard_line_with_no_kind_refused(self):
        """Test that Apply refuses a line whose kinds were all unticked, changing nothing."""
        wizard = self.open_wizard(self.company)
        line = self.line(wizard, self.contacts[0])
        line.in_portal = True
        line.portal_category_ids = False
        with self.assertRaisesRegex(UserError, "Nothing was changed") as caught:
            wizard.action_apply()
        self.assertIn(self.contacts[0].name, str(caught.exception))
        self.assertIn("Show No Documents", str(caught.exception))
        self.assertFalse(self.contacts[0].user_ids)
        self.assertFalse(self.contacts[0].portal_category_restrict)
        # Confirmed on the contact, the same choice goes through.
        self.contacts[0].write(
            {"portal_category_restrict": True, "portal_category_none_confirmed": True}
        )
        wizard = self.open_wizard(self.company)
        line = self.line(wizard, self.contacts[0])
        self.assertFalse(line.portal_category_ids)
        line.in_portal = True
        wizard.action_apply()
        self.assertTrue(self.contacts[0].user_ids._is_portal())


@tagged("post_install", "-at_install")
class TestPortalDocumentChoiceProtocols(HttpCase):
    def test_every_entry_point_refuses_empty_choice(self):
        """Test that every RPC entry point refuses an unconfirmed empty document choice and changes nothing."""
        admin = make_admin(self.env, login="portal_choice_rpc_admin")
        password = "portal_choice_rpc_admin-Pass-1!"
        admin.password = password
        user = rpc_user(self.env, admin, password, api_key=True)
        _company, contact = make_company_with_contacts(self.env, "Rpc Choice Co", 1)
        for entry_point in ("call_kw", "jsonrpc", "xmlrpc", "json2"):
            with self.subTest(entry_point=entry_point):
                outcome = call(
                    self,
                    entry_point,
                    user,
                    "res.partner",
                    "write",
                    [contact.ids],
                    {"vals": {"portal_category_restrict": True}},
                )
                self.assertEqual(outcome.kind, "validation", outcome)
                self.assertIn("Show No Documents", outcome.message)
                contact.invalidate_recordset()
                self.assertFalse(contact.portal_category_restrict)
