from datetime import datetime, timedelta
from unittest.mock import patch

from odoo.exceptions import AccessDenied
from odoo.tests import HttpCase, tagged
from odoo.tools import config, mute_logger

from . import entry_points
from .common import make_portal_user
from .security_cases import SecurityCaseMixin
from .test_totp_recovery import SecurityHttpMixin

THROTTLE_LOGGER = "odoo.addons.portal_access_ext.models.res_users_throttle"
WRONG = "Not-The-Password-1"


def _forget_stock_login_failures(registry):
    """Stock's per-address failure counter lives in the registry's memory, not
    in the test's transaction: with it off while these tests fail on purpose
    from 127.0.0.1, it would otherwise block the next tests' logins."""
    failures = getattr(registry, "_login_failures", None)
    if failures is not None:
        failures.clear()


@tagged("post_install", "-at_install")
class TestLoginThrottle(SecurityCaseMixin, SecurityHttpMixin, HttpCase):
    """The password step of every sign-in protocol counted per user in the
    database, with short growing lockouts per (user, address) and a ceiling
    per user; second-factor attempts only from a pending 2FA session."""

    security_family = "Authentication"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.password = "Pae-Login-Throttle-42"
        # Stock's per-address cooldown (memory of one process, reset by any
        # success from the address) off: what is left is this addon's throttle.
        cls.env["ir.config_parameter"].sudo().set_param("base.login_cooldown_after", 0)
        cls.victim = make_portal_user(
            cls.env, "portal_lt_victim", password=cls.password, tz="Asia/Ho_Chi_Minh"
        )
        cls.other = make_portal_user(cls.env, "portal_lt_other", password=cls.password)

    def tearDown(self):
        _forget_stock_login_failures(self.registry)
        super().tearDown()

    # -- protocol helpers (kept here: small, one per entry point) ---------------
    def _web_login(self, login, password, headers=None, cookies=None, **extra):
        """POST the /web/login form from a fresh session; the response."""
        self.authenticate(None, None)
        page = self.url_open("/web/login", headers=headers, cookies=cookies)
        data = {"login": login, "csrf_token": self._csrf(page), **extra}
        if password is not None:
            data["password"] = password
        return self.url_open("/web/login", data=data, headers=headers, cookies=cookies)

    def _login_web(self, login, password):
        """(signed in, page text) through the login form."""
        response = self._web_login(login, password)
        return "/web/login" not in response.url, response.text

    # -- helpers -------------------------------------------------------------
    def _logs(self, user, limit_type="password_check", blocked=False):
        return (
            self.env["auth.totp.rate.limit.log"]
            .sudo()
            .search(
                [
                    ("user_id", "=", user.id),
                    ("limit_type", "=", limit_type),
                    ("portal_blocked", "=", blocked),
                ]
            )
        )

    def _end_lockouts(self, user):
        self.env.cr.execute(
            "UPDATE auth_totp_rate_limit_log"
            "   SET portal_locked_until = portal_locked_until - interval '16 minutes'"
            " WHERE user_id = %s AND portal_locked_until IS NOT NULL",
            (user.id,),
        )
        self.env.invalidate_all()

    # -- tests ---------------------------------------------------------------
    @mute_logger("odoo.addons.base.models.res_users", THROTTLE_LOGGER)
    def test_count_not_reset_by_another_login(self):
        """Test that a success of another account from the same address does not reset a user's count."""
        for _i in range(3):
            self.assertFalse(self._login_web(self.victim.login, WRONG)[0])
        self.assertTrue(self._login_web(self.other.login, self.password)[0])
        signed_in, page = self._login_web(self.victim.login, WRONG)
        self.assertFalse(signed_in)
        # the login form gives no per-account warning (res_users_sign_in.py)
        self.assertIn("After several failed attempts, signing in is paused", page)
        self.assertFalse(self._login_web(self.victim.login, WRONG)[0])
        signed_in, page = self._login_web(self.victim.login, self.password)
        self.assertBlocked(not signed_in, "another account's success reset the count")
        self.assertIn("please try again after", page)

    def test_right_password_writes_no_attempt(self):
        """Test that a right password with no failure counted creates and deletes no attempt (the hot path of every RPC client)."""
        Log = self.registry["auth.totp.rate.limit.log"]
        original_create, original_unlink = Log.create, Log.unlink
        writes = []

        def create(records, vals_list):
            writes.append(("create", vals_list))
            return original_create(records, vals_list)

        def unlink(records):
            if records:
                writes.append(("unlink", records.ids))
            return original_unlink(records)

        with (
            patch.object(Log, "create", create),
            patch.object(Log, "unlink", unlink),
        ):
            for route in entry_points.SIGN_INS:
                outcome = entry_points.sign_in(
                    self, route, self.victim.login, self.password
                )
                self.assertEqual(outcome.kind, "ok", outcome)
        self.assertEqual(writes, [])
        # a failure counted before is still removed by the right password
        self.assertEqual(
            entry_points.sign_in(self, "web_login", self.victim.login, WRONG).kind,
            "access",
        )
        self.assertEqual(len(self._logs(self.victim)), 1)
        entry_points.sign_in(self, "web_login", self.victim.login, self.password)
        self.assertFalse(self._logs(self.victim))

    @mute_logger("odoo.addons.base.models.res_users", THROTTLE_LOGGER)
    def test_lockout_refuses_the_password_on_every_entry_point(self):
        """Test that the account's ceiling refuses the right password on every entry point that takes one, the open session and API key still answering."""
        user = entry_points.open_web_session(
            self,
            entry_points.rpc_user(self.env, self.victim, self.password, api_key=True),
        )
        Users = self.registry["res.users"]
        original = Users._get_portal_rate_limits

        def lower_ceiling(users):
            # the ceiling of all addresses reached with the address's limit:
            # RPC dispatch hides the request, its address is not the form's
            limits = original(users)
            limits["password_check"] = {**limits["password_check"], "user_limit": 5}
            return limits

        with patch.object(Users, "_get_portal_rate_limits", lower_ceiling):
            for _i in range(5):
                outcome = entry_points.sign_in(self, "web_login", user.login, WRONG)
                self.assertEqual(outcome.kind, "access", outcome)
            self.assertEqual(len(self._logs(self.victim)), 5)
            outcome = entry_points.sign_in(self, "web_login", user.login, self.password)
            self.assertBlocked(
                outcome.kind != "ok",
                f"the login form signed in during a lockout: {outcome}",
            )
            ways = entry_points.every_way_in(
                self,
                user,
                "res.partner",
                "search_read",
                kwargs={
                    "domain": [("id", "=", self.victim.partner_id.id)],
                    "fields": ["name"],
                },
            )
        for name, (entry_point, outcome) in ways.items():
            with self.subTest(protocol=name):
                if entry_point in ("call_kw", "call_button", "json2"):
                    # no password in the call: someone who only knows the
                    # login does not lock the owner out of an open session
                    # or an API key
                    self.assertEqual(outcome.kind, "ok", f"{name}: {outcome}")
                    continue
                self.assertBlocked(
                    outcome.kind != "ok",
                    f"{name} took the password during a lockout: {outcome}",
                    entry_point=entry_point,
                )
                if name == "session_authenticate":
                    # a sign-in by login answers every failure alike
                    # (res_users_sign_in.py)
                    self.assertIn("signing in is paused", outcome.message)
                else:
                    self.assertIn("please try again after", outcome.message)

    @mute_logger("odoo.addons.base.models.res_users", THROTTLE_LOGGER)
    def test_lockout_message_in_customer_timezone(self):
        """Test that the lockout gives its time in the user's time zone, else the
        browser's (on /my/security: the login form gives no per-account time)."""

        def lock_out(user, cookies=None):
            self.authenticate(user.login, self.password)
            for password in [WRONG] * 5 + [self.password]:
                page = entry_points.change_password_form(
                    self, password, "Brand-New-Pass-77", cookies=cookies
                )
            return page.text

        page = lock_out(self.victim)
        until = self.victim.portal_security_locked_until
        self.assertLessEqual(until, datetime.now() + timedelta(minutes=1, seconds=5))
        local = until + timedelta(hours=7)  # Asia/Ho_Chi_Minh, no DST
        self.assertIn(f"{local:%H:%M} (Asia/Ho_Chi_Minh)", page)

        # no time zone on the user: the browser's (stock's tz cookie)
        no_tz = make_portal_user(
            self.env, "portal_lt_no_tz", password=self.password, tz=False
        )
        no_tz.tz = False
        page = lock_out(no_tz, cookies={"tz": "America/Sao_Paulo"})
        local = no_tz.portal_security_locked_until - timedelta(hours=3)
        self.assertIn(f"{local:%H:%M} (America/Sao_Paulo)", page)

    def test_lockouts_grow_and_are_capped(self):
        """Test that repeated lockouts last 1, 5, then 15 minutes, never more."""
        user = self.victim.with_user(self.victim)
        credential = {"login": user.login, "password": WRONG, "type": "password"}
        expected = [1, 5, 15, 15]

        def refused(credential):
            # (not assertRaises: it rolls back what the block wrote, and the
            # attempts must stay)
            try:
                user._check_credentials(credential, {"interactive": True})
            except AccessDenied as error:
                return error
            self.fail("the credentials were accepted")

        for minutes in expected:
            with mute_logger(THROTTLE_LOGGER):
                for _i in range(5):
                    refused(credential)
                error = refused({**credential, "password": self.password})
            self.assertIn("please try again after", str(error))
            until = self.victim.portal_security_locked_until
            self.assertAlmostEqual(
                until,
                datetime.now() + timedelta(minutes=minutes),
                delta=timedelta(seconds=10),
            )
            self._end_lockouts(self.victim)
        user._check_credentials(
            {**credential, "password": self.password}, {"interactive": True}
        )
        self.assertFalse(self._logs(self.victim), "the success purges the count")

    @mute_logger("odoo.addons.base.models.res_users", THROTTLE_LOGGER)
    def test_login_only_attacker_cannot_lock_owner_out(self):
        """Test that failures from one address lock that address only, not the owner elsewhere."""
        attacker = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Host": "localhost"}
        owner = {"X-Forwarded-For": "198.51.100.20", "X-Forwarded-Host": "localhost"}
        with patch.dict(config.options, {"proxy_mode": True}):
            for _i in range(5):
                response = self._web_login(self.victim.login, WRONG, headers=attacker)
                self.assertIn("/web/login", response.url)
            response = self._web_login(
                self.victim.login, self.password, headers=attacker
            )
            self.assertBlocked(
                "please try again after" in response.text,
                "the attacker's address is not locked",
            )
            response = self._web_login(self.victim.login, self.password, headers=owner)
            self.assertNotIn("/web/login", response.url, "the owner signs in")

    @mute_logger("odoo.addons.base.models.res_users", THROTTLE_LOGGER)
    def test_user_ceiling_blind_to_forwarded_for(self):
        """Test that rotating X-Forwarded-For behind a proxy does not pass the per-user ceiling."""
        Users = self.registry["res.users"]
        original = Users._get_portal_rate_limits

        def lower_ceiling(users):
            limits = original(users)
            limits["password_check"] = {**limits["password_check"], "user_limit": 8}
            return limits

        with (
            patch.dict(config.options, {"proxy_mode": True}),
            patch.object(Users, "_get_portal_rate_limits", lower_ceiling),
        ):
            for i in range(8):
                headers = {
                    "X-Forwarded-For": f"203.0.113.{i + 1}",
                    "X-Forwarded-Host": "localhost",
                }
                response = self._web_login(self.victim.login, WRONG, headers=headers)
                self.assertIn("/web/login", response.url)
            headers = {
                "X-Forwarded-For": "203.0.113.99",
                "X-Forwarded-Host": "localhost",
            }
            response = self._web_login(
                self.victim.login, self.password, headers=headers
            )
        self.assertBlocked(
            "please try again after" in response.text,
            "rotating X-Forwarded-For passed the per-user ceiling",
        )
        ips = set(self._logs(self.victim).mapped("ip"))
        self.assertEqual(len(ips), 8, "each failure came from its own address")

    def test_type_totp_on_login_form_counts_nothing(self):
        """Test that type=totp / totp_mail on /web/login without a pending 2FA session neither fails with 500 nor counts."""
        app = self._enable_totp(self.victim)
        for credential_type in ("totp", "totp_mail"):
            for password in (None, WRONG):
                for _i in range(5):
                    response = self._web_login(
                        self.victim.login, password, type=credential_type
                    )
                    self.assertBlocked(
                        response.status_code == 200,
                        f"type={credential_type}: HTTP {response.status_code}",
                    )
                    self.assertIn("/web/login", response.url)
        self.assertBlocked(
            not self.env["auth.totp.rate.limit.log"]
            .sudo()
            .search([("user_id", "=", self.victim.id)]),
            "attempts without a credential check were counted",
        )
        # the owner signs in with the password and the app's code
        page = self._login_password(self.victim.login, self.password)
        self.assertIn("/web/login/totp", page.url)
        page = self._post_code(page, app.now())
        self.assertNotIn("/web/login", page.url)

    @mute_logger(THROTTLE_LOGGER)
    def test_deactivate_account_password_throttled(self):
        """Test that /my/deactivate_account locks after 5 wrong passwords, with the lockout's time."""
        self.authenticate(self.victim.login, self.password)
        page = self.url_open("/my/security")
        for _i in range(5):
            page = self.url_open(
                "/my/deactivate_account",
                data={
                    "csrf_token": self._csrf(page),
                    "validation": self.victim.login,
                    "password": WRONG,
                },
            )
            self.assertEqual(page.status_code, 200)
        self.assertEqual(len(self._logs(self.victim)), 5)
        page = self.url_open(
            "/my/deactivate_account",
            data={
                "csrf_token": self._csrf(page),
                "validation": self.victim.login,
                "password": self.password,
            },
        )
        self.assertIn("please try again after", page.text)
        self.assertBlocked(
            self.victim.active, "the account was deleted during a lockout"
        )
        # a form missing its fields: the form's error, not a server error
        page = self.url_open(
            "/my/deactivate_account", data={"csrf_token": self._csrf(page)}
        )
        self.assertEqual(page.status_code, 200)
