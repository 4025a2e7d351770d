import {ConfirmationDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {TOTPDisable} from "@auth_totp_portal/interactions/totp_disable";

/**
 * "Disable two-factor authentication" on /my/security: stock disables at the
 * first click (after the password). Ask first, saying what it means; stock's
 * flow (password, then auth_totp_mail's security email) runs once confirmed.
 */
patch(TOTPDisable.prototype, {
    async onClick() {
        const confirmed = await this.waitFor(
            new Promise((resolve) => {
                this.services.dialog.add(
                    ConfirmationDialog,
                    {
                        title: _t("Disable two-factor authentication?"),
                        body: _t(
                            "Your account will then be protected by your password only. " +
                                "A security email will be sent to you."
                        ),
                        confirmLabel: _t("Disable"),
                        confirmClass: "btn-danger",
                        confirm: () => resolve(true),
                        cancel: () => resolve(false),
                    },
                    {onClose: () => resolve(false)}
                );
            })
        );
        if (confirmed) {
            return super.onClick(...arguments);
        }
    },
});
