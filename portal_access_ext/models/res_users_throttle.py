"""Throttling of wrong passwords, authentication codes and recovery codes
(stock's auth.totp.rate.limit.log, more limit types).

Every password check goes through ``_check_credentials`` (login form,
``/web/session/authenticate``, XML-RPC / JSON-RPC, the password change, the
account deletion, the identity check): it is counted there, per user in the
database, so that all workers share the count, nobody else's success resets it
and X-Forwarded-For does not split the per-user ceiling.

Lockouts, ``_get_portal_rate_limits()``: after 5 failures of one kind from one
address the account refuses that kind of attempt from that address for 1, then
5, then 15 minutes; 100 failures (10 for codes) within an hour from all
addresses together refuse them from everywhere until the oldest is an hour old.
Counting and recording an attempt happen under a per-user advisory lock, in
their own committed transaction, so that of N parallel attempts at most the
limit get an answer (codes are counted before they are checked, passwords
settled right after, so that a right password writes nothing). Blocked attempts
are logged but never counted."""

import contextlib
import logging
import threading
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessDenied, UserError
from odoo.http import request
from odoo.sql_db import Cursor
from odoo.tools import SQL
from odoo.tools.misc import format_datetime

from .rpc_client_address import RPC_CLIENT_ADDRESS

_logger = logging.getLogger(__name__)

# First key of the per-user advisory lock taken while an attempt is counted
# ("PAET"); the second key is the user's id.
PORTAL_THROTTLE_LOCK_KEY = 0x50414554

# The second factor's credential types (auth_totp, auth_totp_mail): only valid
# in a session that passed the password step of that very user.
PORTAL_MFA_TYPES = ("totp", "totp_mail")


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_security_locked_until = fields.Datetime(
        string="Security Lockout Until",
        compute="_compute_portal_security_locked_until",
        compute_sudo=True,
        help="Too many wrong passwords, authentication codes or recovery codes: "
        "such attempts are refused until then (from the addresses that made "
        "them, or from everywhere once the account's ceiling is reached).",
    )

    def _compute_portal_security_locked_until(self):
        lockouts = self._origin._portal_lockouts()
        for user in self:
            user.portal_security_locked_until = lockouts.get(user._origin.id, False)

    def action_portal_unlock_security(self):
        """Lift the lockout of wrong passwords and codes (admin, user form)."""
        if not self.env.user.has_group("base.group_erp_manager"):
            raise UserError(self.env._("Only an administrator can lift a lockout."))
        self.env["auth.totp.rate.limit.log"].sudo().search(
            [
                ("user_id", "in", self.ids),
                ("limit_type", "in", list(self._get_portal_rate_limits())),
            ]
        ).unlink()
        _logger.info(
            "Security lockout lifted for %s by uid #%s", self.ids, self.env.user.id
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Lockout lifted for: %s", ", ".join(self.mapped("name"))
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _check_credentials(self, credential, env):
        # Stock checks the password of ``self.env.user`` (self may be empty,
        # e.g. /my/deactivate_account) and the codes of ``self``.
        if credential.get("type") in PORTAL_MFA_TYPES:
            self._portal_check_mfa_pending(credential)
            # counted by stock's _totp_rate_limit, before the code is checked
            try:
                return super()._check_credentials(credential, env)
            except AccessDenied as error:
                if not getattr(error, "portal_lockout", False):
                    self._portal_warn_attempts_left(error, "code_check")
                raise
        if credential.get("type") != "password" or not credential.get("password"):
            return super()._check_credentials(credential, env)
        # The password is checked first and the attempt settled afterwards,
        # under the per-user lock: the successful sign-in, the hot path of
        # every request of an RPC client, writes nothing (one short read-only
        # transaction; failures are removed only when there are some), where
        # recording the attempt first meant two committed transactions per
        # sign-in (bench/RESULTS_signin.md). The answer still comes from the
        # settlement: of N parallel wrong passwords at most the limit are
        # answered as wrong, the others (and a right one) get the lockout.
        user = self.env.user
        try:
            auth_info = super()._check_credentials(credential, env)
        except AccessDenied as error:
            user._portal_settle_password_check(succeeded=False)
            user._portal_warn_attempts_left(error, "password_check")
            raise
        user._portal_settle_password_check(succeeded=True)
        return auth_info

    def _totp_rate_limit(self, limit_type):
        if limit_type not in self._get_portal_rate_limits():
            return super()._totp_rate_limit(limit_type)
        self.ensure_one()
        locked_until = self._portal_register_attempt(limit_type)
        if locked_until:
            self._portal_raise_lockout(limit_type, locked_until)
        return None

    @api.private
    def _portal_raise_lockout(self, limit_type, locked_until):
        _logger.warning(
            "Blocked %s attempt for %s %r from %s: locked until %s UTC",
            limit_type,
            self,
            self.sudo().login,
            self._portal_remote_addr(),
            locked_until,
        )
        error = AccessDenied(self._portal_lockout_message(locked_until))
        error.portal_lockout = True
        raise error

    def _totp_rate_limit_purge(self, limit_type):
        if limit_type not in self._get_portal_rate_limits():
            return super()._totp_rate_limit_purge(limit_type)
        self.ensure_one()
        with self._portal_log_env() as env:
            env["auth.totp.rate.limit.log"].sudo().search(
                [("user_id", "=", self.id), ("limit_type", "=", limit_type)]
            ).unlink()
        return None

    @api.model
    def _get_portal_rate_limits(self):
        """{limit type: rules} of the attempts this addon throttles; override
        to change them. Rules: ``limit`` failures from one address, then
        ``lockouts`` (seconds, growing with each lockout within ``window``
        seconds, the last one repeated); ``user_limit`` failures from all
        addresses within ``user_window`` seconds lock the account everywhere.
        Stock's ``send_email`` keeps its own limits."""
        password = {
            "limit": 5,
            "lockouts": (60, 5 * 60, 15 * 60),
            "window": 60 * 60,
            "user_limit": 100,
            "user_window": 60 * 60,
        }
        # Codes are guessed by someone who already has the password: a lower
        # ceiling (stock allows 5 per hour from all addresses).
        code = {**password, "user_limit": 10}
        return {
            "password_check": password,
            "code_check": code,
            "recovery_check": code,
        }

    @api.private
    def _portal_check_mfa_pending(self, credential):
        """Refuse, without counting anything, a second-factor credential that
        does not come from the code step of a session which passed this very
        user's password (stock accepts ``type`` from the login form, so that
        anyone could count failed code attempts against any login)."""
        pending = not request or (
            request.session.get("pre_uid") == self.id and not request.session.uid
        )
        if (
            len(self) != 1
            or not pending
            or not isinstance(credential.get("token"), int)
        ):
            raise AccessDenied()

    @api.private
    def _portal_settle_password_check(self, succeeded):
        """Settle a checked password of this user from this address: refuse
        it during a lockout (recorded as blocked), else record a failure, or
        for a right password remove the failures counted so far, if any."""
        self.ensure_one()
        locked_until = self._portal_register_attempt("password_check", succeeded)
        if locked_until:
            self._portal_raise_lockout("password_check", locked_until)

    @api.private
    def _portal_register_attempt(self, limit_type, succeeded=False):
        """Record one attempt of this user from this address; return the time
        until which the attempt is refused (a lockout: the attempt is recorded
        as blocked, not counted), or None (counted as a failure until the
        check succeeds and purges the count). Reading the count and recording
        the attempt happen in one transaction under a per-user lock.
        ``succeeded``: the attempt already passed its check; unless refused by
        a lockout it records nothing and purges the user's failures, writing
        only when there are some."""
        self.ensure_one()
        rules = self._get_portal_rate_limits()[limit_type]
        ip = self._portal_remote_addr()
        with self._portal_log_env() as env:
            env.cr.execute(
                SQL(
                    "SELECT pg_advisory_xact_lock(%s, %s)",
                    PORTAL_THROTTLE_LOCK_KEY,
                    self.id,
                )
            )
            user = self.with_env(env)
            Log = env["auth.totp.rate.limit.log"].sudo()
            locked_until = user._portal_lockouts([limit_type], ip=ip).get(self.id)
            if succeeded and not locked_until:
                Log.search(
                    [("user_id", "=", self.id), ("limit_type", "=", limit_type)]
                ).unlink()
                return None
            vals = {
                "user_id": self.id,
                "ip": ip,
                "limit_type": limit_type,
                "portal_blocked": bool(locked_until),
            }
            if not locked_until:
                levels, pending = user._portal_attempt_counts(limit_type, ip)
                if pending + 1 >= rules["limit"]:
                    # This attempt reaches the limit: the lockout starts now,
                    # and a success (the right password) purges it at once.
                    lockouts = rules["lockouts"]
                    duration = lockouts[min(levels, len(lockouts) - 1)]
                    vals["portal_locked_until"] = fields.Datetime.now() + timedelta(
                        seconds=duration
                    )
            Log.create(vals)
        return locked_until

    @api.private
    def _portal_attempt_counts(self, limit_type, ip):
        """(lockouts of this user from this address within the window, failures
        counted since the last of them)."""
        self.ensure_one()
        rules = self._get_portal_rate_limits()[limit_type]
        logs = (
            self.env["auth.totp.rate.limit.log"]
            .sudo()
            .search_fetch(
                [
                    ("user_id", "=", self.id),
                    ("limit_type", "=", limit_type),
                    ("ip", "=", ip),
                    ("portal_blocked", "=", False),
                    (
                        "create_date",
                        ">=",
                        fields.Datetime.now() - timedelta(seconds=rules["window"]),
                    ),
                ],
                ["portal_locked_until"],
                order="id",
            )
        )
        levels, pending = 0, 0
        for log in logs:
            if log.portal_locked_until:
                levels, pending = levels + 1, 0
            else:
                pending += 1
        return levels, pending

    @api.private
    def _portal_lockouts(self, limit_types=None, ip=None):
        """{user id: locked until} of these users' current lockouts: those of
        the address ``ip`` (of any address when None) and those of the
        account's ceiling; a few queries for any number of users."""
        all_rules = self._get_portal_rate_limits()
        limit_types = limit_types or list(all_rules)
        now = fields.Datetime.now()
        Log = self.env["auth.totp.rate.limit.log"].sudo()
        lockouts = {}

        def extend(user_id, until):
            if until > now and until > lockouts.get(user_id, now):
                lockouts[user_id] = until

        domain = [
            ("user_id", "in", self.ids),
            ("limit_type", "in", limit_types),
            ("portal_locked_until", ">", now),
        ]
        if ip is not None:
            domain.append(("ip", "=", ip))
        for user, until in Log._read_group(
            domain, ["user_id"], ["portal_locked_until:max"]
        ):
            extend(user.id, until)
        for limit_type in limit_types:
            rules = all_rules[limit_type]
            window = timedelta(seconds=rules["user_window"])
            counts = Log._read_group(
                [
                    ("user_id", "in", self.ids),
                    ("limit_type", "=", limit_type),
                    ("portal_blocked", "=", False),
                    ("create_date", ">=", now - window),
                ],
                ["user_id"],
                ["__count"],
            )
            for user, count in counts:
                if count < rules["user_limit"]:
                    continue
                # the ceiling holds until the oldest counted failure leaves
                # the window
                oldest = Log.search(
                    [
                        ("user_id", "=", user.id),
                        ("limit_type", "=", limit_type),
                        ("portal_blocked", "=", False),
                        ("create_date", ">=", now - window),
                    ],
                    order="id",
                    offset=count - rules["user_limit"],
                    limit=1,
                )
                extend(user.id, oldest.create_date + window)
        return lockouts

    @api.private
    def _portal_locked_until(self, limit_type):
        """The time until which attempts of this type from this address are
        refused, or None."""
        self.ensure_one()
        return self._portal_lockouts([limit_type], ip=self._portal_remote_addr()).get(
            self.id
        )

    @api.private
    def _portal_attempts_left(self, limit_type):
        """How many failures of this type from this address remain before a
        lockout (read in a fresh transaction, which sees the latest attempt)."""
        self.ensure_one()
        rules = self._get_portal_rate_limits()[limit_type]
        ip = self._portal_remote_addr()
        with self._portal_log_env() as env:
            user = self.with_env(env)
            pending = user._portal_attempt_counts(limit_type, ip)[1]
            user_count = (
                env["auth.totp.rate.limit.log"]
                .sudo()
                .search_count(
                    [
                        ("user_id", "=", self.id),
                        ("limit_type", "=", limit_type),
                        ("portal_blocked", "=", False),
                        (
                            "create_date",
                            ">=",
                            fields.Datetime.now()
                            - timedelta(seconds=rules["user_window"]),
                        ),
                    ]
                )
            )
        return max(0, min(rules["limit"] - pending, rules["user_limit"] - user_count))

    def _portal_warn_attempts_left(self, error, limit_type):
        """Add to a refused attempt's error how many attempts remain when only
        one or two do (the error's ``portal_warning`` keeps the warning alone)."""
        left = self._portal_attempts_left(limit_type)
        if left not in (1, 2):
            return
        if left == 1:
            warning = self.env._("Only one attempt left before a temporary lockout.")
        else:
            warning = self.env._(
                "Only %(count)s attempts left before a temporary lockout.", count=left
            )
        message = error.args[0] if error.args != AccessDenied().args else ""
        message = message or self._portal_wrong_password_message()
        error.args = (f"{message} {warning}",)
        error.portal_warning = warning

    def _portal_wrong_password_message(self):
        """The start of a wrong password's message once it carries a warning
        (stock's generic AccessDenied has no text of its own)."""
        return self.env._("Wrong login/password.")

    def _portal_lockout_message(self, locked_until):
        tz = self._portal_customer_tz()
        return self.env._(
            "Too many failed attempts: for your security, please try again after "
            "%(time)s (%(tz)s).",
            time=format_datetime(self.env, locked_until, tz=tz, dt_format="HH:mm"),
            tz=tz,
        )

    def _portal_customer_tz(self):
        """The customer's time zone: the user's, else the browser's (stock's
        ``tz`` cookie), else the context's, else UTC."""
        candidates = [
            self.sudo().tz,
            request.cookies.get("tz") if request else None,
            self.env.context.get("tz"),
        ]
        return next((tz for tz in candidates if tz in pytz.all_timezones_set), "UTC")

    def _portal_remote_addr(self):
        if request:
            return request.httprequest.environ.get("REMOTE_ADDR")
        return RPC_CLIENT_ADDRESS.get() or "n/a"

    def _portal_serving_http(self):
        """Whether this call serves an HTTP request: ``request`` itself, or an
        XML-RPC / JSON-RPC call, whose dispatch hides the request
        (``odoo.http.borrow_request``) on the thread that serves it (Odoo's
        HTTP application records the URL it serves on that thread)."""
        return bool(request) or bool(getattr(threading.current_thread(), "url", None))

    @contextlib.contextmanager
    def _portal_log_env(self):
        """Attempts are written in their own transaction when serving a request,
        so that a refused attempt still counts although the transaction of the
        call is rolled back, and the per-user lock is held only while
        counting; the cursor commits when the block ends. Over XML-RPC and
        JSON-RPC too: their dispatch hides the request and rolls a refused
        ``execute_kw`` back, which erased its failures (wrong passwords over
        ``/xmlrpc/2/object`` were never counted). Outside a request (cron,
        shell, a test's transaction) the caller's transaction is used: it may
        hold a user the other transaction cannot see yet."""
        if not self._portal_serving_http():
            yield self.env
            return
        with self.env.registry.cursor() as cr:
            if isinstance(cr, Cursor):
                # Each statement sees what the others committed, in particular
                # once the per-user lock is granted (a snapshot taken when the
                # transaction began would miss the attempts recorded while it
                # waited). Test cursors (not a Cursor) share the test's
                # transaction instead, one request at a time.
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            yield self.env(cr=cr)
