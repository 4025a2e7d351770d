# Read-only portal: dashboard counters and document routes.
from . import portal
from . import mail
from . import thread_hidden
from . import dataset

# Customer side: details, security, 2FA login step, payment methods.
from . import portal_account
from . import home
from . import login_lang
from . import security
from . import portal_sessions
from . import deactivate_account
from . import payment

# Security: answers that do not tell which accounts exist.
from . import auth_signup

# Customer administrators: the team page.
from . import portal_team
