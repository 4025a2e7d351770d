"""/my/team: the customer administrator's page. Every check is the model's
(models/res_partner_portal_team.py); this controller parses the forms and
translates the model's errors (a customer who is no administrator gets the
404 of a missing page)."""

from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.fields import Domain
from odoo.http import request, route

from odoo.addons.portal.controllers import portal

from ..models.portal_date import to_whole_date
from .portal_account import _is_record_id


class CustomerPortalTeam(portal.CustomerPortal):
    # contacts the invitation form offers at once: the others are found with
    # its search box (a company may have thousands of contacts)
    _portal_team_contact_limit = 20
    # longest text the search box of the invitation form takes
    _portal_team_contact_search_size = 100

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "portal_team_count" in counters:
            try:
                company = request.env.user._portal_team_company()
            except AccessError:
                values["portal_team_count"] = 0
            else:
                values["portal_team_count"] = (
                    request.env["res.partner"]
                    .sudo()
                    .search_count(company._portal_team_members_domain())
                )
        return values

    @route(
        ["/my/team", "/my/team/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
        readonly=True,
    )
    def portal_my_team(self, page=1, done=None, contact=None, **kw):
        company = self._portal_team_company_or_404()
        error = self._portal_team_contact_search_error(contact)
        values = self._prepare_portal_team_values(
            company,
            error=error,
            done=done,
            page=page,
            contact_search=None if error else contact,
        )
        response = request.render("portal_access_ext.portal_my_team", values)
        if error:
            response.status_code = 400
        return response

    @route("/my/team/invite", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_team_invite(self, **post):
        company = self._portal_team_company_or_404()
        values = {
            "name": post.get("name") or None,
            "email": post.get("email") or None,
            "customer_admin": bool(post.get("customer_admin")),
        }
        problems = []
        # a whole date or nothing: told next to the field
        field_errors = {}
        try:
            values["expiry_date"] = to_whole_date(post.get("expiry_date"))
        except ValueError:
            field_errors["expiry_date"] = request.env._("Invalid date.")
        partner_id = post.get("partner_id")
        if partner_id:
            if _is_record_id(partner_id):
                values["partner_id"] = int(partner_id)
            else:
                problems.append(request.env._("Unknown contact."))
        category_ids = request.httprequest.form.getlist("category_ids")
        if category_ids:
            if all(_is_record_id(cid) for cid in category_ids):
                values["category_ids"] = [int(cid) for cid in category_ids]
            else:
                field_errors["category_ids"] = request.env._(
                    "Unknown kind of documents."
                )
        kind_error = self._portal_team_category_error(company, values)
        if kind_error:
            field_errors["category_ids"] = kind_error
        if problems or field_errors:
            return self._portal_team_refused(
                company, "\n".join(problems), field_errors=field_errors
            )
        return self._portal_team_run(
            company, lambda user: user._portal_team_invite(values)
        )

    @route(
        "/my/team/<int:partner_id>/<string:action>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_team_member(self, partner_id, action, expiry_date=None, **post):
        company = self._portal_team_company_or_404()
        expiry = False
        actions = {
            "reinvite": lambda user: user._portal_team_reinvite(partner_id),
            "revoke": lambda user: user._portal_team_revoke(partner_id),
            "expiry": lambda user: user._portal_team_set_expiry(partner_id, expiry),
        }
        if action not in actions:
            raise NotFound()
        if action == "expiry":
            # a whole date or nothing: told next to the row's field
            try:
                expiry = to_whole_date(expiry_date)
            except ValueError:
                return self._portal_team_refused(
                    company,
                    None,
                    expiry_errors={partner_id: request.env._("Invalid date.")},
                )
        return self._portal_team_run(company, actions[action], done=action)

    def _portal_team_category_error(self, company, values):
        """The message told next to the kinds field when the kinds asked for
        are beyond what the administrator may grant (None when they are
        not): the model's own check and words, which the invitation runs
        again whatever the entry point."""
        if "category_ids" not in values:
            return None
        problems = []
        request.env.user._portal_team_categories(
            company, values["category_ids"], problems
        )
        return "\n".join(problems) or None

    def _portal_team_company_or_404(self):
        try:
            return request.env.user._portal_team_company()
        except AccessError as error:
            raise NotFound() from error

    def _portal_team_run(self, company, action, done="invite"):
        try:
            result = action(request.env.user)
        except (UserError, AccessDenied) as error:
            return self._portal_team_error(company, str(error.args[0]))
        return request.redirect(f"/my/team?done={result or done}")

    def _portal_team_refused(self, company, error, **errors):
        """A form refused here, before the model sees it (a value not of its
        kind, kinds beyond the bound): it counts against the administrator's
        throttle like the model's own refusals (every action counts,
        successful or not); a lockout is told instead of the form's errors."""
        try:
            request.env.user._portal_team_start()
        except (UserError, AccessDenied) as lockout:
            return self._portal_team_error(company, str(lockout.args[0]))
        return self._portal_team_error(company, error, **errors)

    def _portal_team_error(self, company, error, field_errors=None, expiry_errors=None):
        """The Team page with ``error`` above it, ``field_errors`` ({field
        name: message}) next to the invitation form's fields and
        ``expiry_errors`` ({contact id: message}) next to a row's expiry date."""
        values = self._prepare_portal_team_values(company, error=error or None)
        values["team_field_errors"] = field_errors or {}
        values["team_expiry_errors"] = expiry_errors or {}
        response = request.render("portal_access_ext.portal_my_team", values)
        response.status_code = 400
        return response

    def _portal_team_status_classes(self):
        """{portal status: classes of its badge on the Team page}."""
        return {
            "pending": "text-bg-warning",
            "refused": "text-bg-danger",
            "portal": "text-bg-success",
            "invited": "text-bg-primary",
            "revoked": "text-bg-secondary",
            "internal": "text-bg-dark",
            "none": "text-bg-light border",
        }

    def _portal_team_contact_search_error(self, search):
        """The message for a search text of the invitation form that cannot
        be searched (None when it can)."""
        if search is None:
            return None
        if not isinstance(search, str) or "\x00" in search:
            return request.env._("The search contains a character that is not allowed.")
        if len(search) > self._portal_team_contact_search_size:
            return request.env._(
                "The search is too long (at most %s characters).",
                self._portal_team_contact_search_size,
            )
        return None

    def _prepare_portal_team_values(
        self, company, error=None, done=None, page=1, contact_search=None
    ):
        """One page of the people of the company with their access: a fixed
        number of queries whatever the size of the company (a company may
        have thousands of contacts)."""
        env = request.env
        Partner = env["res.partner"].sudo()
        domain = company._portal_team_members_domain()
        pager = portal.pager(
            url="/my/team",
            total=Partner.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        members = company._portal_team_members(
            offset=pager["offset"], limit=self._items_per_page
        )
        users = company._portal_team_users(members)
        decisions = self._portal_team_last_requests(company, members)
        statuses = {
            "pending": env._("Waiting for approval"),
            "refused": env._("Refused by your vendor"),
            "portal": env._("Portal access"),
            "invited": env._("Invited"),
            "revoked": env._("Revoked"),
            "internal": env._("Internal user"),
            "none": env._("No access"),
        }
        rows = []
        for member in members:
            user = users.get(member.id)
            decision = decisions.get(member.id)
            if decision == "pending":
                status = "pending"
            elif user and user.active:
                status = (
                    "internal"
                    if not user.share
                    else ("portal" if user.login_date else "invited")
                )
            elif decision == "refused":
                status = "refused"
            else:
                status = "revoked" if user else "none"
            rows.append(
                {
                    "partner": member,
                    "user": user,
                    "status": status,
                    "status_label": statuses[status],
                    "is_self": member == env.user.partner_id,
                }
            )
        company_sudo = company.sudo()
        contact_search = (contact_search or "").strip()
        invitable = self._portal_team_invitable(
            company, contact_search, limit=self._portal_team_contact_limit + 1
        )
        messages = {
            "invited": env._("Your colleague was invited."),
            "pending": env._("Your invitation is waiting for your vendor's approval."),
            "reinvite": env._("The invitation was sent again."),
            "revoke": env._("The access was revoked."),
            "expiry": env._("The access end date was saved."),
        }
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "portal_team",
                "team_company": company_sudo,
                "team_rows": rows,
                "team_invitable": invitable[: self._portal_team_contact_limit],
                "team_invitable_more": len(invitable) > self._portal_team_contact_limit,
                "team_status_classes": self._portal_team_status_classes(),
                "team_contact_search": contact_search,
                "team_contact_search_size": self._portal_team_contact_search_size,
                "pager": pager,
                "team_categories": env.user._portal_team_grantable_categories(company),
                "team_can_invite": company_sudo.portal_team_invite_allowed,
                "team_can_appoint": company_sudo.portal_team_admin_allowed,
                "team_error": error,
                "team_field_errors": {},
                "team_expiry_errors": {},
                "team_done": messages.get(done),
            }
        )
        return values

    def _portal_team_last_requests(self, company, members):
        """{contact id: state of its last invitation needing approval}, for
        the contacts of one page; one query."""
        last = {}
        for request_sudo in (
            request.env["portal.access.request"]
            .sudo()
            .search_fetch(
                [
                    ("company_partner_id", "=", company.id),
                    ("partner_id", "in", members.ids),
                    ("state", "!=", "cancel"),
                ],
                ["partner_id", "state"],
                order="id desc",
            )
        ):
            last.setdefault(request_sudo.partner_id.id, request_sudo.state)
        return last

    def _portal_team_invitable(self, company, search="", limit=None):
        """The contacts of the company the administrator may pick to invite:
        no active user and no invitation waiting, whose name or email
        contains ``search``, ``limit`` at most; one query, names and emails
        only."""
        pending = (
            request.env["portal.access.request"]
            .sudo()
            ._search(
                [("company_partner_id", "=", company.id), ("state", "=", "pending")]
            )
        )
        domain = (
            company._portal_team_members_domain()
            & Domain("user_ids", "=", False)
            & Domain("id", "not in", pending.subselect("partner_id"))
        )
        if search:
            domain &= Domain("name", "ilike", search) | Domain("email", "ilike", search)
        return (
            request.env["res.partner"]
            .sudo()
            .search_fetch(domain, ["name", "email"], order="name, id", limit=limit)
        )
