import {registry} from "@web/core/registry";

// A Portal Access Manager opens the invitations of customer administrators
// waiting for approval, approves one and refuses the other.
registry.category("web_tour.tours").add("portal_access_request_tour", {
    steps: () => [
        {
            content: "The list shows the invitations waiting for approval",
            trigger:
                ".o_list_view .o_data_row:contains('Approved Colleague'):contains('Waiting for approval')",
        },
        {
            content: "The other invitation waits too",
            trigger: ".o_list_view .o_data_row:contains('Refused Colleague')",
        },
        {
            content: "Approve the first colleague",
            trigger:
                ".o_data_row:contains('Approved Colleague') button[name=action_approve]",
            run: "click",
        },
        {
            content: "The approved invitation leaves the list of those waiting",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('Approved Colleague'))) .o_data_row:contains('Refused Colleague')",
        },
        {
            content: "Refuse the second colleague",
            trigger:
                ".o_data_row:contains('Refused Colleague') button[name=action_refuse]",
            run: "click",
        },
        {
            content: "Nothing waits any more",
            trigger: ".o_action:not(:has(.o_data_row:contains('Refused Colleague')))",
        },
    ],
});

// The customer administrator sees both decisions on the Team page.
registry.category("web_tour.tours").add("portal_access_request_customer_tour", {
    url: "/my/team",
    steps: () => [
        {
            content: "The approved colleague is invited",
            trigger:
                "tr.o_portal_team_row:contains('Approved Colleague'):contains('Invited')",
        },
        {
            content: "The refused colleague is shown refused",
            trigger:
                "tr.o_portal_team_row:contains('Refused Colleague'):contains('Refused by your vendor')",
        },
        {
            content: "The refused colleague may be invited again: pick them",
            trigger: "form.o_portal_team_invite select[name='partner_id']",
            run: "selectByLabel Refused Colleague",
        },
        {
            content: "The refused colleague is picked",
            trigger:
                "form.o_portal_team_invite select[name='partner_id']:has(option:checked:contains('Refused Colleague'))",
        },
    ],
});
