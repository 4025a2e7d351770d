from unittest.mock import patch

from odoo.tests import tagged

from .admin_common import AdminCase

HOOKS = (
    "action_grant_access",
    "_create_user",
    "_send_email",
    "_create_user_from_template",
)


@tagged("post_install", "-at_install")
class TestPortalWizardHooks(AdminCase):
    """Another module's overrides of stock's extension points run for Apply as
    for a line's button (portal_access_ext_test_hooks records each call)."""

    def setUp(self):
        super().setUp()
        self.assertIn(
            "portal.test.hook.mark",
            self.env,
            "portal_access_ext_test_hooks is not installed: scripts/test.sh "
            "installs it in the test database",
        )
        self.Mark = self.env["portal.test.hook.mark"]

    def _marks(self, partner):
        return self.Mark.search([("partner_id", "=", partner.id)])

    def test_overrides_run_for_apply_and_button(self):
        """Test that overrides of the grant's hooks run for Apply's contacts, in one
        call for all of them, and for a contact granted by its line's button."""
        wizard = self.open_wizard(self.company)
        for partner in self.contacts[:2]:
            self.line(wizard, partner).in_portal = True
        wizard.action_apply()
        for partner in self.contacts[:2]:
            marks = self._marks(partner)
            self.assertEqual(sorted(marks.mapped("hook")), sorted(HOOKS))
            self.assertEqual(set(marks.mapped("batch_size")), {2}, "one batch call")
            self.assertTrue(partner.user_ids._is_portal())
            self.assertTrue(partner.user_ids.portal_invite_pending, "queued")

        wizard = self.open_wizard(self.contacts[2])
        wizard.user_ids.action_grant_access()
        marks = self._marks(self.contacts[2])
        self.assertEqual(sorted(marks.mapped("hook")), sorted(HOOKS))
        self.assertEqual(set(marks.mapped("batch_size")), {1})
        self.assertFalse(self.contacts[2].user_ids.portal_invite_pending, "sent")

    def test_similar_users_hooks_scope_the_clash_check(self):
        """Test that the clash check of the wizard goes through stock's
        similar-users hooks (which website scopes per website)."""
        other = self.env["res.partner"].create(
            {"name": "Other Site Owner", "email": "owner@example.com"}
        )
        owner = self.make_portal(other, login="Shared.Login@Example.com")
        wizard = self.open_wizard(self.contacts[0])
        line = wizard.user_ids
        line.email = " shared.login@example.COM"
        self.assertEqual(line.email_state, "exist")
        self.assertTrue(line._get_grant_problems(check_sender=False))

        Line = type(self.env["portal.wizard.user"])
        stock_domain = Line._get_similar_users_domain

        def other_website(line_self, portal_users_with_email):
            # as website does: the owner's login lives on another website
            domain = stock_domain(line_self, portal_users_with_email)
            return [*domain, ("id", "!=", owner.id)]

        with patch.object(Line, "_get_similar_users_domain", other_website):
            line.invalidate_recordset(["email_state"])
            self.assertEqual(line.email_state, "ok")
            self.assertFalse(line._get_grant_problems(check_sender=False))

    def test_bulk_revoke_saves_the_edited_email(self):
        """Test that Apply's revoke saves an email edited on the line, as stock's does."""
        user = self.make_portal(self.contacts[0])
        wizard = self.open_wizard(self.contacts[0])
        line = wizard.user_ids
        line.write({"in_portal": False, "email": "corrected@example.com"})
        wizard.action_apply()
        self.assertFalse(user.active)
        self.assertEqual(self.contacts[0].email, "corrected@example.com")
        self.assertFalse(self.contacts[0].signup_type)

    def test_overrides_below_ours_get_one_line_per_call(self):
        """Test that when another module below ours overrides the grant's hooks,
        Apply calls them once per line and still queues the invitations."""
        below = "odoo.addons.portal_access_ext.%s._next_is_stock"
        with (
            patch(below % "wizard.portal_wizard_user", return_value=False),
            patch(below % "models.res_users", return_value=False),
        ):
            wizard = self.open_wizard(self.company)
            for partner in self.contacts[:2]:
                self.line(wizard, partner).in_portal = True
            wizard.action_apply()
        for partner in self.contacts[:2]:
            self.assertTrue(partner.user_ids._is_portal())
            self.assertTrue(partner.user_ids.portal_invite_pending, "queued")
            sizes = {mark.hook: mark.batch_size for mark in self._marks(partner)}
            self.assertEqual(
                sizes,
                {
                    "action_grant_access": 2,  # the test addon is above ours
                    "_create_user": 1,
                    "_create_user_from_template": 1,
                    "_send_email": 1,
                },
            )
