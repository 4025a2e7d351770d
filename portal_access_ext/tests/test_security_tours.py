from odoo import http
from odoo.exceptions import AccessDenied
from odoo.tests import HttpCase, tagged

from odoo.addons.auth_totp.controllers.home import Home
from odoo.addons.auth_totp.tests.test_totp import TestTOTPMixin

from .common import make_portal_user
from .test_totp_recovery import SecurityHttpMixin

TOUR_LOGIN = "portal_tour_portal"
TOUR_PASSWORD = "Pae-Tour-Pass-2026"


@tagged("post_install", "-at_install")
class TestSecurityTours(SecurityHttpMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = make_portal_user(
            cls.env, TOUR_LOGIN, password=TOUR_PASSWORD, tz="UTC"
        )

    def _password_is(self, password):
        try:
            self.portal_user.with_user(self.portal_user)._check_credentials(
                {"login": TOUR_LOGIN, "password": password, "type": "password"},
                {"interactive": True},
            )
        except AccessDenied:
            return False
        return True

    def _install_recovery_code_hook(self, code):
        """A test-only route that gives the tour one recovery code, as stock's
        /totphook gives it the app's code."""

        def recovery_code_hook(self):
            return code

        recovery_code_hook.routing_type = "json"
        Home.portal_recovery_code_hook = http.route(
            "/portal_access_test/recovery_code", type="jsonrpc", auth="none"
        )(recovery_code_hook)
        self.env.registry.clear_cache("routing")

        @self.addCleanup
        def _cleanup():
            del Home.portal_recovery_code_hook
            self.env.registry.clear_cache("routing")

    def test_password_change_tour(self):
        """Test the password change in a browser: wrong current, weak new, then success."""
        self.start_tour("/my/security", "portal_password_tour", login=TOUR_LOGIN)
        self.assertTrue(self._password_is("Tour-New-Pass-2026"))
        self.assertFalse(self._password_is(TOUR_PASSWORD))

    def test_totp_enable_logout_login_tour(self):
        """Test enabling 2FA in a browser, logging out and logging in with the app's code."""
        TestTOTPMixin.install_totphook(self)
        # the recovery codes' file dates them in the customer's time zone
        self.portal_user.tz = "Europe/Brussels"
        self.start_tour("/my/security", "portal_totp_tour", login=TOUR_LOGIN)
        self.assertTrue(self.portal_user.totp_enabled)
        self.assertEqual(self.portal_user.portal_recovery_code_count, 10)

    def test_totp_policy_enrolment_tour(self):
        """Test that a portal user past the grace period is guided to enrol, in a browser."""
        user = make_portal_user(
            self.env, "portal_tour_enrol", password=TOUR_PASSWORD, tz="UTC"
        )
        # no grace period: enrolment is due as soon as the policy is on
        self.env["res.config.settings"].create(
            {"portal_totp_required": True, "portal_totp_grace_days": 0}
        ).execute()
        self.assertTrue(user._portal_must_enrol_totp())
        TestTOTPMixin.install_totphook(self)
        self.start_tour("/web/login", "portal_totp_enrolment_tour", login=None)
        self.assertTrue(user.totp_enabled)
        self.assertFalse(user._portal_must_enrol_totp())

    def test_recovery_code_login_tour(self):
        """Test logging in with a recovery code in a browser."""
        self._enable_totp(self.portal_user)
        codes = self.portal_user.with_user(
            self.portal_user
        )._portal_generate_recovery_codes()
        self._install_recovery_code_hook(codes[3])
        self.start_tour("/web/login", "portal_recovery_code_tour", login=None)
        self.assertEqual(self.portal_user.portal_recovery_code_count, 9)
