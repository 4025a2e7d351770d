#!/usr/bin/env bash
# Idempotent setup: Odoo source, Debian packages, a private PostgreSQL cluster,
# the Python venv and the Odoo config. Re-running it only does what is missing.
set -euo pipefail
# shellcheck source=scripts/env.sh
. "$(dirname "$0")/env.sh"

log() { printf '[setup] %s\n' "$*" >&2; }
# Several runs may start at once (a developer's and CI's, or parallel test
# runs): one at a time does the setting up.
mkdir -p "$PAE_LOCAL" "$PAE_CACHE"
exec 9>"$PAE_CACHE/setup.lock"
flock 9
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- 1. Odoo source -----------------------------------------------------------
if [ ! -f "$ODOO_SRC/odoo-bin" ]; then
    log "no Odoo source at $ODOO_SRC; cloning Odoo 19.0 (shallow)"
    if ! git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo.git "$ODOO_SRC" >&2; then
        die "could not get Odoo 19.0 into $ODOO_SRC. Put an Odoo 19.0 Community tree there \
(odoo-bin, odoo/, addons/, requirements.txt) or point ODOO_SRC at one, then run again."
    fi
fi
[ -d "$ODOO_SRC/addons/portal" ] || die "$ODOO_SRC does not look like Odoo 19.0 (addons/portal missing)"

# --- 2. Debian packages -------------------------------------------------------
apt_pkgs=(postgresql chromium wkhtmltopdf libpq-dev build-essential)
missing=()
for p in "${apt_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
command -v chromium >/dev/null || die "chromium is not on PATH after installing it"
# prettier (the pre-commit hook of the checks) runs on Node.js. A Node.js that is
# already there (Debian's, or NodeSource's which bundles npm) is kept as it is.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    node_pkgs=()
    command -v node >/dev/null || node_pkgs+=(nodejs)
    command -v npm >/dev/null || node_pkgs+=(npm)
    log "installing Debian packages: ${node_pkgs[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${node_pkgs[@]}" >&2
fi
command -v npm >/dev/null || die "node and npm are not on PATH after installing them"

# --- 3. Python venv (cached outside the clone, keyed by its inputs) ----------
PY="${PAE_PYTHON:-python3.11}"
command -v "$PY" >/dev/null || PY=python3
if [ ! -f "$PAE_VENV/.complete" ]; then
    log "building the venv in $PAE_VENV (first run only, a few minutes)"
    rm -rf "$PAE_VENV"
    mkdir -p "$PAE_CACHE"
    "$PY" -m venv "$PAE_VENV"
    "$PAE_VENV/bin/pip" install -q --upgrade "pip<25" "setuptools<75" wheel >&2
    # python-ldap needs OpenLDAP headers and only serves auth_ldap: skip it.
    grep -viE '^python-ldap' "$ODOO_SRC/requirements.txt" > "$PAE_CACHE/odoo-requirements.txt"
    "$PAE_VENV/bin/pip" install -q -r "$PAE_CACHE/odoo-requirements.txt" >&2
    "$PAE_VENV/bin/pip" install -q -r "$PAE_ROOT/requirements-dev.txt" >&2
    "$PAE_VENV/bin/pip" install -q --no-deps --no-build-isolation -e "$ODOO_SRC" >&2
    touch "$PAE_VENV/.complete"
fi

# --- 4. PostgreSQL cluster inside .local/ (socket only, no TCP) --------------
PGBIN="$(pae_pg_bin)"
mkdir -p "$PAE_LOCAL" "$PAE_PGSOCK"
chmod 755 "$PAE_LOCAL"
pg_owner_home="$(getent passwd postgres | cut -d: -f6)"
if [ "$(id -u)" -eq 0 ] && [ -n "$pg_owner_home" ] && [[ "$PAE_PG_HOME" == "$pg_owner_home"/* ]]; then
    log "PostgreSQL (user postgres) cannot enter $PAE_ROOT: its cluster lives in $PAE_PG_HOME"
    # Every folder from postgres's home down must be its own to be entered.
    mkdir -p "$PAE_PG_HOME"
    d="$PAE_PG_HOME"
    while [ "$d" != "$pg_owner_home" ] && [ "$d" != / ]; do
        chown postgres: "$d"
        d="$(dirname "$d")"
    done
fi
run_pg() {
    # PostgreSQL refuses to run as root: run it as the postgres system user then.
    if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$PGDATA"
    chown postgres: "$PGDATA" "$PAE_PGSOCK"
    chmod 700 "$PGDATA"
    pg_superuser=postgres
else
    pg_superuser="$(id -un)"
fi
if [ ! -f "$PGDATA/PG_VERSION" ]; then
    log "creating the PostgreSQL cluster in $PGDATA"
    run_pg "$PGBIN/initdb" -D "$PGDATA" -U "$pg_superuser" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$PGDATA/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$PAE_PGSOCK'
port = $PAE_PGPORT
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 256MB
CONF
fi
if ! run_pg "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    log "starting PostgreSQL"
    # 9>&-: the server must not inherit (and so hold forever) the setup lock.
    run_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w start >/dev/null 9>&-
fi
if ! run_pg "$PGBIN/psql" -h "$PAE_PGSOCK" -p "$PAE_PGPORT" -U "$pg_superuser" -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname='$PGUSER'" | grep -q 1; then
    run_pg "$PGBIN/psql" -h "$PAE_PGSOCK" -p "$PAE_PGPORT" -U "$pg_superuser" -d postgres -qc \
        "CREATE ROLE \"$PGUSER\" LOGIN CREATEDB" >/dev/null
fi

# --- 5. Odoo config -----------------------------------------------------------
mkdir -p "$PAE_LOCAL/data"
[ -f "$PAE_LOCAL/admin_passwd" ] || { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$PAE_LOCAL/admin_passwd"; chmod 600 "$PAE_LOCAL/admin_passwd"; }
cat > "$ODOO_RC.tmp.$$" <<CONF
[options]
addons_path = $ODOO_SRC/odoo/addons,$ODOO_SRC/addons,$PAE_ROOT
data_dir = $PAE_LOCAL/data
db_host = $PAE_PGSOCK
db_port = $PAE_PGPORT
db_user = $PGUSER
admin_passwd = $(cat "$PAE_LOCAL/admin_passwd")
http_interface = 127.0.0.1
list_db = False
max_cron_threads = 0
CONF
# Written then renamed, so a concurrent run never reads half a file.
chmod 600 "$ODOO_RC.tmp.$$"
mv -f "$ODOO_RC.tmp.$$" "$ODOO_RC"
log "ready: Odoo $ODOO_SRC, venv $PAE_VENV, PostgreSQL socket $PAE_PGSOCK:$PAE_PGPORT"
