import re
from fnmatch import fnmatchcase

from werkzeug.exceptions import NotFound

from odoo import api, models
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

# request methods that only read, unless the route is a known GET writer
_READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# an argument of a werkzeug rule: <name> or <converter:name> (or with options)
_RULE_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?(?P<name>\w+)>")


class IrHttp(models.AbstractModel):
    """Before every route: the read-only portal. Hidden categories do not
    exist, and every route that can change data is, for a read-only member,
    either one of the customer's allowed answers, a route that changes no
    portal document (or only through the model-layer guard), or refused.

    Routes are named by their rule in Odoo's routing map (fnmatch patterns),
    in three overridable lists; a route in none of them is refused too, and
    the suite walks the routing map to fail on it, so that a newly installed
    app never opens a hole silently (tests/test_readonly_routes.py)."""

    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        # the records of <model(...)> arguments before stock checks them (403
        # for a record the user may not read, 404 for a missing one), the ids
        # after (http_routing redirects to the URL the arguments build)
        if request.env.uid:
            cls._portal_dispatch_hidden_as_missing(rule, args, records=True)
        res = super()._pre_dispatch(rule, args)
        if request.env.uid:
            cls._portal_dispatch_hidden_as_missing(rule, args, records=False)
        cls._portal_check_readonly_portal(rule, args)
        return res

    @classmethod
    def _portal_readonly_allowed_routes(cls):
        """The customer's answers a read-only member may still give: pay,
        accept (sign) or decline a quotation, acknowledge a purchase order,
        post a message with its own new attachments, and its own account
        pages (details, addresses, security and 2FA, payment methods)."""
        return (
            # pay
            "/payment/*",
            "/invoice/transaction/*",
            "/my/orders/<int:order_id>/transaction",
            "/my/payment_method",
            # accept (sign) or decline a quotation
            "/my/orders/<int:order_id>/accept",
            "/my/orders/<int:order_id>/decline",
            # acknowledge a purchase order (GET ?acknowledge=1)
            "/my/purchase/<int:order_id>",
            # post a message with its own new (pending) attachments
            "/mail/message/post",
            "/mail/attachment/upload",  # pending only: controllers/mail.py
            "/mail/attachment/delete",  # pending only: controllers/mail.py
            "/portal/attachment/remove",  # stock removes pending ones only
            # the customer's own account
            "/my/account",
            "/my/address/submit",
            "/my/address/archive",
            "/my/security",
            "/my/security/sign_ins/end",
            "/my/deactivate_account",
            "/web/login/totp",
            "/auth/passkey/*",
            # shopping (website_sale): a new order of its own, never a change
            # of an existing document; reordering copies one into the cart
            "/shop",
            "/shop/page/*",
            "/shop/category/*",
            "/shop/<model*",
            "/shop/product/<model*",
            "/shop/cart*",
            "/shop/address*",
            "/shop/checkout",
            "/shop/confirmation",
            "/shop/payment*",
            "/shop/extra_info",
            "/shop/delivery_methods",
            "/shop/get_delivery_rate",
            "/shop/set_delivery_method",
            "/shop/update_address",
            "/shop/express*",
            "/shop/pricelist",
            "/shop/change_pricelist/*",
            "/shop/print",
            "/shop/products/recently_viewed_*",
            "/shop/save_shop_layout_mode",
            "/shop/compare*",
            "/shop/wishlist*",
            "/delivery/*",
            "/donation/*",
            "/website_sale/get_pickup_locations",
            "/website_sale/set_pickup_location",
            "/website_sale/product_configurator/*",
            "/my/orders/reorder",
        )

    @classmethod
    def _portal_readonly_neutral_routes(cls):
        """Routes that change no portal document for a read-only member:
        reads sent as POST, the session, discuss and the bus (chat channels
        are not portal documents), the user's own preferences, and the RPC
        entry points (every model call there passes the read-only guard of
        models/portal_document_category_rpc.py)."""
        return (
            # the portal's pages: they show documents, a POST there (a
            # search form) writes nothing
            "/my",
            "/my/home",
            "/my/invoices",
            "/my/invoices/page/<int:page>",
            "/my/invoices/<int:invoice_id>",
            "/my/invoices/overdue",
            "/my/orders",
            "/my/orders/page/<int:page>",
            "/my/orders/<int:order_id>",
            "/my/orders/<int:order_id>/download_edi",
            "/my/quotes",
            "/my/quotes/page/<int:page>",
            "/my/purchase",
            "/my/purchase/page/<int:page>",
            "/my/purchase/<int:order_id>/download_edi",
            "/my/rfq",
            "/my/rfq/page/<int:page>",
            "/my/projects",
            "/my/projects/page/<int:page>",
            "/my/projects/<int:project_id>",
            "/my/projects/<int:project_id>/page/<int:page>",
            "/my/projects/<int:project_id>/task/*",
            "/my/projects/<int:project_id>/project_sharing*",
            "/my/tasks",
            "/my/tasks/page/<int:page>",
            "/my/tasks/<int:task_id>",
            "/my/tasks/<task_id>/orders/invoices*",
            "/my/timesheets",
            "/my/timesheets/page/<int:page>",
            "/terms",
            "/web/partner/vcard",
            "/web_enterprise/partner/*",
            "/scoped_app*",
            "/web/manifest.scoped_app_manifest",
            # the RPC entry points, the session, discuss and the bus
            "/web/dataset/*",
            "/json/2/*",
            "/web/action/run",
            "/web/login_successful",
            "/web/signup",
            "/web/reset_password",
            "/web/domain/validate",
            "/web/model/get_definitions",
            "/bus/*",
            "/websocket*",
            "/discuss/*",
            "/chat/*",
            "/meet/*",
            "/mail/rtc/*",
            "/mail/guest/update_name",
            "/mail/action",
            "/mail/chatter_fetch",
            "/mail/thread/messages",
            "/mail/thread/recipients*",
            "/mail/read_subscription_data",
            "/mail/link_preview*",
            "/mail/message/translate",
            "/mail/message/update_content",  # _can_edit_message: controllers/mail.py
            "/mail/set_manual_im_status",
            "/mail/attachment/zip",
            "/mail/view",
            "/mail/unfollow",
            "/mail/message/<int:message_id>",
            "/mail/avatar/*",
            "/portal/chatter_init",
            "/report/download",
            "/rate/*",
            "/my/journal/<int:journal_id>/unsubscribe",
            "/digest/<int:digest_id>/unsubscribe*",
            "/calendar/*",
            "/sms/status",
            "/web/set_profiling",
            "/html_editor/link_preview_external",
            # the sign-in pages and auth_timeout's identity checks
            "/web/login",
            "/auth-timeout/*",
            # website: public pages and the visitor's own session settings
            "/sitemap.xml",
            "/gmc.xml",
            "/google_map",
            "/partners/*",
            "/website/lang/*",
            "/website/social/*",
            "/website/action/*",  # published server actions, public by design
            # website_crm_partner_assign's pages (its writing methods are
            # crm.lead's, refused by the RPC guard)
            "/my/leads*",
            "/my/opportunities*",
            "/my/lead/*",
            "/my/opportunity/*",
        )

    @classmethod
    def _portal_readonly_refused_routes(cls):
        """Routes that change a document (most with sudo after their own
        check) or that only internal users need: refused to read-only
        members."""
        return (
            # stock portal routes writing documents with sudo
            "/my/purchase/<int:order_id>/update",
            "/my/orders/<int:order_id>/update_line_dict",
            "/project_sharing/attachment/add_image",
            "/mail/attachment/update_thumbnail",
            "/mail/message/reaction",
            "/mail/thread/subscribe",
            "/mail/thread/unsubscribe",
            "/mail/partner/from_email",
            "/mail/update_is_internal",
            "/website/rating/comment",
            "/website/form/*",
            # the back office's own routes
            "/lead/*",
            "/product/*",
            "/sale/*",
            "/sale_pdf_quote_builder/*",
            "/html_editor/*",
            "/web_editor/*",
            "/web_unsplash/*",
            "/web/binary/upload_attachment",
            "/web/view/edit_custom",
            "/web/export/*",
            "/base_import/*",
            "/base_setup/*",
            "/account/*",
            "/digest/<int:digest_id>/set_periodicity",
            "/google_gmail/*",
            "/microsoft_outlook/*",
            "/hr/*",
            "/doc*",
            "/print/cv",
            "/spreadsheet/*",
            "/dashboard/share/*",
            # the website editor's and configurator's routes, following a
            # document from the website
            "/website/add*",
            "/website/save_xml",
            "/website/reset_template",
            "/website/theme_*",
            "/website/update_*",
            "/website/field/translation/update",
            "/website/get_alt_images",
            "/website/get_assets_editor_resources",
            "/website/google_font_metadata",
            "/website/configurator*",
            "/website_mail/follow",
            "/snippets/*",
            "/shop/config/*",
            "/shop/product/clear-images",
            "/shop/product/extra-media",
            "/shop/product/resequence-image",
        )

    @classmethod
    def _portal_readonly_get_writer_routes(cls):
        """Routes that change data on a GET: classified like a POST."""
        return (
            "/my/purchase/<int:order_id>",
            "/lead/*",
            "/mail/unfollow",
            "/rate/*",
            "/calendar/meeting/join",
            "/digest/<int:digest_id>/set_periodicity",
            "/my/journal/<int:journal_id>/unsubscribe",
            "/digest/<int:digest_id>/unsubscribe*",
        )

    @classmethod
    def _portal_classify_route(cls, rule_path):
        """'allowed', 'neutral', 'refused' or None (unclassified) for a
        read-only member, in that order of precedence."""
        for kind, patterns in (
            ("allowed", cls._portal_readonly_allowed_routes()),
            ("neutral", cls._portal_readonly_neutral_routes()),
            ("refused", cls._portal_readonly_refused_routes()),
        ):
            if any(fnmatchcase(rule_path, pattern) for pattern in patterns):
                return kind
        return None

    @classmethod
    def _portal_route_document_args(cls):
        """{rule pattern: (argument, model)} of the portal routes that would
        tell another customer's document from a missing one (stock answers
        403 for the first, 404 for the second): both answer 404."""
        return {
            "/my/projects/<int:project_id>/project_sharing*": (
                "project_id",
                "project.project",
            ),
        }

    @classmethod
    def _portal_check_route_documents(cls, rule, args):
        env = request.env
        if not env.user.share:
            return
        for pattern, (arg, model_name) in cls._portal_route_document_args().items():
            if model_name not in env or not fnmatchcase(rule.rule, pattern):
                continue
            record_id = args.get(arg)
            if not isinstance(record_id, int):
                continue
            try:
                env["portal.document.category"]._check_portal_rpc(
                    env[model_name].browse(record_id), "read"
                )
            except MissingError as error:
                raise NotFound() from error

    @classmethod
    def _portal_route_document_arg_models(cls):
        """{rule pattern: {argument: model}} of the document ids of portal
        routes that the categories' ``route`` does not name (a task under its
        project); override for another app's nested route."""
        return {
            "/my/projects/<int:project_id>/task/<int:task_id>*": {
                "task_id": "project.task",
            },
        }

    @api.model
    def _portal_route_document_models(self, rule):
        """{argument: model} of the documents a portal route (a werkzeug
        rule of the routing map) takes: the first argument after an available
        category's ``route`` (for ``/my/orders/<int:order_id>``, ``order_id``
        is a sale.order), a ``<model("…")>`` argument of a category's model,
        and ``_portal_route_document_arg_models``. A route an app adds under a
        category's route is covered without any change."""
        documents = {}
        rule_path = rule.rule
        categories = self.env["portal.document.category"]._get_available_categories()
        for category in categories:
            prefix = (category.route or "").rstrip("/") + "/"
            if prefix == "/" or not rule_path.startswith(prefix):
                continue
            match = _RULE_ARGUMENT.fullmatch(rule_path[len(prefix) :].split("/")[0])
            if match:
                documents[match["name"]] = category.model
        category_models = set(categories.mapped("model"))
        for name, converter in getattr(rule, "_converters", {}).items():
            if getattr(converter, "model", None) in category_models:
                documents[name] = converter.model
        for pattern, arguments in self._portal_route_document_arg_models().items():
            if fnmatchcase(rule_path, pattern):
                documents.update(arguments)
        return documents

    @classmethod
    def _portal_missing_document_id(cls, model_name):
        """The id a hidden document's route is dispatched with: one no record
        has (ids are positive)."""
        return -1

    @classmethod
    def _portal_dispatch_hidden_as_missing(cls, rule, args, records=False):
        """A document of the customer's company of a kind hidden from them is
        dispatched as a missing id: the route answers exactly what it answers
        for an id that does not exist (stock's redirect to /my, its 404...),
        with or without an access token, PDF and downloads alike. ``records``:
        the <model(...)> arguments (recordsets), else the ids."""
        env = request.env
        if not args:
            return
        Category = env["portal.document.category"]
        if Category._get_user_portal_key() is None:
            # internal users and the public user: nothing is hidden
            return
        documents = env["ir.http"]._portal_route_document_models(rule)
        for arg, model_name in documents.items():
            if model_name not in env:
                continue
            missing = cls._portal_missing_document_id(model_name)
            value = args.get(arg)
            if isinstance(value, models.BaseModel) != records:
                continue
            if records:
                # a <model("…")> argument: its records (not yet checked)
                hidden = {
                    id_
                    for id_ in value.ids
                    if Category._is_hidden_record(model_name, id_)
                }
                if hidden:
                    args[arg] = value.browse(
                        missing if id_ in hidden else id_ for id_ in value.ids
                    )
                continue
            # an <int:> argument, or an id taken as a string (sale_timesheet's
            # /my/tasks/<task_id>/orders/invoices)
            as_text = isinstance(value, str) and value.isascii() and value.isdigit()
            record_id = int(value) if as_text else value
            if Category._is_hidden_record(model_name, record_id):
                args[arg] = str(missing) if as_text else missing

    @classmethod
    def _portal_route_may_write(cls, rule, method):
        """Whether this request may change data: not on a read-only cursor,
        and either not a reading method or a known GET writer."""
        if rule.endpoint.routing.get("readonly") is True:
            return False
        if method not in _READING_METHODS:
            return True
        return any(
            fnmatchcase(rule.rule, pattern)
            for pattern in cls._portal_readonly_get_writer_routes()
        )

    @classmethod
    def _portal_check_readonly_portal(cls, rule, args):
        env = request.env
        if not env.uid:
            return
        Category = env["portal.document.category"]
        path = request.httprequest.path
        # The list pages of a kind hidden from this customer do not exist for
        # them (nor anything under them, where a missing id answers 404 too).
        if path.startswith("/my/") and Category._is_route_hidden(path):
            raise NotFound()
        cls._portal_check_route_documents(rule, args)
        readonly = Category._get_readonly_restrictions()[0]
        if not readonly or not cls._portal_route_may_write(
            rule, request.httprequest.method
        ):
            return
        if cls._portal_classify_route(rule.rule) not in ("allowed", "neutral"):
            raise AccessError(
                env._(
                    "Your portal access is read-only: you cannot change this "
                    "document."
                )
            )
