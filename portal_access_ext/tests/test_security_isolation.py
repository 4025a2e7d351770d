import base64
import json
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, mute_logger

from . import entry_points
from .readonly_common import ReadonlyPortalMixin
from .security_cases import SecurityCaseMixin

PASSWORD = "ro.portal.a@example.com-Pass-1234!"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
SEARCH_METHODS = (
    "search_read",
    "web_search_read",
    "read_group",
    "name_search",
    "search_count",
)


def _normalise(text, ids):
    """The parts of an answer that may differ without telling anything: ids, tokens."""
    for record_id in ids:
        text = re.sub(rf"\b{record_id}\b", "<id>", text)
    text = re.sub(r'name="csrf_token" value="[^"]+"', "", text)
    return re.sub(r"access_token=[\w-]+", "access_token=<t>", text)


def _with_token(url, token):
    """The URL with its access_token replaced by `token` (or removed)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "access_token"]
    if token:
        query.append(("access_token", token))
    return urlunsplit(parts._replace(query=urlencode(query)))


@tagged("post_install", "-at_install", "security_isolation")
class TestCustomerIsolation(SecurityCaseMixin, ReadonlyPortalMixin, HttpCase):
    """Customer A never gets B's data, and B's document answers like a missing one."""

    security_family = "Isolation"
    # the protocols of tests/entry_points.py this family runs over
    entry_points = entry_points.ENTRY_POINTS

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_readonly_portal()

    def setUp(self):
        super().setUp()
        self.authenticate(self.user_a.login, PASSWORD)

    def _missing_id(self, record):
        self.env.cr.execute(
            SQL(
                "SELECT COALESCE(MAX(id), 0) + 1000 FROM %s",
                SQL.identifier(record._table),
            )
        )
        return self.env.cr.fetchone()[0]

    def _rpc_error(self, answer):
        error = answer.get("error") or {}
        return (error.get("data") or {}).get("name"), (error.get("data") or {}).get(
            "message"
        )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
    def test_rpc_reads(self):
        """Test that RPC reads never return B's document and answer it like a missing id."""
        for xmlid, _category, doc_a, doc_b in self._installed_categories():
            missing = self._missing_id(doc_b)
            with self.subTest(category=xmlid):
                got_b = self._rpc(doc_b._name, "read", [[doc_b.id], ["display_name"]])
                got_missing = self._rpc(
                    doc_b._name, "read", [[missing], ["display_name"]]
                )
                err_b, err_missing = (
                    self._rpc_error(got_b),
                    self._rpc_error(got_missing),
                )
                self.assertBlocked(
                    "result" not in got_b
                    and err_b[0] == err_missing[0]
                    and _normalise(err_b[1] or "", [doc_b.id, missing])
                    == _normalise(err_missing[1] or "", [doc_b.id, missing]),
                    f"{xmlid}: read of B's document {err_b} differs from a missing id {err_missing}",
                    entry_point="call_kw",
                )
                domain = [("id", "in", [doc_a.id, doc_b.id])]
                for method in SEARCH_METHODS:
                    args, kwargs = {
                        "search_read": ([domain, ["id"]], {}),
                        "web_search_read": ([domain, {"id": {}}], {}),
                        "read_group": ([domain, ["id:count"], []], {"lazy": False}),
                        "name_search": (
                            [],
                            {"name": "", "domain": domain, "limit": 100},
                        ),
                        "search_count": ([domain], {}),
                    }[method]
                    answer = self._rpc(doc_b._name, method, args, kwargs)
                    result = json.dumps(answer.get("result"))
                    leaked = (
                        re.search(rf"\b{doc_b.id}\b", result)
                        if method not in ("read_group", "search_count")
                        else None
                    )
                    if method in ("read_group", "search_count"):
                        count = answer.get("result")
                        count = (
                            count[0]["__count"]
                            if method == "read_group" and count
                            else count
                        )
                        leaked = "error" not in answer and count not in (0, 1)
                    self.assertBlocked(
                        not leaked,
                        f"{xmlid}: {method} returned B's document: {result[:300]}",
                        entry_point="call_kw",
                    )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_rpc_other_customer_like_missing(self):
        """Test that read, write and message_subscribe on B's document answer like a missing id, per entry point."""
        user = entry_points.rpc_user(self.env, self.user_a, PASSWORD, api_key=True)
        for xmlid, _category, _doc_a, doc_b in self._installed_categories():
            missing = self._missing_id(doc_b)
            for method, kwargs in (
                ("read", {"fields": ["display_name"]}),
                ("write", {"vals": {"display_name": "x"}}),
                ("message_subscribe", {"partner_ids": self.contact_a.ids}),
            ):
                for entry_point in self.entry_points:
                    with self.subTest(category=xmlid, method=method, via=entry_point):
                        got_b, got_missing = (
                            entry_points.call(
                                self,
                                entry_point,
                                user,
                                doc_b._name,
                                method,
                                [[record_id]],
                                kwargs,
                            )
                            for record_id in (doc_b.id, missing)
                        )
                        self.assertBlocked(
                            entry_points.same_answer(
                                got_b, got_missing, [doc_b.id, missing]
                            )
                            and not got_b.result,
                            f"{xmlid}: {entry_point} {method} of B's document {got_b} "
                            f"differs from a missing id's {got_missing}",
                            entry_point=entry_point,
                        )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_rpc_other_customer_like_missing_in_french(self):
        """Test that B's document answers like a missing id in French too, per entry point."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["base", "portal_access_ext"], ["fr_FR"]
        )
        self.user_a.lang = "fr_FR"
        user = entry_points.rpc_user(self.env, self.user_a, PASSWORD, api_key=True)
        xmlid, _category, _doc_a, doc_b = next(iter(self._installed_categories()))
        missing = self._missing_id(doc_b)
        for entry_point in self.entry_points:
            with self.subTest(category=xmlid, via=entry_point):
                got_b, got_missing = (
                    entry_points.call(
                        self,
                        entry_point,
                        user,
                        doc_b._name,
                        "read",
                        [[record_id]],
                        {"fields": ["display_name"], "context": {"lang": "fr_FR"}},
                    )
                    for record_id in (doc_b.id, missing)
                )
                self.assertBlocked(
                    entry_points.same_answer(got_b, got_missing, [doc_b.id, missing])
                    and not got_b.result,
                    f"{xmlid}: {entry_point} read of B's document in French {got_b} "
                    f"differs from a missing id's {got_missing}",
                    entry_point=entry_point,
                )
                if got_missing.message:
                    self.assertIn("Enregistrement inexistant", got_missing.message)

    @mute_logger("odoo.http")
    def test_portal_pages_and_reports(self):
        """Test that B's portal page and PDF answer exactly like a missing document's, token or not."""
        for xmlid, _category, doc_a, doc_b in self._installed_categories():
            if not hasattr(doc_b, "get_portal_url"):
                continue
            missing = doc_b.browse(self._missing_id(doc_b))
            # control: the same kind of URL opens A's own document, so the
            # URLs below are real pages, not typos that 404 for everyone
            own = self.url_open(
                _with_token(doc_a.get_portal_url(), None), allow_redirects=False
            )
            self.assertEqual(
                own.status_code,
                200,
                f"{xmlid}: A's own document {doc_a.get_portal_url()}",
            )
            for report_type, token in (
                (None, None),
                ("pdf", None),
                (None, "not-the-token"),
                ("pdf", "not-the-token"),
            ):
                # get_portal_url embeds the document's real token, a share link
                # valid by design: drop it, then maybe add a wrong one
                url_b = _with_token(
                    doc_b.get_portal_url(report_type=report_type), token
                )
                url_missing = url_b.replace(f"/{doc_b.id}", f"/{missing.id}", 1)
                with self.subTest(category=xmlid, url=url_b):
                    res_b = self.url_open(url_b, allow_redirects=False)
                    res_missing = self.url_open(url_missing, allow_redirects=False)
                    ids = [doc_b.id, missing.id]
                    same = (
                        res_b.status_code == res_missing.status_code
                        and _normalise(res_b.headers.get("Location", ""), ids)
                        == _normalise(res_missing.headers.get("Location", ""), ids)
                        and res_b.status_code != 200
                    )
                    self.assertBlocked(
                        same,
                        f"{xmlid}: {url_b} answered {res_b.status_code} {res_b.headers.get('Location')}, "
                        f"a missing id {res_missing.status_code} {res_missing.headers.get('Location')}",
                    )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_backend_routes_other_customer_like_missing(self):
        """Test that /report/<converter> and the project sharing page answer B's document like a missing one (404)."""
        reports = {
            "sale.order": "sale.report_saleorder",
            "account.move": "account.report_invoice",
            "purchase.order": "purchase.report_purchaseorder",
        }
        urls = []
        for xmlid, _category, _doc_a, doc_b in self._installed_categories():
            if doc_b._name in reports:
                for converter in ("pdf", "html"):
                    urls.append(
                        (
                            xmlid,
                            f"/report/{converter}/{reports[doc_b._name]}/{{}}",
                            doc_b,
                        )
                    )
            if doc_b._name == "project.project":
                urls.append((xmlid, "/my/projects/{}/project_sharing", doc_b))
        self.assertTrue(urls, "no report or project installed")
        for xmlid, url, doc_b in urls:
            missing = self._missing_id(doc_b)
            with self.subTest(category=xmlid, url=url):
                res_b = self.url_open(url.format(doc_b.id), allow_redirects=False)
                res_missing = self.url_open(url.format(missing), allow_redirects=False)
                self.assertBlocked(
                    res_b.status_code == res_missing.status_code == 404,
                    f"{xmlid}: {url} answered {res_b.status_code} for B's document, "
                    f"{res_missing.status_code} for a missing one",
                )

    @mute_logger("odoo.http")
    def test_attachment_routes(self):
        """Test that /web/content and /web/image on B's document's attachment answer like a missing one."""
        for xmlid, _category, _doc_a, doc_b in self._installed_categories():
            attachment = self.env["ir.attachment"].create(
                {
                    "name": f"{xmlid}.png",
                    "raw": PNG,
                    "res_model": doc_b._name,
                    "res_id": doc_b.id,
                    "mimetype": "image/png",
                }
            )
            missing = attachment.id + 100000
            for route in (
                "/web/content/{}?download=true",
                "/web/image/{}",
                "/web/content/ir.attachment/{}/datas",
            ):
                with self.subTest(category=xmlid, route=route):
                    res_b = self.url_open(
                        route.format(attachment.id), allow_redirects=False
                    )
                    res_missing = self.url_open(
                        route.format(missing), allow_redirects=False
                    )
                    self.assertBlocked(
                        res_b.status_code == res_missing.status_code
                        and PNG not in res_b.content,
                        f"{xmlid}: {route} gave {res_b.status_code} for B's attachment, {res_missing.status_code} for a missing one",
                    )
