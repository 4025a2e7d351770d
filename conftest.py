"""Repository-wide pytest hooks.

Odoo's browser helpers raise SkipTest when Chromium or websocket-client is
missing or cannot start; for this project a tour that did not run is a failure,
not a skip, so a machine without a browser cannot pass `make test`.
"""

import pytest

_BROWSER_SKIPS = ("chrome", "chromium", "websocket", "devtools")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and call.excinfo is not None:
        reason = str(call.excinfo.value).lower()
        if any(word in reason for word in _BROWSER_SKIPS):
            report.outcome = "failed"
            report.longrepr = f"browser test could not run: {call.excinfo.value}"


def pytest_terminal_summary(terminalreporter):
    """Print the security suite's table (cases per family) when it ran."""
    import sys

    cases = sys.modules.get("odoo.addons.portal_access_ext.tests.security_cases")
    lines = cases.summary_lines() if cases else []
    if lines:
        terminalreporter.section("security suite")
        for line in lines:
            terminalreporter.write_line(line)
