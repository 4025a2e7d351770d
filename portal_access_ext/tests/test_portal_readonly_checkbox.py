from lxml import etree

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
        nodes = etree.fromstring(arch).xpath("//field[@name='portal_readonly']")
        self.assertTrue(nodes, "the checkbox is not on the user form")
        # get_view turns groups="base.group_no_one" into __debug__ attributes
        for node in nodes[0].iterancestors(tag=None):
            self.assertNotIn("__debug__", node.attrib, node.tag)
        self.assertNotIn("__debug__", nodes[0].attrib)

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
