/*
 * Copyright (c) 2026 The sprintd authors
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

/*
 * rst.h -- reStructuredText that docutils renders as written: the one
 * escaper of every reST file sprintd writes (people.txt, the sprint
 * report, the evaluation's section of it) and their simple tables.
 *
 * A value passes util_clean (no control or bidirectional character, valid
 * UTF-8), its white space (Python's: what docutils strips) becomes single
 * spaces, an unassigned code point becomes U+FFFD (docutils' Pythons
 * disagree on its width), and then:
 *   - inline markup is escaped wherever it stands: \ * ` | _ (emphasis,
 *     literals, interpreted text and roles, substitutions, references,
 *     targets, footnotes), @ (a mail address is a link), the : that ends
 *     a URI scheme ("http:") and the second : of a "::" at a line's end
 *     (a literal block);
 *   - at the start of a line (a cell, a list item, a field body), the
 *     first character is escaped when the line could start another body
 *     element: any ASCII punctuation (directives, comments, ".. _x:"
 *     targets, section adornments, transitions, table borders, bullets,
 *     line blocks, field and option lists, doctest blocks) and the
 *     bullets U+2022, U+2023, U+2043; also a first word like "A." or
 *     "3)" (an enumerated list);
 *   - leading indentation is dropped (it would quote a block).
 * Fixed text of sprintd's own (headings, "?", dates) is written as it is.
 */
#ifndef SPRINTD_RST_H
#define SPRINTD_RST_H

#include <stddef.h>

#include "util.h"

/* The columns docutils gives text in a simple table or a title: two for a
 * wide or fullwidth character (East Asian Width W or F), none for a
 * combining character (one when it is wide too), one for any other code
 * point and for a byte that is not UTF-8. */
size_t rst_width(const char *);

/* The value of one line (LF become spaces) escaped as a table cell, a
 * list item or a field body, as a new string ("" when nothing is left). */
char *rst_escape(const char *);

/* Appends one line of value escaped as text inside a line (after other
 * words: no body element can start there). */
int rst_inline(struct buf *, const char *);
/* Appends value escaped as rst_escape does where a line starts (a list
 * item, a field body), "?" when nothing is left of it. */
int rst_item(struct buf *, const char *);

/*
 * The functions that append return 0, or -1 when the buffer refused some
 * of it (its cap): the text is then incomplete.
 *
 * Appends text that may hold several lines (an evaluation answer): each
 * line escaped as rst_escape does, lines after the first indented by
 * indent (a list item's), runs of blank lines one blank line, none at the
 * start or the end.
 */
int rst_text(struct buf *, const char *, const char *indent);

/*
 * Appends a simple table: a border, the heading row, a border, the rows,
 * a border, each column as wide as its widest cell (rst_width). cells are
 * cells[row * ncols + col], escaped already (rst_escape) or sprintd's own
 * text; an empty cell of the first column is written "?" (docutils would
 * read the row as the continuation of the one above). At most 8 columns.
 */
int rst_table(struct buf *, const char *const *head, char *const *cells,
    size_t nrows, size_t ncols);

/* Appends a section title (escaped already, or sprintd's own) underlined,
 * and overlined when over is set, with c, and a blank line. */
int rst_heading(struct buf *, const char *title, char c, int over);

#endif
