"""Project sharing and the read-only portal together.

A collaborator with edit rights (Project > Share > Edit) creates and edits
the tasks and subtasks of the shared project as on stock, though no follower
of its company is on them; a read-only member who is also an edit
collaborator reads them and changes none; a limited-access collaborator
keeps stock's narrower rights; a collaborator sees nothing of a project it
is not a collaborator of; a hidden Tasks category still wins."""

import unittest

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from . import entry_points
from .common import make_company_with_contacts, make_portal_user
from .security_cases import SecurityCaseMixin

RPC_ENTRY_POINTS = ("call_kw", "jsonrpc", "xmlrpc", "json2")


@tagged("post_install", "-at_install")
class TestProjectSharingReadonly(SecurityCaseMixin, HttpCase):
    security_family = "Writes"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "project.collaborator" not in cls.env:
            raise unittest.SkipTest("the project app is not installed")
        env = cls.env
        cls.company_a, contacts = make_company_with_contacts(env, "Share Co", 3)
        cls.company_b, contacts_b = make_company_with_contacts(env, "Other Co", 1)
        readonly = env.ref("portal_access_ext.group_portal_readonly")
        portal = env.ref("base.group_portal")
        cls.editor = make_portal_user(env, "share.editor@example.com", contacts[0])
        cls.readonly_editor = make_portal_user(
            env,
            "share.readonly@example.com",
            contacts[1],
            group_ids=[Command.set([portal.id, readonly.id])],
        )
        cls.limited = make_portal_user(env, "share.limited@example.com", contacts[2])
        cls.other = make_portal_user(env, "share.other@example.com", contacts_b)
        Project = env["project.project"].with_context(mail_create_nolog=True)
        cls.project = Project.create(
            {
                "name": "Shared with edit",
                "privacy_visibility": "portal",
                "collaborator_ids": [
                    Command.create({"partner_id": user.partner_id.id})
                    for user in (cls.editor, cls.readonly_editor)
                ]
                + [
                    Command.create(
                        {
                            "partner_id": cls.limited.partner_id.id,
                            "limited_access": True,
                        }
                    )
                ],
            }
        )
        cls.project.message_subscribe(contacts.ids)
        cls.other_project = Project.create(
            {
                "name": "Other company's project",
                "privacy_visibility": "portal",
                "collaborator_ids": [
                    Command.create({"partner_id": cls.other.partner_id.id})
                ],
            }
        )
        cls.other_project.message_subscribe(contacts_b.ids)
        Task = env["project.task"].with_context(mail_create_nolog=True)
        # no follower from the customer's company on either task
        cls.task = Task.create({"name": "Vendor's task", "project_id": cls.project.id})
        cls.task.message_unsubscribe(cls.task.message_partner_ids.ids)
        cls.other_task = Task.create(
            {"name": "Other's task", "project_id": cls.other_project.id}
        )

    def _password(self, user):
        return f"{user.login}-Pass-1234!"

    def test_edit_collaborator_creates_and_edits_tasks_and_subtasks(self):
        """Test that an edit collaborator creates a task and a subtask and edits the vendor's task (ORM)."""
        # as stock's project sharing form: the project comes from the context
        Task = (
            self.env["project.task"]
            .with_user(self.editor)
            .with_context(default_project_id=self.project.id)
        )
        task = Task.create({"name": "Customer's task"})
        subtask = Task.create({"name": "Customer's subtask", "parent_id": task.id})
        self.assertEqual(task.child_ids, subtask)
        self.task.with_user(self.editor).write({"name": "Renamed by the customer"})
        self.assertEqual(self.task.name, "Renamed by the customer")
        self.assertIn(self.task, Task.search([("project_id", "=", self.project.id)]))

    def test_edit_collaborator_over_every_rpc_entry_point(self):
        """Test that an edit collaborator writes the vendor's task over call_kw, JSON-RPC, XML-RPC and JSON-2."""
        user = entry_points.rpc_user(
            self.env, self.editor, self._password(self.editor), api_key=True
        )
        for entry_point in RPC_ENTRY_POINTS:
            with self.subTest(via=entry_point):
                got = entry_points.call(
                    self,
                    entry_point,
                    user,
                    "project.task",
                    "write",
                    [self.task.ids],
                    {"vals": {"name": f"Written via {entry_point}"}},
                )
                self.assertEqual(got.kind, "ok", f"{entry_point}: {got}")
        self.assertEqual(self.task.name, f"Written via {RPC_ENTRY_POINTS[-1]}")

    def test_edit_collaborator_creates_tasks_over_every_rpc_entry_point(self):
        """Test that an edit collaborator creates a task of the shared project over call_kw, JSON-RPC, XML-RPC and JSON-2, as stock allows."""
        user = entry_points.rpc_user(
            self.env, self.editor, self._password(self.editor), api_key=True
        )
        for entry_point in RPC_ENTRY_POINTS:
            with self.subTest(via=entry_point):
                name = f"Created via {entry_point}"
                # as stock's project sharing client: the project comes from
                # the context (portal users may not write project_id). The
                # values go by position except on JSON-2, which names every
                # argument (stock's call_kw reads create's args[0])
                vals_list = [{"name": name}]
                args, kwargs = ([], {"vals_list": vals_list})
                if entry_point != "json2":
                    args, kwargs = ([vals_list], {})
                kwargs["context"] = {"default_project_id": self.project.id}
                got = entry_points.call(
                    self, entry_point, user, "project.task", "create", args, kwargs
                )
                self.assertEqual(got.kind, "ok", f"{entry_point}: {got}")
                task = self.env["project.task"].search([("name", "=", name)])
                self.assertEqual(task.project_id, self.project)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models", "odoo.http")
    def test_readonly_edit_collaborator_reads_and_changes_nothing(self):
        """Test that a read-only member who is an edit collaborator reads the tasks and creates or writes none, from every entry point."""
        Task = self.env["project.task"].with_user(self.readonly_editor)
        self.assertEqual(Task.browse(self.task.id).name, "Vendor's task")
        self.security_entry_point = "orm"
        with self.assertRaises(AccessError):
            Task.create({"name": "Refused", "project_id": self.project.id})
        self.assertBlocked(True, "ORM create refused")
        user = entry_points.rpc_user(
            self.env,
            self.readonly_editor,
            self._password(self.readonly_editor),
            api_key=True,
        )
        for entry_point in RPC_ENTRY_POINTS:
            with self.subTest(via=entry_point):
                created = entry_points.call(
                    self,
                    entry_point,
                    user,
                    "project.task",
                    "create",
                    [],
                    {"vals_list": [{"name": "Refused", "project_id": self.project.id}]},
                )
                written = entry_points.call(
                    self,
                    entry_point,
                    user,
                    "project.task",
                    "write",
                    [self.task.ids],
                    {"vals": {"name": "Refused"}},
                )
                self.assertBlocked(
                    created.kind == "access" and written.kind == "access",
                    f"{entry_point}: read-only collaborator's create {created} / write {written}",
                    entry_point=entry_point,
                )
        self.assertFalse(self.env["project.task"].search([("name", "=", "Refused")]))
        self.assertEqual(self.task.name, "Vendor's task")

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_limited_collaborator_keeps_stock_rights(self):
        """Test that a limited collaborator reads no task without a follower of its company, and its own followed ones."""
        self.task.message_unsubscribe(self.task.message_partner_ids.ids)
        Task = self.env["project.task"].with_user(self.limited)
        self.assertNotIn(self.task, Task.search([("project_id", "=", self.project.id)]))
        with self.assertRaises(AccessError):
            Task.browse(self.task.id).read(["name"])
        self.task.message_subscribe(self.limited.partner_id.ids)
        self.assertEqual(Task.browse(self.task.id).name, "Vendor's task")

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_collaborator_sees_nothing_of_another_project(self):
        """Test that an edit collaborator reads or writes no task of another company's shared project, from every entry point."""
        self.security_family = "Isolation"
        Task = self.env["project.task"].with_user(self.editor)
        self.assertFalse(Task.search([("project_id", "=", self.other_project.id)]))
        user = entry_points.rpc_user(
            self.env, self.editor, self._password(self.editor), api_key=True
        )
        for entry_point in RPC_ENTRY_POINTS:
            with self.subTest(via=entry_point):
                got = entry_points.call(
                    self,
                    entry_point,
                    user,
                    "project.task",
                    "read",
                    [self.other_task.ids],
                    {"fields": ["name"]},
                )
                self.assertBlocked(
                    got.kind in ("access", "missing") and not got.result,
                    f"{entry_point}: read of another project's task {got}",
                    entry_point=entry_point,
                )

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models")
    def test_hidden_tasks_category_wins(self):
        """Test that an edit collaborator whose Tasks category is hidden reads no task."""
        projects = self.env.ref(
            "portal_access_ext.portal_document_category_project_project"
        )
        self.editor.partner_id.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [Command.set(projects.ids)],
            }
        )
        with self.assertRaises(AccessError):
            self.env["project.task"].with_user(self.editor).browse(self.task.id).read(
                ["name"]
            )
