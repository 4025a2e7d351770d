"""Every route of the routing map that can change data is classified for the
read-only portal, and the stock routes that write with sudo are refused."""

import base64
import threading

from odoo.http import Request
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .readonly_common import ReadonlyPortalMixin
from .security_cases import SecurityCaseMixin

PASSWORD = "ro.portal.a@example.com-Pass-1234!"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PORTAL_AUTH = ("user", "public", "bearer")


@tagged("post_install", "-at_install", "security_writes")
class TestReadonlyRoutes(SecurityCaseMixin, ReadonlyPortalMixin, HttpCase):
    security_family = "Writes"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_readonly_portal()

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_a.login, PASSWORD)

    def test_every_writing_route_is_classified(self):
        """Test that every route a portal user reaches that may write is allowed, neutral or refused by name."""
        IrHttp = self.env["ir.http"]
        unclassified = []
        walked = 0
        # the routing map is built for the thread's database, as in a request
        thread = threading.current_thread()
        thread.dbname = self.env.cr.dbname
        self.addCleanup(delattr, thread, "dbname")
        for rule in IrHttp.routing_map().iter_rules():
            routing = rule.endpoint.routing
            if routing.get("auth") not in PORTAL_AUTH:
                continue
            if routing.get("readonly") is True:
                continue  # a read-only cursor: nothing can be written
            walked += 1
            if IrHttp._portal_classify_route(rule.rule) is None:
                unclassified.append(rule.rule)
        self.assertGreater(walked, 50, "the routing map was not walked")
        self.assertFalse(
            unclassified,
            "routes a read-only portal user reaches with no classification "
            "(ir.http._portal_readonly_*_routes): " + ", ".join(sorted(unclassified)),
        )

    def _posted_attachment(self, record):
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": "proof.png",
                    "raw": PNG,
                    "res_model": record._name,
                    "res_id": record.id,
                }
            )
        )
        record.message_post(
            body="Here is the proof",
            attachment_ids=attachment.ids,
            author_id=self.user_a.partner_id.id,
            message_type="comment",
        )
        return attachment

    def test_attachment_of_posted_message_not_deleted(self):
        """Test that /mail/attachment/delete keeps an attachment of a posted message of a read-only member's document."""
        for xmlid, _category, doc_a, _doc_b in self._installed_categories():
            if not hasattr(doc_a, "message_post"):
                continue
            attachment = self._posted_attachment(doc_a)
            with self.subTest(category=xmlid):
                with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
                    self.make_jsonrpc_request(
                        "/mail/attachment/delete",
                        {
                            "attachment_id": attachment.id,
                            "access_token": attachment._get_ownership_token(),
                        },
                    )
                self.assertBlocked(
                    attachment.exists(),
                    f"{xmlid}: a posted attachment was deleted",
                )

    def test_pending_attachment_still_removed(self):
        """Test that a read-only member still removes a file it attached to a message not posted yet."""
        order = self.docs_a["order"]
        answer = self._upload(order, is_pending="true")
        self.assertEqual(answer.status_code, 200, answer.text[:1000])
        attachment_id = answer.json()["data"]["attachment_id"]
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(attachment.res_model, "mail.compose.message")
        self.make_jsonrpc_request(
            "/mail/attachment/delete",
            {
                "attachment_id": attachment_id,
                "access_token": attachment.sudo()._get_ownership_token(),
            },
        )
        self.assertFalse(attachment.exists())

    def _upload(self, record, **extra):
        return self.url_open(
            "/mail/attachment/upload",
            data={
                "csrf_token": Request.csrf_token(self),
                "thread_id": record.id,
                "thread_model": record._name,
                # the portal chatter's proof of access, as the page sends it
                **(
                    {"token": record._portal_ensure_token()}
                    if hasattr(record, "_portal_ensure_token")
                    else {}
                ),
                **extra,
            },
            files={"ufile": ("proof.png", PNG, "image/png")},
        )

    @mute_logger("odoo.http")
    def test_upload_straight_to_document_refused(self):
        """Test that /mail/attachment/upload without is_pending attaches nothing to a read-only member's document."""
        Attachment = self.env["ir.attachment"].sudo()
        for xmlid, _category, doc_a, _doc_b in self._installed_categories():
            if not hasattr(doc_a, "message_post"):
                continue
            domain = [("res_model", "=", doc_a._name), ("res_id", "=", doc_a.id)]
            before = Attachment.search_count(domain)
            with self.subTest(category=xmlid):
                answer = self._upload(doc_a)
                self.assertBlocked(
                    answer.status_code == 403
                    and Attachment.search_count(domain) == before,
                    f"{xmlid}: upload answered {answer.status_code} {answer.text[:200]}",
                )

    @mute_logger("odoo.http")
    def test_project_sharing_add_image_refused(self):
        """Test that /project_sharing/attachment/add_image attaches nothing to a read-only member's task."""
        task = self.docs_a.get("task")
        if not task:
            self.skipTest("project is not installed")
        Attachment = self.env["ir.attachment"].sudo()
        domain = [("res_model", "=", "project.task"), ("res_id", "=", task.id)]
        before = Attachment.search_count(domain)
        answer = self.url_open(
            "/project_sharing/attachment/add_image",
            data={
                "csrf_token": Request.csrf_token(self),
                "name": "image.png",
                "data": base64.b64encode(PNG).decode(),
                "res_id": task.id,
                "access_token": task._portal_ensure_token(),
            },
        )
        self.assertBlocked(
            answer.status_code == 403 and Attachment.search_count(domain) == before,
            f"add_image answered {answer.status_code} {answer.text[:200]}",
        )

    def test_allowed_answers_still_given(self):
        """Test that a read-only member still declines a quotation and acknowledges a purchase order."""
        quotation = self.docs_a["quotation"]
        quotation.require_signature = True
        answer = self.url_open(
            f"/my/orders/{quotation.id}/decline",
            data={
                "csrf_token": Request.csrf_token(self),
                "access_token": quotation.access_token,
                "decline_message": "Too expensive",
            },
        )
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(quotation.state, "cancel")
        purchase = self.docs_a.get("purchase")
        if purchase:
            self.url_open(f"/my/purchase/{purchase.id}?acknowledge=1")
            self.assertTrue(purchase.acknowledged)
