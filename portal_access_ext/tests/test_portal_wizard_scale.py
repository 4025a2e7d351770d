"""Opening the portal-access wizard on companies whose contacts already have
portal access: the similar-user check follows the lines, not every line against every user."""

from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from odoo.addons.portal.wizard.portal_wizard import PortalWizardUser

from .admin_common import AdminCase
from .common import make_company_with_contacts


@tagged("post_install", "-at_install")
class TestPortalWizardScale(AdminCase):
    def _give_access(self, partners):
        portal = self.env.ref("base.group_portal")
        self.env["res.users"].with_context(no_reset_password=True).create(
            [
                {
                    "login": partner.email,
                    "name": partner.name,
                    "partner_id": partner.id,
                    "group_ids": [Command.set(portal.ids)],
                }
                for partner in partners
            ]
        )

    def test_similar_user_hook_called_per_line_not_per_pair(self):
        """Test that opening on 30 contacts with access calls the similar-user hook about once per line."""
        company, contacts = make_company_with_contacts(self.env, "Scale Co", 30)
        self._give_access(contacts)
        original = PortalWizardUser._is_portal_similar_than_user
        calls = []

        def counted(wizard_user, user, portal_user):
            calls.append(user["id"])
            return original(wizard_user, user, portal_user)

        with patch.object(PortalWizardUser, "_is_portal_similar_than_user", counted):
            wizard = self.open_wizard(company)
            states = wizard.user_ids.mapped("email_state")
        self.assertLessEqual(len(calls), len(wizard.user_ids))
        # each contact's own user is not "another user with this email"
        self.assertNotIn("exist", states)

    def test_email_of_another_user_still_exists(self):
        """Test that a contact whose email is another user's login (any case) is flagged."""
        company, contacts = make_company_with_contacts(self.env, "Scale Dup", 3)
        self._give_access(contacts[1:])
        contacts[0].email = contacts[1].email.upper()
        wizard = self.open_wizard(company)
        self.assertEqual(self.line(wizard, contacts[0]).email_state, "exist")
        self.assertEqual(self.line(wizard, contacts[1]).email_state, "ok")
