#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# review.sh -- the organizer reviews what sprintd read and sent, against a
# real Dovecot and a real SMTP server: messages lists a registration,
# message show prints its text and reading; after the sprint is corrected,
# message reprocess answers it once; outbox retry and drop; the
# announcement's preview is the mail that goes out (but for its Date);
# rescheduling or cancelling it afterwards is refused (exit 2); read-only
# commands work without the password file.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

SPRINTD_NOW=2026-12-01T10:00:00Z
export SPRINTD_NOW
rc() {	# the exit code of a sprintctl command, its output dropped
	sprintctl "$@" >/dev/null 2>&1
	echo $?
}
outbox_n() {
	sql "SELECT count(*) FROM outbox"
}

# The organizer got the month wrong: Anna's dates are far from it, and
# her registration reads as invalid.
sed 's/2027-01-/2027-02-/g' "$(eml sprint.yaml)" > "$HARNESS_DIR/wrong.yaml"
sprintctl sprint add "$HARNESS_DIR/wrong.yaml" >/dev/null ||
    it_fail "sprintctl sprint add (wrong month)"
deliver "$(eml 01-anna.eml)"
sprintd_once || it_fail "sprintd --once (anna)"
id=$(sql "SELECT id FROM messages WHERE message_id = '<demo-anna-1@example.org>'")
expect_eq "read as invalid" "$(sql "SELECT kind FROM messages WHERE id = $id")" \
    invalid
expect_eq "one error reply" "$(sent_to anna@example.org)" 1

# messages: one line, newest first; filters; JSON.
out=$(sprintctl messages)
expect_match "messages lists it" "$out" \
    "^$id  *2026-12-01 10:00  invalid  *leysin-2027  *anna@example.org  *Re: PyPy Leysin"
expect_eq "messages --kind filters" "$(sprintctl messages --kind registration)" \
    "no messages match"
expect_eq "messages --since filters" "$(sprintctl messages --since 2026-12-02)" \
    "no messages match"
json=$(sprintctl messages --sprint leysin-2027 --format json)
expect_eq "messages JSON" "$(sql "SELECT json_extract('$json', '\$[0].id') ||
    '|' || json_extract('$json', '\$[0].sender') || '|' ||
    json_extract('$json', '\$[0].kind')")" "$id|anna@example.org|invalid"
expect_eq "messages --kind unknown: exit 2" "$(rc messages --kind spam)" 2
expect_eq "messages --sprint unknown: exit 2" "$(rc messages --sprint nope)" 2

# message show: headers, the decoded text, the reading.
out=$(sprintctl message show "$id")
expect_match "show: From" "$out" "^From: Anna Example <anna@example.org>"
expect_match "show: List-Id" "$out" "^List-Id: PyPy sprint list"
expect_match "show: Message-ID" "$out" "^Message-ID: <demo-anna-1@example.org>"
expect_match "show: the text" "$out" "^Arrive/Depart: 7/1 - 14/1"
expect_match "show: the reading" "$out" '^  "kind": "invalid",'
expect_match "show: why" "$out" "far from the sprint"
expect_eq "show: no such message, exit 2" "$(rc message show 999)" 2
expect_eq "show: not an id, exit 2" "$(rc message show x1)" 2

# Reprocess before the correction: the same reading, answered: refused.
n=$(outbox_n)
expect_eq "reprocess unchanged: exit 2" "$(rc message reprocess "$id")" 2
expect_eq "reprocess unchanged: nothing queued" "$(outbox_n)" "$n"

# The sprint corrected, reprocess answers once.
sprintctl sprint add "$(eml sprint.yaml)" >/dev/null ||
    it_fail "sprintctl sprint add (corrected)"
out=$(sprintctl message reprocess "$id")
expect_eq "reprocess: exit 0" $? 0
expect_match "reprocess: the new reading" "$out" \
    "^message $id reads now: registration, sprint leysin-2027"
expect_match "reprocess: the reply" "$out" \
    "^answer: confirm to anna@example.org"
expect_match "reprocess: asked of sprintd" "$out" "^requested: sprintd"
# Only sprintd composes mail: until it runs, nothing is kept or queued.
expect_eq "reprocess: nothing queued by sprintctl" "$(outbox_n)" "$n"
expect_eq "reprocess: not applied yet" "$(sql "SELECT kind FROM messages
    WHERE id = $id")" invalid
# Asked twice: read and answered once.
sprintctl message reprocess "$id" >/dev/null || it_fail "reprocess twice"
sprintd_once || it_fail "sprintd --once (after reprocess)"
expect_eq "reprocess: stored" "$(sql "SELECT kind FROM messages WHERE id = $id")" \
    registration
expect_eq "reprocess: registered" "$(sql "SELECT r.status FROM registrations r
    JOIN people p ON p.id = r.person_id WHERE p.email = 'anna@example.org'")" \
    registered
expect_match "the second request is refused, not answered" "$(sql "SELECT
    outcome FROM mail_requests ORDER BY id DESC LIMIT 1")" "^refused: "
expect_eq "reprocess again: exit 2" "$(rc message reprocess "$id")" 2
sprintd_once || it_fail "sprintd --once (again)"
expect_eq "answered once: error reply and one confirmation" \
    "$(sent_to anna@example.org)" 2
expect_match "the confirmation is threaded" "$(sent_last_to anna@example.org)" \
    "^In-Reply-To: <demo-anna-1@example.org>"

# A failed mail (550), retried: sent. Sent mail: no retry, no drop.
harness_fault rcpt 550 1
deliver "$(eml 09-frank.eml)"
sprintd_once || it_fail "sprintd --once (frank)"
fid=$(sql "SELECT id FROM outbox WHERE recipient = 'frank@example.org'")
expect_eq "frank's confirmation failed" \
    "$(sql "SELECT status FROM outbox WHERE id = $fid")" failed
expect_eq "sent nothing to frank" "$(sent_to frank@example.org)" 0
expect_match "retry failed mail" "$(sprintctl outbox retry "$fid")" \
    "^mail $fid is due now"
expect_eq "retry due mail again: exit 2" "$(rc outbox retry "$fid")" 2
sprintd_once || it_fail "sprintd --once (retry)"
expect_eq "frank's confirmation sent" "$(sent_to frank@example.org)" 1
expect_eq "retry sent mail: exit 2" "$(rc outbox retry "$fid")" 2
expect_eq "drop sent mail: exit 2" "$(rc outbox drop "$fid")" 2
expect_match "the refusal says why" "$(sprintctl outbox drop "$fid" 2>&1)" \
    "was sent at"
expect_eq "retry no such mail: exit 2" "$(rc outbox retry 999)" 2

# A deferred mail (451): retry makes it due; drop: it never goes.
harness_fault rcpt 451 1
deliver "$(eml 02-bjoern.eml)"
sprintd_once || it_fail "sprintd --once (bjoern)"
bid=$(sql "SELECT id FROM outbox WHERE recipient = 'bjoern@example.org'")
expect_eq "bjoern's confirmation deferred" \
    "$(sql "SELECT status || '|' || attempts FROM outbox WHERE id = $bid")" \
    "queued|1"
expect_eq "retry deferred mail: exit 0" "$(rc outbox retry "$bid")" 0
expect_eq "due now" "$(sql "SELECT next_attempt FROM outbox WHERE id = $bid")" \
    2026-12-01T10:00:00Z
expect_eq "drop queued mail: exit 0" "$(rc outbox drop "$bid")" 0
sprintd_once || it_fail "sprintd --once (dropped)"
expect_eq "dropped mail never sent" "$(sent_to bjoern@example.org)" 0
expect_eq "dropped mail shows" \
    "$(sql "SELECT status FROM outbox WHERE id = $bid")" suppressed
expect_match "outbox JSON (jansson)" "$(sprintctl outbox --format json)" \
    "\"id\":$bid,.*\"status\":\"suppressed\""

# Read-only commands: without the password file they still work.
mv "$HARNESS_PASSWORD_FILE" "$HARNESS_DIR/password.away"
for c in "messages" "message show $id" "outbox" "people leysin-2027" \
    "evaluation leysin-2027" "sprint show leysin-2027" \
    "announce leysin-2027 --preview"; do
	# shellcheck disable=SC2086
	expect_eq "read-only without passwords: $c" "$(rc $c)" 0
done
mv "$HARNESS_DIR/password.away" "$HARNESS_PASSWORD_FILE"

# The announcement: schedule, preview, let it go, compare.
sprintctl announce leysin-2027 --at "2026-12-15 10:00" >/dev/null ||
    it_fail "announce --at"
out=$(sprintctl sprint show leysin-2027)
expect_match "schedule: announcement pending" "$out" \
    "announcement  *2026-12-15 10:00 CET  *pending"
expect_match "schedule: reminder" "$out" "reminder  *2027-01-01 09:00 CET  *pending"
expect_match "schedule: questionnaire" "$out" \
    "questionnaire  *2027-01-15 09:00 CET  *pending"
expect_match "schedule: evaluation close" "$out" "evaluation closes  *2027-01-28"
n=$(outbox_n)
sprintctl announce leysin-2027 --preview > "$HARNESS_DIR/preview.eml" ||
    it_fail "announce --preview"
expect_eq "preview queues nothing" "$(outbox_n)" "$n"
expect_match "preview: To the list" "$(cat "$HARNESS_DIR/preview.eml")" \
    "^To: pypy-sprint@example.org"
# Cancel, then schedule again.
expect_match "cancel" "$(sprintctl announce leysin-2027 --cancel)" "unscheduled"
expect_eq "cancelled: no job" "$(sql "SELECT count(*) FROM jobs WHERE
    kind = 'announce'")" 0
sprintctl announce leysin-2027 --at "2026-12-15 10:00" >/dev/null ||
    it_fail "announce --at (again)"
SPRINTD_NOW=2026-12-15T09:00:00Z sprintd_once || it_fail "sprintd --once (announce)"
expect_eq "the announcement went once" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'announce' AND
    status = 'sent'")" 1
sent=$(sent_last_to pypy-sprint@example.org | tr -d '\r' | grep -v '^Date: ')
want=$(grep -v '^Date: ' "$HARNESS_DIR/preview.eml")
expect_eq "preview equals the mail sent, but for its Date" "$sent" "$want"
expect_match "the preview has a Date" "$(cat "$HARNESS_DIR/preview.eml")" \
    "^Date: "

# Rescheduling or cancelling what went: exit 2, saying when.
SPRINTD_NOW=2026-12-16T10:00:00Z
err=$(sprintctl announce leysin-2027 --at "2026-12-20 10:00" 2>&1)
expect_eq "reschedule after it went: exit 2" $? 2
expect_match "says when it went" "$err" "went out at 2026-12-15 10:00 CET"
expect_eq "cancel after it went: exit 2" "$(rc announce leysin-2027 --cancel)" 2
expect_eq "nothing moved" "$(sql "SELECT announce_at FROM sprints")" \
    2026-12-15T09:00:00Z
sprintd_once || it_fail "sprintd --once (after refusal)"
expect_eq "no second announcement" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'announce'")" 1
expect_match "schedule: announcement done" \
    "$(sprintctl sprint show leysin-2027)" \
    "announcement  *2026-12-15 10:00 CET  *done 2026-12-15 10:00 CET"
exit 0
