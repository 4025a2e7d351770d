import json
import re

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import make_portal_user
from .security_cases import SecurityCaseMixin
from .test_auth_throttle import THROTTLE_LOGGER, _forget_stock_login_failures

ALERT = re.compile(
    r'<(?:div|p)[^>]*class="[^"]*alert[^"]*"[^>]*>(.*?)</(?:div|p)>', re.S
)


def _alerts(html):
    return [" ".join(re.sub(r"<[^>]+>", " ", a).split()) for a in ALERT.findall(html)]


@tagged("post_install", "-at_install", "security_authentication")
class TestAccountEnumeration(SecurityCaseMixin, HttpCase):
    security_family = "Authentication"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "auth_signup.reset_password", "True"
        )
        cls.known = make_portal_user(cls.env, "known.customer@example.com")

    def _post(self, url, data):
        page = self.url_open(url)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(url, data={**data, "csrf_token": csrf})

    def test_reset_password_same_answer(self):
        """Test that resetting a known and an unknown login gives the same answer."""
        known = self._post("/web/reset_password", {"login": self.known.login})
        unknown = self._post("/web/reset_password", {"login": "nobody@example.com"})
        self.assertBlocked(
            (known.status_code, _alerts(known.text))
            == (unknown.status_code, _alerts(unknown.text)),
            "reset password tells known and unknown logins apart",
        )
        self.assertNotIn("No account found", unknown.text)
        self.assertIn("If an account matches this login", unknown.text)
        # the known customer really was sent a reset link
        self.assertEqual(self.known.partner_id.signup_type, "reset")

    def test_reset_password_signup_email_never_redirects(self):
        """Test that ?signup_email= does not reveal an account's login by redirecting."""
        known = self.url_open(
            f"/web/reset_password?signup_email={self.known.email}",
            allow_redirects=False,
        )
        unknown = self.url_open(
            "/web/reset_password?signup_email=nobody@example.com", allow_redirects=False
        )
        self.assertBlocked(
            known.status_code == unknown.status_code == 200,
            f"signup_email answers {known.status_code} for a known email, {unknown.status_code} otherwise",
        )
        self.assertNotIn(self.known.login, known.headers.get("Location", ""))

    def test_login_same_answer(self):
        """Test that a wrong password and an unknown login get the same login error."""
        known = self._post(
            "/web/login", {"login": self.known.login, "password": "wrong-Pass-123"}
        )
        unknown = self._post(
            "/web/login", {"login": "nobody@example.com", "password": "x-Pass-123"}
        )
        self.assertTrue(_alerts(known.text), "the login page shows an error")
        self.assertBlocked(
            (known.status_code, _alerts(known.text))
            == (unknown.status_code, _alerts(unknown.text)),
            "the login page tells a wrong password and an unknown login apart",
        )


@tagged("post_install", "-at_install", "security_authentication")
class TestSignInEnumeration(SecurityCaseMixin, HttpCase):
    """The throttle's warnings and lockout exist only for known logins: the
    sign-in must answer known and unknown logins alike, at every attempt."""

    security_family = "Authentication"
    password = "Known-Customer-Pass-1"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # stock's per-address cooldown off: this addon's throttle is tested
        cls.env["ir.config_parameter"].sudo().set_param("base.login_cooldown_after", 0)
        cls.known = make_portal_user(
            cls.env, "known.signin@example.com", password=cls.password
        )

    def tearDown(self):
        _forget_stock_login_failures(self.registry)
        super().tearDown()

    def _web_login(self, login, password):
        self.authenticate(None, None)
        page = self.url_open("/web/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            "/web/login",
            data={"login": login, "password": password, "csrf_token": csrf},
        )
        return response.status_code, _alerts(response.text)

    def _session_authenticate(self, login, password):
        response = self.url_open(
            "/web/session/authenticate",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "params": {
                        "db": self.env.cr.dbname,
                        "login": login,
                        "password": password,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        error = response.json().get("error") or {}
        return response.status_code, error.get("data", {}).get("message")

    @mute_logger("odoo.http", "odoo.addons.base.models.res_users", THROTTLE_LOGGER)
    def test_login_form_answers_alike_at_every_attempt(self):
        """Test that known and unknown logins get the same login-form answer at
        each of 6 failures, and the right password of a locked login too."""
        for attempt in range(6):
            known = self._web_login(self.known.login, f"wrong-Pass-{attempt}")
            unknown = self._web_login("nobody.signin@example.com", f"x-Pass-{attempt}")
            self.assertBlocked(
                known == unknown,
                f"attempt {attempt + 1}: the login form tells a known login "
                f"apart ({known} / {unknown})",
            )
            self.assertNotIn("attempt left", " ".join(known[1]))
        locked = self._web_login(self.known.login, self.password)
        unknown = self._web_login("nobody.signin@example.com", self.password)
        self.assertBlocked(
            locked == unknown, "a locked known login answers unlike an unknown one"
        )
        self.assertIn("please try again after a few minutes", " ".join(locked[1]))

    @mute_logger("odoo.http", "odoo.addons.base.models.res_users", THROTTLE_LOGGER)
    def test_session_authenticate_answers_alike(self):
        """Test that /web/session/authenticate answers known and unknown logins
        alike, with warnings and lockout."""
        for attempt in range(6):
            known = self._session_authenticate(self.known.login, f"wrong-{attempt}")
            unknown = self._session_authenticate("nobody.rpc@example.com", "wrong")
            self.assertTrue(known[1], "the failure carries a message")
            self.assertBlocked(
                known == unknown,
                f"attempt {attempt + 1}: /web/session/authenticate tells a known "
                f"login apart ({known} / {unknown})",
            )
