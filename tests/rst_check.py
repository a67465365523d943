#!/usr/bin/python3
# Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
# rst_check.py -- renders each reST file sprintd wrote with docutils as a
# site would (file insertion and raw enabled, halting at warnings) and
# checks that no value became markup. Run by tests/test_rst.c with a JSON
# file of cases:
#   {"marker": TEXT,            the content of the file an include names
#    "files": [{"path": FILE,
#               "rows": [[V, W]..], table rows: first and last cell
#               "texts": [V..],  values each within a paragraph or item
#               "absent": [V..]  values that must not be there at all
#              }]}
# A value is compared as sprintd writes it: controls and bidirectional
# controls dropped, white space made single spaces, unassigned code points
# U+FFFD. Exits 0 when every file passes, 1 naming each failure.
import io
import json
import sys
import unicodedata

try:
    import docutils.core
    import docutils.nodes as nodes
    import docutils.utils
except ImportError:
    print("rst_check.py: docutils is missing (scripts/deps.sh installs "
          "python3-docutils)")
    sys.exit(1)

# What sprintd's reST may become: nothing a value could smuggle in (no
# include's text, raw, image, reference, target, substitution, emphasis,
# enumerated list, block quote, transition, system message...).
ALLOWED = {
    "document", "section", "title", "subtitle", "paragraph", "Text",
    "table", "tgroup", "colspec", "thead", "tbody", "row", "entry",
    "bullet_list", "list_item", "field_list", "field", "field_name",
    "field_body", "docinfo", "literal_block", "literal", "comment",
}
# sprintd's own comments in the report.
COMMENTS = ("Written by sprintctl report", "TODO:")


def controls(c):
    return (c < 0x20 or c == 0x7F or 0x80 <= c <= 0x9F or
            c in (0x61C, 0x200E, 0x200F) or 0x202A <= c <= 0x202E or
            0x2066 <= c <= 0x2069)


def norm(v):
    out = []
    for ch in v:
        c = ord(ch)
        if ch in "\t\n":
            out.append(" ")
        elif controls(c):
            continue
        elif unicodedata.category(ch) == "Cn":
            out.append("\ufffd")
        else:
            out.append(ch)
    return " ".join("".join(out).split())


def check(f, marker):
    bad = []
    with open(f["path"], encoding="utf-8") as fp:
        text = fp.read()
    warnings = io.StringIO()
    settings = {"file_insertion_enabled": True, "raw_enabled": True,
                "halt_level": 2, "report_level": 2,
                "warning_stream": warnings, "input_encoding": "utf-8"}
    try:
        doc = docutils.core.publish_doctree(text, source_path=f["path"],
                                            settings_overrides=settings)
    except docutils.utils.SystemMessage as e:
        return ["docutils stopped: %s" % e]
    if warnings.getvalue():
        bad.append("docutils said: %s" % warnings.getvalue().strip())
    # Notes below a warning, which docutils leaves out of what it writes:
    # a cell of sprintd's own "?" or "--" is a "possible title overline"
    # to it, as in PyPy's files. Anything from a warning up is a failure.
    for node in list(doc.traverse(nodes.system_message)):
        if node["level"] < 2:
            node.parent.remove(node)
    rows, blocks = set(), []
    for node in doc.traverse():
        name = type(node).__name__
        if name not in ALLOWED:
            bad.append("a %s node: %r" % (name, node.astext()[:80]))
        if name == "comment" and not node.astext().startswith(COMMENTS):
            bad.append("a comment: %r" % node.astext()[:80])
        if name == "row":
            cells = [c for c in node.children if type(c).__name__ == "entry"]
            rows.add((norm(cells[0].astext()), norm(cells[-1].astext())))
        if name in ("paragraph", "list_item", "field_body", "title",
                    "entry"):
            blocks.append(norm(node.astext()))
    whole = norm(doc.astext())
    if marker in doc.astext():
        bad.append("the included file's text is in the document")
    for v in f.get("rows", []):
        if (norm(v[0]), norm(v[1])) not in rows:
            bad.append("no row reads %r ... %r" % (norm(v[0]), norm(v[1])))
    for v in f.get("texts", []):
        if not any(norm(v) in b for b in blocks):
            bad.append("no paragraph holds %r" % norm(v))
    for v in f.get("absent", []):
        if norm(v) in whole:
            bad.append("%r is shown" % norm(v))
    html = docutils.core.publish_from_doctree(
        doc, writer_name="html5",
        settings_overrides={"halt_level": 2, "report_level": 2,
                            "warning_stream": warnings}).decode("utf-8")
    for tag in ("<script", "<img", "<object", "<iframe"):
        if tag in html:
            bad.append("the HTML holds %s" % tag)
    return bad


def main():
    with open(sys.argv[1], encoding="utf-8") as fp:
        cases = json.load(fp)
    failed = 0
    for f in cases["files"]:
        bad = check(f, cases["marker"])
        n = 2 * len(f.get("rows", [])) + len(f.get("texts", []))
        if bad:
            failed = 1
            for b in bad:
                print("FAIL: %s: %s" % (f["path"], b))
        else:
            print("ok: %s: rendered, %d values as written" % (f["path"], n))
    sys.exit(failed)


if __name__ == "__main__":
    main()
