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

/* test_parse.c -- messages classified and parsed against a sprint: every
 * tests/data/mail/NAME.eml must give tests/data/mail/NAME.json (compared
 * as JSON, field order included); the form reader on its own; the cases
 * too big for a fixture file, generated here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "form.h"
#include "parse.h"
#include "sprint.h"
#include "util.h"
#include "testlib.h"

#define LIST_ADDRESS	"pypy-dev@python.org"
#define OWN_FROM	"PyPy sprints <sprints@example.org>"

static struct sprint	*sp;
/* The addresses sprintd is, as the fixtures are read. */
static const struct parse_self	 self = { LIST_ADDRESS, OWN_FROM };

static char *
data_path(const char *name)
{
	const char	*top = getenv("top_srcdir");

	return xprintf("%s/tests/data/mail/%s", top ? top : ".", name);
}

static int
setup(void **state)
{
	char	*path = data_path("sprint.yaml"), *cause = NULL;
	int	 r;

	(void)state;
	r = sprint_load_file(path, &sp, &cause);
	if (r != 0)
		fprintf(stderr, "%s\n", cause);
	free(cause);
	free(path);
	return r;
}

static int
teardown(void **state)
{
	(void)state;
	sprint_free(&sp);
	return 0;
}

static struct parse_result *
parse_raw(const char *raw, size_t len)
{
	struct parse_result	*r = NULL;
	char			*cause = NULL;

	assert_int_equal(parse_message(raw, len, sp, &self, &r, &cause), 0);
	assert_non_null(r);
	assert_null(cause);
	return r;
}

/* Returns 1 when the two texts are the same JSON, key order included. */
static int
json_same(const char *a, const char *b)
{
	sqlite3		*db;
	sqlite3_stmt	*stmt;
	int		 same = 0;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT json(?1) = json(?2)",
	    -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, a, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, b, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		same = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return same;
}

/* The table: every .eml under tests/data/mail beside its .json. */
static void
test_fixtures(void **state)
{
	char		*dir = data_path(""), **names, *cause = NULL;
	size_t		 n, i, len, jlen, failed = 0;

	(void)state;
	names = testlib_data_names("tests/data/mail", "eml", &n);
	assert_true(n >= 65);
	for (i = 0; i < n; i++) {
		char			*ep = xprintf("%s%s.eml", dir, names[i]);
		char			*jp = xprintf("%s%s.json", dir, names[i]);
		char			*raw, *want, *got;
		struct parse_result	*r;

		if (util_read_file(ep, 1 << 20, &raw, &len, &cause) != 0 ||
		    util_read_file(jp, 1 << 20, &want, &jlen, &cause) != 0)
			fail_msg("%s", cause);
		r = parse_raw(raw, len);
		got = parse_to_json(r, sp->slug);
		if (!json_same(got, want)) {
			print_error("%s: got\n%s\nwant\n%s\n", names[i], got,
			    want);
			failed++;
		}
		free(got);
		parse_free(&r);
		assert_null(r);
		free(raw);
		free(want);
		free(ep);
		free(jp);
		free(names[i]);
	}
	free(names);
	free(dir);
	assert_int_equal(failed, 0);
}

static void
test_form_keys(void **state)
{
	static const struct form_key	 keys[] = {
		{ "Arrive/Depart", 1, 0, 0 },
		{ "Arrive", 2, 0, 0 },
		{ "Accommodation", 3, 0, 0 },
		{ "Accomodation", 3, 0, 0 },
		{ "Notes", 4, 1, 20 },
		{ "First sprint", 5, 0, 0 },
		{ "Name", 6, 0, 0 },
	};
	struct form	*f;

	(void)state;
	f = form_read("arrive / depart :  7-14  \n"
	    "First-sprint: yes\n"
	    "Arive: 7\n"
	    "Accomodaton: Ermina\n"
	    "Date: Monday\n"
	    "ACCOMODATION: private\n"
	    "Notes: one\n two\n\nthree\nhttp://x.example: four\n"
	    "Name: Anna\n", keys, nitems(keys));
	assert_int_equal(f->nfields, 7);
	assert_int_equal(f->fields[0].id, 1);
	assert_string_equal(f->fields[0].value, "7-14");
	assert_int_equal(f->fields[0].near, 0);
	assert_int_equal(f->fields[1].id, 5);
	assert_string_equal(f->fields[1].value, "yes");
	/* Misspelled keys come back as near misses with the right name. */
	assert_int_equal(f->fields[2].id, 2);
	assert_int_equal(f->fields[2].near, 1);
	assert_string_equal(f->fields[2].written, "Arive");
	assert_string_equal(f->fields[2].suggest, "Arrive");
	assert_int_equal(f->fields[3].near, 1);
	assert_string_equal(f->fields[3].suggest, "Accommodation");
	/* "Date" is not "Name": short keys need a closer match. */
	assert_int_equal(f->fields[4].id, 3);
	assert_int_equal(f->fields[4].near, 0);
	assert_string_equal(f->fields[4].value, "private");
	/* Notes run on to the next known key, capped at 20 bytes. */
	assert_int_equal(f->fields[5].id, 4);
	assert_string_equal(f->fields[5].value, "one\n two\n\nthree\nhttp");
	assert_int_equal(f->fields[5].truncated, 1);
	assert_int_equal(f->fields[5].line, 7);
	assert_string_equal(f->fields[6].value, "Anna");
	form_free(&f);
	assert_null(f);

	f = form_read(NULL, keys, nitems(keys));
	assert_int_equal(f->nfields, 0);
	form_free(&f);
}

static void
test_form_helpers(void **state)
{
	char	 s[32], n[16];

	(void)state;
	assert_int_equal(form_yesno("yes"), 1);
	assert_int_equal(form_yesno(" Ja."), 1);
	assert_int_equal(form_yesno("oui"), 1);
	assert_int_equal(form_yesno("TRUE"), 1);
	assert_int_equal(form_yesno("y"), 1);
	assert_int_equal(form_yesno("nein"), 0);
	assert_int_equal(form_yesno("non"), 0);
	assert_int_equal(form_yesno("False"), 0);
	assert_int_equal(form_yesno("n"), 0);
	assert_int_equal(form_yesno("No, thanks"), 0);
	assert_int_equal(form_yesno("maybe"), -1);
	assert_int_equal(form_yesno("yesterday"), -1);
	assert_int_equal(form_yesno(""), -1);

	assert_int_equal(form_distance("depart", "deaprt", 2), 1);
	assert_int_equal(form_distance("arrive", "arive", 2), 1);
	assert_int_equal(form_distance("name", "date", 2), 2);
	assert_int_equal(form_distance("accommodation", "diet", 2), 3);

	form_key_norm("First-Sprint _x", n, sizeof n);
	assert_string_equal(n, "firstsprintx");

	/* Cuts never split a character; bad UTF-8 becomes '?'. */
	snprintf(s, sizeof s, "%s", "ab\xc3\xa9");
	assert_int_equal(form_cap_utf8(s, 3), 1);
	assert_string_equal(s, "ab");
	snprintf(s, sizeof s, "%s", "ok");
	assert_int_equal(form_cap_utf8(s, 3), 0);
	snprintf(s, sizeof s, "%s", "a\xff" "b\xc3(\xe2\x82\xac");
	form_fix_utf8(s);
	assert_string_equal(s, "a?b?(\xe2\x82\xac");
}

/* A message over a MIME limit is read as invalid, saying why. */
static void
test_many_parts(void **state)
{
	struct buf		 b;
	struct parse_result	*r;
	char			*json;
	int			 i;

	(void)state;
	buf_init(&b, 0);
	buf_addstr(&b, "From: Many Parts <many@people.example.org>\n"
	    "To: pypy-dev@python.org\nSubject: parts\n"
	    "Message-ID: <many@people.example.org>\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"b\"\n\n");
	for (i = 0; i < 10000; i++)
		buf_addstr(&b, "--b\nContent-Type: text/plain\n\n"
		    "Arrive/Depart: 7-14\n");
	buf_addstr(&b, "--b--\n");
	r = parse_raw(b.data, b.len);
	assert_int_equal(r->kind, PARSE_INVALID);
	assert_int_equal(r->nerrors, 1);
	assert_non_null(strstr(r->errors[0], "could not be read"));
	/* Who sent it is still known from the headers alone. */
	assert_string_equal(r->from, "many@people.example.org");
	assert_string_equal(r->message_id, "<many@people.example.org>");
	assert_string_equal(r->name, "Many Parts");
	json = parse_to_json(r, "leysin-2027");
	assert_non_null(strstr(json, "\"kind\":\"invalid\""));
	free(json);
	parse_free(&r);
	buf_free(&b);
}

/* The parse JSON of results small and large (long notes, many warnings)
 * is whole: it reads back with the same values. */
static void
test_json_sizes(void **state)
{
	static const size_t	 sizes[] = { 1, 1500, 2100, 5000, 40000 };
	static const char	 head[] = "caf\xc3\xa9 \"q\" \\ ";
	struct parse_result	*r;
	struct buf		 b;
	json_t			*j;
	json_error_t		 err;
	char			*json, *notes;
	size_t			 i, k;

	(void)state;
	for (i = 0; i < nitems(sizes); i++) {
		notes = xmalloc(sizes[i] + 1);
		/* Lines of 60 bytes, the note's own lines. */
		memset(notes, 'n', sizes[i]);
		for (k = 60; k < sizes[i]; k += 61)
			notes[k] = '\n';
		if (sizes[i] > sizeof head)
			memcpy(notes, head, sizeof head - 1);
		notes[sizes[i]] = '\0';
		buf_init(&b, 0);
		buf_printf(&b, "From: N <n@people.example.org>\nSubject: "
		    "form\n\nName: N\nArrive: 8 Jan\nDepart: 14 Jan\n"
		    "Accommodation: Ermina\nNotes: %s\n", notes);
		r = parse_raw(b.data, b.len);
		json = parse_to_json(r, "leysin-2027");
		if ((j = json_loads(json, 0, &err)) == NULL)
			fail_msg("size %zu: %s", sizes[i], err.text);
		assert_string_equal(json_string_value(json_object_get(j,
		    "notes")), r->notes);
		assert_string_equal(json_string_value(json_object_get(j,
		    "kind")), "registration");
		/* Past the small buffer too. */
		if (sizes[i] >= 5000)
			assert_true(strlen(json) > 2048);
		json_decref(j);
		free(json);
		parse_free(&r);
		buf_free(&b);
		free(notes);
	}
}

/* A quoted-printable body ending in "=4" at the very end of the buffer
 * (libetpan reads past it: valgrind and ASan catch a regression). */
static void
test_qp_trailing_equals(void **state)
{
	static const char	 m[] = "From: Q <q@people.example.org>\n"
	    "Subject: qp\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n"
	    "Arrive/Depart: 7-14\nNotes: caf=C3=A9=4";
	struct parse_result	*r;
	char			*raw = xmalloc(sizeof m - 1);

	(void)state;
	memcpy(raw, m, sizeof m - 1);
	r = parse_raw(raw, sizeof m - 1);
	assert_int_equal(r->kind, PARSE_REGISTRATION);
	assert_non_null(r->notes);
	assert_memory_equal(r->notes, "caf\xc3\xa9", 5);
	parse_free(&r);
	free(raw);
}

/* Over the size limit: invalid, not an error of the caller's. */
static void
test_too_big(void **state)
{
	struct parse_result	*r;
	size_t			 len = 11u * 1024 * 1024, hl;
	char			*raw = xmalloc(len);
	const char		*h = "From: Big <big@people.example.org>\n"
	    "Subject: big\nMessage-ID: <big@people.example.org>\n\n"
	    "Arrive/Depart: 7-14\n";

	(void)state;
	hl = strlen(h);
	memset(raw, 'x', len);
	memcpy(raw, h, hl);
	r = parse_raw(raw, len);
	assert_int_equal(r->kind, PARSE_INVALID);
	assert_int_equal(r->nerrors, 1);
	assert_string_equal(r->from, "big@people.example.org");
	parse_free(&r);
	free(raw);
}

/* Long values are capped: every field 500 bytes, Notes 4000. */
static void
test_caps(void **state)
{
	struct buf		 b;
	struct parse_result	*r;
	int			 i;

	(void)state;
	buf_init(&b, 0);
	buf_addstr(&b, "From: Long <long@people.example.org>\n"
	    "Subject: Re: sprint\nMessage-ID: <long@people.example.org>\n\n"
	    "Name: ");
	for (i = 0; i < 2000; i++)
		buf_addstr(&b, "N\xc3\xa9");
	buf_addstr(&b, "\nArrive/Depart: 7-14\nNotes:");
	for (i = 0; i < 20000; i++)
		buf_addstr(&b, " word\n");
	r = parse_raw(b.data, b.len);
	assert_int_equal(r->kind, PARSE_REGISTRATION);
	assert_true(strlen(r->name) <= 500);
	assert_true(strlen(r->name) >= 497);
	assert_true(strlen(r->notes) <= 4000);
	assert_true(strlen(r->notes) >= 3990);
	assert_true(r->nwarnings >= 2);
	parse_free(&r);
	buf_free(&b);
}

static void
test_empty(void **state)
{
	struct parse_result	*r = NULL;
	char			*cause = NULL;

	(void)state;
	assert_int_equal(parse_message("", 0, sp, NULL, &r, &cause), -1);
	assert_null(r);
	assert_non_null(cause);
	free(cause);
	/* Without a list address, the list's own mail is no person's. */
	{
		const char	*m = "From: pypy-dev@python.org\nSubject: hi\n\n"
		    "Arrive/Depart: 7-14\n";

		assert_int_equal(parse_message(m, strlen(m), sp, NULL, &r,
		    &cause), 0);
		assert_int_equal(r->kind, PARSE_REGISTRATION);
		parse_free(&r);
		r = parse_raw(m, strlen(m));
		assert_int_equal(r->kind, PARSE_AUTO);
		parse_free(&r);
	}
}

/*
 * Quoted originals in the fields: the person's values win over the stale
 * ones quoted below them, and neither an attribution, a reply header block
 * nor a list footer ends up in Notes or in a free-text answer.
 */
static const struct {
	const char	*name;
	const char	*body;
	const char	*arrive, *depart;	/* NULL: not a registration */
	const char	*notes;
	const char	*answer_id, *answer;	/* an answer to check */
} quoted_cases[] = {
	{ "outlook-nb",
	  "Arrive: 2027-01-08\nDepart: 2027-01-13\n\n"
	  "Fra: PyPy sprints <sprints@example.org>\n"
	  "Sendt: 22. desember 2026 10:12\nTil: x@example.net\n"
	  "Emne: Re: sprint\n\n"
	  "Arrive: 2027-01-07\nDepart: 2027-01-14\nNotes: old\n",
	  "2027-01-08", "2027-01-13", NULL, NULL, NULL },
	{ "outlook-shape",
	  "Arrive: 2027-01-08\nDepart: 2027-01-13\nNotes: mine\n\n"
	  "Oddi wrth: PyPy sprints <sprints@example.org>\n"
	  "Anfonwyd: 22 Rhagfyr 2026 10:12\nAt: x@example.net\n"
	  "Pwnc: Re: sprint\n\n"
	  "Arrive: 2027-01-07\nDepart: 2027-01-14\nNotes: old\n",
	  "2027-01-08", "2027-01-13", "mine", NULL, NULL },
	{ "yahoo-unquoted",
	  "Arrive: 2027-01-08\nDepart: 2027-01-13\n\n\n"
	  "On Tuesday, December 22, 2026, 10:12:00 AM GMT+1, PyPy sprints "
	  "<sprints@example.org> wrote:\n\n\n"
	  "Arrive: 2027-01-07\nDepart: 2027-01-14\n",
	  "2027-01-08", "2027-01-13", NULL, NULL, NULL },
	{ "notes-mailman",
	  "Arrive: 2027-01-08\nDepart: 2027-01-13\nNotes: I bring a\n"
	  "projector.\n\n"
	  "_______________________________________________\n"
	  "pypy-dev mailing list\npypy-dev@python.org\n"
	  "https://mail.python.org/mailman/listinfo/pypy-dev\n",
	  "2027-01-08", "2027-01-13", "I bring a\nprojector.", NULL, NULL },
	{ "notes-mailman3",
	  "Arrive: 2027-01-08\nDepart: 2027-01-13\nNotes: projector\n"
	  "_______________________________________________\n"
	  "pypy-dev mailing list -- pypy-dev@python.org\n"
	  "To unsubscribe send an email to pypy-dev-leave@python.org\n",
	  "2027-01-08", "2027-01-13", "projector", NULL, NULL },
	{ "notes-kept",
	  "Arrive: 2027-01-08\nDepart: 2027-01-13\nNotes: Bob "
	  "<bob@example.org> comes on 2027-01-09 10:00:\nhe is new.\n",
	  "2027-01-08", "2027-01-13",
	  "Bob <bob@example.org> comes on 2027-01-09 10:00:\nhe is new.",
	  NULL, NULL },
	{ "eval-verbless-unquoted",
	  "overall: 5\nvenue: 4\nbest: the people\nand the snow\n"
	  "2027-01-16 10:12 GMT+01:00 PyPy sprints <sprints@example.org>:\n\n"
	  "overall: (1-5)\nbest: (text)\n",
	  NULL, NULL, NULL, "best", "the people\nand the snow" },
	{ "eval-verbless-wrapped-quoted",
	  "overall: 5\nchange: more tutorials\nand a longer break\n\n"
	  "2027-01-16 10:12 GMT+01:00 PyPy sprints\n<sprints@example.org>:\n"
	  "> overall: (1-5)\n> change:\n",
	  NULL, NULL, NULL, "change", "more tutorials\nand a longer break" },
	{ "eval-google-groups",
	  "overall: 5\nvenue: 4\nbest: the people\n\n"
	  "You received this message because you are subscribed to the "
	  "Google Groups \"pypy-dev\" group.\nTo unsubscribe from this group "
	  "and stop receiving emails from it, send an email to "
	  "pypy-dev+unsubscribe@googlegroups.com.\n",
	  NULL, NULL, NULL, "best", "the people" },
	{ "eval-listserv",
	  "overall: 5\nvenue: 4\nbest: the people\nand the snow\n"
	  "########################################################\n\n"
	  "To unsubscribe from the PYPY-DEV list, click the following link:\n"
	  "https://listserv.example.org/cgi-bin/wa?SUBED1=PYPY-DEV&A=1\n",
	  NULL, NULL, NULL, "best", "the people\nand the snow" },
};

static void
test_quoted_originals(void **state)
{
	struct parse_result	*r;
	char			*raw, d[11];
	size_t			 i, k;
	const char		*got;

	(void)state;
	for (i = 0; i < nitems(quoted_cases); i++) {
		raw = xprintf("From: Anna <anna@people.example.org>\n"
		    "To: pypy-dev@python.org\nSubject: Re: sprint\n"
		    "Message-ID: <%s@people.example.org>\nMIME-Version: 1.0\n"
		    "Content-Type: text/plain; charset=UTF-8\n"
		    "Content-Transfer-Encoding: 8bit\n\n%s",
		    quoted_cases[i].name, quoted_cases[i].body);
		r = parse_raw(raw, strlen(raw));
		if (quoted_cases[i].arrive != NULL) {
			if (r->kind != PARSE_REGISTRATION)
				fail_msg("%s: kind %s", quoted_cases[i].name,
				    parse_kind_name(r->kind));
			dates_format_iso(r->arrive, d);
			if (strcmp(d, quoted_cases[i].arrive) != 0)
				fail_msg("%s: arrive %s", quoted_cases[i].name,
				    d);
			dates_format_iso(r->depart, d);
			if (strcmp(d, quoted_cases[i].depart) != 0)
				fail_msg("%s: depart %s", quoted_cases[i].name,
				    d);
			got = r->notes != NULL ? r->notes : "(null)";
			if (quoted_cases[i].notes != NULL &&
			    strcmp(got, quoted_cases[i].notes) != 0)
				fail_msg("%s: notes [%s]", quoted_cases[i].name,
				    got);
		} else {
			if (r->kind != PARSE_EVALUATION)
				fail_msg("%s: kind %s", quoted_cases[i].name,
				    parse_kind_name(r->kind));
			got = "(no answer)";
			for (k = 0; k < r->nanswers; k++)
				if (strcmp(r->answers[k].id,
				    quoted_cases[i].answer_id) == 0)
					got = r->answers[k].text;
			if (strcmp(got, quoted_cases[i].answer) != 0)
				fail_msg("%s: %s [%s]", quoted_cases[i].name,
				    quoted_cases[i].answer_id, got);
		}
		parse_free(&r);
		free(raw);
	}
}

/* A multipart without a usable boundary is its text: the dates in it
 * register (the fixtures are shared with test_mime). */
static void
test_multipart_no_boundary(void **state)
{
	static const char	*files[] = {
		"mp-no-delimiter.eml", "mp-no-boundary-param.eml",
		"mp-empty-boundary.eml", "mp-other-boundary.eml",
		"mp-unclosed.eml", "mp-unclosed-alternative.eml",
		"mp-preamble-only.eml", "mp-close-only.eml",
		"mp-nested-inner-missing.eml", "mp-alternative-no-boundary.eml",
		"mp-no-delimiter-base64.eml",
	};
	const char		*top = getenv("top_srcdir");
	struct parse_result	*r;
	char			*path, *raw, *cause = NULL, d[11];
	size_t			 i, len;

	(void)state;
	for (i = 0; i < nitems(files); i++) {
		path = xprintf("%s/tests/data/mime/%s", top ? top : ".",
		    files[i]);
		if (util_read_file(path, 1 << 20, &raw, &len, &cause) != 0)
			fail_msg("%s", cause);
		r = parse_raw(raw, len);
		if (r->kind != PARSE_REGISTRATION)
			fail_msg("%s: %s (%s)", files[i],
			    parse_kind_name(r->kind),
			    r->nerrors ? r->errors[0] : "no error");
		assert_int_equal(r->arrive_state, DATES_KNOWN);
		dates_format_iso(r->arrive, d);
		assert_string_equal(d, "2027-01-15");
		assert_int_equal(r->depart_state, DATES_KNOWN);
		dates_format_iso(r->depart, d);
		assert_string_equal(d, "2027-01-19");
		assert_string_equal(r->from, "lena@example.net");
		assert_string_equal(r->name, "Lena Brook");
		parse_free(&r);
		free(raw);
		free(path);
	}
}

/* A NUL (raw, or decoded from quoted-printable) cuts nothing short; a
 * Latin-1 line in a body labelled UTF-8 is read as Latin-1 even beside
 * UTF-8 lines. */
static void
test_nul_and_mislabelled(void **state)
{
	static const char	 head[] = "From: Bob B <bob@example.org>\n"
	    "To: pypy-dev@python.org\nSubject: Re: sprint\n"
	    "Message-ID: <nul@example.org>\nMIME-Version: 1.0\n";
	struct parse_result	*r;
	char			*raw;
	size_t			 len, i;

	(void)state;
	/* A raw NUL in the diet and one before the first line: '#'
	 * stands for each. */
	raw = xprintf("%sContent-Type: text/plain; charset=utf-8\n\n"
	    "#Name: Bob B\nArrive/Depart: 8-14\nDiet: ve#gan\n", head);
	len = strlen(raw);
	for (i = 0; i < len; i++)
		if (raw[i] == '#')
			raw[i] = '\0';
	r = parse_raw(raw, len);
	assert_int_equal(r->kind, PARSE_REGISTRATION);
	assert_string_equal(r->diet, "ve gan");
	assert_string_equal(r->from, "bob@example.org");
	parse_free(&r);
	free(raw);
	/* Quoted-printable =00. */
	raw = xprintf("%sContent-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: quoted-printable\n\nName: Bob B\n"
	    "Arrive/Depart: 8-14\nDiet: ve=00gan\n", head);
	r = parse_raw(raw, strlen(raw));
	assert_string_equal(r->diet, "ve gan");
	parse_free(&r);
	free(raw);
	/* Latin-1 in one line, UTF-8 in another. */
	raw = xprintf("%sContent-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: 8bit\n\nName: Bob B\n"
	    "Arrive/Depart: 8-14\nDiet: \xe9t\xe9\nNotes: caf\xc3\xa9\n", head);
	r = parse_raw(raw, strlen(raw));
	assert_string_equal(r->diet, "\xc3\xa9t\xc3\xa9");
	assert_string_equal(r->notes, "caf\xc3\xa9");
	parse_free(&r);
	free(raw);
}

/* A registration with the headers given, parsed as sprintd with self. */
static struct parse_result *
parse_with(const struct parse_self *with, const char *headers)
{
	struct parse_result	*r = NULL;
	char			*raw, *cause = NULL;

	raw = xprintf("%sTo: pypy-dev@python.org\nSubject: Re: [pypy-dev] "
	    "PyPy Leysin Winter Sprint 2027\nMessage-ID: <s@example.org>\n"
	    "\nArrive/Depart: 8-14\n", headers);
	assert_int_equal(parse_message(raw, strlen(raw), sp, with, &r,
	    &cause), 0);
	free(raw);
	return r;
}

/*
 * Who a message is from. sprintd's own mail, and mail with an X-Loop
 * naming sprintd or its list, is auto; so is an organizer's mail with an
 * X-Loop naming one of ours, while organizers writing normally register.
 * A list that rewrites From ("Anna via pypy-dev <list>") posts for the
 * person X-Original-From, X-Original-Sender or Reply-To names, in that
 * order; with none, the message is invalid and never answered.
 */
static void
test_sender_rules(void **state)
{
	static const struct parse_self	 bare = { LIST_ADDRESS,
	    "sprints@example.org" };
	static const struct parse_self	 nolist = { NULL, OWN_FROM };
	static const struct {
		const struct parse_self	*self;
		const char		*headers;
		enum parse_kind		 kind;
		const char		*from;
		const char		*name;
		int			 no_reply;
	} cases[] = {
		/* sprintd's own address, however the config or mail write it */
		{ &self, "From: SPRINTS@Example.ORG\n", PARSE_AUTO,
		    "sprints@example.org", "sprints", 0 },
		{ &bare, "From: \"PyPy sprints\" <sprints@example.org>\n",
		    PARSE_AUTO, "sprints@example.org", "PyPy sprints", 0 },
		{ &nolist, "From: Bot <sprints@example.org>\n", PARSE_AUTO,
		    "sprints@example.org", "Bot", 0 },
		/* With no config, nothing is sprintd's own. */
		{ NULL, "From: Bot <sprints@example.org>\n",
		    PARSE_REGISTRATION, "sprints@example.org", "Bot", 0 },
		/* X-Loop naming sprintd or the list, in any form */
		{ &self, "From: P <p@people.example.org>\nX-Loop: PyPy sprints "
		    "<sprints@example.org>\n", PARSE_AUTO,
		    "p@people.example.org", "P", 0 },
		{ &self, "From: P <p@people.example.org>\nX-Loop: "
		    "helpdesk@corp.example.com\nx-loop: Sprints@Example.org\n",
		    PARSE_AUTO, "p@people.example.org", "P", 0 },
		{ &self, "From: P <p@people.example.org>\nX-Loop: "
		    "PYPY-DEV@python.org\n", PARSE_AUTO,
		    "p@people.example.org", "P", 0 },
		{ &nolist, "From: P <p@people.example.org>\nX-Loop: "
		    "pypy-dev@python.org\n", PARSE_REGISTRATION,
		    "p@people.example.org", "P", 0 },
		/* ... but not another address that contains ours */
		{ &self, "From: P <p@people.example.org>\nX-Loop: "
		    "my-sprints@example.org, sprints@example.org.example.net"
		    "\n", PARSE_REGISTRATION, "p@people.example.org", "P", 0 },
		/* Organizers are people, unless an X-Loop names one of ours */
		{ &self, "From: Armin Rigo <arigo@example.org>\n",
		    PARSE_REGISTRATION, "arigo@example.org", "Armin Rigo", 0 },
		{ &self, "From: Armin Rigo <ARIGO@example.org>\nX-Loop: "
		    "pypy-sprint@python.org\n", PARSE_AUTO,
		    "arigo@example.org", "Armin Rigo", 0 },
		{ &self, "From: Armin Rigo <arigo@example.org>\nX-Loop: "
		    "arigo@example.org\n", PARSE_AUTO, "arigo@example.org",
		    "Armin Rigo", 0 },
		{ &self, "From: Armin Rigo <arigo@example.org>\nX-Loop: "
		    "helpdesk@corp.example.com\n", PARSE_REGISTRATION,
		    "arigo@example.org", "Armin Rigo", 0 },
		{ &self, "From: P <p@people.example.org>\nX-Loop: "
		    "arigo@example.org\n", PARSE_REGISTRATION,
		    "p@people.example.org", "P", 0 },
		/* The list itself */
		{ &self, "From: pypy-dev@python.org\n", PARSE_AUTO,
		    "pypy-dev@python.org", "pypy-dev", 0 },
		/* The list rewrote From: who the headers name */
		{ &self, "From: Anna Example via pypy-dev <pypy-dev@python.org>"
		    "\nReply-To: Anna Example <anna@people.example.org>\n",
		    PARSE_REGISTRATION, "anna@people.example.org",
		    "Anna Example", 0 },
		{ &self, "From: A via pypy-dev <pypy-dev@python.org>\n"
		    "Reply-To: Other <other@people.example.org>\n"
		    "X-Original-Sender: sender@people.example.org\n"
		    "X-Original-From: Anna Orig <Anna@People.example.org>\n",
		    PARSE_REGISTRATION, "anna@people.example.org", "Anna Orig",
		    0 },
		{ &self, "From: Bob B via pypy-dev <pypy-dev@python.org>\n"
		    "Reply-To: Other <other@people.example.org>\n"
		    "X-Original-Sender: bob@people.example.org\n",
		    PARSE_REGISTRATION, "bob@people.example.org", "Bob B", 0 },
		{ &self, "From: \"'Bea Google' via pypy-sprint\" "
		    "<pypy-sprint@python.org>\nReply-To: pypy-sprint@python.org"
		    "\nX-Original-Sender: bea@people.example.org\n",
		    PARSE_REGISTRATION, "bea@people.example.org", "Bea Google",
		    0 },
		{ NULL, "From: Cleo via pypy-sprint <pypy-sprint@python.org>\n"
		    "Reply-To: cleo@people.example.org\n", PARSE_REGISTRATION,
		    "cleo@people.example.org", "Cleo", 0 },
		{ &self, "From: =?utf-8?q?J=C3=B6rg_M=C3=BCller_via_pypy-dev?= "
		    "<pypy-dev@python.org>\nReply-To: joerg@people.example.org"
		    "\n", PARSE_REGISTRATION, "joerg@people.example.org",
		    "Jörg Müller", 0 },
		{ &self, "From: pypy-dev@python.org\nReply-To: "
		    "dan@people.example.org\n", PARSE_REGISTRATION,
		    "dan@people.example.org", "dan", 0 },
		/* A name from mail never carries a line break. */
		{ &self, "From: Eve via pypy-dev <pypy-dev@python.org>\n"
		    "X-Original-From: \"=?utf-8?q?Eve=0D=0ABcc:_x?=\" "
		    "<eve@people.example.org>\n", PARSE_REGISTRATION,
		    "eve@people.example.org", "EveBcc: x", 0 },
		/* Rewritten to sprintd's own address: its own mail */
		{ &self, "From: PyPy sprints via pypy-dev <pypy-dev@python.org>"
		    "\nX-Original-From: sprints@example.org\n", PARSE_AUTO,
		    "sprints@example.org", "PyPy sprints", 0 },
		{ &self, "From: PyPy sprints via pypy-dev <pypy-dev@python.org>"
		    "\nReply-To: sprints@example.org\n", PARSE_AUTO,
		    "sprints@example.org", "PyPy sprints", 0 },
		/* Rewritten, and nobody named: kept, never answered */
		{ &self, "From: Carl Nobody via pypy-dev <pypy-dev@python.org>"
		    "\n", PARSE_INVALID, "pypy-dev@python.org", "Carl Nobody",
		    1 },
		{ &self, "From: Carl Nobody via pypy-dev <pypy-dev@python.org>"
		    "\nReply-To: pypy-dev@python.org\n", PARSE_INVALID,
		    "pypy-dev@python.org", "Carl Nobody", 1 },
		{ &self, "From: Carl Nobody via pypy-dev <pypy-dev@python.org>"
		    "\nX-Original-From: pypy-dev@python.org\n", PARSE_INVALID,
		    "pypy-dev@python.org", "Carl Nobody", 1 },
		{ &self, "From: Carl Nobody via pypy-dev <pypy-dev@python.org>"
		    "\nReply-To: pypy-dev-request@python.org\n", PARSE_INVALID,
		    "pypy-dev@python.org", "Carl Nobody", 1 },
		/* " via " in a person's own From is just a name */
		{ &self, "From: Fay via phone <fay@people.example.org>\n",
		    PARSE_REGISTRATION, "fay@people.example.org",
		    "Fay via phone", 0 },
	};
	struct parse_result	*r;
	size_t			 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		r = parse_with(cases[i].self, cases[i].headers);
		if (r->kind != cases[i].kind)
			fail_msg("case %zu: %s, wanted %s (%s)", i,
			    parse_kind_name(r->kind),
			    parse_kind_name(cases[i].kind), r->auto_reason ?
			    r->auto_reason : r->nerrors ? r->errors[0] : "");
		assert_string_equal(r->from, cases[i].from);
		if (r->name == NULL || strcmp(r->name, cases[i].name) != 0)
			fail_msg("case %zu: name \"%s\", wanted \"%s\"", i,
			    r->name ? r->name : "(null)", cases[i].name);
		assert_int_equal(r->no_reply, cases[i].no_reply);
		assert_true((r->kind == PARSE_AUTO) == (r->auto_reason != NULL));
		if (r->no_reply) {
			assert_int_equal(r->nerrors, 1);
			assert_non_null(strstr(r->errors[0], "rewrote"));
		}
		parse_free(&r);
	}
}

/* Two posts the list rewrote, from two people: two people, not the list. */
static void
test_munged_two_people(void **state)
{
	struct parse_result	*a, *b;

	(void)state;
	a = parse_with(&self, "From: Anna Example via pypy-dev "
	    "<pypy-dev@python.org>\nReply-To: anna@people.example.org\n");
	b = parse_with(&self, "From: \"'Ben Other' via pypy-dev\" "
	    "<pypy-dev@python.org>\nX-Original-From: Ben Other "
	    "<ben@people.example.org>\n");
	assert_int_equal(a->kind, PARSE_REGISTRATION);
	assert_int_equal(b->kind, PARSE_REGISTRATION);
	assert_string_equal(a->from, "anna@people.example.org");
	assert_string_equal(a->name, "Anna Example");
	assert_string_equal(b->from, "ben@people.example.org");
	assert_string_equal(b->name, "Ben Other");
	parse_free(&a);
	parse_free(&b);
}

static void
test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(parse_kind_name(PARSE_REGISTRATION),
	    "registration");
	assert_string_equal(parse_kind_name(PARSE_CANCELLATION),
	    "cancellation");
	assert_string_equal(parse_kind_name(PARSE_EVALUATION), "evaluation");
	assert_string_equal(parse_kind_name(PARSE_INVALID), "invalid");
	assert_string_equal(parse_kind_name(PARSE_UNRELATED), "unrelated");
	assert_string_equal(parse_kind_name(PARSE_AUTO), "auto");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_keys),
		cmocka_unit_test(test_form_helpers),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_many_parts),
		cmocka_unit_test(test_qp_trailing_equals),
		cmocka_unit_test(test_json_sizes),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_quoted_originals),
		cmocka_unit_test(test_multipart_no_boundary),
		cmocka_unit_test(test_nul_and_mislabelled),
		cmocka_unit_test(test_sender_rules),
		cmocka_unit_test(test_munged_two_people),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
