"""The delegation bound from the Team page: a restricted customer
administrator's invitation form offers only the kinds of documents it sees,
gives them by default, and a forged form beyond them is refused next to the
kinds field with nothing created (issue 22 point 1)."""

import lxml.html

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import make_company_with_contacts, make_customer_admin, make_portal_user
from .entry_points import csrf_token
from .security_cases import SecurityCaseMixin

LOGIN = "bound_http@example.com"
PASSWORD = f"{LOGIN}-Pass-1234!"
BOUND_MESSAGE = (
    "You may only give your colleagues the kinds of documents you see yourself."
)


def bound_setup(cls, name, login):
    """A company whose customer administrator the vendor restricted to the
    first of the company's kinds; ``cls.bound`` and ``cls.outside``."""
    cls.company, cls.contacts = make_company_with_contacts(cls.env, name, 3)
    cls.team_admin = make_customer_admin(cls.env, cls.company, login)
    kinds = cls.company._get_portal_visible_categories()
    assert len(kinds) >= 2, "the bound needs two kinds of documents to be narrower"
    cls.bound, cls.outside = kinds[:1], kinds[1:]
    cls.team_admin.partner_id.write(
        {
            "portal_category_restrict": True,
            "portal_category_ids": [Command.set(cls.bound.ids)],
        }
    )
    # a colleague with portal access and its own kinds (the bound)
    cls.colleague = make_portal_user(
        cls.env,
        cls.contacts[1].email,
        partner=cls.contacts[1],
        name=cls.contacts[1].name,
    )
    cls.contacts[1].write(
        {
            "portal_category_restrict": True,
            "portal_category_ids": [Command.set(cls.bound.ids)],
        }
    )


def kinds_snapshot(env, company):
    """What a refused grant must leave as it was: the people, users and
    requests, and every kind of document of the company's people."""
    env.invalidate_all()
    partners = env["res.partner"].with_context(active_test=False)
    members = partners.search([("commercial_partner_id", "=", company.id)])
    return (
        partners.search_count([]),
        env["res.users"].with_context(active_test=False).search_count([]),
        env["portal.access.request"].search_count([]),
        {
            member.id: (
                member.portal_category_restrict,
                tuple(member.portal_category_ids.ids),
                tuple(member.with_context(active_test=False).user_ids.ids),
            )
            for member in members
        },
        company.portal_category_restrict,
        tuple(company.portal_category_ids.ids),
    )


@tagged("post_install", "-at_install")
class TestPortalTeamDelegationHttp(SecurityCaseMixin, HttpCase):
    security_family = "Delegation bound"
    security_entry_point = "web"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.email = "company@pae-bound.example.com"
        bound_setup(cls, "Bound Http", "bound_http")

    def setUp(self):
        super().setUp()
        self.authenticate(LOGIN, PASSWORD)

    def _page(self):
        res = self.url_open("/my/team")
        self.assertEqual(res.status_code, 200)
        return res

    def _invite(self, data, kinds=None):
        """Post the invitation form with the page's CSRF token; ``kinds``
        (ids) as the checked boxes, none when None."""
        data = {**data, "csrf_token": csrf_token(self._page())}
        if kinds is not None:
            data["category_ids"] = [str(kind) for kind in kinds]
        return self.url_open("/my/team/invite", data=data, allow_redirects=False)

    def _invite_form(self, res):
        forms = lxml.html.fromstring(res.content).xpath(
            '//form[@id="o_portal_team_invite"]'
        )
        self.assertEqual(len(forms), 1, "the page has no invitation form")
        return forms[0]

    def _kinds_error(self, res):
        """The message shown next to the kinds field of the invitation form
        (None when there is none): in the group of the kinds' boxes, which
        point at it."""
        form = self._invite_form(res)
        errors = form.xpath('.//*[@id="team_category_ids_error"]')
        if not errors:
            return None
        group = errors[0].getparent()
        boxes = group.xpath('.//input[@name="category_ids"]')
        if not boxes or group.get("aria-describedby") != "team_category_ids_error":
            return None
        if not all("is-invalid" in box.get("class", "") for box in boxes):
            return None
        return errors[0].text_content().strip()

    def test_form_offers_only_the_bound(self):
        """Test that the invitation form offers only the kinds the administrator sees, all ticked, and no error."""
        form = self._invite_form(self._page())
        boxes = form.xpath('.//input[@name="category_ids"]')
        self.assertEqual({int(box.get("value")) for box in boxes}, set(self.bound.ids))
        self.assertTrue(all(box.get("checked") for box in boxes))
        self.assertFalse(form.xpath('.//*[@id="team_category_ids_error"]'))
        # the vendor widening the administrator widens the form
        self.team_admin.partner_id.portal_category_restrict = False
        form = self._invite_form(self._page())
        offered = {
            int(box.get("value"))
            for box in form.xpath(".//input[@type='checkbox' and @name='category_ids']")
        }
        self.assertEqual(offered, set((self.bound | self.outside).ids))

    def test_default_kinds_new_contact(self):
        """Test that a new colleague invited with the default kinds, or the boxes as offered, gets the bound."""
        for email, kinds in (
            ("bound.new.default@example.com", None),
            ("bound.new.boxes@example.com", self.bound.ids),
        ):
            with self.subTest(kinds=kinds):
                res = self._invite({"name": f"New {email}", "email": email}, kinds)
                self.assertEqual(res.status_code, 303, res.text[:500])
                self.assertIn("done=invited", res.headers["Location"])
                user = self.env["res.users"].search([("login", "=", email)])
                self.assertTrue(user._is_portal())
                self.assertEqual(
                    user.partner_id._get_portal_visible_categories(), self.bound
                )

    def test_default_kinds_existing_contact(self):
        """Test that an existing contact who saw every kind, invited with the default kinds, is narrowed to the bound."""
        contact = self.contacts[0]
        self.assertEqual(
            contact._get_portal_visible_categories(), self.bound | self.outside
        )
        res = self._invite({"partner_id": contact.id})
        self.assertEqual(res.status_code, 303, res.text[:500])
        self.env.invalidate_all()
        self.assertTrue(contact.user_ids._is_portal())
        self.assertEqual(contact._get_portal_visible_categories(), self.bound)

    def test_default_kinds_with_approval(self):
        """Test that an invitation waiting for approval asks for the bound by default."""
        self.company.portal_team_approval_required = True
        res = self._invite({"partner_id": self.contacts[0].id})
        self.assertIn("done=pending", res.headers["Location"])
        request = self.env["portal.access.request"].search(
            [("partner_id", "=", self.contacts[0].id)]
        )
        self.assertEqual(request.portal_category_ids, self.bound)

    @mute_logger("odoo.http")
    def test_forged_kinds_refused_next_to_the_field(self):
        """Test that a forged form with kinds beyond the bound is refused next to the kinds field, for a new and an existing contact, and creates or changes nothing."""
        new = {"name": "Bound Forged", "email": "bound.forged@example.com"}
        existing = {"partner_id": self.contacts[0].id}
        forged = (
            ("every kind", (self.bound | self.outside).ids, BOUND_MESSAGE),
            ("outside only", self.outside.ids, BOUND_MESSAGE),
            ("unknown id", [*self.bound.ids, 2**31 - 1], BOUND_MESSAGE),
            ("not an id", ["x"], "Unknown kind of documents."),
        )
        for approval in (False, True):
            self.company.portal_team_approval_required = approval
            for who, data in (("new", new), ("existing", existing)):
                for label, kinds, message in forged:
                    with self.subTest(approval=approval, who=who, kinds=label):
                        before = kinds_snapshot(self.env, self.company)
                        res = self._invite(data, kinds)
                        error = self._kinds_error(res)
                        after = kinds_snapshot(self.env, self.company)
                        self.assertBlocked(
                            res.status_code == 400
                            and error == message
                            and after == before,
                            f"{who} {label} (approval {approval}): "
                            f"{res.status_code} {error!r}, changed: {before != after}",
                        )
        self.assertFalse(self.env["res.users"].search([("login", "=", new["email"])]))
        self.assertFalse(self.contacts[0].user_ids)

    @mute_logger("odoo.http")
    def test_forged_kinds_with_other_errors(self):
        """Test that forged kinds are told next to their field beside the other problems of the form (a bad date next to its own field)."""
        before = kinds_snapshot(self.env, self.company)
        res = self._invite(
            {"partner_id": self.contacts[0].id, "expiry_date": "2099-01-01junk"},
            self.outside.ids,
        )
        form = self._invite_form(res)
        date_error = form.xpath('.//*[@id="team_expiry_date_error"]')
        self.assertBlocked(
            res.status_code == 400
            and self._kinds_error(res) == BOUND_MESSAGE
            and date_error
            and date_error[0].text_content().strip() == "Invalid date."
            and kinds_snapshot(self.env, self.company) == before,
            f"forged kinds and a bad date: {res.status_code}",
        )

    @mute_logger("odoo.http")
    def test_admin_who_sees_nothing(self):
        """Test that an administrator the vendor shows no document is offered no kind and grants none, whatever the form says."""
        self.team_admin.partner_id.write(
            {
                "portal_category_ids": [Command.clear()],
                "portal_category_none_confirmed": True,
            }
        )
        form = self._invite_form(self._page())
        self.assertFalse(form.xpath('.//input[@name="category_ids"]'))
        for kinds in (self.bound.ids, None):
            with self.subTest(kinds=kinds):
                before = kinds_snapshot(self.env, self.company)
                res = self._invite({"partner_id": self.contacts[0].id}, kinds)
                self.assertBlocked(
                    res.status_code == 400
                    and "You see no kind of documents yourself" in res.text
                    and kinds_snapshot(self.env, self.company) == before,
                    f"an administrator who sees nothing granted {kinds}",
                )

    @mute_logger("odoo.http")
    def test_details_form_widens_no_kinds(self):
        """Test that the administrator's own details form, posted with the kinds fields, saves the details but never its or a colleague's kinds."""
        own = self.team_admin.partner_id
        forged = {
            "portal_category_restrict": "",
            "portal_category_ids": [
                str(kind) for kind in (self.bound | self.outside).ids
            ],
            "portal_category_none_confirmed": "1",
        }
        for label, partner, name in (
            ("own", own, "Team Admin Renamed"),
            ("colleague", self.contacts[1], "Colleague Renamed"),
        ):
            with self.subTest(partner=label):
                before = kinds_snapshot(self.env, self.company)
                page = self.url_open("/my/account")
                data = {
                    "name": name,
                    "email": partner.email,
                    "phone": "+32 470 12 34 56",
                    "street": "Rue de la Loi 16",
                    "city": "Brussels",
                    "zip": "1000",
                    "country_id": str(self.env.ref("base.be").id),
                    "address_type": "billing",
                    "use_delivery_as_billing": "True",
                    "partner_id": str(partner.id),
                    "callback": "/my",
                    "required_fields": "name,email",
                    "csrf_token": csrf_token(page),
                    **forged,
                }
                res = self.url_open("/my/address/submit", data=data)
                after = kinds_snapshot(self.env, self.company)
                if partner == own:
                    # the form went through: only its own fields were saved
                    self.assertEqual(res.status_code, 200, res.text[:300])
                    self.assertIn("redirectUrl", res.json(), res.text[:300])
                    self.assertEqual(own.name, name)
                else:
                    self.assertEqual(res.status_code, 403, res.text[:300])
                self.assertBlocked(
                    after == before
                    and self.team_admin._portal_team_grantable_categories(self.company)
                    == self.bound,
                    f"the details form of {label} changed kinds: {res.status_code}",
                )

    @mute_logger("odoo.http", "odoo.addons.portal_access_ext.models.res_users_throttle")
    def test_forged_kinds_count_against_the_throttle(self):
        """Test that each forged form refused next to the kinds field counts against the administrator's throttle, and that once locked out it is told so and nothing is done."""
        Log = self.env["auth.totp.rate.limit.log"].sudo()
        domain = [
            ("user_id", "=", self.team_admin.id),
            ("limit_type", "=", "team_action"),
        ]
        forged = {"partner_id": self.contacts[0].id}
        limit = self.env["res.users"]._get_portal_rate_limits()["team_action"]["limit"]
        for attempt in range(limit):
            count = Log.search_count(domain)
            res = self._invite(forged, self.outside.ids)
            self.assertEqual(self._kinds_error(res), BOUND_MESSAGE)
            self.assertEqual(Log.search_count(domain), count + 1, attempt)
        before = kinds_snapshot(self.env, self.company)
        res = self._invite(forged, self.outside.ids)
        self.assertBlocked(
            res.status_code == 400
            and "Too many failed attempts" in res.text
            and kinds_snapshot(self.env, self.company) == before,
            f"a locked-out administrator's forged form: {res.status_code}",
        )
        # the lockout holds for a well-formed invitation too
        res = self._invite(forged)
        self.assertIn("Too many failed attempts", res.text)
        self.assertFalse(self.contacts[0].user_ids)
