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

/* evaluation.c -- answers apart from names, a threshold, a summary. */
#include "config-auto.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "compose.h"
#include "config.h"
#include "evaluation.h"
#include "log.h"
#include "message.h"
#include "render.h"
#include "rst.h"
#include "util.h"

#define EVALUATION_SALT		32
/* No output may grow past this, whatever the store holds. */
#define EVALUATION_MAX		(16u * 1024 * 1024)
/* The widest histogram bar. */
#define EVALUATION_BAR		30
/* Earlier sprints shown beside a rating question. */
#define EVALUATION_EARLIER	5

static const char *const evaluation_months[] = { "Jan", "Feb", "Mar", "Apr",
    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
static const char *const evaluation_wdays[] = { "Mon", "Tue", "Wed", "Thu",
    "Fri", "Sat", "Sun" };

/* An earlier sprint's mean for the same question id. */
struct ev_earlier {
	char	*slug;
	double	 mean;
	int	 count;
};

/* The results of one question. */
struct ev_question {
	const struct sprint_question	*q;
	int				 hist[6];	/* [1..5] */
	int				 count;
	double				 mean;
	double				 median;
	char				**texts;	/* sorted by text */
	size_t				 ntexts;
	struct ev_earlier		*earlier;
	size_t				 nearlier;
};

struct ev {
	int			 attendees;
	int			 respondents;
	int			 min_answers;
	int			 shown;		/* respondents >= min_answers */
	int			 closed;
	day_t			 close_day;	/* closed on, or closes on */
	struct ev_question	*qs;
	size_t			 nqs;
};

int
evaluation_format_parse(const char *s, enum evaluation_format *f)
{
	if (strcmp(s, "text") == 0)
		*f = EVALUATION_TEXT;
	else if (strcmp(s, "json") == 0)
		*f = EVALUATION_JSON;
	else if (strcmp(s, "rst") == 0)
		*f = EVALUATION_RST;
	else
		return -1;
	return 0;
}

/* "Thu 28 Jan 2027", as people write dates. */
static char *
evaluation_day(day_t day)
{
	int	 y, m, d;

	dates_to_ymd(day, &y, &m, &d);
	return xprintf("%s %d %s %d", evaluation_wdays[dates_weekday(day)], d,
	    evaluation_months[m - 1], y);
}

/*
 * Reads the evaluation's state: *closed, and its salt when open (created
 * when create is set and there is none yet; *have_salt says whether salt
 * was filled). 0, or -1 with *cause.
 */
static int
evaluation_state(struct store *st, int64_t sprint_id, int create,
    unsigned char salt[EVALUATION_SALT], int *have_salt, int *closed,
    day_t *closed_on, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc, found = 0;

	*have_salt = *closed = 0;
	if (store_prepare(st, "SELECT salt, closed_on FROM evaluations WHERE "
	    "sprint_id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		found = 1;
		if (sqlite3_column_type(stmt, 1) != SQLITE_NULL) {
			*closed = 1;
			if (closed_on != NULL && dates_parse_iso((const char *)
			    sqlite3_column_text(stmt, 1), closed_on) == -1)
				*closed_on = 0;
		}
		if (sqlite3_column_bytes(stmt, 0) == EVALUATION_SALT) {
			memcpy(salt, sqlite3_column_blob(stmt, 0),
			    EVALUATION_SALT);
			*have_salt = 1;
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the evaluation");
		return -1;
	}
	if (*closed || *have_salt || !create || found)
		return 0;
	if (gnutls_rnd(GNUTLS_RND_KEY, salt, EVALUATION_SALT) < 0) {
		*cause = xstrdup("no random bytes for the evaluation's salt");
		return -1;
	}
	if (store_prepare(st, "INSERT INTO evaluations (sprint_id, salt) "
	    "VALUES (?1, ?2)", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	sqlite3_bind_blob(stmt, 2, salt, EVALUATION_SALT, SQLITE_TRANSIENT);
	if (store_done(st, stmt, "starting the evaluation", cause) == -1)
		return -1;
	*have_salt = 1;
	return 0;
}

/* The answer set of an address: hex SHA-256 of salt, sprint, address. */
static int
evaluation_answer_set(const unsigned char salt[EVALUATION_SALT],
    int64_t sprint_id, const char *address, char out[65], char **cause)
{
	unsigned char	 digest[32];
	struct buf	 b;
	char		*lower, *p;
	size_t		 len, i;
	int		 r;

	lower = xstrdup(address);
	for (p = lower; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}
	buf_init(&b, 0);
	buf_add(&b, salt, EVALUATION_SALT);
	buf_printf(&b, "%lld", (long long)sprint_id);
	buf_addch(&b, '\0');
	buf_addstr(&b, lower);
	p = buf_steal(&b, &len);
	r = gnutls_hash_fast(GNUTLS_DIG_SHA256, p, len, digest);
	explicit_bzero(p, len);
	free(p);
	free(lower);
	if (r < 0) {
		*cause = xstrdup("SHA-256 failed");
		return -1;
	}
	for (i = 0; i < sizeof digest; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
	explicit_bzero(digest, sizeof digest);
	return 0;
}

int
evaluation_has_answered(struct store *st, int64_t sprint_id,
    int64_t person_id, int *answered, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, "SELECT 1 FROM evaluation_respondents WHERE "
	    "sprint_id = ?1 AND person_id = ?2", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	sqlite3_bind_int64(stmt, 2, person_id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the respondents");
		return -1;
	}
	*answered = rc == SQLITE_ROW;
	return 0;
}

/* What is freed or rewritten here is overwritten on disk, not left in
 * free pages of the database file. */
static int
evaluation_secure(struct store *st, char **cause)
{
	return store_exec(st, "PRAGMA secure_delete = ON", cause);
}

/* Blanks the raw mail of messages matching where (?1 bound to id). */
static int
evaluation_blank(struct store *st, const char *where, int64_t id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		*sql;
	int		 r;

	sql = xprintf("UPDATE messages SET raw = X'', size = 0, result = "
	    "CASE WHEN json_valid(result) THEN json_remove(result, "
	    "'$.answers') END WHERE %s", where);
	r = store_prepare(st, sql, &stmt, cause);
	free(sql);
	if (r == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	return store_done(st, stmt, "blanking an evaluation mail", cause);
}

int
evaluation_record(struct store *st, int64_t sprint_id, int64_t person_id,
    const char *address, int64_t msg_id, const struct parse_result *res,
    int *stored, char **cause)
{
	sqlite3_stmt	*del = NULL, *ins = NULL;
	unsigned char	 salt[EVALUATION_SALT];
	char		 set[65];
	size_t		 i;
	int		 have_salt, closed, answered, r = -1;

	*stored = 0;
	if (evaluation_secure(st, cause) == -1 ||
	    evaluation_state(st, sprint_id, 1, salt, &have_salt, &closed,
	    NULL, cause) == -1 ||
	    evaluation_has_answered(st, sprint_id, person_id, &answered,
	    cause) == -1)
		goto fail;
	if (have_salt && evaluation_answer_set(salt, sprint_id, address, set,
	    cause) == -1)
		goto fail;
	explicit_bzero(salt, sizeof salt);
	/* After the close nothing says which answers were the person's:
	 * a second reply could only count twice. */
	if (closed && answered)
		goto blank;
	if (store_prepare(st, "INSERT OR IGNORE INTO evaluation_respondents "
	    "(sprint_id, person_id) VALUES (?1, ?2)", &ins, cause) == -1)
		goto fail;
	sqlite3_bind_int64(ins, 1, sprint_id);
	sqlite3_bind_int64(ins, 2, person_id);
	if (store_done(st, ins, "recording a respondent", cause) == -1) {
		ins = NULL;
		goto fail;
	}
	if (store_prepare(st, "DELETE FROM evaluation_answers WHERE "
	    "sprint_id = ?1 AND answer_set = ?2 AND question_id = ?3 COLLATE "
	    "NOCASE", &del, cause) == -1 ||
	    store_prepare(st, "INSERT INTO evaluation_answers (id, sprint_id, "
	    "answer_set, question_id, rating, answer) VALUES (abs(random() % "
	    "9007199254740991) + 1, ?1, ?2, ?3, ?4, ?5)", &ins, cause) == -1)
		goto fail;
	for (i = 0; i < res->nanswers; i++) {
		const struct parse_answer	*a = &res->answers[i];

		if (!a->is_rating && (a->text == NULL || *a->text == '\0'))
			continue;
		if (have_salt) {
			sqlite3_reset(del);
			sqlite3_bind_int64(del, 1, sprint_id);
			store_bind_text(del, 2, set);
			store_bind_text(del, 3, a->id);
			if (sqlite3_step(del) != SQLITE_DONE) {
				*cause = store_error(st, "replacing an answer");
				goto fail;
			}
		}
		sqlite3_reset(ins);
		sqlite3_clear_bindings(ins);
		sqlite3_bind_int64(ins, 1, sprint_id);
		if (have_salt)
			store_bind_text(ins, 2, set);
		store_bind_text(ins, 3, a->id);
		if (a->is_rating)
			sqlite3_bind_int(ins, 4, a->rating);
		else
			store_bind_text(ins, 5, a->text);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			*cause = store_error(st, "saving an answer");
			goto fail;
		}
	}
	*stored = 1;
blank:
	if (msg_id != 0 && evaluation_blank(st, "id = ?1", msg_id, cause) == -1)
		goto fail;
	/* The person's earlier replies that could not be used held answers
	 * beside their name: with a usable one stored, they go too. */
	if (address != NULL) {
		sqlite3_stmt	*old;

		if (store_prepare(st, "UPDATE messages SET raw = X'', size = 0, "
		    "result = json_remove(result, '$.answers') WHERE "
		    "sprint_id = ?1 AND kind = 'invalid' AND lower(sender) = "
		    "lower(?2) AND json_valid(result) AND (SELECT count(*) FROM "
		    "json_each(result, '$.answers')) > 0", &old, cause) == -1)
			goto fail;
		sqlite3_bind_int64(old, 1, sprint_id);
		store_bind_text(old, 2, address);
		if (store_done(st, old, "blanking earlier replies", cause) == -1)
			goto fail;
	}
	r = 0;
fail:
	explicit_bzero(set, sizeof set);
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return r;
}

/* Counts rows of a query with ?1 the sprint. */
static int
evaluation_count(struct store *st, const char *sql, int64_t sprint_id,
    int *n, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, sql, &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*n = sqlite3_column_int(stmt, 0);
	else
		*cause = store_error(st, "reading the evaluation");
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
evaluation_forget(struct store *st, int64_t msg_id, char **cause)
{
	return evaluation_blank(st, "id = ?1", msg_id, cause);
}

int
evaluation_apply(struct store *st, struct compose *c, const struct sprint *s,
    int64_t sprint_id, int64_t person_id, const struct compose_orig *orig,
    const struct parse_result *res, int via_list, int may_reply, char **cause)
{
	int	 stored, n = 0;

	if (evaluation_record(st, sprint_id, person_id, res->from,
	    orig->msg_id, res, &stored, cause) == -1 ||
	    evaluation_count(st, "SELECT count(*) FROM evaluation_respondents "
	    "WHERE sprint_id = ?1", sprint_id, &n, cause) == -1)
		return -1;
	/* No address here: the log must not say who answered when. */
	if (stored)
		log_info("%s: an evaluation arrived (%d respondents)", s->slug,
		    n);
	else
		log_info("%s: a second evaluation after the close, not counted",
		    s->slug);
	if (!via_list)
		return 0;
	log_info("%s: an evaluation came through the list", s->slug);
	if (!may_reply)
		return 0;
	return compose_reply(c, st, "evaluation-list", s, sprint_id, orig, res,
	    NULL, cause);
}

static void
ev_clear(struct ev *e)
{
	size_t	 i, j;

	for (i = 0; i < e->nqs; i++) {
		for (j = 0; j < e->qs[i].ntexts; j++)
			free(e->qs[i].texts[j]);
		free(e->qs[i].texts);
		for (j = 0; j < e->qs[i].nearlier; j++)
			free(e->qs[i].earlier[j].slug);
		free(e->qs[i].earlier);
	}
	free(e->qs);
	memset(e, 0, sizeof *e);
}

/* The median of a 1..5 histogram of n answers. */
static double
ev_median(const int hist[6], int n)
{
	int	 v, seen = 0, lo = 0, hi = 0;

	for (v = 1; v <= 5; v++) {
		if (lo == 0 && seen + hist[v] >= (n + 1) / 2)
			lo = v;
		if (hi == 0 && seen + hist[v] >= n / 2 + 1)
			hi = v;
		seen += hist[v];
	}
	return (lo + hi) / 2.0;
}

static int
ev_ratings(struct store *st, int64_t sprint_id, struct ev_question *eq,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc, v, sum = 0;

	if (store_prepare(st, "SELECT rating, count(*) FROM evaluation_answers "
	    "WHERE sprint_id = ?1 AND question_id = ?2 COLLATE NOCASE AND "
	    "rating BETWEEN 1 AND 5 GROUP BY rating", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, eq->q->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = sqlite3_column_int(stmt, 0);
		eq->hist[v] = sqlite3_column_int(stmt, 1);
		eq->count += eq->hist[v];
		sum += v * eq->hist[v];
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the ratings");
		return -1;
	}
	if (eq->count > 0) {
		eq->mean = (double)sum / eq->count;
		eq->median = ev_median(eq->hist, eq->count);
	}
	return 0;
}

/* Free text, sorted by the text itself: the order says nothing of who
 * wrote first. */
static int
ev_texts(struct store *st, int64_t sprint_id, struct ev_question *eq,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, "SELECT answer FROM evaluation_answers WHERE "
	    "sprint_id = ?1 AND question_id = ?2 COLLATE NOCASE AND "
	    "coalesce(answer, '') != '' ORDER BY answer COLLATE NOCASE, answer",
	    &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, eq->q->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		eq->texts = xreallocarray(eq->texts, eq->ntexts + 1,
		    sizeof *eq->texts);
		eq->texts[eq->ntexts++] = store_column_dup(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the answers");
		return -1;
	}
	eq->count = (int)eq->ntexts;
	return 0;
}

/* Earlier sprints that asked the same rating question and reached the
 * threshold themselves: newest first. */
static int
ev_earlier(struct store *st, int64_t sprint_id, int min_answers,
    struct ev_question *eq, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, "SELECT s.slug, avg(a.rating), count(a.rating) "
	    "FROM evaluation_answers a JOIN sprints s ON s.id = a.sprint_id "
	    "WHERE a.question_id = ?2 COLLATE NOCASE AND a.rating IS NOT NULL "
	    "AND s.start_date < (SELECT start_date FROM sprints WHERE id = ?1) "
	    "AND (SELECT count(*) FROM evaluation_respondents r WHERE "
	    "r.sprint_id = s.id) >= ?3 GROUP BY s.id ORDER BY s.start_date "
	    "DESC LIMIT ?4", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, eq->q->id);
	sqlite3_bind_int(stmt, 3, min_answers);
	sqlite3_bind_int(stmt, 4, EVALUATION_EARLIER);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct ev_earlier	*x;

		eq->earlier = xreallocarray(eq->earlier, eq->nearlier + 1,
		    sizeof *eq->earlier);
		x = &eq->earlier[eq->nearlier++];
		x->slug = store_column_dup(stmt, 0);
		x->mean = sqlite3_column_double(stmt, 1);
		x->count = sqlite3_column_int(stmt, 2);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading earlier evaluations");
		return -1;
	}
	return 0;
}

/* Loads the counts, and the results only when they may be shown. */
static int
ev_load(struct store *st, int64_t sprint_id, const struct sprint *s,
    int min_answers, struct ev *e, char **cause)
{
	unsigned char	 salt[EVALUATION_SALT];
	size_t		 i;
	int		 have_salt, r;

	memset(e, 0, sizeof *e);
	e->min_answers = min_answers > 0 ? min_answers : EVALUATION_MIN_ANSWERS;
	if (evaluation_count(st, "SELECT count(*) FROM registrations WHERE "
	    "sprint_id = ?1 AND status = 'registered'", sprint_id,
	    &e->attendees, cause) == -1 ||
	    evaluation_count(st, "SELECT count(*) FROM evaluation_respondents "
	    "WHERE sprint_id = ?1", sprint_id, &e->respondents, cause) == -1 ||
	    evaluation_state(st, sprint_id, 0, salt, &have_salt, &e->closed,
	    &e->close_day, cause) == -1)
		return -1;
	explicit_bzero(salt, sizeof salt);
	if (!e->closed)
		e->close_day = sprint_close_day(s);
	e->shown = e->respondents >= e->min_answers;
	if (!e->shown)
		return 0;
	e->qs = xcalloc(s->nquestions + 1, sizeof *e->qs);
	for (i = 0; i < s->nquestions; i++) {
		struct ev_question	*eq = &e->qs[i];

		eq->q = &s->questions[i];
		e->nqs++;
		if (eq->q->type == SPRINT_Q_RATING)
			r = ev_ratings(st, sprint_id, eq, cause) == -1 ||
			    ev_earlier(st, sprint_id, e->min_answers, eq,
			    cause) == -1 ? -1 : 0;
		else
			r = ev_texts(st, sprint_id, eq, cause);
		if (r == -1) {
			ev_clear(e);
			return -1;
		}
	}
	return 0;
}

/* "2 answers so far; results are shown from 3" */
static char *
ev_count_line(const struct ev *e)
{
	return xprintf("%d answer%s so far; results are shown from %d",
	    e->respondents, e->respondents == 1 ? "" : "s", e->min_answers);
}

/* "3 of 5 attendees answered (60%)" */
static char *
ev_rate_line(const struct ev *e)
{
	if (e->attendees == 0)
		return xprintf("%d %s answered (nobody is registered)",
		    e->respondents, e->respondents == 1 ? "person" : "people");
	return xprintf("%d of %d attendee%s answered (%d%%)", e->respondents,
	    e->attendees, e->attendees == 1 ? "" : "s",
	    (e->respondents * 100 + e->attendees / 2) / e->attendees);
}

/* "5: ### (3)": readable in a proportional font, scaled past the widest
 * bar. */
static char *
ev_bar(const struct ev_question *eq, int v)
{
	int	 max = 0, i, n;
	char	 bar[EVALUATION_BAR + 1];

	for (i = 1; i <= 5; i++)
		max = eq->hist[i] > max ? eq->hist[i] : max;
	n = max > EVALUATION_BAR ? (eq->hist[v] * EVALUATION_BAR + max - 1) /
	    max : eq->hist[v];
	memset(bar, '#', (size_t)n);
	bar[n] = '\0';
	return xprintf("%d: %s%s(%d)", v, bar, n > 0 ? " " : "", eq->hist[v]);
}

/* "3 answers, mean 4.3, median 4" */
static char *
ev_stats_line(const struct ev_question *eq)
{
	return xprintf("%d answer%s, mean %.1f, median %g", eq->count,
	    eq->count == 1 ? "" : "s", eq->mean, eq->median);
}

/* A text with its later lines indented, controls removed. */
static char *
ev_indent(const char *text, const char *indent)
{
	struct buf	 b;
	char		*c = xstrdup(text), *line, *next;

	buf_init(&b, 0);
	for (line = c; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		util_strip_controls(line);
		if (line != c) {
			buf_addch(&b, '\n');
			if (*line != '\0')
				buf_addstr(&b, indent);
		}
		buf_addstr(&b, line);
	}
	free(c);
	return buf_steal(&b, NULL);
}

/* A title underlined in code points, not bytes. */
static void
ev_title(struct buf *b, const char *title, char under)
{
	const unsigned char	*p;

	buf_printf(b, "%s\n", title);
	for (p = (const unsigned char *)title; *p != '\0'; p++) {
		if ((*p & 0xc0) != 0x80)
			buf_addch(b, under);
	}
	buf_addstr(b, "\n\n");
}

static void
ev_text(struct buf *b, const struct sprint *s, const struct ev *e, int rst)
{
	const struct ev_question	*eq;
	size_t				 i, j;
	char				*t, *u;
	int				 v;

	if (rst)
		ev_title(b, "Evaluation", '-');
	/* Below the threshold: the count, and nothing else. */
	if (!e->shown) {
		t = ev_count_line(e);
		buf_printf(b, "%s.\n", t);
		free(t);
		return;
	}
	if (!rst) {
		t = xprintf("Evaluation of the %s", s->name);
		util_strip_controls(t);
		ev_title(b, t, '=');
		free(t);
	}
	t = ev_rate_line(e);
	u = evaluation_day(e->close_day);
	buf_printf(b, "%s. The evaluation %s %s.\n", t, e->closed ?
	    "closed on" : "closes on", u);
	free(t);
	free(u);
	buf_addstr(b, "Names are never shown next to answers; free-text "
	    "answers are sorted by their text.\n");
	for (i = 0; i < e->nqs; i++) {
		eq = &e->qs[i];
		t = util_clean_dup(eq->q->question, UTIL_CLEAN_UTF8);
		if (rst) {
			/* Escaped by rst.h, as every value in reST. */
			buf_printf(b, "\n``%s``: ", eq->q->id);
			rst_inline(b, t);
			buf_addstr(b, "\n\n");
		} else
			buf_printf(b, "\n%s -- %s\n", eq->q->id, t);
		free(t);
		if (eq->count == 0) {
			buf_printf(b, "%sno answers\n", rst ? "" : "  ");
			continue;
		}
		if (eq->q->type == SPRINT_Q_TEXT) {
			for (j = 0; j < eq->ntexts && rst; j++) {
				/* A list item: its later lines indented. */
				buf_addstr(b, "- ");
				rst_text(b, eq->texts[j], "  ");
				/* Nothing was left of it but controls. */
				if (b->len > 0 && b->data[b->len - 1] == ' ')
					buf_addch(b, '?');
				buf_addch(b, '\n');
			}
			for (j = 0; j < eq->ntexts && !rst; j++) {
				t = ev_indent(eq->texts[j], "    ");
				buf_printf(b, "  - %s\n", t);
				free(t);
			}
			continue;
		}
		t = ev_stats_line(eq);
		buf_printf(b, "%s%s%s\n", rst ? "" : "  ", t, rst ? "::\n" : "");
		free(t);
		for (v = 5; v >= 1; v--) {
			t = ev_bar(eq, v);
			buf_printf(b, "%s%s\n", rst ? "    " : "  ", t);
			free(t);
		}
		for (j = 0; j < eq->nearlier; j++) {
			if (j == 0)
				buf_printf(b, "%searlier sprints:", rst ?
				    "\n" : "  ");
			buf_printf(b, "%s %s %.1f (%d)", j > 0 ? "," : "",
			    eq->earlier[j].slug, eq->earlier[j].mean,
			    eq->earlier[j].count);
		}
		if (eq->nearlier > 0)
			buf_addch(b, '\n');
	}
}

/* Sets a JSON field, dropping the value when it is NULL. */
static void
ev_json_set(json_t *o, const char *key, json_t *v)
{
	if (v != NULL)
		json_object_set_new(o, key, v);
}

static int
ev_json(struct buf *b, const struct sprint *s, const struct ev *e,
    char **cause)
{
	const struct ev_question	*eq;
	json_t				*o, *qs, *q, *a, *h;
	char				*t, iso[11];
	size_t				 i, j;
	int				 v;

	o = json_object();
	ev_json_set(o, "sprint", json_string(s->slug));
	ev_json_set(o, "respondents", json_integer(e->respondents));
	ev_json_set(o, "min_answers", json_integer(e->min_answers));
	ev_json_set(o, "shown", json_boolean(e->shown));
	if (!e->shown) {
		t = ev_count_line(e);
		ev_json_set(o, "message", json_string(t));
		free(t);
	} else {
		ev_json_set(o, "name", json_string(s->name));
		ev_json_set(o, "attendees", json_integer(e->attendees));
		ev_json_set(o, "response_rate", e->attendees > 0 ?
		    json_real((double)(int)((double)e->respondents /
		    e->attendees * 1000 + 0.5) / 1000) : json_null());
		ev_json_set(o, "closed", json_boolean(e->closed));
		dates_format_iso(e->close_day, iso);
		ev_json_set(o, e->closed ? "closed_on" : "closes_on",
		    json_string(iso));
		qs = json_array();
		for (i = 0; i < e->nqs; i++) {
			eq = &e->qs[i];
			q = json_object();
			ev_json_set(q, "id", json_string(eq->q->id));
			ev_json_set(q, "type", json_string(eq->q->type ==
			    SPRINT_Q_RATING ? "rating" : "text"));
			ev_json_set(q, "question", json_string(eq->q->question));
			ev_json_set(q, "count", json_integer(eq->count));
			if (eq->q->type == SPRINT_Q_RATING) {
				ev_json_set(q, "mean", eq->count > 0 ?
				    json_real((double)(int)(eq->mean * 10 +
				    0.5) / 10) : json_null());
				ev_json_set(q, "median", eq->count > 0 ?
				    json_real(eq->median) : json_null());
				h = json_array();
				for (v = 1; v <= 5; v++)
					json_array_append_new(h,
					    json_integer(eq->hist[v]));
				ev_json_set(q, "histogram", h);
				a = json_array();
				for (j = 0; j < eq->nearlier; j++)
					json_array_append_new(a, json_pack(
					    "{s:s, s:f, s:i}", "sprint",
					    eq->earlier[j].slug, "mean",
					    (double)(int)(eq->earlier[j].mean *
					    10 + 0.5) / 10, "count",
					    eq->earlier[j].count));
				ev_json_set(q, "earlier", a);
			} else {
				a = json_array();
				for (j = 0; j < eq->ntexts; j++)
					json_array_append_new(a,
					    json_string(eq->texts[j]));
				ev_json_set(q, "answers", a);
			}
			json_array_append_new(qs, q);
		}
		ev_json_set(o, "questions", qs);
	}
	t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(3));
	json_decref(o);
	if (t == NULL) {
		*cause = xstrdup("building JSON failed (invalid UTF-8?)");
		return -1;
	}
	buf_printf(b, "%s\n", t);
	free(t);
	return 0;
}

int
evaluation_report(struct store *st, int64_t sprint_id, const struct sprint *s,
    int min_answers, enum evaluation_format format, char **out, char **cause)
{
	struct ev	 e;
	struct buf	 b;

	*out = NULL;
	if (ev_load(st, sprint_id, s, min_answers, &e, cause) == -1)
		return -1;
	buf_init(&b, 0);
	if (format == EVALUATION_JSON) {
		if (ev_json(&b, s, &e, cause) == -1) {
			ev_clear(&e);
			buf_free(&b);
			return -1;
		}
	} else
		ev_text(&b, s, &e, format == EVALUATION_RST);
	ev_clear(&e);
	if (b.len >= EVALUATION_MAX) {
		*cause = xprintf("the evaluation is larger than %u bytes",
		    EVALUATION_MAX);
		buf_free(&b);
		return -1;
	}
	*out = buf_steal(&b, NULL);
	return 0;
}

/* The facts of the summary mail (templates/evaluation-summary.txt). */
static void
ev_facts(const struct ev *e, struct render_val *root)
{
	const struct ev_question	*eq;
	struct render_val		*r, *x;
	size_t				 i, j;
	char				*t;
	int				 v;

	render_setf(root, "respondents", "%d", e->respondents);
	render_setf(root, "attendees", "%d", e->attendees);
	t = ev_rate_line(e);
	render_set(root, "rate", t);
	free(t);
	render_setf(root, "min_answers", "%d", e->min_answers);
	render_set_flag(root, "shown", e->shown);
	t = ev_count_line(e);
	render_set(root, "count_line", t);
	free(t);
	t = evaluation_day(e->close_day);
	render_set(root, "closed_on", t);
	free(t);
	render_list(root, "results");
	for (i = 0; i < e->nqs; i++) {
		eq = &e->qs[i];
		r = render_list_add(root, "results");
		render_set(r, "id", eq->q->id);
		t = xstrdup(eq->q->question);
		util_strip_controls(t);
		render_set(r, "question", t);
		free(t);
		render_set_flag(r, "rating", eq->q->type == SPRINT_Q_RATING);
		render_setf(r, "count", "%d", eq->count);
		render_set(r, "mean", "");
		render_set(r, "median", "");
		render_list(r, "bars");
		render_list(r, "texts");
		render_list(r, "earlier");
		if (eq->q->type == SPRINT_Q_RATING && eq->count > 0) {
			render_setf(r, "mean", "%.1f", eq->mean);
			render_setf(r, "median", "%g", eq->median);
			for (v = 5; v >= 1; v--) {
				t = ev_bar(eq, v);
				render_set(render_list_add(r, "bars"), "line",
				    t);
				free(t);
			}
		}
		for (j = 0; j < eq->ntexts; j++) {
			t = ev_indent(eq->texts[j], "  ");
			render_set(render_list_add(r, "texts"), "text", t);
			free(t);
		}
		for (j = 0; j < eq->nearlier; j++) {
			x = render_list_add(r, "earlier");
			render_set(x, "sprint", eq->earlier[j].slug);
			render_setf(x, "mean", "%.1f", eq->earlier[j].mean);
			render_setf(x, "count", "%d", eq->earlier[j].count);
		}
	}
}

int
evaluation_close(struct store *st, struct compose *c, const struct sprint *s,
    int64_t sprint_id, int min_answers, char **cause)
{
	struct render_val	*root = NULL;
	struct ev		 e;
	sqlite3_stmt		*stmt;
	unsigned char		 salt[EVALUATION_SALT];
	char			 today[11];
	int			 have_salt, closed, r = -1;

	memset(&e, 0, sizeof e);
	if (evaluation_state(st, sprint_id, 0, salt, &have_salt, &closed,
	    NULL, cause) == -1)
		return -1;
	explicit_bzero(salt, sizeof salt);
	if (closed)
		return 0;
	if (evaluation_secure(st, cause) == -1)
		return -1;
	dates_format_iso((day_t)(clock_now() / 86400), today);
	/* Closed first, so that the summary says so. */
	if (store_prepare(st, "INSERT INTO evaluations (sprint_id, salt, "
	    "closed_on) VALUES (?1, NULL, ?2) ON CONFLICT (sprint_id) DO "
	    "UPDATE SET salt = NULL, closed_on = excluded.closed_on", &stmt,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, today);
	if (store_done(st, stmt, "closing the evaluation", cause) == -1)
		return -1;
	/* The link dies: nothing joins an answer to a person from now on. */
	if (store_prepare(st, "UPDATE evaluation_answers SET answer_set = NULL "
	    "WHERE sprint_id = ?1 AND answer_set IS NOT NULL", &stmt,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if (store_done(st, stmt, "unlinking the answers", cause) == -1)
		return -1;
	/* Replies that could not be used still hold answers, and so do the
	 * error mails that echoed them: both are blanked now. */
	if (store_prepare(st, "UPDATE outbox_bodies SET data = X'' WHERE id "
	    "IN (SELECT id FROM outbox WHERE kind = "
	    "'error' AND status IN ('sent', 'suppressed') AND reply_to IN "
	    "(SELECT id FROM messages WHERE sprint_id = ?1 AND kind = "
	    "'invalid' AND json_valid(result) AND (SELECT count(*) FROM "
	    "json_each(result, '$.answers')) > 0))", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if (store_done(st, stmt, "blanking error replies", cause) == -1)
		return -1;
	if (evaluation_blank(st, "sprint_id = ?1 AND kind IN ('invalid', "
	    "'evaluation') AND json_valid(result) AND (SELECT count(*) FROM "
	    "json_each(result, '$.answers')) > 0", sprint_id, cause) == -1)
		return -1;

	if (ev_load(st, sprint_id, s, min_answers, &e, cause) == -1)
		return -1;
	root = render_rec_new();
	ev_facts(&e, root);
	if (compose_organizers(c, st, "evaluation-summary", s, sprint_id, root,
	    cause) == -1)
		goto fail;
	log_info("%s: the evaluation closed with %d respondents; summary "
	    "queued", s->slug, e.respondents);
	r = 0;
fail:
	render_val_free(&root);
	ev_clear(&e);
	return r;
}

int
evaluation_check_config(const struct config *cfg)
{
	char	*name = NULL, *addr = NULL;
	int	 warned = 0;

	if (cfg->from == NULL || cfg->list_address == NULL ||
	    message_split_address(cfg->from, &name, &addr) == -1)
		return 0;
	if (util_strcaseeq(addr, cfg->list_address)) {
		log_warn("%s: from is the list address %s: replies to the "
		    "evaluation would go to everyone on the list; give sprintd "
		    "an address of its own", cfg->path != NULL ? cfg->path :
		    "config", cfg->list_address);
		warned = 1;
	}
	free(name);
	free(addr);
	return warned;
}
