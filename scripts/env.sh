# shellcheck shell=bash
# Sourced by the project's scripts: one place that says where everything lives.
# Every path can be overridden from the environment.
PAE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PAE_ROOT
export ODOO_SRC="${ODOO_SRC:-/opt/odoo/19.0}"
export PAE_LOCAL="${PAE_LOCAL:-$PAE_ROOT/.local}"
# The venv lives outside the clone, keyed by what goes into it, so that a fresh
# clone on the same machine reuses it instead of spending minutes rebuilding it.
export PAE_CACHE="${PAE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/portal_access_ext}"
# pae_pg_home: where the private PostgreSQL cluster lives. Inside .local/ when
# the server's user can reach it; as root, PostgreSQL runs as `postgres`, which
# cannot enter a clone in a mode-700 directory (root's home, `mktemp -d`): the
# cluster then lives in postgres's own cache directory, keyed by this clone's
# path, so that two clones never share one.
pae_pg_home() {
    local home dir="$PAE_ROOT" reachable=1
    if [ "$(id -u)" -ne 0 ]; then
        echo "$PAE_LOCAL"
        return
    fi
    if id postgres >/dev/null 2>&1; then
        (cd / && runuser -u postgres -- test -x "$PAE_ROOT") 2>/dev/null || reachable=0
    else
        # Before PostgreSQL is installed: the same answer from the permission
        # bits, so that this run and the next pick the same place.
        while [ "$dir" != / ]; do
            [ -n "$(find "$dir" -maxdepth 0 -perm -o+x 2>/dev/null)" ] || reachable=0
            dir="$(dirname "$dir")"
        done
    fi
    if [ "$reachable" = 1 ]; then
        echo "$PAE_LOCAL"
        return
    fi
    home="$(getent passwd postgres | cut -d: -f6)"
    [ -n "$home" ] || home=/var/lib/postgresql
    echo "$home/.cache/portal_access_ext/$(printf '%s' "$PAE_ROOT" | sha256sum | cut -c1-16)"
}
PAE_PG_HOME="${PAE_PG_HOME:-$(pae_pg_home)}"
export PAE_PG_HOME
export PGDATA="${PAE_PGDATA:-$PAE_PG_HOME/pgdata}"
export PAE_PGSOCK="${PAE_PGSOCK:-$PAE_PG_HOME/pgsock}"
export PAE_PGPORT="${PAE_PGPORT:-5439}"
export PGHOST="$PAE_PGSOCK"
export PGPORT="$PAE_PGPORT"
export PGUSER="${PAE_DBUSER:-odoo}"
export PGDATABASE=postgres
export ODOO_RC="$PAE_LOCAL/odoo.conf"
export PAE_DEMO_DB="${PAE_DEMO_DB:-portal_demo}"
export PAE_TEST_DB="${PAE_TEST_DB:-portal_test}"
# Database profiles: the Community apps installed beside the addon.
#   apps  the apps whose portal documents the addon governs, so every
#         document category is exercised (test and demo databases);
#   web   the same plus what real portal databases also run: the website and
#         its shop (per-website logins), passkeys, stock's password policy,
#         session timeout, OAuth sign-in, partner assignment's leads, and a
#         second company.
pae_profile_apps() {
    local base=crm,sale_management,purchase,project,hr_timesheet,account_payment,payment_demo
    case "$1" in
        apps) echo "$base" ;;
        web) echo "$base,website,website_sale,auth_passkey_portal,auth_password_policy_portal,auth_timeout,auth_oauth,website_crm_partner_assign" ;;
        *) echo "unknown database profile: $1 (apps or web)" >&2; return 1 ;;
    esac
}
export PAE_PROFILE="${PAE_PROFILE:-apps}"
PAE_APPS="${PAE_APPS:-$(pae_profile_apps "$PAE_PROFILE")}"
export PAE_APPS
pae_pg_bin() {
    local d
    for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
    done
    dirname "$(command -v pg_ctl)"
}
pae_req_hash() {
    # Bump PAE_VENV_LAYOUT when the way setup.sh builds the venv changes.
    { echo "layout=${PAE_VENV_LAYOUT:-1}"; cat "$ODOO_SRC/requirements.txt" "$PAE_ROOT/requirements-dev.txt"; } \
        | sha256sum | cut -c1-16
}
export PAE_VENV="${PAE_VENV:-$PAE_CACHE/venv-$(pae_req_hash)}"
export PATH="$PAE_VENV/bin:$PATH"

# pae_stop_pg: stop the project's PostgreSQL server (run as postgres when root).
pae_stop_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$(pae_pg_bin)/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1)
    else
        "$(pae_pg_bin)/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1
    fi
}
