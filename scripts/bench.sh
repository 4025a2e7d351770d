#!/usr/bin/env bash
# The benchmarks (`make bench`): each measures stock Odoo 19 and this addon side
# by side in one run, on scratch databases copied from the test template.
#   scripts/bench.sh            both (about 20 minutes on 2 cores)
#   scripts/bench.sh admin      the portal-access wizard  -> .local/bench-admin.md
#                               (summarised in bench/RESULTS_admin.md)
#   scripts/bench.sh readonly   the read-only portal      -> bench/RESULTS_readonly.md
#   scripts/bench.sh team       /my/team vs /my/invoices  -> .local/bench-team.md
#                               (summarised in bench/RESULTS_team.md)
# Scratch databases are dropped at the end; PostgreSQL is stopped if this run started it.
set -uo pipefail
. "$(dirname "$0")/env.sh"
. "$(dirname "$0")/db.sh"
pg_was_running=0
[ -f "$PGDATA/postmaster.pid" ] && pg_was_running=1
bash "$PAE_ROOT/scripts/setup.sh" || exit 1
cd "$PAE_ROOT" || exit 1
ADMIN_DBS=(pae_bench_admin_stock pae_bench_admin_ours)
cleanup() {
    for db in "${ADMIN_DBS[@]}" pae_bench_stock pae_bench_ro pae_bench_team; do pae_drop_db "$db"; done
    [ "$pg_was_running" = 1 ] && return
    pae_stop_pg
}
trap cleanup EXIT

bench_admin() {
    local tmpl
    tmpl=$(pae_template_db 0) || return 1
    for db in "${ADMIN_DBS[@]}"; do pae_drop_db "$db"; pae_copy_db "$tmpl" "$db"; done
    "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d pae_bench_admin_ours \
        -i portal_access_ext --stop-after-init --no-http --log-level=warn >/dev/null 2>&1 || {
        echo "[bench] ERROR: installing the addon in pae_bench_admin_ours failed" >&2
        return 1
    }
    echo "[bench] wizard: stock vs addon (results also in $PAE_LOCAL/bench-admin.md)" >&2
    "$PAE_VENV/bin/python" bench/bench_portal_wizard.py \
        --stock-db pae_bench_admin_stock --ours-db pae_bench_admin_ours \
        --stock-max "${PAE_BENCH_STOCK_MAX:-1000}" | tee "$PAE_LOCAL/bench-admin.md"
}

bench_readonly() {
    echo "[bench] read-only portal: stock vs addon (report: bench/RESULTS_readonly.md)" >&2
    "$PAE_VENV/bin/python" bench/bench_portal_readonly.py
}

bench_team() {
    local tmpl
    tmpl=$(pae_template_db 0) || return 1
    pae_copy_db "$tmpl" pae_bench_team
    "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d pae_bench_team \
        -i portal_access_ext --stop-after-init --no-http --log-level=warn >/dev/null 2>&1 || {
        echo "[bench] ERROR: installing the addon in pae_bench_team failed" >&2
        return 1
    }
    echo "[bench] team page vs invoices (results also in $PAE_LOCAL/bench-team.md)" >&2
    "$PAE_VENV/bin/python" bench/bench_portal_team.py --db pae_bench_team \
        | tee "$PAE_LOCAL/bench-team.md"
}

status=0
case "${1:-all}" in
    admin) bench_admin || status=1 ;;
    readonly) bench_readonly || status=1 ;;
    team) bench_team || status=1 ;;
    all) bench_admin || status=1; bench_readonly || status=1 ;;
    *) echo "usage: scripts/bench.sh [admin|readonly|team]" >&2; exit 2 ;;
esac
exit $status
