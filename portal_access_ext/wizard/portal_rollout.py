"""Portal rollout from the contacts list: grant portal access to the contacts
selected in the list, or to all the contacts matching its filter ("Select
all": the action gets the list's ``active_domain``, not every id).

No second grant path: the contacts are checked and granted by the portal
wizard's own bulk Apply (portal.wizard / portal.wizard.user, with their
checks, batch user creation, queued invitations and audit rows). A small
rollout runs in the request; a large one is checked in the request, then
granted in batches by a scheduled action (models/portal_rollout_job.py)."""

import json

import psycopg2

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import email_normalize

from ..models.portal_date import WholeDate
from ..models.res_users_login import _login_key
from .portal_wizard_user import _without_nul


class PortalRollout(models.TransientModel):
    _name = "portal.rollout"
    _description = "Portal Rollout"

    partner_ids = fields.Many2many(
        "res.partner",
        relation="portal_rollout_partner_rel",
        string="Selected Contacts",
        default=lambda self: self._default_partner_ids(),
    )
    partner_domain = fields.Char(
        string="Contacts Filter",
        default=lambda self: self._default_partner_domain(),
        help="All the contacts matching this filter (the list's Select all), "
        "as JSON; used instead of the contacts when set.",
    )
    contact_count = fields.Integer(
        string="Number of Contacts", compute="_compute_contact_count"
    )
    welcome_message = fields.Text(
        string="Invitation Message",
        help="This text is included in the invitation email of every contact.",
    )
    access_expiry_date = WholeDate(
        string="Access Expires",
        help="Portal access of the granted contacts ends on this date "
        "(left empty: no end).",
    )

    def _default_partner_ids(self):
        ids, domain = self._get_context_selection()
        return [Command.set(ids)] if not domain else []

    def _default_partner_domain(self):
        return self._get_context_selection()[1]

    @api.depends("partner_ids", "partner_domain")
    def _compute_contact_count(self):
        for rollout in self:
            rollout.contact_count = (
                self.env["res.partner"].search_count(rollout._get_domain())
                if rollout.partner_domain
                else len(rollout.partner_ids)
            )

    @api.constrains("partner_domain")
    def _check_partner_domain(self):
        # A filter written directly (call_kw with a forged value) is checked
        # as the list's one is: refused with its problem, nothing created.
        for rollout in self.filtered("partner_domain"):
            rollout._get_domain()

    @api.model
    def default_get(self, fields):
        # Opening the dialog already tells a non-manager why it is refused.
        self.env["portal.wizard"]._check_portal_access_manager()
        return super().default_get(fields)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["portal.wizard"]._check_portal_access_manager()
        return super().create(
            [_without_nul(vals, "welcome_message") for vals in vals_list]
        )

    def write(self, vals):
        return super().write(_without_nul(vals, "welcome_message"))

    def action_rollout(self):
        """Grant portal access to every chosen contact after checking all of
        them (every problem listed at once, nothing done when there is one);
        returns the rollout's form, with its progress and outcome."""
        self.ensure_one()
        self.env["portal.wizard"]._check_portal_access_manager()
        partners = self._get_partners()
        if not partners:
            raise UserError(self.env._("No contacts are selected."))
        job_vals = {
            "user_id": self.env.uid,
            "company_id": self.env.company.id,
            "total_count": len(partners),
            "welcome_message": self.welcome_message,
            "access_expiry_date": self.access_expiry_date,
        }
        Job = self.env["portal.rollout.job"].sudo()
        if len(partners) <= self._get_sync_limit():
            result = self._grant_partners(
                partners, self.welcome_message, self.access_expiry_date
            )
            job = Job.create(
                {
                    **job_vals,
                    "state": "running",
                    "done_count": len(partners),
                    **Job._get_result_counts(result),
                    "outcome": "\n".join(Job._get_result_problems(result)),
                }
            )
            job._finish()
        else:
            self._check_partners(partners, self.access_expiry_date)
            job = Job.create({**job_vals, "pending_partner_ids": partners.ids})
            self.env.ref("portal_access_ext.ir_cron_portal_rollout").sudo()._trigger()
        return {
            "name": job.display_name,
            "type": "ir.actions.act_window",
            "res_model": "portal.rollout.job",
            "res_id": job.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    @api.model
    def _get_context_selection(self):
        """The contacts the action was started on: (ids, False), or ([],
        the list's filter as JSON) when all the contacts matching it were
        selected (Select all), so that no id list is loaded nor stored."""
        ctx = self.env.context
        if ctx.get("active_model", "res.partner") != "res.partner":
            return [], False
        ids = [i for i in ctx.get("active_ids") or [] if isinstance(i, int)]
        domain = ctx.get("active_domain")
        if domain is None:
            return ids, False
        domain = self._parse_domain(domain)
        try:
            domain_json = json.dumps(list(domain))
        except (TypeError, ValueError) as error:
            raise UserError(
                self.env._("The selection of contacts could not be read: %s", error)
            ) from error
        matching = self.env["res.partner"].search_count(domain)
        limit = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("web.active_ids_limit", "20000")
        )
        if not ids or len(ids) == matching or len(ids) >= limit:
            return [], domain_json
        return ids, False

    def _get_domain(self):
        """The stored filter, as a checked Domain (see _parse_domain)."""
        self.ensure_one()
        try:
            domain = json.loads(self.partner_domain)
        except (TypeError, ValueError) as error:
            raise UserError(
                self.env._("The selection of contacts could not be read: %s", error)
            ) from error
        return self._parse_domain(domain)

    @api.model
    def _parse_domain(self, domain):
        """``domain`` as a Domain on the contacts, checked before anything
        uses it: its fields and operators exist (a stored filter may name a
        field of a module uninstalled since, a forged context anything) and
        the database accepts its values (an integer field compared to text
        would abort the transaction). A UserError naming the problem
        otherwise."""
        Partner = self.env["res.partner"]
        try:
            domain = Domain(domain)
            domain.validate(Partner)
            with self.env.cr.savepoint():
                Partner.search_count(domain, limit=1)
        except (
            TypeError,
            ValueError,
            KeyError,
            psycopg2.DataError,
            psycopg2.ProgrammingError,
        ) as error:
            raise UserError(
                self.env._("The selection of contacts could not be read: %s", error)
            ) from error
        return domain

    def _get_partners(self):
        """The chosen contacts, as the admin may see them (record rules)."""
        self.ensure_one()
        if self.partner_domain:
            return self.env["res.partner"].search(self._get_domain(), order="id")
        return self.partner_ids.sorted("id")

    @api.model
    def _new_wizard(self, partners, welcome_message=False, access_expiry_date=False):
        """The portal wizard on exactly these contacts (no company expanded
        to its contacts), every contact without portal access ticked, except
        internal users: as in stock's wizard, which grants them nothing
        (they already have access), they are kept as they are."""
        wizard = self.env["portal.wizard"].create(
            {
                "partner_ids": [Command.set(partners.ids)],
                "welcome_message": welcome_message,
            }
        )
        to_grant = wizard.user_ids.filtered(
            lambda line: not line.is_portal and not line.is_internal
        )
        to_grant.write(
            {"in_portal": True, "access_expiry_date": access_expiry_date or False}
        )
        return wizard, to_grant

    @api.model
    def _check_partners(self, partners, access_expiry_date=False):
        """The wizard's checks on all the contacts at once; raise them all."""
        wizard, to_grant = self._new_wizard(
            partners, access_expiry_date=access_expiry_date
        )
        wizard._check_caller_rights()
        wizard._raise_problems(to_grant._get_grant_problems())

    @api.model
    def _grant_partners(
        self,
        partners,
        welcome_message=False,
        access_expiry_date=False,
        skip_problems=False,
    ):
        """The wizard's Apply on these contacts (it checks them all first,
        and grants nobody when one has a problem). With ``skip_problems`` (a
        batch of a background rollout, whose contacts may have changed since
        they were checked), the contacts with a problem are left out of the
        wizard and the others granted. Returns a dict of contacts: ``granted``,
        ``kept`` (already had portal access), ``internal`` (kept: internal
        users) and ``skipped`` (not granted: contact id -> messages)."""
        wizard, to_grant = self._new_wizard(
            partners, welcome_message, access_expiry_date
        )
        lines = wizard.user_ids
        # contacts archived since they were chosen: the wizard has no line
        skipped = {
            partner.id: [self.env._("%s is archived: not granted.", partner.name)]
            for partner in partners - lines.partner_id
        }
        if skip_problems:
            skipped.update(self._get_line_problems(to_grant))
            to_skip = to_grant.filtered(lambda line: line.partner_id.id in skipped)
            to_grant -= to_skip
            lines -= to_skip
            # out of the wizard, whose Apply checks every line it has (sudo:
            # stock's access rights let nobody delete a wizard line; these
            # were created just above, in this method)
            to_skip.sudo().unlink()
        internal = lines.filtered("is_internal").partner_id
        kept = lines.partner_id - to_grant.partner_id - internal
        wizard.action_apply()
        return {
            "granted": to_grant.partner_id,
            "kept": kept,
            "internal": internal,
            "skipped": skipped,
        }

    @api.model
    def _get_line_problems(self, lines):
        """Why each of these lines cannot be granted now, as {contact id:
        messages}: the wizard's own checks, line by line only when the lines
        together have a problem (a batch without one is checked once), and
        two contacts that now have the same email address (the first one is
        granted, the others left out)."""
        if not (
            lines._get_grant_problems(check_sender=False)
            or lines._get_document_choice_problems()
        ):
            return {}
        problems = {}
        for line in lines:
            line_problems = (
                line._get_grant_problems(check_sender=False)
                + line._get_document_choice_problems()
            )
            if line_problems:
                problems[line.partner_id.id] = line_problems
        first = {}
        for line in lines.filtered(lambda line: line.partner_id.id not in problems):
            email = email_normalize(line.email)
            key = (_login_key(email), line._portal_login_website_id())
            if key in first:
                problems[line.partner_id.id] = [
                    self.env._(
                        "%(name)s and %(other)s have the same email address %(email)s.",
                        name=first[key],
                        other=line.partner_id.display_name,
                        email=email,
                    )
                ]
            first.setdefault(key, line.partner_id.display_name)
        return problems

    def _get_sync_limit(self):
        """Up to this many contacts, the rollout runs in the request; more go
        to the background job (overridable)."""
        return 500
