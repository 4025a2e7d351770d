from freezegun import freeze_time

from odoo.tests import tagged

from .admin_common import AdminCase


@tagged("post_install", "-at_install")
class TestAccessExpiry(AdminCase):
    def test_cron_revokes_past_dates_only(self):
        """Test that the daily job revokes access whose date passed, like Revoke."""
        expired, today, later, no_date = (
            self.make_portal(partner) for partner in (*self.contacts, self.company)
        )
        expired.portal_access_expiry_date = "2030-03-09"
        today.portal_access_expiry_date = "2030-03-10"
        later.portal_access_expiry_date = "2030-04-01"
        self.contacts[0].signup_prepare()
        with freeze_time("2030-03-10 08:00:00"):
            revoked = self.env["res.users"]._cron_expire_portal_access()
        self.assertEqual(revoked, expired)
        self.assertFalse(expired.active)
        self.assertFalse(expired.portal_access_expiry_date)
        self.assertFalse(self.contacts[0].signup_type, "invitation link killed")
        self.assertTrue(today.active)
        self.assertTrue(later.active)
        self.assertTrue(no_date.active)
        log = self.env["portal.access.log"].search(
            [("user_id", "=", expired.id), ("event", "!=", "expiry_change")]
        )
        self.assertEqual(log.event, "expire")
        self.assertEqual(log.partner_id, self.contacts[0])
        # a later grant reuses the same user
        wizard = self.open_wizard(self.contacts[0])
        self.assertEqual(wizard.user_ids.user_id, expired)
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        self.assertTrue(expired.active)

    def test_cron_job_calls_expiry(self):
        """Test that the daily scheduled action runs the expiry."""
        cron = self.env.ref("portal_access_ext.ir_cron_portal_access_expiry")
        self.assertEqual(cron.interval_type, "days")
        self.assertEqual(cron.interval_number, 1)
        self.assertTrue(cron.active)
        user = self.make_portal(self.contacts[0])
        with freeze_time("2019-12-01"):
            user.portal_access_expiry_date = "2020-01-01"
        cron.ir_actions_server_id.run()
        self.assertFalse(user.active)

    def test_cron_leaves_internal_users(self):
        """Test that an expiry date on an internal user never archives it."""
        with freeze_time("2019-12-01"):
            self.admin.portal_access_expiry_date = "2020-01-01"
        self.env["res.users"]._cron_expire_portal_access()
        self.assertTrue(self.admin.active)

    def test_expiry_visible_in_users_search(self):
        """Test that the 'Access expires' filter and column exist on users."""
        self.make_portal(self.contacts[0]).portal_access_expiry_date = "2030-01-01"
        search = self.env.ref("portal_access_ext.res_users_view_search")
        arch = self.env["res.users"].get_view(search.inherit_id.id, "search")["arch"]
        self.assertIn('name="filter_portal_access_expires"', arch)
        self.assertIn('name="filter_share"', arch)
        found = self.env["res.users"].search(
            [("portal_access_expiry_date", "!=", False)]
        )
        self.assertEqual(found.partner_id, self.contacts[0])
        list_arch = self.env["res.users"].get_view(
            self.env.ref("base.view_users_tree").id, "list"
        )["arch"]
        self.assertIn("portal_access_expiry_date", list_arch)
