# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Portal Access Extended: stock Odoo's tests",
    "summary": "Test-only: stock Odoo's portal, sign-up, 2FA and payment tests, "
    "re-run with portal_access_ext installed (make test-stock)",
    "version": "19.0.1.0.0",
    "category": "Hidden",
    "license": "LGPL-3",
    "author": "portal_access_ext maintainers",
    # The stock modules whose tests tests/ re-runs, so that their test
    # classes import and find their models.
    "depends": [
        "portal_access_ext",
        "mail",
        "portal",
        "auth_signup",
        "auth_totp",
        "auth_totp_portal",
        "auth_totp_mail",
        "auth_passkey",
        "auth_passkey_portal",
        "auth_password_policy_portal",
        "payment",
        "payment_demo",
        "account_payment",
        "sale_management",
        "purchase",
        "project",
        "hr_timesheet",
    ],
    "data": [],
    "installable": True,
    "auto_install": False,
    "application": False,
}
