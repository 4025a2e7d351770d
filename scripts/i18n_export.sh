#!/usr/bin/env bash
# Regenerate the addon's translation template, portal_access_ext/i18n/portal_access_ext.pot,
# with Odoo's own exporter (`odoo-bin i18n export`), from a database where the
# addon is installed with the code of this working tree.
#   scripts/i18n_export.sh       a scratch copy of the template database (no demo
#                                data), the addon installed, exported, then dropped
#   scripts/i18n_export.sh DB    upgrade the addon in the existing database DB, export from it
#                                (faster, but records loaded with noupdate, such as mail
#                                templates, keep the text of their first install there)
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$(dirname "$0")/db.sh"
MODULE=portal_access_ext
pg_was_running=0
[ -f "$PGDATA/postmaster.pid" ] && pg_was_running=1
bash "$PAE_ROOT/scripts/setup.sh"
scratch=""
cleanup() {
    [ -n "$scratch" ] && pae_drop_db "$scratch"
    [ "$pg_was_running" = 1 ] && return
    pae_stop_pg
}
trap cleanup EXIT

odoo() { "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" "$@"; }
log="$PAE_LOCAL/i18n-export.log"
if [ $# -ge 1 ]; then
    db="$1"
    pae_db_exists "$db" || { echo "[i18n] ERROR: no database $db" >&2; exit 1; }
    mode=(-u "$MODULE")
else
    scratch="pae_i18n_$$"
    db="$scratch"
    pae_copy_db "$(pae_template_db 0)" "$db"
    mode=(-i "$MODULE")
fi
echo "[i18n] installing/upgrading $MODULE in $db" >&2
if ! odoo -c "$ODOO_RC" -d "$db" "${mode[@]}" --stop-after-init --no-http --log-level=warn >"$log" 2>&1; then
    tail -40 "$log" >&2
    echo "[i18n] ERROR: could not install $MODULE in $db (log: $log)" >&2
    exit 1
fi
# Without --output, Odoo writes <module path>/i18n/<module>.pot: the addon in this repository.
odoo i18n export -c "$ODOO_RC" -d "$db" -l pot -- "$MODULE" >>"$log" 2>&1 || {
    tail -40 "$log" >&2
    echo "[i18n] ERROR: export failed (log: $log)" >&2
    exit 1
}
pot="$PAE_ROOT/$MODULE/i18n/$MODULE.pot"
[ -s "$pot" ] || { echo "[i18n] ERROR: $pot was not written" >&2; exit 1; }
echo "[i18n] wrote $pot ($(grep -c '^msgid ' "$pot") entries)" >&2

# Bring every translation up to the new template, as msgmerge would: new terms
# added empty, removed ones dropped, references and comments refreshed, the
# translations of unchanged terms kept. Odoo's exporter only writes the .pot.
"$PAE_VENV/bin/python" "$PAE_ROOT/scripts/i18n_merge.py" "$pot" "$PAE_ROOT/$MODULE/i18n" "$ODOO_SRC"
