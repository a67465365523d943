#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# imap.sh -- imap.c against a private Dovecot: starts the harness, runs
# itest_imap from $BUILDDIR, stops the harness. Exit 77 when not root.
set -u
: "${BUILDDIR:?BUILDDIR must name the build directory}"
here=$(cd "$(dirname "$0")" && pwd)
HARNESS_SRC=$here/../harness
. "$HARNESS_SRC/servers.sh"

if [ "$(id -u)" != 0 ]; then
	echo "imap.sh: needs root for Dovecot: skipped" >&2
	exit 77
fi
trap 'harness_stop' EXIT
trap 'exit 1' INT TERM
harness_start || exit 1
"$BUILDDIR/tests/itest_imap"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 77 ]; then
	echo "imap.sh: itest_imap failed ($rc); Dovecot's log:" >&2
	tail -n 30 "$HARNESS_DIR/dovecot.log" >&2
fi
exit $rc
