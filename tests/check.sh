#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# check.sh -- sprintd -n from the outside: each thing that would fail at
# once at run time fails the check instead, naming the file and the key:
# the database's directory missing or not writable, a password file the
# daemon's user cannot read, the templates or publish directory missing, a
# template override that is not a file; config and sprint-file errors that
# suggest the right key, say "tab" and "wrong format"; sprintctl sprint add
# --check writes nothing; one database error, one exit code from both
# programs. As root the "cannot" cases run as the user nobody (--user);
# as anyone else, against files this user lacks permission for.
: "${top_srcdir:?}"
sprintd=${BUILDDIR:-.}/sprintd
sprintctl=${BUILDDIR:-.}/sprintctl
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sprintd-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# Reachable by nobody: the config and the files it names.
chmod 755 "$tmp"
mkdir "$tmp/state" "$tmp/tpl" "$tmp/www"
echo secret > "$tmp/imap.pw"
chmod 600 "$tmp/imap.pw"
SPRINTD_TEMPLATES=$top_srcdir/templates
export SPRINTD_TEMPLATES

config() {	# writes $tmp/c.yaml from the good config with sed script $1
	sed -e "${1:-}" > "$tmp/c.yaml" <<EOC
database: $tmp/state/sprintd.db
list_address: pypy-sprint@example.org
from: "PyPy sprints <sprints@example.org>"
templates: $tmp/tpl
publish_dir: $tmp/www
imap:
  url: imap://127.0.0.1/INBOX
  user: sprints
  password_file: $tmp/imap.pw
  tls: none
smtp:
  url: smtp://127.0.0.1:25
  tls: none
EOC
	chmod 644 "$tmp/c.yaml"
}

# expect RC PATTERN DESCRIPTION COMMAND...: exit code and stderr+stdout.
expect() {
	want=$1 pat=$2 what=$3
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL: $what: exit $rc, wanted $want: $out"
		fail=1
	elif ! printf '%s\n' "$out" | grep -q -- "$pat"; then
		echo "FAIL: $what: no '$pat' in: $out"
		fail=1
	else
		echo "ok: $what"
	fi
}

config
expect 0 "configuration and templates OK" "a good config" \
    "$sprintd" -n -c "$tmp/c.yaml"
config "s|$tmp/state/sprintd.db|$tmp/gone/sprintd.db|"
expect 2 "c.yaml: database: $tmp/gone: no such directory" \
    "database directory missing" "$sprintd" -n -c "$tmp/c.yaml"
config "s|^templates: .*|templates: $tmp/none|"
expect 2 "c.yaml: templates: $tmp/none: no such directory" \
    "templates directory missing" "$sprintd" -n -c "$tmp/c.yaml"
config "s|^publish_dir: .*|publish_dir: $tmp/none|"
expect 2 "c.yaml: publish_dir: $tmp/none: no such directory" \
    "publish directory missing" "$sprintd" -n -c "$tmp/c.yaml"
config "s|password_file: .*|password_file: $tmp/none.pw|"
expect 2 "c.yaml: imap.password_file: $tmp/none.pw: No such file" \
    "password file missing" "$sprintd" -n -c "$tmp/c.yaml"
config
mkdir "$tmp/tpl/confirm.txt"
expect 2 "$tmp/tpl/confirm.txt: not a regular file" \
    "a template override that is not a file" "$sprintd" -n -c "$tmp/c.yaml"
rmdir "$tmp/tpl/confirm.txt"

# What the daemon's user cannot do, the check cannot either.
if [ "$(id -u)" = 0 ]; then
	as="--user nobody"
	who=nobody
	chmod 755 "$tmp/state"
else
	as=
	who=$(id -un)
	chmod 555 "$tmp/state"
fi
config
# shellcheck disable=SC2086
expect 2 "c.yaml: database: $tmp/state: not writable by user $who" \
    "database directory not writable" "$sprintd" -n $as -c "$tmp/c.yaml"
chmod 777 "$tmp/state"
[ "$(id -u)" = 0 ] || chmod 200 "$tmp/imap.pw"
# shellcheck disable=SC2086
expect 2 "c.yaml: imap.password_file: $tmp/imap.pw: Permission denied" \
    "password file unreadable by the daemon's user" \
    "$sprintd" -n $as -c "$tmp/c.yaml"
chmod 600 "$tmp/imap.pw"
chmod 555 "$tmp/www"
if [ "$(id -u)" = 0 ]; then
	chown nobody "$tmp/imap.pw"
	expect 2 "c.yaml: publish_dir: $tmp/www: not writable by user nobody" \
	    "publish directory not writable" \
	    "$sprintd" -n --user nobody -c "$tmp/c.yaml"
	expect 2 "no such user" "--user for a user that does not exist" \
	    "$sprintd" -n --user sprintd-no-such-user -c "$tmp/c.yaml"
fi
chmod 755 "$tmp/www"
expect 2 "usage" "--check-servers only with -n" \
    "$sprintd" --check-servers -c "$tmp/c.yaml"

# Errors that say what to write instead.
config "s/^list_address:/list_adress:/"
expect 2 'list_adress: unknown key: did you mean `list_address`?' \
    "a misspelled key" "$sprintd" -n -c "$tmp/c.yaml"
config "s/^  user: sprints/	user: sprints/"
expect 2 "c.yaml:8: a tab: YAML indents with spaces only" "a tab" \
    "$sprintd" -n -c "$tmp/c.yaml"
sprints=$top_srcdir/tests/data/sprints
expect 2 'start: "08.01.2027": wrong format, expected YYYY-MM-DD' \
    "a date in the wrong format" \
    "$sprintctl" -c "$tmp/c.yaml" sprint add --check "$sprints/bad-date-format.yaml"
expect 2 'timezone: "zone.tab": unknown time zone' "zone.tab is no zone" \
    "$sprintctl" -c "$tmp/c.yaml" sprint add --check \
    "$sprints/bad-timezone-table.yaml"

# sprint add --check writes nothing, not even the database.
config
expect 0 "sprint leysin-2027 OK" "sprint add --check" \
    "$sprintctl" -c "$tmp/c.yaml" sprint add --check "$sprints/good.yaml"
[ ! -e "$tmp/state/sprintd.db" ] ||
    { echo "FAIL: sprint add --check created the database"; fail=1; }

# The installed examples are valid.
expect 0 "sprint leysin-2027 OK" "examples/sprint.yaml" \
    "$sprintctl" sprint add --check "$top_srcdir/examples/sprint.yaml"
expect 0 '"kind"' "examples/sprintd.yaml loads" \
    "$sprintctl" -c "$top_srcdir/examples/sprintd.yaml" parse --sprint-file \
    "$top_srcdir/examples/sprint.yaml" "$top_srcdir/tests/data/mail/apple-mail-qp.eml"

# One database error, one exit code: a database that is a directory.
mkdir "$tmp/state/sprintd.db"
expect 1 "sprintd.db" "sprintctl: a database that cannot be opened" \
    "$sprintctl" -c "$tmp/c.yaml" sprint list
expect 1 "sprintd.db" "sprintd --once: the same database, the same code" \
    "$sprintd" -c "$tmp/c.yaml" --once
exit $fail
