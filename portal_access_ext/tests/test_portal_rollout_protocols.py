import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from . import entry_points
from .common import make_admin, make_clerk, make_company_with_contacts
from .security_cases import SecurityCaseMixin

PASSWORD = "Pae-Rollout-Clerk-Pass-1234!"


@tagged("post_install", "-at_install")
class TestPortalRolloutProtocols(SecurityCaseMixin, HttpCase):
    security_family = "Delegation"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = make_clerk(cls.env, "portal_rollout_clerk_rpc", PASSWORD)
        cls.env.company.email = "company@pae-rollout-rpc.example.com"
        cls.company, cls.contacts = make_company_with_contacts(
            cls.env, "Rollout Rpc", 2
        )
        admin = make_admin(cls.env, login="portal_rollout_rpc_admin")
        cls.admin_rollout = (
            cls.env["portal.rollout"]
            .with_user(admin)
            .with_context(active_model="res.partner", active_ids=cls.contacts.ids)
            .create({})
        )

    def _snapshot(self):
        self.env.invalidate_all()
        return (
            self.contacts.with_context(active_test=False).user_ids.ids,
            self.env["portal.rollout.job"].search_count([]),
            self.env["portal.rollout"].search_count([]),
        )

    @mute_logger("odoo.http", "odoo.models")
    def test_clerk_refused_rollout_on_every_entry_point(self):
        """Test that a contact manager without the group can neither open, create
        nor run a rollout, nor read rollouts, on any protocol."""
        user = entry_points.rpc_user(self.env, self.clerk, PASSWORD, api_key=True)
        ids = self.contacts.ids
        calls = [
            ("portal.rollout", "default_get", [], {"fields": ["partner_ids"]}),
            (
                "portal.rollout",
                "create",
                [],
                {"vals_list": [{"partner_ids": [[6, 0, ids]]}]},
            ),
            ("portal.rollout", "action_rollout", [self.admin_rollout.ids], {}),
            ("portal.rollout.job", "search_read", [], {"domain": []}),
        ]
        before = self._snapshot()
        for entry_point in entry_points.ENTRY_POINTS:
            for model, method, args, kwargs in calls:
                if entry_point == "call_button" and method != "action_rollout":
                    continue  # not a button
                with self.subTest(via=entry_point, model=model, method=method):
                    outcome = entry_points.call(
                        self, entry_point, user, model, method, args, kwargs
                    )
                    self.assertBlocked(
                        outcome.kind == "access" and self._snapshot() == before,
                        f"{entry_point} {model}.{method} by a clerk: {outcome}",
                        entry_point=entry_point,
                    )

    @mute_logger("odoo.http", "odoo.models", "odoo.sql_db")
    def test_bad_filter_refused_on_every_entry_point(self):
        """Test that a rollout on a filter naming an unknown field or a value
        the database refuses (a forged context, a stored filter of an
        uninstalled module) gets a clear error naming it on every protocol,
        nothing created."""
        manager = make_admin(self.env, login="portal_rollout_rpc_manager")
        manager.password = PASSWORD
        user = entry_points.rpc_user(self.env, manager, PASSWORD, api_key=True)
        unknown = [["no_such_field", "=", 1]]
        bad_value = [["id", "=", "abc"]]
        calls = [
            (
                "default_get",
                {
                    "fields": ["partner_ids", "partner_domain"],
                    "context": {"active_model": "res.partner", "active_domain": domain},
                },
                named,
            )
            for domain, named in ((unknown, "no_such_field"), (bad_value, "abc"))
        ] + [
            (
                "create",
                {"vals_list": [{"partner_domain": json.dumps(domain)}]},
                named,
            )
            for domain, named in ((unknown, "no_such_field"), (bad_value, "abc"))
        ]
        before = self._snapshot()
        for entry_point in entry_points.ENTRY_POINTS:
            if entry_point == "call_button":
                continue  # no button
            for method, kwargs, named in calls:
                with self.subTest(via=entry_point, method=method, named=named):
                    outcome = entry_points.call(
                        self, entry_point, user, "portal.rollout", method, [], kwargs
                    )
                    self.assertBlocked(
                        outcome.kind == "validation"
                        and "could not be read" in outcome.message
                        and named in outcome.message
                        and self._snapshot() == before,
                        f"{entry_point} {method} {named}: {outcome}",
                        family="Bad input",
                        entry_point=entry_point,
                    )
