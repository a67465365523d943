#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# loop.sh -- the long-running sprintd: with IMAP IDLE a reply is answered
# within seconds of its arrival; SIGHUP reloads the configuration and the
# templates (a broken template is refused and the old ones kept); a
# restarted Dovecot is reconnected to; SIGTERM ends it cleanly with exit 0.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW
SPRINTD_NOW=$IT_ADDED sprintctl sprint add "$(eml sprint.yaml)" >/dev/null ||
    it_fail "sprintctl sprint add"

# Templates from a directory of our own, so the test can break one.
mkdir -p "$HARNESS_DIR/templates"
cp "$top_srcdir"/templates/*.txt "$HARNESS_DIR/templates/"
cfg=$HARNESS_DIR/loop.yaml
{ cat "$HARNESS_CONFIG"; echo "templates: $HARNESS_DIR/templates"; } > "$cfg"

"$BUILDDIR/sprintd" -c "$cfg" --foreground >>"$IT_LOG" 2>&1 &
pid=$!
wait_for "grep -q 'imap.*connected' '$IT_LOG'" ||
    it_fail "sprintd did not connect"
wait_for "grep -q 'INBOX uidvalidity' '$IT_LOG'" || true

deliver "$(eml 01-anna.eml)"
if wait_for '[ "$(sent_to anna@example.org)" = 1 ]'; then
	it_ok "a reply arriving while sprintd waits is answered"
else
	it_fail "no confirmation within 20 s of the reply"
fi
expect_match "waiting with IDLE, not polling" "$(cat "$IT_LOG")" "IDLE"

# SIGHUP with a broken template: refused, the old templates kept.
printf 'Subject: {{no_such_variable}}\n\nbody\n' \
    > "$HARNESS_DIR/templates/cancel.txt"
kill -HUP $pid
wait_for "grep -q 'reload failed' '$IT_LOG'" ||
    it_fail "a broken template on reload was not reported"
expect_match "the broken template is named" \
    "$(grep 'reload failed' "$IT_LOG")" "cancel.txt"
kill -0 $pid 2>/dev/null || it_fail "sprintd died on a bad reload"
# Still answering with the old templates.
deliver "$(eml 09-frank.eml)"
wait_for '[ "$(sent_to frank@example.org)" = 1 ]' ||
    it_fail "no confirmation after the refused reload"

# SIGHUP with a good change: reloaded and used.
cp "$top_srcdir/templates/cancel.txt" "$HARNESS_DIR/templates/cancel.txt"
sed -i 's/^Subject: .*/Subject: Cancelled as asked: {{sprint.name}}/' \
    "$HARNESS_DIR/templates/cancel.txt"
kill -HUP $pid
wait_for "grep -q 'configuration and templates reloaded' '$IT_LOG'" ||
    it_fail "no reload"
deliver "$(eml 10-frank-cancel.eml)"
wait_for '[ "$(sent_to frank@example.org)" = 2 ]' ||
    it_fail "no answer to the cancellation after the reload"
expect_match "the reloaded template is used" \
    "$(sent_last_to frank@example.org)" "^Subject: Cancelled as asked"

# Dovecot restarted under the waiting daemon: it notices, reconnects
# after its backoff (the first step is 5 s), and answers the next mail.
restart_dovecot
wait_for "grep -q 'trying again in' '$IT_LOG'" ||
    it_fail "the lost IMAP connection was not noticed"
deliver "$(eml 02-bjoern.eml)"
if wait_for '[ "$(sent_to bjoern@example.org)" = 1 ]'; then
	it_ok "reconnected after the restart and answered"
else
	it_fail "no answer after Dovecot was restarted"
fi

kill -TERM $pid
wait $pid
expect_eq "SIGTERM: clean exit" $? 0
expect_match "SIGTERM: said so" "$(tail -n 3 "$IT_LOG")" "stopping"
