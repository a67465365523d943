#!/bin/sh
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# generate.sh -- the real-client corpus: mutt, neomutt, alpine, s-nail and
# Emacs (rmail and message-mode) answer sprintd's own mail (originals/,
# made by originals.sh) the way people answer it: the form filled in at
# the top, at the bottom, in place in the quote, right under a kept
# attribution with the rest of the quote deleted, with a signature; in
# the settings people use (format=flowed on and off, ISO-8859-1, German
# and French attributions, the quote prefixes "> ", "| ", ": ", TAB and
# "  "). Each client runs as a person runs it: mutt, neomutt and alpine
# in tmux (keys sent, the screen read), s-nail in batch with tilde
# escapes, Emacs in batch; the EDITOR each starts is fill.py, which
# types the answer. Each client sends through sink.sh, which keeps the
# message byte for byte as CLIENT/NAME.eml; beside it NAME.typed is what
# was typed and NAME.json how sprintctl parse reads what was typed, on
# its own (the parse the whole reply must give).
#
# Run by hand, as root (it installs nothing; the clients and tmux come
# from their Debian packages: mutt neomutt alpine s-nail emacs-nox tmux):
#   SPRINTCTL=_build/sprintctl sh tests/data/mua/generate.sh [CLIENT...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
: "${SPRINTCTL:=$top/_build/sprintctl}"
sprint=$top/tests/data/demo/sprint.yaml
W=$(mktemp -d /tmp/sprintd-mua.XXXXXX)
trap 'tmux -L sprintd-mua kill-server 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$W"' EXIT
mkdir -p "$W/home/mail"
: > "$W/home/mail/sent-mail"

# The originals as one mbox each, the way the person's mailbox holds them.
for k in announce confirm evaluate; do
	{
		echo "From pypy-sprint@example.org Mon Dec 21 11:05:00 2026"
		tr -d '\r' < "$here/originals/$k.eml" | sed 's/^From />From /'
		echo
	} > "$W/$k.orig"
done

cat > "$W/sink.sh" <<EOF
#!/bin/sh
cat > "$W/sent.eml"
EOF
chmod +x "$W/sink.sh"

# The answers people type.
answer() {
	case $1 in
	reg-en) printf 'Name: Anna Example\nArrive: 2027-01-07\nDepart: 2027-01-14\nAccommodation: Ermina\nFirst sprint: yes\nFunding: no\nDiet: vegetarian\n' ;;
	reg-de) printf 'Name: Jürgen Müller\nArrive: Thu 7 Jan\nDepart: Thu 14 Jan\nAccommodation: private\nFirst sprint: no\nFunding: no\nDiet: keine Nüsse\n' ;;
	reg-fr) printf 'Name: Hélène Dupré\nArrive: 2027-01-08\nDepart: 2027-01-13\nAccommodation: Ermina\nFirst sprint: yes\nFunding: yes\nDiet: végétarienne\n' ;;
	reg-short) printf 'Name: Bob Builder\nArrive: 2027-01-07\nDepart: 2027-01-12\nAccommodation: Ermina\n' ;;
	reg-prose) printf 'Hi, I would like to join!\n\nName: Carla Tester\nArrive: 2027-01-09\nDepart: 2027-01-14\nAccommodation: private\nFirst sprint: no\n' ;;
	upd-depart) printf 'Depart: 2027-01-13\n' ;;
	upd-diet) printf 'Diet: vegan, sans gluten\n' ;;
	upd-two) printf 'Arrive: 2027-01-08\nAccommodation: private\n' ;;
	cancel) printf 'Cancel: yes\n' ;;
	eval-en) printf 'overall: 4\nvenue: 5\nchange: More whiteboards, please.\n' ;;
	eval-de) printf 'overall: 5\nvenue: 3\nchange: Wärmere Räume und früher Frühstück.\n' ;;
	eval-fr) printf 'overall: 3\nvenue: 4\nchange: Un café plus fort, s'"'"'il vous plaît.\n' ;;
	*) echo "no answer $1" >&2; exit 1 ;;
	esac
}

# The case table: NAME ORIGINAL HOW PREFIX ATTR FLOWED CHARSET ANSWER SIG.
# PREFIX: gt "> ", bar "| ", colon ": ", tab TAB, sp "  "; ATTR: en de
# fr (the attribution's language); SIG: 1 a signature typed at the end.
cases() {
	cat <<'EOF'
announce-top-en announce top gt en 0 utf-8 reg-en 0
announce-bottom-bar announce bottom bar en 0 utf-8 reg-short 1
announce-inplace-de announce inplace gt de 1 iso-8859-1 reg-de 0
announce-under-fr announce under gt fr 0 iso-8859-1 reg-fr 1
announce-trim-colon announce trim colon en 1 utf-8 reg-prose 0
announce-under-tab announce under tab en 0 utf-8 reg-short 0
announce-bottom-sp announce bottom sp de 0 iso-8859-1 reg-de 1
announce-inplace-bar announce inplace bar fr 1 utf-8 reg-fr 0
confirm-top-cancel confirm top gt en 0 utf-8 cancel 1
confirm-inplace-depart confirm inplace gt de 1 utf-8 upd-depart 0
confirm-under-diet confirm under bar fr 0 iso-8859-1 upd-diet 0
confirm-bottom-tab confirm bottom tab en 0 utf-8 upd-two 1
confirm-trim-sp confirm trim sp en 1 utf-8 upd-depart 0
evaluate-inplace-en evaluate inplace gt en 0 utf-8 eval-en 0
evaluate-bottom-de evaluate bottom colon de 1 iso-8859-1 eval-de 1
evaluate-under-fr evaluate under gt fr 0 iso-8859-1 eval-fr 0
EOF
}

prefix_of() {
	case $1 in
	gt) printf '> ' ;; bar) printf '| ' ;; colon) printf ': ' ;;
	tab) printf '\t' ;; sp) printf '  ' ;;
	esac
}

# Waits (up to 20 s) until tmux window $1 shows the text $2.
screen_wait() {
	_i=0
	until tmux -L sprintd-mua capture-pane -p -t "$1" 2>/dev/null |
	    grep -q -- "$2"; do
		_i=$((_i + 1))
		if [ $_i -ge 200 ]; then
			echo "generate.sh: $1: no \"$2\" on the screen:" >&2
			tmux -L sprintd-mua capture-pane -p -t "$1" >&2 || true
			return 1
		fi
		sleep 0.1
	done
}
# Waits until the client in window $1 has ended.
gone_wait() {
	_i=0
	while tmux -L sprintd-mua has-session -t "$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -lt 200 ] || { echo "generate.sh: $1 still runs" >&2;
		    return 1; }
		sleep 0.1
	done
}

# Waits until the client has handed the mail to sink.sh.
sent_wait() {
	_i=0
	until [ -s "$W/sent.eml" ]; do
		_i=$((_i + 1))
		[ $_i -lt 200 ] || { echo "generate.sh: nothing sent" >&2;
		    return 1; }
		sleep 0.1
	done
	sleep 0.3
}

# The environment fill.py reads; the editor each client starts.
fill_env() {
	FILL_HOW=$how
	FILL_PREFIX=$(prefix_of "$pfx")
	FILL_ANSWER=$(answer "$ans")
	FILL_SIG=
	[ "$sig" = 1 ] && FILL_SIG=$(printf -- '-- \nAnna')
	FILL_TYPED=$W/typed
	FILL_CHARSET=utf-8
	export FILL_HOW FILL_PREFIX FILL_ANSWER FILL_SIG FILL_TYPED FILL_CHARSET
	cat > "$W/editor" <<EOF
#!/bin/sh
exec /usr/bin/python3 "$here/fill.py" "\$@" 2>>"$W/editor.log"
EOF
	chmod +x "$W/editor"
}

run_mutt() {	# mutt or neomutt
	prog=$1
	case $attr in
	de) at='Am %{%d.%m.%Y um %H:%M} schrieb %n:' ;;
	fr) at='Le %{%d/%m/%Y à %H:%M}, %n a écrit :' ;;
	*) at='On %d, %n wrote:' ;;
	esac
	ind=$(prefix_of "$pfx")
	[ "$pfx" = tab ] && ind='\t'
	cat > "$W/muttrc" <<EOF
set folder="$W"
set spoolfile="$W/in.mbox"
set sendmail="$W/sink.sh"
set editor="$W/editor"
set include=yes
set fast_reply=yes
set askcc=no
set copy=no
set move=no
set quit=yes
set edit_headers=no
set realname="Anna Example"
set from="anna@example.org"
set use_from=yes
set charset="utf-8"
set send_charset="$cs"
set hostname=example.org
set attribution="$at"
set indent_string="$ind"
set text_flowed=$([ "$flowed" = 1 ] && echo yes || echo no)
EOF
	tmux -L sprintd-mua new-session -d -s mua -x 100 -y 40 \
	    "env HOME='$W/home' TERM=xterm LANG=C.UTF-8 $prog -n -F '$W/muttrc' -f '$W/in.mbox'"
	screen_wait mua 'Reply'
	tmux -L sprintd-mua send-keys -t mua r
	screen_wait mua 'y:Send'
	tmux -L sprintd-mua send-keys -t mua y
	sent_wait
	tmux -L sprintd-mua send-keys -t mua q
	gone_wait mua
}

run_alpine() {
	case $attr in
	de) at='Am _DAYDATE_ schrieb _FROM_:' ;;
	fr) at='Le _DAYDATE_, _FROM_ a écrit :' ;;
	*) at='On _DAYDATE_, _FROM_ wrote:' ;;
	esac
	feat=enable-alternate-editor-implicitly,quell-user-lookup-in-passwd-file,quell-lock-failure-warnings,quell-maildomain-warning,quit-without-confirm
	[ "$flowed" = 1 ] || feat=$feat,quell-flowed-text
	ind=$(prefix_of "$pfx")
	[ "$pfx" = tab ] && ind='	'
	cat > "$W/pinerc" <<EOF
personal-name=Anna Example
user-domain=example.org
customized-hdrs=From: Anna Example <anna@example.org>
sendmail-path=$W/sink.sh
editor=$W/editor
inbox-path=$W/in.mbox
last-version-used=6.26
feature-list=$feat
posting-character-set=$cs
reply-indent-string="$ind"
reply-leadin=$at
EOF
	tmux -L sprintd-mua new-session -d -s mua -x 100 -y 40 \
	    "env HOME='$W/home' TERM=xterm LANG=C.UTF-8 alpine -p '$W/pinerc' -i -f '$W/in.mbox'"
	screen_wait mua 'R Reply'
	tmux -L sprintd-mua send-keys -t mua R
	# Its questions, in the order it asks them: only to the sender, with
	# the original included.
	_i=0
	while [ $_i -lt 200 ]; do
		_s=$(tmux -L sprintd-mua capture-pane -p -t mua)
		case $_s in
		*'Alternate editor done'*) break ;;
		*'Reply to all recipients'*)
			tmux -L sprintd-mua send-keys -t mua n ;;
		*'Include original'*)
			tmux -L sprintd-mua send-keys -t mua y ;;
		esac
		sleep 0.2
		_i=$((_i + 1))
	done
	tmux -L sprintd-mua send-keys -t mua C-x
	screen_wait mua 'Send message'
	tmux -L sprintd-mua send-keys -t mua y
	sent_wait
	# q is lost while Alpine writes the folder's flags: again until it
	# has gone.
	_i=0
	while tmux -L sprintd-mua has-session -t mua 2>/dev/null &&
	    [ $_i -lt 40 ]; do
		tmux -L sprintd-mua send-keys -t mua q
		sleep 0.5
		_i=$((_i + 1))
	done
	gone_wait mua
}

run_snail() {
	case $attr in
	de) at='Am %d schrieb %f:' ;;
	fr) at='Le %d, %f a écrit :' ;;
	*) at='%f wrote:' ;;
	esac
	# Its own default ends in two newlines: the head is not a line else.
	at="$at

"
	printf 'reply 1\n~e\n~.\n' | env HOME="$W/home" LANG=C.UTF-8 \
	    MAILCAPS=/dev/null EDITOR="$W/editor" s-nail -# -n \
	    -S mta="$W/sink.sh" -S from="Anna Example <anna@example.org>" \
	    -S hostname=example.org -S quote -S quote-inject-head="$at" \
	    -S indentprefix="$(prefix_of "$pfx")" -S sendcharsets="$cs" \
	    -f "$W/in.mbox" >/dev/null
}

run_emacs() {
	case $attr in
	de) at='(setq message-citation-line-function (quote message-insert-formatted-citation-line) message-citation-line-format "Am %d.%m.%Y um %R schrieb %f:")' ;;
	fr) at='(setq message-citation-line-function (quote message-insert-formatted-citation-line) message-citation-line-format "Le %d/%m/%Y à %R, %f a écrit :")' ;;
	*) at='nil' ;;
	esac
	case $cs in
	iso-8859-1) csel="(setq mm-coding-system-priorities '(iso-8859-1))" ;;
	*) csel="(setq mm-coding-system-priorities '(utf-8))" ;;
	esac
	cat > "$W/reply.el" <<EOF
(require 'rmail)
(require 'message)
(set-language-environment "UTF-8")
(setq user-mail-address "anna@example.org" user-full-name "Anna Example"
      mail-user-agent 'message-user-agent
      message-send-mail-function 'message-send-mail-with-sendmail
      sendmail-program "$W/sink.sh"
      message-interactive nil
      rmail-preserve-inbox t
      rmail-primary-inbox-list nil
      mail-host-address "example.org"
      mml-enable-flowed $([ "$flowed" = 1 ] && echo t || echo nil)
      message-yank-prefix "$(prefix_of "$pfx" | sed 's/\t/\\t/')"
      message-yank-cited-prefix "$(prefix_of "$pfx" | sed 's/\t/\\t/')"
      message-yank-empty-prefix "$(prefix_of "$pfx" | sed 's/\t/\\t/;s/ *$//')")
$at
$csel
(rmail "$W/in.mbox")
(rmail-show-message 1)
(rmail-reply t)
(message-goto-body)
(message-yank-original)
(let ((f "$W/draft"))
  (message-goto-body)
  (let ((coding-system-for-write 'utf-8)) (write-region (point) (point-max) f))
  (unless (eq 0 (call-process "$W/editor" nil nil nil f))
    (error "the editor failed"))
  (delete-region (point) (point-max))
  (let ((coding-system-for-read 'utf-8)) (insert-file-contents f))
  ;; What the person typed ends in hard newlines; message-mode makes
  ;; only the lines it wraps itself flowed.
  (when mml-enable-flowed
    (use-hard-newlines t 'always)
    (set-hard-newline-properties (point-min) (point-max))))
(message-send)
EOF
	env HOME="$W/home" emacs --batch -Q -l "$W/reply.el" </dev/null >"$W/emacs.log" 2>&1 ||
	    { cat "$W/emacs.log" >&2; return 1; }
}

# The parse of what was typed, on its own: the headers the client sent,
# the typed text as the body.
expected() {
	/usr/bin/python3 - "$W/sent.eml" "$W/typed" "$W/alone.eml" <<'PY'
import sys
raw = open(sys.argv[1], "rb").read().replace(b"\r\n", b"\n")
head = raw.split(b"\n\n", 1)[0].decode("ascii", "replace").split("\n")
keep, skip = [], False
for l in head:
    if l[:1] in (" ", "\t"):
        if not skip:
            keep.append(l)
        continue
    name = l.split(":", 1)[0].lower()
    skip = name.startswith("content-") or name == "mime-version"
    if not skip:
        keep.append(l)
keep += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
         "Content-Transfer-Encoding: 8bit"]
typed = open(sys.argv[2], "rb").read()
open(sys.argv[3], "wb").write("\n".join(keep).encode() + b"\n\n" + typed)
PY
	"$SPRINTCTL" parse --sprint-file "$sprint" "$W/alone.eml" |
	    /usr/bin/python3 -m json.tool --no-ensure-ascii
}

clients=${*:-mutt neomutt alpine s-nail emacs}
for client in $clients; do
	mkdir -p "$here/$client"
	cases | while read -r name orig how pfx attr flowed cs ans sig; do
		cp "$W/$orig.orig" "$W/in.mbox"
		rm -f "$W/sent.eml" "$W/typed"
		fill_env
		case $client in
		mutt|neomutt) run_mutt "$client" ;;
		alpine) run_alpine ;;
		s-nail) run_snail ;;
		emacs) run_emacs ;;
		esac
		if [ ! -s "$W/sent.eml" ] || [ ! -s "$W/typed" ]; then
			echo "generate.sh: $client $name: nothing sent" >&2
			exit 1
		fi
		cp "$W/sent.eml" "$here/$client/$name.eml"
		cp "$W/typed" "$here/$client/$name.typed"
		expected > "$here/$client/$name.json"
		echo "$client/$name"
	done
done
