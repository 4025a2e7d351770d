from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import single_email_re


class ResPartner(models.Model):
    """What a portal customer writes on its own contact, from the details
    form or over RPC (``res.users.write`` of its own name or email writes the
    contact with sudo): no NUL character, sensible lengths, a valid email.
    The details form shows these messages next to the fields
    (controllers/portal_account.py); any other way gets a ValidationError
    before the database is touched."""

    _inherit = "res.partner"

    @api.model
    def _portal_get_portal_max_lengths(self):
        """Longest value a customer may write in a text field of its contact,
        per field (the others: key ``None``)."""
        return {
            None: 256,
            "email": 254,  # RFC 5321's longest address
            "phone": 64,
            "zip": 32,
            "vat": 64,
        }

    @api.model
    def _portal_get_portal_input_errors(self, vals):
        """{field: message} of the values a customer may not write."""
        env = self.env
        max_lengths = self._portal_get_portal_max_lengths()
        errors = {}
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if not isinstance(value, str) or not field or field.type != "char":
                # images, HTML and selections have their own checks
                continue
            if "\x00" in value:
                errors[fname] = env._(
                    "%(field)s contains a character that is not allowed.",
                    field=self._fields[fname]._description_string(env),
                )
                continue
            limit = max_lengths.get(fname, max_lengths[None])
            if len(value) > limit:
                errors[fname] = env._(
                    "%(field)s is too long (at most %(limit)s characters).",
                    field=self._fields[fname]._description_string(env),
                    limit=limit,
                )
        email = vals.get("email")
        if (
            "email" not in errors
            and isinstance(email, str)
            and email.strip()
            and not single_email_re.match(email.strip())
        ):
            errors["email"] = env._(
                "Enter a valid email address, such as name@example.com."
            )
        return errors

    def write(self, vals):
        if not self._portal_is_customer_own_write():
            return super().write(vals)
        errors = self._portal_get_portal_input_errors(vals)
        if errors:
            raise ValidationError("\n".join(errors.values()))
        if self.env.context.get("portal_access_form"):
            # the details form logs its own note, with the company's renaming
            return super().write(vals)
        tracked = [
            fname
            for fname in sorted(self._get_frontend_writable_fields() & set(vals))
            if self._fields[fname].store
        ]
        old_values = {
            partner.id: {fname: partner[fname] for fname in tracked}
            for partner in self.sudo()
        }
        res = super().write(vals)
        if tracked:
            self._portal_log_customer_changes(tracked, old_values)
        return res

    def _portal_log_customer_changes(self, tracked, old_values):
        """The note the details form leaves, for a change made another way
        (``res.users.write`` over RPC): what changed, old → new, authored by
        the customer."""
        env = self.env
        empty = env._("(empty)")
        for partner in self.sudo():
            changed = [
                fname
                for fname in tracked
                if old_values[partner.id][fname] != partner[fname]
            ]
            if not changed:
                continue

            def shown(value):
                return getattr(value, "display_name", value) or empty

            lines = Markup().join(
                Markup("<li>%s: %s → %s</li>")
                % (
                    partner._fields[fname]._description_string(env),
                    shown(old_values[partner.id][fname]),
                    shown(partner[fname]),
                )
                for fname in changed
            )
            partner._message_log(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    env._("Contact details changed by the customer on the portal:"),
                    lines,
                ),
                author_id=env.user.partner_id.id,
            )

    def _portal_is_customer_own_write(self):
        """A portal customer (even through sudo, as ``res.users.write`` and
        the details form do) writing contacts of its own company."""
        user = self.env.user
        if not user.share or user._is_public() or not self:
            return False
        Category = self.env["portal.document.category"]
        return bool(Category._filter_user_customer_partners(self))
