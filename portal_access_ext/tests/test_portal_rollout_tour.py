from odoo.tests import HttpCase, tagged

from .common import make_admin, make_company_with_contacts


@tagged("post_install", "-at_install")
class TestPortalRolloutTour(HttpCase):
    def test_rollout_from_contacts_list_tour(self):
        """Test that an admin selects contacts in the Contacts list, starts the
        Portal Rollout from the Action menu and sees its outcome."""
        admin = make_admin(self.env, login="portal_rollout_tour_admin")
        admin.password = "portal_rollout_tour_admin-Pass-1!"
        self.env.company.email = "company@pae-rollout-tour.example.com"
        company, contacts = make_company_with_contacts(self.env, "Rollout Tour", 3)
        self.start_tour(
            "/odoo/action-base.action_partner_form?view_type=list",
            "portal_access_ext_rollout",
            login="portal_rollout_tour_admin",
        )
        for partner in contacts:
            self.assertTrue(partner.user_ids._is_portal())
            self.assertEqual(
                partner.user_ids.portal_invite_message, "Welcome to our portal"
            )
        self.assertFalse(company.user_ids, "only the selected contacts")
        job = self.env["portal.rollout.job"].search([("user_id", "=", admin.id)])
        self.assertEqual((job.state, job.granted_count), ("done", 3))
