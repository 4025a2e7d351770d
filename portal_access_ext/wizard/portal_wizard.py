from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import str2bool

from .portal_wizard_user import _without_nul


class PortalWizard(models.TransientModel):
    _inherit = "portal.wizard"

    summary = fields.Char(readonly=True, help="What the last Apply changed.")
    invite_problems = fields.Text(
        compute="_compute_invite_problems",
        help="Invitations of this wizard that could not be sent.",
    )

    @api.depends("user_ids.invite_error")
    def _compute_invite_problems(self):
        for wizard in self:
            wizard.invite_problems = "\n".join(
                f"{line.partner_id.display_name}: {line.invite_error}"
                for line in wizard.user_ids
                if line.invite_error
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
        self._raise_problems(to_grant._get_grant_problems())

        unchanged = lines - to_grant - to_revoke
        kept = unchanged.filtered("is_portal")
        changed_expiry = kept.filtered(
            lambda line: line.access_expiry_date
            != line.user_id.sudo().portal_access_expiry_date
        )
        if to_grant:
            to_grant.with_context(pae_batch_grant=True).action_grant_access()
        if to_revoke:
            to_revoke.with_context(pae_batch_grant=True).action_revoke_access()
        changed_expiry._save_access_expiry()
        kept._save_portal_categories()

        self.summary = self.env._(
            "%(granted)s granted, %(revoked)s revoked, %(unchanged)s unchanged",
            granted=len(to_grant),
            revoked=len(to_revoke),
            unchanged=len(unchanged),
        )
        # Changed lines are recomputed from their users as they are now.
        (to_grant | to_revoke | changed_expiry)._invalidate_status()
        return self._action_open_modal()

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
        return self.env._(
            "No sender address is configured: set an email on the company %s "
            "(or a default sender in the email settings), then send the "
            "invitation again.",
            company.name,
        )

    def _get_readonly_group(self):
        """The read-only portal group when every grant must add it."""
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

    def _add_readonly_group(self, users):
        group = self._get_readonly_group()
        if group and users:
            users.sudo().with_context(mail_notrack=True).write(
                {"group_ids": [Command.link(group.id)]}
            )
