from odoo import models


class IrActionsReport(models.Model):
    """A portal user's report of documents that are not theirs answers like
    a report of missing documents: the ORM's MissingError (404 on
    ``/report/<converter>/<report>/<ids>``), before any rendering, where
    stock answers 403 for another customer's document and 500 for a missing
    one. The portal's own pages render their PDFs with sudo after their
    access check, and are not concerned."""

    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        self._portal_check_report_documents(report_ref, res_ids)
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    def _render_qweb_html(self, report_ref, docids, data=None):
        self._portal_check_report_documents(report_ref, docids)
        return super()._render_qweb_html(report_ref, docids, data=data)

    def _render_qweb_text(self, report_ref, docids, data=None):
        self._portal_check_report_documents(report_ref, docids)
        return super()._render_qweb_text(report_ref, docids, data=data)

    def _portal_check_report_documents(self, report_ref, res_ids):
        if self.env.su or not res_ids or not self.env.user.share:
            return
        report = self._get_report(report_ref)
        if not report or report.model not in self.env:
            return
        ids = [res_ids] if isinstance(res_ids, int) else list(res_ids)
        self.env["portal.document.category"]._check_portal_rpc(
            self.env[report.model].browse(ids), "read"
        )
