#!/usr/bin/env bash
# Stock Odoo's own tests with the addon installed (`make test-stock`): the
# portal, mail, sign-up, 2FA, passkey and payment tests, and the
# portal tests of sale, purchase, account, project and hr_timesheet, re-run
# post_install by portal_access_ext_stock_tests (repository root, test-only,
# never shipped) so that they see the addon. A fresh database from the `apps`
# template, the addon and the test addon installed, then Odoo's own runner.
# Not part of `make test` (it takes long): a nightly command.
#   scripts/test_stock.sh                 every re-run stock test
#   scripts/test_stock.sh TAGS            Odoo --test-tags instead, e.g.
#       /portal_access_ext_stock_tests:TestPortalWizardStock
#   PAE_STOCK_DB=name                     the database (default ${PAE_TEST_DB}_stock)
set -uo pipefail
export PAE_PROFILE=apps
. "$(dirname "$0")/env.sh"
. "$(dirname "$0")/db.sh"
pg_was_running=0
[ -f "$PGDATA/postmaster.pid" ] && pg_was_running=1
bash "$PAE_ROOT/scripts/setup.sh" || exit 1
cd "$PAE_ROOT" || exit 1
stop_pg() {
    [ "$pg_was_running" = 1 ] || [ "${PAE_KEEP_PG:-0}" = 1 ] && return
    pae_stop_pg
}
trap stop_pg EXIT
# Stock's tours must run, never be skipped: fail early without Chromium.
command -v chromium >/dev/null || { echo "[test-stock] ERROR: chromium not on PATH" >&2; exit 1; }

db="${PAE_STOCK_DB:-${PAE_TEST_DB}_stock}"
tags="${1:-/portal_access_ext_stock_tests}"
start=$(date +%s)
tmpl=$(pae_template_db 0) || exit 1
pae_copy_db "$tmpl" "$db"
# The test addon depends on the stock modules whose tests it re-runs, those
# the apps profile lacks (auth_totp_mail, auth_password_policy_portal, ...)
# included: installing it installs them.
log="$PAE_LOCAL/install-$db.log"
echo "[test-stock] installing portal_access_ext,portal_access_ext_stock_tests in a fresh $db" >&2
if ! "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d "$db" \
        -i portal_access_ext,portal_access_ext_stock_tests \
        --stop-after-init --log-level=warn >"$log" 2>&1; then
    grep -E "ERROR|CRITICAL|Traceback" -A25 "$log" | head -80 >&2
    echo "[test-stock] ERROR: installing failed (full log: $log)" >&2
    exit 1
fi
port=$("$PAE_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log="$PAE_LOCAL/test-stock-$db.log"
echo "[test-stock] running --test-tags $tags (log: $log)" >&2
"$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d "$db" \
    --test-tags "$tags" --stop-after-init \
    --http-port="$port" --http-interface=127.0.0.1 --log-level=test >"$log" 2>&1
rc=$?
# Odoo's runner logs each failing test as an ERROR and ends with a summary
# ("N failed, M error(s) of T tests"); it exits non-zero when a test failed.
grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$log" | grep -E "FAIL|ERROR:" >&2
grep -E "tests? when loading database|failed, .* error\(s\) of|Ran [0-9]+ tests|[0-9]+ post-tests in" "$log" >&2
# Skipped: the addon's intended changes and stock's own environment, each
# with its reason (portal_access_ext_stock_tests/tests/, README).
echo "[test-stock] $(grep -cE " INFO .*: skipped " "$log") skipped:" >&2
grep -E " INFO .*: skipped " "$log" | sed -E 's/.*: skipped /    /' | cut -c1-160 >&2
if grep -qE " (ERROR|CRITICAL) " "$log"; then
    rc=1
fi
echo "[test-stock] done in $(( $(date +%s) - start ))s, exit $rc (full log: $log)" >&2
exit $rc
