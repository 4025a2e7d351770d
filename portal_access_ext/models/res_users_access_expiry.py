"""Portal access with an end date: refused from the day after it wherever
credentials or a session are checked (web login, open sessions, XML-RPC and
JSON-RPC with a password or an API key, JSON-2 with an API key); the daily job
then revokes it as the portal wizard's Revoke does, and logs it."""

from odoo import api, fields, models
from odoo.exceptions import AccessDenied, ValidationError
from odoo.tools.misc import format_date

from .portal_date import WholeDate


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_access_expiry_date = WholeDate(
        string="Portal Access Expires",
        copy=False,
        help="Portal access ends after this date: the user can no longer sign "
        "in or use open sessions and API keys, and the daily expiry job revokes "
        "the access as the portal wizard's Revoke does.",
    )

    @api.constrains("portal_access_expiry_date")
    def _check_portal_access_expiry_date(self):
        for user in self:
            date = user.portal_access_expiry_date
            if date and date < fields.Date.context_today(user):
                raise ValidationError(
                    self.env._(
                        "%(name)s: the portal access expiry date %(date)s is in "
                        "the past.",
                        name=user.name,
                        date=format_date(self.env, date),
                    )
                )

    def _check_credentials(self, credential, env):
        auth_info = super()._check_credentials(credential, env)
        user = self.env.user
        if (env or {}).get("interactive", True):
            user._portal_check_access_expiry()
        else:
            user._portal_check_rpc_access()
        return auth_info

    @api.model
    def _check_uid_passwd(self, uid, passwd):
        # Stock caches a valid (uid, password) pair: what changes with the day
        # (expiry, the end of the 2FA grace period) is checked on every call.
        res = super()._check_uid_passwd(uid, passwd)
        self.browse(uid)._portal_check_rpc_access()
        return res

    def _compute_session_token(self, sid):
        # Not cached (stock caches its token per session id): a session of a
        # user whose access has expired is refused on its next request, as an
        # archived user's is.
        token = super()._compute_session_token(sid)
        if token and self._portal_access_expired():
            return False
        return token

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

    @api.private
    def _portal_access_expired(self):
        """A portal user whose access expiry date has passed (the access lasts
        until the end of that day, in the user's time zone)."""
        self.ensure_one()
        user_sudo = self.sudo()
        date = user_sudo.portal_access_expiry_date
        if not date:
            return False
        today = fields.Date.context_today(user_sudo.with_context(tz=user_sudo.tz))
        return date < today and user_sudo._is_portal()

    @api.private
    def _portal_check_access_expiry(self):
        if self._portal_access_expired():
            raise AccessDenied(
                self.env._(
                    "Your portal access has expired: contact us to have it renewed."
                )
            )

    @api.private
    def _portal_check_rpc_access(self):
        """Refuse this user's access by RPC or API key (no web page to explain
        anything on): raise AccessDenied with the reason. Extended by the
        other access policies."""
        self._portal_check_access_expiry()
