import {registry} from "@web/core/registry";

// The customer flows of the addon with the portal in French: the dashboard's
// "Details" section and its Edit button, the details page telling that the
// login stays, and the "Account Security" entry leading to /my/security.
registry.category("web_tour.tours").add("portal_access_ext_french", {
    url: "/my",
    steps: () => [
        {
            content: "The Details section and its Edit button are in French",
            trigger:
                ".o_portal_details_header:contains(Détails) a.o_portal_details_edit:contains(Modifier)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Type a new contact email",
            trigger: "form[name=address_form] input[name=email]",
            run: "edit camille.nouvelle@example.com",
        },
        {
            content: "The page says, in French, that the login stays the same",
            trigger:
                ".o_portal_login_note:not(.d-none):contains(Votre identifiant reste):contains(portal_french_tour@example.com):contains(demandez à l'entreprise)",
        },
        {
            content: "Confirm",
            trigger: "button#save_address",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content:
                "Back on the dashboard, open the account security settings (in French)",
            trigger:
                "a[href$='/my/security']:contains(Modifier les paramètres de sécurité)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The security page is shown",
            trigger: "section[name=portal_change_password]",
        },
    ],
});
