"""Whole dates: a date typed by a person (web form, wizard, RPC argument) is
accepted only when the whole value is a date.

Stock's ``fields.Date.to_date`` reads the first ten characters of a string
(``value[:DATE_LENGTH]``): ``2099-01-01junk`` or ``2099-01-01`` followed by a
NUL byte would be saved as 2099-01-01, and a number or a list fails with a
TypeError (a server error over RPC). ``to_whole_date`` takes date and
datetime objects (what the ORM and XML-RPC's dateTime give), an empty value,
and a string only when it is exactly an ISO date ``YYYY-MM-DD``: what stock's
web client sends for a Date field (``serializeDate``), what a browser's
``<input type="date">`` posts. A datetime string is refused: no stock client
sends one for a Date field. ``WholeDate`` is a ``fields.Date`` whose values
go through it (create, write, onchange, every protocol)."""

import re
from datetime import date, datetime

from odoo import fields
from odoo.exceptions import ValidationError

# ASCII digits only (\d would take other scripts' digits), and \Z: "$" also
# matches before a final newline
_ISO_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def to_whole_date(value):
    """``value`` as a date, False when empty; ValueError unless the whole
    value is a date (a date or datetime object, or exactly ``YYYY-MM-DD``)."""
    if value is None or value is False or value == "":
        return False
    if isinstance(value, date):
        # a datetime is a date: its day, as stock's Date field keeps it
        return value.date() if isinstance(value, datetime) else value
    if isinstance(value, str) and _ISO_DATE_RE.match(value):
        # month and day checked (2099-13-01, 2099-02-30 refused)
        return date.fromisoformat(value)
    raise ValueError(f"not a whole date: {value!r}")


class WholeDate(fields.Date):
    """A Date field that refuses anything but a whole date, with the field's
    name in a ValidationError (stock truncates strings to ten characters)."""

    def convert_to_cache(self, value, record, validate=True):
        try:
            return to_whole_date(value) or None
        except ValueError:
            raise ValidationError(
                record.env._(
                    "%(field)s: Invalid date.",
                    field=self._description_string(record.env),
                )
            ) from None
