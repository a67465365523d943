#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# security.sh -- the built unit's exposure as systemd-analyze rates it
# offline must stay at 2.0 or less (it is 1.1). Skipped, saying so, where
# systemd-analyze is missing or cannot rate units offline.
: "${BUILDDIR:=.}"
unit=$BUILDDIR/systemd/sprintd.service
max=2.0
if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "security.sh: systemd-analyze is not installed: skipped"
	exit 77
fi
[ -f "$unit" ] || { echo "security.sh: $unit was not built"; exit 1; }
out=$(systemd-analyze security --offline=true "$unit" 2>&1)
level=$(printf '%s\n' "$out" |
    sed -n 's/.*Overall exposure level for sprintd.service: \([0-9.]*\).*/\1/p')
if [ -z "$level" ]; then
	if printf '%s\n' "$out" | grep -q -e "--offline"; then
		echo "security.sh: this systemd-analyze cannot rate offline: skipped"
		exit 77
	fi
	echo "FAIL: security.sh: no exposure level in:"
	printf '%s\n' "$out"
	exit 1
fi
echo "security.sh: exposure $level (at most $max)"
if ! awk -v l="$level" -v m="$max" 'BEGIN { exit !(l <= m) }'; then
	echo "FAIL: security.sh: exposure $level is above $max:"
	printf '%s\n' "$out" | grep "✗"
	exit 1
fi
