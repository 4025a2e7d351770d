from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import make_admin, make_company_with_contacts
from .security_cases import SecurityCaseMixin


@tagged("post_install", "-at_install", "security_authentication")
class TestInvitationLinks(SecurityCaseMixin, HttpCase):
    """An invitation link works once, for the invitation it was sent with."""

    security_family = "Authentication"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = make_admin(cls.env, "portal_token_admin")
        _company, cls.contacts = make_company_with_contacts(cls.env, "Token Co", 1)
        cls.contact = cls.contacts[0]

    def _wizard_line(self):
        wizard = (
            self.env["portal.wizard"]
            .with_user(self.admin)
            .with_context(active_ids=self.contact.ids)
            .create({})
        )
        return wizard.user_ids.filtered(lambda line: line.partner_id == self.contact)

    def _grant(self):
        self._wizard_line().action_grant_access()
        return self.contact.sudo()._generate_signup_token()

    def _is_refused(self, token):
        try:
            self.env["res.partner"].sudo()._signup_retrieve_partner(
                token, check_validity=True, raise_exception=True
            )
        except UserError:
            return True
        return False

    def _sign_up(self, token):
        self.env["res.users"].sudo().signup(
            {"password": "Token-Customer-Pass-1!"}, token
        )

    def test_fresh_invitation_works(self):
        """Test that the link of a fresh invitation is accepted (the control case)."""
        token = self._grant()
        self.assertFalse(self._is_refused(token))

    def test_link_refused_after_use(self):
        """Test that an invitation link cannot be used twice."""
        token = self._grant()
        self._sign_up(token)
        self.assertBlocked(
            self._is_refused(token), "a used invitation link still works"
        )

    def test_link_refused_after_revoke(self):
        """Test that revoking access kills the invitation link."""
        token = self._grant()
        self._wizard_line().action_revoke_access()
        self.assertBlocked(
            self._is_refused(token), "the invitation link survives a revoke"
        )

    def test_old_link_refused_after_revoke_and_grant(self):
        """Test that a link from before a revoke stays dead when access is granted again."""
        old_token = self._grant()
        self._wizard_line().action_revoke_access()
        new_token = self._grant()
        self.assertBlocked(
            self._is_refused(old_token), "an old invitation link revives on re-grant"
        )
        self.assertFalse(self._is_refused(new_token))

    def test_old_link_refused_after_reinvite(self):
        """Test that re-inviting replaces the previous link instead of adding one."""
        old_token = self._grant()
        self._wizard_line().action_invite_again()
        new_token = self.contact.sudo()._generate_signup_token()
        self.assertBlocked(
            self._is_refused(old_token), "the previous invitation link still works"
        )
        self.assertFalse(self._is_refused(new_token))

    def test_link_refused_when_expired(self):
        """Test that an invitation link is refused once its validity has passed."""
        hours = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("auth_signup.signup.validity.hours", 144)
        )
        token = self._grant()
        with freeze_time(datetime.now() + timedelta(hours=hours, minutes=1)):
            self.assertBlocked(
                self._is_refused(token), "an expired invitation link still works"
            )

    @mute_logger("odoo.http", "odoo.addons.auth_signup.controllers.main")
    def test_used_link_refused_over_http(self):
        """Test that the signup page refuses a used invitation link and sets no password with it."""
        token = self._grant()
        self._sign_up(token)
        user = self.contact.with_context(active_test=False).user_ids
        self.env.cr.execute("SELECT password FROM res_users WHERE id = %s", [user.id])
        hash_before = self.env.cr.fetchone()[0]
        page = self.url_open(f"/web/signup?token={token}")
        self.assertIn("Invalid signup token", page.text)
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        self.url_open(
            "/web/signup",
            data={
                "csrf_token": csrf,
                "token": token,
                "login": user.login,
                "name": "Intruder",
                "password": "Intruder-Pass-123!",
                "confirm_password": "Intruder-Pass-123!",
            },
        )
        self.env.cr.execute("SELECT password FROM res_users WHERE id = %s", [user.id])
        self.assertBlocked(
            self.env.cr.fetchone()[0] == hash_before, "a used link set a new password"
        )
