import re

from odoo import http

from odoo.addons.auth_totp.controllers.home import Home as TotpHome


class Home(TotpHome):
    """The login's code step (stock `/web/login/totp`) also takes a recovery
    code: res.users._check_credentials tells a 10-digit recovery code from a
    6-digit app code, throttles it and accepts it once."""

    @http.route()
    def web_totp(self, redirect=None, **kwargs):
        if kwargs.get("totp_token"):
            # Recovery codes are shown as "12345 67890"; people also type dashes.
            kwargs["totp_token"] = re.sub(r"[\s-]", "", kwargs["totp_token"])
        return super().web_totp(redirect=redirect, **kwargs)
