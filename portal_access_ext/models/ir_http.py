import re

from werkzeug.exceptions import NotFound, abort

from odoo import models
from odoo.http import request

# Stock portal routes that change a document with sudo after their own access
# check, so the ACLs of the read-only group do not reach them: refused to
# read-only members (the route's model must be a category model).
PORTAL_WRITE_ROUTES = (
    # purchase: the customer moves the planned dates of the lines
    (re.compile(r"^/my/purchase/\d+/update/?$"), "purchase.order"),
    # sale_management: quantities of the optional lines of a quotation
    (re.compile(r"^/my/orders/\d+/update_line_dict/?$"), "sale.order"),
)
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
    """Before every route: the read-only portal (hidden categories do not
    exist, stock routes that write with sudo are refused to read-only members)
    and the portal two-factor policy (a portal user who must enrol reaches
    nothing but the security page, and what it calls to enable 2FA, until done)."""

    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        res = super()._pre_dispatch(rule, args)
        cls._pae_check_readonly_portal()
        cls._pae_check_totp_enrolment(rule)
        return res

    @classmethod
    def _pae_check_readonly_portal(cls):
        env = request.env
        path = request.httprequest.path
        if not env.uid or not path.startswith("/my/"):
            return
        Category = env["portal.document.category"]
        # A portal page of a category hidden from this customer does not
        # exist for them (list and document pages alike).
        if Category._is_route_hidden(path):
            raise NotFound()
        for pattern, model_name in PORTAL_WRITE_ROUTES:
            if pattern.match(path):
                Category._check_portal_write(model_name)

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
