#!/usr/bin/python3
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
"""smtpd.py -- the test harness's SMTP server (aiosmtpd, on loopback).

Every accepted message is stored as DIR/sent/NNNNNN.eml (the bytes as
received) with its envelope in DIR/sent/NNNNNN.env ("MAIL FROM:<a>" and one
"RCPT TO:<b>" line per recipient) before the 250 goes out, as an MTA writes
its queue file; afterwards a worker thread delivers it by LMTP into Dovecot
for each recipient whose local part is a user in DIR/dovecot-users or an alias
in DIR/aliases ("alias user" per line); other recipients are only recorded.

Fault injection: DIR/faults holds lines "STAGE CODE COUNT" (stage: mail,
rcpt, data or auth); the next COUNT commands of that stage are answered
with CODE, and COUNT goes down by one each time.

Usage: smtpd.py --dir DIR --port N [--smtps-port N] [--lmtp-port N]
                [--cert FILE --key FILE] [--no-starttls]
"""

import argparse
import asyncio
import logging
import os
import queue
import signal
import smtplib
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

HOST = "127.0.0.1"


class Harness:
    def __init__(self, args):
        self.dir = args.dir
        self.lmtp_port = args.lmtp_port
        self.sent = os.path.join(self.dir, "sent")
        os.makedirs(self.sent, exist_ok=True)
        self.seq = len([f for f in os.listdir(self.sent)
                        if f.endswith(".eml")])
        self.queue = queue.Queue()
        threading.Thread(target=self.deliver_queued, daemon=True).start()

    # -- faults ------------------------------------------------------------
    def fault(self, stage):
        """Returns "CODE text" when a fault is due at this stage, else None."""
        path = os.path.join(self.dir, "faults")
        try:
            with open(path) as f:
                lines = f.read().splitlines()
        except FileNotFoundError:
            return None
        hit, out = None, []
        for line in lines:
            w = line.split()
            if hit is None and len(w) == 3 and w[0] == stage and \
                    w[1].isdigit() and w[2].isdigit() and int(w[2]) > 0:
                hit = w[1]
                n = int(w[2]) - 1
                if n > 0:
                    out.append("%s %s %d" % (w[0], w[1], n))
            else:
                out.append(line)
        if hit is None:
            return None
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            f.write("".join(x + "\n" for x in out))
        os.rename(tmp, path)
        return "%s fault injected at %s" % (hit, stage)

    # -- users ---------------------------------------------------------------
    def local_user(self, addr):
        local = addr.rsplit("@", 1)[0].lower()
        users = set()
        try:
            with open(os.path.join(self.dir, "dovecot-users")) as f:
                for line in f:
                    if ":" in line:
                        users.add(line.split(":", 1)[0])
        except FileNotFoundError:
            pass
        if local in users:
            return local
        try:
            with open(os.path.join(self.dir, "aliases")) as f:
                for line in f:
                    w = line.split()
                    if len(w) == 2 and w[0].lower() == local:
                        return w[1]
        except FileNotFoundError:
            pass
        return None

    def check_password(self, login, password):
        try:
            with open(os.path.join(self.dir, "dovecot-users")) as f:
                for line in f:
                    w = line.rstrip("\n").split(":")
                    if len(w) >= 2 and w[0] == login and \
                            w[1] == "{PLAIN}" + password:
                        return True
        except FileNotFoundError:
            pass
        return False

    # -- storing and delivering ---------------------------------------------
    def record(self, envelope, content):
        self.seq += 1
        base = os.path.join(self.sent, "%06d" % self.seq)
        with open(base + ".env.tmp", "w") as f:
            f.write("MAIL FROM:<%s>\n" % envelope.mail_from)
            for r in envelope.rcpt_tos:
                f.write("RCPT TO:<%s>\n" % r)
        os.rename(base + ".env.tmp", base + ".env")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(content)
        os.rename(base + ".eml.tmp", base + ".eml")

    def deliver_queued(self):
        while True:
            self.deliver(*self.queue.get())

    def deliver(self, mail_from, rcpt, content):
        user = self.local_user(rcpt)
        if user is None or not self.lmtp_port:
            return
        try:
            with smtplib.LMTP(HOST, self.lmtp_port, timeout=30) as lmtp:
                lmtp.sendmail(mail_from or "<>", [user], content)
        except (OSError, smtplib.SMTPException) as e:
            print("smtpd.py: LMTP delivery to %s failed: %s" % (user, e),
                  file=sys.stderr, flush=True)

    # -- aiosmtpd hooks ------------------------------------------------------
    async def handle_MAIL(self, server, session, envelope, address, options):
        f = self.fault("mail")
        if f:
            return f
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        f = self.fault("rcpt")
        if f:
            return f
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        f = self.fault("data")
        if f:
            return f
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        self.record(envelope, content)
        for r in envelope.rcpt_tos:
            self.queue.put((envelope.mail_from, r, content))
        return "250 OK queued as %06d" % self.seq

    def authenticator(self, server, session, envelope, mechanism, auth_data):
        f = self.fault("auth")
        if f:
            return AuthResult(success=False, handled=False, message=f)
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode("utf-8", "replace")
        password = auth_data.password.decode("utf-8", "replace")
        if not self.check_password(login, password):
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data=auth_data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--smtps-port", type=int, default=0)
    ap.add_argument("--lmtp-port", type=int, default=0)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--no-starttls", action="store_true")
    args = ap.parse_args()

    # aiosmtpd warns about its own deprecated login_data on each AUTH.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    h = Harness(args)
    ctx = None
    if args.cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.cert, args.key)

    def factory(tls_context):
        return lambda: SMTP(h, hostname="localhost", tls_context=tls_context,
                            auth_require_tls=False, auth_required=False,
                            authenticator=h.authenticator,
                            data_size_limit=64 * 1024 * 1024, timeout=60)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    starttls = None if args.no_starttls else ctx
    servers = [loop.run_until_complete(
        loop.create_server(factory(starttls), HOST, args.port))]
    if args.smtps_port and ctx is not None:
        servers.append(loop.run_until_complete(
            loop.create_server(factory(None), HOST, args.smtps_port,
                               ssl=ctx)))
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, loop.stop)
    print("smtpd.py: listening on %s:%d" % (HOST, args.port), flush=True)
    try:
        loop.run_forever()
    finally:
        for s in servers:
            s.close()
        loop.close()


if __name__ == "__main__":
    main()
