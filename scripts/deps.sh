#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# Installs the Debian 12 packages sprintd builds and tests with, when they
# are missing. Run as root; does nothing when everything is there.
set -eu
PKGS="build-essential autoconf automake pkg-config
libcurl4-gnutls-dev libetpan-dev libyaml-dev libsqlite3-dev libcmocka-dev
libgnutls28-dev libjansson-dev libical-dev dovecot-imapd dovecot-lmtpd
python3-aiosmtpd python3-icalendar chromium openssl ca-certificates tzdata
python3-docutils
sqlite3 procps iproute2
libsasl2-modules systemd passwd util-linux
mailman3 postfix"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: missing packages:$missing (run as root to install)" >&2
		exit 1
	fi
	echo "deps.sh: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# The daemons' own services are not started: tests run private ones.
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d.sprintd
	[ -e /usr/sbin/policy-rc.d ] || { cp /usr/sbin/policy-rc.d.sprintd \
	    /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; rm_policy=1; }
	rm -f /usr/sbin/policy-rc.d.sprintd
	# Postfix is for the tests' private instances (tests/harness): the
	# package writes no system configuration of its own.
	command -v debconf-set-selections >/dev/null 2>&1 &&
	    echo "postfix postfix/main_mailer_type select No configuration" |
	    debconf-set-selections
	apt-get install -y -q --no-install-recommends $missing
	[ -z "${rm_policy:-}" ] || rm -f /usr/sbin/policy-rc.d
fi
