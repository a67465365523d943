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
 * test_interest.c -- the pre-announcement's options, the answers to it
 * (as the form reader reads them), their counts (returning and new
 * apart) and the JSON of sprintctl interest; the sprint's own fields,
 * read and checked.
 */
#include "config-auto.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "interest.h"
#include "parse.h"
#include "registry.h"
#include "sprint.h"
#include "testlib.h"
#include "util.h"

/* A sprint with two options and no dates, and its own fields. */
static const char plan_yaml[] =
    "slug: plan-2027\n"
    "name: PyPy Spring Sprint 2027\n"
    "options: [{start: 2027-03-15, end: 2027-03-19},\n"
    "          {start: 2027-03-01, end: 2027-03-05}]\n"
    "timezone: Europe/Zurich\n"
    "capacity: 20\n"
    "location: Leysin, Switzerland\n"
    "announce_to: [pypy-dev@example.org]\n"
    "organizers: [{name: Armin Rigo, email: arigo@example.org}]\n"
    "fields:\n"
    "  - {id: tshirt, label: \"T-shirt\", values: [S, M, L, XL]}\n"
    "  - {id: laptop, label: \"Laptop OS\"}\n";

static struct sprint *
plan_sprint(const char *yaml)
{
	struct sprint	*s = NULL;
	char		*cause = NULL;

	if (sprint_load_string("plan.yaml", yaml, strlen(yaml), &s,
	    &cause) != 0)
		fail_msg("%s", cause);
	return s;
}

static void
test_options(void **state)
{
	struct sprint	*s = plan_sprint(plan_yaml);
	char		 a[11], b[11];

	(void)state;
	assert_int_equal(s->noptions, 2);
	assert_true(s->dates_open);
	/* Until the dates are fixed, the sprint's are the earliest
	 * option's. */
	dates_format_iso(s->start, a);
	dates_format_iso(s->end, b);
	assert_string_equal(a, "2027-03-01");
	assert_string_equal(b, "2027-03-05");
	dates_format_iso(interest_earliest(s), a);
	assert_string_equal(a, "2027-03-01");
	assert_int_equal(s->nfields, 2);
	assert_string_equal(s->fields[0].label, "T-shirt");
	assert_int_equal(s->fields[0].nvalues, 4);
	assert_int_equal(s->fields[1].nvalues, 0);
	assert_ptr_equal(sprint_field(s, "t shirt"), &s->fields[0]);
	assert_ptr_equal(sprint_field(s, "LAPTOP"), &s->fields[1]);
	assert_null(sprint_field(s, "diet"));
	sprint_free(&s);
}

/* Sprint files that are refused, and the start of what is said. */
static const struct {
	const char	*from, *to;	/* plan_yaml with from replaced */
	const char	*expect;
} bad_files[] = {
	{ "options: [{start: 2027-03-15, end: 2027-03-19},\n"
	  "          {start: 2027-03-01, end: 2027-03-05}]\n", "",
	  "plan.yaml:1: start: missing: expected start and end, or options" },
	{ "end: 2027-03-19}", "end: 2027-03-10}",
	  "plan.yaml:3: options[0]: end: before start (2027-03-15)" },
	{ "options: [", "options: [{start: 2027-04-01, end: 2027-04-02}, "
	  "{start: 2027-04-03, end: 2027-04-04}, {start: 2027-04-05, end: "
	  "2027-04-06}, ", "plan.yaml:3: options: at most 4 entries" },
	{ "options: [", "start: 2027-03-01\noptions: [",
	  "plan.yaml:1: end: missing: expected start and end together" },
	{ "values: [S, M, L, XL]", "values: [S, \"M,L\"]",
	  "plan.yaml:11: fields[0].values: \"M,L\": must not contain ','" },
	{ "label: \"Laptop OS\"", "label: \"Diet\"",
	  "plan.yaml:12: fields[1]: label: \"Diet\" clashes with a "
	  "registration form field" },
	{ "id: laptop, label: \"Laptop OS\"", "id: tshirt, label: \"Size\"",
	  "plan.yaml:12: fields[1]: id \"tshirt\" or label \"Size\" given "
	  "twice" },
	{ "id: laptop", "id: \"lap top\"",
	  "plan.yaml:12: fields[1].id: \"lap top\": expected letters" },
};

static void
test_bad_files(void **state)
{
	struct sprint	*s;
	char		*yaml, *cause, *p;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(bad_files); i++) {
		p = strstr(plan_yaml, bad_files[i].from);
		assert_non_null(p);
		yaml = xprintf("%.*s%s%s", (int)(p - plan_yaml), plan_yaml,
		    bad_files[i].to, p + strlen(bad_files[i].from));
		s = NULL;
		cause = NULL;
		if (sprint_load_string("plan.yaml", yaml, strlen(yaml), &s,
		    &cause) != -1)
			fail_msg("case %zu was accepted", i);
		if (strncmp(cause, bad_files[i].expect,
		    strlen(bad_files[i].expect)) != 0)
			fail_msg("case %zu:\n got  %s\n want %s...", i, cause,
			    bad_files[i].expect);
		free(cause);
		free(yaml);
	}
}

/* Answers as written, and how they read: -9 is "not an answer". */
#define NOT	-9
#define N	INTEREST_NONE
#define NO	INTEREST_NO
#define MB	INTEREST_MAYBE
#define YES	INTEREST_YES
static const struct {
	const char	*text;
	int		 interested, d1, d2;
	const char	*topics;
	const char	*error;		/* part of the one error, or NULL */
} replies[] = {
	{ "Interested: yes\nDates: 1 yes, 2 no\nTopics: JIT, STM\n",
	    YES, YES, NO, "JIT, STM", NULL },
	{ "interested:Maybe\ndates: 1: maybe; 2=yes\n", MB, MB, YES, NULL,
	    NULL },
	{ "Interested: no\n", NO, N, N, NULL, NULL },
	{ "Interested: vielleicht\nDate: 2 ja\n", MB, N, YES, NULL, NULL },
	/* Dates alone, while the dates are open. */
	{ "Dates: 1 no 2 yes\n", N, NO, YES, NULL, NULL },
	{ "Intrested: yes\n", N, N, N, NULL,
	    "unknown field \"Intrested\": did you mean \"Interested\"?" },
	{ "Interested: lukewarm\n", N, N, N, NULL,
	    "Interested: \"lukewarm\" could not be read; expected yes, "
	    "maybe or no" },
	{ "Interested: yes\nDates: 3 yes\n", YES, N, N, NULL,
	    "Dates: there is no option 3; expected the options' numbers, "
	    "1 to 2" },
	{ "Interested: yes\nDates: 1 often\n", YES, N, N, NULL,
	    "Dates: \"often\" after option 1 could not be read" },
	{ "Interested: yes\nDates: March please\n", YES, N, N, NULL,
	    "Dates: \"March please\" could not be read; expected each "
	    "option's number" },
	{ "Interested: yes\nDates: 1 yes, 1 no\n", YES, YES, N, NULL,
	    "Dates: option 1 given twice with different answers" },
	{ "Dates:\nTopics: JIT\n", N, N, N, "JIT", "Interested: missing" },
	{ "Topics: JIT\n", NOT, 0, 0, NULL, NULL },
	/* Not an answer: a registration, list talk. */
	{ "Name: Anna\nArrive: 2027-03-01\n", NOT, 0, 0, NULL, NULL },
	{ "Are there dates yet?\n", NOT, 0, 0, NULL, NULL },
};

static void
test_read(void **state)
{
	struct sprint		*s = plan_sprint(plan_yaml);
	struct interest_reply	*ir;
	char			**errors;
	size_t			 i, n, k;
	int			 r;

	(void)state;
	for (i = 0; i < nitems(replies); i++) {
		errors = NULL;
		n = 0;
		r = interest_read(s, replies[i].text, &ir, &errors, &n);
		if (replies[i].interested == NOT) {
			if (r != 0)
				fail_msg("case %zu read as an answer", i);
			assert_null(ir);
			continue;
		}
		if (r != 1)
			fail_msg("case %zu: not read as an answer", i);
		if (replies[i].error == NULL && n > 0)
			fail_msg("case %zu: %s", i, errors[0]);
		if (replies[i].error != NULL && (n != 1 ||
		    strstr(errors[0], replies[i].error) == NULL))
			fail_msg("case %zu: got %zu errors (%s), want \"%s\"",
			    i, n, n > 0 ? errors[0] : "", replies[i].error);
		assert_int_equal(ir->interested, replies[i].interested);
		assert_int_equal(ir->dates[0], replies[i].d1);
		assert_int_equal(ir->dates[1], replies[i].d2);
		if (replies[i].topics != NULL)
			assert_string_equal(ir->topics, replies[i].topics);
		else
			assert_null(ir->topics);
		for (k = 0; k < n; k++)
			free(errors[k]);
		free(errors);
		interest_reply_free(&ir);
	}
	sprint_free(&s);
}

static void
test_effective(void **state)
{
	struct interest_reply	 ir;

	(void)state;
	memset(&ir, 0, sizeof ir);
	ir.interested = INTEREST_MAYBE;
	ir.dates[0] = INTEREST_YES;
	ir.dates[1] = INTEREST_NONE;
	/* An option without its own answer takes the sprint's. */
	assert_int_equal(interest_for_option(&ir, 0), INTEREST_YES);
	assert_int_equal(interest_for_option(&ir, 1), INTEREST_MAYBE);
	assert_int_equal(interest_overall(&ir), INTEREST_MAYBE);
	ir.interested = INTEREST_NONE;
	assert_int_equal(interest_overall(&ir), INTEREST_YES);
}

/* Records the answer text from from, as ingest would (no mail). */
static void
answer(struct store *st, const struct sprint *s, int64_t id,
    const char *from, const char *text)
{
	struct parse_result	 res;
	char			**errors = NULL, *cause = NULL;
	size_t			 n = 0;

	memset(&res, 0, sizeof res);
	res.kind = PARSE_INTEREST;
	res.from = (char *)from;
	assert_int_equal(interest_read(s, text, &res.interest, &errors, &n),
	    1);
	assert_int_equal(n, 0);
	free(errors);
	if (interest_apply(st, NULL, s, id, 0, NULL, &res, 0, &cause) != 0)
		fail_msg("%s", cause);
	interest_reply_free(&res.interest);
}

static void
test_count_and_json(void **state)
{
	struct interest_counts	 ic;
	struct testlib_sprint	 old = { .slug = "old-2020", .name = "Old",
	    .start = "2020-01-06", .end = "2020-01-10", .break_day = "" };
	struct store		*st;
	struct sprint		*s, *o;
	json_t			*j, *opt;
	json_error_t		 e;
	const char		*key;
	json_t			*v;
	char			*text, *cause = NULL;
	int64_t			 id, old_id;
	int			 created, k;
	static const char *const keys[] = { "sprint", "options",
	    "interested", "topics" };
	static const char *const okeys[] = { "start", "end", "yes", "maybe",
	    "no", "returning", "new" };

	(void)state;
	testlib_store_sprint(plan_sprint(plan_yaml), 1, &st, &s, &id, NULL);
	/* Anna came to a sprint that has ended; Nina and Otto did not. */
	o = testlib_sprint_new(&old);
	assert_int_equal(registry_sprint_put(st, o, "old.yaml", &old_id,
	    &created, &cause), 0);
	testlib_register(st, old_id, 10, "anna@example.org", "Anna", 0);
	sprint_free(&o);

	answer(st, s, id, "anna@example.org",
	    "Interested: yes\nDates: 1 yes, 2 maybe\nTopics: JIT, numpy\n");
	answer(st, s, id, "nina@example.org",
	    "Interested: yes\nDates: 1 no, 2 yes\nTopics: jit; STM\n");
	answer(st, s, id, "otto@example.org", "Interested: no\n");
	/* A later answer replaces the earlier one, as a whole. */
	answer(st, s, id, "bert@example.org", "Interested: yes\n");
	answer(st, s, id, "bert@example.org", "Interested: no\n");

	assert_int_equal(interest_count(st, id, &ic, &cause), 0);
	assert_int_equal(ic.answers, 4);
	assert_int_equal(ic.interested, 2);
	assert_int_equal(ic.noptions, 2);
	/* Option 1 is the file's first: 15 to 19 March. */
	assert_int_equal(ic.options[0].yes, 1);
	assert_int_equal(ic.options[0].maybe, 0);
	assert_int_equal(ic.options[0].no, 3);
	assert_int_equal(ic.options[0].returning, 1);
	assert_int_equal(ic.options[0].new, 0);
	assert_int_equal(ic.options[1].yes, 1);
	assert_int_equal(ic.options[1].maybe, 1);
	assert_int_equal(ic.options[1].no, 2);
	assert_int_equal(ic.options[1].returning, 1);
	assert_int_equal(ic.options[1].new, 1);
	/* Each topic once, as first written. */
	assert_int_equal(ic.ntopics, 3);
	assert_string_equal(ic.topics[0], "JIT");
	assert_string_equal(ic.topics[1], "numpy");
	assert_string_equal(ic.topics[2], "STM");

	text = interest_counts_json(s->slug, &ic);
	j = json_loads(text, 0, &e);
	assert_non_null(j);
	/* The spec's keys, in its order, and nothing else. */
	k = 0;
	json_object_foreach(j, key, v) {
		assert_true(k < (int)nitems(keys));
		assert_string_equal(key, keys[k++]);
	}
	assert_int_equal(k, nitems(keys));
	assert_string_equal(json_string_value(json_object_get(j, "sprint")),
	    "plan-2027");
	assert_int_equal(json_integer_value(json_object_get(j, "interested")),
	    2);
	assert_int_equal(json_array_size(json_object_get(j, "topics")), 3);
	opt = json_array_get(json_object_get(j, "options"), 1);
	k = 0;
	json_object_foreach(opt, key, v)
		assert_string_equal(key, okeys[k++]);
	assert_int_equal(k, nitems(okeys));
	assert_string_equal(json_string_value(json_object_get(opt, "start")),
	    "2027-03-01");
	assert_int_equal(json_integer_value(json_object_get(opt, "new")), 1);
	json_decref(j);
	free(text);
	text = interest_counts_text(s, &ic);
	assert_non_null(strstr(text, "2 interested, 4 answers"));
	assert_non_null(strstr(text, "2. Mon 1 Mar to Fri 5 Mar 2027\n"
	    "   yes 1, maybe 1, no 2; of yes and maybe: 1 returning, 1 new"));
	free(text);
	interest_counts_clear(&ic);
	store_close(&st);
	sprint_free(&s);
}

/* The sprint's own fields, as a registration gives them. */
static const struct {
	const char	*lines;
	const char	*tshirt, *laptop;	/* "-": not given, NULL: "?" */
	const char	*error;
} field_cases[] = {
	{ "T-shirt: l\nLaptop OS: Debian 12\n", "L", "Debian 12", NULL },
	{ "tshirt: XL\n", "XL", "-", NULL },
	{ "T shirt: ?\n", NULL, "-", NULL },
	{ "T-shirt: XXL\n", "-", "-", "T-shirt: \"XXL\" is not one of the "
	    "choices; expected one of S, M, L, XL" },
	{ "T-shrt: M\n", "-", "-",
	    "unknown field \"T-shrt\": did you mean \"T-shirt\"?" },
	{ "T-shirt: M\nT-shirt: L\n", "M", "-", "T-shirt: given twice with "
	    "different values, \"M\" and \"L\"" },
};

static const char *
custom_of(const struct parse_result *r, const char *id)
{
	size_t	 i;

	for (i = 0; i < r->ncustom; i++)
		if (strcmp(r->custom[i].id, id) == 0)
			return r->custom[i].value;
	return "-";
}

static void
test_fields(void **state)
{
	struct sprint		*s;
	struct parse_result	*r;
	char			*raw, *cause = NULL, *yaml;
	const char		*v;
	size_t			 i;

	(void)state;
	/* With its dates fixed: a registration, not an interest answer. */
	yaml = xprintf("slug: f\nname: F\nstart: 2027-03-01\nend: "
	    "2027-03-05\n%s", strstr(plan_yaml, "timezone:"));
	s = plan_sprint(yaml);
	for (i = 0; i < nitems(field_cases); i++) {
		raw = xprintf("From: Anna <anna@example.org>\nTo: "
		    "list@example.org\nSubject: Re: F\nMessage-ID: "
		    "<f%zu@example.org>\nDate: Mon, 1 Feb 2027 10:00:00 +0000\n"
		    "\nName: Anna\nArrive: 2027-03-01\nDepart: 2027-03-05\n%s",
		    i, field_cases[i].lines);
		if (parse_message(raw, strlen(raw), s, NULL, &r, &cause) != 0)
			fail_msg("%s", cause);
		if (field_cases[i].error == NULL) {
			if (r->kind != PARSE_REGISTRATION)
				fail_msg("case %zu: %s", i, r->nerrors > 0 ?
				    r->errors[0] : parse_kind_name(r->kind));
		} else if (r->kind != PARSE_INVALID || r->nerrors != 1 ||
		    strstr(r->errors[0], field_cases[i].error) == NULL)
			fail_msg("case %zu: got %s (%s), want \"%s\"", i,
			    parse_kind_name(r->kind), r->nerrors > 0 ?
			    r->errors[0] : "", field_cases[i].error);
		v = custom_of(r, "tshirt");
		if (field_cases[i].tshirt == NULL)
			assert_null(v);
		else
			assert_string_equal(v, field_cases[i].tshirt);
		assert_string_equal(custom_of(r, "laptop"),
		    field_cases[i].laptop);
		parse_free(&r);
		free(raw);
	}
	sprint_free(&s);
	free(yaml);
}

/* While the dates are open, a registration is answered, not guessed. */
static void
test_open_registration(void **state)
{
	struct sprint		*s = plan_sprint(plan_yaml);
	struct parse_result	*r;
	char			*cause = NULL;
	static const char	 raw[] = "From: Anna <anna@example.org>\n"
	    "Subject: Re: plan\nMessage-ID: <o@example.org>\n"
	    "Date: Mon, 1 Feb 2027 10:00:00 +0000\n\n"
	    "Name: Anna\nArrive: 2027-03-01\nDepart: 2027-03-05\n";

	(void)state;
	assert_int_equal(parse_message(raw, strlen(raw), s, NULL, &r, &cause),
	    0);
	assert_int_equal(r->kind, PARSE_INVALID);
	assert_int_equal(r->nerrors, 1);
	assert_non_null(strstr(r->errors[0], "the dates of PyPy Spring "
	    "Sprint 2027 are not fixed yet; expected an answer"));
	parse_free(&r);
	sprint_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_effective),
		cmocka_unit_test(test_count_and_json),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_open_registration),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
