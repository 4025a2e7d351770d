from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .admin_common import AdminCase
from .common import make_company_with_contacts, make_customer_admin, make_portal_user


@tagged("post_install", "-at_install")
class TestPortalTeam(AdminCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_admin = make_customer_admin(cls.env, cls.company)
        cls.other_company, cls.other_contacts = make_company_with_contacts(
            cls.env, "Other Team", 1
        )
        cls.as_admin = cls.team_admin.with_user(cls.team_admin)

    def invite(self, **values):
        return self.as_admin._portal_team_invite(values)

    def logs(self, event):
        return self.env["portal.access.log"].search(
            [("event", "=", event), ("author_id", "=", self.team_admin.id)]
        )

    def test_admin_invites_an_existing_colleague(self):
        """Test that a customer administrator grants a colleague through the wizard's path."""
        self.assertEqual(self.invite(partner_id=self.contacts[0].id), "invited")
        user = self.contacts[0].user_ids
        self.assertTrue(user._is_portal())
        self.assertIn(self.group_readonly, user.group_ids)
        self.assertFalse(user.portal_customer_admin)
        self.assertEqual(self.logs("grant").partner_id, self.contacts[0])

    def test_admin_invites_a_new_contact_with_fewer_documents(self):
        """Test that a new colleague is created in the company and sees only the kinds chosen."""
        kinds = self.company._get_portal_visible_categories()
        self.invite(
            name="New Colleague",
            email="  New.Colleague@Acme-Admin.example.com ",
            category_ids=kinds[:1].ids,
            expiry_date="2099-01-01",
        )
        partner = self.env["res.partner"].search(
            [("email", "=", "new.colleague@acme-admin.example.com")]
        )
        self.assertEqual(partner.parent_id, self.company)
        self.assertEqual(partner._get_portal_visible_categories(), kinds[:1])
        self.assertEqual(str(partner.user_ids.portal_access_expiry_date), "2099-01-01")

    def test_every_problem_at_once_and_nothing_created(self):
        """Test that a login clash (case and spaces), forged kinds and a past date are all listed and nothing is created."""
        make_portal_user(self.env, "taken@example.com")
        count = self.env["res.partner"].search_count([])
        with self.assertRaises(UserError) as caught:
            self.invite(
                name="Clash",
                email=" TAKEN@example.com ",
                category_ids=[999999],
                expiry_date="2000-01-01",
            )
        message = str(caught.exception)
        self.assertIn("already the login of another user", message)
        self.assertIn("kinds of documents you see yourself", message)
        self.assertIn("in the past", message)
        self.assertEqual(self.env["res.partner"].search_count([]), count)

    def test_refused_targets(self):
        """Test that another company's contact, an internal user and oneself are refused."""
        employee = new_test_user(self.env, login="portal_team_employee")
        employee.partner_id.parent_id = self.company
        for partner_id, text in (
            (self.other_contacts.id, "not one of your company"),
            (employee.partner_id.id, "internal user"),
            (self.team_admin.partner_id.id, "your own portal access"),
        ):
            with self.assertRaisesRegex(UserError, text):
                self.as_admin._portal_team_revoke(partner_id)
        with self.assertRaisesRegex(UserError, "not one of your company"):
            self.invite(partner_id=self.other_contacts.id)
        self.assertFalse(self.other_contacts.user_ids)

    def test_vendor_limits(self):
        """Test that invitations, the seat limit and appointing administrators follow the vendor's settings."""
        self.company.portal_team_max_users = 2
        self.invite(partner_id=self.contacts[0].id)
        with self.assertRaisesRegex(UserError, "maximum of 2"):
            self.invite(partner_id=self.contacts[1].id)
        self.company.portal_team_max_users = 0
        with self.assertRaisesRegex(UserError, "appoint administrators"):
            self.invite(partner_id=self.contacts[1].id, customer_admin=True)
        self.company.portal_team_admin_allowed = True
        self.invite(partner_id=self.contacts[1].id, customer_admin=True)
        self.assertTrue(self.contacts[1].user_ids.portal_customer_admin)
        self.company.portal_team_invite_allowed = False
        with self.assertRaisesRegex(UserError, "does not allow inviting"):
            self.invite(partner_id=self.contacts[2].id)

    def test_approval_flow(self):
        """Test that an invitation waits for approval, then a manager approves or refuses it."""
        self.company.portal_team_approval_required = True
        self.assertEqual(self.invite(partner_id=self.contacts[0].id), "pending")
        self.assertEqual(self.invite(partner_id=self.contacts[1].id), "pending")
        self.assertFalse(self.contacts[0].user_ids)
        requests = self.env["portal.access.request"].search(
            [("company_partner_id", "=", self.company.id)]
        )
        self.assertEqual(len(requests), 2)
        with self.assertRaisesRegex(UserError, "already waiting"):
            self.invite(partner_id=self.contacts[0].id)
        with self.assertRaises(AccessError):
            requests.with_user(self.team_admin).action_approve()
        first, second = requests.sorted("id")
        first.with_user(self.admin).action_approve()
        second.with_user(self.admin).action_refuse()
        self.assertTrue(self.contacts[0].user_ids._is_portal())
        self.assertFalse(self.contacts[1].user_ids)
        self.assertEqual((first | second).mapped("state"), ["approved", "refused"])
        self.assertTrue(self.logs("team_request"))

    def test_reinvite_revoke_and_expiry(self):
        """Test that the administrator re-invites, sets and clears an expiry, and revokes."""
        self.invite(partner_id=self.contacts[0].id)
        partner_id = self.contacts[0].id
        user = self.contacts[0].user_ids
        self.as_admin._portal_team_reinvite(partner_id)
        self.as_admin._portal_team_set_expiry(partner_id, "2099-05-01")
        self.assertEqual(str(user.portal_access_expiry_date), "2099-05-01")
        self.as_admin._portal_team_set_expiry(partner_id, False)
        self.assertFalse(user.portal_access_expiry_date)
        self.as_admin._portal_team_revoke(partner_id)
        self.assertFalse(user.active)
        for event in ("reinvite", "expiry_change", "revoke"):
            self.assertTrue(self.logs(event), event)

    def test_non_admins_are_refused(self):
        """Test that a portal user who is not an administrator, or was revoked, cannot act."""
        plain = self.make_portal(self.contacts[0])
        with self.assertRaises(AccessError):
            plain.with_user(plain)._portal_team_invite(
                {"partner_id": self.contacts[1].id}
            )
        self.team_admin.portal_customer_admin = False
        with self.assertRaises(AccessError):
            self.invite(partner_id=self.contacts[1].id)
        self.assertFalse(self.contacts[1].user_ids)

    def test_customer_admin_set_in_wizard(self):
        """Test that the wizard's Customer Administrator column is saved on grant and Apply."""
        wizard = self.open_wizard(self.contacts[0])
        wizard.user_ids.write({"in_portal": True, "portal_customer_admin": True})
        wizard.action_apply()
        user = self.contacts[0].user_ids
        self.assertTrue(user.portal_customer_admin)
        wizard = self.open_wizard(self.contacts[0])
        self.assertTrue(wizard.user_ids.portal_customer_admin)
        wizard.user_ids.portal_customer_admin = False
        wizard.action_apply()
        self.assertFalse(user.portal_customer_admin)
        with self.assertRaises(AccessError):
            user.with_user(self.team_admin).sudo(False).write(
                {"portal_customer_admin": True}
            )
