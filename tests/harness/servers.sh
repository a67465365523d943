#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# servers.sh -- real mail servers on loopback for integration tests and the
# demo: a private Dovecot (IMAP, IMAPS, STARTTLS, LMTP) and an aiosmtpd SMTP
# server that delivers into it, in one temporary directory. Run as root
# (Dovecot drops privileges itself). Nothing outside the directory is used.
#
# Sourced (functions and variables in the caller's shell):
#   . tests/harness/servers.sh
#   harness_start            make the directory, test CA and certificate,
#                            start both servers, wait until they answer,
#                            export the variables below; writes them also to
#                            $HARNESS_DIR/env (". $HARNESS_DIR/env" works)
#   harness_stop             stop both servers, remove the directory
#   restart_dovecot          stop and start Dovecot (same ports, same mail)
#   restart_smtpd            the same for the SMTP server
#   deliver FILE.eml [USER]  inject a raw message into USER's INBOX (default:
#                            sprints, the list's mailbox): by LMTP, or with
#                            SPRINTD_NOW set by IMAP APPEND with that
#                            INTERNALDATE; stamped as HARNESS_AUTH says
#   harness_fault STAGE CODE COUNT
#                            make the SMTP server answer CODE to the next
#                            COUNT commands of STAGE (mail, rcpt, data, auth)
#   harness_faults_clear     drop every pending fault
#   harness_sent_count       number of messages the SMTP server accepted
#   harness_wait_port PORT   wait (polling, up to 10 s) until PORT listens
#
# Run as a program:
#   sh servers.sh start      start, print "export VAR=..." lines (eval them),
#                            leave the servers running
#   sh servers.sh stop DIR   stop the servers of DIR and remove it
#
# Exported variables:
#   HARNESS_DIR      the temporary directory
#   IMAP_PORT        plain IMAP with STARTTLS offered (127.0.0.1)
#   IMAPS_PORT       IMAP over implicit TLS
#   LMTP_PORT        Dovecot's LMTP
#   SMTP_PORT        SMTP (STARTTLS offered unless HARNESS_SMTP_NO_STARTTLS=1
#                    was set before harness_start; AUTH PLAIN/LOGIN accepted
#                    without TLS, never required)
#   SMTPS_PORT       SMTP over implicit TLS
#   HARNESS_CA       the test CA certificate (PEM): ca_file
#   HARNESS_USER     the list mailbox's IMAP user ("sprints")
#   HARNESS_PASSWORD the password of every test user
#   HARNESS_PASSWORD_FILE  a file with that password, mode 600
#   HARNESS_USERS    the users: sprints anna bob carla dave erik frank
#   HARNESS_DOMAIN   their mail domain (example.org); user@HARNESS_DOMAIN is
#                    delivered to user, and HARNESS_LIST_ADDRESS to sprints
#   HARNESS_LIST_ADDRESS  the list's address (pypy-sprint@example.org)
#   HARNESS_AUTHSERV the authserv-id the configs trust; deliver writes an
#                    Authentication-Results of it on top (HARNESS_AUTH=
#                    pass, the default, fail or none)
#   HARNESS_CONFIG   sprintd.yaml with imap:// and smtp:// and tls: none
#   HARNESS_CONFIG_TLS  sprintd.yaml with imaps://, smtp:// + STARTTLS,
#                    tls: required and ca_file
#   HARNESS_DB       the database both configs name
#   HARNESS_SENT     directory of accepted messages: NNNNNN.eml (bytes as
#                    received) and NNNNNN.env (MAIL FROM / RCPT TO lines)
#   HARNESS_FAULTS   the fault file (see smtpd.py)
#   HARNESS_MAILDIR  maildir of a user: $HARNESS_MAILDIR/USER/Maildir
#   HARNESS_OTHER_HOST  127.0.0.2: Dovecot's IMAP ports listen there too,
#                    but the certificate does not name it (host-name checks)
#   HARNESS_NOLOGIN_HOST  127.0.0.3: the IMAP ports there announce
#                    LOGINDISABLED (clients must AUTHENTICATE PLAIN)
#   HARNESS_NOTLS_HOST  127.0.0.4: IMAP_PORT there offers no STARTTLS

# Where smtpd.py is: $HARNESS_SRC, else $top_srcdir/tests/harness, else
# beside $0 (run as a program) or in ../harness (sourced from a script in
# tests/integration).
if [ -z "${HARNESS_SRC:-}" ]; then
	for _d in "${top_srcdir:+$top_srcdir/tests/harness}" "$(dirname "$0")" \
	    "$(dirname "$0")/../harness"; do
		if [ -n "$_d" ] && [ -f "$_d/smtpd.py" ]; then
			HARNESS_SRC=$(cd "$_d" && pwd)
			break
		fi
	done
fi
HARNESS_PASSWORD=${HARNESS_PASSWORD:-sprint-test-secret}
HARNESS_USER=sprints
HARNESS_USERS="sprints anna bob carla dave erik frank"
HARNESS_DOMAIN=example.org
HARNESS_LIST_ADDRESS=pypy-sprint@example.org
HARNESS_AUTHSERV=mx.harness.example.org
HARNESS_PYTHON=/usr/bin/python3
HARNESS_OTHER_HOST=127.0.0.2
HARNESS_NOLOGIN_HOST=127.0.0.3
HARNESS_NOTLS_HOST=127.0.0.4

harness_log() {
	echo "harness: $*" >&2
}

# Prints N free TCP ports on 127.0.0.1, bound together so they differ.
harness_free_ports() {
	"$HARNESS_PYTHON" - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

harness_port_open() {
	"$HARNESS_PYTHON" - "$1" <<'EOF'
import socket, sys
s = socket.socket()
s.settimeout(0.5)
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
EOF
}

harness_wait_port() {
	_i=0
	while ! harness_port_open "$1"; do
		_i=$((_i + 1))
		if [ $_i -ge 100 ]; then
			harness_log "port $1 did not open"
			return 1
		fi
		sleep 0.1
	done
}

harness_wait_port_closed() {
	_i=0
	while harness_port_open "$1"; do
		_i=$((_i + 1))
		[ $_i -ge 100 ] && return 1
		sleep 0.1
	done
}

harness_certs() {
	_d=$HARNESS_DIR/tls
	mkdir -p "$_d" || return 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
	    -nodes -keyout "$_d/ca.key" -out "$_d/ca.crt" -days 2 \
	    -subj "/CN=sprintd test CA" \
	    -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" \
	    >/dev/null 2>&1 || return 1
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	    -keyout "$_d/server.key" -out "$_d/server.csr" \
	    -subj "/CN=localhost" >/dev/null 2>&1 || return 1
	cat > "$_d/server.ext" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1
EOF
	openssl x509 -req -in "$_d/server.csr" -CA "$_d/ca.crt" \
	    -CAkey "$_d/ca.key" -CAcreateserial -out "$_d/server.crt" \
	    -days 2 -extfile "$_d/server.ext" >/dev/null 2>&1 || return 1
	chmod 600 "$_d/ca.key" "$_d/server.key"
	chmod 644 "$_d/ca.crt" "$_d/server.crt"
	HARNESS_CA=$_d/ca.crt
}

harness_dovecot_conf() {
	_c=$HARNESS_DIR/dovecot.conf
	: > "$HARNESS_DIR/dovecot-users"
	for _u in $HARNESS_USERS; do
		echo "$_u:{PLAIN}$HARNESS_PASSWORD::::::" \
		    >> "$HARNESS_DIR/dovecot-users"
	done
	chown root:dovecot "$HARNESS_DIR/dovecot-users"
	chmod 640 "$HARNESS_DIR/dovecot-users"
	echo "${HARNESS_LIST_ADDRESS%@*} sprints" > "$HARNESS_DIR/aliases"
	mkdir -p "$HARNESS_MAILDIR" "$HARNESS_DIR/run" "$HARNESS_DIR/state"
	chown dovecot:dovecot "$HARNESS_MAILDIR"
	chmod 700 "$HARNESS_MAILDIR"
	_dh=""
	[ -r /usr/share/dovecot/dh.pem ] &&
	    _dh="ssl_dh = </usr/share/dovecot/dh.pem"
	cat > "$_c" <<EOF
# Private test instance, written by servers.sh.
instance_name = sprintd-test-$(basename "$HARNESS_DIR")
base_dir = $HARNESS_DIR/run
state_dir = $HARNESS_DIR/state
protocols = imap lmtp
listen = 127.0.0.1, $HARNESS_OTHER_HOST, $HARNESS_NOLOGIN_HOST, $HARNESS_NOTLS_HOST
log_path = $HARNESS_DIR/dovecot.log
info_log_path = $HARNESS_DIR/dovecot.log
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1
mail_location = maildir:$HARNESS_MAILDIR/%n/Maildir
auth_username_format = %Ln
auth_mechanisms = plain login
disable_plaintext_auth = no
postmaster_address = postmaster@$HARNESS_DOMAIN
ssl = yes
ssl_cert = <$HARNESS_DIR/tls/server.crt
ssl_key = <$HARNESS_DIR/tls/server.key
$_dh
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $HARNESS_DIR/dovecot-users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$HARNESS_MAILDIR/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1, $HARNESS_OTHER_HOST, $HARNESS_NOLOGIN_HOST, $HARNESS_NOTLS_HOST
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1, $HARNESS_OTHER_HOST, $HARNESS_NOLOGIN_HOST
    port = $IMAPS_PORT
    ssl = yes
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
protocol imap {
  mail_max_userip_connections = 50
}
local $HARNESS_NOTLS_HOST {
  ssl = no
}
local $HARNESS_NOLOGIN_HOST {
  protocol imap {
    imap_capability = +LOGINDISABLED
  }
}
EOF
}

harness_start_dovecot() {
	dovecot -c "$HARNESS_DIR/dovecot.conf" ||
	    { harness_log "dovecot did not start (see $HARNESS_DIR/dovecot.log)"
	      return 1; }
	harness_wait_port "$IMAP_PORT" && harness_wait_port "$IMAPS_PORT" &&
	    harness_wait_port "$LMTP_PORT"
}

# Stops the process whose pid is in file $1 with SIGTERM, after $2 tenths
# of a second with SIGKILL, and removes the file.
harness_kill_pidfile() {
	[ -f "$1" ] || return 0
	_pid=$(cat "$1")
	kill "$_pid" 2>/dev/null
	_i=0
	while kill -0 "$_pid" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -ge "$2" ] && { kill -9 "$_pid" 2>/dev/null; break; }
		sleep 0.1
	done
	rm -f "$1"
}

harness_stop_dovecot() {
	[ -f "$HARNESS_DIR/run/master.pid" ] || return 0
	harness_kill_pidfile "$HARNESS_DIR/run/master.pid" 100
	# Sessions that outlive the master (an IMAP process between
	# commands) go too, as they would when the machine went down.
	pkill -KILL -f "^dovecot-sprintd-test-$(basename "$HARNESS_DIR")/" \
	    2>/dev/null
}

restart_dovecot() {
	harness_stop_dovecot
	harness_wait_port_closed "$IMAP_PORT"
	harness_start_dovecot
}

harness_start_smtpd() {
	_opt=""
	[ "${HARNESS_SMTP_NO_STARTTLS:-0}" = 1 ] && _opt=--no-starttls
	"$HARNESS_PYTHON" "$HARNESS_SRC/smtpd.py" --dir "$HARNESS_DIR" \
	    --port "$SMTP_PORT" --smtps-port "$SMTPS_PORT" \
	    --lmtp-port "$LMTP_PORT" --cert "$HARNESS_DIR/tls/server.crt" \
	    --key "$HARNESS_DIR/tls/server.key" $_opt \
	    >> "$HARNESS_DIR/smtpd.log" 2>&1 < /dev/null &
	echo $! > "$HARNESS_DIR/smtpd.pid"
	harness_wait_port "$SMTP_PORT" && harness_wait_port "$SMTPS_PORT"
}

harness_stop_smtpd() {
	harness_kill_pidfile "$HARNESS_DIR/smtpd.pid" 50
}

restart_smtpd() {
	harness_stop_smtpd
	harness_wait_port_closed "$SMTP_PORT"
	harness_start_smtpd
}

# Writes a sprintd.yaml; $1 file, $2 imap URL, $3 smtp URL, $4 tls.
harness_write_config() {
	{
		echo "database: $HARNESS_DB"
		echo "list_address: $HARNESS_LIST_ADDRESS"
		echo "from: \"PyPy sprints <$HARNESS_LIST_ADDRESS>\""
		echo "log_level: debug"
		echo "poll_interval: 5"
		echo "authserv_id: $HARNESS_AUTHSERV"
		echo "imap:"
		echo "  url: $2"
		echo "  user: $HARNESS_USER"
		echo "  password_file: $HARNESS_PASSWORD_FILE"
		echo "  tls: $4"
		[ "$4" = required ] && echo "  ca_file: $HARNESS_CA"
		echo "smtp:"
		echo "  url: $3"
		echo "  user: $HARNESS_USER"
		echo "  password_file: $HARNESS_PASSWORD_FILE"
		echo "  tls: $4"
		[ "$4" = required ] && echo "  ca_file: $HARNESS_CA"
	} > "$1"
	chmod 600 "$1"
}

harness_start() {
	if [ "$(id -u)" != 0 ]; then
		harness_log "must run as root (Dovecot drops privileges itself)"
		return 1
	fi
	for _p in dovecot openssl "$HARNESS_PYTHON"; do
		command -v "$_p" >/dev/null 2>&1 ||
		    { harness_log "$_p is not installed"; return 1; }
	done
	HARNESS_DIR=$(mktemp -d -t sprintd-harness.XXXXXX) ||
	    return 1
	# Dovecot's unprivileged processes must reach the mail below it.
	chmod 711 "$HARNESS_DIR"
	HARNESS_MAILDIR=$HARNESS_DIR/mail
	HARNESS_SENT=$HARNESS_DIR/sent
	HARNESS_FAULTS=$HARNESS_DIR/faults
	HARNESS_DB=$HARNESS_DIR/sprintd.db
	HARNESS_PASSWORD_FILE=$HARNESS_DIR/password
	HARNESS_CONFIG=$HARNESS_DIR/sprintd.yaml
	HARNESS_CONFIG_TLS=$HARNESS_DIR/sprintd-tls.yaml
	mkdir -p "$HARNESS_SENT"
	# shellcheck disable=SC2046
	set -- $(harness_free_ports 5)
	IMAP_PORT=$1 IMAPS_PORT=$2 LMTP_PORT=$3 SMTP_PORT=$4 SMTPS_PORT=$5
	(umask 077 && printf '%s\n' "$HARNESS_PASSWORD" \
	    > "$HARNESS_PASSWORD_FILE")
	harness_certs || { harness_log "openssl failed"; harness_stop;
	    return 1; }
	harness_dovecot_conf
	harness_start_dovecot || { harness_stop; return 1; }
	harness_start_smtpd ||
	    { harness_log "smtpd.py did not start (see $HARNESS_DIR/smtpd.log)"
	      harness_stop; return 1; }
	harness_write_config "$HARNESS_CONFIG" \
	    "imap://127.0.0.1:$IMAP_PORT/INBOX" \
	    "smtp://127.0.0.1:$SMTP_PORT" none
	harness_write_config "$HARNESS_CONFIG_TLS" \
	    "imaps://localhost:$IMAPS_PORT/INBOX" \
	    "smtp://localhost:$SMTP_PORT" required
	export HARNESS_DIR IMAP_PORT IMAPS_PORT LMTP_PORT SMTP_PORT SMTPS_PORT \
	    HARNESS_CA HARNESS_USER HARNESS_PASSWORD HARNESS_PASSWORD_FILE \
	    HARNESS_USERS HARNESS_DOMAIN HARNESS_LIST_ADDRESS HARNESS_CONFIG \
	    HARNESS_CONFIG_TLS HARNESS_DB HARNESS_SENT HARNESS_FAULTS \
	    HARNESS_MAILDIR HARNESS_OTHER_HOST HARNESS_NOLOGIN_HOST \
	    HARNESS_NOTLS_HOST
	harness_env > "$HARNESS_DIR/env"
	harness_log "Dovecot imap:$IMAP_PORT imaps:$IMAPS_PORT" \
	    "lmtp:$LMTP_PORT, SMTP $SMTP_PORT smtps:$SMTPS_PORT in $HARNESS_DIR"
}

harness_env() {
	for _v in HARNESS_DIR IMAP_PORT IMAPS_PORT LMTP_PORT SMTP_PORT \
	    SMTPS_PORT HARNESS_CA HARNESS_USER HARNESS_PASSWORD \
	    HARNESS_PASSWORD_FILE HARNESS_USERS HARNESS_DOMAIN \
	    HARNESS_LIST_ADDRESS HARNESS_CONFIG HARNESS_CONFIG_TLS HARNESS_DB \
	    HARNESS_SENT HARNESS_FAULTS HARNESS_MAILDIR HARNESS_OTHER_HOST \
	    HARNESS_NOLOGIN_HOST HARNESS_NOTLS_HOST; do
		eval "printf \"export %s='%s'\\n\" \$_v \"\$$_v\""
	done
}

harness_stop() {
	[ -n "${HARNESS_DIR:-}" ] && [ -d "$HARNESS_DIR" ] || return 0
	harness_stop_smtpd
	harness_stop_dovecot
	case $HARNESS_DIR in
	*/sprintd-harness.*) rm -rf "$HARNESS_DIR" ;;
	esac
	HARNESS_DIR=
}

# What a receiving server with DMARC checks writes on top of a message:
# HARNESS_AUTH=pass (the default: the harness's users send genuine
# mail), fail, or none (no header). The config trusts HARNESS_AUTHSERV.
# Delivery: with SPRINTD_NOW set, IMAP APPEND with that INTERNALDATE (as
# if the mail had arrived at the faked time); else LMTP.
harness_deliver_py='
import calendar, email.parser, email.utils, imaplib, os, smtplib, sys, time

def stamped(data):
    how = os.environ.get("HARNESS_AUTH", "pass")
    if how == "none":
        return data
    h = email.parser.BytesHeaderParser().parsebytes(data)
    dom = email.utils.parseaddr(h.get("From", ""))[1].rpartition("@")[2]
    line = "Authentication-Results: %s; dmarc=%s header.from=%s\r\n" % (
        os.environ["HARNESS_AUTHSERV"], how, dom.lower())
    return line.encode() + data

def deliver_all(port, imap_port, password, user, paths):
    now = os.environ.get("SPRINTD_NOW")
    if now:
        t = calendar.timegm(time.strptime(now, "%Y-%m-%dT%H:%M:%SZ"))
        m = imaplib.IMAP4("127.0.0.1", imap_port)
        m.login(user, password)
        for p in paths:
            with open(p, "rb") as f:
                data = stamped(f.read())
            typ, _ = m.append("INBOX", None, imaplib.Time2Internaldate(t),
                              data)
            if typ != "OK":
                sys.exit("APPEND of %s failed" % p)
        m.logout()
        return
    with smtplib.LMTP("127.0.0.1", port, timeout=60) as lmtp:
        for p in paths:
            with open(p, "rb") as f:
                lmtp.sendmail("harness@example.org", [user],
                              stamped(f.read()))
'

deliver() {
	HARNESS_AUTHSERV=$HARNESS_AUTHSERV "$HARNESS_PYTHON" -c \
	    "$harness_deliver_py
import sys
deliver_all(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4],
            [sys.argv[5]])" "$LMTP_PORT" "$IMAP_PORT" "$HARNESS_PASSWORD" \
	    "${2:-$HARNESS_USER}" "$1"
}

harness_fault() {
	echo "$1 $2 $3" >> "$HARNESS_FAULTS"
}

harness_faults_clear() {
	rm -f "$HARNESS_FAULTS"
}

harness_sent_count() {
	ls "$HARNESS_SENT" | grep -c '\.eml$'
}

# As a program: start or stop.
case ${0##*/} in
servers.sh)
	case ${1:-} in
	start)
		harness_start >&2 || exit 1
		harness_env
		;;
	stop)
		[ -n "${2:-}" ] && [ -f "$2/env" ] || {
			echo "usage: servers.sh stop DIR" >&2; exit 2; }
		HARNESS_DIR=$2
		harness_stop
		;;
	*)
		echo "usage: servers.sh start | stop DIR" >&2
		exit 2
		;;
	esac
	;;
esac
