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

/* peopletxt.c -- reading PyPy's people.txt and importing it (see the
 * header for the rules). */
#include "config-auto.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "humandate.h"
#include "invite.h"
#include "log.h"
#include "parse.h"
#include "peopletxt.h"
#include "registry.h"
#include "util.h"

#define PEOPLETXT_TAB		8
#define PEOPLETXT_MAX_COLS	8
#define PEOPLETXT_MAX_LINE	4096	/* code points kept of one line */
#define PEOPLETXT_MAX_CELL	500

/* One line as code points, tabs expanded. */
struct pline {
	uint32_t	*cp;
	size_t		 n;
};

/* Returns the length of the valid UTF-8 sequence at s, or 0. */
static size_t
pt_utf8_seq(const unsigned char *s, size_t left, uint32_t *cp)
{
	size_t		 n, i;
	uint32_t	 c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 ||
	    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static int
pt_line_is_utf8(const unsigned char *s, size_t len)
{
	size_t		 i = 0, k;
	uint32_t	 c;

	while (i < len) {
		if ((k = pt_utf8_seq(s + i, len - i, &c)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

/*
 * Decodes one line (UTF-8 if valid, else Latin-1, whose C1 bytes are no
 * characters and become U+FFFD) into code points, tabs expanded; other
 * controls become spaces.
 */
static void
pt_decode(const unsigned char *s, size_t len, struct pline *pl)
{
	int		 utf8 = pt_line_is_utf8(s, len);
	size_t		 i = 0, k;
	uint32_t	 c;

	pl->cp = xcalloc(len * PEOPLETXT_TAB + 1, sizeof *pl->cp);
	pl->n = 0;
	while (i < len && pl->n < PEOPLETXT_MAX_LINE) {
		if (utf8) {
			k = pt_utf8_seq(s + i, len - i, &c);
			i += k;
		} else {
			c = s[i++];
			if (c >= 0x80 && c < 0xa0)
				c = 0xfffd;
		}
		if (c == 0xfeff && pl->n == 0)
			continue;		/* a BOM */
		if (c == '\t') {
			do
				pl->cp[pl->n++] = ' ';
			while (pl->n % PEOPLETXT_TAB != 0);
			continue;
		}
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
			c = ' ';
		pl->cp[pl->n++] = c;
	}
	while (pl->n > 0 && pl->cp[pl->n - 1] == ' ')
		pl->n--;
}

static void
pt_put_utf8(struct buf *b, uint32_t c)
{
	char	 o[4];

	if (c < 0x80)
		buf_addch(b, (char)c);
	else if (c < 0x800) {
		o[0] = (char)(0xc0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3f));
		buf_add(b, o, 2);
	} else if (c < 0x10000) {
		o[0] = (char)(0xe0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		buf_add(b, o, 3);
	} else {
		o[0] = (char)(0xf0 | (c >> 18));
		o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[3] = (char)(0x80 | (c & 0x3f));
		buf_add(b, o, 4);
	}
}

/*
 * Code points [a, e) as UTF-8, trimmed, inner white space made one space,
 * reST's escapes read as docutils reads them ("\*" is "*", a backslash
 * before a blank is nothing): what sprintd writes (rst.h) reads back.
 */
static char *
pt_cell(const struct pline *pl, size_t a, size_t e)
{
	struct buf	 b;
	size_t		 i;
	int		 space = 0;

	buf_init(&b, PEOPLETXT_MAX_CELL * 4);
	if (e > pl->n)
		e = pl->n;
	for (i = a; i < e; i++) {
		if (pl->cp[i] == '\\' && i + 1 < e) {
			if (pl->cp[++i] == ' ')
				continue;
		} else if (pl->cp[i] == ' ') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addch(&b, ' ');
		space = 0;
		pt_put_utf8(&b, pl->cp[i]);
	}
	return buf_steal(&b, NULL);
}

char *
peopletxt_to_utf8(const char *data, size_t len)
{
	struct buf	 b;
	struct pline	 pl;
	size_t		 i, s = 0, j;

	buf_init(&b, 0);
	for (i = 0; i <= len; i++) {
		if (i < len && data[i] != '\n')
			continue;
		j = i;
		if (j > s && data[j - 1] == '\r')
			j--;
		pt_decode((const unsigned char *)data + s, j - s, &pl);
		for (j = 0; j < pl.n; j++)
			pt_put_utf8(&b, pl.cp[j]);
		free(pl.cp);
		if (i < len)
			buf_addch(&b, '\n');
		s = i + 1;
	}
	return buf_steal(&b, NULL);
}

/* A border: runs of '=' and spaces, at least one '='. */
static int
pt_is_border(const struct pline *pl)
{
	size_t	 i;
	int	 eq = 0;

	for (i = 0; i < pl->n; i++) {
		if (pl->cp[i] == '=')
			eq = 1;
		else if (pl->cp[i] != ' ')
			return 0;
	}
	return eq;
}

/* The start of each column of a border. */
static size_t
pt_columns(const struct pline *pl, size_t *start)
{
	size_t	 i, n = 0;

	for (i = 0; i < pl->n && n < PEOPLETXT_MAX_COLS; i++) {
		if (pl->cp[i] == '=' && (i == 0 || pl->cp[i - 1] == ' '))
			start[n++] = i;
	}
	return n;
}

/*
 * Cuts a line into ncols cells at the columns' starts. A column starts
 * after the blank before it; when text runs over that blank (a long name)
 * the cut moves right to the next blank, so no word is split; a word that
 * starts on the blank itself belongs to the next column.
 */
static void
pt_cut(const struct pline *pl, const size_t *start, size_t ncols,
    char **cells)
{
	size_t	 j, a = 0, p;

	for (j = 0; j < ncols; j++) {
		if (j + 1 == ncols) {
			cells[j] = pt_cell(pl, a, pl->n);
			break;
		}
		p = start[j + 1] > 0 ? start[j + 1] - 1 : 0;
		if (p < a)
			p = a;
		if (p < pl->n && pl->cp[p] != ' ' &&
		    !(p > 0 && pl->cp[p - 1] == ' ')) {
			while (p < pl->n && pl->cp[p] != ' ')
				p++;
		}
		cells[j] = pt_cell(pl, a, p);
		a = p < pl->n ? p : pl->n;
	}
}

enum pt_col { COL_NAME, COL_DATES, COL_ACC, COL_FOOD, COL_OTHER };

static enum pt_col
pt_col_kind(const char *head)
{
	char	*l = xstrdup(head), *p;
	enum pt_col k = COL_OTHER;

	for (p = l; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (strstr(l, "name") != NULL)
		k = COL_NAME;
	else if (strstr(l, "arriv") != NULL || strstr(l, "depart") != NULL ||
	    strstr(l, "time") != NULL || strstr(l, "date") != NULL)
		k = COL_DATES;
	else if (strstr(l, "accom") != NULL || strstr(l, "lodg") != NULL)
		k = COL_ACC;
	else if (strstr(l, "food") != NULL || strstr(l, "diet") != NULL)
		k = COL_FOOD;
	free(l);
	return k;
}

static void
pt_note(struct peopletxt *p, size_t line, size_t rows, const char *fmt, ...)
    PRINTFLIKE(4, 5);

static void
pt_note(struct peopletxt *p, size_t line, size_t rows, const char *fmt, ...)
{
	va_list	 ap;

	p->notes = xreallocarray(p->notes, p->nnotes + 1, sizeof *p->notes);
	p->notes[p->nnotes].line = line;
	p->notes[p->nnotes].rows = rows;
	va_start(ap, fmt);
	p->notes[p->nnotes].text = xvprintf(fmt, ap);
	va_end(ap);
	p->nnotes++;
}

static void
pt_row_free(struct peopletxt_row *r)
{
	free(r->name);
	free(r->dates);
	free(r->accommodation);
	free(r->food);
}

/* Appends " text" to *s when text is not empty. */
static void
pt_append(char **s, const char *text)
{
	char	*n;

	if (*text == '\0')
		return;
	n = **s == '\0' ? xstrdup(text) : xprintf("%s %s", *s, text);
	free(*s);
	*s = n;
}

/* The words of a past attendee's row that say they were not there. */
static int
pt_absent(const char *s)
{
	static const char *const words[] = { "no-show", "no show",
	    "did not come", "didn't come" };
	size_t	 i, j, n;

	for (i = 0; i < nitems(words); i++) {
		n = strlen(words[i]);
		for (j = 0; s[j] != '\0'; j++)
			if (util_strncaseeq(s + j, words[i], n))
				return 1;
	}
	return 0;
}

static int
pt_unknown(const char *s)
{
	return *s == '\0' || strspn(s, "?") == strlen(s);
}

/* What one table is. */
enum pt_kind { T_COMING, T_PAST, T_OTHER };

struct pt_table {
	enum pt_kind		 kind;
	size_t			 line;		/* its heading */
	struct peopletxt_row	*rows;
	size_t			 nrows;
	int			 prose_before;	/* words since the last table */
	int			 says_previous;
};

int
peopletxt_parse(const char *data, size_t len, struct peopletxt **out,
    char **cause)
{
	struct peopletxt	*p = NULL;
	struct pline		*lines = NULL;
	struct pt_table		*tabs = NULL;
	size_t			 nlines = 0, i, s = 0, j, k, ntabs = 0;
	size_t			 start[PEOPLETXT_MAX_COLS], ncols;
	enum pt_col		 kinds[PEOPLETXT_MAX_COLS];
	char			*cells[PEOPLETXT_MAX_COLS], *t;
	int			 prose = 0, previous = 0, names_only;
	struct peopletxt_row	*r;

	if (len > PEOPLETXT_MAX) {
		*cause = xprintf("larger than %d bytes", PEOPLETXT_MAX);
		return -1;
	}
	for (i = 0; i <= len; i++) {
		if (i < len && data[i] != '\n')
			continue;
		j = i;
		if (j > s && data[j - 1] == '\r')
			j--;
		lines = xreallocarray(lines, nlines + 1, sizeof *lines);
		pt_decode((const unsigned char *)data + s, j - s,
		    &lines[nlines++]);
		s = i + 1;
	}

	p = xcalloc(1, sizeof *p);
	for (i = 0; i < nlines; i++) {
		if (!pt_is_border(&lines[i])) {
			if (lines[i].n > 0) {
				t = pt_cell(&lines[i], 0, lines[i].n);
				prose = 1;
				for (k = 0; t[k] != '\0'; k++)
					if (util_strncaseeq(t + k,
					    "previous sprint", 15))
						previous = 1;
				free(t);
			}
			continue;
		}
		/* A table: border, heading, border. */
		if (i > 0 && lines[i - 1].n > 0 && !pt_is_border(&lines[i - 1]))
			continue;	/* a heading's underline */
		if (i + 2 >= nlines || lines[i + 1].n == 0 ||
		    pt_is_border(&lines[i + 1]) ||
		    !pt_is_border(&lines[i + 2])) {
			pt_note(p, i + 1, 0, "a border line that starts no table "
			    "(ignored)");
			continue;
		}
		ncols = pt_columns(&lines[i], start);
		pt_cut(&lines[i + 1], start, ncols, cells);
		for (j = 0; j < ncols; j++) {
			kinds[j] = pt_col_kind(cells[j]);
			free(cells[j]);
		}
		tabs = xreallocarray(tabs, ntabs + 1, sizeof *tabs);
		memset(&tabs[ntabs], 0, sizeof *tabs);
		tabs[ntabs].line = i + 2;
		tabs[ntabs].prose_before = prose;
		tabs[ntabs].says_previous = previous;
		prose = previous = 0;
		if (kinds[0] != COL_NAME) {
			pt_note(p, i + 2, 0, "a table whose first column is not "
			    "\"Name\" (not read)");
			tabs[ntabs].kind = T_OTHER;
		}
		for (i += 3; i < nlines && !pt_is_border(&lines[i]); i++) {
			if (lines[i].n == 0 || kinds[0] != COL_NAME)
				continue;
			pt_cut(&lines[i], start, ncols, cells);
			if (*cells[0] == '\0' && tabs[ntabs].nrows > 0) {
				/* Continues the row above. */
				r = &tabs[ntabs].rows[tabs[ntabs].nrows - 1];
			} else {
				tabs[ntabs].rows = xreallocarray(
				    tabs[ntabs].rows, tabs[ntabs].nrows + 1,
				    sizeof *tabs[ntabs].rows);
				r = &tabs[ntabs].rows[tabs[ntabs].nrows++];
				r->line = i + 1;
				r->name = xstrdup("");
				r->dates = xstrdup("");
				r->accommodation = xstrdup("");
				r->food = xstrdup("");
			}
			for (j = 0; j < ncols; j++) {
				switch (kinds[j]) {
				case COL_NAME:
					pt_append(&r->name, cells[j]);
					break;
				case COL_DATES:
					pt_append(&r->dates, cells[j]);
					break;
				case COL_ACC:
					pt_append(&r->accommodation, cells[j]);
					break;
				case COL_FOOD:
					pt_append(&r->food, cells[j]);
					break;
				default:
					break;
				}
				free(cells[j]);
			}
		}
		ntabs++;
		/* i is on the closing border (or past the end). */
	}
	for (i = 0; i < nlines; i++)
		free(lines[i].cp);
	free(lines);

	if (ntabs == 0) {
		*cause = xstrdup("no table (a border of '=', a heading line "
		    "with \"Name\", a border)");
		peopletxt_free(&p);
		free(tabs);
		return -1;
	}
	p->ntables = ntabs;
	for (k = 0; k < ntabs; k++) {
		struct pt_table	*tb = &tabs[k];

		names_only = 1;
		for (j = 0; j < tb->nrows; j++)
			if (!pt_unknown(tb->rows[j].dates) ||
			    !pt_unknown(tb->rows[j].accommodation))
				names_only = 0;
		if (tb->kind == T_OTHER)
			;
		else if (k == 0)
			tb->kind = T_COMING;
		else if (tb->says_previous || (!tb->prose_before && names_only))
			tb->kind = T_PAST;
		else {
			tb->kind = T_OTHER;
			pt_note(p, tb->line, tb->nrows, "a table that is neither the first "
			    "(who comes) nor \"present at previous sprints\": "
			    "%zu row%s not read", tb->nrows,
			    tb->nrows == 1 ? "" : "s");
		}
		for (j = 0; j < tb->nrows; j++) {
			r = &tb->rows[j];
			if (tb->kind == T_OTHER || *r->name == '\0') {
				if (*r->name == '\0' && tb->kind != T_OTHER)
					pt_note(p, r->line, 1, "a row without a "
					    "name (skipped)");
				pt_row_free(r);
				continue;
			}
			if (tb->kind == T_PAST && (pt_absent(r->dates) ||
			    pt_absent(r->accommodation))) {
				pt_note(p, r->line, 1, "%s: \"%s %s\" says they "
				    "were not there (skipped)", r->name,
				    r->dates, r->accommodation);
				pt_row_free(r);
				continue;
			}
			if (tb->kind == T_COMING) {
				p->coming = xreallocarray(p->coming,
				    p->ncoming + 1, sizeof *p->coming);
				p->coming[p->ncoming++] = *r;
			} else {
				p->past = xreallocarray(p->past, p->npast + 1,
				    sizeof *p->past);
				p->past[p->npast++] = *r;
			}
		}
		free(tb->rows);
	}
	free(tabs);
	*out = p;
	return 0;
}

void
peopletxt_free(struct peopletxt **pp)
{
	struct peopletxt	*p = *pp;
	size_t			 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->ncoming; i++)
		pt_row_free(&p->coming[i]);
	for (i = 0; i < p->npast; i++)
		pt_row_free(&p->past[i]);
	for (i = 0; i < p->nnotes; i++)
		free(p->notes[i].text);
	free(p->coming);
	free(p->past);
	free(p->notes);
	free(p);
	*pp = NULL;
}

static char *
pt_opt(const char *s)
{
	return pt_unknown(s) ? NULL : xstrdup(s);
}

static int
pt_eq(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		return x == y;
	return strcmp(x, y) == 0;
}

/* Do the stored registration and the row say the same? */
static int
pt_same(const struct registry_reg *g, const struct parse_result *res)
{
	char	 a[11] = "", d[11] = "";

	if (res->arrive_state == DATES_KNOWN)
		dates_format_iso(res->arrive, a);
	if (res->depart_state == DATES_KNOWN)
		dates_format_iso(res->depart, d);
	/* The registry keeps no dates for a local person ("--/23"). */
	return strcmp(g->status, "registered") == 0 &&
	    pt_eq(g->name, res->name) && (res->local ||
	    (pt_eq(g->arrive, *a ? a : NULL) && pt_eq(g->depart, *d ? d : NULL))) &&
	    g->local == res->local && g->tentative == res->tentative &&
	    pt_eq(g->accommodation, res->accommodation) &&
	    pt_eq(g->diet, res->diet);
}

/* Imports one registration row; 1 when it was skipped (reported). */
static int
pt_import_row(struct store *st, int64_t sprint_id, const struct sprint *s,
    const char *file, const struct peopletxt_row *row, FILE *report,
    struct peopletxt_stats *stats, char **cause)
{
	struct humandate_ctx	 ctx = { s->start, s->end };
	struct humandate_range	 dr;
	struct parse_result	 res;
	struct registry_reg	 reg, old;
	enum registry_change	 change;
	char			*why = NULL;
	int64_t			 person;
	int			 r = -1, had = 1;

	memset(&res, 0, sizeof res);
	memset(&reg, 0, sizeof reg);
	memset(&old, 0, sizeof old);
	if (humandate_parse_range(row->dates, &ctx, &dr, &why) == -1) {
		fprintf(report, "%s:%zu: %s: %s (skipped)\n", file, row->line,
		    row->name, why);
		free(why);
		stats->skipped++;
		return 1;
	}
	res.kind = PARSE_REGISTRATION;
	res.given = PARSE_HAS_ALL;
	res.name = (char *)row->name;
	res.arrive_state = dr.arrive_state;
	res.arrive = dr.arrive;
	res.depart_state = dr.depart_state;
	res.depart = dr.depart;
	res.local = dr.local;
	res.tentative = dr.tentative;
	res.newcomer = res.funding = PARSE_NULL;
	res.accommodation = pt_opt(row->accommodation);
	res.diet = pt_opt(row->food);

	if (invite_person_by_name(st, row->name, &person, cause) == -1)
		goto fail;
	if ((had = registry_get(st, sprint_id, person, &old, cause)) == -1)
		goto fail;
	if (had == 0 && pt_same(&old, &res))
		stats->unchanged++;
	else {
		/* Every imported row is registered, however full. */
		if (registry_register(st, sprint_id, INT32_MAX, person, 0, &res,
		    &change, &reg, cause) == -1)
			goto fail;
		stats->imported++;
	}
	if (invite_past_add(st, person, sprint_id, "registered", file,
	    row->line, cause) == -1)
		goto fail;
	r = 0;
fail:
	if (had == 0)
		registry_reg_clear(&old);
	registry_reg_clear(&reg);
	free(res.accommodation);
	free(res.diet);
	return r;
}

int
peopletxt_import(struct store *st, int64_t sprint_id, const struct sprint *s,
    const char *file, const char *data, size_t len, FILE *report,
    struct peopletxt_stats *stats, char **cause)
{
	struct peopletxt	*p = NULL;
	int64_t			 person;
	size_t			 i;
	char			*why = NULL;

	memset(stats, 0, sizeof *stats);
	if (peopletxt_parse(data, len, &p, &why) == -1) {
		*cause = xprintf("%s: %s", file, why);
		free(why);
		return UTIL_REFUSED;
	}
	if (store_begin(st, cause) == -1)
		goto fail;
	for (i = 0; i < p->nnotes; i++) {
		fprintf(report, "%s:%zu: %s\n", file, p->notes[i].line,
		    p->notes[i].text);
		stats->skipped += p->notes[i].rows;
	}
	for (i = 0; i < p->ncoming; i++) {
		if (pt_import_row(st, sprint_id, s, file, &p->coming[i], report,
		    stats, cause) == -1)
			goto rollback;
	}
	for (i = 0; i < p->npast; i++) {
		if (invite_person_by_name(st, p->past[i].name, &person,
		    cause) == -1 ||
		    invite_past_add(st, person, sprint_id, "previous", file,
		    p->past[i].line, cause) == -1)
			goto rollback;
		stats->past++;
	}
	if (store_commit(st, cause) == -1)
		goto fail;
	peopletxt_free(&p);
	return 0;
rollback:
	store_rollback(st);
fail:
	peopletxt_free(&p);
	return -1;
}
