"""A local SMTP sink for `make run`: every message Odoo sends is written to
a file instead of leaving the machine, so that a newcomer can open the
invitation an admin just sent and follow its link.

    python scripts/smtp_sink.py --port 8025 --dir .local/mail

Listens on 127.0.0.1 only; one `<time>-<n>.eml` file per message (open it with
any mail reader, or read it as text). Speaks just the SMTP that Odoo's mail
client uses (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), no TLS, no auth.
"""

import argparse
import itertools
import pathlib
import socketserver
import time

_counter = itertools.count(1)
MAX_MESSAGE = 50 * 1024 * 1024


class SinkHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.reply("220 portal_access_ext SMTP sink ready")
        sender, recipients = None, []
        while True:
            line = self.rfile.readline(4096)
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-portal_access_ext\r\n250 SIZE 52428800\r\n")
                self.wfile.flush()
            elif verb == "HELO":
                self.reply("250 portal_access_ext")
            elif verb == "MAIL":
                sender, recipients = command[10:].strip().split(" ")[0], []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command[8:].strip().split(" ")[0])
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.store(sender, recipients, self.read_data())
                self.reply("250 OK: queued")
            elif verb in ("RSET", "NOOP"):
                if verb == "RSET":
                    sender, recipients = None, []
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def read_data(self):
        lines, size = [], 0
        while True:
            line = self.rfile.readline(MAX_MESSAGE)
            if not line or line in (b".\r\n", b".\n"):
                return b"".join(lines)
            if line.startswith(b".."):
                line = line[1:]
            size += len(line)
            if size <= MAX_MESSAGE:
                lines.append(line)

    def store(self, sender, recipients, data):
        folder = self.server.mail_dir
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{next(_counter):04d}.eml"
        header = f"X-Sink-From: {sender}\r\nX-Sink-To: {', '.join(recipients)}\r\n"
        (folder / name).write_bytes(header.encode() + data)
        print(f"[mail] {name}: {sender} -> {', '.join(recipients)}", flush=True)


class SinkServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--dir", default=".local/mail")
    args = parser.parse_args()
    mail_dir = pathlib.Path(args.dir)
    mail_dir.mkdir(parents=True, exist_ok=True)
    with SinkServer(("127.0.0.1", args.port), SinkHandler) as server:
        server.mail_dir = mail_dir
        print(
            f"[mail] SMTP sink on 127.0.0.1:{args.port}, messages in {mail_dir}/",
            flush=True,
        )
        server.serve_forever()


if __name__ == "__main__":
    main()
