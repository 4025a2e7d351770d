import re

from odoo.tests import HttpCase, tagged

from .common import make_portal_user
from .security_cases import SecurityCaseMixin

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
