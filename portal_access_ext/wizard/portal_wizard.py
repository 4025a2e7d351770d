from ast import literal_eval

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize, str2bool

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
        line; invitations go to the mail queue."""
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
            self._grant_lines(to_grant)
        if to_revoke:
            to_revoke.user_id.sudo()._portal_revoke_access(event="revoke")
            to_revoke.write({"in_portal": False, "access_expiry_date": False})
        for line in changed_expiry:
            line.user_id.sudo().portal_access_expiry_date = line.access_expiry_date
        kept._save_portal_categories()

        self.summary = self.env._(
            "%(granted)s granted, %(revoked)s revoked, %(unchanged)s unchanged",
            granted=len(to_grant),
            revoked=len(to_revoke),
            unchanged=len(unchanged),
        )
        # Lines are recomputed from the users as they are now.
        lines._invalidate_status()
        return self._action_open_modal()

    def _grant_lines(self, lines):
        """Grant access to ``lines`` in batch; the expensive parts of the stock
        per-line path (email_state of every line against every user, synchronous
        SMTP) are done once for all lines or left to the mail queue."""
        lines_sudo = lines.sudo()
        users_model = (
            self.env["res.users"]
            .sudo()
            .with_context(
                mail_create_nolog=True,
                mail_notrack=True,
                no_reset_password=True,
                pae_batch_grant=True,
            )
        )
        # The edited email becomes the contact's email, as stock does.
        for line in lines_sudo:
            normalized = email_normalize(line.email)
            if email_normalize(line.partner_id.email) != normalized:
                line.partner_id.email = normalized
        new_lines = lines_sudo.filtered(lambda line: not line.user_id)
        if new_lines:
            # Stock copies the portal template user once per contact; the same
            # values (template's copy_data) created in one batch are far cheaper.
            template = users_model.browse(
                literal_eval(
                    self.env["ir.config_parameter"]
                    .sudo()
                    .get_param("base.template_portal_user_id", "False")
                )
            ).exists()
            if not template:
                raise UserError(self.env._("Signup: invalid template user"))
            vals_list = []
            # Defaults computed once for the batch: for every field missing
            # from the values (stored or not) the ORM would otherwise compute
            # them once per user. Never those of the contact's fields: the
            # contact exists.
            defaults = users_model.default_get(
                [
                    name
                    for name, field in users_model._fields.items()
                    if not field.inherited and not field.copy
                ]
            )
            for line in new_lines:
                company = line.partner_id.company_id or self.env.company
                normalized = email_normalize(line.email)
                # No "email": the contact already has it (written above), and
                # passing it would write every contact once more through
                # _inherits.
                vals_list += template.copy_data(
                    {
                        **defaults,
                        "login": normalized,
                        "partner_id": line.partner_id.id,
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                        "active": True,
                    }
                )
            users_model.create(vals_list)
        new_lines.invalidate_recordset(["user_id"])
        # A plain browse, so that reading the users and their contacts below is
        # one query for all of them, not one per user.
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(mail_notrack=True)
            .browse(lines_sudo.user_id.ids)
        )
        group_portal = self.env.ref("base.group_portal")
        group_public = self.env.ref("base.group_public")
        group_commands = [
            Command.link(group_portal.id),
            Command.unlink(group_public.id),
        ]
        readonly_group = self._get_readonly_group()
        if readonly_group:
            group_commands.append(Command.link(readonly_group.id))
        # One write for all users: group changes clear the registry caches.
        users.write({"active": True, "group_ids": group_commands})
        partners = users.partner_id
        partners.fetch(["signup_type", "signup_nonce"])
        partners.signup_prepare()
        self._queue_invitations(users)
        lines._after_grant(event="grant", add_readonly_group=False)

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
