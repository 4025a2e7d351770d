"""Property-based tests: random and hostile values never cause a server error,
never get stored as live script, never leave a partial write."""

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import UserError, ValidationError
from odoo.http import Request
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from . import entry_points
from .common import make_admin, make_company_with_contacts, make_portal_user
from .security_cases import SecurityCaseMixin

SCRIPT = "<script>alert(1)</script>"
HOSTILE = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            SCRIPT,
            '"><img src=x onerror=alert(1)>',
            "'; DROP TABLE res_users; --",
            "' OR '1'='1",
            "a" * 5000,
            "\x00",
            "nul\x00inside",
            "\u202etxt.exe",
            "{{7*7}}${7*7}%s%(x)s",
            "../../etc/passwd",
            " ",
            "",
            "-1",
            "1e309",
            "NaN",
            "😀" * 60,
            "x@example.com\r\nBcc: victim@example.com",
        ]
    ),
)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@tagged("post_install", "-at_install", "security_fuzz")
class TestFuzzAdminInputs(SecurityCaseMixin, TransactionCase):
    security_family = "Bad input"
    security_entry_point = "orm"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = make_admin(cls.env, "portal_fuzz_admin")
        cls.portal = make_portal_user(cls.env, "fuzz.login@example.com")

    @mute_logger(
        "odoo.models",
        "odoo.addons.mail.models.mail_mail",
        "odoo.addons.portal.wizard.portal_wizard",
    )
    @FUZZ
    @given(email=HOSTILE, message=HOSTILE)
    def test_wizard_grant(self, email, message):
        """Test that any email and message in the wizard either grant cleanly or change nothing."""
        _company, contact = make_company_with_contacts(self.env, "Fuzz Co", 1)
        email_before = contact.email
        wizard = (
            self.env["portal.wizard"]
            .with_user(self.admin)
            .with_context(active_ids=contact.ids)
            .create({"welcome_message": message})
        )
        line = wizard.user_ids.filtered(lambda line: line.partner_id == contact)
        try:
            line.email = email
            line.action_grant_access()
        except (UserError, ValidationError):
            self.env.invalidate_all()
            self.assertBlocked(
                not contact.with_context(active_test=False).user_ids
                and contact.email == email_before,
                f"a refused grant for {email!r} left a partial write",
            )
            return
        user = contact.user_ids
        self.assertBlocked(
            len(user) == 1
            and "@" in user.login
            and user.login == user.login.strip()
            and "\n" not in user.login,
            f"grant accepted {email!r} as login {user.login!r}",
        )

    @mute_logger("odoo.models", "odoo.sql_db")
    @FUZZ
    @given(login=HOSTILE)
    def test_login_change(self, login):
        """Test that an admin's login change either applies cleanly or changes nothing, and never the email."""
        user = self.portal.with_user(self.admin)
        before = (self.portal.login, self.portal.partner_id.email)
        try:
            with self.env.cr.savepoint():
                user.write({"login": login})
        except (UserError, ValidationError):
            self.env.invalidate_all()
            self.assertBlocked(
                (self.portal.login, self.portal.partner_id.email) == before,
                f"partial write for {login!r}",
            )
            return
        self.env.invalidate_all()
        self.assertBlocked(
            self.portal.partner_id.email == before[1]
            and self.portal.login
            and "\x00" not in self.portal.login,
            f"login {login!r} stored as {self.portal.login!r}, email now {self.portal.partner_id.email!r}",
        )


@tagged("post_install", "-at_install", "security_fuzz")
class TestFuzzCustomerForms(SecurityCaseMixin, HttpCase):
    security_family = "Bad input"
    PASSWORD = "Fuzz-Customer-Pass-1!"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = make_portal_user(
            cls.env, "fuzz.customer@example.com", password=cls.PASSWORD
        )

    def setUp(self):
        super().setUp()
        self.authenticate(self.customer.login, self.PASSWORD)
        page = self.url_open("/my/account")
        self.csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _no_server_error(self, res, what):
        self.assertBlocked(
            res.status_code < 500 and "Traceback" not in res.text,
            f"{what}: HTTP {res.status_code}\n{res.text[:500]}",
        )

    @mute_logger("odoo.http", "odoo.sql_db", "odoo.models")
    @FUZZ
    @given(
        name=HOSTILE,
        email=HOSTILE,
        phone=HOSTILE,
        street=HOSTILE,
        city=HOSTILE,
        zipcode=HOSTILE,
        country=st.one_of(HOSTILE, st.integers(-(2**40), 2**40).map(str)),
    )
    def test_details_form(self, name, email, phone, street, city, zipcode, country):
        """Test that the details form never errors, never stores live script, never half-saves."""
        partner = self.customer.partner_id
        fields_ = ["name", "email", "phone", "street", "city", "zip", "country_id"]
        before = partner.read(fields_)[0]
        data = {
            "csrf_token": self.csrf,
            "name": name,
            "email": email,
            "phone": phone,
            "street": street,
            "city": city,
            "zip": zipcode,
            "country_id": country,
            "address_type": "billing",
            "use_delivery_as_billing": "true",
        }
        res = self.url_open("/my/address/submit", data=data)
        self._no_server_error(res, f"details {data}")
        self.env.invalidate_all()
        after = partner.read(fields_)[0]
        try:
            feedback = json.loads(res.text)
        except ValueError:
            feedback = {}
        if (
            feedback.get("invalid_fields")
            or feedback.get("messages")
            or "error" in feedback
        ):
            self.assertBlocked(
                after == before, f"a refused details form changed {before} into {after}"
            )
        page = self.url_open("/my/account")
        self.assertBlocked(
            SCRIPT not in page.text,
            "the details page renders submitted script unescaped",
        )

    @mute_logger("odoo.http")
    @FUZZ
    @given(
        old=HOSTILE,
        new1=HOSTILE,
        new2=HOSTILE,
        drop=st.sets(st.sampled_from(["old", "new1", "new2"])),
    )
    def test_password_form(self, old, new1, new2, drop):
        """Test that hostile or missing password-form fields never error and never change the password."""
        self.env.cr.execute(
            "SELECT password FROM res_users WHERE id = %s", [self.customer.id]
        )
        hash_before = self.env.cr.fetchone()[0]
        data = {"csrf_token": self.csrf, "old": old, "new1": new1, "new2": new2}
        for key in drop:
            data.pop(key)
        res = self.url_open("/my/security", data=data)
        self._no_server_error(res, f"password form {sorted(data)}")
        self.env.cr.execute(
            "SELECT password FROM res_users WHERE id = %s", [self.customer.id]
        )
        self.assertBlocked(
            self.env.cr.fetchone()[0] == hash_before,
            "a wrong current password changed the password",
        )


@tagged("post_install", "-at_install", "security_fuzz")
class TestBadInputAnswered(SecurityCaseMixin, HttpCase):
    """The bad values the issue found answer a clear error, change nothing and
    never reach a server error, on the routes and over every RPC protocol."""

    security_family = "Bad input"
    PASSWORD = "Bad-Input-Pass-1!"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = make_portal_user(
            cls.env, "bad.input@example.com", password=cls.PASSWORD
        )
        cls.partner = cls.customer.partner_id
        cls.partner.write(
            {
                "street": "1 Quay Street",
                "city": "Brussels",
                "zip": "1000",
                "country_id": cls.env.ref("base.be").id,
            }
        )

    def setUp(self):
        super().setUp()
        self.authenticate(self.customer.login, self.PASSWORD)

    def _snapshot(self):
        self.env.invalidate_all()
        return self.partner.read(["name", "email", "street", "country_id", "state_id"])[
            0
        ]

    def _json_error_is_clean(self, answer):
        """A JSON-RPC answer: a result, or an error Odoo raised on purpose."""
        name = ((answer.get("error") or {}).get("data") or {}).get("name", "")
        return "error" not in answer or name.startswith(
            ("odoo.exceptions.", "werkzeug.exceptions.")
        )

    @mute_logger("odoo.http", "odoo.sql_db", "odoo.models")
    def test_address_form_bad_values(self):
        """Test that the address form answers bad ids, NUL bytes and huge values without a server error or a change."""
        base = {
            "csrf_token": Request.csrf_token(self),
            "partner_id": str(self.partner.id),
            "name": self.partner.name,
            "email": self.partner.email,
            "street": "1 Quay Street",
            "city": "Brussels",
            "zip": "1000",
            "country_id": str(self.env.ref("base.be").id),
            "address_type": "billing",
            "use_delivery_as_billing": "true",
        }
        cases = {
            "superscript country": {"country_id": "²"},
            "circled state": {"state_id": "①"},
            "country out of range": {"country_id": "9" * 30},
            "NUL in name": {"name": "Jane\x00Doe"},
            "NUL in street": {"street": "1 Quay\x00Street"},
            "partner id not a number": {"partner_id": "abc"},
            "partner id out of range": {"partner_id": "9" * 30},
            "200,000-character name": {"name": "a" * 200_000},
            "email too long": {"email": "a" * 250 + "@example.com"},
        }
        for what, change in cases.items():
            with self.subTest(case=what):
                before = self._snapshot()
                res = self.url_open("/my/address/submit", data={**base, **change})
                self.assertBlocked(
                    res.status_code < 500
                    and "Traceback" not in res.text
                    and self._snapshot() == before,
                    f"{what}: HTTP {res.status_code} {res.text[:300]}",
                )

    @mute_logger("odoo.http")
    def test_json_routes_bad_values(self):
        """Test that /my/counters, /payment/archive_token and call_kw answer wrong types with a deliberate error."""
        calls = [
            ("/my/counters", {"counters": [None, {"a": 1}]}),
            ("/my/counters", {"counters": {"a": 1}}),
            ("/payment/archive_token", {"token_id": "abc"}),
            ("/payment/archive_token", {"token_id": 2**40}),
            (
                "/web/dataset/call_kw",
                {"model": ["x"], "method": "read", "args": [], "kwargs": {}},
            ),
            (
                "/web/dataset/call_kw",
                {"model": "no.such.model", "method": "read", "args": [], "kwargs": {}},
            ),
        ]
        for route, params in calls:
            with self.subTest(route=route, params=params):
                res = self.url_open(
                    route,
                    data=json.dumps(
                        {"jsonrpc": "2.0", "method": "call", "params": params}
                    ),
                    headers={"Content-Type": "application/json"},
                )
                self.assertBlocked(
                    res.status_code < 500 and self._json_error_is_clean(res.json()),
                    f"{route} {params}: {res.status_code} {res.text[:300]}",
                )

    @mute_logger("odoo.http", "odoo.models")
    def test_own_contact_rpc_writes_checked(self):
        """Test that writing one's own email or name over every RPC protocol gets the details form's checks."""
        user = entry_points.rpc_user(
            self.env, self.customer, self.PASSWORD, api_key=True
        )
        for values in (
            {"email": "not-an-email"},
            {"name": "Jane\x00Doe"},
            {"name": "a" * 200_000},
        ):
            for entry_point in ("call_kw", "jsonrpc", "xmlrpc", "json2"):
                if entry_point == "xmlrpc" and "\x00" in values.get("name", ""):
                    continue  # XML cannot carry a NUL: stock's parser refuses it
                with self.subTest(values=str(values)[:40], via=entry_point):
                    before = self._snapshot()
                    outcome = entry_points.call(
                        self,
                        entry_point,
                        user,
                        "res.users",
                        "write",
                        [[self.customer.id]],
                        {"vals": values},
                    )
                    self.assertBlocked(
                        outcome.kind == "validation" and self._snapshot() == before,
                        f"{entry_point} res.users.write {str(values)[:60]}: {outcome}",
                        entry_point=entry_point,
                    )
        # a valid change still goes through
        outcome = entry_points.call(
            self,
            "jsonrpc",
            user,
            "res.users",
            "write",
            [[self.customer.id]],
            {"vals": {"email": "jane.new@example.com"}},
        )
        self.assertEqual(outcome.kind, "ok", outcome)
        self.assertEqual(self.partner.email, "jane.new@example.com")
        # and leaves the details form's note on the contact
        notes = self.partner.message_ids.filtered(
            lambda message: "jane.new@example.com" in str(message.body)
        )
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes.author_id, self.partner)
