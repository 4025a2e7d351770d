"""Who may grant portal access: members of "Portal Access Manager". The
promise is kept on the model (the wizard's actions, res.users writes of a
portal user's login or expiry date), so every entry point gets it.

Whoever makes a portal user is a Portal Access Manager: creating one (the
form, import, copy, RPC), reactivating an archived one or turning a user into
one through its groups is checked here, before anything is written; adding
users to groups and making groups imply portal, in
models/res_groups_portal_access_manager.py. The superuser (sudo) passes:
stock's own flows (signup, the wizard) run with sudo after their own checks."""

from odoo import api, models
from odoo.exceptions import AccessError

# res.users fields only a Portal Access Manager may change on a portal user.
MANAGED_FIELDS = ("login", "portal_access_expiry_date")


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and self._portal_create_makes_portal(vals_list):
            self.env.user._check_portal_access_manager()
        return super().create(vals_list)

    def write(self, vals):
        if any(fname in vals for fname in self._get_portal_managed_fields()):
            portal_users = self.sudo().filtered("share")
            # A user's own login is changed by stock's own flows, with sudo.
            if portal_users and not self.env.is_superuser():
                self.env.user._check_portal_access_manager()
        if not self.env.su and self._portal_write_makes_portal(vals):
            self.env.user._check_portal_access_manager()
        return super().write(vals)

    @api.model
    def _portal_create_makes_portal(self, vals_list):
        """Whether any of the users to create would be a portal user: by the
        groups given, or else by the default groups (context defaults, the
        default user group's), as the ORM would fill them in. Not by `share`:
        it is computed from the groups."""
        groups = self.env["res.groups"]
        defaults = None
        for vals in vals_list:
            if "group_ids" in vals:
                value = vals["group_ids"]
            else:
                if defaults is None:
                    defaults = self.default_get(["group_ids"]).get("group_ids", [])
                value = defaults
            if groups._portal_groups_imply_portal(
                *groups._portal_apply_x2many((), value)
            ):
                return True
        return False

    def _portal_write_makes_portal(self, vals):
        """Whether the write turns one of these users into a portal user (its
        groups) or reactivates an archived portal user (action_unarchive
        writes active too)."""
        if "group_ids" not in vals and not vals.get("active"):
            return False
        groups = self.env["res.groups"]
        portal_ids = groups._portal_group_ids()
        for user in self.sudo().with_context(active_test=False):
            current_ids = user.group_ids.ids
            was_portal = bool(set(current_ids) & portal_ids)
            is_portal = was_portal
            if "group_ids" in vals:
                is_portal = groups._portal_groups_imply_portal(
                    *groups._portal_apply_x2many(current_ids, vals["group_ids"])
                )
            if is_portal and (
                not was_portal or (vals.get("active") and not user.active)
            ):
                return True
        return False

    def _get_portal_managed_fields(self):
        """Fields of a portal user that only a Portal Access Manager may
        write (overridable)."""
        return MANAGED_FIELDS

    def _is_portal_access_manager(self):
        self.ensure_one()
        return self.has_group("portal_access_ext.group_portal_access_manager")

    def _check_portal_access_manager(self):
        """Raise unless this user may manage portal access."""
        self.ensure_one()
        if not self._is_portal_access_manager():
            raise AccessError(
                self.env._(
                    "Only a Portal Access Manager may grant, revoke or change "
                    "portal access. Ask a Settings administrator to give you "
                    "the group Portal Access Manager."
                )
            )
