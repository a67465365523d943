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

/* peoplelist.c -- the people table with headcounts (sprintctl people and
 * the public people.txt). The sprint report is sprintreport.c; the
 * evaluation lives in evaluation.c. */
#include "config-auto.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "peoplelist.h"
#include "rst.h"
#include "util.h"

/* No report may grow past this, whatever the store holds. */
#define REPORT_MAX		(16u * 1024 * 1024)
/* Headcounts cover at most this many days around the sprint. */
#define REPORT_MAX_SPAN		366

static const char *const weekdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri",
    "Sat", "Sun" };

/* A capped output buffer that remembers whether anything was dropped. */
struct out {
	struct buf	 b;
	int		 full;
};

static void
out_init(struct out *o)
{
	buf_init(&o->b, REPORT_MAX);
	o->full = 0;
}

static void
out_add(struct out *o, const char *s, size_t len)
{
	if (buf_add(&o->b, s, len) == -1)
		o->full = 1;
}

static void
out_str(struct out *o, const char *s)
{
	out_add(o, s, strlen(s));
}

static void PRINTFLIKE(2, 3)
out_printf(struct out *o, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvprintf(fmt, ap);
	va_end(ap);
	out_str(o, s);
	free(s);
}

/* Hands the text to the caller, or fails when it was too large. */
static int
out_finish(struct out *o, char **out, char **cause)
{
	if (o->full) {
		*cause = xprintf("the report is larger than %u bytes",
		    REPORT_MAX);
		buf_free(&o->b);
		return -1;
	}
	*out = buf_steal(&o->b, NULL);
	return 0;
}

int
peoplelist_format_parse(const char *s, enum peoplelist_format *f)
{
	static const char *const names[] = { "rst", "csv", "json", "html",
	    "text" };
	size_t	 i;

	for (i = 0; i < nitems(names); i++) {
		if (strcmp(s, names[i]) == 0) {
			*f = (enum peoplelist_format)i;
			return 0;
		}
	}
	return -1;
}

/* A copy without control characters, for one table cell or line. */
static char *
clean(const char *s)
{
	return util_clean_dup(s, UTIL_CLEAN_UTF8);
}

/* Reads an ISO day from the store; 0 when unknown or malformed. */
static int
reg_day(const char *iso, day_t *out)
{
	return iso != NULL && dates_parse_iso(iso, out) == 0;
}

/* The days a registered person counts on; 1 if a date is guessed. */
static void
reg_span(const struct sprint *s, const struct registry_reg *r, day_t *a,
    day_t *d, int *guess)
{
	int	 ka, kd;

	*guess = 0;
	if (r->local) {
		*a = s->start;
		*d = s->end;
		return;
	}
	ka = reg_day(r->arrive, a);
	kd = reg_day(r->depart, d);
	if (!ka) {
		*a = kd && *d < s->start ? *d : s->start;
		*guess = 1;
	}
	if (!kd) {
		*d = *a > s->end ? *a : s->end;
		*guess = 1;
	}
}

struct peoplelist_day *
peoplelist_days(const struct sprint *s, const struct registry_reg *regs,
    size_t nregs, size_t *ndays)
{
	struct peoplelist_day	*days;
	day_t			 first = s->start, last = s->end, a, d, x;
	size_t			 i, n;
	int			 guess;

	for (i = 0; i < nregs; i++) {
		if (strcmp(regs[i].status, "registered") != 0)
			continue;
		reg_span(s, &regs[i], &a, &d, &guess);
		if (a < first)
			first = a;
		if (d > last)
			last = d;
	}
	/* Dates come checked from the parser; still, bound the table. */
	if (first < s->start - REPORT_MAX_SPAN)
		first = s->start - REPORT_MAX_SPAN;
	if (last > s->end + REPORT_MAX_SPAN)
		last = s->end + REPORT_MAX_SPAN;
	n = (size_t)(last - first + 1);
	days = xcalloc(n, sizeof *days);
	for (i = 0; i < n; i++) {
		days[i].day = first + (day_t)i;
		days[i].is_break = s->has_break_day &&
		    days[i].day == s->break_day;
		days[i].in_sprint = days[i].day >= s->start &&
		    days[i].day <= s->end;
	}
	for (i = 0; i < nregs; i++) {
		if (strcmp(regs[i].status, "registered") != 0)
			continue;
		reg_span(s, &regs[i], &a, &d, &guess);
		for (x = a < first ? first : a; x <= d && x <= last; x++) {
			days[x - first].count++;
			if (guess)
				days[x - first].estimate = 1;
		}
	}
	*ndays = n;
	return days;
}

/* "7/1", as the people.txt files write a day. */
static void
short_day(day_t day, char out[8])
{
	int	 y, m, d;

	dates_to_ymd(day, &y, &m, &d);
	snprintf(out, 8, "%d/%d", d, m);
}

/*
 * The Arrive/Depart cell: "7/1 - 14/1", "7/1 - ?", "?", "lives there";
 * tentative dates with a trailing "?" as people.txt writes them:
 * "7/1 - 14/1?", "7/1? - ?".
 */
static char *
arrive_depart(const struct registry_reg *r)
{
	char	 a[8] = "?", d[8] = "?";
	day_t	 x;
	int	 ka, kd;

	if (r->local)
		return xstrdup("lives there");
	if ((ka = reg_day(r->arrive, &x)))
		short_day(x, a);
	if ((kd = reg_day(r->depart, &x)))
		short_day(x, d);
	if (!ka && !kd)
		return xstrdup("?");
	if (r->tentative && kd)
		return xprintf("%s - %s?", a, d);
	if (r->tentative)
		return xprintf("%s? - %s", a, d);
	return xprintf("%s - %s", a, d);
}

static char *
accommodation(const struct registry_reg *r)
{
	if (r->accommodation != NULL && *r->accommodation != '\0')
		return clean(r->accommodation);
	return xstrdup(r->local ? "--" : "?");
}

/* Writes a simple table (rst.h) into the report. */
static void
report_table(struct out *o, const char *const *head, char **cells,
    size_t nrows, size_t ncols)
{
	struct buf	 b;

	buf_init(&b, REPORT_MAX);
	if (rst_table(&b, head, cells, nrows, ncols) == -1)
		o->full = 1;
	out_add(o, b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
}

static void
report_heading(struct out *o, const char *text, char under)
{
	struct buf	 b;

	buf_init(&b, REPORT_MAX);
	if (rst_heading(&b, text, under, 0) == -1)
		o->full = 1;
	out_add(o, b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
}

/*
 * The rows of the people table, three cells each, the values escaped for
 * rst. Without a name the public file says "?", the organizer's the
 * address.
 */
static char **
rst_people_cells(const struct registry_reg *regs, size_t n, int public)
{
	char	**cells = xcalloc(n * 3 + 1, sizeof *cells);
	size_t	  i;

	for (i = 0; i < n; i++) {
		if (regs[i].name != NULL && *regs[i].name != '\0')
			cells[i * 3] = rst_escape(regs[i].name);
		else
			cells[i * 3] = public ? xstrdup("?") :
			    rst_escape(regs[i].email);
		cells[i * 3 + 1] = arrive_depart(&regs[i]);
		if (regs[i].accommodation != NULL &&
		    *regs[i].accommodation != '\0')
			cells[i * 3 + 2] = rst_escape(regs[i].accommodation);
		else
			cells[i * 3 + 2] = xstrdup(regs[i].local ? "--" : "?");
	}
	return cells;
}

static void
cells_free(char **cells, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

/* The note on one headcount day. */
static const char *
day_note(const struct peoplelist_day *d)
{
	if (d->is_break && d->estimate)
		return "break day; estimate";
	if (d->is_break)
		return "break day";
	if (d->estimate)
		return "estimate";
	if (!d->in_sprint)
		return "outside the sprint";
	return "";
}

static void
rst_days(struct out *o, const struct peoplelist_day *days, size_t ndays)
{
	static const char *const head[] = { "Date", "Day", "People", "Note" };
	char	**cells = xcalloc(ndays * 4 + 1, sizeof *cells);
	char	  iso[11];
	size_t	  i;
	int	  estimate = 0;

	for (i = 0; i < ndays; i++) {
		dates_format_iso(days[i].day, iso);
		cells[i * 4] = xstrdup(iso);
		cells[i * 4 + 1] = xstrdup(
		    weekdays[dates_weekday(days[i].day)]);
		cells[i * 4 + 2] = xprintf("%d", days[i].count);
		cells[i * 4 + 3] = xstrdup(day_note(&days[i]));
		estimate |= days[i].estimate;
	}
	report_table(o, head, cells, ndays, 4);
	if (estimate)
		out_str(o, "\nAn estimate counts people without a known "
		    "arrival from the sprint's\nfirst day and those without "
		    "a known "
		    "departure to its last day.\n");
	cells_free(cells, ndays * 4);
}

/*
 * The people who came to an earlier sprint and are not registered for
 * this one: listed in its people.txt as present at previous sprints, or
 * registered for a sprint that ended before this one began (in sprintd
 * or imported). Names only, sorted; a new array of n names.
 */
static int
report_previous(struct store *st, int64_t sprint_id, const struct sprint *s,
    char ***names, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 start[11];
	int		 rc;

	*names = NULL;
	*n = 0;
	dates_format_iso(s->start, start);
	if (store_prepare(st, "SELECT p.name FROM people p WHERE p.name IS NOT "
	    "NULL AND p.id NOT IN (SELECT person_id FROM registrations WHERE "
	    "sprint_id = ?1 AND status != 'cancelled') AND (p.id IN (SELECT "
	    "person_id FROM past_attendees WHERE sprint_id = ?1 AND how = "
	    "'previous') OR p.id IN (SELECT r.person_id FROM registrations r "
	    "JOIN sprints e ON e.id = r.sprint_id WHERE e.end_date < ?2 AND "
	    "r.status = 'registered') OR p.id IN (SELECT a.person_id FROM "
	    "past_attendees a JOIN sprints e ON e.id = a.sprint_id WHERE "
	    "a.how = 'registered' AND e.end_date < ?2)) ORDER BY p.name "
	    "COLLATE NOCASE", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, start);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*names = xreallocarray(*names, *n + 1, sizeof **names);
		(*names)[(*n)++] = store_column_dup(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "listing past attendees");
		cells_free(*names, *n);
		*names = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* PyPy's second table: names, "?" for the rest. */
static void
rst_previous(struct out *o, char **names, size_t n)
{
	static const char *const head[] = { "Name", "Arrive/Depart",
	    "Accomodation" };
	char	**cells = xcalloc(n * 3 + 1, sizeof *cells);
	size_t	  i;

	for (i = 0; i < n; i++) {
		cells[i * 3] = rst_escape(names[i]);
		cells[i * 3 + 1] = xstrdup("?");
		cells[i * 3 + 2] = xstrdup("?");
	}
	out_str(o, "\n\nPeople on the following list were present at previous "
	    "sprints:\n\n");
	report_table(o, head, cells, n, 3);
	cells_free(cells, n * 3);
}

/*
 * The people in rst. The public file (public set: people.txt under
 * publish_dir) shows the waiting list as a count, as the page does; the
 * organizer's shows who waits, in order.
 */
static void
people_rst(struct out *o, const struct sprint *s,
    const struct registry_reg *reg, size_t nreg,
    const struct registry_reg *wait, size_t nwait,
    const struct peoplelist_day *days, size_t ndays, char **previous,
    size_t nprevious, int public)
{
	static const char *const head[] = { "Name", "Arrive/Depart",
	    "Accomodation" };
	struct buf	 title;
	char		**cells;

	buf_init(&title, REPORT_MAX);
	buf_addstr(&title, "People coming to the ");
	if (rst_inline(&title, s->name) == -1)
		o->full = 1;
	report_heading(o, title.data, '=');
	buf_free(&title);
	out_str(o, "People who have a ``?`` in their arrive/depart or "
	    "accomodation\ncolumn are known to be coming but there are no "
	    "details\navailable yet from them. A ``?`` after a date marks "
	    "it as tentative.\n\n");
	if (nreg == 0) {
		out_str(o, "Nobody has registered yet.\n");
		/* The first table is the registrations, empty or not, as
		 * PyPy's files have it when a second one follows. */
		if (nprevious > 0) {
			out_str(o, "\n");
			cells = xcalloc(1, sizeof *cells);
			report_table(o, head, cells, 0, 3);
			free(cells);
		}
	} else {
		cells = rst_people_cells(reg, nreg, public);
		report_table(o, head, cells, nreg, 3);
		cells_free(cells, nreg * 3);
	}
	if (nprevious > 0)
		rst_previous(o, previous, nprevious);
	if (nwait > 0 && public) {
		out_str(o, "\n\n");
		report_heading(o, "Waiting list", '-');
		out_printf(o, "The sprint has room for %d. %zu %s on the "
		    "waiting list: they get a\nplace, in the order they "
		    "registered, when someone cancels.\n", s->capacity, nwait,
		    nwait == 1 ? "person is" : "people are");
	} else if (nwait > 0) {
		out_str(o, "\n\n");
		report_heading(o, "Waiting list", '-');
		out_printf(o, "The sprint has room for %d; these people get a "
		    "place, in this order,\nwhen someone cancels.\n\n",
		    s->capacity);
		cells = rst_people_cells(wait, nwait, public);
		report_table(o, head, cells, nwait, 3);
		cells_free(cells, nwait * 3);
	}
	out_str(o, "\n\n");
	report_heading(o, "People per day", '-');
	rst_days(o, days, ndays);
}

/* One RFC 4180 field, guarded against formula injection. */
static void
csv_field(struct out *o, const char *raw, int last)
{
	char		*v;
	const char	*p;
	int		 formula;

	v = util_clean_dup(raw, UTIL_CLEAN_LF | UTIL_CLEAN_TAB | UTIL_CLEAN_UTF8);
	/* strchr() would find the NUL of an empty field. */
	formula = *v != '\0' && strchr("=+-@\t\r", *v) != NULL;
	if (formula || strpbrk(v, ",\"\r\n") != NULL) {
		out_str(o, "\"");
		if (formula)
			out_str(o, "'");
		for (p = v; *p != '\0'; p++) {
			if (*p == '"')
				out_str(o, "\"");
			/* A line break in a field is CRLF too (RFC 4180). */
			if (*p == '\n')
				out_str(o, "\r");
			out_add(o, p, 1);
		}
		out_str(o, "\"");
	} else
		out_str(o, v);
	out_str(o, last ? "\r\n" : ",");
	free(v);
}

static const char *
tristate(int v)
{
	return v < 0 ? "" : v ? "yes" : "no";
}

/* The value of the sprint's own field id in r, or NULL. */
static const char *
report_field(const struct registry_reg *r, const char *id)
{
	size_t	 i;

	for (i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].id, id) == 0)
			return r->fields[i].value;
	return NULL;
}

static void
csv_people(struct out *o, const struct sprint *s,
    const struct registry_reg *regs, size_t n)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		const struct registry_reg	*r = &regs[i];

		csv_field(o, r->name, 0);
		csv_field(o, r->email, 0);
		csv_field(o, r->status, 0);
		csv_field(o, r->arrive, 0);
		csv_field(o, r->depart, 0);
		csv_field(o, r->local ? "yes" : "no", 0);
		csv_field(o, r->accommodation, 0);
		csv_field(o, tristate(r->newcomer), 0);
		csv_field(o, tristate(r->funding), 0);
		csv_field(o, r->diet, 0);
		csv_field(o, r->tentative ? "yes" : "no", 0);
		csv_field(o, r->topics, s->nfields == 0);
		/* The sprint's own fields, by id, after the built-in ones. */
		for (j = 0; j < s->nfields; j++)
			csv_field(o, report_field(r, s->fields[j].id),
			    j + 1 == s->nfields);
	}
}

static void
people_csv(struct out *o, const struct sprint *s,
    const struct registry_reg *reg, size_t nreg,
    const struct registry_reg *wait, size_t nwait)
{
	size_t	 j;

	out_str(o, "name,email,status,arrive,depart,local,accommodation,"
	    "newcomer,funding,diet,tentative,topics");
	for (j = 0; j < s->nfields; j++) {
		out_str(o, ",");
		out_str(o, s->fields[j].id);
	}
	out_str(o, "\r\n");
	csv_people(o, s, reg, nreg);
	csv_people(o, s, wait, nwait);
}

static void
html_text(struct out *o, const char *s)
{
	char		*c = clean(s);
	const char	*p;

	for (p = c; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			out_str(o, "&amp;");
			break;
		case '<':
			out_str(o, "&lt;");
			break;
		case '>':
			out_str(o, "&gt;");
			break;
		case '"':
			out_str(o, "&quot;");
			break;
		case '\'':
			out_str(o, "&#39;");
			break;
		default:
			out_add(o, p, 1);
		}
	}
	free(c);
}

static void
html_people(struct out *o, const struct registry_reg *regs, size_t n)
{
	size_t	 i;
	char	*t;

	out_str(o, "<table>\n<thead><tr><th>Name</th><th>Arrive/Depart</th>"
	    "<th>Tentative</th><th>Accommodation</th></tr></thead>\n"
	    "<tbody>\n");
	for (i = 0; i < n; i++) {
		out_str(o, regs[i].tentative ? "<tr class=\"tentative\"><td>" :
		    "<tr><td>");
		html_text(o, regs[i].name != NULL ? regs[i].name :
		    regs[i].email);
		out_str(o, "</td><td>");
		t = arrive_depart(&regs[i]);
		html_text(o, t);
		free(t);
		out_printf(o, "</td><td>%s</td><td>", regs[i].tentative ?
		    "yes" : "no");
		t = accommodation(&regs[i]);
		html_text(o, t);
		free(t);
		out_str(o, "</td></tr>\n");
	}
	out_str(o, "</tbody>\n</table>\n");
}

static void
people_html(struct out *o, const struct sprint *s,
    const struct registry_reg *reg, size_t nreg,
    const struct registry_reg *wait, size_t nwait,
    const struct peoplelist_day *days, size_t ndays)
{
	char	 iso[11];
	size_t	 i;

	out_str(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>People coming to the ");
	html_text(o, s->name);
	out_str(o, "</title>\n<style>\n"
	    "body { font-family: sans-serif; margin: 2em; }\n"
	    "table { border-collapse: collapse; margin-bottom: 1.5em; }\n"
	    "th, td { border: 1px solid #999; padding: 0.2em 0.6em; "
	    "text-align: left; }\n"
	    "td.n { text-align: right; }\n"
	    "tr.break { background: #eee; }\n"
	    "tr.outside { color: #777; }\n"
	    "tr.tentative td { font-style: italic; }\n"
	    "</style>\n</head>\n<body>\n<h1>People coming to the ");
	html_text(o, s->name);
	out_str(o, "</h1>\n");
	if (nreg == 0)
		out_str(o, "<p>Nobody has registered yet.</p>\n");
	else
		html_people(o, reg, nreg);
	if (nwait > 0) {
		out_printf(o, "<h2>Waiting list</h2>\n<p>The sprint has room "
		    "for %d; these people get a place, in this order, when "
		    "someone cancels.</p>\n", s->capacity);
		html_people(o, wait, nwait);
	}
	out_str(o, "<h2>People per day</h2>\n<table>\n<thead><tr><th>Date"
	    "</th><th>Day</th><th>People</th><th>Note</th></tr></thead>\n"
	    "<tbody>\n");
	for (i = 0; i < ndays; i++) {
		dates_format_iso(days[i].day, iso);
		out_printf(o, "<tr%s><td>%s</td><td>%s</td><td class=\"n\">%d"
		    "</td><td>%s</td></tr>\n", days[i].is_break ?
		    " class=\"break\"" : !days[i].in_sprint ?
		    " class=\"outside\"" : "", iso,
		    weekdays[dates_weekday(days[i].day)], days[i].count,
		    day_note(&days[i]));
	}
	out_str(o, "</tbody>\n</table>\n<p>An estimate counts people without "
	    "a known arrival from the sprint's first day and those without "
	    "a known departure to its last day.</p>\n</body>\n</html>\n");
}

/* A string or JSON null. */
static json_t *
json_str(const char *v)
{
	json_t	*j;
	char	*c;

	if (v == NULL)
		return json_null();
	/* Valid UTF-8 once cleaned: a bad byte is shown as "?"; jansson
	 * escapes the line ends and tabs kept. */
	c = util_clean_dup(v, UTIL_CLEAN_LF | UTIL_CLEAN_TAB | UTIL_CLEAN_UTF8);
	j = json_string(c);
	free(c);
	return j != NULL ? j : json_string("?");
}

/* -1 unknown (null), 0 false, else true. */
static json_t *
json_tri(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

static void
json_people(json_t *arr, const struct sprint *s,
    const struct registry_reg *regs, size_t n)
{
	json_t	*o, *f;
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		const struct registry_reg	*p = &regs[i];

		o = json_object();
		json_object_set_new(o, "name", json_str(p->name));
		json_object_set_new(o, "email", json_str(p->email));
		json_object_set_new(o, "arrive", json_str(p->arrive));
		json_object_set_new(o, "depart", json_str(p->depart));
		json_object_set_new(o, "local", json_boolean(p->local != 0));
		json_object_set_new(o, "accommodation",
		    json_str(p->accommodation));
		json_object_set_new(o, "newcomer", json_tri(p->newcomer));
		json_object_set_new(o, "funding", json_tri(p->funding));
		json_object_set_new(o, "diet", json_str(p->diet));
		json_object_set_new(o, "topics", json_str(p->topics));
		json_object_set_new(o, "status", json_str(p->status));
		json_object_set_new(o, "tentative",
		    json_boolean(p->tentative != 0));
		if (s->nfields > 0) {
			f = json_object();
			for (j = 0; j < s->nfields; j++)
				json_object_set_new(f, s->fields[j].id,
				    json_str(report_field(p, s->fields[j].id)));
			json_object_set_new(o, "fields", f);
		}
		json_array_append_new(arr, o);
	}
}

static int
people_json(struct store *st, const struct sprint *s,
    const struct registry_reg *reg, size_t nreg,
    const struct registry_reg *wait, size_t nwait,
    const struct peoplelist_day *days, size_t ndays, struct out *o,
    char **cause)
{
	json_t	*root = json_object(), *people = json_array();
	json_t	*jdays = json_array(), *d;
	char	 iso[11], *text;
	size_t	 i;

	(void)st;
	json_people(people, s, reg, nreg);
	json_people(people, s, wait, nwait);
	for (i = 0; i < ndays; i++) {
		d = json_object();
		dates_format_iso(days[i].day, iso);
		json_object_set_new(d, "date", json_string(iso));
		json_object_set_new(d, "count", json_integer(days[i].count));
		json_object_set_new(d, "break", json_boolean(days[i].is_break));
		json_object_set_new(d, "estimate",
		    json_boolean(days[i].estimate));
		json_object_set_new(d, "in_sprint",
		    json_boolean(days[i].in_sprint));
		json_array_append_new(jdays, d);
	}
	json_object_set_new(root, "sprint", json_str(s->slug));
	json_object_set_new(root, "name", json_str(s->name));
	dates_format_iso(s->start, iso);
	json_object_set_new(root, "start", json_string(iso));
	dates_format_iso(s->end, iso);
	json_object_set_new(root, "end", json_string(iso));
	dates_format_iso(s->break_day, iso);
	json_object_set_new(root, "break_day", s->has_break_day ?
	    json_string(iso) : json_null());
	json_object_set_new(root, "capacity", json_integer(s->capacity));
	json_object_set_new(root, "people", people);
	json_object_set_new(root, "days", jdays);
	text = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	if (text == NULL) {
		*cause = xstrdup("cannot build JSON");
		return -1;
	}
	out_printf(o, "%s\n", text);
	free(text);
	return 0;
}

static int
reg_by_id(const void *a, const void *b)
{
	const struct registry_reg	*x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
report_people_as(struct store *st, int64_t sprint_id, const struct sprint *s,
    enum peoplelist_format format, int public, char **out, char **cause)
{
	struct registry_reg	*reg = NULL, *wait = NULL;
	struct peoplelist_day	*days = NULL;
	struct out		 o;
	char			**previous = NULL;
	size_t			 nreg = 0, nwait = 0, ndays = 0, nprevious = 0;

	*out = NULL;
	out_init(&o);
	if (format != PEOPLELIST_RST && format != PEOPLELIST_CSV &&
	    format != PEOPLELIST_JSON && format != PEOPLELIST_HTML) {
		*cause = xstrdup("the people report is rst, csv, json or html");
		goto fail;
	}
	if (registry_list(st, sprint_id, "registered", &reg, &nreg,
	    cause) == -1 ||
	    registry_list(st, sprint_id, "waiting", &wait, &nwait,
	    cause) == -1)
		goto fail;
	/* The waiting list in the order places are given (registry_cancel
	 * promotes by created_at, id: ids grow with time). */
	if (nwait > 1)
		qsort(wait, nwait, sizeof *wait, reg_by_id);
	days = peoplelist_days(s, reg, nreg, &ndays);
	switch (format) {
	case PEOPLELIST_RST:
		if (report_previous(st, sprint_id, s, &previous, &nprevious,
		    cause) == -1)
			goto fail;
		people_rst(&o, s, reg, nreg, wait, nwait, days, ndays,
		    previous, nprevious, public);
		cells_free(previous, nprevious);
		break;
	case PEOPLELIST_CSV:
		people_csv(&o, s, reg, nreg, wait, nwait);
		break;
	case PEOPLELIST_JSON:
		if (people_json(st, s, reg, nreg, wait, nwait, days, ndays, &o,
		    cause) == -1)
			goto fail;
		break;
	default:
		people_html(&o, s, reg, nreg, wait, nwait, days, ndays);
		break;
	}
	registry_regs_free(reg, nreg);
	registry_regs_free(wait, nwait);
	free(days);
	return out_finish(&o, out, cause);
fail:
	registry_regs_free(reg, nreg);
	registry_regs_free(wait, nwait);
	free(days);
	buf_free(&o.b);
	return -1;
}

int
peoplelist_people(struct store *st, int64_t sprint_id, const struct sprint *s,
    enum peoplelist_format format, char **out, char **cause)
{
	return report_people_as(st, sprint_id, s, format, 0, out, cause);
}

int
peoplelist_public(struct store *st, int64_t sprint_id,
    const struct sprint *s, char **out, char **cause)
{
	return report_people_as(st, sprint_id, s, PEOPLELIST_RST, 1, out,
	    cause);
}
