"""The Team page in a phone's window and in a laptop's, in English and in
French (longer words): nothing scrolls sideways, every status and action is
inside the window (portal_team_layout_tour)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import make_admin, make_customer_admin, make_portal_user

PHONE = "390x844"
LAPTOP = "1366x900"
LOGIN = "alexandra.montgomery-whitfield@layout-woodworking.example.com"


@tagged("post_install", "-at_install")
class TestPortalTeamLayout(HttpCase):
    """A company whose people show every portal status, with long names and
    email addresses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.email = "company@pae-team-layout.example.com"
        cls.company = env["res.partner"].create(
            {"name": "Layout Woodworking International", "is_company": True}
        )
        cls.team_admin = make_customer_admin(
            env, cls.company, "portal_team_layout", approval_required=True
        )
        # start_tour logs in with the login as password
        cls.team_admin.write({"login": LOGIN, "password": LOGIN})
        # a short name: stock's header (every portal page) runs out of a
        # phone's window with a long one
        cls.team_admin.partner_id.write({"name": "Alexandra Whitfield", "email": LOGIN})
        domain = "layout-woodworking.example.com"
        names = [
            "Layout Invited Bartholomew Fitzgerald",
            "Layout Signed In",
            "Layout Waiting",
            "Layout Refused",
            "Layout Revoked",
            "Layout No Access Maximilian Oberhauser",
        ]
        contacts = env["res.partner"].create(
            [
                {
                    "name": name,
                    "email": f"{name.lower().replace(' ', '.')}@{domain}",
                    "parent_id": cls.company.id,
                }
                for name in names
            ]
        )
        invited, signed_in, waiting, refused, revoked, _none = contacts
        make_portal_user(
            env,
            invited.email,
            partner=invited,
            name=invited.name,
            portal_access_expiry_date=fields.Date.today() + timedelta(days=90),
        )
        make_portal_user(
            env,
            signed_in.email,
            partner=signed_in,
            name=signed_in.name,
            portal_customer_admin=True,
        ).login_date = fields.Datetime.now()
        make_portal_user(
            env, revoked.email, partner=revoked, name=revoked.name
        ).active = False
        as_admin = cls.team_admin.with_user(cls.team_admin)
        for contact in (refused, waiting):
            as_admin._portal_team_invite({"partner_id": contact.id})
        env["portal.access.request"].search(
            [("partner_id", "=", refused.id)]
        ).with_user(make_admin(env, "portal_team_layout_vendor")).action_refuse()

    def _check_layout(self, size):
        self.browser_size = size
        self.touch_enabled = size == PHONE
        self.start_tour("/my/team", "portal_team_layout_tour", login=LOGIN)

    def test_phone_shows_stacked_people(self):
        """Test that on a phone the Team page has no sideways scroll and every status and action is inside the window."""
        self._check_layout(PHONE)

    def test_laptop_keeps_the_table(self):
        """Test that on a laptop the Team page keeps its column titles and fits the window."""
        self._check_layout(LAPTOP)

    def test_phone_in_french(self):
        """Test that on a phone the Team page of a French-speaking administrator fits the window."""
        french = self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["portal", "portal_access_ext"], ["fr_FR"]
        )
        if "website" in self.env:
            self.env["website"].search([]).write(
                {"language_ids": [Command.link(french.id)]}
            )
        self.team_admin.lang = "fr_FR"
        self.authenticate(LOGIN, LOGIN)
        self.opener.cookies.set("frontend_lang", "fr_FR")
        self.assertIn("Refusé par votre fournisseur", self.url_open("/my/team").text)
        self._check_layout(PHONE)
