#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# powercut.sh -- power cuts, not kills: sprintd --once runs under
# tests/harness/powercut.c (LD_PRELOAD), which keeps the state directory
# (database, WAL, publish_dir) as of its last syncs and, at a chosen call
# (a write or sync of a file there, or a write to a socket: SMTP and
# IMAP), puts only what was synced in place and exits: what the disk holds
# after the power went. N registrations wait in the real Dovecot; each
# cut starts from the same state (the sprint, nothing read), cuts at one
# point of ingesting or sending, and a second sprintd --once (no shim)
# finishes the work. The points are spread evenly over all calls of an
# uncut run. After each cut, on what the disk kept:
#   - PRAGMA integrity_check is ok;
#   - every confirmation the SMTP server accepted is for a registration
#     the database kept as registered (nothing is sent on unsynced data);
#   - people.txt and index.html are whole, and list nobody the database
#     lost (never ahead of the data);
# and after the run that finishes:
#   - every message stored once, every registration once, every
#     confirmation recorded sent, the pages what the database says, no
#     temporary file left in publish_dir;
#   - a confirmation accepted twice was accepted by the cut run, and at
#     most WINDOW (16, sprintd(8)) are accepted twice per cut.
# Then a sync that fails once (EIO; the shim's later syncs of that file
# "succeed" without reaching the disk, as Linux's do): sprintd exits at
# once with 1, sends nothing after the failure, and a power cut after it
# loses no confirmed registration.
#
# What it does not model:
#   - a cut inside a call: each call happens whole or not at all; torn
#     or reordered sector writes within a file, and a file's writes that
#     reached the disk before its fsync (the shim keeps none of them:
#     the worst case a disk may show, not every case);
#   - the kernel's own ordering of metadata: a file's size, a rename or
#     an unlink lasts only after a directory fsync, never earlier;
#   - writes through mmap (SQLite's -shm, rebuilt by SQLite when it
#     opens the database alone) and data unsynced by an earlier run that
#     ended normally (taken as on the disk when the next run starts);
#   - the SMTP and IMAP servers' own durability (they are not cut), and
#     the long-running daemon (sprintd --once runs the same cycle);
#   - cuts in sprintctl (which commits with full syncs).
# POWERCUT_CUTS cut points (default 300), POWERCUT_MESSAGES registrations
# (default 24: more than a window of mails in one flush).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

N=${POWERCUT_MESSAGES:-24}
CUTS=${POWERCUT_CUTS:-300}
WINDOW=16
SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW
command -v cc >/dev/null 2>&1 || { echo "$it_name: no cc: skipped"; exit 77; }
# A sanitizer's runtime must come first in LD_PRELOAD: not with the shim.
if ldd "$BUILDDIR/sprintd" | grep -q 'libasan'; then
	echo "$it_name: an ASan build: skipped"
	exit 77
fi
SHIM=$HARNESS_DIR/powercut.so
cc -shared -fPIC -O1 -o "$SHIM" "$HARNESS_SRC/powercut.c" -ldl ||
    { it_fail "the shim does not build"; exit 1; }

STATE=$HARNESS_DIR/state
PRISTINE=$HARNESS_DIR/pristine
SHADOW=$HARNESS_DIR/shadow
mkdir -p "$STATE/pub"
IT_CONFIG=$HARNESS_DIR/powercut.yaml
sed -e "s|^database:.*|database: $STATE/sprintd.db|" \
    -e "s/^log_level:.*/log_level: info/" "$HARNESS_CONFIG" > "$IT_CONFIG"
{ echo "publish_dir: $STATE/pub"; echo "batch_size: 4"; } >> "$IT_CONFIG"
chmod 600 "$IT_CONFIG"
DB=$STATE/sprintd.db
PAGES=$STATE/pub/leysin-2027
# The sprint is added before the registrations were written (10:00).
SPRINTD_NOW=2026-12-21T09:00:00Z sprintctl sprint add "$(eml sprint.yaml)" \
    >/dev/null || it_fail "sprintctl sprint add"
make_registrations "$HARNESS_DIR/batch" "$N"
drop_dir "$HARNESS_DIR/batch"
cp -a "$STATE" "$PRISTINE"

q() {
	sqlite3 -batch -noheader "$DB" "$1"
}
fresh() {
	rm -rf "$STATE" "$SHADOW"
	cp -a "$PRISTINE" "$STATE"
	mkdir -p "$SHADOW"
}
accepted() {	# names of the accepted .eml files, sorted
	ls "$HARNESS_SENT" | grep '\.eml$' | sort
}
# What a confirmation told its recipient: registered or waiting.
told() {
	if grep -q 'you are registered for' "$HARNESS_SENT/$1"; then
		echo registered
	elif grep -q 'on the waiting list' "$HARNESS_SENT/$1"; then
		echo waiting
	else
		echo "?"
	fi
}
# sprintd --once under the shim, with the shim's variables given.
shimmed() {
	env LD_PRELOAD="$SHIM" POWERCUT_DIR="$STATE" \
	    POWERCUT_SHADOW="$SHADOW" "$@" "$BUILDDIR/sprintd" \
	    -c "$IT_CONFIG" --once >> "$IT_LOG" 2>&1
}

# The calls of an uncut run.
fresh
shimmed POWERCUT_COUNT="$HARNESS_DIR/count" ||
    it_fail "the uncut run failed"
TOTAL=$(cat "$HARNESS_DIR/count")
expect_eq "the uncut run did all the work" \
    "$(q "SELECT count(*) FROM outbox WHERE status = 'sent'")" "$N"
echo "$it_name: an uncut run makes $TOTAL calls; $CUTS cuts over them"

cuts=0 ingest=0 send=0 maxdup=0 sumdup=0 bad=0 t0=$(date +%s)
i=0
while [ $i -lt "$CUTS" ]; do
	i=$((i + 1))
	at=$(( (i * TOTAL + CUTS / 2) / (CUTS + 1) ))
	[ $at -ge 1 ] || at=1
	fresh
	accepted > "$HARNESS_DIR/before"
	shimmed POWERCUT_AT=$at
	rc=$?
	if [ $rc -ne 99 ]; then
		it_fail "cut at $at: sprintd exited $rc, not cut"
		bad=$((bad + 1))
		continue
	fi
	cuts=$((cuts + 1))
	accepted | comm -13 "$HARNESS_DIR/before" - > "$HARNESS_DIR/cutrun"
	# What the disk kept.
	ok=$(q "PRAGMA integrity_check")
	[ "$ok" = ok ] || { it_fail "cut at $at: integrity: $ok"; bad=$((bad + 1)); }
	regs=$(q "SELECT count(*) FROM registrations")
	if [ "$(wc -l < "$HARNESS_DIR/cutrun")" -gt 0 ]; then
		send=$((send + 1))
	else
		ingest=$((ingest + 1))
	fi
	while read -r f; do
		to=$(sent_rcpt "$f")
		told=$(told "$f")
		kept=$(q "SELECT r.status FROM registrations r JOIN people p
		    ON p.id = r.person_id WHERE lower(p.email) = lower('$to')")
		if [ "$kept" != "$told" ]; then
			it_fail "cut at $at: $to was told '$told', the disk" \
			    "kept '$kept'"
			bad=$((bad + 1))
		fi
	done < "$HARNESS_DIR/cutrun"
	if [ -f "$PAGES/people.txt" ]; then
		listed=$(grep -c '^ *Person [0-9]' "$PAGES/people.txt")
		if [ "$listed" -gt "$regs" ]; then
			it_fail "cut at $at: people.txt lists $listed, the" \
			    "database kept $regs"
			bad=$((bad + 1))
		fi
		for p in $(grep -o 'Person [0-9]*' "$PAGES/people.txt" |
		    cut -d' ' -f2); do
			[ "$(q "SELECT count(*) FROM registrations r JOIN
			    people p ON p.id = r.person_id WHERE
			    p.email = 'p$p@example.org'")" = 1 ] ||
			    { it_fail "cut at $at: people.txt lists Person $p," \
			    "whom the database lost"; bad=$((bad + 1)); }
		done
	fi
	if [ -f "$PAGES/index.html" ] &&
	    [ "$(tail -c 8 "$PAGES/index.html")" != "</html>" ]; then
		it_fail "cut at $at: index.html is torn"
		bad=$((bad + 1))
	fi
	# The run after the power came back.
	"$BUILDDIR/sprintd" -c "$IT_CONFIG" --once >> "$IT_LOG" 2>&1 ||
	    { it_fail "cut at $at: the run after it failed"; bad=$((bad + 1)); }
	got=$(q "SELECT (SELECT count(*) || '|' || count(DISTINCT message_id)
	    FROM messages) || '|' || (SELECT count(*) FROM registrations) ||
	    '|' || (SELECT sum(status = 'sent') FROM outbox WHERE
	    kind = 'confirm')")
	[ "$got" = "$N|$N|$N|$N" ] ||
	    { it_fail "cut at $at: after the next run: $got"; bad=$((bad + 1)); }
	[ "$(q "PRAGMA integrity_check")" = ok ] ||
	    { it_fail "cut at $at: integrity after the next run"; bad=$((bad + 1)); }
	# The public people.txt is the database's, byte for byte.
	sprintctl people leysin-2027 --format public > "$HARNESS_DIR/rst" 2>&1
	cmp -s "$HARNESS_DIR/rst" "$PAGES/people.txt" ||
	    { it_fail "cut at $at: people.txt is not what the database says"
	      bad=$((bad + 1)); }
	if ls -a "$PAGES" | grep -q '^\.\(index\.html\|people\.txt\)\.'; then
		it_fail "cut at $at: a temporary file is left in publish_dir"
		bad=$((bad + 1))
	fi
	accepted | comm -13 "$HARNESS_DIR/before" - > "$HARNESS_DIR/both"
	for f in $(cat "$HARNESS_DIR/both"); do
		echo "$(sent_message_id "$f") $f"
	done | sort > "$HARNESS_DIR/ids"
	dup=$(( $(wc -l < "$HARNESS_DIR/ids") -
	    $(cut -d' ' -f1 "$HARNESS_DIR/ids" | sort -u | wc -l) ))
	for id in $(cut -d' ' -f1 "$HARNESS_DIR/ids" | uniq -d); do
		first=$(grep "^$id " "$HARNESS_DIR/ids" | head -n 1 |
		    cut -d' ' -f2)
		grep -qx "$first" "$HARNESS_DIR/cutrun" ||
		    { it_fail "cut at $at: $id twice, not from the cut run"
		      bad=$((bad + 1)); }
	done
	[ $dup -le $WINDOW ] ||
	    { it_fail "cut at $at: $dup mails resent, window $WINDOW"
	      bad=$((bad + 1)); }
	[ $dup -gt $maxdup ] && maxdup=$dup
	sumdup=$((sumdup + dup))
	[ -n "${POWERCUT_VERBOSE:-}" ] && echo "$it_name: cut at $at:" \
	    "$regs registrations kept, $(wc -l < "$HARNESS_DIR/cutrun")" \
	    "mails accepted before the cut, $dup resent"
done
echo "$it_name: $cuts cuts ($ingest before any mail was accepted, $send" \
    "after); $sumdup mails resent in all, at most $maxdup after one cut" \
    "(window $WINDOW); $bad failed checks; $(( $(date +%s) - t0 )) s"
expect_eq "every cut point cut and held" $bad 0

# --- A sync that fails once ------------------------------------------
# The WAL's Nth sync fails (the first: what a pass over the mailbox
# committed; later ones: commits of jobs, the flush's windows). The
# file's later syncs "succeed" without effect, and the power goes when
# sprintd has exited. Whatever sync failed: sprintd exits with 1, sends
# nothing more, and no mail sent was for a registration the disk lost.
windows=0
for nth in 1 2 3 4 5 6; do
	# A log of its own for each, so that the message is this run's.
	cat "$IT_LOG" >> "$IT_LOG.before"
	: > "$IT_LOG"
	fresh
	accepted > "$HARNESS_DIR/before"
	shimmed POWERCUT_EIO_FILE=sprintd.db-wal POWERCUT_EIO_AT=$nth \
	    POWERCUT_RESTORE_AT_EXIT=1
	rc=$?
	accepted | comm -13 "$HARNESS_DIR/before" - > "$HARNESS_DIR/cutrun"
	sent=$(wc -l < "$HARNESS_DIR/cutrun" | tr -d ' ')
	if ! grep -q "a sync of the disk failed" "$IT_LOG"; then
		# Fewer syncs than nth in the run: nothing failed.
		[ $rc = 0 ] || it_fail "EIO at WAL sync $nth: exit $rc"
		break
	fi
	expect_eq "EIO at WAL sync $nth: sprintd --once fails" $rc 1
	lost=0
	while read -r f; do
		[ "$(q "SELECT r.status FROM registrations r JOIN people p ON
		    p.id = r.person_id WHERE lower(p.email) =
		    lower('$(sent_rcpt "$f")')")" = "$(told "$f")" ] ||
		    lost=$((lost + 1))
	done < "$HARNESS_DIR/cutrun"
	expect_eq "EIO at WAL sync $nth: $sent mails sent, none for a registration the disk lost" \
	    $lost 0
	# Sent, and not recorded sent on the disk: what goes out again.
	again=0
	while read -r f; do
		[ "$(q "SELECT status FROM outbox WHERE message_id =
		    '$(sent_message_id "$f")'")" = sent ] || again=$((again + 1))
	done < "$HARNESS_DIR/cutrun"
	[ "$again" -le $WINDOW ] ||
	    it_fail "EIO at WAL sync $nth: $again mails to go out again," \
	    "window $WINDOW"
	[ "$sent" -gt 0 ] && windows=$((windows + 1))
	expect_eq "EIO at WAL sync $nth: integrity after the cut" \
	    "$(q "PRAGMA integrity_check")" ok
	"$BUILDDIR/sprintd" -c "$IT_CONFIG" --once >> "$IT_LOG" 2>&1 ||
	    it_fail "EIO at WAL sync $nth: the run after it failed"
	expect_eq "EIO at WAL sync $nth: then all done" "$(q "SELECT
	    sum(status = 'sent') FROM outbox WHERE kind = 'confirm'")" "$N"
done
[ $windows -gt 0 ] ||
    it_fail "EIO: no failed sync fell after a mail was sent"
