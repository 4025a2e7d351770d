from urllib.parse import urlsplit

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import make_admin, make_portal_user
from .readonly_common import ReadonlyPortalMixin


@tagged("post_install", "-at_install")
class TestPortalTeamTours(ReadonlyPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_readonly_portal()
        cls.env.company.email = "company@pae-team-tour.example.com"
        # start_tour logs in with the login as password
        cls.user_a.write({"password": cls.user_a.login, "portal_customer_admin": True})
        hidden = cls.categories["account_invoice"] | cls.categories["account_bill"]
        visible = (
            cls.env["portal.document.category"]._get_available_categories() - hidden
        )
        cls.company_a.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [Command.set(visible.ids)],
            }
        )
        leaver = cls.env["res.partner"].create(
            {
                "name": "Tour Leaver",
                "email": "tour.leaver@example.com",
                "parent_id": cls.company_a.id,
            }
        )
        cls.leaver = make_portal_user(
            cls.env, leaver.email, partner=leaver, name=leaver.name
        )

    def test_admin_invites_colleague_who_signs_up(self):
        """Test that a customer administrator revokes and invites, and the colleague signs up seeing fewer documents."""
        self.start_tour("/my", "portal_team_tour", login=self.user_a.login)
        self.assertFalse(self.leaver.active)
        colleague = self.env["res.partner"].search(
            [("email", "=", "tour.colleague@example.com")]
        )
        self.assertEqual(colleague.parent_id, self.company_a)
        self.assertNotIn(
            self.categories["sale_order"], colleague._get_portal_visible_categories()
        )
        url = urlsplit(colleague._get_signup_url())
        self.start_tour(
            f"{url.path}?{url.query}", "portal_team_signup_tour", login=None
        )
        self.assertTrue(colleague.user_ids.login_date)

    def test_admin_finds_a_contact_among_many(self):
        """Test that a customer administrator finds a contact among many with the invitation form's search, and invites them."""
        contacts = self.env["res.partner"].create(
            [
                {"name": f"Tour Crowd {i:02d}", "parent_id": self.company_a.id}
                for i in range(25)
            ]
            + [
                {
                    "name": "Tour Needle",
                    "email": "needle@tour-crowd.example.com",
                    "parent_id": self.company_a.id,
                }
            ]
        )
        self.start_tour("/my/team", "portal_team_search_tour", login=self.user_a.login)
        self.assertTrue(contacts[-1].user_ids._is_portal())
        self.assertFalse(contacts[:-1].user_ids)

    def test_invitation_waits_for_approval(self):
        """Test that an invitation needing approval waits, then a manager's approval grants it."""
        self.company_a.portal_team_approval_required = True
        self.start_tour(
            "/my/team", "portal_team_approval_tour", login=self.user_a.login
        )
        request = self.env["portal.access.request"].search(
            [("company_partner_id", "=", self.company_a.id)]
        )
        self.assertEqual(request.partner_id.name, "Waiting Colleague")
        self.assertEqual(request.requested_by_id, self.user_a)
        self.assertFalse(request.partner_id.user_ids)
        admin = make_admin(self.env, "portal_team_tour_admin")
        request.with_user(admin).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertTrue(request.partner_id.user_ids._is_portal())
        self.authenticate(self.user_a.login, self.user_a.login)
        page = self.url_open("/my/team")
        self.assertRegex(page.text, r"Waiting Colleague[\s\S]*?Invited")


@tagged("post_install", "-at_install")
class TestPortalAccessRequestTour(MockEmail, ReadonlyPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_readonly_portal()
        cls.env.company.email = "company@pae-request-tour.example.com"
        # start_tour logs in with the login as password
        cls.user_a.write({"password": cls.user_a.login, "portal_customer_admin": True})
        cls.company_a.portal_team_approval_required = True
        # a Portal Access Manager who is no Settings administrator
        cls.manager = new_test_user(
            cls.env,
            login="portal_request_manager",
            groups="base.group_user,base.group_partner_manager,"
            "portal_access_ext.group_portal_access_manager",
            email="portal_request_manager@example.com",
        )
        for name in ("Approved Colleague", "Refused Colleague"):
            outcome = cls.user_a._portal_team_invite(
                {"name": name, "email": f"{name.split()[0].lower()}@example.com"}
            )
            assert outcome == "pending", outcome
        cls.requests = cls.env["portal.access.request"].search(
            [("company_partner_id", "=", cls.company_a.id)]
        )

    def test_manager_approves_one_and_refuses_the_other(self):
        """Test that a Portal Access Manager approves and refuses invitations from the backend list, and the customer sees both."""
        approved = self.requests.filtered(
            lambda r: r.partner_id.name == "Approved Colleague"
        )
        refused = self.requests - approved
        self.assertEqual(set(self.requests.mapped("state")), {"pending"})
        with self.mock_mail_gateway():
            self.start_tour(
                "/odoo/action-portal_access_ext.portal_access_request_action",
                "portal_access_request_tour",
                login=self.manager.login,
            )
        self.assertEqual(approved.state, "approved")
        self.assertEqual(approved.decided_by_id, self.manager)
        self.assertEqual(refused.state, "refused")
        self.assertEqual(refused.decided_by_id, self.manager)
        self.assertTrue(approved.partner_id.user_ids._is_portal())
        self.assertFalse(refused.partner_id.user_ids)
        invitations = [
            mail
            for mail in self._mails
            if approved.partner_id.email in ",".join(mail["email_to"])
        ]
        self.assertEqual(
            len(invitations), 1, "one invitation to the approved colleague"
        )
        self.assertIn("/web/signup?", invitations[0]["body"])
        self.assertFalse(
            [
                mail
                for mail in self._mails
                if refused.partner_id.email in ",".join(mail["email_to"])
            ]
        )
        self.start_tour(
            "/my/team",
            "portal_access_request_customer_tour",
            login=self.user_a.login,
        )
