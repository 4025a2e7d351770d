from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from . import entry_points
from .common import make_clerk, make_company_with_contacts, make_portal_user
from .security_cases import SecurityCaseMixin

PASSWORD = "Pae-Clerk-Pass-1234!"


@tagged("post_install", "-at_install")
class TestPortalAccessManagerProtocols(SecurityCaseMixin, HttpCase):
    security_family = "Delegation"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = make_clerk(cls.env, "portal_clerk_rpc", PASSWORD)
        cls.company, cls.contacts = make_company_with_contacts(cls.env, "Clerk Rpc", 2)
        cls.portal = make_portal_user(
            cls.env, cls.contacts[0].email, partner=cls.contacts[0]
        )

    def _snapshot(self):
        self.env.invalidate_all()
        return (
            self.portal.login,
            self.portal.portal_access_expiry_date,
            self.portal.portal_customer_admin,
            self.env["portal.wizard"].search_count([]),
            self.contacts[1].with_context(active_test=False).user_ids.ids,
        )

    @mute_logger("odoo.http", "odoo.models")
    def test_clerk_refused_on_every_entry_point(self):
        """Test that a contact manager without the group is refused the wizard, portal user writes and the log on every protocol."""
        user = entry_points.rpc_user(self.env, self.clerk, PASSWORD, api_key=True)
        calls = [
            ("portal.wizard", "action_open_wizard", [], {}),
            ("portal.wizard", "create", [], {"vals_list": [{}]}),
            (
                "res.users",
                "write",
                [[self.portal.id]],
                {"vals": {"login": "stolen@example.com"}},
            ),
            (
                "res.users",
                "write",
                [[self.portal.id]],
                {"vals": {"portal_access_expiry_date": "2031-01-01"}},
            ),
            (
                "res.users",
                "write",
                [[self.portal.id]],
                {"vals": {"portal_customer_admin": True}},
            ),
            ("portal.access.log", "search_read", [], {"domain": []}),
        ]
        before = self._snapshot()
        for entry_point in entry_points.ENTRY_POINTS:
            for model, method, args, kwargs in calls:
                if entry_point == "call_button" and method == "search_read":
                    continue  # not a button
                with self.subTest(via=entry_point, model=model, method=method):
                    outcome = entry_points.call(
                        self, entry_point, user, model, method, args, kwargs
                    )
                    after = self._snapshot()
                    self.assertBlocked(
                        outcome.kind == "access" and after == before,
                        f"{entry_point} {model}.{method} by a clerk: {outcome}",
                        entry_point=entry_point,
                    )
