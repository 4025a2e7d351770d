from . import test_install
from . import test_security_enumeration
from . import test_module_lifecycle
from . import test_security_csrf
from . import test_security_signup_tokens
from . import test_packaging
