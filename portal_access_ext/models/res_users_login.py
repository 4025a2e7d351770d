"""Portal logins: unique ignoring letter case and surrounding spaces,
normalised and checked before they are written, changed without touching
the contact's email (the customer is told by email, the change is logged),
and a search for logins that drifted from the contact's email."""

import contextlib
import logging

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

# The unique indexes behind the login rule, one of them at a time: with stock
# `website` installed (its per-website logins, website_id on res_users) the
# login is unique per website, else in the whole database.
LOGIN_INDEX = "res_users_portal_login_ci_uniq"
LOGIN_WEBSITE_INDEX = "res_users_portal_login_website_ci_uniq"


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_login_differs = fields.Boolean(
        string="Login Differs From Email",
        compute="_compute_portal_login_differs",
        search="_search_portal_login_differs",
        help="The portal login and the contact's email are different: mail goes "
        "to one address while the account is the other.",
    )

    @api.depends("login", "email", "share")
    def _compute_portal_login_differs(self):
        for user in self:
            user.portal_login_differs = bool(
                user.share
                and user.login
                and _login_key(user.login) != _login_key(user.email or "")
            )

    def _search_portal_login_differs(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        # A subquery, so that the ids are never fetched into Python.
        drifted = SQL(
            """
            SELECT u.id FROM res_users u
              JOIN res_partner p ON p.id = u.partner_id
             WHERE u.share
               AND lower(btrim(u.login)) IS DISTINCT FROM lower(btrim(p.email))
            """
        )
        positive = (operator == "=") == value
        return Domain("id", "in" if positive else "not in", drifted)

    def init(self):
        super().init()
        # An expression index cannot be declared with models.UniqueIndex when
        # its columns depend on another module (website_id): created here, and
        # again when `website` is installed (its res.users inherit runs init).
        cr = self.env.cr
        if sql.column_exists(cr, self._table, "website_id"):
            sql.drop_index(cr, LOGIN_INDEX, self._table)
            name, expressions = (
                LOGIN_WEBSITE_INDEX,
                ["lower(btrim(login))", "COALESCE(website_id, 0)"],
            )
        else:
            sql.drop_index(cr, LOGIN_WEBSITE_INDEX, self._table)
            name, expressions = LOGIN_INDEX, ["lower(btrim(login))"]
        if sql.index_exists(cr, name):
            return
        try:
            with cr.savepoint(flush=False):
                sql.create_index(cr, name, self._table, expressions, unique=True)
        except psycopg2.errors.UniqueViolation:
            # Logins that differ only by case or spaces from before this addon:
            # the Python check below still refuses new ones.
            _logger.warning(
                "Unique index %s not created: some logins differ only by letter "
                "case or surrounding spaces; rename them and upgrade the module.",
                name,
            )

    @api.model
    def _portal_drop_login_indexes(self):
        for name in (LOGIN_INDEX, LOGIN_WEBSITE_INDEX):
            sql.drop_index(self.env.cr, name, self._table)

    @api.constrains("login")
    def _check_login_unique_insensitive(self):
        """Logins are unique ignoring letter case and surrounding spaces, the
        rule the portal wizard applies too (per website when `website` gives
        users one). The unique index of ``init`` makes it hold under
        concurrency."""
        owners = self._get_login_owners(self.mapped("login"))
        per_website = "website_id" in self._fields
        clashes = {}
        for user in self:
            others = self.browse(owners.get(_login_key(user.login), set()) - {user.id})
            if per_website:
                others = others.filtered_domain(
                    [("website_id", "=", user.website_id.id)]
                )
            if user.login and others:
                clashes[user.id] = user.login
        if clashes:
            raise ValidationError(self._login_clash_message(clashes.values()))

    @api.onchange("login")
    def on_change_login(self):
        # Stock copies the login into the contact email; for portal users the
        # login and the contact email are two distinct addresses.
        if self.share:
            return None
        return super().on_change_login()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if isinstance(vals.get("login"), str):
                vals["login"] = self._check_login_value(vals["login"])
        self._portal_set_login_website(vals_list)
        logins = [vals["login"] for vals in vals_list if vals.get("login")]
        with self._translate_login_clash(logins):
            return super().create(vals_list)

    def write(self, vals):
        changed, old_logins = self.browse(), {}
        if isinstance(vals.get("login"), str):
            vals = {**vals, "login": self._check_login_value(vals["login"])}
            changed = self.filtered(lambda u: u.share and u.login != vals["login"])
            old_logins = {user.id: user.login for user in changed}
            if changed and "password" not in vals:
                # Our own email replaces stock's generic "login changed" alert.
                self = self.with_context(portal_login_alert_skip_uids=changed.ids)
        if "login" in vals:
            with self._translate_login_clash([vals["login"]]):
                res = super().write(vals)
                self.flush_recordset(["login"])
        else:
            res = super().write(vals)
        if changed:
            changed._notify_portal_login_change(old_logins)
        return res

    @contextlib.contextmanager
    def _translate_login_clash(self, logins):
        """Turn the unique indexes' error (a concurrent transaction committed
        the same login first, or stock's exact ``unique(login[, website_id])``
        met before the Python check) into the constraint's clear message."""
        try:
            with self.env.cr.savepoint():
                yield
        except psycopg2.errors.UniqueViolation as error:
            if error.diag.constraint_name not in (
                LOGIN_INDEX,
                LOGIN_WEBSITE_INDEX,
                f"{self._table}_login_key",
            ):
                raise
            raise ValidationError(self._login_clash_message(logins)) from None

    @api.model
    def _portal_set_login_website(self, vals_list):
        """Where `website` scopes logins, the website of the new users in the
        INSERT itself: stock computes it from the contact (a stored related
        field) only after, and two users of one login created together would
        meet in the unique index on (login, no website) in between."""
        if "website_id" not in self._fields:
            return
        todo = [
            vals
            for vals in vals_list
            if "website_id" not in vals and isinstance(vals.get("partner_id"), int)
        ]
        partners = (
            self.env["res.partner"].sudo().browse({vals["partner_id"] for vals in todo})
        )
        websites = {partner.id: partner.website_id.id for partner in partners}
        for vals in todo:
            vals["website_id"] = websites.get(vals["partner_id"], False)

    @api.model
    def _login_clash_message(self, logins):
        return self.env._(
            "These logins are already used by another user "
            "(letter case and surrounding spaces are ignored): %s",
            ", ".join(sorted(str(login) for login in logins)),
        )

    @api.model
    def _check_login_value(self, login):
        """The login without surrounding spaces; empty logins and control
        characters (never valid in a login, NUL cannot even be stored) are
        refused with a clear error before anything is written."""
        login = login.strip()
        if not login:
            raise ValidationError(self.env._("The login cannot be empty."))
        if any(ord(char) < 32 or ord(char) == 127 for char in login):
            raise ValidationError(
                self.env._("The login cannot contain control characters.")
            )
        return login

    def _notify_security_setting_update(
        self, subject, content, mail_values=None, **kwargs
    ):
        skip = self.env.context.get("portal_login_alert_skip_uids")
        users = self
        if skip and subject == self.env._("Security Update: Login Changed"):
            users = self.filtered(lambda u: u.id not in skip)
        if not users:
            return self.env["mail.mail"]
        return super(ResUsers, users)._notify_security_setting_update(
            subject, content, mail_values=mail_values, **kwargs
        )

    @api.model
    @api.private
    def _get_login_owners(self, logins):
        """{login key: ids of the users (archived included) holding it}, the key
        ignoring letter case and surrounding spaces; one query for any number."""
        keys = list({_login_key(login) for login in logins if login})
        if not keys:
            return {}
        self.env.cr.execute(
            SQL(
                "SELECT id, lower(btrim(login)) FROM res_users "
                "WHERE lower(btrim(login)) = ANY(%s)",
                keys,
            )
        )
        owners = {}
        for user_id, key in self.env.cr.fetchall():
            owners.setdefault(key, set()).add(user_id)
        return owners

    def _notify_portal_login_change(self, old_logins):
        template = self.env.ref(
            "portal_access_ext.mail_template_portal_login_changed",
            raise_if_not_found=False,
        )
        users = self.sudo()
        if template:
            mailable = users.filtered("email")
            if mailable:
                template.sudo().send_mail_batch(mailable.ids, force_send=False)
        self.env["portal.access.log"]._log_events(
            [
                {
                    "event": "login_change",
                    "partner_id": user.partner_id.id,
                    "user_id": user.id,
                    "details": self.env._(
                        "%(old)s → %(new)s", old=old_logins[user.id], new=user.login
                    ),
                }
                for user in users
            ]
        )


def _login_key(login):
    """Comparison key of a login: case and surrounding spaces ignored."""
    return (login or "").strip().lower()
