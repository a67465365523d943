#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# invite.sh -- import-people and invite against a real Dovecot and a real
# SMTP server: a people.txt imported into an earlier sprint, its people
# given addresses by their own registration mails; after the announcement
# of the next sprint, one invitation to exactly the past attendees who are
# not registered (a second run sends nothing); "Invite: no" opts out for
# good with one confirmation, and is never a registration; an opted-out
# person gets nothing for a later sprint.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start
work=$HARNESS_DIR/invite
mkdir -p "$work"

sprint_file() {	# slug name start end
	cat > "$work/$1.yaml" <<EOS
slug: $1
name: $2
start: $3
end: $4
timezone: Europe/Zurich
capacity: 20
location: Leysin, Switzerland
goals: [the JIT]
announce_to: [pypy-sprint@example.org]
organizers: [{name: Armin Rigo, email: organizer@example.org}]
EOS
	sprintctl sprint add "$work/$1.yaml" >/dev/null ||
	    it_fail "sprintctl sprint add $1"
}
mail() {	# file from-name from-addr subject body [in-reply-to]
	{
		printf 'From: %s <%s>\nTo: pypy-sprint@example.org\n' "$2" "$3"
		printf 'Subject: %s\nMessage-ID: <%s@example.org>\n' "$4" \
		    "$(basename "$1" .eml)"
		[ -n "${6:-}" ] && printf 'In-Reply-To: %s\n' "$6"
		printf 'Date: Mon, 1 Feb 2027 10:00:00 +0100\n'
		printf 'MIME-Version: 1.0\nContent-Type: text/plain\n\n%s\n' "$5"
	} > "$work/$1"
	deliver "$work/$1"
}
kind_count() {	# outbox kind [recipient]
	sql "SELECT count(*) FROM outbox WHERE kind = '$1'
	    ${2:+AND recipient = '$2'}"
}

# An earlier sprint, and the people.txt of it (one row that cannot be read,
# two tables, one person present at sprints before it).
SPRINTD_NOW=2026-02-20T10:00:00Z
export SPRINTD_NOW
sprint_file old-2026 "PyPy Old Sprint 2026" 2026-03-02 2026-03-06
cat > "$work/people.txt" <<'EOP'
People coming to the Old sprint
===============================

==================== ============== =====================
    Name              Arrive/Depart     Accomodation
==================== ============== =====================
Anna Example         2/3 - 6/3      Ermina
Bob Example          1st-6th        Ermina
Carl Example         2/3 - 6/3      private
Zed Example          one day maybe  ?
==================== ============== =====================

People on the following list were present at previous sprints:

==================== ============== =====================
       Name          Arrive/Depart  Accomodation
==================== ============== =====================
Dora Example         ?              ?
Finn Example         ?              ?
==================== ============== =====================
EOP
err=$(sprintctl import-people old-2026 "$work/people.txt" 2>&1 >/dev/null)
expect_eq "import exits 1 when a row was skipped" "$?" 1
expect_match "the skipped row is named with its line" "$err" \
    "people.txt:10: Zed Example"
sprintctl import-people old-2026 "$work/people.txt" >/dev/null 2>&1
expect_eq "importing twice does not duplicate" "$(sql "SELECT count(*)
    FROM registrations")" 3
expect_eq "past attendees recorded" "$(sql "SELECT count(*) FROM
    past_attendees")" 5

# Anna, Bob and Dora write (for the old sprint): their names give them
# addresses. Eve registers by mail only.
body() { printf 'Name: %s\nArrive: 2026-03-02\nDepart: 2026-03-06\n' "$1"; }
mail r-anna.eml "Anna Example" anna@example.org \
    "Re: PyPy Old Sprint 2026" "$(body 'Anna Example')"
mail r-bob.eml "Bob Example" bob@example.org \
    "Re: PyPy Old Sprint 2026" "$(body 'Bob Example')"
mail r-dora.eml "Dora Example" dora@example.org \
    "Re: PyPy Old Sprint 2026" "$(body 'Dora Example')"
mail r-eve.eml "Eve Example" eve@example.org \
    "Re: PyPy Old Sprint 2026" "$(body 'Eve Example')"
sprintd_once || it_fail "sprintd --once (old registrations)"
expect_eq "names claimed, no duplicate people" "$(sql "SELECT count(*)
    FROM people WHERE name IN ('Anna Example', 'Bob Example',
    'Dora Example')")" 3
expect_eq "Anna's imported registration is hers" "$(sql "SELECT p.email
    FROM registrations r JOIN people p ON p.id = r.person_id
    WHERE r.name = 'Anna Example'")" anna@example.org

# The next sprint; Carl (imported, no address until now) registers for it.
SPRINTD_NOW=2026-12-20T10:00:00Z
sprint_file next-2027 "PyPy Next Sprint 2027" 2027-02-08 2027-02-12
mail r-carl.eml "Carl Example" carl@example.org \
    "Re: PyPy Next Sprint 2027" \
    "$(printf 'Name: Carl Example\nArrive: 2027-02-08\nDepart: 2027-02-12')"
sprintd_once || it_fail "sprintd --once (Carl)"

sprintctl invite next-2027 >/dev/null 2>&1
expect_eq "invite before the announcement: exit 2" "$?" 2
sprintctl announce next-2027 --at "2026-12-21 09:00" --force >/dev/null ||
    it_fail "sprintctl announce"
SPRINTD_NOW=2026-12-21T10:00:00Z
sprintd_once || it_fail "sprintd --once (announcement)"
expect_eq "announcement sent" "$(sql "SELECT status FROM outbox WHERE
    kind = 'announce'")" sent

prev=$(sprintctl invite next-2027 --preview)
expect_eq "preview exits 0" "$?" 0
expect_match "preview lists Anna" "$prev" "^Anna Example <anna@example.org>"
expect_match "preview shows a rendered invitation" "$prev" \
    "^Subject: Come to PyPy Next Sprint 2027"
expect_match "the invitation says when they came" "$prev" \
    "you came to PyPy Old Sprint 2026 in March 2026"
expect_eq "preview queues nothing" "$(kind_count invite)" 0

out=$(sprintctl invite next-2027)
expect_match "invite asks sprintd for four" "$out" "^4 invitations requested"
expect_eq "sprintctl queues none itself" "$(kind_count invite)" 0
# Asked twice before sprintd runs: still one invitation each.
sprintctl invite next-2027 >/dev/null || it_fail "invite again"
sprintd_once || it_fail "sprintd --once (invitations)"
for a in anna bob dora eve; do
	expect_eq "one invitation to $a" "$(sql "SELECT count(*) FROM outbox
	    WHERE kind = 'invite' AND status = 'sent' AND
	    recipient = '$a@example.org'")" 1
done
expect_eq "none to Carl (registered)" "$(kind_count invite \
    carl@example.org)" 0
smtp_invites() {	# invitations the SMTP server accepted for ADDR
	n=0
	for f in $(grep -l "^Subject: Come to PyPy Next Sprint 2027" \
	    "$HARNESS_SENT"/*.eml 2>/dev/null); do
		grep -q -i "^RCPT TO:<$1>" "${f%.eml}.env" && n=$((n + 1))
	done
	echo $n
}
expect_eq "the SMTP server got Dora's invitation once" \
    "$(smtp_invites dora@example.org)" 1
out=$(sprintctl invite next-2027)
expect_match "second run asks for none" "$out" "^0 invitations for"
sprintd_once
expect_eq "still four invitations" "$(kind_count invite)" 4
expect_eq "and the SMTP server got no second one" \
    "$(smtp_invites dora@example.org)" 1

# Bob opts out, answering the invitation; then says it again.
inv=$(sql "SELECT message_id FROM outbox WHERE kind = 'invite' AND
    recipient = 'bob@example.org'")
mail o-bob.eml "Bob Example" bob@example.org \
    "Re: Come to PyPy Next Sprint 2027" \
    "$(printf 'Invite: no\nName: Bob Example\nArrive: 2027-02-08')" "$inv"
sprintd_once || it_fail "sprintd --once (opt-out)"
mail o-bob2.eml "Bob Example" bob@example.org "unsubscribe" "please"
sprintd_once || it_fail "sprintd --once (second opt-out)"
expect_eq "opt-out recorded" "$(sql "SELECT count(*) FROM invite_optouts
    WHERE email = 'bob@example.org'")" 1
expect_eq "one confirmation of the opt-out" "$(sql "SELECT count(*) FROM
    outbox WHERE kind = 'optout' AND status = 'sent' AND
    recipient = 'bob@example.org'")" 1
expect_eq "the opt-out is no registration" "$(sql "SELECT count(*) FROM
    registrations r JOIN sprints s ON s.id = r.sprint_id JOIN people p ON
    p.id = r.person_id WHERE s.slug = 'next-2027' AND
    p.email = 'bob@example.org'")" 0
expect_eq "read as unrelated" "$(sql "SELECT kind FROM messages WHERE
    message_id = '<o-bob@example.org>'")" unrelated

# A later sprint: everyone but Bob (and those registered) is invited again.
sprint_file later-2027 "PyPy Later Sprint 2027" 2027-06-07 2027-06-11
sprintctl announce later-2027 --at "2026-12-22 09:00" --force >/dev/null ||
    it_fail "sprintctl announce later"
SPRINTD_NOW=2026-12-22T10:00:00Z
sprintd_once || it_fail "sprintd --once (later announcement)"
sprintctl invite later-2027 >/dev/null || it_fail "invite later-2027"
sprintd_once
expect_eq "Bob gets nothing later" "$(sql "SELECT count(*) FROM outbox o
    JOIN sprints s ON s.id = o.sprint_id WHERE s.slug = 'later-2027' AND
    o.kind = 'invite' AND o.recipient = 'bob@example.org'")" 0
expect_eq "the others are invited to the later one" "$(sql "SELECT
    group_concat(recipient, ' ') FROM (SELECT o.recipient FROM outbox o
    JOIN sprints s ON s.id = o.sprint_id WHERE s.slug = 'later-2027' AND
    o.kind = 'invite' ORDER BY o.recipient)")" \
    "anna@example.org carl@example.org dora@example.org eve@example.org"
