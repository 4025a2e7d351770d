from odoo.http import request, route

from odoo.addons.payment.controllers import portal as payment_portal


class PaymentPortal(payment_portal.PaymentPortal):
    """Saved payment methods on /my/payment_method: a method still used by something
    ongoing cannot be deleted."""

    @route()
    def archive_token(self, token_id):
        # Stock finds the token among the customer's own (another customer's token
        # is ignored like a missing one) and archives it; the token refuses when it
        # is still in use (payment.token._handle_archiving).
        if isinstance(token_id, str) and token_id.isascii() and token_id.isdigit():
            token_id = int(token_id)
        if (
            not isinstance(token_id, int)
            or isinstance(token_id, bool)
            or not 0 < token_id < 2**31
        ):
            # not an id: answered like a token the customer does not have
            # (stock ignores it), where stock's search fails in SQL
            return
        request.update_context(pae_portal_archive=True)
        return super().archive_token(token_id)
