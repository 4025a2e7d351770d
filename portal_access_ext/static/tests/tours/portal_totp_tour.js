import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

// Enable 2FA (password, QR code + the same secret as text, app code), generate
// the recovery codes and see them once, log out, then log in again with the app's code.
// The test registers /totphook (stock auth_totp's test helper) to play the app.
registry.category("web_tour.tours").add("portal_totp_tour", {
    url: "/my/security",
    steps: () => [
        {
            content: "Enable two-factor authentication",
            trigger: "button#auth_totp_portal_enable",
            run: "click",
        },
        {
            content: "Confirm the current password first",
            trigger: ".modal div:contains(enter your password)",
        },
        {trigger: ".modal [name=password]", run: "edit Pae-Tour-Pass-2026"},
        {trigger: "button:contains(Confirm Password)", run: "click"},
        {
            content: "The QR code is shown",
            trigger:
                ".modal .o_auth_totp_enable_2FA img[src^='data:image/png;base64,']",
        },
        {
            content: "The same secret as text",
            trigger: ".modal a:contains(Cannot scan it?)",
            run: "click",
        },
        {
            trigger: ".modal span[name='secret']:visible",
            async run(helpers) {
                const secret = this.anchor.textContent;
                if (!/^[A-Z2-7 ]{32,}$/.test(secret)) {
                    throw new Error(`Unexpected secret text: ${secret}`);
                }
                const token = await rpc("/totphook", {secret, offset: 0});
                await helpers.edit(token, ".modal input[name='code']");
            },
        },
        {
            trigger: ".modal button.btn-primary:contains(Activate)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "2FA enabled",
            trigger: "button#auth_totp_portal_disable",
        },
        {
            content: "Generate the recovery codes (the password was just confirmed)",
            trigger:
                "button#portal_regenerate_recovery_codes:contains(Generate recovery codes)",
            run: "click",
        },
        {
            content: "Ten recovery codes, shown once",
            trigger: ".o_portal_recovery_code_list li:nth-child(10)",
        },
        {
            content:
                "They can be downloaded, in a file saying whose codes they are and when they were made",
            trigger:
                "a.o_portal_recovery_codes_download[download='recovery-codes.txt']",
            run() {
                const text = decodeURIComponent(this.anchor.href.split(",")[1]);
                const codes = [
                    ...document.querySelectorAll(".o_portal_recovery_code_list li"),
                ].map((li) => li.textContent);
                const expected = [
                    /^Recovery codes of portal_tour_portal on .+ \(http:\/\/[^)]+\)$/m,
                    /^Generated on \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d( [AP]M)? \(Europe\/Brussels\)$/m,
                    new RegExp(`^${codes.join("\n")}$`, "m"),
                ];
                for (const pattern of expected) {
                    if (!pattern.test(text)) {
                        throw new Error(`the file does not match ${pattern}:\n${text}`);
                    }
                }
            },
        },
        {
            content: "Copy the codes",
            trigger: "button.o_portal_recovery_codes_copy:contains(Copy)",
            run() {
                // the test browser's clipboard, read back below
                navigator.clipboard.writeText = async (text) => {
                    document.body.dataset.portalCopied = text;
                };
                this.anchor.click();
            },
        },
        {
            content: "The button says the codes were copied: all of them",
            trigger: "button.o_portal_recovery_codes_copy:contains(Copied)",
            run() {
                const codes = [
                    ...document.querySelectorAll(".o_portal_recovery_code_list li"),
                ].map((li) => li.textContent);
                if (document.body.dataset.portalCopied !== codes.join("\n")) {
                    throw new Error("the copied text is not the ten codes");
                }
            },
        },
        {
            content:
                "Log out (the user menu's Logout link, in the portal's or the website's header)",
            trigger: "body:has(#o_logout)",
            run() {
                // The menu's entry sits in a closed dropdown, of a collapsed
                // header with the website: follow its link as a click would.
                window.location.assign(document.querySelector("#o_logout").href);
            },
            expectUnloadPage: true,
        },
        {
            content: "Go to the login page",
            trigger: "body",
            run() {
                window.location.href = "/web/login";
            },
            expectUnloadPage: true,
        },
        {trigger: "input#login", run: "edit portal_tour_portal"},
        {trigger: "input#password", run: "edit Pae-Tour-Pass-2026"},
        {
            trigger: "button:contains(Log in)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The login asks for the code",
            trigger: "label:contains(Authentication Code)",
        },
        {
            trigger: "input[name=totp_token]",
            async run(helpers) {
                const token = await rpc("/totphook", {offset: 1});
                await helpers.edit(token);
            },
        },
        {
            trigger: "button:contains(Log in)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Logged in",
            trigger: ".o_portal_my_home",
        },
    ],
});

// Portal 2FA policy: past the grace period, the customer is sent to enrol right
// after login, cannot leave the security page, and is free once enrolled.
registry.category("web_tour.tours").add("portal_totp_enrolment_tour", {
    url: "/web/login",
    steps: () => [
        {trigger: "input#login", run: "edit portal_tour_enrol"},
        {trigger: "input#password", run: "edit Pae-Tour-Pass-2026"},
        {
            trigger: "button:contains(Log in)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Guided to enrol right after login",
            trigger:
                ".o_portal_totp_enrolment:contains(Two-factor authentication is required)",
            run() {
                window.location.href = "/my";
            },
            expectUnloadPage: true,
        },
        {
            content: "The dashboard is out of reach until enrolled",
            trigger: ".o_portal_totp_enrolment",
        },
        {
            trigger: "button#auth_totp_portal_enable",
            run: "click",
        },
        {trigger: ".modal [name=password]", run: "edit Pae-Tour-Pass-2026"},
        {trigger: "button:contains(Confirm Password)", run: "click"},
        {trigger: ".modal a:contains(Cannot scan it?)", run: "click"},
        {
            trigger: ".modal span[name='secret']:visible",
            async run(helpers) {
                const token = await rpc("/totphook", {
                    secret: this.anchor.textContent,
                    offset: 0,
                });
                await helpers.edit(token, ".modal input[name='code']");
            },
        },
        {
            trigger: ".modal button.btn-primary:contains(Activate)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Enrolled: no more notice, recovery codes offered",
            trigger:
                "body:not(:has(.o_portal_totp_enrolment)) button#portal_regenerate_recovery_codes:contains(Generate recovery codes)",
            run() {
                window.location.href = "/my";
            },
            expectUnloadPage: true,
        },
        {
            content: "The dashboard is reachable again",
            trigger: ".o_portal_my_home",
        },
    ],
});
