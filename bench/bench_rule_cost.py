"""Cost of the record rules for a portal user of a large company: stock Odoo
19 against portal_access_ext, side by side in one run (issue 16: "rule cost
for a 5,000-contact company at most 1.2 times stock, cold and warm").

In each database (copies of the project template; the addon installed in one
only), in a transaction rolled back at the end: one company with N contacts,
a portal user among them, then, as that user, ``search_count([])`` on each
document model of the portal (the rules of that user applied):

* warm: the caches filled by a first run (what every request after the
  first one pays);
* cold: Odoo's caches cleared before each count (``registry.clear_cache()``,
  the first request of a worker, or after a cache invalidation).

Runs are interleaved (stock, ours, stock, ...); medians, SQL queries counted.

    $PAE_VENV/bin/python bench/bench_rule_cost.py \\
        --stock-db pae_perf_bench_stock --ours-db pae_perf_bench_ours --contacts 5000
"""

import argparse
import os
import statistics
import sys
import time
from contextlib import ExitStack

sys.path.insert(0, os.environ.get("ODOO_SRC", "/opt/odoo/19.0"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_rule_cache_memory import MODELS, create_partners

from odoo import Command, api, sql_db
from odoo.exceptions import AccessError
from odoo.modules.registry import Registry
from odoo.tools import config


def prepare(stack, db, contacts):
    """An environment of the portal user of a company with ``contacts``
    contacts, in a transaction rolled back when ``stack`` closes."""
    registry = Registry(db)
    cr = stack.enter_context(registry.cursor())
    stack.callback(cr.rollback)
    env = api.Environment(cr, 1, {})
    partners = create_partners(env, contacts, 1)
    user = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "login": partners[0].email,
                "name": partners[0].name,
                "partner_id": partners[0].id,
                "group_ids": [Command.set(env.ref("base.group_portal").ids)],
            }
        )
    )
    env.flush_all()
    return registry, api.Environment(cr, user.id, {})


def count_all(registry, env, cold):
    """Seconds and SQL queries of a search_count on every document model."""
    models = [model for model in MODELS if model in env]
    if cold:
        registry.clear_cache()
    env.invalidate_all()
    queries, started = sql_db.sql_counter, time.perf_counter()
    for model in models:
        try:
            env[model].search_count([])
        except AccessError:
            pass  # no ACL for portal users (stock's pages read with sudo)
    return time.perf_counter() - started, sql_db.sql_counter - queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stock-db", required=True)
    parser.add_argument("--ours-db", required=True)
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    config.parse_config(["-c", os.environ["ODOO_RC"], "--log-level=warn"])
    with ExitStack() as stack:
        sides = {
            "stock": prepare(stack, args.stock_db, args.contacts),
            "ours": prepare(stack, args.ours_db, args.contacts),
        }
        print(
            f"| rules of a portal user, company of {args.contacts:,} contacts "
            "| stock ms (queries) | ours ms (queries) | ours/stock |"
        )
        print("|---|---:|---:|---:|")
        for cold in (False, True):
            timings = {label: [] for label in sides}
            counts = {label: [] for label in sides}
            for registry, env in sides.values():
                count_all(registry, env, cold)  # warm-up
            for _i in range(args.runs):
                for label, (registry, env) in sides.items():
                    seconds, queries = count_all(registry, env, cold)
                    timings[label].append(seconds * 1000)
                    counts[label].append(queries)
            ms = {label: statistics.median(values) for label, values in timings.items()}
            q = {label: statistics.median(values) for label, values in counts.items()}
            print(
                f"| `search_count` on {len(MODELS)} document models, "
                f"{'cold (caches cleared)' if cold else 'warm'} "
                f"| {ms['stock']:.1f} ({q['stock']:.0f}) | {ms['ours']:.1f} "
                f"({q['ours']:.0f}) | {ms['ours'] / ms['stock']:.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
