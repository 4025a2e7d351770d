"""The read-only portal's pages with Odoo in prefork mode: stock Odoo 19
against portal_access_ext, side by side.

    PAE_BENCH_RO_STOCK_DB=pae_perf_ro_stock PAE_BENCH_RO_ADDON_DB=pae_perf_ro_addon \\
        $PAE_VENV/bin/python bench/bench_prefork.py [--reuse] [--runs 15]

The databases and their data are those of ``bench/bench_portal_readonly.py``
(copied from the test template; 50,000 posted customer invoices and 50,000
confirmed sales orders, i.e. 100,000 documents, 10,000 invoices and 10,000
orders of them for the big customer, 10 of each for the small one).

One Odoo server is started in prefork mode (``--workers=2``, listening on
127.0.0.1 only, no cron) with both databases in its filter, and stopped by its
PID at the end. Each request is sent to stock and to the addon in turn (stock,
addon, addon, stock, …), so that the load of this shared machine weighs on
both alike; medians of the timings after two warm-up rounds, over HTTP from
this process. The queries of each request are counted by the in-process
benchmark (bench_portal_readonly.py), not here: the workers are other
processes. The workers' resident memory (RSS) is read from /proc at the end.
"""

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_portal_readonly as ro
from bench_http import counters_call, web_session

ROOT = ro.ROOT


def generate_data():
    """Make sure both databases hold the documents (in a child process: the
    registries loaded to generate them are not the server's)."""
    subprocess.run(
        [
            "bash",
            "-c",
            f'. "{ROOT}/scripts/env.sh"; exec "$PAE_VENV/bin/python" '
            f'"{Path(__file__).resolve()}" --generate',
        ],
        check=True,
    )


def _generate_in_process():
    sys.path.insert(0, os.environ["ODOO_SRC"])
    from odoo.tools import config

    config.parse_config(["-c", os.environ["ODOO_RC"], "--log-level", "warn"])
    ro.ensure_data({"stock": ro.DB_STOCK, "addon": ro.DB_ADDON})


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port, log):
    command = (
        f'. "{ROOT}/scripts/env.sh"; exec "$PAE_VENV/bin/python" "$ODOO_SRC/odoo-bin" '
        f'-c "$ODOO_RC" --workers=2 --max-cron-threads=0 '
        f"--http-interface=127.0.0.1 --http-port={port} "
        f"--db-filter='^({ro.DB_STOCK}|{ro.DB_ADDON})$' "
        f"--limit-time-real=600 --limit-time-cpu=600 --log-level=warn"
    )
    process = subprocess.Popen(
        ["bash", "-c", command], stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    for _i in range(120):
        try:
            requests.get(f"{base}/web/webclient/version_info", timeout=5)
            return process, base
        except requests.ConnectionError:
            if process.poll() is not None:
                raise RuntimeError("the Odoo server stopped; see its log") from None
            time.sleep(1)
    raise RuntimeError("the Odoo server did not answer in 2 minutes")


def worker_rss_mb(master_pid):
    """Resident memory of the prefork workers (children of the master)."""
    rss = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M):
            found = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
            if found:
                rss.append(int(found.group(1)) / 1024)
    return sorted(rss)


def timed(calls, runs):
    """calls: {label: callable}; in turn, the order reversed every other round;
    {label: (median ms, all ms)} without the two warm-up rounds."""
    timings = {label: [] for label in calls}
    labels = list(calls)
    for i in range(runs + 2):
        for label in labels if i % 2 == 0 else labels[::-1]:
            started = time.perf_counter()
            response = calls[label]()
            timings[label].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (label, response.status_code)
    return {
        label: (statistics.median(values[2:]), values[2:])
        for label, values in timings.items()
    }


def measure(base, runs):
    dbs = {"stock": ro.DB_STOCK, "addon": ro.DB_ADDON}
    rows = []
    for who in ("big", "small"):
        sessions = {
            label: web_session(base, db, f"bench_{who}", ro.PASSWORD)
            for label, db in dbs.items()
        }
        homes = {
            label: s.get(f"{base}/my", timeout=120) for label, s in sessions.items()
        }
        counters = {
            label: sorted(
                set(re.findall(r'data-placeholder_count="([a-z_]+)"', home.text))
            )
            for label, home in homes.items()
        }
        docs = "10,000 docs" if who == "big" else "10 docs"
        pages = [
            (
                f"`/my` ({who} customer, {docs})",
                lambda s: s.get(f"{base}/my", timeout=120),
            )
        ]
        pages.append(
            (
                f"`/my/counters` ({who} customer, {docs})",
                None,  # per label: the counters its /my asks for
            )
        )
        if who == "big":
            pages += [
                (
                    "`/my/invoices` first page (big customer)",
                    lambda s: s.get(f"{base}/my/invoices", timeout=120),
                ),
                (
                    "`/my/orders` first page (big customer)",
                    lambda s: s.get(f"{base}/my/orders", timeout=120),
                ),
            ]
        for title, call in pages:
            if call is None:
                calls = {
                    label: (lambda s=s, c=counters[label]: counters_call(s, base, c))
                    for label, s in sessions.items()
                }
            else:
                calls = {
                    label: (lambda s=s, call=call: call(s))
                    for label, s in sessions.items()
                }
            result = timed(calls, runs)
            rows.append((title, result["stock"], result["addon"]))
            print(
                f"[bench] {title}: stock {result['stock'][0]:.1f} ms, "
                f"addon {result['addon'][0]:.1f} ms",
                flush=True,
            )
    return rows


def report(rows, rss, runs, when, elapsed):
    lines = [
        "| measure (prefork, `--workers=2`) | stock ms | addon ms | addon/stock | target |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for title, stock, addon in rows:
        ratio = addon[0] / stock[0]
        verdict = "≤ 1.2 ok" if ratio <= 1.2 else "≤ 1.2 MISSED"
        lines.append(
            f"| {title} | {stock[0]:.1f} | {addon[0]:.1f} | {ratio:.2f} | {verdict} |"
        )
    lines.append("")
    lines.append(
        f"{when}, {elapsed / 60:.1f} min, medians of {runs} requests per page and side "
        "(two warm-up rounds left out), interleaved. Workers' RSS at the end (both "
        f"databases' registries loaded in each): {', '.join(f'{r:.0f} MB' for r in rss)}."
    )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--reuse", action="store_true", help="keep existing scratch databases"
    )
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if args.generate:
        _generate_in_process()
        return
    started = time.perf_counter()
    ro.prepare(args.reuse)
    generate_data()
    port = _free_port()
    log_path = Path(os.environ.get("PAE_LOCAL", ROOT / ".local")) / "bench-prefork.log"
    with open(log_path, "w") as log:
        process, base = start_server(port, log)
        try:
            rows = measure(base, args.runs)
            rss = worker_rss_mb(process.pid)
        finally:
            process.send_signal(signal.SIGTERM)  # the master stops its workers
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
    print(
        report(
            rows,
            rss,
            args.runs,
            time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            time.perf_counter() - started,
        )
    )


if __name__ == "__main__":
    main()
