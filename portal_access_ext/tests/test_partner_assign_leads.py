"""website_crm_partner_assign's portal: a reseller reads the leads assigned to
it, whoever their customer is, as stock lets it; the kinds chosen for it apply
to those leads too (web database profile only)."""

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import make_company_with_contacts, make_portal_user


@tagged("post_install", "-at_install")
class TestPartnerAssignLeads(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "partner_assigned_id" not in cls.env["crm.lead"]._fields:
            cls.skipTest(cls, "website_crm_partner_assign is not installed")
        cls.reseller, reseller_contacts = make_company_with_contacts(
            cls.env, "Pa Reseller", 1
        )
        cls.other_reseller, other_contacts = make_company_with_contacts(
            cls.env, "Pa Other Reseller", 1
        )
        cls.customer, _customer_contacts = make_company_with_contacts(
            cls.env, "Pa End Customer", 1
        )
        cls.user = make_portal_user(
            cls.env, "pa.reseller@example.com", partner=reseller_contacts
        )
        cls.other_user = make_portal_user(
            cls.env, "pa.other@example.com", partner=other_contacts
        )
        cls.lead, cls.opportunity = cls.env["crm.lead"].create(
            [
                {
                    "name": f"Pa assigned {kind}",
                    "type": kind,
                    "partner_id": cls.customer.id,
                    "partner_assigned_id": cls.reseller.id,
                }
                for kind in ("lead", "opportunity")
            ]
        )

    def _open(self, user, url):
        self.authenticate(user.login, f"{user.login}-Pass-1234!")
        with mute_logger("odoo.http"):
            return self.url_open(url)

    def test_reseller_reads_its_assigned_leads(self):
        """Test that a reseller lists and opens the leads and opportunities assigned to it, of another customer."""
        for url, record in (
            ("/my/leads", self.lead),
            ("/my/opportunities", self.opportunity),
            (f"/my/lead/{self.lead.id}", self.lead),
            (f"/my/opportunity/{self.opportunity.id}", self.opportunity),
        ):
            with self.subTest(url=url):
                page = self._open(self.user, url)
                self.assertEqual(page.status_code, 200, url)
                self.assertIn(record.name, page.text, url)

    def test_other_reseller_reads_none(self):
        """Test that a reseller never reads the leads assigned to another one."""
        for url, record in (
            ("/my/opportunities", self.opportunity),
            (f"/my/opportunity/{self.opportunity.id}", self.opportunity),
        ):
            with self.subTest(url=url):
                page = self._open(self.other_user, url)
                self.assertNotIn(record.name, page.text, url)

    def test_hidden_assigned_kinds_hide_the_pages(self):
        """Test that a reseller whose chosen kinds leave out assigned opportunities gets no opportunity page."""
        leads_only = self.env.ref(
            "portal_access_ext.portal_document_category_crm_assigned_lead"
        )
        self.reseller.write(
            {"portal_category_restrict": True, "portal_category_ids": leads_only.ids}
        )
        self.assertEqual(self._open(self.user, "/my/opportunities").status_code, 404)
        page = self._open(self.user, f"/my/opportunity/{self.opportunity.id}")
        self.assertNotIn(self.opportunity.name, page.text)
        page = self._open(self.user, f"/my/lead/{self.lead.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.lead.name, page.text)
