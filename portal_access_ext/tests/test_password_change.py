from odoo.exceptions import AccessDenied, UserError
from odoo.tests import HttpCase, TransactionCase, tagged

from .common import make_portal_user
from .test_totp_recovery import SecurityHttpMixin


@tagged("post_install", "-at_install")
class TestPasswordPolicy(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = make_portal_user(cls.env, "portal_policy_portal")

    def test_min_length_default_and_parameter(self):
        """Test that the minimum length is auth_password_policy's parameter (8 when unset)."""
        ICP = self.env["ir.config_parameter"].sudo()
        ICP.set_param("auth_password_policy.minlength", False)
        with self.assertRaisesRegex(UserError, "at least 8 characters"):
            self.user._portal_check_password_policy("Ab3$xyz")
        self.user._portal_check_password_policy("Zq8#vLm2")
        ICP.set_param("auth_password_policy.minlength", 12)
        with self.assertRaisesRegex(UserError, "at least 12 characters .it has 8."):
            self.user._portal_check_password_policy("Zq8#vLm2")
        self.user._portal_check_password_policy("Zq8#vLm2-long")

    def test_common_passwords_refused(self):
        """Test that passwords of zxcvbn's common-password list are refused, any case."""
        for password in ("password1", "Sunshine", "qwerty123", "TRUSTNO1", "football"):
            with self.assertRaisesRegex(UserError, "most common passwords"):
                self.user._portal_check_password_policy(password)

    def test_no_composition_rules(self):
        """Test that a long passphrase of lowercase words only is accepted (NIST: no composition rules)."""
        self.user._portal_check_password_policy("correct horse battery staple")

    def test_change_password_applies_policy(self):
        """Test that change_password refuses a weak new password and keeps the old one."""
        user = self.user.with_user(self.user)
        with self.assertRaisesRegex(UserError, "most common passwords"):
            user.change_password("portal_policy_portal-Pass-1234!", "password1")
        user._check_credentials(
            {
                "login": self.user.login,
                "password": "portal_policy_portal-Pass-1234!",
                "type": "password",
            },
            {"interactive": True},
        )
        with self.assertRaises(AccessDenied):
            user._check_credentials(
                {"login": self.user.login, "password": "password1", "type": "password"},
                {"interactive": True},
            )


@tagged("post_install", "-at_install")
class TestPasswordChangeHttp(SecurityHttpMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.password = "Pae-Change-Pass-42"
        cls.portal_user = make_portal_user(
            cls.env, "portal_change_portal", password=cls.password
        )

    def _change(self, old, new1, new2):
        page = self.url_open("/my/security")
        return self.url_open(
            "/my/security",
            data={
                "csrf_token": self._csrf(page),
                "op": "password",
                "old": old,
                "new1": new1,
                "new2": new2,
            },
        )

    def _password_is(self, password):
        try:
            self.portal_user.with_user(self.portal_user)._check_credentials(
                {
                    "login": self.portal_user.login,
                    "password": password,
                    "type": "password",
                },
                {"interactive": True},
            )
        except AccessDenied:
            return False
        return True

    def test_dashboard_link(self):
        """Test that the dashboard shows "Edit Security Settings" under "Account Security"."""
        self.authenticate(self.portal_user.login, self.password)
        page = self.url_open("/my")
        self.assertRegex(
            page.text,
            r'href="/my/security" title="Account Security"[^>]*>(.|\n)*?Edit Security Settings',
        )

    def test_refusals_change_nothing(self):
        """Test that wrong current password, mismatch and weak passwords are refused with messages."""
        self.authenticate(self.portal_user.login, self.password)
        cases = [
            (
                ("wrong-current", "Good-New-Pass-77", "Good-New-Pass-77"),
                "The old password you provided is incorrect",
            ),
            (
                (self.password, "Good-New-Pass-77", "Good-New-Pass-78"),
                "must be identical",
            ),
            ((self.password, "Sh0rt!", "Sh0rt!"), "at least 8 characters"),
            ((self.password, "iloveyou", "iloveyou"), "most common passwords"),
        ]
        for (old, new1, new2), message in cases:
            with self.subTest(message=message):
                page = self._change(old, new1, new2)
                self.assertEqual(page.status_code, 200)
                self.assertIn(message, page.text)
                self.assertNotIn("Password Updated", page.text)
                self.assertTrue(self._password_is(self.password))
        # the policy's message is shown next to the new password
        page = self._change(self.password, "iloveyou", "iloveyou")
        self.assertRegex(page.text, r'name="new1"[^>]*class="form-control is-invalid"')

    def test_success_ends_other_sessions_and_emails(self):
        """Test that a successful change ends the other sessions and emails the customer, without the password."""
        other_session = self.authenticate(self.portal_user.login, self.password)
        other_opener = self.opener
        self.assertIn("/my/security", self.url_open("/my/security").url)
        self.authenticate(self.portal_user.login, self.password)
        opener = self.opener
        self.assertNotEqual(self.session.sid, other_session.sid)
        mails_before = self.env["mail.mail"].sudo().search([])

        new_password = "Fresh-Portal-Pass-2026"
        page = self._change(self.password, new_password, new_password)
        self.assertIn("Password Updated", page.text)
        self.assertTrue(self._password_is(new_password))
        # this session goes on
        self.assertIn("/my/security", self.url_open("/my/security").url)
        # the other one is logged out
        self.opener = other_opener
        self.assertIn("/web/login", self.url_open("/my/security").url)
        self.opener = opener

        mails = (self.env["mail.mail"].sudo().search([]) - mails_before).filtered(
            lambda m: "Password Changed" in (m.subject or "")
        )
        self.assertEqual(len(mails), 1)
        self.assertIn(self.portal_user.email, mails.email_to)
        self.assertNotIn(new_password, mails.body_html)
        self.assertNotIn(self.password, mails.body_html)
