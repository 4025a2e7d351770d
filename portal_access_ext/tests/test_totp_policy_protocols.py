import json
import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import make_portal_user
from .security_cases import SecurityCaseMixin
from .test_totp_recovery import SecurityHttpMixin

ENROL_MESSAGE = "Two-factor authentication is required for your account"


class ProtocolMixin:
    """One call per way into the database, each answering (ok, text): the
    names of the first contact read, or the error's message."""

    def _api_key(self, user):
        return (
            self.env["res.users.apikeys"]
            .with_user(user)
            ._generate(None, "pae test", fields.Datetime.now() + timedelta(hours=12))
        )

    def _xmlrpc(self, user, secret):
        try:
            result = self.xmlrpc_object.execute_kw(
                get_db_name(), user.id, secret, "res.partner", "search_read",
                [[["id", "=", user.partner_id.id]]], {"fields": ["name"]},
            )  # fmt: skip
        except xmlrpc.client.Fault as fault:
            return False, fault.faultString
        return True, str(result)

    def _post_jsonrpc(self, route, params):
        """(ok, result or the error's name and message) of a JSON-RPC call."""
        response = self.opener.post(
            self.base_url() + route,
            json={"id": 0, "jsonrpc": "2.0", "method": "call", "params": params},
        )
        answer = response.json()
        if "error" in answer:
            data = answer["error"].get("data", {})
            return False, f"{data.get('name')}: {data.get('message')}"
        return True, answer.get("result")

    def _jsonrpc(self, user, secret):
        args = [get_db_name(), user.id, secret, "res.partner", "search_read"]
        args += [[[["id", "=", user.partner_id.id]]], {"fields": ["name"]}]
        ok, result = self._post_jsonrpc(
            "/jsonrpc", {"service": "object", "method": "execute_kw", "args": args}
        )
        return ok, str(result)

    def _json2(self, key):
        response = self.url_open(
            "/json/2/res.partner/search_read",
            data=json.dumps({"domain": [], "fields": ["name"], "limit": 1}),
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        )  # fmt: skip
        return response.status_code == 200, response.text

    def _session_authenticate(self, user, password):
        self.authenticate(None, None)
        ok, result = self._post_jsonrpc(
            "/web/session/authenticate",
            {"db": get_db_name(), "login": user.login, "password": password},
        )
        return ok and bool(result.get("uid")), str(result)

    def _all_protocols(self, user, password, key):
        """{protocol: (ok, text)} of every non-web way in."""
        with mute_logger("odoo.http", "odoo.addons.base.models.res_users"):
            return {
                "xmlrpc password": self._xmlrpc(user, password),
                "xmlrpc api key": self._xmlrpc(user, key),
                "jsonrpc password": self._jsonrpc(user, password),
                "jsonrpc api key": self._jsonrpc(user, key),
                "json2 api key": self._json2(key),
                "web/session/authenticate": self._session_authenticate(user, password),
            }


@tagged("post_install", "-at_install", "security_authentication")
class TestTotpPolicyProtocols(
    ProtocolMixin, SecurityCaseMixin, SecurityHttpMixin, HttpCase
):
    security_family = "Authentication"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.password = "Pae-Protocol-Pass-42"
        cls.portal_user = make_portal_user(
            cls.env, "pae_protocol_portal", password=cls.password
        )

    def _set_policy(self, required, grace_days):
        self.env["res.config.settings"].create(
            {"portal_totp_required": required, "portal_totp_grace_days": grace_days}
        ).execute()

    def _add_passkey(self, user):
        self.env["auth.passkey.key"].with_user(user).sudo().create(
            {"name": "laptop", "credential_identifier": "pae-cred", "public_key": "x"}
        )
        user.invalidate_recordset(["auth_passkey_key_ids"])

    def test_must_enrol_refused_on_every_protocol(self):
        """Test that a portal user who must enrol is refused on every RPC protocol, with the reason."""
        key = self._api_key(self.portal_user)
        for name, (ok, text) in self._all_protocols(
            self.portal_user, self.password, key
        ).items():
            self.assertTrue(ok, f"{name} should answer before the policy: {text}")

        self._set_policy(True, 0)
        self.assertTrue(self.portal_user._pae_must_enrol_totp())
        for name, (ok, text) in self._all_protocols(
            self.portal_user, self.password, key
        ).items():
            with self.subTest(protocol=name):
                self.assertBlocked(not ok, f"{name} answered a must-enrol user: {text}")
                self.assertIn(ENROL_MESSAGE, text)
        # the web login still leads to enrolment
        landing = self._login_password(self.portal_user.login, self.password)
        self.assertIn("/my/security", landing.url)

    def test_passkey_counts_as_second_factor(self):
        """Test that a passkey satisfies the policy: no enrolment, API keys answer."""
        key = self._api_key(self.portal_user)
        self._set_policy(True, 0)
        self._add_passkey(self.portal_user)
        self.assertFalse(self.portal_user._pae_must_enrol_totp())
        ok, text = self._json2(key)
        self.assertTrue(ok, text)
        self.authenticate(self.portal_user.login, self.password)
        self.assertNotIn("/my/security", self.url_open("/my").url)
        # nor told of a deadline during a grace period
        self._set_policy(True, 7)
        page = self.url_open("/my/security")
        self.assertNotIn("will soon be required for your account", page.text)

    def test_must_enrol_user_can_create_passkey(self):
        """Test that a user who must enrol can reach what creating a passkey calls."""
        self._set_policy(True, 0)
        landing = self._login_password(self.portal_user.login, self.password)
        self.assertIn("/my/security", landing.url)
        options = self.make_jsonrpc_request("/auth/passkey/start-auth")
        self.assertIn("challenge", options)
        wizard_id = self.make_jsonrpc_request(
            "/web/dataset/call_kw/auth.passkey.key.create/create",
            {
                "model": "auth.passkey.key.create",
                "method": "create",
                "args": [{"name": "my phone"}],
                "kwargs": {},
            },
        )
        self.assertTrue(wizard_id)
        # anything else stays refused, with an Odoo error (not a werkzeug one)
        with mute_logger("odoo.http"):
            ok, text = self._post_jsonrpc(
                "/web/dataset/call_kw/res.partner/search_read",
                {"model": "res.partner", "method": "search_read", "args": [[]], "kwargs": {}},
            )  # fmt: skip
        self.assertFalse(ok)
        self.assertIn("odoo.exceptions.AccessError", text)
        self.assertIn(ENROL_MESSAGE, text)
        with mute_logger("odoo.http"):
            ok, text = self._post_jsonrpc(
                "/web/dataset/call_button",
                {"model": "res.partner", "method": "read", "args": [[self.portal_user.partner_id.id]], "kwargs": {}},
            )  # fmt: skip
        self.assertFalse(ok)
        self.assertIn(ENROL_MESSAGE, text)


@tagged("post_install", "-at_install")
class TestTotpGracePeriod(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = make_portal_user(cls.env, "pae_grace_portal")
        cls.ICP = cls.env["ir.config_parameter"].sudo()

    def _set_policy(self, required, grace_days=7):
        self.env["res.config.settings"].create(
            {"portal_totp_required": required, "portal_totp_grace_days": grace_days}
        ).execute()

    def _backdate(self, user, days):
        self.env.cr.execute(
            "UPDATE res_users SET create_date = now() at time zone 'UTC' - %s * interval '1 day',"
            " portal_access_granted_date = now() at time zone 'UTC' - %s * interval '1 day'"
            " WHERE id = %s",
            (days, days, user.id),
        )  # fmt: skip
        user.invalidate_recordset(["create_date", "portal_access_granted_date"])

    def test_existing_users_get_the_grace_period(self):
        """Test that users older than the policy get the full grace period from its switch-on."""
        self._backdate(self.portal_user, 60)
        self._set_policy(True, 7)
        self.assertFalse(self.portal_user._pae_must_enrol_totp())
        since = fields.Datetime.to_datetime(
            self.ICP.get_param("portal_access_ext.portal_totp_required_since")
        )
        self.assertEqual(
            self.portal_user._pae_totp_enrolment_deadline(), since + timedelta(days=7)
        )
        # saving the settings again does not restart it; switching off clears it
        self._set_policy(True, 7)
        self.assertEqual(
            self.ICP.get_param("portal_access_ext.portal_totp_required_since"),
            fields.Datetime.to_string(since),
        )
        self._set_policy(False)
        self.assertFalse(
            self.ICP.get_param("portal_access_ext.portal_totp_required_since")
        )

    def test_regranted_user_gets_the_grace_period(self):
        """Test that a revoked then re-granted user gets the grace period from the new grant."""
        self._set_policy(True, 7)
        self.ICP.set_param(
            "portal_access_ext.portal_totp_required_since",
            fields.Datetime.to_string(fields.Datetime.now() - timedelta(days=60)),
        )
        self._backdate(self.portal_user, 60)
        self.assertTrue(self.portal_user._pae_must_enrol_totp())
        self.portal_user._portal_revoke_access()
        self.portal_user.write({"active": True})
        self.assertAlmostEqual(
            self.portal_user.portal_access_granted_date,
            fields.Datetime.now(),
            delta=timedelta(minutes=1),
        )
        self.assertFalse(self.portal_user._pae_must_enrol_totp())

    def test_wizard_grant_starts_the_grace_period(self):
        """Test that a grant from the portal wizard records when access was granted."""
        contact = self.env["res.partner"].create(
            {"name": "Grace Contact", "email": "grace.contact@example.com"}
        )
        wizard = (
            self.env["portal.wizard"].with_context(active_ids=contact.ids).create({})
        )
        wizard.user_ids.action_grant_access()
        user = contact.with_context(active_test=False).user_ids
        self.assertAlmostEqual(
            user.portal_access_granted_date,
            fields.Datetime.now(),
            delta=timedelta(minutes=1),
        )

    def test_zero_grace_days_stored_and_shown(self):
        """Test that a grace period of 0 days is saved, shown as 0 and applied."""
        self._set_policy(True, 0)
        self.assertEqual(
            self.ICP.get_param("portal_access_ext.portal_totp_grace_days"), "0"
        )
        self.assertEqual(
            self.env["res.config.settings"].create({}).portal_totp_grace_days, 0
        )
        self.assertTrue(self.portal_user._pae_must_enrol_totp())
        self._set_policy(True, 5)
        self.assertEqual(
            self.env["res.config.settings"].create({}).portal_totp_grace_days, 5
        )
        self.assertFalse(self.portal_user._pae_must_enrol_totp())
