from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .admin_common import AdminCase
from .common import make_company_with_contacts


@tagged("post_install", "-at_install")
class TestAccessReview(AdminCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _company, partners = make_company_with_contacts(cls.env, "Review Co", 5)
        cls.now = fields.Datetime.now()
        # recent: signed in 10 days ago; dormant: 100 days ago; never: no
        # sign-in, invited 100 days ago; reinvited: no sign-in, created 100
        # days ago, invited again 5 days ago; fresh: created today.
        cls.recent, cls.dormant, cls.never, cls.reinvited, cls.fresh = (
            cls.make_portal(cls, partner) for partner in partners
        )
        old = cls.now - timedelta(days=100)
        cls._set_create_date(cls.recent | cls.dormant | cls.never | cls.reinvited, old)
        cls._sign_in(cls.recent, cls.now - timedelta(days=10))
        cls._sign_in(cls.dormant, cls.now - timedelta(days=100))
        cls.env["portal.access.log"].create(
            {
                "event": "reinvite",
                "user_id": cls.reinvited.id,
                "partner_id": cls.reinvited.partner_id.id,
                "date": cls.now - timedelta(days=5),
            }
        )
        cls.portal_users = cls.recent | cls.dormant | cls.never | cls.reinvited
        cls.portal_users |= cls.fresh

    @classmethod
    def _set_create_date(cls, users, date):
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "UPDATE res_users SET create_date = %s WHERE id IN %s",
                date,
                tuple(users.ids),
            )
        )
        cls.env.invalidate_all()

    @classmethod
    def _sign_in(cls, user, date):
        cls.env.cr.execute(
            SQL(
                "INSERT INTO res_users_log (create_uid, create_date, write_uid,"
                " write_date) VALUES (%s, %s, %s, %s)",
                user.id,
                date,
                user.id,
                date,
            )
        )

    def _matching(self, field):
        return self.env["res.users"].search(
            [("id", "in", self.portal_users.ids), (field, "=", True)]
        )

    def test_filter_dormant(self):
        """Test that 'no sign-in for N days' finds old sign-ins and old never-used accounts."""
        self.assertEqual(
            self._matching("portal_review_dormant"),
            self.dormant | self.never | self.reinvited,
        )
        not_dormant = self.env["res.users"].search(
            [("id", "in", self.portal_users.ids), ("portal_review_dormant", "=", False)]
        )
        self.assertEqual(not_dormant, self.recent | self.fresh)
        self.portal_users.invalidate_recordset()
        self.assertEqual(
            self.portal_users.filtered("portal_review_dormant"),
            self.dormant | self.never | self.reinvited,
            "the computed flag agrees with the filter",
        )

    def test_filter_days_setting(self):
        """Test that the number of days comes from the settings."""
        settings = self.env["res.config.settings"].create({"portal_review_days": 5})
        settings.execute()
        self.assertEqual(self.env["res.users"]._portal_review_days(), 5)
        self.assertIn(self.recent, self._matching("portal_review_dormant"))
        self.assertNotIn(self.fresh, self._matching("portal_review_dormant"))
        settings = self.env["res.config.settings"].create({"portal_review_days": 0})
        settings.execute()
        self.assertEqual(self.env["res.users"]._portal_review_days(), 90)

    def test_filter_invite_unaccepted(self):
        """Test that 'invitation never accepted' counts from the last invitation."""
        self.assertEqual(self._matching("portal_review_invite_unaccepted"), self.never)

    def test_filter_expiring_soon(self):
        """Test that 'access expiring within 30 days' takes today up to 30 days."""
        today = fields.Date.context_today(self.env.user)
        self.recent.portal_access_expiry_date = today
        self.dormant.portal_access_expiry_date = today + timedelta(days=30)
        self.never.portal_access_expiry_date = today + timedelta(days=31)
        self.assertEqual(
            self._matching("portal_review_expiring_soon"), self.recent | self.dormant
        )

    def test_filter_locked(self):
        """Test that 'locked out' finds address lockouts and account ceilings."""
        Log = self.env["auth.totp.rate.limit.log"].sudo()
        Log.create(
            {
                "user_id": self.recent.id,
                "ip": "10.0.0.1",
                "limit_type": "password_check",
                "portal_locked_until": self.now + timedelta(minutes=5),
            }
        )
        Log.create(
            {
                "user_id": self.dormant.id,
                "ip": "10.0.0.1",
                "limit_type": "password_check",
                "portal_locked_until": self.now - timedelta(minutes=5),
            }
        )
        Log.create(
            [
                {
                    "user_id": self.never.id,
                    "ip": f"10.0.1.{i}",
                    "limit_type": "code_check",
                }
                for i in range(10)
            ]
        )
        self.assertEqual(
            self._matching("portal_review_locked"), self.recent | self.never
        )
        self.assertEqual(
            set(self.env["res.users"].browse(self.recent.id)._portal_lockouts()),
            {self.recent.id},
            "the filter agrees with the lockout the sign-in enforces",
        )

    def test_review_counts(self):
        """Test that the review counts each ready filter over portal users only."""
        self.recent.login = "someone-else@example.com"
        base = self.env["res.users"]._portal_review_base_domain()
        others = self.env["res.users"].search_count(base)
        self.assertGreaterEqual(others, 5)
        counts = {
            key: count
            for key, _label, count in self.env["res.users"]._portal_review_counts()
        }
        self.assertEqual(
            set(counts),
            {
                "dormant",
                "invite_unaccepted",
                "expiring_soon",
                "login_differs",
                "locked",
                "customer_admins",
            },
        )
        self.assertGreaterEqual(counts["dormant"], 3)
        self.assertEqual(counts["customer_admins"], 0)
        self.recent.portal_customer_admin = True
        counts_admins = self.env["res.users"]._portal_review_counts()
        self.assertEqual({k: c for k, _l, c in counts_admins}["customer_admins"], 1)
        self.assertGreaterEqual(counts["login_differs"], 1)
        # internal users never counted
        self.admin.login = "admin-differs@example.com"
        counts2 = {k: c for k, _l, c in self.env["res.users"]._portal_review_counts()}
        self.assertEqual(counts2["login_differs"], counts["login_differs"])

    def test_bulk_revoke(self):
        """Test that Revoke from the review revokes as the wizard does, audited."""
        users = (self.dormant | self.never).with_user(self.admin)
        action = users.action_portal_review_revoke()
        self.assertEqual(action["tag"], "display_notification")
        self.assertFalse(self.dormant.active)
        self.assertFalse(self.never.active)
        self.assertTrue(self.recent.active)
        logs = self.env["portal.access.log"].search(
            [("user_id", "in", users.ids), ("event", "=", "revoke")]
        )
        self.assertEqual(logs.user_id, self.dormant | self.never)
        self.assertEqual(logs.author_id, self.admin)

    def test_bulk_reinvite(self):
        """Test that Re-invite from the review queues the invitations, audited."""
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search([]).ids
        users = (self.never | self.reinvited).with_user(self.admin)
        users.action_portal_review_reinvite()
        self.assertFalse(Mail.search([("id", "not in", before)]), "nothing sent now")
        self.assertEqual(
            users.sudo().mapped("portal_invite_pending"),
            [True, True],
            "queued for the invitation job",
        )
        self.env["res.users"]._cron_send_portal_invitations()
        mails = Mail.search([("id", "not in", before)])
        self.assertEqual(len(mails), 2)
        logs = self.env["portal.access.log"].search(
            [("user_id", "=", self.never.id), ("event", "=", "reinvite")]
        )
        self.assertEqual(logs.author_id, self.admin)
        self.assertNotIn(self.never, self._matching("portal_review_invite_unaccepted"))

    def test_bulk_actions_need_user_admin(self):
        """Test that only a Portal Access Manager may run the review's bulk actions."""
        clerk = new_test_user(
            self.env, login="portal_review_clerk", groups="base.group_user"
        )
        for user in (clerk, self.recent):
            for method in (
                "action_portal_review_revoke",
                "action_portal_review_reinvite",
            ):
                with self.assertRaises(AccessError):
                    getattr(self.dormant.with_user(user), method)()
        self.assertTrue(self.dormant.active)

    def test_dormant_policy(self):
        """Test that the daily job revokes dormant users only when the policy is on."""
        cron = self.env.ref("portal_access_ext.ir_cron_portal_access_dormant")
        self.assertEqual(cron.interval_type, "days")
        later = self.now + timedelta(days=85)  # recent's sign-in: 95 days old
        with freeze_time(later):
            self.assertFalse(self.env["res.users"]._cron_revoke_dormant_portal_access())
        self.assertTrue(self.dormant.active)
        self.env["ir.config_parameter"].sudo().set_param(
            "portal_access_ext.review_dormant_revoke", "True"
        )
        with freeze_time(later):
            revoked = self.env["res.users"]._cron_revoke_dormant_portal_access()
        self.assertLessEqual(
            self.recent | self.dormant | self.never | self.reinvited, revoked
        )
        self.assertTrue(self.admin.active, "internal users are never revoked")
        self.assertFalse(self.recent.active)
        logs = self.env["portal.access.log"].search(
            [("user_id", "=", self.dormant.id), ("event", "=", "dormant")]
        )
        self.assertEqual(len(logs), 1)

    def test_dormant_policy_spares_recent(self):
        """Test that the dormant job spares users who signed in within N days."""
        self.env["ir.config_parameter"].sudo().set_param(
            "portal_access_ext.review_dormant_revoke", "True"
        )
        revoked = self.env["res.users"]._cron_revoke_dormant_portal_access()
        self.assertFalse(revoked & (self.recent | self.fresh))
        self.assertTrue(self.recent.active)
        self.assertFalse(self.dormant.active)

    def test_digest(self):
        """Test that the monthly digest is queued to the Portal Access Managers with the counts."""
        cron = self.env.ref("portal_access_ext.ir_cron_portal_access_review_digest")
        self.assertEqual(cron.interval_type, "months")
        Users = self.env["res.users"]
        self.assertFalse(Users._cron_send_access_review_digest(), "off by default")
        self.env["ir.config_parameter"].sudo().set_param(
            "portal_access_ext.review_digest", "True"
        )
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search([]).ids
        recipients = Users._cron_send_access_review_digest()
        self.assertIn(self.admin, recipients)
        self.assertFalse(recipients.filtered("share"))
        mails = Mail.search([("id", "not in", before)])
        self.assertEqual(set(mails.mapped("state")), {"outgoing"}, "queued, not sent")
        mail = mails.filtered(
            lambda m: self.admin.email in (m.email_to or "")
            or self.admin.partner_id in m.recipient_ids
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("Invitations never accepted", mail.body_html)
        self.assertIn(
            "portal_access_ext.res_users_access_review_action", mail.body_html
        )

    def test_search_panel_counts(self):
        """Test that the review's search panel gives each ready filter with its count."""
        Users = self.env["res.users"].with_user(self.admin)
        domain = [("id", "in", self.portal_users.ids)]
        result = Users.search_panel_select_multi_range(
            "portal_review_flag",
            search_domain=domain,
            enable_counters=True,
            expand=True,
        )
        counts = {value["id"]: value["__count"] for value in result["values"]}
        self.assertEqual(counts["dormant"], 3)
        self.assertEqual(counts["invite_unaccepted"], 1)
        self.assertEqual(counts["locked"], 0)
        picked = Users.search(
            [*domain, ("portal_review_flag", "in", ["invite_unaccepted", "locked"])]
        )
        self.assertEqual(picked, self.never)

    def test_review_fields_for_user_admins_only(self):
        """Test that a portal user cannot read the review's fields."""
        Users = self.env["res.users"].with_user(self.recent)
        for field in (
            "portal_review_dormant",
            "portal_last_sign_in",
            "portal_review_flag",
        ):
            with self.assertRaises(AccessError):
                Users.browse(self.recent.id).read([field])
