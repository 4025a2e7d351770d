import {registry} from "@web/core/registry";

// The two-factor dialogs of /my/security for a French-speaking customer
// (tests/test_french_dialogs.py): no English text that stock's own fr.po
// translates. The test gives those texts, read from stock's fr.po, in the
// url: ?portal_terms=<JSON {English: French}>.
function terms() {
    const raw = new URLSearchParams(window.location.search).get("portal_terms");
    return raw ? JSON.parse(raw) : {};
}

function checkFrench(where) {
    return {
        content: `${where}: in French`,
        trigger: ".modal .modal-footer button",
        run() {
            const modal = [...document.querySelectorAll(".o_dialog .modal")].at(-1);
            const text = modal.innerText;
            const english = Object.keys(terms()).filter((en) =>
                new RegExp(
                    `(^|[^\\p{L}])${en.replace(/[?]/g, "\\?")}([^\\p{L}]|$)`,
                    "u"
                ).test(text)
            );
            if (english.length) {
                throw new Error(
                    `${where} shows English: ${english.join(", ")} | ${text}`
                );
            }
        },
    };
}

registry.category("web_tour.tours").add("portal_access_ext_french_dialogs", {
    steps: () => [
        {
            content: "Enable two-factor authentication",
            trigger: "button#auth_totp_portal_enable",
            run: "click",
        },
        {
            content: "The password dialog is open",
            trigger: ".modal [name=password]",
        },
        checkFrench("The password dialog"),
        {
            trigger: ".modal [name=password]",
            run: "edit portal_french_dialogs@example.com",
        },
        {trigger: ".modal .modal-footer button.btn-primary", run: "click"},
        {
            content: "The QR code dialog is open",
            trigger: ".modal input[name=code]",
        },
        checkFrench("The QR code dialog"),
    ],
});
