"""HTTP helpers shared by the benchmarks that talk to an Odoo server: a
signed-in session and the dashboard's counters call."""

import re

import requests


def web_session(base, db, login, password, timeout=120):
    """A requests session signed in through /web/login, as a browser does."""
    s = requests.Session()
    page = s.get(f"{base}/web/login?db={db}", timeout=timeout)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = s.post(
        f"{base}/web/login",
        data={"login": login, "password": password, "csrf_token": csrf, "db": db},
        timeout=timeout,
    )
    assert "/web/login" not in answer.url, f"login failed for {login} on {db}"
    return s


def counters_call(s, base, counters, timeout=120):
    """/my/counters for ``counters``, as the dashboard's script asks."""
    return s.post(
        f"{base}/my/counters",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"counters": counters},
        },
        timeout=timeout,
    )
