#!/usr/bin/env bash
# The benchmarks (`make bench`): each measures stock Odoo 19 and this addon side
# by side in one run, on scratch databases copied from the test template.
#   scripts/bench.sh            both (about 20 minutes on 2 cores)
#   scripts/bench.sh admin      the portal-access wizard  -> .local/bench-admin.md
#                               (summarised in bench/RESULTS_admin.md)
#   scripts/bench.sh readonly   the read-only portal      -> bench/RESULTS_readonly.md
#   scripts/bench.sh rollout    the portal rollout from the contacts list, 1,000 and
#                               10,000 contacts -> .local/bench-rollout.md
#                               (summarised in bench/RESULTS_rollout.md; not in "all")
#   scripts/bench.sh signin     a successful sign-in      -> .local/bench-signin.md
#                               (summarised in bench/RESULTS_signin.md; not part of `all`)
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
ROLLOUT_DBS=(pae_bench_rollout_stock pae_bench_rollout_ours)
SIGNIN_DBS=("${PAE_BENCH_SIGNIN_DB:-pae_bench_signin}_stock" "${PAE_BENCH_SIGNIN_DB:-pae_bench_signin}_ours")
cleanup() {
    for db in "${ADMIN_DBS[@]}" "${ROLLOUT_DBS[@]}" "${SIGNIN_DBS[@]}" pae_bench_stock pae_bench_ro pae_bench_team; do
        pae_drop_db "$db"
    done
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

bench_rollout() {
    local tmpl
    tmpl=$(pae_template_db 0) || return 1
    for db in "${ROLLOUT_DBS[@]}"; do pae_drop_db "$db"; pae_copy_db "$tmpl" "$db"; done
    "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d pae_bench_rollout_ours \
        -i portal_access_ext --stop-after-init --no-http --log-level=warn >/dev/null 2>&1 || {
        echo "[bench] ERROR: installing the addon in pae_bench_rollout_ours failed" >&2
        return 1
    }
    echo "[bench] rollout from the contacts list (results also in $PAE_LOCAL/bench-rollout.md)" >&2
    "$PAE_VENV/bin/python" bench/bench_rollout.py \
        --stock-db pae_bench_rollout_stock --ours-db pae_bench_rollout_ours \
        --sizes "${PAE_BENCH_ROLLOUT_SIZES:-1000,10000}" | tee "$PAE_LOCAL/bench-rollout.md"
}

bench_signin() {
    local tmpl
    tmpl=$(pae_template_db 0) || return 1
    for db in "${SIGNIN_DBS[@]}"; do pae_drop_db "$db"; pae_copy_db "$tmpl" "$db"; done
    "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d "${SIGNIN_DBS[1]}" \
        -i portal_access_ext --stop-after-init --no-http --log-level=warn >/dev/null 2>&1 || {
        echo "[bench] ERROR: installing the addon in ${SIGNIN_DBS[1]} failed" >&2
        return 1
    }
    echo "[bench] sign-in: stock vs addon (results also in $PAE_LOCAL/bench-signin.md)" >&2
    "$PAE_VENV/bin/python" bench/bench_sign_in.py \
        --stock-db "${SIGNIN_DBS[0]}" --ours-db "${SIGNIN_DBS[1]}" \
        --calls "${PAE_BENCH_SIGNIN_CALLS:-100}" | tee "$PAE_LOCAL/bench-signin.md"
}

status=0
case "${1:-all}" in
    admin) bench_admin || status=1 ;;
    readonly) bench_readonly || status=1 ;;
    rollout) bench_rollout || status=1 ;;
    signin) bench_signin || status=1 ;;
    team) bench_team || status=1 ;;
    all) bench_admin || status=1; bench_readonly || status=1 ;;
    *) echo "usage: scripts/bench.sh [admin|readonly|rollout|signin|team]" >&2; exit 2 ;;
esac
exit $status
