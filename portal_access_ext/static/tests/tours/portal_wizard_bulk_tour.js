import {registry} from "@web/core/registry";

// An admin opens "Grant portal access" from a company's Action menu, ticks
// "In Portal" on two contacts, unticks the one that has access, applies and
// reads the summary.
function lineToggle(name) {
    return `.modal .o_data_row:has(.o_data_cell[name=partner_id]:contains('${name}')) .o_field_boolean_toggle input`;
}

registry.category("web_tour.tours").add("portal_access_ext_wizard_bulk", {
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
            content: "The wizard lists the company's contacts",
            trigger: ".modal .o_data_row:contains('Tour Co Contact 2')",
        },
        {
            content: "Tick In Portal for contact 0",
            trigger: lineToggle("Tour Co Contact 0"),
            run: "click",
        },
        {
            content: "Tick In Portal for contact 1",
            trigger: lineToggle("Tour Co Contact 1"),
            run: "click",
        },
        {
            content: "Untick In Portal for contact 2, who has access",
            trigger: lineToggle("Tour Co Contact 2"),
            run: "click",
        },
        {
            content: "Apply",
            trigger: ".modal footer button[name=action_apply]",
            run: "click",
        },
        {
            content: "Apply asks first, naming who loses access",
            trigger:
                ".modal .o_portal_wizard_revoke_message:contains('Tour Co Contact 2 will lose portal access')",
        },
        {
            content: "Confirm the revoke",
            trigger: ".modal footer button[name=action_confirm_revoke]",
            run: "click",
        },
        {
            content: "The summary tells what changed, naming the contacts",
            trigger: ".modal .o_portal_wizard_summary:contains('2 granted, 1 revoked')",
            run() {
                const text = this.anchor.textContent;
                for (const expected of [
                    "2 granted, 1 revoked, 1 unchanged.",
                    "Granted: Tour Co Contact 0, Tour Co Contact 1.",
                    "Revoked: Tour Co Contact 2",
                    "Unchanged: Tour Co.",
                ]) {
                    if (!text.includes(expected)) {
                        throw new Error(`"${expected}" is not in the summary: ${text}`);
                    }
                }
            },
        },
        {
            content: "Contact 0 now shows the Portal status",
            trigger:
                ".modal .o_data_row:has(.o_data_cell[name=partner_id]:contains('Tour Co Contact 0')) .o_data_cell[name=status]:contains('Portal')",
        },
    ],
});
