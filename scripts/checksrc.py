#!/usr/bin/python3
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
"""checksrc.py -- the house style of sprintd's C, as named rules.

Usage: checksrc.py [-C TOPDIR] [--baseline] [FILE...]  (default: the C
files of daemon/, tests/, fuzz/ and bench/). Prints "file:line:col: RULE:
what" for each violation and exits 1 when there is one. --baseline prints
the "allow LONGLINE" lines of .checksrc for the files as they are (after a
merge that brought long lines: read them before taking them).

Rules:
  RETURNPAREN   "return (x);": write "return x;"
  LONGLINE      a line over 80 columns (a tab stops every 8)
  COMMENT       a comment opens "/* " (or "/*" alone on its line): no "//",
                no "/**", no "/*x"
  BANNEDFUNC    strcat, strcpy, strncpy, sprintf, vsprintf, gets, sscanf,
                atoi, atol, atoll: unbounded or unchecked (use struct buf,
                snprintf, memcpy with a checked length, strtol)
  TRAILSPACE    blanks at the end of a line

Suppressions, scoped as in curl's checksrc:
  - in a file, "/* checksrc: disable RULE N */" allows the next N
    violations of RULE (N omitted: to "/* checksrc: enable RULE */" or the
    end of the file);
  - in .checksrc at the top, "allow RULE N FILE" allows at most N
    violations of RULE in FILE: a ratchet for lines written before the
    rule; the check fails when there are more, and asks (without failing)
    for a smaller N when there are fewer.
"""
import glob
import os
import re
import sys

RULES = ("RETURNPAREN", "LONGLINE", "COMMENT", "BANNEDFUNC", "TRAILSPACE")
BANNED = ("strcat", "strcpy", "strncpy", "sprintf", "vsprintf", "gets",
          "sscanf", "atoi", "atol", "atoll")
BANNED_RE = re.compile(r"(?<![\w.>])(" + "|".join(BANNED) + r")\s*\(")
SUPPRESS_RE = re.compile(
    r"/\* checksrc: (disable|enable) ([A-Z]+)(?: (\d+))? \*/")


def blank_strings(line, state):
    """line with the text of string and char literals and of comments
    replaced by blanks (their delimiters kept); state carries an open
    comment across lines. Returns (code, comments, state)."""
    code = []
    comments = []
    i = 0
    n = len(line)
    in_comment = state
    while i < n:
        c = line[i]
        if in_comment:
            j = line.find("*/", i)
            if j < 0:
                comments.append((i, line[i:]))
                code.append(" " * (n - i))
                i = n
                break
            comments.append((i, line[i:j + 2]))
            code.append(" " * (j + 2 - i))
            i = j + 2
            in_comment = False
            continue
        if line.startswith("/*", i):
            in_comment = True
            comments.append((i, "/*OPEN"))
            code.append("  ")
            i += 2
            continue
        if line.startswith("//", i):
            comments.append((i, "//"))
            code.append(" " * (n - i))
            i = n
            break
        if c in "\"'":
            q = c
            j = i + 1
            while j < n and line[j] != q:
                j += 2 if line[j] == "\\" else 1
            code.append(q + " " * (min(j, n) - i - 1) + (q if j < n else ""))
            i = j + 1
            continue
        code.append(c)
        i += 1
    return "".join(code), comments, in_comment


def match_close(s, i):
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "(":
            depth += 1
        elif s[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    return -1


def check_file(path, rel):
    """The violations of one file: [(line, col, rule, text)]."""
    out = []
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError as e:
        return [(0, 0, "READ", str(e))]
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    state = False
    codes = []
    for no, line in enumerate(lines, 1):
        code, comments, state = blank_strings(line, state)
        codes.append(code)
        width = len(line.expandtabs(8))
        if width > 80:
            out.append((no, 81, "LONGLINE", "%d columns" % width))
        if line != line.rstrip():
            out.append((no, len(line.rstrip()) + 1, "TRAILSPACE",
                        "blanks at the end of the line"))
        for col, c in comments:
            if c == "//":
                out.append((no, col + 1, "COMMENT", "// comment"))
            elif c == "/*OPEN":
                rest = line[col + 2:]
                if rest != "" and not rest.startswith(" ") and \
                        not rest.startswith("*/"):
                    out.append((no, col + 1, "COMMENT",
                                "a comment opens with \"/* \" or \"/*\" "
                                "alone"))
        for m in BANNED_RE.finditer(code):
            out.append((no, m.start() + 1, "BANNEDFUNC",
                        "%s()" % m.group(1)))
    # return (x); over lines: join the code, find the matching paren.
    joined = "\n".join(codes)
    for m in re.finditer(r"\breturn \(", joined):
        i = m.end() - 1
        j = match_close(joined, i)
        if j >= 0 and re.match(r"\s*;", joined[j + 1:]):
            no = joined.count("\n", 0, m.start()) + 1
            col = m.start() - (joined.rfind("\n", 0, m.start()) + 1) + 1
            out.append((no, col, "RETURNPAREN",
                        "\"return (x);\": write \"return x;\""))
    # In-file suppressions.
    allowed = {}
    result = []
    events = []
    for no, line in enumerate(lines, 1):
        for m in SUPPRESS_RE.finditer(line):
            events.append((no, m.group(1), m.group(2),
                           int(m.group(3)) if m.group(3) else None))
    out.sort()
    for v in out:
        for e in [e for e in events if e[0] <= v[0]]:
            events.remove(e)
            if e[1] == "disable":
                allowed[e[2]] = e[3] if e[3] is not None else -1
            else:
                allowed.pop(e[2], None)
        left = allowed.get(v[2])
        if left is not None and left != 0:
            if left > 0:
                allowed[v[2]] = left - 1
            continue
        result.append(v)
    return result


def read_allow(top):
    allow = {}
    path = os.path.join(top, ".checksrc")
    if not os.path.exists(path):
        return allow
    for no, line in enumerate(open(path), 1):
        line = line.split("#", 1)[0].split()
        if not line:
            continue
        if len(line) != 4 or line[0] != "allow" or line[1] not in RULES:
            sys.exit("%s:%d: expected \"allow RULE N FILE\"" % (path, no))
        allow[(line[3], line[1])] = int(line[2])
    return allow


def main(argv):
    top = "."
    if len(argv) >= 2 and argv[0] == "-C":
        top = argv[1]
        argv = argv[2:]
    baseline = argv[:1] == ["--baseline"]
    if baseline:
        argv = argv[1:]
    files = argv or sorted(
        os.path.relpath(p, top) for d in ("daemon", "tests", "fuzz", "bench")
        for ext in ("c", "h")
        for p in glob.glob(os.path.join(top, d, "*." + ext)))
    allow = read_allow(top)
    bad = 0
    for rel in files:
        path = rel if os.path.isabs(rel) else os.path.join(top, rel)
        found = check_file(path, rel)
        if baseline:
            n = sum(1 for v in found if v[2] == "LONGLINE")
            if n:
                print("allow LONGLINE %d %s" % (n, rel))
            continue
        counts = {}
        for v in found:
            counts[v[2]] = counts.get(v[2], 0) + 1
        for (f, rule), n in allow.items():
            if f != rel:
                continue
            have = counts.get(rule, 0)
            if have <= n:
                found = [v for v in found if v[2] != rule]
                if have < n:
                    print("%s: %s: %d allowed in .checksrc, %d left: "
                          "lower the number (a note)" % (rel, rule, n, have))
            else:
                print("%s: %s: %d allowed in .checksrc, %d found" %
                      (rel, rule, n, have))
        for no, col, rule, what in found:
            print("%s:%d:%d: %s: %s" % (rel, no, col, rule, what))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
