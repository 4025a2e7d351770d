# Admin side: access lifecycle, login changes, audit trail.
from . import portal_access_log
from . import res_users
from . import res_users_login
from . import res_users_access_expiry
from . import res_users_access_review
from . import mail_mail
from . import ir_qweb_compile_memo
from . import res_users_portal_readonly
from . import portal_access_log_readonly
from . import res_users_portal_invite_error

# Read-only portal: document categories and their enforcement.
from . import portal_document_category
from . import portal_document_category_rpc
from . import portal_document_category_sharing
from . import res_partner
from . import res_partner_portal_input
from . import ir_model_access
from . import ir_rule
from . import ir_http
from . import ir_http_bad_input
from . import ir_http_portal_companies
from . import ir_actions_report
from . import mail_thread

# Customer side: account security.
from . import auth_totp_rate_limit_log
from . import res_users_identitycheck
from . import res_users_password_policy
from . import rpc_client_address
from . import res_users_throttle
from . import res_users_sign_in
from . import res_users_recovery_codes
from . import res_users_totp_policy
from . import res_users_apikeys
from . import res_users_sign_ins
from . import ir_http_totp_policy
from . import ir_http_translations
from . import auth_totp_recovery_code
from . import auth_totp_wizard

# Customer side: saved payment methods.
from . import payment_token

# Settings shared by all parts.
from . import res_config_settings

# Who may grant portal access.
from . import res_users_portal_access_manager
from . import res_groups_portal_access_manager

# Customer administrators: their team, the vendor's limits, approvals.
from . import res_partner_portal_team
from . import portal_access_request
from . import ir_http_portal_team
from . import res_config_settings_access_review

# Portal rollout from the contacts list: the background job.
from . import portal_rollout_job
from . import portal_access_log_rollout
