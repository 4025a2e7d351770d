from odoo import api, models
from odoo.exceptions import MissingError


class MailThread(models.AbstractModel):
    """The chatter of a hidden document: every route taking a thread model
    and id (``/mail/chatter_fetch``, ``/portal/chatter_init``,
    ``/mail/thread/messages``, ``/mail/message/post``, attachments, avatars)
    asks this method, which answers a document of a kind hidden from the
    customer exactly like a missing id, whatever the token, hash or pid."""

    _inherit = "mail.thread"

    @api.model
    def _get_thread_with_access(self, thread_id, *, mode="read", **kwargs):
        Category = self.env["portal.document.category"]
        if not Category._is_hidden_record(self._name, thread_id):
            return super()._get_thread_with_access(thread_id, mode=mode, **kwargs)
        # Stock's answer for a missing id: empty, or the ORM's MissingError
        # where a token check reads the missing record (portal's
        # validate_thread_with_token); given for the id asked.
        missing_id = self.env["ir.http"]._portal_missing_document_id(self._name)
        try:
            super()._get_thread_with_access(missing_id, mode=mode, **kwargs)
        except MissingError:
            raise Category._missing_record_error(self.browse(thread_id)) from None
        return self.browse()
