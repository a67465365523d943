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
 * schedule.h -- the mail a sprint sends on its own: the announcement, the
 * pre-sprint reminder, the questionnaire after it and one reminder of it,
 * and the evaluation's close (evaluation.h: the summary to the organizers).
 * Each is a job row with a due time; running a job queues its mail in the
 * same transaction that marks it done, so it is never sent twice.
 */
#ifndef SPRINTD_SCHEDULE_H
#define SPRINTD_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sprint.h"
#include "store.h"

struct compose;

/* The kinds of job, in the order of a sprint. */
enum schedule_kind {
	SCHEDULE_UNKNOWN = -1,	/* none of these (not in the table) */
	SCHEDULE_ANNOUNCE,
	SCHEDULE_NUDGE,
	SCHEDULE_REMIND,
	SCHEDULE_EVALUATE,
	SCHEDULE_EVALUATE_REMIND,
	SCHEDULE_EVALUATION_CLOSE,
	SCHEDULE_PREANNOUNCE,
	SCHEDULE_DATES_FIXED,
	SCHEDULE_SYNC_INVITE,		/* sync meetings (sync.c) */
	SCHEDULE_SYNC_DIGEST,
	SCHEDULE_SYNC_CANCEL,
	SCHEDULE_DAILY,		/* per day: stored as "daily:YYYY-MM-DD" */
	SCHEDULE_CATCHUP,	/* per day: "catchup:YYYY-MM-DD" */
	SCHEDULE_SUMMARY	/* per day: "summary:YYYY-MM-DD" */
};
/* One row per kind, indexed by it: the name the jobs table stores, what
 * sprint show calls it, the template of its mail (NULL: none of its own). */
struct schedule_kind_info {
	enum schedule_kind	 kind;
	const char		*name;
	const char		*label;
	const char		*template;
};
extern const struct schedule_kind_info schedule_kinds[];
/* The kind stored as name: 0, or -1 for none. A kind of the sprint's
 * week is one job per day, its name the kind's, ':' and the ISO day. */
int schedule_kind_parse(const char *name, enum schedule_kind *);
/* What sprint show calls a job stored as name; name itself when unknown. */
const char *schedule_kind_label(const char *name);

/* Days before the start and after the end at which the jobs fall due,
 * at SCHEDULE_HOUR local time in the sprint's time zone. */
#define SCHEDULE_REMIND_DAYS		7
#define SCHEDULE_EVALUATE_DAYS		1
#define SCHEDULE_EVALUATE_REMIND_DAYS	8
#define SCHEDULE_HOUR			9
/* The announcement must lie this many days before the start. */
#define SCHEDULE_ANNOUNCE_MIN_DAYS	14
#define SCHEDULE_ANNOUNCE_MAX_DAYS	28

/*
 * A job runs late (the daemon was down, or it kept failing) only while it
 * still makes sense. At or after its deadline it is not run: it is marked
 * done with skipped = 1 and the reason in last_error, once, and a warning
 * names the sprint, the job and the reason. A skipped job never sends
 * mail and never runs again. The deadlines, in the sprint's time zone:
 *
 *   announce         00:00 on the day SCHEDULE_ANNOUNCE_LATE_DAYS before
 *                    the first day (start 2027-03-15: before 2027-03-13
 *                    00:00), so people have two whole days to plan; when
 *                    the organizer set a later time (--force), 00:00 on
 *                    the first day.
 *   remind           00:00 on the first day: the reminder says "starts on".
 *   evaluate         the close of the evaluation: 00:00 on the day after
 *                    the evaluation_days-th day after the last day
 *                    (last day 2027-01-14: answers through 2027-01-28).
 *   evaluate-remind  the same close, and only once the questionnaire went
 *                    out (not skipped), no sooner than
 *                    SCHEDULE_EVALUATE_REMIND_GAP_DAYS after it. Until then
 *                    it waits (its due time moves, nothing is recorded as
 *                    an error); when the earliest time it could go is not
 *                    before the close, or the questionnaire was skipped or
 *                    is not planned, it is skipped.
 */
#define SCHEDULE_ANNOUNCE_LATE_DAYS	2
/*
 *   daily, catchup, summary (one job per sprint day, at the sprint's
 *                    daily_hour): 00:00 on the next day. The mail says
 *                    "today": a day late it would be wrong, so it is
 *                    skipped and the next day's job goes as planned.
 */
#define SCHEDULE_EVALUATE_REMIND_GAP_DAYS	3

/* (Re)plans the reminder and evaluation jobs of a sprint; jobs already
 * done stay done. Inside or outside a transaction. */
int schedule_plan(struct store *, int64_t sprint_id, const struct sprint *,
    char **cause);

/*
 * Schedules the announcement at "YYYY-MM-DD HH:MM" in the sprint's time
 * zone. Returns UTIL_REFUSED with *cause for bad input: a malformed or
 * nonexistent time, one that does not lie 14 to 28 days before the start
 * (unless force is set; *cause names the allowed dates), or an
 * announcement that went already (*cause says when); -1 on store errors.
 * A skipped announcement is scheduled anew.
 */
int schedule_announce(struct store *, int64_t sprint_id,
    const struct sprint *, const char *at, int force, char **cause);
/*
 * Unschedules the announcement (sprintctl announce --cancel). Returns 0,
 * 1 when none was scheduled, UTIL_REFUSED with *cause when it went
 * already (or was queued), -1 with *cause.
 */
int schedule_announce_cancel(struct store *, int64_t sprint_id,
    const struct sprint *, char **cause);

/* Inserts a job, or moves one that has not run yet, to due (UTC); inside
 * or outside a transaction. 0, or -1 with *cause. */
int schedule_add_job(struct store *, int64_t sprint_id, const char *kind,
    time_t due, char **cause);

/* One job of a sprint, as sprintctl sprint show lists it. */
struct schedule_item {
	char	*kind;		/* announce, remind, evaluate, ... */
	time_t	 due;		/* UTC */
	time_t	 done;		/* UTC, or 0 when not done */
	int	 skipped;	/* done without its mail; last_error says why */
	int	 attempts;	/* failed runs so far */
	char	*last_error;	/* or NULL */
};
/* Lists the jobs of a sprint by due time: 0 with *items (free with
 * schedule_items_free) and *n, or -1 with *cause. */
int schedule_list(struct store *, int64_t sprint_id,
    struct schedule_item **items, size_t *n, char **cause);
void schedule_items_free(struct schedule_item *, size_t);

/*
 * The time at and after which a job of that kind ("announce", "remind",
 * "evaluate", "evaluate-remind") no longer makes sense, as described
 * above; announce_at is the organizer's time for the announcement, or 0.
 * Returns 0, or -1 for an unknown kind or time zone.
 */
int schedule_deadline(const struct sprint *, const char *kind,
    time_t announce_at, time_t *out);

/*
 * Runs every due job: each is run, skipped or made to wait, and the
 * outcome recorded in the transaction that queues its mail. *ran counts
 * the jobs that ran, not those skipped. Returns 0, or -1 with *cause when
 * an outcome could not be recorded: then nothing of that job is queued,
 * it stays due, and nothing more is tried.
 */
int schedule_run(struct store *, struct compose *, int *ran, char **cause);

/* The time the next job falls due, or 0 when none is pending. */
time_t schedule_next_due(struct store *);

#endif
