import {onWillDestroy} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {rpcBus} from "@web/core/network/rpc";
import {patch} from "@web/core/utils/patch";
import {TotpConfirmationDialog} from "@auth_totp_portal/components/totp_confirmation_dialog";

/**
 * The "Enable two-factor authentication" dialog of /my/security: stock's
 * interaction (auth_totp_portal totp_enable.js) reads a refused code's error
 * as ``e.message.message``, which an RPCError (whose ``message`` is a string)
 * does not have: the customer was shown "undefined" under the code. Its
 * handler is a closure we cannot extend, so the dialog keeps the message of
 * the last refused call and gives it to the code field instead.
 */
patch(TotpConfirmationDialog.prototype, {
    setup() {
        super.setup(...arguments);
        this.portalRpcError = "";
        const onResponse = ({detail}) => {
            if (detail.error) {
                this.portalRpcError =
                    detail.error.data?.message || detail.error.message || "";
            }
        };
        rpcBus.addEventListener("RPC:RESPONSE", onResponse);
        onWillDestroy(() => rpcBus.removeEventListener("RPC:RESPONSE", onResponse));
    },

    async execButton(callback) {
        this.portalRpcError = "";
        const input = this.modalRef.el?.querySelector("input[name=code]");
        if (input && !input.portalValidityFixed) {
            const setCustomValidity = input.setCustomValidity.bind(input);
            input.setCustomValidity = (message) =>
                setCustomValidity(
                    message === undefined || message === "undefined"
                        ? this.portalRpcError ||
                              _t(
                                  "Verification failed, please double-check the 6-digit code"
                              )
                        : message
                );
            input.portalValidityFixed = true;
        }
        return super.execButton(callback);
    },
});
