"""The admin screens' wording and layout: audit log labels and colours, the
user form's login and email labels, the two-factor settings side by side."""

from lxml import etree

from odoo.tests import tagged

from .admin_common import AdminCase


@tagged("post_install", "-at_install")
class TestAdminScreens(AdminCase):
    def _arch(self, model, view_xmlid, view_type="form"):
        view = self.env.ref(view_xmlid)
        arch = (
            self.env[model].with_user(self.admin).get_view(view.id, view_type)["arch"]
        )
        return etree.fromstring(arch)

    def test_log_breadcrumb_shows_event_label(self):
        """Test that a log record's display name is its event's label, not its key."""
        wizard = self.open_wizard(self.contacts[0])
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        wizard.user_ids.with_context(portal_confirm_revoke=False).action_revoke_access()
        log = self.env["portal.access.log"].search(
            [("partner_id", "=", self.contacts[0].id), ("event", "=", "revoke")]
        )
        self.assertEqual(log.with_user(self.admin).display_name, "Access revoked")

    def test_log_list_colours_every_event(self):
        """Test that the log list shows every event as an unwrapped badge with a colour."""
        arch = self._arch(
            "portal.access.log", "portal_access_ext.portal_access_log_view_list", "list"
        )
        event = arch.find(".//field[@name='event']")
        self.assertEqual(event.get("widget"), "badge")
        self.assertIn("text-nowrap", event.get("class"))
        decorations = " ".join(
            value
            for key, value in event.attrib.items()
            if key.startswith("decoration-")
        )
        keys = dict(self.env["portal.access.log"]._fields["event"].selection)
        for key in keys:
            self.assertIn(f"'{key}'", decorations, f"event {key} has no colour")

    def test_user_form_names_login_and_email(self):
        """Test that the user form labels the login and the contact's email."""
        arch = self._arch("res.users", "base.view_users_form")
        labels = {
            span.text.strip()
            for span in arch.iter("span")
            if "o_portal_login_label" in (span.get("class") or "")
            or "o_portal_email_label" in (span.get("class") or "")
        }
        self.assertEqual(labels, {"Login", "Contact Email"})

    def test_two_factor_settings_side_by_side(self):
        """Test that the portal two-factor setting follows stock's, with the sentence relating them."""
        arch = self._arch("res.config.settings", "base.res_config_settings_view_form")
        stock = arch.find(".//setting[@id='auth_totp_policy']")
        ours = stock.getnext()
        self.assertEqual(ours.get("id"), "portal_totp_required")
        relation = [
            div
            for div in ours.iter("div")
            if "o_portal_totp_relation" in (div.get("class") or "")
        ]
        self.assertEqual(len(relation), 1)
        text = " ".join("".join(relation[0].itertext()).split())
        self.assertIn('Odoo\'s "Enforce two-factor authentication", next to it', text)
