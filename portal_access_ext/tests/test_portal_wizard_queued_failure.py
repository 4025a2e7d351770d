import socket
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_mail_server import IrMail_Server
from odoo.addons.mail.tests.common import MailCommon

from .common import make_admin, make_company_with_contacts


def _closed_port():
    """A local TCP port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@tagged("post_install", "-at_install")
class TestPortalWizardQueuedFailure(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = make_admin(cls.env, login="portal_queue_admin")
        cls.env.company.email = "company@pae-queue.example.com"
        cls.company_partner, cls.contacts = make_company_with_contacts(
            cls.env, "Queue Co", 2
        )
        cls.env["ir.mail_server"].search([]).active = False
        cls.env["ir.mail_server"].create(
            {
                "name": "Unreachable",
                "smtp_host": "127.0.0.1",
                "smtp_port": _closed_port(),
                "smtp_encryption": "none",
            }
        )

    def _wizard(self):
        return (
            self.env["portal.wizard"]
            .with_user(self.admin)
            .with_context(active_ids=self.contacts.ids)
            .create({})
        )

    def _run_mail_queue(self):
        # Odoo never connects to a mail server inside tests: let this queue
        # run make its real SMTP attempt (refused: nothing listens there).
        with (
            patch.object(IrMail_Server, "_disable_send", return_value=False),
            mute_logger("odoo.addons.mail.models.mail_mail"),
        ):
            self.env["mail.mail"].sudo().process_email_queue()

    def _queue_invitations(self):
        wizard = self._wizard()
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        self.env["res.users"]._cron_send_portal_invitations()
        return self.contacts.user_ids

    def test_queued_invitation_failure_marks_user_and_log(self):
        """Test that an invitation the mail queue fails to send marks the user, the log and the wizard line."""
        users = self._queue_invitations()
        mails = self.env["mail.mail"].search(
            [("model", "=", "res.users"), ("res_id", "in", users.ids)]
        )
        self.assertEqual(len(mails), 2)
        self._run_mail_queue()
        self.assertEqual(set(mails.mapped("state")), {"exception"})
        for user in users:
            # the facts are kept, the sentence is composed for its reader
            self.assertEqual(user.portal_invite_error_code, "mail_failed")
            self.assertTrue(user.portal_invite_error)
            self.assertIn("could not be sent", user._get_portal_invite_problem())
            self.assertIn("Re-Invite", user._get_portal_invite_problem())
        logs = self.env["portal.access.log"].search(
            [("partner_id", "in", self.contacts.ids)]
        )
        self.assertEqual(
            sorted(logs.mapped("event")),
            ["grant", "grant", "invite_failed", "invite_failed"],
        )
        # The admin opening the wizard again sees the mark on each line.
        reopened = self._wizard()
        for line in reopened.user_ids:
            self.assertIn("outgoing mail server", line.invite_error)
            self.assertIn("Re-Invite", line.invite_error)
        self.assertIn(self.contacts[0].name, reopened.invite_problems)

    def test_queued_invitation_sent_clears_mark(self):
        """Test that an invitation the mail queue sends clears an earlier failure mark."""
        users = self._queue_invitations()
        users.portal_invite_error = "an earlier failure"
        with self.mock_mail_gateway():
            self.env["mail.mail"].sudo().process_email_queue()
        self.assertEqual(users.mapped("portal_invite_error"), [False, False])
        self.assertEqual(users.mapped("portal_invite_error_code"), [False, False])
        self.assertNotIn(
            "invite_failed",
            self.env["portal.access.log"]
            .search([("partner_id", "in", self.contacts.ids)])
            .mapped("event"),
        )

    def test_failure_mark_is_in_the_admin_language(self):
        """Test that a failure noticed by an English mail queue reads in the French admin's language in the wizard."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["portal_access_ext"], ["fr_FR"]
        )
        self.admin.lang = "fr_FR"
        self._queue_invitations()
        # the queue runs as the scheduled action's user, in English
        with (
            patch.object(IrMail_Server, "_disable_send", return_value=False),
            mute_logger("odoo.addons.mail.models.mail_mail"),
        ):
            self.env["mail.mail"].sudo().with_context(
                lang="en_US"
            ).process_email_queue()
        source = (
            "The invitation email could not be sent (%(reason)s). Check "
            "the outgoing mail server (Settings > Technical > Outgoing "
            "Mail Servers), then click Re-Invite."
        )
        french_env = self.env["res.users"].with_context(lang="fr_FR").env
        english_env = self.env["res.users"].with_context(lang="en_US").env
        reopened = (
            self.env["portal.wizard"]
            .with_user(self.admin)
            .with_context(lang=self.admin.lang, active_ids=self.contacts.ids)
            .create({})
        )
        for line in reopened.user_ids:
            reason = line.user_id.sudo().portal_invite_error
            self.assertTrue(reason)
            french = french_env._(source, reason=reason)
            self.assertEqual(line.invite_error, french)
            self.assertNotEqual(french, english_env._(source, reason=reason))
            self.assertIn("Réinviter", line.invite_error)
        self.assertIn("Réinviter", reopened.invite_problems)
        # the audit row's event reads in the reader's language (a selection);
        # its details are text stored by the English queue
        logs = (
            self.env["portal.access.log"]
            .with_context(lang="fr_FR")
            .search(
                [
                    ("partner_id", "in", self.contacts.ids),
                    ("event", "=", "invite_failed"),
                ]
            )
        )
        self.assertEqual(len(logs), 2)
        self.assertEqual(set(logs.mapped("display_name")), {"Invitation non envoyée"})
        for log in logs:
            self.assertIn("Re-Invite", log.details)
