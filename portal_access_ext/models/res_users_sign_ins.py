"""A customer's own sign-ins (stock's res.device): the list shown on
/my/security, ending one of them with stock's res.device._revoke, and the
security email for a sign-in from a new device (stock's
_notify_security_new_connection, which only alerts users with two-factor
authentication)."""

import logging

from odoo import api, models
from odoo.exceptions import MissingError
from odoo.http import request

_logger = logging.getLogger(__name__)

NEW_DEVICE_ALERT_PARAM = "portal_access_ext.new_device_alert"


class ResUsers(models.Model):
    _inherit = "res.users"

    def _notify_security_new_connection(self, auth_info):
        res = super()._notify_security_new_connection(auth_info)
        user = self.env(user=auth_info["uid"]).user
        # Stock already alerts the users with a second factor (untrusted
        # browser); the others are alerted here, portal users only, when the
        # setting is on and this browser was never seen on the account.
        if (
            request
            and user.share
            and user.email
            and not user._mfa_type()
            and user._portal_new_device_alert_enabled()
            and user._portal_is_new_device(request.httprequest.user_agent)
        ):
            user._notify_security_setting_update(
                subject=self.env._("New Connection to your Account"),
                content=self.env._("A new device was used to sign in to your account."),
            )
            _logger.info("New device alert email sent for portal user #%s", user.id)
        return res

    @api.private
    def _portal_new_device_alert_enabled(self):
        return bool(
            self.env["ir.config_parameter"].sudo().get_param(NEW_DEVICE_ALERT_PARAM)
        )

    @api.private
    def _portal_is_new_device(self, user_agent):
        """No sign-in of this user was ever logged from this platform and
        browser (stock's device log keys, res.device.log)."""
        self.ensure_one()
        return (
            not self.env["res.device.log"]
            .sudo()
            .search_count(
                [
                    ("user_id", "=", self.id),
                    ("platform", "=", user_agent.platform or False),
                    ("browser", "=", user_agent.browser or False),
                ],
                limit=1,
            )
        )

    @api.private
    def _portal_sign_ins(self, limit=20):
        """This user's open sessions (stock's res.device: one row per session
        and browser), the latest first."""
        self.ensure_one()
        return (
            self.env["res.device"]
            .sudo()
            .search(
                [("user_id", "=", self.id)], order="last_activity desc", limit=limit
            )
        )

    @api.private
    def _portal_end_sign_in(self, device_id):
        """End one of this user's sessions with stock's res.device._revoke.
        Another user's session or a missing one: MissingError alike."""
        self.ensure_one()
        device_sudo = (
            self.env["res.device"]
            .sudo()
            .search([("id", "=", device_id), ("user_id", "=", self.id)], limit=1)
        )
        if not device_sudo:
            raise MissingError(self.env._("This session does not exist or has ended."))
        device_sudo._revoke()
        return device_sudo
