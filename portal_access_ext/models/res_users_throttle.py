"""Throttling of wrong passwords, authentication codes and recovery codes
(stock's auth.totp.rate.limit.log, more limit types).

Lockout, ``PAE_RATE_LIMITS`` below: after 5 failed attempts of one kind
within 15 minutes the account refuses that kind of attempt until the oldest
of them is 15 minutes old. Blocked attempts are logged but never counted, so
hammering cannot extend the lockout."""

import contextlib
import logging
from collections import defaultdict
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessDenied, UserError
from odoo.http import request
from odoo.tools.misc import format_datetime

_logger = logging.getLogger(__name__)

# limit type: (failed attempts, window in seconds). ``code_check`` replaces
# stock's 5 per hour (which, with the login cooldown, kept a customer out for up
# to an hour); ``send_email`` keeps stock's limits.
PAE_RATE_LIMITS = {
    "code_check": (5, 15 * 60),
    "password_check": (5, 15 * 60),
    "recovery_check": (5, 15 * 60),
}


class ResUsers(models.Model):
    _inherit = "res.users"

    pae_security_locked_until = fields.Datetime(
        string="Security Lockout Until",
        compute="_compute_pae_security_locked_until",
        compute_sudo=True,
        help="Too many wrong passwords, authentication codes or recovery codes: "
        "the account refuses such attempts until then.",
    )

    def _compute_pae_security_locked_until(self):
        lockouts = self._origin._pae_lockouts()
        for user in self:
            until = [
                date
                for (uid, _type), date in lockouts.items()
                if uid == user._origin.id
            ]
            user.pae_security_locked_until = max(until) if until else False

    def action_pae_unlock_security(self):
        """Lift the lockout of wrong passwords and codes (admin, user form)."""
        if not self.env.user.has_group("base.group_erp_manager"):
            raise UserError(self.env._("Only an administrator can lift a lockout."))
        self.env["auth.totp.rate.limit.log"].sudo().search(
            [("user_id", "in", self.ids), ("limit_type", "in", list(PAE_RATE_LIMITS))]
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

    def _totp_rate_limit(self, limit_type):
        if limit_type not in PAE_RATE_LIMITS:
            return super()._totp_rate_limit(limit_type)
        self.ensure_one()
        locked_until = self._pae_locked_until(limit_type)
        if locked_until:
            self._pae_log_attempt(limit_type, blocked=True)
            _logger.warning(
                "Blocked %s attempt for %s %r from %s: locked until %s UTC",
                limit_type,
                self,
                self.sudo().login,
                self._pae_remote_addr(),
                locked_until,
            )
            raise AccessDenied(self._pae_lockout_message(locked_until))
        self._pae_log_attempt(limit_type)
        return None

    def _totp_rate_limit_purge(self, limit_type):
        if limit_type not in PAE_RATE_LIMITS:
            return super()._totp_rate_limit_purge(limit_type)
        self.ensure_one()
        with self._pae_log_env() as env:
            env["auth.totp.rate.limit.log"].sudo().search(
                [("user_id", "=", self.id), ("limit_type", "=", limit_type)]
            ).unlink()
        return None

    @api.private
    def _pae_lockouts(self, limit_types=None):
        """{(user id, limit type): locked until} of these users' current
        lockouts, from one query."""
        limit_types = limit_types or list(PAE_RATE_LIMITS)
        longest = max(PAE_RATE_LIMITS[limit_type][1] for limit_type in limit_types)
        now = datetime.now()
        logs = (
            self.env["auth.totp.rate.limit.log"]
            .sudo()
            .search(
                [
                    ("user_id", "in", self.ids),
                    ("limit_type", "in", limit_types),
                    ("pae_blocked", "=", False),
                    ("create_date", ">=", now - timedelta(seconds=longest)),
                ],
                order="create_date, id",
            )
        )
        dates = defaultdict(list)
        for log in logs:
            dates[log.user_id.id, log.limit_type].append(log.create_date)
        lockouts = {}
        for (user_id, limit_type), created in dates.items():
            limit, interval = PAE_RATE_LIMITS[limit_type]
            recent = [
                date for date in created if date >= now - timedelta(seconds=interval)
            ]
            if len(recent) >= limit:
                # the oldest counted failure leaves the window then
                lockouts[user_id, limit_type] = recent[len(recent) - limit] + timedelta(
                    seconds=interval
                )
        return lockouts

    @api.private
    def _pae_locked_until(self, limit_type):
        """The time until which attempts of this type are refused, or None."""
        self.ensure_one()
        return self._pae_lockouts([limit_type]).get((self.id, limit_type))

    def _pae_lockout_message(self, locked_until):
        tz = self.sudo().tz or self.env.context.get("tz") or "UTC"
        return self.env._(
            "Too many failed attempts: for your security, please try again after "
            "%(time)s (%(tz)s).",
            time=format_datetime(self.env, locked_until, tz=tz, dt_format="HH:mm"),
            tz=tz,
        )

    def _pae_remote_addr(self):
        return request.httprequest.environ.get("REMOTE_ADDR") if request else "n/a"

    @contextlib.contextmanager
    def _pae_log_env(self):
        """Attempts are written in their own transaction when serving a request,
        so that a refused attempt (whose transaction is rolled back, e.g. over
        RPC) still counts; the cursor commits when the block ends."""
        if not request:
            yield self.env
            return
        with self.env.registry.cursor() as cr:
            yield self.env(cr=cr)

    def _pae_log_attempt(self, limit_type, blocked=False):
        with self._pae_log_env() as env:
            env["auth.totp.rate.limit.log"].sudo().create(
                {
                    "user_id": self.id,
                    "ip": self._pae_remote_addr(),
                    "limit_type": limit_type,
                    "pae_blocked": blocked,
                }
            )
