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

/* rst.c -- reST that docutils renders as written (see rst.h). */
#include "config-auto.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rst.h"
#include "util.h"

struct rst_range {
	uint32_t	 lo;
	uint32_t	 hi;
};

#include "rst_widths.h"

#define RST_MAX_COLS	8

/* Is c in one of the n sorted ranges of t? */
static int
rst_in(const struct rst_range *t, size_t n, uint32_t c)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c < t[mid].lo)
			hi = mid;
		else if (c > t[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* White space as Python's str.isspace() sees it, the controls (gone by
 * now) aside: docutils strips it from cells and lines. */
static int
rst_space(uint32_t c)
{
	return c == ' ' || c == '\n' || c == 0xa0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000;
}

size_t
rst_width(const char *s)
{
	size_t		 w = 0, n;
	uint32_t	 c;

	for (; *s != '\0'; s += n) {
		if ((n = util_utf8_next(s, &c)) == 0) {
			n = 1;
			w++;
		} else {
			/* docutils pads a wide character with a column, then
			 * strips combining characters before it measures. */
			w += rst_in(rst_wide, nitems(rst_wide), c);
			w += !rst_in(rst_combining, nitems(rst_combining), c);
		}
	}
	return w;
}

/*
 * Appends [s, e) of cleaned text (valid UTF-8, LF only as a line end) as
 * one line: white space runs one space, none at either end; unassigned
 * code points U+FFFD.
 */
static void
rst_prepare(struct buf *o, const char *s, const char *e)
{
	size_t		 n;
	uint32_t	 c;
	int		 space = 0;

	for (; s < e; s += n) {
		if ((n = util_utf8_next(s, &c)) == 0) {
			n = 1;		/* cannot be: cleaned as UTF-8 */
			c = 0xfffd;
		}
		if (rst_space(c)) {
			space = o->len > 0;
			continue;
		}
		if (space)
			buf_addch(o, ' ');
		space = 0;
		if (c == 0xfffd || rst_in(rst_unassigned,
		    nitems(rst_unassigned), c))
			buf_addstr(o, "\xef\xbf\xbd");
		else
			buf_add(o, s, n);
	}
}

static int
rst_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* Could a line that starts so start a body element other than a
 * paragraph? */
static int
rst_starts_element(const char *line)
{
	const unsigned char	*p = (const unsigned char *)line;

	if (*p > ' ' && *p < 0x7f && !rst_alnum(*p))
		return 1;
	/* The bullets beyond ASCII: U+2022, U+2023, U+2043. */
	if (p[0] == 0xe2 && ((p[1] == 0x80 && (p[2] == 0xa2 ||
	    p[2] == 0xa3)) || (p[1] == 0x81 && p[2] == 0x83)))
		return 1;
	/* An enumerator: "A.", "3)", "iv." and a blank or the end. */
	while (rst_alnum(*p))
		p++;
	return p != (const unsigned char *)line && (*p == '.' ||
	    *p == ')') && (p[1] == ' ' || p[1] == '\0');
}

/* Is the ':' at p (in line) the end of a URI scheme, or the second ':'
 * of a "::" that ends the line? */
static int
rst_colon(const char *line, const char *p)
{
	const char	*q = p;

	if (p[1] == '\0')
		return p > line && p[-1] == ':';
	if (p[1] == ' ')
		return 0;
	while (q > line && (rst_alnum((unsigned char)q[-1]) || q[-1] == '.' ||
	    q[-1] == '+' || q[-1] == '-'))
		q--;
	return q < p && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'));
}

/* Appends one prepared line, escaped; at the start of a line when start
 * is set. */
static void
rst_line(struct buf *b, const char *line, int start)
{
	const char	*p;
	int		 esc;

	for (p = line; *p != '\0'; p++) {
		esc = strchr("\\*`|_@", *p) != NULL ||
		    (*p == ':' && rst_colon(line, p)) ||
		    (p == line && start && rst_starts_element(line));
		if (esc)
			buf_addch(b, '\\');
		buf_addch(b, *p);
	}
}

/* The line [s, e) of cleaned text, prepared and escaped; start as in
 * rst_line. 0, or -1 when the buffer refused it. */
static int
rst_add_line(struct buf *b, const char *s, const char *e, int start)
{
	struct buf	 line, out;
	int		 r;

	buf_init(&line, 0);
	buf_init(&out, 0);
	rst_prepare(&line, s, e);
	if (line.len > 0)
		rst_line(&out, line.data, start);
	r = out.len > 0 ? buf_add(b, out.data, out.len) : 0;
	buf_free(&line);
	buf_free(&out);
	return r;
}

char *
rst_escape(const char *s)
{
	struct buf	 b;
	char		*c;

	c = util_clean_dup(s, UTIL_CLEAN_LF | UTIL_CLEAN_UTF8);
	buf_init(&b, 0);
	rst_add_line(&b, c, c + strlen(c), 1);
	free(c);
	return buf_steal(&b, NULL);
}

int
rst_item(struct buf *b, const char *s)
{
	char	*e = rst_escape(s != NULL ? s : "");
	int	 r;

	r = buf_addstr(b, *e != '\0' ? e : "?");
	free(e);
	return r;
}

int
rst_inline(struct buf *b, const char *s)
{
	char	*c = util_clean_dup(s, UTIL_CLEAN_LF | UTIL_CLEAN_UTF8);
	int	 r;

	r = rst_add_line(b, c, c + strlen(c), 0);
	free(c);
	return r;
}

int
rst_text(struct buf *b, const char *s, const char *indent)
{
	struct buf	 line;
	char		*c;
	const char	*p, *e;
	int		 r = 0, any = 0, blank = 0;

	c = util_clean_dup(s, UTIL_CLEAN_LF | UTIL_CLEAN_UTF8);
	buf_init(&line, 0);
	for (p = c; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		if ((e = strchr(p, '\n')) == NULL)
			e = p + strlen(p);
		buf_reset(&line);
		if (rst_add_line(&line, p, e, 1) == -1)
			r = -1;
		if (line.len == 0) {
			blank = any;
			continue;
		}
		if (any && (buf_addstr(b, blank ? "\n\n" : "\n") == -1 ||
		    buf_addstr(b, indent) == -1))
			r = -1;
		if (buf_add(b, line.data, line.len) == -1)
			r = -1;
		any = 1;
		blank = 0;
	}
	buf_free(&line);
	free(c);
	return r;
}

int
rst_table(struct buf *b, const char *const *head, char *const *cells,
    size_t nrows, size_t ncols)
{
	struct buf	 line;
	const char	*cell;
	size_t		 w[RST_MAX_COLS], i, j, cw;
	int		 r = 0;

	if (ncols > RST_MAX_COLS)
		ncols = RST_MAX_COLS;
	for (j = 0; j < ncols; j++) {
		if ((w[j] = rst_width(head[j])) == 0)
			w[j] = 1;
		for (i = 0; i < nrows; i++) {
			if ((cw = rst_width(cells[i * ncols + j])) > w[j])
				w[j] = cw;
		}
	}
	buf_init(&line, 0);
	/* Border, head, border, the rows, border. */
	for (i = 0; i < nrows + 4; i++) {
		buf_reset(&line);
		for (j = 0; j < ncols; j++) {
			if (i == 0 || i == 2 || i == nrows + 3) {
				for (cw = 0; cw < w[j]; cw++)
					buf_addch(&line, '=');
			} else {
				cell = i == 1 ? head[j] :
				    cells[(i - 3) * ncols + j];
				if (j == 0 && *cell == '\0')
					cell = "?";
				buf_addstr(&line, cell);
				for (cw = rst_width(cell); cw < w[j]; cw++)
					buf_addch(&line, ' ');
			}
			if (j + 1 < ncols)
				buf_addch(&line, ' ');
		}
		/* No trailing blanks. */
		while (line.len > 0 && line.data[line.len - 1] == ' ')
			line.len--;
		if (buf_add(b, line.data, line.len) == -1 ||
		    buf_addch(b, '\n') == -1)
			r = -1;
	}
	buf_free(&line);
	return r;
}

int
rst_heading(struct buf *b, const char *title, char c, int over)
{
	size_t	 n = rst_width(title), i, k;
	int	 r = 0;

	for (k = over ? 0 : 1; k < 2; k++) {
		if (k == 1 && (buf_addstr(b, title) == -1 ||
		    buf_addch(b, '\n') == -1))
			r = -1;
		for (i = 0; i < n; i++)
			if (buf_addch(b, c) == -1)
				r = -1;
		if (buf_addch(b, '\n') == -1)
			r = -1;
	}
	return buf_addch(b, '\n') == -1 ? -1 : r;
}
