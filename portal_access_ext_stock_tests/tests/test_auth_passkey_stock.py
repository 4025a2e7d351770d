"""Stock auth_passkey_portal's tests, run with the addon installed."""

from odoo.addons.auth_passkey_portal.tests import test_passkey_portal as stock_passkey

from .common import StockFixturePasswordsMixin, rerun


@rerun(stock_passkey.PasskeyTestPortal)
class PasskeyTestPortalStock(
    StockFixturePasswordsMixin, stock_passkey.PasskeyTestPortal
):
    pass
