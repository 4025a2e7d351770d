"""Benchmark of the customer administrator's Team page (/my/team) against
the same customer's /my/invoices, over real HTTP.

A scratch database (a copy of a database with the addon installed) gets, once
(skipped when the bench users exist):

- a company "Bench Team Big" with 2,000 contacts, half of them portal users,
  and a company "Bench Team Small" with 200 contacts, half portal users; each
  has a customer administrator (one of its portal users) and 30 posted
  customer invoices;
- portal users of other customers up to 20,000 portal users in the database.

Contacts and users are copied at the SQL level from one made by the ORM, so
generation takes seconds. Odoo's HTTP server is then started in this process
on 127.0.0.1 (so that the SQL queries of each request are counted with
``odoo.sql_db.sql_counter``), both administrators sign in, and GET /my/team and
GET /my/invoices are timed alternately: median of the runs after two warm-up
requests, with the median number of SQL queries.

    . scripts/env.sh; . scripts/db.sh
    createdb -T pae_gov_test pae_bench_team    # any db with the addon installed
    $PAE_VENV/bin/python bench/bench_portal_team.py --db pae_bench_team

``scripts/bench.sh team`` does the same on a fresh copy of the test template.
"""

import argparse
import os
import platform
import statistics
import sys
import time

sys.path.insert(0, os.environ.get("ODOO_SRC", "/opt/odoo/19.0"))

PASSWORD = "Bench-Team-Pass-2026!"
PORTAL_USERS = 20_000
COMPANIES = {"big": 2_000, "small": 200}
INVOICES = 30
RUNS = 15


def _columns(cr, table, overrides):
    """The column list of ``table`` but id, and the SELECT expressions that
    copy row ``t``, with the columns in ``overrides`` set to SQL expressions."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()]
    select = [overrides.get(column, f't."{column}"') for column in columns]
    return ", ".join(f'"{column}"' for column in columns), ", ".join(select)


def _clone_partners(cr, template_id, overrides, count):
    """INSERT ``count`` copies of contact ``template_id``, with the columns in
    ``overrides`` set to SQL expressions of ``g`` (1..count)."""
    names, select = _columns(cr, "res_partner", overrides)
    cr.execute(
        f"INSERT INTO res_partner ({names}) SELECT {select} "
        f"FROM res_partner t, generate_series(1, {int(count)}) g "
        f"WHERE t.id = {int(template_id)}"
    )


def _clone_users(cr, template_user_id, email_like, every=1):
    """INSERT a copy of user ``template_user_id`` for every ``every``-th
    contact whose email is like ``email_like`` (its login: the email), with
    the template's groups and companies."""
    # the statistics must know the contacts just added, or the planner
    # checks NOT EXISTS with a scan of res_users per contact
    cr.execute("ANALYZE res_partner; ANALYZE res_users")
    names, select = _columns(
        cr, "res_users", {"partner_id": "p.id", "login": "p.email"}
    )
    cr.execute(
        f"INSERT INTO res_users ({names}) SELECT {select} "
        f"FROM res_users t, res_partner p "
        f"WHERE t.id = %s AND p.email LIKE %s AND p.id %% %s = 0 "
        f"AND NOT EXISTS (SELECT 1 FROM res_users x WHERE x.partner_id = p.id)",
        [template_user_id, email_like, every],
    )
    for table, user_col, other in (
        ("res_groups_users_rel", "uid", "gid"),
        ("res_company_users_rel", "user_id", "cid"),
    ):
        cr.execute(
            f"INSERT INTO {table} ({other}, {user_col}) SELECT r.{other}, u.id "
            f"FROM {table} r, res_users u WHERE r.{user_col} = %s "
            f"AND u.login LIKE %s AND u.id <> %s ON CONFLICT DO NOTHING",
            [template_user_id, email_like, template_user_id],
        )


def _portal_user(env, partner, login):
    from odoo import Command

    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "login": login,
                "password": PASSWORD,
                "partner_id": partner.id,
                "group_ids": [Command.set([env.ref("base.group_portal").id])],
            }
        )
    )


def _populate_company(env, key, contacts):
    """A company with ``contacts`` contacts, half of them portal users, one
    of those its customer administrator, and its invoices."""
    from odoo import Command

    cr = env.cr
    Partner = env["res.partner"]
    company = Partner.create({"name": f"Bench Team {key.title()}", "is_company": True})
    admin_partner = Partner.create(
        {
            "name": f"Admin {key}",
            "email": f"bench-team-{key}-admin@example.com",
            "parent_id": company.id,
        }
    )
    admin = _portal_user(env, admin_partner, f"bench-team-{key}-admin")
    admin.portal_customer_admin = True
    template = Partner.create(
        {
            "name": f"Template {key}",
            "email": f"bench-team-{key}-0@example.com",
            "parent_id": company.id,
        }
    )
    template_user = _portal_user(env, template, f"bench-team-{key}-0@example.com")
    env.flush_all()
    # contacts 1 .. contacts - 2 (the admin and the template are two of them)
    count = contacts - 2
    email = f"'bench-team-{key}-' || g || '@example.com'"
    name = f"'Colleague {key} ' || lpad(g::text, 5, '0')"
    _clone_partners(
        cr,
        template.id,
        {
            "name": name,
            "complete_name": f"'{company.name}, ' || {name}",
            "email": email,
            "email_normalized": email,
        },
        count,
    )
    # every other contact is a portal user
    _clone_users(cr, template_user.id, f"bench-team-{key}-%@example.com", every=2)
    products = env["product.product"].search([("sale_ok", "=", True)], limit=1)
    if not products:
        products = env["product.product"].create({"name": "Bench Chair"})
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": company.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": products.id,
                            "quantity": index + 1,
                            "price_unit": 100.0,
                        }
                    )
                ],
            }
            for index in range(INVOICES)
        ]
    )
    invoices.action_post()
    return admin


def populate(env):
    if env["res.users"].search_count([("login", "=like", "bench-team-%-admin")]):
        print("bench data already there: not generated again")
        return
    started = time.monotonic()
    cr = env.cr
    for key, contacts in COMPANIES.items():
        _populate_company(env, key, contacts)
    env.flush_all()
    # other customers' portal users, up to PORTAL_USERS in the database
    cr.execute(
        "SELECT count(*) FROM res_users WHERE share AND active",
    )
    missing = PORTAL_USERS - cr.fetchone()[0]
    if missing > 0:
        template = env["res.partner"].create(
            {"name": "Other Template", "email": "bench-other-0@example.com"}
        )
        template_user = _portal_user(env, template, "bench-other-0@example.com")
        env.flush_all()
        email = "'bench-other-' || g || '@example.com'"
        name = "'Other Customer ' || g"
        _clone_partners(
            cr,
            template.id,
            {
                "name": name,
                "complete_name": name,
                "email": email,
                "email_normalized": email,
            },
            missing - 1,
        )
        cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id "
            "WHERE email LIKE 'bench-other-%%'"
        )
        _clone_users(cr, template_user.id, "bench-other-%@example.com")
    cr.execute("ANALYZE res_users; ANALYZE res_partner")
    env.invalidate_all()
    cr.commit()
    print(f"bench data generated in {time.monotonic() - started:.1f} s")


def measure(db, runs):
    from bench_http import web_session

    import odoo
    from odoo import SUPERUSER_ID, api, sql_db
    from odoo.modules.registry import Registry
    from odoo.service import server
    from odoo.tools import config

    port = 8700 + (os.getpid() % 500)
    config.parse_config(
        [
            "-c",
            os.environ["ODOO_RC"],
            "--db-filter",
            f"^{db}$",
            "--http-interface",
            "127.0.0.1",
            "--http-port",
            str(port),
            "--max-cron-threads",
            "0",
            "--log-level",
            "warn",
        ],
        setup_logging=True,
    )
    server.load_server_wide_modules()
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        populate(env)
        portal_users = env["res.users"].search_count([("share", "=", True)])
    httpd = server.ThreadedServer(odoo.http.root)
    httpd.http_spawn()
    base = f"http://127.0.0.1:{port}"
    time.sleep(1)

    results = {}
    try:
        for key in COMPANIES:
            s = web_session(base, db, f"bench-team-{key}-admin", PASSWORD, timeout=60)
            calls = {
                "team": lambda s=s: s.get(f"{base}/my/team", timeout=120),
                "invoices": lambda s=s: s.get(f"{base}/my/invoices", timeout=120),
            }
            timings = {label: [] for label in calls}
            queries = {label: [] for label in calls}
            sizes = {}
            for _i in range(runs + 2):
                for label, call in calls.items():
                    before = sql_db.sql_counter
                    started = time.perf_counter()
                    response = call()
                    timings[label].append(time.perf_counter() - started)
                    queries[label].append(sql_db.sql_counter - before)
                    assert response.status_code == 200, (key, label, response)
                    sizes[label] = len(response.content)
            page = s.get(f"{base}/my/team", timeout=120).text
            results[key] = {
                label: (
                    statistics.median(timings[label][2:]) * 1000,
                    statistics.median(queries[label][2:]),
                    sizes[label],
                )
                for label in calls
            }
            results[key]["rows"] = page.count('class="o_portal_team_row"')
    finally:
        httpd.httpd.shutdown()
    return portal_users, results


def report(db, runs, portal_users, results):
    lines = [
        f"database `{db}`, {portal_users} portal users, {runs} runs per page "
        f"(after 2 warm-up requests), {os.cpu_count()} CPUs, "
        f"{platform.platform()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "| company contacts | page | median (ms) | SQL queries | HTML (kB) |"
        " team rows shown | team / invoices |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, contacts in COMPANIES.items():
        result = results[key]
        ratio = result["team"][0] / result["invoices"][0]
        for label in ("team", "invoices"):
            ms, queries, size = result[label]
            lines.append(
                f"| {contacts} | /my/{label} | {ms:.0f} | {queries:.0f} | "
                f"{size / 1024:.0f} | "
                + (f"{result['rows']} | {ratio:.2f}x |" if label == "team" else "| |")
            )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    portal_users, results = measure(args.db, args.runs)
    print(report(args.db, args.runs, portal_users, results))


if __name__ == "__main__":
    main()
