import {registry} from "@web/core/registry";

// Save a payment method through the Demo provider, see it listed, then delete it
// with the trash icon and "Confirm Deletion".
registry.category("web_tour.tours").add("portal_access_ext_payment_method", {
    url: "/my/payment_method",
    steps: () => [
        {
            content: "Nothing saved yet: the page says so and how to add one",
            trigger:
                ".o_portal_payment_methods_empty:contains(No saved payment method yet):contains(choose a payment method below)",
            run() {
                if (document.querySelector(".o_portal_payment_methods_note")) {
                    throw new Error(
                        "the cannot-be-edited note is shown with nothing saved"
                    );
                }
            },
        },
        {
            content: "Choose the Demo payment method",
            trigger: "input[name=o_payment_radio][data-payment-method-code=demo]",
            run: "click",
        },
        {
            content:
                "Type the test payment details (the Demo provider saves them as typed)",
            trigger: "input[name=customer_input]",
            run: "edit 4242",
        },
        {
            content: "Save the payment method",
            trigger: "button[name=o_payment_submit_button]:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content:
                "Back on the list, the new method shows its digits, provider and date",
            trigger:
                "li[name=o_payment_option]:contains(4242) .o_portal_token_details:contains(Provider: Demo Tour Gateway):contains(Added on)",
        },
        {
            content: "The page confirms that the method was saved",
            trigger: ".o_portal_token_saved:contains(4242):contains(was saved)",
        },
        {
            content: "Now that a method is saved, the page says it cannot be edited",
            trigger: ".o_portal_payment_methods_note:contains(cannot be edited)",
        },
        {
            content: "Click the trash icon",
            trigger:
                "li[name=o_payment_option]:contains(4242) button[name=o_payment_delete_token]",
            run: "click",
        },
        {
            content: "The dialog names the method it deletes",
            trigger: ".modal .modal-title:contains(Delete):contains(4242)",
        },
        {
            content: "Confirm the deletion",
            trigger: ".modal button:contains(Confirm Deletion)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page confirms the deletion, naming the method",
            trigger: ".o_portal_token_deleted:contains(4242):contains(was deleted)",
        },
        {
            content: "The list no longer shows the method",
            trigger: ".o_portal_payment_methods_empty",
            run() {
                if (document.querySelector("button[name=o_payment_delete_token]")) {
                    throw new Error("the deleted payment method is still listed");
                }
            },
        },
    ],
});

// A payment method used by a payment still in progress: the deletion is refused and
// the dialog says why; the method stays listed.
registry.category("web_tour.tours").add("portal_access_ext_payment_method_in_use", {
    url: "/my/payment_method",
    steps: () => [
        {
            content: "Click the trash icon of the method in use",
            trigger:
                "li[name=o_payment_option]:contains(7777) button[name=o_payment_delete_token]",
            run: "click",
        },
        {
            content: "Confirm the deletion",
            trigger: ".modal button:contains(Confirm Deletion)",
            run: "click",
        },
        {
            content:
                "The dialog says the method is still used by a payment in progress",
            trigger:
                ".modal:contains(Cannot delete payment method):contains(PAE-TOUR-PENDING):contains(still in progress)",
        },
        {
            content: "Close the dialog",
            trigger: ".modal .modal-footer button",
            run: "click",
        },
        {
            content: "The method is still listed",
            trigger:
                "body:not(:has(.modal.show)) li[name=o_payment_option]:contains(7777) button[name=o_payment_delete_token]",
        },
    ],
});
