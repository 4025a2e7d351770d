"""Every date is a whole date, from the Team page's forms and from every RPC
entry point (issue 22 point 3): a value that is not wholly a date is refused
with a clear message (next to the field on a page, a ValidationError over
RPC) and nothing is saved. A real datetime (XML-RPC's ``dateTime.iso8601``,
the only typed date XML-RPC has) is taken as its day, as stock's Date field
and ``to_whole_date`` take it; a datetime written as a string is refused."""

import xmlrpc.client
from datetime import date

import lxml.html

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from . import entry_points
from .common import (
    make_admin,
    make_company_with_contacts,
    make_customer_admin,
    make_portal_user,
)
from .entry_points import csrf_token
from .security_cases import SecurityCaseMixin

TEAM_LOGIN = "dates_http@example.com"
TEAM_PASSWORD = f"{TEAM_LOGIN}-Pass-1234!"
ADMIN_PASSWORD = "Pae-Dates-Admin-Pass-1234!"
LATER = date(2098, 6, 1)
# what a browser, or a forged request, may post as a date
BAD_FORM_DATES = (
    "2099-01-01junk",
    "2099-01-01\x00",
    "2099-13-01",
    "2099-02-30",
    "  ",
    "tomorrow",
    "2099-01-01 00:00:00",
    " 2099-01-01",
    "2099-01-01\n",
    "2099-1-1",
    "\uff12\uff10\uff19\uff19-01-01",
)
# what an RPC client may send (JSON and XML-RPC types)
BAD_RPC_DATES = (
    "2099-01-01junk",
    "2099-01-01\x00",
    "2099-13-01",
    "  ",
    "2099-01-01T00:00:00",
    20990101,
    ["2099-01-01"],
    True,
)


@tagged("post_install", "-at_install")
class TestWholeDatesTeamForms(SecurityCaseMixin, HttpCase):
    security_family = "Dates"
    security_entry_point = "web"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.email = "company@pae-dates.example.com"
        cls.company, cls.contacts = make_company_with_contacts(cls.env, "Dates Http", 2)
        cls.team_admin = make_customer_admin(cls.env, cls.company, "dates_http")
        cls.colleague = make_portal_user(
            cls.env,
            cls.contacts[1].email,
            partner=cls.contacts[1],
            name=cls.contacts[1].name,
            portal_access_expiry_date=LATER,
        )

    def setUp(self):
        super().setUp()
        self.authenticate(TEAM_LOGIN, TEAM_PASSWORD)

    def _post(self, url, data):
        page = self.url_open("/my/team")
        data = {**data, "csrf_token": csrf_token(page)}
        return self.url_open(url, data=data, allow_redirects=False)

    def _snapshot(self):
        self.env.invalidate_all()
        return (
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            self.env["res.users"].with_context(active_test=False).search_count([]),
            self.env["portal.access.request"].search_count([]),
            self.env["portal.access.log"].search_count([]),
            self.colleague.portal_access_expiry_date,
        )

    def _field_error(self, res, input_id):
        """The message next to the date input ``input_id``: the element its
        aria-describedby names, in the same form or cell, the input marked
        invalid (None otherwise)."""
        doc = lxml.html.fromstring(res.content)
        inputs = doc.xpath(f'//input[@id="{input_id}"]')
        if len(inputs) != 1:
            return None
        field = inputs[0]
        error_id = field.get("aria-describedby")
        if (
            not error_id
            or field.get("aria-invalid") != "true"
            or "is-invalid" not in field.get("class", "")
        ):
            return None
        # the input's own column (invitation form) or cell (a row's form)
        container = field.xpath("ancestor::td[1]") or field.xpath(
            "ancestor::div[contains(@class, 'col-')][1]"
        )
        errors = container[0].xpath(f'.//*[@id="{error_id}"]') if container else []
        return errors[0].text_content().strip() if errors else None

    @mute_logger("odoo.http")
    def test_invitation_form_refuses_bad_dates(self):
        """Test that the invitation form, for an existing and a new contact, refuses a date that is not wholly a date next to the field and saves nothing."""
        for who, data in (
            ("existing", {"partner_id": self.contacts[0].id}),
            ("new", {"name": "Dates New", "email": "dates.new@example.com"}),
        ):
            for value in BAD_FORM_DATES:
                with self.subTest(who=who, value=value):
                    before = self._snapshot()
                    res = self._post("/my/team/invite", {**data, "expiry_date": value})
                    error = self._field_error(res, "team_expiry_date")
                    self.assertBlocked(
                        res.status_code == 400
                        and error == "Invalid date."
                        and self._snapshot() == before,
                        f"invitation of {who} with {value!r}: {res.status_code} "
                        f"{error!r}",
                    )
        self.assertFalse(self.contacts[0].user_ids)

    @mute_logger("odoo.http")
    def test_access_expires_form_refuses_bad_dates(self):
        """Test that a colleague's Access Expires form refuses a date that is not wholly a date next to its field and keeps the saved date."""
        url = f"/my/team/{self.contacts[1].id}/expiry"
        input_id = f"team_expiry_{self.contacts[1].id}"
        for value in BAD_FORM_DATES:
            with self.subTest(value=value):
                before = self._snapshot()
                res = self._post(url, {"expiry_date": value})
                error = self._field_error(res, input_id)
                self.assertBlocked(
                    res.status_code == 400
                    and error == "Invalid date."
                    and self._snapshot() == before,
                    f"expiry {value!r}: {res.status_code} {error!r}",
                )
        self.assertEqual(self.colleague.portal_access_expiry_date, LATER)

    @mute_logger("odoo.http")
    def test_bad_dates_count_against_the_throttle(self):
        """Test that a form refused for its date counts against the administrator's throttle, as the model's own refusals do."""
        Log = self.env["auth.totp.rate.limit.log"].sudo()
        domain = [
            ("user_id", "=", self.team_admin.id),
            ("limit_type", "=", "team_action"),
        ]
        for url, data in (
            ("/my/team/invite", {"partner_id": self.contacts[0].id}),
            (f"/my/team/{self.contacts[1].id}/expiry", {}),
        ):
            with self.subTest(url=url):
                count = Log.search_count(domain)
                res = self._post(url, {**data, "expiry_date": "2099-01-01junk"})
                self.assertEqual(res.status_code, 400)
                self.assertEqual(Log.search_count(domain), count + 1)

    def test_whole_dates_are_saved(self):
        """Test that a whole date is saved from both forms and an empty one clears the date."""
        res = self._post(
            f"/my/team/{self.contacts[1].id}/expiry", {"expiry_date": "2099-01-01"}
        )
        self.assertEqual(res.status_code, 303, res.text[:300])
        self.assertEqual(self.colleague.portal_access_expiry_date, date(2099, 1, 1))
        res = self._post(f"/my/team/{self.contacts[1].id}/expiry", {"expiry_date": ""})
        self.assertEqual(res.status_code, 303)
        self.env.invalidate_all()
        self.assertFalse(self.colleague.portal_access_expiry_date)
        res = self._post(
            "/my/team/invite",
            {"partner_id": self.contacts[0].id, "expiry_date": "2099-02-01"},
        )
        self.assertEqual(res.status_code, 303, res.text[:300])
        self.assertEqual(
            self.contacts[0].user_ids.portal_access_expiry_date, date(2099, 2, 1)
        )


@tagged("post_install", "-at_install")
class TestWholeDatesRpc(SecurityCaseMixin, HttpCase):
    security_family = "Dates"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.email = "company@pae-dates-rpc.example.com"
        cls.admin = make_admin(cls.env, login="dates_rpc_admin")
        cls.admin.write(
            {
                "password": ADMIN_PASSWORD,
                "group_ids": [
                    Command.link(
                        cls.env.ref("portal_access_ext.group_portal_access_manager").id
                    )
                ],
            }
        )
        cls.company, cls.contacts = make_company_with_contacts(cls.env, "Dates Rpc", 3)
        cls.portal = make_portal_user(
            cls.env,
            cls.contacts[0].email,
            partner=cls.contacts[0],
            name=cls.contacts[0].name,
            portal_access_expiry_date=LATER,
        )
        as_admin = cls.env(user=cls.admin)
        cls.wizard = (
            as_admin["portal.wizard"]
            .with_context(active_ids=cls.contacts[:2].ids, active_model="res.partner")
            .create({})
        )
        cls.line = cls.wizard.user_ids.filtered(
            lambda line: line.partner_id == cls.contacts[1]
        )
        cls.line.access_expiry_date = LATER
        cls.rollout = (
            as_admin["portal.rollout"]
            .with_context(active_model="res.partner", active_ids=cls.contacts.ids)
            .create({"access_expiry_date": LATER})
        )
        cls.access_request = cls.env["portal.access.request"]._create_requests(
            [
                {
                    "partner_id": cls.contacts[2].id,
                    "company_partner_id": cls.company.id,
                    "access_expiry_date": LATER,
                }
            ]
        )
        cls.job = cls.env["portal.rollout.job"].create(
            {"user_id": cls.admin.id, "total_count": 0, "access_expiry_date": LATER}
        )

    def setUp(self):
        super().setUp()
        self.user = entry_points.rpc_user(
            self.env, self.admin, ADMIN_PASSWORD, api_key=True
        )

    def _snapshot(self):
        self.env.invalidate_all()
        counts = tuple(
            self.env[model].with_context(active_test=False).search_count([])
            for model in (
                "res.users",
                "portal.wizard.user",
                "portal.rollout",
                "portal.access.request",
                "portal.rollout.job",
            )
        )
        logs = self.env["portal.access.log"].search_count(
            [("event", "=", "expiry_change")]
        )
        return (
            counts,
            logs,
            self.portal.portal_access_expiry_date,
            self.line.access_expiry_date,
            self.rollout.access_expiry_date,
            self.access_request.access_expiry_date,
            self.job.access_expiry_date,
        )

    def _writes(self, value):
        """(label, model, method, ids or None, kwargs, expected kind): every
        date field of the addon written or created with ``value``; the
        request's and the job's are read-only (written by the server only)."""
        return [
            ("user write", "res.users", "write", [self.portal.id],
             {"vals": {"portal_access_expiry_date": value}}, "validation"),
            ("user create", "res.users", "create", None,
             {"vals_list": [{
                 "login": "dates.rpc.new@example.com",
                 "name": "Dates Rpc New",
                 "portal_access_expiry_date": value,
             }]}, "validation"),
            ("wizard line write", "portal.wizard.user", "write", [self.line.id],
             {"vals": {"access_expiry_date": value}}, "validation"),
            ("wizard line create", "portal.wizard.user", "create", None,
             {"vals_list": [{
                 "wizard_id": self.wizard.id,
                 "partner_id": self.contacts[2].id,
                 "email": self.contacts[2].email,
                 "access_expiry_date": value,
             }]}, "validation"),
            ("wizard's line command", "portal.wizard", "write", [self.wizard.id],
             {"vals": {"user_ids": [[1, self.line.id, {
                 "access_expiry_date": value,
             }]]}}, "validation"),
            ("rollout write", "portal.rollout", "write", [self.rollout.id],
             {"vals": {"access_expiry_date": value}}, "validation"),
            ("rollout create", "portal.rollout", "create", None,
             {"vals_list": [{
                 "partner_ids": [[6, 0, self.contacts.ids]],
                 "access_expiry_date": value,
             }]}, "validation"),
            ("request write", "portal.access.request", "write", [self.access_request.id],
             {"vals": {"access_expiry_date": value}}, "access"),
            ("request create", "portal.access.request", "create", None,
             {"vals_list": [{
                 "partner_id": self.contacts[1].id,
                 "company_partner_id": self.company.id,
                 "access_expiry_date": value,
             }]}, "access"),
            ("job write", "portal.rollout.job", "write", [self.job.id],
             {"vals": {"access_expiry_date": value}}, "access"),
        ]  # fmt: skip

    def _call(self, entry_point, model, method, ids, kwargs):
        args = [ids] if ids is not None else []
        return entry_points.call(
            self, entry_point, self.user, model, method, args, kwargs
        )

    @mute_logger("odoo.http", "odoo.models", "odoo.sql_db")
    def test_bad_dates_refused_on_every_entry_point(self):
        """Test that every date field written or created with a value that is not wholly a date is refused on every entry point with a ValidationError naming it, and nothing changes."""
        before = self._snapshot()
        for entry_point in entry_points.ENTRY_POINTS:
            for value in BAD_RPC_DATES:
                for label, model, method, ids, kwargs, kind in self._writes(value):
                    with self.subTest(via=entry_point, case=label, value=value):
                        outcome = self._call(entry_point, model, method, ids, kwargs)
                        after = self._snapshot()
                        if entry_point == "xmlrpc" and "\x00" in str(value):
                            # not XML: the request itself is refused
                            refused = outcome.kind != "ok"
                        elif kind == "validation":
                            refused = (
                                outcome.kind == "validation"
                                and "Invalid date." in (outcome.message or "")
                            )
                        else:
                            refused = outcome.kind == kind
                        self.assertBlocked(
                            refused and after == before,
                            f"{entry_point} {label} {value!r}: {outcome}",
                            entry_point=entry_point,
                        )

    @mute_logger("odoo.http", "odoo.models")
    def test_xmlrpc_datetime_is_its_day(self):
        """Test that an XML-RPC dateTime is taken as its day on every writable date field, and a malformed one is refused with nothing changed."""
        fields_written = (
            ("res.users", self.portal, "portal_access_expiry_date"),
            ("portal.wizard.user", self.line, "access_expiry_date"),
            ("portal.rollout", self.rollout, "access_expiry_date"),
        )
        for model, record, field in fields_written:
            for value, expected in (
                (xmlrpc.client.DateTime("20990101T00:00:00"), date(2099, 1, 1)),
                (xmlrpc.client.DateTime("20990102T23:30:00"), date(2099, 1, 2)),
            ):
                with self.subTest(model=model, value=value.value):
                    outcome = self._call(
                        "xmlrpc", model, "write", [record.id], {"vals": {field: value}}
                    )
                    self.assertEqual(outcome.kind, "ok", outcome)
                    self.env.invalidate_all()
                    self.assertEqual(record[field], expected)
            # the same day as a string datetime is refused: JSON and XML-RPC
            # strings are dates only when wholly a date
            record.write({field: LATER})
            for value in (
                xmlrpc.client.DateTime("2099-01-01junk"),
                xmlrpc.client.DateTime("20991301T00:00:00"),
            ):
                with self.subTest(model=model, malformed=value.value):
                    before = self._snapshot()
                    outcome = self._call(
                        "xmlrpc", model, "write", [record.id], {"vals": {field: value}}
                    )
                    self.assertBlocked(
                        outcome.kind != "ok" and self._snapshot() == before,
                        f"{model} took the malformed dateTime {value.value!r}",
                        entry_point="xmlrpc",
                    )
            for entry_point in ("jsonrpc", "xmlrpc"):
                with self.subTest(model=model, string_datetime=entry_point):
                    before = self._snapshot()
                    outcome = self._call(
                        entry_point,
                        model,
                        "write",
                        [record.id],
                        {"vals": {field: "2099-01-01 00:00:00"}},
                    )
                    self.assertBlocked(
                        outcome.kind == "validation" and self._snapshot() == before,
                        f"{model} took a datetime string over {entry_point}",
                        entry_point=entry_point,
                    )
