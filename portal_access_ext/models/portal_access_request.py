from odoo import api, fields, models
from odoo.exceptions import UserError

from .portal_date import WholeDate


class PortalAccessRequest(models.Model):
    """An invitation of a customer administrator waiting for a Portal Access
    Manager's approval (when the vendor asks for it on the company)."""

    _name = "portal.access.request"
    _description = "Portal Access Request"
    _order = "create_date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_partner_id = fields.Many2one(
        "res.partner",
        string="Company",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    requested_by_id = fields.Many2one("res.users", readonly=True, ondelete="set null")
    email = fields.Char(related="partner_id.email")
    portal_category_ids = fields.Many2many(
        "portal.document.category", string="Portal Documents", readonly=True
    )
    access_expiry_date = WholeDate(string="Access Expires", readonly=True)
    customer_admin = fields.Boolean(string="Customer Administrator", readonly=True)
    state = fields.Selection(
        [
            ("pending", "Waiting for approval"),
            ("approved", "Approved"),
            ("refused", "Refused"),
            ("cancel", "Withdrawn"),
        ],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    decided_by_id = fields.Many2one("res.users", readonly=True, ondelete="set null")

    _one_pending_per_contact = models.UniqueIndex(
        "(partner_id) WHERE state = 'pending'",
        "This contact already waits for approval.",
    )

    def action_approve(self):
        """Grant the access asked for, through the portal wizard, as the
        Portal Access Manager who approves."""
        self._check_decider()
        for request in self:
            wizard = (
                self.env["portal.wizard"]
                .with_context(
                    active_ids=request.partner_id.ids, active_model="res.partner"
                )
                .create({})
            )
            line = wizard.user_ids
            line.write(
                {
                    "portal_category_ids": [
                        fields.Command.set(request.portal_category_ids.ids)
                    ],
                    "access_expiry_date": request.access_expiry_date,
                    "in_portal": True,
                }
            )
            line.action_grant_access()
            if request.customer_admin:
                line.user_id.portal_customer_admin = True
        self._set_state("approved")

    def action_refuse(self):
        self._check_decider()
        self._set_state("refused")

    def _check_decider(self):
        self.env.user._check_portal_access_manager()
        if self.filtered(lambda request: request.state != "pending"):
            raise UserError(self.env._("This request was already decided."))

    @api.model
    @api.private
    def _create_requests(self, vals_list):
        requests = self.sudo().create(vals_list)
        self.env["portal.access.log"]._log_events(
            [
                {
                    "event": "team_request",
                    "partner_id": request.partner_id.id,
                    "details": request.partner_id.email or "",
                }
                for request in requests
            ]
        )
        return requests

    def _set_state(self, state):
        events = {
            "approved": "team_approve",
            "refused": "team_refuse",
            "cancel": "team_cancel",
        }
        self.sudo().write({"state": state, "decided_by_id": self.env.user.id})
        self.env["portal.access.log"]._log_events(
            [
                {
                    "event": events[state],
                    "partner_id": request.partner_id.id,
                    "details": request.partner_id.email or "",
                }
                for request in self
            ]
        )
