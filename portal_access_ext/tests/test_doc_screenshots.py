"""Screenshots of the user guide (readme/USAGE.md), taken in headless Chromium.

Each page is taken on a laptop (1366x900, ``<name>.png``) and on a phone
(390x844, ``<name>_phone.png``), in English for readme/USAGE.md and, with the
users in French and Vietnamese, for readme/fr/ and readme/vi/ (folders fr/ and
vi/ of the screenshots). Every run takes them and checks that each one is a
real image of the page;
they are written to static/description/screenshots/ only when the
environment variable PAE_UPDATE_SCREENSHOTS=1 is set, so that an ordinary
test run leaves the git tree alone:

    PAE_UPDATE_SCREENSHOTS=1 PAE_SKIP_LINT=1 \
        bash scripts/test.sh portal_access_ext/tests/test_doc_screenshots.py
"""

import base64
import os
import struct
import time
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

import pyotp

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

from .common import make_admin, make_company_with_contacts, make_portal_user

ADDON_DIR = Path(__file__).resolve().parent.parent
SCREENSHOT_DIR = ADDON_DIR / "static" / "description" / "screenshots"
UPDATE_ENV = "PAE_UPDATE_SCREENSHOTS"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# (browser size, file name suffix, smallest width and height of the image)
LAPTOP = ("1366x900", "", 1366, 900)
PHONE = ("390x844", "_phone", 390, 844)
# A plain page of one colour compresses to a few kilobytes at these sizes.
MIN_BYTES = 20_000
MIN_BYTES_PHONE = 8_000
CUSTOMER_LOGIN = "jane@woodcorner.example.com"
# The password the identity checks of /my/security ask for (both customers).
CUSTOMER_PASSWORD = "Wood-Corner-Pass-2026"
# Marcus signs in with a login that is not his contact email.
SECOND_LOGIN = "m.lee@woodcorner-shop.example.com"
ADMIN_LOGIN = "portal_doc_admin"
# The languages of the guide: (language code, folder of its screenshots in
# SCREENSHOT_DIR), English first.
LANGUAGES = (("en_US", ""), ("fr_FR", "fr"), ("vi_VN", "vi"))
# The kinds of documents (category xml ids) the customer company sees.
DOCUMENT_KINDS = (
    "sale_quotation",
    "sale_order",
    "purchase_order",
    "account_invoice",
    "project_project",
    "project_task",
)


def png_size(data):
    """(width, height) read from the IHDR chunk, or None when ``data`` is not
    a PNG image."""
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE):
        return None
    if data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


@tagged("post_install", "-at_install")
class TestDocScreenshots(HttpCase):
    """One test per screenshot of the user guide: a customer company, Wood
    Corner, with four contacts (two with portal access), sales orders,
    invoices, a saved payment method and two-factor authentication."""

    browser_size = "1366x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.email = "sales@yourcompany.example.com"
        cls.admin = make_admin(env, login=ADMIN_LOGIN)
        cls.admin.name = "Mitchell Admin"
        cls.company, contacts = make_company_with_contacts(
            env, "Wood Corner", 5, email_domain="woodcorner.example.com"
        )
        cls.company.write(
            {
                "street": "1839 Arbor Way",
                "city": "Turlock",
                "zip": "95380",
                "country_id": env.ref("base.us").id,
                "state_id": env.ref("base.state_us_5").id,
                "phone": "+1 555-0142",
            }
        )
        for contact, (name, function) in zip(
            contacts,
            [
                ("Jane Whitfield", "Purchasing Manager"),
                ("Marcus Lee", "Accountant"),
                ("Priya Shah", "Store Manager"),
                ("Tom Baker", "Designer"),
                ("Alexandra Montgomery", "Head of Procurement"),
            ],
            strict=True,
        ):
            contact.write(
                {
                    "name": name,
                    "function": function,
                    "email": f"{name.split()[0].lower()}@woodcorner.example.com"
                    if len(name) < 20
                    else "alexandra.montgomery@woodcorner.example.com",
                }
            )
        # The company's contacts see its quotations, orders and invoices only
        # (contact form, tab Portal Documents).
        kinds = env["portal.document.category"].browse(
            [
                env.ref(f"portal_access_ext.portal_document_category_{xmlid}").id
                for xmlid in DOCUMENT_KINDS
            ]
        )
        available = env["portal.document.category"]._get_available_categories()
        cls.company.write(
            {
                "portal_category_restrict": True,
                "portal_category_ids": [Command.set((kinds & available).ids)],
            }
        )
        cls.jane, cls.marcus = contacts[:2]
        cls.jane.write(
            {
                "phone": "+1 555-0147",
                "street": "1839 Arbor Way",
                "city": "Turlock",
                "zip": "95380",
                "country_id": env.ref("base.us").id,
                "state_id": env.ref("base.state_us_5").id,
            }
        )
        readonly = env.ref("portal_access_ext.group_portal_readonly")
        portal_groups = [Command.set([env.ref("base.group_portal").id, readonly.id])]
        cls.customer = make_portal_user(
            env,
            CUSTOMER_LOGIN,
            partner=cls.jane,
            name=cls.jane.name,
            email=cls.jane.email,
            group_ids=portal_groups,
            password=CUSTOMER_PASSWORD,
        )
        cls.second_customer = make_portal_user(
            env,
            cls.marcus.email,
            partner=cls.marcus,
            name=cls.marcus.name,
            email=cls.marcus.email,
            group_ids=portal_groups,
            password=CUSTOMER_PASSWORD,
            portal_access_expiry_date=fields.Date.today() + timedelta(days=90),
        )
        # changed by the admin afterwards: the contact email stays
        cls.second_customer.login = SECOND_LOGIN
        cls._make_documents()
        cls._make_payment_method()
        cls._enable_two_factor()
        cls.languages = cls._get_languages()
        cls._load_languages(cls.languages)

    @classmethod
    def _get_languages(cls):
        """The languages the screenshots are taken in. The translated guides
        show the portal as the English one does, without the website's layout:
        with the website app, the English screenshots only (which also keeps
        that profile's run short)."""
        if "website" in cls.env:
            return LANGUAGES[:1]
        return LANGUAGES

    @classmethod
    def _load_languages(cls, languages):
        """Activate the guide's other languages with the terms of every
        installed module, as installing a language does (the addon's terms
        alone would leave stock's pages and dialogs in English)."""
        codes = [code for code, _folder in languages if code != "en_US"]
        if not codes:
            return
        for code in codes:
            cls.env["res.lang"]._activate_lang(code)
        modules = cls.env["ir.module.module"].search([("state", "=", "installed")])
        cls.env["ir.module.module"]._load_module_terms(modules.mapped("name"), codes)

    @classmethod
    def _make_documents(cls):
        env = cls.env
        products = env["product.product"].create(
            [
                {"name": name, "list_price": price, "type": "consu"}
                for name, price in (
                    ("Office Chair", 290.0),
                    ("Standing Desk", 640.0),
                    ("Desk Lamp", 48.0),
                    ("Monitor Arm", 115.0),
                )
            ]
        )
        today = fields.Date.today()
        now = fields.Datetime.now()
        if "sale.order" in env:
            lines = [(0, 4), (1, 2), (2, 6), (3, 3), (0, 10)]
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": cls.company.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": products[index].id,
                                    "product_uom_qty": qty,
                                }
                            )
                        ],
                    }
                    for index, qty in lines
                ]
            )
            orders[:3].action_confirm()
            orders[3:].write({"state": "sent"})
            # confirming dates an order today: spread them over the last weeks
            for order, days in zip(orders, (40, 26, 12, 5, 1), strict=True):
                order.date_order = now - timedelta(days=days)
        if "account.move" in env:
            term = env.ref(
                "account.account_payment_term_30days", raise_if_not_found=False
            )
            invoices = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": cls.company.id,
                        "invoice_date": today - timedelta(days=days),
                        "invoice_payment_term_id": term.id if term else False,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": products[index].id,
                                    "quantity": qty,
                                    "price_unit": products[index].list_price,
                                }
                            )
                        ],
                    }
                    for index, qty, days in ((0, 4, 38), (1, 2, 24), (2, 6, 10))
                ]
            )
            invoices.action_post()
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoices[0].ids
            ).create({}).action_create_payments()
        if "purchase.order" in env:
            # Wood Corner also supplies the company: its purchase orders.
            purchases = env["purchase.order"].create(
                [
                    {
                        "partner_id": cls.company.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": products[index].id,
                                    "product_qty": qty,
                                    "price_unit": products[index].list_price * 0.6,
                                }
                            )
                        ],
                    }
                    for index, qty in ((1, 8), (3, 20), (0, 12))
                ]
            )
            purchases.button_confirm()
            for purchase, days in zip(purchases, (33, 19, 4), strict=True):
                purchase.date_approve = now - timedelta(days=days)
        if "project.project" in env:
            project = env["project.project"].create(
                {
                    "name": "Showroom Fit-out",
                    "partner_id": cls.company.id,
                    "privacy_visibility": "portal",
                }
            )
            project.message_subscribe(partner_ids=cls.jane.ids)
            stages = env["project.task.type"].create(
                [
                    {"name": name, "sequence": sequence, "project_ids": project.ids}
                    for sequence, name in enumerate(("To Do", "In Progress", "Done"))
                ]
            )
            tasks = env["project.task"].create(
                [
                    {
                        "name": name,
                        "project_id": project.id,
                        "partner_id": cls.company.id,
                        "stage_id": stages[stage].id,
                        "user_ids": [Command.set(cls.admin.ids)],
                        "date_deadline": now + timedelta(days=days),
                    }
                    for name, stage, days in (
                        ("Measure the showroom", 2, -4),
                        ("Choose the desks and chairs", 1, 6),
                        ("Install the lighting", 0, 21),
                        ("Hand over the keys", 0, 30),
                    )
                ]
            )
            tasks.message_subscribe(partner_ids=cls.jane.ids)

    @classmethod
    def _make_payment_method(cls):
        env = cls.env
        provider = env["payment.provider"].search(
            [("code", "=", "demo"), ("company_id", "=", env.company.id)], limit=1
        )
        provider.write(
            {
                "name": "Demo",
                "state": "test",
                "is_published": True,
                "allow_tokenization": True,
            }
        )
        env["payment.token"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": env.ref("payment_demo.payment_method_demo").id,
                "payment_details": "4242",
                "partner_id": cls.jane.id,
                "provider_ref": "pae-doc-4242",
            }
        )

    @classmethod
    def _enable_two_factor(cls):
        """Enable two-factor authentication as the customer does (a code of
        the authenticator app), then draw the recovery codes."""
        app = pyotp.TOTP(pyotp.random_base32())
        user = cls.customer.with_user(cls.customer)
        if not user._totp_try_setting(app.secret, int(app.at(time.time()))):
            raise AssertionError("two-factor authentication could not be enabled")
        user._portal_generate_recovery_codes()

    # ------------------------------------------------------------------
    # Capture
    # ------------------------------------------------------------------

    def _screenshot(self, name, url, tour, login=CUSTOMER_LOGIN):
        """Take the screenshot ``name`` on a laptop and on a phone, in each
        language of the guide (the language of the admin and the customers)."""
        users = self.admin | self.customer | self.second_customer
        for lang, folder in self.languages:
            users.lang = lang
            for size in (LAPTOP, PHONE):
                with self.subTest(lang=lang, size=size[0]):
                    self._screenshot_at(size, name, url, tour, login, folder)

    def _screenshot_at(self, size, name, url, tour, login, folder=""):
        """Run ``tour`` on ``url`` in a window of ``size`` and capture the page
        it leaves shown; check the image, and write it to the guide's folder
        of its language in update mode."""
        browser_size, suffix, min_width, min_height = size
        self.browser_size = browser_size
        self.touch_enabled = size is PHONE
        name = f"{name}{suffix}"
        shots = []
        wait_code_ok = ChromeBrowser._wait_code_ok

        def wait_then_capture(browser, code, timeout, error_checker=None):
            # The tour succeeded and the browser still shows its last page.
            wait_code_ok(browser, code, timeout, error_checker=error_checker)
            result = browser._websocket_request(
                "Page.captureScreenshot", params={"format": "png"}, timeout=30
            )
            shots.append(base64.b64decode(result["data"]))

        with patch.object(ChromeBrowser, "_wait_code_ok", wait_then_capture):
            self.start_tour(url, tour, login=login)
        name = f"{folder}/{name}" if folder else name
        self.assertEqual(len(shots), 1, f"{name}: no screenshot was captured")
        self._check_png(name, shots[0], min_width, min_height)
        target = SCREENSHOT_DIR / f"{name}.png"
        if os.environ.get(UPDATE_ENV) == "1":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(shots[0])
        else:
            self.assertTrue(
                target.is_file(),
                f"{target} is missing: run the test with {UPDATE_ENV}=1",
            )
            self._check_png(
                f"{name} (committed)", target.read_bytes(), min_width, min_height
            )

    def _check_png(self, name, data, min_width, min_height):
        size = png_size(data)
        self.assertIsNotNone(size, f"{name}: not a PNG image")
        width, height = size
        self.assertGreaterEqual(width, min_width, f"{name}: {width}x{height}")
        self.assertGreaterEqual(height, min_height, f"{name}: {width}x{height}")
        min_bytes = MIN_BYTES if min_width >= LAPTOP[2] else MIN_BYTES_PHONE
        self.assertGreater(len(data), min_bytes, f"{name}: a nearly blank image")

    def _require(self, model):
        if model not in self.env:
            self.skipTest(f"the app of {model} is not installed")

    # ------------------------------------------------------------------
    # Screenshots
    # ------------------------------------------------------------------

    def test_wizard(self):
        """Test the screenshot of the Grant portal access wizard on a company."""
        self._screenshot(
            "wizard",
            f"/odoo/action-base.action_partner_form/{self.company.id}",
            "portal_access_ext_doc_wizard",
            login=ADMIN_LOGIN,
        )

    def test_my_home(self):
        """Test the screenshot of the customer's /my dashboard with its counters."""
        self._require("sale.order")
        self._require("account.move")
        self._screenshot("my_home", "/my", "portal_access_ext_doc_my_home")

    def test_my_invoices(self):
        """Test the screenshot of the customer's invoices."""
        self._require("account.move")
        self._screenshot(
            "my_invoices", "/my/invoices", "portal_access_ext_doc_my_invoices"
        )

    def test_my_orders(self):
        """Test the screenshot of the customer's sales orders."""
        self._require("sale.order")
        self._screenshot("my_orders", "/my/orders", "portal_access_ext_doc_my_orders")

    def test_my_purchase(self):
        """Test the screenshot of the customer's purchase orders (Wood Corner as
        a supplier)."""
        self._require("purchase.order")
        self._screenshot(
            "my_purchase", "/my/purchase", "portal_access_ext_doc_my_purchase"
        )

    def test_my_tasks(self):
        """Test the screenshot of the tasks of the customer's shared project."""
        self._require("project.task")
        self._screenshot("my_tasks", "/my/tasks", "portal_access_ext_doc_my_tasks")

    def test_my_details(self):
        """Test the screenshot of the customer's details form."""
        self._screenshot(
            "my_details", "/my/account", "portal_access_ext_doc_my_details"
        )

    def test_my_security(self):
        """Test the screenshot of the password and two-factor page."""
        self._screenshot(
            "my_security", "/my/security", "portal_access_ext_doc_my_security"
        )

    def test_my_totp_enable(self):
        """Test the screenshot of the QR code shown when a customer enables
        two-factor authentication (after the password)."""
        self._screenshot(
            "my_totp_enable",
            "/my/security",
            "portal_access_ext_doc_my_totp_enable",
            login=SECOND_LOGIN,
        )

    def test_my_recovery_codes(self):
        """Test the screenshot of new recovery codes, shown once after the
        customer regenerates them."""
        self._screenshot(
            "my_recovery_codes",
            "/my/security",
            "portal_access_ext_doc_my_recovery_codes",
        )

    def test_user_login(self):
        """Test the screenshot of a portal user's form whose login differs from
        the contact email."""
        self._screenshot(
            "user_login",
            f"/odoo/action-base.action_res_users/{self.second_customer.id}",
            "portal_access_ext_doc_user_login",
            login=ADMIN_LOGIN,
        )

    def test_my_payment_methods(self):
        """Test the screenshot of the customer's saved payment methods."""
        self._screenshot(
            "my_payment_methods",
            "/my/payment_method",
            "portal_access_ext_doc_my_payment_methods",
        )

    # ------------------------------------------------------------------
    # Access governance: customer administrators, approvals, review
    # ------------------------------------------------------------------

    def _make_team_requests(self):
        """Jane administers Wood Corner's portal access; her vendor approves
        her invitations: Priya's waits, Tom's was refused."""
        self.customer.portal_customer_admin = True
        self.company.portal_team_approval_required = True
        user = self.customer.with_user(self.customer)
        for contact in self.company.child_ids.filtered(
            lambda partner: partner.name in ("Tom Baker", "Priya Shah")
        ).sorted("name", reverse=True):
            self.assertEqual(
                user._portal_team_invite({"partner_id": contact.id}), "pending"
            )
        requests = self.env["portal.access.request"].search(
            [("company_partner_id", "=", self.company.id)]
        )
        return requests.filtered(lambda req: req.partner_id.name == "Tom Baker")

    def test_my_team(self):
        """Test the screenshot of a customer administrator's Team page."""
        self._make_team_requests().with_user(self.admin).action_refuse()
        self._screenshot("my_team", "/my/team", "portal_access_ext_doc_my_team")

    def test_access_requests(self):
        """Test the screenshot of the invitations waiting for approval."""
        self._make_team_requests()
        self._screenshot(
            "access_requests",
            "/odoo/action-portal_access_ext.portal_access_request_action",
            "portal_access_ext_doc_access_requests",
            login=ADMIN_LOGIN,
        )

    def test_access_review(self):
        """Test the screenshot of the Portal Access Review."""
        # Marcus was invited four months ago and never signed in
        self.env.cr.execute(
            "UPDATE res_users SET create_date = now() - interval '120 days' "
            "WHERE id = %s",
            [self.second_customer.id],
        )
        self.second_customer.invalidate_recordset(["create_date"])
        self._screenshot(
            "access_review",
            "/odoo/portal-access-review",
            "portal_access_ext_doc_access_review",
            login=ADMIN_LOGIN,
        )

    def test_my_sign_ins(self):
        """Test the screenshot of the customer's recent sign-ins."""
        # the tour's own session is not logged (HttpCase turns stock's device
        # log off): two earlier sessions of Jane's
        now = fields.Datetime.now()
        self.env["res.device.log"].sudo().create(
            [
                {
                    "session_identifier": identifier,
                    "platform": platform,
                    "browser": browser,
                    "ip_address": ip_address,
                    "city": "Turlock",
                    "country": "United States",
                    "device_type": device_type,
                    "user_id": self.customer.id,
                    "first_activity": now - timedelta(days=days),
                    "last_activity": now - timedelta(hours=hours),
                }
                for identifier, platform, browser, ip_address, device_type, days, hours in (
                    (
                        "pae-doc-laptop",
                        "windows",
                        "firefox",
                        "203.0.113.7",
                        "computer",
                        9,
                        2,
                    ),
                    (
                        "pae-doc-phone",
                        "android",
                        "chrome",
                        "203.0.113.24",
                        "mobile",
                        3,
                        5,
                    ),
                )
            ]
        )
        self._screenshot(
            "my_sign_ins", "/my/security", "portal_access_ext_doc_my_sign_ins"
        )
