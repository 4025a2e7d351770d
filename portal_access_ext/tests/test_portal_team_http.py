import re

from odoo import Command, sql_db
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import (
    make_company_with_contacts,
    make_customer_admin,
    make_portal_user,
)
from .security_cases import SecurityCaseMixin

ADMIN_LOGIN = "portal_team_http@example.com"
ADMIN_PASSWORD = f"{ADMIN_LOGIN}-Pass-1234!"


@tagged("post_install", "-at_install")
class TestPortalTeamHttp(SecurityCaseMixin, HttpCase):
    security_family = "Delegation"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.email = "company@pae-team.example.com"
        cls.company, cls.contacts = make_company_with_contacts(cls.env, "Team Http", 2)
        cls.other_company, cls.other_contacts = make_company_with_contacts(
            cls.env, "Team Other", 1
        )
        cls.team_admin = make_customer_admin(cls.env, cls.company, "portal_team_http")
        # a read-only administrator: its team routes are allowed answers
        cls.team_admin.group_ids = [
            Command.link(cls.env.ref("portal_access_ext.group_portal_readonly").id)
        ]
        cls.member = make_portal_user(
            cls.env,
            "portal_team_member@example.com",
            partner=cls.contacts[1],
            name=cls.contacts[1].name,
            group_ids=[
                Command.set(
                    [
                        cls.env.ref("base.group_portal").id,
                        cls.env.ref("portal_access_ext.group_portal_readonly").id,
                    ]
                )
            ],
        )

    def _csrf(self):
        res = self.url_open("/my/team")
        self.assertEqual(res.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', res.text).group(1)

    def _post(self, url, data, token=True):
        if token:
            data = {**data, "csrf_token": self._csrf()}
        return self.url_open(url, data=data, allow_redirects=False)

    def _partner_count(self):
        return self.env["res.partner"].search_count([])

    def test_team_page_and_card(self):
        """Test that the administrator sees its company's people and the Team card count."""
        self.authenticate(ADMIN_LOGIN, ADMIN_PASSWORD)
        res = self.url_open("/my/team")
        self.assertEqual(res.status_code, 200)
        for partner in self.contacts:
            self.assertIn(partner.name, res.text)
        self.assertNotIn(self.other_contacts.name, res.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["portal_team_count"]}
        )
        self.assertEqual(counters["portal_team_count"], 3)
        home = self.url_open("/my")
        self.assertIn('data-placeholder_count="portal_team_count"', home.text)

    @mute_logger("odoo.http")
    def test_non_admins_get_404(self):
        """Test that a portal user who is no administrator gets a 404 on every team route."""
        self.authenticate(self.member.login, f"{self.member.login}-Pass-1234!")
        res = self.url_open("/my/team")
        self.assertBlocked(res.status_code == 404, "GET /my/team answered a non-admin")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["portal_team_count"]}
        )
        self.assertEqual(counters["portal_team_count"], 0)
        token = self._member_csrf()
        for url in (
            "/my/team/invite",
            f"/my/team/{self.contacts[0].id}/revoke",
            f"/my/team/{self.contacts[0].id}/expiry",
        ):
            res = self.url_open(
                url,
                data={
                    "partner_id": self.contacts[0].id,
                    "csrf_token": token,
                },
                allow_redirects=False,
            )
            self.assertBlocked(res.status_code == 404, f"POST {url} answered {res}")
        self.assertFalse(self.contacts[0].user_ids)

    def _member_csrf(self):
        res = self.url_open("/my")
        return re.search(r'csrf_token: "([^"]+)"', res.text).group(1)

    @mute_logger("odoo.http")
    def test_bad_input_refused_and_nothing_changed(self):
        """Test that forged ids, login clashes, overlong values and missing CSRF are refused with a message."""
        make_portal_user(self.env, "clash.team@example.com")
        employee = new_test_user(self.env, login="portal_team_http_employee")
        employee.partner_id.parent_id = self.company
        self.authenticate(ADMIN_LOGIN, ADMIN_PASSWORD)
        kinds = self.company._get_portal_visible_categories()
        cases = [
            ({"partner_id": self.other_contacts.id}, "not one of your company"),
            ({"partner_id": employee.partner_id.id}, "internal user"),
            ({"partner_id": "12abc"}, "Unknown contact"),
            ({"partner_id": str(2**40)}, "Unknown contact"),
            (
                {"partner_id": self.contacts[0].id, "category_ids": "999999"},
                "kinds of documents you see yourself",
            ),
            (
                {"partner_id": self.contacts[0].id, "category_ids": "x"},
                "Unknown kind of documents",
            ),
            (
                {"name": "Clash", "email": "  CLASH.Team@Example.com "},
                "already the login of another user",
            ),
            ({"name": "N" * 300, "email": "long@example.com"}, "too long"),
            ({"name": "Nul\x00", "email": "nul@example.com"}, "not allowed"),
            ({"name": "No Mail", "email": "not-an-email"}, "valid email"),
            (
                {"partner_id": self.contacts[0].id, "expiry_date": "yesterday"},
                "Invalid date",
            ),
            (
                {"partner_id": self.contacts[0].id, "customer_admin": "1"},
                "appoint administrators",
            ),
        ]
        before = self._partner_count()
        for data, message in cases:
            with self.subTest(data=data):
                res = self._post(
                    "/my/team/invite",
                    {
                        **data,
                        "category_ids": data.get(
                            "category_ids", kinds.ids[:1] and str(kinds.ids[0])
                        ),
                    },
                )
                self.assertBlocked(
                    res.status_code == 400 and message in res.text,
                    f"{data} answered {res.status_code} without {message!r}",
                )
        for url, message in (
            (f"/my/team/{self.other_contacts.id}/revoke", "not one of your company"),
            (f"/my/team/{self.team_admin.partner_id.id}/revoke", "your own"),
            (f"/my/team/{employee.partner_id.id}/expiry", "internal user"),
        ):
            res = self._post(url, {"expiry_date": "2099-01-01"})
            self.assertBlocked(
                res.status_code == 400 and message in res.text,
                f"POST {url} answered {res.status_code}",
            )
        res = self._post(
            "/my/team/invite", {"partner_id": self.contacts[0].id}, token=False
        )
        self.assertBlocked(
            res.status_code == 400 and "CSRF" in res.text, "invite without CSRF"
        )
        self.assertEqual(self._partner_count(), before)
        self.assertFalse(self.contacts[0].user_ids)
        self.assertFalse(self.other_contacts.user_ids)
        self.assertTrue(self.team_admin.active)

    @mute_logger("odoo.http")
    def test_bad_contact_search_refused(self):
        """Test that a search of the invitation form with a NUL byte or overlong text gets a message and lists no other company's contact."""
        self.authenticate(ADMIN_LOGIN, ADMIN_PASSWORD)
        before = self._partner_count()
        for search, message in (
            ("Team%00Http", "not allowed"),
            ("T" * 101, "too long (at most 100 characters)"),
        ):
            with self.subTest(search=search[:10]):
                res = self.url_open(f"/my/team?contact={search}")
                self.assertBlocked(
                    res.status_code == 400
                    and message in res.text
                    and 'class="o_portal_team_row"' in res.text,
                    f"search {search[:10]!r} answered {res.status_code}",
                )
        # another company's contact is never offered, by name or by email
        for search in (self.other_contacts.name, self.other_contacts.email):
            res = self.url_open("/my/team", params={"contact": search})
            self.assertBlocked(
                res.status_code == 200
                # the contact list's options (a kind's checkbox may share the id)
                and not re.search(
                    rf'<option value="{self.other_contacts.id}"[\s>]', res.text
                )
                and "No contact without access matches your search" in res.text,
                f"search {search!r} offered another company's contact",
            )
        self.assertEqual(self._partner_count(), before)

    def test_invite_revoke_and_approval(self):
        """Test that the administrator invites, sees a pending approval, and revokes."""
        self.authenticate(ADMIN_LOGIN, ADMIN_PASSWORD)
        res = self._post(
            "/my/team/invite",
            {"name": "Http Colleague", "email": "http.colleague@example.com"},
        )
        self.assertEqual(res.status_code, 303, res.text[:500])
        colleague = self.env["res.users"].search(
            [("login", "=", "http.colleague@example.com")]
        )
        self.assertTrue(colleague._is_portal())
        self.company.portal_team_approval_required = True
        res = self._post("/my/team/invite", {"partner_id": self.contacts[0].id})
        self.assertIn("done=pending", res.headers["Location"])
        page = self.url_open("/my/team?done=pending")
        self.assertIn("waiting for your vendor", page.text)
        self.assertIn("Waiting for approval", page.text)
        res = self._post(f"/my/team/{self.member.partner_id.id}/revoke", {})
        self.assertEqual(res.status_code, 303)
        self.assertFalse(self.member.active)
        log = self.env["portal.access.log"].search(
            [("event", "=", "revoke"), ("partner_id", "=", self.member.partner_id.id)]
        )
        self.assertEqual(log.author_id, self.team_admin)


@tagged("post_install", "-at_install")
class TestPortalTeamPages(HttpCase):
    """The Team page of a large company shows one page of people at a time."""

    def _open_team(self, company, count, url="/my/team"):
        """Sign in as the administrator of a company of ``count`` contacts;
        the page ``url`` (asked twice: the second one is counted) and its
        number of SQL queries."""
        self.env["res.partner"].create(
            [
                {"name": f"{company.name} {i:03d}", "parent_id": company.id}
                for i in range(count)
            ]
        )
        admin = make_customer_admin(self.env, company, f"portal_pages_{company.id}")
        self.authenticate(admin.login, f"{admin.login}-Pass-1234!")
        self.url_open(url)
        before = sql_db.sql_counter
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return page.text, sql_db.sql_counter - before

    def _contact(self, name):
        return self.env["res.partner"].search([("name", "=", name)])

    def _company(self, name):
        return self.env["res.partner"].create({"name": name, "is_company": True})

    def test_team_page_is_paged_with_constant_queries(self):
        """Test that the Team page shows 80 people a page, with the same number of queries for 100 and 300 people."""
        small = self._company("Pages Small")
        text, small_queries = self._open_team(small, 100)
        self.assertEqual(text.count('class="o_portal_team_row"'), 80)
        self.assertIn('href="/my/team/page/2"', text)
        # the invitation form offers 20 contacts, and a search box for the others
        self.assertEqual(len(re.findall(r'<option value="\d+"', text)), 20)
        self.assertIn('name="contact"', text)
        self.assertIn('maxlength="100"', text)
        self.assertIn("type part of a name or email", text)
        self.assertNotIn("Pages Small 099</option>", text)
        found = self.url_open("/my/team", params={"contact": " small 099 "}).text
        self.assertEqual(
            re.findall(r'<option value="(\d+)" selected="selected">([^<]*)<', found),
            [(str(self._contact("Pages Small 099").id), "Pages Small 099")],
        )
        page_2 = self.url_open("/my/team/page/2")
        # 100 contacts and the administrator: 21 on page 2
        self.assertEqual(page_2.text.count('class="o_portal_team_row"'), 21)
        large = self._company("Pages Large")
        text, large_queries = self._open_team(large, 300)
        self.assertEqual(text.count('class="o_portal_team_row"'), 80)
        self.assertEqual(large_queries, small_queries)

    def test_contact_search_by_email_with_constant_queries(self):
        """Test that the invitation form's search finds contacts by email, lists 20 at most, with the same number of queries for 100 and 300 people."""
        queries = []
        for name, count in (("Search Small", 100), ("Search Large", 300)):
            company = self._company(name)
            self.env["res.partner"].create(
                {
                    "name": f"{name} Zed",
                    "email": f"finder@{company.id}.example.com",
                    "parent_id": company.id,
                }
            )
            text, search_queries = self._open_team(
                company, count, url="/my/team?contact=FINDER@"
            )
            queries.append(search_queries)
            self.assertEqual(
                re.findall(r'<option value="\d+"[^>]*>([^<]*)<', text),
                [f"{name} Zed (finder@{company.id}.example.com)"],
            )
            # "0": one of 10 contacts matches it, more than 20 of them
            many = self.url_open("/my/team?contact=0").text
            self.assertEqual(len(re.findall(r'<option value="\d+"', many)), 20)
            self.assertIn("type part of a name or email", many)
        self.assertEqual(queries[0], queries[1])
