"""19.0.1.2.0: the addon's names follow one scheme (portal_*, no more pae_*):
the two unique login indexes keep their rows under their new names instead of
being built again beside the old ones."""

RENAMED_INDEXES = {
    "res_users_pae_login_ci_uniq": "res_users_portal_login_ci_uniq",
    "res_users_pae_login_website_ci_uniq": "res_users_portal_login_website_ci_uniq",
}


def migrate(cr, version):
    if not version:
        return
    for old, new in RENAMED_INDEXES.items():
        cr.execute(f'ALTER INDEX IF EXISTS "{old}" RENAME TO "{new}"')  # noqa: S608 - constant names
