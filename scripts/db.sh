# shellcheck shell=bash
# Database helpers, sourced after env.sh: template databases with the Community
# apps installed (built once per Odoo source and app list, then copied), so a
# fresh test database costs a copy plus the addon's own install.
pae_db_exists() { psql -tAc "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1; }

pae_drop_db() {
    if pae_db_exists "$1"; then
        psql -qc "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname='$1'" >/dev/null
        dropdb "$1"
    fi
    rm -rf "$PAE_LOCAL/data/filestore/$1"
}

# pae_template_db with_demo(0|1) -> prints the template's name, building it if missing.
pae_template_db() {
    local demo="$1" key name
    key=$( { echo "$PAE_APPS demo=$demo"; cat "$ODOO_SRC/odoo/release.py"; \
             ls "$ODOO_SRC/addons"; } | sha256sum | cut -c1-10)
    name="pae_tmpl_${demo}_$key"
    if ! pae_db_exists "$name"; then
        echo "[db] building template $name (apps: $PAE_APPS, demo=$demo); first run only" >&2
        local demo_flag=()
        [ "$demo" = 1 ] && demo_flag=(--with-demo)
        if ! "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d "$name" \
                -i "base,$PAE_APPS" "${demo_flag[@]}" --stop-after-init --log-level=warn \
                >"$PAE_LOCAL/template-$name.log" 2>&1; then
            tail -30 "$PAE_LOCAL/template-$name.log" >&2
            pae_drop_db "$name"
            echo "[db] ERROR: could not build template $name" >&2
            return 1
        fi
        if [ "$PAE_PROFILE" = web ] && ! pae_add_second_company "$name"; then
            pae_drop_db "$name"
            echo "[db] ERROR: could not add the second company to $name" >&2
            return 1
        fi
    fi
    echo "$name"
}

# pae_add_second_company db: a second company, as multi-company databases have.
pae_add_second_company() {
    printf '%s\n' \
        "env['res.company'].create({'name': 'Harbor Lights Europe', 'currency_id': env.ref('base.EUR').id})" \
        "env.cr.commit()" |
        "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" shell -c "$ODOO_RC" -d "$1" --no-http \
            --log-level=warn >>"$PAE_LOCAL/template-$1.log" 2>&1
}

# pae_copy_db template target: a fresh copy of the template, filestore included.
pae_copy_db() {
    pae_drop_db "$2"
    createdb -T "$1" "$2"
    if [ -d "$PAE_LOCAL/data/filestore/$1" ]; then
        mkdir -p "$PAE_LOCAL/data/filestore"
        cp -a "$PAE_LOCAL/data/filestore/$1" "$PAE_LOCAL/data/filestore/$2"
    fi
}
