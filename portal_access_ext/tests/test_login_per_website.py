"""One login on two websites: with stock `website`, a user linked to a
website (its contact's website) has a login unique on that website only, so
two customers of two websites may hold the same login. Both are granted and
each signs in on its own website; the same login twice on one website is
refused, ignoring letter case and surrounding spaces."""

import re
from urllib.parse import urlsplit

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import make_admin, make_portal_user

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
LOGIN = "shared.login@example.com"


@tagged("post_install", "-at_install")
class TestLoginPerWebsite(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        if "website" not in env or "website_id" not in env["res.users"]._fields:
            cls.skip_reason = "needs the website app (the web database profile)"
            return
        cls.skip_reason = None
        cls.admin = make_admin(env, login="portal_lpw_admin")
        env.company.email = "company@pae-lpw.example.com"
        cls.site_a = env["website"].search([], order="id", limit=1)
        cls.site_b = env["website"].create({"name": "PAE second website"})
        cls.partner_a, cls.partner_b = env["res.partner"].create(
            [
                {"name": "Shared A", "email": LOGIN, "website_id": cls.site_a.id},
                {
                    "name": "Shared B",
                    "email": "Shared.Login@Example.com",
                    "website_id": cls.site_b.id,
                },
            ]
        )

    def setUp(self):
        super().setUp()
        if self.skip_reason:
            self.skipTest(self.skip_reason)
        # each website answers on its own host name of the test server
        port = urlsplit(self.base_url()).port
        self.hosts = {
            self.site_a: f"127.0.0.1:{port}",
            self.site_b: f"localhost:{port}",
        }
        for site, host in self.hosts.items():
            site.domain = f"http://{host}"

    def _grant(self, partners):
        wizard = (
            self.env["portal.wizard"]
            .with_user(self.admin)
            .with_context(active_ids=partners.ids)
            .create({})
        )
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids)])
        )
        self.assertEqual(users.partner_id, partners, wizard.summary)
        return users

    def _sign_in(self, site, login, password):
        """The uid a sign-in on `site`'s login form ends with (None: refused)."""
        self.authenticate(None, None)
        headers = {"Host": self.hosts[site]}
        page = self.url_open("/web/login", headers=headers)
        self.url_open(
            "/web/login",
            data={
                "login": login,
                "password": password,
                "csrf_token": CSRF_RE.search(page.text).group(1),
            },
            headers=headers,
            allow_redirects=False,
        )
        info = self.url_open(
            "/web/session/get_session_info",
            json={"jsonrpc": "2.0", "method": "call", "params": {}},
            headers=headers,
        ).json()
        return (info.get("result") or {}).get("uid")

    def test_same_login_granted_and_signed_in_on_two_websites(self):
        """Test that two customers of two websites with one email address (in two letter cases) are both granted and each signs in on its own website."""
        user_a = self._grant(self.partner_a)
        user_b = self._grant(self.partner_b)
        self.assertEqual(
            (user_a.website_id, user_b.website_id), (self.site_a, self.site_b)
        )
        self.assertEqual(user_a.login.lower(), user_b.login.lower())
        user_a.password = "Site-A-Pass-1234!"
        user_b.password = "Site-B-Pass-1234!"
        with mute_logger("odoo.addons.base.models.res_users", "odoo.http"):
            self.assertEqual(
                self._sign_in(self.site_a, LOGIN, "Site-A-Pass-1234!"), user_a.id
            )
            self.assertEqual(
                self._sign_in(self.site_b, LOGIN, "Site-B-Pass-1234!"),
                user_b.id,
            )
            # each password on the other website: the other user, refused
            self.assertFalse(self._sign_in(self.site_b, LOGIN, "Site-A-Pass-1234!"))
            self.assertFalse(self._sign_in(self.site_a, LOGIN, "Site-B-Pass-1234!"))

    def test_case_variant_logins_sign_in_on_their_websites(self):
        """Test that logins differing only by letter case on two websites both exist and each signs in on its own website."""
        variant = "Shared.Login@Example.com"
        user_a = make_portal_user(
            self.env,
            LOGIN,
            partner=self.partner_a,
            password="Site-A-Pass-1234!",
            website_id=self.site_a.id,
        )
        user_b = make_portal_user(
            self.env,
            variant,
            partner=self.partner_b,
            password="Site-B-Pass-1234!",
            website_id=self.site_b.id,
        )
        self.assertEqual(user_b.login, variant)
        with mute_logger("odoo.addons.base.models.res_users", "odoo.http"):
            self.assertEqual(
                self._sign_in(self.site_a, LOGIN, "Site-A-Pass-1234!"), user_a.id
            )
            self.assertEqual(
                self._sign_in(self.site_b, variant, "Site-B-Pass-1234!"), user_b.id
            )

    def test_same_login_granted_in_one_apply_on_two_websites(self):
        """Test that one Apply grants two contacts of two websites sharing one email address."""
        users = self._grant(self.partner_a | self.partner_b)
        self.assertEqual(users.website_id, self.site_a | self.site_b)

    def test_same_login_twice_on_one_website_refused(self):
        """Test that a login already used on a website, in any letter case or with spaces, is refused on that website."""
        make_portal_user(
            self.env, LOGIN, partner=self.partner_a, website_id=self.site_a.id
        )
        for variant in (LOGIN, "SHARED.login@example.com", f"  {LOGIN.upper()} "):
            other = self.env["res.partner"].create(
                {
                    "name": "Shared C",
                    "email": variant.strip(),
                    "website_id": self.site_a.id,
                }
            )
            with self.subTest(login=variant):
                with (
                    mute_logger("odoo.sql_db"),
                    self.assertRaises(ValidationError),
                    self.env.cr.savepoint(),
                ):
                    make_portal_user(
                        self.env, variant, partner=other, email=variant.strip()
                    )
                wizard = (
                    self.env["portal.wizard"]
                    .with_user(self.admin)
                    .with_context(active_ids=other.ids)
                    .create({})
                )
                wizard.user_ids.in_portal = True
                with self.assertRaises(UserError):
                    wizard.action_apply()
        # the same login on the other website is free
        make_portal_user(
            self.env, LOGIN.upper(), partner=self.partner_b, website_id=self.site_b.id
        )
