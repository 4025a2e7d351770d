"""Fixtures of the admin-side tests (wizard, expiry, login change, audit)."""

from odoo.tests import TransactionCase

from .common import make_admin, make_company_with_contacts, make_portal_user


class AdminCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = make_admin(cls.env, login="portal_wizard_admin")
        cls.env.company.email = "company@pae-admin.example.com"
        cls.company, cls.contacts = make_company_with_contacts(cls.env, "Acme Admin", 3)
        cls.group_portal = cls.env.ref("base.group_portal")
        cls.group_readonly = cls.env.ref("portal_access_ext.group_portal_readonly")

    def open_wizard(self, partners, user=None):
        """Open the wizard as the admin does, from the Action menu."""
        return (
            self.env["portal.wizard"]
            .with_user(user or self.admin)
            .with_context(active_ids=partners.ids)
            .create({})
        )

    def line(self, wizard, partner):
        return wizard.user_ids.filtered(lambda line: line.partner_id == partner)

    def make_portal(self, partner, login=None):
        return make_portal_user(
            self.env,
            login or partner.email,
            partner=partner,
            name=partner.name,
            email=partner.email,
        )
