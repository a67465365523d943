#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# mailman.sh -- sprintd behind a real Mailman 3 list: attendees post
# through Postfix to the list (subject prefix, footer, replies pointed at
# the list), Mailman delivers to sprintd's Dovecot mailbox, sprintd
# answers through Postfix. Rounds: plain delivery; DMARC munge_from (the
# poster only in Cc); DMARC wrap_message (the post a message/rfc822 part);
# sprintd's mailbox on MIME digests, one post also Cc'd to it directly
# (read once); then on plain-text digests (a setup error in status).
# The servers run in a network namespace of their own: Mailman's DMARC
# rule asks DNS, and gets no answer there at once.
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${SPRINTD_MAILMAN_NETNS:-}" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "mailman: needs root (Dovecot, Postfix, a network" \
		    "namespace): skipped" >&2
		exit 77
	fi
	if ! unshare -n true 2>/dev/null; then
		echo "mailman: this machine allows no network namespace" \
		    "(unshare -n failed): skipped" >&2
		exit 77
	fi
	SPRINTD_MAILMAN_NETNS=1 exec unshare -n sh "$0" "$@"
fi
ip link set lo up || { echo "mailman: no loopback in the namespace" >&2
    exit 1; }
. "$here/lib.inc"
. "$HARNESS_SRC/mailman.sh"

mm_finish() {
	rc=$?
	if [ $rc -ne 0 ] || [ "$it_failed" != 0 ]; then
		echo "$it_name: FAILED; the ends of the logs:" >&2
		for _l in "$IT_LOG" "$POSTFIX_DIR/maillog" \
		    "$HARNESS_DIR/mailman/var/logs/mailman.log" \
		    "$HARNESS_DIR/mailman/var/logs/smtp.log"; do
			[ -f "$_l" ] || continue
			echo "== $_l" >&2
			tail -n 25 "$_l" >&2
		done
	fi
	# In a namespace of its own nothing may outlive the script.
	mailman_stop
	[ "$it_failed" = 0 ] || exit 1
	exit $rc
}
trap 'mm_finish' EXIT
trap 'exit 1' INT TERM
IT_LOG=/dev/null POSTFIX_DIR=
mailman_start || exit 1
IT_LOG=$HARNESS_DIR/sprintd.log
: > "$IT_LOG"

# Mailman stamps mail with the real time: sprintd's today is the same,
# and the sprint is six weeks on.
SPRINTD_NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
export SPRINTD_NOW
day() {	# the ISO day N days from today
	date -u -d "+$1 days" +%Y-%m-%d
}
sed -e "s/^start: .*/start: $(day 42)/" -e "s/^end: .*/end: $(day 48)/" \
    -e "s/^break_day: .*/break_day: $(day 45)/" \
    -e "s/^recommended_arrival: .*/recommended_arrival: $(day 41)/" \
    -e "s/^announce_to: .*/announce_to: [$MM_LIST]/" \
    "$(eml sprint.yaml)" > "$HARNESS_DIR/sprint.yaml"
sprintctl sprint add "$HARNESS_DIR/sprint.yaml" >/dev/null ||
    it_fail "sprintctl sprint add"

reg() {	# a registration: name|arrive|depart|status
	sql "SELECT r.name || '|' || ifnull(r.arrive, '?') || '|' ||
	    ifnull(r.depart, '?') || '|' || r.status FROM registrations r
	    JOIN people p ON p.id = r.person_id WHERE p.email = '$1'"
}
inbox() {	# mail in USER's mailbox
	ls "$HARNESS_MAILDIR/$1/Maildir/new" "$HARNESS_MAILDIR/$1/Maildir/cur" \
	    2>/dev/null | grep -c '^[0-9]'
}
# sprintd's confirmations in USER's mailbox (Auto-Submitted, from it).
confirmations() {
	grep -l '^Auto-Submitted: auto-replied' \
	    "$HARNESS_MAILDIR/$1/Maildir/new/"* \
	    "$HARNESS_MAILDIR/$1/Maildir/cur/"* 2>/dev/null | wc -l | tr -d ' '
}
# Writes a post of USER (Name) to the list: FILE, with the form's dates
# (days from now) and extra headers.
post() {
	_f=$HARNESS_DIR/$1-$(date +%s%N).eml
	{
		printf 'From: %s <%s@%s>\nTo: %s\n' "$2" "$1" "$HARNESS_DOMAIN" \
		    "$MM_LIST"
		[ -n "${5:-}" ] && printf '%s\n' "$5"
		printf 'Subject: Re: [pypy-sprint] PyPy Leysin Winter Sprint 2027\n'
		printf 'Message-ID: <%s@%s>\n' "$6" "$HARNESS_DOMAIN"
		printf 'Date: %s\nMIME-Version: 1.0\n' "$(date -R)"
		printf 'Content-Type: text/plain; charset=utf-8\n\n'
		printf 'Name: %s\nArrive: %s\nDepart: %s\n' "$2" "$(day "$3")" \
		    "$(day "$4")"
		printf 'Accommodation: Ermina\n'
	} > "$_f"
	mm_post "$_f" || it_fail "posting $6"
}
# Waits until USER's mailbox holds N mails.
wait_inbox() {
	wait_for "[ \"\$(inbox $1)\" -ge $2 ]" ||
	    it_fail "$1's mailbox: $(inbox "$1") mails, wanted $2"
}
# Waits until the list's copy of post MID is in USER's mailbox (Mailman
# has then put it in the digest too).
has_msgid() {
	grep -qsi "^Message-ID: <$2@" "$HARNESS_MAILDIR/$1/Maildir/new/"* \
	    "$HARNESS_MAILDIR/$1/Maildir/cur/"*
}
wait_msgid() {
	wait_for "has_msgid $1 $2" || it_fail "$2 never reached $1"
}
kind_of() {	# the stored reading of a Message-ID (every row)
	sql "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM messages
	    WHERE message_id = '<$1@$HARNESS_DOMAIN>' ORDER BY id)"
}
raw_of() {	# the raw mail a Message-ID was read from (its first row)
	sql "SELECT CAST(raw AS TEXT) FROM messages WHERE message_id =
	    '<$1@$HARNESS_DOMAIN>' ORDER BY id LIMIT 1"
}

# 1. Plain delivery: prefix, footer, Reply-To the list.
post anna "Anna Example" 41 48 "" mm-anna-1
wait_inbox sprints 1
sprintd_once || it_fail "sprintd --once (plain)"
m=$(raw_of mm-anna-1)
# Mailman puts its prefix first: "[pypy-sprint] Re: PyPy ...".
expect_match "the list's prefix" "$m" '^Subject: \[pypy-sprint\] Re: PyPy'
expect_match "the list's footer" "$m" "pypy-sprint@$MM_DOMAIN"
expect_match "replies pointed at the list" "$m" "^Reply-To: .*$MM_LIST"
expect_eq "a plain post registers" "$(reg anna@example.org)" \
    "Anna Example|$(day 41)|$(day 48)|registered"
wait_for '[ "$(confirmations anna)" -ge 1 ]'
expect_eq "Anna confirmed once, through Postfix" "$(confirmations anna)" 1
c=$(grep -l '^Auto-Submitted: auto-replied' \
    "$HARNESS_MAILDIR/anna/Maildir/new/"* | head -n 1)
expect_match "the confirmation's subject has no list prefix" \
    "$(grep '^Subject:' "$c")" '^Subject: Re: PyPy Leysin Winter Sprint 2027$'
expect_eq "nothing sent to the list" "$(grep -c "^X-Mailman-Version" \
    "$c")" 0

# 2. DMARC munge_from: From "Bob Friend via Pypy-sprint" <list>, Reply-To
# the list, Bob only in Cc.
mm_set dmarc_mitigate_action munge_from
post bob "Bob Friend" 42 46 "" mm-bob-1
wait_inbox sprints 2
sprintd_once || it_fail "sprintd --once (munge_from)"
m=$(raw_of mm-bob-1)
expect_match "From is the list's" "$m" "^From: .*via .*<$MM_LIST>"
expect_match "Bob is in Cc" "$m" "^Cc: .*bob@example.org"
expect_eq "a munged post registers its poster" "$(reg bob@example.org)" \
    "Bob Friend|$(day 42)|$(day 46)|registered"
wait_for '[ "$(confirmations bob)" -ge 1 ]'
expect_eq "Bob confirmed once" "$(confirmations bob)" 1
expect_eq "nobody registered as the list" "$(sql "SELECT count(*) FROM
    people WHERE email LIKE '%$MM_DOMAIN'")" 0

# 3. DMARC wrap_message: the post is a message/rfc822 part, the wrapper
# has its own Message-ID and the footer.
mm_set dmarc_mitigate_action wrap_message
post carla "Carla Wrapped" 43 47 "" mm-carla-1
wait_inbox sprints 3
sprintd_once || it_fail "sprintd --once (wrap_message)"
m=$(raw_of mm-carla-1)
expect_match "the post came wrapped" "$m" "^Content-Type: message/rfc822"
expect_eq "read as the post, by its own Message-ID" "$(kind_of mm-carla-1)" \
    registration
expect_eq "a wrapped post registers" "$(reg carla@example.org)" \
    "Carla Wrapped|$(day 43)|$(day 47)|registered"
wait_for '[ "$(confirmations carla)" -ge 1 ]'
expect_eq "Carla confirmed once" "$(confirmations carla)" 1

# 4. sprintd's mailbox on MIME digests. Dave also writes to sprintd
# directly (Cc): that copy comes first, the digest's is the same post.
mm_set dmarc_mitigate_action munge_from
mm_delivery "$HARNESS_USER@$HARNESS_DOMAIN" mime_digests
post dave "Dave Digest" 42 48 "Cc: $HARNESS_USER@$HARNESS_DOMAIN" mm-dave-1
post erik "Erik Digest" 44 48 "" mm-erik-1
post frank "Frank Digest" 41 45 "" mm-frank-1
wait_inbox sprints 4
wait_msgid dave mm-dave-1
wait_msgid erik mm-erik-1
wait_msgid frank mm-frank-1
mm_digests_send
wait_inbox sprints 5
sprintd_once || it_fail "sprintd --once (digest)"
expect_eq "the digest came from -request" "$(sql "SELECT sender FROM messages
    WHERE json_extract(result, '$.auto_reason') LIKE 'MIME digest%'")" \
    "pypy-sprint-request@$MM_DOMAIN"
# The digest holds the volume's every post: those read before are
# duplicates.
expect_eq "each post of the digest read as a message, once" "$(sql "SELECT
    group_concat(kind, ' ') FROM (SELECT kind FROM messages WHERE
    mailbox = '(digest)' ORDER BY uid)")" \
    "duplicate duplicate duplicate duplicate registration registration"
expect_eq "Dave's post read once (the digest's copy a duplicate)" \
    "$(kind_of mm-dave-1)" "registration duplicate"
expect_eq "Erik registered from the digest" "$(reg erik@example.org)" \
    "Erik Digest|$(day 44)|$(day 48)|registered"
expect_eq "Frank registered from the digest" "$(reg frank@example.org)" \
    "Frank Digest|$(day 41)|$(day 45)|registered"
expect_eq "Dave registered" "$(reg dave@example.org)" \
    "Dave Digest|$(day 42)|$(day 48)|registered"
wait_for '[ "$(confirmations erik)" -ge 1 ] &&
    [ "$(confirmations frank)" -ge 1 ]'
expect_eq "each confirmed once" "$(confirmations dave) $(confirmations erik) \
$(confirmations frank)" "1 1 1"
sprintctl status > "$HARNESS_DIR/status.txt" 2>&1 ||
    it_fail "status after MIME digests: $(cat "$HARNESS_DIR/status.txt")"

# 5. On plain-text digests the posts cannot be read: status says so, with
# the fix.
mm_delivery "$HARNESS_USER@$HARNESS_DOMAIN" plaintext_digests
post anna "Anna Example" 42 48 "" mm-anna-2
wait_msgid anna mm-anna-2
mm_digests_send
wait_inbox sprints 6
sprintd_once || it_fail "sprintd --once (plain-text digest)"
expect_eq "the update in it is not applied" "$(reg anna@example.org)" \
    "Anna Example|$(day 41)|$(day 48)|registered"
if sprintctl status > "$HARNESS_DIR/status.txt" 2>&1; then
	it_fail "status healthy after a plain-text digest"
fi
st=$(cat "$HARNESS_DIR/status.txt")
expect_match "status names the plain-text digest" "$st" \
    "plain-text digest of the list"
expect_match "status gives the fix" "$st" "regular delivery (or MIME digests)"
expect_eq "no mail to the list or its robots" "$(grep -c \
    "to=<pypy-sprint.*@$MM_DOMAIN>.*relay=.*$MM_LMTP_PORT" \
    "$POSTFIX_DIR/maillog")" 7
