"""Customer account security: password policy on change, throttling of the
password re-check, of authenticator codes and of recovery codes (per user),
recovery codes at the login's code step, and the portal two-factor policy.

Lockout, ``PAE_RATE_LIMITS`` below: after
5 failed attempts of one kind within 15 minutes the account refuses that kind
of attempt until the oldest of them is 15 minutes old, so a lockout never
lasts more than 15 minutes after the last counted failure. Blocked attempts
are logged but never counted, so hammering cannot extend the lockout.
"""

import contextlib
import logging
import re
import secrets
from collections import defaultdict
from datetime import datetime, timedelta

from passlib.hash import pbkdf2_sha256
from werkzeug.exceptions import Forbidden, abort

from odoo import api, fields, models
from odoo.exceptions import AccessDenied, UserError
from odoo.http import request
from odoo.tools.misc import format_datetime

from odoo.addons.base.models.res_users import check_identity

_logger = logging.getLogger(__name__)

# limit type: (failed attempts, window in seconds). ``code_check`` replaces
# stock's 5 per hour (which, with the login cooldown, kept a customer out for up
# to an hour); ``send_email`` keeps stock's limits.
PAE_RATE_LIMITS = {
    "code_check": (5, 15 * 60),
    "password_check": (5, 15 * 60),
    "recovery_check": (5, 15 * 60),
}
RECOVERY_CODE_COUNT = 10
# Recovery codes are 10 digits (first one non-zero), so that stock's login step,
# which reads the code as an integer, passes them on; a 6-digit value is always
# an authenticator code.
RECOVERY_CODE_MIN = 10**9
RECOVERY_CODE_MAX = 10**10 - 1
# What a portal user who must enrol may still reach (the security page and what
# it needs to enable two-factor authentication, and logging out).
ENROLMENT_ALLOWED_PATHS = (
    "/my/security",
    "/web/session/logout",
    "/web/login",
    "/web/session/get_session_info",
    "/websocket",
    # what any page needs to display: assets, translations, images
    "/web/assets/",
    "/web/bundle/",
    "/web/webclient/translations",
    "/website/translations",
    "/web/image",
    "/web/binary/company_logo",
    "/logo.png",
    "/favicon.ico",
)
ENROLMENT_ALLOWED_MODELS = {"res.users", "res.users.identitycheck", "auth_totp.wizard"}
CALL_KW_RE = re.compile(r"^/web/dataset/call_kw/(?P<model>[\w.]+)/")


class ResUsers(models.Model):
    # res_users.py is the admin side's; this file is the customer's security
    _inherit = "res.users"  # pylint: disable=consider-merging-classes-inherited

    pae_recovery_code_count = fields.Integer(
        string="Recovery Codes Left",
        compute="_compute_pae_recovery_code_count",
        compute_sudo=True,
    )
    pae_security_locked_until = fields.Datetime(
        string="Security Lockout Until",
        compute="_compute_pae_security_locked_until",
        compute_sudo=True,
        help="Too many wrong passwords, authentication codes or recovery codes: "
        "the account refuses such attempts until then.",
    )

    @api.depends("totp_enabled")
    def _compute_pae_recovery_code_count(self):
        counts = dict(
            self.env["auth.totp.recovery.code"]
            .sudo()
            ._read_group(
                [("user_id", "in", self.ids), ("used_date", "=", False)],
                ["user_id"],
                ["__count"],
            )
        )
        for user in self:
            user.pae_recovery_code_count = counts.get(user._origin, 0)

    def _compute_pae_security_locked_until(self):
        lockouts = self._origin._pae_lockouts()
        for user in self:
            until = [
                date
                for (uid, _type), date in lockouts.items()
                if uid == user._origin.id
            ]
            user.pae_security_locked_until = max(until) if until else False

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def write(self, vals):
        res = super().write(vals)
        if "totp_secret" in vals and not vals["totp_secret"]:
            # 2FA disabled (by the user or an admin): the codes die with it.
            self.env["auth.totp.recovery.code"].sudo().search(
                [("user_id", "in", self.ids)]
            ).unlink()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

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

    @check_identity
    def action_pae_regenerate_recovery_codes(self):
        """Replace the recovery codes, behind a password check; the new ones are
        shown once by the next rendering of the security page."""
        self.ensure_one()
        if self != self.env.user:
            raise UserError(
                self.env._("You can only regenerate your own recovery codes.")
            )
        if not self.totp_enabled:
            raise UserError(
                self.env._("Enable two-factor authentication to get recovery codes.")
            )
        self._pae_generate_recovery_codes()
        return True

    # ------------------------------------------------------------------
    # Password change
    # ------------------------------------------------------------------

    @api.model
    def change_password(self, old_passwd, new_passwd):
        # Stock does not throttle this re-check of the current password.
        user = self.env.user
        user._totp_rate_limit("password_check")
        res = super().change_password(old_passwd, new_passwd)
        user._totp_rate_limit_purge("password_check")
        return res

    def _change_password(self, new_passwd):
        self._pae_check_password_policy(new_passwd.strip())
        return super()._change_password(new_passwd)

    @api.private
    def _pae_check_password_policy(self, password):
        """Refuse a password below the database's policy: the minimum length of
        auth_password_policy (its parameter, 8 when unset) and the common
        passwords of zxcvbn's frequency list (NIST SP 800-63B: no composition
        rules)."""
        from zxcvbn.matching import RANKED_DICTIONARIES

        ICP = self.env["ir.config_parameter"].sudo()
        minlength = int(ICP.get_param("auth_password_policy.minlength", 8) or 0)
        if len(password) < minlength:
            raise UserError(
                self.env._(
                    "Your new password must have at least %(min)s characters "
                    "(it has %(count)s).",
                    min=minlength,
                    count=len(password),
                )
            )
        if password.lower() in RANKED_DICTIONARIES["passwords"]:
            raise UserError(
                self.env._(
                    "This password is one of the most common passwords and is "
                    "easily guessed: choose another one."
                )
            )

    # ------------------------------------------------------------------
    # Throttling (stock's auth.totp.rate.limit.log, more limit types)
    # ------------------------------------------------------------------

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

    # ------------------------------------------------------------------
    # Recovery codes
    # ------------------------------------------------------------------

    def _check_credentials(self, credentials, env):
        token = credentials.get("token")
        if (
            credentials.get("type") == "totp"
            and isinstance(token, int)
            and RECOVERY_CODE_MIN <= token <= RECOVERY_CODE_MAX
        ):
            return self._pae_check_recovery_code(str(token))
        return super()._check_credentials(credentials, env)

    @api.private
    def _pae_check_recovery_code(self, code):
        """Accept an unused recovery code once, in place of the app's code."""
        self.ensure_one()
        self._totp_rate_limit("recovery_check")
        user_sudo = self.sudo()
        codes = (
            self.env["auth.totp.recovery.code"]
            .sudo()
            .search([("user_id", "=", self.id), ("used_date", "=", False)])
        )
        match = next(
            (rc for rc in codes if pbkdf2_sha256.verify(code, rc.code_hash)), None
        )
        if not match or not match._consume():
            _logger.info(
                "2FA recovery code check: FAIL for %s %r", self, user_sudo.login
            )
            raise AccessDenied(
                self.env._(
                    "Verification failed: this recovery code is not valid or was already used."
                )
            )
        _logger.info(
            "2FA recovery code check: SUCCESS for %s %r", self, user_sudo.login
        )
        self._totp_rate_limit_purge("recovery_check")
        self._totp_rate_limit_purge("code_check")
        remaining = len(codes) - 1
        self.with_user(self)._notify_security_setting_update(
            self.env._("Security Update: Recovery Code Used"),
            self.env._(
                "A recovery code was used to sign in to your account. "
                "%(count)s unused recovery codes remain.",
                count=remaining,
            ),
        )
        return {"uid": self.id, "auth_method": "totp", "mfa": "default"}

    @api.private
    def _pae_generate_recovery_codes(self):
        """Replace this user's recovery codes by ten new ones; return them in
        clear (the only time they exist in clear)."""
        self.ensure_one()
        RecoveryCode = self.env["auth.totp.recovery.code"].sudo()
        RecoveryCode.search([("user_id", "=", self.id)]).unlink()
        codes = [
            str(
                RECOVERY_CODE_MIN
                + secrets.randbelow(RECOVERY_CODE_MAX - RECOVERY_CODE_MIN + 1)
            )
            for _i in range(RECOVERY_CODE_COUNT)
        ]
        RecoveryCode.create(
            [
                {"user_id": self.id, "code_hash": pbkdf2_sha256.hash(code)}
                for code in codes
            ]
        )
        formatted = [f"{code[:5]} {code[5:]}" for code in codes]
        if request:
            # Shown once by the next rendering of /my/security, then forgotten.
            request.session["pae_recovery_codes"] = formatted
        _logger.info("2FA recovery codes generated for %s %r", self, self.sudo().login)
        return formatted

    # ------------------------------------------------------------------
    # Portal two-factor policy
    # ------------------------------------------------------------------

    @api.private
    def _pae_totp_enrolment_deadline(self):
        """When this portal user must have an authenticator app, or None if
        the policy does not apply to them."""
        self.ensure_one()
        ICP = self.env["ir.config_parameter"].sudo()
        if not ICP.get_param("portal_access_ext.portal_totp_required"):
            return None
        user_sudo = self.sudo()
        if not user_sudo._is_portal():
            return None
        # Unset (or 0, which the settings do not store): no grace period.
        grace_days = int(
            ICP.get_param("portal_access_ext.portal_totp_grace_days", 0) or 0
        )
        return (user_sudo.create_date or datetime.now()) + timedelta(days=grace_days)

    @api.private
    def _pae_must_enrol_totp(self):
        """A portal user past the grace period without an authenticator app."""
        self.ensure_one()
        deadline = self._pae_totp_enrolment_deadline()
        return bool(
            deadline and not self.sudo().totp_enabled and datetime.now() >= deadline
        )


class AuthTotpRateLimitLog(models.TransientModel):
    _inherit = "auth.totp.rate.limit.log"

    limit_type = fields.Selection(
        selection_add=[
            ("password_check", "Current Password Check"),
            ("recovery_check", "Recovery Code Check"),
        ],
        ondelete={"password_check": "cascade", "recovery_check": "cascade"},
    )
    pae_blocked = fields.Boolean(
        string="Blocked",
        readonly=True,
        help="Attempt refused because of a lockout (logged, not counted).",
    )


class ResUsersIdentitycheck(models.TransientModel):
    _inherit = "res.users.identitycheck"

    def _check_identity(self):
        # The password prompt before 2FA, recovery codes, API keys... is the same
        # current-password check as the password change: throttled the same way.
        user = self.create_uid
        try:
            user._totp_rate_limit("password_check")
        except AccessDenied as error:
            raise UserError(error.args[0]) from error
        res = super()._check_identity()
        user._totp_rate_limit_purge("password_check")
        return res


class IrHttp(models.AbstractModel):
    """Portal two-factor policy: a portal user who must enrol reaches nothing
    but the security page (and what it calls to enable 2FA) until done."""

    _inherit = "ir.http"  # pylint: disable=consider-merging-classes-inherited

    @classmethod
    def _pre_dispatch(cls, rule, args):
        super()._pre_dispatch(rule, args)
        if not request.env.uid or request.session.uid != request.env.uid:
            return
        path = request.httprequest.path
        if path.startswith(ENROLMENT_ALLOWED_PATHS):
            return
        match = CALL_KW_RE.match(path)
        if match and match["model"] in ENROLMENT_ALLOWED_MODELS:
            return
        user = request.env.user
        if user._is_public() or not user._pae_must_enrol_totp():
            return
        if rule.endpoint.routing.get("type") == "http":
            abort(request.redirect("/my/security?enrol_totp=1"))
        raise Forbidden(
            request.env._("Enable two-factor authentication on /my/security first.")
        )
