import {registry} from "@web/core/registry";

// A customer administrator revokes a colleague, then invites a new one who
// sees fewer kinds of documents than the company (no sales orders).
registry.category("web_tour.tours").add("portal_team_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the Team card of the dashboard",
            trigger:
                ".o_portal_index_card:not(.d-none) a[href='/my/team']:has([data-placeholder_count='portal_team_count'])",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Revoke the colleague who left",
            trigger:
                "tr.o_portal_team_row:contains('Tour Leaver') .o_portal_team_revoke",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The colleague's access is revoked",
            trigger: "tr.o_portal_team_row:contains('Tour Leaver'):contains('Revoked')",
        },
        {
            content: "Name of the new colleague",
            trigger: "form.o_portal_team_invite input[name='name']",
            run: "edit Tour Colleague",
        },
        {
            content: "Email of the new colleague",
            trigger: "form.o_portal_team_invite input[name='email']",
            run: "edit tour.colleague@example.com",
        },
        {
            content: "No sales orders for this colleague",
            trigger:
                "form.o_portal_team_invite .form-check:has(label:contains('Sales Orders')) input",
            run: "click",
        },
        {
            content: "Send the invitation",
            trigger: ".o_portal_team_invite_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The colleague is invited",
            trigger:
                "tr.o_portal_team_row:contains('Tour Colleague'):contains('Invited')",
        },
    ],
});

// The invited colleague signs up through the invitation link and sees only
// the kinds of documents it was given.
registry.category("web_tour.tours").add("portal_team_signup_tour", {
    steps: () => [
        {
            content: "Choose a password",
            trigger: ".oe_signup_form input[name='password']",
            run: "edit Tour-Colleague-Pass-2026!",
        },
        {
            content: "Confirm it",
            trigger: ".oe_signup_form input[name='confirm_password']",
            run: "edit Tour-Colleague-Pass-2026!",
        },
        {
            content: "Sign up",
            trigger: ".oe_signup_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Signed in: go to the dashboard",
            trigger: "body:not(:has(.oe_signup_form))",
            run() {
                window.location.href = "/my";
            },
            expectUnloadPage: true,
        },
        {
            content: "The counters are loaded",
            trigger: ".o_portal_my_home:not(:has(.o_portal_doc_spinner))",
        },
        {
            content: "Quotations are shown",
            trigger:
                ".o_portal_index_card:not(.d-none) [data-placeholder_count='quotation_count']",
        },
        {
            content: "Sales orders, invoices and the Team card are not",
            trigger: ".o_portal_my_home",
            run() {
                for (const counter of [
                    "order_count",
                    "invoice_count",
                    "portal_team_count",
                ]) {
                    for (const span of document.querySelectorAll(
                        `[data-placeholder_count='${counter}']`
                    )) {
                        if (
                            !span
                                .closest(".o_portal_index_card")
                                .classList.contains("d-none")
                        ) {
                            throw new Error(`${counter} is shown to the colleague`);
                        }
                    }
                }
            },
        },
    ],
});

// With the vendor's approval required, the invitation waits.
registry.category("web_tour.tours").add("portal_team_approval_tour", {
    url: "/my/team",
    steps: () => [
        {
            content: "Name of the new colleague",
            trigger: "form.o_portal_team_invite input[name='name']",
            run: "edit Waiting Colleague",
        },
        {
            content: "Email of the new colleague",
            trigger: "form.o_portal_team_invite input[name='email']",
            run: "edit waiting.colleague@example.com",
        },
        {
            content: "Send the invitation",
            trigger: ".o_portal_team_invite_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page says it waits for the vendor",
            trigger: ".o_portal_team_done:contains('waiting for your vendor')",
        },
        {
            content: "The colleague waits for approval",
            trigger:
                "tr.o_portal_team_row:contains('Waiting Colleague'):contains('Waiting for approval')",
        },
    ],
});
