"""Helpers of the tests that race real, committed transactions or real requests.

A TransactionCase or an HttpCase runs everything in one transaction, one
request at a time: races cannot be shown there. These helpers give a test
case the database's registry (``RealTransactionMixin``), environments on
cursors of their own that the test commits, threads released at the same
moment (``race``) and the outcome of one racing transaction (``settle``). The
tests clean up what they committed (tearDown / tearDownClass).
"""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time

import requests

from odoo import api, release
from odoo.modules.registry import Registry
from odoo.orm.registry import DummyRLock
from odoo.tests import get_db_name
from odoo.tools import config

# how long a racer waits for the others, and a race for all its racers
BARRIER_TIMEOUT = 60
RACE_TIMEOUT = 180


class RealTransactionMixin:
    """The registry of the test database, for cursors outside the test's
    transaction (a BaseCase: nothing is rolled back for the test)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        # Odoo's runner holds Registry._lock while it runs the tests
        # (ThreadedServer.run): a request of these tests to the test HTTP
        # server would wait for it forever in Registry(). HttpCase swaps it
        # for a dummy lock (Registry.enter_test_mode); so do these classes,
        # which serve requests in real transactions instead.
        if Registry._saved_lock is None:
            saved = Registry._lock
            Registry._lock = DummyRLock()
            cls.addClassCleanup(setattr, Registry, "_lock", saved)

    @classmethod
    @contextlib.contextmanager
    def committed_env(cls, uid=api.SUPERUSER_ID, context=None):
        """An environment on a cursor of its own, committed when the block
        ends without an error (rolled back otherwise)."""
        with cls.registry.cursor() as cr:
            yield api.Environment(cr, uid, context or {})


def live_url():
    """The test HTTP server's address (127.0.0.1, the run's port)."""
    return f"http://127.0.0.1:{config['http_port']}"


def free_port():
    """A TCP port of 127.0.0.1 nobody listens on (for a server started here)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_odoo_server(args, logfile, timeout=300):
    """Start ``odoo-bin`` with the test run's configuration on the test
    database, 127.0.0.1 and free ports, plus ``args``; return (process, url)
    once it answers /web/health (``timeout`` seconds: generous, start-up on a
    loaded machine is slow). Stop it with ``stop_odoo_server(process)``.
    ``process.gevent_port``: the port of its websocket (gevent) process,
    which a prefork server starts beside its workers."""
    db = get_db_name()
    odoo_bin = os.path.join(
        os.path.dirname(os.path.dirname(release.__file__)), "odoo-bin"
    )
    port, gevent_port = free_port(), free_port()
    command = [
        sys.executable,
        odoo_bin,
        "-c",
        config["config"],
        "-d",
        db,
        f"--db-filter=^{db}$",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={gevent_port}",
        "--max-cron-threads=0",
        f"--logfile={logfile}",
        *args,
    ]
    process = subprocess.Popen(  # our own odoo-bin, no shell
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    process.gevent_port = gevent_port
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"odoo-bin exited with {process.returncode}, see {logfile}"
            )
        with contextlib.suppress(requests.RequestException):
            # not listening yet: try again until the deadline
            if requests.get(f"{url}/web/health", timeout=10).status_code == 200:
                return process, url
        time.sleep(1)
    stop_odoo_server(process)
    raise AssertionError(f"odoo-bin did not answer within {timeout} s, see {logfile}")


def stop_odoo_server(process, timeout=60):
    """Stop a server started by ``start_odoo_server``, by its PID: SIGTERM
    (a prefork master stops its workers), SIGKILL if it hangs."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)


def race(count, attempt, timeout=RACE_TIMEOUT):
    """Run ``attempt(i, ready)`` in ``count`` threads; each calls ``ready()``
    at the point where all must be at once (a barrier). The answers, in the
    order of ``i``; an exception escaping an attempt is its answer, as the text
    "unhandled <name>: <message>" (what a race test hunts for)."""
    barrier = threading.Barrier(count)
    answers = [None] * count

    def ready():
        barrier.wait(timeout=BARRIER_TIMEOUT)

    def run(i):
        try:
            answers[i] = attempt(i, ready)
        except Exception as exc:  # reported to the test as the answer
            answers[i] = f"unhandled {type(exc).__name__}: {exc}"

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), f"a racer hung: {answers}"
    return answers


def settle(cr, work, refused, done):
    """Run ``work()`` and commit it: ``done``; or roll it back: "refused:
    <message>" for the expected errors ``refused``, "unhandled <name>:
    <message>" for any other."""
    try:
        work()
        # Two real transactions racing is the point: the winner's work must be
        # committed for the loser to collide with it.
        cr.commit()  # pylint: disable=invalid-commit
        return done
    except refused as exc:
        cr.rollback()
        return f"refused: {exc}"
    except Exception as exc:  # what a race test hunts for
        cr.rollback()
        return f"unhandled {type(exc).__name__}: {exc}"
