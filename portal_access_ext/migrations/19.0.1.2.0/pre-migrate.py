"""19.0.1.2.0: the addon's names follow one scheme (portal_*, no more pae_*).

- the two unique login indexes keep their rows under their new names instead
  of being built again beside the old ones;
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
