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

/* test_report.c -- the people table (rst, csv, json, html) and the per-day
 * headcounts, from a real temporary store (the evaluation: test_evaluation.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "registry.h"
#include "peoplelist.h"
#include "store.h"
#include "util.h"
#include "testlib.h"


/* The demo's sprint with three questions. */
static struct testlib_sprint sprint_spec = {
	.extra = "evaluation:\n"
    "  - {id: overall, type: rating, question: \"Overall? (1-5)\"}\n"
    "  - {id: venue, type: rating, question: \"The venue? (1-5)\"}\n"
    "  - {id: change, type: text, question: \"What should change?\"}\n",
};

struct fixture {
	char		*path;
	struct store	*st;
	struct sprint	*s;
	int64_t		 id;
	int64_t		 people[8];
};

/* Registers one person through registry.h, as the daemon does; with
 * tentative dates when tentative is set. */
static int64_t
add_reg_t(struct fixture *f, const char *email, const char *name,
    const char *arrive, const char *depart, int local, const char *accom,
    const char *diet, const char *want_status, int tentative)
{
	struct parse_result	 res;
	struct registry_reg	 out;
	enum registry_change	 change;
	char			*cause = NULL;
	int64_t			 pid;

	memset(&res, 0, sizeof res);
	res.kind = PARSE_REGISTRATION;
	res.from = (char *)email;
	res.name = (char *)name;
	res.arrive_state = DATES_UNKNOWN;
	res.depart_state = DATES_UNKNOWN;
	if (arrive != NULL) {
		assert_int_equal(dates_parse_iso(arrive, &res.arrive), 0);
		res.arrive_state = DATES_KNOWN;
	}
	if (depart != NULL) {
		assert_int_equal(dates_parse_iso(depart, &res.depart), 0);
		res.depart_state = DATES_KNOWN;
	}
	res.local = local;
	res.tentative = tentative;
	res.accommodation = (char *)accom;
	res.newcomer = PARSE_NULL;
	res.funding = PARSE_NO;
	res.diet = (char *)diet;
	res.given = PARSE_HAS_ALL;
	if (registry_person(f->st, email, name, &pid, &cause) != 0)
		fail_msg("%s", cause);
	if (registry_register(f->st, f->id, f->s->capacity, pid, 0, &res,
	    &change, &out, &cause) != 0)
		fail_msg("%s", cause);
	assert_string_equal(out.status, want_status);
	registry_reg_clear(&out);
	return pid;
}

static int64_t
add_reg(struct fixture *f, const char *email, const char *name,
    const char *arrive, const char *depart, int local, const char *accom,
    const char *diet, const char *want_status)
{
	return add_reg_t(f, email, name, arrive, depart, local, accom, diet,
	    want_status, 0);
}

/*
 * The sprint of every test: five registered (one local, one arriving
 * early, one without a departure, one leaving after the end, non-ASCII
 * and double-width names) and one on the waiting list.
 */
static void
fixture_open(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	testlib_store_sprint(testlib_sprint_new(&sprint_spec), 0, &f->st,
	    &f->s, &f->id, &f->path);
	f->people[0] = add_reg(f, "asa@example.org", "Åsa Öberg",
	    "2027-01-07", "2027-01-14", 0, "Ermina", NULL, "registered");
	f->people[1] = add_reg(f, "bob@example.org", "Bob Smith",
	    "2027-01-08", NULL, 0, NULL, NULL, "registered");
	f->people[2] = add_reg(f, "carl@example.org", "Carl Local",
	    NULL, NULL, 1, NULL, NULL, "registered");
	f->people[3] = add_reg(f, "maciej@example.org", "Maciej Fijałkowski",
	    "2027-01-09", "2027-01-12", 0, "private", NULL, "registered");
	f->people[4] = add_reg(f, "taro@example.org", "日本 太郎",
	    "2027-01-10", "2027-01-16", 0, "Ermina", NULL, "registered");
	f->people[5] = add_reg(f, "wendy@example.org", "=SUM(A1:A9)",
	    "2027-01-08", "2027-01-14", 0, "Hotel \"Post\", room 3",
	    "vegan\r\nno nuts", "waiting");
}

static void
fixture_close(struct fixture *f)
{
	sprint_free(&f->s);
	store_close(&f->st);
	free(f->path);
}

/* Returns the line of text that starts with prefix, as a new string. */
static char *
line_starting(const char *text, const char *prefix)
{
	const char	*p = text, *e;

	while (p != NULL && *p != '\0') {
		e = strchr(p, '\n');
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			return e != NULL ? xstrndup(p, (size_t)(e - p)) :
			    xstrdup(p);
		p = e != NULL ? e + 1 : NULL;
	}
	fail_msg("no line starting with \"%s\" in:\n%s", prefix, text);
	return NULL;
}

static void
test_format_parse(void **state)
{
	enum peoplelist_format	 f;

	(void)state;
	assert_int_equal(peoplelist_format_parse("rst", &f), 0);
	assert_int_equal(f, PEOPLELIST_RST);
	assert_int_equal(peoplelist_format_parse("html", &f), 0);
	assert_int_equal(f, PEOPLELIST_HTML);
	assert_int_equal(peoplelist_format_parse("text", &f), 0);
	assert_int_equal(f, PEOPLELIST_TEXT);
	assert_int_equal(peoplelist_format_parse("RST", &f), -1);
	assert_int_equal(peoplelist_format_parse("xml", &f), -1);
}

static void
test_people_rst(void **state)
{
	struct fixture	 f;
	char		*out = NULL, *cause = NULL, *line, *border;

	(void)state;
	fixture_open(&f);
	/* Waits after Wendy though arriving earlier: listed after her. */
	add_reg(&f, "zoe@example.org", "Zo *Late*", "2027-01-07",
	    "2027-01-09", 0, NULL, NULL, "waiting");
	if (peoplelist_people(f.st, f.id, f.s, PEOPLELIST_RST, &out,
	    &cause) != 0)
		fail_msg("%s", cause);
	/* The title, underlined to its width. */
	assert_true(strncmp(out, "People coming to the PyPy Leysin Winter "
	    "Sprint 2027\n===================================================\n",
	    104) == 0);
	/*
	 * Column widths from content: the name column is as wide as
	 * "Maciej Fijałkowski" (18 code points, 19 bytes), Arrive/Depart as
	 * its header (13). Every row pads by display width.
	 */
	border = line_starting(out, "================== ");
	assert_string_equal(border, "================== ============= "
	    "============");
	free(border);
	line = line_starting(out, "Name ");
	assert_string_equal(line, "Name               Arrive/Depart "
	    "Accomodation");
	free(line);
	line = line_starting(out, "Åsa");
	assert_string_equal(line, "Åsa Öberg          7/1 - 14/1    Ermina");
	free(line);
	line = line_starting(out, "Maciej");
	assert_string_equal(line, "Maciej Fijałkowski 9/1 - 12/1    private");
	free(line);
	/* Double-width characters take two columns each. */
	line = line_starting(out, "日本");
	assert_string_equal(line, "日本 太郎          10/1 - 16/1   Ermina");
	free(line);
	/* Unknown departure and accommodation are "?". */
	line = line_starting(out, "Bob");
	assert_string_equal(line, "Bob Smith          8/1 - ?       ?");
	free(line);
	/* Local people live there and need no accommodation. */
	line = line_starting(out, "Carl");
	assert_string_equal(line, "Carl Local         lives there   --");
	free(line);
	/* Local first, then by arrival. */
	assert_true(strstr(out, "Carl Local") < strstr(out, "Åsa Öberg"));
	assert_true(strstr(out, "Åsa Öberg") < strstr(out, "Bob Smith"));
	assert_true(strstr(out, "Bob Smith") < strstr(out, "Maciej"));
	/* The waiting list, after the people who come, in its own table. */
	assert_non_null(strstr(out, "\nWaiting list\n------------\n"));
	/* A value that would start a body element is escaped (rst.h). */
	line = line_starting(out, "\\=SUM");
	assert_string_equal(line, "\\=SUM(A1\\:A9) 8/1 - 14/1    "
	    "Hotel \"Post\", room 3");
	free(line);
	assert_true(strstr(out, "Waiting list") < strstr(out, "=SUM"));
	/* In the order places are given, with rst markup escaped. */
	line = line_starting(out, "Zo ");
	assert_string_equal(line, "Zo \\*Late\\*   7/1 - 9/1     ?");
	free(line);
	assert_true(strstr(out, "=SUM") < strstr(out, "Zo \\"));
	/* Waiting people are not counted: 2027-01-07 stays at 1. */
	assert_true(strstr(out, "日本") < strstr(out, "Waiting list"));
	/* The headcounts: early arrival, estimate, break day, late leaver. */
	assert_non_null(strstr(out, "\nPeople per day\n--------------\n"));
	line = line_starting(out, "2027-01-07");
	assert_string_equal(line, "2027-01-07 Thu 1      outside the sprint");
	free(line);
	line = line_starting(out, "2027-01-08");
	assert_string_equal(line, "2027-01-08 Fri 3      estimate");
	free(line);
	line = line_starting(out, "2027-01-10");
	assert_string_equal(line, "2027-01-10 Sun 5      estimate");
	free(line);
	line = line_starting(out, "2027-01-11");
	assert_string_equal(line, "2027-01-11 Mon 5      break day; estimate");
	free(line);
	line = line_starting(out, "2027-01-13");
	assert_string_equal(line, "2027-01-13 Wed 4      estimate");
	free(line);
	line = line_starting(out, "2027-01-16");
	assert_string_equal(line, "2027-01-16 Sat 1      outside the sprint");
	free(line);
	assert_null(strstr(out, "2027-01-06"));
	assert_null(strstr(out, "2027-01-17"));
	/* No line ends in a blank. */
	assert_null(strstr(out, " \n"));
	free(out);

	/* The public file: the same people, the waiting list a count. */
	if (peoplelist_public(f.st, f.id, f.s, &out, &cause) != 0)
		fail_msg("%s", cause);
	line = line_starting(out, "Åsa");
	assert_string_equal(line, "Åsa Öberg          7/1 - 14/1    Ermina");
	free(line);
	assert_non_null(strstr(out, "\nWaiting list\n------------\n\n"
	    "The sprint has room for 5. 2 people are on the waiting list: "
	    "they get a\nplace, in the order they registered, when someone "
	    "cancels.\n"));
	assert_null(strstr(out, "SUM"));
	assert_null(strstr(out, "Late"));
	assert_null(strstr(out, "@"));
	assert_non_null(strstr(out, "\nPeople per day\n"));
	free(out);
	fixture_close(&f);
}

static void
test_days(void **state)
{
	struct fixture		 f;
	struct registry_reg	*regs;
	struct peoplelist_day	*days;
	char			*cause = NULL, iso[11];
	size_t			 n, ndays, i;
	static const int	 want[] = { 1, 3, 4, 5, 5, 5, 4, 4, 1, 1 };

	(void)state;
	fixture_open(&f);
	/* All active registrations: the waiting one must not count. */
	assert_int_equal(registry_list(f.st, f.id, NULL, &regs, &n, &cause), 0);
	assert_int_equal(n, 6);
	days = peoplelist_days(f.s, regs, n, &ndays);
	assert_int_equal(ndays, nitems(want));
	for (i = 0; i < ndays; i++) {
		dates_format_iso(days[i].day, iso);
		if (days[i].count != want[i])
			fail_msg("%s: %d people, want %d", iso, days[i].count,
			    want[i]);
	}
	dates_format_iso(days[0].day, iso);
	assert_string_equal(iso, "2027-01-07");
	assert_false(days[0].in_sprint);
	assert_false(days[0].estimate);
	assert_true(days[4].is_break);
	assert_false(days[3].is_break);
	/* Bob, without a departure, is counted to the end as an estimate. */
	assert_true(days[7].estimate);
	assert_false(days[8].estimate);
	assert_true(days[7].in_sprint);
	assert_false(days[8].in_sprint);
	free(days);
	registry_regs_free(regs, n);

	/* Nobody: the sprint's own days, all zero. */
	days = peoplelist_days(f.s, NULL, 0, &ndays);
	assert_int_equal(ndays, 7);
	for (i = 0; i < ndays; i++)
		assert_int_equal(days[i].count, 0);
	free(days);
	fixture_close(&f);
}

static void
test_people_csv(void **state)
{
	struct fixture	 f;
	char		*out = NULL, *cause = NULL;

	(void)state;
	fixture_open(&f);
	if (peoplelist_people(f.st, f.id, f.s, PEOPLELIST_CSV, &out,
	    &cause) != 0)
		fail_msg("%s", cause);
	assert_true(strncmp(out, "name,email,status,arrive,depart,local,"
	    "accommodation,newcomer,funding,diet,tentative,topics\r\n",
	    90) == 0);
	assert_non_null(strstr(out, "\r\nÅsa Öberg,asa@example.org,registered,"
	    "2027-01-07,2027-01-14,no,Ermina,,no,,no,\r\n"));
	assert_non_null(strstr(out, "\r\nCarl Local,carl@example.org,"
	    "registered,,,yes,,,no,,no,\r\n"));
	/* A formula gets a leading ', and fields with , " CR LF are quoted
	 * with doubled quotes. */
	assert_non_null(strstr(out, "\r\n\"'=SUM(A1:A9)\",wendy@example.org,"
	    "waiting,2027-01-08,2027-01-14,no,\"Hotel \"\"Post\"\", room 3\","
	    ",no,\"vegan\r\nno nuts\",no,\r\n"));
	assert_null(strstr(out, ",=SUM"));
	/* Every record ends in CRLF; no bare LF outside the quoted field. */
	assert_int_equal(out[strlen(out) - 1], '\n');
	assert_int_equal(out[strlen(out) - 2], '\r');
	free(out);
	fixture_close(&f);
}

/* Evaluates one SQL expression over the JSON ?1 and returns it as text. */
static char *
json_query(struct fixture *f, const char *json, const char *expr)
{
	sqlite3_stmt	*stmt;
	char		*sql = xprintf("SELECT %s", expr), *v;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), sql, -1, &stmt,
	    NULL), SQLITE_OK);
	store_bind_text(stmt, 1, json);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = store_column_dup(stmt, 0);
	sqlite3_finalize(stmt);
	free(sql);
	return v != NULL ? v : xstrdup("NULL");
}

#define assert_json(f, json, expr, want) do {			\
	char	*v_ = json_query(f, json, expr);		\
	if (strcmp(v_, want) != 0)				\
		fail_msg("%s = %s, want %s", expr, v_, want);	\
	free(v_);						\
} while (0)

static void
test_people_json(void **state)
{
	struct fixture	 f;
	char		*out = NULL, *cause = NULL;

	(void)state;
	fixture_open(&f);
	if (peoplelist_people(f.st, f.id, f.s, PEOPLELIST_JSON, &out,
	    &cause) != 0)
		fail_msg("%s", cause);
	assert_json(&f, out, "json_valid(?1)", "1");
	assert_json(&f, out, "json_extract(?1, '$.sprint')", "leysin-2027");
	assert_json(&f, out, "json_array_length(?1, '$.people')", "6");
	assert_json(&f, out, "json_extract(?1, '$.people[0].name')",
	    "Carl Local");
	assert_json(&f, out, "json_type(?1, '$.people[0].local')", "true");
	assert_json(&f, out, "json_type(?1, '$.people[0].arrive')", "null");
	assert_json(&f, out, "json_extract(?1, '$.people[1].name')",
	    "Åsa Öberg");
	assert_json(&f, out, "json_extract(?1, '$.people[1].arrive')",
	    "2027-01-07");
	assert_json(&f, out, "json_type(?1, '$.people[1].local')", "false");
	assert_json(&f, out, "json_type(?1, '$.people[1].newcomer')", "null");
	assert_json(&f, out, "json_type(?1, '$.people[1].funding')", "false");
	assert_json(&f, out, "json_type(?1, '$.people[2].depart')", "null");
	assert_json(&f, out, "json_extract(?1, '$.people[5].status')",
	    "waiting");
	assert_json(&f, out, "json_extract(?1, '$.people[5].accommodation')",
	    "Hotel \"Post\", room 3");
	/* Line ends as LF: no control but LF and TAB leaves sprintd. */
	assert_json(&f, out, "json_extract(?1, '$.people[5].diet')",
	    "vegan\nno nuts");
	assert_json(&f, out, "json_array_length(?1, '$.days')", "10");
	assert_json(&f, out, "json_extract(?1, '$.days[4].date')",
	    "2027-01-11");
	assert_json(&f, out, "json_type(?1, '$.days[4].break')", "true");
	assert_json(&f, out, "json_type(?1, '$.days[3].break')", "false");
	assert_json(&f, out, "json_extract(?1, '$.days[4].count')", "5");
	assert_json(&f, out, "json_extract(?1, '$.days[0].count')", "1");
	assert_json(&f, out, "json_extract(?1, '$.break_day')", "2027-01-11");
	free(out);
	fixture_close(&f);
}

/* Tentative dates in every format: rst and html with a trailing "?",
 * csv and json with a tentative column or field. */
static void
test_people_tentative(void **state)
{
	static const struct {
		const char	*name;
		const char	*arrive, *depart;
		int		 tentative;
		const char	*cell;		/* rst and html Arrive/Depart */
	} cases[] = {
		{ "Tina Both", "2027-01-07", "2027-01-14", 1, "7/1 - 14/1?" },
		{ "Tim Arrive", "2027-01-09", NULL, 1, "9/1? - ?" },
		{ "Tia Depart", NULL, "2027-01-12", 1, "? - 12/1?" },
		{ "Ted Sure", "2027-01-08", "2027-01-13", 0, "8/1 - 13/1" },
	};
	struct fixture	 f;
	enum peoplelist_format fmt[] = { PEOPLELIST_RST, PEOPLELIST_CSV,
	    PEOPLELIST_JSON,
	    PEOPLELIST_HTML };
	char		*out[4], *cause = NULL, *want, *email, *line;
	size_t		 i, k;

	(void)state;
	fixture_open(&f);
	f.s->capacity = 20;
	for (i = 0; i < nitems(cases); i++) {
		email = xprintf("t%zu@example.org", i);
		add_reg_t(&f, email, cases[i].name, cases[i].arrive,
		    cases[i].depart, 0, "Ermina", NULL, "registered",
		    cases[i].tentative);
		free(email);
	}
	for (k = 0; k < nitems(fmt); k++) {
		if (peoplelist_people(f.st, f.id, f.s, fmt[k], &out[k],
		    &cause) != 0)
			fail_msg("%s", cause);
	}
	for (i = 0; i < nitems(cases); i++) {
		line = line_starting(out[0], cases[i].name);
		if (strstr(line, cases[i].cell) == NULL ||
		    strstr(line, cases[i].cell)[strlen(cases[i].cell)] != ' ')
			fail_msg("rst: no \"%s\" in \"%s\"", cases[i].cell,
			    line);
		free(line);
		want = xprintf("\r\n%s,t%zu@example.org,registered,",
		    cases[i].name, i);
		assert_non_null(line = strstr(out[1], want));
		free(want);
		line = xstrndup(line + 2, strcspn(line + 2, "\r"));
		/* Tentative, and no topics after it. */
		want = xprintf(",%s,", cases[i].tentative ? "yes" : "no");
		assert_string_equal(line + strlen(line) - strlen(want), want);
		free(want);
		free(line);
		want = xprintf("(SELECT json_type(value, '$.tentative') FROM "
		    "json_each(?1, '$.people') WHERE json_extract(value, "
		    "'$.name') = '%s')", cases[i].name);
		assert_json(&f, out[2], want, cases[i].tentative ? "true" :
		    "false");
		free(want);
		want = xprintf("<td>%s</td><td>%s</td><td>%s</td>",
		    cases[i].name, cases[i].cell, cases[i].tentative ? "yes" :
		    "no");
		if (strstr(out[3], want) == NULL)
			fail_msg("html: no %s", want);
		free(want);
	}
	/* The stored people of the fixture are not tentative. */
	assert_json(&f, out[2], "json_type(?1, '$.people[0].tentative')",
	    "false");
	for (k = 0; k < nitems(fmt); k++)
		free(out[k]);
	fixture_close(&f);
}

static void
test_people_html(void **state)
{
	struct fixture	 f;
	char		*out = NULL, *cause = NULL;

	(void)state;
	fixture_open(&f);
	add_reg(&f, "eve@example.org", "<script>alert('x')</script> & Co",
	    NULL, NULL, 0, "<b>", NULL, "waiting");
	if (peoplelist_people(f.st, f.id, f.s, PEOPLELIST_HTML, &out,
	    &cause) != 0)
		fail_msg("%s", cause);
	assert_true(strncmp(out, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(out, "<meta charset=\"utf-8\">"));
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "<b>"));
	assert_non_null(strstr(out, "<td>&lt;script&gt;alert(&#39;x&#39;)"
	    "&lt;/script&gt; &amp; Co</td>"));
	assert_non_null(strstr(out, "<td>&lt;b&gt;</td>"));
	assert_non_null(strstr(out, "<td>Hotel &quot;Post&quot;, room 3</td>"));
	assert_non_null(strstr(out, "<td>Åsa Öberg</td><td>7/1 - 14/1</td>"
	    "<td>no</td>"));
	assert_non_null(strstr(out, "<th>Tentative</th>"));
	assert_non_null(strstr(out, "<tr class=\"break\"><td>2027-01-11</td>"
	    "<td>Mon</td><td class=\"n\">5</td>"));
	assert_non_null(strstr(out, "</html>\n"));
	free(out);
	fixture_close(&f);
}

static void
test_people_empty(void **state)
{
	struct fixture	 f;
	char		*out = NULL, *cause = NULL;
	struct sprint	*s;
	int64_t		 id;
	int		 created;

	(void)state;
	fixture_open(&f);
	/* A second sprint without anybody. */
	sprint_spec.slug = "leysin-2028";
	s = testlib_sprint_new(&sprint_spec);
	sprint_spec.slug = NULL;
	assert_int_equal(registry_sprint_put(f.st, s, "u.yaml", &id, &created,
	    &cause), 0);
	assert_int_equal(peoplelist_people(f.st, id, s, PEOPLELIST_RST, &out,
	    &cause),
	    0);
	assert_non_null(strstr(out, "Nobody has registered yet."));
	assert_null(strstr(out, "Waiting list"));
	assert_non_null(strstr(out, "2027-01-14 Thu 0"));
	free(out);
	assert_int_equal(peoplelist_people(f.st, id, s, PEOPLELIST_JSON, &out,
	    &cause),
	    0);
	assert_json(&f, out, "json_array_length(?1, '$.people')", "0");
	assert_json(&f, out, "json_array_length(?1, '$.days')", "7");
	free(out);
	/* A format that does not fit the report. */
	assert_int_equal(peoplelist_people(f.st, id, s, PEOPLELIST_TEXT, &out,
	    &cause),
	    -1);
	assert_non_null(cause);
	free(cause);
	sprint_free(&s);
	fixture_close(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_people_rst),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_people_csv),
		cmocka_unit_test(test_people_json),
		cmocka_unit_test(test_people_html),
		cmocka_unit_test(test_people_tentative),
		cmocka_unit_test(test_people_empty),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
