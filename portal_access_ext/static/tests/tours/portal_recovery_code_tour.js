import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

// Log in with a recovery code instead of the app's code. The test registers
// /portal_access_test/recovery_code, which gives one of the codes it generated.
registry.category("web_tour.tours").add("portal_recovery_code_tour", {
    url: "/web/login",
    steps: () => [
        {trigger: "input#login", run: "edit portal_tour_portal"},
        {trigger: "input#password", run: "edit Pae-Tour-Pass-2026"},
        {
            trigger: "button:contains(Log in)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The code step says a recovery code is accepted",
            trigger: ".o_portal_recovery_code_hint:contains(recovery codes)",
        },
        {
            trigger: "input[name=totp_token]",
            async run(helpers) {
                const code = await rpc("/portal_access_test/recovery_code");
                await helpers.edit(code);
            },
        },
        {
            trigger: "button:contains(Log in)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Logged in: open the security settings",
            trigger: ".o_portal_my_home",
            run() {
                window.location.href = "/my/security";
            },
            expectUnloadPage: true,
        },
        {
            content: "One recovery code was used",
            trigger:
                ".o_portal_recovery_code_count:contains(9 unused recovery codes left)",
        },
    ],
});
