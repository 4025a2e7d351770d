from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from . import entry_points
from .common import make_clerk, make_portal_user
from .security_cases import SecurityCaseMixin

PASSWORD = "Pae-Paths-Rpc-Pass-1234!"
MESSAGE = "Portal Access Manager"


@tagged("post_install", "-at_install")
class TestPortalAccessManagerPathsProtocols(SecurityCaseMixin, HttpCase):
    """Test that making, reviving or turning a user into a portal user is
    refused, over every RPC entry point, to a user without the group."""

    security_family = "Manager group"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_portal = cls.env.ref("base.group_portal")
        cls.group_user = cls.env.ref("base.group_user")
        cls.clerk = make_clerk(cls.env, "pae_paths_rpc_clerk", PASSWORD)
        cls.archived = make_portal_user(cls.env, "pae-rpc-archived@example.com")
        cls.archived.active = False
        cls.portal = make_portal_user(cls.env, "pae-rpc-portal@example.com")
        cls.employee = new_test_user(
            cls.env, login="pae_paths_rpc_employee", groups="base.group_user"
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Rpc Contact", "email": "pae-rpc-contact@example.com"}
        )
        cls.plain_group = cls.env["res.groups"].create({"name": "PAE Rpc Plain"})
        # an external id, as an import updating the archived user finds it
        cls.env["ir.model.data"].create(
            {
                "module": "__import__",
                "name": "pae_rpc_archived",
                "model": "res.users",
                "res_id": cls.archived.id,
            }
        )

    def _snapshot(self):
        self.env.invalidate_all()
        users = self.env["res.users"].with_context(active_test=False)
        return (
            self.archived.active,
            users.search_count([("login", "like", "pae-rpc-new%")]),
            self.employee.group_ids.ids,
            self.group_portal.user_ids.ids,
            self.plain_group.implied_ids.ids,
            self.env["res.groups"].search_count([("name", "like", "PAE Rpc%")]),
        )

    def _create(self, entry_point, vals_list, **kwargs):
        """The args and kwargs of a create: JSON-2 takes keyword arguments
        only, stock's call_kw answers the ids from a positional argument."""
        if entry_point == "json2":
            return [], {"vals_list": vals_list, **kwargs}
        return [vals_list], kwargs

    def _calls(self, entry_point):
        """(label, model, method, args, kwargs) of every path but the import."""
        new_portal = {
            "name": "Rpc New",
            "login": "pae-rpc-new@example.com",
            "group_ids": [[6, 0, [self.group_portal.id]]],
        }
        revive = {"vals": {"active": True}}
        return [
            ("revive write", "res.users", "write", [[self.archived.id]], revive),
            (
                "revive button",
                "res.users",
                "action_unarchive",
                [[self.archived.id]],
                {},
            ),
            (
                "revive form",
                "res.users",
                "web_save",
                [[self.archived.id]],
                {**revive, "specification": {}},
            ),
            ("create", "res.users", "create", *self._create(entry_point, [new_portal])),
            (
                "create string id",
                "res.users",
                "create",
                *self._create(
                    entry_point,
                    [{**new_portal, "group_ids": [[4, str(self.group_portal.id)]]}],
                ),
            ),
            (
                "copy",
                "res.users",
                "copy",
                [[self.portal.id]],
                {"default": {"login": "pae-rpc-new-copy@example.com"}},
            ),
            (
                "create by default groups",
                "res.users",
                "create",
                *self._create(
                    entry_point,
                    [{"name": "Rpc New", "login": "pae-rpc-new-default@example.com"}],
                    context={"default_group_ids": [[6, 0, [self.group_portal.id]]]},
                ),
            ),
            (
                "create from the contact",
                "res.partner",
                "write",
                [[self.contact.id]],
                {
                    "vals": {
                        "user_ids": [
                            [0, 0, {**new_portal, "login": "pae-rpc-new-c@example.com"}]
                        ]
                    }
                },
            ),
            (
                "group made to imply portal",
                "res.groups",
                "write",
                [[self.plain_group.id]],
                {"vals": {"implied_ids": [[4, self.group_portal.id]]}},
            ),
            (
                "group created implying portal",
                "res.groups",
                "create",
                *self._create(
                    entry_point,
                    [
                        {
                            "name": "PAE Rpc Portal Kind",
                            "implied_ids": [[4, self.group_portal.id]],
                        }
                    ],
                ),
            ),
            (
                "revive from the contact",
                "res.partner",
                "write",
                [[self.archived.partner_id.id]],
                {"vals": {"user_ids": [[1, self.archived.id, {"active": True}]]}},
            ),
            (
                "create form",
                "res.users",
                "web_save",
                [[]],
                {"vals": new_portal, "specification": {}},
            ),
            (
                "employee to portal",
                "res.users",
                "write",
                [[self.employee.id]],
                {
                    "vals": {
                        "group_ids": [
                            [3, self.group_user.id],
                            [4, self.group_portal.id],
                        ]
                    }
                },
            ),
            (
                "group membership",
                "res.groups",
                "write",
                [[self.group_portal.id]],
                {"vals": {"user_ids": [[4, self.employee.id]]}},
            ),
        ]

    def _imports(self):
        """(label, load kwargs): a new portal user, an archived one revived."""
        return [
            (
                "import new",
                {
                    "fields": ["name", "login", "group_ids/id"],
                    "data": [
                        [
                            "Rpc Import",
                            "pae-rpc-new-import@example.com",
                            "base.group_portal",
                        ]
                    ],
                },
            ),
            (
                "import revive",
                {
                    "fields": ["id", "active"],
                    "data": [["__import__.pae_rpc_archived", "True"]],
                },
            ),
        ]

    @mute_logger("odoo.http", "odoo.models")
    def test_paths_refused_on_every_entry_point(self):
        """Test that the revive, create, group changes are refused with the message on every protocol."""
        user = entry_points.rpc_user(self.env, self.clerk, PASSWORD, api_key=True)
        before = self._snapshot()
        for entry_point in entry_points.ENTRY_POINTS:
            for label, model, method, args, kwargs in self._calls(entry_point):
                with self.subTest(via=entry_point, path=label):
                    outcome = entry_points.call(
                        self, entry_point, user, model, method, args, kwargs
                    )
                    self.assertBlocked(
                        outcome.kind == "access"
                        and MESSAGE in (outcome.message or "")
                        and self._snapshot() == before,
                        f"{entry_point} {label} by a clerk: {outcome}",
                        entry_point=entry_point,
                    )

    @mute_logger("odoo.http", "odoo.models")
    def test_import_refused_on_every_entry_point(self):
        """Test that an import of a portal user answers the message and creates nothing on every protocol."""
        user = entry_points.rpc_user(self.env, self.clerk, PASSWORD, api_key=True)
        before = self._snapshot()
        for entry_point in entry_points.ENTRY_POINTS:
            for label, kwargs in self._imports():
                with self.subTest(via=entry_point, path=label):
                    outcome = entry_points.call(
                        self, entry_point, user, "res.users", "load", [], kwargs
                    )
                    result = outcome.result or {}
                    self.assertBlocked(
                        outcome.kind == "ok"
                        and not result.get("ids")
                        and MESSAGE in str(result.get("messages"))
                        and self._snapshot() == before,
                        f"{entry_point} {label} by a clerk: {outcome}",
                        entry_point=entry_point,
                    )

    def test_manager_passes_on_every_entry_point(self):
        """Test that the same clerk, given the group, revives and creates over every protocol."""
        self.clerk.group_ids = [
            Command.link(
                self.env.ref("portal_access_ext.group_portal_access_manager").id
            )
        ]
        user = entry_points.rpc_user(self.env, self.clerk, PASSWORD, api_key=True)
        for index, entry_point in enumerate(entry_points.ENTRY_POINTS):
            with self.subTest(via=entry_point):
                self.archived.active = False
                # stock's /xmlrpc/2 cannot answer action_unarchive's None
                method, kwargs = (
                    ("write", {"vals": {"active": True}})
                    if entry_point == "xmlrpc"
                    else ("action_unarchive", {})
                )
                outcome = entry_points.call(
                    self,
                    entry_point,
                    user,
                    "res.users",
                    method,
                    [[self.archived.id]],
                    kwargs,
                )
                self.assertEqual(outcome.kind, "ok", outcome)
                self.env.invalidate_all()
                self.assertTrue(self.archived.active)
                login = f"pae-rpc-made-{index}@example.com"
                vals = {
                    "name": login,
                    "login": login,
                    "group_ids": [[6, 0, [self.group_portal.id]]],
                }
                outcome = entry_points.call(
                    self,
                    entry_point,
                    user,
                    "res.users",
                    "create",
                    *self._create(entry_point, [vals]),
                )
                self.assertEqual(outcome.kind, "ok", outcome)
                made = self.env["res.users"].search([("login", "=", login)])
                self.assertTrue(made._is_portal())
