from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import make_portal_user
from .test_totp_recovery import SecurityHttpMixin


@tagged("post_install", "-at_install")
class TestPortalTotpPolicy(SecurityHttpMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.password = "Pae-Policy-Pass-42"
        cls.portal_user = make_portal_user(
            cls.env, "portal_policy_http", password=cls.password
        )
        cls.internal_user = new_test_user(
            cls.env, login="portal_policy_internal", password="Pae-Internal-Pass-42"
        )

    def _set_policy(self, required, grace_days=7):
        settings = self.env["res.config.settings"].create(
            {"portal_totp_required": required, "portal_totp_grace_days": grace_days}
        )
        settings.execute()

    def _age(self, user, days):
        """Move the user's creation and grant, and the policy's switch-on,
        `days` back in time."""
        self.env.cr.execute(
            "UPDATE res_users SET create_date = now() at time zone 'UTC' - %s * interval '1 day',"
            " portal_access_granted_date = now() at time zone 'UTC' - %s * interval '1 day'"
            " WHERE id = %s",
            (days, days, user.id),
        )
        user.invalidate_recordset(["create_date", "portal_access_granted_date"])
        ICP = self.env["ir.config_parameter"].sudo()
        if ICP.get_param("portal_access_ext.portal_totp_required_since"):
            ICP.set_param(
                "portal_access_ext.portal_totp_required_since",
                fields.Datetime.to_string(fields.Datetime.now() - timedelta(days=days)),
            )

    def test_settings_stored_as_parameters(self):
        """Test that the policy and its grace period are config parameters."""
        self._set_policy(True, 3)
        ICP = self.env["ir.config_parameter"].sudo()
        self.assertTrue(ICP.get_param("portal_access_ext.portal_totp_required"))
        self.assertEqual(ICP.get_param("portal_access_ext.portal_totp_grace_days"), "3")

    def test_policy_off(self):
        """Test that without the policy an old portal account without 2FA goes anywhere."""
        self._set_policy(False)
        self._age(self.portal_user, 30)
        self.assertFalse(self.portal_user._portal_must_enrol_totp())
        self.authenticate(self.portal_user.login, self.password)
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("/my/security", response.url)

    def test_within_grace_period(self):
        """Test that a newly invited user is only told of the deadline during the grace period."""
        self._set_policy(True, 7)
        self._age(self.portal_user, 2)
        self.assertFalse(self.portal_user._portal_must_enrol_totp())
        self.authenticate(self.portal_user.login, self.password)
        self.assertNotIn("/my/security", self.url_open("/my").url)
        page = self.url_open("/my/security")
        self.assertIn("will soon be required for your account", page.text)
        self.assertIn("Deadline:", page.text)

    def test_after_grace_period_enrolment_required(self):
        """Test that after the grace period the user lands on enrolment and reaches nothing else."""
        self._set_policy(True, 7)
        self._age(self.portal_user, 8)
        self.assertTrue(self.portal_user._portal_must_enrol_totp())
        # right after login
        landing = self._login_password(self.portal_user.login, self.password)
        self.assertIn("/my/security", landing.url)
        self.assertIn("Two-factor authentication is required.", landing.text)
        # nothing else: pages ...
        for url in ("/my", "/my/home", "/my/account", "/my/payment_method", "/odoo"):
            with self.subTest(url=url):
                self.assertIn("/my/security", self.url_open(url).url)
        # ... nor JSON routes and ORM calls outside enrolment
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.make_jsonrpc_request("/my/counters", {"counters": []})
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/res.partner/search_read",
                {
                    "model": "res.partner",
                    "method": "search_read",
                    "args": [[]],
                    "kwargs": {},
                },
            )
        # ... even when the URL names an allowed model and the body another one
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/res.users/action_totp_enable_wizard",
                {
                    "model": "res.partner",
                    "method": "search_read",
                    "args": [[]],
                    "kwargs": {},
                },
            )
        # what enrolment needs still answers (the identity check comes first)
        action = self.make_jsonrpc_request(
            "/web/dataset/call_kw/res.users/action_totp_enable_wizard",
            {
                "model": "res.users",
                "method": "action_totp_enable_wizard",
                "args": [[self.portal_user.id]],
                "kwargs": {},
            },
        )
        self.assertEqual(action["res_model"], "res.users.identitycheck")

        # enrolled: free again
        self._enable_totp(self.portal_user)
        self.assertFalse(self.portal_user._portal_must_enrol_totp())
        self.authenticate(self.portal_user.login, self.password)
        response = self.url_open("/my")
        self.assertNotIn("/my/security", response.url)

    def test_internal_users_untouched(self):
        """Test that the portal policy does not apply to internal users."""
        self._set_policy(True, 0)
        self._age(self.internal_user, 30)
        self.assertFalse(self.internal_user._portal_must_enrol_totp())
        self.authenticate(self.internal_user.login, "Pae-Internal-Pass-42")
        self.assertNotIn("/my/security", self.url_open("/my").url)

    def test_stock_email_policy_still_applies(self):
        """Test that auth_totp_mail's policy (codes by email for everyone) keeps working."""
        self._set_policy(True, 7)
        self.env["ir.config_parameter"].sudo().set_param(
            "auth_totp.policy", "all_required"
        )
        self.assertEqual(self.portal_user._mfa_type(), "totp_mail")
        self._enable_totp(self.portal_user)
        self.assertEqual(self.portal_user._mfa_type(), "totp")
