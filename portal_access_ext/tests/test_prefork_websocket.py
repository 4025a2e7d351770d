"""A prefork server started from the project's venv serves live updates.

In production Odoo runs ``--workers=N``: the HTTP workers, and beside them
the gevent process (``odoo-bin gevent``) that holds the websockets of the bus
(live chatter, notifications). From a venv where that process cannot start
(gevent's ``pkg_resources`` entry point check) it crash-loops while the HTTP
workers answer normally, so only a websocket shows it. This case starts
``odoo-bin --workers=2`` on 127.0.0.1, opens a websocket on its gevent port,
subscribes, and waits for a bus notification committed in the database to
arrive, as a browser tab would; then the same through
``scripts/prefork_proxy.py`` (what ``make run WORKERS=2`` puts in front of
the server), pages and websocket on one address. It stops the server and
the proxy by their PIDs."""

import json
import os
import subprocess
import sys
import tempfile
import time

import requests
import websocket

from odoo.tests import BaseCase, tagged

from odoo.addons.bus.websocket import WebsocketConnectionHandler

from .concurrency import (
    RealTransactionMixin,
    free_port,
    start_odoo_server,
    stop_odoo_server,
)

# how long the gevent process may take to listen, after the HTTP workers
START_TIMEOUT = 120
# how long a notification may take to cross the bus on a loaded machine
DELIVERY_TIMEOUT = 90
# what the crash loop of the gevent process logs
CRASH_SIGNS = ("DistributionNotFound", "No module named 'pkg_resources'")
# the repository's scripts/ (the addon's tests are in <repo>/portal_access_ext/tests)
SCRIPTS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    "scripts",
)


@tagged("post_install", "-at_install")
class TestPreforkWebsocket(RealTransactionMixin, BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmpdir = tempfile.TemporaryDirectory(prefix="portal_websocket_")
        cls.logfile = os.path.join(cls.tmpdir.name, "odoo.log")
        try:
            cls.server, cls.url = start_odoo_server(
                ["--workers=2", "--log-level=warn"], cls.logfile
            )
        except BaseException:
            cls.tmpdir.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        stop_odoo_server(cls.server)
        cls.tmpdir.cleanup()
        with cls.committed_env() as env:
            env.cr.execute("DELETE FROM bus_bus WHERE message LIKE '%%pae/ping%%'")
        super().tearDownClass()

    def _wait_for_gevent(self):
        """Wait until the gevent process answers its health route: the
        master spawns it after the HTTP workers already answer."""
        url = f"http://127.0.0.1:{self.server.gevent_port}/websocket/health"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                if requests.get(url, timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                # not listening yet (or restarting after a crash): try again
                time.sleep(1)
        self.fail(
            f"the gevent process did not answer within {START_TIMEOUT} s "
            f"(server log: {self._log_text()[-3000:]})"
        )

    def _start_proxy(self):
        """scripts/prefork_proxy.py in front of the server, on a free port;
        stopped by its PID at the end of the test."""
        port = free_port()
        http_port = self.url.rsplit(":", 1)[1]
        proxy = subprocess.Popen(  # the repository's own script, no shell
            [
                sys.executable,
                os.path.join(SCRIPTS, "prefork_proxy.py"),
                f"--port={port}",
                f"--http-port={http_port}",
                f"--gevent-port={self.server.gevent_port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.addCleanup(stop_odoo_server, proxy)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                requests.get(f"http://127.0.0.1:{port}/web/health", timeout=10)
                return port
            except requests.RequestException:
                # the proxy is not listening yet
                time.sleep(0.5)
        self.fail("the proxy did not listen")

    def _connect(self, port=None):
        self._wait_for_gevent()
        base = f"127.0.0.1:{port or self.server.gevent_port}"
        return websocket.create_connection(
            f"ws://{base}/websocket?version={WebsocketConnectionHandler._VERSION}",
            origin=f"http://{base}",
            # a browser's user agent: the version is checked for browsers only
            header={"User-Agent": "Mozilla/5.0 (portal_access_ext test)"},
            timeout=DELIVERY_TIMEOUT,
        )

    def _send_ping(self, number):
        with self.committed_env() as env:
            env["bus.bus"]._sendone("broadcast", "pae/ping", {"number": number})

    def _log_text(self):
        with open(self.logfile, encoding="utf-8", errors="replace") as log:
            return log.read()

    def _assert_ping_arrives(self, ws):
        """Subscribe on ``ws`` and fail unless a bus notification committed in
        the database reaches it (only notifications sent from now on)."""
        with self.committed_env() as env:
            env.cr.execute("SELECT coalesce(max(id), 0) FROM bus_bus")
            last = env.cr.fetchone()[0]
        ws.send(
            json.dumps(
                {"event_name": "subscribe", "data": {"channels": [], "last": last}}
            )
        )
        # The subscription is served asynchronously: ping until one arrives.
        deadline = time.monotonic() + DELIVERY_TIMEOUT
        received, number = [], 0
        ws.settimeout(3)
        while not received and time.monotonic() < deadline:
            number += 1
            self._send_ping(number)
            try:
                frame = ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            received = [
                notification["message"]
                for notification in json.loads(frame)
                if notification["message"]["type"] == "pae/ping"
            ]
        self.assertTrue(
            received,
            f"no bus notification reached the websocket in {DELIVERY_TIMEOUT} s "
            f"(server log: {self._log_text()[-2000:]})",
        )
        self.assertIn("number", received[0]["payload"])

    def test_websocket_receives_a_committed_notification(self):
        """Test that the gevent process of a --workers=2 server accepts a
        websocket and delivers a bus notification committed in the database."""
        ws = self._connect()
        self.addCleanup(ws.close)
        self._assert_ping_arrives(ws)
        log = self._log_text()
        for sign in CRASH_SIGNS:
            self.assertNotIn(sign, log, "the gevent process crashed at start")

    def test_proxy_serves_pages_and_websocket_on_one_address(self):
        """Test that through scripts/prefork_proxy.py (make run WORKERS=2) the
        sign-in page and a live websocket answer on the same address."""
        port = self._start_proxy()
        page = requests.get(f"http://127.0.0.1:{port}/web/login", timeout=60)
        self.assertEqual(page.status_code, 200)
        self.assertIn('name="login"', page.text)
        ws = self._connect(port)
        self.addCleanup(ws.close)
        self._assert_ping_arrives(ws)
