from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError
from odoo.http import request, route

from odoo.addons.mail.controllers.attachment import AttachmentController
from odoo.addons.mail.controllers.thread import ThreadController


def _readonly_locked_models():
    """The category models a read-only member may not change (empty for
    everyone else)."""
    readonly, locked, _hidden, _rules = request.env[
        "portal.document.category"
    ]._get_readonly_restrictions()
    return locked if readonly else frozenset()


def _readonly_refusal():
    return AccessError(
        request.env._(
            "Your portal access is read-only: you cannot change this document."
        )
    )


class PortalReadonlyThreadController(ThreadController):
    @classmethod
    def _can_edit_message(cls, message, **kwargs):
        """Read-only portal members post new messages on their documents but
        neither edit nor delete existing ones (``/mail/message/update_content``
        writes with sudo)."""
        if message.sudo().model in _readonly_locked_models():
            return False
        return super()._can_edit_message(message, **kwargs)


class PortalReadonlyAttachmentController(AttachmentController):
    """A read-only member attaches files to a message it posts (pending
    attachments, linked when the message is posted) and removes them before
    posting; it neither attaches a file straight to a document nor deletes
    an attachment of a posted message (stock does both with sudo)."""

    @route()
    def mail_attachment_upload(
        self, ufile, thread_id, thread_model, is_pending=False, **kwargs
    ):
        pending = bool(is_pending) and is_pending != "false"
        if not pending and thread_model in _readonly_locked_models():
            raise _readonly_refusal()
        return super().mail_attachment_upload(
            ufile, thread_id, thread_model, is_pending=is_pending, **kwargs
        )

    @route()
    def mail_attachment_delete(self, attachment_id, access_token=None):
        locked = _readonly_locked_models()
        if locked:
            try:
                attachment = (
                    request.env["ir.attachment"].browse(int(attachment_id)).exists()
                )
            except (TypeError, ValueError) as error:
                raise NotFound() from error
            # refused only where stock would delete it: anything else (another
            # customer's, missing) keeps stock's NotFound
            if attachment and attachment._has_attachments_ownership([access_token]):
                attachment_sudo = attachment.sudo()
                posted_on = (
                    request.env["mail.message"]
                    .sudo()
                    .search([("attachment_ids", "in", attachment_sudo.ids)], limit=1)
                    .model
                )
                if attachment_sudo.res_model in locked or posted_on in locked:
                    raise _readonly_refusal()
        return super().mail_attachment_delete(attachment_id, access_token=access_token)
