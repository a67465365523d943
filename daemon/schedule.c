/* schedule.c -- jobs that fall due: announce, remind, evaluate. */
#include "config-auto.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "evaluation.h"
#include "log.h"
#include "registry.h"
#include "schedule.h"
#include "util.h"

/* The C library reads a zone it cannot find as UTC, silently: look for
 * its file first, as sprint.c checks it. */
static int
schedule_zone_known(const char *tz)
{
	const char	*dir = getenv("TZDIR");
	struct stat	 sb;
	char		*path;
	int		 ok;

	if (*tz == '\0' || *tz == '/' || strstr(tz, "..") != NULL)
		return 0;
	path = xprintf("%s/%s", dir != NULL ? dir : "/usr/share/zoneinfo", tz);
	ok = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
	free(path);
	return ok;
}

int
schedule_local_to_utc(const char *tz, int y, int mo, int d, int h, int mi,
    time_t *out)
{
	struct tm	 tm, back;
	char		*old, *spec;
	time_t		 t;
	int		 ok;

	if (!schedule_zone_known(tz))
		return -1;
	old = getenv("TZ") ? xstrdup(getenv("TZ")) : NULL;
	spec = xprintf(":%s", tz);
	setenv("TZ", spec, 1);
	tzset();
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	/* mktime normalizes a time in a DST gap; such a time does not
	 * exist, so refuse it rather than move it. */
	ok = t != (time_t)-1 && localtime_r(&t, &back) != NULL &&
	    back.tm_hour == h && back.tm_min == mi && back.tm_mday == d;
	if (old != NULL)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	free(spec);
	if (!ok)
		return -1;
	*out = t;
	return 0;
}

static int
schedule_day_at(const struct sprint *s, day_t day, time_t *out)
{
	int	 y, m, d;

	dates_to_ymd(day, &y, &m, &d);
	return schedule_local_to_utc(s->timezone, y, m, d, SCHEDULE_HOUR, 0,
	    out);
}

/* Inserts or moves a job that has not run yet. */
static int
schedule_job(struct store *st, int64_t sprint_id, const char *kind, time_t due,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 t[21];

	util_format_utc(due, t);
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

	if (evaluation_close_time(s, &due) == -1) {
		*cause = xprintf("%s: cannot compute times in time zone %s",
		    s->slug, s->timezone);
		return -1;
	}
	return schedule_job(st, sprint_id, "evaluation-close", due, cause);
}

int
schedule_plan(struct store *st, int64_t sprint_id, const struct sprint *s,
    char **cause)
{
	static const struct {
		const char	*kind;
		int		 from_end;
		int		 days;
	} plan[] = {
		{ "remind", 0, -SCHEDULE_REMIND_DAYS },
		{ "evaluate", 1, SCHEDULE_EVALUATE_DAYS },
		{ "evaluate-remind", 1, SCHEDULE_EVALUATE_REMIND_DAYS },
	};
	size_t	 i;
	time_t	 due;

	for (i = 0; i < nitems(plan); i++) {
		day_t	 day = (plan[i].from_end ? s->end : s->start) +
		    plan[i].days;

		if (schedule_day_at(s, day, &due) == -1) {
			*cause = xprintf("%s: cannot compute times in time "
			    "zone %s", s->slug, s->timezone);
			return -1;
		}
		if (schedule_job(st, sprint_id, plan[i].kind, due, cause) == -1)
			return -1;
	}
	return schedule_plan_close(st, sprint_id, s, cause);
}

int
schedule_announce(struct store *st, int64_t sprint_id, const struct sprint *s,
    const char *at, int force, char **cause)
{
	sqlite3_stmt	*stmt;
	time_t		 t, lo, hi;
	char		 a[11], b[11], u[21];
	int		 y, mo, d, h, mi, n = 0, rc;

	if (sscanf(at, "%4d-%2d-%2d %2d:%2d%n", &y, &mo, &d, &h, &mi,
	    &n) != 5 || at[n] != '\0' || !dates_valid_ymd(y, mo, d) ||
	    h > 23 || mi > 59 || h < 0 || mi < 0) {
		*cause = xprintf("--at \"%s\": expected \"YYYY-MM-DD HH:MM\" "
		    "(a real date and time, in %s)", at, s->timezone);
		return -2;
	}
	if (schedule_local_to_utc(s->timezone, y, mo, d, h, mi, &t) == -1) {
		*cause = xprintf("--at \"%s\": that time does not exist in %s",
		    at, s->timezone);
		return -2;
	}
	/* Allowed: any time on the days from 28 to 14 days before start. */
	{
		int	 ly, lm, ld;

		dates_to_ymd(s->start - SCHEDULE_ANNOUNCE_MAX_DAYS, &ly, &lm,
		    &ld);
		if (schedule_local_to_utc(s->timezone, ly, lm, ld, 0, 0,
		    &lo) == -1)
			lo = 0;
		dates_to_ymd(s->start - SCHEDULE_ANNOUNCE_MIN_DAYS + 1, &ly,
		    &lm, &ld);
		if (schedule_local_to_utc(s->timezone, ly, lm, ld, 0, 0,
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
		return -2;
	}
	util_format_utc(t, u);
	if (store_begin(st, cause) == -1)
		return -1;
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
	if (schedule_job(st, sprint_id, "announce", t, cause) == -1)
		goto fail;
	if (store_commit(st, cause) == -1)
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

time_t
schedule_next_due(struct store *st)
{
	return store_time(st, "SELECT min(due_at) FROM jobs WHERE done_at IS "
	    "NULL");
}

/* Queues the mail of one job; inside the caller's transaction. */
static int
schedule_job_mail(struct store *st, struct compose *c, int64_t sprint_id,
    const char *kind, char **cause)
{
	struct registry_reg	*regs = NULL;
	struct sprint		*s = NULL;
	size_t			 n = 0, i;
	int			 r = -1;

	if ((r = registry_sprint_get_id(st, sprint_id, &s, cause)) != 0) {
		if (r == 1)
			*cause = xprintf("sprint %lld is gone",
			    (long long)sprint_id);
		return -1;
	}
	r = -1;
	if (strcmp(kind, "announce") == 0) {
		for (i = 0; i < s->nannounce_to; i++) {
			if (compose_announce(c, st, s, sprint_id,
			    s->announce_to[i], cause) == -1)
				goto fail;
		}
		r = 0;
		goto fail;
	}
	if (strcmp(kind, "evaluation-close") == 0) {
		r = evaluation_close(st, c, s, sprint_id,
		    compose_config(c)->evaluation_min_answers, cause);
		goto fail;
	}
	/* Personal mail goes to those registered; the questionnaire's
	 * reminder only to those who have not answered. */
	if (registry_list(st, sprint_id, "registered", &regs, &n, cause) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		if (strcmp(kind, "evaluate-remind") == 0) {
			int	 answered;

			if (evaluation_has_answered(st, sprint_id,
			    regs[i].person_id, &answered, cause) == -1)
				goto fail;
			if (answered)
				continue;
		}
		if (compose_personal(c, st, kind, s, sprint_id, &regs[i],
		    cause) == -1)
			goto fail;
	}
	r = 0;
fail:
	registry_regs_free(regs, n);
	sprint_free(&s);
	return r;
}

static int
schedule_job_failed(struct store *st, int64_t id, const char *error)
{
	sqlite3_stmt	*stmt;
	char		 t[21];
	int		 rc;

	/* Try again in an hour; the error stays visible meanwhile. */
	util_format_utc(util_now() + 3600, t);
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

int
schedule_run(struct store *st, struct compose *c, int *ran, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21], *kind, *err;
	int64_t		 id, sprint_id;
	int		 rc;

	*ran = 0;
	for (;;) {
		util_format_utc(util_now(), now);
		if (store_prepare(st, "SELECT id, sprint_id, kind FROM jobs "
		    "WHERE done_at IS NULL AND due_at <= ?1 ORDER BY due_at, id "
		    "LIMIT 1", &stmt, cause) == -1)
			return -1;
		store_bind_text(stmt, 1, now);
		if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
			sqlite3_finalize(stmt);
			if (rc == SQLITE_DONE)
				return 0;
			*cause = store_error(st, "reading jobs");
			return -1;
		}
		id = sqlite3_column_int64(stmt, 0);
		sprint_id = sqlite3_column_int64(stmt, 1);
		kind = store_column_dup(stmt, 2);
		sqlite3_finalize(stmt);

		if (store_begin(st, cause) == -1) {
			free(kind);
			return -1;
		}
		err = NULL;
		if (schedule_job_mail(st, c, sprint_id, kind, &err) == 0) {
			if (store_prepare(st, "UPDATE jobs SET done_at = ?2 "
			    "WHERE id = ?1", &stmt, cause) == -1)
				goto fail;
			sqlite3_bind_int64(stmt, 1, id);
			store_bind_text(stmt, 2, now);
			rc = sqlite3_step(stmt);
			sqlite3_finalize(stmt);
			if (rc != SQLITE_DONE) {
				*cause = store_error(st, "finishing a job");
				goto fail;
			}
			if (store_commit(st, cause) == -1)
				goto fail;
			log_info("job %s of sprint %lld done", kind,
			    (long long)sprint_id);
			(*ran)++;
		} else {
			/* Nothing of a failed job is queued. */
			store_rollback(st);
			log_error("job %s of sprint %lld failed: %s", kind,
			    (long long)sprint_id, err);
			if (schedule_job_failed(st, id, err) == -1) {
				*cause = store_error(st, "recording a failed "
				    "job");
				free(err);
				free(kind);
				return -1;
			}
			free(err);
		}
		free(kind);
	}
fail:
	store_rollback(st);
	free(kind);
	return -1;
}
