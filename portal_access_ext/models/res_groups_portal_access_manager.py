"""Only a Portal Access Manager makes portal users, group side: adding users
to a group that makes them portal users (base.group_portal or any group
implying it), or making a group imply base.group_portal, is refused to anyone
else, before anything is written. The helpers here read the x2many commands
of a create or write as stock's Many2many field applies them, so that
res.users (models/res_users_portal_access_manager.py) reads group_ids the
same way."""

from odoo import Command, api, models


def _as_id(value):
    """A record id as the database would take it (stock's relation insert
    casts "12" to 12), or None for what is no id."""
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ResGroups(models.Model):
    _inherit = "res.groups"

    @api.model
    def _get_portal_user_fields(self):
        """Fields of res.groups whose users become members (overridable)."""
        return ("user_ids", "all_user_ids")

    @api.model
    def _portal_group_ids(self):
        """Ids of the groups whose members are portal users: base.group_portal
        and every group implying it, directly or not."""
        portal = self.env.ref("base.group_portal", raise_if_not_found=False)
        if not portal:
            return frozenset()
        definitions = self._get_group_definitions()
        return frozenset([portal.id, *definitions.get_subset_ids([portal.id])])

    @api.model
    def _portal_apply_x2many(self, current_ids, value):
        """What an x2many value does to ``current_ids``, as stock's Many2many
        write applies it: (the ids left, the values of the records created
        and linked). ``value`` is a list of commands, a list or tuple of ids,
        records, or False. Ids may come as strings, as stock accepts them."""
        if isinstance(value, models.BaseModel):
            value = [Command.set(value._ids)]
        elif isinstance(value, tuple):
            value = [Command.set(value)]
        elif value is False or value is None:
            value = [Command.clear()]
        elif (
            isinstance(value, list) and value and not isinstance(value[0], tuple | list)
        ):
            value = [Command.set(value)]
        ids = set(current_ids)
        created = []
        for command in value if isinstance(value, list) else ():
            if not isinstance(command, list | tuple) or not command:
                continue
            code = command[0]
            if code == Command.CREATE:
                vals = command[2] if len(command) > 2 else None
                created.append(vals if isinstance(vals, dict) else {})
            elif code in (Command.DELETE, Command.UNLINK) and len(command) > 1:
                ids.discard(_as_id(command[1]))
            elif code == Command.LINK and len(command) > 1:
                ids.add(_as_id(command[1]))
            elif code in (Command.CLEAR, Command.SET):
                new = command[2] if code == Command.SET and len(command) > 2 else ()
                ids = {_as_id(id_) for id_ in new or ()}
                created = []
        ids.discard(None)
        return ids, created

    @api.model
    def _portal_groups_imply_portal(self, group_ids, created=()):
        """Whether groups (ids, plus groups to create from values) make their
        members portal users."""
        if set(group_ids) & self._portal_group_ids():
            return True
        return any(
            self._portal_groups_imply_portal(
                *self._portal_apply_x2many((), vals.get("implied_ids", []))
            )
            for vals in created
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and self._portal_create_implies_portal(vals_list):
            self.env.user._check_portal_access_manager()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and self._portal_write_makes_portal_users(vals):
            self.env.user._check_portal_access_manager()
        return super().write(vals)

    @api.model
    def _portal_create_implies_portal(self, vals_list):
        """Whether a new group would imply base.group_portal (its users, given
        or added later, would be portal users)."""
        return any(
            self._portal_groups_imply_portal(
                *self._portal_apply_x2many((), vals.get("implied_ids", []))
            )
            for vals in vals_list
        )

    def _portal_write_makes_portal_users(self, vals):
        """Whether the write makes a group imply base.group_portal (through
        its implied groups or groups added to those implying it), or adds
        users who are not portal users yet to a group implying it."""
        user_fields = self._get_portal_user_fields()
        if not {"implied_ids", "implied_by_ids", *user_fields} & vals.keys():
            return False
        portal_ids = self._portal_group_ids()
        for group in self.sudo().with_context(active_test=False):
            implies = group.id in portal_ids
            if "implied_ids" in vals:
                implies_after = self._portal_groups_imply_portal(
                    *self._portal_apply_x2many(
                        group.implied_ids.ids, vals["implied_ids"]
                    )
                )
                if implies_after and not implies:
                    return True
                implies = implies_after
            if not implies:
                continue
            if "implied_by_ids" in vals:
                before = set(group.implied_by_ids.ids)
                after, created = self._portal_apply_x2many(
                    before, vals["implied_by_ids"]
                )
                if created or (after - before - portal_ids):
                    return True
            for fname in user_fields:
                if fname not in vals:
                    continue
                before = set(group[fname].ids)
                after, created = self._portal_apply_x2many(before, vals[fname])
                added = self.env["res.users"].sudo().browse(after - before).exists()
                if created or added.filtered(
                    lambda user: not set(user.group_ids.ids) & portal_ids
                ):
                    return True
        return False
