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

/* test_sprint.c -- sprint files: the good one, and bad ones each rejected
 * with file:line: key: reason. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sprint.h"
#include "util.h"

static char *
data_path(const char *name)
{
	const char	*top = getenv("top_srcdir");

	return xprintf("%s/tests/data/sprints/%s", top ? top : ".", name);
}

static void
test_good(void **state)
{
	struct sprint	*s = NULL;
	char		*path = data_path("good.yaml"), *cause = NULL;
	char		 d[11];

	(void)state;
	assert_int_equal(sprint_load_file(path, &s, &cause), 0);
	assert_string_equal(s->slug, "leysin-2027");
	dates_format_iso(s->start, d);
	assert_string_equal(d, "2027-01-08");
	dates_format_iso(s->end, d);
	assert_string_equal(d, "2027-01-14");
	assert_true(s->has_break_day);
	dates_format_iso(s->break_day, d);
	assert_string_equal(d, "2027-01-11");
	assert_int_equal(sprint_days(s), 7);
	assert_int_equal(s->capacity, 15);
	assert_string_equal(s->venue_name, "Chalet Ermina");
	assert_int_equal(s->ngoals, 2);
	assert_int_equal(s->nannounce_to, 2);
	assert_string_equal(s->announce_to[1], "pypy-sprint@python.org");
	assert_int_equal(s->norganizers, 1);
	assert_string_equal(s->organizers[0].email, "arigo@example.org");
	assert_string_equal(s->currency, "CHF");
	assert_int_equal(s->nlodgings, 2);
	assert_string_equal(s->lodgings[0].name, "Ermina");
	assert_int_equal(s->nquestions, 3);
	assert_false(s->default_questions);
	assert_non_null(sprint_question(s, "VENUE"));
	assert_int_equal(sprint_question(s, "change")->type, SPRINT_Q_TEXT);
	assert_null(sprint_question(s, "nope"));
	assert_non_null(strstr(s->source, "slug: leysin-2027"));
	sprint_free(&s);
	assert_null(s);
	free(path);
}

static void
test_default_questions(void **state)
{
	struct sprint	*s = NULL;
	char		*path = data_path("good-default-questions.yaml");
	char		*cause = NULL;

	(void)state;
	assert_int_equal(sprint_load_file(path, &s, &cause), 0);
	assert_true(s->default_questions);
	assert_true(s->nquestions >= 4);
	assert_int_equal(sprint_question(s, "overall")->type, SPRINT_Q_RATING);
	assert_int_equal(sprint_question(s, "change")->type, SPRINT_Q_TEXT);
	sprint_free(&s);
	free(path);
}

static const struct {
	const char	*file;
	const char	*expect;	/* after "<path>/" */
} bad[] = {
	{ "bad-end-before-start.yaml",
	    "bad-end-before-start.yaml:4: end: before start (2027-01-08)" },
	{ "bad-start-not-real.yaml", "bad-start-not-real.yaml:3: start: "
	    "\"2027-02-30\" is not a real date: expected YYYY-MM-DD" },
	{ "bad-break-outside.yaml", "bad-break-outside.yaml:5: break_day: not "
	    "inside the sprint: expected a day after 2027-01-08 and before "
	    "2027-01-14" },
	{ "bad-break-first-day.yaml", "bad-break-first-day.yaml:5: break_day: "
	    "not inside the sprint" },
	{ "bad-timezone.yaml", "bad-timezone.yaml:6: timezone: "
	    "\"Europe/Leysin\": unknown time zone: expected a zoneinfo name "
	    "like Europe/Zurich" },
	/* A file of the zoneinfo directory that is not a zone (TZif). */
	{ "bad-timezone-table.yaml", "bad-timezone-table.yaml:6: timezone: "
	    "\"zone.tab\": unknown time zone" },
	{ "bad-timezone-path.yaml", "bad-timezone-path.yaml:6: timezone: "
	    "\"../../etc/passwd\": expected a zoneinfo name like Europe/Zurich" },
	{ "bad-capacity-zero.yaml", "bad-capacity-zero.yaml:7: capacity: "
	    "\"0\": expected a number from 1 to 10000" },
	{ "bad-capacity-word.yaml", "bad-capacity-word.yaml:7: capacity: "
	    "\"many\" is not a whole number" },
	{ "bad-announce-addr.yaml", "bad-announce-addr.yaml:14: announce_to: "
	    "\"pypy-dev-at-python.org\": not a mail address" },
	{ "bad-organizer-email.yaml", "bad-organizer-email.yaml:15: "
	    "organizers[0].email: \"arigo@example .org\": not a mail address" },
	{ "bad-slug.yaml", "bad-slug.yaml:1: slug: \"Leysin 2027\": expected "
	    "lower-case letters, digits and '-'" },
	{ "bad-missing-slug.yaml", "bad-missing-slug.yaml:1: slug: missing "
	    "(required key)" },
	{ "bad-unknown-key.yaml", "bad-unknown-key.yaml:8: locaton: unknown "
	    "key: did you mean `location`?" },
	{ "bad-date-format.yaml", "bad-date-format.yaml:3: start: "
	    "\"08.01.2027\": wrong format, expected YYYY-MM-DD" },
	{ "bad-tab.yaml", "bad-tab.yaml:18: a tab: YAML indents with spaces "
	    "only" },
	{ "bad-arrival-early.yaml", "bad-arrival-early.yaml:10: "
	    "recommended_arrival: expected a day from 2027-01-01 to "
	    "2027-01-08" },
	{ "bad-too-long.yaml", "bad-too-long.yaml:4: end: the sprint would "
	    "last 66 days: at most 31" },
	{ "bad-question-type.yaml", "bad-question-type.yaml:24: "
	    "evaluation[0].type: \"stars\": expected rating or text" },
	{ "bad-question-dup.yaml", "bad-question-dup.yaml:25: evaluation[1]: "
	    "id \"overall\" given twice" },
	{ "bad-question-clash.yaml", "bad-question-clash.yaml:26: "
	    "evaluation[2].id: \"arrive\": clashes with a registration form "
	    "field" },
	{ "bad-goals-type.yaml", "bad-goals-type.yaml:11: goals: expected a "
	    "list of strings" },
	{ "bad-name-list.yaml", "bad-name-list.yaml:2: name: expected a "
	    "string" },
	{ "bad-venue-url.yaml", "bad-venue-url.yaml:9: venue.url: "
	    "\"ftp://ermina.ch/\": expected an http:// or https:// URL" },
	{ "bad-no-organizers.yaml", "bad-no-organizers.yaml:15: organizers: "
	    "the list is empty" },
	{ "bad-evaluation-days.yaml", "bad-evaluation-days.yaml:27: "
	    "evaluation_days: \"3\": expected a number of days from 9 (after "
	    "the reminder) to 365" },
	{ "bad-yaml-syntax.yaml", "bad-yaml-syntax.yaml:2: YAML syntax "
	    "error" },
	{ "bad-empty.yaml", "bad-empty.yaml:1: the file is empty" },
	{ "bad-duplicate-key.yaml", "bad-duplicate-key.yaml:8: capacity: "
	    "given twice" },
};

static void
test_bad_files(void **state)
{
	struct sprint	*s;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(bad); i++) {
		char	*path = data_path(bad[i].file), *cause = NULL;
		char	*want = data_path(bad[i].expect);

		s = NULL;
		if (sprint_load_file(path, &s, &cause) != -1)
			fail_msg("%s was accepted", bad[i].file);
		assert_null(s);
		if (strncmp(cause, want, strlen(want)) != 0)
			fail_msg("%s:\n got  %s\n want %s...", bad[i].file,
			    cause, want);
		free(cause);
		free(path);
		free(want);
	}
}

static void
test_missing_file(void **state)
{
	struct sprint	*s = NULL;
	char		*cause = NULL;

	(void)state;
	assert_int_equal(sprint_load_file("no/such/sprint.yaml", &s, &cause),
	    -1);
	assert_non_null(strstr(cause, "no/such/sprint.yaml: No such file"));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_default_questions),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
