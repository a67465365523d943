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

/* test_schedule.c -- local time to UTC, the announcement window, the
 * planned jobs and their due times, running due jobs exactly once, late
 * jobs run or skipped by their deadlines, a store that cannot commit; an
 * announcement that went is never rescheduled; cancel; the job list. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "compose.h"
#include "config.h"
#include "ctl.h"
#include "evaluation.h"
#include "parse.h"
#include "registry.h"
#include "schedule.h"
#include "store.h"
#include "util.h"
#include "testlib.h"

/* The jobs of the sprint's week (one per kind and day), and a condition
 * that leaves them out. */
#define WEEK_JOBS	19
#define NOT_WEEK	"instr(kind, ':') = 0"


struct fixture {
	char		*db;
	struct store	*st;
	struct sprint	*s;
	int64_t		 sprint_id;
	struct config	 cfg;
	struct compose	*c;
};

static int
setup(void **state)
{
	struct fixture	*f = xcalloc(1, sizeof *f);
	char		*cause = NULL;

	setenv("SPRINTD_NOW", "2026-12-01T10:00:00Z", 1);
	testlib_store_sprint(testlib_sprint_file("tests/data/sprints/good.yaml"),
	    1, &f->st, &f->s, &f->sprint_id, &f->db);
	/* The nudge and the evaluation's close have their own tests (they
	 * plan them again). */
	if (store_exec(f->st, "DELETE FROM jobs WHERE kind IN ('nudge', "
	    "'evaluation-close')", &cause) != 0)
		fail_msg("%s", cause);
	f->c = testlib_compose(&f->cfg);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	compose_free(&f->c);
	sprint_free(&f->s);
	store_close(&f->st);
	free(f->db);
	free(f);
	unsetenv("SPRINTD_NOW");
	return 0;
}

static void
assert_utc(time_t t, const char *expect)
{
	char	 buf[21];

	clock_format_utc(t, buf);
	assert_string_equal(buf, expect);
}

static void
test_local_to_utc(void **state)
{
	time_t	 t = 0;

	(void)state;
	setenv("TZ", "UTC", 1);
	/* Winter in Zurich: UTC+1; summer: UTC+2; New York winter: UTC-5. */
	assert_int_equal(clock_local_to_utc("Europe/Zurich", 2027, 1, 8, 9,
	    0, &t), 0);
	assert_utc(t, "2027-01-08T08:00:00Z");
	assert_int_equal(clock_local_to_utc("Europe/Zurich", 2027, 7, 1, 9,
	    30, &t), 0);
	assert_utc(t, "2027-07-01T07:30:00Z");
	assert_int_equal(clock_local_to_utc("America/New_York", 2027, 1, 8,
	    9, 0, &t), 0);
	assert_utc(t, "2027-01-08T14:00:00Z");
	/* Across midnight backwards. */
	assert_int_equal(clock_local_to_utc("Europe/Zurich", 2027, 1, 1, 0,
	    30, &t), 0);
	assert_utc(t, "2026-12-31T23:30:00Z");
	/* 02:30 on the day clocks go forward does not exist. */
	assert_int_equal(clock_local_to_utc("Europe/Zurich", 2027, 3, 28, 2,
	    30, &t), -1);
	/* The caller's TZ is left as it was. */
	assert_string_equal(getenv("TZ"), "UTC");
	unsetenv("TZ");
	assert_int_equal(clock_local_to_utc("Europe/Zurich", 2027, 1, 8, 9,
	    0, &t), 0);
	assert_null(getenv("TZ"));
}

static void
test_local_to_utc_unknown_zone(void **state)
{
	time_t	 t = 0;

	(void)state;
	/* glibc reads an unknown zone as UTC; the contract says -1. */
	assert_int_equal(clock_local_to_utc("Nowhere/Atlantis", 2027, 1, 8,
	    9, 0, &t), -1);
	assert_int_equal(clock_local_to_utc("", 2027, 1, 8, 9, 0, &t), -1);
}

static void
test_announce_window(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, *v;
	const char	*bad[] = { "2026-12-10 23:59", "2026-12-26 00:00",
	    "2026-12-01 12:00", "2027-01-07 09:00" };
	size_t		 i;

	/* Start 2027-01-08: from 2026-12-11 00:00 to 2026-12-25 23:59. */
	for (i = 0; i < nitems(bad); i++) {
		assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
		    bad[i], 0, &cause), UTIL_REFUSED);
		assert_non_null(strstr(cause, "2026-12-11"));
		assert_non_null(strstr(cause, "2026-12-25"));
		assert_non_null(strstr(cause, "--force"));
		free(cause);
		cause = NULL;
	}
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs WHERE "
	    "kind = 'announce'"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM sprints WHERE "
	    "announce_at IS NOT NULL"), 0);

	/* Malformed or nonexistent times. */
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-12-15", 0, &cause), UTIL_REFUSED);
	free(cause);
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-12-15 24:00", 1, &cause), UTIL_REFUSED);
	free(cause);
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-02-30 10:00", 1, &cause), UTIL_REFUSED);
	free(cause);
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-12-15 10:00x", 1, &cause), UTIL_REFUSED);
	free(cause);
	cause = NULL;

	/* The edges are inside; the time is local (UTC+1 in winter). */
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-12-11 00:00", 0, &cause), 0);
	v = testlib_query_text(f->st, "SELECT announce_at FROM sprints");
	assert_string_equal(v, "2026-12-10T23:00:00Z");
	free(v);
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-12-25 23:59", 0, &cause), 0);
	v = testlib_query_text(f->st, "SELECT announce_at FROM sprints");
	assert_string_equal(v, "2026-12-25T22:59:00Z");
	free(v);
	v = testlib_query_text(f->st, "SELECT due_at FROM jobs WHERE kind = "
	    "'announce'");
	assert_string_equal(v, "2026-12-25T22:59:00Z");
	free(v);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs WHERE "
	    "kind = 'announce'"), 1);

	/* --force takes any real time. */
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2027-01-02 10:00", 1, &cause), 0);
	v = testlib_query_text(f->st, "SELECT due_at FROM jobs WHERE kind = "
	    "'announce'");
	assert_string_equal(v, "2027-01-02T09:00:00Z");
	free(v);
}

static void
test_plan(void **state)
{
	struct fixture	*f = *state;
	char		*v, *cause = NULL;
	int		 ran;

	/* start 2027-01-08, end 2027-01-14, 09:00 Zurich = 08:00 UTC. */
	assert_int_equal(schedule_plan(f->st, f->sprint_id, f->s, &cause), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs "
	    "WHERE " NOT_WEEK), 5);
	/* And the week's: 6 daily mails (not on the break day), 6
	 * catch-ups (not on the first day), 7 summary requests. */
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs "
	    "WHERE NOT " NOT_WEEK), WEEK_JOBS);
	v = testlib_query_text(f->st, "SELECT due_at FROM jobs WHERE kind = 'nudge'");
	assert_string_equal(v, "2026-12-29T08:00:00Z");
	free(v);
	v = testlib_query_text(f->st, "SELECT due_at FROM jobs WHERE kind = 'remind'");
	assert_string_equal(v, "2027-01-01T08:00:00Z");
	free(v);
	v = testlib_query_text(f->st, "SELECT due_at FROM jobs WHERE kind = "
	    "'evaluate'");
	assert_string_equal(v, "2027-01-15T08:00:00Z");
	free(v);
	v = testlib_query_text(f->st, "SELECT due_at FROM jobs WHERE kind = "
	    "'evaluate-remind'");
	assert_string_equal(v, "2027-01-22T08:00:00Z");
	free(v);
	/* The evaluation closes evaluation_days (default 14) after the end. */
	v = testlib_query_text(f->st, "SELECT due_at FROM jobs WHERE kind = "
	    "'evaluation-close'");
	assert_string_equal(v, "2027-01-28T08:00:00Z");
	free(v);
	assert_utc(schedule_next_due(f->st), "2026-12-29T08:00:00Z");

	/* Planning again changes nothing; a moved sprint moves the jobs
	 * that have not run, and only those. */
	assert_int_equal(schedule_plan(f->st, f->sprint_id, f->s, &cause), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs"),
	    5 + WEEK_JOBS);
	assert_int_equal(store_exec(f->st, "DELETE FROM jobs WHERE kind IN "
	    "('nudge', 'evaluation-close')", &cause), 0);
	setenv("SPRINTD_NOW", "2027-01-01T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	/* Next: the first day's mail of the week. */
	assert_utc(schedule_next_due(f->st), "2027-01-08T08:00:00Z");
	f->s->start += 7;
	f->s->end += 7;
	assert_int_equal(schedule_plan(f->st, f->sprint_id, f->s, &cause), 0);
	v = testlib_query_text(f->st, "SELECT due_at || ' ' || done_at FROM jobs "
	    "WHERE kind = 'remind'");
	assert_string_equal(v, "2027-01-01T08:00:00Z 2027-01-01T08:00:00Z");
	free(v);
	v = testlib_query_text(f->st, "SELECT due_at FROM jobs WHERE kind = "
	    "'evaluate'");
	assert_string_equal(v, "2027-01-22T08:00:00Z");
	free(v);
	/* The nudge, planned again, moved with the start. */
	assert_utc(schedule_next_due(f->st), "2027-01-05T08:00:00Z");
}

/* Plans again, as sprint add does, without the jobs that have their own
 * tests (the nudge, the evaluation's close). */
static void
replan(struct fixture *f)
{
	char	*cause = NULL;

	if (schedule_plan(f->st, f->sprint_id, f->s, &cause) != 0 ||
	    store_exec(f->st, "DELETE FROM jobs WHERE kind IN ('nudge', "
	    "'evaluation-close') AND done_at IS NULL", &cause) != 0)
		fail_msg("%s", cause);
}

static int64_t
add_reg(struct fixture *f, const char *email, const char *name, int cap)
{
	struct parse_result	 res;
	struct registry_reg	 reg;
	enum registry_change	 change;
	int64_t			 p;
	char			*cause = NULL;

	memset(&res, 0, sizeof res);
	res.kind = PARSE_REGISTRATION;
	res.from = (char *)email;
	res.name = (char *)name;
	res.arrive_state = res.depart_state = DATES_UNKNOWN;
	res.newcomer = res.funding = PARSE_NULL;
	res.given = PARSE_HAS_ALL;
	if (registry_person(f->st, email, name, &p, &cause) != 0 ||
	    registry_register(f->st, f->sprint_id, cap, p, 0, &res, &change,
	    &reg, &cause) != 0)
		fail_msg("%s", cause);
	registry_reg_clear(&reg);
	return p;
}

static int
outbox_rows(struct fixture *f, const char *kind, const char *to)
{
	sqlite3_stmt	*stmt;
	int		 n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT count(*) "
	    "FROM outbox WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR "
	    "recipient = ?2)", -1, &stmt, NULL), SQLITE_OK);
	store_bind_text(stmt, 1, kind);
	store_bind_text(stmt, 2, to);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

static void
test_run(void **state)
{
	struct fixture		*f = *state;
	struct parse_result	 res;
	struct parse_answer	 ans;
	char			*cause = NULL;
	int64_t			 pa;
	int			 ran = -1, stored;

	pa = add_reg(f, "anna@example.org", "Anna", 2);
	add_reg(f, "bob@example.org", "Bob", 2);
	add_reg(f, "carl@example.org", "Carl", 2);	/* waiting */
	/* The evaluation's close is part of this life; the nudge has its
	 * own test. */
	assert_int_equal(schedule_plan(f->st, f->sprint_id, f->s, &cause), 0);
	assert_int_equal(store_exec(f->st, "DELETE FROM jobs WHERE kind = "
	    "'nudge'", &cause), 0);

	/* Nothing due yet. */
	setenv("SPRINTD_NOW", "2027-01-01T07:59:59Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(outbox_rows(f, NULL, NULL), 0);

	/* The reminder: to those registered, not the waiting list. */
	setenv("SPRINTD_NOW", "2027-01-01T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(outbox_rows(f, "remind", NULL), 2);
	assert_int_equal(outbox_rows(f, "remind", "anna@example.org"), 1);
	assert_int_equal(outbox_rows(f, "remind", "bob@example.org"), 1);
	assert_int_equal(outbox_rows(f, NULL, "carl@example.org"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs WHERE "
	    "kind = 'remind' AND done_at = '2027-01-01T08:00:00Z'"), 1);
	/* Once only. */
	setenv("SPRINTD_NOW", "2027-01-02T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(outbox_rows(f, NULL, NULL), 2);

	setenv("SPRINTD_NOW", "2027-01-15T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(outbox_rows(f, "evaluate", NULL), 2);
	assert_int_equal(outbox_rows(f, NULL, NULL), 4);

	/* Anna answers; the reminder goes to Bob only. */
	memset(&res, 0, sizeof res);
	memset(&ans, 0, sizeof ans);
	res.kind = PARSE_EVALUATION;
	ans.id = "overall";
	ans.is_rating = 1;
	ans.rating = 5;
	res.answers = &ans;
	res.nanswers = 1;
	assert_int_equal(evaluation_record(f->st, f->sprint_id, pa,
	    "anna@example.org", 0, &res, &stored, &cause), 0);
	assert_true(stored);
	setenv("SPRINTD_NOW", "2027-01-22T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(outbox_rows(f, "evaluate-remind", NULL), 1);
	assert_int_equal(outbox_rows(f, "evaluate-remind", "bob@example.org"),
	    1);
	/* The close: one summary to the organizer, once. */
	assert_utc(schedule_next_due(f->st), "2027-01-28T08:00:00Z");
	setenv("SPRINTD_NOW", "2027-01-28T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(outbox_rows(f, "evaluation-summary",
	    "arigo@example.org"), 1);
	assert_int_equal(schedule_next_due(f->st), 0);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(outbox_rows(f, NULL, NULL), 6);
}

static void
test_run_all_late(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, *v;
	int		 ran = -1;

	add_reg(f, "anna@example.org", "Anna", 15);
	assert_int_equal(store_exec(f->st, "DELETE FROM jobs WHERE kind = "
	    "'nudge'", &cause), 0);
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-12-15 10:00", 0, &cause), 0);
	/* Just before the announcement: nothing. */
	setenv("SPRINTD_NOW", "2026-12-15T08:59:59Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	/* The announcement goes to every list of the sprint. */
	setenv("SPRINTD_NOW", "2026-12-15T09:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(outbox_rows(f, "announce", NULL), 2);
	assert_int_equal(outbox_rows(f, "announce", "pypy-dev@python.org"), 1);
	assert_int_equal(outbox_rows(f, "announce", "pypy-sprint@python.org"),
	    1);
	/* A daemon that was down until long after the sprint (and the
	 * evaluation's close) sends none of what fell due meanwhile: every
	 * job is skipped, once, with its reason. */
	setenv("SPRINTD_NOW", "2027-03-01T00:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(outbox_rows(f, NULL, NULL), 2);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs "
	    "WHERE skipped = 1 AND done_at = '2027-03-01T00:00:00Z'"),
	    3 + WEEK_JOBS);
	v = testlib_query_text(f->st, "SELECT last_error FROM jobs WHERE "
	    "kind = 'remind'");
	assert_non_null(strstr(v, "starts on 2027-01-08"));
	free(v);
	v = testlib_query_text(f->st, "SELECT last_error FROM jobs WHERE "
	    "kind = 'evaluate'");
	assert_non_null(strstr(v, "closed at the end of 2027-01-28"));
	free(v);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(outbox_rows(f, NULL, NULL), 2);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs WHERE "
	    "done_at IS NULL"), 0);
	assert_int_equal(schedule_next_due(f->st), 0);
}

/*
 * Down from before the reminder until after the sprint, but back while
 * the evaluation is open: no "starts on" mail after the start; the
 * questionnaire goes out late, and its reminder no sooner than
 * SCHEDULE_EVALUATE_REMIND_GAP_DAYS after it.
 */
static void
test_run_back_after_sprint(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, *v;
	int		 ran = -1;

	add_reg(f, "anna@example.org", "Anna", 15);
	add_reg(f, "bob@example.org", "Bob", 15);
	setenv("SPRINTD_NOW", "2027-01-20T10:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(outbox_rows(f, "remind", NULL), 0);
	assert_int_equal(outbox_rows(f, "evaluate", NULL), 2);
	v = testlib_query_text(f->st, "SELECT done_at || ' ' || skipped || "
	    "' ' || last_error FROM jobs WHERE kind = 'remind'");
	assert_string_equal(v, "2027-01-20T10:00:00Z 1 too late: the sprint "
	    "starts on 2027-01-08 (Europe/Zurich) and the reminder goes out "
	    "only before that day");
	free(v);
	/* The reminder's own time has come, but the questionnaire went out
	 * two days ago: it waits, and nothing is recorded as an error. */
	setenv("SPRINTD_NOW", "2027-01-22T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(outbox_rows(f, "evaluate-remind", NULL), 0);
	assert_utc(schedule_next_due(f->st), "2027-01-23T10:00:00Z");
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs "
	    "WHERE kind = 'evaluate-remind' AND done_at IS NULL AND "
	    "last_error IS NULL AND attempts = 0"), 1);
	setenv("SPRINTD_NOW", "2027-01-23T09:59:59Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	setenv("SPRINTD_NOW", "2027-01-23T10:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(outbox_rows(f, "evaluate-remind", NULL), 2);
	/* Re-reading the sprint file does not bring the reminder back. */
	replan(f);
	setenv("SPRINTD_NOW", "2027-06-01T00:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(outbox_rows(f, "remind", NULL), 0);
	assert_int_equal(outbox_rows(f, NULL, NULL), 4);
}

static void
test_deadline(void **state)
{
	struct fixture	*f = *state;
	time_t		 t = 0, at;

	/* Start 2027-01-08, last day 2027-01-14, Zurich (UTC+1). */
	assert_int_equal(schedule_deadline(f->s, "announce", 0, &t), 0);
	assert_utc(t, "2027-01-05T23:00:00Z");
	assert_int_equal(clock_parse_utc("2026-12-15T09:00:00Z", &at), 0);
	assert_int_equal(schedule_deadline(f->s, "announce", at, &t), 0);
	assert_utc(t, "2027-01-05T23:00:00Z");
	/* An announcement forced into the last two days may go out until
	 * the first day begins. */
	assert_int_equal(clock_parse_utc("2027-01-05T23:00:00Z", &at), 0);
	assert_int_equal(schedule_deadline(f->s, "announce", at, &t), 0);
	assert_utc(t, "2027-01-07T23:00:00Z");
	assert_int_equal(schedule_deadline(f->s, "remind", 0, &t), 0);
	assert_utc(t, "2027-01-07T23:00:00Z");
	assert_int_equal(schedule_deadline(f->s, "evaluate", 0, &t), 0);
	assert_utc(t, "2027-01-28T23:00:00Z");
	assert_int_equal(schedule_deadline(f->s, "evaluate-remind", 0, &t), 0);
	assert_utc(t, "2027-01-28T23:00:00Z");
	assert_int_equal(schedule_deadline(f->s, "party", 0, &t), -1);
}

/* What became of a job: 'R' ran, 'S' skipped, 'P' pending. */
static char
job_state(struct fixture *f, const char *kind)
{
	sqlite3_stmt	*stmt;
	char		 c = '?';

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT CASE "
	    "WHEN done_at IS NULL THEN 'P' WHEN skipped THEN 'S' ELSE 'R' END "
	    "FROM jobs WHERE kind = ?1", -1, &stmt, NULL), SQLITE_OK);
	store_bind_text(stmt, 1, kind);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		c = *(const char *)sqlite3_column_text(stmt, 0);
	sqlite3_finalize(stmt);
	return c;
}

/*
 * One sprint per case, the daemon back at one moment after being down
 * since the announcement was scheduled: each job runs one second before
 * its deadline and is skipped at it. Afterwards nothing skipped ever
 * runs, however the clock moves, and the skip is recorded once.
 */
static void
test_run_deadlines(void **state)
{
	static const struct {
		const char	*announce;	/* local, in Zurich */
		int		 force;
		const char	*now;
		const char	*expect;	/* announce remind evaluate
						 * evaluate-remind */
	} cases[] = {
		{ "2026-12-15 10:00", 0, "2027-01-05T22:59:59Z", "RRPP" },
		{ "2026-12-15 10:00", 0, "2027-01-05T23:00:00Z", "SRPP" },
		{ "2026-12-15 10:00", 0, "2027-01-07T22:59:59Z", "SRPP" },
		{ "2026-12-15 10:00", 0, "2027-01-07T23:00:00Z", "SSPP" },
		/* The reminder waits three days after the questionnaire... */
		{ "2026-12-15 10:00", 0, "2027-01-25T22:59:59Z", "SSRP" },
		/* ...which would be the close itself. */
		{ "2026-12-15 10:00", 0, "2027-01-25T23:00:00Z", "SSRS" },
		{ "2026-12-15 10:00", 0, "2027-01-28T22:59:59Z", "SSRS" },
		{ "2026-12-15 10:00", 0, "2027-01-28T23:00:00Z", "SSSS" },
		/* Forced two days before the start: it may still go. */
		{ "2027-01-06 10:00", 1, "2027-01-07T22:59:59Z", "RRPP" },
		{ "2027-01-06 10:00", 1, "2027-01-07T23:00:00Z", "SSPP" },
	};
	static const char	*kinds[] = { "announce", "remind", "evaluate",
	    "evaluate-remind" };
	struct fixture		*f;
	char			*cause = NULL, *before, *after, buf[128];
	size_t			 i, k;
	int			 ran, nran;
	void			*st;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		setup(&st);
		f = st;
		add_reg(f, "anna@example.org", "Anna", 15);
		add_reg(f, "bob@example.org", "Bob", 15);
		assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
		    cases[i].announce, cases[i].force, &cause), 0);
		setenv("SPRINTD_NOW", cases[i].now, 1);
		assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
		nran = 0;
		for (k = 0; k < nitems(kinds); k++) {
			snprintf(buf, sizeof buf, "case %zu (%s) %s", i,
			    cases[i].now, kinds[k]);
			if (job_state(f, kinds[k]) != cases[i].expect[k])
				fail_msg("%s: state %c, wanted %c", buf,
				    job_state(f, kinds[k]),
				    cases[i].expect[k]);
			/* Two lists, two people: two mails a job run. */
			if (outbox_rows(f, kinds[k], NULL) !=
			    (cases[i].expect[k] == 'R' ? 2 : 0))
				fail_msg("%s: %d mails", buf,
				    outbox_rows(f, kinds[k], NULL));
			nran += cases[i].expect[k] == 'R';
		}
		assert_int_equal(ran, nran);

		/* Later, everything left is skipped; nothing runs twice and
		 * no skip is recorded again. */
		before = testlib_query_text(f->st, "SELECT group_concat(j, "
		    "'/') FROM (SELECT kind || done_at || skipped || "
		    "coalesce(last_error, '') AS j FROM jobs WHERE done_at IS "
		    "NOT NULL ORDER BY id)");
		setenv("SPRINTD_NOW", "2027-06-01T00:00:00Z", 1);
		replan(f);
		assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
		assert_int_equal(ran, 0);
		assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
		assert_int_equal(ran, 0);
		assert_int_equal(outbox_rows(f, NULL, NULL), 2 * nran);
		for (k = 0; k < nitems(kinds); k++)
			assert_int_not_equal(job_state(f, kinds[k]), 'P');
		after = testlib_query_text(f->st, "SELECT group_concat(j, "
		    "'/') FROM (SELECT kind || done_at || skipped || "
		    "coalesce(last_error, '') AS j FROM jobs WHERE done_at < "
		    "'2027-06-01' ORDER BY id)");
		if (before == NULL)
			assert_null(after);
		else
			assert_string_equal(before, after);
		free(before);
		free(after);
		teardown(&st);
	}
}

/*
 * The questionnaire's reminder follows the questionnaire: it waits while
 * that one is still being retried, and is skipped when it was skipped.
 */
static void
test_run_evaluate_remind_follows(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, *v;
	int		 ran = -1;

	add_reg(f, "anna@example.org", "Anna", 15);
	setenv("SPRINTD_NOW", "2027-01-02T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	/* The questionnaire failed and is retried (as schedule_run leaves
	 * a failed job) when its reminder falls due. */
	assert_int_equal(store_exec(f->st, "UPDATE jobs SET attempts = 5, "
	    "last_error = 'smtp down', due_at = '2027-01-22T09:00:00Z' "
	    "WHERE kind = 'evaluate'", &cause), 0);
	setenv("SPRINTD_NOW", "2027-01-22T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(job_state(f, "evaluate-remind"), 'P');
	v = testlib_query_text(f->st, "SELECT due_at FROM jobs WHERE kind = "
	    "'evaluate-remind'");
	assert_string_equal(v, "2027-01-25T09:00:00Z");
	free(v);
	/* Retried until two days before the close: no time for a reminder. */
	assert_int_equal(store_exec(f->st, "UPDATE jobs SET due_at = "
	    "'2027-01-26T23:00:00Z' WHERE kind = 'evaluate'", &cause), 0);
	setenv("SPRINTD_NOW", "2027-01-25T09:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(job_state(f, "evaluate-remind"), 'S');
	setenv("SPRINTD_NOW", "2027-01-26T23:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(outbox_rows(f, "evaluate", NULL), 1);
	assert_int_equal(outbox_rows(f, "evaluate-remind", NULL), 0);
}

static void
test_run_evaluate_remind_after_skip(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, *v;
	int		 ran = -1;

	add_reg(f, "anna@example.org", "Anna", 15);
	/* Through schedule_run the reminder's own deadline comes first;
	 * a questionnaire skipped by any other path (an older sprintd, a
	 * sprint moved) still leaves nothing to remind of. */
	assert_int_equal(store_exec(f->st, "UPDATE jobs SET done_at = "
	    "'2027-01-15T08:00:00Z', skipped = 1, last_error = 'too late' "
	    "WHERE kind IN ('remind', 'evaluate')", &cause), 0);
	setenv("SPRINTD_NOW", "2027-01-22T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(job_state(f, "evaluate-remind"), 'S');
	v = testlib_query_text(f->st, "SELECT last_error FROM jobs WHERE "
	    "kind = 'evaluate-remind'");
	assert_non_null(strstr(v, "questionnaire was skipped"));
	free(v);
	assert_int_equal(outbox_rows(f, NULL, NULL), 0);
}

/*
 * A store that cannot commit: schedule_run returns -1, queues nothing and
 * records nothing; once the store works again each job runs once.
 */
static void
test_run_commit_fails(void **state)
{
	struct fixture	*f = *state;
	struct store	*st = NULL;
	char		*cause = NULL, *fault = testlib_tmp("fault", "");
	FILE		*fp;
	int		 ran = -1;

	add_reg(f, "anna@example.org", "Anna", 15);
	add_reg(f, "bob@example.org", "Bob", 15);
	setenv("SPRINTD_FAULT_FILE", fault, 1);
	if (store_open(f->db, &st, &cause) != 0)
		fail_msg("%s", cause);
	unsetenv("SPRINTD_FAULT_FILE");
	assert_non_null(fp = fopen(fault, "w"));
	fclose(fp);

	/* On time: the reminder cannot be recorded as done. */
	setenv("SPRINTD_NOW", "2027-01-01T08:00:00Z", 1);
	assert_int_equal(schedule_run(st, f->c, &ran, &cause), -1);
	assert_non_null(cause);
	xfree(&cause);
	assert_int_equal(ran, 0);
	assert_int_equal(schedule_run(st, f->c, &ran, &cause), -1);
	xfree(&cause);
	assert_int_equal(outbox_rows(f, NULL, NULL), 0);
	assert_int_equal(job_state(f, "remind"), 'P');
	assert_int_equal(unlink(fault), 0);
	assert_int_equal(schedule_run(st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(outbox_rows(f, "remind", NULL), 2);

	/* Late: the skip cannot be recorded either. */
	assert_non_null(fp = fopen(fault, "w"));
	fclose(fp);
	setenv("SPRINTD_NOW", "2027-02-01T00:00:00Z", 1);
	assert_int_equal(schedule_run(st, f->c, &ran, &cause), -1);
	xfree(&cause);
	assert_int_equal(job_state(f, "evaluate"), 'P');
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs "
	    "WHERE skipped = 1 OR last_error IS NOT NULL"), 0);
	assert_int_equal(unlink(fault), 0);
	assert_int_equal(schedule_run(st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs "
	    "WHERE skipped = 1"), 2 + WEEK_JOBS);
	assert_int_equal(outbox_rows(f, NULL, NULL), 2);
	store_close(&st);
	free(fault);
}

/* Ten days before the start, each registered person with a "?" in the
 * arrival, departure or accommodation gets one nudge with their block;
 * complete and local registrations, and the waiting list, get none. */
static void
test_nudge(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, *data;
	int		 ran = -1;

	add_reg(f, "anna@example.org", "Anna", 3);	/* dates "?" */
	add_reg(f, "bob@example.org", "Bob", 3);
	add_reg(f, "carl@example.org", "Carl", 3);
	add_reg(f, "dora@example.org", "Dora", 3);	/* waiting */
	assert_int_equal(schedule_plan(f->st, f->sprint_id, f->s, &cause), 0);
	assert_int_equal(store_exec(f->st, "UPDATE registrations SET arrive = "
	    "'2027-01-07', depart = '2027-01-14', accommodation = 'Ermina' "
	    "WHERE person_id = (SELECT id FROM people WHERE email = "
	    "'bob@example.org'); UPDATE registrations SET local = 1 WHERE "
	    "person_id = (SELECT id FROM people WHERE email = "
	    "'carl@example.org')", &cause), 0);
	setenv("SPRINTD_NOW", "2026-12-29T07:59:59Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(outbox_rows(f, "nudge", NULL), 0);
	setenv("SPRINTD_NOW", "2026-12-29T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(outbox_rows(f, "nudge", NULL), 1);
	assert_int_equal(outbox_rows(f, "nudge", "anna@example.org"), 1);
	data = testlib_query_text(f->st, "SELECT data FROM outbox_mail WHERE kind "
	    "= 'nudge'");
	assert_non_null(strstr(data, "Arrive: ?"));
	free(data);
	/* Once. */
	setenv("SPRINTD_NOW", "2026-12-30T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(outbox_rows(f, "nudge", NULL), 1);
}

/* Once the announcement went, it is neither rescheduled nor cancelled,
 * and the refusal says when; before, cancel unschedules it; the schedule
 * lists every job with its state. */
static void
test_announce_once(void **state)
{
	struct fixture		*f = *state;
	struct schedule_item	*items;
	size_t			 n, i, j;
	char			*cause = NULL, local[40];
	int			 ran;

	/* The whole schedule, the nudge included. */
	assert_int_equal(schedule_plan(f->st, f->sprint_id, f->s, &cause), 0);
	assert_int_equal(clock_utc_to_local("Europe/Zurich", 1797325200,
	    local), 0);
	assert_string_equal(local, "2026-12-15 10:00 CET");
	assert_int_equal(clock_utc_to_local("Nowhere/Atlantis", 0, local),
	    -1);

	/* Nothing scheduled: nothing to cancel. */
	assert_int_equal(schedule_announce_cancel(f->st, f->sprint_id, f->s,
	    &cause), 1);
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-12-15 10:00", 0, &cause), 0);
	assert_int_equal(schedule_announce_cancel(f->st, f->sprint_id, f->s,
	    &cause), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs "
	    "WHERE kind = 'announce'"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "sprints WHERE announce_at IS NULL"), 1);
	/* Cancelled, it does not run. */
	setenv("SPRINTD_NOW", "2026-12-15T09:30:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(outbox_rows(f, "announce", NULL), 0);

	/* Scheduled again, it runs: queued, not sent yet. */
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-12-15 10:30", 0, &cause), 0);
	setenv("SPRINTD_NOW", "2026-12-15T09:30:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(outbox_rows(f, "announce", NULL), 2);
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-12-20 10:00", 0, &cause), UTIL_REFUSED);
	assert_non_null(strstr(cause, "was queued at 2026-12-15 10:30 CET"));
	assert_non_null(strstr(cause, "not sent twice"));
	free(cause);
	cause = NULL;
	assert_int_equal(schedule_announce_cancel(f->st, f->sprint_id, f->s,
	    &cause), UTIL_REFUSED);
	assert_non_null(strstr(cause, "outbox drop"));
	free(cause);
	cause = NULL;
	/* Sent: the refusal says when it went; nothing changed. */
	assert_int_equal(store_exec(f->st, "UPDATE outbox SET status = "
	    "'sent', sent_at = '2026-12-15T09:31:00Z'", &cause), 0);
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-12-20 10:00", 1, &cause), UTIL_REFUSED);
	assert_non_null(strstr(cause, "went out at 2026-12-15 10:31 CET"));
	free(cause);
	cause = NULL;
	assert_int_equal(testlib_query_int(f->st, "SELECT announce_at = "
	    "'2026-12-15T09:30:00Z' FROM sprints"), 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(outbox_rows(f, "announce", NULL), 2);

	/* The schedule: every job by due time, the announcement done. */
	assert_int_equal(schedule_list(f->st, f->sprint_id, &items, &n,
	    &cause), 0);
	assert_int_equal(n, 6 + WEEK_JOBS);
	/* The week's jobs apart (test_week), the others in their order. */
	for (i = j = 0; i < n; i++) {
		if (strchr(items[i].kind, ':') != NULL) {
			free(items[i].kind);
			free(items[i].last_error);
		} else
			items[j++] = items[i];
	}
	n = j;
	assert_int_equal(n, 6);
	assert_string_equal(items[5].kind, "evaluation-close");
	assert_string_equal(items[0].kind, "announce");
	assert_true(items[0].done != 0);
	assert_string_equal(items[1].kind, "nudge");
	assert_string_equal(items[2].kind, "remind");
	assert_int_equal(items[2].done, 0);
	assert_string_equal(items[3].kind, "evaluate");
	assert_string_equal(items[4].kind, "evaluate-remind");
	assert_true(items[3].due < items[4].due);
	schedule_items_free(items, n);

	/* A skipped announcement did not go: it may be scheduled anew. */
	assert_int_equal(store_exec(f->st, "UPDATE jobs SET skipped = 1 "
	    "WHERE kind = 'announce'", &cause), 0);
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-12-20 10:00", 0, &cause), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs "
	    "WHERE kind = 'announce' AND done_at IS NULL AND skipped = 0 AND "
	    "due_at = '2026-12-20T09:00:00Z'"), 1);
}

/*
 * sprint show names the evaluation's close evaluation_days after the end,
 * the sprint file's and not the default 14, while no job stands for it
 * (the fixture deleted the close's job).
 */
static void
test_show_close(void **state)
{
	struct fixture	*f = *state;
	struct sprint	*s = NULL;
	char		*path = testlib_src_path("tests/data/sprints/good.yaml");
	char		*yaml, *cause = NULL, *out = NULL, *line, *nl;
	size_t		 len, outlen = 0;
	int64_t		 id;
	int		 created;
	FILE		*fp;

	if (util_read_file(path, 1 << 16, &yaml, &len, &cause) != 0)
		fail_msg("%s", cause);
	yaml = xreallocarray(yaml, len + 32, 1);
	len += (size_t)snprintf(yaml + len, 32, "evaluation_days: 10\n");
	if (sprint_load_string("good.yaml", yaml, len, &s, &cause) != 0 ||
	    registry_sprint_put(f->st, s, "good.yaml", &id, &created,
	    &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(id, f->sprint_id);
	assert_non_null(fp = open_memstream(&out, &outlen));
	assert_int_equal(ctl_sprint_show(f->st, s->slug, fp), CTL_OK);
	fclose(fp);
	line = strstr(out, "evaluation closes");
	assert_non_null(line);
	if ((nl = strchr(line, '\n')) != NULL)
		*nl = '\0';
	/* The sprint ends on 2027-01-14. */
	assert_non_null(strstr(line, "2027-01-24"));
	assert_non_null(strstr(line, "10 days after the end"));
	free(out);
	free(yaml);
	free(path);
	sprint_free(&s);
}

/*
 * The sprint's week: one job per kind and day at daily_hour, none on the
 * break day for the daily mail; each runs on its day, once; a day late
 * it is skipped, with the reason, and the next day's job still goes.
 */
static void
test_week(void **state)
{
	struct fixture	*f = *state;
	char		*v, *cause = NULL;
	int		 ran;

	assert_int_equal(schedule_plan(f->st, f->sprint_id, f->s, &cause), 0);
	assert_int_equal(job_state(f, "daily:2027-01-11"), '?');
	assert_int_equal(job_state(f, "catchup:2027-01-08"), '?');
	assert_int_equal(job_state(f, "summary:2027-01-11"), 'P');
	/* 09:00 in Zurich is 08:00 UTC. */
	v = testlib_query_text(f->st, "SELECT due_at FROM jobs WHERE kind = "
	    "'daily:2027-01-12'");
	assert_string_equal(v, "2027-01-12T08:00:00Z");
	free(v);
	assert_int_equal(store_exec(f->st, "DELETE FROM jobs WHERE " NOT_WEEK,
	    &cause), 0);
	setenv("SPRINTD_NOW", "2027-01-08T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 2);	/* the daily mail, the summary */
	assert_int_equal(job_state(f, "daily:2027-01-08"), 'R');
	assert_int_equal(job_state(f, "daily:2027-01-09"), 'P');
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	/* Down until day 3, 10:00: days 2 and the rest of day 1 are over. */
	setenv("SPRINTD_NOW", "2027-01-10T09:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 3);
	assert_int_equal(job_state(f, "daily:2027-01-09"), 'S');
	assert_int_equal(job_state(f, "catchup:2027-01-09"), 'S');
	assert_int_equal(job_state(f, "daily:2027-01-10"), 'R');
	v = testlib_query_text(f->st, "SELECT last_error FROM jobs WHERE "
	    "kind = 'daily:2027-01-09'");
	assert_non_null(strstr(v, "too late: its day (2027-01-09) is over"));
	free(v);
	/* Replanning keeps what ran and what was skipped. */
	assert_int_equal(schedule_plan(f->st, f->sprint_id, f->s, &cause), 0);
	assert_int_equal(job_state(f, "daily:2027-01-09"), 'S');
	assert_int_equal(job_state(f, "daily:2027-01-10"), 'R');
	/* What sprint show calls them. */
	assert_string_equal(schedule_kind_label("daily:2027-01-10"),
	    "daily mail");
	assert_string_equal(schedule_kind_label("daily:x"), "daily:x");
	assert_string_equal(schedule_kind_label("daily"), "daily");
	unsetenv("SPRINTD_NOW");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_to_utc),
		cmocka_unit_test(test_local_to_utc_unknown_zone),
		cmocka_unit_test_setup_teardown(test_announce_window, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_week, setup, teardown),
		cmocka_unit_test_setup_teardown(test_announce_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nudge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_all_late, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_run_back_after_sprint,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_deadline, setup, teardown),
		cmocka_unit_test(test_run_deadlines),
		cmocka_unit_test_setup_teardown(
		    test_run_evaluate_remind_follows, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_run_evaluate_remind_after_skip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_commit_fails, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_show_close, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
