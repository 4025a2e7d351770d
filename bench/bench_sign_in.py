"""Benchmark of a successful sign-in: stock Odoo 19 against portal_access_ext.

The addon settles every password check in the database (the throttle of
models/res_users_throttle.py); this measures what a right password costs, the
hot path of every RPC client, which signs in on every call:

* ``/web/session/authenticate`` (JSON-RPC, a fresh session each time);
* XML-RPC ``common.authenticate``.

One Odoo server (threaded, 127.0.0.1, a free port, stopped by its PID) serves
two databases copied from the same template: stock (without the addon) and
ours (with it). The calls alternate between the two databases, so that both
see the same machine load; the medians and their ratio are printed as a
Markdown table, with the transactions each sign-in committed in its database
(``pg_stat_database.xact_commit``, nothing else uses these databases).

Reproduce (from the repository root, a few minutes on 2 cores):

    scripts/bench.sh signin
"""

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import xmlrpc.client

import requests

ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo/19.0")
sys.path.insert(0, ODOO_SRC)

LOGIN = "pae_bench_signin@example.com"
PASSWORD = "Pae-Bench-Signin-2026"


def prepare(db):
    """A portal user with a known password in ``db`` (committed)."""
    from odoo import Command, api
    from odoo.modules.registry import Registry

    with Registry(db).cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
        user = env["res.users"].search([("login", "=", LOGIN)])
        if not user:
            user = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    {
                        "login": LOGIN,
                        "name": "Bench Sign-in",
                        "email": LOGIN,
                        "group_ids": [Command.set([env.ref("base.group_portal").id])],
                    }
                )
            )
        user.write({"password": PASSWORD, "active": True})
        env.cr.execute(
            "DELETE FROM auth_totp_rate_limit_log WHERE user_id = %s", [user.id]
        )


def commits(db):
    """The transactions committed in ``db`` so far (statistics flushed)."""
    from odoo.sql_db import db_connect

    time.sleep(1.5)  # PostgreSQL flushes a backend's statistics within a second
    with db_connect("postgres").cursor() as cr:
        cr.execute("SELECT pg_stat_clear_snapshot()")
        cr.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = %s", [db])
        return cr.fetchone()[0]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(dbs, port, log):
    command = [
        sys.executable,
        os.path.join(ODOO_SRC, "odoo-bin"),
        "-c",
        os.environ["ODOO_RC"],
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        # both registries loaded at start (else the server would try
        # PGDATABASE's), and only these two served
        f"--database={','.join(dbs)}",
        f"--db-filter=^({'|'.join(dbs)})$",
        "--workers=0",
        "--max-cron-threads=0",
        "--log-level=warn",
    ]
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the Odoo server exited ({server.returncode})")
        try:
            if requests.get(f"{url}/web/health", timeout=5).status_code == 200:
                return server, url
        except requests.RequestException:
            pass
        time.sleep(1)
    server.kill()
    raise RuntimeError("the Odoo server did not answer within 180 s")


def session_authenticate(url, db):
    response = requests.Session().post(
        f"{url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": db, "login": LOGIN, "password": PASSWORD},
        },
        timeout=60,
    )
    assert response.json()["result"]["uid"], response.text


def xmlrpc_authenticate(url, db):
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
    assert common.authenticate(db, LOGIN, PASSWORD, {}), "XML-RPC sign-in refused"


CALLS = {
    "/web/session/authenticate": session_authenticate,
    "XML-RPC authenticate": xmlrpc_authenticate,
}


def measure(url, dbs, calls):
    """{(call, db): [seconds]}, the databases alternating call by call."""
    times = {(name, db): [] for name in CALLS for db in dbs}
    committed = {}
    for name, call in CALLS.items():
        for db in dbs:  # warm-up: registries, caches, connections
            for _i in range(3):
                call(url, db)
        before = {db: commits(db) for db in dbs}
        for i in range(calls):
            for db in dbs if i % 2 else reversed(dbs):
                start = time.perf_counter()
                call(url, db)
                times[name, db].append(time.perf_counter() - start)
        for db in dbs:
            committed[name, db] = (commits(db) - before[db]) / calls
    return times, committed


def main():
    from odoo.tools import config

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stock-db", required=True)
    parser.add_argument("--ours-db", required=True)
    parser.add_argument("--calls", type=int, default=100)
    args = parser.parse_args()
    config.parse_config(["-c", os.environ["ODOO_RC"], "--log-level=warn"])
    dbs = (args.stock_db, args.ours_db)
    for db in dbs:
        prepare(db)
    log_path = os.path.join(os.environ.get("PAE_LOCAL", "/tmp"), "bench-signin.log")
    with open(log_path, "w") as log:
        server, url = start_server(dbs, free_port(), log)
        try:
            times, committed = measure(url, dbs, args.calls)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    print(
        f"Successful sign-ins, {args.calls} calls each, median (ms); "
        f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}\n"
    )
    print(
        "| call | stock (ms) | addon (ms) | ratio | commits / sign-in, stock "
        "| commits / sign-in, addon |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name in CALLS:
        stock = statistics.median(times[name, args.stock_db]) * 1000
        ours = statistics.median(times[name, args.ours_db]) * 1000
        print(
            f"| {name} | {stock:.1f} | {ours:.1f} | {ours / stock:.2f}\u00d7 "
            f"| {committed[name, args.stock_db]:.2f} "
            f"| {committed[name, args.ours_db]:.2f} |"
        )


if __name__ == "__main__":
    main()
