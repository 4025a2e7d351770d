import {Interaction} from "@web/public/interaction";
import {registry} from "@web/core/registry";

import {handleCheckIdentity} from "@portal/interactions/portal_security";
import {user} from "@web/core/user";

/**
 * "(Re)generate recovery codes" on /my/security: the password is confirmed
 * (stock identity check), then the new codes, returned by the call that
 * creates them, are shown once in the page with a download link. They are
 * never stored in clear: reloading the page shows only how many are left.
 */
export class TotpRegenerateRecoveryCodes extends Interaction {
    static selector = "#pae_regenerate_recovery_codes";
    dynamicContent = {
        _root: {"t-on-click.prevent": this.onClick},
    };

    async onClick() {
        const codes = await this.waitFor(
            handleCheckIdentity(
                this.waitFor(
                    this.services.orm.call(
                        "res.users",
                        "action_pae_regenerate_recovery_codes",
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

    showCodes(codes) {
        const section = this.el.closest(".o_pae_recovery_codes");
        const output = section.querySelector(".o_pae_recovery_code_output");
        const list = output.querySelector(".o_pae_recovery_code_list");
        list.replaceChildren(
            ...codes.map((code) => {
                const item = document.createElement("li");
                item.textContent = code;
                return item;
            })
        );
        output.querySelector(".o_pae_recovery_codes_download").href =
            "data:text/plain;charset=utf-8," + encodeURIComponent(codes.join("\n"));
        output.classList.remove("d-none");
        section.querySelector(".o_pae_recovery_code_count")?.classList.add("d-none");
    }
}

registry
    .category("public.interactions")
    .add(
        "portal_access_ext.totp_regenerate_recovery_codes",
        TotpRegenerateRecoveryCodes
    );
