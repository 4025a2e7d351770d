"""How a stock test class is re-run with portal_access_ext installed.

Stock's ``at_install`` tests run while their module installs, before
portal_access_ext is loaded, so ``--test-enable`` on stock does not test
the addon's effect. Each class of this package subclasses a stock test
class and is decorated with :func:`rerun`, which re-tags it
``post_install`` (it runs once the whole registry, addon included, is
loaded) and tags it ``portal_access_ext_stock``.

Odoo's runner collects only the test methods a class defines itself (not
inherited ones), so :func:`rerun` copies the stock class's own test
methods onto the subclass: each stock test runs once, as on stock. A
method the subclass overrides (an intended change of the addon, skipped
with its reason) is left as the subclass wrote it. The stock test modules
are imported as modules, not their classes, so that no runner collects a
stock class a second time from here."""

from unittest.mock import patch

from odoo.modules.registry import Registry
from odoo.tests import tagged
from odoo.tests.common import get_db_name

STOCK_TAG = "portal_access_ext_stock"


def rerun(stock_class):
    """Class decorator: the decorated subclass of ``stock_class`` runs
    ``stock_class``'s own tests, ``post_install``."""

    def decorate(cls):
        if stock_class not in cls.__mro__:
            raise TypeError(f"{cls.__name__} does not subclass {stock_class.__name__}")
        for name, attr in vars(stock_class).items():
            if name.startswith("test") and callable(attr) and name not in vars(cls):
                setattr(cls, name, attr)
        return tagged("post_install", "-at_install", STOCK_TAG)(cls)

    return decorate


class StockFixturePasswordsMixin:
    """For stock classes whose fixtures create users with passwords the
    addon's policy refuses ("demo", "john1234", "testuser": README, Customers, "a
    length and common-password policy applied wherever a password is set",
    an intended change that fails their ``setUpClass``). So that the rest of
    such a class still runs, the policy accepts exactly those fixture
    passwords for the class's duration; every other password is checked as
    in production (a stock test that sets another refused password fails,
    and is skipped with its reason)."""

    @classmethod
    def _stock_fixture_passwords(cls):
        return {"demo", "john1234", "testuser"}

    @classmethod
    def setUpClass(cls):
        users_class = Registry(get_db_name())["res.users"]
        check = users_class._portal_check_password_policy
        allowed = cls._stock_fixture_passwords()

        def _portal_check_password_policy(self, password):
            if password in allowed:
                return None
            return check(self, password)

        cls.startClassPatcher(
            patch.object(
                users_class,
                "_portal_check_password_policy",
                _portal_check_password_policy,
            )
        )
        super().setUpClass()
