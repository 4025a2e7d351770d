import functools
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, email_normalize
from odoo.tools.misc import format_date

from odoo.addons.auth_signup.models.res_partner import SignupError
from odoo.addons.portal.wizard.portal_wizard import (
    PortalWizardUser as StockPortalWizardUser,
)

from ..models.portal_date import WholeDate
from ..models.res_users_login import _login_key


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    in_portal = fields.Boolean(
        help="Ticked lines get portal access on Apply, unticked lines lose it.",
    )
    status = fields.Selection(
        [("portal", "Portal"), ("internal", "Internal"), ("none", "None")],
        string="Access Status",
        compute="_compute_group_details",
    )
    access_expiry_date = WholeDate(
        string="Access Expires",
        help="Portal access ends on this date (left empty: no end).",
    )
    invite_error = fields.Char(
        string="Invitation Problem",
        compute="_compute_invite_error",
        help="Why the last invitation email of this contact could not be sent "
        "(kept on the user until an invitation is sent).",
    )
    portal_category_ids = fields.Many2many(
        "portal.document.category",
        string="Portal Documents",
        domain=[("is_available", "=", True)],
        compute="_compute_portal_category_ids",
        inverse="_inverse_portal_category_ids",
        readonly=False,
        help="Kinds of documents this contact sees on the portal; saved on the "
        "contact (tab Portal Documents) when the line is granted or applied.",
    )
    # Only the lines whose kinds were changed in the wizard store them: a
    # stored set on every line cost one relation row per line and kind at
    # each opening (tens of thousands for 5,000 contacts), most of its extra time.
    portal_category_choice_ids = fields.Many2many(
        "portal.document.category",
        relation="portal_wizard_user_category_choice_rel",
        string="Portal Documents Chosen",
    )
    portal_category_chosen = fields.Boolean()
    portal_category_summary = fields.Char(
        string="Documents",
        compute="_compute_portal_category_summary",
        help="The kinds of documents this contact sees on the portal.",
    )
    user_login = fields.Char(related="user_id.login", string="Login")
    login_differs = fields.Boolean(
        compute="_compute_login_differs",
        help="The user's login is not the contact's email address.",
    )

    # Stock's _compute_user_id is kept: it reads the contacts' users in one
    # query for all lines (prefetch).

    @api.depends("user_id", "user_id.active", "user_id.group_ids")
    def _compute_group_details(self):
        # Stock's has_group() reads the groups of all the lines' users at once
        # (prefetch): no query per line (test_open_queries_do_not_grow_...).
        res = super()._compute_group_details()
        for line in self:
            line.status = (
                "internal"
                if line.is_internal
                else ("portal" if line.is_portal else "none")
            )
        return res

    @api.depends("email")
    def _compute_email_state(self):
        """Stock's computation through its hooks (_get_similar_users_domain,
        _is_portal_similar_than_user, which website scopes per website; both
        extended below to ignore letter case and surrounding spaces), without
        its quadratic loop: stock calls the hook for every line and every
        similar user (tens of seconds at 1,000 contacts with access, minutes at
        5,000). Not a super() call for that reason. The hook is called on the
        users whose login matches the line's email only: its first condition
        (stock's), which overrides may only narrow."""
        normalized = {line.id: _normalized_email(line.email) for line in self}
        with_email = self.filtered(lambda line: normalized[line.id])
        (self - with_email).email_state = "ko"
        existing_users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .sudo()
            .search_read(
                self._get_similar_users_domain(with_email),
                self._get_similar_users_fields(),
            )
        )
        by_login = defaultdict(list)
        for user in existing_users:
            by_login[_login_key(_normalized_login(user["login"]))].append(user)
        for line in with_email:
            candidates = by_login.get(_login_key(normalized[line.id]), ())
            line.email_state = (
                "exist"
                if any(
                    self._is_portal_similar_than_user(user, line) for user in candidates
                )
                else "ok"
            )

    @api.depends("user_id")
    def _compute_invite_error(self):
        # Persisted on the user (res.users portal_invite_error): the mark stays
        # when the wizard is reopened, until an invitation is sent.
        for line in self:
            user = line.user_id.sudo()
            # composed now, in the language of the admin who reads it
            line.invite_error = (
                user._get_portal_invite_problem()
                if user.active and line.is_portal
                else False
            )

    @api.depends(
        "portal_category_chosen",
        "portal_category_choice_ids",
        "partner_id.portal_category_restrict",
        "partner_id.portal_category_ids",
        "partner_id.commercial_partner_id.portal_category_restrict",
        "partner_id.commercial_partner_id.portal_category_ids",
    )
    def _compute_portal_category_ids(self):
        # the kinds the contact sees now, until changed on the line; the
        # contacts read with sudo once (prefetched together), each asked once,
        # and the lines of one same value assigned together
        chosen = self.filtered("portal_category_chosen")
        for line in chosen:
            line.portal_category_ids = line.portal_category_choice_ids
        by_partner = defaultdict(list)
        for line in self - chosen:
            by_partner[line.partner_id.id].append(line.id)
        by_value = defaultdict(list)
        if False in by_partner:
            by_value[self.env["portal.document.category"]] = by_partner.pop(False)
        for partner in self.env["res.partner"].sudo().browse(by_partner):
            by_value[partner._get_portal_visible_categories()] += by_partner[partner.id]
        for categories, line_ids in by_value.items():
            self.browse(line_ids).portal_category_ids = categories

    def _inverse_portal_category_ids(self):
        for line in self:
            line.portal_category_choice_ids = line.portal_category_ids
        self.portal_category_chosen = True

    @api.depends("portal_category_ids")
    def _compute_portal_category_summary(self):
        available = self.env["portal.document.category"]._get_available_categories()
        for line in self:
            chosen = line.portal_category_ids
            if not chosen:
                line.portal_category_summary = self.env._("None")
            elif available and not (available - chosen):
                line.portal_category_summary = self.env._("All")
            elif len(chosen) <= 2:
                line.portal_category_summary = ", ".join(chosen.mapped("name"))
            else:
                line.portal_category_summary = self.env._(
                    "%(count)s of %(total)s kinds",
                    count=len(chosen),
                    total=len(available | chosen),
                )

    @api.depends("user_id.login", "partner_id.email")
    def _compute_login_differs(self):
        # the users of all the lines read with sudo once (prefetched together),
        # not one sudo'd recordset per line
        users = {user.id: user for user in self.user_id.sudo()}
        for line in self:
            user = users.get(line.user_id.id)
            line.login_differs = bool(
                user
                and user.share
                and _login_key(user.login) != _login_key(line.partner_id.email)
            )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [_without_nul(vals, "email") for vals in vals_list]
        # Lines start with the document kinds the contact sees now: computed
        # (_compute_portal_category_ids), nothing stored until changed.
        lines = super().create(vals_list)
        # Lines start as the contact is now: ticked when it has portal access,
        # with the user's current expiry date (one write per value, not per line).
        with_user = lines._with_existing_user()
        vals_by_id = dict(zip(lines.ids, vals_list, strict=True))
        ticked = with_user.filtered(
            lambda line: "in_portal" not in vals_by_id[line.id] and line.is_portal
        )
        ticked.write({"in_portal": True})
        by_expiry = {}
        for line in with_user:
            if "access_expiry_date" not in vals_by_id[line.id] and line.is_portal:
                expiry = line.user_id.sudo().portal_access_expiry_date
                if expiry:
                    by_expiry.setdefault(expiry, []).append(line.id)
        for expiry, line_ids in by_expiry.items():
            lines.browse(line_ids).write({"access_expiry_date": expiry})
        return lines

    def write(self, vals):
        return super().write(_without_nul(vals, "email"))

    def _with_existing_user(self):
        """The lines whose contact has a user (archived ones included), in a
        recordset of their own: what depends on the user (stock's is_portal,
        is_internal) is computed for those lines only, not for every line of
        a wizard opened on thousands of contacts, of which the web client
        shows one page. One query."""
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([("partner_id", "in", self.partner_id.ids)], ["partner_id"])
        )
        partner_ids = set(users.partner_id.ids)
        return self.browse(
            [line.id for line in self if line.partner_id.id in partner_ids]
        )

    def action_grant_access(self):
        """Stock's grant for one line; for several lines (or under Apply) the
        same steps and extension points run once for all of them."""
        if self._is_batch():
            return self._grant_access_batch()
        return self._grant_access_one()

    def action_revoke_access(self):
        """Stock's revoke for one line; for several lines (or under Apply) the
        same steps for all of them at once."""
        if self._is_batch():
            return self._revoke_access_batch()
        self.ensure_one()
        self.wizard_id._check_caller_rights()
        if self.env.context.get("portal_confirm_revoke"):
            # The line's button (views): ask first, naming who loses access.
            return self.wizard_id._action_confirm_revoke(self, from_apply=False)
        user_sudo = self.user_id.sudo()
        # Stock archives the user: ``active`` is part of the session token, so
        # open sessions are refused on their next request.
        res = super().action_revoke_access()
        user_sudo.with_context(portal_expiry_logged=True).write(
            {
                "portal_access_expiry_date": False,
                "portal_invite_pending": False,
                "portal_invite_error": False,
            }
        )
        self.write({"in_portal": False, "access_expiry_date": False})
        self._invalidate_status()
        self.env["portal.access.log"]._log_events(
            [
                {
                    "event": "revoke",
                    "partner_id": self.partner_id.id,
                    "user_id": user_sudo.id,
                    "details": user_sudo.login,
                }
            ]
        )
        self.wizard_id.summary = self.env._(
            "%s no longer has portal access: open sessions are closed.",
            self.partner_id.name,
        )
        return res

    def action_invite_again(self):
        self.ensure_one()
        self.wizard_id._check_caller_rights()
        self.wizard_id._raise_problems(
            self._get_grant_problems(require_new=False, check_sender=False)
        )
        # A new link replaces a queued invitation: the customer gets one
        # email, whose link works (each signup_prepare kills the previous one).
        self.user_id.sudo().portal_invite_pending = False
        res = super().action_invite_again()
        self._invalidate_status()
        if not self.invite_error:
            # A failure is logged by _send_email, not as a sent invitation.
            self.env["portal.access.log"]._log_events(
                [
                    {
                        "event": "reinvite",
                        "partner_id": self.partner_id.id,
                        "user_id": self.user_id.id,
                        "details": self._invite_details(),
                    }
                ]
            )
            self.wizard_id.summary = self.env._(
                "A new invitation was sent to %(name)s (%(email)s); the link of "
                "the previous one no longer works.",
                name=self.partner_id.name,
                email=self.user_id.sudo().email,
            )
        else:
            self.wizard_id.summary = False
        return res

    def action_edit_documents(self):
        """A sub-dialog to choose the kinds of documents of this line (the
        list shows a one-line summary)."""
        self.ensure_one()
        return {
            "name": self.env._("Portal Documents of %s", self.partner_id.name),
            "type": "ir.actions.act_window",
            "res_model": "portal.wizard.user",
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "portal_access_ext.portal_wizard_user_view_form_documents"
                    ).id,
                    "form",
                )
            ],
            "res_id": self.id,
            "target": "new",
        }

    def _create_user(self):
        """Stock creates the user of one line. Several lines (a bulk grant)
        get their users in one batch, through the same extension point
        ``res.users._create_user_from_template`` given a list of values (see
        models/res_users.py); returns the users in the order of the lines."""
        if not self._is_batch():
            return super()._create_user()
        if not _next_is_stock(self, PortalWizardUser, "_create_user"):
            # An override of another module below ours expects one line.
            users = self.env["res.users"]
            for line in self:
                company = line.partner_id.company_id or self.env.company
                users |= super(
                    PortalWizardUser, line.with_company(company)
                )._create_user()
            return users
        return (
            self.env["res.users"]
            .with_context(
                no_reset_password=True,
                mail_create_nolog=True,
                mail_notrack=True,
                portal_batch_grant=True,
            )
            ._create_user_from_template(
                [line._prepare_portal_user_values() for line in self]
            )
        )

    def _send_email(self):
        """Send as stock does, but tell the admin when it could not be sent
        (stock only writes it to the server log). In a bulk grant the
        invitations are queued instead: stock sends each one inside the
        request (force_send), which a bulk grant must not do."""
        if self._is_batch():
            for wizard in self.wizard_id:
                wizard._queue_invitations(
                    self.filtered(lambda line, w=wizard: line.wizard_id == w).user_id
                )
            return True
        self.ensure_one()
        if self.wizard_id._get_sender_problem():
            company = self.env.company
            self._record_invite_failure("no_sender", company.name)
            return False
        mails = self.env["mail.mail"].sudo()
        last_id = mails.search([], order="id desc", limit=1).id or 0
        res = super()._send_email()
        failed = mails.search(
            [
                ("id", ">", last_id),
                ("model", "=", "res.users"),
                ("res_id", "=", self.user_id.id),
                ("state", "=", "exception"),
            ],
            limit=1,
        )
        if failed:
            self._record_invite_failure(
                "mail_failed", _last_line(failed.failure_reason)
            )
        else:
            self.user_id.sudo().portal_invite_error = False
            self._invalidate_status()
        return res

    def _record_invite_failure(self, code, detail):
        """Keep the failure's facts on the user (shown, in the reader's
        language, when the wizard is reopened, until a send succeeds) and in
        the audit trail (whose details are stored text)."""
        self.ensure_one()
        user_sudo = self.user_id.sudo()
        user_sudo._set_portal_invite_problem(code, detail or False)
        message = user_sudo._get_portal_invite_error_message(code, detail)
        self._invalidate_status()
        self.env["portal.access.log"]._log_events(
            [
                {
                    "event": "invite_failed",
                    "partner_id": self.partner_id.id,
                    "user_id": user_sudo.id,
                    "details": f"{user_sudo.login}: {message}",
                }
            ]
        )

    def _update_partner_email(self):
        # Stock's handles one line and writes only an email that was changed
        # on the line: called per line, it costs a query only for those lines.
        for line in self:
            super(PortalWizardUser, line)._update_partner_email()
        return None  # as stock's

    def _get_similar_users_domain(self, portal_users_with_email):
        """Stock's domain (scoped per website by ``website``), its exact match
        on the login replaced by a match that ignores letter case and
        surrounding spaces, as logins are compared everywhere in this addon."""
        domain = super()._get_similar_users_domain(portal_users_with_email)
        # one normalization per line (it parses the address: the costly part
        # of opening the wizard on thousands of contacts)
        keys = sorted(
            {
                _login_key(normalized)
                for normalized in map(
                    _normalized_email, portal_users_with_email.mapped("email")
                )
                if normalized
            }
        )
        same_login = (
            self.env["res.users"].sudo().with_context(active_test=False)._search([])
        )
        same_login.add_where(
            SQL(
                "lower(btrim(%s)) = ANY(%s)",
                SQL.identifier(same_login.table, "login"),
                keys,
            )
        )
        same_login = Domain("id", "in", same_login)
        # A list, as stock returns (website appends its leaf to it).
        return list(
            Domain(domain).map_conditions(
                lambda cond: same_login if cond.field_expr == "login" else cond
            )
        )

    def _is_portal_similar_than_user(self, user, portal_user):
        # Stock compares the exact login with the normalized email: give it the
        # login normalized the same way.
        # called for every (line, similar user) pair: each login is
        # normalized once (_normalized_login is memoized)
        user = {**user, "login": _normalized_login(user["login"])}
        return super()._is_portal_similar_than_user(user, portal_user)

    def _portal_login_website_id(self):
        """The website the login of this line's user is unique on (False: the
        whole database, or no website)."""
        partner = self.partner_id
        return "website_id" in partner._fields and partner.website_id.id

    def _get_grant_problems(self, require_new=True, check_sender=True):
        """Every reason these lines cannot get (or be re-sent) access, as
        messages; all lines are checked together. A clash with an existing
        login is stock's email_state (its similar-users hooks, scoped per
        website by ``website``), computed for all lines in one query."""
        problems = []
        seen = {}
        today = fields.Date.context_today(self)
        for line in self:
            name = line.partner_id.display_name
            if line.is_internal:
                problems.append(
                    self.env._(
                        "%s is an internal user: this wizard never changes "
                        "internal users.",
                        name,
                    )
                )
                continue
            if require_new and line.is_portal:
                problems.append(self.env._("%s already has portal access.", name))
                continue
            if line.access_expiry_date and line.access_expiry_date < today:
                problems.append(
                    self.env._(
                        "%(name)s: the access expiry date %(date)s is in the past.",
                        name=name,
                        date=format_date(self.env, line.access_expiry_date),
                    )
                )
            normalized = email_normalize(line.email)
            if not normalized:
                problems.append(
                    self.env._(
                        "%(name)s: missing or invalid email address (%(email)s).",
                        name=name,
                        email=line.email or self.env._("empty"),
                    )
                )
                continue
            # one login per website where `website` scopes logins (the unique
            # index of res_users_login.py)
            key = (_login_key(normalized), line._portal_login_website_id())
            if key in seen:
                problems.append(
                    self.env._(
                        "%(name)s and %(other)s have the same email address %(email)s.",
                        name=seen[key],
                        other=name,
                        email=normalized,
                    )
                )
            seen.setdefault(key, name)
            if line.email_state == "exist":
                problems.append(
                    self.env._(
                        "%(name)s: %(email)s is already the login of another user "
                        "(letter case and spaces are ignored).",
                        name=name,
                        email=normalized,
                    )
                )
        if self and check_sender:
            sender_problem = self.wizard_id[:1]._get_sender_problem()
            if sender_problem:
                problems.append(sender_problem)
        return problems

    def _get_document_choice_problems(self):
        """Lines whose choice of documents would newly hide every document:
        refused here, as on the contact's form, unless the contact confirmed
        it there ('Show No Documents')."""
        return [
            self.env._(
                "%s: no kind of document is chosen (documents icon of the line), "
                "so this contact would see no document on the portal. Choose at "
                "least one, or tick 'Show No Documents' on the contact's tab "
                "Portal Documents.",
                line.partner_id.display_name,
            )
            for line in self
            if not line.is_internal
            and not line.portal_category_ids
            and line.partner_id.sudo()._get_portal_visible_categories()
        ]

    def _after_grant(self, event):
        """What every grant adds to stock's: expiry date, audit trail, ticked
        line (the read-only group: portal_wizard_user_readonly.py)."""
        users = self.user_id.sudo()
        by_expiry = {}
        for line in self:
            by_expiry.setdefault(line.access_expiry_date, []).append(line.user_id.id)
        # The grant's audit row carries the expiry date: no second row for it.
        users = users.with_context(portal_expiry_logged=True)
        for expiry, user_ids in by_expiry.items():
            users.browse(user_ids).filtered(
                lambda u, exp=expiry: u.portal_access_expiry_date != exp
            ).portal_access_expiry_date = expiry
        self.write({"in_portal": True})
        self._save_portal_categories()
        self._invalidate_status()
        self.env["portal.access.log"]._log_events(
            [
                {
                    "event": event,
                    "partner_id": line.partner_id.id,
                    "user_id": line.user_id.id,
                    "details": line._invite_details(),
                }
                for line in self
            ]
        )

    def _grant_access_one(self):
        """Stock's grant of one line, and what this addon adds to it."""
        self.ensure_one()
        self.wizard_id._check_caller_rights()
        # A single grant sends at once, as stock does: a missing sender is shown
        # on the line afterwards instead of refusing the grant.
        self.wizard_id._raise_problems(
            self._get_grant_problems(check_sender=False)
            + self._get_document_choice_problems()
        )
        try:
            # mail_notrack: the contact's note is the audit row's (_after_grant),
            # whose text is stock's _get_portal_access_update_body.
            res = super(
                PortalWizardUser, self.with_context(mail_notrack=True)
            ).action_grant_access()
        except SignupError as error:
            # e.g. another admin granted the same contact at the same moment
            raise UserError(
                self.env._(
                    "%(name)s: the user could not be created (%(error)s). "
                    "Reload the wizard and try again.",
                    name=self.partner_id.display_name,
                    error=str(error).splitlines()[0],
                )
            ) from error
        self._after_grant(event="grant")
        if self.invite_error:
            self.wizard_id.summary = self.env._(
                "%s now has portal access, but the invitation email was not sent "
                "(see below).",
                self.partner_id.name,
            )
        else:
            self.wizard_id.summary = self.env._(
                "%(name)s now has portal access; the invitation was sent to "
                "%(email)s.",
                name=self.partner_id.name,
                email=self.user_id.sudo().email,
            )
        return res

    def _grant_access_batch(self):
        """Stock's action_grant_access for many lines at once (stock's own is
        for one line: ensure_one): the same steps and the same extension
        points, each called once with all the lines (_update_partner_email,
        _create_user, signup_prepare, _send_email, which queues)."""
        lines = self.with_context(portal_batch_grant=True)
        if not _next_is_stock(self, PortalWizardUser, "action_grant_access"):
            # An override of another module below ours expects one line.
            for line in lines:
                line._grant_access_one()
            return lines.wizard_id[:1]._action_open_modal()
        lines.wizard_id._check_caller_rights()
        lines.wizard_id[:1]._raise_problems(lines._get_grant_problems())
        lines._update_partner_email()
        new_lines = lines.filtered(lambda line: not line.user_id)
        if new_lines:
            try:
                new_lines.sudo()._create_user()
            except SignupError as error:
                # e.g. another admin granted one of these contacts meanwhile
                raise UserError(
                    self.env._(
                        "The users could not be created (%s). Reload the wizard "
                        "and try again.",
                        str(error).splitlines()[0],
                    )
                ) from error
            new_lines.invalidate_recordset(["user_id"])
        # A plain browse, so that reading the users and their contacts below is
        # one query for all of them, not one per user.
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(mail_notrack=True)
            .browse(lines.sudo().user_id.ids)
        )
        group_commands = [
            Command.link(self.env.ref("base.group_portal").id),
            Command.unlink(self.env.ref("base.group_public").id),
        ]
        # One write for all users: group changes clear the registry caches.
        # (The lines' read-only choice: one more per value, in _after_grant.)
        users.write({"active": True, "group_ids": group_commands})
        partners = users.partner_id
        partners.fetch(["signup_type", "signup_nonce"])
        partners.signup_prepare()
        lines.with_context(active_test=True)._send_email()
        lines._after_grant(event="grant")
        return lines.wizard_id[:1]._action_open_modal()

    def _revoke_access_batch(self):
        """Stock's action_revoke_access for many lines at once: the edited
        email saved (_update_partner_email), then the users' revoke, which
        cancels the signup (stock's signup_cancel) and archives them as stock
        does, plus this addon's end of access (expiry, queued invitation,
        audit row)."""
        self.wizard_id._check_caller_rights()
        for line in self.filtered(lambda line: not line.is_portal)[:1]:
            raise UserError(
                self.env._(
                    'The partner "%s" has no portal access or is internal.',
                    line.partner_id.name,
                )
            )
        self._update_partner_email()
        self.user_id._portal_revoke_access(event="revoke")
        self.write({"in_portal": False, "access_expiry_date": False})
        self._invalidate_status()
        return self.wizard_id[:1]._action_open_modal()

    def _is_batch(self):
        """Several lines, or Apply: the batch path (invitations queued)."""
        return len(self) > 1 or bool(self.env.context.get("portal_batch_grant"))

    def _prepare_portal_user_values(self):
        """Stock's _create_user values for this line's user, in the company of
        its contact. No "email": the contact has it (_update_partner_email),
        and giving it again writes every contact once more through _inherits."""
        self.ensure_one()
        company = self.partner_id.company_id or self.env.company
        return {
            "login": email_normalize(self.email),
            "partner_id": self.partner_id.id,
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
        }

    def _save_access_expiry(self):
        """Write the lines' expiry dates on their users, one write per date
        (the users' write logs the change)."""
        by_expiry = {}
        for line in self:
            by_expiry.setdefault(line.access_expiry_date, []).append(line.user_id.id)
        for expiry, user_ids in by_expiry.items():
            self.env["res.users"].sudo().browse(user_ids).write(
                {"portal_access_expiry_date": expiry}
            )

    def _save_portal_categories(self):
        """Save on the contacts the document kinds chosen on the lines, when
        they differ from what the contact sees now; one write per choice."""
        by_choice = {}
        for line in self:
            partner = line.partner_id.sudo()
            if line.portal_category_ids != partner._get_portal_visible_categories():
                by_choice.setdefault(line.portal_category_ids, partner.browse())
                by_choice[line.portal_category_ids] |= partner
        for categories, partners in by_choice.items():
            partners.write(
                {
                    "portal_category_restrict": True,
                    "portal_category_ids": [Command.set(categories.ids)],
                }
            )

    def _invite_details(self):
        self.ensure_one()
        details = self.user_id.sudo().login or ""
        if self.access_expiry_date:
            details += self.env._(
                ", until %s", format_date(self.env, self.access_expiry_date)
            )
        return details

    def _invalidate_status(self):
        # The status hangs on the non-stored user_id: recompute it from the
        # users as they are now.
        self.invalidate_recordset(
            [
                "user_id",
                "is_portal",
                "is_internal",
                "status",
                "login_differs",
                "invite_error",
            ]
        )
        self.wizard_id.invalidate_recordset(["invite_problems"])


def _next_is_stock(records, cls, name):
    """Whether the method ``name`` that ``super(cls, records)`` reaches is
    stock's (portal's) own: when another module loaded below ours overrides
    it, that override expects one line per call and gets it."""
    stock = StockPortalWizardUser.__dict__[name]
    return getattr(super(cls, records), name).__func__ is stock


@functools.lru_cache(maxsize=65536)
def _normalized_email(email):
    """``email_normalize`` memoized (pure): it parses the address, the costly
    part of opening the wizard on thousands of contacts, and the lines'
    emails are normalized by the compute and by the similar-users hook."""
    return email_normalize(email)


@functools.lru_cache(maxsize=65536)
def _normalized_login(login):
    """A login as stock compares it with a normalized email (pure, memoized)."""
    return email_normalize(login) or _login_key(login)


def _last_line(text):
    """The last non-empty line of a failure reason (mail stores a traceback-like
    text whose last line says what happened)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _without_nul(vals, *fnames):
    """NUL cannot be stored in PostgreSQL text: drop it from these values, so
    such input ends as an invalid value with a clear message, not a crash."""
    if not any(isinstance(vals.get(f), str) and "\x00" in vals[f] for f in fnames):
        return vals
    return {
        **vals,
        **{
            f: vals[f].replace("\x00", "")
            for f in fnames
            if isinstance(vals.get(f), str)
        },
    }
