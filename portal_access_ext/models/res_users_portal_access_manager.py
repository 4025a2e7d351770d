"""Who may grant portal access: members of "Portal Access Manager". The
promise is kept on the model (the wizard's actions, res.users writes of a
portal user's login or expiry date), so every entry point gets it."""

from odoo import models
from odoo.exceptions import AccessError

# res.users fields only a Portal Access Manager may change on a portal user.
MANAGED_FIELDS = ("login", "portal_access_expiry_date")


class ResUsers(models.Model):
    _inherit = "res.users"

    def write(self, vals):
        if any(fname in vals for fname in self._get_portal_managed_fields()):
            portal_users = self.sudo().filtered("share")
            # A user's own login is changed by stock's own flows, with sudo.
            if portal_users and not self.env.is_superuser():
                self.env.user._check_portal_access_manager()
        return super().write(vals)

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
