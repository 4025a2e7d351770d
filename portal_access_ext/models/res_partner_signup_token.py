import secrets

from odoo import api, fields, models, tools
from odoo.tools import consteq


class ResPartner(models.Model):
    """Invitation links that die when a newer invitation or a revoke replaces them.

    Stock signup tokens sign (partner, users, last login, signup type) only, so a
    link mailed before a revoke, or before a re-invite to a corrected address,
    becomes valid again as soon as the contact is invited anew. A nonce that every
    invitation and every cancellation rotates is signed into the token too.
    """

    _inherit = "res.partner"

    signup_nonce = fields.Char(copy=False, groups="base.group_erp_manager")

    def signup_prepare(self, signup_type="signup"):
        res = super().signup_prepare(signup_type=signup_type)
        self._rotate_signup_nonce()
        return res

    def signup_cancel(self):
        res = super().signup_cancel()
        self._rotate_signup_nonce()
        return res

    def write(self, vals):
        # Stock revoke clears signup_type with a plain write, not signup_cancel.
        if (
            "signup_type" in vals
            and not vals["signup_type"]
            and "signup_nonce" not in vals
        ):
            vals = {**vals, "signup_nonce": secrets.token_urlsafe(12)}
        return super().write(vals)

    def _rotate_signup_nonce(self):
        # One value for the whole batch is enough: the token also signs the partner id.
        self.sudo().write({"signup_nonce": secrets.token_urlsafe(12)})

    def _generate_signup_token(self, expiration=None):
        self.ensure_one()
        partner = self.sudo()
        if not partner.signup_nonce:
            partner._rotate_signup_nonce()
        if not expiration:
            # Same validity settings as stock (auth_signup).
            param = (
                "auth_signup.reset_password.validity.hours"
                if self.signup_type == "reset"
                else "auth_signup.signup.validity.hours"
            )
            default = 4 if self.signup_type == "reset" else 144
            expiration = int(
                self.env["ir.config_parameter"].sudo().get_param(param, default)
            )
        payload = [
            self.id,
            self.user_ids.ids,
            self._get_login_date(),
            self.signup_type,
            partner.signup_nonce,
        ]
        return tools.hash_sign(
            partner.env, "signup", payload, expiration_hours=expiration
        )

    @api.model
    def _get_partner_from_token(self, token):
        payload = tools.verify_hash_signed(self.sudo().env, "signup", token)
        if payload and len(payload) == 5:
            partner_id, user_ids, login_date, signup_type, nonce = payload
            partner = self.browse(partner_id).exists()
            if (
                partner
                and consteq(str(nonce), partner.sudo().signup_nonce or "")
                and login_date == partner._get_login_date()
                and partner.user_ids.ids == user_ids
                and signup_type == partner.sudo().signup_type
            ):
                return partner
            return None
        # Links mailed before this addon was installed carry no nonce: they stay
        # valid until the contact's next invitation or revoke sets one.
        partner = super()._get_partner_from_token(token)
        return partner if partner and not partner.sudo().signup_nonce else None
