import json
import re
from pathlib import Path
from urllib.parse import quote

from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, tagged

from .common import make_portal_user

LOGIN = "portal_french_dialogs@example.com"
# The texts of the two-factor dialogs, and the stock modules whose fr.po
# translates them (what a French customer must never see in English).
DIALOG_TERMS = {
    "Security Control": "portal",
    "Confirm Password": "portal",
    "Forgot password?": "portal",
    "Cancel": "portal",
    "Activate": "auth_totp_portal",
    "Copy": "web",
}
# The modules whose terms the customer's pages and dialogs use: the addon and
# the stock modules it extends (web's dialogs, portal's identity check,
# auth_totp_portal's 2FA dialogs).
FLOW_MODULES = ["web", "portal", "auth_totp", "auth_totp_portal", "portal_access_ext"]


def _stock_translation(module, msgid):
    """The msgstr of ``msgid`` in the stock module's fr.po (one-line entries)."""
    po = Path(get_module_path(module)) / "i18n" / "fr.po"
    match = re.search(
        r'^msgid "%s"\nmsgstr "(.+)"$' % re.escape(msgid),
        po.read_text(encoding="utf-8"),
        re.M,
    )
    return match and match.group(1)


@tagged("post_install", "-at_install")
class TestFrenchDialogs(HttpCase):
    """The two-factor dialogs of /my/security in French, checked against stock's
    own fr.po. French is loaded as installing it does: the terms of the stock
    modules too (loading only the addon's left stock's dialogs in English)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(FLOW_MODULES, ["fr_FR"])
        if "website" in cls.env:
            french = cls.env.ref("base.lang_fr")
            cls.env["website"].search([]).write(
                {"language_ids": [(4, french.id)], "default_lang_id": french.id}
            )
        cls.customer = make_portal_user(
            cls.env, LOGIN, password=LOGIN, lang="fr_FR", name="Camille Dialogue"
        )

    def test_totp_dialogs_in_french(self):
        """Test that the 2FA dialogs show no English text that stock's fr.po translates."""
        terms = {}
        for msgid, module in DIALOG_TERMS.items():
            msgstr = _stock_translation(module, msgid)
            self.assertTrue(msgstr, f"{module}/i18n/fr.po has no {msgid!r}")
            if msgstr != msgid:
                terms[msgid] = msgstr
        self.assertTrue(terms)
        self.start_tour(
            "/my/security?portal_terms=" + quote(json.dumps(terms)),
            "portal_access_ext_french_dialogs",
            login=LOGIN,
        )
