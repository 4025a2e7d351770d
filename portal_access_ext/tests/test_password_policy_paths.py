from odoo.exceptions import AccessDenied, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from . import entry_points
from .common import make_admin, make_company_with_contacts, make_portal_user
from .security_cases import SecurityCaseMixin
from .test_totp_recovery import SecurityHttpMixin

GOOD_PASSWORD = "Fresh-Portal-Pass-2026"
HUGE_PASSWORD = "A-" + "x" * 1_000_000


@tagged("post_install", "-at_install")
class TestPasswordPolicyPaths(SecurityCaseMixin, SecurityHttpMixin, HttpCase):
    """Every way of setting a password applies the policy, with a message."""

    security_family = "Authentication"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = make_admin(cls.env, "portal_pwpath_admin")
        _company, contacts = make_company_with_contacts(cls.env, "Pwpath Co", 1)
        cls.password = "Pae-Pwpath-Pass-42"
        cls.portal_user = make_portal_user(
            cls.env, "portal_pwpath_portal", partner=contacts, password=cls.password
        )

    def _password_is(self, password):
        try:
            self.portal_user.with_user(self.portal_user)._check_credentials(
                {"login": self.portal_user.login, "password": password, "type": "password"},
                {"interactive": True},
            )  # fmt: skip
        except AccessDenied:
            return False
        return True

    def _post_token_form(self, route, token, password):
        page = self.url_open(f"{route}?token={token}")
        return self.url_open(
            route,
            data={
                "csrf_token": self._csrf(page),
                "token": token,
                "login": self.portal_user.login,
                "name": self.portal_user.name,
                "password": password,
                "confirm_password": password,
            },
        )

    def test_admin_write_and_wizard_refused(self):
        """Test that an administrator setting a weak password (write or wizard) is refused."""
        user_as_admin = self.portal_user.with_user(self.admin)
        with self.assertRaisesRegex(UserError, "most common passwords"):
            user_as_admin.write({"password": "password"})
        with self.assertRaisesRegex(UserError, "at most 1024 characters"):
            user_as_admin.write({"password": HUGE_PASSWORD})
        wizard = (
            self.env["change.password.wizard"]
            .with_user(self.admin)
            .with_context(active_model="res.users", active_ids=self.portal_user.ids)
            .create({})
        )
        wizard.user_ids.new_passwd = "qwerty123"
        with self.assertRaisesRegex(UserError, "most common passwords"):
            wizard.user_ids.change_password_button()
        self.assertTrue(self._password_is(self.password))
        user_as_admin.write({"password": GOOD_PASSWORD})
        self.assertTrue(self._password_is(GOOD_PASSWORD))

    @mute_logger("odoo.addons.auth_signup.controllers.main")
    def test_invitation_signup_refused_then_accepted(self):
        """Test that signing up by invitation with a weak password is refused and the link still works."""
        self.portal_user.partner_id.signup_prepare()
        token = self.portal_user.partner_id._generate_signup_token()
        for password, message in (
            ("password", "most common passwords"),
            (HUGE_PASSWORD, "at most 1024 characters"),
        ):
            with self.subTest(message=message):
                page = self._post_token_form("/web/signup", token, password)
                self.assertEqual(page.status_code, 200)
                self.assertIn(message, page.text)
                self.assertTrue(self._password_is(self.password))
        page = self._post_token_form("/web/signup", token, GOOD_PASSWORD)
        self.assertEqual(page.status_code, 200)
        self.assertTrue(self._password_is(GOOD_PASSWORD))

    def test_reset_link_refused_then_accepted(self):
        """Test that a reset link with a weak password is refused and still works afterwards."""
        self.portal_user.partner_id.signup_prepare(signup_type="reset")
        token = self.portal_user.partner_id._generate_signup_token()
        page = self._post_token_form("/web/reset_password", token, "iloveyou")
        self.assertEqual(page.status_code, 200)
        self.assertIn("most common passwords", page.text)
        self.assertTrue(self._password_is(self.password))
        page = self._post_token_form("/web/reset_password", token, GOOD_PASSWORD)
        self.assertIn("Your password has been reset successfully", page.text)
        self.assertTrue(self._password_is(GOOD_PASSWORD))

    def _change(self, old, new):
        return entry_points.change_password_form(self, old, new)

    def test_weak_password_refused_on_every_entry_point(self):
        """Test that res.users.change_password with a weak password is refused with the policy's message on every entry point."""
        user = entry_points.rpc_user(
            self.env, self.portal_user, self.password, api_key=True
        )
        for entry_point in entry_points.ENTRY_POINTS:
            with self.subTest(via=entry_point):
                outcome = entry_points.call(
                    self,
                    entry_point,
                    user,
                    "res.users",
                    "change_password",
                    kwargs={"old_passwd": self.password, "new_passwd": "password"},
                )
                self.assertEqual(outcome.kind, "validation", outcome)
                self.assertIn("most common passwords", outcome.message)
                self.assertBlocked(
                    self._password_is(self.password),
                    f"{entry_point} set a weak password",
                    entry_point=entry_point,
                )

    def test_huge_new_password_refused_with_message(self):
        """Test that a 1 MB new password on /my/security gets a message, not a server error."""
        self.authenticate(self.portal_user.login, self.password)
        page = self._change(self.password, HUGE_PASSWORD)
        self.assertEqual(page.status_code, 200)
        self.assertIn("at most 1024 characters", page.text)
        page = self._change(HUGE_PASSWORD, GOOD_PASSWORD)
        self.assertEqual(page.status_code, 200)
        self.assertIn("The old password you provided is incorrect", page.text)
        self.assertTrue(self._password_is(self.password))
        # nor at sign-in
        page = self._login_password(self.portal_user.login, HUGE_PASSWORD)
        self.assertEqual(page.status_code, 200)
        # the sign-in form answers every failure alike (no login enumeration)
        self.assertIn("Wrong login or password.", page.text)

    def test_weak_proposals_do_not_lock_out(self):
        """Test that weak new passwords typed with the right current password never lock the customer out."""
        self.authenticate(self.portal_user.login, self.password)
        for _attempt in range(6):
            page = self._change(self.password, "iloveyou")
            self.assertIn("most common passwords", page.text)
        self.assertFalse(self.portal_user.portal_security_locked_until)
        page = self._change(self.password, GOOD_PASSWORD)
        self.assertIn("Password Updated", page.text)
        self.assertTrue(self._password_is(GOOD_PASSWORD))
