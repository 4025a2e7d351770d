"""Portal users, the access lifecycle: invitations queued by bulk grants and
sent by a job, and the revoke shared by the wizard, the expiry job and the
admin."""

from ast import literal_eval

from odoo import api, fields, models
from odoo.tools.misc import format_date

from odoo.addons.auth_signup.models.res_partner import SignupError
from odoo.addons.auth_signup.models.res_users import (
    ResUsers as AuthSignupResUsers,
)

from .ir_qweb_compile_memo import compile_memo


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_invite_pending = fields.Boolean(
        copy=False,
        groups="base.group_system",
        help="A bulk grant queued this user's invitation: the invitation job "
        "renders it into the mail queue.",
    )
    portal_invite_message = fields.Text(copy=False, groups="base.group_system")
    portal_invite_error = fields.Char(
        copy=False,
        groups="base.group_system",
        help="Why the last invitation email could not be sent; kept until an "
        "invitation is sent, so that the portal wizard shows it when reopened.",
    )

    def write(self, vals):
        if "portal_access_expiry_date" not in vals or self.env.context.get(
            "portal_expiry_logged"
        ):
            return super().write(vals)
        # Every change of the end date (the wizard's Apply, the user form,
        # RPC) leaves an audit row; grants and revokes log it in their own.
        # the field's own check (a whole date, else ValidationError), before
        # stock's to_date would read the first ten characters of a string
        new = (
            self._fields["portal_access_expiry_date"].convert_to_cache(
                vals["portal_access_expiry_date"], self
            )
            or False
        )
        before = {
            user.id: user.portal_access_expiry_date
            for user in self.sudo()
            if user.portal_access_expiry_date != new
        }
        res = super().write(vals)
        no_end = self.env._("no end date")
        self.env["portal.access.log"]._log_events(
            [
                {
                    "event": "expiry_change",
                    "partner_id": user.partner_id.id,
                    "user_id": user.id,
                    "details": self.env._(
                        "%(login)s: %(old)s → %(new)s",
                        login=user.login,
                        old=format_date(self.env, before[user.id]) or no_end,
                        new=format_date(self.env, new) or no_end,
                    ),
                }
                for user in self.sudo()
                if user.id in before
            ]
        )
        return res

    def _create_user_from_template(self, values):
        """Stock creates one user from a dict of values. A bulk grant of the
        portal wizard gives a list of them: the template's copy values are
        computed once and the users created in one batch (stock copies the
        template once per user), returned in the order of the values. An
        override above ours receives the list in that case; one below ours
        (expecting a dict) gets one call per user."""
        if isinstance(values, dict):
            return super()._create_user_from_template(values)
        if not _next_is_stock(self, ResUsers, "_create_user_from_template"):
            users = self.browse()
            for vals in values:
                users |= super()._create_user_from_template(vals)
            return users
        return self._create_users_from_template_batch(values)

    @api.private
    def _create_users_from_template_batch(self, vals_list):
        """The batch body of _create_user_from_template: stock's checks and
        template copy, for many users in one create."""
        template = self.sudo().browse(
            literal_eval(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("base.template_portal_user_id", "False")
            )
        )
        if not template.exists():
            raise ValueError(self.env._("Signup: invalid template user"))
        for vals in vals_list:
            if not vals.get("login"):
                raise ValueError(self.env._("Signup: no login given for new user"))
            if not vals.get("partner_id") and not vals.get("name"):
                raise ValueError(
                    self.env._("Signup: no name or partner given for new user")
                )
        # Defaults computed once for the batch: for every field missing from
        # the values the ORM would otherwise compute them once per user. Never
        # those of the contact's fields: the contact exists.
        defaults = self.default_get(
            [
                name
                for name, field in self._fields.items()
                if not field.inherited and not field.copy
            ]
        )
        create_list = []
        for vals in vals_list:
            create_list += template.with_context(no_reset_password=True).copy_data(
                {**defaults, **vals, "active": True}
            )
        try:
            with self.env.cr.savepoint():
                return self.with_context(no_reset_password=True).create(create_list)
        except Exception as error:
            # as stock: e.g. a login taken in the meantime
            raise SignupError(str(error)) from error

    @api.model
    def _cron_send_portal_invitations(self, batch_size=500):
        """Render the invitations queued by bulk grants into the mail queue,
        in each contact's language, with the wizard's message."""
        pending = self.sudo().search(
            [("portal_invite_pending", "=", True)], limit=batch_size, order="id"
        )
        template = self.env.ref("auth_signup.portal_set_password_email").sudo()
        groups = {}
        for user in pending.filtered("active"):
            groups.setdefault((user.lang, user.portal_invite_message or ""), []).append(
                user.id
            )
        with compile_memo(self.env.cr):
            for (lang, message), user_ids in groups.items():
                template.with_context(
                    dbname=self.env.cr.dbname,
                    lang=lang,
                    welcome_message=message,
                    medium="portalinvite",
                ).send_mail_batch(
                    user_ids,
                    force_send=False,
                    # the mail queue writes a failed send back on the user
                    # (models/mail_mail.py)
                    email_values={"portal_invitation": True},
                )
        pending.write({"portal_invite_pending": False, "portal_invite_message": False})
        if pending:
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        if len(pending) == batch_size:
            self.env.ref(
                "portal_access_ext.ir_cron_portal_invitations"
            ).sudo()._trigger()
        return pending

    @api.private
    def _portal_revoke_access(self, event="revoke"):
        """End portal access: no login, open sessions refused on their next
        request (``active`` is part of the session token), invitation links
        dead; the user and its history are kept for a later grant."""
        users = self.sudo().filtered("active")
        if not users:
            return users
        # The steps of stock's portal.wizard.user.action_revoke_access, which
        # works on a wizard line (one contact, with the email typed on the
        # line) that the expiry job and this method's other callers do not
        # have: the signup cancelled (stock's signup_cancel, which rotates the
        # link nonce), the user archived; for all users at once.
        users.partner_id.signup_cancel()
        users.with_context(mail_notrack=True, portal_expiry_logged=True).write(
            {
                "active": False,
                "portal_access_expiry_date": False,
                "portal_invite_pending": False,
                "portal_invite_error": False,
            }
        )
        details = {
            "expire": self.env._("access end date passed"),
        }.get(event, "")
        self.env["portal.access.log"]._log_events(
            [
                {
                    "event": event,
                    "partner_id": user.partner_id.id,
                    "user_id": user.id,
                    "details": details or user.login,
                }
                for user in users
            ]
        )
        return users


def _next_is_stock(records, cls, name):
    """Whether the method ``name`` that ``super(cls, records)`` reaches is
    auth_signup's own (no override of another module loaded below ours)."""
    stock = AuthSignupResUsers.__dict__[name]
    return getattr(super(cls, records), name).__func__ is stock
