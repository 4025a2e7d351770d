import {registry} from "@web/core/registry";

// From the dashboard, "Edit" next to "Details": a bad email is refused next to its
// field, then a good one is confirmed and saved, the login staying the same.
registry.category("web_tour.tours").add("portal_access_ext_details", {
    url: "/my",
    steps: () => [
        {
            content: "Click Edit next to Details",
            trigger:
                ".o_portal_details_header:contains(Details) a.o_portal_details_edit:contains(Edit)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The login is shown read-only",
            trigger:
                "input#o_portal_login[readonly]:value(portal_details_tour@example.com)",
        },
        {
            content: "Type an email the server refuses (no top-level domain)",
            trigger: "form[name=address_form] input[name=email]",
            run: "edit portal_details_tour@example",
        },
        {
            content: "The page says the login stays the same",
            trigger:
                ".o_portal_login_note:not(.d-none):contains(Your login stays):contains(portal_details_tour@example.com)",
        },
        {
            content: "Confirm",
            trigger: "button#save_address:contains(Confirm)",
            run: "click",
        },
        {
            content: "The server refused the email, with a message next to the field",
            trigger:
                "input[name=email].is-invalid + .o_portal_field_error:contains(Invalid Email! Please enter a valid email address.)",
        },
        {
            content: "One message only: not repeated above the form",
            trigger: "form[name=address_form]",
            run() {
                const errors = document.querySelector("#errors").textContent.trim();
                if (errors) {
                    throw new Error(`a message above the form too: ${errors}`);
                }
            },
        },
        {
            content: "Type a valid email",
            trigger: "form[name=address_form] input[name=email]",
            run: "edit dora.tour@example.com",
        },
        {
            content: "Confirm again",
            trigger: "button#save_address:contains(Confirm)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the dashboard, the details show the new email",
            trigger: ".o_portal_my_home",
        },
        {
            content: "The dashboard says the details were saved",
            trigger: ".o_portal_details_saved:contains(Your details were saved.)",
        },
        {
            content: "The new email is in the Details section",
            trigger: ".o_portal_my_details:contains(dora.tour@example.com)",
        },
    ],
});
