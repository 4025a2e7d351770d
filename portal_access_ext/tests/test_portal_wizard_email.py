import re
from unittest.mock import patch
from urllib.parse import unquote

from lxml import etree
from markupsafe import escape as html_escape

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_mail_server import MailDeliveryException
from odoo.addons.base.models.ir_qweb import IrQweb
from odoo.addons.mail.tests.common import MailCommon

from .common import make_admin, make_company_with_contacts


@tagged("post_install", "-at_install")
class TestPortalWizardEmail(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = make_admin(cls.env, login="portal_mail_admin")
        cls.env.company.email = "company@pae-mail.example.com"
        cls.company_partner, cls.contacts = make_company_with_contacts(
            cls.env, "Mail Co", 2
        )

    def _wizard(self, partners, message=False):
        return (
            self.env["portal.wizard"]
            .with_user(self.admin)
            .with_context(active_ids=partners.ids)
            .create({"welcome_message": message})
        )

    def _invitations(self):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "res.users"),
                    (
                        "res_id",
                        "in",
                        self.contacts.with_context(active_test=False).user_ids.ids,
                    ),
                ]
            )
        )

    def test_bulk_apply_queues_then_queue_sends(self):
        """Test that Apply queues the invitations and the mail queue really sends them."""
        wizard = self._wizard(self.contacts, message="Welcome aboard, dear customer")
        wizard.user_ids.in_portal = True
        job = self.env.ref("portal_access_ext.ir_cron_portal_invitations")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", job.id)])
        with self.mock_mail_gateway():
            wizard.action_apply()
            self.assertFalse(self._mails, "nothing is sent inside the request")
        users = self.contacts.user_ids
        self.assertEqual(len(users), 2)
        self.assertTrue(all(users.mapped("portal_invite_pending")))
        self.assertFalse(self._invitations(), "not even rendered inside the request")
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", job.id)]),
            triggers,
        )
        # the invitation job renders them into the mail queue...
        job.ir_actions_server_id.run()
        queued = self._invitations()
        self.assertEqual(len(queued), 2)
        self.assertEqual(set(queued.mapped("state")), {"outgoing"})
        self.assertFalse(any(users.mapped("portal_invite_pending")))
        for body in queued.mapped("body_html"):
            self.assertIn("Welcome aboard, dear customer", body)
            self.assertIn("/web/signup?", body)
        # ... and the mail queue sends them
        with self.mock_mail_gateway():
            self.env["mail.mail"].sudo().process_email_queue()
        self.assertEqual(set(queued.mapped("state")), {"sent"})
        for partner in self.contacts:
            self.assertSentEmail(
                self.env.company.partner_id.email_formatted, [partner.email_formatted]
            )

    def test_invitation_body_compiled_once_per_batch(self):
        """Test that the invitation job compiles the template body once for many invitations of one language and message, each one still rendered for its own contact (name, signup link)."""
        _company, contacts = make_company_with_contacts(self.env, "Batch Co", 6)
        wizard = self._wizard(contacts, message="One message for all")
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        compiled = []
        generate = IrQweb._generate_code_uncached

        def counting(qweb, template):
            if isinstance(template, etree._Element):
                compiled.append(template)
            return generate(qweb, template)

        with patch.object(IrQweb, "_generate_code_uncached", counting):
            self.env["res.users"]._cron_send_portal_invitations()
        users = contacts.user_ids
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "res.users"), ("res_id", "in", users.ids)])
        )
        self.assertEqual(len(mails), 6)
        self.assertEqual(len(compiled), 1, "one compilation for the six bodies")
        for user in users:
            body = mails.filtered(
                lambda mail, user=user: mail.res_id == user.id
            ).body_html
            self.assertIn(html_escape(user.name), body)
            token = re.search(r"token=([^&\"']+)", body).group(1)
            self.assertEqual(
                self.env["res.partner"]
                .sudo()
                ._signup_retrieve_partner(unquote(token), check_validity=True),
                user.partner_id,
                "the link signs up this contact",
            )
            self.assertIn("One message for all", body)

    def test_revoke_cancels_pending_invitation(self):
        """Test that a revoke before the job ran drops the queued invitation."""
        wizard = self._wizard(self.contacts[0])
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        wizard.user_ids.in_portal = False
        wizard.action_apply()
        self.env["res.users"]._cron_send_portal_invitations()
        self.assertFalse(self._invitations())

    def test_single_grant_sends_at_once(self):
        """Test that a single Grant Access still sends its invitation at once."""
        wizard = self._wizard(self.contacts[0], message="Hello there")
        with self.mock_mail_gateway():
            wizard.user_ids.action_grant_access()
        self.assertSentEmail(
            self.env.company.partner_id.email_formatted,
            [self.contacts[0].email_formatted],
        )
        self.assertIn("Hello there", self._mails[0]["body"])
        self.assertFalse(wizard.user_ids.invite_error)

    def test_reinvite_sends_fresh_link(self):
        """Test that Re-invite sends a new signup link that differs from the first."""
        wizard = self._wizard(self.contacts[0])
        with self.mock_mail_gateway():
            wizard.user_ids.action_grant_access()
            first = self._mails[0]["body"]
            wizard.user_ids.action_invite_again()
            second = self._mails[1]["body"]
        self.assertIn("signup", second)
        self.assertNotEqual(first, second)
        self.assertEqual(
            self.env["portal.access.log"]
            .search([("partner_id", "=", self.contacts[0].id)])
            .mapped("event"),
            ["reinvite", "grant"],
        )

    def test_single_grant_without_sender_tells_admin(self):
        """Test that a grant with no sender address flags the line and the wizard."""
        self.env.company.email = False
        self.env.company.alias_domain_id = False
        self.admin.email = False
        wizard = self._wizard(self.contacts[0])
        with self.mock_mail_gateway():
            wizard.user_ids.action_grant_access()
        self.assertFalse(self._mails)
        self.assertTrue(self.contacts[0].user_ids._is_portal())
        self.assertIn("No sender address", wizard.user_ids.invite_error)
        self.assertIn("No sender address", wizard.invite_problems)

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_single_grant_server_refusal_tells_admin(self):
        """Test that a mail server refusing the invitation is shown on the line."""
        wizard = self._wizard(self.contacts[0])
        with self.mock_mail_gateway():
            self.send_email_mocked.side_effect = MailDeliveryException(
                "Mail Delivery Failed", "550 relay refused"
            )
            wizard.user_ids.action_grant_access()
        self.assertIn("could not be sent", wizard.user_ids.invite_error)
        self.assertIn("550 relay refused", wizard.user_ids.invite_error)
        self.assertIn(self.contacts[0].name, wizard.invite_problems)
