"""Portal access review: the filters of the "Portal Access Review" screen
(dormant accounts, invitations never accepted, access expiring soon, locked
accounts), its bulk Revoke / Re-invite through the portal wizard, the daily
revoke of dormant accounts and the monthly digest to the access managers.

Every filter is a searchable computed field whose search method returns a
SQL subquery (``id IN (SELECT ...)``): the ids are never fetched into Python,
so a filter or a count over 20,000 portal users is one query."""

from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL

REVIEW_DAYS_PARAM = "portal_access_ext.review_days"
DORMANT_REVOKE_PARAM = "portal_access_ext.review_dormant_revoke"
DIGEST_PARAM = "portal_access_ext.review_digest"
DEFAULT_REVIEW_DAYS = 90
EXPIRING_SOON_DAYS = 30


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_review_dormant = fields.Boolean(
        string="No Sign-in for N Days",
        compute="_compute_portal_review_flags",
        search="_search_portal_review_dormant",
        help="A portal user who has not signed in for the number of days set "
        "in the settings (or never, with an account older than that).",
        groups="portal_access_ext.group_portal_access_manager",
    )
    portal_review_invite_unaccepted = fields.Boolean(
        string="Invitation Never Accepted",
        compute="_compute_portal_review_flags",
        search="_search_portal_review_invite_unaccepted",
        help="A portal user who never signed in although the last invitation "
        "is older than the number of days set in the settings.",
        groups="portal_access_ext.group_portal_access_manager",
    )
    portal_review_expiring_soon = fields.Boolean(
        string="Access Expiring Within 30 Days",
        compute="_compute_portal_review_flags",
        search="_search_portal_review_expiring_soon",
        groups="portal_access_ext.group_portal_access_manager",
    )
    portal_review_locked = fields.Boolean(
        string="Locked Out",
        compute="_compute_portal_review_flags",
        search="_search_portal_review_locked",
        help="Too many wrong passwords or codes: sign-ins are refused for now.",
        groups="portal_access_ext.group_portal_access_manager",
    )
    portal_review_flag = fields.Selection(
        selection="_selection_portal_review_flag",
        string="Review",
        compute="_compute_portal_review_flag",
        search="_search_portal_review_flag",
        help="The review's ready filters, as the search panel shows them with "
        "their counts.",
        groups="portal_access_ext.group_portal_access_manager",
    )
    portal_last_sign_in = fields.Datetime(
        string="Last Sign-in",
        compute="_compute_portal_last_sign_in",
        help="Stock's login date, read for many users in one query.",
        groups="portal_access_ext.group_portal_access_manager",
    )

    def _compute_portal_review_flags(self):
        # One query per flag for the whole batch, through the same search
        # methods the filters use: a flag and its filter cannot disagree.
        real = self.filtered("id")
        names = (
            "portal_review_dormant",
            "portal_review_invite_unaccepted",
            "portal_review_expiring_soon",
            "portal_review_locked",
        )
        matches = {
            name: set(
                self.with_context(active_test=False)
                .sudo()
                ._search(Domain("id", "in", real._origin.ids) & Domain(name, "=", True))
            )
            if real
            else set()
            for name in names
        }
        for user in self:
            for name in names:
                user[name] = user._origin.id in matches[name]

    def _selection_portal_review_flag(self):
        return [
            (key, label)
            for key, (label, _domain) in self._portal_review_filters().items()
        ]

    def _compute_portal_review_flag(self):
        # A user may match several filters: the first one is shown.
        filters = self._portal_review_filters()
        matches = {
            key: set(
                self.with_context(active_test=False)
                .sudo()
                ._search(Domain("id", "in", self._origin.ids) & domain)
            )
            for key, (_label, domain) in filters.items()
        }
        for user in self:
            user.portal_review_flag = next(
                (key for key in filters if user._origin.id in matches[key]), False
            )

    def _search_portal_review_flag(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        filters = self._portal_review_filters()
        domain = Domain.OR(filters[key][1] for key in value if key in filters)
        return domain if operator == "in" else ~domain

    def _compute_portal_last_sign_in(self):
        last = dict(
            self.env["res.users.log"]
            .sudo()
            ._read_group(
                [("create_uid", "in", self._origin.ids)],
                ["create_uid"],
                ["create_date:max"],
            )
        )
        for user in self:
            user.portal_last_sign_in = last.get(user._origin, False)

    def _search_portal_review_dormant(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        cutoff = self._portal_review_cutoff()
        query = SQL(
            """
            SELECT u.id FROM res_users u
             WHERE u.share AND u.create_date < %(cutoff)s
               AND NOT EXISTS (
                   SELECT 1 FROM res_users_log l
                    WHERE l.create_uid = u.id AND l.create_date >= %(cutoff)s)
            """,
            cutoff=cutoff,
        )
        return self._portal_review_domain(query, operator, value)

    def _search_portal_review_invite_unaccepted(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        # The invitation's date: the last grant or re-invitation in the audit
        # trail, else the account's creation.
        query = SQL(
            """
            SELECT u.id FROM res_users u
             WHERE u.share
               AND NOT EXISTS (SELECT 1 FROM res_users_log l WHERE l.create_uid = u.id)
               AND COALESCE(
                   (SELECT max(a.date) FROM portal_access_log a
                     WHERE a.user_id = u.id AND a.event IN ('grant', 'reinvite')),
                   u.create_date) < %(cutoff)s
            """,
            cutoff=self._portal_review_cutoff(),
        )
        return self._portal_review_domain(query, operator, value)

    def _search_portal_review_expiring_soon(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        today = fields.Date.context_today(self)
        domain = (
            Domain("share", "=", True)
            & Domain("portal_access_expiry_date", ">=", today)
            & Domain(
                "portal_access_expiry_date",
                "<=",
                today + timedelta(days=EXPIRING_SOON_DAYS),
            )
        )
        return domain if (operator == "=") == value else ~domain

    def _search_portal_review_locked(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        # The account-wide ceilings and the per-address lockouts of
        # _portal_lockouts (res_users_throttle.py), in SQL.
        now = fields.Datetime.now()
        rules = self._get_portal_rate_limits()
        parts = [
            SQL(
                """SELECT user_id FROM auth_totp_rate_limit_log
                    WHERE limit_type IN %s AND portal_locked_until > %s""",
                tuple(rules),
                now,
            )
        ]
        for limit_type, rule in rules.items():
            parts.append(
                SQL(
                    """SELECT user_id FROM auth_totp_rate_limit_log
                        WHERE limit_type = %s AND portal_blocked IS NOT TRUE
                          AND create_date >= %s
                        GROUP BY user_id HAVING count(*) >= %s""",
                    limit_type,
                    now - timedelta(seconds=rule["user_window"]),
                    rule["user_limit"],
                )
            )
        query = SQL(" UNION ").join(parts)
        return self._portal_review_domain(query, operator, value)

    @api.model
    def _search_panel_selection_range(self, field_name, **kwargs):
        """The review's search panel: each ready filter with its count, one
        COUNT query each, within the screen's domain (a non-stored field
        cannot be grouped, as stock's counters do)."""
        if field_name != "portal_review_flag":
            return super()._search_panel_selection_range(field_name, **kwargs)
        domain = Domain(kwargs.get("model_domain") or []) & Domain(
            kwargs.get("extra_domain") or []
        )
        values = []
        for key, (label, filter_domain) in self._portal_review_filters().items():
            value = {"id": key, "display_name": label}
            if kwargs.get("enable_counters"):
                value["__count"] = self.search_count(domain & filter_domain)
            values.append(value)
        return values

    # ------------------------------------------------------------------
    # actions (the review screen's buttons)
    # ------------------------------------------------------------------

    def action_portal_review_revoke(self):
        """Revoke the selected portal users' access as the portal wizard's
        Revoke does (same code, same audit rows)."""
        lines = self._portal_review_wizard_lines()
        if lines:
            lines.action_revoke_access()
        return self._portal_review_notification(
            self.env._("Portal access revoked for %s user(s).", len(lines))
        )

    def action_portal_review_reinvite(self):
        """Send the invitation again to the selected portal users as the
        portal wizard's Re-invite does; the mails are queued, not sent inside
        the request."""
        lines = self._portal_review_wizard_lines()
        for line in lines.with_context(portal_batch_grant=True):
            line.action_invite_again()
        return self._portal_review_notification(
            self.env._("Invitation queued for %s user(s).", len(lines))
        )

    # ------------------------------------------------------------------
    # jobs
    # ------------------------------------------------------------------

    @api.model
    def _cron_revoke_dormant_portal_access(self):
        """Revoke the portal users who have not signed in for N days, when
        the policy is on (audited as "dormant")."""
        ICP = self.env["ir.config_parameter"].sudo()
        if not ICP.get_param(DORMANT_REVOKE_PARAM):
            return self.browse()
        dormant = self.sudo().search(
            self._portal_review_base_domain()
            & Domain("portal_review_dormant", "=", True)
        )
        if dormant:
            dormant._portal_revoke_access(event="dormant")
        return dormant

    @api.model
    def _cron_send_access_review_digest(self):
        """Queue the monthly digest to the access managers, when on."""
        ICP = self.env["ir.config_parameter"].sudo()
        if not ICP.get_param(DIGEST_PARAM):
            return self.browse()
        recipients = self._portal_access_review_recipients().filtered("email")
        if not recipients:
            return recipients
        template = self.env.ref(
            "portal_access_ext.mail_template_access_review_digest"
        ).sudo()
        counts = self._portal_review_counts()
        for lang in set(recipients.mapped("lang")):
            template.with_context(
                lang=lang,
                portal_review_counts=counts,
                portal_review_days=self._portal_review_days(),
            ).send_mail_batch(
                recipients.filtered(lambda u, lg=lang: u.lang == lg).ids,
                force_send=False,
            )
        return recipients

    # ------------------------------------------------------------------
    # helpers (overridable)
    # ------------------------------------------------------------------

    @api.model
    @api.private
    def _portal_review_days(self):
        ICP = self.env["ir.config_parameter"].sudo()
        try:
            days = int(ICP.get_param(REVIEW_DAYS_PARAM, DEFAULT_REVIEW_DAYS))
        except (TypeError, ValueError):
            days = DEFAULT_REVIEW_DAYS
        return days if days > 0 else DEFAULT_REVIEW_DAYS

    @api.model
    @api.private
    def _portal_review_cutoff(self):
        return fields.Datetime.now() - timedelta(days=self._portal_review_days())

    @api.model
    @api.private
    def _portal_review_domain(self, query, operator, value):
        positive = (operator == "=") == value
        return Domain("id", "in" if positive else "not in", query)

    @api.model
    @api.private
    def _portal_review_base_domain(self):
        """The users the review screen lists: active portal users."""
        return Domain("share", "=", True) & Domain(
            "group_ids", "in", self.env.ref("base.group_portal").ids
        )

    @api.model
    @api.private
    def _portal_review_filters(self):
        """{key: (label, domain)} of the review's ready filters; extend it to
        add one."""
        return {
            "dormant": (
                self.env._("No sign-in for %s days", self._portal_review_days()),
                Domain("portal_review_dormant", "=", True),
            ),
            "invite_unaccepted": (
                self.env._("Invitations never accepted"),
                Domain("portal_review_invite_unaccepted", "=", True),
            ),
            "expiring_soon": (
                self.env._("Access expiring within 30 days"),
                Domain("portal_review_expiring_soon", "=", True),
            ),
            "login_differs": (
                self.env._("Login differs from email"),
                Domain("portal_login_differs", "=", True),
            ),
            "locked": (
                self.env._("Locked-out accounts"),
                Domain("portal_review_locked", "=", True),
            ),
            "customer_admins": (
                self.env._("Customer administrators"),
                Domain("portal_customer_admin", "=", True),
            ),
        }

    @api.model
    @api.private
    def _portal_review_counts(self):
        """[(key, label, count)] of the ready filters: one COUNT each."""
        base = self._portal_review_base_domain()
        Users = self.sudo()
        return [
            (key, label, Users.search_count(base & domain))
            for key, (label, domain) in self._portal_review_filters().items()
        ]

    @api.model
    @api.private
    def _portal_access_review_recipients(self):
        """Who gets the digest: the Portal Access Managers."""
        return (
            self.env.ref("portal_access_ext.group_portal_access_manager")
            .sudo()
            .all_user_ids.filtered(lambda user: user.active and not user.share)
        )

    @api.private
    def _portal_review_wizard_lines(self):
        """The portal wizard's lines of these portal users' contacts, built
        as the contacts list's "Grant portal access" does."""
        if not self.env.user.has_group("portal_access_ext.group_portal_access_manager"):
            raise AccessError(
                self.env._("Only a Portal Access Manager can review portal access.")
            )
        users = self.sudo().filtered(lambda u: u.active and u._is_portal())
        if not users:
            return self.env["portal.wizard.user"]
        wizard = self.env["portal.wizard"].create(
            {"partner_ids": [Command.set(users.partner_id.ids)]}
        )
        return wizard.user_ids.filtered(lambda line: line.user_id in users)

    @api.model
    @api.private
    def _portal_review_notification(self, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }


class PortalAccessLog(models.Model):
    _inherit = "portal.access.log"

    event = fields.Selection(
        selection_add=[("dormant", "Revoked: no sign-in")],
        ondelete={"dormant": "cascade"},
    )
