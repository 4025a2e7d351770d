from unittest.mock import patch

import psycopg2
import psycopg2.errors

from odoo.exceptions import UserError, ValidationError
from odoo.service.model import retrying
from odoo.tests import BaseCase, tagged
from odoo.tools import mute_logger

from .concurrency import RealTransactionMixin, race, settle
from .security_cases import SecurityCaseMixin


@tagged("post_install", "-at_install", "security_concurrency")
class TestConcurrentGrant(RealTransactionMixin, SecurityCaseMixin, BaseCase):
    """Two admins grant the same contact at the same moment, in two real transactions."""

    security_family = "Concurrency"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.committed_env() as env:
            cls.partner_id = (
                env["res.partner"]
                .create({"name": "Race Contact", "email": "race.contact@example.com"})
                .id
            )

    @classmethod
    def tearDownClass(cls):
        with cls.committed_env() as env:
            partner = env["res.partner"].browse(cls.partner_id)
            partner.with_context(active_test=False).user_ids.unlink()
            partner.unlink()
        super().tearDownClass()

    def _admin_grants(self, ready):
        with self.committed_env(context={"active_ids": [self.partner_id]}) as env:

            def grant():
                line = env["portal.wizard"].create({}).user_ids
                ready()
                line.action_grant_access()

            return settle(
                env.cr,
                lambda: retrying(grant, env),
                (UserError, ValidationError),
                "granted",
            )

    @mute_logger(
        "odoo.sql_db", "odoo.service.model", "odoo.addons.mail.models.mail_mail"
    )
    def test_two_admins_grant_same_contact(self):
        """Test that two simultaneous grants of one contact end with one user and no unhandled error."""
        outcomes = race(2, lambda i, ready: self._admin_grants(ready))
        with self.committed_env() as env:
            users = (
                env["res.users"]
                .with_context(active_test=False)
                .search([("partner_id", "=", self.partner_id)])
            )
            self.assertBlocked(
                len(users) == 1,
                f"{len(users)} users for one contact after a race: {outcomes}",
            )
            self.assertTrue(users._is_portal())
        self.assertEqual(len(outcomes), 2, outcomes)
        self.assertIn("granted", outcomes)
        self.assertBlocked(
            not any(o.startswith("unhandled") for o in outcomes),
            f"an error was left unhandled: {outcomes}",
        )


@tagged("post_install", "-at_install", "security_concurrency")
class TestInterruptedApply(RealTransactionMixin, SecurityCaseMixin, BaseCase):
    """A bulk Apply that meets a database error half-way, in a real transaction
    committed by the same code path as a request (``retrying``): nothing of it
    may remain."""

    security_family = "Concurrency"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.committed_env() as env:
            company = env["res.partner"].create(
                {
                    "name": "Half Way Co",
                    "is_company": True,
                    "email": "info@halfway.example.com",
                }
            )
            contacts = env["res.partner"].create(
                [
                    {
                        "name": f"Half Way {i}",
                        "parent_id": company.id,
                        "email": f"  Half.Way{i}@HalfWay.example.com ",
                    }
                    for i in range(4)
                ]
            )
            # one contact already has access: Apply will revoke it
            env["portal.wizard"].with_context(active_ids=contacts[3].ids).create(
                {}
            ).user_ids.action_grant_access()
            cls.company_id, cls.contact_ids = company.id, contacts.ids

    @classmethod
    def tearDownClass(cls):
        with cls.committed_env() as env:
            partners = env["res.partner"].browse([cls.company_id, *cls.contact_ids])
            partners.with_context(active_test=False).user_ids.unlink()
            env["portal.access.log"].search(
                [("partner_id", "in", partners.ids)]
            ).unlink()
            partners.unlink()
        super().tearDownClass()

    def _snapshot(self):
        with self.committed_env(context={"active_test": False}) as env:
            partners = env["res.partner"].browse(self.contact_ids)
            return {
                "emails": partners.mapped("email"),
                "users": [
                    (u.partner_id.id, u.active, u._is_portal())
                    for u in partners.user_ids.sorted("id")
                ],
                "signup": partners.mapped("signup_type"),
                "logs": env["portal.access.log"].search_count(
                    [("partner_id", "in", self.contact_ids)]
                ),
                "messages": env["mail.message"].search_count(
                    [("model", "=", "res.partner"), ("res_id", "in", self.contact_ids)]
                ),
            }

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_apply_interrupted_leaves_nothing(self):
        """Test that a database error in the middle of a bulk Apply leaves no user,
        email, log or message of it behind."""
        before = self._snapshot()
        Log = self.registry["portal.access.log"]
        original = Log._log_events

        def failing_log_events(self, vals_list, post_note=True):
            # Users created, groups and emails written: now the database fails.
            self.env.cr.execute("SELECT 1 / 0")
            return original(self, vals_list, post_note=post_note)

        error = None
        with patch.object(Log, "_log_events", failing_log_events):
            try:
                with self.committed_env() as env:

                    def apply():
                        wizard = (
                            env["portal.wizard"]
                            .with_context(active_ids=[self.company_id])
                            .create({})
                        )
                        for line in wizard.user_ids:
                            line.in_portal = line.partner_id.id in self.contact_ids[:3]
                        wizard.action_apply()

                    retrying(apply, env)
            except psycopg2.Error as exc:
                error = exc
        self.assertIsInstance(error, psycopg2.errors.DivisionByZero)
        after = self._snapshot()
        self.assertBlocked(after == before, f"half-applied: {before} -> {after}")
