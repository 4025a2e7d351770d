"""Portal users, the access lifecycle: invitations queued by bulk grants and
sent by a job, and the revoke shared by the wizard, the expiry job and the
admin."""

from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    portal_invite_pending = fields.Boolean(
        copy=False,
        groups="base.group_system",
        help="A bulk grant queued this user's invitation: the invitation job "
        "renders it into the mail queue.",
    )
    portal_invite_message = fields.Text(copy=False, groups="base.group_system")

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
        for (lang, message), user_ids in groups.items():
            template.with_context(
                dbname=self.env.cr.dbname,
                lang=lang,
                welcome_message=message,
                medium="portalinvite",
            ).send_mail_batch(user_ids, force_send=False)
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
        users.partner_id.write({"signup_type": None})
        users.with_context(mail_notrack=True).write(
            {
                "active": False,
                "portal_access_expiry_date": False,
                "portal_invite_pending": False,
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
