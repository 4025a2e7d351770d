import logging

from odoo import http
from odoo.http import request

from odoo.addons.auth_signup.controllers.main import AuthSignupHome

_logger = logging.getLogger(__name__)


class PortalAccessAuthSignupHome(AuthSignupHome):
    """The reset-password page answers the same for every login.

    Stock Odoo says "No account found for this login" for an unknown login and
    redirects `?signup_email=<known email>` to the login page with the account's
    login filled in: both tell a stranger which customers have an account.
    """

    @http.route()
    def web_auth_reset_password(self, *args, **kw):
        # Known or not, an email given here never redirects to its account's login.
        request.params.pop("signup_email", None)
        kw.pop("signup_email", None)
        response = super().web_auth_reset_password(*args, **kw)
        is_request = request.httprequest.method == "POST" and not kw.get("token")
        if is_request and getattr(response, "qcontext", None) is not None:
            error = response.qcontext.pop("error", None)
            if error:
                _logger.info(
                    "Password reset request for <%s> not sent: %s",
                    kw.get("login"),
                    error,
                )
            response.qcontext["message"] = request.env._(
                "If an account matches this login, password reset instructions "
                "have been sent to its email address."
            )
        return response

    def _signup_with_values(self, token, values, do_login):
        # Stock uses up the invitation or reset link before it writes the
        # password, and the page commits after showing a refusal (e.g. the
        # password policy's): without the savepoint one refused password would
        # kill the link.
        with request.env.cr.savepoint():
            return super()._signup_with_values(token, values, do_login)
