#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# originals.sh -- the mail the corpus answers, made by sprintd itself
# against the test harness (a real Dovecot and SMTP server): the
# announcement of the demo sprint, Anna's confirmation (with its .ics)
# and her questionnaire, each kept as the SMTP server received it in
# tests/data/mua/originals/. Run by hand (as root, from a build
# directory):
#   BUILDDIR=$PWD top_srcdir=.. sh ../tests/data/mua/originals.sh
# generate.sh then has real mail clients answer them.
here=$(cd "$(dirname "$0")" && pwd)
. "$top_srcdir/tests/integration/lib.inc"
it_start
out=$here/originals
mkdir -p "$out"

SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW
sprintctl sprint add "$(eml sprint.yaml)" >/dev/null ||
    it_fail "sprintctl sprint add"
sprintctl announce leysin-2027 --at "2026-12-21 12:00" >/dev/null ||
    it_fail "sprintctl announce"
SPRINTD_NOW=2026-12-21T11:05:00Z
sprintd_once || it_fail "sprintd --once (announce)"
sent_last_to pypy-sprint@example.org > "$out/announce.eml"

SPRINTD_NOW=2026-12-21T12:00:00Z
deliver "$(eml 01-anna.eml)"
sprintd_once || it_fail "sprintd --once (registration)"
sent_last_to anna@example.org > "$out/confirm.eml"

SPRINTD_NOW=2027-01-15T08:30:00Z
sprintd_once || it_fail "sprintd --once (evaluate)"
sent_last_to anna@example.org > "$out/evaluate.eml"

for k in announce confirm evaluate; do
	[ -s "$out/$k.eml" ] || it_fail "no $k mail"
done
it_ok "originals in $out"
