from urllib.parse import urlsplit

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import make_portal_user
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
