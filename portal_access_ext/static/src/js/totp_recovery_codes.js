import {Interaction} from "@web/public/interaction";
import {registry} from "@web/core/registry";

import {browser} from "@web/core/browser/browser";
import {formatDateTime} from "@web/core/l10n/dates";
import {_t} from "@web/core/l10n/translation";
import {handleCheckIdentity} from "@portal/interactions/portal_security";
import {user} from "@web/core/user";

const {DateTime} = luxon;

/**
 * "(Re)generate recovery codes" on /my/security: the password is confirmed
 * (stock identity check), then the new codes, returned by the call that
 * creates them, are shown once in the page with a download link and a copy
 * button. They are never stored in clear: reloading the page shows only how
 * many are left.
 */
export class TotpRegenerateRecoveryCodes extends Interaction {
    static selector = ".o_portal_recovery_codes";
    dynamicContent = {
        "#portal_regenerate_recovery_codes": {"t-on-click.prevent": this.onClick},
        ".o_portal_recovery_codes_copy": {"t-on-click.prevent": this.onCopy},
    };

    setup() {
        this.codes = [];
    }

    async onClick() {
        const codes = await this.waitFor(
            handleCheckIdentity(
                this.waitFor(
                    this.services.orm.call(
                        "res.users",
                        "action_portal_regenerate_recovery_codes",
                        [user.userId]
                    )
                ),
                this.services.orm,
                this.services.dialog
            )
        );
        if (!Array.isArray(codes)) {
            return;
        }
        this.showCodes(codes);
    }

    async onCopy(ev) {
        const button = ev.currentTarget;
        await this.waitFor(
            browser.navigator.clipboard.writeText(this.codes.join("\n"))
        );
        const label = button.querySelector("span");
        label.textContent = _t("Copied");
        button.querySelector(".fa").classList.replace("fa-copy", "fa-check");
        this.waitForTimeout(() => {
            label.textContent = _t("Copy");
            button.querySelector(".fa").classList.replace("fa-check", "fa-copy");
        }, 2000);
    }

    /**
     * The downloaded file says which account of which site it belongs to, and
     * when the codes were made (in the customer's language and time zone).
     */
    getFileText(codes, output) {
        const {login, site, url, tz} = output.dataset;
        const now = DateTime.now().setZone(tz || "default");
        return [
            _t("Recovery codes of %(login)s on %(site)s (%(url)s)", {login, site, url}),
            _t("Generated on %(date)s (%(tz)s)", {
                date: formatDateTime(now, {tz: tz || "default"}),
                tz: now.zoneName,
            }),
            _t(
                "Each code signs you in once, in place of your app's code. " +
                    "Keep them somewhere safe."
            ),
            "",
            ...codes,
            "",
        ].join("\n");
    }

    showCodes(codes) {
        this.codes = codes;
        const output = this.el.querySelector(".o_portal_recovery_code_output");
        const list = output.querySelector(".o_portal_recovery_code_list");
        list.replaceChildren(
            ...codes.map((code) => {
                const item = document.createElement("li");
                item.textContent = code;
                return item;
            })
        );
        output.querySelector(".o_portal_recovery_codes_download").href =
            "data:text/plain;charset=utf-8," +
            encodeURIComponent(this.getFileText(codes, output));
        // Browsers give no clipboard to pages served over plain HTTP (but on
        // localhost): the codes can still be downloaded or selected.
        output
            .querySelector(".o_portal_recovery_codes_copy")
            .classList.toggle("d-none", !browser.navigator.clipboard);
        output.classList.remove("d-none");
        this.el.querySelector(".o_portal_recovery_code_count")?.classList.add("d-none");
    }
}

registry
    .category("public.interactions")
    .add(
        "portal_access_ext.totp_regenerate_recovery_codes",
        TotpRegenerateRecoveryCodes
    );
