from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from odoo.addons.portal_access_ext.models.portal_rollout_job import PortalRolloutJob
from odoo.addons.portal_access_ext.wizard.portal_rollout import PortalRollout

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

    def test_rollout_progress_follows_the_job_tour(self):
        """Test that the form of a queued rollout shows each committed batch and the outcome by itself (bus notifications), without Refresh."""
        admin = make_admin(self.env, login="portal_rollout_live_admin")
        admin.password = "portal_rollout_live_admin-Pass-1!"
        self.env.company.email = "company@pae-rollout-live.example.com"
        _company, contacts = make_company_with_contacts(self.env, "Rollout Live", 3)
        with patch.object(PortalRollout, "_get_sync_limit", return_value=1):
            action = (
                self.env["portal.rollout"]
                .with_user(admin)
                .with_context(active_model="res.partner", active_ids=contacts.ids)
                .create({})
                .action_rollout()
            )
        job = self.env["portal.rollout.job"].browse(action["res_id"])
        self.assertEqual(job.state, "queued")
        notified = []
        notify = PortalRolloutJob._notify_progress

        def count_progress(job):
            notified.append(job.done_count)
            return notify(job)

        with (
            patch.object(PortalRolloutJob, "_get_batch_size", return_value=2),
            patch.object(PortalRolloutJob, "_notify_progress", count_progress),
        ):
            self.start_tour(
                f"/odoo/action-portal_access_ext.portal_rollout_job_action/{job.id}",
                "portal_access_ext_rollout_live",
                login="portal_rollout_live_admin",
            )
        self.assertEqual((job.state, job.granted_count), ("done", 3))
        self.assertEqual(
            notified, [2, 3, 3], "one notification per batch, one at the end"
        )
