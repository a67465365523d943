#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# proof.sh -- a From line proves nothing, against a real Dovecot and SMTP
# server. Each forged case beside its positive control: a forged change,
# cancel, opt-out and evaluation answer are not applied and the owner gets
# one request, whose reply applies it; a reply to the person's own mail
# and a trusted dmarc=pass apply at once, an untrusted authserv-id does
# not; strangers' and cancelled people's answers are not counted; a flood
# of 150 first registrations sends at most first_contact_per_hour in an
# hour and queues the rest; plus tags share one cap; mail written and
# received before the sprint was added, and a thread about another
# sprint, are never answered.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW
SPRINTD_NOW=$IT_ADDED sprintctl sprint add "$(eml sprint.yaml)" >/dev/null ||
    it_fail "sprintctl sprint add"

MAILS=$HARNESS_DIR/proof-mail
mkdir -p "$MAILS"
n=0
# mail AUTH FROM SUBJECT IN_REPLY_TO BODY: one message from FROM
# ("Name <addr>"), stamped by the receiving server as AUTH says (pass,
# fail, none), answering IN_REPLY_TO when given; delivered.
mail() {
	n=$((n + 1))
	f=$MAILS/$n.eml
	{
		printf 'From: %s\n' "$2"
		printf 'To: %s\n' "$HARNESS_LIST_ADDRESS"
		printf 'Subject: %s\n' "$3"
		printf 'Date: Mon, 21 Dec 2026 11:00:00 +0000\n'
		printf 'Message-ID: <proof-%d@example.org>\n' "$n"
		[ -n "$4" ] && printf 'In-Reply-To: %s\nReferences: %s\n' "$4" "$4"
		printf 'MIME-Version: 1.0\n'
		printf 'Content-Type: text/plain; charset=utf-8\n\n'
		printf '%b\n' "$5"
	} > "$f"
	HARNESS_AUTH=$1 deliver "$f"
}
# The Message-ID of the last mail sprintd sent to ADDR (of KIND's subject).
last_mid() {
	sent_last_to "$1" | tr -d '\r' | sed -n 's/^Message-ID: //p' | head -n 1
}
reg() {
	sql "SELECT r.status || ' ' || coalesce(r.depart, '?') FROM
	    registrations r JOIN people p ON p.id = r.person_id
	    WHERE p.email = '$1'"
}
S="Re: PyPy Leysin Winter Sprint 2027"
FORM='Name: %s\nArrive: 7/1\nDepart: 14/1\nAccommodation: Ermina\nNotes: Pay 50 EUR to IBAN XX00 first'

# A first registration needs no proof; its confirmation echoes no notes
# and says how to undo it.
mail none "Anna Example <anna@example.org>" "$S" "" "$(printf "$FORM" Anna)"
mail pass "Bob Example <bob@example.org>" "$S" "" "$(printf "$FORM" Bob)"
mail pass "Carla Example <carla@example.org>" "$S" "" "$(printf "$FORM" Carla)"
sprintd_once || it_fail "sprintd --once (registrations)"
expect_eq "three registered" "$(reg anna@example.org) $(reg bob@example.org) \
$(reg carla@example.org)" \
    "registered 2027-01-14 registered 2027-01-14 registered 2027-01-14"
c=$(sent_last_to anna@example.org)
expect_match "first confirmation says how to undo" "$c" \
    "someone used your address"
expect_eq "first confirmation echoes no notes" \
    "$(printf '%s' "$c" | grep -c 'IBAN')" 0

# A forged change: held; Anna is asked once; her reply applies it.
before=$(sent_to anna@example.org)
mail none "Anna Example <anna@example.org>" "$S" "" "Depart: 12/1"
sprintd_once
expect_eq "forged change not applied" "$(reg anna@example.org)" \
    "registered 2027-01-14"
expect_eq "one request to Anna" $(( $(sent_to anna@example.org) - before )) 1
r=$(sent_last_to anna@example.org)
expect_match "the request says what would change" "$r" "Depart: 2027-01-12"
expect_match "the request asks for a reply" "$r" "reply to this mail"
mail none "Anna Example <anna@example.org>" "Re: Please confirm" \
    "$(last_mid anna@example.org)" "yes, that was me"
sprintd_once
expect_eq "the confirmed change applies" "$(reg anna@example.org)" \
    "registered 2027-01-12"

# A reply to the person's own mail applies at once.
mail none "Carla Example <carla@example.org>" "$S" \
    "$(last_mid carla@example.org)" "Depart: 13/1"
sprintd_once
expect_eq "reply to her own confirmation applies" \
    "$(reg carla@example.org)" "registered 2027-01-13"
# The trusted dmarc=pass applies at once; another authserv-id does not.
mail pass "Carla Example <carla@example.org>" "$S" "" "Depart: 11/1"
sprintd_once
expect_eq "trusted dmarc=pass applies" "$(reg carla@example.org)" \
    "registered 2027-01-11"
HARNESS_AUTHSERV=mx.elsewhere.example.net \
    mail pass "Carla Example <carla@example.org>" "$S" "" "Depart: 10/1"
sprintd_once
expect_eq "untrusted authserv-id proves nothing" "$(reg carla@example.org)" \
    "registered 2027-01-11"
mail fail "Carla Example <carla@example.org>" "$S" "" "Depart: 9/1"
sprintd_once
expect_eq "dmarc=fail proves nothing" "$(reg carla@example.org)" \
    "registered 2027-01-11"

# A forged cancel: Bob keeps his place; the request's reply cancels.
mail none "Bob Example <bob@example.org>" "$S" "" "Cancel: yes"
sprintd_once
expect_eq "forged cancel not applied" "$(reg bob@example.org)" \
    "registered 2027-01-14"
expect_match "Bob is asked" "$(sent_last_to bob@example.org)" \
    "asked to cancel your registration"
mail none "Bob Example <bob@example.org>" "Re: Please confirm" \
    "$(last_mid bob@example.org)" "yes"
sprintd_once
expect_eq "the confirmed cancel applies" "$(reg bob@example.org)" \
    "cancelled 2027-01-14"

# A forged opt-out is held; the owner's confirmation records it.
mail none "Carla Example <carla@example.org>" "$S" "" "Invite: no"
sprintd_once
expect_eq "forged opt-out not recorded" \
    "$(sql "SELECT count(*) FROM invite_optouts")" 0
mail none "Carla Example <carla@example.org>" "Re: Please confirm" \
    "$(last_mid carla@example.org)" "yes"
sprintd_once
expect_eq "confirmed opt-out recorded" \
    "$(sql "SELECT count(*) FROM invite_optouts")" 1

# message show tells the verdict.
show() {
	sprintctl message show "$(sql "SELECT id FROM messages WHERE
	    message_id = '<proof-$1@example.org>'")"
}
out=$(show 4)
expect_match "message show: confirmed by mail" "$out" \
    "^proved: yes, confirmed by mail"
out=$(show 7)
expect_match "message show: the trusted verdict" "$out" \
    "^Authentication-Results of $HARNESS_AUTHSERV: dmarc=pass"
expect_match "message show: proved by it" "$out" \
    "^proved: yes, by the trusted Authentication-Results"
out=$(show 8)
expect_match "message show: not proved" "$out" "^proved: no"
expect_match "message show: another authserv-id is none" "$out" \
    "^Authentication-Results of $HARNESS_AUTHSERV: none"

# The evaluation: the questionnaire goes to the registered (Anna,
# Carla); strangers, the cancelled Bob and a forged answer do not count.
SPRINTD_NOW=2027-01-15T08:30:00Z sprintd_once
expect_eq "questionnaires" "$(sql "SELECT count(*) FROM outbox WHERE
    kind = 'evaluate' AND status = 'sent'")" 2
SPRINTD_NOW=2027-01-16T10:00:00Z
Q="Re: How was PyPy Leysin Winter Sprint 2027?"
mail none "Eve <eve@example.org>" "$Q" "" "overall: 1\nvenue: 1"
mail pass "Bob Example <bob@example.org>" "$Q" "" "overall: 1\nvenue: 1"
mail none "Anna Example <anna@example.org>" "$Q" "" "overall: 1\nvenue: 1"
sprintd_once
expect_eq "no stranger, cancelled or forged answer counted" \
    "$(sql "SELECT count(*) FROM evaluation_respondents")" 0
expect_eq "stranger and cancelled stored as invalid" "$(sql "SELECT count(*)
    FROM messages WHERE kind = 'invalid' AND note LIKE '%questionnaire%'")" 2
expect_eq "no results to strangers" "$(sent_to eve@example.org)" 0
mail none "Carla Example <carla@example.org>" "$Q" \
    "$(sql "SELECT message_id FROM outbox WHERE kind = 'evaluate' AND
    recipient = 'carla@example.org'")" "overall: 5\nvenue: 4"
sprintd_once
expect_eq "a reply to her questionnaire counts" \
    "$(sql "SELECT count(*) FROM evaluation_respondents")" 1
mail none "Anna Example <anna@example.org>" "Re: Please confirm" \
    "$(last_mid anna@example.org)" "yes"
sprintd_once
expect_eq "the confirmed answer counts, once" \
    "$(sql "SELECT count(*) FROM evaluation_respondents")" 2

# A flood of 150 first registrations from addresses that never wrote:
# at most first_contact_per_hour (30) confirmations in the hour, the rest
# wait and go an hour later; status says "unusual volume".
SPRINTD_NOW=2026-12-22T10:00:00Z
FLOOD=$HARNESS_DIR/flood
mkdir -p "$FLOOD"
i=0
while [ $i -lt 150 ]; do
	i=$((i + 1))
	printf 'From: Forged %d <f%d@example.net>\nTo: %s\nSubject: %s\nDate: Tue, 22 Dec 2026 10:00:00 +0000\nMessage-ID: <flood-%d@example.net>\n\nName: F%d\nArrive: 7/1\nDepart: 14/1\n' \
	    $i $i "$HARNESS_LIST_ADDRESS" "$S" $i $i > "$FLOOD/$(printf %05d $i).eml"
done
sent0=$(harness_sent_count)
HARNESS_AUTH=none deliver_dir "$FLOOD"
sprintd_once
expect_eq "at most 30 first confirmations in the hour" \
    $(( $(harness_sent_count) - sent0 )) 30
expect_eq "the rest wait" \
    "$(sql "SELECT count(*) FROM first_contact_waiting")" 120
out=$(sprintctl status 2>&1)
expect_eq "status exits 1" $? 1
expect_match "status: unusual volume" "$out" "unusual volume"
SPRINTD_NOW=2026-12-22T11:00:30Z sprintd_once
expect_eq "an hour later 30 more" $(( $(harness_sent_count) - sent0 )) 60
expect_eq "in arrival order" "$(sql "SELECT count(*) || ' ' ||
    max(CAST(substr(p.email, 2, instr(p.email, '@') - 2) AS INTEGER)) FROM
    registrations r JOIN people p ON p.id = r.person_id WHERE p.email LIKE
    'f%@example.net'")" "60 60"

# Plus tags share one cap (replies_per_day, 10): twelve questions from
# dave+N@ get at most ten answers in all.
SPRINTD_NOW=2026-12-23T10:00:00Z
sent0=$(harness_sent_count)
i=0
while [ $i -lt 12 ]; do
	i=$((i + 1))
	mail pass "Dave <dave+$i@example.org>" "$S" "" "Arrive: soonish\nDepart: later"
done
sprintd_once
expect_eq "plus tags share the cap" "$(grep -l -i '^RCPT TO:<dave+' \
    "$HARNESS_SENT"/*.env | wc -l | tr -d ' ')" 10

# Old list history and another sprint's thread are never answered.
SPRINTD_NOW=2026-12-24T10:00:00Z sprintd_once	# the flood's last
sent0=$(harness_sent_count)
OLD=$HARNESS_DIR/old
mkdir -p "$OLD"
printf 'From: Old Timer <old@example.org>\nTo: %s\nSubject: Re: PyPy sprint\nDate: Mon, 14 Jan 2019 10:00:00 +0100\nMessage-ID: <old-2019@example.org>\n\nArrive: 14th\nDepart: 16th\n' \
    "$HARNESS_LIST_ADDRESS" > "$OLD/1.eml"
SPRINTD_NOW=2019-01-14T09:00:00Z drop_dir "$OLD"
mail pass "Gina <gina@example.org>" "Re: Leysin Winter Sprint 2026" "" \
    "$(printf "$FORM" Gina)"
sprintd_once
expect_eq "old mail and another sprint's thread: unrelated" "$(sql "SELECT
    group_concat(kind) FROM messages WHERE message_id IN
    ('<old-2019@example.org>', '<proof-$n@example.org>')")" \
    "unrelated,unrelated"
expect_eq "neither is answered" $(( $(harness_sent_count) - sent0 )) 0

# Only the daemon composes mail: a row a member of the group writes into
# the outbox is refused and never reaches the server; status says so.
sent0=$(harness_sent_count)
sql "INSERT INTO outbox (message_id, kind, recipient, subject,
    next_attempt, created_at) VALUES ('<forged@example.org>', 'confirm',
    'victim@example.org', 'Pay', '2026-12-24T00:00:00Z',
    '2026-12-24T00:00:00Z');
    INSERT INTO outbox_bodies (id, data) VALUES (last_insert_rowid(),
    CAST('To: victim@example.org' || char(13, 10, 13, 10) || 'Pay 50 EUR'
    AS BLOB))" >/dev/null
SPRINTD_NOW=2026-12-24T11:00:00Z sprintd_once
expect_eq "a forged outbox row is never sent" \
    $(( $(harness_sent_count) - sent0 )) 0
expect_eq "it is refused" "$(sql "SELECT status || ' ' || refused FROM
    outbox WHERE message_id = '<forged@example.org>'")" "failed 1"
out=$(SPRINTD_NOW=2026-12-24T11:00:00Z sprintctl status)
expect_eq "status: exit 1" $? 1
expect_match "status names it" "$out" "1 mail in the outbox refused"

it_ok "done"
