from datetime import date, datetime

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.portal_date import to_whole_date
from .admin_common import AdminCase
from .common import make_customer_admin
from .security_cases import SecurityCaseMixin

# what a person or a forged request may type where a date is asked: stock's
# to_date would keep the first ten characters of the first two
BAD_DATES = (
    "2099-01-01junk",
    "2099-01-01\x00",
    "2099-13-01",
    "2099-02-30",
    "tomorrow",
    20990101,
    ["2099-01-01"],
    "2099-01-01 00:00:00",
    " 2099-01-01",
    "2099-01-01\n",
    "2099-1-1",
    "\uff12\uff10\uff19\uff19-01-01",  # full-width digits: int() takes them
    True,
)
GOOD_DATES = (
    ("2099-01-01", date(2099, 1, 1)),
    (date(2099, 1, 1), date(2099, 1, 1)),
    (datetime(2099, 1, 1, 23, 59), date(2099, 1, 1)),
    (False, False),
    (None, False),
    ("", False),
)
LATER = date(2098, 6, 1)


@tagged("post_install", "-at_install")
class TestWholeDates(SecurityCaseMixin, AdminCase):
    security_family = "Dates"
    security_entry_point = "orm"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = cls.make_portal(cls, cls.contacts[0])
        cls.portal.portal_access_expiry_date = LATER

    def _refused(self, write, read, label):
        """Each bad date given to ``write(value)`` is refused with a
        ValidationError naming the field, and ``read()`` is unchanged."""
        for value in BAD_DATES:
            with self.subTest(field=label, value=value):
                self.env.invalidate_all()
                before = read()
                with self.assertRaises(ValidationError) as caught:
                    write(value)
                self.env.invalidate_all()
                self.assertBlocked(
                    "Invalid date." in str(caught.exception) and read() == before,
                    f"{label} took {value!r}: {caught.exception} / {read()!r}",
                )

    def _accepted(self, write, read, label):
        for value, expected in GOOD_DATES:
            with self.subTest(field=label, value=value):
                write(value)
                self.env.invalidate_all()
                self.assertEqual(read(), expected)

    def test_to_whole_date(self):
        """Test that to_whole_date takes only a whole ISO date, a date object or an empty value."""
        for value, expected in GOOD_DATES:
            self.assertEqual(to_whole_date(value), expected)
        for value in BAD_DATES:
            with self.subTest(value=value), self.assertRaises(ValueError):
                to_whole_date(value)

    def test_res_users_expiry(self):
        """Test that a portal user's expiry date is written only when it is a whole date, on write and on create."""
        user = self.portal.with_user(self.admin)

        def write(value):
            user.write({"portal_access_expiry_date": value})

        def read():
            return self.portal.portal_access_expiry_date

        self._refused(write, read, "res.users write")
        with self.assertRaisesRegex(ValidationError, "Portal Access Expires: "):
            write("2099-01-01junk")
        self._accepted(write, read, "res.users write")
        users = self.env["res.users"].with_context(active_test=False)
        for value in BAD_DATES:
            with self.subTest(create=value):
                count = users.search_count([])
                with self.assertRaises(ValidationError):
                    self.env["res.users"].with_user(self.admin).create(
                        {
                            "login": "whole.create@example.com",
                            "name": "Whole Create",
                            "portal_access_expiry_date": value,
                        }
                    )
                self.assertBlocked(
                    users.search_count([]) == count, f"a user created with {value!r}"
                )

    def test_no_audit_row_on_refusal(self):
        """Test that a refused date leaves no expiry-change row in the access log."""
        logs = self.env["portal.access.log"]
        count = logs.search_count([("event", "=", "expiry_change")])
        with self.assertRaises(ValidationError):
            self.portal.with_user(
                self.admin
            ).portal_access_expiry_date = "2099-01-01junk"
        self.assertBlocked(
            logs.search_count([("event", "=", "expiry_change")]) == count,
            "a refused date left an audit row",
        )

    def test_wizard_line_expiry(self):
        """Test that the portal wizard line's expiry date takes whole dates only, on write, create and the wizard's commands."""
        wizard = self.open_wizard(self.contacts[1])
        line = wizard.user_ids

        def write(value):
            line.write({"access_expiry_date": value})

        def read():
            return line.access_expiry_date

        self._refused(write, read, "portal.wizard.user write")

        def write_command(value):
            wizard.write({"user_ids": [(1, line.id, {"access_expiry_date": value})]})

        self._refused(write_command, read, "portal.wizard user_ids command")
        self._accepted(write, read, "portal.wizard.user write")
        Line = self.env["portal.wizard.user"].with_user(self.admin)
        for value in BAD_DATES:
            with self.subTest(create=value):
                count = Line.search_count([])
                with self.assertRaises(ValidationError):
                    Line.create(
                        {
                            "wizard_id": wizard.id,
                            "partner_id": self.contacts[2].id,
                            "email": self.contacts[2].email,
                            "access_expiry_date": value,
                        }
                    )
                self.assertBlocked(
                    Line.search_count([]) == count, f"a line created with {value!r}"
                )

    def test_rollout_expiry(self):
        """Test that the rollout dialog and its job take whole dates only."""
        rollout = (
            self.env["portal.rollout"]
            .with_user(self.admin)
            .with_context(active_model="res.partner", active_ids=self.contacts.ids)
            .create({})
        )

        def read_rollout():
            return rollout.access_expiry_date

        self._refused(
            lambda value: rollout.write({"access_expiry_date": value}),
            read_rollout,
            "portal.rollout write",
        )
        self._accepted(
            lambda value: rollout.write({"access_expiry_date": value}),
            read_rollout,
            "portal.rollout write",
        )
        Rollout = rollout.with_context(active_ids=self.contacts.ids)
        for value in BAD_DATES:
            with self.subTest(create=value), self.assertRaises(ValidationError):
                Rollout.create({"access_expiry_date": value})
        job = self.env["portal.rollout.job"].create(
            {"user_id": self.admin.id, "total_count": 0}
        )
        self._refused(
            lambda value: job.write({"access_expiry_date": value}),
            lambda: job.access_expiry_date,
            "portal.rollout.job write",
        )

    def test_access_request_expiry(self):
        """Test that an access request's expiry date takes whole dates only."""
        Request = self.env["portal.access.request"]
        for value in BAD_DATES:
            with self.subTest(create=value):
                count = Request.search_count([])
                with self.assertRaises(ValidationError):
                    Request._create_requests(
                        [
                            {
                                "partner_id": self.contacts[1].id,
                                "company_partner_id": self.company.id,
                                "access_expiry_date": value,
                            }
                        ]
                    )
                self.assertBlocked(
                    Request.search_count([]) == count,
                    f"a request created with {value!r}",
                )

    @mute_logger("odoo.models")
    def test_team_invite_and_expiry(self):
        """Test that a customer administrator's invitation and expiry change take whole dates only and change nothing otherwise."""
        team_admin = make_customer_admin(self.env, self.company, "whole_team_admin")
        as_admin = team_admin.with_user(team_admin)
        partners = self.env["res.partner"].with_context(active_test=False)
        for value in BAD_DATES:
            with self.subTest(invite=value):
                count = partners.search_count([])
                with self.assertRaisesRegex(UserError, "Invalid date."):
                    as_admin._portal_team_invite(
                        {"partner_id": self.contacts[1].id, "expiry_date": value}
                    )
                with self.assertRaisesRegex(UserError, "Invalid date."):
                    as_admin._portal_team_invite(
                        {
                            "name": "Whole New",
                            "email": "whole.new@example.com",
                            "expiry_date": value,
                        }
                    )
                self.assertBlocked(
                    not self.contacts[1].user_ids
                    and partners.search_count([]) == count,
                    f"an invitation went through with {value!r}",
                )
            with self.subTest(expiry=value):
                with self.assertRaisesRegex(UserError, "Invalid date."):
                    as_admin._portal_team_set_expiry(self.contacts[0].id, value)
                self.env.invalidate_all()
                self.assertBlocked(
                    self.portal.portal_access_expiry_date == LATER,
                    f"the expiry date changed with {value!r}",
                )
            # every action counts against the administrator's throttle
            self.env["auth.totp.rate.limit.log"].sudo().search([]).unlink()
        as_admin._portal_team_set_expiry(self.contacts[0].id, "2099-01-01")
        self.assertEqual(self.portal.portal_access_expiry_date, date(2099, 1, 1))
        as_admin._portal_team_set_expiry(self.contacts[0].id, "")
        self.assertFalse(self.portal.portal_access_expiry_date)
        self.assertEqual(
            as_admin._portal_team_invite(
                {"partner_id": self.contacts[1].id, "expiry_date": date(2099, 1, 1)}
            ),
            "invited",
        )
        self.assertEqual(
            self.contacts[1].user_ids.portal_access_expiry_date, date(2099, 1, 1)
        )

    def test_dates_from_the_orm_pass(self):
        """Test that the ORM's own date values (defaults, copies, the grant path) still pass."""
        wizard = self.open_wizard(self.contacts[0])
        # the line starts with the user's date, read from the database
        self.assertEqual(wizard.user_ids.access_expiry_date, LATER)
        self.assertEqual(
            self.portal.copy_data()[0].get("portal_access_expiry_date", False), False
        )
        today = fields.Date.context_today(self.portal)
        self.portal.portal_access_expiry_date = today
        self.assertEqual(self.portal.portal_access_expiry_date, today)
