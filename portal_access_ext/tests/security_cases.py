"""Tally of the security suite's cases, printed as a table by `make test`.

Each case is one real request or ORM call that must be refused (or leave the
data intact); tests record every case they try through `SecurityCaseMixin`, so
the table counts cases, not test methods. A case names the entry point it went
through (tests/entry_points.py's protocols, "web" for pages, forms and JSON
routes, "orm" for direct model calls and database races): the table is the
promises (families) by the entry points.
"""

import json
from collections import Counter

FAMILIES = (
    "Isolation",
    "Writes",
    "CSRF",
    "Authentication",
    "Concurrency",
    "Bad input",
    "Delegation",
    # issue 22: a delegated administrator grants no more than it sees; only a
    # Portal Access Manager makes, revives or turns a user into a portal
    # user; every date typed is a whole date; a hidden document answers like
    # a missing one
    "Delegation bound",
    "Manager group",
    "Dates",
    "Hidden like missing",
)
ENTRY_POINTS = ("web", "call_kw", "call_button", "jsonrpc", "xmlrpc", "json2", "orm")

TRIED = Counter()
BLOCKED = Counter()
# (family, entry point) -> cases
TRIED_BY_ENTRY = Counter()
BLOCKED_BY_ENTRY = Counter()


class SecurityCaseMixin:
    """assert-and-count helpers for the security suite's test cases."""

    security_family = None
    # the entry point of a case that does not name one
    security_entry_point = "web"

    def assertBlocked(self, blocked, msg, family=None, entry_point=None):
        """Record one case of this family and entry point, and fail unless it
        was blocked/intact."""
        family = family or self.security_family
        entry_point = (
            entry_point
            # a race of two database transactions goes through no protocol
            or ("orm" if family == "Concurrency" else self.security_entry_point)
        )
        assert family in FAMILIES, f"unknown security family {family!r}"
        assert entry_point in ENTRY_POINTS, f"unknown entry point {entry_point!r}"
        TRIED[family] += 1
        TRIED_BY_ENTRY[family, entry_point] += 1
        if blocked:
            BLOCKED[family] += 1
            BLOCKED_BY_ENTRY[family, entry_point] += 1
        self.assertTrue(blocked, msg)

    def _rpc(self, model, method, args, kwargs=None):
        """JSON-RPC ``call_kw`` as the session's user (HttpCase), the answer as a dict."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        }
        res = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        return res.json()


def summary_lines():
    """The table's lines (promises by entry points, each cell "blocked or intact
    / tried"), or nothing when no security case ran."""
    if not TRIED:
        return []
    lines = [
        "| family | " + " | ".join(ENTRY_POINTS) + " | all | failures |",
        "| --- | " + " | ".join("---:" for _ in ENTRY_POINTS) + " | ---: | ---: |",
    ]

    def cell(blocked, tried):
        return f"{blocked}/{tried}" if tried else "-"

    for family in FAMILIES:
        cells = [
            cell(BLOCKED_BY_ENTRY[family, entry], TRIED_BY_ENTRY[family, entry])
            for entry in ENTRY_POINTS
        ]
        lines.append(
            f"| {family} | {' | '.join(cells)} | "
            f"{cell(BLOCKED[family], TRIED[family])} | {TRIED[family] - BLOCKED[family]} |"
        )
    totals = [
        cell(
            sum(BLOCKED_BY_ENTRY[f, entry] for f in FAMILIES),
            sum(TRIED_BY_ENTRY[f, entry] for f in FAMILIES),
        )
        for entry in ENTRY_POINTS
    ]
    total_tried, total_blocked = sum(TRIED.values()), sum(BLOCKED.values())
    lines.append(
        f"| **all** | {' | '.join(totals)} | {cell(total_blocked, total_tried)} | "
        f"{total_tried - total_blocked} |"
    )
    return lines
