# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# blackhole.py -- a TCP relay on loopback that can fall silent, as a NAT
# that forgets a connection does: no FIN, no RST, the bytes just vanish.
#
#   python3 blackhole.py LISTEN_PORT TARGET_PORT
#   python3 blackhole.py --silent LISTEN_PORT
#
# Each accepted connection is relayed to 127.0.0.1:TARGET_PORT. On
# SIGUSR1 every connection open at that moment is black-holed: whatever
# either side sends from then on is read and dropped, and its socket is
# never closed. Connections accepted later are relayed again. With
# --silent it relays nothing: it accepts and never says a word (an IMAP
# server that never greets). One line per event goes to stdout.
import os
import selectors
import signal
import socket
import sys
import time

sel = selectors.DefaultSelector()
pairs = {}      # socket -> its peer socket, or None when black-holed


def log(msg):
    print("%.3f %s" % (time.time(), msg), flush=True)


def blackhole(signum, frame):
    n = 0
    for s in list(pairs):
        if pairs[s] is not None:
            pairs[s] = None
            n += 1
    log("black-holed %d sockets" % n)


def main():
    silent = sys.argv[1] == "--silent"
    args = sys.argv[2:] if silent else sys.argv[1:]
    port = int(args[0])
    target = None if silent else int(args[1])
    signal.signal(signal.SIGUSR1, blackhole)
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(16)
    sel.register(ls, selectors.EVENT_READ)
    held = []
    while True:
        try:
            events = sel.select()
        except InterruptedError:
            continue
        for key, _ in events:
            s = key.fileobj
            if s is ls:
                c, _ = ls.accept()
                log("accepted")
                if silent:
                    held.append(c)
                    continue
                u = socket.create_connection(("127.0.0.1", target))
                pairs[c], pairs[u] = u, c
                sel.register(c, selectors.EVENT_READ)
                sel.register(u, selectors.EVENT_READ)
                continue
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            peer = pairs.get(s)
            if not data:
                sel.unregister(s)
                if peer is not None:
                    # A relayed end closed: so does the other.
                    peer.close()
                    sel.unregister(peer)
                    del pairs[peer]
                    s.close()
                    del pairs[s]
                continue
            if peer is not None:
                peer.sendall(data)


if __name__ == "__main__":
    main()
