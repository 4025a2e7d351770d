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

// In a company of many contacts, the administrator finds the colleague to
// invite with the search box of the invitation form.
registry.category("web_tour.tours").add("portal_team_search_tour", {
    url: "/my/team",
    steps: () => [
        {
            content:
                "Only some contacts are offered: the form says how to find the others",
            trigger:
                ".o_portal_team_contact_hint:contains('type part of a name or email')",
        },
        {
            content: "Search the colleague by part of their email",
            trigger: "form.o_portal_team_invite input.o_portal_team_contact_search",
            run: "edit NEEDLE@",
        },
        {
            content: "Search",
            trigger: ".o_portal_team_contact_search_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The colleague found is the one picked, the search is kept",
            trigger:
                "form.o_portal_team_invite select[name='partner_id']:has(option:checked:contains('Tour Needle'))",
        },
        {
            content: "Invite them",
            trigger: ".o_portal_team_invite_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The colleague is invited",
            trigger: "tr.o_portal_team_row:contains('Tour Needle'):contains('Invited')",
        },
    ],
});

// The Team page fits the window: no sideways scroll of the page or of its
// table, each person's status and actions inside the window (a phone shows
// each person as a stacked card, a laptop the table with its header).
registry.category("web_tour.tours").add("portal_team_layout_tour", {
    url: "/my/team",
    steps: () => [
        {
            content: "The people of the company are listed",
            trigger: "tr.o_portal_team_row:contains('Layout Waiting')",
        },
        {
            content: "Nothing is cut or scrolled sideways",
            trigger: "tr.o_portal_team_row",
            run() {
                const width = window.innerWidth;
                const problems = [];
                const page = document.documentElement.scrollWidth;
                if (page > width) {
                    const wide = [...document.body.querySelectorAll("*")]
                        .filter((el) => el.getBoundingClientRect().right > width)
                        .slice(-3)
                        .map((el) => `${el.tagName}.${[...el.classList].join(".")}`);
                    problems.push(
                        `the page is ${page}px wide in ${width}px (${wide.join(", ")})`
                    );
                }
                const table = document
                    .querySelector("tr.o_portal_team_row")
                    .closest("table");
                const wrapper = table.parentElement;
                if (wrapper.scrollWidth > wrapper.clientWidth) {
                    problems.push(
                        `the table scrolls: ${wrapper.scrollWidth}px in ${wrapper.clientWidth}px`
                    );
                }
                const shown = document.querySelectorAll(
                    "tr.o_portal_team_row .o_portal_team_status .badge, " +
                        "tr.o_portal_team_row button, tr.o_portal_team_row input[type=date]"
                );
                if (!shown.length) {
                    problems.push("no status badge or action found");
                }
                for (const el of shown) {
                    const box = el.getBoundingClientRect();
                    // stock's cells cut what does not fit (overflow: hidden)
                    const cell = el.closest("td").getBoundingClientRect();
                    if (
                        !box.width ||
                        box.left < Math.max(0, cell.left) - 0.5 ||
                        box.right > Math.min(width, cell.right) + 0.5
                    ) {
                        const row = el.closest("tr").querySelector("td").textContent;
                        problems.push(
                            `${row}: "${el.textContent.trim() || el.name}" at ${Math.round(
                                box.left
                            )}-${Math.round(box.right)}px`
                        );
                    }
                }
                const head = table.querySelector("thead");
                const headShown = head.getBoundingClientRect().height > 0;
                if (width >= 768 && !headShown) {
                    problems.push("no column titles on a large screen");
                }
                if (width < 768 && headShown) {
                    problems.push("column titles on a phone");
                }
                if (problems.length) {
                    throw new Error(`Team page at ${width}px: ${problems.join("; ")}`);
                }
            },
        },
    ],
});
