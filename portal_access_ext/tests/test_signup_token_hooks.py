from odoo import tools
from odoo.tests import tagged

from .admin_common import AdminCase


@tagged("post_install", "-at_install")
class TestSignupTokenHooks(AdminCase):
    """Invitation links are made and checked by stock's auth_signup code, the
    addon's nonce signed in through _get_login_date."""

    def _invite(self, contact):
        wizard = self.open_wizard(contact)
        wizard.user_ids.in_portal = True
        wizard.action_apply()
        return contact.sudo()

    def test_token_is_stocks_four_values_with_the_nonce(self):
        """Test that a link signs stock's four values, the nonce inside the third."""
        contact = self._invite(self.contacts[0])
        token = contact._generate_signup_token()
        payload = tools.verify_hash_signed(contact.env, "signup", token)
        self.assertEqual(len(payload), 4)
        self.assertEqual(payload[0], contact.id)
        self.assertEqual(payload[2], [None, contact.signup_nonce])
        self.assertEqual(
            self.env["res.partner"]._get_partner_from_token(token), contact
        )
        contact._rotate_signup_nonce()
        self.assertIsNone(self.env["res.partner"]._get_partner_from_token(token))

    def test_link_of_previous_version_checked_like_before(self):
        """Test that a five-value link of 19.0.1.0.0 stays valid until the nonce
        rotates, and that an unreadable or deleted contact's link is refused."""
        contact = self._invite(self.contacts[0])
        Partner = self.env["res.partner"]

        def legacy_token(partner):
            payload = [
                partner.id,
                partner.user_ids.ids,
                None,
                partner.signup_type,
                partner.signup_nonce,
            ]
            return tools.hash_sign(partner.env, "signup", payload, expiration_hours=1)

        token = legacy_token(contact)
        self.assertEqual(Partner._get_partner_from_token(token), contact)
        contact._rotate_signup_nonce()
        self.assertIsNone(Partner._get_partner_from_token(token))

        loose = Partner.create({"name": "Loose", "email": "loose@example.com"}).sudo()
        loose.signup_prepare()
        token = loose._generate_signup_token()
        loose.unlink()
        self.assertIsNone(Partner._get_partner_from_token(token))
        odd = tools.hash_sign(Partner.sudo().env, "signup", ["x"], expiration_hours=1)
        self.assertIsNone(Partner._get_partner_from_token(odd))
