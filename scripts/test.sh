#!/usr/bin/env bash
# The whole test suite: setup, a fresh test database with the addon installed,
# the linters, then pytest-odoo (model tests, HTTP tests and Chromium tours).
#   scripts/test.sh                          everything (what `make test` runs)
#   scripts/test.sh path/to/test_x.py -k y   only those tests (extra args go to pytest)
#   PAE_REUSE_DB=1 scripts/test.sh ...       upgrade the existing test db instead of a fresh one
#   PAE_SKIP_LINT=1 scripts/test.sh ...      skip the linters
set -uo pipefail
. "$(dirname "$0")/env.sh"
. "$(dirname "$0")/db.sh"
pg_was_running=0
[ -f "$PGDATA/postmaster.pid" ] && pg_was_running=1
bash "$PAE_ROOT/scripts/setup.sh" || exit 1
cd "$PAE_ROOT" || exit 1
status=0
# Leave the machine as we found it: stop the PostgreSQL server this run started.
# PAE_KEEP_PG=1: leave it running (several runs sharing one cluster).
stop_pg() {
    [ "$pg_was_running" = 1 ] || [ "${PAE_KEEP_PG:-0}" = 1 ] && return
    pae_stop_pg
}
trap stop_pg EXIT

# portal_access_ext_test_hooks (repository root, test-only, never shipped) is
# installed beside the addon: its overrides prove the wizard's hooks run.
if [ "${PAE_REUSE_DB:-0}" = 1 ] && pae_db_exists "$PAE_TEST_DB"; then
    echo "[test] upgrading portal_access_ext in $PAE_TEST_DB" >&2
    mode=(-u portal_access_ext -i portal_access_ext_test_hooks)
else
    tmpl=$(pae_template_db 0) || exit 1
    pae_copy_db "$tmpl" "$PAE_TEST_DB"
    echo "[test] installing portal_access_ext in a fresh $PAE_TEST_DB" >&2
    mode=(-i portal_access_ext,portal_access_ext_test_hooks)
fi
log="$PAE_LOCAL/install-$PAE_TEST_DB.log"
if ! "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d "$PAE_TEST_DB" "${mode[@]}" \
        --stop-after-init --log-level=info >"$log" 2>&1; then
    grep -E "ERROR|CRITICAL|Traceback" -A25 "$log" | head -80 >&2
    echo "[test] ERROR: installing the addon failed (full log: $log)" >&2
    exit 1
fi
if grep -E "(WARNING|ERROR) .*portal_access_ext" "$log" >&2; then
    echo "[test] ERROR: the install logged warnings about the addon's own files" >&2
    status=1
fi

if [ "${PAE_SKIP_LINT:-0}" != 1 ]; then
    bash "$PAE_ROOT/scripts/lint.sh" || status=1
fi

# Browser tours must run, never be skipped: fail early without Chromium.
command -v chromium >/dev/null || { echo "[test] ERROR: chromium not on PATH" >&2; exit 1; }
[ $# -eq 0 ] && set -- portal_access_ext/tests
# Odoo's test HTTP server on a free port of 127.0.0.1, so that two test runs on
# one machine (two clones, or make run beside make test) do not collide on 8069.
port=${PAE_TEST_HTTP_PORT:-$("$PAE_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
test_rc="$PAE_LOCAL/odoo-test.conf"
{ cat "$ODOO_RC"; echo "http_port = $port"; } >"$test_rc.new" && mv "$test_rc.new" "$test_rc"
"$PAE_VENV/bin/python" -m pytest -p no:cacheprovider \
    --odoo-config "$test_rc" --odoo-database "$PAE_TEST_DB" --odoo-http \
    --odoo-log-level "${PAE_ODOO_LOG_LEVEL:-warn}" "$@"
rc=$?
[ $rc -ne 0 ] && status=$rc
exit $status
