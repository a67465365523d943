#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# sprintweek.sh -- a sprint's seven days against a real Dovecot and SMTP
# server, stepped with SPRINTD_NOW: the daily mail on days 1-3 and 5-7 to
# exactly those there (a local person, a "?" departure, a late newcomer,
# an early leaver, one who cancels on day 2), with the day's arrivals,
# departures and pairs; none on the break day, its suggestions the day
# before; the late newcomer's catch-up on their arrival day; the planning
# changed by sprintctl plan and by replies to the daily mail (only a
# reply proves the sender: no Authentication-Results are trusted here),
# and published as planning.txt; the summary's requests to the early
# leaver and on the last day; the report with their answers, by name.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

# sprintd has an address of its own (the daily mail's Reply-To), and a
# place to publish; no mail proves its sender by its headers.
PUB=$HARNESS_DIR/www
mkdir -p "$PUB"
IT_CONFIG=$HARNESS_DIR/sprintweek.yaml
{
	sed -e "s|^from: .*|from: \"PyPy sprints <sprints@$HARNESS_DOMAIN>\"|" \
	    -e 's|^log_level: .*|log_level: info|' "$HARNESS_CONFIG"
	echo "publish_dir: $PUB"
} > "$IT_CONFIG"
chmod 600 "$IT_CONFIG"
export IT_CONFIG
HARNESS_AUTH=none
export HARNESS_AUTH
SLUG=leysin-2027
SPRINT=$HARNESS_DIR/sprint.yaml
{
	cat "$(eml sprint.yaml)"
	echo 'daily_hour: 9'
	echo 'tutorial: "Start with the getting-started guide and build once."'
	echo 'break_day_suggestions: "A hike to the Tour d Ai."'
} > "$SPRINT"
SPRINTD_NOW=$IT_ADDED sprintctl sprint add "$SPRINT" >/dev/null ||
    it_fail "sprintctl sprint add"

MAILS=$HARNESS_DIR/week-mail
mkdir -p "$MAILS"
n=0
# mail LOCAL NAME IN_REPLY_TO BODY: a message from LOCAL@example.org at
# SPRINTD_NOW (Date and INTERNALDATE), to sprintd, answering IN_REPLY_TO.
mail() {
	n=$((n + 1))
	f=$MAILS/$n.eml
	{
		printf 'From: %s <%s@example.org>\n' "$2" "$1"
		printf 'To: sprints@%s\n' "$HARNESS_DOMAIN"
		printf 'Subject: Re: PyPy Leysin Winter Sprint 2027\n'
		printf 'Date: %s\n' "$(date -u -R -d "$SPRINTD_NOW")"
		printf 'Message-ID: <week-%d@example.org>\n' "$n"
		[ -n "$3" ] && printf 'In-Reply-To: %s\nReferences: %s\n' "$3" "$3"
		printf 'MIME-Version: 1.0\n'
		printf 'Content-Type: text/plain; charset=utf-8\n\n'
		printf '%b\n' "$4"
	} > "$f"
	deliver "$f"
}
# The Message-ID of the last mail of KIND queued to LOCAL@example.org.
mid() {
	sql "SELECT message_id FROM outbox WHERE kind = '$1' AND
	    recipient = '$2@example.org' ORDER BY id DESC LIMIT 1"
}
# Who got a mail of KIND whose subject has TEXT (local parts, sorted).
who() {
	sql "SELECT group_concat(r, ' ') FROM (SELECT replace(recipient,
	    '@example.org', '') AS r FROM outbox WHERE kind = '$1' AND
	    subject LIKE '%$2%' ORDER BY r)"
}
# The last mail of KIND sent to LOCAL, as the SMTP server took it.
got() {
	f=$(grep -l "^Message-ID: $(mid "$1" "$2")" "$HARNESS_SENT"/*.eml |
	    head -n 1)
	[ -n "$f" ] && tr -d '\r' < "$f"
}
# One cycle at 09:00:30 in Zurich (08:00:30 UTC) of day D of January.
day() {
	SPRINTD_NOW=2027-01-${1}T08:00:30Z
	export SPRINTD_NOW
	sprintd_once || it_fail "sprintd --once on January $1"
}

# The people, before the sprint.
SPRINTD_NOW=2026-12-21T10:00:00Z
export SPRINTD_NOW
mail anna "Anna Example" "" "Arrive/Depart: 7/1 - 14/1\nAccommodation: Ermina\nFirst sprint: no\nTopics: JIT, gc"
mail lars "Lars Local" "" "Arrive/Depart: lives there\nFirst sprint: no\nTopics: docs"
mail nina "Nina Newcomer" "" "Arrive/Depart: 7/1 - 14/1\nAccommodation: Ermina\nFirst sprint: yes\nTopics: jit, numpy"
mail lena "Lena Late" "" "Arrive/Depart: 12/1 - 14/1\nAccommodation: Ermina\nFirst sprint: yes\nTopics: stm"
mail eddie "Eddie Early" "" "Arrive/Depart: 7/1 - 13/1\nAccommodation: Ermina\nFirst sprint: no\nTopics: gc"
mail uma "Uma Unknown" "" "Arrive: 7/1\nDepart: ?\nAccommodation: Ermina"
mail cora "Cora Cancels" "" "Arrive/Depart: 7/1 - 14/1\nAccommodation: Ermina"
sprintd_once || it_fail "sprintd --once (registrations)"
expect_eq "seven registered" "$(sql "SELECT count(*) FROM registrations
    WHERE status = 'registered'")" 7
expect_eq "topics stored" "$(sql "SELECT topics FROM registrations r JOIN
    people p ON p.id = r.person_id WHERE p.email = 'nina@example.org'")" \
    "jit, numpy"
expect_match "topics in people --format json" \
    "$(sprintctl people $SLUG --format json)" '"topics":"JIT, gc"'
expect_eq "topics not in the public people.txt" \
    "$(sprintctl people $SLUG --format public | grep -c numpy)" 0
out=$(sprintctl sprint show $SLUG)
expect_eq "sprint show: six daily mails" \
    "$(printf '%s\n' "$out" | grep -c 'daily mail ')" 6
expect_match "sprint show: the first at daily_hour" "$out" \
    "daily mail  *2027-01-08 09:00 CET *pending"

# The organizer starts the planning.
out=$(sprintctl plan $SLUG add "JIT: the float bug" --people "Anna Example")
expect_eq "plan add" "$out" "$SLUG: task 1 added"
sprintctl plan $SLUG start 1 >/dev/null || it_fail "plan start"
out=$(sprintctl plan $SLUG done 7 2>&1)
expect_match "plan done 7: no such task" "$out" "no task 7"
sprintctl plan $SLUG assign x Anna >/dev/null 2>&1
expect_eq "plan assign x: usage error" "$?" 2
expect_match "plan assign x: names the field" \
    "$(sprintctl plan $SLUG assign x Anna 2>&1)" \
    "assign: expects a task number such as 3"

# Day 1, Friday 8 January.
day 08
expect_eq "day 1: the daily mail to those there" \
    "$(who daily 'day 1 of 7')" "anna cora eddie lars nina uma"
m=$(got daily nina)
expect_match "day 1: day N of M" "$m" "^Subject: .*Friday 8 January, day 1 of 7"
expect_match "day 1: the pair" "$m" \
    "^Pair: Nina Newcomer with Anna Example (jit)$"
expect_match "day 1: the planning" "$m" \
    "1\. JIT: the float bug (Anna Example) IN-PROGRESS"
expect_match "day 1: Reply-To is sprintd" "$m" "^Reply-To: .*<sprints@"
expect_eq "day 1: no catch-up" "$(who catchup '')" ""
expect_match "planning.txt published" "$(cat "$PUB/$SLUG/planning.txt")" \
    "^- \[1\] JIT: the float bug (Anna Example) IN-PROGRESS$"
expect_eq "planning.txt readable by the web server" \
    "$(stat -c %a "$PUB/$SLUG/planning.txt")" 644

# Day 2, Saturday 9 January: replies to the daily mail.
day 09
expect_eq "day 2: the daily mail" "$(who daily 'day 2 of 7')" \
    "anna cora eddie lars nina uma"
SPRINTD_NOW=2027-01-09T10:00:00Z
mail anna "Anna Example" "$(mid daily anna)" \
    "Good morning!\n\nNew: port the GC to the new JIT\nJoin: 1\n\nAnna"
mail nina "Nina Newcomer" "$(mid daily nina)" "Join: x"
# The same lines in a fresh mail prove nothing: not applied.
mail anna "Anna Example" "" "New: a task someone forged"
mail cora "Cora Cancels" "$(mid daily cora)" "Cancel: yes"
sprintd_once || it_fail "sprintd --once (replies)"
out=$(sprintctl plan $SLUG)
expect_match "reply: task added" "$out" \
    "^- \[2\] port the GC to the new JIT$"
expect_match "reply: joined" "$out" \
    "^- \[1\] JIT: the float bug (Anna Example) IN-PROGRESS$"
expect_eq "no proof: not applied" "$(printf '%s' "$out" | grep -c forged)" 0
expect_match "no proof: noted" "$(sql "SELECT note FROM messages WHERE
    message_id = '<week-10@example.org>'")" "do not prove their sender"
expect_match "planning.txt follows the reply" \
    "$(cat "$PUB/$SLUG/planning.txt")" "port the GC"
m=$(got planned nina)
expect_match "bad Join: answered, naming the field" "$m" \
    "Join: expects a task number such as 3"
expect_match "Anna told what was done" "$(got planned anna)" \
    "added task 2: port the GC"
expect_eq "cancelled by a reply to the daily mail" "$(sql "SELECT status
    FROM registrations r JOIN people p ON p.id = r.person_id WHERE
    p.email = 'cora@example.org'")" cancelled

# Day 3, Sunday 10 January: the break day is tomorrow.
day 10
expect_eq "day 3: not to the cancelled" "$(who daily 'day 3 of 7')" \
    "anna eddie lars nina uma"
m=$(got daily lars)
expect_match "day 3: the break day's suggestions" "$m" \
    "A hike to the Tour d Ai"
expect_match "day 3: tomorrow is the break day" "$m" \
    "Tomorrow, Monday 11 January, is the break day"

# Day 4, Monday 11 January, the break day: no daily mail.
day 11
expect_eq "break day: no daily mail" "$(who daily 'day 4 of 7')" ""

# Day 5, Tuesday 12 January: Lena arrives; Eddie leaves tomorrow.
day 12
expect_eq "day 5: the daily mail" "$(who daily 'day 5 of 7')" \
    "anna eddie lars lena nina uma"
m=$(got daily anna)
expect_match "day 5: Lena arrives, a newcomer" "$m" \
    "^  - Lena Late (first sprint"
expect_match "day 5: Eddie leaves tomorrow" "$m" "^  - Eddie Early, tomorrow$"
expect_match "day 5: Lena's pair: no shared topic, the organizer" "$m" \
    "^Pair: Lena Late with Armin Rigo (organizer; no shared topics)$"
expect_eq "day 5: the catch-up to Lena only" "$(who catchup '')" lena
m=$(got catchup lena)
expect_match "catch-up: the tutorial" "$m" "getting-started guide"
expect_match "catch-up: the goals" "$m" "JIT improvements"
expect_match "catch-up: the planning" "$m" "2\. port the GC to the new JIT"
expect_match "catch-up: the pair" "$m" "pair with Armin Rigo"
expect_eq "day 5: the summary's request to Eddie only" "$(who summary '')" \
    eddie
expect_match "summary: not anonymous" "$(got summary eddie)" \
    "under your name: it is not"
out=$(sprintctl digest $SLUG)
expect_match "digest: today's arrivals" "$out" \
    "^  - Lena Late (first sprint)$"
expect_match "digest: the catch-up and its pair" "$out" \
    "^  - Lena Late: Pair: Lena Late with Armin Rigo"
SPRINTD_NOW=2027-01-12T18:00:00Z
mail eddie "Eddie Early" "$(mid summary eddie)" \
    "Done: fixed the float bug in the JIT\nNext: the GC port needs a write barrier"
sprintd_once || it_fail "sprintd --once (Eddie's summary)"

# Day 6, Wednesday 13 January: Eddie leaves today.
day 13
expect_eq "day 6: the daily mail" "$(who daily 'day 6 of 7')" \
    "anna eddie lars lena nina uma"
expect_match "day 6: Eddie leaves today" "$(got daily nina)" \
    "^  - Eddie Early, today$"

# Day 7, Thursday 14 January, the last day.
day 14
expect_eq "day 7: the daily mail" "$(who daily 'day 7 of 7')" \
    "anna lars lena nina uma"
expect_eq "day 7: the summary's request to those there" \
    "$(who summary '')" "anna eddie lars lena nina uma"
SPRINTD_NOW=2027-01-14T17:00:00Z
mail anna "Anna Example" "$(mid summary anna)" \
    "Done: the JIT's float bug, with Eddie\nNext: release 7.4"
sprintd_once || it_fail "sprintd --once (Anna's summary)"
sprintctl plan $SLUG done 1 >/dev/null || it_fail "plan done 1"
# Once a day, never twice.
day 14
expect_eq "day 7: still one daily mail each" \
    "$(sql "SELECT count(*) FROM outbox WHERE kind = 'daily' AND
    subject LIKE '%day 7 of 7%'")" 5
expect_eq "every mail of the week went out" "$(sql "SELECT count(*) FROM
    outbox WHERE kind IN ('daily', 'catchup', 'summary', 'planned') AND
    status != 'sent'")" 0

out=$(sprintctl report $SLUG)
expect_match "report: the DONE task" "$out" \
    "^- JIT: the float bug (Anna Example) DONE$"
expect_match "report: Eddie's answer by name" "$out" \
    "^- Eddie Early: fixed the float bug in the JIT$"
expect_match "report: Anna's answer" "$out" \
    "^- Anna Example: the JIT's float bug, with Eddie$"
expect_match "report: until the next sprint" \
    "$(printf '%s\n' "$out" | sed -n '/^Until the next sprint/,/^Who came/p')" \
    "^- Eddie Early: the GC port needs a write barrier$"
