"""Stock portal's tests (and web's login tests auth_signup re-runs), run
with the addon installed."""

from odoo.addons.portal.tests import test_addresses as stock_addresses
from odoo.addons.portal.tests import test_login as stock_login
from odoo.addons.portal.tests import test_message_format_portal as stock_format
from odoo.addons.portal.tests import test_pager as stock_pager
from odoo.addons.portal.tests import test_portal as stock_portal
from odoo.addons.portal.tests import test_portal_wizard as stock_wizard
from odoo.addons.portal.tests import test_tours as stock_tours
from odoo.addons.web.tests import test_login as stock_web_login

from .common import StockFixturePasswordsMixin, rerun


@rerun(stock_addresses.TestPortalAddresses)
class TestPortalAddressesStock(stock_addresses.TestPortalAddresses):
    pass


@rerun(stock_login.TestWebLoginPortal)
class TestWebLoginPortalStock(stock_login.TestWebLoginPortal):
    pass


@rerun(stock_web_login.TestWebLogin)
class TestWebLoginStock(stock_web_login.TestWebLogin):
    def test_web_login_external(self):
        self.skipTest(
            "not the addon: stock's test says 'Valid without portal installed'; "
            "with portal, stock's Home._login_redirect sends portal users to /my "
            "(portal's TestWebLoginPortal, re-run above, tests that)"
        )


@rerun(stock_format.TestMessageFormatPortal)
class TestMessageFormatPortalStock(stock_format.TestMessageFormatPortal):
    pass


@rerun(stock_pager.TestPager)
class TestPagerStock(stock_pager.TestPager):
    pass


@rerun(stock_portal.TestUsersHttp)
class TestUsersHttpStock(stock_portal.TestUsersHttp):
    pass


@rerun(stock_wizard.TestPortalWizard)
class TestPortalWizardStock(stock_wizard.TestPortalWizard):
    pass


@rerun(stock_tours.TestUi)
class TestUiStock(StockFixturePasswordsMixin, stock_tours.TestUi):
    pass
