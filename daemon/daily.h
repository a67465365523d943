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
 * daily.h -- the sprint's week: which person gets what on which day (the
 * daily mail, a late newcomer's catch-up, the technical summary's
 * request), the pairing of newcomers, the facts of those mails, the
 * replies to them (planning lines, summary answers) and the organizers'
 * view of the day. Who is there on a day comes from people.c, the one
 * day/night computation.
 */
#ifndef SPRINTD_DAILY_H
#define SPRINTD_DAILY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "dates.h"
#include "registry.h"
#include "sprint.h"
#include "store.h"

struct compose;
struct compose_orig;
struct parse_result;
struct proof;
struct render_val;
struct buf;

/* The mails of the week, each a job per day (schedule.c). */
enum daily_what {
	DAILY_MAIL,		/* the daily mail */
	DAILY_CATCHUP,		/* a late newcomer's first day */
	DAILY_SUMMARY		/* the technical summary's request */
};

/* 1 when a job of that kind is planned for day: the daily mail on every
 * sprint day but the break day (unless daily: false), the catch-up on
 * the days after the first, the summary on every sprint day. */
int daily_planned(const struct sprint *, enum daily_what, day_t day);

/*
 * 1 when the registered person reg gets that mail on day, else 0:
 *  - the daily mail: everyone there that day (people.c's stay: a "?" date
 *    is the sprint's edge, local people are there every day);
 *  - the catch-up: a newcomer whose arrival day, after the first day, is
 *    day;
 *  - the summary: an early leaver on the day before their departure (on
 *    the first day when they leave that day), and everyone there on the
 *    last day.
 * Whether it went already (catch-up and summary go once per person) is
 * the job's to check.
 */
int daily_gets(const struct sprint *, const struct registry_reg *,
    enum daily_what, day_t day);

/* A suggested pair: a newcomer there that day and who to sit with. */
struct daily_pair {
	const struct registry_reg *newcomer;
	const char	*with;		/* a name: a person, or an organizer */
	char		*shared;	/* shared topics, ", " between; or NULL
					 * when with is an organizer */
};
/*
 * Pairs each newcomer there on day (regs in registration order) with the
 * experienced person there whose Topics share the most with theirs (ties:
 * the one with fewer newcomers so far, then the earlier registration);
 * with no overlap, with the first organizer. Returns the count and
 * *out (daily_pairs_free).
 */
size_t daily_pairs(const struct sprint *, const struct registry_reg *,
    size_t n, day_t day, struct daily_pair **out);
void daily_pairs_free(struct daily_pair *, size_t);
/* "Pair: NEWCOMER with PERSON (shared topics)", new. */
char *daily_pair_line(const struct daily_pair *);

/*
 * The facts of day for the mails of the week to person `to' (NULL for
 * the organizers' view) into root: compose.c's "daily" group. 0, or -1
 * with *cause.
 */
int daily_facts(struct store *, const struct sprint *, int64_t sprint_id,
    day_t day, const struct registry_reg *regs, size_t n,
    const struct registry_reg *to, struct render_val *root, char **cause);

/*
 * The job of kind what for day: queues its mail to each person who gets
 * it (inside the caller's transaction). 0, or -1 with *cause.
 */
int daily_run(struct store *, struct compose *, const struct sprint *,
    int64_t sprint_id, enum daily_what, day_t day, char **cause);

/* The mail of kind what for day to `to' (whatever its dates), as the
 * job would queue it: the golden tests' way in. 0, or -1 with *cause. */
int daily_compose(struct store *, struct compose *, const struct sprint *,
    int64_t sprint_id, enum daily_what, day_t day,
    const struct registry_reg *to, char **cause);

/*
 * A reply with planning lines (New:, Join:, Done: N) or summary answers
 * (Done:, Next:), inside ingest's transaction. Applied only for a
 * registered attendee whose message proves its sender (pf, proof.c's
 * verdict); otherwise kept with a note saying why, and not applied
 * (what else the message is, an invalid registration or one in prose,
 * is then left to ingest: 0). A message read again adds its New: tasks
 * once.
 * The person is answered (kind "planned") with what was done and what
 * could not be read, when may_reply. Returns 0 when the message holds
 * no such line (ingest goes on), 1 when it was handled (*changed set when
 * the planning changed), -1 with *cause.
 */
int daily_reply(struct store *, struct compose *, const struct sprint *,
    int64_t sprint_id, int64_t msg_id, const struct parse_result *,
    const struct proof *pf, const struct compose_orig *, int may_reply,
    int *changed, char **cause);

/*
 * The organizers' view of day in the digest: today's arrivals and
 * departures, and each late newcomer's catch-up (the same facts as their
 * mail), as lists "today_arrivals", "today_departures", "catchups";
 * *changes grows by what there is. Only on sprint days. 0, or -1.
 */
int daily_digest_facts(struct store *, const struct sprint *,
    int64_t sprint_id, time_t now, struct render_val *root, int *changes,
    char **cause);

/*
 * The sprint report's "What we did" (the DONE tasks, then each answer's
 * Done: with its name) and "Until the next sprint" (each Next: with its
 * name) as reST list items into did and next (nothing when there is
 * none). 0, or -1 with *cause.
 */
int daily_report(struct store *, int64_t sprint_id, struct buf *did,
    struct buf *next, char **cause);

/* The sprint's local day at time t. */
day_t daily_today(const struct sprint *, time_t t);

#endif
