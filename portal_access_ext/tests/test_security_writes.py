import inspect

from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, mute_logger

from . import entry_points
from .readonly_common import ReadonlyPortalMixin
from .security_cases import SecurityCaseMixin

PASSWORD = "ro.portal.a@example.com-Pass-1234!"


@tagged("post_install", "-at_install", "security_writes")
class TestPortalWritesRefused(SecurityCaseMixin, ReadonlyPortalMixin, HttpCase):
    """Every write and every button a read-only portal user can reach by RPC is refused."""

    security_family = "Writes"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_readonly_portal()

    def _snapshot(self, record):
        """What must not change: the row as stored, and how many rows the model has."""
        self.env.invalidate_all()
        table = SQL.identifier(record._table)
        self.env.cr.execute(
            SQL("SELECT row_to_json(t)::text FROM %s t WHERE id = %s", table, record.id)
        )
        row = self.env.cr.fetchone()
        self.env.cr.execute(SQL("SELECT count(*) FROM %s", table))
        return row, self.env.cr.fetchone()[0]

    def _required_kwargs(self, model, name):
        """None for each required argument: the call must reach the guard,
        not stop at JSON-2's check of the signature."""
        signature = inspect.signature(getattr(type(model), name))
        return {
            param.name: None
            for param in list(signature.parameters.values())[1:]
            if param.default is param.empty
            and param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY)
        }

    def _is_model_method(self, model, name):
        return getattr(getattr(type(model), name), "_api_model", False)

    def _button_methods(self, model):
        names = sorted(
            name
            for name in dir(type(model))
            if (
                name.startswith(("action_", "button_"))
                or name in ("toggle_favorite", "message_subscribe", "message_post")
            )
            and callable(getattr(type(model), name, None))
        )
        public = []
        for name in names:
            try:
                get_public_method(model, name)
            except AccessError:  # private, or not callable by RPC: not a case
                continue
            public.append(name)
        return public

    @mute_logger(
        "odoo.http",
        "odoo.models",
        "odoo.addons.base.models.ir_rule",
        "odoo.addons.base.models.ir_model",
    )
    def test_writes_and_buttons_refused(self):
        """Test that create, write, unlink, copy and every action/button method are refused and change nothing."""
        self.authenticate(self.user_a.login, PASSWORD)
        for xmlid, _category, doc_a, _doc_b in self._installed_categories():
            calls = [
                ("create", [[{"name": "forged by the portal"}]]),
                ("write", [[doc_a.id], {"name": "changed by the portal"}]),
                ("unlink", [[doc_a.id]]),
                ("copy", [[doc_a.id]]),
            ] + [(name, [[doc_a.id]]) for name in self._button_methods(doc_a)]
            for method, args in calls:
                with self.subTest(category=xmlid, method=method):
                    before = self._snapshot(doc_a)
                    answer = self._rpc(doc_a._name, method, args)
                    after = self._snapshot(doc_a)
                    self.assertBlocked(
                        "error" in answer and before == after,
                        f"{xmlid}: {method} by a read-only portal user "
                        f"{'changed the data' if before != after else 'was not refused'}: {str(answer)[:300]}",
                        entry_point="call_kw",
                    )

    @mute_logger(
        "odoo.http",
        "odoo.models",
        "odoo.addons.base.models.ir_rule",
        "odoo.addons.base.models.ir_model",
    )
    def test_writes_and_buttons_refused_per_entry_point(self):
        """Test that writes and every button are refused and change nothing over call_button, /jsonrpc, XML-RPC and /json/2."""
        user = entry_points.rpc_user(self.env, self.user_a, PASSWORD, api_key=True)
        for xmlid, _category, doc_a, _doc_b in self._installed_categories():
            calls = [
                ("create", [], {"vals_list": [{"name": "forged by the portal"}]}),
                ("write", [[doc_a.id]], {"vals": {"name": "changed by the portal"}}),
                ("unlink", [[doc_a.id]], {}),
                ("copy", [[doc_a.id]], {}),
            ] + [
                # JSON-2 refuses ids for a model method (422) before any code runs
                (
                    name,
                    [] if self._is_model_method(doc_a, name) else [[doc_a.id]],
                    self._required_kwargs(doc_a, name),
                )
                for name in self._button_methods(doc_a)
            ]
            before = self._snapshot(doc_a)
            # call_kw is the test above's
            for entry_point in ("call_button", "jsonrpc", "xmlrpc", "json2"):
                for method, args, kwargs in calls:
                    with self.subTest(category=xmlid, method=method, via=entry_point):
                        outcome = entry_points.call(
                            self, entry_point, user, doc_a._name, method, args, kwargs
                        )
                        after = self._snapshot(doc_a)
                        self.assertBlocked(
                            outcome.kind == "access" and before == after,
                            f"{xmlid}: {entry_point} {method} by a read-only portal "
                            f"user {'changed the data' if before != after else 'was not refused'}: {outcome}",
                            entry_point=entry_point,
                        )

    # website_crm_partner_assign's portal methods on leads (its /my/opportunity
    # page calls them with orm.call): (method, ids?, arguments)
    PARTNER_LEAD_CALLS = (
        ("partner_interested", True, {"comment": "forged"}),
        ("partner_desinterested", True, {"comment": "forged", "spam": True}),
        ("update_stage_from_portal", True, {"stage_id": None}),
        (
            "update_contact_details_from_portal",
            True,
            {"values": {"partner_name": "forged by the portal"}},
        ),
        (
            "update_lead_portal",
            True,
            {
                "values": {
                    "expected_revenue": 1,
                    "probability": 1,
                    "priority": "3",
                    "date_deadline": False,
                    "activity_date_deadline": False,
                }
            },
        ),
        (
            "create_opp_portal",
            False,
            {
                "values": {
                    "contact_name": "forged",
                    "description": "forged",
                    "title": "forged by the portal",
                }
            },
        ),
    )

    def _partner_assign_setup(self):
        """The leads of website_crm_partner_assign: A's and B's companies are
        graded partners (stock lets them create opportunities), each lead
        assigned to its own; skipped without the module."""
        lead = self.docs_a.get("opportunity")
        if lead is None or "partner_assigned_id" not in lead._fields:
            self.skipTest("website_crm_partner_assign is not installed")
        grade = self.env["res.partner.grade"].create({"name": "Ro grade"})
        (self.company_a | self.company_b).grade_id = grade
        stage = self.env["crm.stage"].search([], limit=1, order="sequence desc")
        calls = []
        for name, on_ids, kwargs in self.PARTNER_LEAD_CALLS:
            if name == "update_stage_from_portal":
                kwargs = {"stage_id": stage.id}
            calls.append((name, on_ids, kwargs))
        return calls

    @mute_logger(
        "odoo.http",
        "odoo.models",
        "odoo.addons.base.models.ir_rule",
        "odoo.addons.base.models.ir_model",
    )
    def test_partner_lead_methods_refused_to_readonly(self):
        """Test that website_crm_partner_assign's lead methods are refused to a read-only member over every RPC entry point and change nothing."""
        calls = self._partner_assign_setup()
        lead = self.docs_a["opportunity"]
        user = entry_points.rpc_user(self.env, self.user_a, PASSWORD, api_key=True)
        before = self._snapshot(lead)
        for entry_point in entry_points.ENTRY_POINTS:
            for name, on_ids, kwargs in calls:
                with self.subTest(method=name, via=entry_point):
                    outcome = entry_points.call(
                        self,
                        entry_point,
                        user,
                        "crm.lead",
                        name,
                        [lead.ids] if on_ids else [],
                        kwargs,
                    )
                    after = self._snapshot(lead)
                    self.assertBlocked(
                        outcome.kind == "access" and before == after,
                        f"crm.lead.{name} by a read-only member over {entry_point}: "
                        f"{'changed the lead' if before != after else outcome}",
                        entry_point=entry_point,
                    )

    @mute_logger(
        "odoo.http",
        "odoo.models",
        "odoo.addons.base.models.ir_rule",
        "odoo.addons.base.models.ir_model",
    )
    def test_partner_lead_methods_isolated_between_customers(self):
        """Test that a portal user with write access cannot run website_crm_partner_assign's lead methods on another customer's lead."""
        calls = self._partner_assign_setup()
        lead_a = self.docs_a["opportunity"]
        user_b = entry_points.rpc_user(
            self.env, self.user_b, "ro.portal.b@example.com-Pass-1234!"
        )
        before = self._snapshot(lead_a)
        for entry_point in ("call_kw", "jsonrpc", "xmlrpc"):
            for name, on_ids, kwargs in calls:
                if not on_ids:
                    continue  # creates B's own opportunity: not A's data
                with self.subTest(method=name, via=entry_point):
                    outcome = entry_points.call(
                        self,
                        entry_point,
                        user_b,
                        "crm.lead",
                        name,
                        [lead_a.ids],
                        kwargs,
                    )
                    after = self._snapshot(lead_a)
                    self.assertBlocked(
                        outcome.kind in ("access", "missing") and before == after,
                        f"crm.lead.{name} on another customer's lead over "
                        f"{entry_point}: "
                        f"{'changed the lead' if before != after else outcome}",
                        family="Isolation",
                        entry_point=entry_point,
                    )
