"""Customer administrators: a portal user the vendor made administrator of
their company's portal access manages the people of that company (commercial
entity) from /my/team, within the limits the vendor sets on the company
(contact form, tab Portal Documents). Every check is here, on the model; the
grant itself is the portal wizard's own path, run with sudo() after them."""

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, email_normalize

from .portal_date import to_whole_date
from .res_users_login import _login_key


class ResPartner(models.Model):
    _inherit = "res.partner"

    portal_team_invite_allowed = fields.Boolean(
        string="Customer Administrators May Invite",
        default=True,
        groups="portal_access_ext.group_portal_access_manager",
        help="The company's customer administrators may invite colleagues "
        "from the portal (page Team).",
    )
    portal_team_max_users = fields.Integer(
        string="Maximum Portal Users",
        groups="portal_access_ext.group_portal_access_manager",
        help="How many people of this company may have portal access at "
        "most (invitations waiting for approval included); 0: no limit.",
    )
    portal_team_approval_required = fields.Boolean(
        string="Invitations Need Approval",
        groups="portal_access_ext.group_portal_access_manager",
        help="Invitations of the company's customer administrators wait "
        "for a Portal Access Manager's approval (Settings > Users > "
        "Portal Access Requests).",
    )
    portal_team_admin_allowed = fields.Boolean(
        string="Customer Administrators May Appoint Administrators",
        groups="portal_access_ext.group_portal_access_manager",
        help="The company's customer administrators may make a colleague "
        "they invite an administrator too, and manage other administrators.",
    )

    @api.private
    def _portal_team_members(self, offset=0, limit=None):
        """The people of this commercial entity (not the company record),
        by name, with their name and email read in the same query; sudo'd.
        ``offset`` and ``limit`` give one page of them."""
        self.ensure_one()
        return (
            self.env["res.partner"]
            .sudo()
            .search_fetch(
                self._portal_team_members_domain(),
                ["name", "email"],
                offset=offset,
                limit=limit,
                order="name, id",
            )
        )

    @api.private
    def _portal_team_members_domain(self):
        self.ensure_one()
        return Domain(
            [("commercial_partner_id", "=", self.id), ("is_company", "=", False)]
        )

    @api.private
    def _portal_team_users(self, partners):
        """{partner id: its user (archived ones too)}, one query."""
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids)], order="active, id")
        )
        # an active user wins over an archived one of the same contact
        return {user.partner_id.id: user for user in users}

    @api.private
    def _portal_team_seat_count(self):
        """People of this company with portal access, or waiting for it."""
        self.ensure_one()
        users = (
            self.env["res.users"]
            .sudo()
            .search_count(
                [
                    ("partner_id.commercial_partner_id", "=", self.id),
                    ("share", "=", True),
                ]
            )
        )
        pending = (
            self.env["portal.access.request"]
            .sudo()
            .search_count(
                [("company_partner_id", "=", self.id), ("state", "=", "pending")]
            )
        )
        return users + pending


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_customer_admin = fields.Boolean(
        string="Customer Administrator",
        copy=False,
        help="This portal user manages the portal access of the people of "
        "its company (page Team of the portal), within the limits set on "
        "the company.",
    )

    def _get_portal_managed_fields(self):
        return (*super()._get_portal_managed_fields(), "portal_customer_admin")

    def _get_portal_rate_limits(self):
        limits = super()._get_portal_rate_limits()
        # every action of a customer administrator counts, successful or not
        limits["team_action"] = {
            "limit": 30,
            "lockouts": (5 * 60, 15 * 60),
            "window": 60 * 60,
            "user_limit": 100,
            "user_window": 60 * 60,
        }
        return limits

    @api.private
    def _portal_team_company(self):
        """The commercial entity this user administers; AccessError when the
        user is not an active portal user made customer administrator."""
        self.ensure_one()
        user = self.sudo()
        if not (user.active and user._is_portal() and user.portal_customer_admin):
            raise AccessError(
                self.env._(
                    "Only your company's portal administrator may manage its "
                    "portal access."
                )
            )
        return user.partner_id.commercial_partner_id

    @api.private
    def _portal_team_member(self, company, partner_id, allow_admin=False):
        """The contact ``partner_id`` of ``company`` this administrator may
        act on (sudo'd), and its user; UserError for anything else (another
        company's contact, an internal user, itself, another administrator
        unless the vendor allows it)."""
        if not isinstance(partner_id, int) or isinstance(partner_id, bool):
            raise UserError(self.env._("Unknown contact."))
        partner = self.env["res.partner"].sudo().browse(partner_id).exists()
        if (
            not partner
            or partner.is_company
            or partner.commercial_partner_id != company
        ):
            raise UserError(self.env._("This contact is not one of your company."))
        if partner == self.partner_id:
            raise UserError(self.env._("You cannot change your own portal access."))
        user = company._portal_team_users(partner).get(partner.id)
        if user and not user.share:
            raise UserError(
                self.env._("%s is an internal user: ask your vendor.", partner.name)
            )
        if (
            user
            and user.portal_customer_admin
            and not allow_admin
            and not company.sudo().portal_team_admin_allowed
        ):
            raise UserError(
                self.env._(
                    "%s is an administrator of your company's portal access: "
                    "ask your vendor.",
                    partner.name,
                )
            )
        return partner, user

    @api.private
    def _portal_team_start(self):
        """Check and count one action of this customer administrator."""
        company = self._portal_team_company()
        self.sudo()._totp_rate_limit("team_action")
        return company

    @api.private
    def _portal_team_invite(self, values):
        """Invite a colleague: ``values`` has ``partner_id`` (an existing
        contact of the company) or ``name`` and ``email`` (a new one), and
        optionally ``category_ids``, ``expiry_date``, ``customer_admin``.
        Returns "invited" or "pending" (waiting for approval). Every problem
        is raised at once (UserError) and nothing is left behind."""
        company = self._portal_team_start()
        # Parallel invitations of one company meet on its row, so that its
        # maximum number of portal users holds: Odoo's transactions are
        # REPEATABLE READ, so a lock alone would let the second one count
        # with its old snapshot; an update makes it fail with a serialization
        # error once the first commits, and Odoo retries the request, which
        # then counts the new user.
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET write_date = write_date WHERE id = %s",
                company.id,
            )
        )
        company_sudo = company.sudo()
        if not company_sudo.portal_team_invite_allowed:
            raise UserError(
                self.env._("Your vendor does not allow inviting colleagues.")
            )
        problems = []
        categories = self._portal_team_categories(
            company, values.get("category_ids"), problems
        )
        expiry = self._portal_team_date(values.get("expiry_date"), problems)
        make_admin = bool(values.get("customer_admin"))
        if make_admin and not company_sudo.portal_team_admin_allowed:
            problems.append(
                self.env._("Your vendor does not allow you to appoint administrators.")
            )
        limit = company_sudo.portal_team_max_users
        if limit and company._portal_team_seat_count() >= limit:
            problems.append(
                self.env._(
                    "Your company already has its maximum of %s portal users.",
                    limit,
                )
            )
        # nothing created is kept when a problem is found (savepoint)
        with self.env.cr.savepoint():
            partner = self._portal_team_invitee(company, values, problems)
            if partner:
                wizard = (
                    self.env["portal.wizard"]
                    .sudo()
                    .with_context(active_ids=partner.ids, active_model="res.partner")
                    .create({})
                )
                line = wizard.user_ids
                line.write(
                    {
                        "portal_category_ids": [Command.set(categories.ids)],
                        "access_expiry_date": expiry,
                        "in_portal": True,
                    }
                )
                problems += line._get_grant_problems(check_sender=False)
            if problems:
                raise UserError(
                    self.env._("Nothing was changed:")
                    + "\n"
                    + "\n".join(f"- {problem}" for problem in problems)
                )
            if company_sudo.portal_team_approval_required:
                self.env["portal.access.request"].sudo()._create_requests(
                    [
                        {
                            "partner_id": partner.id,
                            "company_partner_id": company.id,
                            "requested_by_id": self.id,
                            "portal_category_ids": [Command.set(categories.ids)],
                            "access_expiry_date": expiry,
                            "customer_admin": make_admin,
                        }
                    ]
                )
                return "pending"
            line.action_grant_access()
            if make_admin:
                line.user_id.sudo().portal_customer_admin = True
        return "invited"

    @api.private
    def _portal_team_reinvite(self, partner_id):
        company = self._portal_team_start()
        partner, user = self._portal_team_member(company, partner_id)
        if not (user and user.active):
            raise UserError(self.env._("%s has no portal access.", partner.name))
        self._portal_team_wizard_line(partner).action_invite_again()

    @api.private
    def _portal_team_revoke(self, partner_id):
        company = self._portal_team_start()
        partner, user = self._portal_team_member(company, partner_id)
        pending = (
            self.env["portal.access.request"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("state", "=", "pending")])
        )
        if pending:
            pending._set_state("cancel")
            return
        if not (user and user.active):
            raise UserError(self.env._("%s has no portal access.", partner.name))
        line = self._portal_team_wizard_line(partner)
        line.action_revoke_access()
        user.portal_customer_admin = False

    @api.private
    def _portal_team_set_expiry(self, partner_id, expiry_date):
        company = self._portal_team_start()
        partner, user = self._portal_team_member(company, partner_id)
        problems = []
        expiry = self._portal_team_date(expiry_date, problems)
        if problems:
            raise UserError(problems[0])
        if not (user and user.active):
            raise UserError(self.env._("%s has no portal access.", partner.name))
        user.portal_access_expiry_date = expiry

    def _portal_team_wizard_line(self, partner):
        wizard = (
            self.env["portal.wizard"]
            .sudo()
            .with_context(active_ids=partner.ids, active_model="res.partner")
            .create({})
        )
        return wizard.user_ids

    def _portal_team_invitee(self, company, values, problems):
        """The contact to invite: an existing one of the company (checked),
        or a new one created from ``name`` and ``email``."""
        if values.get("partner_id"):
            try:
                partner, user = self._portal_team_member(company, values["partner_id"])
            except UserError as error:
                problems.append(str(error))
                return None
            if user and user.active:
                problems.append(
                    self.env._("%s already has portal access.", partner.name)
                )
                return None
            if (
                self.env["portal.access.request"]
                .sudo()
                .search_count(
                    [("partner_id", "=", partner.id), ("state", "=", "pending")]
                )
            ):
                problems.append(
                    self.env._("%s is already waiting for approval.", partner.name)
                )
                return None
            return partner
        name = values.get("name")
        email = values.get("email")
        own = []
        if not isinstance(name, str) or not name.strip():
            own.append(self.env._("Enter the name of your colleague."))
        if not isinstance(email, str) or not email_normalize(email):
            own.append(self.env._("Enter a valid email address."))
        Partner = self.env["res.partner"].sudo()
        if isinstance(name, str) and isinstance(email, str):
            errors = Partner._portal_get_portal_input_errors(
                {"name": name.strip(), "email": email.strip()}
            )
            own.extend(errors.values())
        if own:
            problems.extend(own)
            return None
        key = _login_key(email_normalize(email))
        for member in company._portal_team_members():
            if member.email and _login_key(email_normalize(member.email) or "") == key:
                problems.append(
                    self.env._(
                        "%s already has this email address: invite this contact.",
                        member.name,
                    )
                )
                return None
        return Partner.create(
            {
                "name": name.strip(),
                "email": email_normalize(email),
                "parent_id": company.id,
                "type": "contact",
            }
        )

    def _portal_team_grantable_categories(self, company):
        """The document kinds this administrator may give a colleague: the
        company's kinds it sees itself (you hand out at most what you hold).
        Overridable."""
        return (
            company.sudo()._get_portal_visible_categories()
            & self.sudo().partner_id._get_portal_visible_categories()
        )

    def _portal_team_categories(self, company, category_ids, problems):
        """The document kinds asked for, within the administrator's bound
        (default: the whole bound, also for an existing contact whose own
        kinds are broader: they are narrowed to it)."""
        allowed = self._portal_team_grantable_categories(company)
        if not allowed:
            problems.append(
                self.env._(
                    "You see no kind of documents yourself, so you cannot give "
                    "any to a colleague: ask your vendor."
                )
            )
            return allowed
        if not category_ids:
            return allowed
        if not isinstance(category_ids, list) or not all(
            isinstance(cid, int) and not isinstance(cid, bool) for cid in category_ids
        ):
            problems.append(self.env._("Unknown kind of documents."))
            return allowed
        if set(category_ids) - set(allowed.ids):
            problems.append(
                self.env._(
                    "You may only give your colleagues the kinds of documents "
                    "you see yourself."
                )
            )
            return allowed
        return allowed.browse(category_ids)

    def _portal_team_date(self, value, problems):
        # the whole value is a date, or nothing is done (stock's to_date reads
        # the first ten characters of a string)
        try:
            date = to_whole_date(value)
        except ValueError:
            problems.append(self.env._("Invalid date."))
            return False
        if not date:
            return False
        if date < fields.Date.context_today(self):
            problems.append(self.env._("The access end date is in the past."))
            return False
        return date
