from odoo import Command
from odoo.tests import Form, tagged

from .admin_common import AdminCase


@tagged("post_install", "-at_install")
class TestPortalReadonlyCheckbox(AdminCase):
    def test_user_form_shows_readonly_checkbox_outside_debug(self):
        """Test that the user form offers 'Read-only Portal' without debug mode."""
        arch = (
            self.env["res.users"]
            .with_user(self.admin)
            .get_view(self.env.ref("base.view_users_form").id, "form")["arch"]
        )
        self.assertIn('name="portal_readonly"', arch)
        self.assertNotIn("group_no_one", arch.split('name="portal_readonly"')[0][-400:])

    def test_readonly_checkbox_adds_and_removes_group(self):
        """Test that ticking and unticking 'Read-only Portal' on the form sets the group."""
        user = self.make_portal(self.contacts[0])
        self.assertNotIn(self.group_readonly, user.group_ids)
        form = Form(user.with_user(self.admin), view="base.view_users_form")
        self.assertFalse(form.portal_readonly)
        form.portal_readonly = True
        form.save()
        self.assertIn(self.group_readonly, user.group_ids)
        self.assertIn(self.group_portal, user.group_ids)
        form = Form(user.with_user(self.admin), view="base.view_users_form")
        self.assertTrue(form.portal_readonly)
        form.portal_readonly = False
        form.save()
        self.assertNotIn(self.group_readonly, user.group_ids)
        self.assertTrue(user._is_portal())

    def test_stock_group_change_reflected_in_checkbox(self):
        """Test that the group set through stock's groups field shows in the checkbox."""
        user = self.make_portal(self.contacts[1])
        user.with_user(self.admin).write(
            {"group_ids": [Command.link(self.group_readonly.id)]}
        )
        self.assertTrue(user.with_user(self.admin).portal_readonly)
        user.with_user(self.admin).write(
            {"group_ids": [Command.unlink(self.group_readonly.id)]}
        )
        self.assertFalse(user.with_user(self.admin).portal_readonly)
