from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from .common import make_admin, make_portal_user


@tagged("post_install", "-at_install")
class TestAccessReviewTour(HttpCase):
    def test_review_bulk_revoke_tour(self):
        """Test that an admin filters dormant users and revokes one from the review screen."""
        make_admin(
            self.env, login="portal_review_tour_admin"
        ).password = "portal_review_tour_admin-Pass-1!"
        dormant = make_portal_user(
            self.env, "review-dormant@example.com", name="Review Tour Dormant"
        )
        recent = make_portal_user(
            self.env, "review-recent@example.com", name="Review Tour Recent"
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE res_users SET create_date = %s WHERE id = %s",
                fields.Datetime.now() - timedelta(days=200),
                dormant.id,
            )
        )
        self.env.invalidate_all()
        self.start_tour(
            "/odoo/action-portal_access_ext.res_users_access_review_action",
            "portal_access_ext_review_revoke",
            login="portal_review_tour_admin",
        )
        self.assertFalse(dormant.active)
        self.assertTrue(recent.active)
        log = self.env["portal.access.log"].search(
            [("user_id", "=", dormant.id), ("event", "=", "revoke")]
        )
        self.assertEqual(log.author_id.login, "portal_review_tour_admin")
