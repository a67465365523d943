#!/usr/bin/python3
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# fill.py DRAFT -- the EDITOR of generate.sh: fills in the reply a mail
# client opened, as a person would, and writes down what was typed.
#   FILL_HOW     top: the answer above the whole quote; bottom: below it;
#                inplace: each form line of the quote replaced by its
#                answer, un-quoted, the rest of the quote kept; trim: the
#                same, with the quote above and below the form deleted;
#                under: the attribution kept, the answer right under it,
#                all of the quote deleted
#   FILL_PREFIX  the quote prefix the client was set to use ("> ", "\t")
#   FILL_ANSWER  the answer, "Key: value" lines (and prose)
#   FILL_SIG     a signature typed at the end ("-- \nAnna"), or empty
#   FILL_TYPED   where what was typed is written (UTF-8)
#   FILL_CHARSET the draft's charset (utf-8 unless told)
import os, sys

path = sys.argv[-1]
cs = os.environ.get("FILL_CHARSET", "utf-8")
how = os.environ["FILL_HOW"]
prefix = os.environ.get("FILL_PREFIX", "> ")
answer = os.environ["FILL_ANSWER"].rstrip("\n").split("\n")
sig = os.environ.get("FILL_SIG", "")
with open(path, encoding=cs, newline="") as f:
    text = f.read()
lines = text.split("\n")
if lines and lines[-1] == "":
    lines.pop()

def quoted(l):
    p = prefix.rstrip()
    return l.startswith(prefix) or (p != "" and l.startswith(p))

# Clients that send format=flowed quote with ">" whatever they were told.
if not any(quoted(l) and l.strip() != "" for l in lines):
    prefix = ">"

def unq(l):
    if l.startswith(prefix):
        return l[len(prefix):]
    return l[len(prefix.rstrip()):] if quoted(l) else l

def key(l):
    k = l.split(":", 1)[0].strip().lower()
    return k if ":" in l and 0 < len(k) <= 20 and \
        all(c.isalpha() or c in " /" for c in k) else None

# The client's signature block (its own "-- " line) stays last.
tail = []
for i, l in enumerate(lines):
    if l in ("-- ", "--") and not quoted(l):
        tail = lines[i:]
        lines = lines[:i]
        break
while lines and lines[-1].strip() == "":
    lines.pop()
first = next((i for i, l in enumerate(lines) if quoted(l)), len(lines))
head, body = lines[:first], lines[first:]
while head and head[-1].strip() == "":
    head.pop()

akeys = {}
for a in answer:
    if key(a) is not None:
        akeys.setdefault(key(a), a)
out = []
if how == "top":
    out = answer + [""] + head + body
elif how == "bottom":
    out = head + body + [""] + answer
elif how == "under":
    out = head + answer
elif how in ("inplace", "trim"):
    done, spans = set(), []
    form = []
    for l in body:
        k = key(unq(l))
        if k in akeys and k not in done:
            done.add(k)
            form.append(akeys[k])
            spans.append(len(form) - 1)
        else:
            form.append(l)
    rest = [a for a in answer if key(a) is None or key(a) not in done]
    if not spans:
        sys.exit("fill.py: no form in the quote")
    lo, hi = min(spans), max(spans)
    # What the person added that the form had no line for goes below it.
    form[hi + 1:hi + 1] = [a for a in rest if key(a) is not None]
    hi += len([a for a in rest if key(a) is not None])
    prose = [a for a in rest if key(a) is None]
    if how == "trim":
        form = form[lo:hi + 1]
        out = head + form + ([""] + prose if prose else [])
    else:
        out = head + ([""] + prose + [""] if prose else []) + form
else:
    sys.exit("fill.py: FILL_HOW " + how)
if sig:
    out += [""] + sig.split("\n")
out += tail
with open(path, "w", encoding=cs, newline="") as f:
    f.write("\n".join(out) + "\n")
with open(os.environ["FILL_TYPED"], "w", encoding="utf-8") as f:
    f.write("\n".join(answer) + "\n")
