#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# fuzz.sh SECONDS [TARGET...] -- builds the libFuzzer targets in fuzz/ with
# clang (libFuzzer, ASan, UBSan) from the sources and runs each TARGET in
# turn for SECONDS over a copy of its seed corpus (fuzz/corpus/TARGET;
# for sprint, the sprint files of tests/data).
# Targets: parse dates render sprint config message (default: all).
# FUZZ_OPTS adds libFuzzer options. Needs clang and the development
# packages of the build. Run from a build directory or the source tree;
# the work files go to ./fuzz-work (FUZZ_WORK), findings to
# fuzz-work/crashes/TARGET, and each run's last lines to
# fuzz-work/TARGET.log.
set -eu
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-parse dates render sprint config message sync}
top=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-clang}
work=${FUZZ_WORK:-fuzz-work}
mkdir -p "$work/obj"
cat > "$work/config-auto.h" <<'H'
#define _GNU_SOURCE 1
#define PACKAGE_VERSION "fuzz"
#define PACKAGE_STRING "sprintd fuzz"
H
pkgs="libcurl libetpan gnutls yaml-0.1 sqlite3 jansson libical"
cflags="-g -O1 -std=c99 -D_GNU_SOURCE -fno-sanitize-recover=undefined -I$work -I$top/daemon $(pkg-config --cflags $pkgs)"
libs=$(pkg-config --libs $pkgs)
# Everything of the daemon but the two main()s, built once for all targets.
sh "$top/scripts/embed-schemas.sh" "$top"/schemas/*.sql > "$work/schemas.c"
objs=
for src in "$top"/daemon/*.c "$work/schemas.c"; do
	s=$(basename "$src" .c)
	case $s in sprintd|sprintctl) continue ;; esac
	o=$work/obj/$s.o
	if [ ! -f "$o" ] || [ "$src" -nt "$o" ]; then
		$CC $cflags -DSPRINTD_DATADIR="\"$top\"" \
		    -DSPRINTD_SYSCONFDIR="\"/etc\"" \
		    -fsanitize=fuzzer-no-link,address,undefined -c "$src" -o "$o"
	fi
	objs="$objs $o"
done
rc=0
for t in $targets; do
	$CC $cflags -fsanitize=fuzzer,address,undefined "$top/fuzz/fuzz_$t.c" \
	    $objs $libs -o "$work/fuzz_$t"
	mkdir -p "$work/corpus/$t" "$work/crashes/$t"
	cp -n "$top/fuzz/corpus/$t"/* "$work/corpus/$t/" 2>/dev/null || true
	# Seeds the tests hold already are taken from tests/data, not kept
	# twice.
	case $t in
	sprint)
		for f in "$top"/tests/data/sprints/*.yaml \
		    "$top/tests/data/mail/sprint.yaml" \
		    "$top/tests/data/demo/sprint.yaml"; do
			cp "$f" "$work/corpus/$t/$(basename "$(dirname "$f")")-$(basename "$f")"
		done;;
	sync)
		cp "$top"/tests/data/sync/* "$work/corpus/$t/";;
	esac
	echo "fuzz.sh: $t for $seconds s"
	# shellcheck disable=SC2086
	"$work/fuzz_$t" -max_total_time="$seconds" -max_len=65536 \
	    -artifact_prefix="$work/crashes/$t/" -print_final_stats=1 \
	    ${FUZZ_OPTS:-} "$work/corpus/$t" > "$work/$t.log" 2>&1 || rc=1
	grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)" \
	    "$work/$t.log" | sed "s/^/fuzz.sh: $t: /"
done
exit $rc
