"""Tally of the security suite's cases, printed as a table by `make test`.

Each case is one real request or ORM call that must be refused (or leave the
data intact); tests record every case they try through `SecurityCaseMixin`, so
the table counts cases, not test methods.
"""

import json
from collections import Counter

FAMILIES = ("Isolation", "Writes", "CSRF", "Authentication", "Concurrency", "Bad input")

TRIED = Counter()
BLOCKED = Counter()


class SecurityCaseMixin:
    """assert-and-count helpers for the security suite's test cases."""

    security_family = None

    def assertBlocked(self, blocked, msg, family=None):
        """Record one case of this family and fail unless it was blocked/intact."""
        family = family or self.security_family
        assert family in FAMILIES, f"unknown security family {family!r}"
        TRIED[family] += 1
        if blocked:
            BLOCKED[family] += 1
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
    """The table's lines, or nothing when no security case ran."""
    if not TRIED:
        return []
    lines = [
        "| family | cases tried | blocked or intact | failures |",
        "| --- | ---: | ---: | ---: |",
    ]
    for family in FAMILIES:
        lines.append(
            f"| {family} | {TRIED[family]} | {BLOCKED[family]} | {TRIED[family] - BLOCKED[family]} |"
        )
    total_tried, total_blocked = sum(TRIED.values()), sum(BLOCKED.values())
    lines.append(
        f"| **all** | {total_tried} | {total_blocked} | {total_tried - total_blocked} |"
    )
    return lines
