#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# liveness.sh -- IMAP connections that stop answering, against the real
# Dovecot through tests/harness/blackhole.py:
#   1. the connection held in IDLE is black-holed (a NAT that forgot it:
#      no FIN, no RST): the daemon notices at the end of its IDLE cycle,
#      reconnects, and answers the mail that came in meanwhile;
#   2. a server that accepts and never greets is given up after
#      IMAP_TIMEOUT, once, not twice.
# The test shortens the IDLE cycle (SPRINTD_IDLE_SECONDS, 3 minutes in
# production) and IMAP_TIMEOUT (SPRINTD_IMAP_TIMEOUT, 60 s) to seconds,
# scaled alike: in production the same path sees new mail within
# 3 min + 60 s + the 5 s backoff, under the 5 minutes asked (TCP
# keepalive, 2 minutes, may notice first; the relay, a process, answers
# keepalive probes itself, so the test cannot show that part).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW
# The production figures scaled by 1/60: a 3 s IDLE cycle, a 1 s reply
# timeout (3 s for the held connection, whose login goes through a relay
# on a machine that may be busy). The bound checked is the production one
# scaled alike: 5 minutes -> 5 s, plus the 5 s backoff (not scaled) and
# slack.
SPRINTD_IDLE_SECONDS=3
SPRINTD_IMAP_TIMEOUT=3
export SPRINTD_IDLE_SECONDS SPRINTD_IMAP_TIMEOUT
BOUND=${LIVENESS_BOUND:-15}

set -- $(harness_free_ports 2)
RELAY_PORT=$1 SILENT_PORT=$2
"$HARNESS_PYTHON" "$HARNESS_SRC/blackhole.py" "$RELAY_PORT" "$IMAP_PORT" \
    > "$HARNESS_DIR/relay.log" 2>&1 &
relay=$!
"$HARNESS_PYTHON" "$HARNESS_SRC/blackhole.py" --silent "$SILENT_PORT" \
    > "$HARNESS_DIR/silent.log" 2>&1 &
silent=$!
trap '_rc=$?; kill $relay $silent 2>/dev/null; (exit $_rc); it_finish' EXIT
harness_wait_port "$RELAY_PORT" && harness_wait_port "$SILENT_PORT" ||
    it_fail "the relays did not start"

SPRINTD_NOW=$IT_ADDED sprintctl sprint add "$(eml sprint.yaml)" >/dev/null ||
    it_fail "sprintctl sprint add"
cfg=$HARNESS_DIR/relay.yaml
harness_write_config "$cfg" "imap://127.0.0.1:$RELAY_PORT/INBOX" \
    "smtp://127.0.0.1:$SMTP_PORT" none

# --- 1. The held IDLE connection black-holed ---------------------------
"$BUILDDIR/sprintd" -c "$cfg" --foreground >>"$IT_LOG" 2>&1 &
pid=$!
wait_for "grep -q 'IDLE for up to' '$IT_LOG'" ||
    it_fail "sprintd did not go into IDLE"
sleep 0.5
before=$(grep -c accepted "$HARNESS_DIR/relay.log")
kill -USR1 $relay
wait_for "grep -q 'black-holed [1-9]' '$HARNESS_DIR/relay.log'" ||
    it_fail "the relay black-holed nothing"
start=$(date +%s)
deliver "$(eml 01-anna.eml)"
n=0
while [ "$(sent_to anna@example.org)" != 1 ] && [ $n -lt $((BOUND * 10)) ]
do
	sleep 0.1
	n=$((n + 1))
done
took=$(( $(date +%s) - start ))
if [ "$(sent_to anna@example.org)" = 1 ]; then
	it_ok "new mail seen through a black-holed IDLE in $took s" \
	    "(bound $BOUND s)"
else
	it_fail "no answer within $BOUND s of the black hole"
fi
expect_eq "a new connection after the black hole" \
    "$(( $(grep -c accepted "$HARNESS_DIR/relay.log") - before ))" 1
expect_match "the silent connection was noticed and said so" \
    "$(cat "$IT_LOG")" "imap idle: .*IDLE DONE: connection lost or timed out"
kill -TERM $pid
wait $pid
expect_eq "SIGTERM: clean exit" $? 0

# --- 2. A server that never greets -----------------------------------
harness_write_config "$cfg" "imap://127.0.0.1:$SILENT_PORT/INBOX" \
    "smtp://127.0.0.1:$SMTP_PORT" none
t0=$(date +%s%N)
SPRINTD_IMAP_TIMEOUT=1 "$BUILDDIR/sprintd" -c "$cfg" --once >>"$IT_LOG" 2>&1
rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
expect_eq "no greeting: --once fails" $rc 1
# IMAP_TIMEOUT is 1 s here; twice it would be 2 s and more.
if [ $ms -ge 1000 ] && [ $ms -lt 1900 ]; then
	it_ok "no greeting: given up after IMAP_TIMEOUT ($ms ms)"
else
	it_fail "no greeting: given up after $ms ms, wanted 1000-1900"
fi
expect_match "no greeting: said so" "$(tail -n 5 "$IT_LOG")" \
    "timed out"
