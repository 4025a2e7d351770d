from odoo import models


class ResUsersApikeys(models.Model):
    _inherit = "res.users.apikeys"

    def _check_credentials(self, *, scope, key):
        # Every use of an API key passes here (XML-RPC and JSON-RPC through
        # res.users._check_credentials, JSON-2 through ir.http's bearer
        # authentication): a key made earlier does not outlive the access
        # policies of its user (expiry, required 2FA).
        uid = super()._check_credentials(scope=scope, key=key)
        if uid:
            self.env["res.users"].sudo().browse(uid)._portal_check_rpc_access()
        return uid
