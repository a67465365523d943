#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# daemon.sh -- sprintd against a real Dovecot and a real SMTP server: a
# registration gets one confirmation, an update one updated confirmation,
# a cancellation its answer, a misspelled field one error reply, robots and
# discussion nothing; running twice sends nothing twice; an SMTP server
# answering 451 three times gets the mail after retries; Dovecot restarted
# in the middle of a batch loses nothing.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW
SPRINTD_NOW=$IT_ADDED sprintctl sprint add "$(eml sprint.yaml)" >/dev/null ||
    it_fail "sprintctl sprint add"

reg() {	# the registration of an address: name|arrive|depart|status
	sql "SELECT r.name || '|' || ifnull(r.arrive, '?') || '|' ||
	    ifnull(r.depart, '?') || '|' || r.status FROM registrations r
	    JOIN people p ON p.id = r.person_id WHERE p.email = '$1'"
}
kind() {	# the classification of a message by Message-ID
	sql "SELECT group_concat(kind) FROM messages WHERE message_id = '$1'"
}

# A registration posted through the list (List-Id, Precedence: list).
deliver "$(eml 01-anna.eml)"
sprintd_once || it_fail "sprintd --once (registration)"
expect_eq "registration stored" "$(reg anna@example.org)" \
    "Anna Example|2027-01-07|2027-01-14|registered"
expect_eq "one confirmation" "$(sent_to anna@example.org)" 1
m=$(sent_last_to anna@example.org)
expect_match "confirmation is threaded" "$m" \
    "^In-Reply-To: <demo-anna-1@example.org>"
expect_match "confirmation says Auto-Submitted" "$m" \
    "^Auto-Submitted: auto-replied"
expect_match "confirmation subject" "$m" "^Subject: Re: PyPy Leysin"
expect_match "confirmation echoes the dates" "$m" "2027-01-14"
anna_new() {
	ls "$HARNESS_MAILDIR/anna/Maildir/new" 2>/dev/null | wc -l | tr -d ' '
}
wait_for '[ "$(anna_new)" -ge 1 ]'
expect_eq "confirmation in Anna's mailbox" "$(anna_new)" 1
expect_eq "only Anna was written to" "$(harness_sent_count)" 1

# An update from the same address.
deliver "$(eml 07-anna-update.eml)"
sprintd_once || it_fail "sprintd --once (update)"
expect_eq "update stored" "$(reg anna@example.org)" \
    "Anna Example|2027-01-07|2027-01-13|registered"
expect_eq "one registration for Anna" "$(sql "SELECT count(*) FROM
    registrations r JOIN people p ON p.id = r.person_id
    WHERE p.email = 'anna@example.org'")" 1
expect_eq "history kept" "$(sql "SELECT count(*) FROM
    registration_history")" 2
expect_eq "one updated confirmation" "$(sent_to anna@example.org)" 2
expect_match "updated confirmation has the new date" \
    "$(sent_last_to anna@example.org)" "2027-01-13"

# Latin-1 and quoted-printable; unknown departure.
deliver "$(eml 02-bjoern.eml)"
# A misspelled field; robots; list discussion.
deliver "$(eml 03-carla.eml)"
deliver "$(eml 04-robot.eml)"
deliver "$(eml 05-question.eml)"
deliver "$(eml 08-bounce.eml)"
sprintd_once || it_fail "sprintd --once (batch)"
expect_eq "Björn stored" "$(reg bjoern@example.org)" \
    "Björn Müller|2027-01-08|?|registered"
expect_eq "misspelled field is invalid" "$(kind '<demo-carla-1@example.org>')" \
    invalid
expect_eq "one error reply" "$(sent_to carla@example.org)" 1
m=$(sent_last_to carla@example.org)
expect_match "error reply names the field" "$m" "Arive"
expect_match "error reply suggests the right one" "$m" "Arrive"
expect_eq "no registration from an error" "$(reg carla@example.org)" ""
expect_eq "out-of-office is auto" "$(kind '<demo-dave-ooo@example.org>')" auto
expect_eq "bounce is auto" "$(kind '<demo-bounce-1@example.org>')" auto
expect_eq "discussion is unrelated" "$(kind '<demo-erik-q@example.org>')" \
    unrelated
expect_eq "no reply to the out-of-office" "$(sent_to dave@example.org)" 0
expect_eq "no reply to the bounce" "$(sent_to MAILER-DAEMON@example.org)" 0
expect_eq "no reply to discussion" "$(sent_to erik@example.org)" 0
expect_eq "every message kept raw" "$(sql "SELECT count(*) FROM messages
    WHERE length(raw) = size AND size > 0")" 7

# A cancellation.
deliver "$(eml 09-frank.eml)"
sprintd_once || it_fail "sprintd --once (frank)"
deliver "$(eml 10-frank-cancel.eml)"
sprintd_once || it_fail "sprintd --once (cancel)"
expect_eq "cancellation stored" "$(reg frank@example.org | cut -d'|' -f4)" \
    cancelled
expect_eq "confirmation and cancellation sent" \
    "$(sent_to frank@example.org)" 2
expect_match "cancellation is threaded" "$(sent_last_to frank@example.org)" \
    "^In-Reply-To: <demo-frank-2@example.org>"

# Running again changes nothing and sends nothing.
before=$(harness_sent_count)
msgs=$(sql "SELECT count(*) FROM messages")
sprintd_once || it_fail "sprintd --once (again)"
sprintd_once || it_fail "sprintd --once (and again)"
expect_eq "no duplicate mail" "$(harness_sent_count)" "$before"
expect_eq "no message read twice" "$(sql "SELECT count(*) FROM messages")" \
    "$msgs"

# A cancellation from an address with no registration: told so, nothing
# changed.
sed -e 's/demo-frank-2/demo-gina-1/' -e 's/frank@/gina@/' \
    -e 's/Frank Early/Gina Nobody/' "$(eml 10-frank-cancel.eml)" \
    > "$HARNESS_DIR/gina.eml"
deliver "$HARNESS_DIR/gina.eml"
sprintd_once || it_fail "sprintd --once (gina)"
expect_eq "not-registered answer" "$(sql "SELECT kind FROM outbox WHERE
    recipient = 'gina@example.org'")" "not-registered"
expect_eq "nothing registered for gina" "$(reg gina@example.org)" ""

# A sender that keeps writing (a robot we cannot recognize) gets at most
# replies_per_day replies a day (default 10): two robots never loop.
i=1
mkdir -p "$HARNESS_DIR/robot"
while [ $i -le 12 ]; do
	printf 'From: Echo Bot <echo@example.org>\nTo: %s\nSubject: Re: PyPy Leysin Winter Sprint 2027\nMessage-ID: <echo-%d@example.org>\nContent-Type: text/plain\n\nArive: 7/1\nDepart: 14/1\n' \
	    "$HARNESS_LIST_ADDRESS" $i > "$HARNESS_DIR/robot/$(printf %02d $i).eml"
	i=$((i + 1))
done
deliver_dir "$HARNESS_DIR/robot"
sprintd_once || it_fail "sprintd --once (robot)"
expect_eq "all 12 kept" "$(sql "SELECT count(*) FROM messages WHERE
    sender = 'echo@example.org'")" 12
expect_eq "replies capped at 10 a day" "$(sent_to echo@example.org)" 10
expect_match "the cap is logged" "$(cat "$IT_LOG")" \
    "not answering echo@example.org"

# UIDVALIDITY changes (the mailbox was rebuilt): sprintd rescans it and
# the Message-IDs keep every message from being processed twice.
before=$(harness_sent_count)
msgs=$(sql "SELECT count(*) FROM messages WHERE kind != 'duplicate'")
doveadm -c "$HARNESS_DIR/dovecot.conf" mailbox update -u "$HARNESS_USER" \
    --uid-validity 4242 INBOX || it_fail "doveadm mailbox update"
sprintd_once || it_fail "sprintd --once (new UIDVALIDITY)"
expect_match "the change is noticed" "$(cat "$IT_LOG")" \
    "UIDVALIDITY changed"
expect_eq "the mailbox state follows" "$(sql "SELECT uidvalidity FROM
    mailboxes")" 4242
expect_eq "nothing processed twice" "$(sql "SELECT count(*) FROM messages
    WHERE kind != 'duplicate'")" "$msgs"
expect_eq "nothing sent twice" "$(harness_sent_count)" "$before"
expect_eq "every message seen again is kept as a duplicate" \
    "$(sql "SELECT count(*) FROM messages WHERE kind = 'duplicate'")" \
    "$msgs"

# The SMTP server answers 451 three times: the mail goes out after retries,
# as the clock moves on (SPRINTD_NOW), and not before its time.
harness_fault rcpt 451 3
deliver "$(eml 06-carla-fix.eml)"
sprintd_once
expect_eq "registration stored while SMTP defers" \
    "$(reg carla@example.org)" "Carla Rossi|2027-01-09|2027-01-14|registered"
q="SELECT status || '|' || attempts || '|' || ifnull(last_code, '')
    FROM outbox WHERE recipient = 'carla@example.org' AND kind = 'confirm'"
expect_eq "first attempt deferred" "$(sql "$q")" "queued|1|451"
sprintd_once
expect_eq "no retry before the backoff" "$(sql "$q")" "queued|1|451"
for t in 2026-12-21T12:00:00Z 2026-12-21T16:00:00Z 2026-12-22T06:00:00Z \
    2026-12-23T06:00:00Z; do
	SPRINTD_NOW=$t sprintd_once
done
expect_eq "sent after three 451s" "$(sql "$q")" "sent|4|250"
expect_eq "carla got error reply and confirmation" \
    "$(sent_to carla@example.org)" 2

# A failure (5xx) is not retried and shows in the outbox.
harness_fault rcpt 550 1
sed -e 's/demo-carla-2/demo-carla-3/' -e 's/14\.1\./13.1./' \
    "$(eml 06-carla-fix.eml)" > "$HARNESS_DIR/carla3.eml"
deliver "$HARNESS_DIR/carla3.eml"
sprintd_once
q3="SELECT status || '|' || last_code FROM outbox WHERE reply_to =
    (SELECT id FROM messages WHERE message_id = '<demo-carla-3@example.org>')"
expect_eq "550 fails at once" "$(sql "$q3")" "failed|550"
expect_match "failure visible in sprintctl outbox" "$(sprintctl outbox)" \
    "failed"

# Dovecot restarted in the middle of a batch: nothing is lost, nothing is
# processed or sent twice. The batch is delivered first; sprintd is frozen
# (SIGSTOP) once it has ingested a few, Dovecot restarted, sprintd thawed.
N=1000
QUOTE_LINES=400 make_registrations "$HARNESS_DIR/batch" $N
deliver_dir "$HARNESS_DIR/batch" || it_fail "deliver the batch"
base=$(sql "SELECT count(*) FROM messages")
"$BUILDDIR/sprintd" -c "$HARNESS_CONFIG" --once >>"$IT_LOG" 2>&1 &
pid=$!
n=0
while [ "$(sql "SELECT count(*) FROM messages")" -lt $((base + 20)) ] &&
    [ $n -lt 400 ]; do
	sleep 0.02
	n=$((n + 1))
done
# Freeze sprintd where it is (ingest is fast), restart Dovecot under it,
# and let it go on with a connection that is gone.
kill -STOP $pid
at_stop=$(sql "SELECT count(*) FROM messages WHERE message_id LIKE
    '<batch-%'")
restart_dovecot
kill -CONT $pid
wait $pid
first=$?
echo "$it_name: sprintd was frozen after $at_stop of $N messages; the" \
    "run exited $first"
if [ "$at_stop" -ge $N ] || [ "$at_stop" -eq 0 ]; then
	it_fail "the restart did not fall in the middle of the batch"
fi
expect_eq "the run with the restart reports the IMAP failure" $first 1
sprintd_once || sprintd_once || it_fail "sprintd --once after the restart"
expect_eq "every batch message stored once" "$(sql "SELECT count(*),
    count(DISTINCT message_id) FROM messages WHERE message_id LIKE
    '<batch-%'")" "$N|$N"
expect_eq "every batch registration stored once" "$(sql "SELECT count(*)
    FROM registrations r JOIN people p ON p.id = r.person_id
    WHERE p.email LIKE 'p%@example.org'")" $N
expect_eq "every batch reply sent once" "$(sql "SELECT count(*) FROM outbox
    WHERE recipient LIKE 'p%@example.org' AND status = 'sent'")" $N
rcpts=$(cat "$HARNESS_SENT"/*.env | grep -i '^RCPT TO:<p[0-9]*@example.org>')
expect_eq "every batch reply delivered" \
    "$(printf '%s\n' "$rcpts" | sort -u | wc -l | tr -d ' ')" $N
dups=$(printf '%s\n' "$rcpts" | sort | uniq -d | wc -l | tr -d ' ')
expect_eq "every batch reply delivered exactly once" $dups 0

# SMTP over STARTTLS whose certificate cannot be checked: nothing is sent
# in the clear, the mail stays queued and is retried.
# The plain IMAP side of one config with the SMTP side of the other, less
# its ca_file.
{
	sed -n '/^smtp:/q;p' "$HARNESS_CONFIG"
	sed -n '/^smtp:/,$p' "$HARNESS_CONFIG_TLS" | grep -v ca_file
} > "$HARNESS_DIR/smtp-noca.yaml"
chmod 600 "$HARNESS_DIR/smtp-noca.yaml"
sed -e 's/demo-anna-1/demo-hugo-1/' -e 's/anna@/hugo@/' \
    -e 's/Anna Example/Hugo Tester/g' "$(eml 01-anna.eml)" \
    > "$HARNESS_DIR/hugo.eml"
deliver "$HARNESS_DIR/hugo.eml"
if IT_CONFIG=$HARNESS_DIR/smtp-noca.yaml sprintd_once; then
	it_fail "SMTP with an unverifiable certificate must fail"
fi
expect_eq "registered all the same" "$(reg hugo@example.org | cut -d'|' -f1)" \
    "Hugo Tester"
expect_eq "nothing sent without a trusted server" \
    "$(sent_to hugo@example.org)" 0
expect_eq "the confirmation waits in the outbox" "$(sql "SELECT status FROM
    outbox WHERE recipient = 'hugo@example.org'")" queued

# The same through TLS: imaps:// and SMTP with STARTTLS, checked against
# the test CA; without the CA the certificate is refused.
sed -e 's/demo-anna-1/demo-bob-1/' -e 's/anna@/bob@/' \
    -e 's/Anna Example/Bob Tester/g' "$(eml 01-anna.eml)" \
    > "$HARNESS_DIR/bob.eml"
grep -v 'ca_file' "$HARNESS_CONFIG_TLS" > "$HARNESS_DIR/noca.yaml"
deliver "$HARNESS_DIR/bob.eml"
if IT_CONFIG=$HARNESS_DIR/noca.yaml sprintd_once; then
	it_fail "TLS without the test CA must fail"
else
	expect_match "certificate refused" "$(tail -n 5 "$IT_LOG")" \
	    "certificate"
fi
expect_eq "nothing read without a trusted server" "$(reg bob@example.org)" ""
IT_CONFIG=$HARNESS_CONFIG_TLS sprintd_once || it_fail "sprintd over TLS"
expect_eq "registration over TLS" "$(reg bob@example.org | cut -d'|' -f1)" \
    "Bob Tester"
expect_eq "confirmation over TLS" "$(sent_to bob@example.org)" 1
