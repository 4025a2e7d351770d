from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from . import entry_points
from .common import make_portal_user
from .security_cases import SecurityCaseMixin
from .test_totp_policy_protocols import READ_OWN_CONTACT
from .test_totp_recovery import SecurityHttpMixin

EXPIRED_MESSAGE = "Your portal access has expired"
# an open web session of an expired user ends (stock's session-expired error):
# the reason is given by the login form
SESSION_ENTRY_POINTS = ("call_kw", "call_button")


@tagged("post_install", "-at_install", "security_authentication")
class TestAccessExpiryProtocols(SecurityCaseMixin, SecurityHttpMixin, HttpCase):
    security_family = "Authentication"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.password = "Pae-Expiry-Pass-42"
        cls.portal_user = make_portal_user(
            cls.env,
            "portal_expiry_portal",
            password=cls.password,
            portal_access_expiry_date=fields.Date.today(),
        )

    def _let_date_pass(self):
        """The expiry date is yesterday (a past date cannot be written)."""
        self.env.cr.execute(
            "UPDATE res_users SET portal_access_expiry_date = current_date - 1"
            " WHERE id = %s",
            [self.portal_user.id],
        )
        self.portal_user.invalidate_recordset(["portal_access_expiry_date"])

    def _every_way_in(self, user):
        return entry_points.every_way_in(
            self,
            user,
            *READ_OWN_CONTACT,
            kwargs={
                "domain": [("id", "=", self.portal_user.partner_id.id)],
                "fields": ["name"],
            },
        )

    def test_expired_refused_everywhere_before_the_job(self):
        """Test that once the date has passed, the web, sessions, RPC and API keys are refused before the daily job runs."""
        user = entry_points.rpc_user(
            self.env, self.portal_user, self.password, api_key=True
        )
        # a web session opened on the last day, for call_kw and call_button
        user = entry_points.open_web_session(self, user)
        for name, (_entry_point, outcome) in self._every_way_in(user).items():
            self.assertEqual(
                outcome.kind, "ok", f"{name} should answer on the last day: {outcome}"
            )
        session = self.authenticate(self.portal_user.login, self.password)
        opener = self.opener
        self.assertEqual(self.url_open("/my", allow_redirects=False).status_code, 200)

        self._let_date_pass()
        # the open session ends on its next request
        self.session, self.opener = session, opener
        response = self.url_open("/my", allow_redirects=False)
        self.assertBlocked(
            "/web/login" in response.headers.get("Location", ""),
            f"an expired user's open session still opens /my ({response.status_code})",
        )
        # the web login says why
        page = self._login_password(self.portal_user.login, self.password)
        self.assertBlocked(
            "/web/login" in page.url, f"an expired user signs in: {page.url}"
        )
        self.assertIn(EXPIRED_MESSAGE, page.text)
        # every other way in, the open session's call_kw and call_button too
        for name, (entry_point, outcome) in self._every_way_in(user).items():
            with self.subTest(protocol=name):
                self.assertBlocked(
                    outcome.kind != "ok",
                    f"{name} answered an expired user: {outcome}",
                    entry_point=entry_point,
                )
                if entry_point in SESSION_ENTRY_POINTS:
                    self.assertEqual(
                        outcome.name, "odoo.http.SessionExpiredException", outcome
                    )
                else:
                    self.assertIn(EXPIRED_MESSAGE, outcome.message)
        self.assertTrue(self.portal_user.active, "refused before the job runs")

    def test_past_date_refused(self):
        """Test that a past expiry date is refused on create and write, today and later accepted."""
        yesterday = fields.Date.subtract(fields.Date.today(), days=1)
        with self.assertRaisesRegex(ValidationError, "is in the past"):
            self.portal_user.portal_access_expiry_date = yesterday
        with self.assertRaisesRegex(ValidationError, "is in the past"):
            make_portal_user(
                self.env, "portal_expiry_past", portal_access_expiry_date=yesterday
            )
        self.portal_user.portal_access_expiry_date = fields.Date.add(
            fields.Date.today(), days=30
        )
        self.portal_user.portal_access_expiry_date = False
