"""Why the last invitation of a portal user could not be sent, kept as facts
(what failed, and the mail server's own words) rather than as a sentence: the
mail queue that notices the failure runs in its own language (the scheduled
action's user), while the admin who opens the portal wizard reads the
sentence in theirs, composed at display time."""

from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_invite_error_code = fields.Selection(
        [
            ("mail_failed", "Mail server refused the invitation"),
            ("no_sender", "No sender address"),
        ],
        string="Invitation Problem",
        copy=False,
        groups="base.group_system",
        help="What made the last invitation fail; the mail server's answer "
        "is kept beside it.",
    )
    # models/res_users.py: the detail of the failure (the mail server's
    # answer, or the company without an email); a text written before the
    # code existed is a whole message, shown as it is.
    portal_invite_error = fields.Char(
        help="The detail of the last invitation failure (the mail server's "
        "answer); kept until an invitation is sent, so that the portal wizard "
        "shows it when reopened."
    )

    def write(self, vals):
        if (
            "portal_invite_error" in vals
            and not vals["portal_invite_error"]
            and "portal_invite_error_code" not in vals
        ):
            # the problem cleared (an invitation sent, access revoked)
            vals = {**vals, "portal_invite_error_code": False}
        return super().write(vals)

    @api.model
    @api.private
    def _get_portal_invite_error_message(self, code, detail):
        """The invitation problem as a sentence in this environment's
        language (the reader's)."""
        if code == "mail_failed":
            return self.env._(
                "The invitation email could not be sent (%(reason)s). Check "
                "the outgoing mail server (Settings > Technical > Outgoing "
                "Mail Servers), then click Re-Invite.",
                reason=detail or self.env._("the mail server refused it"),
            )
        if code == "no_sender":
            return self.env._(
                "No sender address is configured: set an email on the company %s "
                "(or a default sender in the email settings), then click Re-Invite.",
                detail or "",
            )
        return detail or False

    def _get_portal_invite_problem(self):
        """This user's invitation problem in the reader's language (False:
        none)."""
        self.ensure_one()
        user_sudo = self.sudo()
        if not user_sudo.portal_invite_error_code and not (
            user_sudo.portal_invite_error
        ):
            return False
        return self._get_portal_invite_error_message(
            user_sudo.portal_invite_error_code, user_sudo.portal_invite_error
        )

    def _set_portal_invite_problem(self, code, detail):
        """Keep the failure's facts on these users (False, False: none)."""
        self.sudo().write(
            {"portal_invite_error_code": code, "portal_invite_error": detail}
        )
