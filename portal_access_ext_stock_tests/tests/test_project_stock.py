"""Stock project's access and portal tests, and hr_timesheet's portal
tests, run with the addon installed. (Project sharing's own tests are also
run by portal_access_ext/tests/test_project_sharing_stock.py under
`make test`; here they run under Odoo's own runner.)"""

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

from .common import rerun


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
    pass


@rerun(stock_access.TestAccessRightsInvitedUsers)
class TestAccessRightsInvitedUsersStock(stock_access.TestAccessRightsInvitedUsers):
    pass


@rerun(stock_portal.TestPortalProject)
class TestPortalProjectStock(stock_portal.TestPortalProject):
    pass


@rerun(stock_sharing.TestProjectSharing)
class TestProjectSharingStock(stock_sharing.TestProjectSharing):
    pass


@rerun(stock_sharing_access.TestProjectSharingPortalAccess)
class TestProjectSharingPortalAccessStock(
    stock_sharing_access.TestProjectSharingPortalAccess
):
    pass


@rerun(stock_sharing_access.TestProjectSharingChatterAccess)
class TestProjectSharingChatterAccessStock(
    stock_sharing_access.TestProjectSharingChatterAccess
):
    pass


@rerun(stock_sharing_ui.TestProjectSharingUi)
class TestProjectSharingUiStock(stock_sharing_ui.TestProjectSharingUi):
    pass


@rerun(stock_update_access.TestProjectUpdateAccessRights)
class TestProjectUpdateAccessRightsStock(
    stock_update_access.TestProjectUpdateAccessRights
):
    pass


@rerun(stock_timesheet.TestPortalTimesheet)
class TestPortalTimesheetStock(stock_timesheet.TestPortalTimesheet):
    pass
