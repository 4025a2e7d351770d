from lxml import html

from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import make_company_with_contacts, make_portal_user

PASSWORD = "Details-Customer-Pass-1!"


@tagged("post_install", "-at_install")
class TestMyDetails(HttpCase):
    """The customer's details on /my/account, through real HTTP requests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.country_be = cls.env.ref("base.be")
        cls.country_us = cls.env.ref("base.us")
        cls.state_us = cls.env["res.country.state"].search(
            [("country_id", "=", cls.country_us.id)], limit=1
        )
        cls.user = make_portal_user(
            cls.env,
            "pae.details@example.com",
            name="Dora Details",
            password=PASSWORD,
            phone="+32 470 12 34 56",
            street="Rue de la Loi 16",
            city="Brussels",
            zip="1000",
            country_id=cls.country_be.id,
        )
        cls.partner = cls.user.partner_id

    def setUp(self):
        super().setUp()
        self.authenticate(self.user.login, PASSWORD)

    # helpers ------------------------------------------------------------

    def _form_values(self, **changes):
        """What the /my/account form posts for the customer's own contact."""
        values = {
            "name": self.partner.name,
            "email": self.partner.email,
            "phone": self.partner.phone,
            "street": self.partner.street,
            "street2": "",
            "city": self.partner.city,
            "zip": self.partner.zip,
            "country_id": str(self.partner.country_id.id),
            "state_id": "",
            "company_name": "",
            "vat": "",
            "address_type": "billing",
            "use_delivery_as_billing": "True",
            "partner_id": str(self.partner.id),
            "callback": "/my",
            "required_fields": "name,email",
            "csrf_token": Request.csrf_token(self),
        }
        values.update(changes)
        return values

    def _submit(self, **changes):
        response = self.url_open(
            "/my/address/submit", data=self._form_values(**changes)
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.env.invalidate_all()
        return response.json()

    def _partner_state(self):
        self.env.invalidate_all()
        return self.partner.read(
            [
                "name",
                "email",
                "phone",
                "street",
                "city",
                "zip",
                "country_id",
                "state_id",
            ]
        )[0]

    def _partner_messages(self):
        return self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.partner.id)]
        )

    def assertRefused(self, result, field, message_part):
        """The answer refuses the form, with a message next to `field`."""
        self.assertNotIn("redirectUrl", result)
        self.assertIn(field, result["invalid_fields"])
        self.assertIn(message_part, result["field_messages"][field])

    # pages --------------------------------------------------------------

    def test_dashboard_details_section_has_edit_button(self):
        """Test that the dashboard's Details section has an "Edit" button to /my/account."""
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.content)
        headers = tree.xpath(
            "//div[contains(concat(' ', @class, ' '), ' o_portal_details_header ')]"
        )
        self.assertTrue(headers)
        self.assertEqual(headers[0].xpath("string(.//h5)").strip(), "Details")
        button = headers[0].xpath(
            ".//a[contains(concat(' ', @class, ' '), ' o_portal_details_edit ')]"
        )[0]
        self.assertEqual(button.get("href"), "/my/account")
        self.assertEqual(button.text_content().strip(), "Edit")
        self.assertNotIn("Edit information", response.text)

    def test_details_form_confirm_button_and_read_only_login(self):
        """Test that the details form says "Confirm" and shows the login read-only with the note."""
        response = self.url_open("/my/account")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.content)
        button = tree.xpath("//button[@id='save_address']")[0]
        self.assertEqual(button.text_content().strip(), "Confirm")
        login_input = tree.xpath("//input[@id='o_portal_login']")[0]
        self.assertEqual(login_input.get("value"), self.user.login)
        self.assertIsNone(login_input.get("name"), "the login must never be posted")
        self.assertIsNotNone(login_input.get("readonly"))
        note = tree.xpath(
            "//div[contains(concat(' ', @class, ' '), ' o_portal_login_note ')]"
        )[0]
        self.assertEqual(note.get("data-original-email"), self.partner.email)
        self.assertIn(
            f"Your login stays {self.user.login}", " ".join(note.text_content().split())
        )
        self.assertIn("ask the company to change it", note.text_content())
        self.assertFalse(tree.xpath("//input[@name='login']"))

    def test_other_address_forms_keep_stock_wording(self):
        """Test that the address pages other than the details form keep "Save Address" and no login."""
        response = self.url_open("/my/address?address_type=delivery")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.content)
        button = tree.xpath("//button[@id='save_address']")[0]
        self.assertEqual(button.text_content().strip(), "Save Address")
        self.assertFalse(
            tree.xpath(
                "//div[contains(concat(' ', @class, ' '), ' o_portal_login_note ')]"
            )
        )

    # refused input ------------------------------------------------------

    def test_bad_email_is_refused_next_to_the_field(self):
        """Test that an email without a valid domain is refused with a message on the field, nothing saved."""
        before, messages_before = self._partner_state(), self._partner_messages()
        result = self._submit(email="dora@example", city="Ghent")
        self.assertRefused(result, "email", "valid email address")
        self.assertEqual(self._partner_state(), before)
        self.assertEqual(self._partner_messages(), messages_before)

    def test_bad_email_gets_one_message_in_stock_words(self):
        """Test that a bad email gets one message, stock's, next to the field only."""
        result = self._submit(email="dora@example")
        stock_message = "Invalid Email! Please enter a valid email address."
        self.assertEqual(result["field_messages"]["email"], stock_message)
        self.assertNotIn(stock_message, result["messages"])
        self.assertFalse(
            [m for m in result["messages"] if "email" in m.lower()], result["messages"]
        )

    def test_saved_details_are_confirmed_on_the_dashboard(self):
        """Test that the dashboard says the details were saved after Confirm."""
        result = self._submit(city="Ghent")
        page = self.url_open(result["redirectUrl"])
        tree = html.fromstring(page.content)
        notice = tree.xpath(
            "//div[contains(concat(' ', @class, ' '), ' o_portal_details_saved ')]"
        )
        self.assertEqual(notice[0].text_content().strip(), "Your details were saved.")
        self.assertNotIn("o_portal_details_saved", self.url_open("/my").text)

    def test_other_callbacks_are_kept(self):
        """Test that a form posted with another callback goes back there unchanged."""
        result = self._submit(city="Ghent", callback="/my/addresses")
        self.assertEqual(result, {"redirectUrl": "/my/addresses"})

    def test_unknown_country_gets_a_form_message_not_a_404(self):
        """Test that an unknown or malformed country id is a message on the form, not a 404 page."""
        before = self._partner_state()
        missing_id = (
            self.env["res.country"].search([], order="id desc", limit=1).id + 1000
        )
        for value in (str(missing_id), "not-a-country"):
            with self.subTest(country_id=value):
                result = self._submit(country_id=value, city="Ghent")
                self.assertRefused(
                    result, "country_id", "Choose a country from the list"
                )
                self.assertEqual(self._partner_state(), before)

    def test_state_of_another_country_is_refused(self):
        """Test that a state that does not belong to the chosen country is refused on the state field."""
        before = self._partner_state()
        result = self._submit(state_id=str(self.state_us.id))
        self.assertRefused(result, "state_id", "is not a state of Belgium")
        self.assertEqual(self._partner_state(), before)
        unknown_state = (
            self.env["res.country.state"].search([], order="id desc", limit=1).id + 1000
        )
        result = self._submit(state_id=str(unknown_state))
        self.assertRefused(result, "state_id", "Choose a state from the list")
        self.assertEqual(self._partner_state(), before)

    def test_required_fields_are_refused_one_by_one(self):
        """Test that each emptied required field gets its own "required" message and nothing is saved."""
        before = self._partner_state()
        result = self._submit(name="", street="", city="Ghent")
        for field in ("name", "street"):
            self.assertRefused(result, field, "This field is required.")
        self.assertNotIn("city", result["invalid_fields"])
        self.assertEqual(self._partner_state(), before)

    def test_switching_validation_off_from_the_browser_is_ignored(self):
        """Test that posting verify_address_values= does not skip the server-side checks."""
        before = self._partner_state()
        result = self._submit(email="not an email", verify_address_values="")
        self.assertRefused(result, "email", "valid email address")
        self.assertEqual(self._partner_state(), before)

    @mute_logger("odoo.http")
    def test_post_without_csrf_token_is_refused(self):
        """Test that the details form posted without its CSRF token is refused and changes nothing."""
        before = self._partner_state()
        values = self._form_values(city="Ghent")
        del values["csrf_token"]
        response = self.url_open("/my/address/submit", data=values)
        self.assertEqual(response.status_code, 400)
        self.assertIn("CSRF", response.text)
        self.assertEqual(self._partner_state(), before)

    def test_other_customer_contact_cannot_be_edited(self):
        """Test that posting another customer's contact id is forbidden and changes nothing."""
        other = make_portal_user(
            self.env, "pae.details.other@example.com", password=PASSWORD
        )
        other.partner_id.city = "Liège"
        response = self.url_open(
            "/my/address/submit",
            data=self._form_values(partner_id=str(other.partner_id.id), city="Ghent"),
        )
        self.assertEqual(response.status_code, 403)
        self.env.invalidate_all()
        self.assertEqual(other.partner_id.city, "Liège")

    # saved changes ------------------------------------------------------

    def test_valid_change_is_saved_and_logged_on_the_chatter(self):
        """Test that a valid change is saved and posted as an internal note (old → new) by the customer."""
        messages_before = self._partner_messages()
        result = self._submit(city="Ghent", zip="9000", phone="+32 9 123 45 67")
        self.assertEqual(result, {"redirectUrl": "/my?details_saved=1"})
        state = self._partner_state()
        self.assertEqual((state["city"], state["zip"]), ("Ghent", "9000"))
        new_messages = self._partner_messages() - messages_before
        self.assertEqual(
            len(new_messages), 1, "one note per saved change, no duplicate tracking"
        )
        self.assertEqual(new_messages.author_id, self.partner)
        self.assertEqual(new_messages.subtype_id, self.env.ref("mail.mt_note"))
        self.assertTrue(new_messages.is_internal)
        body = new_messages.body
        self.assertIn("City: Brussels → Ghent", body)
        self.assertIn("Zip: 1000 → 9000", body)
        self.assertIn("Phone:", body)
        self.assertNotIn("Email:", body)
        self.assertNotIn("Street:", body)

    def test_unchanged_form_posts_nothing(self):
        """Test that confirming the form without any change posts no chatter message."""
        messages_before = self._partner_messages()
        result = self._submit()
        self.assertEqual(result, {"redirectUrl": "/my?details_saved=1"})
        self.assertEqual(self._partner_messages(), messages_before)

    def test_changing_the_contact_email_never_changes_the_login(self):
        """Test that a new contact email is saved and logged while the user's login stays the same."""
        login = self.user.login
        result = self._submit(
            email="dora.new@example.com", login="dora.new@example.com"
        )
        self.assertEqual(result, {"redirectUrl": "/my?details_saved=1"})
        self.assertEqual(self.partner.email, "dora.new@example.com")
        self.assertEqual(self.user.login, login)
        note = self._partner_messages()[:1]
        self.assertIn(
            "Email: pae.details@example.com → dora.new@example.com", note.body
        )
        # and the customer still logs in with the unchanged login
        self.authenticate(login, PASSWORD)
        self.assertEqual(self.url_open("/my/account").status_code, 200)

    def test_company_rename_is_logged_on_the_company_too(self):
        """Test that a contact renaming its company leaves a note on the contact and on the company."""
        company, (contact,) = make_company_with_contacts(self.env, "Acme Details", 1)
        company.write(
            {
                "street": "Main Street 1",
                "city": "Antwerp",
                "zip": "2000",
                "country_id": self.country_be.id,
                "phone": "+32 3 000 00 00",
            }
        )
        contact.write(
            {
                "street": "Main Street 1",
                "city": "Antwerp",
                "zip": "2000",
                "country_id": self.country_be.id,
                "phone": "+32 3 000 00 01",
            }
        )
        user = make_portal_user(
            self.env, "pae.details.acme@example.com", partner=contact, password=PASSWORD
        )
        self.authenticate(user.login, PASSWORD)
        self.partner = contact
        result = self._submit(company_name="Acme Renamed")
        self.assertEqual(result, {"redirectUrl": "/my?details_saved=1"})
        self.assertEqual(company.name, "Acme Renamed")
        for record in (contact, company):
            note = self.env["mail.message"].search(
                [("model", "=", "res.partner"), ("res_id", "=", record.id)], limit=1
            )
            self.assertIn("Company Name: Acme Details → Acme Renamed", note.body)
            self.assertEqual(note.author_id, contact)

    def test_vat_managed_by_the_company_is_refused_on_the_vat_field(self):
        """Test that a company contact's VAT change is refused with the message on the VAT field."""
        company, (contact,) = make_company_with_contacts(self.env, "Acme Vat", 1)
        address = {
            "street": "Main Street 2",
            "city": "Antwerp",
            "zip": "2000",
            "country_id": self.country_be.id,
            "phone": "+32 3 000 00 02",
        }
        company.write(address)
        contact.write(address)
        user = make_portal_user(
            self.env, "pae.details.vat@example.com", partner=contact, password=PASSWORD
        )
        self.authenticate(user.login, PASSWORD)
        self.partner = contact
        result = self._submit(vat="BE0477472701", city="Ghent")
        self.assertRefused(result, "vat", "managed on your company account")
        self.assertNotIn("city", result["field_messages"])
        self.assertFalse(company.vat)
        self.assertEqual(contact.city, "Antwerp")

    def test_unknown_choice_is_refused_not_a_server_error(self):
        """Test that a choice outside a selection field's options is refused on that field."""
        self.assertIn("invoice_sending_method", self.env["res.partner"]._fields)
        before = self.partner.invoice_sending_method
        result = self._submit(invoice_sending_method="carrier_pigeon")
        self.assertRefused(
            result, "invoice_sending_method", "Choose a value from the list"
        )
        self.assertEqual(self.partner.invoice_sending_method, before)

    def test_new_address_is_logged_on_its_chatter(self):
        """Test that an address the customer adds is created with a note authored by the customer."""
        result = self._submit(
            partner_id="",
            address_type="delivery",
            use_delivery_as_billing="false",
            callback="/my/addresses",
            name="Dora Warehouse",
            street="Quai 3",
            city="Antwerp",
            zip="2000",
        )
        self.assertEqual(result, {"redirectUrl": "/my/addresses"})
        address = self.env["res.partner"].search(
            [("name", "=", "Dora Warehouse"), ("type", "=", "delivery")]
        )
        self.assertEqual(len(address), 1)
        note = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", address.id)]
        )
        self.assertEqual(len(note), 1)
        self.assertIn("Address created by the customer on the portal.", note.body)
        self.assertEqual(note.author_id, self.partner)
        self.assertTrue(note.is_internal)


@tagged("post_install", "-at_install")
class TestMyDetailsFrench(HttpCase):
    """The details form of a French customer, posted as the browser posts it
    (the fields the page renders), with stock's French terms loaded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["base", "portal", "portal_access_ext"], ["fr_FR"]
        )
        if "website" in cls.env:
            french = cls.env.ref("base.lang_fr")
            cls.env["website"].search([]).write(
                {"language_ids": [(4, french.id)], "default_lang_id": french.id}
            )
        values = {
            "phone": "+33 1 23 45 67 89",
            "street": "12 rue de Rivoli",
            "city": "Paris",
            "zip": "75001",
            "country_id": cls.env.ref("base.fr").id,
            "lang": "fr_FR",
        }
        # a contact of a company has the company's address (stock's sync)
        company = cls.env["res.partner"].create(
            {
                "name": "Société Détails",
                "is_company": True,
                **{k: v for k, v in values.items() if k != "lang"},
            }
        )
        cls.customers = make_portal_user(
            cls.env,
            "pae.details.fr@example.com",
            name="Chloé Détails",
            password=PASSWORD,
            **values,
        ) | make_portal_user(
            cls.env,
            "pae.details.fr.co@example.com",
            name="Céline Société",
            password=PASSWORD,
            parent_id=company.id,
            **values,
        )
        # stock's "Some required fields are empty." in portal's fr.po
        cls.required_fr = "Certains champs obligatoires sont vides."

    def _rendered_form(self):
        """The values the browser posts: the form's enabled named fields."""
        page = html.fromstring(self.url_open("/my/account").content)
        (form,) = page.xpath("//form[@name='address_form']")
        values = {}
        for element in form.xpath(".//input|.//select|.//textarea"):
            name = element.get("name")
            if not name or element.get("disabled") is not None:
                continue
            if element.tag == "select":
                selected = element.xpath(".//option[@selected]")
                values[name] = selected[0].get("value", "") if selected else ""
            elif element.get("type") in ("checkbox", "radio"):
                if element.get("checked") is not None:
                    values[name] = element.get("value", "on")
            else:
                values[name] = (
                    element.get("value", "")
                    if element.tag == "input"
                    else (element.text or "")
                )
        return values

    def _submit(self, **changes):
        values = {**self._rendered_form(), **changes}
        response = self.url_open("/my/address/submit", data=values)
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.env.invalidate_all()
        return response.json()

    def test_french_complete_form_is_saved_without_required_message(self):
        """Test that a French customer's complete form is saved, with no "Certains champs obligatoires sont vides"."""
        for customer in self.customers:
            with self.subTest(customer=customer.login):
                self.authenticate(customer.login, PASSWORD)
                result = self._submit(city="Lyon", zip="69001")
                self.assertIn("redirectUrl", result, result)
                self.assertNotIn(self.required_fr, str(result))
                self.assertEqual(customer.partner_id.city, "Lyon")

    def test_french_invalid_email_gets_only_the_email_message(self):
        """Test that a French customer's form with only an invalid email shows the email message, not "Certains champs obligatoires sont vides"."""
        for customer in self.customers:
            with self.subTest(customer=customer.login):
                self.authenticate(customer.login, PASSWORD)
                result = self._submit(email="pas-une-adresse")
                self.assertNotIn("redirectUrl", result)
                self.assertEqual(result["invalid_fields"], ["email"])
                self.assertTrue(result["field_messages"]["email"])
                self.assertNotIn(self.required_fr, str(result))
                self.assertNotIn("Some required fields are empty.", str(result))
                self.assertEqual(customer.partner_id.email, customer.login)

    def test_french_unknown_country_is_not_reported_as_empty(self):
        """Test that a French customer's unknown country or state gets its own message, not "Certains champs obligatoires sont vides"."""
        customer = self.customers[0]
        self.authenticate(customer.login, PASSWORD)
        missing_id = (
            self.env["res.country"].search([], order="id desc", limit=1).id + 1000
        )
        for changes, field in (
            ({"country_id": "not-a-country"}, "country_id"),
            ({"country_id": str(missing_id)}, "country_id"),
            ({"state_id": "not-a-state"}, "state_id"),
        ):
            with self.subTest(changes=changes):
                result = self._submit(**changes)
                self.assertNotIn("redirectUrl", result)
                self.assertEqual(result["invalid_fields"], [field])
                self.assertIn(field, result["field_messages"])
                self.assertNotIn(self.required_fr, str(result))
                self.assertEqual(customer.partner_id.city, "Paris")
        # a field really left empty still gets stock's message
        result = self._submit(country_id="not-a-country", street="")
        self.assertIn(self.required_fr, result["messages"])
        self.assertEqual(set(result["invalid_fields"]), {"country_id", "street"})
