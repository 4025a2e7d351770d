import threading

from odoo import api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import make_company_with_contacts, make_customer_admin
from .security_cases import SecurityCaseMixin


@tagged("post_install", "-at_install", "security_concurrency")
class TestTeamSeatRace(SecurityCaseMixin, BaseCase):
    """A customer administrator sends two invitations at the same moment, in
    two real transactions, with one seat left: one is refused."""

    security_family = "Concurrency"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env.company.email = env.company.email or "company@pae-race.example.com"
            company, contacts = make_company_with_contacts(env, "Seat Race", 2)
            # the administrator takes one seat: one is left
            admin = make_customer_admin(env, company, "pae_seat_race", max_users=2)
            cls.company_id, cls.contact_ids, cls.admin_id = (
                company.id,
                contacts.ids,
                admin.id,
            )

    @classmethod
    def tearDownClass(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            partners = env["res.partner"].search(
                [("commercial_partner_id", "=", cls.company_id)]
            )
            env["portal.access.log"].search(
                [("partner_id", "in", partners.ids)]
            ).unlink()
            env["auth.totp.rate.limit.log"].search(
                [("user_id", "=", cls.admin_id)]
            ).unlink()
            partners.with_context(active_test=False).user_ids.unlink()
            partners.filtered(lambda p: not p.is_company).unlink()
            partners.unlink()
        super().tearDownClass()

    def _invite(self, partner_id, barrier, outcomes):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.admin_id, {})

            def invite():
                env.user._portal_team_invite({"partner_id": partner_id})

            barrier.wait(timeout=30)
            try:
                # as a request runs it: retried on a serialization failure
                retrying(invite, env)
                cr.commit()  # pylint: disable=invalid-commit
                outcomes.append("invited")
            except UserError as exc:
                cr.rollback()
                outcomes.append(f"refused: {exc}")
            except Exception as exc:  # anything else is what this test hunts for
                cr.rollback()
                outcomes.append(f"unhandled {type(exc).__name__}: {exc}")

    @mute_logger(
        "odoo.sql_db", "odoo.service.model", "odoo.addons.mail.models.mail_mail"
    )
    def test_last_seat_taken_once(self):
        """Test that two simultaneous invitations for the last seat end with one portal user more."""
        barrier, outcomes = threading.Barrier(2), []
        threads = [
            threading.Thread(target=self._invite, args=(pid, barrier, outcomes))
            for pid in self.contact_ids
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            seats = env["res.users"].search_count(
                [
                    ("partner_id.commercial_partner_id", "=", self.company_id),
                    ("share", "=", True),
                ]
            )
        self.assertEqual(len(outcomes), 2, outcomes)
        self.assertBlocked(
            seats == 2 and outcomes.count("invited") == 1,
            f"{seats} portal users for 2 seats after a race: {outcomes}",
        )
        self.assertTrue(any("maximum" in o for o in outcomes), outcomes)
