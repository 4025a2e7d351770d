"""Document categories: shipped for every Community app with portal documents,
available only when their model exists, and addable for any model from the UI."""

from odoo import Command
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.service.model import get_public_method
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import make_admin, make_company_with_contacts, make_portal_user

COMMUNITY = (
    "crm_lead",
    "crm_opportunity",
    "sale_quotation",
    "sale_order",
    "purchase_rfq",
    "purchase_order",
    "account_invoice",
    "account_bill",
    "project_project",
    "project_task",
    "hr_timesheet",
)
# website_crm_partner_assign's kinds (web database profile)
PARTNER_ASSIGN = ("crm_assigned_lead", "crm_assigned_opportunity")
ENTERPRISE = ("helpdesk_ticket", "sign_request", "sale_subscription")


@tagged("post_install", "-at_install")
class TestDocumentCategory(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Category = cls.env["portal.document.category"]
        cls.admin = make_admin(cls.env, "ro_cat_admin")
        _company, contacts = make_company_with_contacts(cls.env, "Cat Co", 1)
        cls.user = make_portal_user(
            cls.env,
            "ro.cat@example.com",
            partner=contacts,
            group_ids=[
                Command.set(
                    [
                        cls.env.ref("base.group_portal").id,
                        cls.env.ref("portal_access_ext.group_portal_readonly").id,
                    ]
                )
            ],
        )

    def _ref(self, xmlid):
        return self.env.ref(f"portal_access_ext.portal_document_category_{xmlid}")

    def test_community_categories_available(self):
        """Test that every Community category is available when its app is installed."""
        for xmlid in COMMUNITY:
            category = self._ref(xmlid)
            self.assertTrue(category.is_available, xmlid)
            self.assertEqual(category.model_id.model, category.model)
        available = self.Category.search([("is_available", "=", True)])
        self.assertEqual(
            set(available.mapped("model")),
            {
                "crm.lead",
                "sale.order",
                "purchase.order",
                "account.move",
                "project.project",
                "project.task",
                "account.analytic.line",
            },
        )

    def test_partner_assign_categories_follow_their_field(self):
        """Test that the reseller kinds are available exactly where website_crm_partner_assign adds its field."""
        installed = "partner_assigned_id" in self.env["crm.lead"]._fields
        for xmlid in PARTNER_ASSIGN:
            self.assertEqual(self._ref(xmlid).is_available, installed, xmlid)

    def test_enterprise_categories_unavailable_without_their_model(self):
        """Test that tickets, signatures and subscriptions stay unavailable in Community."""
        for xmlid in ENTERPRISE:
            category = self._ref(xmlid)
            self.assertTrue(category.active, xmlid)
            self.assertFalse(category.is_available, xmlid)
        # subscriptions reuse sale.order: the missing field makes the difference
        self.assertIn("sale.order", self.env)
        self.assertNotIn("is_subscription", self.env["sale.order"]._fields)
        restrictions = self.Category.with_user(self.user)._get_readonly_restrictions()
        self.assertNotIn("helpdesk.ticket", restrictions[1])
        self.assertEqual(
            len(restrictions[3]["sale.order"]), 2, "quotations and orders only"
        )
        self.assertNotIn(
            self._ref("sale_subscription"),
            self.Category.search([("is_available", "=", True)]),
        )

    def test_admin_adds_category_for_any_model(self):
        """Test that a category added from the UI locks its model for read-only users."""
        Filters = self.env["ir.filters"].with_user(self.user)
        values = {
            "name": "My filter",
            "model_id": "res.partner",
            "user_ids": [Command.set(self.user.ids)],
        }
        own_filter = Filters.create(values)
        category = self.Category.with_user(self.admin).create(
            {
                "name": "Saved filters",
                "model": "ir.filters",
                "partner_field": "user_ids.partner_id",
                "route": "/my/filters",
                "counter_key": "filter_count",
            }
        )
        self.assertTrue(category.is_available)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            Filters.create(values)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            own_filter.write({"name": "Renamed"})
        # still readable: it belongs to the user's company
        self.assertEqual(own_filter.with_user(self.user).name, "My filter")
        # archiving the category gives the right back at once (caches cleared)
        category.with_user(self.admin).action_archive()
        Filters.create(values)
        own_filter.write({"name": "Renamed"})
        self.assertEqual(own_filter.name, "Renamed")

    def test_category_for_missing_model_is_harmless(self):
        """Test that a category naming a model that is not installed has no effect."""
        category = self.Category.with_user(self.admin).create(
            {"name": "Gadgets", "model": "x_gadget.thing", "route": "/my/gadgets"}
        )
        self.assertFalse(category.is_available)
        self.assertFalse(category.model_id)
        self.assertNotIn(category, self.Category._get_available_categories())
        self.assertNotIn(
            "x_gadget.thing",
            self.Category.with_user(self.user)._get_readonly_restrictions()[1],
        )

    def test_bad_domain_refused(self):
        """Test that a category with a malformed domain is refused with a clear error."""
        with self.assertRaisesRegex(ValidationError, "is not valid"):
            self.Category.with_user(self.admin).create(
                {"name": "Broken", "model": "sale.order", "domain": "[('state', '=',"}
            )

    def test_portal_user_cannot_manage_categories(self):
        """Test that portal users cannot read or change the categories."""
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self._ref("account_invoice").with_user(self.user).write({"active": False})
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.Category.with_user(self.user).search([])

    def test_rpc_guard_on_every_public_method(self):
        """Test that every public method of a category model found for RPC is refused to a read-only member."""
        lead = self.env["crm.lead"].create({"name": "Guarded lead"})
        as_member = lead.with_user(self.user)
        missing = as_member.browse(lead.id + 1000)
        for name in ("message_subscribe", "action_set_lost", "write"):
            errors = []
            for records in (as_member, missing):
                method = get_public_method(records, name)
                # refused before the method runs, the same for any id
                try:
                    with mute_logger("odoo.addons.base.models.ir_model"):
                        method(records, {"name": "x"})
                except (AccessError, MissingError) as error:
                    message = str(error).replace(str(missing.id), str(lead.id))
                    errors.append((type(error), message))
                else:
                    self.fail(f"{name} ran for a read-only member")
            self.assertEqual(errors[0], errors[1], name)
        self.assertEqual(lead.name, "Guarded lead")
        # a model method: refused by the ACL, whatever its arguments
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            get_public_method(self.env["crm.lead"].with_user(self.user), "create")(
                self.env["crm.lead"].with_user(self.user), {"name": "x"}
            )
        # the superuser gets stock's method untouched
        self.assertEqual(
            get_public_method(lead, "message_subscribe"),
            type(lead).message_subscribe,
        )

    def test_available_cache_ignores_caller_context(self):
        """Test that the cached available categories never include an archived one, whatever the first caller's context."""
        archived = self._ref("sale_quotation")
        archived.active = False  # clears the caches
        ids = self.Category.with_context(
            active_test=False
        )._get_available_category_ids()
        self.assertNotIn(archived.id, ids)
        self.assertEqual(
            self.Category._get_available_category_ids(),
            tuple(self.Category.search([("is_available", "=", True)]).ids),
        )
