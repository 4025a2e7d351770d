"""Invitations sent later by the mail queue: their failure (or success) is
written back on the portal user, as for an invitation sent at once by the
portal wizard (wizard/portal_wizard_user.py ``_send_email``)."""

from odoo import fields, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    portal_invitation = fields.Boolean(
        copy=False,
        help="A portal invitation queued by a bulk grant: when the mail queue "
        "fails to send it, the user's invitation problem and the audit log "
        "record it.",
    )

    def _postprocess_sent_message(
        self, success_pids, success_emails, failure_reason=False, failure_type=None
    ):
        # Before super(): stock deletes the sent (auto_delete) mails.
        self.filtered("portal_invitation")._record_portal_invitation_result(
            failure_reason, failure_type
        )
        return super()._postprocess_sent_message(
            success_pids,
            success_emails,
            failure_reason=failure_reason,
            failure_type=failure_type,
        )

    def _record_portal_invitation_result(self, failure_reason, failure_type):
        """A failed invitation marks its user (the portal wizard shows the
        mark until an invitation is sent) and is logged; a sent one clears the
        mark. The users of the batch are read and written together."""
        invitations = self.sudo().filtered(
            lambda mail: mail.model == "res.users" and mail.res_id
        )
        if not invitations:
            return
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .browse(invitations.mapped("res_id"))
            .exists()
            .filtered("active")
        )
        if not failure_type:
            users.filtered("portal_invite_error").portal_invite_error = False
            return
        reason = _last_line(failure_reason or invitations[:1].failure_reason)
        message = self.env._(
            "The invitation email could not be sent (%(reason)s). Check "
            "the outgoing mail server (Settings > Technical > Outgoing "
            "Mail Servers), then click Re-Invite.",
            reason=reason or self.env._("the mail server refused it"),
        )
        users.portal_invite_error = message
        self.env["portal.access.log"]._log_events(
            [
                {
                    "event": "invite_failed",
                    "partner_id": user.partner_id.id,
                    "user_id": user.id,
                    "details": f"{user.login}: {message}",
                }
                for user in users
            ]
        )


def _last_line(text):
    """The last non-empty line of a failure reason (what happened)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""
