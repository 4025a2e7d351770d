"""Benchmark of the read-only portal against stock Odoo 19, side by side.

    python bench/bench_portal_readonly.py            # full run (~10 min), writes
                                                     # bench/RESULTS_readonly.md
    python bench/bench_portal_readonly.py --reuse    # keep the scratch databases

Two scratch databases are copied from the test template (Community apps, no
demo data): ``pae_bench_stock`` (stock Odoo 19) and ``pae_bench_ro`` (this
addon installed, portal users in "Portal: read-only"). In each, the same data
are generated: 1,000 customer companies, 50,000 posted customer invoices and
50,000 confirmed sales orders, 10,000 of each for the big customer's company
and exactly 10 for the small customer's company. Rows are cloned in SQL from
one invoice / order made by the ORM, so generation takes seconds.

Both databases are then measured in one process, alternating them at every
run so that the load of this shared machine hits both alike, with Odoo's HTTP
server started in that process on 127.0.0.1 (so the SQL queries a request runs
are counted with ``odoo.sql_db.sql_counter``):

- ``search_count`` of the portal's invoice and order domains as the big
  customer's portal user (ORM, rules applied, caches warm);
- the first page of ``/my/invoices`` and ``/my/orders`` over HTTP;
- ``/my`` and the ``/my/counters`` call the page makes, for the big (10,000
  documents) and the small (10 documents) customer: time and SQL queries.

Medians of repeated runs; the report compares the two databases.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# scratch databases: overridable, so that two benchmarks (or two clones) on
# one PostgreSQL cluster do not share them
DB_STOCK = os.environ.get("PAE_BENCH_RO_STOCK_DB", "pae_bench_stock")
DB_ADDON = os.environ.get("PAE_BENCH_RO_ADDON_DB", "pae_bench_ro")
PASSWORD = "Bench-Portal-Pass-2026!"
N_DOCS = 50_000
N_BIG = 10_000
N_SMALL = 10
N_CUSTOMERS = 1_000
RUNS_ORM = 30
RUNS_HTTP = 15


def _bash(command):
    """Run a command with the project's environment and database helpers."""
    return subprocess.run(
        [
            "bash",
            "-c",
            f'. "{ROOT}/scripts/env.sh"; . "{ROOT}/scripts/db.sh"; {command}',
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def prepare(reuse):
    exists = _bash(
        f"pae_db_exists {DB_STOCK} && pae_db_exists {DB_ADDON} && echo yes || echo no"
    )
    if reuse and exists == "yes":
        # the addon's code may have changed since: upgrade it in place
        _bash(
            f'"$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d {DB_ADDON} '
            f"-u portal_access_ext --stop-after-init --log-level=warn"
        )
        return
    template = _bash("pae_template_db 0").splitlines()[-1]
    for db in (DB_STOCK, DB_ADDON):
        _bash(f"pae_copy_db {template} {db}")
    print(f"[bench] installing portal_access_ext in {DB_ADDON}", flush=True)
    _bash(
        f'"$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_RC" -d {DB_ADDON} '
        f"-i portal_access_ext --stop-after-init --log-level=warn"
    )


def run_measure(out):
    print("[bench] measuring both databases, interleaved", flush=True)
    subprocess.run(
        [
            "bash",
            "-c",
            f'. "{ROOT}/scripts/env.sh"; exec "$PAE_VENV/bin/python" '
            f'"{Path(__file__).resolve()}" --measure all --out {out}',
        ],
        check=True,
    )
    return json.loads(Path(out).read_text())


# ----------------------------------------------------------------------------
# Inside one database's process
# ----------------------------------------------------------------------------


def _clone_sql(cr, table, template_id, overrides, count):
    """INSERT ``count`` copies of row ``template_id`` of ``table``, with the
    columns in ``overrides`` set to SQL expressions of ``g`` (1..count)."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()]
    select = [overrides.get(column, 't."%s"' % column) for column in columns]
    names = ", ".join('"%s"' % column for column in columns)
    cr.execute(
        f'INSERT INTO "{table}" ({names}) SELECT {", ".join(select)} '
        f'FROM "{table}" t, generate_series(1, {count}) g '
        f"WHERE t.id = {int(template_id)}"
    )


def generate(env, readonly_group):
    from odoo import Command, fields

    Partner = env["res.partner"]
    companies = Partner.create(
        [{"name": f"Bench Co {i:04d}", "is_company": True} for i in range(N_CUSTOMERS)]
    )
    contacts = Partner.create(
        [
            {"name": f"Bench Contact {i:04d}", "parent_id": company.id}
            for i, company in enumerate(companies)
        ]
    )
    group_ids = [env.ref("base.group_portal").id]
    if readonly_group:
        group_ids.append(env.ref("portal_access_ext.group_portal_readonly").id)
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "login": login,
                    "name": login,
                    "password": PASSWORD,
                    "partner_id": contact.id,
                    "group_ids": [Command.set(group_ids)],
                }
                for login, contact in (
                    ("bench_big", contacts[0]),
                    ("bench_small", contacts[1]),
                )
            ]
        )
    )
    product = env["product.product"].create({"name": "Bench lamp", "list_price": 10.0})
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": companies[0].id,
            "invoice_date": fields.Date.today(),
            "invoice_line_ids": [
                Command.create({"product_id": product.id, "price_unit": 10.0})
            ],
        }
    )
    invoice.action_post()
    order = env["sale.order"].create(
        {
            "partner_id": companies[0].id,
            "order_line": [Command.create({"product_id": product.id})],
        }
    )
    order.action_confirm()
    env.flush_all()
    others = companies[2:].ids
    others_sql = "ARRAY[" + ",".join(map(str, others)) + "]"
    partner_expr = (
        f"CASE WHEN g <= {N_BIG} THEN {companies[0].id} "
        f"WHEN g <= {N_BIG + N_SMALL} THEN {companies[1].id} "
        f"ELSE ({others_sql})[1 + (g % {len(others)})] END"
    )
    # the template row is the first big-customer document: N_DOCS - 1 clones
    count = N_DOCS - 1
    partner_expr = partner_expr.replace("g <=", "g + 1 <=")
    _clone_sql(
        env.cr,
        "account_move",
        invoice.id,
        {
            "partner_id": partner_expr,
            "commercial_partner_id": partner_expr,
            "name": "'BENCH/' || g",
            "payment_reference": "'BENCH/' || g",
            "sequence_number": "g + 1",
            "access_token": "NULL",
            "inalterable_hash": "NULL",
        },
        count,
    )
    _clone_sql(
        env.cr,
        "sale_order",
        order.id,
        {
            "partner_id": partner_expr,
            "partner_invoice_id": partner_expr,
            "partner_shipping_id": partner_expr,
            "name": "'BSO' || g",
            "access_token": "NULL",
        },
        count,
    )
    env.cr.execute("ANALYZE account_move; ANALYZE sale_order; ANALYZE res_partner")
    env.invalidate_all()
    return users


def ensure_data(dbs):
    """Generate the documents in each database that has none yet; return
    {label: registry}. ``dbs``: {"stock" | "addon": database name}."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    registries = {label: Registry(db) for label, db in dbs.items()}
    for label, registry in registries.items():
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            users = env["res.users"].search(
                [("login", "in", ("bench_big", "bench_small"))]
            )
            if len(users) < 2:
                started = time.perf_counter()
                generate(env, readonly_group=label == "addon")
                cr.commit()
                print(
                    f"[bench] {label}: data generated in {time.perf_counter() - started:.1f}s"
                )
    return registries


def measure(out):
    """Measure both databases in this one process, alternating them at every
    run, so that the machine's load hits both alike."""
    sys.path.insert(0, os.environ["ODOO_SRC"])
    from bench_http import counters_call, web_session

    import odoo
    from odoo import SUPERUSER_ID, api, sql_db
    from odoo.service import server
    from odoo.tools import config

    dbs = {"stock": DB_STOCK, "addon": DB_ADDON}
    port = 8190 + (os.getpid() % 500)
    config.parse_config(
        [
            "-c",
            os.environ["ODOO_RC"],
            "--db-filter",
            f"^({DB_STOCK}|{DB_ADDON})$",
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
    registries = ensure_data(dbs)
    results = {label: {"db": db} for label, db in dbs.items()}

    # ORM: search_count as the big customer's portal user, caches warm
    domains = {
        "invoices": (
            "account.move",
            lambda commercial: [
                ("state", "not in", ("cancel", "draft")),
                ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
            ],
        ),
        "orders": (
            "sale.order",
            lambda commercial: [
                ("partner_id", "child_of", commercial.ids),
                ("state", "=", "sale"),
            ],
        ),
    }
    cursors = {label: registry.cursor() for label, registry in registries.items()}
    try:
        for key, (model, domain) in domains.items():
            timings = {label: [] for label in dbs}
            for _i in range(RUNS_ORM + 3):
                for label, cr in cursors.items():
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    big = env["res.users"].search([("login", "=", "bench_big")])
                    Model = env[model].with_user(big)
                    dom = domain(big.partner_id.commercial_partner_id)
                    env.invalidate_all()
                    started = time.perf_counter()
                    count = Model.search_count(dom)
                    timings[label].append(time.perf_counter() - started)
                    results[label][f"search_count_{key}"] = count
            for label in dbs:
                results[label][f"search_count_{key}_ms"] = (
                    statistics.median(timings[label][3:]) * 1000
                )
    finally:
        for cr in cursors.values():
            cr.close()

    # HTTP, in this process
    httpd = server.ThreadedServer(odoo.http.root)
    httpd.http_spawn()
    base = f"http://127.0.0.1:{port}"
    time.sleep(1)

    def timed(calls, runs=RUNS_HTTP):
        """calls: {label: callable}; alternate them; per label (ms, queries, last)."""
        timings = {label: [] for label in calls}
        queries = {label: [] for label in calls}
        last = {}
        for _i in range(runs + 2):
            for label, call in calls.items():
                before = sql_db.sql_counter
                started = time.perf_counter()
                response = call()
                timings[label].append(time.perf_counter() - started)
                queries[label].append(sql_db.sql_counter - before)
                assert response.status_code == 200, (label, response.status_code)
                last[label] = response
        return {
            label: (
                statistics.median(timings[label][2:]) * 1000,
                statistics.median(queries[label][2:]),
                last[label],
            )
            for label in calls
        }

    for who in ("big", "small"):
        sessions = {
            label: web_session(base, db, f"bench_{who}", PASSWORD, timeout=60)
            for label, db in dbs.items()
        }
        measured = timed(
            {
                label: (lambda s=s: s.get(f"{base}/my", timeout=60))
                for label, s in sessions.items()
            }
        )
        counters = {}
        for label, (ms, queries, home) in measured.items():
            results[label][f"my_{who}_ms"], results[label][f"my_{who}_queries"] = (
                ms,
                queries,
            )
            counters[label] = sorted(
                set(re.findall(r'data-placeholder_count="([a-z_]+)"', home.text))
            )
            results[label]["counters_requested"] = counters[label]

        measured = timed(
            {
                label: (
                    lambda s=s, c=counters[label]: counters_call(s, base, c, timeout=60)
                )
                for label, s in sessions.items()
            }
        )
        for label, (ms, queries, answer) in measured.items():
            results[label][f"counters_{who}_ms"] = ms
            results[label][f"counters_{who}_queries"] = queries
            results[label][f"counters_{who}_values"] = answer.json()["result"]
        if who == "big":
            for page in ("invoices", "orders"):
                measured = timed(
                    {
                        label: (
                            lambda s=s, page=page: s.get(
                                f"{base}/my/{page}", timeout=60
                            )
                        )
                        for label, s in sessions.items()
                    }
                )
                for label, (ms, queries, _response) in measured.items():
                    results[label][f"page_{page}_ms"] = ms
                    results[label][f"page_{page}_queries"] = queries
    httpd.httpd.shutdown()
    Path(out).write_text(json.dumps(results, indent=2, sort_keys=True))


# ----------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------


def report(stock, addon, elapsed, when=None):
    def row(label, key, unit, target=None):
        a, b = stock[key], addon[key]
        ratio = b / a if a else float("nan")
        verdict = ""
        if target is not None:
            verdict = "ok" if ratio <= target else "**over target**"
        fmt = "{:.1f}" if unit == "ms" else "{:.0f}"
        return (
            f"| {label} | {fmt.format(a)} {unit} | {fmt.format(b)} {unit} | "
            f"{ratio:.2f} | {'≤ %.1f' % target if target else ''} {verdict} |"
        )

    lines = [
        "# Read-only portal benchmark",
        "",
        f"Generated by `bench/bench_portal_readonly.py` in {elapsed / 60:.1f} min "
        f"({when or time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}), on this 2-core "
        "machine shared with other jobs (expect noise of ±20% on timings).",
        "",
        f"Data in each database: {N_CUSTOMERS} customer companies, {N_DOCS:,} posted "
        f"customer invoices and {N_DOCS:,} confirmed sales orders; {N_BIG:,} of each "
        f"for the big customer, {N_SMALL} for the small one. Stock = Odoo 19 without "
        "this addon (its own portal rules); addon = with portal_access_ext, the "
        'portal users in "Portal: read-only". Medians of '
        f"{RUNS_ORM} ORM runs / {RUNS_HTTP} HTTP requests, caches warm.",
        "",
        "| measure | stock | addon | addon/stock | target |",
        "| --- | ---: | ---: | ---: | --- |",
        row(
            "`search_count` invoices (big customer)",
            "search_count_invoices_ms",
            "ms",
            1.2,
        ),
        row(
            "`search_count` orders (big customer)", "search_count_orders_ms", "ms", 1.2
        ),
        row("`/my/invoices` first page", "page_invoices_ms", "ms", 1.2),
        row("`/my/orders` first page", "page_orders_ms", "ms", 1.2),
        row("`/my` (big customer)", "my_big_ms", "ms"),
        row("`/my/counters` (big customer, 10,000 docs)", "counters_big_ms", "ms", 2.0),
        row("`/my/counters` (small customer, 10 docs)", "counters_small_ms", "ms"),
        row("`/my` SQL queries, 10,000 docs", "my_big_queries", "q"),
        row("`/my` SQL queries, 10 docs", "my_small_queries", "q"),
        row("`/my/counters` SQL queries, 10,000 docs", "counters_big_queries", "q"),
        row("`/my/counters` SQL queries, 10 docs", "counters_small_queries", "q"),
        row("`/my/invoices` SQL queries", "page_invoices_queries", "q"),
        row("`/my/orders` SQL queries", "page_orders_queries", "q"),
        "",
        f"Counts found: stock `search_count` invoices = {stock['search_count_invoices']}, "
        f"addon = {addon['search_count_invoices']}; orders {stock['search_count_orders']} / "
        f"{addon['search_count_orders']}.",
        "",
        "Counters returned for the big customer (stock shows presence, capped at 1 "
        "for orders and invoices; the addon real numbers):",
        "",
        f"- stock: `{json.dumps(stock['counters_big_values'], sort_keys=True)}`",
        f"- addon: `{json.dumps(addon['counters_big_values'], sort_keys=True)}`",
        "",
        "Same number of queries for 10 and 10,000 documents: stock "
        f"{stock['counters_small_queries']:.0f} / {stock['counters_big_queries']:.0f}, "
        f"addon {addon['counters_small_queries']:.0f} / {addon['counters_big_queries']:.0f} "
        "(`/my/counters`); `/my` stock "
        f"{stock['my_small_queries']:.0f} / {stock['my_big_queries']:.0f}, addon "
        f"{addon['my_small_queries']:.0f} / {addon['my_big_queries']:.0f}.",
        "",
        "## Notes",
        "",
        "- `/my/counters` is measured as one call asking for every counter the "
        "page holds (the browser splits them over up to 3 calls), hence more "
        "queries than one of the browser's calls; stock and addon are asked for "
        "the same counters.",
        "- The addon's counters are real `COUNT`s (one per category); stock's "
        "order and invoice counters stop at the first row (`limit=1`). The "
        "addon's read rule adds to stock's a condition on the customer's "
        "commercial entity (resolved by PostgreSQL with the index on "
        "`res_partner.commercial_partner_id`, no list of contacts cached).",
        "- `search_count` is measured in a fresh transaction each time "
        "(`env.invalidate_all()`): the addon then reads the customer's visible "
        "kinds of documents again (3 queries: 6 against stock's 3), a cost paid "
        "once per request, not per search.",
        "- Timings are medians with both databases measured alternately in the "
        "same process; queries are counted with `odoo.sql_db.sql_counter` around "
        "each request.",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument(
        "--reuse", action="store_true", help="keep existing scratch databases"
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="rewrite the report from bench/results_readonly.json",
    )
    args = parser.parse_args()
    if args.measure:
        measure(args.out)
        return
    if args.report_only:
        both = json.loads((ROOT / "bench" / "results_readonly.json").read_text())
        text = report(
            both["stock"], both["addon"], both.get("elapsed", 0.0), both.get("when")
        )
        (ROOT / "bench" / "RESULTS_readonly.md").write_text(text)
        print(text)
        return
    started = time.perf_counter()
    prepare(args.reuse)
    with tempfile.TemporaryDirectory() as tmp:
        both = run_measure(f"{tmp}/results.json")
    stock, addon = both["stock"], both["addon"]
    text = report(stock, addon, time.perf_counter() - started)
    (ROOT / "bench" / "RESULTS_readonly.md").write_text(text)
    (ROOT / "bench" / "results_readonly.json").write_text(
        json.dumps(
            {
                "stock": stock,
                "addon": addon,
                "elapsed": time.perf_counter() - started,
                "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            },
            indent=2,
            sort_keys=True,
        )
    )
    print(text)


if __name__ == "__main__":
    main()
