import {registry} from "@web/core/registry";

const NEW_PASSWORD = "Tour-New-Pass-2026";

registry.category("web_tour.tours").add("portal_password_tour", {
    url: "/my/security",
    steps: () => [
        {
            content: "The password rules are shown before anything is typed",
            trigger:
                ".o_portal_password_rules:contains(At least 8 and at most 1024 characters)",
        },
        {
            content: "Wrong current password",
            trigger: "input[name='old']",
            run: "edit not-my-password",
        },
        {trigger: "input[name='new1']", run: `edit ${NEW_PASSWORD}`},
        {trigger: "input[name='new2']", run: `edit ${NEW_PASSWORD}`},
        {
            trigger: "button:contains(Change Password)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Refused: the current password is wrong",
            trigger:
                ".invalid-feedback:contains(old password you provided is incorrect)",
        },
        {
            content: "A very common new password",
            trigger: "input[name='old']",
            run: "edit Pae-Tour-Pass-2026",
        },
        {trigger: "input[name='new1']", run: "edit iloveyou"},
        {trigger: "input[name='new2']", run: "edit iloveyou"},
        {
            trigger: "button:contains(Change Password)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Refused by the password policy, next to the new password",
            trigger:
                "input[name='new1'].is-invalid ~ .invalid-feedback:contains(most common passwords)",
        },
        {
            content: "A good new password",
            trigger: "input[name='old']",
            run: "edit Pae-Tour-Pass-2026",
        },
        {trigger: "input[name='new1']", run: `edit ${NEW_PASSWORD}`},
        {trigger: "input[name='new2']", run: `edit ${NEW_PASSWORD}`},
        {
            trigger: "button:contains(Change Password)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Password changed",
            trigger: ".alert-success:contains(Password Updated!)",
        },
    ],
});
