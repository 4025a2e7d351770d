"""The customer's language and date formats on the addon's customer pages."""

from datetime import datetime

from freezegun import freeze_time
from lxml import html

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import make_company_with_contacts, make_customer_admin, make_portal_user
from .test_totp_recovery import SecurityHttpMixin

LOGIN = "portal_lang_customer@example.com"


@tagged("post_install", "-at_install")
class TestCustomerLang(SecurityHttpMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        if "website" in cls.env:
            # a language the website offers (the default one stays English)
            cls.env["website"].search([]).language_ids = [
                Command.link(cls.env.ref("base.lang_fr").id)
            ]
        cls.customer = make_portal_user(
            cls.env, LOGIN, password=LOGIN, lang="fr_FR", tz="Pacific/Auckland"
        )

    def _page_lang(self, url):
        """The url code of the language a page is shown in (its language selector)."""
        tree = html.fromstring(self.url_open(url).content)
        return tree.xpath(
            "//a[contains(@class, 'js_change_lang')][contains(@class, 'active')]"
            "/@data-url_code"
        )[0]

    def test_customer_language_wins_over_the_login_page_cookie(self):
        """Test that after signing in the customer's language replaces the one the visitor browsed in."""
        self.authenticate(None, None)
        # a visitor who browsed the site in English (stock keeps it in a cookie)
        self.opener.cookies.set("frontend_lang", "en_US")
        page = self.url_open("/web/login")
        response = self.url_open(
            "/web/login",
            data={"login": LOGIN, "password": LOGIN, "csrf_token": self._csrf(page)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("frontend_lang=fr_FR", response.headers.get("Set-Cookie", ""))
        self.assertEqual(self._page_lang("/my/security"), "fr")

    def test_a_language_chosen_after_sign_in_sticks(self):
        """Test that the cookie is only set at sign-in, not forced on every page."""
        self.authenticate(LOGIN, LOGIN)
        self.opener.cookies.set("frontend_lang", "en_US")
        self.assertEqual(self._page_lang("/my/security"), "en")

    @freeze_time("2026-03-02 12:00:00")
    def test_totp_deadline_in_customer_language_and_time_zone(self):
        """Test that the two-factor deadline is a date in the customer's format and time zone."""
        self.env["res.config.settings"].create(
            {"portal_totp_required": True, "portal_totp_grace_days": 7}
        ).execute()
        # 23:30 UTC is the next day in Auckland (UTC+13 in March)
        self.env["ir.config_parameter"].sudo().set_param(
            "portal_access_ext.portal_totp_required_since", "2026-03-01 23:30:00"
        )
        self.customer.write({"portal_access_granted_date": datetime(2026, 3, 1, 10, 0)})
        self.assertEqual(
            self.customer._portal_totp_enrolment_deadline(),
            datetime(2026, 3, 8, 23, 30),
        )
        self.authenticate(LOGIN, LOGIN)
        self.opener.cookies.set("frontend_lang", "fr_FR")
        home = html.fromstring(self.url_open("/my").content)
        deadline = home.xpath(
            "//div[contains(@class, 'o_portal_totp_deadline_home')]/strong"
        )[0]
        self.assertEqual(deadline.text_content().strip(), "09/03/2026")
        security = html.fromstring(self.url_open("/my/security").content)
        self.assertIn(
            "09/03/2026",
            security.xpath("//div[contains(@class, 'o_portal_totp_deadline')]")[
                0
            ].text_content(),
        )

    def test_own_access_expiry_in_customer_language(self):
        """Test that the team page shows the customer's own access end date in their language's format, not ISO."""
        company, _contacts = make_company_with_contacts(self.env, "Lang Team", 1)
        admin = make_customer_admin(self.env, company, "portal_lang_team")
        admin.write({"lang": "fr_FR", "portal_access_expiry_date": "2099-12-31"})
        self.authenticate(admin.login, f"{admin.login}-Pass-1234!")
        self.opener.cookies.set("frontend_lang", "fr_FR")
        page = self.url_open("/my/team")
        self.assertEqual(page.status_code, 200)
        self.assertIn("31/12/2099", page.text)
        self.assertNotIn("2099-12-31", page.text)
