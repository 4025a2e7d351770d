"""Stock two-factor authentication tests (auth_totp, auth_totp_portal,
auth_totp_mail), run with the addon installed."""

from odoo.addons.auth_totp.tests import test_apikeys as stock_apikeys
from odoo.addons.auth_totp.tests import test_totp as stock_totp
from odoo.addons.auth_totp_mail.tests import test_auth_signup as stock_mail_signup
from odoo.addons.auth_totp_mail.tests import (
    test_notify_security_update_totp as stock_mail_notify,
)
from odoo.addons.auth_totp_mail.tests import test_totp as stock_mail_totp
from odoo.addons.auth_totp_portal.tests import test_tour as stock_portal_tour

from .common import StockFixturePasswordsMixin, rerun


@rerun(stock_apikeys.TestAPIKeys)
class TestAPIKeysStock(stock_apikeys.TestAPIKeys):
    pass


@rerun(stock_totp.TestTOTP)
class TestTOTPStock(stock_totp.TestTOTP):
    def test_totp(self):
        self.skipTest(
            "intended change: a password refused over XML-RPC (2FA on) counts "
            "towards the lockout and its error says how many attempts are left "
            "(README, Customers: throttling of wrong passwords and codes; Design "
            "choices: an 'attempts left' warning), where stock expects its bare "
            "'Access Denied'"
        )


@rerun(stock_totp.TestTOTPEnableSearch)
class TestTOTPEnableSearchStock(stock_totp.TestTOTPEnableSearch):
    pass


@rerun(stock_portal_tour.TestTOTPortal)
class TestTOTPortalStock(stock_portal_tour.TestTOTPortal):
    def test_totp(self):
        self.skipTest(
            "intended change: disabling two-factor authentication on /my/security "
            "asks a confirmation first (README, Read-only portal: 'disabling it "
            "asks a confirmation first', static/src/js/totp_disable_confirm.js); "
            "stock's tour expects the password dialog at once"
        )


@rerun(stock_mail_signup.TestAuthSignupFlowWith2faEnforced)
class TestAuthSignupFlowWith2faEnforcedStock(
    StockFixturePasswordsMixin, stock_mail_signup.TestAuthSignupFlowWith2faEnforced
):
    def test_signup_with_2fa_enforced(self):
        self.skipTest(
            "intended change: stock's test signs up with 'mypassword', one of the "
            "common passwords the addon refuses at signup (README, Customers: "
            "'a length and common-password policy applied wherever a password is "
            "set (invitation signup, ...)')"
        )


@rerun(stock_mail_notify.TestNotifySecurityUpdateTotp)
class TestNotifySecurityUpdateTotpStock(stock_mail_notify.TestNotifySecurityUpdateTotp):
    pass


@rerun(stock_mail_totp.TestTOTPMail)
class TestTOTPMailStock(stock_mail_totp.TestTOTPMail):
    pass


@rerun(stock_mail_totp.TestTOTPInvite)
class TestTOTPInviteStock(stock_mail_totp.TestTOTPInvite):
    pass
