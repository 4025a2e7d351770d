import {registry} from "@web/core/registry";

// A portal customer signs in from the login page and lands on /my.
registry.category("web_tour.tours").add("portal_access_ext_login", {
    url: "/web/login",
    steps: () => [
        {
            content: "Type the portal customer's login",
            trigger: "input[name=login]",
            run: "edit portal_tour_customer@example.com",
        },
        {
            content: "Type the password",
            trigger: "input[name=password]",
            run: "edit Tour-Customer-Pass-1!",
        },
        {
            content: "Log in",
            trigger: "button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The customer reached the portal dashboard",
            trigger: ".o_portal_my_home",
        },
        {
            content: "and it is the /my page",
            trigger: "body",
            run() {
                if (!window.location.pathname.startsWith("/my")) {
                    throw new Error(`expected /my, got ${window.location.pathname}`);
                }
            },
        },
    ],
});
