import {registry} from "@web/core/registry";

// Disabling two-factor authentication on /my/security asks first
// (tests/test_customer_totp_dialogs.py).
registry.category("web_tour.tours").add("portal_access_ext_totp_disable", {
    steps: () => [
        {
            content: "Disable two-factor authentication",
            trigger: "#auth_totp_portal_disable",
            run: "click",
        },
        {
            content: "A confirmation says what it means",
            trigger:
                ".modal:contains(Disable two-factor authentication?):contains(password only)",
        },
        {
            content: "Change one's mind",
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            content: "Still enabled",
            trigger: "body:not(:has(.o_dialog)) #auth_totp_portal_disable",
            run: "click",
        },
        {
            content: "Confirm this time",
            trigger: ".modal .modal-footer button.btn-danger",
            run: "click",
        },
        {
            trigger: ".modal [name=password]",
            run: "edit portal_totp_disable@example.com",
        },
        {
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Disabled",
            trigger: "#auth_totp_portal_enable",
        },
    ],
});

// A wrong code when enabling two-factor authentication says why (stock's
// dialog showed "undefined").
registry.category("web_tour.tours").add("portal_access_ext_totp_wrong_code", {
    steps: () => [
        {
            content: "Enable two-factor authentication",
            trigger: "button#auth_totp_portal_enable",
            run: "click",
        },
        {trigger: ".modal [name=password]", run: "edit portal_totp_wrong@example.com"},
        {trigger: ".modal .modal-footer button.btn-primary", run: "click"},
        {
            content: "Type a wrong code",
            trigger: ".modal input[name='code']",
            run: "edit 000000",
        },
        {
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The wrong code's message is shown, not 'undefined'",
            trigger: ".modal input[name='code'].is-invalid",
            run() {
                const message = this.anchor.validationMessage;
                if (!message.includes("Verification failed")) {
                    throw new Error(`The wrong code's message: ${message}`);
                }
            },
        },
    ],
});
