"""The portal two-factor policy: portal users must have a second factor (an
authenticator app or a passkey) once the grace period is over.

The grace period runs from the later of the day the policy was switched on
(``portal_access_ext.portal_totp_required_since``, set by the settings) and the
day portal access was granted (``portal_access_granted_date``). Until they
enrol, the web session reaches only /my/security (``ir.http``), and every
other way in (XML-RPC or JSON-RPC with a password or an API key, JSON-2 with
an API key, /web/session/authenticate) is refused where stock checks
credentials and API keys."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessDenied, AccessError
from odoo.http import request

DEFAULT_GRACE_DAYS = 7


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_access_granted_date = fields.Datetime(
        string="Portal Access Granted On",
        copy=False,
        readonly=True,
        help="When this user last became an active portal user: the two-factor "
        "grace period of the portal starts then at the earliest.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._portal_mark_portal_granted(self.browse())
        return users

    def write(self, vals):
        if "active" not in vals and not any(key.startswith("group") for key in vals):
            return super().write(vals)
        already = self._portal_active_portal_users()
        res = super().write(vals)
        self._portal_mark_portal_granted(already)
        return res

    @api.model
    @api.private
    def _portal_totp_grace_days(self):
        """Days a portal user may go without a second factor (0: none)."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("portal_access_ext.portal_totp_grace_days")
        )
        try:
            return max(0, int(value))
        except (TypeError, ValueError):
            return DEFAULT_GRACE_DAYS

    @api.private
    def _portal_totp_enrolment_deadline(self):
        """When this portal user must have a second factor, or None if the
        policy does not apply to them."""
        self.ensure_one()
        ICP = self.env["ir.config_parameter"].sudo()
        if not ICP.get_param("portal_access_ext.portal_totp_required"):
            return None
        user_sudo = self.sudo()
        if not user_sudo._is_portal():
            return None
        starts = [
            fields.Datetime.to_datetime(
                ICP.get_param("portal_access_ext.portal_totp_required_since")
            ),
            user_sudo.portal_access_granted_date or user_sudo.create_date,
        ]
        start = max((date for date in starts if date), default=fields.Datetime.now())
        return start + timedelta(days=self._portal_totp_grace_days())

    @api.private
    def _portal_has_second_factor(self):
        """An authenticator app or a passkey (which signs in without a password
        and skips stock's second step)."""
        self.ensure_one()
        user_sudo = self.sudo()
        return bool(user_sudo.totp_enabled or user_sudo.auth_passkey_key_ids)

    @api.private
    def _portal_must_enrol_totp(self):
        """A portal user past the grace period without a second factor."""
        self.ensure_one()
        deadline = self._portal_totp_enrolment_deadline()
        return bool(
            deadline
            and fields.Datetime.now() >= deadline
            and not self._portal_has_second_factor()
        )

    @api.model
    @api.private
    def _portal_enrolment_allowed_models(self):
        """What a portal user who must enrol may still call by RPC: enabling
        2FA (identity check, wizard) or creating a passkey."""
        return {
            "res.users",
            "res.users.identitycheck",
            "auth_totp.wizard",
            "auth.passkey.key",
            "auth.passkey.key.create",
        }

    @api.private
    def _portal_check_enrolment_rpc(self, model):
        """RPC of a user who must enrol first: only what enrolment needs."""
        if (
            model not in self._portal_enrolment_allowed_models()
            and not self._is_public()
            and self._portal_must_enrol_totp()
        ):
            self._portal_raise_enrolment_required()

    @api.private
    def _portal_enrolment_message(self):
        return self.env._(
            "Two-factor authentication is required for your account: sign in on "
            "the website and enable it on /my/security (an authenticator app or "
            "a passkey) first."
        )

    @api.private
    def _portal_raise_enrolment_required(self):
        raise AccessError(self._portal_enrolment_message())

    @api.private
    def _portal_check_rpc_access(self):
        # RPC and API keys cannot enrol: refused outright until the user has
        # enabled a second factor on the website.
        res = super()._portal_check_rpc_access()
        if self._portal_must_enrol_totp():
            raise AccessDenied(self._portal_enrolment_message())
        return res

    def authenticate(self, credential, user_agent_env):
        auth_info = super().authenticate(credential, user_agent_env)
        # Only the web login (an HTTP page) goes on to enrolment:
        # /web/session/authenticate (mobile apps, scripts) opens a session that
        # could do nothing but enrol, so it is refused with the reason.
        if request and request.dispatcher.routing_type != "http":
            self.browse(auth_info["uid"])._portal_check_rpc_access()
        return auth_info

    @api.private
    def _portal_active_portal_users(self):
        return self.sudo().filtered(lambda user: user.active and user._is_portal())

    @api.private
    def _portal_mark_portal_granted(self, already):
        """Record when users became active portal users (a grant, a re-grant
        after revoke or expiry, an internal user turned portal)."""
        granted = self._portal_active_portal_users() - already
        if granted:
            granted.write({"portal_access_granted_date": fields.Datetime.now()})
