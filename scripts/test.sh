#!/usr/bin/env bash
# The whole test suite: setup, the repository's checks, then in each database
# profile (scripts/env.sh: `apps`, and `web` with the website, passkeys, stock's
# password policy, ... and two companies) a fresh test database with the addon
# installed and pytest-odoo (model tests, HTTP tests and Chromium tours).
#   scripts/test.sh                          everything (what `make test` runs), both profiles
#   scripts/test.sh path/to/test_x.py -k y   only those tests (extra args go to pytest),
#                                            in the profile $PAE_PROFILE (default apps)
#   PAE_PROFILES=web scripts/test.sh         only the profiles named
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

if [ "${PAE_SKIP_LINT:-0}" != 1 ]; then
    bash "$PAE_ROOT/scripts/lint.sh" || status=1
fi

# Browser tours must run, never be skipped: fail early without Chromium.
command -v chromium >/dev/null || { echo "[test] ERROR: chromium not on PATH" >&2; exit 1; }
run_checks=0
if [ $# -eq 0 ]; then
    profiles="${PAE_PROFILES:-apps web}"
    run_checks=1
    set -- portal_access_ext/tests
else
    profiles="${PAE_PROFILES:-$PAE_PROFILE}"
fi
# The addons installed in the test databases: the addon, and
# portal_access_ext_test_hooks (repository root, test-only, never shipped)
# whose overrides prove the wizard's extension points run.
test_addons="${PAE_TEST_ADDONS:-portal_access_ext,portal_access_ext_test_hooks}"

# run_profile PROFILE PYTEST_ARGS...: a test database of that profile with the
# addon installed, then pytest-odoo on it.
run_profile() {
    local profile="$1" db mode log tmpl port test_rc rc
    shift
    export PAE_PROFILE="$profile"
    PAE_APPS="$(pae_profile_apps "$profile")" || return 1
    export PAE_APPS
    db="$PAE_TEST_DB"
    [ "$profile" = apps ] || db="${PAE_TEST_DB}_$profile"
    echo "[test] profile $profile (apps: $PAE_APPS), database $db" >&2
    if [ "${PAE_REUSE_DB:-0}" = 1 ] && pae_db_exists "$db"; then
        echo "[test] upgrading $test_addons in $db" >&2
        mode=(-u portal_access_ext -i "$test_addons")
    else
        tmpl=$(pae_template_db 0) || return 1
        pae_copy_db "$tmpl" "$db"
        echo "[test] installing $test_addons in a fresh $db" >&2
        mode=(-i "$test_addons")
    fi
    log="$PAE_LOCAL/install-$db.log"
    if ! "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d "$db" "${mode[@]}" \
            --stop-after-init --log-level=info >"$log" 2>&1; then
        grep -E "ERROR|CRITICAL|Traceback" -A25 "$log" | head -80 >&2
        echo "[test] ERROR: installing the addon failed (full log: $log)" >&2
        return 1
    fi
    rc=0
    if grep -E "(WARNING|ERROR) .*portal_access_ext" "$log" >&2; then
        echo "[test] ERROR: the install logged warnings about the addon's own files" >&2
        rc=1
    fi
    # Odoo's test HTTP server on a free port of 127.0.0.1, so that two test runs on
    # one machine (two clones, or make run beside make test) do not collide on 8069.
    port=${PAE_TEST_HTTP_PORT:-$("$PAE_VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    test_rc="$PAE_LOCAL/odoo-test-$db.conf"
    { cat "$ODOO_RC"; echo "http_port = $port"; } >"$test_rc.new" && mv "$test_rc.new" "$test_rc"
    local pytest=("$PAE_VENV/bin/python" -m pytest -p no:cacheprovider
        --odoo-config "$test_rc" --odoo-database "$db" --odoo-http
        --odoo-log-level "${PAE_ODOO_LOG_LEVEL:-warn}")
    # The repository's own checks (wheel, translations, guide screenshots), on
    # their own before the behaviour suite, once.
    if [ "$run_checks" = 1 ]; then
        run_checks=0
        echo "[test] repository checks (checks/)" >&2
        "${pytest[@]}" checks || rc=1
    fi
    echo "[test] behaviour suite, profile $profile" >&2
    "${pytest[@]}" "$@" || rc=$?
    return $rc
}

for profile in $profiles; do
    run_profile "$profile" "$@" || status=1
done
exit $status
