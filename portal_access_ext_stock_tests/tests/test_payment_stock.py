"""Stock payment and account_payment tests, run with the addon installed."""

from odoo.addons.account_payment.tests import (
    test_account_payment as stock_account_payment,
)
from odoo.addons.account_payment.tests import test_payment_flows as stock_ap_flows
from odoo.addons.account_payment.tests import test_payment_provider as stock_ap_provider
from odoo.addons.payment.tests import test_flows as stock_flows
from odoo.addons.payment.tests import test_multicompany_flows as stock_mc_flows
from odoo.addons.payment.tests import test_payment_capture_wizard as stock_capture
from odoo.addons.payment.tests import test_payment_method as stock_method
from odoo.addons.payment.tests import test_payment_provider as stock_provider
from odoo.addons.payment.tests import test_payment_token as stock_token
from odoo.addons.payment.tests import test_payment_transaction as stock_transaction
from odoo.addons.payment.tests import test_res_company as stock_company

from .common import rerun


@rerun(stock_flows.TestFlows)
class TestFlowsStock(stock_flows.TestFlows):
    pass


@rerun(stock_mc_flows.TestMultiCompanyFlows)
class TestMultiCompanyFlowsStock(stock_mc_flows.TestMultiCompanyFlows):
    pass


@rerun(stock_capture.TestPaymentCaptureWizard)
class TestPaymentCaptureWizardStock(stock_capture.TestPaymentCaptureWizard):
    pass


@rerun(stock_method.TestPaymentMethod)
class TestPaymentMethodStock(stock_method.TestPaymentMethod):
    pass


@rerun(stock_provider.TestPaymentProvider)
class TestPaymentProviderStock(stock_provider.TestPaymentProvider):
    pass


@rerun(stock_token.TestPaymentToken)
class TestPaymentTokenStock(stock_token.TestPaymentToken):
    pass


@rerun(stock_transaction.TestPaymentTransaction)
class TestPaymentTransactionStock(stock_transaction.TestPaymentTransaction):
    pass


@rerun(stock_company.TestResCompany)
class TestResCompanyStock(stock_company.TestResCompany):
    pass


@rerun(stock_account_payment.TestAccountPayment)
class TestAccountPaymentStock(stock_account_payment.TestAccountPayment):
    pass


@rerun(stock_ap_flows.TestFlows)
class TestAccountPaymentFlowsStock(stock_ap_flows.TestFlows):
    pass


@rerun(stock_ap_provider.TestPaymentProvider)
class TestAccountPaymentProviderStock(stock_ap_provider.TestPaymentProvider):
    pass
