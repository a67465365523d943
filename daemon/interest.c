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
 * interest.c -- the pre-announcement and its answers.
 *
 * The answers are read by the form reader (form.c) against a small table
 * of their own keys, with the same rules as the registration form: a
 * misspelled key gets "did you mean", a value that cannot be read is an
 * error naming the field and what is expected, never a guess.
 */
#include "config-auto.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "compose.h"
#include "dates.h"
#include "form.h"
#include "interest.h"
#include "log.h"
#include "parse.h"
#include "render.h"
#include "schedule.h"
#include "util.h"

#define INTEREST_MAX_TOPICS_LEN	500

enum { K_INTERESTED, K_DATES, K_TOPICS };

static const struct form_key interest_keys[] = {
	{ "Interested", K_INTERESTED, 0, 0 },
	{ "Interest", K_INTERESTED, 0, 0 },
	{ "Dates", K_DATES, 0, 0 },
	{ "Date", K_DATES, 0, 0 },
	{ "Topics", K_TOPICS, 0, INTEREST_MAX_TOPICS_LEN },
	{ "Topic", K_TOPICS, 0, INTEREST_MAX_TOPICS_LEN },
};

static const char *const interest_maybe_words[] = {
	"maybe", "perhaps", "possibly", "probably", "vielleicht",
	"peut-être", "peut-etre", "forse", "quizás", "quizas", "misschien",
};

static const char *const interest_names[] = { "no", "maybe", "yes" };

const char *
interest_name(enum interest_value v)
{
	return v >= INTEREST_NO && v <= INTEREST_YES ? interest_names[v] :
	    NULL;
}

/* Reads yes, maybe or no (and the words of form_yesno); -2 for none. */
static int
interest_value(const char *v)
{
	size_t	 i, n;
	int	 yn;

	while (*v == ' ' || *v == '\t')
		v++;
	for (i = 0; i < nitems(interest_maybe_words); i++) {
		n = strlen(interest_maybe_words[i]);
		if (util_strncaseeq(v, interest_maybe_words[i], n) &&
		    !isalnum((unsigned char)v[n]))
			return INTEREST_MAYBE;
	}
	if (*v == '?' && v[1] == '\0')
		return INTEREST_MAYBE;
	if ((yn = form_yesno(v)) == -1)
		return -2;
	return yn ? INTEREST_YES : INTEREST_NO;
}

static void
interest_error(char ***errors, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
interest_error(char ***errors, size_t *n, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	*errors = xreallocarray(*errors, *n + 1, sizeof **errors);
	(*errors)[(*n)++] = xvprintf(fmt, ap);
	va_end(ap);
}

/* The value as written, one line, cut for an error message. */
static char *
interest_quote(const char *v)
{
	char	*q = util_clean_dup(v, UTIL_CLEAN_UTF8);

	form_cap_utf8(q, 60);
	return q;
}

/*
 * "1 yes, 2 no" (also "1: yes; 2=maybe", "1 yes 2 no"): each option's
 * number and its answer. Problems go to errors.
 */
static void
interest_read_dates(const struct sprint *s, const char *v,
    struct interest_reply *ir, char ***errors, size_t *nerrors)
{
	const char	*p = v, *w;
	char		 word[32], *q;
	size_t		 n;
	int		 num, a, bad = 0;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',' || *p == ';')
			p++;
		if (*p == '\0')
			break;
		if (!isdigit((unsigned char)*p)) {
			bad = 1;
			break;
		}
		num = 0;
		while (isdigit((unsigned char)*p) && num < 1000)
			num = num * 10 + (*p++ - '0');
		while (*p == ' ' || *p == ':' || *p == '=' || *p == '-' ||
		    *p == '.' || *p == ')')
			p++;
		for (w = p, n = 0; *p != '\0' && *p != ',' && *p != ';' &&
		    *p != ' ' && n + 1 < sizeof word; p++)
			word[n++] = *p;
		word[n] = '\0';
		if (n == 0 || (a = interest_value(word)) == -2) {
			q = interest_quote(w);
			interest_error(errors, nerrors, "Dates: \"%s\" after "
			    "option %d could not be read; expected yes, maybe "
			    "or no for each option, e.g. \"Dates: 1 yes, 2 "
			    "no\"", q, num);
			free(q);
			return;
		}
		if (num < 1 || (size_t)num > s->noptions) {
			interest_error(errors, nerrors, "Dates: there is no "
			    "option %d; expected the options' numbers, 1 to "
			    "%zu", num, s->noptions);
			continue;
		}
		if (ir->dates[num - 1] != INTEREST_NONE &&
		    ir->dates[num - 1] != (enum interest_value)a) {
			interest_error(errors, nerrors, "Dates: option %d "
			    "given twice with different answers, \"%s\" and "
			    "\"%s\"; expected it once", num,
			    interest_name(ir->dates[num - 1]),
			    interest_name((enum interest_value)a));
			continue;
		}
		ir->dates[num - 1] = (enum interest_value)a;
	}
	if (bad) {
		q = interest_quote(v);
		interest_error(errors, nerrors, "Dates: \"%s\" could not be "
		    "read; expected each option's number and yes, maybe or "
		    "no, e.g. \"Dates: 1 yes, 2 no\"", q);
		free(q);
	}
}

int
interest_read(const struct sprint *s, const char *text,
    struct interest_reply **out, char ***errors, size_t *nerrors)
{
	struct interest_reply	*ir;
	struct form		*form;
	const struct form_field	*f;
	size_t			 i;
	int			 is = 0, a;
	char			*q;

	*out = NULL;
	if (s->noptions == 0 || text == NULL)
		return 0;
	form = form_read(text, interest_keys, nitems(interest_keys));
	for (i = 0; i < form->nfields; i++) {
		f = &form->fields[i];
		if (f->id == K_INTERESTED)
			is = 1;
		else if (f->id == K_DATES && !f->near && s->dates_open)
			is = 1;
	}
	if (!is) {
		form_free(&form);
		return 0;
	}
	ir = xcalloc(1, sizeof *ir);
	ir->interested = INTEREST_NONE;
	ir->noptions = s->noptions;
	for (i = 0; i < SPRINT_MAX_OPTIONS; i++)
		ir->dates[i] = INTEREST_NONE;
	for (i = 0; i < form->nfields; i++) {
		f = &form->fields[i];
		if (f->near) {
			interest_error(errors, nerrors, "unknown field \"%s\": "
			    "did you mean \"%s\"?", f->written, f->suggest);
			continue;
		}
		if (*f->value == '\0')
			continue;
		switch (f->id) {
		case K_INTERESTED:
			if ((a = interest_value(f->value)) == -2) {
				q = interest_quote(f->value);
				interest_error(errors, nerrors, "Interested: "
				    "\"%s\" could not be read; expected yes, "
				    "maybe or no", q);
				free(q);
			} else if (ir->interested != INTEREST_NONE &&
			    ir->interested != (enum interest_value)a)
				interest_error(errors, nerrors, "Interested: "
				    "given twice with different answers; "
				    "expected it once");
			else
				ir->interested = (enum interest_value)a;
			break;
		case K_DATES:
			interest_read_dates(s, f->value, ir, errors, nerrors);
			break;
		case K_TOPICS:
			free(ir->topics);
			ir->topics = util_clean_dup(f->value, UTIL_CLEAN_UTF8);
			util_trim(ir->topics);
			if (*ir->topics == '\0')
				xfree(&ir->topics);
			break;
		}
	}
	form_free(&form);
	if (*nerrors == 0 && interest_overall(ir) == INTEREST_NONE)
		interest_error(errors, nerrors, "Interested: missing; expected "
		    "\"Interested: yes\", \"maybe\" or \"no\" (and \"Dates: 1 "
		    "yes, 2 no\" for the options)");
	*out = ir;
	return 1;
}

void
interest_reply_free(struct interest_reply **irp)
{
	if (*irp == NULL)
		return;
	free((*irp)->topics);
	xfree(irp);
}

enum interest_value
interest_overall(const struct interest_reply *ir)
{
	enum interest_value	 best = INTEREST_NONE;
	size_t			 i;

	if (ir->interested != INTEREST_NONE)
		return ir->interested;
	for (i = 0; i < SPRINT_MAX_OPTIONS; i++)
		if (ir->dates[i] > best)
			best = ir->dates[i];
	return best;
}

enum interest_value
interest_for_option(const struct interest_reply *ir, size_t i)
{
	if (i < SPRINT_MAX_OPTIONS && ir->dates[i] != INTEREST_NONE)
		return ir->dates[i];
	return ir->interested;
}

char *
interest_describe(const struct interest_reply *ir)
{
	struct buf	 b;
	const char	*n;
	size_t		 i;

	buf_init(&b, 0);
	n = interest_name(interest_overall(ir));
	buf_printf(&b, "your answer to the pre-announcement: Interested: %s",
	    n != NULL ? n : "?");
	for (i = 0; i < ir->noptions && i < SPRINT_MAX_OPTIONS; i++) {
		n = interest_name(interest_for_option(ir, i));
		buf_printf(&b, "%s option %zu: %s", i == 0 ? ";" : ",", i + 1,
		    n != NULL ? n : "?");
	}
	return buf_steal(&b, NULL);
}

json_t *
interest_reply_json(const struct interest_reply *ir)
{
	json_t		*o = json_object(), *d = json_array();
	const char	*n;
	size_t		 i;

	n = interest_name(ir->interested);
	json_object_set_new(o, "interested", n != NULL ? json_string(n) :
	    json_null());
	for (i = 0; i < ir->noptions && i < SPRINT_MAX_OPTIONS; i++) {
		n = interest_name(ir->dates[i]);
		json_array_append_new(d, n != NULL ? json_string(n) :
		    json_null());
	}
	json_object_set_new(o, "dates", d);
	json_object_set_new(o, "topics", ir->topics != NULL ?
	    json_string(ir->topics) : json_null());
	return o;
}

day_t
interest_earliest(const struct sprint *s)
{
	day_t	 d = s->start;
	size_t	 i;

	for (i = 0; i < s->noptions; i++)
		if (i == 0 || s->options[i].start < d)
			d = s->options[i].start;
	return d;
}

/* "Sat 6 March to Sat 13 March 2027": a range as people write it. */
static char *
interest_range(day_t a, day_t b)
{
	char	 da[RENDER_DAY_LEN], db[RENDER_DAY_LEN];
	int	 y, m, d;

	render_day(a, da);
	render_day(b, db);
	dates_to_ymd(b, &y, &m, &d);
	return xprintf("%s to %s %d", da, db, y);
}

void
interest_option_facts(const struct sprint *s, struct render_val *root)
{
	struct render_val	*item;
	struct buf		 ex;
	char			*r, iso[11];
	size_t			 i;

	render_list(root, "options");
	buf_init(&ex, 0);
	for (i = 0; i < s->noptions; i++) {
		item = render_list_add(root, "options");
		render_setf(item, "number", "%zu", i + 1);
		r = interest_range(s->options[i].start, s->options[i].end);
		render_set(item, "dates", r);
		free(r);
		dates_format_iso(s->options[i].start, iso);
		render_set(item, "start", iso);
		dates_format_iso(s->options[i].end, iso);
		render_set(item, "end", iso);
		buf_printf(&ex, "%s%zu %s", i > 0 ? ", " : "", i + 1,
		    i == 1 ? "no" : "yes");
	}
	r = buf_steal(&ex, NULL);
	render_set(root, "dates_example", r);
	free(r);
}

/* Keeps the file's options, numbered, when it gives them. */
static int
interest_keep_options(struct store *st, int64_t sprint_id,
    const struct sprint *s, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 a[11], b[11];
	size_t		 i;

	if (s->noptions == 0)
		return 0;
	if (store_prepare(st, "DELETE FROM interest_options WHERE sprint_id "
	    "= ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if (store_done(st, stmt, "replacing the options", cause) == -1)
		return -1;
	for (i = 0; i < s->noptions; i++) {
		if (store_prepare(st, "INSERT INTO interest_options "
		    "(sprint_id, number, start_date, end_date) VALUES (?1, ?2, "
		    "?3, ?4)", &stmt, cause) == -1)
			return -1;
		dates_format_iso(s->options[i].start, a);
		dates_format_iso(s->options[i].end, b);
		sqlite3_bind_int64(stmt, 1, sprint_id);
		sqlite3_bind_int(stmt, 2, (int)i + 1);
		store_bind_text(stmt, 3, a);
		store_bind_text(stmt, 4, b);
		if (store_done(st, stmt, "keeping an option", cause) == -1)
			return -1;
	}
	return 0;
}

/* 1 when the pre-announcement of the sprint went out (its job ran). */
static int
interest_went(struct store *st, int64_t sprint_id, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, "SELECT 1 FROM jobs WHERE sprint_id = ?1 AND "
	    "kind = 'preannounce' AND done_at IS NOT NULL AND skipped = 0",
	    &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the pre-announcement's job");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
interest_plan(struct store *st, int64_t sprint_id, const struct sprint *s,
    char **cause)
{
	int	 r;

	if (interest_keep_options(st, sprint_id, s, cause) == -1)
		return -1;
	if (s->dates_open)
		return 0;
	if ((r = interest_went(st, sprint_id, cause)) != 1)
		return r;
	/* Due now: the job runs once, and never again once done. */
	return schedule_add_job(st, sprint_id,
	    schedule_kinds[SCHEDULE_DATES_FIXED].name, clock_now(), cause);
}

int
interest_known(struct store *st, int64_t sprint_id, const char *email)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL;
	int		 rc;

	if (store_cached(st, "SELECT 1 FROM interest_answers WHERE sprint_id "
	    "= ?1 AND email = ?2", &stmt, &cause) == -1) {
		free(cause);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, email);
	rc = sqlite3_step(stmt);
	store_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	return rc == SQLITE_ROW;
}

/* The facts of one answer, for the reply that says what was recorded. */
static void
interest_answer_facts(const struct sprint *s, const struct interest_reply *ir,
    struct render_val *root)
{
	struct render_val	*a = render_sub(root, "answer"), *item;
	const char		*n;
	size_t			 i;

	n = interest_name(interest_overall(ir));
	render_set(a, "interested", n != NULL ? n : "?");
	render_list(a, "dates");
	for (i = 0; i < s->noptions; i++) {
		item = render_list_add(a, "dates");
		render_setf(item, "number", "%zu", i + 1);
		n = interest_name(interest_for_option(ir, i));
		render_set(item, "answer", n != NULL ? n : "?");
	}
	render_set(a, "topics", ir->topics);
}

int
interest_apply(struct store *st, struct compose *c, const struct sprint *s,
    int64_t sprint_id, int64_t msg_id, const struct compose_orig *orig,
    const struct parse_result *res, int may, char **cause)
{
	const struct interest_reply	*ir = res->interest;
	struct render_val		*root;
	sqlite3_stmt			*stmt;
	char				 now[21];
	size_t				 i;
	int				 r;

	clock_format_utc(clock_now(), now);
	if (store_cached(st, "INSERT INTO interest_answers (sprint_id, email, "
	    "name, interested, topics, message_id, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT (sprint_id, "
	    "email) DO UPDATE SET name = excluded.name, interested = "
	    "excluded.interested, topics = excluded.topics, message_id = "
	    "excluded.message_id, updated_at = excluded.updated_at", &stmt,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, res->from);
	store_bind_text(stmt, 3, res->name);
	store_bind_text(stmt, 4, interest_name(ir->interested));
	store_bind_text(stmt, 5, ir->topics);
	if (msg_id != 0)
		sqlite3_bind_int64(stmt, 6, msg_id);
	store_bind_text(stmt, 7, now);
	if (store_step_done(st, stmt, "recording an interest answer",
	    cause) == -1)
		return -1;
	/* A later answer replaces the earlier one as a whole. */
	if (store_cached(st, "DELETE FROM interest_dates WHERE sprint_id = ?1 "
	    "AND email = ?2", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, res->from);
	if (store_step_done(st, stmt, "replacing an interest answer",
	    cause) == -1)
		return -1;
	for (i = 0; i < s->noptions; i++) {
		if (ir->dates[i] == INTEREST_NONE)
			continue;
		if (store_cached(st, "INSERT INTO interest_dates (sprint_id, "
		    "email, number, answer) VALUES (?1, ?2, ?3, ?4)", &stmt,
		    cause) == -1)
			return -1;
		sqlite3_bind_int64(stmt, 1, sprint_id);
		store_bind_text(stmt, 2, res->from);
		sqlite3_bind_int(stmt, 3, (int)i + 1);
		store_bind_text(stmt, 4, interest_name(ir->dates[i]));
		if (store_step_done(st, stmt, "recording an interest answer",
		    cause) == -1)
			return -1;
	}
	log_info("%s: %s is interested: %s", s->slug, res->from,
	    interest_name(interest_overall(ir)));
	if (!may)
		return 0;
	root = render_rec_new();
	interest_option_facts(s, root);
	interest_answer_facts(s, ir, root);
	r = compose_mail(c, st, "interest", s, sprint_id, res->from, NULL,
	    orig, root, cause);
	render_val_free(&root);
	return r;
}

/* 1 when the address came to an earlier sprint: registered for one that
 * has ended, or listed in a people.txt as present; -1 on errors. */
#define INTEREST_RETURNING \
	"EXISTS (SELECT 1 FROM people p WHERE p.email = a.email AND (" \
	"  EXISTS (SELECT 1 FROM registrations r JOIN sprints t ON t.id = " \
	"    r.sprint_id WHERE r.person_id = p.id AND r.status = " \
	"    'registered' AND t.id != a.sprint_id AND t.end_date < ?2) OR " \
	"  EXISTS (SELECT 1 FROM past_attendees pa WHERE pa.person_id = " \
	"    p.id AND (pa.how = 'previous' OR pa.sprint_id != a.sprint_id))))"

static enum interest_value
interest_parse_name(const char *s)
{
	size_t	 i;

	for (i = 0; s != NULL && i < nitems(interest_names); i++)
		if (strcmp(s, interest_names[i]) == 0)
			return (enum interest_value)i;
	return INTEREST_NONE;
}

/* Adds each comma-separated topic of text not listed yet. */
static void
interest_add_topics(struct interest_counts *ic, const char *text)
{
	const char	*p, *e;
	char		*t;
	size_t		 i;

	for (p = text; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = p + strcspn(p, ",;\n");
		t = xstrndup(p, (size_t)(e - p));
		util_trim(t);
		for (i = 0; i < ic->ntopics; i++)
			if (util_strcaseeq(ic->topics[i], t))
				break;
		if (*t == '\0' || i < ic->ntopics ||
		    ic->ntopics >= INTEREST_MAX_TOPICS) {
			free(t);
			continue;
		}
		ic->topics = xreallocarray(ic->topics, ic->ntopics + 1,
		    sizeof *ic->topics);
		ic->topics[ic->ntopics++] = t;
	}
}

int
interest_count(struct store *st, int64_t sprint_id, struct interest_counts *ic,
    char **cause)
{
	struct interest_reply	 ir;
	sqlite3_stmt		*stmt = NULL, *ds = NULL;
	char			 today[11];
	day_t			 d;
	size_t			 i;
	int			 rc, returning;
	enum interest_value	 v;

	memset(ic, 0, sizeof *ic);
	if (store_prepare(st, "SELECT number, start_date, end_date FROM "
	    "interest_options WHERE sprint_id = ?1 ORDER BY number", &stmt,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	    ic->noptions < SPRINT_MAX_OPTIONS) {
		struct interest_option_count	*o =
		    &ic->options[ic->noptions++];

		if (dates_parse_iso((const char *)sqlite3_column_text(stmt, 1),
		    &d) == 0)
			o->start = d;
		if (dates_parse_iso((const char *)sqlite3_column_text(stmt, 2),
		    &d) == 0)
			o->end = d;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto storefail;
	dates_format_iso((day_t)(clock_now() / 86400), today);
	if (store_prepare(st, "SELECT a.email, a.interested, a.topics, "
	    INTEREST_RETURNING " FROM interest_answers a WHERE a.sprint_id = "
	    "?1 ORDER BY a.created_at, a.email", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, today);
	if (store_prepare(st, "SELECT number, answer FROM interest_dates "
	    "WHERE sprint_id = ?1 AND email = ?2", &ds, cause) == -1) {
		sqlite3_finalize(stmt);
		return -1;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&ir, 0, sizeof ir);
		ir.interested = interest_parse_name((const char *)
		    sqlite3_column_text(stmt, 1));
		for (i = 0; i < SPRINT_MAX_OPTIONS; i++)
			ir.dates[i] = INTEREST_NONE;
		returning = sqlite3_column_int(stmt, 3);
		sqlite3_reset(ds);
		sqlite3_bind_int64(ds, 1, sprint_id);
		store_bind_text(ds, 2, (const char *)sqlite3_column_text(stmt,
		    0));
		while ((rc = sqlite3_step(ds)) == SQLITE_ROW) {
			int	 n = sqlite3_column_int(ds, 0);

			if (n >= 1 && n <= SPRINT_MAX_OPTIONS)
				ir.dates[n - 1] = interest_parse_name(
				    (const char *)sqlite3_column_text(ds, 1));
		}
		if (rc != SQLITE_DONE)
			break;
		ic->answers++;
		v = interest_overall(&ir);
		if (v == INTEREST_YES || v == INTEREST_MAYBE)
			ic->interested++;
		for (i = 0; i < ic->noptions; i++) {
			struct interest_option_count	*o = &ic->options[i];

			switch (interest_for_option(&ir, i)) {
			case INTEREST_YES:
				o->yes++;
				break;
			case INTEREST_MAYBE:
				o->maybe++;
				break;
			case INTEREST_NO:
				o->no++;
				continue;
			default:
				continue;
			}
			if (returning)
				o->returning++;
			else
				o->new++;
		}
		if (sqlite3_column_type(stmt, 2) != SQLITE_NULL)
			interest_add_topics(ic, (const char *)
			    sqlite3_column_text(stmt, 2));
	}
	sqlite3_finalize(ds);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		interest_counts_clear(ic);
		goto storefail;
	}
	return 0;
storefail:
	*cause = store_error(st, "counting the interest answers");
	return -1;
}

void
interest_counts_clear(struct interest_counts *ic)
{
	size_t	 i;

	for (i = 0; i < ic->ntopics; i++)
		free(ic->topics[i]);
	free(ic->topics);
	memset(ic, 0, sizeof *ic);
}

char *
interest_counts_json(const char *slug, const struct interest_counts *ic)
{
	json_t	*root = json_object(), *opts = json_array(), *o, *t;
	char	 iso[11], *text;
	size_t	 i;

	json_object_set_new(root, "sprint", json_string(slug));
	for (i = 0; i < ic->noptions; i++) {
		const struct interest_option_count	*c = &ic->options[i];

		o = json_object();
		dates_format_iso(c->start, iso);
		json_object_set_new(o, "start", json_string(iso));
		dates_format_iso(c->end, iso);
		json_object_set_new(o, "end", json_string(iso));
		json_object_set_new(o, "yes", json_integer(c->yes));
		json_object_set_new(o, "maybe", json_integer(c->maybe));
		json_object_set_new(o, "no", json_integer(c->no));
		json_object_set_new(o, "returning", json_integer(c->returning));
		json_object_set_new(o, "new", json_integer(c->new));
		json_array_append_new(opts, o);
	}
	json_object_set_new(root, "options", opts);
	json_object_set_new(root, "interested", json_integer(ic->interested));
	t = json_array();
	for (i = 0; i < ic->ntopics; i++)
		json_array_append_new(t, json_string(ic->topics[i]));
	json_object_set_new(root, "topics", t);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return text;
}

char *
interest_counts_text(const struct sprint *s, const struct interest_counts *ic)
{
	struct buf	 b;
	char		*r;
	size_t		 i;

	buf_init(&b, 0);
	buf_printf(&b, "%s (%s): %d interested, %d answer%s\n", s->name,
	    s->slug, ic->interested, ic->answers, ic->answers == 1 ? "" : "s");
	if (ic->noptions == 0)
		buf_printf(&b, "no options: the sprint file has no options:\n");
	for (i = 0; i < ic->noptions; i++) {
		const struct interest_option_count	*c = &ic->options[i];

		r = interest_range(c->start, c->end);
		buf_printf(&b, "\n%zu. %s\n   yes %d, maybe %d, no %d; of "
		    "yes and maybe: %d returning, %d new\n", i + 1, r, c->yes,
		    c->maybe, c->no, c->returning, c->new);
		free(r);
	}
	if (ic->ntopics > 0) {
		buf_printf(&b, "\nTopics:\n");
		for (i = 0; i < ic->ntopics; i++)
			buf_printf(&b, "- %s\n", ic->topics[i]);
	}
	return buf_steal(&b, NULL);
}

int
interest_facts(struct store *st, int64_t sprint_id, const char *since,
    struct render_val *root, int *changes, char **cause)
{
	struct interest_counts	 ic;
	struct render_val	*item;
	sqlite3_stmt		*stmt;
	char			*r;
	size_t			 i;
	int			 rc;

	if (store_prepare(st, "SELECT count(*) FROM interest_answers WHERE "
	    "sprint_id = ?1 AND updated_at > coalesce(?2, '')", &stmt,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, since);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*changes += sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW) {
		*cause = store_error(st, "counting new interest answers");
		return -1;
	}

	render_list(root, "interest_options");
	render_list(root, "interest_topics");
	render_set(root, "interest_answers", "");
	render_set(root, "interest_count", "0");
	if (interest_count(st, sprint_id, &ic, cause) == -1)
		return -1;
	if (ic.answers > 0) {
		render_setf(root, "interest_answers", "%d", ic.answers);
		render_setf(root, "interest_count", "%d", ic.interested);
		for (i = 0; i < ic.noptions; i++) {
			const struct interest_option_count	*c =
			    &ic.options[i];

			item = render_list_add(root, "interest_options");
			render_setf(item, "number", "%zu", i + 1);
			r = interest_range(c->start, c->end);
			render_set(item, "dates", r);
			free(r);
			render_setf(item, "yes", "%d", c->yes);
			render_setf(item, "maybe", "%d", c->maybe);
			render_setf(item, "no", "%d", c->no);
			render_setf(item, "returning", "%d", c->returning);
			render_setf(item, "new", "%d", c->new);
		}
		for (i = 0; i < ic.ntopics; i++)
			render_set(render_list_add(root, "interest_topics"),
			    "text", ic.topics[i]);
	}
	interest_counts_clear(&ic);
	return 0;
}

void
interest_note_facts(const struct sprint *s, const char *name,
    struct render_val *root)
{
	struct render_val	*f;

	interest_option_facts(s, root);
	render_set(root, "name", name != NULL ? name : "");
	f = render_sub(root, "form");
	render_set(f, "name", name != NULL ? name : "");
	render_set(f, "arrive", "");
	render_set(f, "depart", "");
	render_set(f, "accommodation", "");
	render_set(f, "first_sprint", "");
	render_set(f, "funding", "");
	render_set(f, "diet", "");
	render_set(f, "notes", "");
}

/* The note with the fixed dates to each who said yes or maybe. */
static int
interest_notes(struct store *st, struct compose *c, const struct sprint *s,
    int64_t sprint_id, char **cause)
{
	struct render_val	*root;
	sqlite3_stmt		*stmt, *ins;
	char			 now[21], *email, *name;
	int			 rc, r = 0, sent = 0;

	clock_format_utc(clock_now(), now);
	/* Overall yes or maybe: Interested:, else one of the Dates:. */
	if (store_prepare(st, "SELECT a.email, a.name FROM interest_answers a "
	    "WHERE a.sprint_id = ?1 AND (a.interested IN ('yes', 'maybe') OR "
	    "(a.interested IS NULL AND EXISTS (SELECT 1 FROM interest_dates d "
	    "WHERE d.sprint_id = a.sprint_id AND d.email = a.email AND "
	    "d.answer IN ('yes', 'maybe')))) AND NOT EXISTS (SELECT 1 FROM "
	    "interest_notes n WHERE n.sprint_id = a.sprint_id AND n.email = "
	    "a.email) AND NOT EXISTS (SELECT 1 FROM registrations g JOIN "
	    "people p ON p.id = g.person_id WHERE g.sprint_id = a.sprint_id "
	    "AND p.email = a.email AND g.status != 'cancelled') ORDER BY "
	    "a.created_at, a.email", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	while (r == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		email = store_column_dup(stmt, 0);
		name = store_column_dup(stmt, 1);
		root = render_rec_new();
		interest_note_facts(s, name, root);
		r = compose_mail(c, st, "dates-fixed", s, sprint_id, email,
		    name, NULL, root, cause);
		render_val_free(&root);
		/* Once each, ever: in the transaction that queues it. */
		if (r == 0 && store_prepare(st, "INSERT INTO interest_notes "
		    "(sprint_id, email, created_at) VALUES (?1, ?2, ?3)", &ins,
		    cause) == 0) {
			sqlite3_bind_int64(ins, 1, sprint_id);
			store_bind_text(ins, 2, email);
			store_bind_text(ins, 3, now);
			r = store_done(st, ins, "noting the note", cause);
		} else if (r == 0)
			r = -1;
		sent += r == 0;
		free(email);
		free(name);
	}
	sqlite3_finalize(stmt);
	if (r == 0 && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the interest answers");
		return -1;
	}
	if (r == 0)
		log_info("%s: the dates are fixed: %d note%s to those "
		    "interested", s->slug, sent, sent == 1 ? "" : "s");
	return r;
}

int
interest_job_mail(struct store *st, struct compose *c, const struct sprint *s,
    int64_t sprint_id, int dates_fixed, char **cause)
{
	struct render_val	*root;
	size_t			 i;
	int			 r = 0;

	if (dates_fixed)
		return interest_notes(st, c, s, sprint_id, cause);
	if (s->noptions == 0) {
		*cause = xprintf("%s: the sprint file has no options: nothing "
		    "to pre-announce", s->slug);
		return -1;
	}
	for (i = 0; r == 0 && i < s->nannounce_to; i++) {
		root = render_rec_new();
		interest_option_facts(s, root);
		r = compose_mail(c, st, "preannounce", s, sprint_id,
		    s->announce_to[i], NULL, NULL, root, cause);
		render_val_free(&root);
	}
	return r;
}
