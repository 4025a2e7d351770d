#!/usr/bin/env bash
# `make run`: set up what is missing, make sure the demo database exists (the
# Community apps + this addon + demo data), then serve it on 127.0.0.1:8069.
#   PAE_HTTP_PORT=8070 make run     another port
#   PAE_RESET_DEMO=1 make run       rebuild the demo database from scratch
#   PAE_UPDATE=1 make run           upgrade the addon in the demo database first
#   make run WORKERS=2              prefork, as in production: 2 HTTP workers, the
#                                   gevent process for websockets, and a proxy on the
#                                   HTTP port that sends /websocket to it
set -euo pipefail
. "$(dirname "$0")/env.sh"
. "$(dirname "$0")/db.sh"
bash "$PAE_ROOT/scripts/setup.sh"

[ "${PAE_RESET_DEMO:-0}" = 1 ] && pae_drop_db "$PAE_DEMO_DB"
if ! pae_db_exists "$PAE_DEMO_DB"; then
    tmpl=$(pae_template_db 1)
    pae_copy_db "$tmpl" "$PAE_DEMO_DB"
    echo "[run] installing portal_access_ext with demo data in $PAE_DEMO_DB" >&2
    "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d "$PAE_DEMO_DB" \
        -i portal_access_ext --stop-after-init --log-level=warn
elif [ "${PAE_UPDATE:-0}" = 1 ]; then
    "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d "$PAE_DEMO_DB" \
        -u portal_access_ext --stop-after-init --log-level=warn
fi
# Outgoing mail stays on this machine: a small SMTP sink writes each message
# to .local/mail/, where the invitations an admin sends can be opened.
mail_port="${PAE_SMTP_PORT:-8025}"
mkdir -p "$PAE_LOCAL/mail"
"$PAE_VENV/bin/python" "$PAE_ROOT/scripts/smtp_sink.py" --port "$mail_port" \
    --dir "$PAE_LOCAL/mail" &
sink_pid=$!
trap 'kill "$sink_pid" 2>/dev/null' EXIT INT TERM
echo "[run] serving $PAE_DEMO_DB on http://127.0.0.1:${PAE_HTTP_PORT:-8069}/web/login" >&2
echo "[run]   admin:    portal.admin@example.com / admin-demo" >&2
echo "[run]   customer: portal.customer@harborlights.example.com / portal-demo" >&2
echo "[run]   mail sent by Odoo (invitations, security emails): $PAE_LOCAL/mail/*.eml" >&2
# Scheduled jobs run (one cron thread): queued invitations leave within a minute.
http_port="${PAE_HTTP_PORT:-8069}"
gevent_port="${PAE_GEVENT_PORT:-8072}"
workers=()
if [ -n "${WORKERS:-}" ] && [ "${WORKERS}" != 0 ]; then
    [[ "$WORKERS" =~ ^[0-9]+$ ]] || { echo "[run] WORKERS must be a number, not '$WORKERS'" >&2; exit 2; }
    # The browser opens its websocket on the page's address: the proxy takes
    # that address, the workers listen behind it (see scripts/prefork_proxy.py).
    workers_port="${PAE_WORKERS_PORT:-$((http_port + 100))}"
    "$PAE_VENV/bin/python" "$PAE_ROOT/scripts/prefork_proxy.py" --port "$http_port" \
        --http-port "$workers_port" --gevent-port "$gevent_port" &
    proxy_pid=$!
    trap 'kill "$sink_pid" "$proxy_pid" 2>/dev/null' EXIT INT TERM
    echo "[run] prefork: $WORKERS HTTP workers on 127.0.0.1:$workers_port, websockets on" \
        "127.0.0.1:$gevent_port, both behind http://127.0.0.1:$http_port" >&2
    workers=(--workers="$WORKERS")
    http_port="$workers_port"
fi
"$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d "$PAE_DEMO_DB" \
    --db-filter="^${PAE_DEMO_DB}\$" --http-interface=127.0.0.1 \
    --http-port="$http_port" --gevent-port="$gevent_port" "${workers[@]}" \
    --max-cron-threads=1 --smtp=127.0.0.1 --smtp-port="$mail_port" "$@"
