"""Sign-in throttling against the live test server in real transactions.

An HttpCase serves every request inside the test's own transaction, one
request at a time, and rolls a refused JSON-RPC call back together with the
attempts it recorded: neither races nor the protocols that answer an error
can be shown there. These tests commit their users, talk to the same server
as a browser or an RPC client would (requests, xmlrpc.client) and clean up."""

import base64
import os
import re
import xmlrpc.client

import pyotp
import requests

from odoo import api
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import make_portal_user
from .concurrency import RealTransactionMixin, live_url, race
from .security_cases import SecurityCaseMixin
from .test_auth_throttle import _forget_stock_login_failures

CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
PASSWORD = "Pae-Live-Throttle-42"
WRONG = "Not-The-Password-1"
PROTOCOLS = ("web_form", "session_authenticate", "xmlrpc", "jsonrpc")


@tagged("post_install", "-at_install", "security_concurrency")
class TestThrottleLiveServer(RealTransactionMixin, SecurityCaseMixin, BaseCase):
    security_family = "Authentication"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.url = live_url()
        cls.secret = base64.b32encode(os.urandom(20)).decode()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            ICP = env["ir.config_parameter"]
            # stock's per-address cooldown (all these requests come from
            # 127.0.0.1) off while this class runs: what is left is ours
            cls.cooldown = ICP.get_param("base.login_cooldown_after")
            ICP.set_param("base.login_cooldown_after", 0)
            users = env["res.users"].browse()
            for name in (*PROTOCOLS, "codes", "passwords", "identity"):
                users |= make_portal_user(
                    env, f"portal_live_{name}", password=PASSWORD, tz="UTC"
                )
            users.filtered(
                lambda u: u.login == "portal_live_codes"
            ).totp_secret = cls.secret
            cls.user_ids = {
                user.login.removeprefix("portal_live_"): user.id for user in users
            }

    def tearDown(self):
        _forget_stock_login_failures(self.registry)
        super().tearDown()

    @classmethod
    def tearDownClass(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            env["ir.config_parameter"].set_param(
                "base.login_cooldown_after", cls.cooldown or False
            )
            users = env["res.users"].browse(cls.user_ids.values())
            env["auth.totp.rate.limit.log"].search(
                [("user_id", "in", users.ids)]
            ).unlink()
            env["res.users.identitycheck"].search(
                [("create_uid", "in", users.ids)]
            ).unlink()
            partners = users.partner_id
            users.unlink()
            partners.unlink()
        super().tearDownClass()

    def _logs(self, name, limit_type="password_check", blocked=False):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            return env["auth.totp.rate.limit.log"].search_count(
                [
                    ("user_id", "=", self.user_ids[name]),
                    ("limit_type", "=", limit_type),
                    ("portal_blocked", "=", blocked),
                ]
            )

    # -- one small client per entry point: (signed in, message) ---------------
    def _csrf(self, text):
        return CSRF_RE.search(text).group(1)

    def _web_form(self, login, password, session=None):
        session = session or requests.Session()
        page = session.get(f"{self.url}/web/login", timeout=180)
        response = session.post(
            f"{self.url}/web/login",
            data={
                "login": login,
                "password": password,
                "csrf_token": self._csrf(page.text),
            },
            timeout=180,
        )
        return "/web/login" not in response.url, response.text

    def _jsonrpc(self, session, path, params):
        response = session.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=180,
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _session_authenticate(self, login, password):
        answer = self._jsonrpc(
            requests.Session(),
            "/web/session/authenticate",
            {"db": get_db_name(), "login": login, "password": password},
        )
        if "error" in answer:
            return False, answer["error"]["data"]["message"]
        return bool(answer["result"].get("uid")), ""

    def _xmlrpc(self, login, password):
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        return bool(common.authenticate(get_db_name(), login, password, {})), ""

    def _jsonrpc_login(self, login, password):
        answer = self._jsonrpc(
            requests.Session(),
            "/jsonrpc",
            {
                "service": "common",
                "method": "login",
                "args": [get_db_name(), login, password],
            },
        )
        return bool(answer.get("result")), str(answer.get("error", ""))

    # -- tests ---------------------------------------------------------------
    @mute_logger(
        "odoo.addons.base.models.res_users",
        "odoo.addons.portal_access_ext.models.res_users_throttle",
        "odoo.http",
    )
    def test_password_step_throttled_on_every_protocol(self):
        """Test that 5 wrong passwords lock the login on the form, /web/session/authenticate, XML-RPC and JSON-RPC."""
        clients = {
            "web_form": self._web_form,
            "session_authenticate": self._session_authenticate,
            "xmlrpc": self._xmlrpc,
            "jsonrpc": self._jsonrpc_login,
        }
        for name, client in clients.items():
            with self.subTest(protocol=name):
                login = f"portal_live_{name}"
                for _i in range(5):
                    self.assertFalse(client(login, WRONG)[0])
                self.assertEqual(self._logs(name), 5)
                signed_in, message = client(login, PASSWORD)
                self.assertBlocked(
                    not signed_in, f"{name}: the right password passed after 5 failures"
                )
                if name in ("web_form", "session_authenticate"):
                    self.assertIn("please try again after", message)
                self.assertEqual(self._logs(name, blocked=True), 1)

    @mute_logger(
        "odoo.addons.portal_access_ext.models.res_users_throttle",
        "odoo.http",
    )
    def test_rpc_failures_counted_per_client_address(self):
        """Test that wrong passwords over XML-RPC and JSON-RPC are counted under the client's address, as on the login form."""
        for name, client in (
            ("xmlrpc", self._xmlrpc),
            ("jsonrpc", self._jsonrpc_login),
        ):
            with self.subTest(protocol=name):
                self.assertFalse(client(f"portal_live_{name}", WRONG)[0])
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    addresses = set(
                        env["auth.totp.rate.limit.log"]
                        .search([("user_id", "=", self.user_ids[name])])
                        .mapped("ip")
                    )
                self.assertEqual(addresses, {"127.0.0.1"})

    @mute_logger("odoo.http", "odoo.addons.portal_access_ext.models.res_users_throttle")
    def test_identity_check_throttled_over_rpc(self):
        """Test that wrong passwords of the identity check count although the refused call is rolled back."""
        session = requests.Session()
        self.assertTrue(self._web_form("portal_live_identity", PASSWORD, session)[0])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.user_ids["identity"], {})
            check_id = (
                env["res.users.identitycheck"].sudo().create({"request": "[]"}).id
            )

        def run_check(password):
            answer = self._jsonrpc(
                session,
                "/web/dataset/call_kw/res.users.identitycheck/run_check",
                {
                    "model": "res.users.identitycheck",
                    "method": "run_check",
                    "args": [[check_id]],
                    "kwargs": {"context": {"password": password}},
                },
            )
            return answer["error"]["data"]["message"]

        for _i in range(5):
            self.assertIn("Incorrect Password", run_check(WRONG))
        self.assertEqual(self._logs("identity"), 5)
        self.assertBlocked(
            "please try again after" in run_check(PASSWORD),
            "the identity check was not locked after 5 wrong passwords",
        )

    def _race(self, count, attempt):
        """Run `attempt(i)` in `count` threads released at once; the answers."""
        return race(count, lambda i, ready: ready() or attempt(i))

    @mute_logger(
        "odoo.addons.base.models.res_users",
        "odoo.addons.portal_access_ext.models.res_users_throttle",
    )
    def test_parallel_wrong_codes_evaluate_at_most_the_limit(self):
        """Test that 20 parallel wrong 2FA codes get at most 5 evaluated."""
        sessions = []
        for _i in range(20):
            session = requests.Session()
            page = session.get(f"{self.url}/web/login", timeout=180)
            page = session.post(
                f"{self.url}/web/login",
                data={
                    "login": "portal_live_codes",
                    "password": PASSWORD,
                    "csrf_token": self._csrf(page.text),
                },
                timeout=180,
            )
            self.assertIn("/web/login/totp", page.url)
            sessions.append((session, self._csrf(page.text)))
        right = int(pyotp.TOTP(self.secret).now())
        wrong = f"{(right + 500000) % 1000000:06d}"

        def post_code(i):
            session, csrf = sessions[i]
            return session.post(
                f"{self.url}/web/login/totp",
                data={"totp_token": wrong, "csrf_token": csrf},
                timeout=180,
            ).text

        answers = self._race(20, post_code)
        evaluated = sum("Verification failed" in answer for answer in answers)
        locked = sum("please try again after" in answer for answer in answers)
        self.assertEqual(evaluated + locked, 20, answers)
        self.assertBlocked(
            evaluated <= 5, f"{evaluated} of 20 parallel wrong codes were evaluated"
        )
        self.assertEqual(self._logs("codes", "code_check"), evaluated)

    @mute_logger(
        "odoo.addons.base.models.res_users",
        "odoo.addons.portal_access_ext.models.res_users_throttle",
    )
    def test_parallel_wrong_passwords_evaluate_at_most_the_limit(self):
        """Test that 20 parallel wrong passwords on the login form get at most 5 evaluated."""
        answers = self._race(
            20, lambda i: self._web_form("portal_live_passwords", WRONG)[1]
        )
        # the login form answers a lockout as any failure (res_users_sign_in.py):
        # the refused attempts are those logged as blocked
        self.assertEqual(len(answers), 20)
        self.assertFalse([a for a in answers if a.startswith("unhandled")], answers)
        locked = self._logs("passwords", blocked=True)
        evaluated = self._logs("passwords")
        self.assertEqual(evaluated + locked, 20)
        self.assertBlocked(
            evaluated <= 5, f"{evaluated} of 20 parallel wrong passwords were evaluated"
        )
