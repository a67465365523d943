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

/* test_evaluation.c -- answers apart from names: the threshold, results
 * without names, a second reply replacing the first, the close (one
 * summary, the link destroyed, nothing in the store that joins an answer
 * to a person), earlier sprints beside this one, the private note for an
 * answer through the list, and the sprint report. A real temporary store. */
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
#include "evaluation.h"
#include "parse.h"
#include "registry.h"
#include "sprintreport.h"
#include "store.h"
#include "util.h"
#include "testlib.h"


struct fixture {
	struct store	*st;
	struct sprint	*s;
	int64_t		 sprint_id;
	struct config	 cfg;
	struct compose	*c;
	int64_t		 people[5];
};

static const char *const emails[] = { "anna@example.org", "bob@example.org",
    "carla@example.org", "dave@example.org", "erik@example.org" };
static const char *const names[] = { "Anna Example", "Bob Builder",
    "Carla Tester", "Dave Late", "Erik Quiet" };

/* Registers one person through registry.h, as the daemon does. */
static int64_t
add_reg(struct fixture *f, const char *email, const char *name,
    int newcomer)
{
	return testlib_register(f->st, f->sprint_id, f->s->capacity, email,
	    name, newcomer);
}

static int
setup(void **state)
{
	struct fixture	*f = xcalloc(1, sizeof *f);
	size_t		 i;

	setenv("SPRINTD_NOW", "2027-01-16T10:00:00Z", 1);
	testlib_store_sprint(testlib_sprint_file("tests/data/sprints/good.yaml"),
	    0, &f->st, &f->s, &f->sprint_id, NULL);
	f->cfg.evaluation_min_answers = 3;
	f->c = testlib_compose(&f->cfg);
	for (i = 0; i < nitems(emails); i++)
		f->people[i] = add_reg(f, emails[i], names[i], i == 2);
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
	return 0;
}

/* Stores person i's answers (0: not given), as ingest does. */
static int
answer(struct fixture *f, size_t i, int overall, int venue,
    const char *change)
{
	struct parse_result	 res;
	struct parse_answer	 a[3];
	char			*cause = NULL;
	size_t			 n = 0;
	int			 stored = -1;

	memset(&res, 0, sizeof res);
	memset(a, 0, sizeof a);
	res.kind = PARSE_EVALUATION;
	res.from = (char *)emails[i];
	if (overall > 0) {
		a[n].id = (char *)"overall";
		a[n].is_rating = 1;
		a[n++].rating = overall;
	}
	if (venue > 0) {
		a[n].id = (char *)"venue";
		a[n].is_rating = 1;
		a[n++].rating = venue;
	}
	if (change != NULL) {
		a[n].id = (char *)"change";
		a[n++].text = (char *)change;
	}
	res.answers = a;
	res.nanswers = n;
	if (evaluation_record(f->st, f->sprint_id, f->people[i], emails[i], 0,
	    &res, &stored, &cause) != 0)
		fail_msg("%s", cause);
	return stored;
}

static char *
report(struct fixture *f, enum evaluation_format format)
{
	char	*out = NULL, *cause = NULL;

	if (evaluation_report(f->st, f->sprint_id, f->s, 3, format, &out,
	    &cause) != 0)
		fail_msg("%s", cause);
	return out;
}

/* Fails when text holds the name or address of anyone registered. */
static void
assert_no_person(const char *what, const char *text)
{
	size_t	 i;

	for (i = 0; i < nitems(emails); i++) {
		if (strstr(text, emails[i]) != NULL ||
		    strstr(text, names[i]) != NULL)
			fail_msg("%s names %s:\n%s", what, emails[i], text);
	}
}

static void
test_threshold(void **state)
{
	struct fixture	*f = *state;
	char		*out;

	out = report(f, EVALUATION_TEXT);
	assert_string_equal(out, "0 answers so far; results are shown from "
	    "3.\n");
	free(out);
	answer(f, 0, 5, 4, "More snow");
	answer(f, 1, 3, 0, "Less snow");
	out = report(f, EVALUATION_TEXT);
	assert_string_equal(out, "2 answers so far; results are shown from "
	    "3.\n");
	free(out);
	out = report(f, EVALUATION_JSON);
	assert_non_null(strstr(out, "\"shown\": false"));
	assert_non_null(strstr(out, "\"message\": \"2 answers so far; results "
	    "are shown from 3\""));
	assert_null(strstr(out, "questions"));
	assert_null(strstr(out, "snow"));
	free(out);
	/* The sprint report's section obeys the threshold too. */
	out = report(f, EVALUATION_RST);
	assert_non_null(strstr(out, "2 answers so far; results are shown from "
	    "3.\n"));
	assert_null(strstr(out, "snow"));
	free(out);
}

static void
test_results(void **state)
{
	struct fixture	*f = *state;
	char		*out;

	answer(f, 0, 5, 4, "More snow.\nAnd coffee.");
	answer(f, 1, 4, 0, "Cheaper rooms");
	answer(f, 2, 4, 2, NULL);
	out = report(f, EVALUATION_TEXT);
	assert_no_person("text", out);
	assert_non_null(strstr(out, "3 of 5 attendees answered (60%)"));
	assert_non_null(strstr(out, "\noverall -- Overall, how was the sprint? "
	    "(1-5)\n  3 answers, mean 4.3, median 4\n  5: # (1)\n"
	    "  4: ## (2)\n  3: (0)\n  2: (0)\n  1: (0)\n"));
	assert_non_null(strstr(out, "  2 answers, mean 3.0, median 3\n"));
	/* Sorted by text, not by arrival. */
	assert_non_null(strstr(out, "  - Cheaper rooms\n  - More snow.\n"
	    "    And coffee.\n"));
	free(out);
	out = report(f, EVALUATION_JSON);
	assert_no_person("json", out);
	assert_non_null(strstr(out, "\"shown\": true"));
	assert_non_null(strstr(out, "\"respondents\": 3"));
	assert_non_null(strstr(out, "\"mean\": 4.3,"));
	assert_non_null(strstr(out, "\"answers\": [\n        \"Cheaper rooms\""));
	free(out);
}

static void
test_replace(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(answer(f, 0, 1, 1, "Awful"), 1);
	assert_int_equal(answer(f, 0, 5, 0, "Great"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_respondents"), 1);
	/* overall and change replaced, venue kept. */
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_answers"), 3);
	assert_int_equal(testlib_query_int(f->st, "SELECT rating FROM "
	    "evaluation_answers WHERE question_id = 'overall'"), 5);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_answers WHERE answer = 'Awful'"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT rating FROM "
	    "evaluation_answers WHERE question_id = 'venue'"), 1);
	/* Bob's answers are his own set. */
	answer(f, 1, 2, 0, NULL);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_answers WHERE question_id = 'overall'"), 2);
}

/* A reply that could not be used keeps its answers beside the name only
 * until a usable one from the same address is stored. */
static void
test_invalid_forgotten(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, *sql;

	sql = xprintf("INSERT INTO messages (mailbox, uidvalidity, uid, "
	    "sender, sprint_id, kind, result, raw, size, received_at) VALUES "
	    "('INBOX', 1, 77, '%s', %lld, 'invalid', '{\"answers\":"
	    "{\"change\":\"the wifi was bad\"}}', 'change: the wifi was bad',"
	    " 24, '2027-01-16T10:00:00Z')", emails[0],
	    (long long)f->sprint_id);
	assert_int_equal(store_exec(f->st, sql, &cause), 0);
	free(sql);
	assert_int_equal(answer(f, 0, 4, 0, "the wifi was bad"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "messages WHERE uid = 77 AND raw = X'' AND size = 0 AND result "
	    "NOT LIKE '%wifi%'"), 1);
}

/* Fails when a column of any table could tie an answer to a person, a
 * message or a time finer than a day. */
static void
assert_unjoinable(struct fixture *f)
{
	sqlite3_stmt	*t, *c;
	const char	*table, *col, *ref;
	int		 cols = 0;

	/* No table points at an answer. */
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT name FROM "
	    "sqlite_master WHERE type = 'table'", -1, &t, NULL), SQLITE_OK);
	while (sqlite3_step(t) == SQLITE_ROW) {
		table = (const char *)sqlite3_column_text(t, 0);
		assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT "
		    "\"table\" FROM pragma_foreign_key_list(?1)", -1, &c, NULL),
		    SQLITE_OK);
		sqlite3_bind_text(c, 1, table, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(c) == SQLITE_ROW) {
			ref = (const char *)sqlite3_column_text(c, 0);
			if (strcmp(ref, "evaluation_answers") == 0)
				fail_msg("%s refers to evaluation_answers",
				    table);
			if (strcmp(table, "evaluation_answers") == 0 &&
			    strcmp(ref, "sprints") != 0)
				fail_msg("evaluation_answers refers to %s",
				    ref);
		}
		sqlite3_finalize(c);
	}
	sqlite3_finalize(t);
	/* The answer row itself: only these columns, none of them a person,
	 * a message or a time. */
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT name FROM "
	    "pragma_table_info('evaluation_answers')", -1, &c, NULL),
	    SQLITE_OK);
	while (sqlite3_step(c) == SQLITE_ROW) {
		static const char *const allowed[] = { "id", "sprint_id",
		    "answer_set", "question_id", "rating", "answer" };
		size_t	 i;

		col = (const char *)sqlite3_column_text(c, 0);
		for (i = 0; i < nitems(allowed); i++) {
			if (strcmp(col, allowed[i]) == 0)
				break;
		}
		if (i == nitems(allowed))
			fail_msg("evaluation_answers has a column %s", col);
		cols++;
	}
	sqlite3_finalize(c);
	assert_int_equal(cols, 6);
	/* The link is gone: no set, no salt. */
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_answers WHERE answer_set IS NOT NULL"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluations WHERE salt IS NOT NULL"), 0);
	/* Row ids are random, not in the order of arrival (1, 2, 3...). */
	assert_true(testlib_query_int(f->st, "SELECT min(id) FROM "
	    "evaluation_answers") > 1000);
	/* Who answered is kept, with nothing else beside it. */
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "pragma_table_info('evaluation_respondents')"), 2);
}

static void
test_close(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, *mail, *out;

	answer(f, 0, 5, 4, "More snow");
	answer(f, 1, 4, 3, "Cheaper rooms");
	answer(f, 2, 4, 4, NULL);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(DISTINCT "
	    "answer_set) FROM evaluation_answers"), 3);
	/* An invalid evaluation reply, and the error mail that echoed it. */
	assert_int_equal(store_exec(f->st, "INSERT INTO messages (mailbox, "
	    "uidvalidity, uid, sender, sprint_id, kind, result, raw, size, "
	    "received_at) VALUES ('INBOX', 1, 9, 'dave@example.org', 1, "
	    "'invalid', '{\"answers\":{\"change\":\"Dave secret\"}}', "
	    "'change: Dave secret', 19, '2027-01-16T10:00:00Z'); "
	    "INSERT INTO outbox (message_id, kind, sprint_id, reply_to, "
	    "recipient, status, next_attempt, created_at) VALUES "
	    "('<e@x>', 'error', 1, last_insert_rowid(), 'dave@example.org', "
	    "'sent', 'now', 'now'); INSERT INTO outbox_bodies (id, data) "
	    "VALUES (last_insert_rowid(), 'Dave secret')", &cause), 0);

	setenv("SPRINTD_NOW", "2027-01-28T08:00:00Z", 1);
	assert_int_equal(store_begin(f->st, &cause), 0);
	if (evaluation_close(f->st, f->c, f->s, f->sprint_id, 3, &cause) != 0)
		fail_msg("%s", cause);
	/* Closing again sends nothing more. */
	if (evaluation_close(f->st, f->c, f->s, f->sprint_id, 3, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(store_commit(f->st, &cause), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM outbox "
	    "WHERE kind = 'evaluation-summary' AND recipient = "
	    "'arigo@example.org'"), 1);
	mail = testlib_query_text(f->st, "SELECT data FROM outbox_mail WHERE kind = "
	    "'evaluation-summary'");
	assert_no_person("summary", mail);
	assert_non_null(strstr(mail, "3 of 5 attendees answered (60%)"));
	assert_non_null(strstr(mail, "mean 4.3, median 4"));
	assert_non_null(strstr(mail, "\r\n  5: # (1)\r\n  4: ## (2)\r\n"));
	assert_non_null(strstr(mail, "- Cheaper rooms\r\n- More snow\r\n"));
	assert_non_null(strstr(mail, "closed on Thu 28 Jan 2027"));
	free(mail);
	assert_unjoinable(f);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "messages WHERE raw != X'' OR result LIKE '%secret%'"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox_mail WHERE data LIKE '%secret%'"), 0);

	/* After the close: a new respondent is stored and counted (and not
	 * mailed); someone who answered already is not counted twice. */
	assert_int_equal(answer(f, 3, 1, 1, "Late but honest"), 1);
	assert_int_equal(answer(f, 0, 1, 1, "Changed my mind"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_respondents"), 4);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_answers WHERE question_id = 'overall'"), 4);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM outbox "
	    "WHERE kind = 'evaluation-summary'"), 1);
	assert_unjoinable(f);
	out = report(f, EVALUATION_TEXT);
	assert_non_null(strstr(out, "4 of 5 attendees answered (80%). The "
	    "evaluation closed on Thu 28 Jan 2027."));
	assert_non_null(strstr(out, "Late but honest"));
	assert_null(strstr(out, "Changed my mind"));
	free(out);
}

static void
test_close_below_threshold(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, *mail;

	answer(f, 0, 2, 2, "Too cold");
	assert_int_equal(store_begin(f->st, &cause), 0);
	if (evaluation_close(f->st, f->c, f->s, f->sprint_id, 3, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(store_commit(f->st, &cause), 0);
	mail = testlib_query_text(f->st, "SELECT data FROM outbox_mail WHERE kind = "
	    "'evaluation-summary'");
	assert_non_null(mail);
	assert_non_null(strstr(mail, "1 answer so far; results are shown "
	    "from 3."));
	assert_null(strstr(mail, "Too cold"));
	assert_null(strstr(mail, "mean"));
	free(mail);
}

static void
test_earlier(void **state)
{
	struct fixture	*f = *state;
	struct sprint	*old = NULL;
	char		*cause = NULL, *yaml, *out, *p;
	int64_t		 old_id;
	int		 created;

	/* Last year's sprint asked the same question; 3 people rated 2. */
	yaml = xstrdup(f->s->source);
	p = strstr(yaml, "leysin-2027");
	memcpy(p, "leysin-2026", 11);
	p = strstr(yaml, "start: 2027");
	memcpy(p, "start: 2026", 11);
	p = strstr(yaml, "end: 2027");
	memcpy(p, "end: 2026", 9);
	p = strstr(yaml, "break_day: 2027");
	memcpy(p, "break_day: 2026", 15);
	p = strstr(yaml, "recommended_arrival: 2027");
	memcpy(p, "recommended_arrival: 2026", 25);
	if (sprint_load_string("old.yaml", yaml, strlen(yaml), &old,
	    &cause) != 0 || registry_sprint_put(f->st, old, "old.yaml",
	    &old_id, &created, &cause) != 0)
		fail_msg("%s", cause);
	free(yaml);
	assert_int_equal(store_exec(f->st, "INSERT INTO evaluation_respondents "
	    "VALUES (2, 1), (2, 2), (2, 3); INSERT INTO evaluation_answers "
	    "(id, sprint_id, question_id, rating) VALUES (11, 2, 'overall', 2), "
	    "(12, 2, 'overall', 2), (13, 2, 'overall', 3)", &cause), 0);
	answer(f, 0, 5, 4, NULL);
	answer(f, 1, 4, 3, NULL);
	answer(f, 2, 4, 4, NULL);
	out = report(f, EVALUATION_TEXT);
	assert_non_null(strstr(out, "  earlier sprints: leysin-2026 2.3 (3)\n"));
	free(out);
	sprint_free(&old);
}

static void
test_through_list(void **state)
{
	struct fixture		*f = *state;
	struct parse_result	 res;
	struct parse_answer	 a;
	struct compose_orig	 orig;
	char			*cause = NULL, *mail;

	memset(&res, 0, sizeof res);
	memset(&a, 0, sizeof a);
	memset(&orig, 0, sizeof orig);
	res.kind = PARSE_EVALUATION;
	res.from = (char *)emails[0];
	a.id = (char *)"change";
	a.text = (char *)"Secret complaint";
	res.answers = &a;
	res.nanswers = 1;
	orig.from = emails[0];
	orig.message_id = "<eval-1@example.org>";
	orig.subject = "Re: How was PyPy Leysin Winter Sprint 2027?";
	assert_int_equal(store_begin(f->st, &cause), 0);
	if (evaluation_apply(f->st, f->c, f->s, f->sprint_id, f->people[0],
	    &orig, &res, 0, 1, &cause) != 0 ||
	    evaluation_apply(f->st, f->c, f->s, f->sprint_id, f->people[1],
	    &(struct compose_orig){ 0, emails[1], "<eval-2@example.org>", NULL,
	    "Re: How was it?", 0, 0 }, &res, 1, 1, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(store_commit(f->st, &cause), 0);
	/* Stored both; only the one through the list is told, privately. */
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_respondents"), 2);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM outbox "
	    "WHERE kind = 'evaluation-list'"), 1);
	mail = testlib_query_text(f->st, "SELECT recipient || ' ' || data FROM "
	    "outbox_mail WHERE kind = 'evaluation-list'");
	assert_true(strncmp(mail, "bob@example.org ", 16) == 0);
	assert_non_null(strstr(mail, "everyone on the list"));
	assert_null(strstr(mail, "Secret complaint"));
	free(mail);
}

static void
test_check_config(void **state)
{
	struct fixture	*f = *state;
	struct config	 cfg;

	(void)f;
	memset(&cfg, 0, sizeof cfg);
	cfg.list_address = "pypy-sprint@example.org";
	cfg.from = "PyPy sprints <sprints@example.org>";
	assert_int_equal(evaluation_check_config(&cfg), 0);
	cfg.from = "PyPy sprints <PyPy-Sprint@example.org>";
	assert_int_equal(evaluation_check_config(&cfg), 1);
	cfg.from = "pypy-sprint@example.org";
	assert_int_equal(evaluation_check_config(&cfg), 1);
}

static void
test_sprint_report(void **state)
{
	struct fixture	*f = *state;
	char		*out = NULL, *cause = NULL;

	answer(f, 0, 5, 4, "More snow");
	if (sprintreport_rst(f->st, f->sprint_id, f->s, 3, &out, &cause) != 0)
		fail_msg("%s", cause);
	assert_non_null(strstr(out, "PyPy Leysin Winter Sprint 2027: sprint "
	    "report\n"));
	assert_non_null(strstr(out, ":Dates: Fri 8 January 2027 to Thu 14 "
	    "January 2027 (break day Mon 11 January 2027)\n"));
	assert_non_null(strstr(out, ":Venue: Chalet Ermina, Route de la "
	    "Cruaz, 1854 Leysin\n"));
	assert_non_null(strstr(out, ":People: 5, 1 of them at their first "
	    "sprint\n"));
	assert_non_null(strstr(out, "- Carla Tester (Thu 7 January - Thu 14 "
	    "January), first sprint\n"));
	assert_non_null(strstr(out, "- Fri 8 January 2027: 5\n"));
	assert_non_null(strstr(out, "- Mon 11 January 2027: 5 (break day)\n"));
	assert_non_null(strstr(out, "Newcomers\n---------\n\n- Carla "
	    "Tester\n"));
	assert_non_null(strstr(out, "Evaluation\n----------\n\n1 answer so "
	    "far; results are shown from 3.\n"));
	assert_null(strstr(out, "More snow"));
	free(out);
}

/* A database from before 005: its answers keep their respondents but
 * lose their link, and its evaluation mail is blanked. */
static void
test_migration(void **state)
{
	struct store	*st = NULL;
	char		*path, *cause = NULL;

	(void)state;
	path = testlib_tmp("old", ".sqlite");
	if (store_open_at(path, 4, &st, &cause) != 0)
		fail_msg("%s", cause);
	if (store_exec(st, "INSERT INTO sprints (slug, name, start_date, "
	    "end_date, timezone, capacity, source, created_at, updated_at) "
	    "VALUES ('s', 'S', '2027-01-08', '2027-01-14', 'UTC', 5, '', "
	    "'t', 't'); INSERT INTO people (email, created_at) VALUES "
	    "('a@example.org', 't'), ('b@example.org', 't'); "
	    "INSERT INTO messages (mailbox, uidvalidity, uid, sender, "
	    "sprint_id, kind, result, raw, size, received_at) VALUES ('I', 1, "
	    "1, 'a@example.org', 1, 'evaluation', "
	    "'{\"kind\":\"evaluation\",\"answers\":{\"change\":\"x\"}}', "
	    "'change: x', 9, 't'); "
	    "INSERT INTO evaluation_answers (sprint_id, person_id, "
	    "question_id, rating, answer, message_id, answered_at) VALUES "
	    "(1, 1, 'overall', 4, NULL, 1, 't'), (1, 1, 'change', NULL, 'x', "
	    "1, 't'), (1, 2, 'overall', 2, NULL, NULL, 't')", &cause) != 0)
		fail_msg("%s", cause);
	store_close(&st);
	if (store_open(path, &st, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(testlib_query_int(st, "SELECT count(*) FROM "
	    "evaluation_respondents"), 2);
	assert_int_equal(testlib_query_int(st, "SELECT count(*) FROM "
	    "evaluation_answers WHERE answer_set IS NULL"), 3);
	assert_int_equal(testlib_query_int(st, "SELECT count(*) FROM "
	    "pragma_table_info('evaluation_answers') WHERE name IN "
	    "('person_id', 'message_id', 'answered_at')"), 0);
	assert_int_equal(testlib_query_int(st, "SELECT length(raw) + size + "
	    "(json_type(result, '$.answers') IS NOT NULL) FROM messages"), 0);
	store_close(&st);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_threshold, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_forgotten, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_below_threshold,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_earlier, setup, teardown),
		cmocka_unit_test_setup_teardown(test_through_list, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_check_config, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sprint_report, setup,
		    teardown),
		cmocka_unit_test(test_migration),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
