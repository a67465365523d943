#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# storm.sh -- a database that cannot record what was done never makes
# sprintd send a mail again at once. Two faults, against the real servers:
#   1. the store's fault hook (SPRINTD_FAULT_FILE: every commit fails while
#      the file exists) switched on while confirmations are being sent;
#   2. the database on a real 2 MB tmpfs that fills up while 300
#      registrations are read and answered, then grows again.
# In both, no recipient gets more than one extra copy, and once the fault
# is gone everything is stored and answered exactly once.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

N=${STORM_MESSAGES:-300}
SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW

# Copies per recipient of the confirmations the server accepted: the
# largest number, and how many recipients got any.
copies() {
	grep -h -i '^RCPT TO:' "$HARNESS_SENT"/*.env 2>/dev/null |
	    tr 'A-Z' 'a-z' | sort | uniq -c | sort -rn |
	    awk 'NR == 1 { max = $1 } { n++ } END { print max + 0 "|" n + 0 }'
}
daemon_start() {
	"$BUILDDIR/sprintd" -c "$1" --foreground >>"$IT_LOG" 2>&1 &
	pid=$!
}
# Waits until the daemon has backed off $1 more times, waking it from
# each backoff's sleep with SIGHUP instead of waiting it out.
backoffs() {
	_want=$(( $(grep -c "trying again in" "$IT_LOG") + $1 ))
	while [ "$(grep -c "trying again in" "$IT_LOG")" -lt "$_want" ]; do
		_before=$(grep -c "trying again in" "$IT_LOG")
		wait_for '[ "$(grep -c "trying again in" "$IT_LOG")" -gt \
		    "$_before" ]' || return 1
		sleep 0.2
		kill -HUP "$pid"
	done
}
daemon_stop() {
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
all_done() {	# every message stored and every confirmation recorded sent
	[ "$(sqlite3 -batch -noheader "$1" "SELECT count(*) FROM messages")" \
	    = "$N" ] &&
	[ "$(sqlite3 -batch -noheader "$1" "SELECT count(*) FROM outbox
	    WHERE kind = 'confirm' AND status = 'sent'")" = "$N" ]
}
done_within() {	# up to two minutes for all_done $1
	_db=$1
	for _i in 1 2 3 4 5 6; do
		wait_for 'all_done "$_db"' && return 0
	done
	echo "$it_name: after two minutes: $(sqlite3 -batch -noheader "$_db" \
	    "SELECT count(*) FROM messages") messages, $(sqlite3 -batch \
	    -noheader "$_db" "SELECT count(*) FROM outbox WHERE status =
	    'sent'") sent" >&2
	return 1
}
check_exactly_once() {	# $1 database, $2 what
	db=$1
	expect_eq "$2: every message stored once" "$(sqlite3 -batch \
	    -noheader "$db" "SELECT count(*), count(DISTINCT message_id)
	    FROM messages")" "$N|$N"
	expect_eq "$2: every registration stored once" "$(sqlite3 -batch \
	    -noheader "$db" "SELECT count(*) FROM registrations")" "$N"
	expect_eq "$2: one confirmation each, all recorded sent" \
	    "$(sqlite3 -batch -noheader "$db" "SELECT count(*),
	    count(DISTINCT recipient), sum(status = 'sent') FROM outbox
	    WHERE kind = 'confirm'")" "$N|$N|$N"
}

# --- 1. The fault hook, switched on while sending ---------------------
SPRINTD_NOW=$IT_ADDED sprintctl sprint add "$(eml sprint.yaml)" >/dev/null ||
    it_fail "sprintctl sprint add"
make_registrations "$HARNESS_DIR/batch" "$N"
drop_dir "$HARNESS_DIR/batch"
# Read and answer everything with the SMTP server away, so that every
# confirmation waits in the outbox.
harness_stop_smtpd
sprintd_once
expect_eq "hook: all $N read while SMTP is away" \
    "$(sql "SELECT count(*) FROM messages")" "$N"
sql "UPDATE outbox SET next_attempt = '2026-12-21T10:00:00Z'"
harness_start_smtpd || it_fail "SMTP server restarted"

FAULT=$HARNESS_DIR/fault
: > "$FAULT"
SPRINTD_FAULT_FILE=$FAULT
export SPRINTD_FAULT_FILE
daemon_start "$HARNESS_CONFIG"
# Three cycles against the broken store.
backoffs 3 || it_fail "hook: the daemon did not back off"
expect_eq "hook: one mail went out while nothing could be recorded" \
    "$(harness_sent_count)" 1
expect_eq "hook: nothing recorded" \
    "$(sql "SELECT count(*) FROM outbox WHERE status = 'sent'")" 0
rm -f "$FAULT"
kill -HUP "$pid"	# ends the backoff's sleep
done_within "$HARNESS_DB" || it_fail "hook: not done once the fault was gone"
daemon_stop
unset SPRINTD_FAULT_FILE
check_exactly_once "$HARNESS_DB" "hook"
expect_eq "hook: each confirmation accepted once" "$(copies)" "1|$N"

# --- 2. A real file system that fills up ------------------------------
MNT=$HARNESS_DIR/small
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=2m,mode=0700 tmpfs "$MNT" 2>/dev/null; then
	echo "$it_name: cannot mount a tmpfs here: the disk-full part is" \
	    "skipped" >&2
	exit 0
fi
trap '_rc=$?; umount "$MNT" 2>/dev/null; (exit $_rc); it_finish' EXIT
rm -f "$HARNESS_SENT"/*
DB2=$MNT/sprintd.db
# A new database reading another, fresh mailbox (frank's).
sed -e "s|^database: .*|database: $DB2|" -e 's|^  user: .*|  user: frank|' \
    "$HARNESS_CONFIG" > "$HARNESS_DIR/small.yaml"
IT_CONFIG=$HARNESS_DIR/small.yaml SPRINTD_NOW=$IT_ADDED sprintctl sprint add \
    "$(eml sprint.yaml)" >/dev/null || it_fail "small: sprint add"
# Leave about 100 KB free: far too little for 300 registrations.
avail=$(df -k "$MNT" | awk 'NR == 2 { print $4 }')
dd if=/dev/zero of="$MNT/filler" bs=1k count=$((avail - 100)) 2>/dev/null
make_registrations "$HARNESS_DIR/batch2" "$N"
drop_dir "$HARNESS_DIR/batch2" frank
daemon_start "$HARNESS_DIR/small.yaml"
backoffs 3 || it_fail "small: the disk never filled up"
full_sent=$(harness_sent_count)
expect_match "small: the full disk was seen" "$(cat "$IT_LOG")" \
    "database or disk is full\|disk I/O error"
max=$(copies | cut -d'|' -f1)
[ "$max" -le 2 ] && it_ok "small: at most one extra copy while full" ||
    it_fail "small: $max copies to one recipient while the disk was full"
# Space comes back: the file system grows (2 MB could never hold all).
rm -f "$MNT/filler"
mount -o remount,size=64m "$MNT" || it_fail "small: remount"
kill -HUP "$pid"
done_within "$DB2" ||
    it_fail "small: not everything was done after space came back"
daemon_stop
N=$N check_exactly_once "$DB2" "small"
max=$(copies | cut -d'|' -f1)
got=$(copies | cut -d'|' -f2)
expect_eq "small: every person answered" "$got" "$N"
[ "$max" -le 2 ] && it_ok "small: at most one extra copy in all" ||
    it_fail "small: $max copies to one recipient"
echo "$it_name: disk full: $full_sent mails went out while full;" \
    "at most $max copies to one recipient"
umount "$MNT"
