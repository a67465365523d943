#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# fields.sh -- a sprint's own registration fields against a real Dovecot
# and a real SMTP server: a T-shirt size (with values) and a free "Laptop
# OS" are asked in the announcement, read from registrations with the
# form's rules (a value outside the choices and a misspelled key are
# answered naming the field), echoed in the confirmation, shown in
# sprintctl people csv and json but not in the public people.txt, and
# changed by a reply and by sprintctl person set.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start
work=$HARNESS_DIR/fields
mkdir -p "$work"

mail() {	# file from-name from-addr subject body [in-reply-to]
	{
		printf 'From: %s <%s>\nTo: pypy-sprint@example.org\n' "$2" "$3"
		printf 'Subject: %s\nMessage-ID: <%s@example.org>\n' "$4" \
		    "$(basename "$1" .eml)"
		[ -n "${6:-}" ] && printf 'In-Reply-To: %s\n' "$6"
		printf 'Date: Mon, 21 Dec 2026 10:00:00 +0100\n'
		printf 'MIME-Version: 1.0\nContent-Type: text/plain\n\n%s\n' "$5"
	} > "$work/$1"
	deliver "$work/$1"
}

SPRINTD_NOW=$IT_ADDED
export SPRINTD_NOW
cat > "$work/sprint.yaml" <<'EOF'
slug: fields-2027
name: Example Sprint 2027
start: 2027-01-08
end: 2027-01-14
timezone: Europe/Zurich
capacity: 20
location: Leysin, Switzerland
announce_to: [pypy-dev@example.org]
organizers: [{name: Armin Rigo, email: organizer@example.org}]
fields:
  - {id: tshirt, label: "T-shirt", values: [S, M, L, XL]}
  - {id: laptop, label: "Laptop OS"}
EOF
sprintctl sprint add "$work/sprint.yaml" >/dev/null ||
    it_fail "sprint add with fields"
sprintctl announce fields-2027 --at "2026-12-20 09:00" >/dev/null ||
    it_fail "announce"
SPRINTD_NOW=2026-12-20T09:00:00Z
sprintd_once || it_fail "sprintd --once (announcement)"
ann=$(sent_last_to pypy-dev@example.org | tr -d '\r')
expect_match "the announcement asks the T-shirt" "$ann" "^T-shirt:$"
expect_match "and the laptop, after the built-in fields" \
    "$(printf '%s\n' "$ann" | sed -n '/^Diet:/,/^Laptop OS:/p')" \
    "^Laptop OS:$"
expect_match "it lists the choices" "$ann" \
    "^T-shirt is one of: S, M, L, XL\.$"

SPRINTD_NOW=2026-12-21T10:00:00Z
reg() { printf 'Name: %s\nArrive: 2027-01-07\nDepart: 2027-01-14\n%s' \
    "$1" "$2"; }
subj="Re: Example Sprint 2027"
mail r-anna.eml "Anna Example" anna@example.org "$subj" \
    "$(reg 'Anna Example' "$(printf 'T-shirt: l\nLaptop OS: Debian 12')")"
mail r-bob.eml "Bob Example" bob@example.org "$subj" \
    "$(reg 'Bob Example' 'T-shirt: XXL')"
mail r-carl.eml "Carl Example" carl@example.org "$subj" \
    "$(reg 'Carl Example' 'T-shrt: M')"
sprintd_once || it_fail "sprintd --once (registrations)"
conf=$(sent_last_to anna@example.org | tr -d '\r')
expect_match "the confirmation echoes the size as the file spells it" \
    "$conf" "^T-shirt: L$"
expect_match "and the laptop" "$conf" "^Laptop OS: Debian 12$"
bob=$(sent_last_to bob@example.org | tr -d '\r')
expect_match "a value outside the choices names the field and them" \
    "$bob" 'T-shirt: "XXL" is not one of the choices; expected one of S, M, L, XL'
carl=$(sent_last_to carl@example.org | tr -d '\r')
expect_match "a misspelled key: did you mean" "$carl" \
    'unknown field "T-shrt": did you mean "T-shirt"?'
expect_eq "only Anna is registered" "$(sql "SELECT count(*) FROM
    registrations")" 1

csv=$(sprintctl people fields-2027 --format csv | tr -d '\r')
expect_match "csv: the fields' columns, after topics" "$csv" \
    "^name,email,status,arrive,depart,local,accommodation,newcomer,funding,diet,tentative,topics,tshirt,laptop$"
expect_match "csv: Anna's values" "$csv" "^Anna Example,.*,L,Debian 12$"
json=$(sprintctl people fields-2027 --format json | "$HARNESS_PYTHON" -c \
    'import json, sys
print(json.load(sys.stdin)["people"][0]["fields"])')
expect_eq "json: the fields" "$json" \
    "{'tshirt': 'L', 'laptop': 'Debian 12'}"
pub=$(sprintctl people fields-2027 --format public)
case $pub in
*Debian*|*T-shirt*|*tshirt*) it_fail "the public people.txt shows a field" ;;
*Anna*) it_ok "the public people.txt shows Anna, not her fields" ;;
*) it_fail "the public people.txt: no Anna" ;;
esac

# Changed by a reply to the confirmation, then by the organizer.
mid=$(sql "SELECT message_id FROM outbox WHERE kind = 'confirm' AND
    recipient = 'anna@example.org'")
mail r-anna2.eml "Anna Example" anna@example.org "Re: $subj" \
    "T-shirt: M" "$mid"
sprintd_once || it_fail "sprintd --once (change)"
expect_eq "the reply changed the size" "$(sql "SELECT value FROM
    registration_fields WHERE field = 'tshirt'")" M
expect_match "the new confirmation says so" \
    "$(sent_last_to anna@example.org | tr -d '\r')" "^T-shirt: M$"
err=$(sprintctl person fields-2027 anna@example.org set tshirt=XXXL 2>&1)
expect_eq "person set: a value outside the choices is refused" "$?" 2
expect_match "naming the field and the choices" "$err" \
    'T-shirt: "XXXL" is not one of the choices; expected one of S, M, L, XL'
sprintctl person fields-2027 anna@example.org set tshirt=xl \
    "laptop=Fedora 41" >/dev/null || it_fail "person set tshirt=xl"
expect_eq "person set stored both" "$(sql "SELECT group_concat(value, '/')
    FROM (SELECT value FROM registration_fields ORDER BY field)")" \
    "Fedora 41/XL"
