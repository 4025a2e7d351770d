from . import portal_test_hook_mark
from . import portal_wizard_user
from . import res_users
