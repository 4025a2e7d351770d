from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import make_admin, make_company_with_contacts
from .security_cases import SecurityCaseMixin

PASSWORD = "Session-Customer-Pass-1!"


@tagged("post_install", "-at_install", "security_authentication")
class TestRevokedSession(SecurityCaseMixin, HttpCase):
    security_family = "Authentication"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = make_admin(cls.env, "portal_session_admin")
        _company, contacts = make_company_with_contacts(cls.env, "Session Co", 1)
        cls.contact = contacts[0]

    def _line(self):
        wizard = (
            self.env["portal.wizard"]
            .with_user(self.admin)
            .with_context(active_ids=self.contact.ids)
            .create({})
        )
        return wizard.user_ids

    def test_revoked_user_session_dies(self):
        """Test that a portal session opened before a revoke is refused on its next request."""
        self._line().action_grant_access()
        user = self.contact.user_ids
        user.password = PASSWORD
        self.authenticate(user.login, PASSWORD)
        self.assertEqual(self.url_open("/my", allow_redirects=False).status_code, 200)

        self._line().action_revoke_access()
        res = self.url_open("/my", allow_redirects=False)
        self.assertBlocked(
            res.status_code in (302, 303)
            and "/web/login" in res.headers.get("Location", ""),
            f"a revoked user's session still opens /my ({res.status_code})",
        )
        rpc = self._rpc("res.users", "read", [user.ids, ["login"]])
        self.assertBlocked(
            "error" in rpc and "result" not in rpc,
            f"a revoked user's session still answers RPC: {rpc}",
        )

    def test_expired_user_session_dies(self):
        """Test that a portal session opened before the access expiry date passes
        is refused on its next request once the daily expiry job has run."""
        self._line().action_grant_access()
        user = self.contact.user_ids
        user.portal_access_expiry_date = fields.Date.today()
        user.password = PASSWORD
        self.authenticate(user.login, PASSWORD)
        self.assertEqual(self.url_open("/my", allow_redirects=False).status_code, 200)

        # the date has passed since (a past date cannot be set): the session
        # ends at once, and the next daily job revokes the access
        self.env.cr.execute(
            "UPDATE res_users SET portal_access_expiry_date = '2020-01-31' WHERE id = %s",
            [user.id],
        )
        user.invalidate_recordset(["portal_access_expiry_date"])
        self.env["res.users"]._cron_expire_portal_access()
        res = self.url_open("/my", allow_redirects=False)
        self.assertBlocked(
            res.status_code in (302, 303)
            and "/web/login" in res.headers.get("Location", ""),
            f"an expired user's session still opens /my ({res.status_code})",
        )
        self.assertFalse(user.active)
