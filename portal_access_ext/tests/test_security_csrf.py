import re

from odoo.http import _generate_routing_rules
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import make_portal_user
from .security_cases import SecurityCaseMixin

MODULE_PREFIX = "odoo.addons.portal_access_ext."
CONVERTER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _addon_routes(env):
    """(url rule, routing) of every route whose endpoint this addon defines or overrides."""
    found = []
    modules = (
        env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
    )
    for url, endpoint in _generate_routing_rules(modules, nodb_only=False):
        func = getattr(endpoint, "func", None)
        owner = getattr(func, "__self__", None)
        if owner is None:
            continue
        name = func.__name__
        if any(
            cls.__module__.startswith(MODULE_PREFIX) and name in cls.__dict__
            for cls in type(owner).mro()
        ):
            found.append((url, endpoint.routing))
    return found


def _sample_url(rule):
    """A concrete URL for a rule: record ids become 1, other arguments a word."""

    def value(match):
        return "1" if match.group(1) in ("int", "model", "models") else "x"

    return CONVERTER.sub(value, rule)


@tagged("post_install", "-at_install", "security_csrf")
class TestCsrfOnAddonRoutes(SecurityCaseMixin, HttpCase):
    security_family = "CSRF"

    def test_no_addon_route_disables_csrf(self):
        """Test that no http route the addon adds or overrides turns CSRF protection off."""
        routes = _addon_routes(self.env)
        self.assertIn("/web/reset_password", [rule for rule, _routing in routes])
        for rule, routing in routes:
            if routing.get("type", "http") == "http":
                self.assertBlocked(
                    routing.get("csrf", True), f"{rule} is declared csrf=False"
                )

    @mute_logger("odoo.http")
    def test_post_without_token_is_refused(self):
        """Test that every POST-able http route of the addon refuses a request without a CSRF token."""
        make_portal_user(
            self.env, "csrf.customer@example.com", password="Csrf-Customer-Pass-1!"
        )
        routes = [
            (rule, routing)
            for rule, routing in _addon_routes(self.env)
            if routing.get("type", "http") == "http"
            and (not routing.get("methods") or "POST" in routing["methods"])
        ]
        self.assertTrue(routes)
        for as_user in (None, "csrf.customer@example.com"):
            self.authenticate(as_user, "Csrf-Customer-Pass-1!" if as_user else None)
            for rule, routing in routes:
                url = _sample_url(rule)
                with self.subTest(url=url, user=as_user):
                    res = self.url_open(
                        url,
                        data={"login": "x@example.com", "name": "x"},
                        allow_redirects=False,
                    )
                    refused = res.status_code == 400 and "CSRF" in res.text
                    if as_user is None and routing.get("auth") == "user":
                        # an anonymous caller is sent to the login page before
                        # any CSRF check: refused all the same
                        refused = refused or (
                            res.status_code in (302, 303)
                            and "/web/login" in res.headers.get("Location", "")
                        )
                    self.assertBlocked(
                        refused,
                        f"POST {url} as {as_user or 'public'} without token answered {res.status_code}",
                    )
