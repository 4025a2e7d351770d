import {Interaction} from "@web/public/interaction";
import {registry} from "@web/core/registry";

import {handleCheckIdentity} from "@portal/interactions/portal_security";
import {user} from "@web/core/user";

/**
 * "Regenerate recovery codes" on /my/security: the password is confirmed
 * (stock identity check), then the reloaded page shows the new codes once.
 */
export class TotpRegenerateRecoveryCodes extends Interaction {
    static selector = "#pae_regenerate_recovery_codes";
    dynamicContent = {
        _root: {"t-on-click.prevent": this.onClick},
    };

    async onClick() {
        await this.waitFor(
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
        location.reload();
    }
}

registry
    .category("public.interactions")
    .add(
        "portal_access_ext.totp_regenerate_recovery_codes",
        TotpRegenerateRecoveryCodes
    );
