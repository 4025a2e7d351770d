import threading

from odoo import api
from odoo.exceptions import ValidationError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import make_portal_user
from .security_cases import SecurityCaseMixin

LOGINS = ("Race.Login@Example.com", "  race.login@example.COM ")


@tagged("post_install", "-at_install", "security_concurrency")
class TestConcurrentLoginUniqueness(SecurityCaseMixin, BaseCase):
    """Two transactions create the same login in two letter cases at the same
    moment: the database's unique index refuses the second one."""

    security_family = "Concurrency"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            users = env["res.users"].search(
                [("login", "=ilike", "race.login@example.com")]
            )
            partners = users.partner_id
            users.unlink()
            partners.unlink()
        super().tearDown()

    def _create(self, login, barrier, outcomes):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            # both snapshots are taken before either user exists, so that
            # neither transaction's Python check can see the other's user
            env["res.users"].search_count([("login", "=ilike", "race.login%")])
            barrier.wait(timeout=30)
            try:
                make_portal_user(env, login, email="race.login@example.com")
                # Two real transactions racing is the point: commit the winner.
                cr.commit()  # pylint: disable=invalid-commit
                outcomes.append("created")
            except ValidationError as exc:
                cr.rollback()
                outcomes.append(f"refused: {exc}")
            except Exception as exc:  # anything else is what this test hunts for
                cr.rollback()
                outcomes.append(f"unhandled {type(exc).__name__}: {exc}")

    @mute_logger("odoo.sql_db")
    def test_two_case_variants_at_once(self):
        """Test that two concurrent case/space variants of one login end with one user and a clear error."""
        barrier, outcomes = threading.Barrier(2), []
        threads = [
            threading.Thread(target=self._create, args=(login, barrier, outcomes))
            for login in LOGINS
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            count = env["res.users"].search_count(
                [("login", "=ilike", "race.login@example.com")]
            )
        self.assertBlocked(count == 1, f"{count} users for one login: {outcomes}")
        self.assertEqual(
            sorted(o.split(":")[0] for o in outcomes), ["created", "refused"]
        )
        refused = next(o for o in outcomes if o.startswith("refused"))
        self.assertIn("already used by another user", refused)

    def test_unique_index_exists(self):
        """Test that the case-insensitive login rule is a unique index of the database."""
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'res_users'"
                " AND indexname LIKE 'res_users_pae_login%%'"
            )
            definitions = [row[0] for row in cr.fetchall()]
        self.assertEqual(len(definitions), 1, definitions)
        self.assertIn("UNIQUE", definitions[0])
        self.assertIn("lower(btrim((login)::text))", definitions[0])
