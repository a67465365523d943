#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# group.sh -- the deployment of sprintd.service, by hand: a throwaway
# system user and group (as sysusers.d makes sprintd), the state directory
# 0750 user:group (as StateDirectory= makes it), a config 0640 root:group
# and a password file 0600 the user's. The daemon, as that user and under
# umask 0, creates the database: it and its -wal and -shm are 0660, none
# for others. An organizer, a member of the group who is not root, runs
# sprintctl against it with the daemon stopped and while it runs; someone
# outside the group cannot. The users are removed at the end.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
for c in useradd userdel groupdel setpriv; do
	command -v $c >/dev/null 2>&1 || { echo "group.sh: no $c: skipped"; exit 77; }
done
it_start

u=sprintd-it$$		# the daemon's user and group
org=sprintd-org$$	# an organizer in that group
pid=
group_cleanup() {
	[ -z "$pid" ] || kill "$pid" 2>/dev/null
	[ -z "$pid" ] || wait "$pid" 2>/dev/null
	userdel "$org" 2>/dev/null
	groupdel "$org" 2>/dev/null
	userdel "$u" 2>/dev/null
	groupdel "$u" 2>/dev/null
}
trap 'rc=$?; group_cleanup; (exit $rc); it_finish' EXIT
useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$u" || it_fail "useradd $u"
useradd --system --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin -G "$u" "$org" || it_fail "useradd $org"

# What the package installs, where the throwaway users can reach it (the
# build tree may sit below a directory only root may enter).
top=$HARNESS_DIR/pkg
mkdir -p "$top/bin" "$top/etc" "$top/state"
cp "$BUILDDIR/sprintd" "$BUILDDIR/sprintctl" "$top/bin/"
cp -r "$top_srcdir/templates" "$top/templates"
cp "$(eml sprint.yaml)" "$top/sprint.yaml"
chmod -R a+rX "$top"
chown "$u:$u" "$top/state"
chmod 0750 "$top/state"
install -m 0600 -o "$u" -g "$u" "$HARNESS_PASSWORD_FILE" "$top/etc/password"
cfg=$top/etc/sprintd.yaml
sed -e "s|^database: .*|database: $top/state/sprintd.db|" \
    -e "s|password_file: .*|password_file: $top/etc/password|" \
    -e "s|^log_level: .*|log_level: info|" "$HARNESS_CONFIG" > "$cfg"
chown "root:$u" "$cfg"
chmod 0640 "$cfg"
SPRINTD_TEMPLATES=$top/templates
SPRINTD_NOW=2026-12-21T11:00:00Z
export SPRINTD_TEMPLATES SPRINTD_NOW
as() {	# USER COMMAND...: run as USER and its groups (exec, no session)
	_who=$1
	shift
	setpriv --reuid "$_who" --regid "$(id -g "$_who")" --init-groups \
	    "$@"
}
mode() {
	stat -c '%a %U:%G' "$1"
}

"$top/bin/sprintd" -n --user "$u" -c "$cfg" >>"$IT_LOG" 2>&1 ||
    it_fail "sprintd -n --user $u"
# The daemon creates the database, with a umask that would give it away.
deliver "$(eml 01-anna.eml)"
as "$u" sh -c "umask 0; exec '$top/bin/sprintd' -c '$cfg' --once" \
    >>"$IT_LOG" 2>&1 || it_fail "sprintd --once as $u"
for f in sprintd.db sprintd.db-wal sprintd.db-shm; do
	expect_eq "$f: 0660, the daemon's" "$(mode "$top/state/$f")" "660 $u:$u"
done

# The organizer, with the daemon stopped: reads and writes.
out=$(SPRINTD_NOW=$IT_ADDED as "$org" "$top/bin/sprintctl" -c "$cfg" sprint add \
    "$top/sprint.yaml" 2>&1)
expect_eq "organizer: sprint add ($out)" $? 0
out=$(as "$org" "$top/bin/sprintctl" -c "$cfg" sprint list 2>&1)
expect_match "organizer: sprint list" "$out" "leysin-2027"
# The daemon reads Anna's registration (it came before the sprint, so
# again) and answers; the organizer sees both.
deliver "$(eml 02-bjoern.eml)"
as "$u" "$top/bin/sprintd" -c "$cfg" --once >>"$IT_LOG" 2>&1 ||
    it_fail "sprintd --once as $u (2)"
out=$(as "$org" "$top/bin/sprintctl" -c "$cfg" people leysin-2027 2>&1)
expect_match "organizer: people, daemon stopped" "$out" "Björn"
out=$(as "$org" "$top/bin/sprintctl" -c "$cfg" outbox 2>&1)
expect_eq "organizer: outbox, daemon stopped" $? 0

# Only the daemon composes mail. Its key is its own; the organizer's
# --notify is a request it runs; a row the organizer writes into the
# outbox with sqlite3 is refused, never sent.
expect_eq "the outbox key: 0600, the daemon's" \
    "$(mode "$top/state/sprintd.db.key")" "600 $u:$u"
if as "$org" sh -c "cat '$top/state/sprintd.db.key' >/dev/null" 2>/dev/null
then
	it_fail "the organizer could read the outbox key"
else
	it_ok "the outbox key is closed to the group"
fi
db=$top/state/sprintd.db
q() {	# a one-value query that leaves the WAL in place (a root sqlite3
	# would remove it on close, and the group could not make it again)
	sqlite3 -cmd '.filectrl persist_wal 1' "$db" "$1" | tail -n 1
}
n0=$(q "SELECT count(*) FROM outbox")
out=$(as "$org" "$top/bin/sprintctl" -c "$cfg" person leysin-2027 \
    bjoern@example.org set diet=vegan --notify 2>&1)
expect_match "organizer: --notify asks the daemon ($out)" "$out" \
    "requested; sprintd composes"
expect_eq "sprintctl queued nothing itself" \
    "$(q "SELECT count(*) FROM outbox")" "$n0"
as "$org" sqlite3 "$db" "INSERT INTO outbox (message_id, kind, recipient,
    next_attempt, created_at) VALUES ('<org-forged@example.org>', 'confirm',
    'victim@example.org', '2026-12-21T00:00:00Z', '2026-12-21T00:00:00Z');
    INSERT INTO outbox_bodies (id, data) VALUES (last_insert_rowid(),
    CAST('Pay 50 EUR' AS BLOB))" || it_fail "the organizer's sqlite3 write"
as "$u" "$top/bin/sprintd" -c "$cfg" --once >>"$IT_LOG" 2>&1 ||
    it_fail "sprintd --once as $u (requests)"
expect_eq "the daemon sent the requested mail" "$(q "SELECT
    status FROM outbox WHERE id > $n0 AND recipient = 'bjoern@example.org'
    AND kind = 'confirm'")" sent
expect_eq "and refused the organizer's row" "$(q "SELECT
    status || ' ' || refused FROM outbox WHERE
    message_id = '<org-forged@example.org>'")" "failed 1"

# While the daemon runs.
setpriv --reuid "$u" --regid "$u" --init-groups \
    "$top/bin/sprintd" -c "$cfg" --foreground >>"$IT_LOG" 2>&1 &
pid=$!
wait_for "grep -q 'imap.*connected' '$IT_LOG'" ||
    it_fail "the daemon did not connect"
out=$(as "$org" "$top/bin/sprintctl" -c "$cfg" people leysin-2027 --format csv 2>&1)
expect_match "organizer: people, daemon running" "$out" "bjoern@example.org"
kill -TERM $pid
wait $pid
expect_eq "the daemon ends cleanly" $? 0
pid=

# Nobody else: neither the config nor the database.
out=$(as nobody "$top/bin/sprintctl" -c "$cfg" sprint list 2>&1)
[ $? -ne 0 ] || it_fail "nobody could run sprintctl: $out"
if as nobody sh -c "cat '$top/state/sprintd.db' >/dev/null" 2>/dev/null; then
	it_fail "nobody could read the database"
else
	it_ok "the database is closed to others"
fi
for f in sprintd.db sprintd.db-wal sprintd.db-shm; do
	expect_eq "$f: still 0660, the daemon's" "$(mode "$top/state/$f")" \
	    "660 $u:$u"
done
