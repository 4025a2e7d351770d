from odoo.http import request, route

from odoo.addons.web.controllers.dataset import DataSet


class PortalReadonlyDataSet(DataSet):
    """For portal users, RPC on a portal document model answers another
    customer's document exactly like a missing one, and a read-only member's
    change is refused before the model's own code runs (so an existing and a
    missing id get the same AccessError). A portal user who must enable
    two-factor authentication reaches only what enrolment needs."""

    @route()
    def call_kw(self, model, method, args, kwargs, path=None):
        request.env.user._pae_check_enrolment_rpc(model)
        request.env["portal.document.category"]._check_portal_rpc(model, method, args)
        return super().call_kw(model, method, args, kwargs, path=path)

    @route()
    def call_button(self, model, method, args, kwargs, path=None):
        request.env.user._pae_check_enrolment_rpc(model)
        request.env["portal.document.category"]._check_portal_rpc(model, method, args)
        return super().call_button(model, method, args, kwargs, path=path)
