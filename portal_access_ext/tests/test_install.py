from odoo.modules.module import get_manifest
from odoo.tests import HttpCase, TransactionCase, tagged

from .common import make_portal_user


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_module_installed(self):
        """Test that the addon is installed at its manifest's version."""
        module = self.env["ir.module.module"].search(
            [("name", "=", "portal_access_ext")]
        )
        self.assertEqual(module.state, "installed")
        self.assertEqual(
            module.latest_version, get_manifest("portal_access_ext")["version"]
        )

    def test_depends_installed(self):
        """Test that every stock module the addon builds on is installed."""
        names = [
            "portal",
            "auth_signup",
            "auth_totp_portal",
            "auth_totp_mail",
            "payment",
        ]
        modules = self.env["ir.module.module"].search([("name", "in", names)])
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), len(names))

    def test_readonly_group_exists(self):
        """Test that the read-only portal group is created."""
        group = self.env.ref("portal_access_ext.group_portal_readonly")
        self.assertEqual(group.name, "Portal: read-only")


@tagged("post_install", "-at_install")
class TestPortalLoginTour(HttpCase):
    def test_portal_customer_reaches_my(self):
        """Test that a portal customer logs in through the browser and reaches /my."""
        make_portal_user(
            self.env,
            "pae_tour_customer@example.com",
            name="Tour Customer",
            password="Tour-Customer-Pass-1!",
        )
        self.start_tour("/web/login", "portal_access_ext_login")
