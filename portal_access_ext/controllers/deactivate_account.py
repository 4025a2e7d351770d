from odoo.http import request, route

from odoo.addons.portal.controllers import portal
from odoo.addons.portal.controllers.portal import get_error


class CustomerPortalDeactivateAccount(portal.CustomerPortal):
    """/my/deactivate_account: stock re-checks the current password through
    res.users._check_credentials, which throttles it like every other password
    check; here a lockout is told with its time instead of "wrong password",
    and a form missing a field gets the form's error instead of a server
    error."""

    @route()
    def deactivate_account(self, validation=None, password=None, **post):
        locked_until = request.env.user._portal_locked_until("password_check")
        if locked_until:
            values = self._prepare_portal_layout_values()
            values.update(
                get_error=get_error,
                open_deactivate_modal=True,
                errors={
                    "deactivate": {
                        "other": request.env.user._portal_lockout_message(locked_until)
                    }
                },
            )
            return request.render(
                "portal.portal_my_security",
                values,
                headers={
                    "X-Frame-Options": "SAMEORIGIN",
                    "Content-Security-Policy": "frame-ancestors 'self'",
                },
            )
        return super().deactivate_account(
            validation=validation or "", password=password or "", **post
        )
