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

/* schedule.c -- jobs that fall due: announce, remind, evaluate. */
#include "config-auto.h"


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "compose.h"
#include "config.h"
#include "daily.h"
#include "evaluation.h"
#include "log.h"
#include "interest.h"
#include "registry.h"
#include "schedule.h"
#include "sync.h"
#include "util.h"

const struct schedule_kind_info schedule_kinds[] = {
	{ SCHEDULE_ANNOUNCE, "announce", "announcement", "announce" },
	{ SCHEDULE_NUDGE, "nudge", "nudge (fill in the ?)", "nudge" },
	{ SCHEDULE_REMIND, "remind", "reminder", "remind" },
	{ SCHEDULE_EVALUATE, "evaluate", "questionnaire", "evaluate" },
	{ SCHEDULE_EVALUATE_REMIND, "evaluate-remind",
	    "questionnaire reminder", "evaluate-remind" },
	{ SCHEDULE_EVALUATION_CLOSE, "evaluation-close", "evaluation closes",
	    NULL },
	{ SCHEDULE_PREANNOUNCE, "preannounce", "pre-announcement",
	    "preannounce" },
	{ SCHEDULE_DATES_FIXED, "dates-fixed", "the dates to those interested",
	    "dates-fixed" },
	{ SCHEDULE_SYNC_INVITE, "sync-invite", "sync meeting invitation",
	    "sync-invite" },
	{ SCHEDULE_SYNC_DIGEST, "sync-digest", "sync moderator's digest",
	    "sync-digest" },
	{ SCHEDULE_SYNC_CANCEL, "sync-cancel", "sync cancellation notice",
	    "sync-cancel" },
	{ SCHEDULE_DAILY, "daily", "daily mail", "daily" },
	{ SCHEDULE_CATCHUP, "catchup", "late newcomers' catch-up",
	    "catchup" },
	{ SCHEDULE_SUMMARY, "summary", "summary request", "summary" },
	/* A new job: its kind, label and template go here. */
	{ 0, NULL, NULL, NULL }
};

/* The day of a per-day job's name ("daily:2027-01-08"): 0, or -1. */
static int
schedule_job_day(const char *name, day_t *day)
{
	const char	*p = strchr(name, ':');

	return p != NULL && dates_parse_iso(p + 1, day) == 0 ? 0 : -1;
}

int
schedule_kind_parse(const char *name, enum schedule_kind *out)
{
	size_t	 i, len = strcspn(name, ":");
	day_t	 day;

	if (name[len] == ':' && schedule_job_day(name, &day) == -1)
		return -1;
	for (i = 0; schedule_kinds[i].name != NULL; i++) {
		if (strlen(schedule_kinds[i].name) == len &&
		    strncmp(schedule_kinds[i].name, name, len) == 0 &&
		    (name[len] == '\0') == (schedule_kinds[i].kind <
		    SCHEDULE_DAILY)) {
			*out = schedule_kinds[i].kind;
			return 0;
		}
	}
	return -1;
}

/* The kind stored as name, SCHEDULE_UNKNOWN for none. */
static enum schedule_kind
schedule_kind_of(const char *name)
{
	enum schedule_kind	 k;

	return schedule_kind_parse(name, &k) == 0 ? k : SCHEDULE_UNKNOWN;
}

const char *
schedule_kind_label(const char *name)
{
	enum schedule_kind	 k;

	return schedule_kind_parse(name, &k) == 0 ? schedule_kinds[k].label :
	    name;
}

/* 00:00 on a day in the sprint's zone; where the clocks jump at midnight
 * the day begins at 01:00. */
static int
schedule_day_start(const struct sprint *s, day_t day, time_t *out)
{
	int	 y, m, d;

	dates_to_ymd(day, &y, &m, &d);
	if (clock_local_to_utc(s->timezone, y, m, d, 0, 0, out) == 0)
		return 0;
	return clock_local_to_utc(s->timezone, y, m, d, 1, 0, out);
}

/*
 * Whether the announcement went: 1 with *when saying when (sent, or
 * queued and not sent yet), 0 when it did not (not scheduled, pending or
 * skipped), -1 with *cause.
 */
static int
schedule_announce_went(struct store *st, int64_t sprint_id,
    const struct sprint *s, char **when, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 local[40];
	time_t		 done, sent;
	int		 rc, queued = 0;

	if (store_prepare(st, "SELECT j.done_at, (SELECT max(sent_at) FROM "
	    "outbox WHERE sprint_id = ?1 AND kind = 'announce' AND status = "
	    "'sent'), (SELECT count(*) FROM outbox WHERE sprint_id = ?1 AND "
	    "kind = 'announce' AND status = 'queued') FROM jobs j WHERE "
	    "j.sprint_id = ?1 AND j.kind = 'announce' AND j.done_at IS NOT "
	    "NULL AND j.skipped = 0", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sqlite3_column_type(stmt, 0) == SQLITE_NULL ||
		    clock_parse_utc((const char *)sqlite3_column_text(stmt, 0),
		    &done) == -1)
			done = 0;
		if (sqlite3_column_type(stmt, 1) == SQLITE_NULL ||
		    clock_parse_utc((const char *)sqlite3_column_text(stmt, 1),
		    &sent) == -1)
			sent = 0;
		queued = sqlite3_column_int(stmt, 2);
		if (sent != 0) {
			clock_local_or_utc(s->timezone, sent, local);
			*when = xprintf("went out at %s%s", local, queued ?
			    " (some of it is still queued)" : "");
		} else {
			clock_local_or_utc(s->timezone, done, local);
			*when = xprintf("was queued at %s%s", local, queued ?
			    " and waits in the outbox (sprintctl outbox)" :
			    "");
		}
	} else if (rc != SQLITE_DONE)
		*cause = store_error(st, "reading the announcement's job");
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
schedule_day_at(const struct sprint *s, day_t day, time_t *out)
{
	int	 y, m, d;

	dates_to_ymd(day, &y, &m, &d);
	return clock_local_to_utc(s->timezone, y, m, d, SCHEDULE_HOUR, 0,
	    out);
}

static int schedule_job(struct store *, int64_t, const char *, time_t,
    char **);

int
schedule_add_job(struct store *st, int64_t sprint_id, const char *kind,
    time_t due, char **cause)
{
	return schedule_job(st, sprint_id, kind, due, cause);
}

/* Inserts or moves a job that has not run yet. */
static int
schedule_job(struct store *st, int64_t sprint_id, const char *kind, time_t due,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 t[21];

	clock_format_utc(due, t);
	if (store_prepare(st, "INSERT INTO jobs (sprint_id, kind, due_at) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (sprint_id, kind) DO UPDATE SET "
	    "due_at = excluded.due_at, attempts = 0, last_error = NULL "
	    "WHERE done_at IS NULL", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, kind);
	store_bind_text(stmt, 3, t);
	if (store_done(st, stmt, "scheduling a job", cause) == -1)
		return -1;
	return 0;
}

/* The evaluation closes evaluation_days after the last day (a sprint
 * file key, so not in schedule_plan's table). */
static int
schedule_plan_close(struct store *st, int64_t sprint_id,
    const struct sprint *s, char **cause)
{
	time_t	 due;

	if (schedule_day_at(s, sprint_close_day(s), &due) == -1) {
		*cause = xprintf("%s: cannot compute times in time zone %s",
		    s->slug, s->timezone);
		return -1;
	}
	return schedule_job(st, sprint_id,
	    schedule_kinds[SCHEDULE_EVALUATION_CLOSE].name, due, cause);
}

/* The jobs of the sprint's week, one per kind and day (daily.h says
 * which): those not run yet are planned anew, at daily_hour. */
static int
schedule_plan_week(struct store *st, int64_t sprint_id,
    const struct sprint *s, char **cause)
{
	static const struct {
		enum schedule_kind	 kind;
		enum daily_what		 what;
	} week[] = {
		{ SCHEDULE_DAILY, DAILY_MAIL },
		{ SCHEDULE_CATCHUP, DAILY_CATCHUP },
		{ SCHEDULE_SUMMARY, DAILY_SUMMARY },
	};
	sqlite3_stmt	*stmt;
	char		 iso[11], *kind;
	size_t		 i;
	time_t		 due;
	day_t		 day;
	int		 y, m, d, r;

	/* Dates or daily: may have changed: what has not run goes. */
	if (store_prepare(st, "DELETE FROM jobs WHERE sprint_id = ?1 AND "
	    "done_at IS NULL AND (kind LIKE 'daily:%' OR kind LIKE "
	    "'catchup:%' OR kind LIKE 'summary:%')", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if (store_done(st, stmt, "replanning the sprint's week", cause) == -1)
		return -1;
	for (day = s->start; day <= s->end; day++) {
		for (i = 0; i < nitems(week); i++) {
			if (!daily_planned(s, week[i].what, day))
				continue;
			dates_to_ymd(day, &y, &m, &d);
			if (clock_local_to_utc(s->timezone, y, m, d,
			    s->daily_hour, 0, &due) == -1 &&
			    clock_local_to_utc(s->timezone, y, m, d,
			    s->daily_hour + 1, 0, &due) == -1) {
				*cause = xprintf("%s: cannot compute times in "
				    "time zone %s", s->slug, s->timezone);
				return -1;
			}
			dates_format_iso(day, iso);
			kind = xprintf("%s:%s",
			    schedule_kinds[week[i].kind].name, iso);
			r = schedule_job(st, sprint_id, kind, due, cause);
			free(kind);
			if (r == -1)
				return -1;
		}
	}
	return 0;
}

int
schedule_plan(struct store *st, int64_t sprint_id, const struct sprint *s,
    char **cause)
{
	const struct {
		enum schedule_kind kind;
		int		 from_end;
		int		 days;
	} plan[] = {
		{ SCHEDULE_NUDGE, 0, -s->nudge_days },
		{ SCHEDULE_REMIND, 0, -SCHEDULE_REMIND_DAYS },
		{ SCHEDULE_EVALUATE, 1, SCHEDULE_EVALUATE_DAYS },
		{ SCHEDULE_EVALUATE_REMIND, 1, SCHEDULE_EVALUATE_REMIND_DAYS },
	};
	size_t	 i;
	time_t	 due;

	/* Dates still to choose: nothing to plan around them yet. */
	if (interest_plan(st, sprint_id, s, cause) == -1)
		return -1;
	if (s->dates_open)
		return 0;
	for (i = 0; i < nitems(plan); i++) {
		day_t	 day = (plan[i].from_end ? s->end : s->start) +
		    plan[i].days;

		if (schedule_day_at(s, day, &due) == -1) {
			*cause = xprintf("%s: cannot compute times in time "
			    "zone %s", s->slug, s->timezone);
			return -1;
		}
		if (schedule_job(st, sprint_id,
		    schedule_kinds[plan[i].kind].name, due, cause) == -1)
			return -1;
	}
	if (schedule_plan_close(st, sprint_id, s, cause) == -1)
		return -1;
	return schedule_plan_week(st, sprint_id, s, cause);
}

int
schedule_announce(struct store *st, int64_t sprint_id, const struct sprint *s,
    const char *at, int force, char **cause)
{
	sqlite3_stmt	*stmt;
	time_t		 t, lo, hi;
	char		 a[11], b[11], u[21], *when = NULL;
	const char	*p = at;
	int		 y, mo, d, h, mi, rc;

	/* "%4d-%2d-%2d %2d:%2d" to the end, as scanf would read it. */
	if (util_scan_int(&p, 4, &y) == -1 || *p++ != '-' ||
	    util_scan_int(&p, 2, &mo) == -1 || *p++ != '-' ||
	    util_scan_int(&p, 2, &d) == -1 ||
	    util_scan_int(&p, 2, &h) == -1 || *p++ != ':' ||
	    util_scan_int(&p, 2, &mi) == -1 || *p != '\0' ||
	    !dates_valid_ymd(y, mo, d) || h > 23 || mi > 59 || h < 0 ||
	    mi < 0) {
		*cause = xprintf("--at \"%s\": expected \"YYYY-MM-DD HH:MM\" "
		    "(a real date and time, in %s)", at, s->timezone);
		return UTIL_REFUSED;
	}
	if (clock_local_to_utc(s->timezone, y, mo, d, h, mi, &t) == -1) {
		*cause = xprintf("--at \"%s\": that time does not exist in %s",
		    at, s->timezone);
		return UTIL_REFUSED;
	}
	/* Allowed: any time on the days from 28 to 14 days before start. */
	{
		int	 ly, lm, ld;

		dates_to_ymd(s->start - SCHEDULE_ANNOUNCE_MAX_DAYS, &ly, &lm,
		    &ld);
		if (clock_local_to_utc(s->timezone, ly, lm, ld, 0, 0,
		    &lo) == -1)
			lo = 0;
		dates_to_ymd(s->start - SCHEDULE_ANNOUNCE_MIN_DAYS + 1, &ly,
		    &lm, &ld);
		if (clock_local_to_utc(s->timezone, ly, lm, ld, 0, 0,
		    &hi) == -1)
			hi = 0;
	}
	if (!force && (t < lo || t >= hi)) {
		dates_format_iso(s->start - SCHEDULE_ANNOUNCE_MAX_DAYS, a);
		dates_format_iso(s->start - SCHEDULE_ANNOUNCE_MIN_DAYS, b);
		*cause = xprintf("--at \"%s\": the announcement must go out 14 "
		    "to 28 days before the sprint starts, so from %s 00:00 to "
		    "%s 23:59 (%s); use --force to override", at, a, b,
		    s->timezone);
		return UTIL_REFUSED;
	}
	clock_format_utc(t, u);
	if (store_begin(st, cause) == -1)
		return -1;
	/* An announcement that went is never sent again: say when. */
	if ((rc = schedule_announce_went(st, sprint_id, s, &when,
	    cause)) != 0) {
		if (rc == 1) {
			*cause = xprintf("the announcement of %s %s: it is "
			    "not sent twice, so it cannot be scheduled again",
			    s->slug, when);
			free(when);
			store_rollback(st);
			return UTIL_REFUSED;
		}
		goto fail;
	}
	if (store_prepare(st, "UPDATE sprints SET announce_at = ?2 WHERE "
	    "id = ?1", &stmt, cause) == -1)
		goto fail;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, u);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "scheduling the announcement");
		goto fail;
	}
	/* A job skipped before may run again: it did not go. */
	if (store_prepare(st, "UPDATE jobs SET done_at = NULL, skipped = 0 "
	    "WHERE sprint_id = ?1 AND kind = 'announce' AND skipped != 0",
	    &stmt, cause) == -1)
		goto fail;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if (store_done(st, stmt, "scheduling the announcement", cause) == -1)
		goto fail;
	if (schedule_job(st, sprint_id,
	    schedule_kinds[SCHEDULE_ANNOUNCE].name, t, cause) == -1)
		goto fail;
	if (store_commit(st, cause) == -1)
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int
schedule_announce_cancel(struct store *st, int64_t sprint_id,
    const struct sprint *s, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*when = NULL;
	int		 r, n;

	if (store_begin(st, cause) == -1)
		return -1;
	if ((r = schedule_announce_went(st, sprint_id, s, &when,
	    cause)) != 0) {
		if (r == 1) {
			*cause = xprintf("the announcement of %s %s: too late "
			    "to cancel it%s", s->slug, when,
			    strstr(when, "waits") != NULL ? "; drop its mail "
			    "with sprintctl outbox drop ID" : "");
			free(when);
			store_rollback(st);
			return UTIL_REFUSED;
		}
		goto fail;
	}
	if (store_prepare(st, "DELETE FROM jobs WHERE sprint_id = ?1 AND "
	    "kind = 'announce'", &stmt, cause) == -1)
		goto fail;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if (store_done(st, stmt, "unscheduling the announcement", cause) == -1)
		goto fail;
	n = sqlite3_changes(store_db(st));
	if (store_prepare(st, "UPDATE sprints SET announce_at = NULL WHERE "
	    "id = ?1", &stmt, cause) == -1)
		goto fail;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if (store_done(st, stmt, "unscheduling the announcement", cause) == -1)
		goto fail;
	if (store_commit(st, cause) == -1)
		goto fail;
	return n > 0 ? 0 : 1;
fail:
	store_rollback(st);
	return -1;
}

void
schedule_items_free(struct schedule_item *items, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(items[i].kind);
		free(items[i].last_error);
	}
	free(items);
}

int
schedule_list(struct store *st, int64_t sprint_id,
    struct schedule_item **items, size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct schedule_item	*it;
	const char		*v;
	int			 rc;

	*items = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT kind, due_at, done_at, skipped, "
	    "attempts, last_error FROM jobs WHERE sprint_id = ?1 ORDER BY "
	    "due_at, id", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*items = xreallocarray(*items, *n + 1, sizeof **items);
		it = &(*items)[(*n)++];
		memset(it, 0, sizeof *it);
		it->kind = store_column_dup(stmt, 0);
		if ((v = (const char *)sqlite3_column_text(stmt, 1)) != NULL)
			(void)clock_parse_utc(v, &it->due);
		if ((v = (const char *)sqlite3_column_text(stmt, 2)) != NULL)
			(void)clock_parse_utc(v, &it->done);
		it->skipped = sqlite3_column_int(stmt, 3);
		it->attempts = sqlite3_column_int(stmt, 4);
		it->last_error = store_column_dup(stmt, 5);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the schedule");
		schedule_items_free(*items, *n);
		*items = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

time_t
schedule_next_due(struct store *st)
{
	time_t	 a = store_time(st, "SELECT min(due_at) FROM jobs WHERE "
	    "done_at IS NULL"), b = sync_next_due(st);

	return a == 0 || (b != 0 && b < a) ? b : a;
}

int
schedule_deadline(const struct sprint *s, const char *kind,
    time_t announce_at, time_t *out)
{
	enum schedule_kind	 k = schedule_kind_of(kind);
	time_t			 first;

	if (k == SCHEDULE_ANNOUNCE) {
		if (schedule_day_start(s, s->start, &first) == -1 ||
		    schedule_day_start(s, s->start -
		    SCHEDULE_ANNOUNCE_LATE_DAYS, out) == -1)
			return -1;
		/* The organizer chose a later time on purpose. */
		if (announce_at >= *out)
			*out = first;
		return 0;
	}
	if (k == SCHEDULE_REMIND || k == SCHEDULE_NUDGE ||
	    k == SCHEDULE_DATES_FIXED)
		return schedule_day_start(s, s->start, out);
	if (k == SCHEDULE_PREANNOUNCE)
		return schedule_day_start(s, interest_earliest(s), out);
	if (k == SCHEDULE_EVALUATE ||
	    k == SCHEDULE_EVALUATE_REMIND)
		return schedule_day_start(s, sprint_close_day(s) + 1,
		    out);
	if (k == SCHEDULE_DAILY || k == SCHEDULE_CATCHUP ||
	    k == SCHEDULE_SUMMARY) {
		day_t	 day;

		if (schedule_job_day(kind, &day) == -1)
			return -1;
		return schedule_day_start(s, day + 1, out);
	}
	return -1;
}

/* What becomes of a due job. */
enum schedule_verdict {
	SCHEDULE_RUN,
	SCHEDULE_SKIP,		/* with a reason */
	SCHEDULE_WAIT		/* until a later time */
};

/* One UTC time column of the row with that id, or 0 for NULL or none;
 * -1 with *cause on store errors. */
static int
schedule_query_time(struct store *st, const char *sql, int64_t id,
    time_t *out, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*out = 0;
	if (store_prepare(st, sql, &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL &&
	    clock_parse_utc((const char *)sqlite3_column_text(stmt, 0),
	    out) == -1)
		*out = 0;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading a job's times");
		return -1;
	}
	return 0;
}

/*
 * Decides whether the questionnaire's reminder goes now, waits or is
 * skipped: it follows the questionnaire, by SCHEDULE_EVALUATE_REMIND_GAP_DAYS
 * at least, and only one that went out.
 */
static int
schedule_verdict_evaluate_remind(struct store *st, int64_t sprint_id,
    time_t now, time_t close, const char *closed,
    enum schedule_verdict *v, char **why, time_t *until, char **cause)
{
	sqlite3_stmt	*stmt;
	time_t		 due = 0, done = 0, earliest;
	int		 rc, skipped = 0, found;

	if (store_prepare(st, "SELECT due_at, done_at, skipped FROM jobs "
	    "WHERE sprint_id = ?1 AND kind = 'evaluate'", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	rc = sqlite3_step(stmt);
	if ((found = rc == SQLITE_ROW)) {
		if (clock_parse_utc((const char *)sqlite3_column_text(stmt, 0),
		    &due) == -1)
			due = 0;
		if (sqlite3_column_type(stmt, 1) != SQLITE_NULL &&
		    clock_parse_utc((const char *)sqlite3_column_text(stmt, 1),
		    &done) == -1)
			done = 0;
		skipped = sqlite3_column_int(stmt, 2);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the questionnaire's job");
		return -1;
	}
	if (!found) {
		*v = SCHEDULE_SKIP;
		*why = xstrdup("the questionnaire is not planned");
		return 0;
	}
	if (skipped) {
		*v = SCHEDULE_SKIP;
		*why = xstrdup("the questionnaire was skipped, so there is "
		    "nothing to remind of");
		return 0;
	}
	/* Not gone out yet (late or failing): no sooner than its own due
	 * time allows. */
	earliest = (done != 0 ? done : (due > now ? due : now)) +
	    SCHEDULE_EVALUATE_REMIND_GAP_DAYS * 86400;
	if (earliest >= close) {
		*v = SCHEDULE_SKIP;
		*why = xprintf("too late: %s, and %d days after it the "
		    "evaluation has closed %s", done != 0 ? "the questionnaire "
		    "went out" : "the questionnaire has not gone out yet",
		    SCHEDULE_EVALUATE_REMIND_GAP_DAYS, closed);
		return 0;
	}
	if (done == 0 || earliest > now) {
		*v = SCHEDULE_WAIT;
		*until = earliest;
		return 0;
	}
	*v = SCHEDULE_RUN;
	return 0;
}

/*
 * Decides what becomes of a due job now (see schedule.h): 0 with *v, and
 * *why (new) for a skip or *until for a wait; -1 with *cause.
 */
static int
schedule_verdict(struct store *st, const struct sprint *s, int64_t sprint_id,
    const char *kind, time_t now, enum schedule_verdict *v, char **why,
    time_t *until, char **cause)
{
	time_t	 announce_at = 0, deadline, first;
	char	 a[11], b[11], closed[64];
	enum schedule_kind	 k = schedule_kind_of(kind);

	*v = SCHEDULE_RUN;
	/* The close destroys the links of the anonymous answers: it runs
	 * however late. */
	if (k == SCHEDULE_EVALUATION_CLOSE)
		return 0;
	if (k == SCHEDULE_ANNOUNCE && schedule_query_time(st,
	    "SELECT announce_at FROM sprints WHERE id = ?1", sprint_id,
	    &announce_at, cause) == -1)
		return -1;
	if (schedule_deadline(s, kind, announce_at, &deadline) == -1) {
		*cause = xprintf("%s: job %s: cannot compute its deadline in "
		    "time zone %s", s->slug, kind, s->timezone);
		return -1;
	}
	dates_format_iso(s->start, a);
	dates_format_iso(sprint_close_day(s), b);
	snprintf(closed, sizeof closed, "at the end of %s (%s)", b,
	    s->timezone);
	if (k == SCHEDULE_EVALUATE_REMIND) {
		if (now >= deadline) {
			*v = SCHEDULE_SKIP;
			*why = xprintf("too late: the evaluation closed %s, %d "
			    "days after the sprint's last day", closed,
			    (int)(sprint_close_day(s) - s->end));
			return 0;
		}
		return schedule_verdict_evaluate_remind(st, sprint_id, now,
		    deadline, closed, v, why, until, cause);
	}
	if (now < deadline)
		return 0;
	*v = SCHEDULE_SKIP;
	if (k == SCHEDULE_ANNOUNCE &&
	    schedule_day_start(s, s->start, &first) == 0 && deadline < first) {
		dates_format_iso(s->start - SCHEDULE_ANNOUNCE_LATE_DAYS, b);
		*why = xprintf("too late: the sprint starts on %s (%s) and an "
		    "announcement goes out before %s 00:00, %d days before",
		    a, s->timezone, b, SCHEDULE_ANNOUNCE_LATE_DAYS);
	} else if (k == SCHEDULE_EVALUATE)
		*why = xprintf("too late: the evaluation closed %s, %d days "
		    "after the sprint's last day", closed,
		    (int)(sprint_close_day(s) - s->end));
	else if (k == SCHEDULE_DAILY || k == SCHEDULE_CATCHUP ||
	    k == SCHEDULE_SUMMARY)
		*why = xprintf("too late: its day (%s) is over in %s; it "
		    "is not sent a day late", strchr(kind, ':') + 1,
		    s->timezone);
	else
		*why = xprintf("too late: the sprint starts on %s (%s) and "
		    "the %s goes out only before that day", a, s->timezone,
		    k == SCHEDULE_REMIND ? "reminder" :
		    k == SCHEDULE_NUDGE ? "nudge" : k == SCHEDULE_UNKNOWN ?
		    "announcement" : schedule_kinds[k].label);
	return 0;
}

/* Queues the mail of one job; inside the caller's transaction. */
static int
schedule_job_mail(struct store *st, struct compose *c,
    const struct sprint *s, int64_t sprint_id, const char *kind, char **cause)
{
	struct registry_reg	*regs = NULL;
	size_t			 n = 0, i;
	int			 r = -1;
	enum schedule_kind	 k = schedule_kind_of(kind);

	if (k == SCHEDULE_ANNOUNCE) {
		for (i = 0; i < s->nannounce_to; i++) {
			if (compose_announce(c, st, s, sprint_id,
			    s->announce_to[i], cause) == -1)
				return -1;
		}
		return 0;
	}
	if (k == SCHEDULE_PREANNOUNCE || k == SCHEDULE_DATES_FIXED)
		return interest_job_mail(st, c, s, sprint_id,
		    k == SCHEDULE_DATES_FIXED, cause);
	if (k == SCHEDULE_EVALUATION_CLOSE) {
		r = evaluation_close(st, c, s, sprint_id,
		    compose_config(c)->evaluation_min_answers, cause);
		goto fail;
	}
	if (k == SCHEDULE_DAILY || k == SCHEDULE_CATCHUP ||
	    k == SCHEDULE_SUMMARY) {
		day_t	 day;

		if (schedule_job_day(kind, &day) == -1) {
			*cause = xprintf("job %s: no day in its name", kind);
			return -1;
		}
		return daily_run(st, c, s, sprint_id, k == SCHEDULE_DAILY ?
		    DAILY_MAIL : k == SCHEDULE_CATCHUP ? DAILY_CATCHUP :
		    DAILY_SUMMARY, day, cause);
	}
	/* Personal mail goes to those registered; the questionnaire's
	 * reminder only to those who have not answered. */
	if (registry_list(st, sprint_id, "registered", &regs, &n, cause) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		/* The nudge: only those with a "?" still to fill in. */
		if (k == SCHEDULE_NUDGE && (regs[i].local ||
		    (regs[i].arrive != NULL && regs[i].depart != NULL &&
		    regs[i].accommodation != NULL)))
			continue;
		if (k == SCHEDULE_EVALUATE_REMIND) {
			int	 answered;

			if (evaluation_has_answered(st, sprint_id,
			    regs[i].person_id, &answered, cause) == -1)
				goto fail;
			if (answered)
				continue;
		}
		if (compose_personal(c, st, k != SCHEDULE_UNKNOWN &&
		    schedule_kinds[k].template != NULL ?
		    schedule_kinds[k].template : kind, s, sprint_id, &regs[i],
		    cause) == -1)
			goto fail;
	}
	r = 0;
fail:
	registry_regs_free(regs, n);
	return r;
}

/* Records a job that could not run; it is tried again in an hour. Outside
 * a transaction. */
static int
schedule_job_failed(struct store *st, int64_t id, const char *error)
{
	sqlite3_stmt	*stmt;
	char		 t[21];
	int		 rc;

	/* Try again in an hour; the error stays visible meanwhile. */
	clock_format_utc(clock_now() + 3600, t);
	if (sqlite3_prepare_v2(store_db(st), "UPDATE jobs SET attempts = "
	    "attempts + 1, last_error = ?2, due_at = ?3 WHERE id = ?1", -1,
	    &stmt, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, error);
	store_bind_text(stmt, 3, t);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Records the outcome of a job that ran or was skipped (why), or one that
 * waits (due); inside the caller's transaction. */
static int
schedule_job_outcome(struct store *st, int64_t id, enum schedule_verdict v,
    const char *now, const char *why, time_t due, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 t[21];

	if (v == SCHEDULE_WAIT) {
		clock_format_utc(due, t);
		if (store_prepare(st, "UPDATE jobs SET due_at = ?2 WHERE "
		    "id = ?1", &stmt, cause) == -1)
			return -1;
		store_bind_text(stmt, 2, t);
	} else {
		if (store_prepare(st, "UPDATE jobs SET done_at = ?2, skipped = "
		    "?3, last_error = CASE WHEN ?3 THEN ?4 ELSE last_error END "
		    "WHERE id = ?1", &stmt, cause) == -1)
			return -1;
		store_bind_text(stmt, 2, now);
		sqlite3_bind_int(stmt, 3, v == SCHEDULE_SKIP);
		store_bind_text(stmt, 4, why);
	}
	sqlite3_bind_int64(stmt, 1, id);
	return store_done(st, stmt, "recording a job's outcome", cause);
}

/*
 * Runs, skips or postpones one due job in one transaction. Returns 0 (a
 * job that failed is recorded for a retry), or -1 with *cause when no
 * outcome could be recorded: then the transaction is rolled back.
 */
static int
schedule_run_one(struct store *st, struct compose *c, int64_t id,
    int64_t sprint_id, const char *kind, time_t now, int *ran, char **cause)
{
	struct sprint		*s = NULL;
	enum schedule_verdict	 v = SCHEDULE_RUN;
	char			 t[21], u[21], *err = NULL, *why = NULL;
	time_t			 until = 0;
	int			 r;

	clock_format_utc(now, t);
	if (store_begin(st, cause) == -1)
		return -1;
	if ((r = registry_sprint_get_id(st, sprint_id, &s, &err)) == 1)
		err = xprintf("sprint %lld is gone", (long long)sprint_id);
	if (r != 0 || schedule_verdict(st, s, sprint_id, kind, now, &v, &why,
	    &until, &err) == -1 || (v == SCHEDULE_RUN && schedule_job_mail(st,
	    c, s, sprint_id, kind, &err) == -1)) {
		/* Nothing of a failed job is queued. */
		store_rollback(st);
		log_error("job %s of sprint %s failed: %s", kind, s != NULL ?
		    s->slug : "?", err);
		if (schedule_job_failed(st, id, err) == -1) {
			*cause = store_error(st, "recording a failed job");
			goto fail;
		}
		free(err);
		free(why);
		sprint_free(&s);
		return 0;
	}
	if (schedule_job_outcome(st, id, v, t, why, until, cause) == -1 ||
	    store_commit(st, cause) == -1)
		goto fail;
	switch (v) {
	case SCHEDULE_RUN:
		log_info("job %s of sprint %s done", kind, s->slug);
		(*ran)++;
		break;
	case SCHEDULE_SKIP:
		log_warn("job %s of sprint %s skipped: %s", kind, s->slug, why);
		break;
	case SCHEDULE_WAIT:
		clock_format_utc(until, u);
		log_info("job %s of sprint %s waits until %s", kind, s->slug,
		    u);
		break;
	}
	free(why);
	sprint_free(&s);
	return 0;
fail:
	store_rollback(st);
	free(err);
	free(why);
	sprint_free(&s);
	return -1;
}

int
schedule_run(struct store *st, struct compose *c, int *ran, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21], *kind;
	int64_t		 id, sprint_id;
	time_t		 t;
	int		 rc, r;

	*ran = 0;
	for (;;) {
		t = clock_now();
		clock_format_utc(t, now);
		if (store_prepare(st, "SELECT id, sprint_id, kind FROM jobs "
		    "WHERE done_at IS NULL AND due_at <= ?1 ORDER BY due_at, id "
		    "LIMIT 1", &stmt, cause) == -1)
			return -1;
		store_bind_text(stmt, 1, now);
		if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
			sqlite3_finalize(stmt);
			/* Then the sync meetings' jobs, by the same rules. */
			if (rc == SQLITE_DONE)
				return sync_run_jobs(st, c, ran, cause);
			*cause = store_error(st, "reading jobs");
			return -1;
		}
		id = sqlite3_column_int64(stmt, 0);
		sprint_id = sqlite3_column_int64(stmt, 1);
		kind = store_column_dup(stmt, 2);
		sqlite3_finalize(stmt);
		r = schedule_run_one(st, c, id, sprint_id, kind, t, ran, cause);
		free(kind);
		if (r == -1)
			return -1;
	}
}
