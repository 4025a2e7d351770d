# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Portal Access Extended: test hooks",
    "summary": "Test-only overrides of the portal wizard's extension points",
    "version": "19.0.1.0.0",
    "category": "Hidden",
    "license": "LGPL-3",
    "author": "portal_access_ext maintainers",
    "depends": ["portal_access_ext"],
    "data": ["security/ir.model.access.csv"],
    "installable": True,
    "auto_install": False,
    "application": False,
}
