from odoo.exceptions import ValidationError
from odoo.tests import BaseCase, tagged
from odoo.tools import mute_logger

from .common import make_portal_user
from .concurrency import RealTransactionMixin, race, settle
from .security_cases import SecurityCaseMixin

LOGINS = ("Race.Login@Example.com", "  race.login@example.COM ")


@tagged("post_install", "-at_install", "security_concurrency")
class TestConcurrentLoginUniqueness(RealTransactionMixin, SecurityCaseMixin, BaseCase):
    """Two transactions create the same login in two letter cases at the same
    moment: the database's unique index refuses the second one."""

    security_family = "Concurrency"

    def tearDown(self):
        with self.committed_env(context={"active_test": False}) as env:
            users = env["res.users"].search(
                [("login", "=ilike", "race.login@example.com")]
            )
            partners = users.partner_id
            users.unlink()
            partners.unlink()
        super().tearDown()

    def _create(self, login, ready):
        with self.committed_env() as env:
            # both snapshots are taken before either user exists, so that
            # neither transaction's Python check can see the other's user
            env["res.users"].search_count([("login", "=ilike", "race.login%")])
            ready()
            return settle(
                env.cr,
                lambda: make_portal_user(env, login, email="race.login@example.com"),
                ValidationError,
                "created",
            )

    @mute_logger("odoo.sql_db")
    def test_two_case_variants_at_once(self):
        """Test that two concurrent case/space variants of one login end with one user and a clear error."""
        outcomes = race(2, lambda i, ready: self._create(LOGINS[i], ready))
        with self.committed_env(context={"active_test": False}) as env:
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
                " AND indexname LIKE 'res_users_portal_login%%'"
            )
            definitions = [row[0] for row in cr.fetchall()]
        self.assertEqual(len(definitions), 1, definitions)
        self.assertIn("UNIQUE", definitions[0])
        self.assertIn("lower(btrim((login)::text))", definitions[0])
