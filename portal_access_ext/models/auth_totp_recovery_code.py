from odoo import fields, models


class AuthTotpRecoveryCode(models.Model):
    """A single-use code that replaces the authenticator app's code at login.

    Only a salted hash (passlib pbkdf2_sha256) is stored. The model has no
    access rights for anyone (its ACL row grants nothing): it is only reached
    with sudo by the methods of res.users, never over RPC.
    """

    _name = "auth.totp.recovery.code"
    _description = "Two-factor Recovery Code"
    _order = "id"

    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, index=True, ondelete="cascade"
    )
    code_hash = fields.Char(required=True, readonly=True, groups=fields.NO_ACCESS)
    used_date = fields.Datetime(readonly=True)

    def _consume(self):
        """Mark this code used unless a concurrent login already did; return
        whether this call consumed it (a code is accepted once)."""
        self.ensure_one()
        # A conditional UPDATE is atomic: two logins racing with the same code
        # cannot both succeed.
        self.env.cr.execute(
            "UPDATE auth_totp_recovery_code SET used_date = now() at time zone 'UTC' "
            "WHERE id = %s AND used_date IS NULL",
            (self.id,),
        )
        consumed = bool(self.env.cr.rowcount)
        self.invalidate_recordset(["used_date"])
        return consumed
