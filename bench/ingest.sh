#!/bin/sh
# ingest.sh -- make bench: ingest throughput (messages per second from a
# local Dovecot into SQLite, sprintd --once) and sprintd's peak memory, for
# mailboxes of 1,000 and 10,000 registrations (BENCH_SIZES to change).
# Replies are queued, not sent: the SMTP URL points at a closed port.
# Needs root (Dovecot), like the integration tests.
here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/.." && pwd)}"
: "${BUILDDIR:?BUILDDIR must name the build directory}"
export top_srcdir BUILDDIR
. "$top_srcdir/tests/integration/lib.inc"
if [ "$(id -u)" != 0 ]; then
	echo "bench: ingest needs root for Dovecot: skipped"
	exit 0
fi
trap 'harness_stop' EXIT
harness_start >/dev/null 2>&1 || exit 1
IT_LOG=$HARNESS_DIR/sprintd.log
SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW

for n in ${BENCH_SIZES:-1000 10000}; do
	db=$HARNESS_DIR/bench-$n.db
	cfg=$HARNESS_DIR/bench-$n.yaml
	sed -e "s|^database:.*|database: $db|" \
	    -e "s|smtp://127.0.0.1:[0-9]*|smtp://127.0.0.1:9|" \
	    -e "s|^log_level:.*|log_level: warn|" "$HARNESS_CONFIG" > "$cfg"
	IT_CONFIG=$cfg sprintctl sprint add "$(eml sprint.yaml)" >/dev/null
	rm -rf "$HARNESS_DIR/bench"
	# A fresh database and a mailbox holding only this run's messages.
	find "$HARNESS_MAILDIR/$HARNESS_USER/Maildir/cur" \
	    "$HARNESS_MAILDIR/$HARNESS_USER/Maildir/new" -type f -delete \
	    2>/dev/null
	QUOTE_LINES=20 make_registrations "$HARNESS_DIR/bench" "$n"
	drop_dir "$HARNESS_DIR/bench"
	"$HARNESS_PYTHON" - "$BUILDDIR/sprintd" "$cfg" "$n" "$db" <<'PY'
import resource, sqlite3, subprocess, sys, time
sprintd, cfg, n, db = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
t0 = time.monotonic()
subprocess.run([sprintd, "-c", cfg, "--once"], stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL)
dt = time.monotonic() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
con = sqlite3.connect(db)
got = con.execute("SELECT count(*) FROM messages").fetchone()[0]
regs = con.execute("SELECT count(*) FROM registrations").fetchone()[0]
q = con.execute("SELECT count(*) FROM outbox").fetchone()[0]
print("bench ingest: %6d messages in %6.2f s = %7.0f messages/s; "
      "peak RSS %6.1f MiB (%d stored, %d registrations, %d replies queued)"
      % (n, dt, n / dt, rss / 1024.0, got, regs, q))
if got != n or regs != n or q != n:
    sys.exit("bench ingest: not everything was ingested")
PY
done
