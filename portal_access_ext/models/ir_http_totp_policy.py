from werkzeug.exceptions import abort

from odoo import models
from odoo.http import request

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
# RPC routes: the model is in the request body (the path is free text), so the
# dataset controller checks it (``res.users._pae_check_enrolment_rpc``).
RPC_PATHS = ("/web/dataset/call_kw", "/web/dataset/call_button")


class IrHttp(models.AbstractModel):
    """Before every route, the portal two-factor policy: a portal user who
    must enrol reaches nothing but the security page, and what it calls to
    enable 2FA, until done."""

    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        res = super()._pre_dispatch(rule, args)
        cls._pae_check_totp_enrolment(rule)
        return res

    @classmethod
    def _pae_check_totp_enrolment(cls, rule):
        if not request.env.uid or request.session.uid != request.env.uid:
            return
        path = request.httprequest.path
        if path.startswith(ENROLMENT_ALLOWED_PATHS):
            return
        if path.startswith(RPC_PATHS):
            return
        user = request.env.user
        if user._is_public() or not user._pae_must_enrol_totp():
            return
        if rule.endpoint.routing.get("type") == "http":
            abort(request.redirect("/my/security?enrol_totp=1"))
        user._pae_raise_enrolment_required()
