"""Portal rollouts and companies: a Portal Access Manager sees the rollouts
started in the companies they work in, none of another company's (the
multi-company record rule of portal.rollout.job)."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .admin_common import AdminCase
from .common import make_company_with_contacts
from .security_cases import SecurityCaseMixin


@tagged("post_install", "-at_install")
class TestPortalRolloutCompany(SecurityCaseMixin, AdminCase):
    security_family = "Isolation"
    security_entry_point = "orm"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create(
            {"name": "Rollout Company B", "email": "company@rollout-b.example.com"}
        )
        cls.manager_b = new_test_user(
            cls.env,
            login="portal_rollout_manager_b",
            groups="base.group_user,base.group_partner_manager,"
            "portal_access_ext.group_portal_access_manager",
            email="portal_rollout_manager_b@example.com",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.manager_ab = new_test_user(
            cls.env,
            login="portal_rollout_manager_ab",
            groups="base.group_user,base.group_partner_manager,"
            "portal_access_ext.group_portal_access_manager",
            email="portal_rollout_manager_ab@example.com",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )

    def start_rollout(self, user, name):
        company, contacts = make_company_with_contacts(self.env, name, 2)
        action = (
            self.env["portal.rollout"]
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=contacts.ids)
            .create({})
            .action_rollout()
        )
        return self.env["portal.rollout.job"].browse(action["res_id"])

    def test_rollout_job_of_another_company_hidden(self):
        """Test that a Portal Access Manager of company B neither finds nor
        reads the rollouts of company A, and sees their own."""
        job_a = self.start_rollout(self.admin, "Rollout Co A")
        job_b = self.start_rollout(self.manager_b, "Rollout Co B")
        self.assertEqual(job_a.company_id, self.company_a)
        self.assertEqual(job_b.company_id, self.company_b)

        Job = self.env["portal.rollout.job"].with_user(self.manager_b)
        found = Job.search([])
        self.assertBlocked(job_a not in found, "search: A's rollout hidden from B")
        self.assertIn(job_b, found)
        self.assertBlocked(
            not Job.search_count([("id", "=", job_a.id)]), "search_count by id"
        )
        try:
            Job.browse(job_a.id).read(["outcome", "total_count"])
            refused = False
        except AccessError:
            refused = True
        self.assertBlocked(refused, "read of A's rollout refused")
        self.assertBlocked(
            not Job.search_read([("id", "=", job_a.id)], ["outcome"]),
            "search_read by id",
        )
        # and the other way round
        self.assertNotIn(
            job_b, self.env["portal.rollout.job"].with_user(self.admin).search([])
        )

    def test_rollout_job_of_both_companies_seen_by_member_of_both(self):
        """Test that a manager working in both companies sees the rollouts of
        both, and a rollout without company is seen by everyone."""
        job_a = self.start_rollout(self.admin, "Rollout Co A2")
        job_b = self.start_rollout(self.manager_b, "Rollout Co B2")
        Job = self.env["portal.rollout.job"].with_user(self.manager_ab)
        self.assertEqual(
            Job.with_context(allowed_company_ids=(self.company_a | self.company_b).ids)
            .search([("id", "in", (job_a | job_b).ids)])
            .ids,
            (job_a | job_b).sorted().ids,
        )
        job_a.sudo().company_id = False  # a rollout started before the rule
        self.assertIn(
            job_a,
            self.env["portal.rollout.job"].with_user(self.manager_b).search([]),
        )
