#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# evaluation.sh -- the evaluation against a real Dovecot and SMTP server:
# the questionnaire's replies go to sprintd's own address; with 2 answers
# only the count is shown; with 3 the results appear and no answerer's
# name or address is in any output or mail; a second answer replaces the
# first; an answer through the list is stored and its author told
# privately; the reminder goes only to those who have not answered; at
# the close the organizer gets one summary and the link is destroyed.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

# sprintd gets an address of its own, apart from the list.
IT_CONFIG=$HARNESS_DIR/evaluation.yaml
sed -e "s|^from: .*|from: \"PyPy sprints <sprints@$HARNESS_DOMAIN>\"|" \
    -e 's|^log_level: .*|log_level: info|' "$HARNESS_CONFIG" > "$IT_CONFIG"
chmod 600 "$IT_CONFIG"
export IT_CONFIG

# sprintd -n warns when from is the list address, and not otherwise.
out=$("$BUILDDIR/sprintd" -n -c "$HARNESS_CONFIG" 2>&1)
expect_match "-n warns about from = list" "$out" "from is the list address"
out=$("$BUILDDIR/sprintd" -n -c "$IT_CONFIG" 2>&1)
expect_eq "-n quiet with an own address" \
    "$(printf '%s\n' "$out" | grep -c 'list address')" 0

SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW
SPRINTD_NOW=$IT_ADDED sprintctl sprint add "$(eml sprint.yaml)" >/dev/null ||
    it_fail "sprintctl sprint add"

MAILS=$HARNESS_DIR/eval-mail
mkdir -p "$MAILS"
n=0
# mail FROM_NAME FROM_ADDR MESSAGE_ID IN_REPLY_TO LIST BODY: one message,
# written and delivered; LIST=1 adds the list's headers.
mail() {
	n=$((n + 1))
	f=$MAILS/$n.eml
	{
		printf 'From: %s <%s>\n' "$1" "$2"
		if [ "$5" = 1 ]; then
			printf 'To: %s\n' "$HARNESS_LIST_ADDRESS"
			printf 'List-Id: PyPy sprint list <pypy-sprint.example.org>\n'
			printf 'Precedence: list\n'
		else
			printf 'To: sprints@%s\n' "$HARNESS_DOMAIN"
		fi
		printf 'Subject: Re: How was PyPy Leysin Winter Sprint 2027?\n'
		printf 'Date: Sat, 16 Jan 2027 10:00:00 +0100\n'
		printf 'Message-ID: %s\n' "$3"
		[ -n "$4" ] && printf 'In-Reply-To: %s\nReferences: %s\n' "$4" "$4"
		printf 'MIME-Version: 1.0\n'
		printf 'Content-Type: text/plain; charset=utf-8\n\n'
		printf '%b\n' "$6"
	} > "$f"
	deliver "$f"
}

# Four people register; Anna is there too, from the demo.
deliver "$(eml 01-anna.eml)"
for p in bob:Bob_Builder carla:Carla_Tester dave:Dave_Quiet; do
	a=${p%%:*}@$HARNESS_DOMAIN
	nm=$(echo "${p#*:}" | tr _ ' ')
	mail "$nm" "$a" "<reg-${p%%:*}@example.org>" "" 0 \
	    "Name: $nm\nArrive/Depart: 7/1 - 14/1\nAccommodation: Ermina\n"
done
sprintd_once || it_fail "sprintd --once (registrations)"
expect_eq "four registered" "$(sql "SELECT count(*) FROM registrations
    WHERE status = 'registered'")" 4

# After the sprint: the questionnaire, answered to sprintd's address.
SPRINTD_NOW=2027-01-15T08:30:00Z
sprintd_once || it_fail "sprintd --once (evaluate)"
expect_eq "questionnaire to each" "$(sql "SELECT count(*) FROM outbox
    WHERE kind = 'evaluate'")" 4
m=$(sent_last_to anna@example.org)
expect_match "Reply-To is sprintd's own address" "$m" \
    "^Reply-To: .*<sprints@example.org>"
expect_match "questionnaire says who sees what" "$m" \
    "not to the mailing list"
evmid() {
	sql "SELECT message_id FROM outbox WHERE kind = 'evaluate' AND
	    recipient = '$1@example.org'"
}

SPRINTD_NOW=2027-01-16T10:00:00Z
mail "Anna Example" anna@example.org "<ev-anna-1@example.org>" \
    "$(evmid anna)" 0 "overall: 1\nvenue: 2\nchange: Colder coffee, please"
mail "Bob Builder" bob@example.org "<ev-bob-1@example.org>" \
    "$(evmid bob)" 0 "overall: 4\nvenue: 4\nchange: More whiteboards"
sprintd_once || it_fail "sprintd --once (two answers)"
expect_eq "two respondents" "$(sql "SELECT count(*) FROM
    evaluation_respondents")" 2
expect_eq "2 answers: only the count" "$(sprintctl evaluation leysin-2027)" \
    "2 answers so far; results are shown from 3."
out=$(sprintctl evaluation leysin-2027 --format json)
expect_match "2 answers: json says not shown" "$out" '"shown": false'
expect_eq "2 answers: json has no answers" \
    "$(printf '%s' "$out" | grep -c -e whiteboards -e overall)" 0
out=$(sprintctl report leysin-2027)
expect_match "report: the count only" "$out" \
    "^2 answers so far; results are shown from 3.$"
expect_eq "report: no answer" "$(printf '%s' "$out" |
    grep -c whiteboards)" 0
expect_eq "raw evaluation mail blanked" "$(sql "SELECT count(*) FROM
    messages WHERE kind = 'evaluation' AND (length(raw) > 0 OR
    result LIKE '%whiteboards%')")" 0

# Anna answers again: it replaces her first answer.
mail "Anna Example" anna@example.org "<ev-anna-2@example.org>" \
    "$(evmid anna)" 0 "overall: 5\nchange: Warmer coffee, please"
# Carla answers through the list: stored, and she is told privately.
mail "Carla Tester" carla@example.org "<ev-carla-1@example.org>" \
    "$(evmid carla)" 1 "overall: 4\nvenue: 3\nchange: A quieter room"
sprintd_once || it_fail "sprintd --once (third answer)"
expect_eq "three respondents" "$(sql "SELECT count(*) FROM
    evaluation_respondents")" 3
expect_eq "Anna's first rating replaced" "$(sql "SELECT count(*) FROM
    evaluation_answers WHERE question_id = 'overall' AND rating = 1")" 0
expect_eq "Anna's first text replaced" "$(sql "SELECT count(*) FROM
    evaluation_answers WHERE answer LIKE 'Colder%'")" 0
expect_eq "Anna's venue kept" "$(sql "SELECT count(*) FROM
    evaluation_answers WHERE question_id = 'venue'")" 3
expect_eq "Carla told privately" "$(sql "SELECT count(*) FROM outbox
    WHERE kind = 'evaluation-list' AND recipient = 'carla@example.org'")" 1
expect_match "the note says everyone read it" \
    "$(sent_last_to carla@example.org)" "everyone on the list"
expect_eq "nothing written to the list" "$(sent_to "$HARNESS_LIST_ADDRESS")" 0

# No name or address of an answerer, anywhere.
no_person() {	# WHAT TEXT
	c=$(printf '%s\n' "$2" | grep -c -i -e anna -e bob -e carla -e dave \
	    -e 'Example' -e Builder -e Tester)
	expect_eq "$1 names nobody" "$c" 0
}
text=$(sprintctl evaluation leysin-2027)
expect_match "3 answers: results shown" "$text" \
    "3 of 4 attendees answered (75%)"
expect_match "3 answers: histogram" "$text" "^  4: ## (2)$"
expect_match "3 answers: the replacing answer counts" "$text" "^  5: # (1)$"
expect_match "3 answers: text sorted" "$(printf '%s\n' "$text" |
    grep '^  - ' | tr '\n' '|')" \
    "A quieter room|.*More whiteboards|.*Warmer coffee, please|"
no_person "text output" "$text"
json=$(sprintctl evaluation leysin-2027 --format json)
expect_match "json: results shown" "$json" '"shown": true'
no_person "json output" "$json"
rep=$(sprintctl report leysin-2027)
no_person "report's evaluation" "$(printf '%s\n' "$rep" |
    sed -n '/^Evaluation$/,$p')"
expect_match "report: who came" "$rep" "^- Bob Builder (Thu 7 January"
expect_match "report: headcount" "$rep" "^- Fri 8 January 2027: 4$"

# The reminder goes only to Dave, who has not answered.
SPRINTD_NOW=2027-01-22T08:30:00Z
sprintd_once || it_fail "sprintd --once (reminder)"
expect_eq "one reminder" "$(sql "SELECT count(*) FROM outbox WHERE
    kind = 'evaluate-remind'")" 1
expect_eq "the reminder to Dave" "$(sql "SELECT recipient FROM outbox
    WHERE kind = 'evaluate-remind'")" dave@example.org

# The close: one summary to the organizer, and the link is gone.
SPRINTD_NOW=2027-01-28T08:30:00Z
sprintd_once || it_fail "sprintd --once (close)"
SPRINTD_NOW=2027-01-29T08:30:00Z
sprintd_once || it_fail "sprintd --once (after the close)"
expect_eq "one summary" "$(sent_to organizer@example.org)" 1
sum=$(sent_last_to organizer@example.org)
expect_match "summary: rate" "$sum" "3 of 4 attendees answered (75%)"
expect_match "summary: mean and median" "$sum" \
    "3 answers, mean 4.3, median 4"
expect_match "summary: bars" "$sum" "^  4: ## (2)"
expect_match "summary: every text" "$sum" "^- Warmer coffee, please"
no_person "summary mail" "$(printf '%s\n' "$sum" | sed '1,/^$/d')"
expect_eq "no link left" "$(sql "SELECT count(*) FROM evaluation_answers
    WHERE answer_set IS NOT NULL")" 0
expect_eq "no salt left" "$(sql "SELECT count(*) FROM evaluations
    WHERE salt IS NOT NULL")" 0

# After the close: Dave's answer is stored and counted, not mailed.
mail "Dave Quiet" dave@example.org "<ev-dave-1@example.org>" \
    "$(evmid dave)" 0 "overall: 3\nchange: Late but honest"
sprintd_once || it_fail "sprintd --once (late answer)"
expect_eq "late answer counted" "$(sql "SELECT count(*) FROM
    evaluation_respondents")" 4
expect_eq "still one summary" "$(sent_to organizer@example.org)" 1
expect_match "late answer shown by sprintctl" \
    "$(sprintctl evaluation leysin-2027)" "Late but honest"

# The log (info) never puts an address beside an answer.
expect_eq "no answer in the log" "$(grep -c -e whiteboards -e coffee \
    -e 'quieter' -e 'Late but' "$IT_LOG")" 0
exit 0
