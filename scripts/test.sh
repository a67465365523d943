#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# The test command: on a fresh Debian 12 machine, as root, installs what is
# missing, bootstraps autotools, builds with all warnings as errors, and runs
# the unit tests, the integration tests against real Dovecot and SMTP
# servers, and make distcheck.  Usage: scripts/test.sh [--quick]
#   --quick   unit tests only (no servers, no distcheck)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
quick=0
[ "${1:-}" = "--quick" ] && quick=1
start=$(date +%s)

sh scripts/deps.sh
[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi
mkdir -p _build
cd _build
[ -f Makefile ] || ../configure --enable-debug
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs"
make -j"$jobs" check || { cat tests/*.log 2>/dev/null | tail -100; exit 1; }
if [ "$quick" = 0 ]; then
	make check-integration
	make -j"$jobs" distcheck
fi
echo "scripts/test.sh: all passed in $(( $(date +%s) - start ))s"
