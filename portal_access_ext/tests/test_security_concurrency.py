import threading

from odoo import api
from odoo.exceptions import UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .security_cases import SecurityCaseMixin


@tagged("post_install", "-at_install", "security_concurrency")
class TestConcurrentGrant(SecurityCaseMixin, BaseCase):
    """Two admins grant the same contact at the same moment, in two real transactions."""

    security_family = "Concurrency"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            cls.partner_id = (
                env["res.partner"]
                .create({"name": "Race Contact", "email": "race.contact@example.com"})
                .id
            )

    @classmethod
    def tearDownClass(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            partner = env["res.partner"].browse(cls.partner_id)
            partner.with_context(active_test=False).user_ids.unlink()
            partner.unlink()
        super().tearDownClass()

    def _admin_grants(self, barrier, outcomes):
        with self.registry.cursor() as cr:
            env = api.Environment(
                cr, api.SUPERUSER_ID, {"active_ids": [self.partner_id]}
            )

            def grant():
                line = env["portal.wizard"].create({}).user_ids
                barrier.wait(timeout=30)
                line.action_grant_access()

            try:
                retrying(grant, env)
                # Two real transactions racing is the point: the winner's grant
                # must be committed for the loser to collide with it.
                cr.commit()  # pylint: disable=invalid-commit
                outcomes.append("granted")
            except (UserError, ValidationError) as exc:
                outcomes.append(f"refused: {exc}")
            except Exception as exc:  # anything else is what this test hunts for
                outcomes.append(f"unhandled {type(exc).__name__}: {exc}")

    @mute_logger(
        "odoo.sql_db", "odoo.service.model", "odoo.addons.mail.models.mail_mail"
    )
    def test_two_admins_grant_same_contact(self):
        """Test that two simultaneous grants of one contact end with one user and no unhandled error."""
        barrier, outcomes = threading.Barrier(2), []
        threads = [
            threading.Thread(target=self._admin_grants, args=(barrier, outcomes))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
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
