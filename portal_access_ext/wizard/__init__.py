from . import portal_wizard
from . import portal_wizard_user
