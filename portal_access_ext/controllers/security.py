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
        values["portal_security_values"] = self._portal_security_values
        # the /my dashboard's notice needs the deadline only
        values["portal_totp_home_deadline"] = self._portal_totp_home_deadline
        return values

    def _portal_totp_home_deadline(self):
        """The two-factor deadline the /my dashboard announces, or None; reads
        the customer's second factors only when a deadline applies."""
        user_sudo = request.env.user.sudo()
        deadline = user_sudo._portal_totp_enrolment_deadline()
        if not deadline or user_sudo._portal_has_second_factor():
            return None
        return deadline

    def _portal_security_values(self):
        user_sudo = request.env.user.sudo()
        # Older versions kept new codes in clear in the session until this page
        # showed them: forget what such a session may still hold, unshown.
        request.session.pop("portal_recovery_codes", None)
        return {
            "recovery_code_count": user_sudo.portal_recovery_code_count,
            "password_min_length": user_sudo._portal_password_min_length(),
            "password_max_length": user_sudo._portal_password_max_length(),
            # what a downloaded file of recovery codes belongs to
            "recovery_codes_login": user_sudo.login,
            "recovery_codes_site": self._portal_site_name(),
            "recovery_codes_url": user_sudo.get_base_url(),
            "recovery_codes_tz": user_sudo.tz or "",
            "must_enrol_totp": user_sudo._portal_must_enrol_totp(),
            "totp_deadline": (
                not user_sudo._portal_has_second_factor()
                and user_sudo._portal_totp_enrolment_deadline()
            ),
        }

    def _portal_site_name(self):
        """The name the customer knows this site by: the website's with the
        website app, else the company's."""
        website = getattr(request, "website", None)
        return website.name if website else request.env.company.name

    @route()
    def security(self, **post):
        is_post = request.httprequest.method == "POST"
        if is_post:
            # Stock reads post["old"], ["new1"], ["new2"] unguarded: a form
            # missing one was a server error instead of "cannot be empty".
            post = {"old": "", "new1": "", "new2": "", **post}
        response = super().security(**post)
        qcontext = getattr(response, "qcontext", None)
        if qcontext is None:
            return response
        if is_post and (qcontext.get("success") or {}).get("password"):
            # Post/Redirect/Get: stock's two-factor dialogs reload the page,
            # which would post the password form again (with the old password,
            # now wrong: an error the customer never caused, and a failure
            # counted by the throttle).
            return request.redirect("/my/security?password_updated=1")
        if not is_post and post.get("password_updated"):
            qcontext["success"] = {"password": True}
        return response

    def _update_password(self, old, new1, new2):
        result = super()._update_password(old, new1, new2)
        error = result.get("errors", {}).get("password")
        old_error = isinstance(error, dict) and error.get("old")
        wrong = request.env.user._portal_wrong_password_message()
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
