import {registry} from "@web/core/registry";

// The customer's /my dashboard: every visible category with its number, the
// hidden ones (invoices and bills here) nowhere to be seen.
registry.category("web_tour.tours").add("portal_access_ext_dashboard", {
    url: "/my",
    steps: () => [
        {
            content: "The counters are loaded",
            trigger: ".o_portal_my_home:not(:has(.o_portal_doc_spinner))",
        },
        {
            content: "Quotations show their number",
            trigger:
                ".o_portal_index_card:not(.d-none) [data-placeholder_count='quotation_count']:contains(1)",
        },
        {
            content: "Sales orders show their number",
            trigger:
                ".o_portal_index_card:not(.d-none) [data-placeholder_count='order_count']:contains(2)",
        },
        {
            content: "Invoices are hidden from this customer",
            trigger: ".o_portal_my_home",
            run() {
                for (const span of document.querySelectorAll(
                    "[data-placeholder_count='invoice_count']"
                )) {
                    if (
                        !span
                            .closest(".o_portal_index_card")
                            .classList.contains("d-none")
                    ) {
                        throw new Error("Invoices are shown on the dashboard");
                    }
                }
            },
        },
        {
            content: "Bills are hidden from this customer",
            trigger: ".o_portal_my_home",
            run() {
                for (const span of document.querySelectorAll(
                    "[data-placeholder_count='bill_count']"
                )) {
                    if (
                        !span
                            .closest(".o_portal_index_card")
                            .classList.contains("d-none")
                    ) {
                        throw new Error("Bills are shown on the dashboard");
                    }
                }
            },
        },
        {
            content: "Open the sales orders",
            trigger: ".o_portal_index_card:not(.d-none) a[href$='/my/orders']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The orders list shows the customer's orders",
            trigger: ".o_portal_my_doc_table tbody tr:nth-child(2)",
        },
    ],
});
