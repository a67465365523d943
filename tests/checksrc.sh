#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# checksrc.sh -- the house style holds over the tree (scripts/checksrc.py),
# and the check fails on a planted violation of each of its rules and
# passes the same violation where a suppression allows it.
: "${top_srcdir:?}"
check="/usr/bin/python3 $top_srcdir/scripts/checksrc.py"
fail=0
$check -C "$top_srcdir" || { echo "FAIL: the tree breaks the style"; fail=1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sprintd-checksrc.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
plant() {	# RULE LINE: a file with that one line in a function
	printf 'int\nf(char *s)\n{\n%s\n\treturn 0;\n}\n' "$2" > "$tmp/$1.c"
	out=$($check -C "$tmp" "$1.c")
	rc=$?
	if [ $rc -ne 1 ] || ! printf '%s\n' "$out" | grep -q "^$1.c:4:.*$1"; then
		echo "FAIL: $1 not found (exit $rc): $out"
		fail=1
	fi
	# The same, suppressed for one violation, passes.
	printf 'int\nf(char *s)\n{\n/* checksrc: disable %s 1 */\n%s\n' \
	    "$1" "$2" > "$tmp/$1-ok.c"
	printf '\treturn 0;\n}\n' >> "$tmp/$1-ok.c"
	out=$($check -C "$tmp" "$1-ok.c") ||
	    { echo "FAIL: $1 suppressed still fails: $out"; fail=1; }
}
plant RETURNPAREN '	return (s != 0);'
plant LONGLINE "	s = \"$(printf '%080d' 0)\";"
plant COMMENT '	s++;	// one more'
plant BANNEDFUNC '	strcpy(s, "x");'
plant TRAILSPACE '	s++; '
# A ratchet in .checksrc: two long lines allowed, three found.
long="	s = \"$(printf '%080d' 0)\";"
printf 'int\nf(char *s)\n{\n%s\n%s\n%s\n}\n' "$long" "$long" "$long" \
    > "$tmp/ratchet.c"
echo "allow LONGLINE 2 ratchet.c" > "$tmp/.checksrc"
$check -C "$tmp" ratchet.c >/dev/null &&
    { echo "FAIL: more long lines than .checksrc allows passed"; fail=1; }
echo "allow LONGLINE 3 ratchet.c" > "$tmp/.checksrc"
$check -C "$tmp" ratchet.c >/dev/null ||
    { echo "FAIL: as many long lines as .checksrc allows failed"; fail=1; }
# A string or a comment that names a banned call is no call.
printf 'int\nf(char *s)\n{\n\t/* not strcpy(s) */\n\treturn s[0] == "strcat(";\n}\n' \
    > "$tmp/quoted.c"
$check -C "$tmp" quoted.c >/dev/null ||
    { echo "FAIL: a banned name in a string or comment failed"; fail=1; }
exit $fail
