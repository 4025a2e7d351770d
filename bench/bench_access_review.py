"""Benchmark of the Portal Access Review's filters on 20,000 portal users.

Fills a scratch database (once: skipped when the bench users exist) with N
portal users copied at the SQL level from one user created by the ORM, and
their history: a quarter signed in 5 days ago, a quarter 200 days ago, half
never (half of the accounts 200 days old), one in ten with access ending in
15 days, one in twenty with a login that is not the email, 50 locked out, five
sign-in rows per user who signed in. Then times each ready filter's
``search_count`` (as the list's count does), the first page of each filtered
list with its columns, and the digest's counts: median of 3 runs, cache
cleared before each.

Reproduce (from the repository root; the scratch db is a copy of a test db
with the addon installed, e.g. the one scripts/test.sh leaves):

    . scripts/env.sh; . scripts/db.sh
    createdb -T pae_review_test pae_review_bench
    $PAE_VENV/bin/python bench/bench_access_review.py --db pae_review_bench
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.environ.get("ODOO_SRC", "/opt/odoo/19.0"))

from odoo import SUPERUSER_ID, Command, api
from odoo.fields import Domain
from odoo.modules.registry import Registry
from odoo.tools import config

LIST_FIELDS = [
    "name",
    "login",
    "email",
    "portal_last_sign_in",
    "create_date",
    "portal_access_expiry_date",
    "portal_review_dormant",
    "portal_review_invite_unaccepted",
    "portal_review_locked",
]


def _copy_columns(cr, table, overrides):
    """INSERT ... SELECT column list: every column but id, overridden ones
    replaced by SQL expressions (g is the series number)."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    cols = [row[0] for row in cr.fetchall()]
    exprs = [overrides.get(col, f"t.{col}") for col in cols]
    return ", ".join(f'"{c}"' for c in cols), ", ".join(exprs)


def populate(env, count):
    cr = env.cr
    if (
        env["res.users"]
        .with_context(active_test=False)
        .search_count([("login", "=like", "bench-review-%")])
    ):
        print("bench users already there: not populated again")
        return
    start = time.monotonic()
    template = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": "Bench Template",
                "login": "bench-template@example.com",
                "email": "bench-template@example.com",
                "group_ids": [Command.set([env.ref("base.group_portal").id])],
            }
        )
    )
    env.flush_all()
    cols, exprs = _copy_columns(
        cr,
        "res_partner",
        {
            "name": "'Bench Review ' || g",
            "complete_name": "'Bench Review ' || g",
            "email": "'bench-review-' || g || '@example.com'",
            "email_normalized": "'bench-review-' || g || '@example.com'",
        },
    )
    cr.execute(
        f"INSERT INTO res_partner ({cols}) SELECT {exprs} FROM res_partner t, "
        f"generate_series(1, %s) g WHERE t.id = %s",
        [count, template.partner_id.id],
    )
    cols, exprs = _copy_columns(
        cr,
        "res_users",
        {
            "partner_id": "p.id",
            "login": (
                "CASE WHEN g %% 20 = 0 THEN 'bench-review-alt-' || g || '@example.com'"
                " ELSE 'bench-review-' || g || '@example.com' END"
            ),
            "create_date": (
                "CASE WHEN g %% 2 = 0 THEN now() - interval '200 days' ELSE now() END"
            ),
            "portal_access_expiry_date": (
                "CASE WHEN g %% 10 = 0 THEN current_date + 15 ELSE NULL END"
            ),
        },
    )
    cr.execute(
        f"INSERT INTO res_users ({cols}) SELECT {exprs} FROM res_users t, "
        f"generate_series(1, %s) g JOIN res_partner p "
        f"ON p.email = 'bench-review-' || g || '@example.com' WHERE t.id = %s",
        [count, template.id],
    )
    cr.execute(
        "INSERT INTO res_groups_users_rel (gid, uid) SELECT r.gid, u.id "
        "FROM res_groups_users_rel r, res_users u "
        "WHERE r.uid = %s AND u.login LIKE 'bench-review-%%'",
        [template.id],
    )
    cr.execute(
        "INSERT INTO res_company_users_rel (cid, user_id) SELECT r.cid, u.id "
        "FROM res_company_users_rel r, res_users u "
        "WHERE r.user_id = %s AND u.login LIKE 'bench-review-%%'",
        [template.id],
    )
    # sign-ins: g % 4 = 1 five days ago, g % 4 = 2 two hundred days ago
    cr.execute(
        """
        INSERT INTO res_users_log (create_uid, create_date, write_uid, write_date)
        SELECT u.id, d, u.id, d FROM (
            SELECT u.id, now() - (CASE WHEN u.id %% 4 = 1 THEN interval '5 days'
                                       ELSE interval '200 days' END)
                         - k * interval '1 day' AS d
              FROM res_users u, generate_series(0, 4) k
             WHERE u.login LIKE 'bench-review-%%' AND u.id %% 4 IN (1, 2)) u
        """,
        [],
    )
    cr.execute(
        """
        INSERT INTO auth_totp_rate_limit_log
               (user_id, ip, limit_type, portal_locked_until, create_date, create_uid)
        SELECT id, '10.0.0.1', 'password_check', now() + interval '10 minutes',
               now(), 1
          FROM res_users WHERE login LIKE 'bench-review-%%' ORDER BY id LIMIT 50
        """,
        [],
    )
    cr.execute("ANALYZE res_users; ANALYZE res_users_log; ANALYZE res_partner")
    cr.commit()
    print(f"populated {count} portal users in {time.monotonic() - start:.1f} s")


def timed(env, fn, runs):
    times = []
    for _ in range(runs):
        env.invalidate_all()
        env.registry.clear_cache()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--users", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    config.parse_config(["-c", os.environ["ODOO_RC"], "--log-level=warn"])
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        populate(env, args.users)
    with registry.cursor() as cr:
        env = api.Environment(cr, 2, {})  # base.user_admin
        Users = env["res.users"]
        base = Users._portal_review_base_domain()
        total = Users.search_count(base)
        print(f"portal users: {total}\n")
        print(
            "| filter | matches | search_count (s) | first page of 80 + columns (s) |"
        )
        print("| --- | ---: | ---: | ---: |")
        for key, (_label, domain) in Users._portal_review_filters().items():
            full = base & domain
            count_s, count = timed(env, lambda d=full: Users.search_count(d), args.runs)
            page_s, _ = timed(
                env,
                lambda d=full: Users.search(d, limit=80).read(LIST_FIELDS),
                args.runs,
            )
            print(f"| {key} | {count} | {count_s:.3f} | {page_s:.3f} |")
        digest_s, _ = timed(env, Users._portal_review_counts, args.runs)
        print(f"| all counts (digest) | - | {digest_s:.3f} | - |")
        unfiltered_s, _ = timed(
            env,
            lambda: Users.search(base & Domain.TRUE, limit=80).read(LIST_FIELDS),
            args.runs,
        )
        print(f"| no filter | {total} | - | {unfiltered_s:.3f} |")
        cr.rollback()


if __name__ == "__main__":
    main()
