import binascii
import secrets

from odoo import api, fields, models, tools
from odoo.exceptions import MissingError, ValidationError


class ResPartner(models.Model):
    """Portal document visibility per contact, and invitation links that die
    when a newer invitation or a revoke replaces them.

    Stock signup tokens sign (partner, users, last login, signup type) only, so a
    link mailed before a revoke, or before a re-invite to a corrected address,
    becomes valid again as soon as the contact is invited anew. A nonce that every
    invitation and every cancellation rotates is signed into the token too.
    """

    _inherit = "res.partner"

    signup_nonce = fields.Char(copy=False, groups="base.group_erp_manager")

    portal_category_restrict = fields.Boolean(
        string="Choose Portal Documents",
        help="Show this contact only the selected kinds of documents on the "
        "portal. When unset, a contact follows its company's choice, and a "
        "company without a choice shows every active kind.",
        groups="base.group_partner_manager",
    )
    portal_category_ids = fields.Many2many(
        "portal.document.category",
        "res_partner_portal_document_category_rel",
        "partner_id",
        "category_id",
        string="Portal Documents",
        help="Kinds of documents shown on the portal when 'Choose Portal "
        "Documents' is set.",
        groups="base.group_partner_manager",
    )
    portal_category_none_confirmed = fields.Boolean(
        string="Show No Documents",
        help="Confirms that this contact, with 'Choose Portal Documents' set "
        "and no kind selected, sees no document at all on the portal.",
        groups="base.group_partner_manager",
    )
    portal_visible_category_ids = fields.Many2many(
        "portal.document.category",
        string="Visible Portal Documents",
        compute="_compute_portal_visible_category_ids",
        help="Kinds of documents this contact actually sees on the portal.",
        groups="base.group_partner_manager",
    )

    @api.depends(
        "portal_category_restrict",
        "portal_category_ids",
        "commercial_partner_id.portal_category_restrict",
        "commercial_partner_id.portal_category_ids",
    )
    def _compute_portal_visible_category_ids(self):
        for partner in self:
            partner.portal_visible_category_ids = (
                partner._get_portal_visible_categories()
            )

    @api.constrains(
        "portal_category_restrict",
        "portal_category_ids",
        "portal_category_none_confirmed",
    )
    def _check_portal_category_choice(self):
        """'Choose Portal Documents' with no kind selected hides every
        document: only on purpose (the explicit 'Show No Documents')."""
        for partner in self.sudo():
            if (
                partner.portal_category_restrict
                and not partner.portal_category_ids
                and not partner.portal_category_none_confirmed
            ):
                raise ValidationError(
                    self.env._(
                        "%s: 'Choose Portal Documents' is ticked but no kind of "
                        "document is selected, so this contact would see no "
                        "document on the portal. Select the kinds to show, untick "
                        "'Choose Portal Documents' to show every kind, or tick "
                        "'Show No Documents' to confirm.",
                        partner.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if any("portal_category_ids" in vals for vals in vals_list):
            partners._clear_portal_category_none_confirmed()
        return partners

    def write(self, vals):
        if self.env.context.get("portal_batch_grant") and self._is_noop_grant_write(
            vals
        ):
            return True
        # Every invitation (signup_prepare) and every cancellation (stock revoke
        # clears signup_type with a plain write) rotates the nonce, in the same
        # write when it runs as superuser (one pass over the contacts).
        rotate_after = False
        if (
            "signup_type" in vals
            and "signup_nonce" not in vals
            and (
                not vals["signup_type"]
                or self.env.context.get("portal_rotate_signup_nonce")
            )
        ):
            if self.env.su:
                vals = {**vals, "signup_nonce": secrets.token_urlsafe(12)}
            else:
                rotate_after = True
        res = super().write(vals)
        if rotate_after:
            self._rotate_signup_nonce()
        if "portal_category_ids" in vals:
            self._clear_portal_category_none_confirmed()
        # No cache to clear for a visibility change, a new contact or a move:
        # the portal rules name the commercial entity, not its contacts, and
        # the cached rights are keyed by the visible categories themselves
        # (portal.document.category._get_user_portal_key).
        return res

    def _clear_portal_category_none_confirmed(self):
        """'Show No Documents' confirms one empty choice of kinds: once kinds
        are selected again it no longer holds, so that emptying them later is
        confirmed anew. One write for all the contacts concerned."""
        self.sudo().filtered(
            lambda partner: partner.portal_category_ids
            and partner.portal_category_none_confirmed
        ).write({"portal_category_none_confirmed": False})

    def _is_noop_grant_write(self, vals):
        """Writes that res.users.create makes on each existing contact, one
        contact at a time, when the portal wizard creates users in batch: the
        contact's own properties written back, and ``active`` set to the value
        it has. They change nothing and cost queries per contact."""
        if set(vals) == {"properties"}:
            return True
        return set(vals) == {"active"} and all(
            partner.active == bool(vals["active"]) for partner in self
        )

    def _get_portal_visible_categories(self):
        """Categories this contact sees: its own choice, else the choice of
        its commercial entity, else every available category."""
        self.ensure_one()
        available = self.env["portal.document.category"]._get_available_categories()
        partner = self.sudo()
        for source in (partner, partner.commercial_partner_id):
            if source.portal_category_restrict:
                return available & source.portal_category_ids
        return available

    # Invitation links

    def signup_prepare(self, signup_type="signup"):
        # stock writes signup_type; write() rotates the nonce with it
        return super(
            ResPartner, self.with_context(portal_rotate_signup_nonce=True)
        ).signup_prepare(signup_type=signup_type)

    def _rotate_signup_nonce(self):
        # One value for the whole batch is enough: the token also signs the partner id.
        self.sudo().write({"signup_nonce": secrets.token_urlsafe(12)})

    def _generate_signup_token(self, expiration=None):
        # Stock signs _get_login_date() into the token (below): make sure there
        # is a nonce to sign with it.
        self.ensure_one()
        if not self.sudo().signup_nonce:
            self._rotate_signup_nonce()
        return super()._generate_signup_token(expiration=expiration)

    def _get_login_date(self):
        """Stock signs this value into every signup token and compares it when
        the token is used (``_generate_signup_token`` and
        ``_get_partner_from_token``): it is the one per-contact part of stock's
        payload, there is no hook to add a key to it. The nonce is added to it,
        so that stock's own code kills every link mailed before the last
        invitation or revoke. Contacts without a nonce (links mailed before
        this addon was installed) keep stock's value until their next
        invitation or revoke sets one."""
        login_date = super()._get_login_date()
        nonce = self.sudo().signup_nonce
        return [login_date, nonce] if nonce else login_date

    @api.model
    def _get_partner_from_token(self, token):
        # Stock unpacks exactly its four values and reads the contact without
        # checking it exists: a link of a deleted contact is an invalid link,
        # not an error; one of this addon's 19.0.1.0.0 (five values) is checked
        # the way that version did.
        try:
            return super()._get_partner_from_token(token) or None
        except (ValueError, TypeError, binascii.Error, MissingError):
            return self._get_partner_from_legacy_token(token)

    @api.model
    def _get_partner_from_legacy_token(self, token):
        """Links mailed by this addon's 19.0.1.0.0 signed the nonce as a fifth
        value beside stock's four: they stay valid, until they expire or the
        next invitation or revoke rotates the nonce, like the links of now."""
        try:
            payload = tools.verify_hash_signed(self.sudo().env, "signup", token)
        except (ValueError, binascii.Error):
            return None
        if not isinstance(payload, list) or len(payload) != 5:
            return None
        partner_id, user_ids, login_date, signup_type, nonce = payload
        if not isinstance(partner_id, int) or not nonce:
            return None
        partner = self.browse(partner_id).exists()
        if (
            partner
            and partner._get_login_date() == [login_date, nonce]
            and partner.user_ids.ids == user_ids
            and signup_type == partner.sudo().signup_type
        ):
            return partner
        return None
