from odoo.exceptions import MissingError
from odoo.http import request

from odoo.addons.mail.controllers.thread import ThreadController


class HiddenDocumentThreadController(ThreadController):
    @classmethod
    def _get_thread_with_access_for_post(cls, thread_model, thread_id, **kwargs):
        """Stock reads the document with sudo here, before any access check
        (crm.lead's ``_mail_get_operation_for_mail_message_operation`` with
        website_crm_partner_assign): a document of a kind hidden from the
        customer is looked up as a missing id, and answers what it answers
        (the ORM's MissingError, given for the id asked, or nothing), for
        posting a message or uploading an attachment."""
        Category = request.env["portal.document.category"]
        try:
            record_id = int(thread_id)
        except (TypeError, ValueError):
            record_id = None
        if thread_model not in request.env or not Category._is_hidden_record(
            thread_model, record_id
        ):
            return super()._get_thread_with_access_for_post(
                thread_model, thread_id, **kwargs
            )
        missing_id = request.env["ir.http"]._portal_missing_document_id(thread_model)
        try:
            super()._get_thread_with_access_for_post(thread_model, missing_id, **kwargs)
        except MissingError:
            raise Category._missing_record_error(
                request.env[thread_model].browse(record_id)
            ) from None
        return request.env[thread_model]
