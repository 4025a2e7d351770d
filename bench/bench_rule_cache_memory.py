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
from odoo.tools.cache import get_cache_size

MODELS = [
    "sale.order",
    "purchase.order",
    "account.move",
    "project.project",
    "project.task",
    "account.analytic.line",
    "crm.lead",
]


def cache_entries(registry):
    """{(cache, method qualname): (entries, estimated bytes)} of the registry's
    ormcaches, as ``odoo.tools.cache.log_ormcache_stats`` counts them."""
    entries = {}
    for cache_name, cache in registry._Registry__caches.items():
        for key, value in cache.snapshot.items():
            name = (cache_name, key[1].__qualname__)
            count, size = entries.get(name, (0, 0))
            entries[name] = (count + 1, size + get_cache_size((key, value)))
    return entries


def create_partners(env, contacts, companies):
    """``contacts`` contacts spread over ``companies`` companies (each user
    of its own company when they are equal)."""
    parents = env["res.partner"].create(
        [{"name": f"Mem Co {c}", "is_company": True} for c in range(companies)]
    )
    return env["res.partner"].create(
        [
            {
                "name": f"Mem {i}",
                "parent_id": parents[i % companies].id,
                "email": f"m{i}@mem.example",
            }
            for i in range(contacts)
        ]
    )


def measure(db, contacts, users, companies=1):
    registry = Registry(db)
    with registry.cursor() as cr:
        try:
            env = api.Environment(cr, 1, {})
            partners = create_partners(env, contacts, companies)
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
            entries_before = cache_entries(registry)
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
            entries = cache_entries(registry)
            grown = {}
            for name, (count, size) in entries.items():
                count0, size0 = entries_before.get(name, (0, 0))
                if count > count0:
                    grown[name] = (count - count0, size - size0)
            return held, seconds, grown
        finally:
            cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stock-db", required=True)
    parser.add_argument("--ours-db", required=True)
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument(
        "--companies",
        type=int,
        default=1,
        help="spread the contacts over this many companies (1: one big company; "
        "equal to --users: each user of its own company)",
    )
    parser.add_argument(
        "--detail",
        action="store_true",
        help="also list the ormcache methods that gained entries",
    )
    args = parser.parse_args()
    config.parse_config(["-c", os.environ["ODOO_RC"], "--log-level=warn"])
    what = "one company" if args.companies == 1 else f"{args.companies} companies"
    print(
        f"| {args.users} portal users of {what}, {args.contacts} contacts "
        "| memory held (MB) | ormcache entries added | ormcache MB added "
        "| seconds to warm |"
    )
    print("|---|---|---|---|---|")
    results = {}
    details = {}
    for label, db in (("stock", args.stock_db), ("ours", args.ours_db)):
        held, seconds, grown = measure(db, args.contacts, args.users, args.companies)
        results[label] = held
        details[label] = grown
        entries = sum(count for count, _size in grown.values())
        size = sum(size for _count, size in grown.values())
        print(
            f"| {label} | {held / 2**20:.2f} | {entries} | {size / 2**20:.2f} "
            f"| {seconds:.1f} |",
            flush=True,
        )
    print(f"\nours / stock memory: {results['ours'] / max(results['stock'], 1):.2f}")
    if args.detail:
        print("\n| cache | method | stock entries (KB) | ours entries (KB) |")
        print("|---|---|---|---|")
        for name in sorted(set(details["stock"]) | set(details["ours"])):
            cells = [
                f"{details[label].get(name, (0, 0))[0]} ({details[label].get(name, (0, 0))[1] / 1024:.0f})"
                for label in ("stock", "ours")
            ]
            print(f"| {name[0]} | {name[1]} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
