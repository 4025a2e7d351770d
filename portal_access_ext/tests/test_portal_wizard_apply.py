from odoo import sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .admin_common import AdminCase
from .common import make_company_with_contacts


@tagged("post_install", "-at_install")
class TestPortalWizardApply(AdminCase):
    def test_company_lists_company_and_contacts(self):
        """Test that a company opens with itself and all its contacts, status set."""
        portal = self.make_portal(self.contacts[0])
        wizard = self.open_wizard(self.company)
        self.assertEqual(wizard.user_ids.partner_id, self.company | self.contacts)
        line = self.line(wizard, self.contacts[0])
        self.assertEqual(line.user_id, portal)
        self.assertEqual(line.status, "portal")
        self.assertTrue(line.in_portal)
        self.assertEqual(self.line(wizard, self.contacts[1]).status, "none")
        self.assertFalse(self.line(wizard, self.contacts[1]).in_portal)

    def test_multi_selection_lists_selected_contacts(self):
        """Test that a multi-selection of contacts opens one line per contact."""
        loose = self.env["res.partner"].create(
            [{"name": f"Loose {i}", "email": f"loose{i}@example.com"} for i in range(2)]
        )
        wizard = self.open_wizard(loose | self.contacts[0])
        self.assertEqual(wizard.user_ids.partner_id, loose | self.contacts[0])
        self.assertEqual(set(wizard.user_ids.mapped("email_state")), {"ok"})

    def test_apply_grants_revokes_and_reports(self):
        """Test that Apply grants ticked lines, revokes unticked ones, and reports it."""
        revoked_user = self.make_portal(self.contacts[2])
        wizard = self.open_wizard(self.company)
        self.line(wizard, self.contacts[0]).in_portal = True
        self.line(wizard, self.contacts[1]).in_portal = True
        self.line(wizard, self.contacts[2]).in_portal = False
        wizard.action_apply()

        summary = wizard.summary.splitlines()
        self.assertEqual(summary[0], "2 granted, 1 revoked, 1 unchanged.")
        self.assertTrue(
            summary[1].startswith(
                f"Granted: {self.contacts[0].name}, {self.contacts[1].name}. "
                "Their invitations are queued and go out from "
            ),
            summary[1],
        )
        self.assertEqual(
            summary[2],
            f"Revoked: {self.contacts[2].name}; their open sessions are closed.",
        )
        self.assertEqual(summary[3], f"Unchanged: {self.company.name}.")
        for partner in self.contacts[:2]:
            user = partner.with_context(active_test=False).user_ids
            self.assertEqual(len(user), 1)
            self.assertTrue(user.active)
            self.assertTrue(user._is_portal())
            self.assertEqual(user.login, partner.email)
            self.assertIn(self.group_readonly, user.group_ids)
            self.assertEqual(partner.signup_type, "signup")
        self.assertFalse(revoked_user.active)
        self.assertFalse(self.company.user_ids)
        self.assertEqual(
            wizard.user_ids.mapped("status").count("portal"), 2, "lines are refreshed"
        )

    def test_revoked_user_is_reused(self):
        """Test that a later grant reactivates the revoked user instead of creating one."""
        user = self.make_portal(self.contacts[0])
        wizard = self.open_wizard(self.contacts[0])
        wizard.user_ids.in_portal = False
        wizard.action_apply()
        self.assertFalse(user.active)
        wizard = self.open_wizard(self.contacts[0])
        self.assertEqual(wizard.user_ids.user_id, user)
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        self.assertTrue(user.active)
        self.assertEqual(
            self.contacts[0].with_context(active_test=False).user_ids, user
        )

    def test_readonly_group_follows_parameter(self):
        """Test that the read-only group is only added when the parameter is set."""
        self.env["ir.config_parameter"].set_param(
            "portal_access_ext.readonly_by_default", "False"
        )
        wizard = self.open_wizard(self.contacts[0])
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        user = self.contacts[0].user_ids
        self.assertTrue(user._is_portal())
        self.assertNotIn(self.group_readonly, user.group_ids)

    def test_per_line_buttons_keep_stock_meaning(self):
        """Test that Grant, Re-invite and Revoke buttons still work line by line."""
        wizard = self.open_wizard(self.contacts[0])
        line = wizard.user_ids
        line.action_grant_access()
        user = self.contacts[0].user_ids
        self.assertTrue(user._is_portal())
        self.assertIn(self.group_readonly, user.group_ids)
        self.assertTrue(line.in_portal)
        with self.assertRaises(UserError):
            line.action_grant_access()
        line.action_invite_again()
        line.action_revoke_access()
        self.assertFalse(user.active)
        self.assertFalse(line.in_portal)
        with self.assertRaises(UserError):
            line.action_revoke_access()

    def test_internal_user_never_downgraded(self):
        """Test that an unticked internal user is left alone by Apply."""
        employee = new_test_user(
            self.env,
            login="portal_employee",
            groups="base.group_user",
            email="portal_employee@example.com",
        )
        wizard = self.open_wizard(employee.partner_id)
        self.assertEqual(wizard.user_ids.status, "internal")
        self.assertFalse(wizard.user_ids.in_portal)
        wizard.action_apply()
        self.assertEqual(
            wizard.summary,
            "0 granted, 0 revoked, 1 unchanged.\n"
            f"Unchanged: {employee.partner_id.name}.",
        )
        self.assertTrue(employee.active)
        self.assertTrue(employee._is_internal())

    def test_expiry_date_on_grant_and_on_kept_line(self):
        """Test that a line's expiry date is written on the user on grant and later edits."""
        wizard = self.open_wizard(self.contacts[0])
        wizard.user_ids.write({"in_portal": True, "access_expiry_date": "2030-01-31"})
        wizard.action_apply()
        user = self.contacts[0].user_ids
        self.assertEqual(str(user.portal_access_expiry_date), "2030-01-31")
        wizard = self.open_wizard(self.contacts[0])
        self.assertEqual(str(wizard.user_ids.access_expiry_date), "2030-01-31")
        wizard.user_ids.access_expiry_date = "2031-05-01"
        wizard.action_apply()
        self.assertEqual(str(user.portal_access_expiry_date), "2031-05-01")

    def test_caller_rights_checked(self):
        """Test that an employee without contact rights can neither open nor apply."""
        employee = new_test_user(
            self.env, login="portal_plain_employee", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            self.open_wizard(self.contacts[0], user=employee)
        wizard = self.open_wizard(self.contacts[0])
        wizard.user_ids.in_portal = True
        with self.assertRaises(AccessError):
            wizard.with_user(employee).action_apply()
        self.assertFalse(self.contacts[0].user_ids)

    def test_login_differs_shown_on_line(self):
        """Test that a wizard line warns when the login is not the contact's email."""
        user = self.make_portal(self.contacts[0])
        user.login = "other-login@example.com"
        wizard = self.open_wizard(self.contacts[0])
        self.assertTrue(wizard.user_ids.login_differs)
        self.assertEqual(wizard.user_ids.user_login, "other-login@example.com")

    def _apply_query_count(self, size, tag):
        company, contacts = make_company_with_contacts(self.env, f"Scale {tag}", size)
        wizard = self.open_wizard(company)
        wizard.user_ids.write({"in_portal": True})
        self.env.flush_all()
        self.env.invalidate_all()
        before = sql_db.sql_counter
        wizard.action_apply()
        self.env.flush_all()
        self.assertEqual(len(contacts.user_ids), size)
        return sql_db.sql_counter - before

    def test_apply_queries_do_not_grow_with_contacts(self):
        """Test that a bulk Apply runs as many SQL queries for 30 contacts as for 5
        (no query per contact), the property behind its linear cost."""
        self._apply_query_count(3, "warm")  # first-use caches of the registry
        small = self._apply_query_count(5, "small")
        large = self._apply_query_count(30, "large")
        # a few queries of slack: cache misses depend on the order of the run
        self.assertLessEqual(large, small + 5, f"5 contacts: {small}, 30: {large}")

    def _open_query_count(self, size, tag):
        company, contacts = make_company_with_contacts(self.env, f"Open {tag}", size)
        for contact in contacts[: size // 2]:
            self.make_portal(contact)
        self.env.flush_all()
        self.env.invalidate_all()
        before = sql_db.sql_counter
        wizard = self.open_wizard(company)
        wizard.user_ids.mapped("status")
        wizard.user_ids.mapped("email_state")
        wizard.user_ids.mapped("login_differs")
        wizard.user_ids.mapped("in_portal")
        self.env.flush_all()
        self.assertEqual(len(wizard.user_ids), size + 1)
        return sql_db.sql_counter - before

    def test_open_queries_do_not_grow_with_contacts(self):
        """Test that opening the wizard on 30 contacts runs as many SQL queries
        as on 6: its columns are computed for all lines at once."""
        self._open_query_count(4, "warm")
        small = self._open_query_count(6, "small")
        large = self._open_query_count(30, "large")
        self.assertLessEqual(large, small + 3, f"6 contacts: {small}, 30: {large}")

    def _apply_unchanged_query_count(self, unchanged, tag):
        company, contacts = make_company_with_contacts(
            self.env, f"Kept {tag}", unchanged + 1
        )
        for contact in contacts[1:]:
            self.make_portal(contact)
        wizard = self.open_wizard(company)
        self.line(wizard, contacts[0]).in_portal = True
        self.env.flush_all()
        self.env.invalidate_all()
        before = sql_db.sql_counter
        wizard.action_apply()
        self.env.flush_all()
        self.assertTrue(contacts[0].user_ids._is_portal())
        return sql_db.sql_counter - before

    def test_apply_queries_do_not_grow_with_unchanged_lines(self):
        """Test that Apply granting one contact runs as many SQL queries beside 30
        unchanged portal users as beside 5: its cost follows the changed lines."""
        self._apply_unchanged_query_count(3, "warm")
        small = self._apply_unchanged_query_count(5, "small")
        large = self._apply_unchanged_query_count(30, "large")
        self.assertLessEqual(large, small + 3, f"5 unchanged: {small}, 30: {large}")

    def test_bulk_grant_keeps_contact_data(self):
        """Test that a bulk grant changes nothing on the contacts but their email
        and signup state (stock's per-user create rewrites contact fields)."""
        contact = self.contacts[0]
        contact.write({"street": "1 Harbor Way", "comment": "<p>VIP</p>"})
        before = contact.read(["name", "street", "comment", "parent_id", "active"])[0]
        wizard = self.open_wizard(contact)
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        self.assertTrue(contact.user_ids)
        self.assertEqual(
            contact.read(["name", "street", "comment", "parent_id", "active"])[0],
            before,
        )

    def test_document_kinds_chosen_in_the_wizard(self):
        """Test that the wizard shows the document kinds each contact sees and that
        a change made on a line is saved on the contact by Apply (grant or kept),
        while untouched lines leave their contacts following their company."""
        Category = self.env["portal.document.category"]
        available = Category._get_available_categories()
        invoices = self.env.ref(
            "portal_access_ext.portal_document_category_account_invoice"
        )
        self.make_portal(self.contacts[2])
        wizard = self.open_wizard(self.company)
        for line in wizard.user_ids:
            self.assertEqual(line.portal_category_ids, available)
        granted = self.line(wizard, self.contacts[0])
        granted.in_portal = True
        granted.portal_category_ids = invoices
        kept = self.line(wizard, self.contacts[2])
        kept.portal_category_ids = invoices
        self.line(wizard, self.contacts[1]).in_portal = True  # untouched kinds
        wizard.action_apply()

        for contact in (self.contacts[0], self.contacts[2]):
            self.assertTrue(contact.portal_category_restrict)
            self.assertEqual(contact._get_portal_visible_categories(), invoices)
        self.assertFalse(self.contacts[1].portal_category_restrict)
        self.assertEqual(self.contacts[1]._get_portal_visible_categories(), available)
        # reopened, the wizard shows the saved choice
        reopened = self.open_wizard(self.company)
        self.assertEqual(
            self.line(reopened, self.contacts[0]).portal_category_ids, invoices
        )
