# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Portal Access Extended",
    "summary": "Complete, safe and fast customer portal access: bulk grant/revoke, "
    "expiry, audit, read-only documents, 2FA recovery codes",
    "version": "19.0.1.2.0",
    "category": "Extra Tools",
    "license": "LGPL-3",
    "author": "portal_access_ext maintainers",
    "development_status": "Beta",
    "depends": [
        "mail",
        "portal",
        "auth_signup",
        "auth_totp_portal",
        "auth_totp_mail",
        "auth_passkey_portal",
        "auth_password_policy_portal",
        "auth_password_policy_signup",
        "payment",
    ],
    "external_dependencies": {
        "python": ["passlib", "zxcvbn"],
    },
    "data": [
        # security
        "security/portal_access_ext_security.xml",
        "security/portal_access_manager_security.xml",
        "security/portal_rollout_job_security.xml",
        "security/ir.model.access.csv",
        # data
        "data/ir_config_parameter_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "data/portal_document_category_data.xml",
        "data/ir_cron_access_review.xml",
        "data/mail_template_access_digest.xml",
        "data/ir_cron_portal_rollout.xml",
        # views
        "views/portal_access_log_views.xml",
        "views/res_users_views.xml",
        "views/res_partner_views.xml",
        "views/portal_document_category_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_document_templates.xml",
        "views/portal_account_templates.xml",
        "views/auth_totp_templates.xml",
        "views/payment_templates.xml",
        "views/portal_team_backend_views.xml",
        "views/portal_team_templates.xml",
        "views/portal_access_review_views.xml",
        "views/portal_sessions_templates.xml",
        "views/res_config_settings_access_review_views.xml",
        "views/portal_rollout_job_views.xml",
        # wizards
        "wizard/portal_wizard_views.xml",
        "wizard/portal_rollout_views.xml",
        # menus
        "views/portal_access_ext_menus.xml",
    ],
    "demo": [
        "demo/portal_access_ext_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "portal_access_ext/static/src/scss/portal_wizard.scss",
            "portal_access_ext/static/src/views/**/*",
        ],
        "web.assets_frontend": [
            "portal_access_ext/static/src/js/**/*",
            "portal_access_ext/static/src/scss/portal_team.scss",
        ],
        "web.assets_tests": [
            "portal_access_ext/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
    "application": False,
}
