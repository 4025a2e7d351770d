"""The committed .pot holds every term Odoo's own exporter finds in the addon:
a string added to the code, views, data or templates without regenerating the
template (scripts/i18n_export.sh) fails here, listed by name."""

import io
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

MODULE = "portal_access_ext"
POT = Path(__file__).resolve().parents[1] / "i18n" / f"{MODULE}.pot"


@tagged("post_install", "-at_install")
class TestPotTemplate(TransactionCase):
    def _exported_entries(self):
        """The entries `odoo-bin i18n export` would write for the addon now."""
        buffer = io.BytesIO()
        self.assertTrue(
            trans_export(None, [MODULE], buffer, "po", self.env),
            "Odoo's exporter found no translatable term in the addon",
        )
        return polib.pofile(buffer.getvalue().decode())

    def test_pot_file_exists_and_parses(self):
        """Test that the addon ships its .pot template and that it is a valid PO template."""
        self.assertTrue(POT.is_file(), f"{POT} is missing: run scripts/i18n_export.sh")
        pot = polib.pofile(str(POT))
        self.assertTrue(len(pot), f"{POT} has no entry")
        translated = [e.msgid for e in pot if e.msgstr]
        self.assertFalse(
            translated, f"a template has no translations: {translated[:5]}"
        )

    def test_every_exported_term_is_in_pot(self):
        """Test that every term Odoo's exporter finds in the addon is in its .pot file."""
        self.assertTrue(POT.is_file(), f"{POT} is missing: run scripts/i18n_export.sh")
        in_file = {
            (e.msgctxt, e.msgid) for e in polib.pofile(str(POT)) if not e.obsolete
        }
        exported = self._exported_entries()
        missing = sorted(
            {e.msgid for e in exported if (e.msgctxt, e.msgid) not in in_file},
        )
        if missing:
            self.fail(
                f"{len(missing)} term(s) missing from {POT.name}; "
                "regenerate it with scripts/i18n_export.sh:\n"
                + "\n".join(f"  - {msgid!r}" for msgid in missing)
            )
