"""Stock passkey tests (auth_passkey, auth_passkey_portal), run with the
addon installed."""

from odoo.addons.auth_passkey.tests import test_passkey_demo as stock_passkey_demo
from odoo.addons.auth_passkey_portal.tests import test_passkey_portal as stock_passkey

from .common import StockFixturePasswordsMixin, rerun


@rerun(stock_passkey.PasskeyTestPortal)
class PasskeyTestPortalStock(
    StockFixturePasswordsMixin, stock_passkey.PasskeyTestPortal
):
    pass


@rerun(stock_passkey_demo.PasskeyTest)
class PasskeyTestStock(StockFixturePasswordsMixin, stock_passkey_demo.PasskeyTest):
    pass


@rerun(stock_passkey_demo.PasskeyTestTours)
class PasskeyTestToursStock(
    StockFixturePasswordsMixin, stock_passkey_demo.PasskeyTestTours
):
    pass
