"""The committed .pot holds every term Odoo's own exporter finds in the addon:
a string added to the code, views, data or templates without regenerating the
template (scripts/i18n_export.sh) fails here, listed by name."""

import io
import os
import re
import sys
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

MODULE = "portal_access_ext"
ROOT = Path(__file__).resolve().parents[1]
POT = ROOT / MODULE / "i18n" / f"{MODULE}.pot"
sys.path.insert(0, str(ROOT / "scripts"))
import fr_typography  # noqa: E402
from i18n_merge import STOCK_VERBATIM, stock_translations  # noqa: E402


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


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")
TAG = re.compile(r"</?([a-zA-Z][\w.-]*)")


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """French and Vietnamese: every term of the template translated, with the
    same placeholders and markup, and loaded by Odoo."""

    def _check_po(self, lang):
        path = POT.parent / f"{lang}.po"
        self.assertTrue(path.is_file(), f"{path} is missing")
        po = polib.pofile(str(path))
        by_key = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
        problems = []
        for entry in polib.pofile(str(POT)):
            found = by_key.get((entry.msgctxt, entry.msgid))
            if entry.msgid in STOCK_VERBATIM:
                continue  # TestTranslationStyle: as base translates it, or not
            if not found or not found.msgstr or "fuzzy" in found.flags:
                problems.append(f"not translated: {entry.msgid[:70]!r}")
                continue
            if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(
                PLACEHOLDER.findall(found.msgstr)
            ):
                problems.append(f"placeholders differ: {entry.msgid[:70]!r}")
            if TAG.findall(entry.msgid) != TAG.findall(found.msgstr):
                problems.append(f"markup differs: {entry.msgid[:70]!r}")
        self.assertFalse(problems, f"{lang}.po:\n" + "\n".join(problems))

    def test_french_complete(self):
        """Test that fr.po translates every term of the template, placeholders and markup kept."""
        self._check_po("fr")

    def test_vietnamese_complete(self):
        """Test that vi.po translates every term of the template, placeholders and markup kept."""
        self._check_po("vi")

    def test_odoo_loads_the_translations(self):
        """Test that Odoo loads the addon's French and Vietnamese terms for its messages and views."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR", "vi_VN"])
        source = "Portal Access Log"
        action = self.env.ref("portal_access_ext.portal_access_log_action")
        names = {
            lang: action.with_context(lang=lang).name for lang in ("fr_FR", "vi_VN")
        }
        for lang, code in (("fr", "fr_FR"), ("vi", "vi_VN")):
            po = polib.pofile(str(POT.parent / f"{lang}.po"))
            expected = next(e.msgstr for e in po if e.msgid == source)
            self.assertNotEqual(expected, source)
            self.assertEqual(names[code], expected)


@tagged("post_install", "-at_install")
class TestTranslationStyle(TransactionCase):
    """The house rules scripts/i18n_merge.py applies: the ORM's terms read as
    base reads them, and French typography."""

    def test_orm_terms_read_as_base_reads_them(self):
        """Test that the ORM's terms the addon raises are translated exactly as base translates them."""
        odoo_src = os.environ.get("ODOO_SRC", "/opt/odoo/19.0")
        for lang in ("fr", "vi"):
            stock = stock_translations(odoo_src, lang)
            self.assertTrue(
                stock, f"base's {lang}.po translates none of {STOCK_VERBATIM}"
            )
            ours = {
                e.msgid: e.msgstr
                for e in polib.pofile(str(POT.parent / f"{lang}.po"))
                if e.msgid in STOCK_VERBATIM
            }
            # a term base leaves untranslated stays untranslated: it reads in English there too
            expected = {msgid: stock.get(msgid, "") for msgid in STOCK_VERBATIM}
            self.assertEqual(ours, expected, f"{lang}.po: run scripts/i18n_export.sh")

    def test_translations_keep_html_entities(self):
        """Test that French and Vietnamese terms keep the HTML entities of their source (a view's "&amp;"), which typography must not break."""
        broken = [
            f"{lang}: {e.msgid[:50]!r} -> {e.msgstr[:60]!r}"
            for lang in ("fr", "vi")
            for e in polib.pofile(str(POT.parent / f"{lang}.po"))
            if e.msgstr
            and sorted(fr_typography.ENTITY.findall(e.msgid))
            != sorted(fr_typography.ENTITY.findall(e.msgstr))
        ]
        self.assertFalse(broken, "\n".join(broken))

    def test_french_typography(self):
        """Test that French terms put a no-break space before ':' and a narrow one before ';', '!' and '?'."""
        problems = [
            f"{e.msgid[:50]!r}: {excerpt!r}"
            for e in polib.pofile(str(POT.parent / "fr.po"))
            if e.msgid not in STOCK_VERBATIM
            for excerpt in fr_typography.problems(e.msgstr)
        ]
        self.assertFalse(
            problems, "fr.po (scripts/i18n_export.sh fixes it):\n" + "\n".join(problems)
        )
