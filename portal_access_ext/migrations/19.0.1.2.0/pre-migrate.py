"""19.0.1.2.0: the addon's names follow one scheme (portal_*, no more pae_*).

- the two unique login indexes keep their rows under their new names instead
  of being built again beside the old ones;
- the two stored columns of the attempt log keep their values (a lockout in
  progress must survive the upgrade, and a blocked attempt must stay blocked,
  not NULL, or it would count as a failure);
- the addon's views and mail templates in the database are renamed before the
  new ones load: a view of the addon not yet updated would otherwise name a
  field that no longer exists while its neighbours are validated, and the
  access-review digest template (noupdate) would read a context key that is
  no longer given."""

from odoo.tools import SQL

RENAMED_INDEXES = {
    "res_users_pae_login_ci_uniq": "res_users_portal_login_ci_uniq",
    "res_users_pae_login_website_ci_uniq": "res_users_portal_login_website_ci_uniq",
}
# table, model, old column, new column: stored fields renamed
RENAMED_COLUMNS = (
    (
        "auth_totp_rate_limit_log",
        "auth.totp.rate.limit.log",
        "pae_blocked",
        "portal_blocked",
    ),
    (
        "auth_totp_rate_limit_log",
        "auth.totp.rate.limit.log",
        "pae_locked_until",
        "portal_locked_until",
    ),
)
# table, translated (jsonb) column, model of the addon's records in ir_model_data
RENAMED_TEXTS = (
    ("ir_ui_view", "arch_db", "ir.ui.view"),
    ("mail_template", "body_html", "mail.template"),
)


def migrate(cr, version):
    if not version:
        return
    for old, new in RENAMED_INDEXES.items():
        cr.execute(
            SQL(
                "ALTER INDEX IF EXISTS %s RENAME TO %s",
                SQL.identifier(old),
                SQL.identifier(new),
            )
        )
    for table, model, old, new in RENAMED_COLUMNS:
        _rename_column(cr, table, model, old, new)
    for table, column, model in RENAMED_TEXTS:
        # "pae_" at the start of a name, or after "_"/"." ("o_pae_…",
        # "ctx.get('pae_…')"), becomes "portal_"
        cr.execute(
            SQL(
                """
                UPDATE %(table)s
                   SET %(column)s = regexp_replace(
                           %(column)s::text, '([^A-Za-z0-9]|^)pae_', '\\1portal_', 'g'
                       )::jsonb
                 WHERE id IN (
                       SELECT res_id FROM ir_model_data
                        WHERE module = 'portal_access_ext' AND model = %(model)s
                 )
                   AND %(column)s::text LIKE '%%pae\\_%%'
                """,
                table=SQL.identifier(table),
                column=SQL.identifier(column),
                model=model,
            )
        )


def _rename_column(cr, table, model, old, new):
    """The column, its field and the field's XML id renamed together, so that
    Odoo neither adds an empty column nor deletes the old field (and its
    column) as obsolete at the end of the upgrade."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s AND column_name IN (%s, %s)",
        [table, old, new],
    )
    if {row[0] for row in cr.fetchall()} != {old}:
        return
    cr.execute(
        SQL(
            "ALTER TABLE %s RENAME COLUMN %s TO %s",
            SQL.identifier(table),
            SQL.identifier(old),
            SQL.identifier(new),
        )
    )
    cr.execute(
        "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
        [new, model, old],
    )
    model_part = model.replace(".", "_")
    cr.execute(
        "UPDATE ir_model_data SET name = %s"
        " WHERE module = 'portal_access_ext' AND model = 'ir.model.fields' AND name = %s",
        [f"field_{model_part}__{new}", f"field_{model_part}__{old}"],
    )
