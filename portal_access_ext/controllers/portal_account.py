from urllib.parse import urlsplit

from markupsafe import Markup
from werkzeug.exceptions import Forbidden

from odoo.exceptions import ValidationError
from odoo.http import request, route
from odoo.tools import single_email_re
from odoo.tools.translate import get_translation

from odoo.addons.portal.controllers import portal

# PostgreSQL's integer: the largest id a record can have
_MAX_ID = 2**31 - 1


def _is_record_id(value):
    """Whether a posted value is a record id (ASCII digits, in range)."""
    return (
        isinstance(value, str)
        and value.isascii()
        and value.isdigit()
        and int(value) <= _MAX_ID
    )


class CustomerPortalAccount(portal.CustomerPortal):
    """The customer's contact details on /my/account: every field checked by the
    server with a message next to it, the login kept out of reach, and each saved
    change recorded on the contact's chatter."""

    @route()
    def portal_address_submit(self, partner_id=None, **form_data):
        # stock calls int() on the posted id: anything but an id answers like
        # a contact the customer may not edit
        if partner_id not in (None, "") and not _is_record_id(partner_id):
            raise Forbidden()
        return super().portal_address_submit(partner_id=partner_id, **form_data)

    def _prepare_my_account_rendering_values(self, *args, **kwargs):
        values = super()._prepare_my_account_rendering_values(*args, **kwargs)
        # Stock's `page_name` is overwritten by the layout values ('home'): flag the
        # details form itself, and show the login read-only (it is not the email).
        values["portal_details_form"] = True
        values["portal_login"] = request.env.user.login
        return values

    def _parse_form_data(self, form_data):
        # Values stock cannot parse are kept as sent, for `_validate_address_values`
        # to refuse them with a message: stock turns a non-numeric country or state id
        # into an empty value (then only reported as "required") and raises a server
        # error on an unknown choice of a selection field.
        unparsable = self._portal_get_unparsable_values(form_data)
        address_values, extra_form_data = super()._parse_form_data(
            {key: value for key, value in form_data.items() if key not in unparsable}
        )
        address_values.update(unparsable)
        return address_values, extra_form_data

    def _validate_address_values(
        self,
        address_values,
        partner_sudo,
        address_type,
        use_delivery_as_billing,
        required_fields,
        **kwargs,
    ):
        # Checked first: stock reads the country's rules from the posted id and
        # answers a 404 page when that country does not exist.
        field_errors = self._portal_get_field_errors(address_values)
        invalid_fields, missing_fields, error_messages = (
            super()._validate_address_values(
                address_values,
                partner_sudo,
                address_type,
                use_delivery_as_billing,
                required_fields,
                **kwargs,
            )
        )
        for fname, message in field_errors.items():
            if fname in invalid_fields:
                continue  # stock already reported this field with its own message
            invalid_fields.add(fname)
            if message not in error_messages:
                error_messages.append(message)
        # A refused value was posted (an unknown country is emptied above only
        # for stock's checks to run): not missing, and stock's "Some required
        # fields are empty." goes when no field is left empty.
        if missing_fields & field_errors.keys():
            missing_fields -= field_errors.keys()
            if not missing_fields:
                required_message = get_translation(
                    "portal",
                    request.env.lang or "en_US",
                    "Some required fields are empty.",
                    (),
                )
                error_messages = [
                    message for message in error_messages if message != required_message
                ]
        return invalid_fields, missing_fields, error_messages

    def _create_or_update_address(self, partner_sudo, *args, **form_data):
        # Callers in Python pass `verify_address_values` as a boolean; a string can
        # only come from a posted form (`/my/address/submit` forwards every field as
        # a keyword), where `verify_address_values=` would switch all checks off.
        if isinstance(form_data.get("verify_address_values"), str):
            form_data["verify_address_values"] = True
        partner_sudo = partner_sudo.with_context(
            mail_notrack=True, portal_access_form=True
        )
        old_values = self._portal_snapshot(partner_sudo) if partner_sudo else {}
        partner_sudo, feedback = super()._create_or_update_address(
            partner_sudo, *args, **form_data
        )
        if feedback.get("invalid_fields"):
            feedback["field_messages"] = self._portal_get_field_messages(
                form_data, feedback
            )
            # A message shown next to its field is not repeated above the form.
            shown = set(feedback["field_messages"].values())
            feedback["messages"] = [
                message
                for message in feedback.get("messages", [])
                if message not in shown
            ]
            return partner_sudo, feedback
        if (
            partner_sudo == request.env.user.partner_id
            and urlsplit(feedback.get("redirectUrl") or "").path == "/my"
            and not urlsplit(feedback["redirectUrl"]).query
        ):
            # The details form goes back to the dashboard: say there that the
            # details were saved.
            feedback["redirectUrl"] = "/my?details_saved=1"
        if old_values:
            self._portal_log_changes(partner_sudo, old_values)
        elif partner_sudo:
            partner_sudo._message_log(
                body=request.env._("Address created by the customer on the portal."),
                author_id=request.env.user.partner_id.id,
            )
        return partner_sudo, feedback

    # ------------------------------------------------------------------
    # Validation helpers
    # ------------------------------------------------------------------

    def _portal_get_unparsable_values(self, form_data):
        """{field: value} of the posted writable fields that stock cannot parse."""
        partner_model = request.env["res.partner"]
        writable = partner_model._get_frontend_writable_fields()
        unparsable = {}
        for fname in writable & form_data.keys():
            field = partner_model._fields.get(fname)
            raw = form_data[fname]
            if not field or not isinstance(raw, str) or not raw.strip():
                continue
            value = raw.strip()
            if field.type == "many2one" and not _is_record_id(value):
                # "²" or "①" pass str.isdigit() but not int(); an id beyond
                # PostgreSQL's integer range fails in SQL
                unparsable[fname] = value
            elif field.type == "selection" and value not in dict(
                field._description_selection(request.env)
            ):
                unparsable[fname] = value
        return unparsable

    def _portal_get_field_errors(self, address_values):
        """Return {field: message} for what stock does not check (or checks without
        telling which field is wrong): unknown country or state, a state outside the
        chosen country, email syntax, VAT number.

        Unknown references are reset to False in `address_values` so that the stock
        checks run on sane values; the form is refused anyway.
        """
        env = request.env
        partner_fields = env["res.partner"]._fields
        errors = {}
        records = {}
        for fname, value in address_values.items():
            field = partner_fields.get(fname)
            if not value or not field or field.type != "many2one":
                continue
            record = (
                env[field.comodel_name].sudo().browse(value).exists()
                if isinstance(value, int)
                else None
            )
            if record:
                records[fname] = record
                continue
            address_values[fname] = False
            errors[fname] = {
                "country_id": env._("Choose a country from the list."),
                "state_id": env._("Choose a state from the list."),
            }.get(fname) or env._("Choose a value from the list.")
        state, country = records.get("state_id"), records.get("country_id")
        if state and state.country_id != country:
            errors["state_id"] = (
                env._(
                    "%(state)s is not a state of %(country)s.",
                    state=state.name,
                    country=country.name,
                )
                if country
                else env._("Choose the country of %(state)s first.", state=state.name)
            )
        for fname, value in address_values.items():
            field = partner_fields.get(fname)
            if value and field and field.type == "selection":
                # e.g. "Receive invoices": only the offered choices (an unknown one
                # would end in a server error on write).
                if value not in dict(field._description_selection(env)):
                    errors[fname] = env._("Choose a value from the list.")
        email = address_values.get("email")
        if email and not single_email_re.match(email):
            # stock's own words (portal's `_validate_address_values` says it
            # above the form): the customer reads one message, next to the field
            errors["email"] = env._(
                "Invalid Email! Please enter a valid email address."
            )
        # characters and lengths, as for any change of the customer's own
        # contact (res.partner checks RPC writes the same way)
        for fname, message in (
            env["res.partner"]._portal_get_portal_input_errors(address_values).items()
        ):
            errors.setdefault(fname, message)
        vat_error = self._portal_get_vat_error(address_values)
        if vat_error:
            errors["vat"] = vat_error
        return errors

    def _portal_get_vat_error(self, address_values):
        """The VAT number's error as Odoo itself reports it, if Odoo checks VAT numbers
        in this database (`_check_vat`, from account and base_vat)."""
        partner_model = request.env["res.partner"].sudo()
        if not address_values.get("vat") or not hasattr(partner_model, "_check_vat"):
            return None
        dummy = partner_model.new(
            {
                fname: address_values[fname]
                for fname in self._get_vat_validation_fields()
                if fname in address_values
            }
        )
        try:
            dummy._check_vat()
        except ValidationError as error:
            return error.args[0]
        return None

    def _portal_get_field_messages(self, form_data, feedback):
        """One message per refused field, shown next to the field by the form."""
        address_values, _extra = self._parse_form_data(form_data)
        field_errors = self._portal_get_field_errors(address_values)
        generic = [
            message
            for message in feedback.get("messages", [])
            if message not in field_errors.values()
        ]
        required_message = request.env._("This field is required.")
        messages = {}
        for fname in feedback["invalid_fields"]:
            if fname in field_errors:
                messages[fname] = field_errors[fname]
            elif not address_values.get(fname):
                messages[fname] = required_message
            else:
                messages[fname] = " ".join(generic)
        return messages

    # ------------------------------------------------------------------
    # Chatter
    # ------------------------------------------------------------------

    def _portal_tracked_fields(self, partner_sudo):
        """The stored contact fields a customer can change from the portal forms."""
        fields_map = partner_sudo._fields
        names = [
            fname
            for fname in sorted(partner_sudo._get_frontend_writable_fields())
            if fname in fields_map
            and fields_map[fname].store
            and fname != "company_name"
        ]
        # The "Company Name" input renames the company or sets the contact's own
        # company name: this field shows either.
        return [*names, "commercial_company_name"]

    def _portal_snapshot(self, partner_sudo):
        return {
            fname: self._portal_display_value(partner_sudo, fname)
            for fname in self._portal_tracked_fields(partner_sudo)
        }

    def _portal_display_value(self, partner_sudo, fname):
        field = partner_sudo._fields[fname]
        value = partner_sudo[fname]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "selection":
            return dict(field._description_selection(partner_sudo.env)).get(value, "")
        return value or ""

    def _portal_log_changes(self, partner_sudo, old_values):
        """Post what the customer changed (old → new) as an internal note on the
        contact, authored by the customer; a renamed company gets the note too."""
        partner_sudo.invalidate_recordset()
        new_values = self._portal_snapshot(partner_sudo)
        changed = [
            fname for fname in old_values if old_values[fname] != new_values[fname]
        ]
        if not changed:
            return
        env = request.env
        empty = env._("(empty)")
        lines = Markup().join(
            Markup("<li>%s: %s → %s</li>")
            % (
                partner_sudo._fields[fname]._description_string(env)
                if fname != "commercial_company_name"
                else env._("Company Name"),
                old_values[fname] or empty,
                new_values[fname] or empty,
            )
            for fname in changed
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            env._("Contact details changed by the customer on the portal:"),
            lines,
        )
        author_id = env.user.partner_id.id
        partner_sudo._message_log(body=body, author_id=author_id)
        company_sudo = partner_sudo.commercial_partner_id
        if "commercial_company_name" in changed and company_sudo != partner_sudo:
            company_sudo._message_log(body=body, author_id=author_id)
