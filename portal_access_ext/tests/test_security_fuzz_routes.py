"""Bad input on every route of the routing map a portal user can post to:
hostile values in every parameter of the route, never a server error."""

import inspect
import json
import re
import threading

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .readonly_common import ReadonlyPortalMixin
from .security_cases import SecurityCaseMixin

PASSWORD = "ro.portal.a@example.com-Pass-1234!"
HOSTILE_TEXT = st.sampled_from(
    ["", " ", "abc", "²", "①", "-1", "9" * 30, "1e309", "NaN", "a" * 300, "nul\x00in"]
)
HOSTILE_JSON = st.one_of(
    HOSTILE_TEXT,
    st.sampled_from([None, True, -1, 2**40, 1.5, [], [None, {"a": 1}], {"a": [1]}]),
)
ROUTES_FUZZ = settings(
    max_examples=2,
    # no shrinking: a failure lists every route it failed on at once
    phases=(Phase.explicit, Phase.generate),
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# routes that change the session itself (the test's own login) or hold a
# connection open: not bad-input cases
SKIPPED = (
    "/websocket",
    "/web/session/*",
    "/my/deactivate_account",
    # calls an external service (refused by the test server)
    "/discuss/gif/*",
    # stock answers a deliberate "500 error: Profiling is not enabled" text
    "/web/set_profiling",
    # the static bundles: no customer input, served before any user check
    "/web/assets/*",
)
CONVERTER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


@tagged("post_install", "-at_install", "security_fuzz")
class TestFuzzRoutes(SecurityCaseMixin, ReadonlyPortalMixin, HttpCase):
    security_family = "Bad input"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_readonly_portal()

    def _post_routes(self):
        """(url, type, parameter names) of every route a portal user posts to."""
        thread = threading.current_thread()
        if not hasattr(thread, "dbname"):
            thread.dbname = self.env.cr.dbname
            self.addCleanup(delattr, thread, "dbname")
        IrHttp = self.env["ir.http"]
        some_id = str(self.docs_a.get("order", self.contact_a).id)
        routes = []
        for rule in IrHttp.routing_map().iter_rules():
            routing = rule.endpoint.routing
            methods = routing.get("methods")
            if (
                routing.get("auth") not in ("user", "public")
                or routing.get("type") not in ("http", "jsonrpc")
                or (methods and "POST" not in {m.upper() for m in methods})
                or any(
                    re.fullmatch(pattern.replace("*", ".*"), rule.rule)
                    for pattern in SKIPPED
                )
            ):
                continue
            url = CONVERTER.sub(
                lambda m: some_id if m.group(1) in ("int", "model", "models") else "x",
                rule.rule,
            )
            signature = inspect.signature(rule.endpoint.func)
            names = [
                name
                for name, param in signature.parameters.items()
                if name != "self"
                and param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY)
                and f"<{name}>" not in rule.rule
                and f":{name}>" not in rule.rule
            ]
            routes.append((url, routing["type"], names))
        self.assertGreater(len(routes), 50, "the routing map was not walked")
        return routes

    def _clean(self, res, route_type):
        if res.status_code >= 500 or ("Traceback" in res.text and route_type == "http"):
            return False
        if route_type == "jsonrpc":
            try:
                answer = res.json()
            except ValueError:
                return res.status_code < 500
            data = (answer.get("error") or {}).get("data") or {}
            return "error" not in answer or data.get("name", "").startswith(
                (
                    "odoo.exceptions.",
                    "werkzeug.exceptions.",
                    "odoo.http.SessionExpiredException",
                )
            )
        return True

    @mute_logger("odoo.http", "odoo.sql_db", "odoo.models", "odoo.addons")
    @ROUTES_FUZZ
    @given(data=st.data())
    def test_every_post_route_answers_bad_input(self, data):
        """Test that hostile values in every parameter of every route a portal user posts to never cause a server error."""
        self.authenticate(self.user_a.login, PASSWORD)
        failures = []
        for url, route_type, names in self._post_routes():
            if route_type == "jsonrpc":
                params = {n: data.draw(HOSTILE_JSON, label=f"{url}:{n}") for n in names}
                res = self.url_open(
                    url,
                    data=json.dumps(
                        {"jsonrpc": "2.0", "method": "call", "params": params},
                        default=str,
                    ),
                    headers={"Content-Type": "application/json"},
                    allow_redirects=False,
                )
            else:
                params = {n: data.draw(HOSTILE_TEXT, label=f"{url}:{n}") for n in names}
                res = self.url_open(
                    url,
                    data={"csrf_token": Request.csrf_token(self), **params},
                    allow_redirects=False,
                )
            clean = self._clean(res, route_type)
            if clean:
                self.assertBlocked(True, url)
            else:
                failures.append(
                    f"{url} {str(params)[:120]}: {res.status_code} {res.text[:200]}"
                )
        self.assertFalse(failures, "\n".join(failures))


@tagged("post_install", "-at_install")
class TestAvatarTokenBadInput(SecurityCaseMixin, ReadonlyPortalMixin, HttpCase):
    security_family = "Bad input"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_readonly_portal()
        # another customer's contact: a chatter, no access token field (portal's
        # _sign_token raises NotImplementedError for a hash on its messages)
        cls.partner_message = cls.company_b.message_post(
            body="Ro avatar", message_type="comment"
        )
        document = cls.docs_a.get("order") or cls.docs_a["invoice"]
        document._portal_ensure_token()
        cls.document_message = document.message_post(
            body="Ro avatar", message_type="comment"
        )

    def _avatar(self, message, **params):
        return self.url_open(
            f"/mail/avatar/mail.message/{message.id}/author_avatar/50x50",
            data={"csrf_token": Request.csrf_token(self), **params},
            allow_redirects=False,
        )

    @mute_logger("odoo.http")
    def test_hash_on_a_document_without_token_is_bad_request(self):
        """Test that a hash (NUL in it or not) on the avatar of a message of a document without access token answers 400, never a bare 500."""
        for login in (None, self.user_a.login):
            self.authenticate(login, PASSWORD if login else None)
            for params in (
                {"access_token": "nul\x00in", "_hash": "nul\x00in", "pid": "9" * 30},
                {"_hash": "nul\x00in", "pid": str(self.contact_a.id)},
                {"_hash": "abc", "pid": str(self.contact_a.id)},
            ):
                res = self._avatar(self.partner_message, **params)
                self.assertBlocked(
                    res.status_code == 400 and "Traceback" not in res.text,
                    f"{login} {params}: {res.status_code} {res.text[:200]}",
                )

    @mute_logger("odoo.http")
    def test_other_not_implemented_error_keeps_stock_answer(self):
        """Test that a NotImplementedError raised elsewhere than portal's _sign_token keeps stock's server error, not a 400."""
        for login in (None, self.user_a.login):
            self.authenticate(login, PASSWORD if login else None)
            res = self.url_open(
                "/portal_access_ext_test_hooks/not_implemented", allow_redirects=False
            )
            self.assertEqual(res.status_code, 500, f"{login}: {res.text[:200]}")

    @mute_logger("odoo.http")
    def test_user_error_from_a_bad_value_keeps_its_message(self):
        """Test that a UserError a route raises from a ValueError keeps its own message instead of the bad-input net's generic 400."""
        for login in (None, self.user_a.login):
            self.authenticate(login, PASSWORD if login else None)
            res = self.url_open(
                "/portal_access_ext_test_hooks/user_error_from_value_error",
                allow_redirects=False,
            )
            self.assertIn("This test route explains the problem.", res.text, login)
            self.assertNotIn(
                "The request contains a value that is not valid.", res.text
            )

    @mute_logger("odoo.http")
    def test_nul_token_on_a_document_gets_the_placeholder(self):
        """Test that a NUL in the access token or hash of a document's message answers stock's placeholder avatar, never the author's."""
        self.authenticate(None, None)
        placeholder = self._avatar(self.document_message).content
        for params in (
            {"access_token": "nul\x00in"},
            {"_hash": "nul\x00in", "pid": str(self.contact_a.id)},
        ):
            res = self._avatar(self.document_message, **params)
            self.assertBlocked(
                res.status_code == 200 and res.content == placeholder,
                f"{params}: {res.status_code} {res.text[:200]}",
            )
