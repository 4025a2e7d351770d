from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime, str2bool

from .portal_wizard_user import _without_nul


class PortalWizard(models.TransientModel):
    _inherit = "portal.wizard"

    summary = fields.Text(
        readonly=True, help="What the last action of this wizard changed."
    )
    invite_problems = fields.Text(
        compute="_compute_invite_problems",
        help="Invitations of this wizard that could not be sent.",
    )
    contacts_heading = fields.Char(
        compute="_compute_contacts_heading",
        help="The company of the listed contacts, shown once above the list.",
    )
    revoke_line_ids = fields.Many2many(
        "portal.wizard.user",
        relation="portal_wizard_revoke_line_rel",
        string="Lines to Revoke",
        help="The lines whose revoke waits for the admin's confirmation.",
    )
    revoke_from_apply = fields.Boolean(
        help="The revoke to confirm is part of an Apply (else one line's button)."
    )
    revoke_message = fields.Text(compute="_compute_revoke_message")

    @api.depends("user_ids.invite_error")
    def _compute_invite_problems(self):
        for wizard in self:
            wizard.invite_problems = "\n".join(
                f"{line.partner_id.name}: {line.invite_error}"
                for line in wizard.user_ids
                if line.invite_error
            )

    @api.depends("user_ids.partner_id")
    def _compute_contacts_heading(self):
        for wizard in self:
            companies = wizard.user_ids.partner_id.commercial_partner_id
            wizard.contacts_heading = (
                self.env._("Contacts of %s", companies.name)
                if len(companies) == 1 and companies.is_company
                else False
            )

    @api.depends("revoke_line_ids")
    def _compute_revoke_message(self):
        for wizard in self:
            wizard.revoke_message = self.env._(
                "%(names)s will lose portal access: they are signed out at once "
                "and can no longer sign in or open the links they were sent. "
                "Their documents and history are kept.",
                names=_names(wizard.revoke_line_ids.partner_id, limit=20),
            )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(
            [_without_nul(vals, "welcome_message") for vals in vals_list]
        )

    def write(self, vals):
        return super().write(_without_nul(vals, "welcome_message"))

    def action_apply(self):
        """Bulk flow: grant every ticked line without access, revoke every
        unticked line with access, in one transaction, after checking every
        line; invitations go to the mail queue. The lines' own actions do the
        work (action_grant_access / action_revoke_access on all the lines to
        change at once), so that another module's override of them, or of the
        hooks they call, runs for Apply as for a line's button. The cost is
        proportional to the lines that change: unchanged lines are only
        compared."""
        self.ensure_one()
        self._check_caller_rights()
        lines = self.user_ids
        to_grant = lines.filtered(lambda line: line.in_portal and not line.is_portal)
        to_revoke = lines.filtered(lambda line: not line.in_portal and line.is_portal)
        self._raise_problems(
            to_grant._get_grant_problems()
            + (lines - to_revoke)._get_document_choice_problems()
        )
        if to_revoke and self.env.context.get("portal_confirm_revoke"):
            # The Apply button (views): ask first, naming who loses access.
            return self._action_confirm_revoke(to_revoke, from_apply=True)

        unchanged = lines - to_grant - to_revoke
        kept = unchanged.filtered("is_portal")
        changed_expiry = kept.filtered(
            lambda line: line.access_expiry_date
            != line.user_id.sudo().portal_access_expiry_date
        )
        if to_grant:
            to_grant.with_context(portal_batch_grant=True).action_grant_access()
        if to_revoke:
            to_revoke.with_context(portal_batch_grant=True).action_revoke_access()
        changed_expiry._save_access_expiry()
        kept._save_portal_categories()
        kept._save_portal_readonly()

        self.summary = self._get_apply_summary(to_grant, to_revoke, unchanged)
        # Changed lines are recomputed from their users as they are now.
        (to_grant | to_revoke | changed_expiry)._invalidate_status()
        return self._action_open_modal()

    def action_confirm_revoke(self):
        """The admin confirmed: revoke the lines asked about."""
        self.ensure_one()
        lines = self.revoke_line_ids
        from_apply = self.revoke_from_apply
        self.write({"revoke_line_ids": [Command.clear()], "revoke_from_apply": False})
        unconfirmed = self.with_context(portal_confirm_revoke=False)
        if from_apply:
            return unconfirmed.action_apply()
        lines.with_context(portal_confirm_revoke=False).action_revoke_access()
        return self._action_open_modal()

    def action_cancel_revoke(self):
        """Back to the wizard, nothing revoked (Apply's lines as edited)."""
        self.ensure_one()
        self.write({"revoke_line_ids": [Command.clear()], "revoke_from_apply": False})
        return self._action_open_modal()

    def _action_open_modal(self):
        # Stock's action, in a dialog wide enough for the lines' buttons (the
        # web client's action service reads ``dialog_size``).
        action = super()._action_open_modal()
        action["context"] = {**action.get("context", {}), "dialog_size": "extra-large"}
        return action

    def _action_confirm_revoke(self, lines, from_apply):
        """The confirmation dialog before ``lines`` lose portal access."""
        self.ensure_one()
        self.write(
            {
                "revoke_line_ids": [Command.set(lines.ids)],
                "revoke_from_apply": from_apply,
            }
        )
        return {
            "name": self.env._("Revoke portal access?"),
            "type": "ir.actions.act_window",
            "res_model": "portal.wizard",
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "portal_access_ext.portal_wizard_view_form_confirm_revoke"
                    ).id,
                    "form",
                )
            ],
            "res_id": self.id,
            "target": "new",
            "context": {"dialog_size": "medium"},
        }

    def _get_apply_summary(self, granted, revoked, unchanged):
        """What Apply did, naming the contacts, and when the invitations go
        out (they are queued for the invitation job)."""
        parts = [
            self.env._(
                "%(granted)s granted, %(revoked)s revoked, %(unchanged)s unchanged.",
                granted=len(granted),
                revoked=len(revoked),
                unchanged=len(unchanged),
            )
        ]
        if granted:
            parts.append(
                self.env._(
                    "Granted: %(names)s. Their invitations are queued and go out "
                    'from %(when)s (scheduled action "%(job)s").',
                    names=_names(granted.partner_id),
                    when=self._get_invitation_time(),
                    job=self.env.ref("portal_access_ext.ir_cron_portal_invitations")
                    .sudo()
                    .name,
                )
            )
        if revoked:
            parts.append(
                self.env._(
                    "Revoked: %s; their open sessions are closed.",
                    _names(revoked.partner_id),
                )
            )
        if unchanged:
            parts.append(self.env._("Unchanged: %s.", _names(unchanged.partner_id)))
        return "\n".join(parts)

    def _get_invitation_time(self):
        """When the invitation job next runs (its trigger, else its next
        call), in the admin's time zone."""
        cron = self.env.ref("portal_access_ext.ir_cron_portal_invitations").sudo()
        trigger = (
            self.env["ir.cron.trigger"]
            .sudo()
            .search([("cron_id", "=", cron.id)], order="call_at", limit=1)
        )
        when = min(filter(None, [trigger.call_at, cron.nextcall]))
        return format_datetime(self.env, max(when, fields.Datetime.now()))

    def _queue_invitations(self, users):
        """Queue the invitations instead of sending them inside the request:
        the invitation job renders them (in each contact's language, with this
        run's message) into Odoo's mail queue, which sends them."""
        users.sudo().write(
            {
                "portal_invite_pending": True,
                "portal_invite_message": self.welcome_message or False,
            }
        )
        self.env.ref("portal_access_ext.ir_cron_portal_invitations").sudo()._trigger()

    def _check_caller_rights(self):
        """The caller's own rights, before anything is done with sudo."""
        self.check_access("write")
        self.user_ids.check_access("write")
        self.user_ids.partner_id.check_access("write")

    def _raise_problems(self, problems):
        if problems:
            raise UserError(
                self.env._("Nothing was changed:")
                + "\n"
                + "\n".join(f"- {problem}" for problem in problems)
            )

    def _get_sender_problem(self):
        """A message when invitations would have no sender address."""
        company = self.env.company
        if (
            company.email
            or self.env.user.email
            or self.env["ir.mail_server"].sudo()._get_default_from_address()
        ):
            return False
        return self.env["res.users"]._get_portal_invite_error_message(
            "no_sender", company.name
        )

    def _get_readonly_group(self):
        """The read-only portal group when grants default to it (the lines'
        "Read-only" column starts ticked for contacts without access)."""
        readonly_by_default = str2bool(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("portal_access_ext.readonly_by_default", "True"),
            default=True,
        )
        if not readonly_by_default:
            return self.env["res.groups"]
        return (
            self.env.ref(
                "portal_access_ext.group_portal_readonly", raise_if_not_found=False
            )
            or self.env["res.groups"]
        )


def _names(partners, limit=10):
    """The contacts' names in alphabetical order (the lines' order is not
    the admin's), the first ``limit`` of them and how many more."""
    names = sorted(partners.mapped("name"), key=lambda name: (name or "").lower())
    text = ", ".join(names[:limit])
    if len(partners) > limit:
        text = partners.env._(
            "%(names)s and %(count)s more", names=text, count=len(partners) - limit
        )
    return text
