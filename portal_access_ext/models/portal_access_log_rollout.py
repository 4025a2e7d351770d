from odoo import fields, models


class PortalAccessLog(models.Model):
    _inherit = "portal.access.log"

    # The outcome of a portal rollout (models/portal_rollout_job.py): one row
    # per rollout, beside the "grant" row of each contact it granted.
    event = fields.Selection(
        selection_add=[("rollout", "Portal rollout")],
        ondelete={"rollout": "cascade"},
    )
