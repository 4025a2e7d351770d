"""What the portal wizard tells the admin: confirmations before revoking,
the summary after each action, invitation failures kept until a send
succeeds, and a Re-Invite that replaces a queued invitation."""

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_mail_server import MailDeliveryException
from odoo.addons.mail.tests.common import MailCommon

from .common import make_admin, make_company_with_contacts


@tagged("post_install", "-at_install")
class TestPortalWizardFeedback(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = make_admin(cls.env, login="portal_feedback_admin")
        cls.env.company.email = "company@pae-feedback.example.com"
        cls.company_partner, cls.contacts = make_company_with_contacts(
            cls.env, "Feedback Co", 2
        )

    def _wizard(self, partners=None):
        partners = partners or self.contacts
        return (
            self.env["portal.wizard"]
            .with_user(self.admin)
            .with_context(active_ids=partners.ids)
            .create({})
        )

    def _line(self, wizard, partner):
        return wizard.user_ids.filtered(lambda line: line.partner_id == partner)

    def _events(self, partner):
        return (
            self.env["portal.access.log"]
            .search([("partner_id", "=", partner.id)], order="id")
            .mapped("event")
        )

    def _grant_failing(self, wizard, partner):
        with self.mock_mail_gateway():
            self.send_email_mocked.side_effect = MailDeliveryException(
                "Mail Delivery Failed", "111 Connection refused"
            )
            self._line(wizard, partner).action_grant_access()

    def test_wizard_opens_extra_large(self):
        """Test that the wizard opens in an extra-large dialog."""
        action = self._wizard()._action_open_modal()
        self.assertEqual(action["context"]["dialog_size"], "extra-large")
        self.assertEqual(action["res_model"], "portal.wizard")

    def test_heading_names_company_once(self):
        """Test that the wizard names the contacts' company once, above the list."""
        wizard = self._wizard(self.contacts)
        self.assertEqual(wizard.contacts_heading, "Contacts of Feedback Co")
        names = (
            wizard.user_ids.partner_id.with_context(
                partner_display_name_hide_company=True
            )
            .sudo()
            .mapped("display_name")
        )
        self.assertEqual(sorted(names), sorted(self.contacts.mapped("name")))

    def test_apply_asks_before_revoking(self):
        """Test that Apply from the button asks first, naming who loses access."""
        wizard = self._wizard()
        self._line(wizard, self.contacts[0]).action_grant_access()
        user = self.contacts[0].user_ids
        self._line(wizard, self.contacts[0]).in_portal = False
        action = wizard.with_context(portal_confirm_revoke=True).action_apply()
        self.assertEqual(
            action["views"][0][0],
            self.env.ref("portal_access_ext.portal_wizard_view_form_confirm_revoke").id,
        )
        self.assertTrue(user.active, "nothing is revoked before the confirmation")
        self.assertIn(self.contacts[0].name, wizard.revoke_message)
        self.assertNotIn(self.contacts[1].name, wizard.revoke_message)
        wizard.action_confirm_revoke()
        self.assertFalse(user.active)
        self.assertFalse(wizard.revoke_line_ids)
        self.assertIn(f"Revoked: {self.contacts[0].name}", wizard.summary)

    def test_line_revoke_asks_and_back_keeps_access(self):
        """Test that a line's Revoke asks first, and Back revokes nothing."""
        wizard = self._wizard()
        line = self._line(wizard, self.contacts[1])
        line.action_grant_access()
        user = self.contacts[1].user_ids
        line.with_context(portal_confirm_revoke=True).action_revoke_access()
        self.assertTrue(user.active)
        self.assertEqual(wizard.revoke_line_ids, line)
        self.assertIn(self.contacts[1].name, wizard.revoke_message)
        wizard.action_cancel_revoke()
        self.assertTrue(user.active)
        line.with_context(portal_confirm_revoke=True).action_revoke_access()
        wizard.action_confirm_revoke()
        self.assertFalse(user.active)
        self.assertEqual(
            wizard.summary,
            f"{self.contacts[1].name} no longer has portal access: open sessions "
            "are closed.",
        )

    def test_single_actions_refresh_the_summary(self):
        """Test that a line's action replaces Apply's summary with its own."""
        wizard = self._wizard()
        self._line(wizard, self.contacts[0]).in_portal = True
        wizard.action_apply()
        self.assertTrue(wizard.summary.startswith("1 granted, 0 revoked, 1 unchanged."))
        with self.mock_mail_gateway():
            self._line(wizard, self.contacts[1]).action_grant_access()
        self.assertEqual(
            wizard.summary,
            f"{self.contacts[1].name} now has portal access; the invitation was "
            f"sent to {self.contacts[1].email}.",
        )

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_failed_invitation_says_what_to_do_and_stays(self):
        """Test that a failed invitation tells what to do, is logged as a
        failure and is still shown when the wizard is reopened."""
        wizard = self._wizard()
        self._grant_failing(wizard, self.contacts[0])
        error = self._line(wizard, self.contacts[0]).invite_error
        self.assertIn("111 Connection refused", error)
        self.assertIn("Outgoing Mail Servers", error)
        self.assertIn("Re-Invite", error)
        # the failure is logged while the grant runs, before the grant's row
        self.assertCountEqual(
            self._events(self.contacts[0]), ["grant", "invite_failed"]
        )
        # a failed Re-Invite is not logged as a sent invitation
        with self.mock_mail_gateway():
            self.send_email_mocked.side_effect = MailDeliveryException(
                "Mail Delivery Failed", "111 Connection refused"
            )
            self._line(wizard, self.contacts[0]).action_invite_again()
        self.assertCountEqual(
            self._events(self.contacts[0]), ["grant", "invite_failed", "invite_failed"]
        )
        reopened = self._wizard()
        self.assertIn("111 Connection refused", reopened.invite_problems)
        self.assertIn(self.contacts[0].name, reopened.invite_problems)
        # a send that succeeds clears the mark
        with self.mock_mail_gateway():
            self._line(reopened, self.contacts[0]).action_invite_again()
        self.assertFalse(self._line(reopened, self.contacts[0]).invite_error)
        self.assertFalse(self._wizard().invite_problems)
        self.assertEqual(self._events(self.contacts[0])[-1], "reinvite")

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_revoke_clears_invitation_problem(self):
        """Test that the invitation warning of a revoked contact disappears."""
        wizard = self._wizard()
        self._grant_failing(wizard, self.contacts[0])
        self.assertTrue(wizard.invite_problems)
        self._line(wizard, self.contacts[0]).action_revoke_access()
        self.assertFalse(wizard.invite_problems)
        self.assertFalse(self._wizard().invite_problems)

    def test_reinvite_replaces_queued_invitation(self):
        """Test that Re-Invite cancels the queued invitation: one email, one link."""
        wizard = self._wizard(self.contacts[0])
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        user = self.contacts[0].user_ids
        self.assertTrue(user.portal_invite_pending)
        with self.mock_mail_gateway():
            wizard.user_ids.action_invite_again()
            self.assertFalse(user.portal_invite_pending)
            self.assertFalse(self.env["res.users"]._cron_send_portal_invitations())
        self.assertEqual(len(self._mails), 1)

    def test_log_breadcrumb_shows_event_label(self):
        """Test that an audit row is named by its event's label, not its key."""
        wizard = self._wizard(self.contacts[0])
        wizard.user_ids.action_grant_access()
        wizard.user_ids.action_revoke_access()
        log = self.env["portal.access.log"].search(
            [("partner_id", "=", self.contacts[0].id), ("event", "=", "revoke")]
        )
        self.assertEqual(log.display_name, "Access revoked")
