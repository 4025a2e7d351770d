from odoo.http import request

from odoo.addons.portal.controllers import web


class Home(web.Home):
    """After signing in, the customer's own language (set on their contact by
    the company) wins over the language the login page was shown in.

    On website pages, stock's http_routing takes the language from the
    `frontend_lang` cookie before the user's (ir.http._match): a visitor's
    choice sticks. The login page sets that cookie to its own language, so a
    French customer who signed in on an English login page kept seeing the
    portal in English. The cookie is set once, here, at sign-in: choosing
    another language afterwards (the website's language selector) still sticks.
    """

    def _login_redirect(self, uid, redirect=None):
        url = super()._login_redirect(uid, redirect=redirect)
        lang = request.env["res.users"].sudo().browse(uid).lang
        lang = request.env["ir.http"].get_nearest_lang(lang) if lang else None
        if lang and request.cookies.get("frontend_lang") != lang:
            # after the login page's own cookie (set by _frontend_pre_dispatch)
            request.future_response.set_cookie("frontend_lang", lang)
        return url
