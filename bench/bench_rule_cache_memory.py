"""Memory that the rule caches keep for the portal users of one big company:
stock Odoo 19 against portal_access_ext, in-process (tracemalloc), not a
worker's RSS over HTTP.

For one company with N contacts and U portal users, as each user: the record
rules and access rights of the document models (what every portal page
computes and Odoo caches per user), then the memory still held by those caches.

    $PAE_VENV/bin/python bench/bench_rule_cache_memory.py \\
        --stock-db pae_bench_admin_stock --ours-db pae_bench_admin_ours
"""

import argparse
import os
import sys
import time
import tracemalloc

sys.path.insert(0, os.environ.get("ODOO_SRC", "/opt/odoo/19.0"))

from odoo import Command, api
from odoo.exceptions import AccessError
from odoo.modules.registry import Registry
from odoo.tools import config

MODELS = [
    "sale.order",
    "purchase.order",
    "account.move",
    "project.project",
    "project.task",
    "account.analytic.line",
    "crm.lead",
]


def measure(db, contacts, users):
    registry = Registry(db)
    with registry.cursor() as cr:
        try:
            env = api.Environment(cr, 1, {})
            company = env["res.partner"].create({"name": "Mem Co", "is_company": True})
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"Mem {i}",
                        "parent_id": company.id,
                        "email": f"m{i}@mem.example",
                    }
                    for i in range(contacts)
                ]
            )
            portal = env.ref("base.group_portal")
            created = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    [
                        {
                            "login": p.email,
                            "name": p.name,
                            "partner_id": p.id,
                            "group_ids": [Command.set(portal.ids)],
                        }
                        for p in partners[:users]
                    ]
                )
            )
            env.flush_all()
            registry.clear_cache()
            models = [m for m in MODELS if m in env]
            tracemalloc.start()
            before = tracemalloc.get_traced_memory()[0]
            t0 = time.perf_counter()
            for user in created:
                uenv = api.Environment(cr, user.id, {})
                for model in models:
                    try:
                        uenv[model].search_count([], limit=1)
                    except AccessError:
                        pass  # no ACL for portal users (stock's pages sudo)
                uenv.invalidate_all()
            seconds = time.perf_counter() - t0
            env.invalidate_all()
            held = tracemalloc.get_traced_memory()[0] - before
            tracemalloc.stop()
            return held, seconds
        finally:
            cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stock-db", required=True)
    parser.add_argument("--ours-db", required=True)
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--users", type=int, default=200)
    args = parser.parse_args()
    config.parse_config(["-c", os.environ["ODOO_RC"], "--log-level=warn"])
    print(
        f"| {args.users} portal users of one company with {args.contacts} contacts "
        "| cache memory held (MB) | seconds to warm |"
    )
    print("|---|---|---|")
    results = {}
    for label, db in (("stock", args.stock_db), ("ours", args.ours_db)):
        held, seconds = measure(db, args.contacts, args.users)
        results[label] = held
        print(f"| {label} | {held / 2**20:.1f} | {seconds:.1f} |", flush=True)
    print(f"\nours / stock memory: {results['ours'] / max(results['stock'], 1):.2f}")


if __name__ == "__main__":
    main()
