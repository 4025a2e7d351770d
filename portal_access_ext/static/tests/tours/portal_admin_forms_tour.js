import {registry} from "@web/core/registry";

// An admin ticks "Choose Portal Documents" on a contact without selecting any
// kind: the form warns before saving, saving is refused with what to do, and
// "Show No Documents" confirms it.
registry.category("web_tour.tours").add("portal_access_ext_document_choice", {
    steps: () => [
        {
            content: "Open the tab Portal Documents",
            trigger: ".o_notebook .nav-link:contains('Portal Documents')",
            run: "click",
        },
        {
            content: "Tick Choose Portal Documents",
            trigger: ".o_field_widget[name=portal_category_restrict] input",
            run: "click",
        },
        {
            content: "The form warns before saving",
            trigger: ".o_portal_category_none_warning:contains('would see no')",
        },
        {
            content: "Save anyway",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saving is refused, saying what to do",
            trigger: ".o_error_dialog:contains('Show No Documents')",
        },
        {
            content: "Close the message",
            trigger: ".modal footer .btn-primary",
            run: "click",
        },
        {
            content: "Confirm: the contact sees no document",
            trigger: ".o_field_widget[name=portal_category_none_confirmed] input",
            run: "click",
        },
        {
            content: "The warning is gone",
            trigger: ".o_form_view:not(:has(.o_portal_category_none_warning:visible))",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_readonly, .o_form_saved",
        },
    ],
});

// An admin makes a portal user read-only from the user's form, without debug
// mode.
registry.category("web_tour.tours").add("portal_access_ext_readonly_checkbox", {
    steps: () => [
        {
            content: "Tick Read-only Portal",
            trigger: ".o_field_widget[name=portal_readonly] input",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_readonly, .o_form_saved",
        },
    ],
});
