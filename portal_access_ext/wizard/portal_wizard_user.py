from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from odoo.addons.auth_signup.models.res_partner import SignupError

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
    access_expiry_date = fields.Date(
        string="Access Expires",
        help="Portal access ends on this date (left empty: no end).",
    )
    invite_error = fields.Char(
        string="Invitation Problem",
        readonly=True,
        help="Why the last invitation email of this line could not be sent.",
    )
    portal_category_ids = fields.Many2many(
        "portal.document.category",
        string="Portal Documents",
        domain=[("is_available", "=", True)],
        help="Kinds of documents this contact sees on the portal; saved on the "
        "contact (tab Portal Documents) when the line is granted or applied.",
    )
    user_login = fields.Char(related="user_id.login", string="Login")
    login_differs = fields.Boolean(
        compute="_compute_login_differs",
        help="The user's login is not the contact's email address.",
    )

    @api.depends("partner_id")
    def _compute_user_id(self):
        # One query for all lines instead of one per contact.
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", self.partner_id.ids)])
        )
        first_user = {}
        for user in users:
            first_user.setdefault(user.partner_id.id, user)
        for line in self:
            line.user_id = first_user.get(line.partner_id.id, False)

    @api.depends("user_id", "user_id.active", "user_id.group_ids")
    def _compute_group_details(self):
        # Same meaning as stock, with two queries instead of two per user.
        users = self.user_id.sudo().with_context(active_test=False)
        internal_ids, portal_ids = set(), set()
        if users:
            users_model = users.browse()
            internal_ids = set(
                users_model.search(
                    [
                        ("id", "in", users.ids),
                        ("all_group_ids", "in", self.env.ref("base.group_user").id),
                    ]
                ).ids
            )
            portal_ids = set(
                users_model.search(
                    [
                        ("id", "in", users.ids),
                        ("all_group_ids", "in", self.env.ref("base.group_portal").id),
                    ]
                ).ids
            )
        for line in self:
            user = line.user_id.sudo()
            line.is_internal = bool(user) and user.id in internal_ids
            line.is_portal = (
                bool(user)
                and not line.is_internal
                and user.active
                and user.id in portal_ids
            )
            line.status = (
                "internal"
                if line.is_internal
                else ("portal" if line.is_portal else "none")
            )

    @api.depends("email")
    def _compute_email_state(self):
        # Stock compares every line with every similar user (quadratic) and only
        # on the exact login; one query and a dict, case and spaces ignored.
        owners = self.env["res.users"]._get_login_owners(
            [email_normalize(line.email) for line in self]
        )
        for line in self:
            normalized = email_normalize(line.email)
            if not normalized:
                line.email_state = "ko"
            elif owners.get(_login_key(normalized), set()) - {line.user_id.id}:
                line.email_state = "exist"
            else:
                line.email_state = "ok"

    @api.depends("user_id.login", "partner_id.email")
    def _compute_login_differs(self):
        for line in self:
            user = line.user_id.sudo()
            line.login_differs = bool(
                user
                and user.share
                and _login_key(user.login) != _login_key(line.partner_id.email)
            )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [_without_nul(vals, "email") for vals in vals_list]
        # Lines start with the document kinds the contact sees now (given in
        # the create values: one batch insert, not one write per line).
        partners = (
            self.env["res.partner"]
            .sudo()
            .browse(
                [vals["partner_id"] for vals in vals_list if vals.get("partner_id")]
            )
        )
        by_id = {partner.id: partner for partner in partners}  # prefetched together
        for vals in vals_list:
            if vals.get("partner_id") and "portal_category_ids" not in vals:
                visible = by_id[vals["partner_id"]]._get_portal_visible_categories()
                vals["portal_category_ids"] = [Command.set(visible.ids)]
        lines = super().create(vals_list)
        # Lines start as the contact is now: ticked when it has portal access,
        # with the user's current expiry date.
        for line, vals in zip(lines, vals_list, strict=True):
            if "in_portal" not in vals:
                line.in_portal = line.is_portal
            if "access_expiry_date" not in vals and line.is_portal:
                line.access_expiry_date = line.user_id.sudo().portal_access_expiry_date
        return lines

    def write(self, vals):
        return super().write(_without_nul(vals, "email"))

    def action_grant_access(self):
        self.ensure_one()
        self.wizard_id._check_caller_rights()
        # A single grant sends at once, as stock does: a missing sender is shown
        # on the line afterwards instead of refusing the grant.
        self.wizard_id._raise_problems(self._get_grant_problems(check_sender=False))
        try:
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
        return res

    def action_revoke_access(self):
        self.ensure_one()
        self.wizard_id._check_caller_rights()
        user_sudo = self.user_id.sudo()
        # Stock archives the user: ``active`` is part of the session token, so
        # open sessions are refused on their next request.
        res = super().action_revoke_access()
        user_sudo.portal_access_expiry_date = False
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
        return res

    def action_invite_again(self):
        self.ensure_one()
        self.wizard_id._check_caller_rights()
        self.wizard_id._raise_problems(
            self._get_grant_problems(require_new=False, check_sender=False)
        )
        res = super().action_invite_again()
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
        return res

    def _send_email(self):
        """Send as stock does, but tell the admin when it could not be sent
        (stock only writes it to the server log)."""
        self.ensure_one()
        self.invite_error = self.wizard_id._get_sender_problem()
        if self.invite_error:
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
            self.invite_error = self.env._(
                "The invitation email could not be sent: %s",
                failed.failure_reason or self.env._("the mail server refused it"),
            )
        return res

    def _get_grant_problems(self, require_new=True, check_sender=True):
        """Every reason these lines cannot get (or be re-sent) access, as
        messages; all lines are checked together, one query for the logins."""
        problems = []
        owners = self.env["res.users"]._get_login_owners(
            [email_normalize(line.email) for line in self]
        )
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
                        date=line.access_expiry_date,
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
            key = _login_key(normalized)
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
            if owners.get(key, set()) - {line.user_id.id}:
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

    def _after_grant(self, event, add_readonly_group=True):
        """What every grant adds to stock's: read-only group, expiry date,
        audit trail, ticked line."""
        users = self.user_id.sudo()
        if add_readonly_group:
            self.wizard_id[:1]._add_readonly_group(users)
        by_expiry = {}
        for line in self:
            by_expiry.setdefault(line.access_expiry_date, []).append(line.user_id.id)
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
            details += self.env._(", until %s", self.access_expiry_date)
        if self.invite_error:
            details += " (" + self.invite_error + ")"
        return details

    def _invalidate_status(self):
        # The status hangs on the non-stored user_id: recompute it from the
        # users as they are now.
        self.invalidate_recordset(
            ["user_id", "is_portal", "is_internal", "status", "login_differs"]
        )


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
