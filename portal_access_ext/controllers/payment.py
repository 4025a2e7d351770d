from odoo.exceptions import UserError
from odoo.http import request, route

from odoo.addons.payment.controllers import portal as payment_portal


class PaymentPortal(payment_portal.PaymentPortal):
    """Saved payment methods on /my/payment_method: a method still used by something
    ongoing cannot be deleted."""

    @route()
    def archive_token(self, token_id):
        token_sudo = self._pae_get_own_token_sudo(token_id)
        # Another customer's token is not found here and falls through to stock,
        # which ignores it: the answer is the same as for a token that does not exist.
        if token_sudo:
            reason = self._pae_get_token_in_use_reason(token_sudo)
            if reason:
                raise UserError(reason)
        return super().archive_token(token_id)

    def _pae_get_own_token_sudo(self, token_id):
        """The token, if it belongs to the current customer (the stock ownership rule
        of `/payment/archive_token`)."""
        token_id = self._cast_as_int(token_id)
        if not token_id:
            return request.env["payment.token"]
        partner_sudo = request.env.user.partner_id
        return (
            request.env["payment.token"]
            .sudo()
            .search(
                [
                    ("id", "=", token_id),
                    (
                        "partner_id",
                        "in",
                        [partner_sudo.id, partner_sudo.commercial_partner_id.id],
                    ),
                ]
            )
        )

    def _pae_get_token_in_use_reason(self, token_sudo):
        """Why the token must stay, or None: payments made with it that are not
        finished yet, or documents that will charge it (subscriptions and the like,
        which the modules defining them report through `get_linked_records_info`)."""
        env = request.env
        ongoing_txs_sudo = (
            env["payment.transaction"]
            .sudo()
            .search(
                [
                    ("token_id", "=", token_sudo.id),
                    ("state", "in", ("pending", "authorized")),
                ]
            )
        )
        if ongoing_txs_sudo:
            return env._(
                "This payment method cannot be deleted while a payment made with it is"
                " still in progress (%(references)s). Try again once the payment is"
                " finished.",
                references=", ".join(ongoing_txs_sudo.mapped("reference")),
            )
        linked_records = token_sudo.get_linked_records_info()
        if linked_records:
            return env._(
                "This payment method cannot be deleted while it is used by: %(documents)s."
                " Choose another payment method for them first.",
                documents=", ".join(str(info.get("name")) for info in linked_records),
            )
        return None
