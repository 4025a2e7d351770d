from . import portal_wizard
from . import portal_wizard_user
from . import portal_wizard_access_manager
from . import portal_wizard_user_customer_admin
from . import portal_wizard_user_readonly
from . import portal_rollout
