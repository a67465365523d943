#!/usr/bin/python3
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# rst-widths.py -- writes daemon/rst_widths.h, the tables rst.c measures
# and cleans table cells with, from the Unicode database of the Python
# that runs it (docutils lays simple tables out with the same database):
# the assigned code points East Asian Wide or Fullwidth (docutils pads
# each with a column), those with a combining class (docutils strips them
# before it measures) and the unassigned ones (their width differs
# between Python versions, so rst.c writes U+FFFD for them).
#   /usr/bin/python3 scripts/rst-widths.py > daemon/rst_widths.h
import unicodedata


def ranges(pred):
    out, start = [], None
    for c in range(0x110000):
        if pred(c):
            if start is None:
                start = c
        elif start is not None:
            out.append((start, c - 1))
            start = None
    if start is not None:
        out.append((start, 0x10FFFF))
    return out


def table(name, rs):
    print("static const struct rst_range %s[] = {" % name)
    for i in range(0, len(rs), 3):
        print("\t" + " ".join("{ 0x%04x, 0x%04x }," % r for r in rs[i:i + 3]))
    print("};")


def cat(c):
    return unicodedata.category(chr(c))


print("/* Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.\n"
      " * rst_widths.h -- written by scripts/rst-widths.py from Unicode %s;\n"
      " * do not edit. */" % unicodedata.unidata_version)
print("#define RST_UNICODE \"%s\"" % unicodedata.unidata_version)
table("rst_wide", ranges(lambda c: cat(c) != "Cn" and
                         unicodedata.east_asian_width(chr(c)) in "WF"))
table("rst_combining", ranges(lambda c: cat(c) != "Cn" and
                              unicodedata.combining(chr(c)) != 0))
table("rst_unassigned", ranges(lambda c: cat(c) == "Cn"))
