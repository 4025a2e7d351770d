import {ConfirmationDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {PaymentForm} from "@payment/interactions/payment_form";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {renderToMarkup} from "@web/core/utils/render";

/**
 * On /my/payment_method, the deletion dialog names the payment method it deletes
 * (stock's says "this payment method"), e.g. "Delete Card •••• 4242?".
 */
patch(PaymentForm.prototype, {
    _challengeTokenDeletion(tokenId, linkedRecordsInfo) {
        const button = this.el.querySelector(
            `[name="o_payment_delete_token"][data-linked-radio="o_payment_token_${tokenId}"]`
        );
        const tokenName = button?.dataset.portalTokenName;
        if (!tokenName) {
            return super._challengeTokenDeletion(...arguments);
        }
        // Stock's dialog, with the method's name as its title: stock builds the
        // dialog in this method without a hook for its title.
        this.services.dialog.add(ConfirmationDialog, {
            title: _t("Delete %(name)s?", {name: tokenName}),
            body: renderToMarkup("payment.deleteTokenDialog", {linkedRecordsInfo}),
            confirmLabel: _t("Confirm Deletion"),
            confirm: () => this._archiveToken(tokenId),
            cancel: () => {},
        });
    },
});
