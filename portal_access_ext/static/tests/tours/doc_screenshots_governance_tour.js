import {registry} from "@web/core/registry";

// Tours of the user guide's screenshots of access governance (customer
// administrators, approvals, the access review, the customer's sign-ins), for
// tests/test_doc_screenshots.py, written as those of doc_screenshots_tour.js:
// each waits for the page's data, then for its fonts and images; the test
// captures the screen when the tour has succeeded. No trigger depends on a text
// of the interface (the test runs them in English, French and Vietnamese).

const pageIsComplete = (scrollTo) => ({
    content: "Fonts and images are loaded, the page shows what matters",
    trigger: "body",
    async run() {
        await document.fonts.ready;
        const pending = [...document.images].filter(
            (img) => !img.complete && img.loading !== "lazy"
        );
        await Promise.all(
            pending.map(
                (img) =>
                    new Promise((resolve) => {
                        img.addEventListener("load", resolve, {once: true});
                        img.addEventListener("error", resolve, {once: true});
                    })
            )
        );
        document.activeElement?.blur();
        if (scrollTo) {
            document.querySelector(scrollTo).scrollIntoView({block: "start"});
        } else {
            window.scrollTo(0, 0);
        }
    },
});

function screenshotTour(name, url, steps, {scrollTo = null} = {}) {
    registry.category("web_tour.tours").add(name, {
        ...(url ? {url} : {}),
        steps: () => [...steps, pageIsComplete(scrollTo)],
    });
}

// Customer administrator: the Team page with a colleague waiting for the
// vendor's approval and one the vendor refused.
screenshotTour("portal_access_ext_doc_my_team", "/my/team", [
    {
        // waiting for approval: the invitation can be withdrawn, not sent again
        content: "A colleague waits for the vendor's approval",
        trigger:
            "tr.o_portal_team_row:contains('Priya Shah'):has(.o_portal_team_revoke):not(:has(.o_portal_team_reinvite))",
    },
    {
        // refused: a status, and nothing to do on the line
        content: "Another was refused by the vendor",
        trigger:
            "tr.o_portal_team_row:contains('Tom Baker'):not(:has(form)) .o_portal_team_status span:not(:empty)",
    },
    {
        content: "The invitation form is shown",
        trigger: "form.o_portal_team_invite",
    },
]);

// Portal Access Manager: the invitations waiting for approval (the test
// starts on the list's action).
screenshotTour("portal_access_ext_doc_access_requests", null, [
    {
        content: "The invitations waiting for approval are listed",
        trigger:
            ".o_list_view .o_data_row:contains('Priya Shah') button[name=action_approve]",
    },
    {
        content: "Both of them",
        trigger: ".o_list_view .o_data_row:contains('Tom Baker')",
    },
]);

// Portal Access Manager: the Portal Access Review with its ready filters.
screenshotTour("portal_access_ext_doc_access_review", null, [
    {
        content: "The review lists the portal users",
        trigger: ".o_list_view .o_data_row:contains('Marcus Lee')",
    },
    {
        // a phone shows the panel as a bar of buttons, without counters
        content: "The search panel counts the ready filters",
        trigger: ".o_list_view",
        async run() {
            if (window.innerWidth < 768) {
                return;
            }
            for (let i = 0; i < 100; i++) {
                if (document.querySelector(".o_search_panel_counter")) {
                    return;
                }
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            throw new Error("The search panel shows no counter");
        },
    },
]);

// Customer: the recent sign-ins on /my/security, scrolled to them.
screenshotTour(
    "portal_access_ext_doc_my_sign_ins",
    "/my/security",
    [
        {
            content: "The customer's sessions are listed",
            trigger:
                ".o_portal_sign_ins_table tr:has(.fa-mobile) .o_portal_end_sign_in",
        },
    ],
    {scrollTo: "#portal_sign_ins"}
);
