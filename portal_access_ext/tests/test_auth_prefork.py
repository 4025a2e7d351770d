"""The sign-in promises of a real multi-process server (``--workers=2``).

The test server is one process: what one worker records must be what the other
one enforces, which only a prefork server can show. This case commits its
users, starts ``odoo-bin --workers=2`` on 127.0.0.1 and free ports, talks to it
as RPC clients do and tells the workers apart by the process id of each
request's access-log line; it stops the server by its PID and cleans up."""

import os
import re
import tempfile
import xmlrpc.client
from collections import defaultdict
from datetime import timedelta

import requests

from odoo import fields
from odoo.tests import BaseCase, get_db_name, tagged

from .common import make_portal_user
from .concurrency import (
    RealTransactionMixin,
    race,
    start_odoo_server,
    stop_odoo_server,
)
from .security_cases import SecurityCaseMixin

PASSWORD = "Pae-Prefork-Pass-42"
LOCKOUT = "please try again after"
WRONG = "Not-The-Password-1"
SIGN_IN_FAILED = (
    "Wrong login or password. After several failed attempts, signing in is "
    "paused for a few minutes: please try again after a few minutes, or reset "
    "your password."
)
EXPIRED_MESSAGE = "Your portal access has expired"
ENROL_MESSAGE = "Two-factor authentication is required for your account"
# "<date> <time> <pid> INFO <db> werkzeug: <address> - - [<date>] "POST <path> ..."
ACCESS_RE = re.compile(r"^\S+ \S+ (\d+) INFO \S+ werkzeug: .*?\"POST (/[^ #\"]*)")
# the parameters this case changes, restored at its end
PARAMETERS = (
    "base.login_cooldown_after",
    "portal_access_ext.portal_totp_required",
    "portal_access_ext.portal_totp_grace_days",
    "portal_access_ext.portal_totp_required_since",
)


@tagged("post_install", "-at_install", "security_concurrency")
class TestSignInPrefork(RealTransactionMixin, SecurityCaseMixin, BaseCase):
    security_family = "Authentication"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.committed_env() as env:
            ICP = env["ir.config_parameter"]
            cls.saved = {key: ICP.get_param(key) for key in PARAMETERS}
            # stock's per-address cooldown (the memory of one worker) off:
            # what is left is the addon's throttle, shared in the database
            ICP.set_param("base.login_cooldown_after", 0)
            # the 2FA policy, switched on 60 days ago with a week of grace:
            # users granted today are within it, a user granted 60 days ago
            # must enrol
            ICP.set_param("portal_access_ext.portal_totp_required", True)
            ICP.set_param("portal_access_ext.portal_totp_grace_days", 7)
            ICP.set_param(
                "portal_access_ext.portal_totp_required_since",
                fields.Datetime.to_string(fields.Datetime.now() - timedelta(days=60)),
            )
            users = env["res.users"].browse()
            for name in ("limit", "lockout", "expired", "enrol", "free"):
                users |= make_portal_user(
                    env,
                    f"portal_prefork_{name}",
                    password=PASSWORD,
                    portal_access_expiry_date=fields.Date.today(),
                )
            cls.user_ids = {
                user.login.removeprefix("portal_prefork_"): user.id for user in users
            }
            env.cr.execute(
                "UPDATE res_users SET portal_access_expiry_date = current_date - 1"
                " WHERE id = %s",
                [cls.user_ids["expired"]],
            )
            env.cr.execute(
                "UPDATE res_users SET"
                " create_date = now() at time zone 'UTC' - interval '60 days',"
                " portal_access_granted_date = now() at time zone 'UTC'"
                "  - interval '60 days'"
                " WHERE id = %s",
                [cls.user_ids["enrol"]],
            )
        cls.tmpdir = tempfile.TemporaryDirectory(prefix="portal_prefork_")
        cls.logfile = os.path.join(cls.tmpdir.name, "odoo.log")
        try:
            cls.server, cls.url = start_odoo_server(
                ["--workers=2", "--log-level=warn", "--log-handler=werkzeug:INFO"],
                cls.logfile,
            )
        except BaseException:
            cls._clean_up()
            raise

    @classmethod
    def tearDownClass(cls):
        stop_odoo_server(cls.server)
        cls._clean_up()
        super().tearDownClass()

    @classmethod
    def _clean_up(cls):
        with cls.committed_env(context={"active_test": False}) as env:
            ICP = env["ir.config_parameter"]
            for key, value in cls.saved.items():
                ICP.set_param(key, value or False)
            users = env["res.users"].browse(cls.user_ids.values())
            env["auth.totp.rate.limit.log"].search(
                [("user_id", "in", users.ids)]
            ).unlink()
            partners = users.partner_id
            users.unlink()
            partners.unlink()
        cls.tmpdir.cleanup()

    # -- the server's two workers ---------------------------------------------
    def _log_offset(self):
        return os.path.getsize(self.logfile)

    def _pids_since(self, offset, path):
        """The pids of the workers that served ``path`` since ``offset``, one
        per request, in the order of the log."""
        with open(self.logfile, encoding="utf-8", errors="replace") as log:
            log.seek(offset)
            matches = (ACCESS_RE.match(line) for line in log)
            return [int(m.group(1)) for m in matches if m and m.group(2) == path]

    def _workers_since(self, offset, path):
        """{pid: requests} of the workers that served ``path`` since ``offset``."""
        served = defaultdict(int)
        for pid in self._pids_since(offset, path):
            served[pid] += 1
        return dict(served)

    def _in_both_workers(self, path, burst, attempt):
        """Bursts of ``burst`` parallel ``attempt(i, ready)`` until both
        workers have served ``path`` (at most 10 bursts); the answers and
        {pid: requests}."""
        offset, answers = self._log_offset(), []
        for _burst in range(10):
            answers += race(burst, attempt)
            served = self._workers_since(offset, path)
            if len(served) >= 2:
                break
        self.assertEqual(len(served), 2, f"not served by two workers: {served}")
        return answers, served

    # -- clients ----------------------------------------------------------------
    def _session_authenticate(self, login, password):
        """The error message of /web/session/authenticate, "" when signed in."""
        response = requests.post(
            f"{self.url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"db": get_db_name(), "login": login, "password": password},
            },
            timeout=120,
        )
        answer = response.json()
        if "error" in answer:
            return answer["error"]["data"]["message"]
        return "" if answer["result"].get("uid") else "no uid"

    def _xmlrpc(self, service):
        return xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/{service}")

    def _read_own_contact(self, name, password=PASSWORD):
        """The fault of XML-RPC execute_kw with the password, "" if it answered."""
        try:
            self._xmlrpc("object").execute_kw(
                get_db_name(), self.user_ids[name], password, "res.partner",
                "search_read", [[]], {"fields": ["name"], "limit": 1},
            )  # fmt: skip
        except xmlrpc.client.Fault as fault:
            return fault.faultString
        return ""

    def _rows(self, name):
        """The attempts of a user, for failure messages."""
        with self.committed_env() as env:
            env.cr.execute(
                "SELECT id, ip, portal_blocked, portal_locked_until, create_date,"
                " now() at time zone 'UTC' FROM auth_totp_rate_limit_log"
                " WHERE user_id = %s ORDER BY id",
                [self.user_ids[name]],
            )
            return env.cr.fetchall()

    def _logs(self, name, blocked):
        with self.committed_env() as env:
            return env["auth.totp.rate.limit.log"].search_count(
                [
                    ("user_id", "=", self.user_ids[name]),
                    ("limit_type", "=", "password_check"),
                    ("portal_blocked", "=", blocked),
                ]
            )

    # -- tests ----------------------------------------------------------------
    def test_parallel_wrong_passwords_bounded_across_workers(self):
        """Test that 20 parallel wrong passwords spread over two workers get exactly the limit counted, not twice it."""
        offset = self._log_offset()
        answers = race(
            20,
            lambda i, ready: ready()
            or self._session_authenticate("portal_prefork_limit", WRONG),
        )
        served = self._workers_since(offset, "/web/session/authenticate")
        self.assertEqual(sum(served.values()), 20, served)
        self.assertEqual(len(served), 2, f"one worker served them all: {served}")
        # every failure gets the sign-in's one sentence (res_users_sign_in.py):
        # the attempts answered as wrong passwords are those counted, the
        # others are recorded as blocked by the lockout
        self.assertEqual(answers, [SIGN_IN_FAILED] * 20)
        evaluated = self._logs("limit", blocked=False)
        self.assertEqual(self._logs("limit", blocked=True), 20 - evaluated)
        self.assertBlocked(
            evaluated == 5,
            f"{evaluated} of 20 parallel wrong passwords counted in two workers "
            "(limit 5)",
        )

    def test_lockout_set_in_one_worker_seen_by_the_other(self):
        """Test that wrong passwords over /xmlrpc/2/object count, and that the lockout they reach in one worker refuses the right password in both."""
        offset = self._log_offset()
        for _i in range(5):
            self.assertTrue(self._read_own_contact("lockout", WRONG))
        # counted although each refused call's transaction was rolled back
        self.assertEqual(self._logs("lockout", blocked=False), 5)
        locking = self._pids_since(offset, "/xmlrpc/2/object")
        self.assertEqual(len(locking), 5, locking)
        # the worker that recorded the fifth failure, which set the lockout
        setter = locking[4]

        def right_password(_i, ready):
            ready()
            return self._xmlrpc("common").authenticate(
                get_db_name(), "portal_prefork_lockout", PASSWORD, {}
            )

        answers, served = self._in_both_workers("/xmlrpc/2/common", 2, right_password)
        self.assertIn(setter, served)
        self.assertBlocked(
            not any(answers),
            f"the right password signed in during a lockout: {answers} {served} "
            f"{self._rows('lockout')}",
            entry_point="xmlrpc",
        )
        self.assertIn(LOCKOUT, self._read_own_contact("lockout"))
        self.assertEqual(self._logs("lockout", blocked=True), len(answers) + 1)
        self.assertEqual(self._logs("lockout", blocked=False), 5)

    def test_expiry_and_totp_requirement_refuse_xmlrpc_in_both_workers(self):
        """Test that an expired user and a user past the 2FA grace period are refused XML-RPC by both workers."""
        for name, message in (("expired", EXPIRED_MESSAGE), ("enrol", ENROL_MESSAGE)):
            answers, served = self._in_both_workers(
                "/xmlrpc/2/object",
                2,
                lambda i, ready, name=name: ready() or self._read_own_contact(name),
            )
            with self.subTest(user=name):
                self.assertBlocked(
                    all(message in answer for answer in answers),
                    f"{name}: XML-RPC answered in {served}: {answers}",
                    entry_point="xmlrpc",
                )
        # both workers answer a user with nothing against them
        answers, served = self._in_both_workers(
            "/xmlrpc/2/object",
            2,
            lambda i, ready: ready() or self._read_own_contact("free"),
        )
        self.assertEqual(set(answers), {""}, served)
