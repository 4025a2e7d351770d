from . import test_portal_stock
from . import test_mail_stock
from . import test_auth_signup_stock
from . import test_auth_totp_stock
from . import test_auth_passkey_stock
from . import test_payment_stock
from . import test_sale_purchase_account_stock
from . import test_project_stock
