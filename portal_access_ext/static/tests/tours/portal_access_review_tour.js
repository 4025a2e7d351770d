import {registry} from "@web/core/registry";

// A user administrator opens the Portal Access Review, filters the portal
// users without a recent sign-in, selects one and revokes its access.
registry.category("web_tour.tours").add("portal_access_ext_review_revoke", {
    steps: () => [
        {
            content: "The review lists the portal users",
            trigger: ".o_list_view .o_data_row:contains('Review Tour Recent')",
        },
        {
            content: "The search panel counts the ready filters",
            trigger:
                ".o_search_panel .o_search_panel_filter_value:contains('No sign-in for 90 days') .o_search_panel_counter",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter the users without a recent sign-in",
            trigger: ".o_filter_menu .dropdown-item:contains('No recent sign-in')",
            run: "click",
        },
        {
            content: "The recent user is filtered out",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('Review Tour Recent'))) .o_data_row:contains('Review Tour Dormant')",
        },
        {
            content: "Select the dormant user",
            trigger:
                ".o_data_row:contains('Review Tour Dormant') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Revoke",
            trigger: "button[name=action_portal_review_revoke]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The revoked user leaves the review",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('Review Tour Dormant')))",
        },
    ],
});
