from odoo import models
from odoo.exceptions import UserError


class PaymentToken(models.Model):
    _inherit = "payment.token"

    def _handle_archiving(self):
        # Only a customer deleting a saved method on /my/payment_method is held
        # back (the route sets the context key): stock archives tokens itself,
        # e.g. when a provider is disabled, and must keep doing so.
        if self.env.context.get("portal_archive"):
            for token in self:
                reason = token._portal_get_in_use_reason()
                if reason:
                    raise UserError(reason)
        return super()._handle_archiving()

    def _portal_get_in_use_reason(self):
        """Why the token must stay, or None: payments made with it that are not
        finished yet, or documents that will charge it (subscriptions and the like,
        which the modules defining them report through `get_linked_records_info`)."""
        self.ensure_one()
        ongoing_txs = (
            self.env["payment.transaction"]
            .sudo()
            .search(
                [
                    ("token_id", "=", self.id),
                    ("state", "in", ("pending", "authorized")),
                ]
            )
        )
        if ongoing_txs:
            return self.env._(
                "This payment method cannot be deleted while a payment made with it is"
                " still in progress (%(references)s). Try again once the payment is"
                " finished.",
                references=", ".join(ongoing_txs.mapped("reference")),
            )
        linked_records = self.get_linked_records_info()
        if linked_records:
            return self.env._(
                "This payment method cannot be deleted while it is used by: %(documents)s."
                " Choose another payment method for them first.",
                documents=", ".join(str(info.get("name")) for info in linked_records),
            )
        return None
