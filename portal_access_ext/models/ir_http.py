import re

from werkzeug.exceptions import NotFound

from odoo import models
from odoo.http import request

# Stock portal routes that change a document with sudo after their own access
# check, so the ACLs of the read-only group do not reach them: refused to
# read-only members (the route's model must be a category model).
PORTAL_WRITE_ROUTES = (
    # purchase: the customer moves the planned dates of the lines
    (re.compile(r"^/my/purchase/\d+/update/?$"), "purchase.order"),
    # sale_management: quantities of the optional lines of a quotation
    (re.compile(r"^/my/orders/\d+/update_line_dict/?$"), "sale.order"),
)


class IrHttp(models.AbstractModel):
    """Before every route: the read-only portal (hidden categories do not
    exist, stock routes that write with sudo are refused to read-only members)."""

    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        res = super()._pre_dispatch(rule, args)
        cls._pae_check_readonly_portal()
        return res

    @classmethod
    def _pae_check_readonly_portal(cls):
        env = request.env
        path = request.httprequest.path
        if not env.uid or not path.startswith("/my/"):
            return
        Category = env["portal.document.category"]
        # A portal page of a category hidden from this customer does not
        # exist for them (list and document pages alike).
        if Category._is_route_hidden(path):
            raise NotFound()
        for pattern, model_name in PORTAL_WRITE_ROUTES:
            if pattern.match(path):
                Category._check_portal_write(model_name)
