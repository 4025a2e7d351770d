import ast
import logging

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.fields import Domain

_logger = logging.getLogger(__name__)


class PortalDocumentCategory(models.Model):
    """A kind of document a customer sees on the portal (invoices, quotations…).

    Categories name their model by its technical name, not a many2one, so the
    addon ships categories for apps it does not depend on: a category whose
    model (or one of the fields it uses) is missing from the registry is simply
    unavailable, and becomes available by itself when the app is installed
    (the registry is rebuilt, which empties every ormcache below).
    """

    _name = "portal.document.category"
    _description = "Portal Document Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    model = fields.Char(
        string="Model Name",
        required=True,
        help="Technical name of the document model, e.g. account.move.",
    )
    model_id = fields.Many2one(
        "ir.model",
        string="Installed Model",
        compute="_compute_model_id",
        help="The model, when its app is installed.",
    )
    partner_field = fields.Char(
        string="Customer Field",
        required=True,
        default="partner_id",
        help="Field path from the document to the customer it belongs to; a "
        "document belongs to every contact of that customer's company.",
    )
    domain = fields.Char(
        default="[]",
        required=True,
        help="Which documents of the model belong to this category, e.g. "
        "invoices rather than bills.",
    )
    route = fields.Char(
        string="Portal Route",
        help="Portal page listing the documents, e.g. /my/invoices. It answers "
        "404 to a customer who does not see this category.",
    )
    counter_key = fields.Char(
        help="Counter of the /my dashboard filled with the number of documents "
        "(e.g. invoice_count).",
    )
    is_available = fields.Boolean(
        string="Available",
        compute="_compute_is_available",
        search="_search_is_available",
        help="The category's model and fields exist in this database.",
    )

    _counter_key_unique = models.UniqueIndex(
        "(counter_key) WHERE counter_key IS NOT NULL AND active"
    )

    @api.depends("model")
    def _compute_model_id(self):
        for category in self:
            category.model_id = (
                self.env["ir.model"]._get(category.model)
                if category.model in self.env
                else False
            )

    @api.depends("model", "partner_field", "domain")
    def _compute_is_available(self):
        for category in self:
            category.is_available = category._check_available()

    def _search_is_available(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        available = (
            self.with_context(active_test=False).search([]).filtered("is_available")
        )
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", available.ids)]

    @api.constrains("domain")
    def _check_domain(self):
        for category in self:
            try:
                Domain(ast.literal_eval(category.domain or "[]"))
            except (ValueError, SyntaxError, TypeError) as error:
                raise ValidationError(
                    self.env._(
                        "The domain of category %(name)s is not valid: %(error)s",
                        name=category.name,
                        error=error,
                    )
                ) from error

    @api.model_create_multi
    def create(self, vals_list):
        categories = super().create(vals_list)
        self.env.registry.clear_cache()
        return categories

    def write(self, vals):
        res = super().write(vals)
        if set(vals) - {"name", "sequence"}:
            # the label and the order change no right, rule or route
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_available(self):
        """Return whether the model, customer field and domain all exist."""
        self.ensure_one()
        if not self.model or self.model not in self.env:
            return False
        Model = self.env[self.model].sudo()
        try:
            Domain(self.partner_field, "!=", False).validate(Model)
            self._get_domain().validate(Model)
        except (ValueError, SyntaxError, TypeError, KeyError):
            return False
        return True

    def _get_domain(self):
        self.ensure_one()
        return Domain(ast.literal_eval(self.domain or "[]"))

    def _get_user_customer_domain(self):
        """Documents of this category belonging to the current user's company:
        the condition of the portal read rule, for counts that must read with
        sudo."""
        self.ensure_one()
        return (
            self._get_customer_condition(
                self.partner_field, self._get_user_commercial_partner_id()
            )
            & self._get_domain()
        )

    @api.model
    def _get_customer_condition(self, partner_field, commercial_partner_id):
        """Documents whose customer belongs to the given commercial entity.

        A condition on the customer's commercial entity, not a list of the
        company's contacts: the database resolves it with the index on
        ``res_partner.commercial_partner_id`` (rules are turned into SQL as
        superuser, archived contacts included), nothing cached holds the
        contacts, and a contact added to or moved between companies changes
        what the company's users see without clearing any cache."""
        return Domain(
            partner_field,
            "any",
            Domain("commercial_partner_id", "=", commercial_partner_id),
        )

    @api.model
    def _get_user_commercial_partner_id(self):
        return self.env.user.sudo().partner_id.commercial_partner_id.id

    @api.model
    def _filter_user_customer_partners(self, partners):
        """The contacts among ``partners`` that belong to the current user's
        commercial entity (read from the record cache, no list kept)."""
        commercial_id = self._get_user_commercial_partner_id()
        return (
            partners.sudo()
            .with_context(active_test=False)
            .filtered(lambda partner: partner.commercial_partner_id.id == commercial_id)
        )

    @api.model
    def _get_user_portal_key(self):
        """What the portal restrictions of the current user depend on, as
        ``(commercial entity id, read-only, visible category ids)``, or None
        for internal users and the public user.

        Computed at each call from the record cache (no query once the
        user's contact is read in the transaction) and used as the key of
        the cached rights and rules instead of the user: a change of
        visibility, of read-only membership or of company makes a new key in
        every worker at once, so no change of a contact clears any cache,
        and users of the same company with the same visibility share the
        cached values that do not depend on the company."""
        user = self.env.user.sudo()
        if not user.share or user._is_public():
            return None
        # the xml id's cached resolution: env.ref() would query the group's
        # existence at every call, and this runs at every access check
        group_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "portal_access_ext.group_portal_readonly", raise_if_not_found=False
        )
        readonly = bool(group_id) and group_id in user._get_group_ids()
        partner = user.partner_id
        return (
            partner.commercial_partner_id.id,
            readonly,
            tuple(partner._get_portal_visible_categories().ids),
        )

    @api.model
    @tools.ormcache()
    def _get_available_category_ids(self):
        """Ids of the active categories whose app is installed. The cache is
        shared by every caller: the search must not depend on the caller's
        context (an ``active_test=False`` caller would cache archived ones)."""
        categories = self.sudo().with_context(active_test=True).search([])
        return tuple(categories.filtered("is_available").ids)

    @api.model
    def _get_available_categories(self):
        return self.sudo().browse(self._get_available_category_ids())

    @api.model
    def _get_readonly_restrictions(self):
        """Restrictions of the current user, as
        ``(readonly, locked_models, hidden_models, rule_domains)``:

        - ``readonly``: member of the read-only group; then ``locked_models``
          are the models of every available category (no create, write or
          unlink);
        - ``hidden_models``: models none of whose categories the user sees
          (no read either) — for every portal user;
        - ``rule_domains``: {model: ((partner_field, domain), …)} of the
          visible categories, turned into read rules by ``ir.rule`` for every
          portal user.

        Internal users get no restriction. Cached per (read-only, visible
        categories), shared by every user with the same ones.
        """
        key = self._get_user_portal_key()
        if key is None:
            return (False, frozenset(), frozenset(), {})
        _commercial_id, readonly, visible_ids = key
        return self._get_restrictions_for(readonly, visible_ids)

    @api.model
    @tools.ormcache("readonly", "visible_ids")
    def _get_restrictions_for(self, readonly, visible_ids):
        available = self._get_available_categories()
        visible = self.sudo().browse(visible_ids) & available
        all_models = frozenset(available.mapped("model"))
        rule_domains = {}
        for category in visible:
            rule_domains.setdefault(category.model, []).append(
                (category.partner_field, category.domain or "[]")
            )
        return (
            readonly,
            all_models if readonly else frozenset(),
            all_models - frozenset(rule_domains),
            {model: tuple(rules) for model, rules in rule_domains.items()},
        )

    @api.model
    def _get_readonly_rule_domain(self, model_name):
        """Read rule of a portal user on a category model, or None: the
        customer condition (the user's commercial entity, built at each call)
        over the categories' domains (cached per visibility, shared by every
        company: nothing cached grows with the number of companies), or the
        condition of a stock sharing (``_get_shared_document_condition``)."""
        key = self._get_user_portal_key()
        if key is None:
            return None
        commercial_id, readonly, visible_ids = key
        rules = self._get_rule_domains_for(model_name, readonly, visible_ids)
        if rules is None:
            return None
        customer = Domain.OR(
            self._get_customer_condition(partner_field, commercial_id) & domain
            for partner_field, domain in rules
        )
        shared = self._get_shared_document_condition(model_name)
        return customer if shared is None else customer | shared

    @api.model
    def _get_shared_document_condition(self, model_name):
        """Hook: documents the user reaches by a stock sharing feature
        (project sharing), OR-ed to the customer condition; None here."""
        return None

    @api.model
    @tools.ormcache("model_name", "readonly", "visible_ids")
    def _get_rule_domains_for(self, model_name, readonly, visible_ids):
        """((customer field, categories' domain), …) of the read rule on a
        model for the users who see these categories, or None."""
        rule_domains = self._get_restrictions_for(readonly, visible_ids)[3]
        if model_name not in rule_domains:
            return None
        # one customer condition per customer field, the categories' own
        # domains OR-ed under it (invoices or bills of the same customer)
        by_field = {}
        for partner_field, domain in rule_domains[model_name]:
            by_field.setdefault(partner_field, []).append(
                Domain(ast.literal_eval(domain))
            )
        return tuple(
            (partner_field, Domain.OR(domains).optimize(self.env[model_name]))
            for partner_field, domains in by_field.items()
        )

    @api.model
    def _get_hidden_routes(self):
        """Portal routes of the categories the current portal user does not
        see (a route shared by several categories stays open while one of
        them is visible)."""
        key = self._get_user_portal_key()
        if key is None:
            return ()
        return self._get_hidden_routes_for(key[2])

    @api.model
    @tools.ormcache("visible_ids")
    def _get_hidden_routes_for(self, visible_ids):
        available = self._get_available_categories().filtered("route")
        visible = self.sudo().browse(visible_ids)
        return tuple(
            set(available.mapped("route"))
            - set(visible.filtered("route").mapped("route"))
        )

    @api.model
    def _is_route_hidden(self, path):
        return any(
            path == route or path.startswith(route.rstrip("/") + "/")
            for route in self._get_hidden_routes()
        )

    @api.model
    def _is_hidden_record(self, model_name, record_id):
        """Whether a document of the current portal user's company is only of
        kinds hidden from them: it then answers exactly like a missing id
        (``ir.http._portal_dispatch_hidden_as_missing``, the chatter's
        ``_get_thread_with_access``), a share link (access token) included."""
        if (
            not isinstance(record_id, int)
            or isinstance(record_id, bool)
            or record_id <= 0
            or self._get_user_portal_key() is None
        ):
            return False
        hidden = (
            self._get_available_categories() - self._get_user_visible_categories()
        ).filtered(lambda category: category.model == model_name)
        return any(category._is_hidden_document(record_id) for category in hidden)

    @api.model
    def _missing_record_error(self, records):
        """The ORM's MissingError for reading a record that does not exist
        (odoo/orm/fields.py's two terms), for a hidden document answered on
        the path stock takes for a missing id."""
        return MissingError(
            "\n".join(
                [
                    self.env._("Record does not exist or has been deleted."),
                    self.env._(
                        "(Record: %(record)s, User: %(user)s)",
                        record=records[:1],
                        user=self.env.uid,
                    ),
                ]
            )
        )

    def _is_hidden_document(self, record_id):
        """Whether the document belongs to the current user's company and is
        of this (hidden) category but of none the user sees, in one query."""
        self.ensure_one()
        visible = (
            self._get_user_visible_categories() & self._get_available_categories()
        ).filtered(lambda category: category.model == self.model)
        domain = Domain("id", "=", record_id) & self._get_user_customer_domain()
        if visible:
            # of a visible kind for this customer (the same customer field or
            # another: a reseller's assigned opportunities)
            domain &= ~Domain.OR(
                category._get_user_customer_domain() for category in visible
            )
        return bool(self.env[self.model].sudo().search_count(domain, limit=1))

    @api.model
    def _check_portal_write(self, model_name):
        """Refuse a portal write path (one that writes with sudo after its
        own checks) to a read-only member, on a category model."""
        readonly, locked, _hidden, _rules = self._get_readonly_restrictions()
        if readonly and model_name in locked:
            raise AccessError(
                self.env._(
                    "Your portal access is read-only: you cannot change this "
                    "document."
                )
            )

    @api.model
    def _get_user_visible_category_ids(self):
        """Ids of the categories the current user sees on the portal, for the
        /my layout and counters, the hidden routes and the read rules alike;
        read from the contact (record cache), never cached per user."""
        key = self._get_user_portal_key()
        if key is not None:
            return key[2]
        return tuple(
            self.env.user.sudo().partner_id._get_portal_visible_categories().ids
        )

    @api.model
    def _get_user_visible_categories(self):
        """Categories the current user sees on the portal."""
        return self.sudo().browse(self._get_user_visible_category_ids())

    def _get_portal_count(self):
        """Number of documents of this category the current user may read,
        in one COUNT query (access rules apply even on a sudo'd category)."""
        self.ensure_one()
        Model = self.env[self.model].sudo(False)
        if Model.has_access("read"):
            # the record rules keep the customer's own documents
            return Model.search_count(self._get_domain())
        # the app's portal page reads these with sudo (timesheets): count the
        # same, limited to the customer's company as the read rule would
        return Model.sudo().search_count(self._get_user_customer_domain())
