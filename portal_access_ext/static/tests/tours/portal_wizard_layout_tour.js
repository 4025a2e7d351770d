import {registry} from "@web/core/registry";

// The wizard reads well on a laptop and on a phone (tests/test_admin_tours.py
// runs this tour at 1366x900 and at 390x844): each contact once, without the
// company's name in front, its email and its action buttons visible without
// scrolling sideways; a line's Revoke asks first.

// Whether ``el`` is entirely inside the window (nothing clipped at its right).
function isFullyVisible(el) {
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.left >= 0 && rect.right <= window.innerWidth;
}

// A line of the list (laptop) or a card of the kanban (phone: the web
// client's small screens, under 768 px).
function contactRow(name) {
    const row = window.innerWidth < 768 ? ".o_kanban_record" : ".o_data_row";
    return `.modal ${row}:contains('${name}')`;
}

registry.category("web_tour.tours").add("portal_access_ext_wizard_layout", {
    steps: () => [
        {
            content: "Open the Action menu of the company",
            trigger: ".o_form_view .o_cp_action_menus .dropdown-toggle",
            run: "click",
        },
        {
            content: "Choose Grant portal access",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Grant portal access')",
            run: "click",
        },
        {
            content: "The company is named once, above the contacts",
            trigger:
                ".modal .o_portal_wizard_heading:contains('Contacts of Layout Co')",
        },
        {
            content: "Contacts are listed by their own name, without the company's",
            trigger: `${contactRow("Layout Co Contact 0")}`,
            run() {
                const rows = document.querySelectorAll(
                    ".modal .o_data_row [name=partner_id], .modal .o_portal_wizard_contact"
                );
                if (!rows.length) {
                    throw new Error("No contact is shown");
                }
                for (const row of rows) {
                    if (row.textContent.includes("Layout Co,")) {
                        throw new Error(`The company is repeated: ${row.textContent}`);
                    }
                }
            },
        },
        {
            content: "Every email and every line's button is visible, not clipped",
            trigger: `${contactRow("Layout Co Contact 1")} button[name=action_revoke_access]`,
            run() {
                const selectors = [
                    ".modal :is(.o_data_row, .o_kanban_record) button[name=action_grant_access]",
                    ".modal :is(.o_data_row, .o_kanban_record) button[name=action_revoke_access]",
                    ".modal :is(.o_data_row, .o_kanban_record) button[name=action_invite_again]",
                    ".modal :is(.o_data_row [name=email], .o_portal_wizard_email)",
                ];
                for (const selector of selectors) {
                    const elements = document.querySelectorAll(selector);
                    if (!elements.length) {
                        throw new Error(`Nothing matches ${selector}`);
                    }
                    for (const el of elements) {
                        if (!isFullyVisible(el)) {
                            throw new Error(`Clipped: ${selector} ${el.textContent}`);
                        }
                    }
                }
                for (const el of document.querySelectorAll(
                    ".modal .o_data_row [name=email], .modal .o_portal_wizard_email"
                )) {
                    const inner = el.querySelector("input, span") || el;
                    const text = inner.value ?? inner.textContent;
                    const full = inner.scrollWidth <= inner.clientWidth + 1;
                    const titled = (el.dataset.tooltip || el.title || "").includes(
                        text
                    );
                    if (text && !full && !titled) {
                        throw new Error(`Email cut without its full text: ${text}`);
                    }
                }
            },
        },
        {
            content: "Revoke the access of contact 1",
            trigger: `${contactRow("Layout Co Contact 1")} button[name=action_revoke_access]`,
            run: "click",
        },
        {
            content: "The confirmation names who loses access",
            trigger:
                ".modal .o_portal_wizard_revoke_message:contains('Layout Co Contact 1 will lose portal access')",
        },
        {
            content: "Confirm",
            trigger: ".modal footer button[name=action_confirm_revoke]",
            run: "click",
        },
        {
            content: "The wizard tells who lost access",
            trigger:
                ".modal .o_portal_wizard_summary:contains('Layout Co Contact 1 no longer has portal access')",
        },
        {
            content: "Contact 1 can be granted again",
            trigger: `${contactRow("Layout Co Contact 1")} button[name=action_grant_access]`,
        },
    ],
});
