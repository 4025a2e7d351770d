"""The reverse proxy of `make run WORKERS=N`: one address for the browser.

A prefork Odoo serves pages from its HTTP workers and websockets from its
gevent process, on two ports; the web client opens its websocket on the
page's own address, so in production a reverse proxy (nginx, see Odoo's
deployment documentation) sends /websocket to the gevent port. This is that
proxy for one machine, at the TCP level: it reads the first request line of
each connection and pipes the connection, untouched (Host and Origin
included), to the gevent port for /websocket and to the HTTP port otherwise.
A browser opens a connection of its own for each websocket, so the first
request decides the whole connection. 127.0.0.1 only.

    python prefork_proxy.py --port 8069 --http-port 8169 --gevent-port 8072
"""

import argparse
import asyncio
import contextlib

# the longest request line read before deciding (a browser's is far shorter)
MAX_REQUEST_LINE = 65536


async def _pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        # the other side went away: the connection ends with it
        pass
    finally:
        with contextlib.suppress(ConnectionError, RuntimeError):
            writer.close()


def _handler(http_port, gevent_port):
    async def handle(client_reader, client_writer):
        try:
            first_line = await client_reader.readuntil(b"\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            client_writer.close()
            return
        parts = first_line.split(b" ")
        path = parts[1] if len(parts) > 1 else b""
        port = gevent_port if path.startswith(b"/websocket") else http_port
        try:
            server_reader, server_writer = await asyncio.open_connection(
                "127.0.0.1", port
            )
        except OSError:
            client_writer.write(
                b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n"
                b"Connection: close\r\n\r\n"
            )
            client_writer.close()
            return
        server_writer.write(first_line)
        await asyncio.gather(
            _pipe(client_reader, server_writer), _pipe(server_reader, client_writer)
        )

    return handle


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--gevent-port", type=int, required=True)
    args = parser.parse_args()
    server = await asyncio.start_server(
        _handler(args.http_port, args.gevent_port),
        "127.0.0.1",
        args.port,
        limit=MAX_REQUEST_LINE,
    )
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
