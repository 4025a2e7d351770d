import {registry} from "@web/core/registry";

// An admin filters the Contacts list, selects the contacts of a company,
// starts "Portal Rollout" from the Action menu, writes an invitation message
// and reads the rollout's progress and outcome.
registry.category("web_tour.tours").add("portal_access_ext_rollout", {
    steps: () => [
        {
            content: "Search the contacts of Rollout Tour",
            trigger: ".o_list_view .o_searchview_input",
            run: "edit Rollout Tour Contact",
        },
        {
            content: "Validate the search",
            trigger: ".o_list_view .o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Only the three contacts are listed",
            trigger: ".o_control_panel .o_pager_value:contains('1-3')",
        },
        {
            content: "Select every contact listed",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the Action menu",
            trigger: ".o_control_panel .o_cp_action_menus .dropdown-toggle",
            run: "click",
        },
        {
            content: "Choose Portal Rollout",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Portal Rollout')",
            run: "click",
        },
        {
            content: "The dialog counts the contacts",
            trigger: ".modal .o_portal_rollout_count:contains('3')",
        },
        {
            content: "Write an invitation message",
            trigger: ".modal .o_field_widget[name=welcome_message] textarea",
            run: "edit Welcome to our portal",
        },
        {
            content: "Grant portal access",
            trigger: ".modal footer button[name=action_rollout]",
            run: "click",
        },
        {
            content: "The rollout shows its progress, complete",
            trigger: ".o_form_view .o_portal_rollout_progress:contains('100')",
        },
        {
            content: "and its outcome",
            trigger:
                ".o_form_view .o_portal_rollout_outcome:contains('3 contacts: 3 granted, 0 already had portal access, 0 not granted.')",
        },
        {
            content: "and its state",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
    ],
});
