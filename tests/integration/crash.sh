#!/bin/sh
# crash.sh -- SIGKILL at random moments, 50 times, while sprintd ingests
# 500 registrations and sends their confirmations. Afterwards every
# registration is stored exactly once and every confirmation has gone out;
# a confirmation may go out twice only when the kill fell between the SMTP
# server's 250 and the commit that records it: then it is the last mail
# the server accepted before that kill. The figures are printed.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

N=${CRASH_MESSAGES:-500}
KILLS=${CRASH_KILLS:-50}
SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW
sprintctl sprint add "$(eml sprint.yaml)" >/dev/null ||
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

: > "$HARNESS_DIR/last-before-kill"
k=0 in_ingest=0 in_send=0 idle=0
while [ $k -lt "$KILLS" ]; do
	msgs=$(sql "SELECT count(*) FROM messages")
	sent=$(sql "SELECT count(*) FROM outbox WHERE status = 'sent'")
	"$BUILDDIR/sprintd" -c "$HARNESS_CONFIG" --foreground \
	    >>"$IT_LOG" 2>&1 &
	pid=$!
	ms=$(rand 10 150)
	sleep "$(printf '0.%03d' "$ms")"
	kill -KILL $pid
	wait $pid 2>/dev/null
	k=$((k + 1))
	msgs2=$(sql "SELECT count(*) FROM messages")
	sent2=$(sql "SELECT count(*) FROM outbox WHERE status = 'sent'")
	if [ "$msgs2" -lt "$N" ]; then
		in_ingest=$((in_ingest + 1))
	elif [ "$sent2" -lt "$N" ] || [ "$sent" -lt "$N" ]; then
		in_send=$((in_send + 1))
	else
		idle=$((idle + 1))
	fi
	# What the server accepted last before this kill, once the server
	# has finished with what the killed session had already sent.
	c1=-1
	c2=$(harness_sent_count)
	while [ "$c1" != "$c2" ]; do
		c1=$c2
		sleep 0.05
		c2=$(harness_sent_count)
	done
	last_sent >> "$HARNESS_DIR/last-before-kill"
done
echo "$it_name: $k kills: $in_ingest while ingesting, $in_send while" \
    "sending, $idle after all work was done"

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
	printf '%s %s\n' "$(grep -m1 -i '^Message-ID:' "$f" |
	    tr -d '\r' | cut -d' ' -f2)" "$(basename "$f")"
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
