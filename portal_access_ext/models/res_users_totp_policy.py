"""The portal two-factor policy: portal users must enable 2FA once the grace
period is over."""

from datetime import datetime, timedelta

from werkzeug.exceptions import Forbidden

from odoo import api, models

# What a portal user who must enrol may still call by RPC.
ENROLMENT_ALLOWED_MODELS = {"res.users", "res.users.identitycheck", "auth_totp.wizard"}


class ResUsers(models.Model):
    _inherit = "res.users"

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
