#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# compare.sh -- make bench: sprintd measured beside other programs doing
# the same work on this machine, against a private Dovecot (and Postfix's
# smtp-sink) on loopback, as root. Prints one plain table: each measure,
# the numbers behind it, its goal and PASS or MISS. It reports, it does not
# test: it exits 0 on a MISS, and 1 only when something broke (a server
# that would not start, sprintd failing or storing fewer messages than it
# was given). A peer tool that cannot be installed skips its line.
#
#   1  ingest 2,000 list messages (40 quoted lines each): sprintd --once
#      CPU (user+sys) against bench/peer_ingest.py (imaplib, email,
#      sqlite3), goal python/sprintd >= 10; and sprintd's wall time against
#      mbsync (isync) copying the same mailbox into a local maildir
#   2  N registrations, each answered (replies queued, SMTP down): CPU at
#      1,000 / CPU at 500, goal <= 2.3
#   3  mean size of a confirmation at 1,000 registrations, goal <= 8 KB
#   4  flushing those 1,000 queued confirmations into smtp-sink: sprintd's
#      wall time against smtp-source sending as many of the same size over
#      one connection, goal sprintd/smtp-source <= 1.5
#   5  peak RSS of sprintd --once at 1,000 and 10,000 registrations, goal
#      flat (10,000 / 1,000 <= 1.25)
#
# Each measure runs BENCH_RUNS times (5: the VM it was written on has busy
# neighbours, and a median of five stands two slow runs) and the median is
# shown.
# Environment: BUILDDIR (the build to measure: an optimised one), top_srcdir,
# BENCH_RUNS, BENCH_LIST (2000), BENCH_SMALL (500), BENCH_LARGE (1000),
# BENCH_HUGE (10000), BENCH_KEEP=1 keeps the scratch directory.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/.." && pwd)}"
: "${BUILDDIR:?BUILDDIR must name the build directory}"
export top_srcdir BUILDDIR
RUNS=${BENCH_RUNS:-5}
N_LIST=${BENCH_LIST:-2000}
N_SMALL=${BENCH_SMALL:-500}
N_LARGE=${BENCH_LARGE:-1000}
N_HUGE=${BENCH_HUGE:-10000}
NICE="nice -n 10"
SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW

if [ "$(id -u)" != 0 ]; then
	echo "bench: the comparisons need root (Dovecot, packages): skipped"
	exit 0
fi
. "$top_srcdir/tests/integration/lib.inc"

broke=0
rows=""
say() { echo "bench: $*" >&2; }
fail() { say "BROKE: $*"; broke=1; }

# --- packages ---------------------------------------------------------

have_pkg() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null |
	    grep -q "install ok installed"
}

# Installs the Debian packages named, when missing, without starting any
# service; returns 1 (having said why) when they cannot be had, or when
# installing them would remove another package.
bench_install() {
	_missing=""
	for _p in "$@"; do
		have_pkg "$_p" || _missing="$_missing $_p"
	done
	[ -n "$_missing" ] || return 0
	say "installing$_missing"
	export DEBIAN_FRONTEND=noninteractive
	[ -n "${bench_updated:-}" ] || { apt-get update -q >/dev/null 2>&1;
	    bench_updated=1; }
	# Postfix as a package only: no main.cf, never started.
	echo "postfix postfix/main_mailer_type select No configuration" |
	    debconf-set-selections 2>/dev/null
	# shellcheck disable=SC2086
	if apt-get install -s -y --no-install-recommends $_missing \
	    2>/dev/null | grep -q '^Remv '; then
		say "installing$_missing would remove other packages: not done"
		return 1
	fi
	_rm_policy=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
		chmod +x /usr/sbin/policy-rc.d
		_rm_policy=1
	fi
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $_missing \
	    >"$BENCH_DIR/apt.log" 2>&1
	_rc=$?
	[ -z "$_rm_policy" ] || rm -f /usr/sbin/policy-rc.d
	[ $_rc -eq 0 ] || { say "apt-get install$_missing failed" \
	    "(last line: $(tail -n 1 "$BENCH_DIR/apt.log"))"; return 1; }
}

# --- numbers ----------------------------------------------------------

# med FILE COL: the median of column COL (1 wall, 2 user, 3 sys, 4 peak
# RSS in KB) of FILE's lines, or of user+sys when COL is "cpu".
med() {
	awk -v c="$2" '{ print c == "cpu" ? $2 + $3 : $c }' "$1" | sort -g |
	    awk '{ v[NR] = $1 }
	    END { if (NR % 2) print v[(NR + 1) / 2];
	          else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# calc 'EXPR': awk arithmetic, printed with 2 decimals.
calc() {
	awk "BEGIN { printf \"%.2f\", $1 }"
}

# row MEASURE DETAIL RATIO OP GOAL: a line of the table; OP is >= or <=,
# and an empty RATIO (or "-") means the line was skipped.
row() {
	if [ -z "$3" ] || [ "$3" = - ]; then
		_v=SKIP
	elif awk "BEGIN { exit !($3 $4 $5) }"; then
		_v=PASS
	else
		_v=MISS
	fi
	rows="$rows$(printf '%-38s  %-50s  %7s  %7s  %s' "$1" "$2" \
	    "${3:--}" "$4 $5" "$_v")
"
}

# info MEASURE DETAIL VALUE: a line with no goal.
info() {
	rows="$rows$(printf '%-38s  %-50s  %7s  %7s  %s' "$1" "$2" "$3" "-" \
	    "info")
"
}

# timed OUT CMD...: runs CMD niced under rusage.py, appends "wall user sys
# maxrss_kb" to OUT (CPU to the microsecond: GNU time's two decimals are
# a tenth of a fast run); returns CMD's status. Output goes to
# $BENCH_DIR/log.
timed() {
	_out=$1
	shift
	$NICE "$HARNESS_PYTHON" "$here/rusage.py" "$BENCH_DIR/time.tmp" \
	    "$@" >>"$BENCH_DIR/log" 2>&1
	_rc=$?
	tail -n 1 "$BENCH_DIR/time.tmp" >> "$_out"
	return $_rc
}

# --- mailboxes and configs --------------------------------------------

# Writes a sprintd config: $1 file, $2 database, $3 IMAP user, $4 SMTP URL.
bench_config() {
	cat > "$1" <<EOF
database: $2
list_address: $HARNESS_LIST_ADDRESS
from: "PyPy sprints <$HARNESS_LIST_ADDRESS>"
log_level: warn
poll_interval: 5
# The bench's thousands of first registrations arrive in one hour.
first_contact_per_hour: 100000
imap:
  url: imap://127.0.0.1:$IMAP_PORT/INBOX
  user: $3
  password_file: $HARNESS_PASSWORD_FILE
  tls: none
smtp:
  url: $4
  tls: none
EOF
	chmod 600 "$1"
}

# A fresh database with the sprint, for IMAP user $2: prints the config.
bench_fresh() {
	_db=$BENCH_DIR/$1.db
	_cfg=$BENCH_DIR/$1.yaml
	rm -f "$_db" "$_db-wal" "$_db-shm" "$_db-journal"
	bench_config "$_cfg" "$_db" "$2" "${3:-smtp://127.0.0.1:9}"
	# Added before the mail was written (10:00): mail older than the
	# sprint is never answered.
	SPRINTD_NOW=2026-12-21T09:00:00Z "$BUILDDIR/sprintctl" -c "$_cfg" \
	    sprint add "$(eml sprint.yaml)" >>"$BENCH_DIR/log" 2>&1 ||
	    fail "sprintctl sprint add ($1)"
	echo "$_cfg"
}

# Writes N list messages (a discussion thread, not registrations: no form,
# List-Id and Precedence: list), each quoting 40 lines, into DIR.
make_list_messages() {
	mkdir -p "$1"
	"$HARNESS_PYTHON" - "$1" "$2" "$HARNESS_LIST_ADDRESS" <<'PY'
import os, sys
d, n, to = sys.argv[1], int(sys.argv[2]), sys.argv[3]
topics = ["the JIT warmup numbers", "cffi on the new release",
          "the buildbot on arm64", "sprint travel plans",
          "a GC pause in the benchmarks", "the py3.11 branch"]
for i in range(1, n + 1):
    who, topic = i % 60, topics[i % len(topics)]
    quote = "".join("> %s: line %d of the message before, as quoted by "
                    "the mail client.\n" % (topic, k) for k in range(40))
    with open(os.path.join(d, "%05d.eml" % i), "w") as f:
        f.write("From: Member %d <member%d@example.org>\nTo: %s\n"
                "Subject: Re: [pypy-sprint] %s\n"
                "Message-ID: <list-%d@example.org>\n"
                "In-Reply-To: <list-%d@example.org>\n"
                "References: <list-%d@example.org>\n"
                "List-Id: PyPy sprints <pypy-sprint.example.org>\n"
                "Precedence: list\n"
                "Date: Mon, 21 Dec 2026 10:00:00 +0000\n"
                "Content-Type: text/plain; charset=utf-8\n\n"
                "I had a look at %s again; message %d of the thread.\n"
                "It is slower than last week on my machine, see below.\n\n"
                "On Sun, 20 Dec 2026, Member %d wrote:\n%s"
                % (who, who, to, topic, i, i - 1, i - 1, topic, i,
                   (i + 1) % 60, quote))
PY
}

# fill USER DIR: the mailbox of USER holds exactly the .eml files of DIR.
fill() {
	_md=$HARNESS_MAILDIR/$1/Maildir
	rm -rf "$_md"
	drop_dir "$2" "$1"
}

# The result of query $2 on database $1.
q() {
	sqlite3 -batch -noheader "$1" "$2" 2>/dev/null
}

# --- start --------------------------------------------------------------

for p in "$BUILDDIR/sprintd" "$BUILDDIR/sprintctl"; do
	[ -x "$p" ] || { say "$p is not built"; exit 1; }
done
BENCH_DIR=$(mktemp -d -t sprintd-bench.XXXXXX) || exit 1
cleanup() {
	[ -z "${sink_pid:-}" ] || kill "$sink_pid" 2>/dev/null
	harness_stop
	if [ -n "${BENCH_KEEP:-}" ]; then
		say "kept $BENCH_DIR"
	else
		rm -rf "$BENCH_DIR"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
bench_install sqlite3 || exit 1
have_pkg isync || bench_install isync || true
have_pkg postfix || bench_install postfix || true
harness_start >>"$BENCH_DIR/log" 2>&1 ||
    { say "the harness did not start"; cat "$BENCH_DIR/log" >&2; exit 1; }
say "servers up; $RUNS runs of each measure (optimised build: $BUILDDIR)"

# --- 1: list messages: sprintd, Python, mbsync --------------------------

say "1: $N_LIST list messages"
make_list_messages "$BENCH_DIR/list" "$N_LIST"
fill anna "$BENCH_DIR/list"
# Dovecot indexes a new mailbox on the first fetch: once, untimed.
"$HARNESS_PYTHON" "$here/peer_ingest.py" 127.0.0.1 "$IMAP_PORT" anna \
    "$HARNESS_PASSWORD_FILE" "$BENCH_DIR/warm.db" >/dev/null 2>&1
mbsync_ok=""
if command -v mbsync >/dev/null 2>&1; then
	mbsync_ok=1
	cat > "$BENCH_DIR/mbsyncrc" <<EOF
IMAPAccount bench
Host 127.0.0.1
Port $IMAP_PORT
User anna
PassCmd "cat $HARNESS_PASSWORD_FILE"
SSLType None
AuthMechs LOGIN

IMAPStore bench-far
Account bench

MaildirStore bench-near
Path $BENCH_DIR/mbsync/
Inbox $BENCH_DIR/mbsync/INBOX

Channel bench
Far :bench-far:
Near :bench-near:
Patterns INBOX
Create Near
Sync Pull
SyncState *
EOF
else
	say "mbsync (isync) is not installed: its line is skipped"
fi
: > "$BENCH_DIR/t1.sprintd"; : > "$BENCH_DIR/t1.py"; : > "$BENCH_DIR/t1.mbsync"
r=0
while [ $r -lt "$RUNS" ]; do
	r=$((r + 1))
	cfg=$(bench_fresh list anna)
	timed "$BENCH_DIR/t1.sprintd" "$BUILDDIR/sprintd" -c "$cfg" --once ||
	    fail "sprintd --once on the list messages exited non-zero"
	got=$(q "$BENCH_DIR/list.db" "SELECT count(*) FROM messages")
	[ "$got" = "$N_LIST" ] ||
	    fail "sprintd stored $got of $N_LIST list messages"
	rm -f "$BENCH_DIR/py.db"
	timed "$BENCH_DIR/t1.py" "$HARNESS_PYTHON" "$here/peer_ingest.py" \
	    127.0.0.1 "$IMAP_PORT" anna "$HARNESS_PASSWORD_FILE" \
	    "$BENCH_DIR/py.db" || fail "peer_ingest.py exited non-zero"
	got=$(q "$BENCH_DIR/py.db" "SELECT count(*) FROM messages")
	[ "$got" = "$N_LIST" ] ||
	    fail "peer_ingest.py stored $got of $N_LIST messages"
	if [ -n "$mbsync_ok" ]; then
		rm -rf "$BENCH_DIR/mbsync"
		mkdir -p "$BENCH_DIR/mbsync"
		if timed "$BENCH_DIR/t1.mbsync" mbsync -q \
		    -c "$BENCH_DIR/mbsyncrc" bench; then
			got=$(find "$BENCH_DIR/mbsync/INBOX" -type f \
			    -path '*/cur/*' -o -type f -path '*/new/*' |
			    wc -l)
			[ "$got" -eq "$N_LIST" ] || { say "mbsync copied" \
			    "$got of $N_LIST messages: its line is skipped"
			    mbsync_ok=""; }
		else
			say "mbsync failed (see the log): its line is skipped"
			mbsync_ok=""
		fi
	fi
done
s_cpu=$(med "$BENCH_DIR/t1.sprintd" cpu)
s_wall=$(med "$BENCH_DIR/t1.sprintd" 1)
p_cpu=$(med "$BENCH_DIR/t1.py" cpu)
row "1a ingest $N_LIST list msgs, CPU" \
    "python ${p_cpu}s / sprintd ${s_cpu}s" \
    "$(calc "$p_cpu / ($s_cpu > 0 ? $s_cpu : 0.001)")" ">=" 10
if [ -n "$mbsync_ok" ]; then
	m_wall=$(med "$BENCH_DIR/t1.mbsync" 1)
	info "1b ingest $N_LIST list msgs, wall" \
	    "sprintd ${s_wall}s / mbsync ${m_wall}s" \
	    "$(calc "$s_wall / ($m_wall > 0 ? $m_wall : 0.001)")"
else
	row "1b ingest $N_LIST list msgs, wall" \
	    "mbsync (isync) not available" "" "<=" 0
fi

# --- 2, 3, 5: registrations ---------------------------------------------

say "2: $N_SMALL and $N_LARGE registrations, $N_HUGE for the memory line"
QUOTE_LINES=20 make_registrations "$BENCH_DIR/small" "$N_SMALL"
QUOTE_LINES=20 make_registrations "$BENCH_DIR/large" "$N_LARGE"
fill bob "$BENCH_DIR/small"
fill carla "$BENCH_DIR/large"
: > "$BENCH_DIR/t2.small"; : > "$BENCH_DIR/t2.large"; : > "$BENCH_DIR/sizes"
# One run keeps its database of queued confirmations for measure 4 each.
r=0
while [ $r -lt "$RUNS" ]; do
	r=$((r + 1))
	for size in small large; do
		case $size in
		small) n=$N_SMALL user=bob ;;
		large) n=$N_LARGE user=carla ;;
		esac
		cfg=$(bench_fresh "$size" "$user")
		# SMTP is down: --once exits 1 having queued every reply.
		timed "$BENCH_DIR/t2.$size" "$BUILDDIR/sprintd" -c "$cfg" \
		    --once
		db=$BENCH_DIR/$size.db
		got=$(q "$db" "SELECT count(*) FROM registrations")
		queued=$(q "$db" "SELECT count(*) FROM outbox WHERE
		    status = 'queued'")
		[ "$got" = "$n" ] && [ "$queued" = "$n" ] ||
		    fail "sprintd stored $got of $n registrations and queued" \
		    "$queued replies"
	done
	sz=$(q "$db" "SELECT avg(length(data)) FROM outbox
	    WHERE kind = 'confirm'")
	[ -n "$sz" ] || sz=$(q "$db" "SELECT avg(length(b.data)) FROM outbox o
	    JOIN outbox_bodies b ON b.id = o.id WHERE o.kind = 'confirm'")
	echo "${sz:-0}" >> "$BENCH_DIR/sizes"
	cp "$db" "$BENCH_DIR/queued-$r.db"
done
c_small=$(med "$BENCH_DIR/t2.small" cpu)
c_large=$(med "$BENCH_DIR/t2.large" cpu)
row "2  CPU, $N_LARGE / $N_SMALL registrations" \
    "${c_large}s / ${c_small}s (replies queued)" \
    "$(calc "$c_large / ($c_small > 0 ? $c_small : 0.001)")" "<=" 2.3
size=$(med "$BENCH_DIR/sizes" 1)
size_kb=$(calc "$size / 1024")
if [ "$(calc "$size")" = 0.00 ]; then
	fail "no confirmation size could be read"
	row "3  mean confirmation size, KB" "no confirm rows found" "" "<=" 8
else
	row "3  mean confirmation size, KB" \
	    "$(printf '%.0f' "$size") bytes at $N_LARGE registrations" "$size_kb" "<=" 8
fi

# --- 4: flushing into smtp-sink, against smtp-source --------------------

say "4: $N_LARGE confirmations into smtp-sink"
sink=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
source=$(command -v smtp-source || echo /usr/sbin/smtp-source)
if [ -x "$sink" ] && [ -x "$source" ]; then
	sink_port=$(harness_free_ports 1)
	"$sink" -u nobody "127.0.0.1:$sink_port" 256 \
	    >>"$BENCH_DIR/sink.log" 2>&1 &
	sink_pid=$!
	harness_wait_port "$sink_port" || fail "smtp-sink did not start"
	: > "$BENCH_DIR/t4.sprintd"; : > "$BENCH_DIR/t4.source"
	bytes=$(printf '%.0f' "$size")
	r=0
	while [ $r -lt "$RUNS" ]; do
		r=$((r + 1))
		db=$BENCH_DIR/queued-$r.db
		bench_config "$BENCH_DIR/flush.yaml" "$db" carla \
		    "smtp://127.0.0.1:$sink_port"
		timed "$BENCH_DIR/t4.sprintd" "$BUILDDIR/sprintd" \
		    -c "$BENCH_DIR/flush.yaml" --once ||
		    fail "sprintd --once flushing into smtp-sink exited" \
		    "non-zero"
		sent=$(q "$db" "SELECT count(*) FROM outbox WHERE
		    status = 'sent'")
		[ "$sent" = "$N_LARGE" ] ||
		    fail "sprintd sent $sent of $N_LARGE confirmations"
		timed "$BENCH_DIR/t4.source" "$source" -d -s 1 -m "$N_LARGE" \
		    -l "$bytes" -f "$HARNESS_LIST_ADDRESS" \
		    -t p1@example.org "127.0.0.1:$sink_port" ||
		    fail "smtp-source exited non-zero"
	done
	kill "$sink_pid" 2>/dev/null
	wait "$sink_pid" 2>/dev/null
	sink_pid=""
	f_s=$(med "$BENCH_DIR/t4.sprintd" 1)
	f_src=$(med "$BENCH_DIR/t4.source" 1)
	row "4  send $N_LARGE confirmations, wall" \
	    "sprintd ${f_s}s / smtp-source ${f_src}s ($bytes B)" \
	    "$(calc "$f_s / ($f_src > 0 ? $f_src : 0.001)")" "<=" 1.5
else
	say "smtp-sink and smtp-source (postfix) are not installed:" \
	    "line 4 is skipped"
	row "4  send $N_LARGE confirmations, wall" \
	    "smtp-sink/smtp-source (postfix) not available" "" "<=" 1.5
fi

# --- 5: memory ------------------------------------------------------------

say "5: $N_HUGE registrations for peak RSS"
QUOTE_LINES=20 make_registrations "$BENCH_DIR/huge" "$N_HUGE"
fill dave "$BENCH_DIR/huge"
rm -rf "$BENCH_DIR/huge"
: > "$BENCH_DIR/t5.huge"
r=0
while [ $r -lt "$RUNS" ]; do
	r=$((r + 1))
	cfg=$(bench_fresh huge dave)
	timed "$BENCH_DIR/t5.huge" "$BUILDDIR/sprintd" -c "$cfg" --once
	got=$(q "$BENCH_DIR/huge.db" "SELECT count(*) FROM registrations")
	[ "$got" = "$N_HUGE" ] ||
	    fail "sprintd stored $got of $N_HUGE registrations"
done
m_large=$(med "$BENCH_DIR/t2.large" 4)
m_huge=$(med "$BENCH_DIR/t5.huge" 4)
w_large=$(med "$BENCH_DIR/t2.large" 1)
w_huge=$(med "$BENCH_DIR/t5.huge" 1)
row "5  peak RSS, $N_HUGE / $N_LARGE regs" \
    "$(calc "$m_huge / 1024") / $(calc "$m_large / 1024") MiB" \
    "$(calc "$m_huge / ($m_large > 0 ? $m_large : 1)")" "<=" 1.25
c_huge=$(med "$BENCH_DIR/t5.huge" cpu)
info "   CPU, $N_HUGE / $N_LARGE regs" "${c_huge}s / ${c_large}s" \
    "$(calc "$c_huge / ($c_large > 0 ? $c_large : 0.001)")"
info "   ingest rate, $N_LARGE / $N_HUGE regs" \
    "$(calc "$N_LARGE / $w_large") / $(calc "$N_HUGE / $w_huge") msgs/s (wall)" \
    "-"

# --- the table ----------------------------------------------------------------

echo
echo "sprintd bench ($(uname -m), $(nproc) cores, median of $RUNS runs," \
    "load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-38s  %-50s  %7s  %7s  %s\n' measure numbers ratio goal result
printf '%s' "$rows"
if [ "$broke" != 0 ]; then
	echo "bench: something broke (see above); the numbers may not hold"
	exit 1
fi
exit 0
