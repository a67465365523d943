#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# page.sh -- the published people page and the calendars, against the
# real servers: sprintd writes publish_dir/SLUG/index.html and people.txt
# (planning.txt beside them) at start and after every change (a registration by mail, an update, a
# cancellation, a correction with sprintctl person set); headless
# Chromium renders the page, which must show every attendee and one bar
# per day; the screenshot stays in the build directory as
# tests/page-screenshot.png. The confirmations carry the stay as
# text/calendar, read back with Python's icalendar: new (PUBLISH,
# SEQUENCE 1), updated (same UID, SEQUENCE 2, the new days), cancelled
# (CANCEL, STATUS:CANCELLED, SEQUENCE 3). Skipped without chromium or
# python3-icalendar (scripts/deps.sh installs both).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser ||
    true)}
if [ -z "$CHROMIUM" ]; then
	echo "$it_name: chromium is not installed (scripts/deps.sh): skipped" >&2
	exit 77
fi
if ! /usr/bin/python3 -c 'import icalendar' 2>/dev/null; then
	echo "$it_name: python3-icalendar is not installed (scripts/deps.sh):" \
	    "skipped" >&2
	exit 77
fi
it_start

PUB=$HARNESS_DIR/www
SLUGDIR=$PUB/leysin-2027
PAGE=$SLUGDIR/index.html
ARTIFACTS=$BUILDDIR/tests
mkdir -p "$PUB" "$ARTIFACTS"
IT_CONFIG=$HARNESS_DIR/page.yaml
{
	cat "$HARNESS_CONFIG"
	echo "publish_dir: $PUB"
	echo "public_url: https://sprints.example.org/"
} > "$IT_CONFIG"
chmod 600 "$IT_CONFIG"

at() {	# one cycle at the given UTC time
	SPRINTD_NOW=$1 sprintd_once
}
n=0
mail() {	# mail LOCALPART NAME BODY: a message from LOCALPART@example.org
	n=$((n + 1))
	f=$HARNESS_DIR/m$n.eml
	printf 'From: %s <%s@example.org>\nTo: %s\nSubject: Re: PyPy Leysin Winter Sprint 2027\nMessage-ID: <page-%d@example.org>\nDate: Sun, 20 Dec 2026 11:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n%b\n' \
	    "$2" "$1" "$HARNESS_LIST_ADDRESS" "$n" "$3" > "$f"
	deliver "$f"
}
# What the calendar of a sent mail says, one line each: the structure
# ("multipart/mixed text/plain text/calendar"), the METHOD, then per
# event "UID SEQUENCE STATUS DTSTART DTEND".
ics_of() {
	/usr/bin/python3 - "$1" <<'PY'
import email, sys
import icalendar
with open(sys.argv[1], "rb") as f:
    msg = email.message_from_binary_file(f)
print(" ".join(p.get_content_type() for p in msg.walk()))
for part in msg.walk():
    if part.get_content_type() != "text/calendar":
        continue
    cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    print("METHOD", cal["METHOD"])
    for ev in cal.walk("VEVENT"):
        print(ev["UID"], int(ev.get("SEQUENCE", 0)), ev.get("STATUS"),
              ev.decoded("DTSTART").isoformat(),
              ev.decoded("DTEND").isoformat())
PY
}
last_file_to() {	# the file of the last accepted message for ADDR
	f=$(grep -l -i "^RCPT TO:<$1>" "$HARNESS_SENT"/*.env 2>/dev/null |
	    sort | tail -n 1)
	echo "${f%.env}.eml"
}
page_sum() {
	cksum < "$PAGE" 2>/dev/null
}
# The page as Chromium sees it, after layout.
dom() {
	_ud=$(mktemp -d "$HARNESS_DIR/chromium.XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --user-data-dir="$_ud" \
	    "$@" 2>>"$HARNESS_DIR/chromium.log"
	rm -rf "$_ud"
}

SPRINTD_NOW=2026-12-20T08:00:00Z sprintctl sprint add "$(eml sprint.yaml)" \
    >/dev/null || it_fail "sprint add"
SPRINTD_NOW=2026-12-20T08:00:00Z sprintctl announce leysin-2027 \
    --at "2026-12-20 10:00" >/dev/null || it_fail "announce"

# At start: the page, before anyone registered; readable by the web
# server.
at 2026-12-20T09:00:00Z || it_fail "sprintd at the announcement"
expect_eq "the page is written at start" "$(test -f "$PAGE" && echo yes)" yes
expect_eq "people.txt beside it" "$(test -f "$SLUGDIR/people.txt" &&
    echo yes)" yes
expect_eq "the directory is 0755" "$(stat -c %a "$SLUGDIR")" 755
expect_eq "the page is 0644" "$(stat -c %a "$PAGE")" 644
expect_eq "people.txt is 0644" "$(stat -c %a "$SLUGDIR/people.txt")" 644
expect_match "nobody yet" "$(cat "$PAGE")" "Nobody has registered yet"
expect_eq "no temporary file left" "$(ls -A "$SLUGDIR" | tr '\n' ' ')" \
    "index.html people.txt planning.txt "
expect_match "the announcement links the page" \
    "$(sent_last_to "$HARNESS_LIST_ADDRESS" | tr -d '\r')" \
    "^Who is coming, day by day: https://sprints.example.org/leysin-2027/$"

# Registrations by mail: the page is rewritten; each confirmation
# carries the stay.
sum0=$(page_sum)
mail anna "Anna Example" "Name: Anna Example\nArrive/Depart: 7-14\nAccommodation: Ermina"
mail bob "Bob Tables" "Name: Bob <Tables> & Co\nArrive/Depart: 7-14\nAccommodation: private\nDiet: secret-vegan"
mail carla "Carla Local" "Name: Carla Local\nArrive/Depart: lives there"
at 2026-12-20T12:00:00Z || it_fail "sprintd after the registrations"
expect_eq "three registered" "$(sql "SELECT count(*) FROM registrations
    WHERE status = 'registered'")" 3
[ "$(page_sum)" != "$sum0" ] && it_ok "the page is rewritten after mail" ||
    it_fail "the page did not change after three registrations"
html=$(cat "$PAGE")
expect_match "the page lists Anna" "$html" "<td>Anna Example</td><td>Thu 7 Jan</td><td>Thu 14 Jan</td><td>Ermina</td>"
expect_match "the page escapes Bob" "$html" "<td>Bob &lt;Tables&gt; &amp; Co</td>"
expect_match "the page lists Carla" "$html" "<td>Carla Local</td><td colspan=\"2\">lives there</td>"
expect_eq "no address, no diet on the page" \
    "$(grep -c -e '@example.org' -e 'secret-vegan' "$PAGE")" 0
expect_eq "no diet in people.txt" \
    "$(grep -c -e '@example.org' -e 'secret-vegan' "$SLUGDIR/people.txt")" 0
expect_eq "people.txt is sprintctl people's rst (nobody waits)" \
    "$(sprintctl people leysin-2027 --format rst | cksum)" \
    "$(cksum < "$SLUGDIR/people.txt")"

conf=$(last_file_to anna@example.org)
cp "$conf" "$ARTIFACTS/page-confirmation.eml"
c=$(ics_of "$conf")
expect_match "the confirmation: text first, then the calendar" "$c" \
    "^multipart/mixed text/plain text/calendar$"
expect_match "the confirmation links the page" "$(tr -d '\r' < "$conf")" \
    "^Everybody, with their dates: https://sprints.example.org/leysin-2027/$"
expect_match "new: METHOD:PUBLISH" "$c" "^METHOD PUBLISH$"
uid=$(printf '%s\n' "$c" | grep '^stay-' | cut -d' ' -f1)
expect_match "new: the stay, 7 to 14 Jan, DTEND exclusive" "$c" \
    "^stay-[0-9]*\.leysin-2027@example.org 1 CONFIRMED 2027-01-07 2027-01-15$"
expect_match "new: the sprint's days" "$c" \
    "^sprint.leysin-2027@example.org 1 CONFIRMED 2027-01-08 2027-01-15$"
c=$(ics_of "$(last_file_to carla@example.org)")
expect_eq "a local person: only the sprint" \
    "$(printf '%s\n' "$c" | grep -c -e '^stay-' -e '^sprint\.')" 1

# An update by mail: the same UID, a higher SEQUENCE, the new days.
sum1=$(page_sum)
mail anna "Anna Example" "Arrive/Depart: 9-13"
at 2026-12-20T13:00:00Z || it_fail "sprintd after the update"
c=$(ics_of "$(last_file_to anna@example.org)")
expect_match "updated: METHOD:PUBLISH" "$c" "^METHOD PUBLISH$"
expect_match "updated: same UID, SEQUENCE 2, the new days" "$c" \
    "^$uid 2 CONFIRMED 2027-01-09 2027-01-14$"
[ "$(page_sum)" != "$sum1" ] && it_ok "the page is rewritten after an update" ||
    it_fail "the page did not change after an update"
expect_match "the page shows the new days" "$(cat "$PAGE")" \
    "<td>Anna Example</td><td>Sat 9 Jan</td><td>Wed 13 Jan</td>"

# A correction by the organizer: the page follows at once, without the
# daemon.
sum2=$(page_sum)
SPRINTD_NOW=2026-12-20T14:00:00Z sprintctl person leysin-2027 \
    bob@example.org set depart=12 >/dev/null || it_fail "person set"
[ "$(page_sum)" != "$sum2" ] &&
    it_ok "the page is rewritten after a correction" ||
    it_fail "the page did not change after a correction"
expect_match "the page shows the correction" "$(cat "$PAGE")" \
    "<td>Bob &lt;Tables&gt; &amp; Co</td><td>Thu 7 Jan</td><td>Tue 12 Jan</td>"
expect_match "people.txt shows the correction" \
    "$(cat "$SLUGDIR/people.txt")" "7/1 - 12/1"

# A cancellation: METHOD:CANCEL of the same UID, higher again.
sum3=$(page_sum)
mail anna "Anna Example" "Cancel: yes"
at 2026-12-20T15:00:00Z || it_fail "sprintd after the cancellation"
cancel=$(last_file_to anna@example.org)
c=$(ics_of "$cancel")
expect_match "cancelled: METHOD:CANCEL" "$c" "^METHOD CANCEL$"
expect_match "cancelled: same UID, STATUS:CANCELLED, SEQUENCE 3" "$c" \
    "^$uid 3 CANCELLED "
cp "$cancel" "$ARTIFACTS/page-cancellation.eml"
[ "$(page_sum)" != "$sum3" ] &&
    it_ok "the page is rewritten after a cancellation" ||
    it_fail "the page did not change after a cancellation"
expect_eq "Anna is off the page" "$(grep -c 'Anna Example' "$PAGE")" 0

# The page in a browser: every attendee, the chart with one bar per day
# (Thu 7 Jan, outside the sprint, to Thu 14 Jan: 8 days), no script.
d=$(dom --dump-dom "file://$PAGE")
expect_match "Chromium shows Bob" "$d" "Bob &lt;Tables&gt; &amp; Co"
expect_match "Chromium shows Carla" "$d" "Carla Local"
expect_eq "the chart is there" "$(printf '%s' "$d" | grep -c '<svg class="chart"')" 1
expect_eq "one day bar per day" "$(printf '%s' "$d" |
    grep -o '<rect class="there"' | wc -l | tr -d ' ')" 8
expect_eq "one night bar per day" "$(printf '%s' "$d" |
    grep -o '<rect class="night"' | wc -l | tr -d ' ')" 8
expect_match "the break day is marked" "$d" '<g class="day break"><title>Mon 11 Jan (break day): 2 there, 1 sleeps there</title>'
expect_match "a day outside the sprint is marked" "$d" '<g class="day outside"><title>Thu 7 Jan (outside the sprint): 1 there, 1 sleeps there</title>'
expect_eq "no script" "$(printf '%s' "$d" | grep -c '<script')" 0
rm -f "$ARTIFACTS/page-screenshot.png"
(cd "$HARNESS_DIR" && dom --screenshot="$ARTIFACTS/page-screenshot.png" \
    --hide-scrollbars --window-size=412,1100 "file://$PAGE" >/dev/null)
expect_eq "the screenshot is kept as $ARTIFACTS/page-screenshot.png" \
    "$(test -s "$ARTIFACTS/page-screenshot.png" && echo yes)" yes
