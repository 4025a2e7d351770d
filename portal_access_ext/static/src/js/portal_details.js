import {CustomerAddress} from "@portal/interactions/address";
import {Interaction} from "@web/public/interaction";
import {registry} from "@web/core/registry";
import {patch} from "@web/core/utils/patch";

/**
 * The server answers a refused address form with `field_messages` ({field: message}):
 * show each message right below its field, on top of stock's highlighting.
 */
patch(CustomerAddress.prototype, {
    setup() {
        super.setup();
        const http = this.http;
        this.fieldMessages = {};
        // Keep the server's answer: stock's saveAddress does not hand it over.
        this.http = Object.assign(Object.create(http), {
            post: async (...args) => {
                const result = await http.post(...args);
                this.fieldMessages = (result && result.field_messages) || {};
                return result;
            },
        });
    },

    async saveAddress(ev) {
        this.fieldMessages = {};
        await super.saveAddress(ev);
        this._showFieldMessages();
    },

    _showFieldMessages() {
        this.addressForm
            .querySelectorAll(".o_portal_field_error")
            .forEach((el) => el.remove());
        for (const [fieldName, message] of Object.entries(this.fieldMessages)) {
            const input = this.addressForm.elements[fieldName];
            if (!input || !input.parentElement) {
                continue;
            }
            const feedback = document.createElement("div");
            feedback.className = "invalid-feedback d-block o_portal_field_error";
            feedback.dataset.field = fieldName;
            feedback.textContent = message;
            input.after(feedback);
        }
    },
});

/**
 * On /my/account, say that the login stays the same as soon as the customer types
 * another contact email.
 */
export class PortalDetailsLoginNote extends Interaction {
    static selector = "#div_email:has(.o_portal_login_note)";
    dynamicContent = {
        "input[name='email']": {"t-on-input": this.onEmailInput},
        ".o_portal_login_note": {
            "t-att-class": () => ({"d-none": !this.emailChanged}),
        },
    };

    setup() {
        this.note = this.el.querySelector(".o_portal_login_note");
        this.emailChanged = false;
    }

    onEmailInput(ev) {
        const original = (this.note.dataset.originalEmail || "").trim().toLowerCase();
        this.emailChanged = ev.currentTarget.value.trim().toLowerCase() !== original;
    }
}

registry
    .category("public.interactions")
    .add("portal_access_ext.details_login_note", PortalDetailsLoginNote);
