#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# organizer.sh -- the organizer's side against the real servers, stepping
# a sprint through its life with SPRINTD_NOW: the daily digest goes out
# once at digest_hour (08:00 in Zurich, 07:00 UTC in January), only on
# days with changes, with per-day and per-night counts checked against a
# hand-counted case (a local person on days but not nights, the break
# day, an unknown departure, an early leaver); the nudge reaches exactly
# the people with a "?"; corrections change what `people` shows, and with
# --notify send one mail.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

ORG=organizer@example.org
at() {	# one cycle at the given UTC time
	SPRINTD_NOW=$1 sprintd_once
}
reg_mail() {	# reg_mail LOCALPART NAME BODY: a registration by mail
	f=$HARNESS_DIR/$1.eml
	printf 'From: %s <%s@example.org>\nTo: %s\nSubject: Re: PyPy Leysin Winter Sprint 2027\nMessage-ID: <%s-reg@example.org>\nDate: Sun, 20 Dec 2026 11:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n%b\n' \
	    "$2" "$1" "$HARNESS_LIST_ADDRESS" "$1" "$3" > "$f"
	deliver "$f"
}
digest_count() {
	sent_to "$ORG"
}

SPRINTD_NOW=2026-12-20T08:00:00Z sprintctl sprint add "$(eml sprint.yaml)" \
    >/dev/null || it_fail "sprint add"
SPRINTD_NOW=2026-12-20T08:00:00Z sprintctl announce leysin-2027 \
    --at "2026-12-20 10:00" >/dev/null || it_fail "announce"
at 2026-12-20T09:00:00Z || it_fail "sprintd at the announcement"
expect_eq "announcement sent" "$(sent_to "$HARNESS_LIST_ADDRESS")" 1
expect_eq "no digest while nothing has happened" "$(digest_count)" 0

reg_mail anna "Anna Example" "Name: Anna Example\nArrive/Depart: 7-14\nAccommodation: Ermina\nFirst sprint: no"
reg_mail ben "Ben Late" "Name: Ben Late\nArrive: 9\nDepart: ?\nAccommodation: Hotel\nFirst sprint: yes"
reg_mail carla "Carla Local" "Name: Carla Local\nArrive/Depart: lives there\nFirst sprint: no"
reg_mail dan "Dan Early" "Name: Dan Early\nArrive/Depart: 7-12\nAccommodation: Ermina\nFunding: yes"
at 2026-12-20T12:00:00Z || it_fail "sprintd after the registrations"
expect_eq "four registered" "$(sql "SELECT count(*) FROM registrations
    WHERE status = 'registered'")" 4
expect_eq "no digest on a day already considered" "$(digest_count)" 0

at 2026-12-21T06:59:00Z
expect_eq "no digest before digest_hour" "$(digest_count)" 0
at 2026-12-21T07:00:00Z
expect_eq "the digest at digest_hour" "$(digest_count)" 1
d=$(sent_last_to "$ORG" | tr -d '\r')
expect_match "digest subject" "$d" "^Subject: PyPy Leysin Winter Sprint 2027: digest of"
expect_match "digest: new registrations" "$d" "Ben Late <ben@example.org>: Sat 9 Jan to ?, Hotel"
# Hand-counted: Anna 7-14 Ermina, Dan 7-12 Ermina, Ben 9-? Hotel (to the
# last day until he says), Carla local (days of the sprint, no nights).
expect_match "digest: Thu 7 Jan" "$d" \
    "Thu 7 Jan: 2 there, 2 sleep there (Ermina 2), outside the sprint"
expect_match "digest: Fri 8 Jan, Carla by day only" "$d" \
    "Fri 8 Jan: 3 there, 2 sleep there (Ermina 2)$"
expect_match "digest: the break day" "$d" \
    'Mon 11 Jan: 4 there (1 with a "?" date), 3 sleep there (Ermina 2, Hotel 1), break day'
expect_match "digest: Dan leaves on the 12th" "$d" \
    'Tue 12 Jan: 4 there (1 with a "?" date), 2 sleep there (Ermina 1, Hotel 1)$'
expect_match "digest: the last day, nobody sleeps" "$d" \
    'Thu 14 Jan: 3 there (1 with a "?" date), 0 sleep there$'
expect_match "digest: funding" "$d" "Dan Early <dan@example.org>"
expect_match "digest: late newcomer" "$d" "Ben Late, arrives Sat 9 Jan"
expect_match "digest: early leaver" "$d" "Dan Early, leaves Tue 12 Jan"
at 2026-12-21T09:00:00Z
expect_eq "one digest a day" "$(digest_count)" 1
at 2026-12-22T07:00:00Z
expect_eq "no digest on a day without changes" "$(digest_count)" 1

# A correction: recorded as the organizer's, shown by people, in the next
# digest; without --notify nobody is written to.
SPRINTD_NOW=2026-12-22T10:00:00Z sprintctl person leysin-2027 \
    dan@example.org set depart=13th >/dev/null || it_fail "person set"
expect_match "people shows the correction" \
    "$(sprintctl people leysin-2027)" "Dan Early *7/1 - 13/1"
expect_eq "the history says who" "$(sql "SELECT changed_by FROM
    registration_history ORDER BY id DESC LIMIT 1")" organizer
at 2026-12-22T12:00:00Z
expect_eq "no mail to Dan without --notify" "$(sent_to dan@example.org)" 1
at 2026-12-23T07:00:00Z
expect_eq "a digest on the day after a change" "$(digest_count)" 2
expect_match "digest: the change" "$(sent_last_to "$ORG" | tr -d '\r')" \
    "Dan Early <dan@example.org>: now Thu 7 Jan to Wed 13 Jan, Ermina"

# --notify: one confirmation with the corrected record.
SPRINTD_NOW=2026-12-23T10:00:00Z sprintctl person leysin-2027 \
    anna@example.org set diet=vegan --notify >/dev/null ||
    it_fail "person set --notify"
at 2026-12-23T10:05:00Z
expect_eq "--notify sends one mail" "$(sent_to anna@example.org)" 2
expect_match "the notified mail has the correction" \
    "$(sent_last_to anna@example.org)" "Diet: vegan"
SPRINTD_NOW=2026-12-23T11:00:00Z sprintctl person leysin-2027 \
    erik@example.org add "Erik New" dates=8-14 accommodation=Ermina --notify >/dev/null ||
    it_fail "person add"
at 2026-12-23T11:05:00Z
expect_eq "an added person is told" "$(sent_to erik@example.org)" 1
expect_match "people shows the added person" \
    "$(sprintctl people leysin-2027)" "Erik New"

# The nudge, ten days before the start at 09:00 local: only Ben has a "?"
# (Carla lives there and needs no room).
at 2026-12-29T07:59:00Z
expect_eq "no nudge before its time" "$(sql "SELECT count(*) FROM outbox
    WHERE kind = 'nudge'")" 0
at 2026-12-29T08:00:00Z
expect_eq "the nudge goes to exactly those with a ?" "$(sql "SELECT
    group_concat(recipient) FROM outbox WHERE kind = 'nudge'")" \
    ben@example.org
expect_match "the nudge asks for the block" \
    "$(sent_last_to ben@example.org)" "^Depart: ?"
at 2026-12-30T08:00:00Z
expect_eq "one nudge only" "$(sql "SELECT count(*) FROM outbox WHERE
    kind = 'nudge'")" 1

# cancel --notify: the cancellation mail; promote needs a waiting list.
SPRINTD_NOW=2026-12-30T09:00:00Z sprintctl person leysin-2027 \
    dan@example.org cancel --notify >/dev/null || it_fail "person cancel"
at 2026-12-30T09:05:00Z
expect_eq "cancel --notify: one mail" "$(sql "SELECT count(*) FROM outbox
    WHERE kind = 'cancel' AND recipient = 'dan@example.org'")" 1
expect_eq "cancelled" "$(sql "SELECT r.status FROM registrations r JOIN
    people p ON p.id = r.person_id WHERE p.email = 'dan@example.org'")" \
    cancelled
SPRINTD_NOW=2026-12-30T09:00:00Z sprintctl person leysin-2027 \
    anna@example.org promote >/dev/null 2>&1
expect_eq "promote refuses someone not waiting" $? 2
SPRINTD_NOW=2026-12-30T09:00:00Z sprintctl person leysin-2027 \
    anna@example.org set colour=blue >/dev/null 2>&1
expect_eq "an unknown field is refused" $? 2
