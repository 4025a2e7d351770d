from odoo.http import request

from odoo.addons.mail.controllers.thread import ThreadController


class PortalReadonlyThreadController(ThreadController):
    @classmethod
    def _can_edit_message(cls, message, **kwargs):
        """Read-only portal members post new messages on their documents but
        neither edit nor delete existing ones (``/mail/message/update_content``
        writes with sudo)."""
        readonly, locked, _hidden, _rules = request.env[
            "portal.document.category"
        ]._get_readonly_restrictions()
        if readonly and message.sudo().model in locked:
            return False
        return super()._can_edit_message(message, **kwargs)
