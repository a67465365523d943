#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# cli.sh -- sprintctl from the outside, as the spec fixes it: `parse` over
# every fixture in tests/data/mail (its JSON equal to the .json beside it),
# exit codes 0/1/2, --help and --version, and a sprint file error naming
# file, line and key.
: "${top_srcdir:?}"
sprintctl=${BUILDDIR:-.}/sprintctl
data=$top_srcdir/tests/data
fail=0
n=0
# The fixtures are read as mail of the list pypy-dev@python.org, which only
# a config names.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sprintd-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
echo secret > "$tmp/password"
chmod 600 "$tmp/password"
cat > "$tmp/sprintd.yaml" <<EOC
database: $tmp/sprintd.db
list_address: pypy-dev@python.org
from: "PyPy sprints <sprints@example.org>"
imap:
  url: imap://127.0.0.1/INBOX
  user: sprints
  password_file: $tmp/password
  tls: none
smtp:
  url: smtp://127.0.0.1:25
  tls: none
EOC
for eml in "$data"/mail/*.eml; do
	want=${eml%.eml}.json
	[ -f "$want" ] || continue
	n=$((n + 1))
	got=$("$sprintctl" -c "$tmp/sprintd.yaml" parse \
	    --sprint-file "$data/mail/sprint.yaml" "$eml")
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL: parse $(basename "$eml") exited $rc"
		fail=1
		continue
	fi
	printf '%s' "$got" | /usr/bin/python3 -c '
import json, sys
got = json.load(sys.stdin)
want = json.load(open(sys.argv[1]))
sys.exit(0 if got == want else 1)' "$want" ||
	    { echo "FAIL: parse $(basename "$eml"): $got"; fail=1; }
done
[ $n -ge 60 ] || { echo "FAIL: only $n fixtures"; fail=1; }
echo "parse: $n fixtures compared"

expect_rc() {	# WANT DESCRIPTION COMMAND...
	want=$1 what=$2
	shift 2
	"$@" >/dev/null 2>"${TMPDIR:-/tmp}/cli-err.$$"
	rc=$?
	if [ $rc -ne "$want" ]; then
		echo "FAIL: $what: exit $rc, wanted $want"
		cat "${TMPDIR:-/tmp}/cli-err.$$"
		fail=1
	fi
}
expect_rc 0 "--help" "$sprintctl" --help
expect_rc 0 "--version" "$sprintctl" --version
expect_rc 2 "unknown command" "$sprintctl" frobnicate
expect_rc 2 "parse without a sprint" "$sprintctl" parse "$data/demo/01-anna.eml"
expect_rc 2 "parse of a missing file" "$sprintctl" parse \
    --sprint-file "$data/mail/sprint.yaml" "$data/no-such.eml"
expect_rc 2 "a bad sprint file" "$sprintctl" parse \
    --sprint-file "$data/sprints/bad-break-outside.yaml" \
    "$data/demo/01-anna.eml"
err=$("$sprintctl" parse --sprint-file "$data/sprints/bad-break-outside.yaml" \
    "$data/demo/01-anna.eml" 2>&1 >/dev/null)
case $err in
*bad-break-outside.yaml:*:*break_day*) ;;
*) echo "FAIL: sprint file error does not name file:line:key: $err"
   fail=1;;
esac
# The organizer's review commands: in --help, and usage errors before
# anything is opened.
help=$("$sprintctl" --help)
for c in "messages \[--sprint SLUG\]" "message show ID" \
    "message reprocess ID" "outbox retry ID" "outbox drop ID" \
    "announce SLUG --preview" "announce SLUG --cancel"; do
	printf '%s\n' "$help" | grep -q -- "$c" ||
	    { echo "FAIL: --help does not list \"$c\""; fail=1; }
done
expect_rc 2 "message without a subcommand" "$sprintctl" message
expect_rc 2 "message show without an id" "$sprintctl" message show
expect_rc 2 "message show of a non-number" "$sprintctl" message show 1x
expect_rc 2 "outbox retry of a non-number" "$sprintctl" outbox retry -1
expect_rc 2 "outbox drop without an id" "$sprintctl" outbox drop
expect_rc 2 "announce --preview and --cancel" "$sprintctl" \
    announce leysin-2027 --preview --cancel
expect_rc 2 "announce --force without --at" "$sprintctl" \
    announce leysin-2027 --preview --force
expect_rc 2 "messages --format csv" "$sprintctl" messages --format csv

# The command table: every form --help lists gives, when called wrongly,
# a usage error that lists it (the error comes from the same table), and
# the man page describes the same commands as --help, no more, no fewer.
# A command's name is its leading lower-case words ("sprint add", "outbox").
forms=$(printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/p' |
    grep '^  [a-z]' | sed 's/^  //; s/  .*//')
[ -n "$forms" ] || { echo "FAIL: --help lists no command"; fail=1; }
names() {	# the leading lower-case words of each line
	awk '{ n = ""; for (i = 1; i <= NF && $i ~ /^[a-z][a-z-]*$/; i++)
	    n = n (n == "" ? "" : " ") $i; print n }' | sort -u
}
err=$tmp/usage.err
printf '%s\n' "$forms" | while IFS= read -r form; do
	name=$(printf '%s\n' "$form" | names)
	# Alone first; a form that needs nothing more gets a bogus option.
	# shellcheck disable=SC2086
	"$sprintctl" -c "$tmp/none.yaml" $name >/dev/null 2>"$err"
	rc=$?
	if ! grep -q '^usage: sprintctl ' "$err"; then
		# shellcheck disable=SC2086
		"$sprintctl" -c "$tmp/none.yaml" $name --no-such-option \
		    >/dev/null 2>"$err"
		rc=$?
	fi
	[ $rc -eq 2 ] || echo "FAIL: usage error of $name: exit $rc"
	grep -qxF -e "usage: sprintctl $form" -e "       sprintctl $form" \
	    "$err" || { echo "FAIL: usage error of $name does not list" \
	    "\"$form\":"; cat "$err"; }
done | grep . && fail=1
man_names=$(sed -n 's/^\.It Cm //p' "$top_srcdir/man/sprintctl.1.in" |
    names)
help_names=$(printf '%s\n' "$forms" | names)
if [ "$man_names" != "$help_names" ]; then
	echo "FAIL: sprintctl.1 and --help list different commands:"
	printf '%s\n' "$man_names" > "$tmp/man"
	printf '%s\n' "$help_names" > "$tmp/help"
	diff "$tmp/man" "$tmp/help"
	fail=1
fi
rm -f "${TMPDIR:-/tmp}/cli-err.$$"
[ -e "$tmp/sprintd.db" ] && { echo "FAIL: parse wrote a database"; fail=1; }

# A reader who may not write: a backup restored as the README says (no
# -wal, no -shm), 0644 in a directory only root writes. The read-only
# commands read it; a writing one fails cleanly.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 &&
    command -v sqlite3 >/dev/null 2>&1 &&
    su nobody -s /bin/sh -c "test -x '$sprintctl'" 2>/dev/null; then
	ro=$(mktemp -d)
	sed "s|^database: .*|database: $ro/db.sqlite|" "$tmp/sprintd.yaml" \
	    > "$ro/cfg.yaml"
	"$sprintctl" -c "$ro/cfg.yaml" sprint add "$data/demo/sprint.yaml" \
	    >/dev/null || { echo "FAIL: ro: sprint add"; fail=1; }
	sqlite3 "$ro/db.sqlite" ".backup $ro/backup.sqlite"
	rm -f "$ro"/db.sqlite*
	mv "$ro/backup.sqlite" "$ro/db.sqlite"
	chmod 644 "$ro/db.sqlite" "$ro/cfg.yaml"
	chmod 755 "$ro"
	for c in "sprint list" "people leysin-2027 --format json" \
	    "status --format json" "messages" "outbox"; do
		# shellcheck disable=SC2086
		out=$(su nobody -s /bin/sh -c "'$sprintctl' -c '$ro/cfg.yaml' \
		    $c" 2>&1)
		rc=$?
		case $c in status*) [ $rc -le 1 ] && rc=0 ;; esac
		[ $rc -eq 0 ] ||
		    { echo "FAIL: ro: $c as nobody: $rc: $out"; fail=1; }
	done
	su nobody -s /bin/sh -c "'$sprintctl' -c '$ro/cfg.yaml' person \
	    leysin-2027 a@example.org add A" >/dev/null 2>&1
	[ $? -eq 1 ] || { echo "FAIL: ro: a write did not fail with 1"; fail=1; }
	rm -rf "$ro"
else
	echo "cli.sh: the read-only reader case needs root, nobody and a" \
	    "build directory nobody can reach: skipped"
fi
exit $fail
