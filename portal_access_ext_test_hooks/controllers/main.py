from odoo import http


class PortalAccessExtTestHooks(http.Controller):
    @http.route(
        "/portal_access_ext_test_hooks/not_implemented",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
    )
    def not_implemented(self):
        """A feature a route lacks (not a customer's bad input): the tests of
        portal_access_ext check that stock's answer (a server error) is kept.
        GET only: the bad-input fuzzing posts to every POST route."""
        raise NotImplementedError("This test route does nothing.")
