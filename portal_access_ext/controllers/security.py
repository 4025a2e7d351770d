from odoo.http import request, route

from odoo.addons.portal.controllers import portal


class CustomerPortalSecurity(portal.CustomerPortal):
    """/my/security: password policy messages next to the new password, the
    count of recovery codes left (new codes are shown by the script that asks
    for them, from the response that creates them), and the portal two-factor
    policy's notice."""

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        # Called by the security page's template only (lazily, so that other
        # portal pages pay nothing).
        values["pae_security_values"] = self._pae_security_values
        return values

    def _pae_security_values(self):
        user_sudo = request.env.user.sudo()
        # Older versions kept new codes in clear in the session until this page
        # showed them: forget what such a session may still hold, unshown.
        request.session.pop("pae_recovery_codes", None)
        return {
            "recovery_code_count": user_sudo.pae_recovery_code_count,
            "must_enrol_totp": user_sudo._pae_must_enrol_totp(),
            "totp_deadline": (
                not user_sudo._pae_has_second_factor()
                and user_sudo._pae_totp_enrolment_deadline()
            ),
        }

    @route()
    def security(self, **post):
        if request.httprequest.method == "POST":
            # Stock reads post["old"], ["new1"], ["new2"] unguarded: a form
            # missing one was a server error instead of "cannot be empty".
            post = {"old": "", "new1": "", "new2": "", **post}
        return super().security(**post)

    def _update_password(self, old, new1, new2):
        result = super()._update_password(old, new1, new2)
        error = result.get("errors", {}).get("password")
        old_error = isinstance(error, dict) and error.get("old")
        wrong = request.env.user._pae_wrong_password_message()
        if isinstance(old_error, str) and old_error.startswith(wrong):
            # A wrong password with the attempts-left warning: stock's own words
            # for a wrong current password, then the warning.
            error["old"] = old_error.replace(
                wrong,
                request.env._(
                    "The old password you provided is incorrect, your password "
                    "was not changed."
                ),
                1,
            )
        if isinstance(error, str):
            # Stock shows a refused new password above the form: show the
            # policy's message next to the new password instead.
            result["errors"]["password"] = {"new1": error}
        return result
