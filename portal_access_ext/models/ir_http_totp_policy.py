from werkzeug.exceptions import abort

from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    """Before every route, the portal two-factor policy: a portal user who
    must enrol reaches nothing but the security page, and what it calls to
    enable 2FA or create a passkey, until done. Requests authenticated
    otherwise than by the session (API keys) are refused by
    ``res.users.apikeys._check_credentials``."""

    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        res = super()._pre_dispatch(rule, args)
        cls._portal_check_totp_enrolment(rule)
        return res

    @classmethod
    def _portal_enrolment_allowed_paths(cls):
        """What a portal user who must enrol may still reach (the security page
        and what it needs to enable two-factor authentication or create a
        passkey, and logging out)."""
        return (
            "/my/security",
            "/web/session/logout",
            "/web/login",
            "/web/session/get_session_info",
            "/websocket",
            "/auth/passkey/",
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

    @classmethod
    def _portal_enrolment_rpc_paths(cls):
        """RPC routes: the model is in the request body (the path is free
        text), so the dataset controller checks it
        (``res.users._portal_check_enrolment_rpc``)."""
        return ("/web/dataset/call_kw", "/web/dataset/call_button")

    @classmethod
    def _portal_check_totp_enrolment(cls, rule):
        if not request.env.uid or request.session.uid != request.env.uid:
            return
        path = request.httprequest.path
        if path.startswith(cls._portal_enrolment_allowed_paths()):
            return
        if path.startswith(cls._portal_enrolment_rpc_paths()):
            return
        user = request.env.user
        if user._is_public() or not user._portal_must_enrol_totp():
            return
        if rule.endpoint.routing.get("type") == "http":
            abort(request.redirect("/my/security?enrol_totp=1"))
        user._portal_raise_enrolment_required()
