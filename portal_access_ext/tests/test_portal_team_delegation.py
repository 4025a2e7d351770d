from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .admin_common import AdminCase
from .common import make_customer_admin


@tagged("post_install", "-at_install")
class TestPortalTeamDelegation(AdminCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_admin = make_customer_admin(cls.env, cls.company)
        cls.kinds = cls.company._get_portal_visible_categories()
        cls.team_admin.partner_id.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [Command.set(cls.kinds[:1].ids)],
            }
        )
        cls.as_admin = cls.team_admin.with_user(cls.team_admin)

    def test_bound_is_what_the_admin_sees(self):
        """Test that the grantable kinds are the company's kinds the admin sees."""
        self.assertEqual(
            self.team_admin._portal_team_grantable_categories(self.company),
            self.kinds[:1],
        )

    def test_default_is_the_bound(self):
        """Test that a colleague invited with the default kinds gets the bound."""
        self.as_admin._portal_team_invite({"partner_id": self.contacts[0].id})
        self.assertEqual(
            self.contacts[0]._get_portal_visible_categories(), self.kinds[:1]
        )

    def test_forged_kinds_refused_nothing_created(self):
        """Test that kinds beyond the bound are refused and nothing is created."""
        count = self.env["res.partner"].search_count([])
        with self.assertRaisesRegex(UserError, "kinds of documents you see yourself"):
            self.as_admin._portal_team_invite(
                {
                    "name": "Forged",
                    "email": "forged@example.com",
                    "category_ids": self.kinds.ids,
                }
            )
        self.assertEqual(self.env["res.partner"].search_count([]), count)
