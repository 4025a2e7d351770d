from urllib.parse import urlsplit

from odoo import Command
from odoo.tests import HttpCase, tagged

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
        self.start_tour("/my", "pae_portal_team_tour", login=self.user_a.login)
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
            f"{url.path}?{url.query}", "pae_portal_team_signup_tour", login=None
        )
        self.assertTrue(colleague.user_ids.login_date)

    def test_invitation_waits_for_approval(self):
        """Test that an invitation needing approval waits, then a manager's approval grants it."""
        self.company_a.portal_team_approval_required = True
        self.start_tour(
            "/my/team", "pae_portal_team_approval_tour", login=self.user_a.login
        )
        request = self.env["portal.access.request"].search(
            [("company_partner_id", "=", self.company_a.id)]
        )
        self.assertEqual(request.partner_id.name, "Waiting Colleague")
        self.assertEqual(request.requested_by_id, self.user_a)
        self.assertFalse(request.partner_id.user_ids)
        admin = make_admin(self.env, "pae_team_tour_admin")
        request.with_user(admin).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertTrue(request.partner_id.user_ids._is_portal())
        self.authenticate(self.user_a.login, self.user_a.login)
        page = self.url_open("/my/team")
        self.assertRegex(page.text, r"Waiting Colleague[\s\S]*?Invited")
