"""Compile a raw QWeb source once per batch of invitations.

mail's ``_render_template_qweb`` renders a template body once per record from
a fresh etree of its source, and ``ir.qweb._compile`` caches compilations of
views only, never of an etree: for 10,000 invitations the same body was
compiled 10,000 times (two thirds of the invitation job's time). While the
invitation job runs (``compile_memo``), a compiled etree is kept for the
transaction under its source and the same context keys as stock's cache of
views, so that what is reused is exactly what stock would compile again."""

from contextlib import contextmanager

from lxml import etree

from odoo import models

MEMO_KEY = "portal_access_ext.qweb_compile_memo"


@contextmanager
def compile_memo(cr):
    """Inside the block, ``ir.qweb`` compiles each raw source once."""
    cr.cache[MEMO_KEY] = {}
    try:
        yield
    finally:
        cr.cache.pop(MEMO_KEY, None)


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _compile(self, template):
        memo = self.env.cr.cache.get(MEMO_KEY)
        if memo is None or not isinstance(template, etree._Element):
            return super()._compile(template)
        context = self.env.context
        key = (
            etree.tostring(template),
            tuple(context.get(k) or False for k in self._get_template_cache_keys()),
            context.get("raise_on_forbidden_code_for_model"),
        )
        if key not in memo:
            memo[key] = super()._compile(template)
        return memo[key]
