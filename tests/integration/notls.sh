#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# notls.sh -- servers that do not offer STARTTLS while tls: required (the
# harness's SMTP server started without it, and Dovecot's IMAP port on
# HARNESS_NOTLS_HOST): sprintd -n --check-servers reports each server;
# sprintd --once says "the server does not offer STARTTLS" and leaves the
# mail queued without counting an attempt; the running daemon says it once
# per server, never retries while mail keeps arriving, and tries again
# after SIGHUP.
HARNESS_SMTP_NO_STARTTLS=1
export HARNESS_SMTP_NO_STARTTLS
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW
SPRINTD_NOW=$IT_ADDED sprintctl sprint add "$(eml sprint.yaml)" >/dev/null ||
    it_fail "sprintctl sprint add"
said() {	# how many times the log said it
	grep -c "the server does not offer STARTTLS" "$IT_LOG"
}

# IMAP over imaps:// (fine), SMTP over smtp:// with tls: required (no
# STARTTLS there): the harness's TLS config as it is.
smtp_cfg=$HARNESS_CONFIG_TLS
# IMAP over imap:// to the address without STARTTLS, SMTP plain.
imap_cfg=$HARNESS_DIR/notls-imap.yaml
sed -e "s|^  url: imap://127.0.0.1:|  url: imap://$HARNESS_NOTLS_HOST:|" \
    -e '0,/^  tls: none/s//  tls: required/' -e 's/^poll_interval: .*/poll_interval: 1/' \
    "$HARNESS_CONFIG" > "$imap_cfg"
chmod 600 "$imap_cfg"

out=$("$BUILDDIR/sprintd" -n --check-servers -c "$smtp_cfg" 2>&1)
expect_eq "--check-servers: no STARTTLS is a config error" $? 2
expect_match "--check-servers: IMAP works" "$out" "^imap imaps://.*: OK"
expect_match "--check-servers: SMTP named with the reason" "$out" \
    "^smtp smtp://.*: FAILED: .*the server does not offer STARTTLS"
out=$("$BUILDDIR/sprintd" -n --check-servers -c "$imap_cfg" 2>&1)
expect_eq "--check-servers: IMAP without STARTTLS, exit 2" $? 2
expect_match "--check-servers: IMAP named with the reason" "$out" \
    "^imap imap://$HARNESS_NOTLS_HOST:.*: FAILED: .*the server does not offer STARTTLS"
expect_match "--check-servers: SMTP works" "$out" "^smtp smtp://.*: OK"
out=$("$BUILDDIR/sprintd" -n --check-servers -c "$HARNESS_CONFIG" 2>&1)
expect_eq "--check-servers: both work" $? 0

# One cycle: the registration is read, its confirmation waits, untried.
deliver "$(eml 01-anna.eml)"
if IT_CONFIG=$smtp_cfg sprintd_once; then
	it_fail "--once must fail when SMTP cannot be used"
fi
expect_eq "said once, in words" "$(said)" 1
expect_eq "the registration is stored" "$(sql "SELECT count(*) FROM
    registrations")" 1
expect_eq "the confirmation waits, no attempt counted" "$(sql "SELECT
    status || ' ' || attempts FROM outbox")" "queued 0"
expect_eq "nothing sent in the clear" "$(harness_sent_count)" 0

# The running daemon: said once, not retried as mail keeps coming (IDLE
# wakes it for each), tried again after a reload.
: > "$IT_LOG"
"$BUILDDIR/sprintd" -c "$smtp_cfg" --foreground >>"$IT_LOG" 2>&1 &
pid=$!
wait_for '[ "$(said)" -ge 1 ]' || it_fail "the daemon did not say it"
for m in 02-bjoern.eml 09-frank.eml; do
	deliver "$(eml $m)"
done
wait_for '[ "$(sql "SELECT count(*) FROM outbox")" -ge 3 ]' ||
    it_fail "the daemon stopped reading mail"
sleep 2
expect_eq "said once while mail kept coming" "$(said)" 1
expect_eq "still no attempt counted" "$(sql "SELECT max(attempts) FROM
    outbox")" 0
kill -HUP $pid
wait_for '[ "$(said)" -ge 2 ]' || it_fail "not tried again after SIGHUP"
kill -TERM $pid
wait $pid
expect_eq "the daemon ends cleanly" $? 0
expect_eq "nothing sent in the clear" "$(harness_sent_count)" 0

# IMAP: said once, the poll interval (1 s) passes thrice, no retry.
: > "$IT_LOG"
"$BUILDDIR/sprintd" -c "$imap_cfg" --foreground >>"$IT_LOG" 2>&1 &
pid=$!
wait_for '[ "$(said)" -ge 1 ]' || it_fail "the daemon did not say it (IMAP)"
sleep 3
expect_eq "IMAP: said once" "$(said)" 1
expect_match "IMAP: until a reload" "$(grep STARTTLS "$IT_LOG")" \
    "not trying again until the configuration is reloaded"
kill -TERM $pid
wait $pid
expect_eq "the daemon ends cleanly (IMAP)" $? 0
