from odoo.http import request, route

from odoo.addons.payment.controllers import portal as payment_portal

from .portal_account import _is_record_id


class PaymentPortal(payment_portal.PaymentPortal):
    """Saved payment methods on /my/payment_method: a method still used by something
    ongoing cannot be deleted, and the page confirms what was just added or deleted."""

    @route()
    def payment_method(self, **kwargs):
        response = super().payment_method(**kwargs)
        qcontext = getattr(response, "qcontext", None)
        if qcontext is not None:
            # Deleting reloads the page (stock's script): say here what was deleted.
            qcontext["portal_deleted_token_name"] = request.session.pop(
                "portal_deleted_token_name", None
            )
            qcontext["portal_saved_token_sudo"] = self._portal_get_saved_token(
                kwargs.get("tx_id")
            )
        return response

    def _portal_get_saved_token(self, tx_id):
        """The payment method saved by the customer's validation transaction that
        brought them back here (stock's landing route adds its id), if any."""
        if not _is_record_id(tx_id):
            return request.env["payment.token"]
        tx_sudo = request.env["payment.transaction"].sudo().browse(int(tx_id)).exists()
        if (
            tx_sudo.operation != "validation"
            or tx_sudo.partner_id != request.env.user.partner_id
        ):
            return request.env["payment.token"]
        return tx_sudo.token_id.filtered("active")

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
        request.update_context(portal_archive=True)
        result = super().archive_token(token_id)
        partner_sudo = request.env.user.partner_id
        token_sudo = (
            request.env["payment.token"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("id", "=", token_id),
                    (
                        "partner_id",
                        "in",
                        [partner_sudo.id, partner_sudo.commercial_partner_id.id],
                    ),
                    ("active", "=", False),
                ]
            )
        )
        if token_sudo:
            # shown once by /my/payment_method, which stock's script reloads
            request.session["portal_deleted_token_name"] = token_sudo.display_name
        return result
