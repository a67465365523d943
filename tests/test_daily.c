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

/* test_daily.c -- the sprint's week: who gets which mail on which day
 * (a local person, a "?" departure, a late newcomer, an early leaver, a
 * cancellation), the break day, daily: false, and the pairing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "daily.h"
#include "parse.h"
#include "proof.h"
#include "registry.h"
#include "sprint.h"
#include "store.h"
#include "testlib.h"
#include "util.h"

enum { PAULA, LARS, NINA, LENA, EDDIE, UMA, CORA, NPEOPLE };

static struct registry_reg people[NPEOPLE];

static void
person(int i, const char *name, const char *arrive, const char *depart,
    int local, int newcomer, const char *topics, const char *status)
{
	struct registry_reg	*r = &people[i];

	*r = testlib_reg(name, arrive, depart, local, NULL);
	r->id = i + 1;
	r->email = (char *)"x@example.org";
	r->status = (char *)status;
	r->newcomer = newcomer;
	r->topics = (char *)topics;
}

static void
setup_people(void)
{
	person(PAULA, "Paula Plain", "2027-01-07", "2027-01-14", 0, 0,
	    "JIT, gc", "registered");
	person(LARS, "Lars Local", NULL, NULL, 1, -1, "docs", "registered");
	person(NINA, "Nina Newcomer", "2027-01-07", "2027-01-14", 0, 1,
	    "jit", "registered");
	person(LENA, "Lena Late", "2027-01-12", "2027-01-14", 0, 1, "stm",
	    "registered");
	person(EDDIE, "Eddie Early", "2027-01-07", "2027-01-12", 0, 0,
	    "gc, docs", "registered");
	person(UMA, "Uma Unknown", NULL, NULL, 0, 0, NULL, "registered");
	person(CORA, "Cora Cancelled", "2027-01-07", "2027-01-14", 0, 1,
	    "jit", "cancelled");
}

/* The people who get what on the sprint day `n' (1-based), as a string
 * of initials: "PLNEU". */
static void
who(const struct sprint *s, enum daily_what what, int n, char out[16])
{
	size_t	 i, k = 0;

	for (i = 0; i < NPEOPLE; i++) {
		if (daily_gets(s, &people[i], what, s->start + n - 1))
			out[k++] = people[i].name[0];
	}
	out[k] = '\0';
}

static void
test_who_gets_what(void **state)
{
	struct sprint	*s = testlib_sprint_new(NULL);
	/* Days 1..7: Fri 8 .. Thu 14 January, the break day Mon 11. */
	static const char *const daily[] = { "PLNEU", "PLNEU", "PLNEU", "",
	    "PLNLEU", "PLNLU", "PLNLU" };
	static const char *const catchup[] = { "", "", "", "", "L", "", "" };
	static const char *const summary[] = { "", "", "", "E", "", "",
	    "PLNLU" };
	char		 got[16];
	int		 d;

	(void)state;
	setup_people();
	for (d = 1; d <= 7; d++) {
		who(s, DAILY_MAIL, d, got);
		if (strcmp(got, daily[d - 1]) != 0)
			fail_msg("daily mail on day %d: %s, not %s", d, got,
			    daily[d - 1]);
		who(s, DAILY_CATCHUP, d, got);
		if (strcmp(got, catchup[d - 1]) != 0)
			fail_msg("catch-up on day %d: %s, not %s", d, got,
			    catchup[d - 1]);
		who(s, DAILY_SUMMARY, d, got);
		if (strcmp(got, summary[d - 1]) != 0)
			fail_msg("summary on day %d: %s, not %s", d, got,
			    summary[d - 1]);
	}
	/* Nothing before or after the sprint. */
	assert_false(daily_gets(s, &people[PAULA], DAILY_MAIL, s->start - 1));
	assert_false(daily_gets(s, &people[PAULA], DAILY_SUMMARY,
	    s->end + 1));
	/* No break day: the mail goes on day 4 too. */
	sprint_free(&s);
	s = testlib_sprint_new(&(struct testlib_sprint){ .break_day = "" });
	who(s, DAILY_MAIL, 4, got);
	assert_string_equal(got, "PLNEU");
	sprint_free(&s);
	/* daily: false: no daily mail at all; the rest as before. */
	s = testlib_sprint_new(&(struct testlib_sprint){ .extra =
	    "daily: false\ndaily_hour: 0\n" });
	assert_int_equal(s->daily_hour, 0);
	for (d = 1; d <= 7; d++) {
		who(s, DAILY_MAIL, d, got);
		assert_string_equal(got, "");
		assert_false(daily_planned(s, DAILY_MAIL, s->start + d - 1));
	}
	who(s, DAILY_CATCHUP, 5, got);
	assert_string_equal(got, "L");
	sprint_free(&s);
}

/* A newcomer goes with the experienced person there who shares most
 * topics; with none shared, with the organizer. */
static void
test_pairs(void **state)
{
	struct sprint		*s = testlib_sprint_new(NULL);
	struct daily_pair	*p;
	size_t			 n;
	char			*line, *want;

	(void)state;
	setup_people();
	n = daily_pairs(s, people, NPEOPLE, s->start, &p);
	assert_int_equal(n, 1);
	line = daily_pair_line(&p[0]);
	assert_string_equal(line, "Pair: Nina Newcomer with Paula Plain (jit)");
	free(line);
	daily_pairs_free(p, n);

	/* Day 5: Lena's stm is nobody's: the organizer. */
	n = daily_pairs(s, people, NPEOPLE, s->start + 4, &p);
	assert_int_equal(n, 2);
	line = daily_pair_line(&p[1]);
	want = xprintf("Pair: Lena Late with %s (organizer; no shared "
	    "topics)", s->organizers[0].name);
	assert_string_equal(line, want);
	free(want);
	free(line);
	daily_pairs_free(p, n);

	/* Two shared topics win over one; ties go to the less busy. */
	people[NINA].topics = (char *)"gc, docs";
	n = daily_pairs(s, people, NPEOPLE, s->start, &p);
	line = daily_pair_line(&p[0]);
	assert_string_equal(line, "Pair: Nina Newcomer with Eddie Early "
	    "(gc, docs)");
	free(line);
	daily_pairs_free(p, n);
	sprint_free(&s);
}

/* The sprint file's keys of the week, and their errors naming the key. */
static void
test_sprint_keys(void **state)
{
	struct sprint	*s = NULL;
	char		*yaml, *cause = NULL;

	(void)state;
	s = testlib_sprint_new(NULL);
	assert_int_equal(s->daily_hour, 9);
	assert_true(s->daily);
	assert_null(s->tutorial);
	sprint_free(&s);
	yaml = testlib_sprint_yaml(&(struct testlib_sprint){ .extra =
	    "daily_hour: 25\n" });
	assert_int_equal(sprint_load_string("s.yaml", yaml, strlen(yaml), &s,
	    &cause), -1);
	assert_non_null(strstr(cause, "daily_hour"));
	assert_non_null(strstr(cause, "0 to 23"));
	free(cause);
	free(yaml);
	yaml = testlib_sprint_yaml(&(struct testlib_sprint){ .extra =
	    "daily: sometimes\n" });
	assert_int_equal(sprint_load_string("s.yaml", yaml, strlen(yaml), &s,
	    &cause), -1);
	assert_non_null(strstr(cause, "daily"));
	free(cause);
	free(yaml);
}

/* Registers name <local@example.org> for 7 to 14 January. */
static void
register_one(struct store *st, const struct sprint *s, int64_t id,
    const char *local, const char *name)
{
	struct parse_result	 res;
	struct registry_reg	 reg;
	enum registry_change	 change;
	int64_t			 person;
	char			*email, *cause = NULL;

	memset(&res, 0, sizeof res);
	email = xprintf("%s@example.org", local);
	res.kind = PARSE_REGISTRATION;
	res.given = PARSE_HAS_ALL;
	res.from = email;
	res.name = (char *)name;
	res.arrive_state = res.depart_state = DATES_KNOWN;
	res.arrive = s->start - 1;
	res.depart = s->end;
	res.newcomer = res.funding = PARSE_NULL;
	if (registry_person(st, email, name, &person, &cause) != 0 ||
	    registry_register(st, id, s->capacity, person, 0, &res, &change,
	    &reg, &cause) != 0)
		fail_msg("%s", cause);
	registry_reg_clear(&reg);
	free(email);
}

/*
 * A reply with planning and summary lines: applied only for a registered
 * attendee whose mail proves its sender (proof.c's verdict, given), who
 * is answered with what was done and what could not be read; anything
 * else is handled (kept, noted) and changes nothing.
 */
static void
test_reply(void **state)
{
	struct store		*st;
	struct sprint		*s;
	struct compose		*c;
	struct config		 cfg;
	struct parse_result	 res;
	struct compose_orig	 orig;
	struct proof		 pf;
	int64_t			 id;
	char			*cause = NULL, *v;
	int			 changed;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	testlib_store_sprint(NULL, 0, &st, &s, &id, NULL);
	c = testlib_compose(&cfg);
	register_one(st, s, id, "anna", "Anna Example");
	memset(&res, 0, sizeof res);
	res.kind = PARSE_UNRELATED;
	res.from = (char *)"anna@example.org";
	res.message_id = (char *)"<r1@example.org>";
	res.subject = (char *)"Re: day 2 of 7";
	res.body = (char *)"Morning!\nNew: port the GC\nJoin: 1\nJoin: x\n"
	    "Next: write barriers\n";
	memset(&orig, 0, sizeof orig);
	orig.from = res.from;
	orig.message_id = res.message_id;
	orig.subject = res.subject;
	memset(&pf, 0, sizeof pf);

	/* Claims only: kept, not applied, not answered. */
	pf.how = PROOF_NONE;
	assert_int_equal(daily_reply(st, c, s, id, 0, &res, &pf, &orig, 1,
	    &changed, &cause), 1);
	assert_false(changed);
	assert_int_equal(testlib_query_int(st, "SELECT count(*) FROM "
	    "plan_tasks"), 0);
	assert_int_equal(testlib_query_int(st, "SELECT count(*) FROM "
	    "summary_answers"), 0);
	assert_int_equal(testlib_query_int(st, "SELECT count(*) FROM outbox"),
	    0);
	/* Proved, but from no registered attendee: the same. */
	pf.how = PROOF_REPLY;
	res.from = (char *)"bob@example.org";
	assert_int_equal(daily_reply(st, c, s, id, 0, &res, &pf, &orig, 1,
	    &changed, &cause), 1);
	assert_int_equal(testlib_query_int(st, "SELECT count(*) FROM "
	    "plan_tasks"), 0);
	/* Proved, from Anna: applied and answered. */
	res.from = (char *)"anna@example.org";
	assert_int_equal(daily_reply(st, c, s, id, 0, &res, &pf, &orig, 1,
	    &changed, &cause), 1);
	assert_true(changed);
	v = testlib_query_text(st, "SELECT num || ' ' || text || ' (' || "
	    "people || ')' FROM plan_tasks");
	assert_string_equal(v, "1 port the GC (Anna Example)");
	free(v);
	v = testlib_query_text(st, "SELECT coalesce(done, '-') || ' ' || next "
	    "FROM summary_answers");
	assert_string_equal(v, "- write barriers");
	free(v);
	v = testlib_query_text(st, "SELECT kind || ' ' || recipient FROM "
	    "outbox");
	assert_string_equal(v, "planned anna@example.org");
	free(v);
	v = testlib_query_text(st, "SELECT data FROM outbox_mail");
	assert_non_null(strstr(v, "Join: expects a task number such as 3"));
	assert_non_null(strstr(v, "added task 1: port the GC"));
	assert_non_null(strstr(v, "In-Reply-To: <r1@example.org>"));
	free(v);
	/* A later answer adds its Done: and keeps the Next:. */
	res.body = (char *)"Done: the GC port, half of it\n";
	assert_int_equal(daily_reply(st, c, s, id, 0, &res, &pf, &orig, 0,
	    &changed, &cause), 1);
	v = testlib_query_text(st, "SELECT done || ' / ' || next FROM "
	    "summary_answers");
	assert_string_equal(v, "the GC port, half of it / write barriers");
	free(v);
	/* No such line, or a registration: not the week's to handle. */
	res.body = (char *)"See you all tomorrow!\n";
	assert_int_equal(daily_reply(st, c, s, id, 0, &res, &pf, &orig, 1,
	    &changed, &cause), 0);
	res.body = (char *)"Join: 1\n";
	res.kind = PARSE_REGISTRATION;
	assert_int_equal(daily_reply(st, c, s, id, 0, &res, &pf, &orig, 1,
	    &changed, &cause), 0);
	compose_free(&c);
	sprint_free(&s);
	store_close(&st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_who_gets_what),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_sprint_keys),
		cmocka_unit_test(test_reply),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
