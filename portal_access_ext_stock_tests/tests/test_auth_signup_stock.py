"""Stock auth_signup's tests, run with the addon installed."""

from odoo.addons.auth_signup.tests import test_auth_signup as stock_signup
from odoo.addons.auth_signup.tests import test_reset_password as stock_reset

from .common import StockFixturePasswordsMixin, rerun


@rerun(stock_signup.TestAuthSignupFlow)
class TestAuthSignupFlowStock(
    StockFixturePasswordsMixin, stock_signup.TestAuthSignupFlow
):
    pass


@rerun(stock_reset.TestResetPassword)
class TestResetPasswordStock(stock_reset.TestResetPassword):
    pass
