"""Bring every translation of the addon up to its new template, as msgmerge
would: new terms added empty, removed ones dropped, references and comments
refreshed, the translations of unchanged terms kept (Odoo's exporter only
writes the .pot). Then two house rules:

- the ORM's own terms that the addon raises (STOCK_VERBATIM) read exactly as
  base translates them, so that an answer the addon gives in the ORM's words
  cannot be told from the ORM's in any language;
- French typography (scripts/fr_typography.py) in fr.po.

Usage: i18n_merge.py <template.pot> <i18n dir> <Odoo source dir>"""

import pathlib
import sys

import polib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import fr_typography

# Terms of odoo/orm/fields.py the addon raises in a MissingError of its own.
STOCK_VERBATIM = (
    "Record does not exist or has been deleted.",
    "(Record: %(record)s, User: %(user)s)",
)


def normalized(entry):
    return (entry.msgctxt, " ".join(entry.msgid.split()))


def stock_translations(odoo_src, lang):
    """Base's translations of STOCK_VERBATIM in `lang`."""
    path = pathlib.Path(odoo_src) / "odoo" / "addons" / "base" / "i18n" / f"{lang}.po"
    if not path.is_file():
        return {}
    return {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(path))
        if entry.msgid in STOCK_VERBATIM and entry.msgstr and not entry.obsolete
    }


def merge(pot_path, i18n_dir, odoo_src):
    pot = polib.pofile(pot_path)
    for path in sorted(pathlib.Path(i18n_dir).glob("*.po")):
        po = polib.pofile(str(path))
        # A term whose text changed only by its whitespace (XML re-indented by
        # prettier: whole mail bodies are one term) keeps its translation.
        previous = {
            normalized(entry): entry.msgstr
            for entry in po
            if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
        }
        po.merge(pot)
        for entry in po.untranslated_entries():
            entry.msgstr = previous.get(normalized(entry), "")
        # merge() keeps dropped terms as obsolete entries: a template change removes them.
        for entry in po.obsolete_entries():
            po.remove(entry)
        stock = stock_translations(odoo_src, path.stem)
        for entry in po:
            if entry.msgid in stock:
                entry.msgstr = stock[entry.msgid]
            elif path.stem == "fr" and entry.msgstr:
                entry.msgstr = fr_typography.fix(entry.msgstr)
        po.save()
        missing = len(po.untranslated_entries()) + len(po.fuzzy_entries())
        print(
            f"[i18n] merged {path.name}: {len(po)} terms, {missing} to translate",
            file=sys.stderr,
        )


if __name__ == "__main__":
    merge(*sys.argv[1:4])
