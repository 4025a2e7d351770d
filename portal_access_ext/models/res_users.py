"""Portal users: the admin side (access expiry, case-insensitive login
uniqueness, safe login changes, queued invitations, revoke) and the customer's
account security (password policy on change, throttling of the password
re-check, of authenticator codes and of recovery codes, recovery codes at the
login's code step, the portal two-factor policy).

Lockout, ``PAE_RATE_LIMITS`` below: after
5 failed attempts of one kind within 15 minutes the account refuses that kind
of attempt until the oldest of them is 15 minutes old, so a lockout never
lasts more than 15 minutes after the last counted failure. Blocked attempts
are logged but never counted, so hammering cannot extend the lockout.
"""

import contextlib
import logging
import secrets
from collections import defaultdict
from datetime import datetime, timedelta

from passlib.hash import pbkdf2_sha256
from werkzeug.exceptions import Forbidden

from odoo import api, fields, models
from odoo.exceptions import AccessDenied, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import SQL
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
# What a portal user who must enrol may still call by RPC.
ENROLMENT_ALLOWED_MODELS = {"res.users", "res.users.identitycheck", "auth_totp.wizard"}


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_access_expiry_date = fields.Date(
        string="Portal Access Expires",
        copy=False,
        help="Portal access ends on this date: the daily expiry job revokes it "
        "as the portal wizard's Revoke does.",
    )
    portal_login_differs = fields.Boolean(
        string="Login Differs From Email",
        compute="_compute_portal_login_differs",
        search="_search_portal_login_differs",
        help="The portal login and the contact's email are different: mail goes "
        "to one address while the account is the other.",
    )

    portal_invite_pending = fields.Boolean(
        copy=False,
        groups="base.group_system",
        help="A bulk grant queued this user's invitation: the invitation job "
        "renders it into the mail queue.",
    )
    portal_invite_message = fields.Text(copy=False, groups="base.group_system")

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

    @api.depends("login", "email", "share")
    def _compute_portal_login_differs(self):
        for user in self:
            user.portal_login_differs = bool(
                user.share
                and user.login
                and _login_key(user.login) != _login_key(user.email or "")
            )

    def _search_portal_login_differs(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        # A subquery, so that the ids are never fetched into Python.
        drifted = SQL(
            """
            SELECT u.id FROM res_users u
              JOIN res_partner p ON p.id = u.partner_id
             WHERE u.share
               AND lower(btrim(u.login)) IS DISTINCT FROM lower(btrim(p.email))
            """
        )
        positive = (operator == "=") == value
        return Domain("id", "in" if positive else "not in", drifted)

    @api.constrains("login")
    def _check_login_unique_insensitive(self):
        """Logins are unique ignoring letter case and surrounding spaces, the
        rule the portal wizard applies too."""
        owners = self._get_login_owners(self.mapped("login"))
        clashes = {
            user.id: user.login
            for user in self
            if user.login and owners.get(_login_key(user.login), set()) - {user.id}
        }
        if clashes:
            raise ValidationError(
                self.env._(
                    "These logins are already used by another user "
                    "(letter case and surrounding spaces are ignored): %s",
                    ", ".join(sorted(clashes.values())),
                )
            )

    @api.onchange("login")
    def on_change_login(self):
        # Stock copies the login into the contact email; for portal users the
        # login and the contact email are two distinct addresses.
        if self.share:
            return None
        return super().on_change_login()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if isinstance(vals.get("login"), str):
                vals["login"] = self._check_login_value(vals["login"])
        return super().create(vals_list)

    def write(self, vals):
        changed, old_logins = self.browse(), {}
        if isinstance(vals.get("login"), str):
            vals = {**vals, "login": self._check_login_value(vals["login"])}
            changed = self.filtered(lambda u: u.share and u.login != vals["login"])
            old_logins = {user.id: user.login for user in changed}
            if changed and "password" not in vals:
                # Our own email replaces stock's generic "login changed" alert.
                self = self.with_context(pae_login_alert_skip_uids=changed.ids)
        res = super().write(vals)
        if changed:
            changed._notify_portal_login_change(old_logins)
        if "totp_secret" in vals and not vals["totp_secret"]:
            # 2FA disabled (by the user or an admin): the codes die with it.
            self.env["auth.totp.recovery.code"].sudo().search(
                [("user_id", "in", self.ids)]
            ).unlink()
        return res

    @api.model
    def _check_login_value(self, login):
        """The login without surrounding spaces; empty logins and control
        characters (never valid in a login, NUL cannot even be stored) are
        refused with a clear error before anything is written."""
        login = login.strip()
        if not login:
            raise ValidationError(self.env._("The login cannot be empty."))
        if any(ord(char) < 32 or ord(char) == 127 for char in login):
            raise ValidationError(
                self.env._("The login cannot contain control characters.")
            )
        return login

    def _notify_security_setting_update(
        self, subject, content, mail_values=None, **kwargs
    ):
        skip = self.env.context.get("pae_login_alert_skip_uids")
        users = self
        if skip and subject == self.env._("Security Update: Login Changed"):
            users = self.filtered(lambda u: u.id not in skip)
        if not users:
            return self.env["mail.mail"]
        return super(ResUsers, users)._notify_security_setting_update(
            subject, content, mail_values=mail_values, **kwargs
        )

    @api.model
    def _cron_expire_portal_access(self):
        """Revoke the portal access whose expiry date has passed."""
        expired = self.sudo().search(
            [
                ("share", "=", True),
                ("portal_access_expiry_date", "!=", False),
                ("portal_access_expiry_date", "<", fields.Date.context_today(self)),
            ]
        )
        expired = expired.filtered(lambda u: u._is_portal())
        if expired:
            expired._portal_revoke_access(event="expire")
        return expired

    @api.model
    def _cron_send_portal_invitations(self, batch_size=500):
        """Render the invitations queued by bulk grants into the mail queue,
        in each contact's language, with the wizard's message."""
        pending = self.sudo().search(
            [("portal_invite_pending", "=", True)], limit=batch_size, order="id"
        )
        template = self.env.ref("auth_signup.portal_set_password_email").sudo()
        groups = {}
        for user in pending.filtered("active"):
            groups.setdefault((user.lang, user.portal_invite_message or ""), []).append(
                user.id
            )
        for (lang, message), user_ids in groups.items():
            template.with_context(
                dbname=self.env.cr.dbname,
                lang=lang,
                welcome_message=message,
                medium="portalinvite",
            ).send_mail_batch(user_ids, force_send=False)
        pending.write({"portal_invite_pending": False, "portal_invite_message": False})
        if pending:
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        if len(pending) == batch_size:
            self.env.ref(
                "portal_access_ext.ir_cron_portal_invitations"
            ).sudo()._trigger()
        return pending

    @api.private
    def _portal_revoke_access(self, event="revoke"):
        """End portal access: no login, open sessions refused on their next
        request (``active`` is part of the session token), invitation links
        dead; the user and its history are kept for a later grant."""
        users = self.sudo().filtered("active")
        if not users:
            return users
        users.partner_id.write({"signup_type": None})
        users.with_context(mail_notrack=True).write(
            {
                "active": False,
                "portal_access_expiry_date": False,
                "portal_invite_pending": False,
            }
        )
        details = {
            "expire": self.env._("access end date passed"),
        }.get(event, "")
        self.env["portal.access.log"]._log_events(
            [
                {
                    "event": event,
                    "partner_id": user.partner_id.id,
                    "user_id": user.id,
                    "details": details or user.login,
                }
                for user in users
            ]
        )
        return users

    @api.model
    @api.private
    def _get_login_owners(self, logins):
        """{login key: ids of the users (archived included) holding it}, the key
        ignoring letter case and surrounding spaces; one query for any number."""
        keys = list({_login_key(login) for login in logins if login})
        if not keys:
            return {}
        self.env.cr.execute(
            SQL(
                "SELECT id, lower(btrim(login)) FROM res_users "
                "WHERE lower(btrim(login)) = ANY(%s)",
                keys,
            )
        )
        owners = {}
        for user_id, key in self.env.cr.fetchall():
            owners.setdefault(key, set()).add(user_id)
        return owners

    def _notify_portal_login_change(self, old_logins):
        template = self.env.ref(
            "portal_access_ext.mail_template_portal_login_changed",
            raise_if_not_found=False,
        )
        users = self.sudo()
        if template:
            mailable = users.filtered("email")
            if mailable:
                template.sudo().send_mail_batch(mailable.ids, force_send=False)
        self.env["portal.access.log"]._log_events(
            [
                {
                    "event": "login_change",
                    "partner_id": user.partner_id.id,
                    "user_id": user.id,
                    "details": self.env._(
                        "%(old)s → %(new)s", old=old_logins[user.id], new=user.login
                    ),
                }
                for user in users
            ]
        )

    # ------------------------------------------------------------------
    # Customer account security
    # ------------------------------------------------------------------

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
    def _pae_check_enrolment_rpc(self, model):
        """RPC of a user who must enrol first: only what enrolment needs."""
        if (
            model not in ENROLMENT_ALLOWED_MODELS
            and not self._is_public()
            and self._pae_must_enrol_totp()
        ):
            self._pae_raise_enrolment_required()

    def _pae_raise_enrolment_required(self):
        raise Forbidden(
            self.env._("Enable two-factor authentication on /my/security first.")
        )

    @api.private
    def _pae_must_enrol_totp(self):
        """A portal user past the grace period without an authenticator app."""
        self.ensure_one()
        deadline = self._pae_totp_enrolment_deadline()
        return bool(
            deadline and not self.sudo().totp_enabled and datetime.now() >= deadline
        )


def _login_key(login):
    """Comparison key of a login: case and surrounding spaces ignored."""
    return (login or "").strip().lower()
