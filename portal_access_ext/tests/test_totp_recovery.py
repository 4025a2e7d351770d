import base64
import json
import os
import re
import time

import pyotp
from passlib.hash import pbkdf2_sha256

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import make_portal_user

CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


class SecurityHttpMixin:
    """Log in through the real /web/login and /web/login/totp pages, with pyotp
    as the customer's authenticator app (6 digits, 30 s, SHA-1)."""

    @staticmethod
    def _new_secret():
        return base64.b32encode(os.urandom(20)).decode()

    def _enable_totp(self, user, secret=None):
        """Enable 2FA for `user` as the user would (stock `_totp_try_setting`)
        with a code of the authenticator app; return the app."""
        secret = secret or self._new_secret()
        app = pyotp.TOTP(secret)
        # a code of the previous step, so that the login's "now" code is fresh
        code = int(app.at(time.time() - 30))
        self.assertTrue(user.with_user(user)._totp_try_setting(secret, code))
        self.enable_code = f"{code:06d}"
        return app

    def _csrf(self, response):
        match = CSRF_RE.search(response.text)
        self.assertTrue(match, "no CSRF token in the page")
        return match.group(1)

    def _login_password(self, login, password):
        """Start a fresh browser session and post the login form; return the
        response of the page it lands on."""
        self.authenticate(None, None)
        page = self.url_open("/web/login")
        return self.url_open(
            "/web/login",
            data={"login": login, "password": password, "csrf_token": self._csrf(page)},
        )

    def _post_code(self, code_page, code):
        """Post a code on the login's code step (`code_page` is that page)."""
        return self.url_open(
            "/web/login/totp",
            data={"totp_token": code, "csrf_token": self._csrf(code_page)},
        )


@tagged("post_install", "-at_install")
class TestTotpRecoveryCodes(SecurityHttpMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.password = "Pae-Recovery-Pass-42"
        cls.portal_user = make_portal_user(
            cls.env, "portal_recovery_portal", password=cls.password, tz="UTC"
        )

    def _codes(self, user):
        return (
            self.env["auth.totp.recovery.code"]
            .sudo()
            .search([("user_id", "=", user.id)])
        )

    def test_recovery_codes_generated_hashed(self):
        """Test that ten distinct codes are generated and only their salted hashes stored."""
        self._enable_totp(self.portal_user)
        codes = self.portal_user.with_user(
            self.portal_user
        )._portal_generate_recovery_codes()
        self.assertEqual(len(codes), 10)
        self.assertEqual(len(set(codes)), 10)
        records = self._codes(self.portal_user)
        self.assertEqual(len(records), 10)
        for code, record in zip(codes, records, strict=True):
            self.assertNotIn(code.replace(" ", ""), record.code_hash)
            self.assertTrue(pbkdf2_sha256.identify(record.code_hash))
            self.assertTrue(
                pbkdf2_sha256.verify(code.replace(" ", ""), record.code_hash)
            )
        # salted: the same code never gives the same hash twice
        self.assertNotEqual(pbkdf2_sha256.hash(codes[0]), pbkdf2_sha256.hash(codes[0]))
        self.assertEqual(self.portal_user.portal_recovery_code_count, 10)
        # regenerating replaces them all
        new_codes = self.portal_user.with_user(
            self.portal_user
        )._portal_generate_recovery_codes()
        self.assertFalse(set(new_codes) & set(codes))
        self.assertEqual(len(self._codes(self.portal_user)), 10)

    def test_recovery_codes_not_readable(self):
        """Test that neither the customer nor an admin can read recovery codes through the ORM."""
        self._enable_totp(self.portal_user)
        self.portal_user.with_user(self.portal_user)._portal_generate_recovery_codes()
        admin = self.env.ref("base.user_admin")
        for user in (self.portal_user, admin):
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                self.env["auth.totp.recovery.code"].with_user(user).search_read(
                    [], ["code_hash"]
                )

    def test_recovery_codes_deleted_on_disable(self):
        """Test that disabling 2FA deletes the recovery codes."""
        self._enable_totp(self.portal_user)
        self.portal_user.with_user(self.portal_user)._portal_generate_recovery_codes()
        self.portal_user.sudo().totp_secret = False
        self.assertFalse(self._codes(self.portal_user))

    def _session_data(self):
        """What the session store holds for the test browser's session."""
        session = http.root.session_store.get(self.opener.cookies["session_id"])
        return json.dumps(dict(session), default=str)

    def test_enable_wizard_then_codes_in_response(self):
        """Test that 2FA enabled from the portal offers codes returned once by the call that creates them, never kept in the session."""
        secret = self._new_secret()
        user = self.portal_user.with_user(self.portal_user)
        wizard = (
            self.env["auth_totp.wizard"]
            .with_user(self.portal_user)
            .create({"user_id": self.portal_user.id, "secret": secret})
        )
        self.assertTrue(wizard.qrcode, "the QR code is drawn")
        self.assertIn(secret.replace(" ", ""), wizard.url)
        # the wizard is reached from /my/security after the identity check
        # (stock, tested by its tours): call it over JSON-RPC as the page does
        self.authenticate(
            self.portal_user.login,
            self.password,
            session_extra={"identity-check-last": time.time()},
        )
        response = self.make_jsonrpc_request(
            "/web/dataset/call_kw/auth_totp.wizard/enable",
            {
                "model": "auth_totp.wizard",
                "method": "enable",
                "args": [[wizard.id]],
                "kwargs": {"context": {"code": pyotp.TOTP(secret).now()}},
            },
        )
        self.assertEqual(response["type"], "ir.actions.client")
        self.assertTrue(user.totp_enabled)
        page = self.url_open("/my/security")
        self.assertIn("Generate recovery codes", page.text)
        self.assertIn("0 unused recovery codes left", page.text)
        # the page's button: the password was just confirmed, no new prompt
        mails_before = self.env["mail.mail"].sudo().search([])
        with self.assertLogs("odoo", "DEBUG") as logs:
            codes = self._call(
                "res.users",
                "action_portal_regenerate_recovery_codes",
                [self.portal_user.id],
            )
        self.assertEqual(len(codes), 10)
        mails = self.env["mail.mail"].sudo().search([]) - mails_before
        for code in codes:
            for text in (code, code.replace(" ", "")):
                self.assertNotIn(text, "\n".join(logs.output), "a code was logged")
                self.assertNotIn(text, str(mails.mapped("body_html")))
        self.assertTrue(all(re.fullmatch(r"\d{5} \d{5}", code) for code in codes))
        self.assertEqual(len(self._codes(self.portal_user)), 10)
        stored = self._session_data()
        self.assertNotIn("portal_recovery_codes", stored)
        for code in codes:
            self.assertNotIn(code.replace(" ", ""), stored)
            self.assertNotIn(code, stored)
        page = self.url_open("/my/security")
        self.assertFalse(
            re.findall(r"<li>(\d{5} \d{5})</li>", page.text), "never shown again"
        )
        self.assertIn("10 unused recovery codes left", page.text)
        self.assertIn("Regenerate recovery codes", page.text)

    def test_old_session_codes_forgotten(self):
        """Test that codes an older version left in a session are dropped, not shown, by /my/security."""
        self._enable_totp(self.portal_user)
        old = ["12345 67890", "23456 78901"]
        self.authenticate(
            self.portal_user.login,
            self.password,
            session_extra={"portal_recovery_codes": old},
        )
        self.assertIn("portal_recovery_codes", self._session_data())
        page = self.url_open("/my/security")
        self.assertNotIn(old[0], page.text)
        self.assertNotIn("portal_recovery_codes", self._session_data())

    def test_login_with_recovery_code_once(self):
        """Test that a recovery code replaces the app's code once, and emails how many remain."""
        self._enable_totp(self.portal_user)
        codes = self.portal_user.with_user(
            self.portal_user
        )._portal_generate_recovery_codes()
        code_page = self._login_password(self.portal_user.login, self.password)
        self.assertIn("/web/login/totp", code_page.url)
        self.assertIn("recovery codes", code_page.text)
        mails_before = self.env["mail.mail"].sudo().search([])
        # typed with a dash: accepted
        response = self._post_code(code_page, codes[0].replace(" ", "-"))
        self.assertNotIn("/web/login", response.url)
        self.assertTrue(response.url.endswith("/my") or "/my" in response.url)
        used = self._codes(self.portal_user).filtered("used_date")
        self.assertEqual(len(used), 1)
        self.assertEqual(self.portal_user.portal_recovery_code_count, 9)
        mail = self.env["mail.mail"].sudo().search([]) - mails_before
        mail = mail.filtered(lambda m: "Recovery Code Used" in (m.subject or ""))
        self.assertEqual(len(mail), 1)
        self.assertIn("9 unused recovery codes remain", mail.body_html)
        self.assertNotIn(codes[0].replace(" ", ""), mail.body_html)

        # the same code a second time: refused
        code_page = self._login_password(self.portal_user.login, self.password)
        with mute_logger(
            "odoo.addons.portal_access_ext.models.res_users_recovery_codes"
        ):
            response = self._post_code(code_page, codes[0])
        self.assertIn("/web/login/totp", response.url)
        self.assertIn("not valid or was already used", response.text)
        # the app's code still works after that
        response = self._post_code(
            response, pyotp.TOTP(self._secret_of(self.portal_user)).now()
        )
        self.assertNotIn("/web/login", response.url)

    def test_login_wrong_recovery_code(self):
        """Test that an unknown 10-digit code is refused and nothing is consumed."""
        self._enable_totp(self.portal_user)
        self.portal_user.with_user(self.portal_user)._portal_generate_recovery_codes()
        code_page = self._login_password(self.portal_user.login, self.password)
        response = self._post_code(code_page, "1234567890")
        self.assertIn("/web/login/totp", response.url)
        self.assertIn("not valid or was already used", response.text)
        self.assertEqual(self.portal_user.portal_recovery_code_count, 10)

    def _call(self, model, method, ids, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": [ids], "kwargs": kwargs},
        )

    def _confirm_password(self, action, password):
        """Answer stock's identity check (res.users.identitycheck) as the portal does."""
        self.assertEqual(action["res_model"], "res.users.identitycheck")
        return self._call(
            "res.users.identitycheck",
            "run_check",
            [action["res_id"]],
            context={"password": password},
        )

    def test_regenerate_needs_password(self):
        """Test that regenerating the codes asks for the password and shows the new ones once."""
        self._enable_totp(self.portal_user)
        old_codes = self.portal_user.with_user(
            self.portal_user
        )._portal_generate_recovery_codes()
        self.authenticate(self.portal_user.login, self.password)
        action = self._call(
            "res.users",
            "action_portal_regenerate_recovery_codes",
            [self.portal_user.id],
        )
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self._confirm_password(action, "wrong-password")
        self.assertEqual(self.portal_user.portal_recovery_code_count, 10)
        shown = self._confirm_password(action, self.password)
        self.assertEqual(len(shown), 10, "the new codes are in the response")
        self.assertFalse(set(shown) & set(old_codes))
        self.assertNotIn(shown[0].replace(" ", ""), self._session_data())
        page = self.url_open("/my/security")
        self.assertFalse(re.findall(r"<li>(\d{5} \d{5})</li>", page.text))
        records = self._codes(self.portal_user)
        self.assertEqual(len(records), 10)
        self.assertFalse(
            any(
                pbkdf2_sha256.verify(old_codes[0].replace(" ", ""), r.code_hash)
                for r in records
            )
        )

    def test_disable_with_password_emails_and_deletes_codes(self):
        """Test that disabling 2FA asks for the password, emails the customer and deletes the codes."""
        self._enable_totp(self.portal_user)
        self.portal_user.with_user(self.portal_user)._portal_generate_recovery_codes()
        self.authenticate(self.portal_user.login, self.password)
        mails_before = self.env["mail.mail"].sudo().search([])
        action = self._call("res.users", "action_totp_disable", [self.portal_user.id])
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self._confirm_password(action, "wrong-password")
        self.assertTrue(self.portal_user.totp_enabled)
        self._confirm_password(action, self.password)
        self.assertFalse(self.portal_user.totp_enabled)
        self.assertFalse(self._codes(self.portal_user))
        subjects = (self.env["mail.mail"].sudo().search([]) - mails_before).mapped(
            "subject"
        )
        self.assertIn("Security Update: 2FA Deactivated", subjects)

    def test_backend_enable_shows_codes(self):
        """Test that an internal user enabling 2FA in the backend gets the codes in a sticky notice."""
        internal = new_test_user(
            self.env, login="portal_recovery_internal", password="Pae-Int-Pass-42"
        )
        secret = self._new_secret()
        wizard = (
            self.env["auth_totp.wizard"]
            .with_user(internal)
            .create({"user_id": internal.id, "secret": secret})
        )
        self.authenticate(
            internal.login,
            "Pae-Int-Pass-42",
            session_extra={"identity-check-last": time.time()},
        )
        action = self._call(
            "auth_totp.wizard",
            "enable",
            [wizard.id],
            context={"code": pyotp.TOTP(secret).now()},
        )
        self.assertTrue(action["params"]["sticky"])
        self.assertEqual(
            len(re.findall(r"\d{5} \d{5}", action["params"]["message"])), 10
        )
        self.assertEqual(internal.portal_recovery_code_count, 10)
        stored = self._session_data()
        self.assertNotIn("portal_recovery_codes", stored)
        for code in re.findall(r"\d{5} \d{5}", action["params"]["message"]):
            self.assertNotIn(code.replace(" ", ""), stored)

    def test_enable_emails(self):
        """Test that enabling 2FA emails the customer (auth_totp_mail's notice, reused)."""
        mails_before = self.env["mail.mail"].sudo().search([])
        self._enable_totp(self.portal_user)
        subjects = (self.env["mail.mail"].sudo().search([]) - mails_before).mapped(
            "subject"
        )
        self.assertIn("Security Update: 2FA Activated", subjects)

    def _secret_of(self, user):
        self.env.cr.execute(
            "SELECT totp_secret FROM res_users WHERE id = %s", (user.id,)
        )
        return self.env.cr.fetchone()[0]
