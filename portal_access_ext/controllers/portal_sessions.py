from werkzeug.exceptions import BadRequest, NotFound

from odoo.exceptions import MissingError
from odoo.http import request, route

from odoo.addons.portal.controllers import portal


class CustomerPortalSessions(portal.CustomerPortal):
    """/my/security: the customer's recent sign-ins (stock's res.device) and
    a button to end any one of them; ending all the others is stock's own
    "Log out from all devices" (with its identity check) on the same page."""

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        # Called lazily by the security page's template only.
        values["portal_sign_ins"] = self._portal_sign_ins
        return values

    def _portal_sign_ins(self):
        return request.env.user._portal_sign_ins()

    @route(
        "/my/security/sign_ins/end",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_end_sign_in(self, device_id=None, **kw):
        """End one of the customer's own sessions; another customer's session
        is answered as a missing one (404)."""
        if not isinstance(device_id, str) or not device_id.isdigit():
            raise BadRequest(request.env._("Invalid session."))
        try:
            device = request.env.user._portal_end_sign_in(int(device_id))
        except MissingError as error:
            raise NotFound(str(error)) from error
        if device.is_current:
            return request.redirect("/web/login")
        return request.redirect("/my/security?sign_in_ended=1#portal_sign_ins")
