from odoo import fields, models


class PortalAccessLog(models.Model):
    _inherit = "portal.access.log"

    # A portal user put in the read-only group or taken out of it (the user
    # form's checkbox, the portal wizard's "Read-only" column); a grant's own
    # row covers the read-only access it starts with.
    event = fields.Selection(
        selection_add=[
            ("readonly_on", "Read-only portal set"),
            ("readonly_off", "Read-only portal removed"),
        ],
        ondelete={"readonly_on": "cascade", "readonly_off": "cascade"},
    )
