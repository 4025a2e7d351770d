"""Benchmark of the portal-access wizard: stock Odoo 19 against portal_access_ext.

Measured side by side in one run, on one machine, each in its own database
copied from the project's template (so "stock" really is stock: the addon is
not installed there):

* grant, stock: one click at a time on the stock wizard, i.e. a fresh cache (a
  new request) and ``portal.wizard.user.action_grant_access`` for each line in
  turn; the modal reload after each click is NOT counted (flattering stock);
* grant, ours: tick every line and one ``portal.wizard.action_apply``;
* open: ``portal.wizard.action_open_wizard`` on a company with N contacts plus
  reading the wizard's list columns, as the web client does, before and after
  all contacts have access.

Outgoing SMTP is replaced by a no-op returning a message id in both databases
(stock sends each invitation inside the click, ours queues them), so no network
time is measured. Every measurement runs in a transaction that is rolled back.
SQL queries are counted with ``odoo.sql_db.sql_counter``.

Reproduce (from the repository root, about 10 minutes on 2 cores):

    . scripts/env.sh; . scripts/db.sh; bash scripts/setup.sh
    tmpl=$(pae_template_db 0)
    pae_copy_db "$tmpl" pae_bench_admin_stock; pae_copy_db "$tmpl" pae_bench_admin_ours
    bash scripts/odoo.sh -d pae_bench_admin_ours -i portal_access_ext --stop-after-init
    $PAE_VENV/bin/python bench/bench_portal_wizard.py \
        --stock-db pae_bench_admin_stock --ours-db pae_bench_admin_ours
"""

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from unittest.mock import patch

sys.path.insert(0, os.environ.get("ODOO_SRC", "/opt/odoo/19.0"))

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.tools import config

LIST_FIELDS = [
    "partner_id",
    "email",
    "email_state",
    "login_date",
    "is_portal",
    "is_internal",
]
OUR_FIELDS = [
    "in_portal",
    "status",
    "access_expiry_date",
    "login_differs",
    "invite_error",
    # a hidden column of the list: the web client reads it with the others
    "portal_category_ids",
]


@contextmanager
def no_smtp():
    from odoo.addons.base.models.ir_mail_server import IrMail_Server

    with patch.object(
        IrMail_Server, "send_email", autospec=True, return_value="<bench@localhost>"
    ):
        yield


@contextmanager
def env_for(db):
    """An admin environment in a transaction that is always rolled back."""
    registry = Registry(db)
    with registry.cursor() as cr:
        try:
            env = api.Environment(cr, 2, {})  # base.user_admin, not the superuser
            env.company.email = env.company.email or "bench@example.com"
            yield env
        finally:
            cr.rollback()


def make_company(env, n, tag):
    company = env["res.partner"].create(
        {
            "name": f"Bench {tag}",
            "is_company": True,
            "email": f"info@{tag}.bench.example",
        }
    )
    env["res.partner"].create(
        [
            {
                "name": f"Bench {tag} {i}",
                "parent_id": company.id,
                "type": "contact",
                "email": f"c{i}@{tag}.bench.example",
            }
            for i in range(n)
        ]
    )
    env.flush_all()
    return company


@contextmanager
def measure(env, out):
    env.flush_all()
    env.invalidate_all()
    q0, t0 = odoo.sql_db.sql_counter, time.perf_counter()
    yield
    env.flush_all()
    out["seconds"] = time.perf_counter() - t0
    out["queries"] = odoo.sql_db.sql_counter - q0


def open_wizard(env, company, fields, web_limit=None):
    """The wizard opened on ``company``, its lines' columns read: of every
    line, or (``web_limit``) as the web client's form reads it, the list's
    first page through ``web_read``."""
    action = (
        env["portal.wizard"].with_context(active_ids=[company.id]).action_open_wizard()
    )
    wizard = env["portal.wizard"].browse(action["res_id"])
    if web_limit:
        wizard.web_read(
            {
                "user_ids": {
                    "fields": {name: {} for name in fields if name != "partner_id"}
                    | {"partner_id": {"fields": {"display_name": {}}}},
                    "limit": web_limit,
                }
            }
        )
    else:
        wizard.user_ids.read(fields)
    return wizard


def grant_stock(db, n, tag):
    with env_for(db) as env, no_smtp():
        company = make_company(env, n, tag)
        wizard = open_wizard(env, company, LIST_FIELDS)
        line_ids = wizard.user_ids.ids
        out = {}
        with measure(env, out):
            for line_id in line_ids:
                env.invalidate_all()  # every click is a new request
                env["portal.wizard.user"].browse(line_id).action_grant_access()
        assert len(company.child_ids.user_ids) == n
        return out


def grant_ours(db, n, tag):
    with env_for(db) as env, no_smtp():
        company = make_company(env, n, tag)
        wizard = open_wizard(env, company, LIST_FIELDS + OUR_FIELDS)
        wizard.user_ids.write({"in_portal": True})
        out = {}
        with measure(env, out):
            wizard.action_apply()
        assert len(company.child_ids.user_ids) == n, wizard.summary
        out["queued"] = env["mail.mail"].search_count([("state", "=", "outgoing")])
        return out


def give_access_fast(env, company):
    """Portal users for every contact, created without the wizard (setup only)."""
    portal = env.ref("base.group_portal")
    partners = company | company.child_ids
    env["res.users"].with_context(
        no_reset_password=True, mail_create_nolog=True
    ).create(
        [
            {
                "login": p.email,
                "partner_id": p.id,
                "group_ids": [(6, 0, portal.ids)],
            }
            for p in partners
        ]
    )
    env.flush_all()


def wizard_open(db, n, tag, with_access, fields, web_limit=None):
    with env_for(db) as env:
        company = make_company(env, n, tag)
        if with_access:
            give_access_fast(env, company)
        out = {}
        with measure(env, out):
            open_wizard(env, company, fields, web_limit)
        return out


def apply_changes(db, n, changes, tag, ours):
    """Grant ``changes`` contacts of an open wizard of ``n`` lines: ours ticks
    them and applies once, stock clicks each line's Grant (a new request each)."""
    with env_for(db) as env, no_smtp():
        company = make_company(env, n, tag)
        wizard = open_wizard(env, company, LIST_FIELDS + (OUR_FIELDS if ours else []))
        lines = wizard.user_ids.sorted("id")[:changes]
        out = {}
        with measure(env, out):
            if ours:
                lines.write({"in_portal": True})
                wizard.action_apply()
            else:
                for line_id in lines.ids:
                    env.invalidate_all()
                    env["portal.wizard.user"].browse(line_id).action_grant_access()
        assert len((company | company.child_ids).user_ids) == changes
        return out


def apply_table(args, n, changes):
    """Apply of ``changes`` lines among ``n``, side by side, runs interleaved."""
    results = {"stock": [], "ours": []}
    for i in range(args.runs):
        for label, db in (("stock", args.stock_db), ("ours", args.ours_db)):
            results[label].append(
                apply_changes(db, n, changes, f"a{label}{i}", label == "ours")
            )
            print(f"apply {label} run {i}: {results[label][-1]}", flush=True)
    print(f"\n| {changes} changes among {n} lines | seconds (runs) | queries |")
    print("|---|---|---|")
    for label, runs in results.items():
        seconds = [r["seconds"] for r in runs]
        print(
            f"| {label} | {statistics.median(seconds):.2f} "
            f"{[round(s, 2) for s in seconds]} "
            f"| {statistics.median(r['queries'] for r in runs):.0f} |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stock-db", required=True)
    parser.add_argument("--ours-db", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="20,200,1000")
    parser.add_argument(
        "--stock-max",
        type=int,
        default=200,
        help="largest N measured for stock's one-click grant",
    )
    parser.add_argument(
        "--open-sizes",
        help="only measure opening the wizard at these sizes (e.g. "
        "20,500,1000,2000,5000), side by side, without and with access",
    )
    parser.add_argument(
        "--open-access-max",
        type=int,
        default=1000,
        help="largest N opened on contacts that all have access (stock's "
        "check is quadratic there: ~30 s at 1,000)",
    )
    parser.add_argument(
        "--web-limit",
        type=int,
        help="with --open-sizes: read the columns as the web client's form does "
        "(web_read of the list's first page, e.g. 40 lines) instead of every line",
    )
    parser.add_argument(
        "--apply-changes",
        metavar="CHANGES/LINES",
        help="only measure Apply of CHANGES grants in a wizard of LINES lines "
        "(e.g. 100/5000), ours against stock's clicks on those lines",
    )
    args = parser.parse_args()
    config.parse_config(["-c", os.environ["ODOO_RC"], "--log-level=warn"])
    if args.apply_changes:
        changes, lines = (int(x) for x in args.apply_changes.split("/"))
        apply_table(args, lines, changes)
        return
    if args.open_sizes:
        open_table(args, [int(s) for s in args.open_sizes.split(",")])
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []

    def grant(fn, db, n, label):
        results = []
        for i in range(args.runs):
            results.append(fn(db, n, f"{label}{n}r{i}"))
        return {
            "seconds": statistics.median(r["seconds"] for r in results),
            "queries": statistics.median(r["queries"] for r in results),
            "all": [round(r["seconds"], 2) for r in results],
        }

    for n in sizes:
        ours = grant(grant_ours, args.ours_db, n, "o")
        stock = (
            grant(grant_stock, args.stock_db, n, "s") if n <= args.stock_max else None
        )
        rows.append((n, stock, ours))
        print(f"N={n} ours={ours} stock={stock}", flush=True)

    opens = []
    biggest = max(sizes)
    for with_access in (False, True):
        for label, db, fields in (
            ("stock", args.stock_db, LIST_FIELDS),
            ("ours", args.ours_db, LIST_FIELDS + OUR_FIELDS),
        ):
            results = [
                wizard_open(
                    db, biggest, f"w{label}{int(with_access)}r{i}", with_access, fields
                )
                for i in range(args.runs)
            ]
            opens.append(
                (
                    label,
                    with_access,
                    statistics.median(r["seconds"] for r in results),
                    statistics.median(r["queries"] for r in results),
                )
            )
            print(f"open {label} access={with_access}: {opens[-1]}", flush=True)

    # Results as a markdown table.
    per_contact_stock = None
    print(
        "\n| N | stock one-click grant (s) | stock queries/contact | ours Apply (s) | ours queries/contact | speed-up |"
    )
    print("|---|---|---|---|---|---|")
    for n, stock, ours in rows:
        if stock:
            per_contact_stock = stock["seconds"] / n
            stock_s = f"{stock['seconds']:.2f} {stock['all']}"
            stock_q = f"{stock['queries'] / n:.0f}"
            speed = stock["seconds"] / ours["seconds"]
        else:
            est = per_contact_stock * n
            stock_s = f"~{est:.0f} (extrapolated linearly from N={args.stock_max})"
            stock_q = "n/a"
            speed = est / ours["seconds"]
        print(
            f"| {n} | {stock_s} | {stock_q} | {ours['seconds']:.2f} {ours['all']} "
            f"| {ours['queries'] / n:.1f} | {speed:.0f}x |"
        )
    if len(rows) >= 2:
        small = (
            next(r for r in rows if r[0] == 200)
            if any(r[0] == 200 for r in rows)
            else rows[0]
        )
        big = rows[-1]
        print(
            f"\nApply N={big[0]} / N={small[0]} cost ratio: "
            f"{big[2]['seconds'] / small[2]['seconds']:.2f} (N ratio {big[0] / small[0]:.0f})"
        )
    print(
        f"\n| wizard open, N={biggest} contacts | existing access | seconds | queries |"
    )
    print("|---|---|---|---|")
    for label, with_access, seconds, queries in opens:
        print(
            f"| {label} | {'yes' if with_access else 'no'} | {seconds:.2f} | {queries:.0f} |"
        )


def open_table(args, sizes):
    """Wizard open (and column read) at each size, stock and ours side by side."""
    print(
        "| N contacts | existing access | stock s (runs) | ours s (runs) | ours/stock | queries stock / ours |"
    )
    print("|---|---|---|---|---|---|")
    for with_access in (False, True):
        for n in sizes:
            if with_access and n > args.open_access_max:
                continue
            cells = {}
            sides = (
                ("stock", args.stock_db, LIST_FIELDS),
                ("ours", args.ours_db, LIST_FIELDS + OUR_FIELDS),
            )
            # interleaved (stock, ours, stock, ours…): the load of the shared
            # machine weighs on both sides alike
            runs = {label: [] for label, _db, _fields in sides}
            for i in range(args.runs):
                for label, db, fields in sides if i % 2 == 0 else sides[::-1]:
                    runs[label].append(
                        wizard_open(
                            db,
                            n,
                            f"o{label}{n}{int(with_access)}r{i}",
                            with_access,
                            fields,
                            args.web_limit,
                        )
                    )
            for label, _db, _fields in sides:
                results = runs[label]
                cells[label] = (
                    statistics.median(r["seconds"] for r in results),
                    [round(r["seconds"], 2) for r in results],
                    statistics.median(r["queries"] for r in results),
                )
            stock, ours = cells["stock"], cells["ours"]
            print(
                f"| {n} | {'yes' if with_access else 'no'} | {stock[0]:.2f} {stock[1]} "
                f"| {ours[0]:.2f} {ours[1]} | {ours[0] / stock[0]:.2f} "
                f"| {stock[2]:.0f} / {ours[2]:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
