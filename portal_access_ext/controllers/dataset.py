from werkzeug.exceptions import BadRequest

from odoo.http import request, route

from odoo.addons.web.controllers.dataset import DataSet


class PortalReadonlyDataSet(DataSet):
    """A model name that is not one answers a clean error (the read-only
    portal's guard on the call itself sits where every RPC passes, see
    models/portal_document_category_rpc.py). A portal user who must enable
    two-factor authentication reaches only what enrolment needs."""

    def _call_kw_readonly(self, rule, args):
        # Stock looks the model up in the registry before the call (to choose
        # a read-only cursor): a name that is not a string would crash there.
        # A malformed call gets a read-only cursor, then a clean error below.
        params = request.get_json_data().get("params")
        if not isinstance(params, dict) or not all(
            isinstance(params.get(key), str) for key in ("model", "method")
        ):
            return True
        return super()._call_kw_readonly(rule, args)

    @route(readonly=_call_kw_readonly)
    def call_kw(self, model, method, args, kwargs, path=None):
        self._portal_check_rpc_input(model, method, args, kwargs)
        request.env.user._portal_check_enrolment_rpc(model)
        return super().call_kw(model, method, args, kwargs, path=path)

    @route(readonly=_call_kw_readonly)
    def call_button(self, model, method, args, kwargs, path=None):
        self._portal_check_rpc_input(model, method, args, kwargs)
        request.env.user._portal_check_enrolment_rpc(model)
        return super().call_button(model, method, args, kwargs, path=path)

    def _portal_check_rpc_input(self, model, method, args, kwargs):
        """The shape stock expects (strings, a list, a dict), as a 400-like
        error rather than a crash on an unhashable model name."""
        if (
            not isinstance(model, str)
            or not isinstance(method, str)
            or not isinstance(args, list)
            or not isinstance(kwargs, dict)
        ):
            raise BadRequest(request.env._("Malformed call."))
        if model not in request.env:
            raise BadRequest(request.env._("Unknown model %s.", model[:64]))
