#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# crash.sh -- SIGKILL sprintd 50 times while it ingests 500 registrations
# and sends their confirmations. Afterwards every registration is stored
# exactly once and every confirmation has gone out; a confirmation may go
# out twice only when the kill fell between the SMTP server's 250 and the
# commit that records it: then it is the last mail the server accepted
# before that kill.
#
# The kills must fall in both phases in every build, fast or slow (ASan):
# two kills in three are timed from watching the work (the database for
# stored messages, the server for accepted mail), then a few milliseconds
# more; every third comes at a random delay after the start. The first
# half of the kills is for ingesting: if messages are still unstored then,
# one sprintd --once stores them while the SMTP server is down (and the
# clock moves on past the deferral that costs the first mail), so the
# other half finds only sending to do. Each kill is counted by what the
# killed run did: stored some but not all messages (ingesting), got mail
# accepted after all were stored (sending), neither (start-up, or between
# the two), or nothing was left to do. It fails unless at least
# CRASH_MIN_PHASE (a fifth of the kills) fell in each phase.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

N=${CRASH_MESSAGES:-500}
KILLS=${CRASH_KILLS:-50}
MIN_PHASE=${CRASH_MIN_PHASE:-$((KILLS / 5))}
SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW
# Small batches: ingest commits once per fetched batch, so the kills need
# many of them to fall while ingesting.
IT_CONFIG=$HARNESS_DIR/crash.yaml
sed "s/^batch_size:.*//" "$HARNESS_CONFIG" > "$IT_CONFIG"
echo "batch_size: 1" >> "$IT_CONFIG"
chmod 600 "$IT_CONFIG"
SPRINTD_NOW=$IT_ADDED sprintctl sprint add "$(eml sprint.yaml)" >/dev/null ||
    it_fail "sprintctl sprint add"
make_registrations "$HARNESS_DIR/batch" "$N"
deliver_dir "$HARNESS_DIR/batch" || it_fail "deliver the batch"

# A random number in [lo, hi).
rand() {
	r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	echo $(( $1 + r % ($2 - $1) ))
}
last_sent() {
	ls "$HARNESS_SENT" | grep '\.eml$' | sort | tail -n 1
}
stored() {
	sql "SELECT count(*) FROM messages"
}
recorded_sent() {
	sql "SELECT count(*) FROM outbox WHERE status = 'sent'"
}
# Waits (polling, up to 20 s) until command $1 prints more than $2, or
# process $3 has gone.
wait_above() {
	_n=0
	while [ "$($1)" -le "$2" ]; do
		kill -0 "$3" 2>/dev/null || return 1
		_n=$((_n + 1))
		[ $_n -ge 2000 ] && return 1
		sleep 0.01
	done
}
# The server's count once it has finished with what a killed session had
# already sent.
settled_count() {
	_c1=-1
	_c2=$(harness_sent_count)
	while [ "$_c1" != "$_c2" ]; do
		_c1=$_c2
		sleep 0.05
		_c2=$(harness_sent_count)
	done
	echo "$_c2"
}

: > "$HARNESS_DIR/last-before-kill"
k=0 in_ingest=0 in_send=0 other=0 idle=0 random=0 preingested=0
acc=$(harness_sent_count)
while [ $k -lt "$KILLS" ]; do
	msgs=$(stored)
	sent=$(recorded_sent)
	if [ $k -eq $((KILLS / 2)) ] && [ "$msgs" -lt "$N" ]; then
		harness_stop_smtpd
		sprintd_once
		harness_start_smtpd || it_fail "restart the SMTP server"
		# The failed connection deferred the first mail by five
		# minutes: the server is back ten minutes later.
		SPRINTD_NOW=2026-12-21T11:10:00Z
		preingested=$(( $(stored) - msgs ))
		msgs=$(stored)
	fi
	"$BUILDDIR/sprintd" -c "$IT_CONFIG" --foreground \
	    >>"$IT_LOG" 2>&1 &
	pid=$!
	if [ $((k % 3)) -eq 2 ] || [ "$sent" -ge "$N" ]; then
		how=random
		random=$((random + 1))
		# Start-up takes about ten milliseconds; after it a message
		# is stored or a mail sent every fraction of one.
		sleep "$(printf '0.%03d' "$(rand 3 30)")"
	elif [ "$msgs" -lt "$N" ]; then
		how=ingest
		wait_above stored "$msgs" $pid
		sleep "$(printf '0.%03d' "$(rand 0 8)")"
	else
		how=send
		wait_above harness_sent_count "$acc" $pid
		# Mail goes out fast (a fraction of a millisecond each): a
		# short wait keeps the kills inside the sending.
		sleep "$(printf '0.%03d' "$(rand 0 4)")"
	fi
	kill -KILL $pid
	wait $pid 2>/dev/null
	k=$((k + 1))
	msgs2=$(stored)
	acc2=$(settled_count)
	if [ "$msgs2" -gt "$msgs" ] && [ "$msgs2" -lt "$N" ]; then
		in_ingest=$((in_ingest + 1))
	elif [ "$msgs2" -eq "$N" ] && [ "$acc2" -gt "$acc" ]; then
		in_send=$((in_send + 1))
	elif [ "$sent" -ge "$N" ]; then
		idle=$((idle + 1))
	else
		other=$((other + 1))
	fi
	[ -n "${CRASH_VERBOSE:-}" ] && echo "$it_name: kill $k ($how):" \
	    "stored $msgs -> $msgs2, accepted $acc -> $acc2"
	acc=$acc2
	# What the server accepted last before this kill.
	last_sent >> "$HARNESS_DIR/last-before-kill"
done
echo "$it_name: $k kills: $in_ingest while ingesting, $in_send while" \
    "sending, $other at start-up or between the two, $idle after all" \
    "work was done ($random at random delays; $preingested messages" \
    "stored with the SMTP server down at half-time)"
[ "$in_ingest" -ge "$MIN_PHASE" ] && [ "$in_send" -ge "$MIN_PHASE" ] ||
    it_fail "fewer than $MIN_PHASE kills fell while ingesting or while" \
    "sending"

# Finish what is left.
sprintd_once || it_fail "sprintd --once after the kills"

q="SELECT count(*), count(DISTINCT message_id) FROM messages
    WHERE message_id LIKE '<batch-%'"
expect_eq "every message stored exactly once" "$(sql "$q")" "$N|$N"
expect_eq "no message lost or stored twice at all" \
    "$(sql "SELECT count(*) FROM messages")" "$N"
q="SELECT count(*), count(DISTINCT p.email) FROM registrations r
    JOIN people p ON p.id = r.person_id"
expect_eq "every registration stored exactly once" "$(sql "$q")" "$N|$N"
q="SELECT count(*), count(DISTINCT recipient), sum(status = 'sent')
    FROM outbox WHERE kind = 'confirm'"
expect_eq "one confirmation queued per person, all sent" "$(sql "$q")" \
    "$N|$N|$N"

# What the server accepted: every confirmation at least once; a second
# copy only of a mail that was the last accepted before some kill.
for f in "$HARNESS_SENT"/*.eml; do
	f=$(basename "$f")
	printf '%s %s\n' "$(sent_message_id "$f")" "$f"
done | sort > "$HARNESS_DIR/accepted"
total=$(wc -l < "$HARNESS_DIR/accepted" | tr -d ' ')
distinct=$(cut -d' ' -f1 "$HARNESS_DIR/accepted" | sort -u | wc -l |
    tr -d ' ')
expect_eq "every confirmation accepted by the server" "$distinct" "$N"
dups=$((total - distinct))
bad=0
for id in $(cut -d' ' -f1 "$HARNESS_DIR/accepted" | uniq -d); do
	first=$(grep "^$id " "$HARNESS_DIR/accepted" | cut -d' ' -f2 |
	    sort | head -n 1)
	grep -qx "$first" "$HARNESS_DIR/last-before-kill" ||
	    { bad=$((bad + 1)); echo "$it_name: $id sent twice," \
	    "first as $first, not at a kill" >&2; }
done
echo "$it_name: $total mails accepted for $distinct confirmations:" \
    "$dups sent twice, each the last mail before a kill"
expect_eq "every second copy is explained by a kill after the 250" $bad 0
if [ "$dups" -gt "$in_send" ]; then
	it_fail "$dups second copies for $in_send kills while sending"
fi
