import time
from datetime import datetime, timedelta

import pyotp

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import make_admin, make_portal_user
from .test_totp_recovery import SecurityHttpMixin

SECURITY_LOGGER = "odoo.addons.portal_access_ext.models.res_users_throttle"


@tagged("post_install", "-at_install")
class TestTotpThrottle(SecurityHttpMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.password = "Pae-Throttle-Pass-42"
        cls.portal_user = make_portal_user(
            cls.env, "pae_throttle_portal", password=cls.password, tz="UTC"
        )
        cls.admin = make_admin(cls.env, "pae_throttle_admin")

    def _logs(self, limit_type, blocked=False):
        return (
            self.env["auth.totp.rate.limit.log"]
            .sudo()
            .search(
                [
                    ("user_id", "=", self.portal_user.id),
                    ("limit_type", "=", limit_type),
                    ("pae_blocked", "=", blocked),
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

    def test_wrong_codes_lockout(self):
        """Test that 5 wrong codes lock the code step for 15 minutes, with a time to retry."""
        app = self._enable_totp(self.portal_user)
        page = self._fail_codes(app, 5)
        self.assertEqual(len(self._logs("code_check")), 5)
        with self.assertLogs(SECURITY_LOGGER, "WARNING") as logs:
            page = self._post_code(page, app.now())
        self.assertIn("/web/login/totp", page.url, "even the right code is refused")
        self.assertIn("please try again after", page.text)
        until = self.portal_user.pae_security_locked_until
        self.assertTrue(until)
        self.assertIn(until.strftime("%H:%M"), page.text)
        self.assertLessEqual(until, datetime.now() + timedelta(minutes=15, seconds=5))
        self.assertIn("Blocked code_check attempt", logs.output[0])
        self.assertEqual(len(self._logs("code_check", blocked=True)), 1)
        self.assertEqual(
            len(self._logs("code_check")), 5, "blocked attempts are not counted"
        )

        # 15 minutes later the lockout is over
        self.env.cr.execute(
            "UPDATE auth_totp_rate_limit_log SET create_date = create_date - interval '16 minutes'"
            " WHERE user_id = %s",
            (self.portal_user.id,),
        )
        self.env.invalidate_all()
        self.assertFalse(self.portal_user.pae_security_locked_until)
        page = self._post_code(page, app.now())
        self.assertNotIn("/web/login", page.url)

    def test_recovery_code_lockout_per_user(self):
        """Test that wrong recovery codes are throttled per user, across sessions."""
        self._enable_totp(self.portal_user)
        codes = self.portal_user.with_user(
            self.portal_user
        )._pae_generate_recovery_codes()
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
            self.portal_user.pae_recovery_code_count, 10, "nothing consumed"
        )
        self.assertEqual(len(self._logs("recovery_check", blocked=True)), 1)

    def test_admin_lifts_lockout(self):
        """Test that an admin lifts the lockout from the user form; a customer cannot."""
        app = self._enable_totp(self.portal_user)
        page = self._fail_codes(app, 5)
        self.assertTrue(self.portal_user.pae_security_locked_until)
        with self.assertRaises(UserError):
            self.portal_user.with_user(self.portal_user).action_pae_unlock_security()
        self.portal_user.with_user(self.admin).action_pae_unlock_security()
        self.assertFalse(self.portal_user.pae_security_locked_until)
        self.assertFalse(self._logs("code_check"))
        page = self._post_code(page, app.now())
        self.assertNotIn("/web/login", page.url)

    def test_password_check_lockout(self):
        """Test that the current password of the password change is throttled."""
        self.authenticate(self.portal_user.login, self.password)
        page = self.url_open("/my/security")
        for _i in range(5):
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

    @mute_logger("odoo.http")
    def test_identity_check_throttled(self):
        """Test that the password prompt before 2FA changes shares the password throttle."""
        RateLimit = self.env["auth.totp.rate.limit.log"].sudo()
        RateLimit.create(
            [
                {"user_id": self.portal_user.id, "limit_type": "password_check"}
                for _i in range(5)
            ]
        )
        self.authenticate(self.portal_user.login, self.password)
        check = (
            self.env["res.users.identitycheck"]
            .with_user(self.portal_user)
            .sudo()  # as stock's @check_identity creates it
            .create({"request": "[]"})
        )
        self.env.flush_all()
        with (
            self.assertRaises(JsonRpcException) as catcher,
            self.assertLogs(SECURITY_LOGGER, "WARNING") as logs,
        ):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/res.users.identitycheck/run_check",
                {
                    "model": "res.users.identitycheck",
                    "method": "run_check",
                    "args": [[check.id]],
                    "kwargs": {"context": {"password": self.password}},
                },
            )
        self.assertIn("UserError", str(catcher.exception))
        # (the blocked attempt's record is written in its own transaction, which
        # the test cursor cannot show once the refused call is rolled back)
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
