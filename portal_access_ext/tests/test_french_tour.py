from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import make_portal_user


@tagged("post_install", "-at_install")
class TestFrenchPortalTour(HttpCase):
    """The customer flows with the portal in French (fr.po loaded as Odoo does
    when French is installed)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        french = cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["portal_access_ext"], ["fr_FR"])
        if "website" in cls.env:
            # With the website app, a page is shown in the languages of its
            # website only: the admin adds French there, as a French shop does.
            cls.env["website"].search([]).write(
                {"language_ids": [Command.link(french.id)]}
            )

    def test_customer_flows_in_french(self):
        """Test the details and security flows of a French-speaking customer, in French."""
        login = "portal_french_tour@example.com"
        user = make_portal_user(
            self.env,
            login,
            name="Camille Tour",
            phone="+33 1 23 45 67 89",
            password=login,  # start_tour logs in with the login as password
            lang="fr_FR",
            street="1 rue de la Paix",
            city="Paris",
            zip="75002",
            country_id=self.env.ref("base.fr").id,
        )
        self.start_tour("/my", "portal_access_ext_french", login=login)
        self.env.invalidate_all()
        self.assertEqual(user.partner_id.email, "camille.nouvelle@example.com")
        self.assertEqual(user.login, login)
