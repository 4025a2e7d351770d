from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from . import entry_points
from .common import make_portal_user
from .security_cases import SecurityCaseMixin
from .test_totp_recovery import SecurityHttpMixin

ENROL_MESSAGE = "Two-factor authentication is required for your account"
# what every way in reads: the user's own contact
READ_OWN_CONTACT = ("res.partner", "search_read")


@tagged("post_install", "-at_install", "security_authentication")
class TestTotpPolicyProtocols(SecurityCaseMixin, SecurityHttpMixin, HttpCase):
    security_family = "Authentication"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.password = "Pae-Protocol-Pass-42"
        cls.portal_user = make_portal_user(
            cls.env, "portal_protocol_portal", password=cls.password
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

    def _every_way_in(self, user):
        return entry_points.every_way_in(
            self,
            user,
            *READ_OWN_CONTACT,
            kwargs={
                "domain": [("id", "=", self.portal_user.partner_id.id)],
                "fields": ["name"],
            },
        )

    def test_must_enrol_refused_on_every_protocol(self):
        """Test that a portal user who must enrol is refused on every RPC protocol, with the reason."""
        user = entry_points.open_web_session(
            self,
            entry_points.rpc_user(
                self.env, self.portal_user, self.password, api_key=True
            ),
        )
        for name, (_entry_point, outcome) in self._every_way_in(user).items():
            self.assertEqual(
                outcome.kind, "ok", f"{name} should answer before the policy: {outcome}"
            )

        self._set_policy(True, 0)
        self.assertTrue(self.portal_user._portal_must_enrol_totp())
        for name, (entry_point, outcome) in self._every_way_in(user).items():
            with self.subTest(protocol=name):
                self.assertBlocked(
                    outcome.kind != "ok",
                    f"{name} answered a must-enrol user: {outcome}",
                    entry_point=entry_point,
                )
                self.assertIn(ENROL_MESSAGE, outcome.message)
        # the web login still leads to enrolment
        landing = self._login_password(self.portal_user.login, self.password)
        self.assertIn("/my/security", landing.url)

    def test_passkey_counts_as_second_factor(self):
        """Test that a passkey satisfies the policy: no enrolment, API keys answer."""
        user = entry_points.rpc_user(
            self.env, self.portal_user, self.password, api_key=True
        )
        self._set_policy(True, 0)
        self._add_passkey(self.portal_user)
        self.assertFalse(self.portal_user._portal_must_enrol_totp())
        outcome = entry_points.call(
            self, "json2", user, *READ_OWN_CONTACT, kwargs={"fields": ["name"]}
        )
        self.assertEqual(outcome.kind, "ok", outcome)
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
        outcome = entry_points.jsonrpc_route(
            self,
            "/web/dataset/call_kw/res.partner/search_read",
            {"model": "res.partner", "method": "search_read", "args": [[]], "kwargs": {}},
        )  # fmt: skip
        self.assertEqual(outcome.name, "odoo.exceptions.AccessError", outcome)
        self.assertIn(ENROL_MESSAGE, outcome.message)
        outcome = entry_points.jsonrpc_route(
            self,
            "/web/dataset/call_button",
            {"model": "res.partner", "method": "read", "args": [[self.portal_user.partner_id.id]], "kwargs": {}},
        )  # fmt: skip
        self.assertNotEqual(outcome.kind, "ok", outcome)
        self.assertIn(ENROL_MESSAGE, outcome.message)


@tagged("post_install", "-at_install")
class TestTotpGracePeriod(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = make_portal_user(cls.env, "portal_grace_portal")
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
        self.assertFalse(self.portal_user._portal_must_enrol_totp())
        since = fields.Datetime.to_datetime(
            self.ICP.get_param("portal_access_ext.portal_totp_required_since")
        )
        self.assertEqual(
            self.portal_user._portal_totp_enrolment_deadline(),
            since + timedelta(days=7),
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
        self.assertTrue(self.portal_user._portal_must_enrol_totp())
        self.portal_user._portal_revoke_access()
        self.portal_user.write({"active": True})
        self.assertAlmostEqual(
            self.portal_user.portal_access_granted_date,
            fields.Datetime.now(),
            delta=timedelta(minutes=1),
        )
        self.assertFalse(self.portal_user._portal_must_enrol_totp())

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
        self.assertTrue(self.portal_user._portal_must_enrol_totp())
        self._set_policy(True, 5)
        self.assertEqual(
            self.env["res.config.settings"].create({}).portal_totp_grace_days, 5
        )
        self.assertFalse(self.portal_user._portal_must_enrol_totp())
