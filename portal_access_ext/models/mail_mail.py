"""Invitations sent later by the mail queue: their failure (or success) is
written back on the portal user, as for an invitation sent at once by the
portal wizard (wizard/portal_wizard_user.py ``_send_email``): what failed and
the mail server's words, never a sentence in the queue runner's language
(models/res_users_portal_invite_error.py)."""

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
            users.filtered(
                lambda user: user.portal_invite_error or user.portal_invite_error_code
            )._set_portal_invite_problem(False, False)
            return
        reason = _last_line(failure_reason or invitations[:1].failure_reason)
        # The facts only: the portal wizard composes the sentence in the
        # language of the admin who opens it, not in this queue runner's.
        users._set_portal_invite_problem("mail_failed", reason or False)
        # The audit row's details are stored text, in the runner's language.
        message = users._get_portal_invite_error_message("mail_failed", reason)
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
