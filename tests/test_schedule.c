/* test_schedule.c -- local time to UTC, the announcement window, the
 * planned jobs and their due times, running due jobs exactly once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compose.h"
#include "config.h"
#include "evaluation.h"
#include "parse.h"
#include "registry.h"
#include "schedule.h"
#include "store.h"
#include "util.h"
#include "testlib.h"

static char	 dir[] = "/tmp/sprintd-test-schedule-XXXXXX";
static int	 seq;

struct fixture {
	struct store	*st;
	struct sprint	*s;
	int64_t		 sprint_id;
	struct config	 cfg;
	struct compose	*c;
};

static int
setup_group(void **state)
{
	(void)state;
	return testlib_mkdtemp(dir);
}

static int
teardown_group(void **state)
{
	(void)state;
	return testlib_rmtree(dir);
}

static int
setup(void **state)
{
	struct fixture	*f = xcalloc(1, sizeof *f);
	char		*db = xprintf("%s/db%d.sqlite", dir, ++seq);
	char		*yaml = testlib_src_path("tests/data/sprints/good.yaml");
	char		*cause = NULL;
	int		 created;

	setenv("SPRINTD_NOW", "2026-12-01T10:00:00Z", 1);
	if (store_open(db, &f->st, &cause) != 0 ||
	    sprint_load_file(yaml, &f->s, &cause) != 0 ||
	    registry_sprint_put(f->st, f->s, "good.yaml", &f->sprint_id,
	    &created, &cause) != 0 ||
	    schedule_plan(f->st, f->sprint_id, f->s, &cause) != 0)
		fail_msg("%s", cause);
	f->cfg.from = "PyPy sprints <sprints@example.org>";
	f->cfg.list_address = "pypy-sprint@example.org";
	if (compose_init(&f->cfg, &f->c, &cause) != 0)
		fail_msg("compose_init: %s", cause);
	free(db);
	free(yaml);
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
	free(f);
	unsetenv("SPRINTD_NOW");
	return 0;
}

static void
assert_utc(time_t t, const char *expect)
{
	char	 buf[21];

	util_format_utc(t, buf);
	assert_string_equal(buf, expect);
}

static void
test_local_to_utc(void **state)
{
	time_t	 t = 0;

	(void)state;
	setenv("TZ", "UTC", 1);
	/* Winter in Zurich: UTC+1; summer: UTC+2; New York winter: UTC-5. */
	assert_int_equal(schedule_local_to_utc("Europe/Zurich", 2027, 1, 8, 9,
	    0, &t), 0);
	assert_utc(t, "2027-01-08T08:00:00Z");
	assert_int_equal(schedule_local_to_utc("Europe/Zurich", 2027, 7, 1, 9,
	    30, &t), 0);
	assert_utc(t, "2027-07-01T07:30:00Z");
	assert_int_equal(schedule_local_to_utc("America/New_York", 2027, 1, 8,
	    9, 0, &t), 0);
	assert_utc(t, "2027-01-08T14:00:00Z");
	/* Across midnight backwards. */
	assert_int_equal(schedule_local_to_utc("Europe/Zurich", 2027, 1, 1, 0,
	    30, &t), 0);
	assert_utc(t, "2026-12-31T23:30:00Z");
	/* 02:30 on the day clocks go forward does not exist. */
	assert_int_equal(schedule_local_to_utc("Europe/Zurich", 2027, 3, 28, 2,
	    30, &t), -1);
	/* The caller's TZ is left as it was. */
	assert_string_equal(getenv("TZ"), "UTC");
	unsetenv("TZ");
	assert_int_equal(schedule_local_to_utc("Europe/Zurich", 2027, 1, 8, 9,
	    0, &t), 0);
	assert_null(getenv("TZ"));
}

static void
test_local_to_utc_unknown_zone(void **state)
{
	time_t	 t = 0;

	(void)state;
	/* glibc reads an unknown zone as UTC; the contract says -1. */
	assert_int_equal(schedule_local_to_utc("Nowhere/Atlantis", 2027, 1, 8,
	    9, 0, &t), -1);
	assert_int_equal(schedule_local_to_utc("", 2027, 1, 8, 9, 0, &t), -1);
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
		    bad[i], 0, &cause), -2);
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
	    "2026-12-15", 0, &cause), -2);
	free(cause);
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-12-15 24:00", 1, &cause), -2);
	free(cause);
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-02-30 10:00", 1, &cause), -2);
	free(cause);
	assert_int_equal(schedule_announce(f->st, f->sprint_id, f->s,
	    "2026-12-15 10:00x", 1, &cause), -2);
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
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs"), 4);
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
	assert_utc(schedule_next_due(f->st), "2027-01-01T08:00:00Z");

	/* Planning again changes nothing; a moved sprint moves the jobs
	 * that have not run, and only those. */
	assert_int_equal(schedule_plan(f->st, f->sprint_id, f->s, &cause), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs"), 4);
	setenv("SPRINTD_NOW", "2027-01-01T08:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 1);
	assert_utc(schedule_next_due(f->st), "2027-01-15T08:00:00Z");
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
	assert_utc(schedule_next_due(f->st), "2027-01-22T08:00:00Z");
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
	char		*cause = NULL;
	int		 ran = -1;

	add_reg(f, "anna@example.org", "Anna", 15);
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
	/* A daemon that was down runs every job that fell due, once each;
	 * Anna has not answered, so she gets the reminder too. */
	setenv("SPRINTD_NOW", "2027-03-01T00:00:00Z", 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 4);
	assert_int_equal(outbox_rows(f, "remind", NULL), 1);
	assert_int_equal(outbox_rows(f, "evaluate", NULL), 1);
	assert_int_equal(outbox_rows(f, "evaluate-remind", NULL), 1);
	assert_int_equal(outbox_rows(f, "evaluation-summary", NULL), 1);
	assert_int_equal(schedule_run(f->st, f->c, &ran, &cause), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(outbox_rows(f, NULL, NULL), 6);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM jobs WHERE "
	    "done_at IS NULL"), 0);
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
		cmocka_unit_test_setup_teardown(test_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_all_late, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
