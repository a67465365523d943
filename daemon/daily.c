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

/* daily.c -- the sprint's week: daily mail, catch-up, summary requests. */
#include "config-auto.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "compose.h"
#include "daily.h"
#include "log.h"
#include "parse.h"
#include "people.h"
#include "plan.h"
#include "proof.h"
#include "render.h"
#include "rst.h"
#include "util.h"

/* At most this many people are named in a list of a mail. */
#define DAILY_MAX_LIST		60
/* At most this many topics of a person are compared. */
#define DAILY_MAX_TOPICS	20

day_t
daily_today(const struct sprint *s, time_t t)
{
	char	 iso[16];
	day_t	 d;

	clock_format_local(s->timezone, t, "%Y-%m-%d", iso, sizeof iso);
	if (dates_parse_iso(iso, &d) == -1)
		d = (day_t)(t / 86400);
	return d;
}

/* A known ISO day of a registration, or -1. */
static int
daily_iso(const char *iso, day_t *out)
{
	return iso != NULL && dates_parse_iso(iso, out) == 0 ? 0 : -1;
}

int
daily_planned(const struct sprint *s, enum daily_what what, day_t day)
{
	if (day < s->start || day > s->end)
		return 0;
	switch (what) {
	case DAILY_MAIL:
		return s->daily && !(s->has_break_day && day == s->break_day);
	case DAILY_CATCHUP:
		return day > s->start;
	case DAILY_SUMMARY:
		return 1;
	}
	return 0;
}

int
daily_gets(const struct sprint *s, const struct registry_reg *r,
    enum daily_what what, day_t day)
{
	day_t	 d;

	if (!daily_planned(s, what, day) || !people_there(s, r, day))
		return 0;
	switch (what) {
	case DAILY_MAIL:
		return 1;
	case DAILY_CATCHUP:
		return people_late_newcomer(s, r) &&
		    daily_iso(r->arrive, &d) == 0 && d == day;
	case DAILY_SUMMARY:
		if (day == s->end)
			return 1;
		if (!people_early_leaver(s, r) ||
		    daily_iso(r->depart, &d) == -1)
			return 0;
		return d - 1 == day || (d == s->start && day == s->start);
	}
	return 0;
}

/* The topics of a person, lowered and trimmed, into v (at most max). */
static size_t
daily_topics(const char *topics, char **v, size_t max)
{
	char	*copy, *p, *one;
	size_t	 n = 0, i;

	if (topics == NULL)
		return 0;
	copy = xstrdup(topics);
	for (p = copy; n < max && (one = strsep(&p, ",;")) != NULL;) {
		one = util_trim(one);
		if (*one == '\0')
			continue;
		for (i = 0; one[i] != '\0'; i++)
			one[i] = (char)util_lc((unsigned char)one[i]);
		v[n++] = xstrdup(one);
	}
	free(copy);
	return n;
}

/* The topics a and b share, as b wrote them, ", " between; NULL when
 * none. */
static char *
daily_shared(const char *a, const char *b, int *count)
{
	char		*va[DAILY_MAX_TOPICS], *vb[DAILY_MAX_TOPICS];
	size_t		 na, nb, i, j;
	struct buf	 out;

	*count = 0;
	na = daily_topics(a, va, DAILY_MAX_TOPICS);
	nb = daily_topics(b, vb, DAILY_MAX_TOPICS);
	buf_init(&out, 0);
	for (j = 0; j < nb; j++) {
		for (i = 0; i < na; i++) {
			if (strcmp(va[i], vb[j]) == 0)
				break;
		}
		if (i == na)
			continue;
		buf_printf(&out, "%s%s", *count > 0 ? ", " : "", vb[j]);
		(*count)++;
	}
	for (i = 0; i < na; i++)
		free(va[i]);
	for (j = 0; j < nb; j++)
		free(vb[j]);
	if (*count == 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_steal(&out, NULL);
}

size_t
daily_pairs(const struct sprint *s, const struct registry_reg *regs,
    size_t n, day_t day, struct daily_pair **out)
{
	struct daily_pair	*v = NULL;
	size_t			 np = 0, i, j, best;
	int			*load = xcalloc(n + 1, sizeof *load);
	int			 count, bestcount;
	char			*shared, *bestshared;

	for (i = 0; i < n; i++) {
		if (regs[i].newcomer != 1 || !people_there(s, &regs[i], day))
			continue;
		best = n;
		bestcount = 0;
		bestshared = NULL;
		for (j = 0; j < n; j++) {
			if (j == i || regs[j].newcomer == 1 ||
			    !people_there(s, &regs[j], day))
				continue;
			shared = daily_shared(regs[i].topics, regs[j].topics,
			    &count);
			if (count > bestcount || (count == bestcount &&
			    count > 0 && load[j] < load[best])) {
				free(bestshared);
				bestshared = shared;
				bestcount = count;
				best = j;
			} else
				free(shared);
		}
		v = xreallocarray(v, np + 1, sizeof *v);
		v[np].newcomer = &regs[i];
		v[np].shared = bestshared;
		if (best < n) {
			v[np].with = regs[best].name;
			load[best]++;
		} else
			v[np].with = s->norganizers > 0 ?
			    s->organizers[0].name : "the organizers";
		np++;
	}
	free(load);
	*out = v;
	return np;
}

void
daily_pairs_free(struct daily_pair *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].shared);
	free(v);
}

char *
daily_pair_line(const struct daily_pair *p)
{
	if (p->shared != NULL)
		return xprintf("Pair: %s with %s (%s)", p->newcomer->name,
		    p->with, p->shared);
	return xprintf("Pair: %s with %s (organizer; no shared topics)",
	    p->newcomer->name, p->with);
}

/* What a day's mails share: the planning and the pairs, read once. */
struct daily_day {
	struct plan_task	*tasks;
	size_t			 ntasks;
	struct daily_pair	*pairs;
	size_t			 npairs;
};

static int
daily_day_load(struct store *st, const struct sprint *s, int64_t sprint_id,
    day_t day, const struct registry_reg *regs, size_t n,
    struct daily_day *dd, char **cause)
{
	memset(dd, 0, sizeof *dd);
	if (plan_list(st, sprint_id, 0, &dd->tasks, &dd->ntasks, cause) == -1)
		return -1;
	dd->npairs = daily_pairs(s, regs, n, day, &dd->pairs);
	return 0;
}

static void
daily_day_clear(struct daily_day *dd)
{
	plan_tasks_free(dd->tasks, dd->ntasks);
	daily_pairs_free(dd->pairs, dd->npairs);
	memset(dd, 0, sizeof *dd);
}

/* daily_facts with what the day's mails share loaded already. */
static void
daily_day_facts(const struct sprint *s, day_t day,
    const struct registry_reg *regs, size_t n, const struct daily_day *dd,
    const struct registry_reg *to, struct render_val *root)
{
	const struct daily_pair	*p;
	struct render_val	*item;
	size_t			 i, here = 0;
	char			 text[40], *line;
	day_t			 a, d;

	dates_format_long(day, 0, text);
	render_set(root, "today", text);
	render_setf(root, "day_number", "%d", (int)(day - s->start + 1));
	render_setf(root, "day_count", "%d", sprint_days(s));
	render_set_flag(root, "first_day", day == s->start);
	render_set_flag(root, "last_day", day == s->end);
	render_list(root, "here");
	render_list(root, "arrivals");
	render_list(root, "leaving");
	render_list(root, "tasks");
	render_list(root, "pairs");
	for (i = 0; i < n; i++) {
		const struct registry_reg	*r = &regs[i];

		if (!people_there(s, r, day))
			continue;
		if (here++ < DAILY_MAX_LIST) {
			item = render_list_add(root, "here");
			render_set(item, "name", r->name);
			render_set_flag(item, "newcomer", r->newcomer == 1);
		}
		if (!r->local && daily_iso(r->arrive, &a) == 0 && a == day) {
			item = render_list_add(root, "arrivals");
			render_set(item, "name", r->name);
			render_set_flag(item, "newcomer", r->newcomer == 1);
		}
		/* Everyone leaves at the end: only who leaves before it. */
		if (!r->local && daily_iso(r->depart, &d) == 0 &&
		    d < s->end && (d == day || d == day + 1)) {
			item = render_list_add(root, "leaving");
			render_set(item, "name", r->name);
			render_set(item, "when", d == day ? "today" :
			    "tomorrow");
		}
	}
	for (i = 0; i < dd->ntasks; i++) {
		item = render_list_add(root, "tasks");
		render_setf(item, "num", "%d", dd->tasks[i].num);
		render_set(item, "text", dd->tasks[i].text);
		render_set(item, "people", dd->tasks[i].people);
		render_set(item, "state", plan_state_word(dd->tasks[i].state));
	}
	render_set(root, "my_pair", "");
	for (i = 0; i < dd->npairs; i++) {
		p = &dd->pairs[i];
		line = daily_pair_line(p);
		render_set(render_list_add(root, "pairs"), "line", line);
		free(line);
		if (to == NULL || p->newcomer->id != to->id)
			continue;
		if (p->shared != NULL)
			render_setf(root, "my_pair", "%s (you share %s)",
			    p->with, p->shared);
		else
			render_setf(root, "my_pair", "%s, one of the "
			    "organizers", p->with);
	}
	render_set_flag(root, "break_tomorrow", s->has_break_day &&
	    day + 1 == s->break_day);
	if (s->has_break_day) {
		dates_format_long(s->break_day, 0, text);
		render_set(root, "break_day", text);
	} else
		render_set(root, "break_day", "");
	render_set(root, "break_day_suggestions", s->break_day_suggestions);
	render_set(root, "tutorial", s->tutorial);
	render_set(root, "topics", to != NULL ? to->topics : NULL);
	render_set_flag(root, "early", to != NULL &&
	    people_early_leaver(s, to));
	if (to != NULL && daily_iso(to->depart, &d) == 0) {
		dates_format_long(d, 0, text);
		render_set(root, "leave_day", text);
	} else
		render_set(root, "leave_day", "");
}

int
daily_facts(struct store *st, const struct sprint *s, int64_t sprint_id,
    day_t day, const struct registry_reg *regs, size_t n,
    const struct registry_reg *to, struct render_val *root, char **cause)
{
	struct daily_day	 dd;

	if (daily_day_load(st, s, sprint_id, day, regs, n, &dd, cause) == -1)
		return -1;
	daily_day_facts(s, day, regs, n, &dd, to, root);
	daily_day_clear(&dd);
	return 0;
}

/* 1 when the person was sent a mail of that kind for the sprint. */
static int
daily_sent(struct store *st, int64_t sprint_id, const char *kind,
    const char *email, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, "SELECT 1 FROM outbox WHERE sprint_id = ?1 AND "
	    "kind = ?2 AND recipient = ?3 COLLATE NOCASE AND status != "
	    "'suppressed' LIMIT 1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, kind);
	store_bind_text(stmt, 3, email);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the outbox");
		return -1;
	}
	return rc == SQLITE_ROW;
}

static const char *const daily_kinds[] = { "daily", "catchup", "summary" };

/* Queues the mail of kind what of day to `to', among regs. */
static int
daily_one(struct store *st, struct compose *c, const struct sprint *s,
    int64_t sprint_id, enum daily_what what, day_t day,
    const struct registry_reg *regs, size_t n, const struct daily_day *dd,
    const struct registry_reg *to, char **cause)
{
	struct render_val	*root = render_rec_new();
	int			 r;

	render_list(root, "applied");
	render_list(root, "problems");
	daily_day_facts(s, day, regs, n, dd, to, root);
	r = compose_during(c, st, daily_kinds[what], s, sprint_id, to, NULL,
	    root, cause);
	render_val_free(&root);
	return r;
}

int
daily_compose(struct store *st, struct compose *c, const struct sprint *s,
    int64_t sprint_id, enum daily_what what, day_t day,
    const struct registry_reg *to, char **cause)
{
	struct registry_reg	*regs = NULL;
	struct daily_day	 dd;
	size_t			 n = 0;
	int			 r;

	if (registry_list(st, sprint_id, "registered", &regs, &n, cause) == -1)
		return -1;
	if ((r = daily_day_load(st, s, sprint_id, day, regs, n, &dd,
	    cause)) == 0) {
		r = daily_one(st, c, s, sprint_id, what, day, regs, n, &dd, to,
		    cause);
		daily_day_clear(&dd);
	}
	registry_regs_free(regs, n);
	return r;
}

int
daily_run(struct store *st, struct compose *c, const struct sprint *s,
    int64_t sprint_id, enum daily_what what, day_t day, char **cause)
{
	struct registry_reg	*regs = NULL;
	struct daily_day	 dd;
	size_t			 n = 0, i;
	int			 r = -1, sent, count = 0;

	if (registry_list(st, sprint_id, "registered", &regs, &n, cause) == -1)
		return -1;
	/* The planning and the pairs are the same in each mail. */
	if (daily_day_load(st, s, sprint_id, day, regs, n, &dd, cause) == -1) {
		registry_regs_free(regs, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!daily_gets(s, &regs[i], what, day))
			continue;
		/* The catch-up and the summary's request go once. */
		if (what != DAILY_MAIL) {
			if ((sent = daily_sent(st, sprint_id, daily_kinds[what],
			    regs[i].email, cause)) == -1)
				goto fail;
			if (sent)
				continue;
		}
		if (daily_one(st, c, s, sprint_id, what, day, regs, n, &dd,
		    &regs[i], cause) == -1)
			goto fail;
		count++;
	}
	log_info("%s: %s of day %d: %d mail%s", s->slug, daily_kinds[what],
	    (int)(day - s->start + 1), count, count == 1 ? "" : "s");
	r = 0;
fail:
	daily_day_clear(&dd);
	registry_regs_free(regs, n);
	return r;
}

/* Notes on the stored message how its lines were taken. */
static int
daily_note(struct store *st, int64_t msg_id, const char *note, char **cause)
{
	sqlite3_stmt	*stmt;

	if (store_prepare(st, "UPDATE messages SET note = ?2 WHERE id = ?1",
	    &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, msg_id);
	store_bind_text(stmt, 2, note);
	return store_done(st, stmt, "noting how a message was read", cause);
}

/* Records the person's Done:/Next: (the latest answer counts; a line
 * not given keeps the earlier one). */
static int
daily_answer(struct store *st, int64_t sprint_id, int64_t person_id,
    int64_t msg_id, const char *done, const char *next, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_prepare(st, "INSERT INTO summary_answers (sprint_id, "
	    "person_id, done, next, message_id, updated_at) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6) ON CONFLICT (sprint_id, person_id) DO UPDATE SET "
	    "done = coalesce(excluded.done, done), next = coalesce("
	    "excluded.next, next), message_id = excluded.message_id, "
	    "updated_at = excluded.updated_at", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	sqlite3_bind_int64(stmt, 2, person_id);
	store_bind_text(stmt, 3, done);
	store_bind_text(stmt, 4, next);
	if (msg_id != 0)
		sqlite3_bind_int64(stmt, 5, msg_id);
	store_bind_text(stmt, 6, now);
	return store_done(st, stmt, "recording a summary answer", cause);
}

/* One thing done, for the reply and the note. */
static void
daily_applied(struct render_val *root, struct buf *note, const char *fmt,
    ...) PRINTFLIKE(3, 4);
static void
daily_applied(struct render_val *root, struct buf *note, const char *fmt,
    ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvprintf(fmt, ap);
	va_end(ap);
	render_set(render_list_add(root, "applied"), "text", s);
	buf_printf(note, "%s%s", note->len > 0 ? "; " : "", s);
	free(s);
}

/* Applies the lines of a proven attendee; 0 or -1 (store errors). */
static int
daily_apply(struct store *st, const struct sprint *s, int64_t sprint_id,
    int64_t msg_id, const struct registry_reg *reg,
    const struct plan_lines *l, struct render_val *root, struct buf *note,
    int *changed, char **cause)
{
	char	*why = NULL;
	size_t	 i;
	int	 r, num;

	(void)s;
	for (i = 0; i < l->nadded; i++) {
		if ((r = plan_add(st, sprint_id, l->added[i], NULL, msg_id,
		    &num, &why)) == -1)
			goto fail;
		if (r == UTIL_REFUSED) {
			render_setf(render_list_add(root, "problems"), "text",
			    "New: %s", why);
			xfree(&why);
			continue;
		}
		*changed = 1;
		daily_applied(root, note, "added task %d: %s", num,
		    l->added[i]);
	}
	for (i = 0; i < l->njoined + l->ndone; i++) {
		int	 join = i < l->njoined;

		num = join ? l->joined[i] : l->done[i - l->njoined];
		r = join ? plan_join(st, sprint_id, num, reg->name, &why) :
		    plan_set_state(st, sprint_id, num, "done", &why);
		if (r == -1)
			goto fail;
		if (r == UTIL_REFUSED) {
			render_setf(render_list_add(root, "problems"), "text",
			    "%s: %s", join ? "Join" : "Done", why);
			xfree(&why);
			continue;
		}
		*changed = 1;
		daily_applied(root, note, join ? "you joined task %d" :
		    "task %d is DONE", num);
	}
	if (l->done_text != NULL || l->next_text != NULL) {
		if (daily_answer(st, sprint_id, reg->person_id, msg_id,
		    l->done_text, l->next_text, cause) == -1)
			return -1;
		daily_applied(root, note, "your summary (%s%s%s) is recorded "
		    "under your name for the sprint report",
		    l->done_text != NULL ? "Done:" : "",
		    l->done_text != NULL && l->next_text != NULL ? ", " : "",
		    l->next_text != NULL ? "Next:" : "");
	}
	return 0;
fail:
	*cause = why;
	return -1;
}

int
daily_reply(struct store *st, struct compose *c, const struct sprint *s,
    int64_t sprint_id, int64_t msg_id, const struct parse_result *res,
    const struct proof *pf, const struct compose_orig *orig, int may_reply,
    int *changed, char **cause)
{
	struct registry_reg	*regs = NULL, *reg = NULL;
	struct plan_lines	 l;
	struct render_val	*root = NULL;
	struct buf		 note;
	size_t			 n = 0, i;
	int			 r = -1;

	*changed = 0;
	if (res->body == NULL || res->from == NULL ||
	    (res->kind != PARSE_UNRELATED && res->kind != PARSE_INVALID))
		return 0;
	plan_read(res->body, &l);
	if (!l.any) {
		plan_lines_clear(&l);
		return 0;
	}
	buf_init(&note, 4096);
	if (registry_list(st, sprint_id, "registered", &regs, &n, cause) == -1)
		goto fail;
	for (i = 0; i < n && reg == NULL; i++) {
		if (util_strcaseeq(regs[i].email, res->from))
			reg = &regs[i];
	}
	/* Never decided here: proof.c's verdict says who may act. */
	if (reg == NULL || pf->how == PROOF_NONE) {
		log_info("%s: planning or summary lines from %s %s: not "
		    "applied", s->slug, res->from, reg == NULL ? "who is not "
		    "a registered attendee" : "that do not prove the sender");
		r = daily_note(st, msg_id, reg == NULL ? "planning or summary "
		    "lines from an address that is not a registered attendee: "
		    "not applied" : "planning or summary lines that do not "
		    "prove their sender (only a reply to sprintd's own mail to "
		    "that address does): not applied", cause) == -1 ? -1 : 1;
		/* What else the message is (a registration with errors, a
		 * request in prose) is still answered as such. */
		if (r == 1 && (res->kind != PARSE_UNRELATED || res->prose))
			r = 0;
		goto fail;
	}
	root = render_rec_new();
	render_list(root, "applied");
	render_list(root, "problems");
	for (i = 0; i < l.nerrors; i++)
		render_set(render_list_add(root, "problems"), "text",
		    l.errors[i]);
	if (daily_apply(st, s, sprint_id, msg_id, reg, &l, root, &note,
	    changed, cause) == -1)
		goto fail;
	log_info("%s: %s: %s", s->slug, res->from, note.len > 0 ? note.data :
	    "nothing applied");
	if (daily_note(st, msg_id, note.len > 0 ? note.data : "planning or "
	    "summary lines, nothing applied", cause) == -1)
		goto fail;
	if (may_reply) {
		/* The reply shows the planning as it is now. */
		if (daily_facts(st, s, sprint_id, daily_today(s, clock_now()),
		    regs, n, reg, root, cause) == -1 ||
		    compose_during(c, st, "planned", s, sprint_id, reg, orig,
		    root, cause) == -1)
			goto fail;
	}
	r = 1;
fail:
	render_val_free(&root);
	registry_regs_free(regs, n);
	plan_lines_clear(&l);
	buf_free(&note);
	return r;
}

int
daily_digest_facts(struct store *st, const struct sprint *s,
    int64_t sprint_id, time_t now, struct render_val *root, int *changes,
    char **cause)
{
	struct registry_reg	*regs = NULL;
	struct render_val	*item;
	struct daily_pair	*pairs = NULL;
	struct plan_task	*tasks = NULL;
	size_t			 n = 0, np, i, j, ntasks = 0;
	day_t			 day = daily_today(s, now), a, d;
	char			*line;

	render_list(root, "today_arrivals");
	render_list(root, "today_departures");
	render_list(root, "catchups");
	render_list(root, "planning");
	if (day < s->start || day > s->end)
		return 0;
	if (registry_list(st, sprint_id, "registered", &regs, &n, cause) == -1)
		return -1;
	np = daily_pairs(s, regs, n, day, &pairs);
	for (i = 0; i < n; i++) {
		const struct registry_reg	*r = &regs[i];

		if (!r->local && daily_iso(r->arrive, &a) == 0 && a == day) {
			item = render_list_add(root, "today_arrivals");
			render_set(item, "name", r->name);
			render_set_flag(item, "newcomer", r->newcomer == 1);
			(*changes)++;
		}
		if (!r->local && daily_iso(r->depart, &d) == 0 && d == day) {
			render_set(render_list_add(root, "today_departures"),
			    "name", r->name);
			(*changes)++;
		}
		if (!daily_gets(s, r, DAILY_CATCHUP, day))
			continue;
		/* What the late newcomer's own mail says of the pair. */
		item = render_list_add(root, "catchups");
		render_set(item, "name", r->name);
		render_set(item, "pair", "");
		for (j = 0; j < np; j++) {
			if (pairs[j].newcomer->id != r->id)
				continue;
			line = daily_pair_line(&pairs[j]);
			render_set(item, "pair", line);
			free(line);
		}
		(*changes)++;
	}
	daily_pairs_free(pairs, np);
	registry_regs_free(regs, n);
	/* The planning the newcomers are sent, in the same words. */
	if (plan_list(st, sprint_id, 0, &tasks, &ntasks, cause) == -1)
		return -1;
	for (i = 0; i < ntasks; i++) {
		item = render_list_add(root, "planning");
		render_setf(item, "line", "%d. %s%s%s%s%s%s", tasks[i].num,
		    tasks[i].text, *tasks[i].people != '\0' ? " (" : "",
		    tasks[i].people, *tasks[i].people != '\0' ? ")" : "",
		    *plan_state_word(tasks[i].state) != '\0' ? " " : "",
		    plan_state_word(tasks[i].state));
	}
	plan_tasks_free(tasks, ntasks);
	return 0;
}

int
daily_report(struct store *st, int64_t sprint_id, struct buf *did,
    struct buf *next, char **cause)
{
	struct plan_task	*tasks = NULL;
	sqlite3_stmt		*stmt;
	size_t			 ntasks = 0, i;
	const char		*name, *v;
	int			 rc;

	if (plan_list(st, sprint_id, 0, &tasks, &ntasks, cause) == -1)
		return -1;
	for (i = 0; i < ntasks; i++) {
		if (strcmp(tasks[i].state, "done") != 0)
			continue;
		buf_addstr(did, "- ");
		rst_text(did, tasks[i].text, "  ");
		if (*tasks[i].people != '\0') {
			buf_addstr(did, " (");
			rst_inline(did, tasks[i].people);
			buf_addch(did, ')');
		}
		buf_addstr(did, " DONE\n");
	}
	plan_tasks_free(tasks, ntasks);
	if (store_prepare(st, "SELECT r.name, a.done, a.next FROM "
	    "summary_answers a JOIN registrations r ON r.sprint_id = "
	    "a.sprint_id AND r.person_id = a.person_id WHERE a.sprint_id = ?1 "
	    "ORDER BY r.name, a.id", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(stmt, 0);
		for (i = 1; i <= 2; i++) {
			struct buf	*b = i == 1 ? did : next;

			if ((v = (const char *)sqlite3_column_text(stmt,
			    (int)i)) == NULL)
				continue;
			buf_addstr(b, "- ");
			rst_item(b, name);
			buf_addstr(b, ": ");
			rst_inline(b, v);
			buf_addch(b, '\n');
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the summary answers");
		return -1;
	}
	return 0;
}
