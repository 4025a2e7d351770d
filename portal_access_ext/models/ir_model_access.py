from odoo import api, models, tools


class IrModelAccess(models.Model):
    """Read-only portal: members of ``group_portal_readonly`` may not create,
    write or unlink any document of an available portal category, and may not
    read the models whose categories are all hidden from them.

    Done on the ACL level so that every entry point refuses alike: ORM,
    ``/web/dataset/call_kw``, XML-RPC and JSON-2 all go through ``check``.
    Only category models are touched: the portal's own RPC calls (2FA,
    passkeys, API keys, sessions) are on other models and keep working.
    """

    _inherit = "ir.model.access"

    @api.model
    @tools.ormcache(
        "self.env.uid",
        "mode",
        # visibility and read-only membership are part of the key: changing
        # them makes a new entry, no worker's cache is cleared
        "self.env['portal.document.category']._get_user_portal_key()",
    )
    def _get_allowed_models(self, mode="read"):
        allowed = super()._get_allowed_models(mode)
        Category = self.env["portal.document.category"]
        _readonly, locked, hidden, _rules = Category._get_readonly_restrictions()
        if mode == "read":
            return allowed - hidden if hidden else allowed
        return allowed - locked if locked else allowed
