#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# status.sh -- sprintctl status against what sprintd recorded with the real
# servers: all well exits 0; the SMTP server gone with a mail queued exits
# 1 and names smtp; a refused IMAP login (wrong password file) and a
# refused SMTP login show at once as login errors; a later success clears
# them; a mailbox not synced for over an hour needs attention. The systemd
# STATUS= line is caught on a notify socket. Both output formats are
# printed for each state.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
it_start

SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_NOW
SPRINTD_NOW=$IT_ADDED sprintctl sprint add "$(eml sprint.yaml)" >/dev/null ||
    it_fail "sprintctl sprint add"

# Prints sprintctl status in both formats; keeps the text in $st_text,
# the JSON in $st_json and the exit codes in $st_rc ("TEXT|JSON").
show() {
	echo "---- $1: sprintctl status ----"
	st_text=$(sprintctl status); _r1=$?
	printf '%s\n' "$st_text"
	echo "---- $1: sprintctl status --format json ----"
	st_json=$(sprintctl status --format json); _r2=$?
	printf '%s\n' "$st_json"
	echo "---- (exit $_r1, $_r2) ----"
	st_rc="$_r1|$_r2"
}
# A value from $st_json, by a Python expression over j.
jq_() {
	printf '%s' "$st_json" | "$HARNESS_PYTHON" -c \
	    "import json, sys; j = json.load(sys.stdin); print($1)"
}
# Runs sprintd --once with a notify socket; the STATUS= line it sent
# goes to $st_line.
once_notify() {
	_sock=$HARNESS_DIR/notify.sock
	rm -f "$_sock" "$HARNESS_DIR/notify.out"
	"$HARNESS_PYTHON" - "$_sock" "$HARNESS_DIR/notify.out" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(30)
with open(sys.argv[2], "w") as out:
    try:
        while True:
            m = s.recv(4096).decode("utf-8", "replace")
            out.write(m + "\n")
            out.flush()
            if m.startswith("STATUS="):
                break
    except socket.timeout:
        pass
PY
	_py=$!
	wait_for '[ -S "$_sock" ]'
	NOTIFY_SOCKET=$_sock sprintd_once
	_rc=$?
	wait "$_py"
	st_line=$(grep '^STATUS=' "$HARNESS_DIR/notify.out" 2>/dev/null)
	echo "systemd got: $st_line"
	return $_rc
}

# --- 1. All well -------------------------------------------------------
deliver "$(eml 01-anna.eml)"
once_notify || it_fail "sprintd --once with all well"
expect_match "STATUS= line says ok" "$st_line" \
    "^STATUS=ok: mailbox synced 11:00 UTC, 0 queued$"
show "all well"
expect_eq "all well: status exits 0" "$st_rc" "0|0"
expect_match "all well: says so" "$st_text" "all well"
expect_eq "all well: healthy in JSON" "$(jq_ 'j["healthy"]')" True
expect_eq "all well: last sync" "$(jq_ 'j["servers"]["imap"]["last_ok"]')" \
    "2026-12-21T11:00:00Z"
expect_eq "all well: last mail sent" \
    "$(jq_ 'j["servers"]["smtp"]["last_ok"]')" "2026-12-21T11:00:00Z"
expect_eq "all well: the open sprint and its counts" \
    "$(jq_ '[(s["slug"], s["registered"], s["waiting"], s["capacity"])
    for s in j["sprints"]]')" "[('leysin-2027', 1, 0, 15)]"
expect_match "all well: the next job in the sprint's zone" "$st_text" \
    "remind.*pending.*leysin-2027"
expect_match "all well: local time with its zone" \
    "$(jq_ 'j["jobs"][0]["due_local"]')" "^202[67]-[01][0-9]-[0-9][0-9] 09:00 CET$"

# --- 2. The SMTP server gone, a mail queued ----------------------------
harness_stop_smtpd
SPRINTD_NOW=2026-12-21T11:01:00Z
deliver "$(eml 02-bjoern.eml)"
once_notify && it_fail "sprintd --once succeeded without SMTP"
expect_match "STATUS= line names smtp" "$st_line" "^STATUS=error: smtp: "
show "SMTP down"
expect_eq "SMTP down: status exits 1" "$st_rc" "1|1"
expect_match "SMTP down: says what needs attention" "$st_text" \
    "1 thing needs attention"
expect_match "SMTP down: names smtp and the time" "$st_text" \
    "! smtp: .*(at 11:01 UTC)"
expect_eq "SMTP down: smtp failing, not permanent" \
    "$(jq_ 'j["servers"]["smtp"]["failing"], j["servers"]["smtp"]["permanent"]')" \
    "True False"
# A server that cannot be reached uses up no attempt of the mail: it
# stays queued, due, and the smtp error is what needs attention.
expect_eq "SMTP down: the mail waits, no attempt used" \
    "$(jq_ 'j["outbox"]["queued"], j["outbox"]["retrying"]')" "1 0"
expect_eq "SMTP down: the mailbox is fine" \
    "$(jq_ 'j["servers"]["imap"]["failing"]')" False

# --- 3. Back: the retry goes out, status is well again -----------------
harness_start_smtpd || it_fail "SMTP server restarted"
SPRINTD_NOW=2026-12-21T11:07:00Z
sprintd_once || it_fail "sprintd --once after SMTP came back"
show "SMTP back"
expect_eq "SMTP back: status exits 0" "$st_rc" "0|0"
expect_match "SMTP back: the last error stays to be seen" "$st_text" \
    "last error   2026-12-21 11:01 UTC"

# --- 4. A refused IMAP login -------------------------------------------
(umask 077 && echo not-the-password > "$HARNESS_DIR/wrong-password")
sed "/^imap:/,/^smtp:/s|password_file: .*|password_file: \
$HARNESS_DIR/wrong-password|" "$HARNESS_CONFIG" > "$HARNESS_DIR/bad-imap.yaml"
chmod 600 "$HARNESS_DIR/bad-imap.yaml"
SPRINTD_NOW=2026-12-21T11:08:00Z
IT_CONFIG=$HARNESS_DIR/bad-imap.yaml once_notify &&
    it_fail "sprintd --once logged in with a wrong password"
expect_match "STATUS= line: imap login refused" "$st_line" \
    "^STATUS=error: imap: login refused (at 11:08 UTC)"
show "IMAP login refused"
expect_eq "IMAP login refused: status exits 1" "$st_rc" "1|1"
expect_match "IMAP login refused: said at once" "$st_text" \
    "! imap: login refused (at 11:08 UTC): IMAP .*LOGIN"
expect_match "IMAP login refused: what to do" "$st_text" \
    "check imap.user and imap.password_file"
expect_eq "IMAP login refused: permanent" \
    "$(jq_ 'j["servers"]["imap"]["permanent"]')" True
case $st_text$st_json in
*not-the-password*|*"$HARNESS_PASSWORD"*)
	it_fail "a password shows in the status" ;;
*)	it_ok "no password in the status" ;;
esac
# Still refused a minute later: still marked (no success in between).
SPRINTD_NOW=2026-12-21T11:09:00Z
IT_CONFIG=$HARNESS_DIR/bad-imap.yaml sprintd_once
expect_eq "IMAP login refused: still permanent" \
    "$(sprintctl status --format json | "$HARNESS_PYTHON" -c \
    'import json, sys; print(json.load(sys.stdin)["servers"]["imap"]["permanent"])')" \
    True

# --- 5. A refused SMTP login (535) -------------------------------------
sed "/^smtp:/,\$s|password_file: .*|password_file: \
$HARNESS_DIR/wrong-password|" "$HARNESS_CONFIG" > "$HARNESS_DIR/bad-smtp.yaml"
chmod 600 "$HARNESS_DIR/bad-smtp.yaml"
SPRINTD_NOW=2026-12-21T11:10:00Z
deliver "$(eml 09-frank.eml)"
IT_CONFIG=$HARNESS_DIR/bad-smtp.yaml sprintd_once &&
    it_fail "sprintd --once sent with a wrong SMTP password"
show "SMTP login refused"
expect_eq "SMTP login refused: status exits 1" "$st_rc" "1|1"
expect_match "SMTP login refused: said at once" "$st_text" \
    "! smtp: login refused (at 11:10 UTC): SMTP server said: 535"
expect_eq "SMTP login refused: permanent; IMAP well again" \
    "$(jq_ 'j["servers"]["smtp"]["permanent"], j["servers"]["imap"]["permanent"], j["servers"]["imap"]["failing"]')" \
    "True False False"

# --- 6. The right config again: all clear ------------------------------
SPRINTD_NOW=2026-12-21T11:20:00Z
sprintd_once || it_fail "sprintd --once with the right config"
show "all clear"
expect_eq "all clear: status exits 0" "$st_rc" "0|0"
expect_eq "all clear: nothing permanent" \
    "$(jq_ 'j["servers"]["imap"]["permanent"], j["servers"]["smtp"]["permanent"]')" \
    "False False"

# --- 7. No sync for over an hour (poll_interval 5 s: the hour counts) --
SPRINTD_NOW=2026-12-21T12:21:00Z
show "no sync for an hour"
expect_eq "no sync: status exits 1" "$st_rc" "1|1"
expect_match "no sync: says so" "$st_text" \
    "no successful mailbox sync for 1 h 1 min (more than 1 h)"
expect_eq "no sync: limit in JSON" "$(jq_ 'j["sync_limit_seconds"]')" 3600

# --- 8. Usage ----------------------------------------------------------
sprintctl status --format xml >/dev/null 2>&1
expect_eq "status --format xml is a usage error" "$?" 2
sprintctl status extra >/dev/null 2>&1
expect_eq "status with an argument is a usage error" "$?" 2
