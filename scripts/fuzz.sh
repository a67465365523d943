#!/bin/sh
# fuzz.sh SECONDS [libFuzzer options...] -- builds fuzz/fuzz_parse with
# clang (libFuzzer, ASan, UBSan) from the sources and runs it for SECONDS
# over a copy of the seed corpus. Needs clang and the development packages
# of the build (libetpan, libyaml, sqlite3). Run from a build directory or
# the source tree; the work files go to ./fuzz-work.
set -eu
seconds=${1:-60}
[ $# -gt 0 ] && shift
top=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-clang}
work=${FUZZ_WORK:-fuzz-work}
mkdir -p "$work/corpus" "$work/crashes"
cat > "$work/config-auto.h" <<'H'
#define _GNU_SOURCE 1
H
srcs="util dates log ytable sprint mime quote form parse"
objs=
for s in $srcs; do
	$CC -g -O1 -std=c99 -D_GNU_SOURCE -fsanitize=fuzzer-no-link,address,undefined \
	    -fno-sanitize-recover=undefined -I"$work" -I"$top/daemon" \
	    $(pkg-config --cflags libetpan yaml-0.1 sqlite3 2>/dev/null) \
	    -c "$top/daemon/$s.c" -o "$work/$s.o"
	objs="$objs $work/$s.o"
done
$CC -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$work" -I"$top/daemon" "$top/fuzz/fuzz_parse.c" $objs \
    $(pkg-config --libs libetpan yaml-0.1 sqlite3 2>/dev/null || echo -letpan -lyaml -lsqlite3) \
    -o "$work/fuzz_parse"
cp -n "$top"/fuzz/corpus/* "$work/corpus/" 2>/dev/null || true
exec "$work/fuzz_parse" -max_total_time="$seconds" -max_len=65536 \
    -artifact_prefix="$work/crashes/" -print_final_stats=1 "$@" "$work/corpus"
