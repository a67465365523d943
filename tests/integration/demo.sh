#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# demo.sh -- scripts/demo.sh runs to its end as a newcomer would run it
# (with the programs of this build): no Python traceback anywhere, Anna's
# confirmation shown with its text and its .ics named, every mail sent
# from sprintd's own address and not the list's, and sprintd -n content
# with the demo's config.
: "${BUILDDIR:?}" "${top_srcdir:?}"
if [ "$(id -u)" != 0 ]; then
	echo "demo: needs root for Dovecot: skipped" >&2
	exit 77
fi
out=$(mktemp "${TMPDIR:-/tmp}/sprintd-demo.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT
fail=0
no() {	# fail with $1 when the output matches the grep RE $2
	if grep -q -- "$2" "$out"; then
		echo "demo: FAIL: $1:"
		grep -n -- "$2" "$out" | head -n 5
		fail=1
	fi
}
has() {	# fail with $1 unless the output matches the grep RE $2
	grep -q -- "$2" "$out" || { echo "demo: FAIL: $1"; fail=1; }
}
BUILDDIR=$BUILDDIR sh "$top_srcdir/scripts/demo.sh" > "$out" 2>&1
rc=$?
[ $rc -eq 0 ] || { echo "demo: FAIL: scripts/demo.sh exited $rc"; fail=1; }
no "a Python traceback" "Traceback"
no "a mail from the list's address" "^    From: .*pypy-sprint@"
has "sprintd -n did not pass the demo's config" \
    "demo.yaml: configuration and templates OK"
# Anna's confirmation: her block and the calendar file.
sed -n "/== Anna's confirmation/,/== Carla/p" "$out" > "$out.anna"
grep -q '^    | Name: Anna Example$' "$out.anna" ||
    { echo "demo: FAIL: Anna's confirmation shows no text"; fail=1; }
grep -q '^    \[attached: .*\.ics, text/calendar\]$' "$out.anna" ||
    { echo "demo: FAIL: Anna's confirmation names no .ics"; fail=1; }
rm -f "$out.anna"
# During the sprint and between sprints.
has "no daily mail on day 1" "^    | .*day 1 of 7 of PyPy Leysin Winter Sprint 2027"
has "no sync invitation" "^    Subject: pypy-sync meeting Thu 21 Jan 2027"
has "no moderator's digest" "^    Subject: pypy-sync Thu 21 Jan 2027: agenda and reports"
has "no pre-announcement" "^    Subject: Planned: PyPy Summer Sprint 2027"
has "no interest counted" "1 interested, 1 answer"
has "the demo did not reach its end" "^demo: done"
[ $fail -eq 0 ] || { echo "demo: output was:"; cat "$out"; }
exit $fail
