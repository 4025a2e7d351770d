import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";
import {user} from "@web/core/user";

// Tours of the user guide's screenshots (tests/test_doc_screenshots.py): each
// one opens a page, waits until it shows its data, then until its fonts and
// images are loaded; the test captures the screen when the tour has succeeded.
// The test runs them in English, French and Vietnamese: no trigger depends on
// a text of the interface, only on selectors and the test's own data.

// The page is shown from its top, unless the tour scrolled to what matters.
const pageIsComplete = (keepScroll) => ({
    content: "Fonts and images are loaded, the page is at its top",
    trigger: "body",
    async run() {
        await document.fonts.ready;
        const pending = [...document.images].filter(
            (img) => !img.complete && img.loading !== "lazy"
        );
        await Promise.all(
            pending.map(
                (img) =>
                    new Promise((resolve) => {
                        img.addEventListener("load", resolve, {once: true});
                        img.addEventListener("error", resolve, {once: true});
                    })
            )
        );
        document.activeElement?.blur();
        if (!keepScroll) {
            window.scrollTo(0, 0);
        }
    },
});

// ``url`` is left out when the test starts the tour elsewhere (the tour would
// go to its own url first).
function screenshotTour(name, url, steps, {keepScroll = false} = {}) {
    registry.category("web_tour.tours").add(name, {
        ...(url ? {url} : {}),
        steps: () => [...steps, pageIsComplete(keepScroll)],
    });
}

// Admin: the company's contacts in the "Grant portal access" wizard, opened
// from the company's form (the test starts there).
screenshotTour("portal_access_ext_doc_wizard", null, [
    {
        content: "Open the Action menu of the company",
        trigger: ".o_form_view .o_cp_action_menus .dropdown-toggle",
        run: "click",
    },
    {
        // the menu item has no selector of its own: its label, the name of
        // stock's action in the admin's language
        content: "Choose Grant portal access",
        trigger: ".o-dropdown--menu .dropdown-item",
        async run() {
            const [action] = await rpc(
                "/web/dataset/call_kw/ir.actions.server/search_read",
                {
                    model: "ir.actions.server",
                    method: "search_read",
                    args: [
                        [
                            ["binding_model_id.model", "=", "res.partner"],
                            ["model_id.model", "=", "portal.wizard"],
                        ],
                        ["name"],
                    ],
                    kwargs: {context: user.context, limit: 1},
                }
            );
            const item = [
                ...document.querySelectorAll(".o-dropdown--menu .dropdown-item"),
            ].find((el) => el.textContent.trim() === action?.name);
            if (!item) {
                throw new Error(`No "${action?.name}" in the Action menu`);
            }
            item.click();
        },
    },
    {
        content: "The wizard lists the company's contacts with their access status",
        // the green badge: status Portal
        trigger:
            ".modal .o_field_x2many:contains('Jane Whitfield') .o_field_badge .text-bg-success",
    },
    {
        content: "Every contact of the company is listed",
        trigger: ".modal .o_field_x2many:contains('Alexandra Montgomery')",
    },
]);

// Customer: the /my dashboard with the number of each kind of document.
screenshotTour("portal_access_ext_doc_my_home", "/my", [
    {
        content: "The counters are loaded",
        trigger: ".o_portal_my_home:not(:has(.o_portal_doc_spinner))",
    },
    {
        content: "Sales orders show their number",
        trigger:
            ".o_portal_index_card:not(.d-none) [data-placeholder_count='order_count']:contains(3)",
    },
    {
        content: "Invoices show their number",
        trigger:
            ".o_portal_index_card:not(.d-none) [data-placeholder_count='invoice_count']:contains(3)",
    },
]);

screenshotTour("portal_access_ext_doc_my_invoices", "/my/invoices", [
    {
        content: "The customer's invoices are listed",
        trigger: ".o_portal_my_doc_table tbody tr:nth-child(3)",
    },
]);

screenshotTour("portal_access_ext_doc_my_orders", "/my/orders", [
    {
        content: "The customer's sales orders are listed",
        trigger: ".o_portal_my_doc_table tbody tr:nth-child(3)",
    },
]);

screenshotTour("portal_access_ext_doc_my_details", "/my/account", [
    {
        content: "The login is shown, read-only",
        trigger: "#div_portal_login input#o_portal_login:disabled",
    },
    {
        content: "The contact's details are filled in",
        trigger: "input[name=email]:value(jane@woodcorner.example.com)",
    },
]);

screenshotTour("portal_access_ext_doc_my_security", "/my/security", [
    {
        content: "The password form is shown",
        trigger: "section[name=portal_change_password] input[name=new1]",
    },
    {
        content: "Two-factor authentication is enabled, with recovery codes left",
        trigger:
            "button#auth_totp_portal_disable ~ .o_portal_recovery_codes .o_portal_recovery_code_count",
    },
]);

screenshotTour("portal_access_ext_doc_my_payment_methods", "/my/payment_method", [
    {
        content: "The saved payment methods show their provider and date",
        trigger:
            "li[name=o_payment_option]:contains(4242) .o_portal_token_details:not(:empty)",
    },
    {
        content: "New payment methods can be added",
        trigger: "input[name=o_payment_radio][data-payment-method-code=demo]",
    },
]);

screenshotTour("portal_access_ext_doc_my_purchase", "/my/purchase", [
    {
        content: "The purchase orders of the customer's company are listed",
        trigger: ".o_portal_my_doc_table tbody tr:nth-child(3)",
    },
]);

screenshotTour("portal_access_ext_doc_my_tasks", "/my/tasks", [
    {
        content: "The tasks of the shared project are listed",
        trigger: ".o_portal_my_doc_table tbody tr:contains('Hand over the keys')",
    },
]);

// The identity check of /my/security: the customer's password, then Confirm.
const confirmPassword = [
    {
        content: "Confirm the current password first",
        trigger: ".modal [name=password]",
        run: "edit Wood-Corner-Pass-2026",
    },
    {
        content: "Confirm Password",
        trigger: ".modal .modal-footer button.btn-primary",
        run: "click",
    },
];

// A customer enabling two-factor authentication: the QR code to scan (the
// dialog stays open for the screenshot).
screenshotTour("portal_access_ext_doc_my_totp_enable", "/my/security", [
    {
        content: "Enable two-factor authentication",
        trigger: "button#auth_totp_portal_enable",
        run: "click",
    },
    ...confirmPassword,
    {
        content: "The field for the app's code is shown",
        trigger: ".modal input[name=code]",
    },
    {
        content: "The QR code is loaded (a phone shows the link instead)",
        trigger: ".modal .o_auth_totp_enable_2FA",
        run() {
            if (!this.anchor.querySelector("img[src^='data:image/png;base64,']")) {
                throw new Error("No QR code in the dialog");
            }
        },
    },
]);

// New recovery codes, shown once after "Regenerate recovery codes".
screenshotTour(
    "portal_access_ext_doc_my_recovery_codes",
    "/my/security",
    [
        {
            content: "Regenerate the recovery codes",
            trigger: "button#portal_regenerate_recovery_codes",
            run: "click",
        },
        {...confirmPassword[0]},
        // no reload: the codes come in the response that creates them
        {...confirmPassword[1]},
        {
            content: "Ten new codes are shown once, with the download button",
            trigger: ".o_portal_recovery_code_list li:nth-child(10)",
        },
        {trigger: "a.o_portal_recovery_codes_download"},
        {
            content: "Scroll the codes into view",
            trigger: ".o_portal_recovery_codes",
            run() {
                this.anchor.scrollIntoView({block: "center"});
            },
        },
    ],
    {keepScroll: true}
);

// Admin: a portal user's form whose login is not the contact's email.
screenshotTour("portal_access_ext_doc_user_login", null, [
    {
        content: "The login is labelled as such",
        trigger: ".o_form_view .o_portal_login_label:visible",
    },
    {
        content: "The form warns that the login differs from the contact email",
        trigger: ".o_form_view .o_portal_login_differs:visible",
    },
]);
