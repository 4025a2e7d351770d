from odoo import api, models


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
    def _get_allowed_models(self, mode="read"):
        # Not cached per user here: stock's result (super) already is, and a
        # second per-user copy of the set doubled the memory each portal user
        # costs a worker. The restrictions are cached per (read-only, visible
        # categories); users without any keep stock's own set, unchanged.
        allowed = super()._get_allowed_models(mode)
        Category = self.env["portal.document.category"]
        _readonly, locked, hidden, _rules = Category._get_readonly_restrictions()
        removed = hidden if mode == "read" else locked
        return allowed - removed if removed & allowed else allowed
