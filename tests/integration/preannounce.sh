#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# preannounce.sh -- the pre-announcement against a real Dovecot and a real
# SMTP server: a sprint planned with two candidate date ranges is
# pre-announced to its list (refused outside 21-90 days before the
# options); answers from a person who came to an earlier sprint, a new
# person and a "no" are counted per option, returning and new apart (text
# and JSON); a misspelled key and values that cannot be read are answered
# naming the field; a later answer replaces the earlier one only when it
# proves its sender; once the dates are fixed, the note with them reaches
# the two who said yes or maybe, once each.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start
work=$HARNESS_DIR/preannounce
mkdir -p "$work"

mail() {	# file from-name from-addr subject body [in-reply-to]
	{
		printf 'From: %s <%s>\nTo: pypy-sprint@example.org\n' "$2" "$3"
		printf 'Subject: %s\nMessage-ID: <%s@example.org>\n' "$4" \
		    "$(basename "$1" .eml)"
		[ -n "${6:-}" ] && printf 'In-Reply-To: %s\n' "$6"
		printf 'Date: Wed, 2 Dec 2026 10:00:00 +0100\n'
		printf 'MIME-Version: 1.0\nContent-Type: text/plain\n\n%s\n' "$5"
	} > "$work/$1"
	deliver "$work/$1"
}
kind_to() {	# outbox kind recipient
	sql "SELECT count(*) FROM outbox WHERE kind = '$1' AND
	    recipient = '$2'"
}

# An earlier sprint that Anna came to.
SPRINTD_NOW=2026-01-10T10:00:00Z
export SPRINTD_NOW
cat > "$work/old.yaml" <<'EOF'
slug: old-2026
name: PyPy Old Sprint 2026
start: 2026-02-02
end: 2026-02-06
timezone: Europe/Zurich
capacity: 20
location: Leysin, Switzerland
announce_to: [pypy-sprint@example.org]
organizers: [{name: Armin Rigo, email: organizer@example.org}]
EOF
sprintctl sprint add "$work/old.yaml" >/dev/null || it_fail "sprint add old"
sprintctl person old-2026 anna@example.org add "Anna Example" \
    arrive=2026-02-02 depart=2026-02-06 >/dev/null ||
    it_fail "person add (old sprint)"

# The next one, with two candidate date ranges and no dates yet.
SPRINTD_NOW=$IT_ADDED
plan() {	# the dates part of the file
	cat > "$work/plan.yaml" <<EOF
slug: plan-2027
name: PyPy Spring Sprint 2027
$1
timezone: Europe/Zurich
capacity: 20
location: Leysin, Switzerland
goals: [the JIT backend for ARM, numpy]
announce_to: [pypy-dev@example.org]
organizers: [{name: Armin Rigo, email: organizer@example.org}]
EOF
}
plan 'options: [{start: 2027-03-01, end: 2027-03-05},
          {start: 2027-03-15, end: 2027-03-19}]'
sprintctl sprint add "$work/plan.yaml" >/dev/null ||
    it_fail "sprint add with options"
plan 'options: [{start: 2027-03-01}]'
err=$(sprintctl sprint add "$work/plan.yaml" 2>&1 >/dev/null)
expect_eq "an option without end: exit 2" "$?" 2
expect_match "the error names file, line and key" "$err" \
    'plan.yaml:3: options\[0\]\.end: missing'
plan 'options: [{start: 2027-03-01, end: 2027-03-05},
          {start: 2027-03-15, end: 2027-03-19}]'

err=$(sprintctl announce plan-2027 --at "2027-02-15 10:00" 2>&1)
expect_eq "no announcement while the dates are open" "$?" 2
expect_match "it says why" "$err" "the dates are not fixed yet"
err=$(sprintctl preannounce plan-2027 --at "2027-02-20 10:00" 2>&1)
expect_eq "9 days before the options: refused" "$?" 2
expect_match "the refusal names the allowed days" "$err" \
    "from 2026-12-01 00:00 to 2027-02-08 23:59"
sprintctl preannounce plan-2027 --at "2026-12-01 10:00" >/dev/null ||
    it_fail "sprintctl preannounce"
SPRINTD_NOW=2026-12-01T09:30:00Z
sprintd_once || it_fail "sprintd --once (pre-announcement)"
expect_eq "the pre-announcement went to the list once" \
    "$(sent_to pypy-dev@example.org)" 1
pre=$(sent_last_to pypy-dev@example.org | tr -d '\r')
printf '%s\n' "$pre" > "$work/preannounce.out"
expect_match "it numbers the options as people write dates" "$pre" \
    "^2\. Mon 15 Mar to Fri 19 Mar 2027"
expect_match "it says how to answer per option" "$pre" \
    "^Dates: 1 yes, 2 no"
expect_match "it has the goals" "$pre" "^- the JIT backend for ARM"
err=$(sprintctl preannounce plan-2027 --at "2026-12-01 10:00" 2>&1)
expect_eq "a second pre-announcement: refused" "$?" 2

# The answers: Anna (came before), Nina (new), Otto (no), and two that
# cannot be used.
SPRINTD_NOW=2026-12-02T10:00:00Z
subj="Re: Planned: PyPy Spring Sprint 2027 in Leysin, Switzerland"
mail i-anna.eml "Anna Example" anna@example.org "$subj" \
    "$(printf 'Interested: yes\nDates: 1 yes, 2 maybe\nTopics: JIT, numpy')"
mail i-nina.eml "Nina Newcomer" nina@example.org "$subj" \
    "$(printf 'Interested: yes\nDates: 1 no, 2 yes\nTopics: STM, jit')"
mail i-otto.eml "Otto No" otto@example.org "$subj" "Interested: no"
mail i-carl.eml "Carl Typo" carl@example.org "$subj" \
    "$(printf 'Intrested: yes\nDates: 1 yes')"
mail i-bert.eml "Bert Bad" bert@example.org "$subj" \
    "$(printf 'Interested: lukewarm\nDates: 3 yes')"
sprintd_once || it_fail "sprintd --once (answers)"
expect_eq "each good answer is confirmed" "$(sql "SELECT count(*) FROM
    outbox WHERE kind = 'interest'")" 3
carl=$(sent_last_to carl@example.org | tr -d '\r')
expect_match "a misspelled key: did you mean" "$carl" \
    'unknown field "Intrested": did you mean "Interested"?'
bert=$(sent_last_to bert@example.org | tr -d '\r')
expect_match "a bad value names the field and what is expected" "$bert" \
    'Interested: "lukewarm" could not be read; expected yes, maybe or no'
expect_match "an option that does not exist is named" "$bert" \
    'Dates: there is no option 3; expected the options'"'"' numbers, 1 to 2'

text=$(sprintctl interest plan-2027)
printf '%s\n' "$text" > "$work/interest.out"
expect_match "text: two interested of three answers" "$text" \
    "2 interested, 3 answers"
expect_match "text: option 1 counted" "$text" \
    "yes 1, maybe 0, no 2; of yes and maybe: 1 returning, 0 new"
expect_match "text: option 2 counted" "$text" \
    "yes 1, maybe 1, no 1; of yes and maybe: 1 returning, 1 new"
json=$(sprintctl interest plan-2027 --format json)
expect_eq "JSON as the spec has it" "$(printf '%s' "$json" |
    "$HARNESS_PYTHON" -c 'import json, sys
d = json.load(sys.stdin)
print(sorted(d), d["sprint"], d["interested"], d["topics"],
      [(o["start"], o["end"], o["yes"], o["maybe"], o["no"],
        o["returning"], o["new"]) for o in d["options"]])')" \
    "['interested', 'options', 'sprint', 'topics'] plan-2027 2 ['JIT', 'numpy', 'STM'] [('2027-03-01', '2027-03-05', 1, 0, 2, 1, 0), ('2027-03-15', '2027-03-19', 1, 1, 1, 1, 1)]"
dig=$(sprintctl digest plan-2027)
expect_match "the digest has the interest" "$dig" \
    "^Interest after the pre-announcement: 2 interested, of"
expect_match "per option" "$dig" \
    "^  - 2. Mon 15 Mar to Fri 19 Mar 2027: yes 1, maybe 1, no 1; of"
expect_eq "the answers are not registrations" \
    "$(sql "SELECT count(*) FROM registrations r JOIN sprints s ON
    s.id = r.sprint_id WHERE s.slug = 'plan-2027'")" 0

# Otto changes his mind without proof: held, nothing changes. Nina
# replies to her confirmation: it proves her, and replaces her answer.
HARNESS_AUTH=none
export HARNESS_AUTH
mail i-otto2.eml "Otto No" otto@example.org "$subj" "Interested: maybe"
mid=$(sql "SELECT message_id FROM outbox WHERE kind = 'interest' AND
    recipient = 'nina@example.org'")
mail i-nina2.eml "Nina Newcomer" nina@example.org "Re: $subj" \
    "$(printf 'Interested: maybe\nDates: 1 maybe, 2 yes')" "$mid"
unset HARNESS_AUTH
sprintd_once || it_fail "sprintd --once (later answers)"
expect_eq "an unproved replacement is held" "$(kind_to request \
    otto@example.org)" 1
expect_match "the request says what would change" \
    "$(sent_last_to otto@example.org | tr -d '\r')" \
    "your answer to the pre-announcement: Interested: maybe; option 1: maybe"
json=$(sprintctl interest plan-2027 --format json | "$HARNESS_PYTHON" -c \
    'import json, sys
d = json.load(sys.stdin)
print([(o["yes"], o["maybe"], o["no"]) for o in d["options"]])')
expect_eq "Nina's reply replaced her answer, Otto's did not" "$json" \
    "[(1, 1, 1), (1, 1, 1)]"

# Otto thinks again (still no, now with a topic), and confirms it by
# replying to the mail that asks: then it replaces his answer.
HARNESS_AUTH=none
export HARNESS_AUTH
mail i-otto3.eml "Otto No" otto@example.org "$subj" \
    "$(printf 'Interested: no\nTopics: docs')"
sprintd_once || it_fail "sprintd --once (Otto again)"
rmid=$(sql "SELECT message_id FROM outbox WHERE kind = 'request' AND
    recipient = 'otto@example.org' ORDER BY id DESC LIMIT 1")
expect_eq "held again: no topic yet" "$(sprintctl interest plan-2027 \
    --format json | grep -c docs)" 0
mail i-otto4.eml "Otto No" otto@example.org "Re: Please confirm" \
    "Yes, that was me." "$rmid"
unset HARNESS_AUTH
sprintd_once || it_fail "sprintd --once (Otto confirms)"
json=$(sprintctl interest plan-2027 --format json | "$HARNESS_PYTHON" -c \
    'import json, sys
d = json.load(sys.stdin)
print(d["topics"], [(o["yes"], o["maybe"], o["no"]) for o in d["options"]])')
expect_eq "the confirmed answer replaced Otto's" "$json" \
    "['JIT', 'numpy', 'docs'] [(1, 1, 1), (1, 1, 1)]"

# The dates are fixed: one note each to Anna and Nina, never to Otto,
# never twice; the options stay for the counts.
SPRINTD_NOW=2026-12-10T10:00:00Z
plan 'start: 2027-03-15
end: 2027-03-19'
sprintctl sprint add "$work/plan.yaml" >/dev/null ||
    it_fail "sprint add with the dates fixed"
sprintd_once || it_fail "sprintd --once (dates fixed)"
expect_eq "the note to Anna" "$(kind_to dates-fixed anna@example.org)" 1
expect_eq "the note to Nina" "$(kind_to dates-fixed nina@example.org)" 1
expect_eq "no note to those who said no" "$(sql "SELECT count(*) FROM
    outbox WHERE kind = 'dates-fixed'")" 2
note=$(sent_last_to anna@example.org | tr -d '\r')
expect_match "the note has the dates" "$note" \
    "^The dates are fixed now: from Mon 15 Mar to Fri 19 Mar,$"
expect_match "the note has the form" "$note" "^Arrive:"
sprintctl sprint add "$work/plan.yaml" >/dev/null
SPRINTD_NOW=2026-12-11T10:00:00Z
sprintd_once || it_fail "sprintd --once (again)"
expect_eq "never twice" "$(sql "SELECT count(*) FROM outbox WHERE
    kind = 'dates-fixed'")" 2
expect_eq "the sent notes" "$(sent_to anna@example.org)-$(sent_to \
    nina@example.org)" "2-3"
expect_match "the counts keep the options" \
    "$(sprintctl interest plan-2027)" "^2\. Mon 15 Mar to Fri 19 Mar 2027"
sprintctl announce plan-2027 --at "2027-02-20 10:00" >/dev/null ||
    it_fail "the announcement is scheduled as before"
[ -z "${IT_SHOW:-}" ] || cat "$work/preannounce.out" "$work/interest.out"
