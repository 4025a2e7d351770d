from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .admin_common import AdminCase


@tagged("post_install", "-at_install")
class TestPortalWizardValidation(AdminCase):
    def _snapshot(self):
        users = self.env["res.users"].with_context(active_test=False)
        return (
            users.search_count([]),
            self.env["mail.mail"].search_count([]),
            self.env["portal.access.log"].search_count([]),
            [(p.email, p.signup_type) for p in self.company | self.contacts],
        )

    def test_all_problems_listed_and_nothing_changes(self):
        """Test that every problem is listed in one error and nothing changes."""
        other = self.env["res.partner"].create(
            {"name": "Other Owner", "email": "taken@example.com"}
        )
        self.make_portal(other)
        employee = new_test_user(
            self.env,
            login="portal_val_employee",
            groups="base.group_user",
            email="portal_val_employee@example.com",
        )
        extra = self.env["res.partner"].create(
            [
                {"name": "Dup A", "email": "dup@example.com"},
                {"name": "Dup B", "email": "dup@example.com"},
                {"name": "Fine One", "email": "fine@example.com"},
            ]
        )
        wizard = self.open_wizard(
            self.contacts | extra | employee.partner_id | self.company
        )
        self.line(wizard, self.contacts[0]).email = ""
        self.line(wizard, self.contacts[1]).email = "not-an-email"
        self.line(wizard, self.contacts[2]).email = "  TAKEN@Example.com "
        self.line(wizard, employee.partner_id).in_portal = True
        self.line(wizard, extra[0]).access_expiry_date = "2020-01-31"
        (wizard.user_ids - self.line(wizard, self.company)).in_portal = True

        before = self._snapshot()
        with self.assertRaises(UserError) as err:
            wizard.action_apply()
        message = str(err.exception)
        self.assertIn(
            "Acme Admin, Acme Admin Contact 0: missing or invalid email", message
        )
        self.assertIn("not-an-email", message)
        self.assertIn("already the login of another user", message)
        self.assertRegex(
            message,
            r"Dup [AB] and Dup [AB] have the same email address dup@example\.com",
        )
        self.assertIn("is an internal user", message)
        self.assertIn(
            "Dup A: the access expiry date 01/31/2020 is in the past", message
        )
        self.assertNotIn("Fine One", message)
        self.assertEqual(self._snapshot(), before)
        self.assertFalse(extra[2].user_ids)
        self.assertTrue(employee._is_internal())

    def test_case_and_space_insensitive_clash(self):
        """Test that an email differing only by case or spaces from a login is refused."""
        owner = self.env["res.partner"].create({"name": "Owner", "email": "x@e.com"})
        owner_user = self.make_portal(owner, login="Mixed.Case@Example.com")
        self.assertEqual(owner_user.login, "Mixed.Case@Example.com")
        wizard = self.open_wizard(self.contacts[0])
        wizard.user_ids.email = " mixed.case@example.COM"
        self.assertEqual(wizard.user_ids.email_state, "exist")
        wizard.user_ids.in_portal = True
        with self.assertRaisesRegex(UserError, "already the login of another user"):
            wizard.action_apply()
        with self.assertRaisesRegex(UserError, "already the login of another user"):
            wizard.user_ids.action_grant_access()
        self.assertFalse(self.contacts[0].user_ids)

    def test_sender_missing_reported_up_front(self):
        """Test that Apply refuses to grant when invitations would have no sender."""
        self._remove_senders()
        wizard = self.open_wizard(self.contacts[0])
        wizard.user_ids.in_portal = True
        with self.assertRaisesRegex(UserError, "No sender address is configured"):
            wizard.action_apply()
        self.assertFalse(self.contacts[0].user_ids)

    def _remove_senders(self):
        self.env.company.email = False
        self.env.company.alias_domain_id = False
        self.admin.email = False
        self.env["ir.config_parameter"].set_param("mail.default.from", False)
