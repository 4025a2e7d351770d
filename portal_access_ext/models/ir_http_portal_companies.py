from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    """A portal user who is a member of several of the vendor's companies sees
    its documents of all of them, on the portal pages as over RPC and as
    without the website app: website narrows every frontend request to the
    website's company (odoo/odoo#226136). The website's company stays the
    current one (first); the user's other companies are only added to the
    allowed ones, so the record rules keep the user's own companies."""

    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        # after super(): the frontend's companies are set by then, whatever
        # the order website and this addon are loaded in
        res = super()._pre_dispatch(rule, args)
        cls._portal_allow_portal_user_companies()
        return res

    @classmethod
    def _portal_allow_portal_user_companies(cls):
        allowed = request.env.context.get("allowed_company_ids")
        user = request.env.user
        if not allowed or not user.share or user._is_public():
            return
        others = [cid for cid in user._get_company_ids() if cid not in allowed]
        if others:
            request.update_context(allowed_company_ids=[*allowed, *others])
