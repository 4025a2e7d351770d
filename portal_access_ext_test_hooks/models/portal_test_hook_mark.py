from odoo import api, fields, models


class PortalTestHookMark(models.Model):
    """One row per contact and per extension point that ran for it: what the
    tests of portal_access_ext read to prove that another module's overrides
    run for the wizard's Apply as for a line's button."""

    _name = "portal.test.hook.mark"
    _description = "Portal wizard hook that ran (tests)"

    hook = fields.Char(required=True)
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    batch_size = fields.Integer(help="How many records the call received.")

    @api.model
    def _mark(self, hook, partners):
        # One create for all contacts: the marks add no query per contact.
        return self.sudo().create(
            [
                {"hook": hook, "partner_id": partner.id, "batch_size": len(partners)}
                for partner in partners
            ]
        )
