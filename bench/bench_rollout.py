"""Benchmark of the portal rollout from the contacts list (issue 16).

End to end, as in production, on a scratch database with the addon installed
(every step commits, so the database is dropped afterwards by scripts/bench.sh):

* the request: the "Portal Rollout" dialog opened on all the contacts matching
  a filter (Select all: ``active_domain``, no ids), then its Grant button,
  which checks every contact (the portal wizard's checks) and queues the job;
* the job: the scheduled action run as the scheduler runs it
  (``ir.cron.method_direct_trigger``: its own cursor, one commit per batch
  through ``_commit_progress``), until the job is done;
* the invitations: the invitation job rendering them into Odoo's mail queue
  (``mail.mail``, state outgoing); sending them is the mail queue's own job, at
  its configured rate, and is not measured.

Stock Odoo has no rollout from the list: the nearest is its portal wizard,
one ``portal.wizard.user.action_grant_access`` per contact (each sends its
invitation inside the click). It is measured on a smaller sample in a stock
database (no addon), in a rolled-back transaction with SMTP replaced by a no-op
(bench_portal_wizard.grant_stock), and extrapolated linearly: said so in the
table.

Reproduce (from the repository root):

    bash scripts/bench.sh rollout

which copies two databases from the template, installs the addon in one, and
runs ``bench/bench_rollout.py --stock-db pae_bench_rollout_stock --ours-db
pae_bench_rollout_ours``.
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.environ.get("ODOO_SRC", "/opt/odoo/19.0"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_portal_wizard import grant_stock

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

ADMIN_ID = 2  # base.user_admin, a Portal Access Manager (Settings), not the superuser


def make_contacts(registry, n, tag):
    """A company and ``n`` contacts with distinct emails, committed."""
    with registry.cursor() as cr:
        env = api.Environment(cr, ADMIN_ID, {})
        env.company.email = env.company.email or "bench@example.com"
        company = env["res.partner"].create(
            {"name": f"Rollout {tag}", "is_company": True}
        )
        env["res.partner"].create(
            [
                {
                    "name": f"Rollout {tag} {i}",
                    "parent_id": company.id,
                    "type": "contact",
                    "email": f"c{i}@{tag}.rollout.example",
                }
                for i in range(n)
            ]
        )
        return company.id


def run_cron(registry, xmlid):
    """One run of a scheduled action, as a cron worker runs it."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        result = env.ref(xmlid).method_direct_trigger()
        if result is not True:
            raise RuntimeError(f"{xmlid} failed: {result}")


def rollout_ours(registry, n, tag, invitations=True):
    company_id = make_contacts(registry, n, tag)
    out = {}
    q0, t0, c0 = odoo.sql_db.sql_counter, time.perf_counter(), time.process_time()
    # the request: Select all on the filter, then Grant Portal Access
    with registry.cursor() as cr:
        env = api.Environment(
            cr,
            ADMIN_ID,
            {
                "active_model": "res.partner",
                "active_domain": [("parent_id", "=", company_id)],
            },
        )
        rollout = env["portal.rollout"].create({"welcome_message": "Welcome"})
        assert rollout.contact_count == n, rollout.contact_count
        job_id = rollout.action_rollout()["res_id"]
    out["request"] = time.perf_counter() - t0
    # the job, until done
    for _attempt in range(100):
        with registry.cursor() as cr:
            job = api.Environment(cr, SUPERUSER_ID, {})["portal.rollout.job"].browse(
                job_id
            )
            state, granted, outcome = job.state, job.granted_count, job.outcome
        if state in ("done", "failed"):
            break
        run_cron(registry, "portal_access_ext.ir_cron_portal_rollout")
    assert state == "done" and granted == n, (state, granted, outcome)
    out["granted"] = time.perf_counter() - t0
    out["cpu"] = time.process_time() - c0  # this process only, not PostgreSQL's
    out["queries"] = odoo.sql_db.sql_counter - q0
    if not invitations:
        # not measured this time: dropped, so that the next measured run
        # renders its own invitations only
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.users"].search(
                [("portal_invite_pending", "=", True)]
            ).portal_invite_pending = False
        return out
    # the invitations, rendered into the mail queue
    t1 = time.perf_counter()
    for _attempt in range(1000):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            pending = env["res.users"].search_count(
                [("portal_invite_pending", "=", True)]
            )
        if not pending:
            break
        run_cron(registry, "portal_access_ext.ir_cron_portal_invitations")
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        users = env["res.users"].search([("partner_id.parent_id", "=", company_id)])
        mails = env["mail.mail"].search_count(
            [
                ("model", "=", "res.users"),
                ("res_id", "in", users.ids),
                ("state", "=", "outgoing"),
            ]
        )
    assert mails == n, mails
    out["invitations"] = time.perf_counter() - t1
    return out


def median(results, key):
    return statistics.median(r[key] for r in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stock-db", required=True)
    parser.add_argument("--ours-db", required=True)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--stock-sample",
        type=int,
        default=100,
        help="contacts granted one by one on stock's wizard (then extrapolated)",
    )
    parser.add_argument("--stock-runs", type=int, default=1)
    parser.add_argument(
        "--invitation-runs",
        type=int,
        default=1,
        help="runs (the first ones) that also render the invitations into the "
        "mail queue (minutes at 10,000)",
    )
    args = parser.parse_args()
    config.parse_config(["-c", os.environ["ODOO_RC"], "--log-level=warn"])

    stock = [
        grant_stock(args.stock_db, args.stock_sample, f"rs{i}")
        for i in range(args.stock_runs)
    ]
    stock_per_contact = median(stock, "seconds") / args.stock_sample
    print(
        f"stock one-click grant, {args.stock_sample} contacts: "
        f"{[round(r['seconds'], 2) for r in stock]} s",
        flush=True,
    )

    registry = Registry(args.ours_db)
    rows = []
    for n in [int(s) for s in args.sizes.split(",")]:
        results = []
        for i in range(args.runs):
            results.append(
                rollout_ours(
                    registry,
                    n,
                    f"n{n}r{i}t{int(time.time())}",
                    invitations=i < args.invitation_runs,
                )
            )
            print(f"ours N={n} run {i}: {results[-1]}", flush=True)
        rows.append((n, results))

    print(
        "\n| N contacts | request: check + queue (s) | until the job is done (s) "
        "| Odoo CPU until done (s) | invitations into the mail queue (s) "
        "| queries / contact "
        "| stock wizard, one click per contact (s) |"
    )
    print("|---|---|---|---|---|---|---|")
    for n, results in rows:
        runs = [round(r["granted"], 1) for r in results]
        invited = [r for r in results if "invitations" in r]
        print(
            f"| {n:,} | {median(results, 'request'):.1f} "
            f"| {median(results, 'granted'):.1f} {runs} "
            f"| {median(results, 'cpu'):.1f} "
            + (
                f"| {median(invited, 'invitations'):.1f} ({len(invited)} run) "
                if invited
                else "| not measured "
            )
            + f"| {median(results, 'queries') / n:.2f} "
            f"| ~{stock_per_contact * n:,.0f} (extrapolated from {args.stock_sample}) |"
        )


if __name__ == "__main__":
    main()
