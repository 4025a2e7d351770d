from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import BaseCase, tagged
from odoo.tools import mute_logger

from .common import make_company_with_contacts, make_customer_admin
from .concurrency import RealTransactionMixin, race, settle
from .security_cases import SecurityCaseMixin


@tagged("post_install", "-at_install", "security_concurrency")
class TestTeamSeatRace(RealTransactionMixin, SecurityCaseMixin, BaseCase):
    """A customer administrator sends two invitations at the same moment, in
    two real transactions, with one seat left: one is refused."""

    security_family = "Concurrency"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.committed_env() as env:
            env.company.email = env.company.email or "company@pae-race.example.com"
            company, contacts = make_company_with_contacts(env, "Seat Race", 2)
            # the administrator takes one seat: one is left
            admin = make_customer_admin(env, company, "portal_seat_race", max_users=2)
            cls.company_id, cls.contact_ids, cls.admin_id = (
                company.id,
                contacts.ids,
                admin.id,
            )

    @classmethod
    def tearDownClass(cls):
        with cls.committed_env() as env:
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

    def _invite(self, partner_id, ready):
        with self.committed_env(self.admin_id) as env:

            def invite():
                env.user._portal_team_invite({"partner_id": partner_id})

            ready()
            # as a request runs it: retried on a serialization failure
            return settle(env.cr, lambda: retrying(invite, env), UserError, "invited")

    @mute_logger(
        "odoo.sql_db", "odoo.service.model", "odoo.addons.mail.models.mail_mail"
    )
    def test_last_seat_taken_once(self):
        """Test that two simultaneous invitations for the last seat end with one portal user more."""
        outcomes = race(2, lambda i, ready: self._invite(self.contact_ids[i], ready))
        with self.committed_env() as env:
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
