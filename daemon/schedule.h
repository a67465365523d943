/*
 * schedule.h -- the mail a sprint sends on its own: the announcement, the
 * pre-sprint reminder, the questionnaire after it and one reminder of it,
 * and the evaluation's close (evaluation.h: the summary to the organizers).
 * Each is a job row with a due time; running a job queues its mail in the
 * same transaction that marks it done, so it is never sent twice.
 */
#ifndef SPRINTD_SCHEDULE_H
#define SPRINTD_SCHEDULE_H

#include <stdint.h>
#include <time.h>

#include "sprint.h"
#include "store.h"

struct compose;

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
 * Converts a local time in time zone tz to UTC. Returns 0, or -1 when tz
 * is unknown or the time does not exist.
 */
int schedule_local_to_utc(const char *tz, int y, int mo, int d, int h,
    int mi, time_t *out);

/* (Re)plans the reminder and evaluation jobs of a sprint; jobs already
 * done stay done. Inside or outside a transaction. */
int schedule_plan(struct store *, int64_t sprint_id, const struct sprint *,
    char **cause);

/*
 * Schedules the announcement at "YYYY-MM-DD HH:MM" in the sprint's time
 * zone. Returns -2 with *cause for bad input: a malformed or nonexistent
 * time, or one that does not lie 14 to 28 days before the start (unless
 * force is set; *cause names the allowed dates); -1 on store errors.
 */
int schedule_announce(struct store *, int64_t sprint_id,
    const struct sprint *, const char *at, int force, char **cause);

/* Runs every due job. Returns 0 (with *ran), or -1 with *cause. */
int schedule_run(struct store *, struct compose *, int *ran, char **cause);

/* The time the next job falls due, or 0 when none is pending. */
time_t schedule_next_due(struct store *);

#endif
