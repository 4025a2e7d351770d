from odoo.tests import HttpCase, tagged

from .common import make_portal_user


@tagged("post_install", "-at_install")
class TestPortalLoginTour(HttpCase):
    def test_portal_customer_reaches_my(self):
        """Test that a portal customer logs in through the browser and reaches /my."""
        make_portal_user(
            self.env,
            "portal_tour_customer@example.com",
            name="Tour Customer",
            password="Tour-Customer-Pass-1!",
        )
        self.start_tour("/web/login", "portal_access_ext_login")
