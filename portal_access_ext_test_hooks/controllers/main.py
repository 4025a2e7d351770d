from odoo import http
from odoo.exceptions import UserError


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

    @http.route(
        "/portal_access_ext_test_hooks/user_error_from_value_error",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
    )
    def user_error_from_value_error(self):
        """A route that explains a bad value in its own words (a UserError
        raised from the ValueError): the tests check that its message is
        kept, not replaced by the bad-input net's generic 400."""
        try:
            int("not a number")
        except ValueError as error:
            raise UserError("This test route explains the problem.") from error
