#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# The demo: on a fresh Debian 12 machine, as root, installs what is
# missing, builds sprintd, starts a private Dovecot and a real SMTP server
# on loopback in a temporary directory, and walks one sprint through its
# life with SPRINTD_NOW: the announcement, attendees replying by real mail
# (one with a misspelled field, one robot, one bounce, list discussion),
# the people table, reminders, the daily mail of a sprint day and the
# planning, the questionnaire after the sprint with one reminder, the
# evaluation; then, between sprints, one sync meeting (invitation, a
# report by reply, the moderator's digest) and the pre-announcement of the
# next sprint with its candidate dates and the interest it met.
# Everything is stopped and removed at the end.
# With BUILDDIR set (as make check-integration sets it) the programs built
# there are used and nothing is installed or built.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ -z "${BUILDDIR:-}" ]; then
	sh scripts/deps.sh
	[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi
	mkdir -p _build
	cd _build
	[ -f Makefile ] || ../configure --enable-debug
	make -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
	BUILDDIR=$(pwd)
fi
top_srcdir=$top
export BUILDDIR top_srcdir
set +e
. "$top/tests/integration/lib.inc"
trap 'harness_stop' EXIT
trap 'exit 1' INT TERM
harness_start || exit 1
IT_LOG=$HARNESS_DIR/sprintd.log
IT_CONFIG=$HARNESS_DIR/demo.yaml
# sprintd sends from its own address, not the list's: replies to a
# personal mail come back to sprintd alone, not to everyone on the list.
sed -e 's/^log_level:.*/log_level: info/' \
    -e "s/^from: .*/from: \"PyPy sprints <sprints@$HARNESS_DOMAIN>\"/" \
    "$HARNESS_CONFIG" > "$IT_CONFIG"
demo=$top/tests/data/demo

say() {
	printf '\n\033[1m== %s\033[0m\n' "$*"
}
run() {	# sprintd --once at a given time, its log shown
	SPRINTD_NOW=$1
	export SPRINTD_NOW
	echo "\$ SPRINTD_NOW=$1 sprintd --once"
	"$BUILDDIR/sprintd" -c "$IT_CONFIG" --once 2>&1 |
	    sed -e 's/^/    /' | grep -v ' debug: '
}
show_mail() {	# the last mail sent to ADDR: a few headers, the decoded text,
		# the attachments by name (a confirmation carries an .ics)
	sent_last_to "$1" | "$HARNESS_PYTHON" -c '
import email, email.policy, sys
m = email.message_from_binary_file(sys.stdin.buffer, policy=email.policy.default)
for h in ("From", "To", "Subject", "In-Reply-To", "Auto-Submitted"):
    if m[h] is not None:
        print("    %s: %s" % (h, m[h]))
print("    ...")
body = m.get_body(preferencelist=("plain",))
text = body.get_content() if body is not None else ""
for line in text.splitlines()[:int(sys.argv[1])]:
    print("    | " + line)
for part in m.iter_attachments():
    print("    [attached: %s, %s]" % (part.get_filename() or "(no name)",
        part.get_content_type()))
' "${2:-30}"
}

say "The config, checked (sprintd -n)"
echo "\$ sprintd -n"
SPRINTD_TEMPLATES=$top/templates "$BUILDDIR/sprintd" -n -c "$IT_CONFIG" 2>&1 |
    sed 's/^/    /'

say "The sprint file, checked and loaded"
SPRINTD_NOW=2026-12-10T09:00:00Z
export SPRINTD_NOW
echo "\$ sprintctl sprint add sprint.yaml"
sprintctl sprint add "$demo/sprint.yaml"
echo "\$ sprintctl sprint show leysin-2027"
sprintctl sprint show leysin-2027 | sed 's/^/    /'

say "Scheduling the announcement: too early is refused, 3 weeks ahead is fine"
echo "\$ sprintctl announce leysin-2027 --at '2026-11-20 10:00'"
sprintctl announce leysin-2027 --at "2026-11-20 10:00"
echo "\$ sprintctl announce leysin-2027 --at '2026-12-18 10:00'"
sprintctl announce leysin-2027 --at "2026-12-18 10:00"
run 2026-12-18T09:30:00Z
show_mail "$HARNESS_LIST_ADDRESS" 24

say "People reply on the list (real mail, delivered into Dovecot)"
for f in "$demo"/0[1-5]-*.eml "$demo"/08-*.eml; do
	echo "    $(basename "$f"): $(grep -m1 '^From:' "$f")"
	deliver "$f"
done
run 2026-12-21T12:00:00Z

say "Anna's confirmation (an editable block, the people coming)"
show_mail anna@example.org 45
say "Carla's misspelled field gets one error reply"
show_mail carla@example.org 30

say "Carla fixes it, Anna changes her departure, Frank comes and goes"
for f in "$demo"/06-*.eml "$demo"/07-*.eml "$demo"/09-*.eml; do
	deliver "$f"
done
run 2026-12-22T09:00:00Z
deliver "$demo/10-frank-cancel.eml"
run 2026-12-23T10:00:00Z

say "Who comes when (sprintctl people)"
sprintctl people leysin-2027 | sed 's/^/    /'

say "A week before the sprint: the reminder (travel, set-up, tutorials)"
run 2027-01-01T09:00:00Z
show_mail anna@example.org 30

say "During the sprint: a task on the planning, the daily mail of day 1"
echo "\$ sprintctl plan leysin-2027 add 'JIT: the float bug' --people anna@example.org"
sprintctl plan leysin-2027 add "JIT: the float bug" \
    --people anna@example.org | sed 's/^/    /'
run 2027-01-08T08:00:00Z
show_mail anna@example.org 40
echo "\$ sprintctl plan leysin-2027"
sprintctl plan leysin-2027 | sed 's/^/    /'

say "After the sprint: the personal questionnaire"
run 2027-01-15T09:00:00Z
show_mail bjoern@example.org 30
cat > "$HARNESS_DIR/eval-anna.eml" <<'EML'
From: Anna Example <anna@example.org>
To: pypy-sprint@example.org
Subject: Re: How was the PyPy Leysin Winter Sprint 2027?
Message-ID: <demo-anna-eval@example.org>
Date: Sat, 16 Jan 2027 10:00:00 +0100
Content-Type: text/plain; charset=utf-8

overall: 5
venue: 4
change: More tutorials on the JIT, please.
  And a second coffee machine.
EML
deliver "$HARNESS_DIR/eval-anna.eml"
run 2027-01-16T12:00:00Z

say "One reminder, only to those who have not answered"
run 2027-01-22T09:00:00Z
sql "SELECT kind, recipient FROM outbox WHERE kind LIKE 'evaluat%'
    ORDER BY id" | sed 's/^/    /'

say "The evaluation (sprintctl evaluation)"
sprintctl evaluation leysin-2027 | sed 's/^/    /'

say "Between sprints: a weekly sync meeting, its invitation 48 hours ahead"
SPRINTD_NOW=2027-01-18T09:00:00Z
export SPRINTD_NOW
echo "\$ sprintctl sync add pypy-sync.yaml"
sprintctl sync add "$top/tests/data/sync/pypy-sync.yaml" | sed 's/^/    /'
run 2027-01-19T16:00:00Z
show_mail pypy-dev@example.org 24

say "Anna sends her activity report; she gets one private confirmation"
cat > "$HARNESS_DIR/sync-anna.eml" <<'EML'
From: Anna Example <anna@example.org>
To: pypy-dev@example.org
Subject: Re: pypy-sync meeting Thu 21 Jan 2027, 17:00 CET
Message-ID: <demo-anna-sync@example.org>
Date: Tue, 19 Jan 2027 18:00:00 +0100
Content-Type: text/plain; charset=utf-8

LAST: the JIT's float bug, fixed at the sprint
NEXT: release 7.4
BLOCKERS: none
EML
deliver "$HARNESS_DIR/sync-anna.eml"
run 2027-01-19T17:30:00Z
show_mail anna@example.org 16

say "Two hours before: the moderator's digest"
run 2027-01-21T14:00:00Z
show_mail holger@example.org 24

say "Before the dates of the next sprint: the pre-announcement"
SPRINTD_NOW=2027-01-22T09:00:00Z
export SPRINTD_NOW
cat > "$HARNESS_DIR/summer.yaml" <<'YML'
slug: summer-2027
name: PyPy Summer Sprint 2027
options: [{start: 2027-06-07, end: 2027-06-11},
          {start: 2027-06-21, end: 2027-06-25}]
timezone: Europe/Zurich
capacity: 15
location: Leysin, Switzerland
goals: [the JIT backend for ARM, numpy]
announce_to: [pypy-sprint@example.org]
organizers: [{name: Armin Rigo, email: arigo@example.org}]
YML
echo "\$ sprintctl sprint add summer.yaml"
sprintctl sprint add "$HARNESS_DIR/summer.yaml" | sed 's/^/    /'
echo "\$ sprintctl preannounce summer-2027 --at '2027-04-01 10:00'"
sprintctl preannounce summer-2027 --at "2027-04-01 10:00" | sed 's/^/    /'
run 2027-04-01T08:30:00Z
show_mail "$HARNESS_LIST_ADDRESS" 30
cat > "$HARNESS_DIR/interest-anna.eml" <<'EML'
From: Anna Example <anna@example.org>
To: pypy-sprint@example.org
Subject: Re: Planned: PyPy Summer Sprint 2027 in Leysin, Switzerland
Message-ID: <demo-anna-interest@example.org>
Date: Fri, 2 Apr 2027 10:00:00 +0200
Content-Type: text/plain; charset=utf-8

Interested: yes
Dates: 1 yes, 2 maybe
Topics: JIT, numpy
EML
deliver "$HARNESS_DIR/interest-anna.eml"
run 2027-04-02T09:00:00Z
echo "\$ sprintctl interest summer-2027"
sprintctl interest summer-2027 | sed 's/^/    /'

say "Every mail that went out (sprintctl outbox)"
sprintctl outbox | sed 's/^/    /'

say "Every message read, kept and classified"
sql "SELECT kind, count(*) FROM messages GROUP BY kind ORDER BY kind" |
    sed 's/^/    /'
echo
echo "demo: done; the servers are stopped and the directory removed."
