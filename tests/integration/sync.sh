#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# sync.sh -- a pypy-sync meeting through three weeks against a real Dovecot
# and a real SMTP server: the invitation 48 hours ahead (both zones, the
# moderator, the sprint's status); topics and reports by reply (every
# keyword variant, over several lines), one private confirmation each and
# nothing on the list; a later report that proves nothing is held, one in
# reply to the confirmation replaces the earlier (and the held one); the
# moderator's digest with blockers first; the next week's invitation
# names the next moderator and its digest the regulars who did not
# report; that moderator hands over by replying to the digest; a skipped
# week is announced as cancelled and gets no digest; a registration for
# the sprint stays a registration; the minutes from the mail and a real
# IRC log, published, rendered by docutils, mailed by the daemon.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start
work=$HARNESS_DIR/sync
mkdir -p "$work/pub"
# Only a reply to sprintd's personal mail proves a sender here.
HARNESS_AUTH=none
export HARNESS_AUTH
IT_CONFIG=$work/sprintd.yaml
cp "$HARNESS_CONFIG" "$IT_CONFIG"
echo "publish_dir: $work/pub" >> "$IT_CONFIG"
LIST=pypy-dev@example.org

n=0
mail() {	# from-name from-addr subject body [in-reply-to]
	n=$((n + 1))
	f=$work/m$n.eml
	{
		printf 'From: %s <%s>\nTo: %s\n' "$1" "$2" "$LIST"
		printf 'Subject: %s\nMessage-ID: <sync%d@example.org>\n' "$3" $n
		[ -n "${5:-}" ] && printf 'In-Reply-To: %s\nReferences: %s\n' \
		    "$5" "$5"
		printf 'Date: %s\n' "$(date -u -d "$SPRINTD_NOW" \
		    '+%a, %d %b %Y %H:%M:%S +0000')"
		printf 'MIME-Version: 1.0\nContent-Type: text/plain\n\n%s\n' "$4"
	} > "$f"
	deliver "$f"
}
# The Message-ID of the last mail of kind to addr.
mid_of() {
	sql "SELECT message_id FROM outbox WHERE kind = '$1' AND
	    recipient = '$2' ORDER BY id DESC LIMIT 1"
}
body_of() {	# the text of the last mail of kind to addr
	f=$(grep -l -i "^RCPT TO:<$2>" "$HARNESS_SENT"/*.env | sort |
	    while read -r e; do
		grep -q "^Message-ID: $(mid_of "$1" "$2")" "${e%.env}.eml" &&
		    echo "${e%.env}.eml"
	    done | tail -n 1)
	[ -n "$f" ] && tr -d '\r' < "$f"
}
count() {	# outbox kind [recipient]
	sql "SELECT count(*) FROM outbox WHERE kind = '$1'
	    ${2:+AND recipient = '$2'}"
}

SPRINTD_NOW=2026-12-01T08:00:00Z
export SPRINTD_NOW
cat > "$work/leysin.yaml" <<'EOS'
slug: leysin-2027
name: PyPy Leysin Winter Sprint 2027
start: 2027-01-08
end: 2027-01-14
timezone: Europe/Zurich
capacity: 15
location: Leysin, Switzerland
announce_to: [pypy-sprint@example.org]
organizers: [{name: Armin Rigo, email: organizer@example.org}]
EOS
sprintctl sprint add "$work/leysin.yaml" >/dev/null || it_fail "sprint add"
cp "$top_srcdir/tests/data/sync/pypy-sync.yaml" "$work/"
printf 'slug: pypy-sync\nname: x\nlist: pypy-dev@example.org\nweekday: thursday\ntime: "25:00"\n' \
    > "$work/bad.yaml"
err=$(sprintctl sync add "$work/bad.yaml" 2>&1)
expect_eq "a bad sync file: exit 2" "$?" 2
expect_match "the error names file, line and key" "$err" \
    'bad.yaml:5: time: "25:00": expected a local time'
out=$(sprintctl sync add "$work/pypy-sync.yaml")
expect_match "sync add names the first meeting" "$out" \
    "next meeting Thu 3 Dec 2026 17:00 CET (16:00 UTC), Holger moderates"

# A registration for the sprint meanwhile: a registration, not sync mail.
mail "Carl Example" carl@example.org "Leysin registration" \
    "$(printf 'Name: Carl Example\nArrive: 2027-01-07\nDepart: 2027-01-14\nAccommodation: ?')"
sprintd_once || it_fail "sprintd --once (registration)"
expect_eq "the registration is the sprint's" "$(sql "SELECT kind FROM
    messages WHERE message_id = '<sync1@example.org>'")" registration

# 48 hours ahead: the invitation.
SPRINTD_NOW=2026-12-01T16:00:00Z
sprintd_once || it_fail "sprintd --once (invitation)"
expect_eq "one invitation to the list" "$(sent_to $LIST)" 1
inv=$(body_of sync-invite $LIST)
expect_match "invitation: the day and local time" "$inv" \
    "Thu 3 Dec 2026 at 17:00 CET"
expect_match "invitation: the time in UTC" "$inv" "Thu 3 Dec, 16:00 UTC"
expect_match "invitation: where" "$inv" "#pypy-sync on irc.libera.chat"
expect_match "invitation: the moderator" "$inv" "Holger moderates"
expect_match "invitation: standing topic" "$inv" "activity reports + blockers"
expect_match "invitation: the sprint's status" "$inv" \
    "sprint status: PyPy Leysin Winter Sprint 2027 .*: 1 registered, 14 places left, 1 with a ? left"
printf '%s\n' "$inv" > "$work/invitation-1.txt"
invite_mid=$(mid_of sync-invite $LIST)

# Replies: topics and reports, every keyword variant, over lines.
SPRINTD_NOW=2026-12-02T09:00:00Z
mail "Anna Example" anna@example.org "Re: pypy-sync meeting" \
    "$(printf 'Topic: the new GC\n\nLAST: the JIT\n   and the GC\nNEXT: the sprint\nBLOCKERS: none\n\n> LAST: what you did since the last meeting')" \
    "$invite_mid"
mail "Bob Example" bob@example.org "Re: pypy-sync meeting" \
    "$(printf 'PREV: docs for the release\nNEXT: the release\nBLOCK: the build\n  bot is down')" \
    "$invite_mid"
mail "Dora Example" dora@example.org "pypy-sync report" \
    "$(printf 'DONE: the docs\nNEXT: more docs\nBLOCKER: -')"
sprintd_once || it_fail "sprintd --once (replies)"
expect_eq "one private confirmation to anna" "$(count sync-confirm \
    anna@example.org)" 1
expect_eq "one private confirmation to bob" "$(count sync-confirm \
    bob@example.org)" 1
expect_eq "dora's report by subject" "$(sql "SELECT last || '|' || blockers
    FROM sync_reports WHERE email = 'dora@example.org'")" "the docs|-"
expect_eq "nothing more to the list" "$(sent_to $LIST)" 1
expect_eq "no sprint mail to the sync repliers" "$(sql "SELECT count(*)
    FROM outbox WHERE kind NOT LIKE 'sync-%' AND recipient IN
    ('anna@example.org', 'bob@example.org', 'dora@example.org')")" 0
expect_eq "bob's report over two lines" "$(sql "SELECT blockers FROM
    sync_reports WHERE email = 'bob@example.org'")" "the build
bot is down"
expect_eq "the quoted invitation is no report" "$(sql "SELECT last FROM
    sync_reports WHERE email = 'anna@example.org'")" "the JIT
and the GC"
conf=$(body_of sync-confirm anna@example.org)
expect_match "the confirmation is private (Reply-To sprintd)" "$conf" \
    "^Reply-To: .*$HARNESS_LIST_ADDRESS"
expect_match "the confirmation says what we have" "$conf" \
    "your activity report"
printf '%s\n' "$conf" > "$work/confirm-anna.txt"

# A later report from anna that proves nothing: held, not applied.
mail "Anna Example" anna@example.org "Re: pypy-sync meeting" \
    "LAST: somebody else wrote this" "$invite_mid"
sprintd_once || it_fail "sprintd --once (held)"
expect_eq "an unproved replacement is held" "$(sql "SELECT state FROM
    sync_reports WHERE last = 'somebody else wrote this'")" held
expect_eq "still one confirmation to anna" "$(count sync-confirm \
    anna@example.org)" 1
# Anna replies to her confirmation: that proves it, and replaces.
mail "Anna Example" anna@example.org "Re: pypy-sync meeting" \
    "$(printf 'LAST: the JIT, the GC and the docs\nNEXT: the sprint\nBLOCKERS: none')" \
    "$(mid_of sync-confirm anna@example.org)"
sprintd_once || it_fail "sprintd --once (replacement)"
expect_eq "the proved report replaces the earlier one" "$(sql "SELECT
    group_concat(state, ',') FROM (SELECT state FROM sync_reports WHERE
    email = 'anna@example.org' ORDER BY id)")" "replaced,replaced,current"
expect_eq "and no second confirmation" "$(count sync-confirm \
    anna@example.org)" 1

# Two hours ahead: the moderator's digest, blockers first.
SPRINTD_NOW=2026-12-03T14:00:00Z
sprintd_once || it_fail "sprintd --once (digest)"
expect_eq "one digest, to Holger" "$(count sync-digest holger@example.org)" 1
dig=$(body_of sync-digest holger@example.org)
printf '%s\n' "$dig" > "$work/digest-1.txt"
expect_match "digest: the topic and its proposer" "$dig" \
    "the new GC (Anna Example)"
expect_match "digest: anna's report as replaced" "$dig" \
    "LAST: the JIT, the GC and the docs"
expect_eq "digest: not the held one" "$(printf '%s' "$dig" |
    grep -c 'somebody else')" 0
expect_eq "digest: blockers first" "$(printf '%s\n' "$dig" |
    grep -E '^(Anna|Bob|Dora) Example' | head -n 1)" "Bob Example (blocked)"
expect_eq "digest: a held report that was replaced since is not listed" \
    "$(printf '%s' "$dig" | grep -c 'did not prove')" 0

# The next week: Michael moderates; anna does not report.
SPRINTD_NOW=2026-12-08T16:00:00Z
sprintd_once || it_fail "sprintd --once (second invitation)"
expect_eq "the second invitation" "$(sent_to $LIST)" 2
inv2=$(body_of sync-invite $LIST)
expect_match "second invitation: Thu 10 Dec" "$inv2" "Thu 10 Dec 2026"
expect_match "second invitation: the next moderator" "$inv2" \
    "Michael moderates"
SPRINTD_NOW=2026-12-09T09:00:00Z
mail "Bob Example" bob@example.org "Re: pypy-sync meeting" \
    "$(printf 'LAST: the release\nNEXT: a holiday\nBLOCKERS: none')" \
    "$(mid_of sync-invite $LIST)"
sprintd_once || it_fail "sprintd --once (second week's reply)"
expect_eq "bob is confirmed once for this meeting too" "$(count \
    sync-confirm bob@example.org)" 2
SPRINTD_NOW=2026-12-10T14:00:00Z
sprintd_once || it_fail "sprintd --once (second digest)"
dig2=$(body_of sync-digest mwh@example.org)
printf '%s\n' "$dig2" > "$work/digest-2.txt"
expect_match "second digest goes to Michael" "$dig2" "^Hello Michael"
expect_match "second digest: the regulars who have not reported" \
    "$(printf '%s\n' "$dig2" | sed -n '/^Regulars/,$p')" \
    "^  - Anna Example"
# Michael cannot: his reply to the digest proves him and hands over.
SPRINTD_NOW=2026-12-10T14:30:00Z
mail "Michael" mwh@example.org "Re: pypy-sync digest" "Moderate: no" \
    "$(mid_of sync-digest mwh@example.org)"
sprintd_once || it_fail "sprintd --once (hand-over)"
expect_match "after the hand-over Holger gets the digest" \
    "$(body_of sync-digest holger@example.org)" "^Hello Holger"
expect_eq "Holger's second digest" "$(count sync-digest \
    holger@example.org)" 2

# The third week is cancelled: the invitation says so, no digest.
SPRINTD_NOW=2026-12-11T09:00:00Z
out=$(sprintctl sync skip pypy-sync 2026-12-17)
expect_match "sync skip" "$out" "is cancelled; its invitation will say so"
sprintctl sync skip pypy-sync 2026-12-16 >/dev/null 2>&1
expect_eq "a day that is no meeting day: exit 2" "$?" 2
SPRINTD_NOW=2026-12-15T16:00:00Z
sprintd_once || it_fail "sprintd --once (cancellation)"
expect_eq "the cancellation notice" "$(count sync-cancel $LIST)" 1
can=$(body_of sync-cancel $LIST)
expect_match "it says cancelled" "$can" "^Subject: Cancelled: pypy-sync"
SPRINTD_NOW=2026-12-17T15:00:00Z
sprintd_once || it_fail "sprintd --once (no digest)"
expect_eq "no digest for a cancelled meeting" "$(count sync-digest)" 3
expect_eq "the digest job was skipped" "$(sql "SELECT skipped FROM
    sync_jobs WHERE kind = 'sync-digest' ORDER BY id DESC LIMIT 1")" 1

# The minutes of the first meeting, with its IRC log.
min=$(sprintctl sync minutes pypy-sync --date 2026-12-03 \
    --log "$top_srcdir/tests/data/sync/irssi.log")
expect_eq "sync minutes: exit 0" "$?" 0
printf '%s\n' "$min" > "$work/minutes.txt"
expect_match "minutes: the title" "$min" \
    "^pypy-sync developer meeting, Thursday 3 December 2026$"
expect_match "minutes: the attendees from the log" "$min" \
    "^:Attendees: hpk, anna, bob, mwh$"
expect_match "minutes: the report from mail" "$min" \
    ":LAST: the JIT, the GC and the docs"
expect_match "minutes: the activity lines of the log" "$min" \
    "^- bob: BLOCK: the build bot is down"
expect_match "minutes: the whole log" "$min" \
    "^  17:08 < hpk> ok, thanks all, see you next week"
expect_eq "minutes published" "$(cmp "$work/pub/pypy-sync/2026-12-03.txt" \
    "$work/minutes.txt" && echo same)" same
cat > "$work/rst.json" <<EOJ
{"marker": "no-such-marker", "files": [{"path": "$work/minutes.txt",
 "texts": ["the JIT, the GC and the docs", "the build bot is down",
  "anna: LAST: the JIT and the GC", "hpk, anna, bob, mwh",
  "the new GC (Anna Example)"],
 "absent": ["somebody else wrote this"]}]}
EOJ
out=$(/usr/bin/python3 "$top_srcdir/tests/rst_check.py" "$work/rst.json")
expect_eq "docutils renders the minutes ($out)" "$?" 0
# --send asks the daemon, which makes the same minutes from the store and
# the log kept for it.
sprintctl sync minutes pypy-sync --date 2026-12-03 --send \
    --log "$top_srcdir/tests/data/sync/irssi.log" >/dev/null 2>&1 ||
    it_fail "sync minutes --send"
expect_eq "nothing queued by sprintctl" "$(count sync-minutes)" 0
sprintd_once || it_fail "sprintd --once (minutes)"
expect_eq "the minutes went to the list" "$(sql "SELECT status FROM outbox
    WHERE kind = 'sync-minutes'")" sent
body_of sync-minutes $LIST > "$work/minutes-mail.txt"
expect_eq "the mailed minutes are the printed ones" "$(sed '1,/^$/d' \
    "$work/minutes-mail.txt")" "$(cat "$work/minutes.txt")"
show=$(sprintctl sync show pypy-sync)
expect_match "sync show: the next meeting and moderator" "$show" \
    "Thu 24 Dec 2026 17:00 CET (16:00 UTC): Michael"
sprintctl sync list | grep -q '^pypy-sync' || it_fail "sync list"
expect_match "status lists the sync jobs" \
    "$(sprintctl status --format json | tr -d ' \n')" \
    '"kind":"sync-digest","sprint":"pypy-sync"'
[ -n "${SYNC_SHOW:-}" ] && cp "$work"/*.txt "$SYNC_SHOW"/
exit 0
