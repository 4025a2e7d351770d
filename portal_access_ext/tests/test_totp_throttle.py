import time
from datetime import datetime, timedelta

import pyotp

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import make_admin, make_portal_user
from .test_auth_throttle import _forget_stock_login_failures
from .test_totp_recovery import SecurityHttpMixin

SECURITY_LOGGER = "odoo.addons.portal_access_ext.models.res_users_throttle"


@tagged("post_install", "-at_install")
class TestTotpThrottle(SecurityHttpMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.password = "Pae-Throttle-Pass-42"
        cls.portal_user = make_portal_user(
            cls.env, "portal_throttle_portal", password=cls.password, tz="UTC"
        )
        cls.admin = make_admin(cls.env, "portal_throttle_admin")

    def tearDown(self):
        _forget_stock_login_failures(self.registry)
        super().tearDown()

    def _logs(self, limit_type, blocked=False):
        return (
            self.env["auth.totp.rate.limit.log"]
            .sudo()
            .search(
                [
                    ("user_id", "=", self.portal_user.id),
                    ("limit_type", "=", limit_type),
                    ("portal_blocked", "=", blocked),
                ]
            )
        )

    def _fail_codes(self, app, count):
        """Post `count` wrong app codes; return the last code page."""
        page = self._login_password(self.portal_user.login, self.password)
        self.assertIn("/web/login/totp", page.url)
        wrong = (int(app.now()) + 1) % 1000000
        for _i in range(count):
            page = self._post_code(page, f"{wrong:06d}")
            self.assertIn("/web/login/totp", page.url)
        return page

    def test_wrong_expired_reused_codes(self):
        """Test that wrong, expired and reused app codes are refused, a fresh one accepted."""
        app = self._enable_totp(self.portal_user)
        page = self._login_password(self.portal_user.login, self.password)
        # expired: the code of two minutes ago is outside the window
        page = self._post_code(page, app.at(time.time() - 120))
        self.assertIn("Verification failed", page.text)
        # reused: the code that enabled 2FA was already used
        page = self._post_code(page, self.enable_code)
        self.assertIn("/web/login/totp", page.url)
        self.assertIn("Verification failed", page.text)
        # wrong
        page = self._post_code(page, "000000" if app.now() != "000000" else "111111")
        self.assertIn("Verification failed", page.text)
        # the right one
        page = self._post_code(page, app.now())
        self.assertNotIn("/web/login", page.url)
        self.assertFalse(self._logs("code_check"), "a success clears the counter")

    def _end_lockouts(self):
        """Move the lockouts of the portal user into the past."""
        self.env.cr.execute(
            "UPDATE auth_totp_rate_limit_log"
            "   SET portal_locked_until = portal_locked_until - interval '16 minutes'"
            " WHERE user_id = %s AND portal_locked_until IS NOT NULL",
            (self.portal_user.id,),
        )
        self.env.invalidate_all()

    def test_wrong_codes_lockout(self):
        """Test that 5 wrong codes lock the code step for one minute at most, with a time to retry."""
        app = self._enable_totp(self.portal_user)
        page = self._fail_codes(app, 5)
        self.assertEqual(len(self._logs("code_check")), 5)
        with self.assertLogs(SECURITY_LOGGER, "WARNING") as logs:
            page = self._post_code(page, app.now())
        self.assertIn("/web/login/totp", page.url, "even the right code is refused")
        self.assertIn("please try again after", page.text)
        until = self.portal_user.portal_security_locked_until
        self.assertTrue(until)
        self.assertIn(until.strftime("%H:%M"), page.text)
        self.assertLessEqual(until, datetime.now() + timedelta(minutes=1, seconds=5))
        self.assertIn("Blocked code_check attempt", logs.output[0])
        self.assertEqual(len(self._logs("code_check", blocked=True)), 1)
        self.assertEqual(
            len(self._logs("code_check")), 5, "blocked attempts are not counted"
        )

        # once the minute is over the right code is accepted
        self._end_lockouts()
        self.assertFalse(self.portal_user.portal_security_locked_until)
        page = self._post_code(page, app.now())
        self.assertNotIn("/web/login", page.url)

    def test_recovery_code_lockout_per_user(self):
        """Test that wrong recovery codes are throttled per user, across sessions."""
        self._enable_totp(self.portal_user)
        codes = self.portal_user.with_user(
            self.portal_user
        )._portal_generate_recovery_codes()
        for _i in range(5):
            # a new session each time: the counter is the user's, not the session's
            page = self._login_password(self.portal_user.login, self.password)
            page = self._post_code(page, "1000000001")
            self.assertIn("not valid or was already used", page.text)
        page = self._login_password(self.portal_user.login, self.password)
        with self.assertLogs(SECURITY_LOGGER, "WARNING"):
            page = self._post_code(page, codes[0])
        self.assertIn("please try again after", page.text)
        self.assertEqual(
            self.portal_user.portal_recovery_code_count, 10, "nothing consumed"
        )
        self.assertEqual(len(self._logs("recovery_check", blocked=True)), 1)

    def test_admin_lifts_lockout(self):
        """Test that an admin lifts the lockout from the user form; a customer cannot."""
        app = self._enable_totp(self.portal_user)
        page = self._fail_codes(app, 5)
        self.assertTrue(self.portal_user.portal_security_locked_until)
        with self.assertRaises(UserError):
            self.portal_user.with_user(self.portal_user).action_portal_unlock_security()
        self.portal_user.with_user(self.admin).action_portal_unlock_security()
        self.assertFalse(self.portal_user.portal_security_locked_until)
        self.assertFalse(self._logs("code_check"))
        page = self._post_code(page, app.now())
        self.assertNotIn("/web/login", page.url)

    def test_password_check_lockout(self):
        """Test that the current password of the password change is throttled, with a warning before."""
        self.authenticate(self.portal_user.login, self.password)
        page = self.url_open("/my/security")
        for attempt in range(5):
            page = self.url_open(
                "/my/security",
                data={
                    "csrf_token": self._csrf(page),
                    "op": "password",
                    "old": "not-my-password",
                    "new1": "Brand-New-Pass-77",
                    "new2": "Brand-New-Pass-77",
                },
            )
            self.assertIn("The old password you provided is incorrect", page.text)
            left = {2: "Only 2 attempts left", 3: "Only one attempt left"}
            if attempt in left:
                self.assertIn(left[attempt], page.text)
            else:
                self.assertNotIn("left before a temporary lockout", page.text)
        with self.assertLogs(SECURITY_LOGGER, "WARNING"):
            page = self.url_open(
                "/my/security",
                data={
                    "csrf_token": self._csrf(page),
                    "op": "password",
                    "old": self.password,
                    "new1": "Brand-New-Pass-77",
                    "new2": "Brand-New-Pass-77",
                },
            )
        self.assertIn("please try again after", page.text)
        self.assertNotIn("Password Updated", page.text)
        self.assertEqual(len(self._logs("password_check", blocked=True)), 1)
        # the password did not change
        self.portal_user.with_user(self.portal_user)._check_credentials(
            {
                "login": self.portal_user.login,
                "password": self.password,
                "type": "password",
            },
            {"interactive": True},
        )

    def test_identity_check_throttled(self):
        """Test that the password prompt before 2FA changes shares the password throttle."""
        # (model level: over JSON-RPC a refused call's transaction is rolled
        # back, and in a test every request shares the test's transaction; the
        # live-server tests show the attempts survive over HTTP)
        Check = self.env["res.users.identitycheck"].with_user(self.portal_user)

        def refused(password):
            # (not assertRaises: it rolls back what the block wrote, and the
            # attempts must stay)
            check = Check.sudo().create({"request": "[]"}).with_user(self.portal_user)
            try:
                check.with_context(password=password)._check_identity()
            except UserError as error:
                return str(error)
            self.fail("the identity check passed")

        for attempt in range(5):
            error = refused("not-my-password")
            self.assertIn("Incorrect Password", error)
            if attempt == 3:
                self.assertIn("Only one attempt left", error)
        with self.assertLogs(SECURITY_LOGGER, "WARNING") as logs:
            error = refused(self.password)
        self.assertIn("please try again after", error)
        self.assertIn("Blocked password_check attempt", logs.output[0])

    def test_pyotp_matches_stock(self):
        """Test that pyotp (the customer's app) and Odoo agree on the code (RFC 6238, SHA-1)."""
        secret = self._new_secret()
        app = pyotp.TOTP(secret, digits=6, interval=30, digest="sha1")
        self.assertTrue(
            self.portal_user.with_user(self.portal_user)._totp_try_setting(
                secret, int(app.now())
            )
        )
        self.assertTrue(self.portal_user.totp_enabled)
