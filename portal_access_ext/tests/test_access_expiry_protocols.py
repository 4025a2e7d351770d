from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .common import make_portal_user
from .security_cases import SecurityCaseMixin
from .test_totp_policy_protocols import ProtocolMixin
from .test_totp_recovery import SecurityHttpMixin

EXPIRED_MESSAGE = "Your portal access has expired"


@tagged("post_install", "-at_install", "security_authentication")
class TestAccessExpiryProtocols(
    ProtocolMixin, SecurityCaseMixin, SecurityHttpMixin, HttpCase
):
    security_family = "Authentication"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.password = "Pae-Expiry-Pass-42"
        cls.portal_user = make_portal_user(
            cls.env,
            "pae_expiry_portal",
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

    def test_expired_refused_everywhere_before_the_job(self):
        """Test that once the date has passed, the web, sessions, RPC and API keys are refused before the daily job runs."""
        key = self._api_key(self.portal_user)
        for name, (ok, text) in self._all_protocols(
            self.portal_user, self.password, key
        ).items():
            self.assertTrue(ok, f"{name} should answer on the last day: {text}")
        session = self.authenticate(self.portal_user.login, self.password)
        opener = self.opener
        self.assertEqual(self.url_open("/my", allow_redirects=False).status_code, 200)
        rpc = self._rpc(
            "res.partner", "read", [self.portal_user.partner_id.ids, ["name"]]
        )
        self.assertIn("result", rpc, "call_kw answers on the last day")

        self._let_date_pass()
        # the open session ends on its next request
        self.session, self.opener = session, opener
        rpc = self._rpc(
            "res.partner", "read", [self.portal_user.partner_id.ids, ["name"]]
        )
        self.assertBlocked(
            "error" in rpc and "result" not in rpc,
            f"an expired user's open session still answers call_kw: {rpc}",
        )
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
        # every other way in
        for name, (ok, text) in self._all_protocols(
            self.portal_user, self.password, key
        ).items():
            with self.subTest(protocol=name):
                self.assertBlocked(not ok, f"{name} answered an expired user: {text}")
                self.assertIn(EXPIRED_MESSAGE, text)
        self.assertTrue(self.portal_user.active, "refused before the job runs")

    def test_past_date_refused(self):
        """Test that a past expiry date is refused on create and write, today and later accepted."""
        yesterday = fields.Date.subtract(fields.Date.today(), days=1)
        with self.assertRaisesRegex(ValidationError, "is in the past"):
            self.portal_user.portal_access_expiry_date = yesterday
        with self.assertRaisesRegex(ValidationError, "is in the past"):
            make_portal_user(
                self.env, "pae_expiry_past", portal_access_expiry_date=yesterday
            )
        self.portal_user.portal_access_expiry_date = fields.Date.add(
            fields.Date.today(), days=30
        )
        self.portal_user.portal_access_expiry_date = False
