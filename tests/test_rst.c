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
 * test_rst.c -- the reST escaper and its tables, table-driven, and every
 * reST file sprintd writes (the organizer's and the public people.txt,
 * the sprint report with its evaluation) rendered by docutils, as a site
 * renders them, for hostile values of every field: tests/rst_check.py
 * finds no directive, no markup, no error and each value as written.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evaluation.h"
#include "parse.h"
#include "plan.h"
#include "registry.h"
#include "peoplelist.h"
#include "rst.h"
#include "sprintreport.h"
#include "store.h"
#include "testlib.h"
#include "util.h"


static void
test_width(void **state)
{
	static const struct {
		const char	*in;
		size_t		 want;
	} cases[] = {
		{ "", 0 },
		{ "Anna", 4 },
		/* Code points, not bytes. */
		{ "\xc3\x85sa \xc3\x96" "berg", 9 },
		/* A combining mark takes no column, a wide one takes one. */
		{ "e\xcc\x81", 1 },
		{ "\xe3\x80\xaa", 1 },
		/* Wide and fullwidth characters take two. */
		{ "\xe6\x97\xa5\xe6\x9c\xac", 4 },
		{ "\xef\xbc\xa1", 2 },
		{ "\xf0\x9f\x98\x80", 2 },
		/* Escapes count as written. */
		{ "\\*\\\\", 4 },
		/* A byte that is not UTF-8 is one column; the NUL ends. */
		{ "a\xff" "b", 3 },
		{ "\xe6\x97", 2 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		if (rst_width(cases[i].in) != cases[i].want)
			fail_msg("case %zu \"%s\": %zu, want %zu", i,
			    cases[i].in, rst_width(cases[i].in),
			    cases[i].want);
	}
}

/* One value as a cell (rst_escape) and inside a line (rst_inline). */
static void
test_escape(void **state)
{
	static const struct {
		const char	*in;
		const char	*cell;
		const char	*inl;	/* NULL: as cell */
	} cases[] = {
		{ "Anna Bell", "Anna Bell", NULL },
		{ "", "", NULL },
		{ "   lead \t  and  trail  ", "lead and trail", NULL },
		/* Directives, comments, targets: at the start of a line. */
		{ ".. include:: /etc/passwd", "\\.. include\\:: /etc/passwd",
		    ".. include\\:: /etc/passwd" },
		{ "..", "\\..", ".." },
		{ ".. _x: http://e.example", "\\.. \\_x: http\\://e.example",
		    ".. \\_x: http\\://e.example" },
		{ "__ http://e.example", "\\_\\_ http\\://e.example", NULL },
		/* Table borders, titles, transitions, line blocks. */
		{ "==== =====", "\\==== =====", "==== =====" },
		{ "----", "\\----", "----" },
		{ "| a line", "\\| a line", NULL },
		{ "+---+", "\\+---+", "+---+" },
		/* Lists, fields, options, doctest blocks. */
		{ "- item", "\\- item", "- item" },
		{ "\xe2\x80\xa2 item", "\\\xe2\x80\xa2 item",
		    "\xe2\x80\xa2 item" },
		{ "A. Smith", "\\A. Smith", "A. Smith" },
		{ "3) three", "\\3) three", "3) three" },
		{ "iv. four", "\\iv. four", "iv. four" },
		{ "(a) x", "\\(a) x", "(a) x" },
		{ "#. auto", "\\#. auto", "#. auto" },
		{ "Dr.Who. Mr.", "Dr.Who. Mr.", NULL },
		{ ":Field: body", "\\:Field: body", ":Field: body" },
		{ "--opt  text", "\\--opt text", "--opt text" },
		{ ">>> 1 + 1", "\\>>> 1 + 1", ">>> 1 + 1" },
		/* Inline markup, wherever it stands. */
		{ "*em* **strong** `t` ``lit``", "\\*em\\* \\*\\*strong\\*\\* "
		    "\\`t\\` \\`\\`lit\\`\\`", NULL },
		{ "x :role:`y`", "x :role\\:\\`y\\`", NULL },
		{ "|sub| [1]_ name_ a_b", "\\|sub\\| [1]\\_ name\\_ a\\_b",
		    NULL },
		{ "back\\slash\\", "back\\\\slash\\\\", NULL },
		/* Links a site would make: URIs and addresses. */
		{ "see http://e.example/x", "see http\\://e.example/x", NULL },
		{ "anna@example.org", "anna\\@example.org", NULL },
		{ "10:30, Hotel: Post", "10:30, Hotel: Post", NULL },
		/* "::" would ask for a literal block. */
		{ "Hotel::", "Hotel\\:\\:", NULL },
		{ "::", "\\:\\:", ":\\:" },
		/* Controls and bidi controls dropped, separators spaces. */
		{ "C1 \xc2\x9b" "31m red", "C1 31m red", NULL },
		{ "bidi \xe2\x80\xae" "evil", "bidi evil", NULL },
		{ "x\xe2\x80\xa8.. include:: f", "x .. include\\:: f", NULL },
		{ "\xc2\xa0nbsp\xe3\x80\x80", "nbsp", NULL },
		/* Unassigned code points and bytes that are not UTF-8. */
		{ "a\xcd\xb8" "b", "a\xef\xbf\xbd" "b", NULL },
		{ "\xff", "\\?", "?" },
		{ "\xe6\x97\xa5\xe6\x9c\xac *", "\xe6\x97\xa5\xe6\x9c\xac \\*",
		    NULL },
	};
	struct buf	 b;
	size_t		 i;
	char		*s;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		s = rst_escape(cases[i].in);
		if (strcmp(s, cases[i].cell) != 0)
			fail_msg("case %zu: cell \"%s\", want \"%s\"", i, s,
			    cases[i].cell);
		free(s);
		buf_init(&b, 0);
		assert_int_equal(rst_inline(&b, cases[i].in), 0);
		s = buf_steal(&b, NULL);
		if (strcmp(s, cases[i].inl != NULL ? cases[i].inl :
		    cases[i].cell) != 0)
			fail_msg("case %zu: inline \"%s\", want \"%s\"", i, s,
			    cases[i].inl != NULL ? cases[i].inl :
			    cases[i].cell);
		free(s);
	}
}

/* Several lines: each escaped, indented, blank runs one. */
static void
test_text(void **state)
{
	static const struct {
		const char	*in;
		const char	*want;
	} cases[] = {
		{ "one line", "one line" },
		{ "\n\nfirst\n\n\n", "first" },
		{ "line one\n  line two\n\n\n.. raw:: html\n\n   <script>",
		    "line one\n  line two\n\n  \\.. raw\\:: html\n\n"
		    "  \\<script>" },
		{ "Title\n=====\n- x", "Title\n  \\=====\n  \\- x" },
		{ "a\r\nb\xe2\x80\xa9" "c\xc2\x85", "a\n  b\n  c" },
	};
	struct buf	 b;
	size_t		 i;
	char		*s;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		buf_init(&b, 0);
		assert_int_equal(rst_text(&b, cases[i].in, "  "), 0);
		s = buf_steal(&b, NULL);
		if (strcmp(s, cases[i].want) != 0)
			fail_msg("case %zu: \"%s\", want \"%s\"", i, s,
			    cases[i].want);
		free(s);
	}
	/* A full buffer says so. */
	buf_init(&b, 4);
	assert_int_equal(rst_text(&b, "more than four", ""), -1);
	buf_free(&b);
}

static void
test_table(void **state)
{
	static const char *const head[] = { "Name", "B" };
	char		*cells[] = { (char *)"\xe6\x97\xa5\xe6\x9c\xac",
	    (char *)"x", (char *)"a\\\\b", (char *)"", (char *)"",
	    (char *)"z" };
	struct buf	 b;
	char		*s;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(rst_table(&b, head, cells, 3, 2), 0);
	s = buf_steal(&b, NULL);
	/* Wide characters two columns, escapes as written; an empty first
	 * cell "?" (else the row would continue the one above); no blank
	 * at a line's end. */
	assert_string_equal(s, "==== =\nName B\n==== =\n"
	    "\xe6\x97\xa5\xe6\x9c\xac x\na\\\\b\n?    z\n==== =\n");
	free(s);
	buf_init(&b, 0);
	assert_int_equal(rst_heading(&b, "\xe6\x97\xa5 x", '-', 1), 0);
	s = buf_steal(&b, NULL);
	assert_string_equal(s, "----\n\xe6\x97\xa5 x\n----\n\n");
	free(s);
}

/* Values a sender may write, for every field. */
static const char *const hostile[] = {
	".. image:: http://evil.example/x.png",
	".. raw:: html\n\n   <script>alert(1)</script>",
	"==== =====",
	"----",
	"| a line block",
	"   leading spaces",
	"*em* **strong** `interpreted` ``literal`` :role:`x`",
	"|subst| [1]_ [#]_ name_ anon__ `x <http://evil.example>`_",
	".. _target: http://evil.example",
	".. |s| image:: http://evil.example/s.png",
	"..",
	"__ http://evil.example/anon",
	"back\\slash \\* end\\",
	"tab\there\tand there",
	"C1 \xc2\x9b" "31m red \xc2\x85 next",
	"bidi \xe2\x80\xae" "evil\xe2\x80\xac \xe2\x81\xa6x\xe2\x81\xa9",
	"A. Smith",
	"iv) Roman",
	"- a bullet",
	"\xe2\x80\xa2 a bullet",
	":Field: list",
	"--option  text",
	">>> print(1)",
	"+---+---+",
	"#. auto",
	"(a) paren",
	"see http://evil.example/ and mail a@b.example",
	"Hotel::",
	"\xe6\x97\xa5\xe3\x80\xaa\xe6\x9c\xac \xe5\xa4\xaa\xe9\x83\x8e "
	    "e\xcc\x81 \xf0\x9f\x90\x8d",
	"Title\n=====\n\n  indented\n- item",
	"x\xe2\x80\xa8.. raw:: html\xe2\x80\xa9<b>",
	"no\xcd\xb8" "char",
};

#define NHOSTILE	(nitems(hostile) + 1)	/* and the include */

static const char *
value(char *const *v, size_t i)
{
	return v[i % NHOSTILE];
}

/* The sprint, with hostile text of its own file's too. */
static const char sprint_fmt[] =
    "slug: %s\n"
    "name: '*Sprint* `x` |s| %s'\n"
    "start: %s\nend: %s\n"
    "timezone: Europe/Zurich\ncapacity: %zu\n"
    "location: '.. include:: %s/secret.txt'\n"
    "venue: {name: '- bullet venue', address: 'http://evil.example/a'}\n"
    "goals: ['.. raw:: html', '**goal**']\n"
    "announce_to: [pypy-dev@example.org]\n"
    "organizers: [{name: O, email: o@example.org}]\n"
    "evaluation:\n"
    "  - {id: overall, type: rating, question: 'Overall? (1-5)'}\n"
    "  - {id: change, type: text, question: '**What** `should` "
    ":change:`x`?'}\n";

static struct sprint *
add_sprint(struct store *st, const char *slug, const char *start,
    const char *end, size_t capacity, int64_t *id)
{
	struct sprint	*s = NULL;
	char		*y, *cause = NULL;
	int		 created;

	y = xprintf(sprint_fmt, slug, slug, start, end, capacity,
	    testlib_dir());
	if (sprint_load_string("t.yaml", y, strlen(y), &s, &cause) != 0)
		fail_msg("%s", cause);
	free(y);
	if (registry_sprint_put(st, s, "t.yaml", id, &created, &cause) != 0)
		fail_msg("%s", cause);
	return s;
}

static int64_t
add_person(struct store *st, struct sprint *s, int64_t id, size_t n,
    const char *name, char *const *v, size_t i)
{
	struct parse_result	 res;
	struct registry_reg	 out;
	enum registry_change	 change;
	char			*email, *cause = NULL;
	int64_t			 pid;

	memset(&res, 0, sizeof res);
	email = xprintf("p%zu-%s@example.org", n, s->slug);
	res.kind = PARSE_REGISTRATION;
	res.from = email;
	res.name = (char *)name;
	res.arrive_state = res.depart_state = DATES_KNOWN;
	res.arrive = s->start;
	res.depart = s->end;
	res.tentative = n % 3 == 0;
	res.accommodation = (char *)value(v, i + 1);
	res.diet = (char *)value(v, i + 2);
	res.notes = (char *)value(v, i + 3);
	res.newcomer = n % 2 ? PARSE_YES : PARSE_NO;
	res.funding = PARSE_NULL;
	res.given = PARSE_HAS_ALL;
	if (registry_person(st, email, name, &pid, &cause) != 0 ||
	    registry_register(st, id, s->capacity, pid, 0, &res, &change,
	    &out, &cause) != 0)
		fail_msg("%s", cause);
	registry_reg_clear(&out);
	free(email);
	return pid;
}

static void
answer(struct store *st, int64_t id, int64_t pid, size_t n, const char *text)
{
	struct parse_result	 res;
	struct parse_answer	 a[2];
	char			*email, *cause = NULL;
	int			 stored;

	memset(&res, 0, sizeof res);
	memset(a, 0, sizeof a);
	email = xprintf("p%zu-leysin-2027@example.org", n);
	res.kind = PARSE_EVALUATION;
	res.from = email;
	a[0].id = (char *)"overall";
	a[0].is_rating = 1;
	a[0].rating = 4;
	a[1].id = (char *)"change";
	a[1].text = (char *)text;
	res.answers = a;
	res.nanswers = 2;
	if (evaluation_record(st, id, pid, email, 0, &res, &stored,
	    &cause) != 0)
		fail_msg("%s", cause);
	free(email);
}

static void
write_file(const char *name, const char *text, json_t *file, json_t *files)
{
	char	*path = xprintf("%s/%s", testlib_dir(), name);
	FILE	*fp = fopen(path, "w");

	assert_non_null(fp);
	assert_true(fputs(text, fp) != EOF);
	assert_int_equal(fclose(fp), 0);
	json_object_set_new(file, "path", json_string(path));
	json_array_append_new(files, file);
	free(path);
}

/* Every reST file, rendered by docutils with hostile values everywhere. */
static void
test_render(void **state)
{
	struct store	*st = NULL;
	struct sprint	*s, *past;
	json_t		*cases, *files, *org, *pub, *rep, *plan, *l;
	char		*v[NHOSTILE], *path, *text = NULL, *cause = NULL;
	char		*cmd;
	char		*waiting[2];
	size_t		 i, n = NHOSTILE;
	int64_t		 id, past_id, pids[NHOSTILE];
	FILE		*fp;
	int		 r;

	(void)state;
	for (i = 0; i < nitems(hostile); i++)
		v[i] = xstrdup(hostile[i]);
	v[i] = xprintf(".. include:: %s/secret.txt", testlib_dir());
	path = xprintf("%s/secret.txt", testlib_dir());
	assert_non_null(fp = fopen(path, "w"));
	fputs("INCLUDED-SECRET\n", fp);
	fclose(fp);
	free(path);
	waiting[0] = xstrdup("Waiting *Wanda* |w|");
	waiting[1] = xprintf("Waiting .. include:: %s/secret.txt",
	    testlib_dir());

	path = xprintf("%s/db.sqlite", testlib_dir());
	if (store_open_at(path, store_schema_version(), &st, &cause) != 0)
		fail_msg("%s", cause);
	free(path);
	past = add_sprint(st, "leysin-2026", "2026-01-09", "2026-01-15", n,
	    &past_id);
	s = add_sprint(st, "leysin-2027", "2027-01-08", "2027-01-14", n, &id);

	cases = json_object();
	files = json_array();
	org = json_object();
	pub = json_object();
	rep = json_object();
	plan = json_object();
	json_object_set_new(cases, "marker", json_string("INCLUDED-SECRET"));
	json_object_set_new(org, "rows", json_array());
	json_object_set_new(pub, "rows", json_array());
	json_object_set_new(pub, "absent", json_array());
	json_object_set_new(rep, "texts", json_array());
	for (i = 0; i < n; i++) {
		/* A name, and someone else's accommodation, diet, notes. */
		pids[i] = add_person(st, s, id, i, v[i], v, i);
		l = json_pack("[ss]", v[i], value(v, i + 1));
		json_array_append(json_object_get(org, "rows"), l);
		json_array_append_new(json_object_get(pub, "rows"), l);
		json_array_append_new(json_object_get(rep, "texts"),
		    json_string(v[i]));
	}
	/* Present at the sprint before: the second table. */
	for (i = 0; i < 3; i++) {
		add_person(st, past, past_id, i, v[n - 1 - i], v, i);
		json_array_append_new(json_object_get(pub, "rows"),
		    json_pack("[ss]", v[n - 1 - i], "?"));
	}
	for (i = 0; i < 2; i++) {
		add_person(st, s, id, n + i, waiting[i], v, i);
		json_array_append_new(json_object_get(org, "rows"),
		    json_pack("[ss]", waiting[i], value(v, i + 1)));
		json_array_append_new(json_object_get(pub, "absent"),
		    json_string(waiting[i]));
	}
	/* Free-text answers: several lines, every kind of markup. */
	for (i = 0; i < 4; i++) {
		answer(st, id, pids[i], i, v[(i * 7) % n]);
		json_array_append_new(json_object_get(rep, "texts"),
		    json_string(v[(i * 7) % n]));
	}
	json_array_append_new(json_object_get(rep, "texts"),
	    json_string("**What** `should` :change:`x`?"));
	json_array_append_new(json_object_get(rep, "texts"),
	    json_string("- bullet venue"));
	json_array_append_new(json_object_get(rep, "texts"),
	    json_string(v[n - 1]));

	/* The planning: hostile task texts and people, some DONE; summary
	 * answers, by name, in the report. */
	json_object_set_new(plan, "texts", json_array());
	for (i = 0; i < n; i++) {
		int	 num;

		if (plan_add(st, id, v[i], value(v, i + 3), 0, &num,
		    &cause) != 0)
			fail_msg("%s", cause);
		json_array_append_new(json_object_get(plan, "texts"),
		    json_string(v[i]));
		if (i % 3 == 0) {
			assert_int_equal(plan_set_state(st, id, num, "done",
			    &cause), 0);
			json_array_append_new(json_object_get(rep, "texts"),
			    json_string(v[i]));
		}
	}
	for (i = 0; i < 4; i++) {
		sqlite3_stmt	*stmt;

		assert_int_equal(sqlite3_prepare_v2(store_db(st), "INSERT INTO "
		    "summary_answers (sprint_id, person_id, done, next, "
		    "updated_at) VALUES (?1, ?2, ?3, ?4, "
		    "'2027-01-14T10:00:00Z')", -1, &stmt, NULL), SQLITE_OK);
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, pids[i + 5]);
		store_bind_text(stmt, 3, v[(i * 5 + 1) % n]);
		store_bind_text(stmt, 4, v[(i * 5 + 2) % n]);
		assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
		sqlite3_finalize(stmt);
		json_array_append_new(json_object_get(rep, "texts"),
		    json_string(v[(i * 5 + 1) % n]));
		json_array_append_new(json_object_get(rep, "texts"),
		    json_string(v[(i * 5 + 2) % n]));
	}
	if (plan_text_store(st, id, s, s->start + 2, &text, &cause) != 0)
		fail_msg("%s", cause);
	write_file("planning.txt", text, plan, files);
	free(text);

	if (peoplelist_people(st, id, s, PEOPLELIST_RST, &text, &cause) != 0)
		fail_msg("%s", cause);
	write_file("people-organizer.txt", text, org, files);
	free(text);
	if (peoplelist_public(st, id, s, &text, &cause) != 0)
		fail_msg("%s", cause);
	write_file("people.txt", text, pub, files);
	free(text);
	if (sprintreport_rst(st, id, s, 1, &text, &cause) != 0)
		fail_msg("%s", cause);
	write_file("report.txt", text, rep, files);
	free(text);
	json_object_set_new(cases, "files", files);
	path = xprintf("%s/cases.json", testlib_dir());
	assert_int_equal(json_dump_file(cases, path, JSON_INDENT(1)), 0);
	json_decref(cases);

	text = testlib_src_path("tests/rst_check.py");
	cmd = xprintf("/usr/bin/python3 '%s' '%s'", text, path);
	r = system(cmd);
	if (r != 0)
		fail_msg("%s: exit %d (the files are in %s)", cmd, r,
		    testlib_dir());
	free(cmd);
	free(text);
	free(path);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(waiting[0]);
	free(waiting[1]);
	sprint_free(&s);
	sprint_free(&past);
	store_close(&st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_render),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
