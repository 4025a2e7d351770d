from odoo import Command
from odoo.tests import HttpCase, tagged

from .readonly_common import ReadonlyPortalMixin


@tagged("post_install", "-at_install")
class TestReadonlyTours(ReadonlyPortalMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_readonly_portal()
        # a second confirmed order, so the number shown is not a presence flag
        cls.docs_a["order"].copy().action_confirm()
        # start_tour logs in with the login as password
        cls.user_a.password = cls.user_a.login
        # the company sees every category but invoices and bills
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

    def test_dashboard_tour(self):
        """Test that /my shows the visible categories with their numbers and not the hidden ones."""
        self.start_tour("/my", "portal_access_ext_dashboard", login=self.user_a.login)
