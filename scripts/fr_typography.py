"""French typography for the addon's translations: a no-break space before the
colon and a narrow no-break space before ";", "!" and "?" (as in Odoo's own
French terms), so that a line never wraps with the sign alone at its start.

Used by scripts/i18n_export.sh (which fixes fr.po after merging the template)
and by checks/test_i18n.py (which fails on a term that breaks the rule)."""

import re

NBSP = "\u00a0"
NNBSP = "\u202f"
# The sign ends a word: followed by a space, a tag or the end of the text.
# "https://", "14:30", "?lang=fr" and "<!--" are left alone.
_END = r"(?=\s|<|$)"
_MISSING = re.compile(r"(?<=[\w»)%])([:;!?])" + _END)
_PLAIN_SPACE = re.compile(r"(?<=\S) ([:;!?])" + _END)


# An HTML entity of a view's text ("&amp;"): its ";" is no punctuation.
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]\w*);")
# Stands for an entity while the signs are fixed: a character no term holds.
_MASK = "\ue000"


def _space_for(sign):
    return NBSP if sign == ":" else NNBSP


def _masked(text):
    """`text` with each entity's ";" hidden, and the entities to put back."""
    entities = ENTITY.findall(text)
    return ENTITY.sub(_MASK, text), entities


def _unmasked(text, entities):
    for entity in entities:
        text = text.replace(_MASK, entity, 1)
    return text


def fix(text):
    """Return `text` with the right no-break space before each sign."""
    text, entities = _masked(text)
    text = _PLAIN_SPACE.sub(lambda m: _space_for(m.group(1)) + m.group(1), text)
    text = _MISSING.sub(lambda m: _space_for(m.group(1)) + m.group(1), text)
    return _unmasked(text, entities)


def problems(text):
    """The places in `text` that break the rule, as short excerpts."""
    text, _entities = _masked(text)
    found = [m.start() for m in _PLAIN_SPACE.finditer(text)]
    found += [m.start() for m in _MISSING.finditer(text)]
    return [text[max(0, i - 20) : i + 3] for i in sorted(found)]
