from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import make_clerk, make_portal_user
from .security_cases import SecurityCaseMixin

PASSWORD = "Pae-Paths-Pass-1234!"


@tagged("post_install", "-at_install")
class TestPortalAccessManagerPaths(SecurityCaseMixin, TransactionCase):
    """Test that every path making, reviving or turning a user into a portal
    user asks for the Portal Access Manager group."""

    security_family = "Manager group"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_portal = cls.env.ref("base.group_portal")
        cls.group_user = cls.env.ref("base.group_user")
        cls.group_manager = cls.env.ref("portal_access_ext.group_portal_access_manager")
        # Contact Creation and Access Rights, but not Portal Access Manager.
        cls.clerk = make_clerk(cls.env, "pae_paths_clerk", PASSWORD)
        # The same rights plus the group alone (not a Settings administrator).
        cls.manager = new_test_user(
            cls.env,
            login="pae_paths_manager",
            groups="base.group_user,base.group_partner_manager,"
            "base.group_erp_manager,portal_access_ext.group_portal_access_manager",
            email="pae_paths_manager@example.com",
        )
        cls.archived = make_portal_user(cls.env, "pae-paths-archived@example.com")
        cls.archived.active = False
        cls.employee = new_test_user(
            cls.env, login="pae_paths_employee", groups="base.group_user"
        )
        cls.nobody = cls.env["res.users"].create(
            {
                "name": "No Group",
                "login": "pae_paths_nobody",
                "group_ids": [Command.clear()],
            }
        )
        cls.nobody_groups = cls.nobody.group_ids
        # A group of the database making its members portal users.
        cls.portal_plus = cls.env["res.groups"].create(
            {
                "name": "Portal Plus",
                "implied_ids": [Command.link(cls.group_portal.id)],
            }
        )
        cls.plain_group = cls.env["res.groups"].create({"name": "Plain Group"})

    @contextmanager
    def assertRefused(self):
        """The block must raise the group's AccessError; counted as one case
        of the security table (its changes rolled back, as assertRaises)."""
        error = None
        try:
            with self.env.cr.savepoint():
                yield
        except AccessError as exc:
            error = exc
        self.assertBlocked(
            error is not None and "Portal Access Manager" in str(error),
            f"not refused with the group's message: {error!r}",
            entry_point="orm",
        )

    def users(self, user):
        return (
            self.env["res.users"].with_user(user).with_context(no_reset_password=True)
        )

    def portal_vals(self, login, groups):
        return {"name": login, "login": login, "group_ids": groups}

    def created(self, login):
        return (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("login", "=", login)])
        )

    def group_ids_forms(self):
        """The forms in which a create or write may give the portal group."""
        portal_id = self.group_portal.id
        return {
            "set": [Command.set([portal_id])],
            "link": [Command.link(portal_id)],
            "set of string ids": [(6, 0, [str(portal_id)])],
            "link of a string id": [(4, str(portal_id))],
            "list of ids": [portal_id],
            "records": self.group_portal,
            "group implying portal": [Command.link(self.portal_plus.id)],
            "group created implying portal": [
                Command.create(
                    {
                        "name": "Made Portal",
                        "implied_ids": [Command.link(self.group_portal.id)],
                    }
                )
            ],
        }

    # res.users.create, copy, load

    def test_create_refused_in_every_form(self):
        """Test that a clerk cannot create a portal user, whatever form the groups take."""
        for form, groups in self.group_ids_forms().items():
            with self.subTest(form=form), self.assertRefused():
                self.users(self.clerk).create(
                    self.portal_vals("pae-new-portal@example.com", groups)
                )
            self.assertFalse(self.created("pae-new-portal@example.com"))
        self.assertFalse(self.env["res.groups"].search([("name", "=", "Made Portal")]))

    def test_create_refused_in_a_batch(self):
        """Test that one portal user in a batch of creates refuses the whole batch."""
        with self.assertRefused():
            self.users(self.clerk).create(
                [
                    {"name": "Employee A", "login": "pae-batch-employee"},
                    self.portal_vals(
                        "pae-batch-portal", [Command.set([self.group_portal.id])]
                    ),
                ]
            )
        self.assertFalse(self.created("pae-batch-employee"))
        self.assertFalse(self.created("pae-batch-portal"))

    def test_create_refused_by_default_groups(self):
        """Test that default groups making a portal user (context or saved default) are checked."""
        users = self.users(self.clerk).with_context(
            default_group_ids=[Command.set([self.group_portal.id])]
        )
        with self.assertRefused():
            users.create({"name": "Ctx Default", "login": "pae-ctx-default"})
        self.assertFalse(self.created("pae-ctx-default"))
        self.env["ir.default"].set("res.users", "group_ids", [self.group_portal.id])
        with self.assertRefused():
            self.users(self.clerk).create({"name": "Saved", "login": "pae-saved"})
        self.assertFalse(self.created("pae-saved"))

    def test_create_internal_users_still_allowed(self):
        """Test that a clerk still creates internal users, with or without groups given."""
        by_default = self.users(self.clerk).create(
            {"name": "Default Employee", "login": "pae-default-employee"}
        )
        self.assertTrue(by_default._is_internal())
        explicit = self.users(self.clerk).create(
            self.portal_vals(
                "pae-explicit-employee", [Command.link(self.group_user.id)]
            )
        )
        self.assertTrue(explicit._is_internal())

    def test_manager_creates_portal_users(self):
        """Test that a member of the group creates portal users in every form."""
        forms = self.group_ids_forms()
        # stock's own create fails on these (the ORM's caches take ids only)
        del forms["set of string ids"], forms["link of a string id"]
        for index, (form, groups) in enumerate(forms.items()):
            login = f"pae-manager-portal-{index}@example.com"
            with self.subTest(form=form):
                user = self.users(self.manager).create(self.portal_vals(login, groups))
                self.assertTrue(user._is_portal())

    def test_superuser_creates_portal_users(self):
        """Test that sudo (stock's own flows after their checks) passes."""
        user = (
            self.users(self.clerk)
            .sudo()
            .create(
                self.portal_vals(
                    "pae-sudo-portal", [Command.set([self.group_portal.id])]
                )
            )
        )
        self.assertTrue(user._is_portal())

    def test_copy_refused(self):
        """Test that a clerk cannot copy a portal user into a new one."""
        portal = make_portal_user(self.env, "pae-copied@example.com")
        with self.assertRefused():
            portal.with_user(self.clerk).copy({"login": "pae-copy@example.com"})
        self.assertFalse(self.created("pae-copy@example.com"))
        copy = portal.with_user(self.manager).copy({"login": "pae-copy@example.com"})
        self.assertTrue(copy._is_portal())

    @mute_logger("odoo.models")
    def test_import_refused(self):
        """Test that an import of portal users answers the message and creates nothing."""
        fields = ["name", "login", "group_ids/id"]
        rows = [
            ["Imported One", "pae-import-1@example.com", "base.group_portal"],
            ["Imported Two", "pae-import-2@example.com", "base.group_portal"],
        ]
        result = self.users(self.clerk).load(fields, rows)
        self.assertBlocked(
            not result["ids"]
            and any("Portal Access Manager" in m["message"] for m in result["messages"])
            and not self.created("pae-import-1@example.com")
            and not self.created("pae-import-2@example.com"),
            f"import by a clerk: {result}",
            entry_point="orm",
        )
        result = self.users(self.manager).load(fields, rows)
        self.assertEqual(len(result["ids"]), 2, result["messages"])
        self.assertTrue(self.created("pae-import-1@example.com")._is_portal())

    @mute_logger("odoo.models")
    def test_import_update_revive_refused(self):
        """Test that an import updating an archived portal user to active is refused."""
        self.env["ir.model.data"].create(
            {
                "module": "__import__",
                "name": "pae_archived_portal",
                "model": "res.users",
                "res_id": self.archived.id,
            }
        )
        fields, rows = ["id", "active"], [["__import__.pae_archived_portal", "True"]]
        result = self.users(self.clerk).load(fields, rows)
        self.env.invalidate_all()
        self.assertBlocked(
            not result["ids"]
            and "Portal Access Manager" in str(result["messages"])
            and not self.archived.active,
            f"import update by a clerk: {result}",
            entry_point="orm",
        )
        result = self.users(self.manager).load(fields, rows)
        self.assertEqual(result["ids"], self.archived.ids, result["messages"])
        self.assertTrue(self.archived.active)

    # res.users.write: revive, groups

    def test_revive_refused(self):
        """Test that a clerk cannot reactivate an archived portal user, by any method."""
        archived = self.archived.with_user(self.clerk)
        with self.assertRefused():
            archived.write({"active": True})
        with self.assertRefused():
            archived.action_unarchive()
        with self.assertRefused():
            archived.toggle_active()
        with self.assertRefused():
            # the form's save
            archived.web_save({"active": True}, specification={})
        self.env.invalidate_all()
        self.assertFalse(self.archived.active)

    def test_manager_revives(self):
        """Test that a member of the group reactivates an archived portal user."""
        self.archived.with_user(self.manager).action_unarchive()
        self.assertTrue(self.archived.active)
        self.assertTrue(self.archived._is_portal())

    def test_revive_internal_user_still_allowed(self):
        """Test that a clerk still reactivates an archived internal user."""
        self.employee.active = False
        self.employee.with_user(self.clerk).action_unarchive()
        self.assertTrue(self.employee.active)

    def test_groups_write_refused(self):
        """Test that a clerk cannot turn an internal or no-group user into a portal user."""
        cases = {
            "internal": (
                self.employee,
                [
                    Command.unlink(self.group_user.id),
                    Command.link(self.group_portal.id),
                ],
            ),
            "internal, set": (self.employee, [Command.set([self.group_portal.id])]),
            "no group, link": (self.nobody, [Command.link(self.group_portal.id)]),
            "no group, string id": (self.nobody, [(4, str(self.group_portal.id))]),
            "no group, group implying": (
                self.nobody,
                [Command.link(self.portal_plus.id)],
            ),
            "no group, list of ids": (self.nobody, [self.group_portal.id]),
        }
        for case, (user, groups) in cases.items():
            with self.subTest(case=case), self.assertRefused():
                user.with_user(self.clerk).write({"group_ids": groups})
        self.env.invalidate_all()
        self.assertTrue(self.employee._is_internal())
        self.assertEqual(self.nobody.group_ids, self.nobody_groups)
        self.assertFalse(self.nobody._is_portal())

    def test_groups_write_of_others_still_allowed(self):
        """Test that a clerk still changes an internal user's other groups."""
        self.employee.with_user(self.clerk).write(
            {"group_ids": [Command.link(self.plain_group.id)]}
        )
        self.assertIn(self.plain_group, self.employee.group_ids)
        portal = make_portal_user(self.env, "pae-other-groups@example.com")
        portal.with_user(self.clerk).write(
            {"group_ids": [Command.link(self.plain_group.id)]}
        )
        self.assertIn(self.plain_group, portal.group_ids)

    def test_manager_turns_users_into_portal_users(self):
        """Test that a member of the group turns a no-group user into a portal user."""
        self.nobody.with_user(self.manager).write(
            {"group_ids": [Command.link(self.group_portal.id)]}
        )
        self.assertTrue(self.nobody._is_portal())

    # res.groups: users added, implied groups

    def test_group_users_refused(self):
        """Test that a clerk cannot add users to the portal group or a group implying it."""
        for group in (self.group_portal, self.portal_plus):
            for fname in ("user_ids", "all_user_ids"):
                with self.subTest(group=group.name, field=fname), self.assertRefused():
                    group.with_user(self.clerk).write(
                        {fname: [Command.link(self.nobody.id)]}
                    )
        with self.assertRefused():
            self.group_portal.with_user(self.clerk).write(
                {
                    "user_ids": [
                        Command.create({"name": "Via Group", "login": "pae-via-group"})
                    ]
                }
            )
        self.env.invalidate_all()
        self.assertEqual(self.nobody.group_ids, self.nobody_groups)
        self.assertFalse(self.created("pae-via-group"))

    def test_group_implied_refused(self):
        """Test that a clerk cannot make a group imply the portal group, nor create one."""
        self.plain_group.user_ids = [Command.link(self.nobody.id)]
        with self.assertRefused():
            self.plain_group.with_user(self.clerk).write(
                {"implied_ids": [Command.link(self.group_portal.id)]}
            )
        with self.assertRefused():
            self.plain_group.with_user(self.clerk).write(
                {"implied_ids": [Command.link(self.portal_plus.id)]}
            )
        with self.assertRefused():
            self.group_portal.with_user(self.clerk).write(
                {"implied_by_ids": [Command.link(self.plain_group.id)]}
            )
        with self.assertRefused():
            self.env["res.groups"].with_user(self.clerk).create(
                {
                    "name": "New Portal Kind",
                    "implied_ids": [Command.link(self.group_portal.id)],
                }
            )
        self.env.invalidate_all()
        self.assertNotIn(self.group_portal, self.plain_group.all_implied_ids)
        self.assertFalse(self.nobody._is_portal())
        self.assertFalse(
            self.env["res.groups"].search([("name", "=", "New Portal Kind")])
        )

    def test_group_writes_of_others_still_allowed(self):
        """Test that a clerk still manages groups that make nobody a portal user."""
        self.plain_group.with_user(self.clerk).write(
            {"user_ids": [Command.link(self.employee.id)]}
        )
        self.assertIn(self.employee, self.plain_group.user_ids)
        portal = make_portal_user(self.env, "pae-in-plus@example.com")
        # an existing portal user added to a group implying portal
        self.portal_plus.with_user(self.clerk).write(
            {"user_ids": [Command.link(portal.id)]}
        )
        self.assertIn(portal, self.portal_plus.user_ids)
        self.env["res.groups"].with_user(self.clerk).create(
            {"name": "Plain Two", "implied_ids": [Command.link(self.group_user.id)]}
        )

    def test_manager_manages_portal_groups(self):
        """Test that a member of the group adds users to portal groups and makes groups imply it."""
        self.group_portal.with_user(self.manager).write(
            {"user_ids": [Command.link(self.nobody.id)]}
        )
        self.assertTrue(self.nobody._is_portal())
        self.plain_group.with_user(self.manager).write(
            {"implied_ids": [Command.link(self.group_portal.id)]}
        )
        self.assertIn(self.group_portal, self.plain_group.all_implied_ids)
        group = (
            self.env["res.groups"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Kind Two",
                    "implied_ids": [Command.link(self.group_portal.id)],
                }
            )
        )
        self.assertIn(self.group_portal, group.all_implied_ids)

    def test_settings_admins_have_the_group(self):
        """Test that a Settings administrator passes every path (the group is implied)."""
        admin = new_test_user(
            self.env,
            login="pae_paths_admin",
            groups="base.group_user,base.group_system",
        )
        self.assertTrue(admin._is_portal_access_manager())
        self.archived.with_user(admin).write({"active": True})
        self.assertTrue(self.archived.active)
        user = self.users(admin).create(
            self.portal_vals("pae-admin-made", [Command.set([self.group_portal.id])])
        )
        self.assertTrue(user._is_portal())
