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

/* test_peopletxt.c -- reading PyPy's people.txt: small table-driven cases,
 * then every file of tests/data/peopletxt (listed in its sprints.txt)
 * imported into a sprint of its dates, written back by `people --format
 * rst` and read again, row by row; and the past attendees an invitation
 * goes to. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "humandate.h"
#include "invite.h"
#include "parse.h"
#include "peopletxt.h"
#include "registry.h"
#include "peoplelist.h"
#include "store.h"
#include "testlib.h"
#include "util.h"


/* ---- reading ---------------------------------------------------------- */

static const char B3[] =
    "==================== ============== =====================\n";
static const char H3[] =
    "    Name              Arrive/Depart     Accomodation\n";

static const struct {
	const char	*what;
	const char	*text;		/* the file, B3/H3 as %s */
	const char	*coming;	/* "name|dates|acc|food;" ... */
	const char	*past;		/* "name;" ... */
	size_t		 skipped;	/* rows noted as not read */
} read_cases[] = {
	{ "plain rows", "%s%s%sArmin Rigo           --             private\n"
	    "Anna Example         6th-15th       Ermina\n%s",
	  "Armin Rigo|--|private|;Anna Example|6th-15th|Ermina|;", "", 0 },
	{ "a tab before the dates", "%s%s%sBoris Feigin\t     ?              ?\n%s",
	  "Boris Feigin|?|?|;", "", 0 },
	{ "a name longer than its column",
	  "%s%s%sKristj\xc3\xa1n Valur J\xc3\xb3nsson 27-1\n%s",
	  "Kristj\xc3\xa1n Valur J\xc3\xb3nsson|27-1||;", "", 0 },
	{ "Latin-1 line", "%s%s%sSylvain Th\xe9nault     8th-12th       Ermina\n%s",
	  "Sylvain Th\xc3\xa9nault|8th-12th|Ermina|;", "", 0 },
	{ "BOM and CRLF", "\xef\xbb\xbf%s%s%sAnna                 1/2 - 3/2      x\r\n%s",
	  "Anna|1/2 - 3/2|x|;", "", 0 },
	{ "inner blanks made one", "%s%s%sLudovic   Aubry      6-8th          some Hotel      ?\n%s",
	  "Ludovic Aubry|6-8th|some Hotel ?|;", "", 0 },
	{ "continuation row", "%s%s%sDario Bertini        23-02          cheese,\n"
	    "                                    sliced meat\n%s",
	  "Dario Bertini|23-02|cheese, sliced meat|;", "", 0 },
	{ "previous sprints table",
	  "%s%s%sA B                  1-2            x\n%s\nPeople on the "
	  "following list were present at previous sprints:\n\n%s%s%s"
	  "C D                  ?              ?\nE F\n%s",
	  "A B|1-2|x|;", "C D;E F;", 0 },
	{ "a names-only table straight after", "%s%s%sA B                  1-2            x\n%s%s%s%s"
	  "C D                  ?              ?\n%s",
	  "A B|1-2|x|;", "C D;", 0 },
	{ "another table is not read", "%s%s%sA B                  1-2            x\n%s\nPeople who "
	  "said they would come:\n\n%s%s%sC D                  1-2            y\n%s",
	  "A B|1-2|x|;", "", 1 },
	{ "reST escapes read as docutils renders them",
	  "%s%s%s\\A. \\*Smith\\* a\\\\b   7/1 - 9/1?     Hotel\\:\\: \\ x\n%s",
	  "A. *Smith* a\\b|7/1 - 9/1?|Hotel:: x|;", "", 0 },
	{ "a no-show is no past attendee", "%s%s%s%s\nprevious sprints:\n\n"
	  "%s%s%sF F                  no-show in     Leysin\nG G\n%s",
	  "", "G G;", 1 },
};

/* Fills the %s of a case with the borders and heading, in order. */
static char *
read_case_text(const char *fmt)
{
	struct buf	 b;
	const char	*p;
	int		 n = 0;

	buf_init(&b, 0);
	for (p = fmt; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == 's') {
			buf_addstr(&b, n % 4 == 1 ? H3 : B3);
			n++;
			p++;
		} else
			buf_addch(&b, *p);
	}
	return buf_steal(&b, NULL);
}

static void
test_read_cases(void **state)
{
	struct peopletxt	*p = NULL;
	struct buf		 got;
	char			*text, *cause = NULL, *g;
	size_t			 i, j, skipped;

	(void)state;
	for (i = 0; i < nitems(read_cases); i++) {
		text = read_case_text(read_cases[i].text);
		if (peopletxt_parse(text, strlen(text), &p, &cause) != 0)
			fail_msg("%s: %s", read_cases[i].what, cause);
		buf_init(&got, 0);
		for (j = 0; j < p->ncoming; j++)
			buf_printf(&got, "%s|%s|%s|%s;", p->coming[j].name,
			    p->coming[j].dates, p->coming[j].accommodation,
			    p->coming[j].food);
		g = buf_steal(&got, NULL);
		if (strcmp(g, read_cases[i].coming) != 0)
			fail_msg("%s: coming \"%s\", wanted \"%s\"",
			    read_cases[i].what, g, read_cases[i].coming);
		free(g);
		buf_init(&got, 0);
		for (j = 0; j < p->npast; j++)
			buf_printf(&got, "%s;", p->past[j].name);
		g = buf_steal(&got, NULL);
		if (strcmp(g, read_cases[i].past) != 0)
			fail_msg("%s: past \"%s\", wanted \"%s\"",
			    read_cases[i].what, g, read_cases[i].past);
		free(g);
		for (j = 0, skipped = 0; j < p->nnotes; j++)
			skipped += p->notes[j].rows;
		if (skipped != read_cases[i].skipped)
			fail_msg("%s: %zu skipped, wanted %zu",
			    read_cases[i].what, skipped, read_cases[i].skipped);
		peopletxt_free(&p);
		free(text);
	}
}

static void
test_no_table(void **state)
{
	struct peopletxt	*p = NULL;
	char			*cause = NULL;
	const char		*t = "Travel planning\n===============\n\nAnna\n";

	(void)state;
	assert_int_equal(peopletxt_parse(t, strlen(t), &p, &cause), -1);
	assert_non_null(strstr(cause, "no table"));
	free(cause);
}

/* ---- the corpus: import, write back, read again ------------------------ */

struct fixture {
	struct store	*st;
	struct sprint	*s;
	int64_t		 id;
};

static void
fixture_sprint(struct fixture *f, const char *slug, const char *start,
    const char *end)
{
	struct testlib_sprint	 spec = { .slug = slug, .start = start,
	    .end = end, .break_day = "", .capacity = 3 };
	char			*name, *cause = NULL;
	int			 created;

	spec.name = name = xprintf("Sprint %s", slug);
	f->s = testlib_sprint_new(&spec);
	assert_int_equal(registry_sprint_put(f->st, f->s, "t.yaml", &f->id,
	    &created, &cause), 0);
	free(name);
}

static void
fixture_open(struct fixture *f)
{
	char	*path, *cause = NULL;

	memset(f, 0, sizeof *f);
	path = testlib_tmp("db", ".sqlite");
	if (store_open_at(path, store_schema_version(), &f->st, &cause) != 0)
		fail_msg("%s", cause);
	free(path);
}

static void
fixture_close(struct fixture *f)
{
	sprint_free(&f->s);
	store_close(&f->st);
}

/* What a row means once resolved: "arrive|depart|local|accommodation". */
static char *
row_meaning(const struct sprint *s, const char *dates, const char *acc,
    int from_rst, char **why)
{
	struct humandate_ctx	 ctx = { s->start, s->end };
	struct humandate_range	 dr;
	char			 a[11] = "?", d[11] = "?";
	const char		*ac = acc;

	if (humandate_parse_range(dates, &ctx, &dr, why) == -1)
		return NULL;
	if (dr.arrive_state == DATES_KNOWN)
		dates_format_iso(dr.arrive, a);
	if (dr.depart_state == DATES_KNOWN)
		dates_format_iso(dr.depart, d);
	/* Unknown is "?" or empty; the writer shows a local person's
	 * unknown accommodation as "--". */
	if (*ac == '\0' || strspn(ac, "?") == strlen(ac) ||
	    (from_rst && dr.local && strcmp(ac, "--") == 0))
		ac = "?";
	return xprintf("%s|%s|%d|%s", a, d, dr.local, ac);
}

/* Removes the rst writer's backslash escapes. */
static void
unescape(char *s)
{
	char	*w = s;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		*w++ = *s;
	}
	*w = '\0';
}

static void
test_corpus(void **state)
{
	struct fixture		 f;
	struct peopletxt_stats	 st1, st2;
	struct peopletxt	*orig = NULL, *back = NULL;
	char			*list, *data, *cause = NULL, *rst, *path, *rel;
	char			 file[128], start[16], end[16], slug[64];
	char			*line, *next, *want, *got, *why = NULL;
	size_t			 len, i, j, nfiles = 0, nrows = 0, nskipped;
	size_t			 nlocal = 0;
	long long		 nregs, npast, npeople;
	FILE			*devnull = fopen("/dev/null", "w");

	(void)state;
	path = testlib_src_path("tests/data/peopletxt/sprints.txt");
	if (util_read_file(path, 1 << 20, &list, &len, &cause) != 0)
		fail_msg("%s", cause);
	free(path);
	for (line = list; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		assert_int_equal(testlib_word(line, 0, file, sizeof file), 0);
		assert_int_equal(testlib_word(line, 1, start, sizeof start), 0);
		assert_int_equal(testlib_word(line, 2, end, sizeof end), 0);
		nfiles++;
		snprintf(slug, sizeof slug, "s%zu", nfiles);
		rel = xprintf("tests/data/peopletxt/%s", file);
		path = testlib_src_path(rel);
		free(rel);
		if (util_read_file(path, PEOPLETXT_MAX, &data, &len,
		    &cause) != 0)
			fail_msg("%s", cause);
		free(path);

		fixture_open(&f);
		fixture_sprint(&f, slug, start, end);
		if (peopletxt_import(f.st, f.id, f.s, file, data, len,
		    devnull, &st1, &cause) != 0)
			fail_msg("%s: %s", file, cause);
		assert_int_equal(peopletxt_parse(data, len, &orig, &cause), 0);

		/* Every row of the first table is imported or reported. */
		nregs = testlib_query_int(f.st, "SELECT count(*) FROM "
		    "registrations");
		for (i = 0, nskipped = 0; i < orig->nnotes; i++)
			nskipped += orig->notes[i].rows;
		assert_true(st1.imported + (st1.skipped - nskipped) ==
		    orig->ncoming);
		assert_int_equal(testlib_query_int(f.st, "SELECT count(*) "
		    "FROM registrations WHERE status != 'registered' OR "
		    "message_id IS NOT NULL"), 0);
		assert_int_equal(testlib_query_int(f.st, "SELECT count(*) "
		    "FROM registration_history WHERE changed_by != "
		    "'organizer'"), 0);

		/* Written back as rst and read again: the same rows. */
		if (peoplelist_people(f.st, f.id, f.s, PEOPLELIST_RST, &rst,
		    &cause) != 0)
			fail_msg("%s: %s", file, cause);
		assert_int_equal(peopletxt_parse(rst, strlen(rst), &back,
		    &cause), 0);
		assert_int_equal((long long)back->ncoming, nregs);
		/* The previous-sprints table is written back too, but for
		 * those who registered this time. */
		for (i = 0; i < orig->npast; i++) {
			for (j = 0; j < orig->ncoming; j++)
				if (strcmp(orig->coming[j].name,
				    orig->past[i].name) == 0)
					break;
			if (j < orig->ncoming)
				continue;
			for (j = 0; j < back->npast; j++)
				if (strcmp(back->past[j].name,
				    orig->past[i].name) == 0)
					break;
			if (j == back->npast)
				fail_msg("%s: %s, present at a previous "
				    "sprint, is not written back", file,
				    orig->past[i].name);
		}
		for (i = 0; i < orig->ncoming; i++) {
			const struct peopletxt_row	*o = &orig->coming[i];

			want = row_meaning(f.s, o->dates, o->accommodation, 0,
			    &why);
			if (want == NULL) {	/* reported and skipped */
				free(why);
				why = NULL;
				continue;
			}
			got = NULL;
			for (j = 0; j < back->ncoming; j++) {
				unescape(back->coming[j].name);
				unescape(back->coming[j].accommodation);
				if (strcmp(back->coming[j].name, o->name) != 0)
					continue;
				got = row_meaning(f.s, back->coming[j].dates,
				    back->coming[j].accommodation, 1, &why);
				if (got == NULL)
					fail_msg("%s:%zu: the written \"%s\" "
					    "does not read: %s", file, o->line,
					    back->coming[j].dates, why);
			}
			if (got == NULL)
				fail_msg("%s:%zu: %s is not in the rst", file,
				    o->line, o->name);
			/* sprintd keeps no dates for a local person (the
			 * registry drops the 23 of "--/23"; the writer shows
			 * "lives there"): compared without them, and counted. */
			if (strstr(want, "|1|") != NULL &&
			    strncmp(want, "?|?|", 4) != 0) {
				char	*w = xprintf("?|?|%s",
				    strstr(want, "|1|") + 1);

				nlocal++;
				free(want);
				want = w;
			}
			if (strcmp(got, want) != 0)
				fail_msg("%s:%zu: %s: \"%s\" came back as "
				    "\"%s\"", file, o->line, o->name, want,
				    got);
			free(got);
			free(want);
			nrows++;
		}

		/* Importing again adds nothing. */
		npast = testlib_query_int(f.st, "SELECT count(*) FROM "
		    "past_attendees");
		npeople = testlib_query_int(f.st, "SELECT count(*) FROM "
		    "people");
		if (peopletxt_import(f.st, f.id, f.s, file, data, len,
		    devnull, &st2, &cause) != 0)
			fail_msg("%s: %s", file, cause);
		if (st2.imported != 0)
			fail_msg("%s: importing again changed %zu", file,
			    st2.imported);
		assert_int_equal(st2.unchanged, st1.imported);
		assert_int_equal(testlib_query_int(f.st, "SELECT count(*) "
		    "FROM registrations"), nregs);
		assert_int_equal(testlib_query_int(f.st, "SELECT count(*) "
		    "FROM past_attendees"), npast);
		assert_int_equal(testlib_query_int(f.st, "SELECT count(*) "
		    "FROM people"), npeople);

		free(rst);
		peopletxt_free(&orig);
		peopletxt_free(&back);
		free(data);
		fixture_close(&f);
	}
	fclose(devnull);
	free(list);
	assert_int_equal(nfiles, 41);
	print_message("%zu files, %zu rows round-tripped (%zu local people "
	    "with a date sprintd does not keep)\n", nfiles, nrows,
	    nlocal);
}

/* ---- past attendees ---------------------------------------------------- */

/* A registration by mail, as ingest makes one. */
static int64_t
mail_reg(struct fixture *f, int64_t sprint_id, const char *email,
    const char *name)
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
	res.arrive_state = res.depart_state = DATES_UNKNOWN;
	res.newcomer = res.funding = PARSE_NULL;
	res.given = PARSE_HAS_ALL;
	assert_int_equal(invite_claim(f->st, email, name, &cause) >= 0, 1);
	assert_int_equal(registry_person(f->st, email, name, &pid, &cause), 0);
	assert_int_equal(registry_register(f->st, sprint_id, 100, pid, 0, &res,
	    &change, &out, &cause), 0);
	registry_reg_clear(&out);
	return pid;
}

static void
test_targets(void **state)
{
	struct fixture		 old, f;
	struct invite_target	*v = NULL;
	struct peopletxt_stats	 stats;
	FILE			*devnull = fopen("/dev/null", "w");
	char			*cause = NULL;
	size_t			 n;
	int64_t			 old_id;
	static const char	 txt[] =
	    "==================== ============== =====\n"
	    "Name                 Arrive/Depart  Acc\n"
	    "==================== ============== =====\n"
	    "Anna Example         1-2            x\n"
	    "Bea Example          1-2            x\n"
	    "==================== ============== =====\n"
	    "\nPresent at previous sprints:\n\n"
	    "==================== ============== =====\n"
	    "Name                 Arrive/Depart  Acc\n"
	    "==================== ============== =====\n"
	    "Cleo Example\nDora Example\n"
	    "==================== ============== =====\n";

	(void)state;
	setenv("SPRINTD_NOW", "2027-01-01T10:00:00Z", 1);
	fixture_open(&old);
	fixture_sprint(&old, "old", "2026-03-01", "2026-03-05");
	old_id = old.id;
	f.st = old.st;
	fixture_sprint(&f, "new", "2027-02-01", "2027-02-05");
	assert_int_equal(peopletxt_import(f.st, old_id, old.s, "p.txt", txt,
	    strlen(txt), devnull, &stats, &cause), 0);
	assert_int_equal(stats.imported, 2);
	assert_int_equal(stats.past, 2);

	/* Known by name only: nobody to write to yet. */
	assert_int_equal(invite_targets(f.st, f.id, f.s, &v, &n, &cause), 0);
	assert_int_equal(n, 0);
	invite_targets_free(v, n);

	/* Anna writes (any sprint): the name gives her the address. Bea
	 * writes for the new sprint: registered, so not invited. Cleo opts
	 * out; Dora never writes; Eve only came to the new one. */
	mail_reg(&f, old_id, "anna@example.org", "Anna  example");
	mail_reg(&f, f.id, "bea@example.org", "Bea Example");
	mail_reg(&f, f.id, "eve@example.org", "Eve Example");
	assert_int_equal(invite_claim(f.st, "cleo@example.org",
	    "Cleo Example", &cause), 1);
	assert_int_equal(invite_optout(f.st, "Cleo@example.org", 0, &cause),
	    1);
	assert_int_equal(invite_optout(f.st, "cleo@example.org", 0, &cause),
	    0);
	assert_int_equal(testlib_query_int(f.st, "SELECT count(*) FROM "
	    "people WHERE name LIKE 'Anna%'"), 1);

	assert_int_equal(invite_targets(f.st, f.id, f.s, &v, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].email, "anna@example.org");
	assert_string_equal(v[0].last_sprint, "Sprint old");
	assert_string_equal(v[0].last_month, "March 2026");
	invite_targets_free(v, n);

	/* Nobody of the new sprint is a past attendee of the old one. */
	assert_int_equal(invite_targets(f.st, old_id, old.s, &v, &n, &cause),
	    0);
	assert_int_equal(n, 0);
	invite_targets_free(v, n);

	unsetenv("SPRINTD_NOW");
	sprint_free(&f.s);
	fixture_close(&old);
	fclose(devnull);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_cases),
		cmocka_unit_test(test_no_table),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_targets),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
