#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# mailman.sh -- a real mailing list in front of the harness of servers.sh:
# Postfix (the one SMTP server: sprintd, the attendees and Mailman all
# send through it) and Mailman 3 (Debian's mailman3), on loopback, in the
# harness's temporary directory. Sourced after servers.sh:
#   . tests/harness/servers.sh
#   . tests/harness/mailman.sh
#   mailman_start      servers.sh's harness_start (Dovecot), its Python SMTP
#                      server stopped; Postfix on SMTP_PORT; Mailman's
#                      runners; the list MM_LIST created with a subject
#                      prefix, its footer and replies pointed at the list,
#                      the users of HARNESS_USERS its members;
#                      HARNESS_CONFIG rewritten: the list's address,
#                      sending through Postfix (HARNESS_CONFIG_TLS does
#                      not fit: this Postfix has no TLS)
#   mailman_stop       stop Mailman and Postfix, then harness_stop
#   mm_set KEY VALUE   a list setting (mm_set dmarc_mitigate_action
#                      munge_from; see mm_test.py for the keys)
#   mm_delivery ADDR MODE  a member's delivery mode (regular, mime_digests,
#                      plaintext_digests)
#   mm_digests_send    send the list's digest now (mailman digests --send)
#   mm_post FILE.eml   submit a message to Postfix, as a mail client does
#   mm_idle            wait until Postfix's and Mailman's queues are empty
#
# Run it in a network namespace of its own (unshare -n, loopback up):
# Mailman's DMARC rule asks DNS, and must get a quick, fixed "no" rather
# than whatever the machine's resolver says. Its suffix list is a local
# file (org_domain_data_url), never fetched.
#
# Variables (exported): MM_LIST (pypy-sprint@lists.example.org), the
# list's address; MM_DOMAIN (its domain: Postfix hands it to Mailman, and
# everything else to Dovecot); MM_LMTP_PORT; MM_CFG (mailman.cfg);
# POSTFIX_DIR (queue and maillog), POSTFIX_CONF (its main.cf).
#
# Mailman refuses to run as root: it runs as Debian's "list" user. Its
# daemons keep the caller's stdout open: they are started with it
# redirected, or a caller reading the output would wait for ever.

MM_DOMAIN=lists.$HARNESS_DOMAIN
MM_LIST=pypy-sprint@$MM_DOMAIN

mailman_log() {
	echo "mailman harness: $*" >&2
}

# Says what failed, with the end of the log that tells why ($1).
mailman_fail() {
	mailman_log "$2 (the end of $1:)"
	tail -n 20 "$1" >&2 2>/dev/null
	return 1
}

# Why this machine cannot run the list (printed), or nothing.
mailman_missing() {
	for _p in postfix postconf mailman runuser unshare ip; do
		command -v "$_p" >/dev/null 2>&1 ||
		    { echo "$_p is not installed (sh scripts/deps.sh)"; return; }
	done
	id list >/dev/null 2>&1 || echo "there is no user \"list\""
}

mailman_postfix_conf() {
	POSTFIX_DIR=$HARNESS_DIR/postfix
	POSTFIX_CONF=$POSTFIX_DIR/etc
	mkdir -p "$POSTFIX_CONF" "$POSTFIX_DIR/queue" "$POSTFIX_DIR/data"
	chown postfix "$POSTFIX_DIR/data"
	# Postfix's own programs and the Debian defaults stay where they are;
	# the queue, the log and every setting of this instance are ours.
	cat > "$POSTFIX_CONF/main.cf" <<EOF
# Private test instance, written by mailman.sh.
compatibility_level = 3.6
queue_directory = $POSTFIX_DIR/queue
data_directory = $POSTFIX_DIR/data
maillog_file = $POSTFIX_DIR/maillog
maillog_file_prefixes = $POSTFIX_DIR
myhostname = mail.$HARNESS_DOMAIN
mydomain = $HARNESS_DOMAIN
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
relay_domains = $HARNESS_DOMAIN $MM_DOMAIN
relay_recipient_maps =
transport_maps = inline:{ $MM_DOMAIN=lmtp:inet:127.0.0.1:$MM_LMTP_PORT, $HARNESS_DOMAIN=lmtp:inet:127.0.0.1:$LMTP_PORT }
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
recipient_delimiter = +
biff = no
message_size_limit = 20480000
# A test must see mail go or fail at once, never wait for a retry.
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
lmtp_destination_concurrency_limit = 4
in_flow_delay = 0
smtputf8_enable = no
EOF
	cat > "$POSTFIX_CONF/master.cf" <<EOF
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

mailman_start_postfix() {
	postfix -c "$POSTFIX_CONF" check >> "$POSTFIX_DIR/start.log" 2>&1
	postfix -c "$POSTFIX_CONF" start >> "$POSTFIX_DIR/start.log" 2>&1 ||
	    mailman_fail "$POSTFIX_DIR/start.log" "postfix did not start" ||
	    return 1
	harness_wait_port "$SMTP_PORT"
}

mailman_conf() {
	_m=$HARNESS_DIR/mailman
	MM_CFG=$_m/mailman.cfg
	mkdir -p "$_m/var" "$_m/lib"
	# The suffix list DMARC's organizational domains come from: enough
	# of it for the test's domains.
	printf '// test suffixes\norg\n' > "$_m/public_suffix_list.dat"
	cp "$HARNESS_SRC/mm_test.py" "$_m/lib/mm_test.py"
	cat > "$MM_CFG" <<EOF
# Private test instance, written by mailman.sh.
[mailman]
site_owner: postmaster@$HARNESS_DOMAIN
layout: sprintdtest

[paths.sprintdtest]
var_dir: $_m/var
etc_dir: $_m
bin_dir: /usr/lib/mailman3/bin
pid_file: $_m/var/master.pid

[database]
class: mailman.database.sqlite.SQLiteDatabase
url: sqlite:///\$DATA_DIR/mailman.db

[mta]
incoming: mailman.mta.null.NullMTA
outgoing: mailman.mta.deliver.deliver
smtp_host: 127.0.0.1
smtp_port: $SMTP_PORT
lmtp_host: 127.0.0.1
lmtp_port: $MM_LMTP_PORT

[webservice]
hostname: 127.0.0.1
port: $MM_REST_PORT

[dmarc]
org_domain_data_url: file://$_m/public_suffix_list.dat
resolver_timeout: 1s
resolver_lifetime: 1s

[runner.archive]
start: no
[runner.nntp]
start: no
[runner.rest]
start: no
[archiver.mhonarc]
enable: no
[archiver.mail_archive]
enable: no
[archiver.prototype]
enable: no
EOF
	chown -R list:list "$_m"
	chmod 700 "$_m"
}

# Runs mailman as the list user, never as root.
mailman_cmd() {
	(cd "$HARNESS_DIR/mailman" && PYTHONPATH=$HARNESS_DIR/mailman/lib \
	    runuser -u list -- mailman -C "$MM_CFG" "$@")
}

mailman_start_runners() {
	mailman_cmd start > "$HARNESS_DIR/mailman/start.log" 2>&1 \
	    < /dev/null || mailman_fail "$HARNESS_DIR/mailman/start.log" \
	    "mailman did not start" || return 1
	harness_wait_port "$MM_LMTP_PORT" ||
	    mailman_fail "$HARNESS_DIR/mailman/var/logs/mailman.log" \
	    "Mailman's LMTP runner did not listen"
}

mailman_start() {
	_why=$(mailman_missing)
	[ -z "$_why" ] || { mailman_log "$_why"; return 1; }
	harness_start || return 1
	# The list's suite has one SMTP server, Postfix, on the same port.
	harness_stop_smtpd
	harness_wait_port_closed "$SMTP_PORT"
	# shellcheck disable=SC2046
	set -- $(harness_free_ports 2)
	MM_LMTP_PORT=$1 MM_REST_PORT=$2
	mailman_postfix_conf
	mailman_start_postfix || { mailman_stop; return 1; }
	mailman_conf
	mailman_start_runners || { mailman_stop; return 1; }
	_members=""
	for _u in $HARNESS_USERS; do
		_members="$_members $_u@$HARNESS_DOMAIN"
	done
	# shellcheck disable=SC2086
	mailman_cmd shell -r mm_test.create "$MM_LIST" $_members \
	    > "$HARNESS_DIR/mailman/create.log" 2>&1 ||
	    { mailman_fail "$HARNESS_DIR/mailman/create.log" \
	      "the list was not made"; mailman_stop; return 1; }
	# sprintd reads the list's mailbox and sends through Postfix (no
	# AUTH, no TLS: a relay for loopback).
	{
		echo "database: $HARNESS_DB"
		echo "list_address: $MM_LIST"
		echo "from: \"PyPy sprints <$HARNESS_USER@$HARNESS_DOMAIN>\""
		echo "log_level: debug"
		echo "poll_interval: 5"
		echo "imap:"
		echo "  url: imap://127.0.0.1:$IMAP_PORT/INBOX"
		echo "  user: $HARNESS_USER"
		echo "  password_file: $HARNESS_PASSWORD_FILE"
		echo "  tls: none"
		echo "smtp:"
		echo "  url: smtp://127.0.0.1:$SMTP_PORT"
		echo "  tls: none"
	} > "$HARNESS_CONFIG"
	export MM_LIST MM_DOMAIN MM_LMTP_PORT MM_CFG POSTFIX_DIR POSTFIX_CONF
	mailman_log "Postfix smtp:$SMTP_PORT, Mailman lmtp:$MM_LMTP_PORT," \
	    "list $MM_LIST"
}

mailman_stop() {
	[ -n "${HARNESS_DIR:-}" ] && [ -d "$HARNESS_DIR" ] || return 0
	if [ -f "$HARNESS_DIR/mailman/var/master.pid" ]; then
		mailman_cmd stop > /dev/null 2>&1 < /dev/null
		# The master and its runners go within seconds; not waited for
		# longer than that.
		harness_kill_pidfile "$HARNESS_DIR/mailman/var/master.pid" 100
	fi
	if [ -n "${POSTFIX_DIR:-}" ] && [ -f "$POSTFIX_DIR/queue/pid/master.pid" ]
	then
		postfix -c "$POSTFIX_CONF" stop > /dev/null 2>&1
		harness_kill_pidfile "$POSTFIX_DIR/queue/pid/master.pid" 100
	fi
	harness_stop
}

mm_set() {
	mailman_cmd shell -l "$MM_LIST" -r mm_test.set "$1" "$2" > /dev/null
}

mm_delivery() {
	mailman_cmd shell -l "$MM_LIST" -r mm_test.delivery "$1" "$2" \
	    > /dev/null
}

mm_digests_send() {
	mailman_cmd digests -l "$MM_LIST" --send > /dev/null
}

# Submits FILE to Postfix for its To and Cc recipients.
mm_post() {
	"$HARNESS_PYTHON" - "$SMTP_PORT" "$1" <<'EOF'
import email, email.utils, smtplib, sys
port, path = int(sys.argv[1]), sys.argv[2]
with open(path, "rb") as f:
    data = f.read()
msg = email.message_from_bytes(data)
rcpt = [a for _, a in email.utils.getaddresses(
    msg.get_all("To", []) + msg.get_all("Cc", []))]
sender = email.utils.parseaddr(msg["From"])[1]
with smtplib.SMTP("127.0.0.1", port, timeout=30) as s:
    s.sendmail(sender, rcpt, data)
EOF
}

# Files in Mailman's queues (bad and shunt aside: those are kept; and
# the archive's, whose runner is not started).
mm_queued() {
	find "$HARNESS_DIR/mailman/var/queue" -type f ! -path '*/bad/*' \
	    ! -path '*/shunt/*' ! -path '*/archive/*' 2>/dev/null | wc -l |
	    tr -d ' '
}

# Mail in Postfix's queue.
postfix_queued() {
	find "$POSTFIX_DIR/queue/incoming" "$POSTFIX_DIR/queue/active" \
	    "$POSTFIX_DIR/queue/deferred" "$POSTFIX_DIR/queue/maildrop" \
	    -type f 2>/dev/null | wc -l | tr -d ' '
}

# Waits (up to 30 s) until both queues have stayed empty for a moment.
mm_idle() {
	_n=0 _quiet=0
	while [ $_quiet -lt 3 ]; do
		if [ "$(mm_queued)" = 0 ] && [ "$(postfix_queued)" = 0 ]; then
			_quiet=$((_quiet + 1))
		else
			_quiet=0
		fi
		_n=$((_n + 1))
		[ $_n -ge 150 ] && { mailman_log "queues not empty"; return 1; }
		sleep 0.2
	done
}
