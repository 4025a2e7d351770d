"""The delegation bound over RPC and the ORM: a restricted customer
administrator cannot give a colleague (or itself) more kinds of documents
than it sees through any entry point (issue 22 point 1)."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from . import entry_points
from .security_cases import SecurityCaseMixin
from .test_portal_team_delegation_http import bound_setup, kinds_snapshot

LOGIN = "bound_rpc@example.com"
PASSWORD = f"{LOGIN}-Pass-1234!"


@tagged("post_install", "-at_install")
class TestPortalTeamDelegationRpc(SecurityCaseMixin, HttpCase):
    security_family = "Delegation bound"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.email = "company@pae-bound-rpc.example.com"
        bound_setup(cls, "Bound Rpc", "bound_rpc")
        cls.every_kind = cls.bound | cls.outside
        # an invitation waiting for the vendor's approval, with the bound
        cls.pending = cls.env["portal.access.request"]._create_requests(
            [
                {
                    "partner_id": cls.contacts[2].id,
                    "company_partner_id": cls.company.id,
                    "requested_by_id": cls.team_admin.id,
                    "portal_category_ids": [Command.set(cls.bound.ids)],
                }
            ]
        )
        # a line of the vendor's own portal wizard
        cls.vendor_line = (
            cls.env["portal.wizard"]
            .with_context(active_ids=cls.contacts[0].ids, active_model="res.partner")
            .create({})
            .user_ids
        )

    def _snapshot(self):
        return (
            kinds_snapshot(self.env, self.company),
            self.pending.state,
            tuple(self.pending.portal_category_ids.ids),
            tuple(self.vendor_line.portal_category_ids.ids),
            self.vendor_line.in_portal,
        )

    def _calls(self):
        """(label, model, method, ids or None, kwargs): every way to give kinds
        that a portal user could try (record methods take the ids first)."""
        # plain lists: XML-RPC marshals no Command
        every = [[6, 0, self.every_kind.ids]]
        colleague = self.contacts[1].id
        own = self.team_admin.partner_id.id
        forged_invite = {
            "partner_id": self.contacts[0].id,
            "category_ids": self.every_kind.ids,
        }
        return [
            ("colleague's kinds", "res.partner", "write", [colleague],
             {"vals": {"portal_category_ids": every}}),
            ("colleague follows the company", "res.partner", "write", [colleague],
             {"vals": {"portal_category_restrict": False}}),
            ("own kinds", "res.partner", "write", [own],
             {"vals": {"portal_category_ids": every}}),
            ("own restriction lifted", "res.partner", "write", [own],
             {"vals": {"portal_category_restrict": False}}),
            ("new colleague with kinds", "res.partner", "create", None,
             {"vals_list": [{
                 "name": "Bound Rpc New",
                 "parent_id": self.company.id,
                 "portal_category_restrict": True,
                 "portal_category_ids": every,
             }]}),
            ("the team's invitation", "res.users", "_portal_team_invite",
             [self.team_admin.id], {"values": forged_invite}),
            ("the team's kinds check", "res.users", "_portal_team_categories",
             [self.team_admin.id],
             {"company": self.company.id, "category_ids": self.every_kind.ids,
              "problems": []}),
            ("a wizard", "portal.wizard", "create", None, {"vals_list": [{}]}),
            ("a wizard line", "portal.wizard.user", "create", None,
             {"vals_list": [{
                 "wizard_id": self.vendor_line.wizard_id.id,
                 "partner_id": self.contacts[0].id,
                 "email": self.contacts[0].email,
                 "portal_category_ids": every,
             }]}),
            ("the vendor's line's kinds", "portal.wizard.user", "write",
             [self.vendor_line.id], {"vals": {"portal_category_ids": every}}),
            ("the vendor's line's grant", "portal.wizard.user",
             "action_grant_access", [self.vendor_line.id], {}),
            ("the request's kinds", "portal.access.request", "write",
             [self.pending.id], {"vals": {"portal_category_ids": every}}),
            ("the request's approval", "portal.access.request", "action_approve",
             [self.pending.id], {}),
            ("a request", "portal.access.request", "create", None,
             {"vals_list": [{
                 "partner_id": self.contacts[0].id,
                 "company_partner_id": self.company.id,
                 "portal_category_ids": every,
             }]}),
        ]  # fmt: skip

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_model")
    def test_bound_holds_on_every_entry_point(self):
        """Test that the administrator's writes of kinds, on its colleagues, itself, new contacts, wizards and requests, are refused on every entry point and change nothing."""
        user = entry_points.rpc_user(self.env, self.team_admin, PASSWORD, api_key=True)
        before = self._snapshot()
        for entry_point in entry_points.ENTRY_POINTS:
            for label, model, method, ids, kwargs in self._calls():
                args = [ids] if ids is not None else []
                with self.subTest(via=entry_point, case=label):
                    outcome = entry_points.call(
                        self, entry_point, user, model, method, args, kwargs
                    )
                    after = self._snapshot()
                    self.assertBlocked(
                        outcome.kind == "access" and after == before,
                        f"{entry_point} {label}: {outcome}, changed: {after != before}",
                        entry_point=entry_point,
                    )

    @mute_logger("odoo.models")
    def test_bound_holds_in_the_orm(self):
        """Test that the same writes as the administrator in the ORM are refused, and the team's own invitation refuses forged kinds for every kind of invitation."""
        as_admin = self.team_admin.with_user(self.team_admin)
        every = [Command.set(self.every_kind.ids)]
        before = self._snapshot()
        env = as_admin.env
        refused_writes = (
            (env["res.partner"].browse(self.contacts[1].id),
             {"portal_category_ids": every}),
            (env["res.partner"].browse(self.contacts[1].id),
             {"portal_category_restrict": False}),
            (env["res.partner"].browse(self.team_admin.partner_id.id),
             {"portal_category_restrict": False}),
            (env["portal.wizard.user"].browse(self.vendor_line.id),
             {"portal_category_ids": every}),
            (env["portal.access.request"].browse(self.pending.id),
             {"portal_category_ids": every}),
        )  # fmt: skip
        for records, vals in refused_writes:
            with self.subTest(model=records._name, vals=list(vals)):
                with self.assertRaises(AccessError):
                    records.write(vals)
                self.assertBlocked(
                    self._snapshot() == before,
                    f"{records._name} {vals} changed kinds",
                    entry_point="orm",
                )
        for approval in (False, True):
            self.company.portal_team_approval_required = approval
            for values in (
                {"partner_id": self.contacts[0].id},
                {"name": "Bound Orm", "email": "bound.orm@example.com"},
            ):
                for kinds in (self.every_kind.ids, self.outside.ids):
                    with self.subTest(approval=approval, values=values, kinds=kinds):
                        with self.assertRaisesRegex(
                            UserError, "kinds of documents you see yourself"
                        ):
                            as_admin._portal_team_invite(
                                {**values, "category_ids": kinds}
                            )
                        self.assertBlocked(
                            self._snapshot() == before,
                            f"a forged invitation ({values}, {kinds}) changed kinds",
                            entry_point="orm",
                        )
            # every action counts against the administrator's throttle
            self.env["auth.totp.rate.limit.log"].sudo().search([]).unlink()

    def test_colleagues_keep_their_kinds_when_the_admin_is_narrowed(self):
        """Test that colleagues invited before the vendor narrows the administrator keep their kinds until the vendor changes them (README)."""
        as_admin = self.team_admin.with_user(self.team_admin)
        # the administrator sees every kind: its colleague is given them all
        self.team_admin.partner_id.portal_category_restrict = False
        as_admin._portal_team_invite(
            {"partner_id": self.contacts[0].id, "category_ids": self.every_kind.ids}
        )
        self.assertEqual(
            self.contacts[0]._get_portal_visible_categories(), self.every_kind
        )
        # the vendor narrows the administrator to the first kind, then to none
        for narrowed in (self.bound, self.env["portal.document.category"]):
            self.team_admin.partner_id.write(
                {
                    "portal_category_restrict": True,
                    "portal_category_ids": [Command.set(narrowed.ids)],
                    "portal_category_none_confirmed": not narrowed,
                }
            )
            self.env.invalidate_all()
            self.assertEqual(
                self.team_admin._portal_team_grantable_categories(self.company),
                narrowed,
            )
            self.assertEqual(
                self.contacts[0]._get_portal_visible_categories(), self.every_kind
            )
            # the colleague given the bound before keeps it too
            self.assertEqual(
                self.contacts[1]._get_portal_visible_categories(), self.bound
            )
        # until the vendor changes them
        self.contacts[0].write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [Command.set(self.outside[:1].ids)],
            }
        )
        self.assertEqual(
            self.contacts[0]._get_portal_visible_categories(), self.outside[:1]
        )
