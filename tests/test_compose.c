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

/* test_compose.c -- replies and personal mail, as queued in the outbox:
 * recipient, threading, Auto-Submitted, subject, the echoed form, the
 * people table; the announcement's preview; templates checked at
 * start-up. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "compose.h"
#include "invite.h"
#include "config.h"
#include "daily.h"
#include "people.h"
#include "plan.h"
#include "interest.h"
#include "registry.h"
#include "render.h"
#include "store.h"
#include "sync.h"
#include "util.h"
#include "testlib.h"

static int	 seq;

struct fixture {
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

	testlib_store_sprint(testlib_sprint_file("tests/data/sprints/good.yaml"),
	    0, &f->st, &f->s, &f->sprint_id, NULL);
	f->c = testlib_compose(&f->cfg);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	compose_free(&f->c);
	assert_null(f->c);
	sprint_free(&f->s);
	store_close(&f->st);
	free(f);
	return 0;
}

/* A parse result as parse_message would give for a registration. */
static void
reg_result(struct parse_result *res, const char *from, const char *name,
    const char *arrive, const char *depart, const char *acc)
{
	memset(res, 0, sizeof *res);
	res->kind = PARSE_REGISTRATION;
	res->given = PARSE_HAS_ALL;
	res->from = (char *)from;
	res->name = (char *)name;
	res->arrive_state = DATES_UNKNOWN;
	res->depart_state = DATES_UNKNOWN;
	if (arrive != NULL) {
		assert_int_equal(dates_parse_iso(arrive, &res->arrive), 0);
		res->arrive_state = DATES_KNOWN;
	}
	if (depart != NULL) {
		assert_int_equal(dates_parse_iso(depart, &res->depart), 0);
		res->depart_state = DATES_KNOWN;
	}
	res->accommodation = (char *)acc;
	res->newcomer = PARSE_NULL;
	res->funding = PARSE_NULL;
}

static void
do_register(struct fixture *f, const struct parse_result *res,
    struct registry_reg *reg)
{
	enum registry_change	 change;
	int64_t			 person;
	char			*cause = NULL;

	memset(reg, 0, sizeof *reg);
	if (registry_person(f->st, res->from, res->name, &person,
	    &cause) != 0 ||
	    registry_register(f->st, f->sprint_id, f->s->capacity, person, 0,
	    res, &change, reg, &cause) != 0)
		fail_msg("%s", cause);
}

struct row {
	char	*kind;
	char	*recipient;
	char	*subject;
	char	*message_id;
	char	*data;
	int64_t	 reply_to;
};

/* The n-th (1-based) outbox row; the test fails when it is missing. */
static void
get_row(struct fixture *f, int n, struct row *r)
{
	sqlite3_stmt	*stmt;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT kind, "
	    "recipient, subject, message_id, data, reply_to FROM outbox_mail "
	    "ORDER BY id LIMIT 1 OFFSET ?1", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int(stmt, 1, n - 1);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	r->kind = store_column_dup(stmt, 0);
	r->recipient = store_column_dup(stmt, 1);
	r->subject = store_column_dup(stmt, 2);
	r->message_id = store_column_dup(stmt, 3);
	r->data = xstrndup(sqlite3_column_blob(stmt, 4),
	    (size_t)sqlite3_column_bytes(stmt, 4));
	r->reply_to = sqlite3_column_int64(stmt, 5);
	sqlite3_finalize(stmt);
}

static void
row_free(struct row *r)
{
	free(r->kind);
	free(r->recipient);
	free(r->subject);
	free(r->message_id);
	free(r->data);
}

static int
count_rows(struct fixture *f)
{
	sqlite3_stmt	*stmt;
	int		 n;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT count(*) "
	    "FROM outbox", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* The unfolded value of header name in a CRLF message, and how many
 * times it occurs. NULL when absent. */
static char *
header(const char *data, const char *name, int *count)
{
	const char	*p, *end = strstr(data, "\r\n\r\n");
	size_t		 len = strlen(name);
	char		*val = NULL;
	struct buf	 b;

	*count = 0;
	assert_non_null(end);
	for (p = data; p < end; p = strstr(p, "\r\n") + 2) {
		if (util_strncaseeq(p, name, len) && p[len] == ':') {
			const char	*q = p + len + 1;

			(*count)++;
			if (val != NULL)
				continue;
			buf_init(&b, 0);
			while (*q == ' ')
				q++;
			for (;;) {
				const char	*e = strstr(q, "\r\n");

				buf_add(&b, q, (size_t)(e - q));
				if (e[2] != ' ' && e[2] != '\t')
					break;
				q = e + 2;
			}
			val = b.data != NULL ? buf_steal(&b, NULL) :
			    xstrdup("");
		}
	}
	return val;
}

/* The value after "key: " on a line of its own in the body, or NULL. */
static char *
body_field(const char *data, const char *key)
{
	const char	*body = strstr(data, "\r\n\r\n") + 4, *p, *e;
	char		*pat = xprintf("\r\n%s:", key);

	p = strstr(body - 2, pat);
	free(pat);
	if (p == NULL)
		return NULL;
	p += strlen(key) + 3;
	while (*p == ' ')
		p++;
	e = strstr(p, "\r\n");
	return xstrndup(p, (size_t)(e - p));
}

/*
 * Sends the echoed block (Name: to the end of the block) back through the
 * real parser, as the person would reply, and returns the result.
 */
static struct parse_result *
reparse(struct fixture *f, const char *data, const char *from)
{
	const char		*b = strstr(data, "\r\nName: "), *e;
	struct parse_result	*res = NULL;
	char			*raw, *cause = NULL;

	assert_non_null(b);
	e = strstr(b + 2, "\r\n\r\n");
	assert_non_null(e);
	raw = xprintf("From: %s\r\nTo: sprints@example.org\r\nSubject: Re: "
	    "registration\r\nMessage-ID: <rt@example.org>\r\nDate: Mon, 4 Jan "
	    "2027 10:00:00 +0000\r\n\r\n%.*s\r\n", from, (int)(e - b - 2),
	    b + 2);
	if (parse_message(raw, strlen(raw), f->s, NULL, &res, &cause) != 0)
		fail_msg("%s", cause);
	free(raw);
	return res;
}

/* Private replies drop the prefix of the list (or of one the sprint
 * announces to) from the subject, however it is nested among "Re:"s;
 * other bracketed tags stay. */
static void
test_subject_prefix(void **state)
{
	static const struct {
		const char	*orig;
		const char	*want;
	} t[] = {
		{ "Re: [pypy-sprint] Re: Leysin", "Re: Leysin" },
		{ "[Pypy-sprint] Re: [pypy-sprint] RE: [PyPy Sprint] Leysin",
		    "Re: Leysin" },
		{ "Re:[pypy-sprint]Re:  Leysin", "Re: Leysin" },
		{ "Re: [pypy-sprint 42] Leysin", "Re: Leysin" },
		{ "Re: [ANN] Leysin", "Re: [ANN] Leysin" },
		{ "Re: [pypy-dev] Leysin", "Re: Leysin" },
		{ "Re: [pypy-users] Leysin", "Re: [pypy-users] Leysin" },
		{ "Re: Leysin [pypy-sprint]", "Re: Leysin [pypy-sprint]" },
		{ "Re: [pypy-sprint]", "Re: PyPy Leysin Winter Sprint 2027" },
	};
	struct fixture		*f = *state;
	struct compose_orig	 orig;
	struct row		 r;
	char			*cause = NULL;
	size_t			 i;

	for (i = 0; i < nitems(t); i++) {
		memset(&orig, 0, sizeof orig);
		orig.from = "anna@example.org";
		orig.message_id = "<orig-1@mail.example.org>";
		orig.subject = t[i].orig;
		assert_int_equal(store_begin(f->st, &cause), 0);
		if (compose_reply(f->c, f->st, "not-registered", f->s,
		    f->sprint_id, &orig, NULL, NULL, &cause) != 0)
			fail_msg("%s", cause);
		assert_int_equal(store_commit(f->st, &cause), 0);
		get_row(f, (int)i + 1, &r);
		if (strcmp(r.subject, t[i].want) != 0)
			fail_msg("\"%s\": \"%s\", wanted \"%s\"", t[i].orig,
			    r.subject, t[i].want);
		row_free(&r);
	}
}

static void
test_confirm_reply(void **state)
{
	struct fixture		*f = *state;
	struct parse_result	 res;
	struct registry_reg	 reg;
	struct compose_orig	 orig;
	struct row		 r;
	struct parse_result	*back;
	char			*cause = NULL, *v, *refs;
	int			 n;

	reg_result(&res, "anna@example.org", "Anna Example", "2027-01-07",
	    "2027-01-14", "Ermina");
	res.newcomer = PARSE_YES;
	res.funding = PARSE_NO;
	res.diet = "vegetarian";
	assert_int_equal(store_begin(f->st, &cause), 0);
	do_register(f, &res, &reg);
	memset(&orig, 0, sizeof orig);
	orig.msg_id = 0;
	orig.from = "anna@example.org";
	orig.message_id = "<orig-1@mail.example.org>";
	orig.references = "<announce-1@example.org>";
	orig.subject = "Re: RE: re: Registration for Leysin";
	if (compose_reply(f->c, f->st, "confirm", f->s, f->sprint_id, &orig,
	    &res, &reg, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(store_commit(f->st, &cause), 0);

	assert_int_equal(count_rows(f), 1);
	get_row(f, 1, &r);
	assert_string_equal(r.kind, "confirm");
	assert_string_equal(r.recipient, "anna@example.org");
	assert_string_equal(r.subject, "Re: Registration for Leysin");

	/* The sender is the only recipient. */
	v = header(r.data, "To", &n);
	assert_int_equal(n, 1);
	assert_string_equal(v, "anna@example.org");
	free(v);
	assert_null(header(r.data, "Cc", &n));
	assert_null(header(r.data, "Bcc", &n));
	v = header(r.data, "From", &n);
	assert_non_null(strstr(v, "<sprints@example.org>"));
	free(v);
	v = header(r.data, "Subject", &n);
	assert_string_equal(v, "Re: Registration for Leysin");
	free(v);
	/* Threading: In-Reply-To the original, References its chain. */
	v = header(r.data, "In-Reply-To", &n);
	assert_string_equal(v, "<orig-1@mail.example.org>");
	free(v);
	refs = header(r.data, "References", &n);
	assert_string_equal(refs,
	    "<announce-1@example.org> <orig-1@mail.example.org>");
	free(refs);
	v = header(r.data, "Auto-Submitted", &n);
	assert_string_equal(v, "auto-replied");
	free(v);
	/* Should it come back, sprintd knows its own mail. */
	v = header(r.data, "X-Loop", &n);
	assert_int_equal(n, 1);
	assert_string_equal(v, "sprints@example.org");
	free(v);
	/* The Message-ID in the mail is the one the outbox row keeps. */
	v = header(r.data, "Message-ID", &n);
	assert_string_equal(v, r.message_id);
	assert_non_null(strstr(v, "@example.org>"));
	free(v);

	/* The echoed block reads back as what was recorded. */
	v = body_field(r.data, "Name");
	assert_string_equal(v, reg.name);
	free(v);
	v = body_field(r.data, "Arrive");
	assert_string_equal(v, reg.arrive);
	assert_string_equal(v, "2027-01-07");
	free(v);
	v = body_field(r.data, "Depart");
	assert_string_equal(v, reg.depart);
	free(v);
	v = body_field(r.data, "Accommodation");
	assert_string_equal(v, reg.accommodation);
	free(v);
	v = body_field(r.data, "First sprint");
	assert_string_equal(v, reg.newcomer == 1 ? "yes" : "no");
	assert_string_equal(v, "yes");
	free(v);
	v = body_field(r.data, "Funding");
	assert_string_equal(v, "no");
	free(v);
	v = body_field(r.data, "Diet");
	assert_string_equal(v, reg.diet);
	free(v);
	/* And the real parser reads the block back as the same values. */
	back = reparse(f, r.data, "Anna Example <anna@example.org>");
	assert_int_equal(back->kind, PARSE_REGISTRATION);
	assert_string_equal(back->name, reg.name);
	assert_int_equal(back->arrive_state, DATES_KNOWN);
	assert_int_equal(back->arrive, res.arrive);
	assert_int_equal(back->depart_state, DATES_KNOWN);
	assert_int_equal(back->depart, res.depart);
	assert_false(back->local);
	assert_string_equal(back->accommodation, reg.accommodation);
	assert_int_equal(back->newcomer, PARSE_YES);
	assert_int_equal(back->funding, PARSE_NO);
	assert_string_equal(back->diet, reg.diet);
	parse_free(&back);
	assert_non_null(strstr(r.data, "you are registered for PyPy Leysin "
	    "Winter Sprint 2027"));
	assert_null(strstr(r.data, "waiting list for now"));
	/* The people as lines, not a table, and the headcount per day,
	 * with days as prose writes them. */
	assert_non_null(strstr(r.data, "\r\n  - Anna Example: Thu 7 Jan to "
	    "Thu 14 Jan, Ermina\r\n"));
	assert_null(strstr(r.data, "====="));
	assert_non_null(strstr(r.data, "\r\n  Fri 8 Jan: 1\r\n"));
	assert_non_null(strstr(r.data, "\r\n  Mon 11 Jan: 1 (break day)\r\n"));
	assert_non_null(strstr(r.data, "You arrive on Thu 7 Jan and leave on "
	    "Thu 14 Jan.\r\n"));
	assert_non_null(strstr(r.data, "We recommend arriving on Thu 7 Jan."));
	/* No warnings, no section about them. */
	assert_null(strstr(r.data, "Please check:"));
	row_free(&r);
	registry_reg_clear(&reg);
}

static void
test_confirm_local_unknown(void **state)
{
	struct fixture		*f = *state;
	struct parse_result	 res, *back;
	struct registry_reg	 reg;
	struct compose_orig	 orig;
	struct row		 r;
	char			*cause = NULL;
	int			 i;

	assert_int_equal(store_begin(f->st, &cause), 0);
	memset(&orig, 0, sizeof orig);
	orig.subject = "Registration";
	for (i = 0; i < 2; i++) {
		if (i == 0) {
			reg_result(&res, "armin@example.org", "Armin Rigo",
			    NULL, NULL, NULL);
			res.local = 1;
		} else
			reg_result(&res, "bob@example.org", "Bob Smith",
			    "2027-01-10", NULL, NULL);
		do_register(f, &res, &reg);
		orig.from = res.from;
		if (compose_reply(f->c, f->st, "confirm", f->s, f->sprint_id,
		    &orig, &res, &reg, &cause) != 0)
			fail_msg("%s", cause);
		registry_reg_clear(&reg);
	}
	assert_int_equal(store_commit(f->st, &cause), 0);

	get_row(f, 1, &r);
	back = reparse(f, r.data, "Armin Rigo <armin@example.org>");
	assert_int_equal(back->kind, PARSE_REGISTRATION);
	assert_true(back->local);
	assert_null(back->accommodation);
	assert_int_equal(back->newcomer, PARSE_NULL);
	assert_int_equal(back->funding, PARSE_NULL);
	assert_null(back->diet);
	parse_free(&back);
	row_free(&r);

	get_row(f, 2, &r);
	back = reparse(f, r.data, "Bob Smith <bob@example.org>");
	assert_int_equal(back->kind, PARSE_REGISTRATION);
	assert_false(back->local);
	assert_int_equal(back->arrive_state, DATES_KNOWN);
	assert_int_equal(back->arrive, dates_from_ymd(2027, 1, 10));
	assert_int_equal(back->depart_state, DATES_UNKNOWN);
	parse_free(&back);
	row_free(&r);
}

static void
test_confirm_table_and_waiting(void **state)
{
	struct fixture		*f = *state;
	struct parse_result	 res;
	struct registry_reg	 reg;
	struct compose_orig	 orig;
	struct row		 r;
	char			*cause = NULL, *v;
	int			 i, n;

	assert_int_equal(store_begin(f->st, &cause), 0);
	/* A local, someone with unknown dates, then fill the sprint. */
	reg_result(&res, "armin@example.org", "Armin Rigo", NULL, NULL, NULL);
	res.local = 1;
	do_register(f, &res, &reg);
	registry_reg_clear(&reg);
	reg_result(&res, "bob@example.org", "Bob", "2027-01-10", NULL, NULL);
	do_register(f, &res, &reg);
	registry_reg_clear(&reg);
	for (i = 2; i < f->s->capacity; i++) {
		char	*a = xprintf("p%d@example.org", i);

		reg_result(&res, a, "Someone", "2027-01-12", "2027-01-13",
		    "private");
		do_register(f, &res, &reg);
		registry_reg_clear(&reg);
		free(a);
	}
	reg_result(&res, "late@example.org", "Late Comer", "2027-01-07",
	    "2027-01-14", "Ermina");
	do_register(f, &res, &reg);
	assert_string_equal(reg.status, "waiting");
	memset(&orig, 0, sizeof orig);
	orig.from = "late@example.org";
	orig.subject = NULL;	/* falls back to the sprint's name */
	if (compose_reply(f->c, f->st, "confirm", f->s, f->sprint_id, &orig,
	    &res, &reg, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(store_commit(f->st, &cause), 0);
	get_row(f, 1, &r);
	assert_string_equal(r.subject, "Re: PyPy Leysin Winter Sprint 2027");
	/* No original Message-ID: no threading headers. */
	assert_null(header(r.data, "In-Reply-To", &n));
	assert_null(header(r.data, "References", &n));
	assert_non_null(strstr(r.data, "you are on the waiting list"));
	assert_non_null(strstr(r.data, "\r\n  - Armin Rigo: lives there\r\n"));
	assert_non_null(strstr(r.data, "\r\n  - Bob: from Sun 10 Jan "
	    "(departure not known yet)\r\n"));
	assert_non_null(strstr(r.data, "On the waiting list:\r\n  - Late "
	    "Comer\r\n"));
	/* 8 Jan: Armin (local) and Bob (arrives the 10th) only: 1. */
	assert_non_null(strstr(r.data, "\r\n  Fri 8 Jan: 1\r\n"));
	assert_non_null(strstr(r.data, "\r\n  Sun 10 Jan: 2\r\n"));
	assert_non_null(strstr(r.data, "\r\n  Tue 12 Jan: 15\r\n"));
	assert_non_null(strstr(r.data, "\r\n  Thu 14 Jan: 2\r\n"));
	v = body_field(r.data, "Arrive");
	assert_string_equal(v, "2027-01-07");
	free(v);
	row_free(&r);
	registry_reg_clear(&reg);
}

/* A long waiting list: the first 25 names and how many more. */
static void
test_waiting_list_capped(void **state)
{
	struct fixture		*f = *state;
	struct parse_result	 res;
	struct registry_reg	 reg;
	struct compose_orig	 orig;
	struct row		 r;
	char			*cause = NULL, *a, *name;
	int			 i;

	assert_int_equal(store_begin(f->st, &cause), 0);
	for (i = 0; i < f->s->capacity + 30; i++) {
		a = xprintf("w%d@example.org", i);
		name = xprintf("Person %d", i);
		reg_result(&res, a, name, "2027-01-08", "2027-01-14", NULL);
		do_register(f, &res, &reg);
		if (i < f->s->capacity + 29)
			registry_reg_clear(&reg);
		free(a);
		free(name);
	}
	assert_string_equal(reg.status, "waiting");
	memset(&orig, 0, sizeof orig);
	orig.from = reg.email;
	if (compose_reply(f->c, f->st, "confirm", f->s, f->sprint_id, &orig,
	    &res, &reg, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(store_commit(f->st, &cause), 0);
	get_row(f, 1, &r);
	/* The first waiting is Person <capacity>, the 25th is listed, the
	 * 26th is not; 5 more are counted. */
	a = xprintf("  - Person %d\r\n", f->s->capacity);
	assert_non_null(strstr(r.data, a));
	free(a);
	a = xprintf("  - Person %d\r\n", f->s->capacity + 24);
	assert_non_null(strstr(r.data, a));
	free(a);
	a = xprintf("  - Person %d\r\n", f->s->capacity + 25);
	assert_null(strstr(r.data, a));
	free(a);
	assert_non_null(strstr(r.data, "  ... and 5 more\r\n"));
	row_free(&r);
	registry_reg_clear(&reg);
}

static void
test_hostile_values(void **state)
{
	struct fixture		*f = *state;
	struct parse_result	 res;
	struct registry_reg	 reg;
	struct compose_orig	 orig;
	struct row		 r;
	char			*cause = NULL, *refs, *many, *v;
	struct buf		 b;
	int			 i, n;

	assert_int_equal(store_begin(f->st, &cause), 0);
	reg_result(&res, "eve@example.org", "Eve\r\nBcc: victim@example.org",
	    "2027-01-08", "2027-01-09", "x\r\nBcc: v2@example.org");
	do_register(f, &res, &reg);
	buf_init(&b, 0);
	for (i = 0; i < 100; i++)
		buf_printf(&b, "<ref-%03d@example.org> ", i);
	buf_addstr(&b, "<bad id> garbage");
	many = buf_steal(&b, NULL);
	memset(&orig, 0, sizeof orig);
	orig.from = "eve@example.org";
	orig.message_id = "<last@example.org>";
	orig.references = many;
	orig.subject = "Hi\r\nBcc: victim@example.org";
	if (compose_reply(f->c, f->st, "confirm", f->s, f->sprint_id, &orig,
	    &res, &reg, &cause) != 0)
		fail_msg("%s", cause);
	/* An unusable sender is not answered, and that is no error. */
	orig.from = "not an address";
	assert_int_equal(compose_reply(f->c, f->st, "confirm", f->s,
	    f->sprint_id, &orig, &res, &reg, &cause), 0);
	assert_int_equal(store_commit(f->st, &cause), 0);
	assert_int_equal(count_rows(f), 1);
	get_row(f, 1, &r);
	assert_null(header(r.data, "Bcc", &n));
	*strstr(r.data, "\r\n\r\n") = '\0';
	assert_null(strstr(r.data, "\r\nBcc:"));
	r.data[strlen(r.data)] = '\r';
	v = header(r.data, "Subject", &n);
	assert_string_equal(v, "Re: HiBcc: victim@example.org");
	free(v);
	/* Nor a line of the echoed form block. */
	assert_non_null(strstr(r.data, "\r\nAccommodation: xBcc: "
	    "v2@example.org\r\n"));
	assert_non_null(strstr(r.data, "\r\nName: EveBcc: "
	    "victim@example.org\r\n"));
	/* References is capped, keeping the first and the original. */
	refs = header(r.data, "References", &n);
	assert_true(strlen(refs) <= 1000);
	assert_true(strncmp(refs, "<ref-000@example.org> ", 22) == 0);
	assert_non_null(strstr(refs, "<ref-099@example.org> "
	    "<last@example.org>"));
	assert_null(strstr(refs, "bad id"));
	assert_null(strstr(refs, "<ref-001@"));
	free(refs);
	free(many);
	row_free(&r);
	registry_reg_clear(&reg);
}

static void
test_error_reply(void **state)
{
	struct fixture		*f = *state;
	struct parse_result	 res;
	struct compose_orig	 orig;
	struct row		 r;
	char			*cause = NULL, *v;
	char			*errors[] = {
		"Arrive: expected a date like 2027-01-07, got \"soon\"",
	};

	reg_result(&res, "carl@example.org", "Carl", NULL, "2027-01-14",
	    "Ermina");
	res.kind = PARSE_INVALID;
	res.funding = PARSE_YES;
	res.errors = errors;
	res.nerrors = 1;
	memset(&orig, 0, sizeof orig);
	orig.msg_id = 0;
	orig.from = "carl@example.org";
	orig.message_id = "<c1@example.org>";
	orig.subject = "Registration";
	assert_int_equal(store_begin(f->st, &cause), 0);
	if (compose_reply(f->c, f->st, "error", f->s, f->sprint_id, &orig,
	    &res, NULL, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(store_commit(f->st, &cause), 0);
	get_row(f, 1, &r);
	assert_string_equal(r.kind, "error");
	assert_string_equal(r.subject, "Re: Registration");
	assert_non_null(strstr(r.data, "  - Arrive: expected a date like "
	    "2027-01-07, got \"soon\"\r\n"));
	/* The field to fix is blank, the rest repeated. */
	v = body_field(r.data, "Arrive");
	assert_string_equal(v, "");
	free(v);
	v = body_field(r.data, "Depart");
	assert_string_equal(v, "2027-01-14");
	free(v);
	v = body_field(r.data, "Funding");
	assert_string_equal(v, "yes");
	free(v);
	v = body_field(r.data, "Name");
	assert_string_equal(v, "Carl");
	free(v);
	row_free(&r);
}

static void
test_personal_and_announce(void **state)
{
	struct fixture		*f = *state;
	struct parse_result	 res;
	struct registry_reg	 reg;
	struct row		 r;
	char			*cause = NULL, *v;
	int			 n;

	assert_int_equal(store_begin(f->st, &cause), 0);
	reg_result(&res, "dora@example.org", "Dora", "2027-01-07",
	    "2027-01-14", "Ermina");
	res.newcomer = PARSE_YES;
	do_register(f, &res, &reg);
	if (compose_personal(f->c, f->st, "remind", f->s, f->sprint_id, &reg,
	    &cause) != 0 ||
	    compose_personal(f->c, f->st, "evaluate", f->s, f->sprint_id, &reg,
	    &cause) != 0 ||
	    compose_announce(f->c, f->st, f->s, f->sprint_id,
	    "pypy-dev@python.org", &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(compose_personal(f->c, f->st, "confirm", f->s,
	    f->sprint_id, &reg, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(store_commit(f->st, &cause), 0);

	get_row(f, 1, &r);
	assert_string_equal(r.kind, "remind");
	assert_int_equal(r.reply_to, 0);
	v = header(r.data, "Auto-Submitted", &n);
	assert_string_equal(v, "auto-generated");
	free(v);
	v = header(r.data, "X-Loop", &n);
	assert_string_equal(v, "sprints@example.org");
	free(v);
	assert_null(header(r.data, "In-Reply-To", &n));
	/* A newcomer hears about the tutorials. */
	assert_non_null(strstr(r.data, "tutorials"));
	row_free(&r);

	get_row(f, 2, &r);
	assert_string_equal(r.kind, "evaluate");
	assert_string_equal(r.recipient, "dora@example.org");
	/* Answers go to sprintd's own address, never to the list. */
	v = header(r.data, "Reply-To", &n);
	assert_non_null(v);
	assert_non_null(strstr(v, "<sprints@example.org>"));
	free(v);
	assert_non_null(strstr(r.data, "not to the mailing list"));
	assert_non_null(strstr(r.data, "\r\noverall: \r\nvenue: \r\n"
	    "change: \r\n"));
	row_free(&r);

	get_row(f, 3, &r);
	assert_string_equal(r.kind, "announce");
	assert_string_equal(r.recipient, "pypy-dev@python.org");
	assert_non_null(strstr(r.data, "Break day: Mon 11 Jan\r\n"));
	assert_non_null(strstr(r.data, "When: Fri 8 Jan to Thu 14 Jan\r\n"));
	assert_non_null(strstr(r.data, "- JIT improvements"));
	assert_non_null(strstr(r.data, "\r\nName:\r\nArrive:\r\n"));
	assert_non_null(strstr(r.data, "Armin Rigo <arigo@example.org>"));
	row_free(&r);

	registry_reg_clear(&reg);
}

static void
test_other_kinds(void **state)
{
	struct fixture		*f = *state;
	struct parse_result	 res;
	struct registry_reg	 reg;
	struct compose_orig	 orig;
	struct parse_answer	 ans[2];
	struct row		 r;
	char			*cause = NULL, *v;
	char			*errors[] = { "venue: a rating is a whole number "
	    "from 1 to 5, not \"7\"" };
	int			 n;

	assert_int_equal(store_begin(f->st, &cause), 0);
	reg_result(&res, "erik@example.org", "Erik", "2027-01-08",
	    "2027-01-10", NULL);
	do_register(f, &res, &reg);
	memset(&orig, 0, sizeof orig);
	orig.from = "erik@example.org";
	orig.message_id = "<e1@example.org>";
	orig.subject = "Re: cancel";
	/* An invalid evaluation: the good answer kept, the bad one blank. */
	memset(ans, 0, sizeof ans);
	ans[0].id = "overall";
	ans[0].is_rating = 1;
	ans[0].rating = 4;
	ans[1].id = "change";
	ans[1].text = "more snow";
	res.kind = PARSE_INVALID;
	res.answers = ans;
	res.nanswers = 2;
	res.errors = errors;
	res.nerrors = 1;
	if (compose_reply(f->c, f->st, "cancel", f->s, f->sprint_id, &orig,
	    &res, &reg, &cause) != 0 ||
	    compose_reply(f->c, f->st, "not-registered", f->s, f->sprint_id,
	    &orig, &res, NULL, &cause) != 0 ||
	    compose_reply(f->c, f->st, "error", f->s, f->sprint_id, &orig,
	    &res, NULL, &cause) != 0 ||
	    compose_personal(f->c, f->st, "promoted", f->s, f->sprint_id, &reg,
	    &cause) != 0 ||
	    compose_personal(f->c, f->st, "evaluate-remind", f->s,
	    f->sprint_id, &reg, &cause) != 0)
		fail_msg("%s", cause);
	/* A reply kind needs what it echoes. */
	assert_int_equal(compose_reply(f->c, f->st, "confirm", f->s,
	    f->sprint_id, &orig, &res, NULL, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(compose_reply(f->c, f->st, "remind", f->s,
	    f->sprint_id, &orig, &res, &reg, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(store_commit(f->st, &cause), 0);
	assert_int_equal(count_rows(f), 5);

	get_row(f, 1, &r);
	assert_string_equal(r.kind, "cancel");
	assert_string_equal(r.subject, "Re: cancel");
	assert_non_null(strstr(r.data, "is cancelled"));
	v = header(r.data, "Auto-Submitted", &n);
	assert_string_equal(v, "auto-replied");
	free(v);
	row_free(&r);
	get_row(f, 2, &r);
	assert_string_equal(r.kind, "not-registered");
	assert_non_null(strstr(r.data, "no registration from "
	    "erik@example.org"));
	row_free(&r);
	get_row(f, 3, &r);
	assert_string_equal(r.kind, "error");
	assert_non_null(strstr(r.data, "\r\noverall: 4\r\nvenue: \r\n"
	    "change: more snow\r\n"));
	assert_null(body_field(r.data, "Arrive"));
	row_free(&r);
	get_row(f, 4, &r);
	assert_string_equal(r.kind, "promoted");
	v = header(r.data, "Auto-Submitted", &n);
	assert_string_equal(v, "auto-generated");
	free(v);
	assert_non_null(strstr(r.data, "moved up from the waiting"));
	row_free(&r);
	get_row(f, 5, &r);
	assert_string_equal(r.kind, "evaluate-remind");
	assert_non_null(strstr(r.data, "\r\noverall: \r\n"));
	row_free(&r);
	registry_reg_clear(&reg);
}



/*
 * Reads a registration body through the real parser, records it and
 * queues its confirmation; returns the parse result (caller frees) and
 * the registration in *reg.
 */
static struct parse_result *
confirm_from(struct fixture *f, const char *from, const char *body,
    struct registry_reg *reg)
{
	struct parse_result	*res = NULL;
	struct compose_orig	 orig;
	char			*raw, *cause = NULL;

	raw = xprintf("From: %s\r\nTo: pypy-sprint@example.org\r\nSubject: "
	    "Registration\r\nMessage-ID: <in-%d@example.org>\r\nDate: Mon, 4 "
	    "Jan 2027 10:00:00 +0000\r\n\r\n%s", from, ++seq, body);
	if (parse_message(raw, strlen(raw), f->s, NULL, &res, &cause) != 0)
		fail_msg("%s", cause);
	free(raw);
	assert_int_equal(res->kind, PARSE_REGISTRATION);
	do_register(f, res, reg);
	memset(&orig, 0, sizeof orig);
	orig.from = res->from;
	orig.message_id = res->message_id;
	orig.subject = res->subject;
	if (compose_reply(f->c, f->st, "confirm", f->s, f->sprint_id, &orig,
	    res, reg, &cause) != 0)
		fail_msg("%s", cause);
	return res;
}

/* What could not be read is listed for the person, and only then. */
static void
test_confirm_warnings(void **state)
{
	static const struct {
		const char	*lines;
		const char	*want;	/* a list item, or NULL: no section */
	} cases[] = {
		{ "First sprint: dunno\r\n", "  - First sprint: could not be "
		    "read: \"dunno\"; expected yes or no (\"?\" when you do not "
		    "know yet)\r\n" },
		{ "Funding: perhaps\r\n", "  - Funding: could not be read: "
		    "\"perhaps\"; expected yes or no" },
		{ "First sprint: yes\r\nFunding: no\r\n", NULL },
		{ "Funding: ?\r\n", NULL },
	};
	struct fixture		*f = *state;
	struct parse_result	*res;
	struct registry_reg	 reg;
	struct row		 r;
	char			*cause = NULL, *body, *from;
	size_t			 i;

	assert_int_equal(store_begin(f->st, &cause), 0);
	for (i = 0; i < nitems(cases); i++) {
		from = xprintf("Person %zu <p%zu@example.org>", i, i);
		body = xprintf("Name: Person %zu\r\nArrive: 2027-01-07\r\n"
		    "Depart: 2027-01-14\r\n%s", i, cases[i].lines);
		res = confirm_from(f, from, body, &reg);
		get_row(f, (int)i + 1, &r);
		if (cases[i].want != NULL) {
			assert_non_null(strstr(r.data, "\r\n\r\nPlease "
			    "check:\r\n  - "));
			if (strstr(r.data, cases[i].want) == NULL)
				fail_msg("case %zu: no \"%s\" in:\n%s", i,
				    cases[i].want, r.data);
		} else
			assert_null(strstr(r.data, "Please check:"));
		/* The field that could not be read is echoed as unknown. */
		parse_free(&res);
		res = reparse(f, r.data, from);
		assert_int_equal(res->kind, PARSE_REGISTRATION);
		assert_int_equal(res->nwarnings, 0);
		parse_free(&res);
		row_free(&r);
		registry_reg_clear(&reg);
		free(body);
		free(from);
	}
	assert_int_equal(store_commit(f->st, &cause), 0);
}

/* Tentative dates: stored, echoed so that they read back tentative, said
 * in prose and marked in the list of people. */
static void
test_confirm_tentative(void **state)
{
	static const struct {
		const char	*lines;
		const char	*arrive, *depart;	/* as echoed */
		int		 tentative;
	} cases[] = {
		{ "Arrive/Depart: 9th-13th?\r\n", "2027-01-09?", "2027-01-13?",
		    1 },
		{ "Arrive/Depart: maybe 9th-13th\r\n", "2027-01-09?",
		    "2027-01-13?", 1 },
		{ "Arrive: 2027-01-09?\r\nDepart: ?\r\n", "2027-01-09?", "?",
		    1 },
		{ "Arrive/Depart: 9th-13th\r\n", "2027-01-09", "2027-01-13",
		    0 },
	};
	struct fixture		*f = *state;
	struct parse_result	*res, *back;
	struct registry_reg	 reg;
	struct row		 r;
	char			*cause = NULL, *body, *from, *v, *line;
	size_t			 i;

	assert_int_equal(store_begin(f->st, &cause), 0);
	for (i = 0; i < nitems(cases); i++) {
		from = xprintf("Tom %zu <t%zu@example.org>", i, i);
		body = xprintf("Name: Tom %zu\r\n%s", i, cases[i].lines);
		res = confirm_from(f, from, body, &reg);
		assert_int_equal(reg.tentative, cases[i].tentative);
		get_row(f, (int)i + 1, &r);
		v = body_field(r.data, "Arrive");
		assert_string_equal(v, cases[i].arrive);
		free(v);
		v = body_field(r.data, "Depart");
		assert_string_equal(v, cases[i].depart);
		free(v);
		/* Sent back, the block means the same. */
		back = reparse(f, r.data, from);
		assert_int_equal(back->kind, PARSE_REGISTRATION);
		assert_int_equal(back->tentative, cases[i].tentative);
		assert_int_equal(back->arrive_state, res->arrive_state);
		assert_int_equal(back->arrive, res->arrive);
		assert_int_equal(back->depart_state, res->depart_state);
		if (res->depart_state == DATES_KNOWN)
			assert_int_equal(back->depart, res->depart);
		/* Said in prose, and marked in the list of people. */
		line = xprintf("\r\n  - Tom %zu: ", i);
		assert_non_null(v = strstr(r.data, line));
		free(line);
		line = xstrndup(v + 2, strcspn(v + 2, "\r"));
		assert_int_equal(strstr(line, "(tentative") != NULL,
		    cases[i].tentative);
		assert_int_equal(strstr(r.data, "Your dates are tentative") !=
		    NULL, cases[i].tentative);
		free(line);
		parse_free(&back);
		parse_free(&res);
		row_free(&r);
		registry_reg_clear(&reg);
		free(body);
		free(from);
	}
	assert_int_equal(store_commit(f->st, &cause), 0);
}

/* At most 30 people are listed, then how many more: a confirmation does
 * not grow with the sprint. */
static void
test_confirm_people_capped(void **state)
{
	struct fixture		*f = *state;
	struct parse_result	 res;
	struct registry_reg	 reg;
	struct compose_orig	 orig;
	struct row		 r;
	char			*cause = NULL, *a, *name;
	size_t			 len[2];
	int			 i, k, n[2] = { 31, 90 };

	f->s->capacity = 200;
	assert_int_equal(store_begin(f->st, &cause), 0);
	for (k = 0, i = 0; k < 2; k++) {
		for (; i < n[k]; i++) {
			a = xprintf("p%d@example.org", 100 + i);
			name = xprintf("Person %d", 100 + i);
			reg_result(&res, a, name, "2027-01-08", "2027-01-14",
			    "Ermina");
			do_register(f, &res, &reg);
			registry_reg_clear(&reg);
			free(a);
			free(name);
		}
		memset(&orig, 0, sizeof orig);
		orig.from = "p100@example.org";
		reg_result(&res, orig.from, "Person 100", "2027-01-08",
		    "2027-01-14", "Ermina");
		do_register(f, &res, &reg);
		if (compose_reply(f->c, f->st, "confirm", f->s, f->sprint_id,
		    &orig, &res, &reg, &cause) != 0)
			fail_msg("%s", cause);
		registry_reg_clear(&reg);
		get_row(f, k + 1, &r);
		len[k] = strlen(strstr(r.data, "\r\n\r\n"));
		a = xprintf("\r\n  ... and %d more\r\n", n[k] - 30);
		assert_non_null(strstr(r.data, a));
		free(a);
		a = xprintf("People coming (%d of 200 places)", n[k]);
		assert_non_null(strstr(r.data, a));
		free(a);
		/* The 30th is listed, the 31st is not. */
		assert_non_null(strstr(r.data, "\r\n  - Person 129: "));
		assert_null(strstr(r.data, "\r\n  - Person 130: "));
		row_free(&r);
	}
	/* Only the counts' digits differ. */
	assert_true(len[1] - len[0] <= 2);
	assert_int_equal(store_commit(f->st, &cause), 0);
}

/* The error reply says which days are accepted, and they are exactly the
 * ones the parser accepts; its examples read as the same day. */
static void
test_error_says_what_is_accepted(void **state)
{
	static const struct {
		const char	*arrive;
		int		 ok;
	} cases[] = {
		{ "2026-12-25", 1 }, { "2026-12-24", 0 },
		{ "Fri 25 Dec", 1 }, { "Thu 24 Dec", 0 },
		{ "2027-01-07", 1 }, { "Thu 7 Jan", 1 },
	};
	struct fixture		*f = *state;
	struct parse_result	 res, *p;
	struct compose_orig	 orig;
	struct row		 r;
	char			*errors[] = { "Arrive: \"soon\": expected a date" };
	char			*cause = NULL, *raw;
	size_t			 i;

	reg_result(&res, "carl@example.org", "Carl", NULL, "2027-01-14",
	    NULL);
	res.kind = PARSE_INVALID;
	res.errors = errors;
	res.nerrors = 1;
	memset(&orig, 0, sizeof orig);
	orig.from = "carl@example.org";
	assert_int_equal(store_begin(f->st, &cause), 0);
	if (compose_reply(f->c, f->st, "error", f->s, f->sprint_id, &orig,
	    &res, NULL, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(store_commit(f->st, &cause), 0);
	get_row(f, 1, &r);
	assert_null(strstr(r.data, "YYYY-MM-DD"));
	assert_non_null(strstr(r.data, "Arrive and Depart are days from Fri 25 "
	    "Dec to Thu 28 Jan, up to\r\n14 days before and after the "
	    "sprint"));
	assert_non_null(strstr(r.data, "\"Arrive: 2027-01-07\" or \"Arrive: "
	    "Thu 7 Jan\""));
	row_free(&r);
	for (i = 0; i < nitems(cases); i++) {
		raw = xprintf("From: c@example.org\r\nSubject: r\r\n"
		    "Message-ID: <w%zu@example.org>\r\n\r\nName: C\r\n"
		    "Arrive: %s\r\nDepart: 2027-01-14\r\n", i,
		    cases[i].arrive);
		if (parse_message(raw, strlen(raw), f->s, NULL, &p,
		    &cause) != 0)
			fail_msg("%s", cause);
		if ((p->kind == PARSE_REGISTRATION) != cases[i].ok)
			fail_msg("case %zu: Arrive: %s read as %s",
			    i, cases[i].arrive, parse_kind_name(p->kind));
		parse_free(&p);
		free(raw);
	}
}

/* Is there a "YYYY-MM-DD" in s? */
static int
has_iso(const char *s)
{
	day_t	 d;
	char	 iso[11];

	for (; strlen(s) >= 10; s++) {
		memcpy(iso, s, 10);
		iso[10] = '\0';
		if (dates_parse_iso(iso, &d) == 0)
			return 1;
	}
	return 0;
}

/*
 * What no mail may hold: a slot left empty or filled with a non-date, a
 * column-aligned table, a date in prose written other than "Sun 7 Jan"
 * (ISO stays in the lines the parser reads back: Arrive and Depart).
 * Returns a description of the first problem in body (LF lines), or NULL.
 * With filled, a label line ("Diet:") must not end blank either; forms
 * the person fills in (the announcement's, the questionnaire's) pass
 * filled = 0.
 */
static char *
slot_problem(const char *body, int filled)
{
	static const char *const before_date[] = {
		"arriving ", "leaving ", "arrive ", "leave ", "arrive on ",
		"leave on ", "arriving on ", "leaving on ", "from ", "until ",
		"on ", " to ", "staying at ", "down as ", "stay at ",
	};
	static const char *const non_dates[] = { "lives there", "?", "--" };
	const char	*line = body, *e, *p;
	char		*l, *prev = NULL, *why = NULL;
	size_t		 len, i, j;

	for (; *line != '\0' && why == NULL; line = *e != '\0' ? e + 1 : e) {
		e = strchr(line, '\n');
		if (e == NULL)
			e = line + strlen(line);
		l = xstrndup(line, (size_t)(e - line));
		len = strlen(l);
		for (p = l; *p == ' '; p++)
			;
		/* An empty slot in running text: "at .", "arriving  and". */
		for (; *p != '\0' && why == NULL; p++) {
			if (p[0] == ' ' && p[1] != '\0' &&
			    strchr(".,;:)", p[1]) != NULL && p[-1] != ' ' &&
			    strncmp(p + 1, "...", 3) != 0)
				why = xprintf("an empty slot before \"%c\"",
				    p[1]);
			else if (p[0] == ' ' && p[1] == ' ')
				why = xstrdup("two blanks where a value "
				    "belongs");
			else if (p[0] == '(' && (p[1] == ')' || p[1] == ' '))
				why = xstrdup("empty parentheses");
		}
		/* "lives there" or "?" used as a date in prose. */
		for (i = 0; i < nitems(before_date) && why == NULL; i++) {
			for (j = 0; j < nitems(non_dates) && why == NULL;
			    j++) {
				char	*bad = xprintf("%s%s", before_date[i],
				    non_dates[j]);

				if ((p = strstr(l, bad)) != NULL &&
				    (p[strlen(bad)] == '\0' ||
				    strchr(" .,;)", p[strlen(bad)]) != NULL))
					why = xprintf("\"%s\" as a date", bad);
				free(bad);
			}
		}
		if (why == NULL && strstr(l, "= =") != NULL)
			why = xstrdup("a column-aligned table");
		if (why == NULL && has_iso(l) && strncmp(l, "Arrive: ", 8) &&
		    strncmp(l, "Depart: ", 8) && !strstr(l, "\"Arrive: "))
			why = xstrdup("an ISO date in prose");
		if (why == NULL && filled && len > 0 && l[len - 1] == ' ')
			why = xstrdup("a label with nothing after it");
		/* A line ending in ":" introduces an indented list. */
		if (why == NULL && prev != NULL && *prev != '\0' &&
		    prev[strlen(prev) - 1] == ':' && filled && l[0] != ' ')
			why = xprintf("\"%s\" with nothing under it", prev);
		free(prev);
		prev = l;
		if (why != NULL) {
			l = xprintf("%s, in the line \"%s\"", why, prev);
			free(why);
			why = l;
		}
	}
	if (why == NULL && prev != NULL && filled && *prev != '\0' &&
	    prev[strlen(prev) - 1] == ':')
		why = xprintf("\"%s\" with nothing under it", prev);
	free(prev);
	return why;
}

/* The checker itself: it finds the slots today's bugs left empty. */
static void
test_slot_checker(void **state)
{
	static const struct {
		const char	*body;
		int		 filled;
		int		 bad;
	} cases[] = {
		{ "You are down as arriving lives there and leaving lives "
		    "there,\nstaying at . If that changed, reply.\n", 1, 1 },
		{ "You are down as arriving  and leaving ,\n", 1, 1 },
		{ "staying at .\n", 1, 1 },
		{ "We recommend arriving on ?.\n", 1, 1 },
		{ "You arrive on lives there.\n", 1, 1 },
		{ "Name: Anna\nAccommodation: \nDiet: ?\n", 1, 1 },
		{ "People coming (3 of 15 places):\n\nSee you\n", 1, 1 },
		{ "Dates ()\n", 1, 1 },
		{ "===== ====\nName  Dates\n", 0, 1 },
		{ "We recommend arriving on 2027-01-07.\n", 0, 1 },
		{ "When: Fri 8 Jan to Thu 14 Jan\nTitle\n=====\n", 1, 0 },
		{ "Arrive: 2027-01-07?\nwritten like \"Arrive: 2027-01-07\"\n",
		    0, 0 },
		{ "You are down as arriving on Thu 7 Jan and leaving on Thu "
		    "14 Jan.\nYou are staying at Ermina.\n", 1, 0 },
		{ "You are down as living there, so no travel.\n", 1, 0 },
		{ "People coming (3 of 15 places):\n  - Armin: lives there\n"
		    "  ... and 2 more\n", 1, 0 },
		{ "Name:\nArrive:\n", 0, 0 },
		{ "overall: \nvenue: \n", 0, 0 },
		{ "Arrive: ?\nDepart: lives there\n", 1, 0 },
	};
	size_t	 i;
	char	*why;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		why = slot_problem(cases[i].body, cases[i].filled);
		if ((why != NULL) != cases[i].bad)
			fail_msg("case %zu: %s", i, why != NULL ? why :
			    "no problem found");
		free(why);
	}
}

/* The kinds of person every template is rendered for. */
static const struct golden_person {
	const char	*kind;
	const char	*name;
	const char	*arrive, *depart;	/* NULL: not known */
	int		 local, tentative, newcomer, funding, waiting;
	const char	*acc;
	const char	*warning;	/* what the parser could not read */
} golden_people[] = {
	{ "plain", "Paula Plain", "2027-01-07", "2027-01-14", 0, 0, 0, 0, 0,
	    "Ermina", NULL },
	{ "local", "Lars Local", NULL, NULL, 1, 0, 0, 0, 0, NULL, NULL },
	{ "unknown", "Uma Unknown", NULL, NULL, 0, 0, 0, 0, 0, "Ermina",
	    NULL },
	{ "tentative", "Tom Tentative", "2027-01-09", "2027-01-13", 0, 1, 0,
	    0, 0, "Ermina", NULL },
	{ "waiting", "Wim Waiting", "2027-01-07", "2027-01-14", 0, 0, 0, 0, 1,
	    "Ermina", NULL },
	{ "newcomer", "Nina Newcomer", "2027-01-07", "2027-01-14", 0, 0, 1, 0,
	    0, "Ermina", NULL },
	{ "noacc", "Otto Noroom", "2027-01-08", "2027-01-12", 0, 0, 0, 0, 0,
	    NULL, NULL },
	{ "funding", "Fiona Funded", "2027-01-07", "2027-01-14", 0, 0, 0, 1,
	    0, "private", NULL },
	/* A newcomer who comes after the first day (the catch-up). */
	{ "late", "Lena Late", "2027-01-12", "2027-01-14", 0, 0, 1, 0, 0,
	    "Ermina", NULL },
	{ "unreadable", "Rita Unread", "2027-01-10", NULL, 0, 0, -1, -1, 0,
	    "Ermina", "First sprint: could not be read: \"dunno\"; expected "
	    "yes or no (\"?\" when you do not know yet)" },
};

/* Every template, and whether its labels must all carry a value. */
static const struct golden_tmpl {
	const char	*name;
	int		 filled;
} golden_tmpls[] = {
	{ "announce", 0 }, { "confirm", 1 }, { "cancel", 1 }, { "error", 0 },
	{ "not-registered", 0 }, { "promoted", 1 }, { "remind", 1 },
	{ "evaluate", 0 }, { "evaluate-remind", 0 }, { "nudge", 0 },
	{ "prose", 0 }, { "request", 0 }, { "which-sprint", 0 },
	{ "optout", 0 }, { "invite", 0 }, { "preannounce", 0 },
	{ "interest", 0 }, { "dates-fixed", 0 },
	/* The sprint's week, on a day the person is there (daily.c). */
	{ "daily", 0 }, { "catchup", 0 }, { "summary", 0 }, { "planned", 0 },
};

/* The others of the sprint: a plain one, a local, one without a departure
 * or a room, and one who fills the sprint for the waiting kind; what
 * they want to work on, for the pairs. */
static const struct golden_other {
	const char	*email, *name, *arrive, *depart, *acc;
	int		 local;
	const char	*topics;
} golden_others[] = {
	{ "anna@example.org", "Anna Example", "2027-01-07", "2027-01-14",
	    "Ermina", 0, "JIT, gc" },
	{ "armin@example.org", "Armin Rigo", NULL, NULL, NULL, 1, "stm" },
	{ "bob@example.org", "Bob Smith", "2027-01-10", NULL, NULL, 0, NULL },
	{ "dora@example.org", "Dora Early", "2027-01-07", "2027-01-13",
	    "private", 0, NULL },
};

/* Registers the person of kind g after the others (the sprint holds
 * four: the waiting kind finds it full). */
static void
golden_register(struct fixture *f, const struct golden_person *g,
    struct parse_result *res, struct registry_reg *reg, char *email,
    size_t emaillen)
{
	const struct golden_other	*o;
	struct registry_reg		 other;
	size_t				 i;

	for (i = 0; i < (size_t)(g->waiting ? 4 : 3); i++) {
		o = &golden_others[i];
		reg_result(res, o->email, o->name, o->arrive, o->depart,
		    o->acc);
		res->local = o->local;
		res->topics = (char *)o->topics;
		do_register(f, res, &other);
		registry_reg_clear(&other);
	}
	snprintf(email, emaillen, "%s@example.org", g->kind);
	reg_result(res, email, g->name, g->arrive, g->depart, g->acc);
	res->local = g->local;
	res->tentative = g->tentative;
	res->newcomer = g->newcomer;
	res->funding = g->funding;
	/* A newcomer names a topic someone there shares. */
	res->topics = g->newcomer == 1 ? (char *)"jit" : NULL;
	if (g->warning != NULL) {
		/* "First sprint: dunno": not given, with a warning. */
		res->warnings = xcalloc(1, sizeof *res->warnings);
		res->warnings[0] = (char *)g->warning;
		res->nwarnings = 1;
		res->given &= ~PARSE_HAS_NEWCOMER;
	}
	do_register(f, res, reg);
	assert_string_equal(reg->status, g->waiting ? "waiting" :
	    "registered");
}

/* The day the golden mail of the week is rendered for: a day the person
 * is there (not the break day); the catch-up on their arrival, after the
 * first day; the summary the day before an early departure, else the
 * last day. */
static day_t
golden_day(const struct sprint *s, const struct registry_reg *reg,
    const char *t)
{
	day_t	 from, to;

	people_stay_days(s, reg, &from, &to);
	if (from < s->start)
		from = s->start;
	if (strcmp(t, "catchup") == 0 && from == s->start)
		from++;
	if (strcmp(t, "summary") == 0)
		return to < s->end ? to - 1 : s->end;
	if (s->has_break_day && from == s->break_day)
		from++;
	return from;
}

/*
 * The pre-announcement's mail for the sprint with two candidate date
 * ranges: to the list, the reply to an answer (yes, 1 yes, 2 maybe,
 * topics), the note once the dates are fixed.
 */
static int
golden_interest(struct fixture *f, const char *t,
    const struct registry_reg *reg, const struct compose_orig *orig,
    char **cause)
{
	struct sprint_option	 opts[2];
	struct parse_result	 res;
	struct render_val	*root;
	char			**errors = NULL;
	size_t			 n = 0;
	int			 r;

	opts[0].start = dates_from_ymd(2027, 1, 8);
	opts[0].end = dates_from_ymd(2027, 1, 14);
	opts[1].start = dates_from_ymd(2027, 2, 1);
	opts[1].end = dates_from_ymd(2027, 2, 5);
	f->s->options = opts;
	f->s->noptions = 2;
	if (strcmp(t, "interest") == 0) {
		memset(&res, 0, sizeof res);
		res.kind = PARSE_INTEREST;
		res.from = reg->email;
		assert_int_equal(interest_read(f->s, "Interested: yes\n"
		    "Dates: 1 yes, 2 maybe\nTopics: JIT, numpy\n",
		    &res.interest, &errors, &n), 1);
		assert_int_equal(n, 0);
		free(errors);
		r = interest_apply(f->st, f->c, f->s, f->sprint_id, 0, orig,
		    &res, 1, cause);
		interest_reply_free(&res.interest);
	} else {
		root = render_rec_new();
		if (strcmp(t, "preannounce") == 0)
			interest_option_facts(f->s, root);
		else
			interest_note_facts(f->s, reg->name, root);
		r = compose_mail(f->c, f->st, t, f->s, f->sprint_id,
		    strcmp(t, "preannounce") == 0 ? "pypy-dev@python.org" :
		    reg->email, NULL, NULL, root, cause);
		render_val_free(&root);
	}
	f->s->options = NULL;
	f->s->noptions = 0;
	return r;
}

/* Renders template t for the registered person; one outbox row more. */
static void
golden_render(struct fixture *f, const char *t, struct parse_result *res,
    const struct registry_reg *reg)
{
	struct compose_orig	 orig;
	char			*errors[] = { "Name: given twice with different "
	    "values, \"Anna\" and \"Anne\"; write it once" };
	char			*cause = NULL;
	int			 r;

	memset(&orig, 0, sizeof orig);
	orig.from = reg->email;
	orig.message_id = "<golden@example.org>";
	orig.subject = "Registration";
	if (strcmp(t, "preannounce") == 0 || strcmp(t, "interest") == 0 ||
	    strcmp(t, "dates-fixed") == 0)
		r = golden_interest(f, t, reg, &orig, &cause);
	else if (strcmp(t, "announce") == 0)
		r = compose_announce(f->c, f->st, f->s, f->sprint_id,
		    "pypy-dev@python.org", &cause);
	else if (strcmp(t, "error") == 0) {
		res->kind = PARSE_INVALID;
		res->errors = errors;
		res->nerrors = 1;
		r = compose_reply(f->c, f->st, t, f->s, f->sprint_id, &orig,
		    res, NULL, &cause);
		res->errors = NULL;
		res->nerrors = 0;
		res->kind = PARSE_REGISTRATION;
	} else if (strcmp(t, "confirm") == 0 || strcmp(t, "cancel") == 0)
		r = compose_reply(f->c, f->st, t, f->s, f->sprint_id, &orig,
		    res, reg, &cause);
	else if (strcmp(t, "not-registered") == 0 ||
	    strcmp(t, "prose") == 0 || strcmp(t, "which-sprint") == 0 ||
	    strcmp(t, "optout") == 0)
		r = compose_reply(f->c, f->st, t, f->s, f->sprint_id, &orig,
		    res, NULL, &cause);
	else if (strcmp(t, "request") == 0) {
		/* A held change: what would change, by field name only. */
		char	*changes[] = { "Depart: Tuesday 12 January",
		    "Diet: (new text)" }, *mid = NULL;

		r = compose_request(f->c, f->st, f->s, f->sprint_id, &orig,
		    "update", changes, nitems(changes), &mid, &cause);
		free(mid);
	} else if (strcmp(t, "invite") == 0) {
		struct invite_target	 it = { .email = (char *)reg->email,
		    .name = (char *)reg->name,
		    .last_sprint = "PyPy Old Sprint 2026",
		    .last_month = "March 2026" };

		r = compose_invite(f->c, f->st, f->s, f->sprint_id, &it,
		    &cause);
	} else if (strcmp(t, "daily") == 0 || strcmp(t, "catchup") == 0 ||
	    strcmp(t, "summary") == 0)
		r = daily_compose(f->st, f->c, f->s,
		    f->sprint_id, *t == 'd' ? DAILY_MAIL : *t == 'c' ?
		    DAILY_CATCHUP : DAILY_SUMMARY, golden_day(f->s, reg, t),
		    reg, &cause);
	else if (strcmp(t, "planned") == 0) {
		struct render_val	*root = render_rec_new();
		struct registry_reg	*regs;
		size_t			 n;

		render_set(render_list_add(root, "applied"), "text",
		    "added task 3: port the GC to the new JIT");
		render_set(render_list_add(root, "problems"), "text",
		    "Join: expects a task number such as 3 (got \"x\")");
		assert_int_equal(registry_list(f->st, f->sprint_id,
		    "registered", &regs, &n, &cause), 0);
		assert_int_equal(daily_facts(f->st, f->s, f->sprint_id,
		    golden_day(f->s, reg, "daily"), regs, n, reg, root,
		    &cause), 0);
		registry_regs_free(regs, n);
		orig.subject = "PyPy Leysin Winter Sprint 2027: Sunday 10 "
		    "January, day 3 of 7";
		r = compose_during(f->c, f->st, t, f->s, f->sprint_id, reg,
		    &orig, root, &cause);
		render_val_free(&root);
	} else
		r = compose_personal(f->c, f->st, t, f->s, f->sprint_id, reg,
		    &cause);
	if (r != 0)
		fail_msg("%s: %s", t, cause);
}

/*
 * The text of a mail: the whole message, or of a multipart/mixed one (a
 * confirmation with its calendar) the first part, which must be the
 * text. Caller frees.
 */
static char *
text_part(const char *data)
{
	char		*ct, *delim, *out;
	const char	*bd, *start, *end;
	int		 n;

	ct = header(data, "Content-Type", &n);
	assert_non_null(ct);
	if (strncmp(ct, "multipart/mixed;", 16) != 0) {
		free(ct);
		return xstrdup(data);
	}
	bd = strstr(ct, "boundary=\"");
	assert_non_null(bd);
	bd += 10;
	delim = xprintf("\r\n--%.*s\r\n", (int)strcspn(bd, "\""), bd);
	start = strstr(data, delim);
	assert_non_null(start);
	start += strlen(delim);
	assert_true(strncmp(start, "Content-Type: text/plain; "
	    "charset=utf-8\r\n", 41) == 0);
	delim[strlen(delim) - 2] = '\0';
	end = strstr(start, delim);
	assert_non_null(end);
	/* The CRLF before the delimiter is the delimiter's. */
	out = xstrndup(start, (size_t)(end - start));
	free(delim);
	free(ct);
	return out;
}

/* "Subject: ...", a blank line and the body, with LF line ends. */
static char *
golden_text(const struct row *r)
{
	char		*text = text_part(r->data);
	const char	*body = strstr(text, "\r\n\r\n") + 4, *p;
	struct buf	 b;
	int		 n;
	char		*cte = header(text, "Content-Transfer-Encoding", &n);

	/* Plain 7bit, so the body reads as it is. */
	assert_string_equal(cte, "7bit");
	free(cte);
	buf_init(&b, 0);
	buf_printf(&b, "Subject: %s\n\n", r->subject);
	for (p = body; *p != '\0'; p++) {
		if (p[0] == '\r' && p[1] == '\n')
			continue;
		buf_addch(&b, *p);
	}
	free(text);
	return buf_steal(&b, NULL);
}

/* The first line where a and b differ, for the failure message. */
static char *
first_diff(const char *a, const char *b)
{
	int	 line = 1;
	const char *la = a, *lb = b;

	while (*a != '\0' && *a == *b) {
		if (*a == '\n') {
			line++;
			la = a + 1;
			lb = b + 1;
		}
		a++;
		b++;
	}
	return xprintf("line %d: got \"%.*s\", golden \"%.*s\"", line,
	    (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb);
}

/*
 * Every template for every kind of person, against the golden files
 * tests/data/golden/TEMPLATE-KIND.txt (the Subject and the body). After a
 * deliberate change of a template, regenerate them with
 *     SPRINTD_GOLDEN_UPDATE=1 make check TESTS=tests/test_compose
 * and read the diff before committing it. Every rendering is also checked
 * for empty slots (slot_problem), golden or not.
 */
static void
test_golden_matrix(void **state)
{
	struct fixture		*f;
	struct parse_result	 res;
	struct registry_reg	 reg;
	struct row		 r;
	const char		*update = getenv("SPRINTD_GOLDEN_UPDATE");
	char			 email[64], *path, *rel, *text, *want, *why,
				*cause = NULL;
	size_t			 i, j, len;
	int			 failed = 0, num;

	(void)state;
	for (i = 0; i < nitems(golden_people); i++) {
		const struct golden_person	*g = &golden_people[i];

		assert_int_equal(setup((void **)&f), 0);
		f->s->capacity = 4;
		assert_int_equal(store_begin(f->st, &cause), 0);
		golden_register(f, g, &res, &reg, email, sizeof email);
		/* A planning: a task with people at work, one done. */
		assert_int_equal(plan_add(f->st, f->sprint_id, "JIT: the float "
		    "bug", "Anna Example, Armin Rigo", 0, &num, &cause), 0);
		assert_int_equal(plan_set_state(f->st, f->sprint_id, num,
		    "in-progress", &cause), 0);
		assert_int_equal(plan_add(f->st, f->sprint_id, "release notes",
		    NULL, 0, &num, &cause), 0);
		assert_int_equal(plan_set_state(f->st, f->sprint_id, num,
		    "done", &cause), 0);
		for (j = 0; j < nitems(golden_tmpls); j++)
			golden_render(f, golden_tmpls[j].name, &res, &reg);
		assert_int_equal(store_commit(f->st, &cause), 0);
		for (j = 0; j < nitems(golden_tmpls); j++) {
			get_row(f, (int)j + 1, &r);
			assert_string_equal(r.kind, golden_tmpls[j].name);
			text = golden_text(&r);
			if ((why = slot_problem(strstr(text, "\n\n") + 2,
			    golden_tmpls[j].filled)) != NULL) {
				print_error("%s for %s: %s\n",
				    golden_tmpls[j].name, g->kind, why);
				failed = 1;
				free(why);
			}
			rel = xprintf("tests/data/golden/%s-%s.txt",
			    golden_tmpls[j].name, g->kind);
			path = testlib_src_path(rel);
			if (update != NULL && strcmp(update, "1") == 0) {
				FILE	*fp = fopen(path, "w");

				assert_non_null(fp);
				fputs(text, fp);
				assert_int_equal(fclose(fp), 0);
			} else if (util_read_file(path, 1 << 20, &want, &len,
			    &cause) != 0) {
				print_error("%s: %s (SPRINTD_GOLDEN_UPDATE=1 "
				    "writes it)\n", rel, cause);
				free(cause);
				cause = NULL;
				failed = 1;
			} else {
				if (strcmp(text, want) != 0) {
					why = first_diff(text, want);
					print_error("%s differs: %s\n", rel,
					    why);
					free(why);
					failed = 1;
				}
				free(want);
			}
			free(rel);
			free(path);
			free(text);
			row_free(&r);
		}
		free(res.warnings);
		registry_reg_clear(&reg);
		assert_int_equal(teardown((void **)&f), 0);
	}
	if (failed)
		fail_msg("rendered mail differs from the golden files or has "
		    "an empty slot (see above)");
}

/* The sync meeting's mail: one meeting (no kinds of person), the same
 * rules as the matrix, golden files tests/data/golden/sync-*-meeting.txt. */
static const char *const golden_sync[] = {
	"sync-invite", "sync-cancel", "sync-confirm", "sync-digest",
	"sync-minutes",
};

static void
test_golden_sync(void **state)
{
	struct fixture		*f = *state;
	struct sync_series	*s = NULL;
	struct sync_meeting	 m, cm;
	struct render_val	*root, *v;
	struct compose_orig	 orig;
	struct row		 r;
	const char		*update = getenv("SPRINTD_GOLDEN_UPDATE");
	char			*path, *cause = NULL, *mid, *text, *want, *why,
				*rel;
	int64_t			 id;
	size_t			 i, len;
	int			 failed = 0;

	setenv("SPRINTD_NOW", "2026-11-30T08:00:00Z", 1);
	path = testlib_src_path("tests/data/sync/pypy-sync.yaml");
	if (sync_load_file(path, &s, &cause) != 0 ||
	    sync_put(f->st, s, &id, &cause) != 0)
		fail_msg("%s", cause);
	free(path);
	assert_int_equal(store_begin(f->st, &cause), 0);
	assert_int_equal(sync_meeting_after(f->st, s, id, clock_now(), &m,
	    &cause), 0);
	/* A meeting before (Dora reported there), a topic, reports. */
	assert_int_equal(sqlite3_exec(store_db(f->st), "INSERT INTO "
	    "sync_meetings (series_id, day, starts_at, moderator) VALUES (1, "
	    "'2026-11-26', '2026-11-26T16:00:00Z', 1); INSERT INTO "
	    "sync_reports (meeting_id, email, name, last, state, created_at) "
	    "VALUES (2, 'dora@example.org', 'Dora Example', 'docs', 'current', "
	    "''); INSERT INTO sync_topics (meeting_id, email, name, text, "
	    "created_at) VALUES (1, 'anna@example.org', 'Anna Example', "
	    "'the new GC', ''); INSERT INTO sync_reports (meeting_id, email, "
	    "name, last, next, blockers, state, created_at) VALUES (1, "
	    "'anna@example.org', 'Anna Example', 'the JIT' || char(10) || "
	    "'and the GC', 'the sprint', 'none', 'current', ''), (1, "
	    "'bob@example.org', 'Bob Example', 'docs', 'the release', "
	    "'the build bot', 'current', ''), (1, 'anna@example.org', "
	    "'Anna Example', 'forged', NULL, NULL, 'held', '')", NULL, NULL,
	    NULL), SQLITE_OK);
	for (i = 0; i < nitems(golden_sync); i++) {
		root = render_rec_new();
		cm = m;
		cm.skipped = strcmp(golden_sync[i], "sync-cancel") == 0;
		assert_int_equal(sync_facts(f->st, s, &cm, root, &cause), 0);
		memset(&orig, 0, sizeof orig);
		orig.from = "anna@example.org";
		orig.message_id = "<golden@example.org>";
		orig.subject = "Re: pypy-sync meeting Thu 3 Dec 2026, "
		    "17:00 CET";
		if (strcmp(golden_sync[i], "sync-digest") == 0)
			assert_int_equal(sync_digest_facts(f->st, &m, root,
			    &cause), 0);
		if (strcmp(golden_sync[i], "sync-confirm") == 0) {
			render_list(root, "recorded");
			v = render_list_add(root, "recorded");
			render_set(v, "text", "1 topic for the agenda");
			v = render_list_add(root, "recorded");
			render_set(v, "text", "your activity report");
		}
		if (strcmp(golden_sync[i], "sync-minutes") == 0)
			render_set(root, "minutes", "=========\nThe title\n"
			    "=========\n\n:Time: 17:00 CET (16:00 UTC)\n");
		if (compose_sync(f->c, f->st, golden_sync[i], root,
		    strcmp(golden_sync[i], "sync-confirm") == 0 ?
		    "anna@example.org" : strcmp(golden_sync[i],
		    "sync-digest") == 0 ? "holger@example.org" :
		    "pypy-dev@example.org", NULL, strcmp(golden_sync[i],
		    "sync-confirm") == 0 ? &orig : NULL, &mid, &cause) != 0)
			fail_msg("%s: %s", golden_sync[i], cause);
		free(mid);
		render_val_free(&root);
	}
	assert_int_equal(store_commit(f->st, &cause), 0);
	for (i = 0; i < nitems(golden_sync); i++) {
		get_row(f, (int)i + 1, &r);
		assert_string_equal(r.kind, golden_sync[i]);
		text = golden_text(&r);
		if ((why = slot_problem(strstr(text, "\n\n") + 2, 0)) != NULL) {
			print_error("%s: %s\n", golden_sync[i], why);
			failed = 1;
			free(why);
		}
		rel = xprintf("tests/data/golden/%s-meeting.txt",
		    golden_sync[i]);
		path = testlib_src_path(rel);
		if (update != NULL && strcmp(update, "1") == 0) {
			FILE	*fp = fopen(path, "w");

			assert_non_null(fp);
			fputs(text, fp);
			assert_int_equal(fclose(fp), 0);
		} else if (util_read_file(path, 1 << 20, &want, &len,
		    &cause) != 0) {
			print_error("%s: %s (SPRINTD_GOLDEN_UPDATE=1 writes "
			    "it)\n", rel, cause);
			free(cause);
			cause = NULL;
			failed = 1;
		} else {
			if (strcmp(text, want) != 0) {
				why = first_diff(text, want);
				print_error("%s differs: %s\n", rel, why);
				free(why);
				failed = 1;
			}
			free(want);
		}
		free(rel);
		free(path);
		free(text);
		row_free(&r);
	}
	sync_free(&s);
	unsetenv("SPRINTD_NOW");
	if (failed)
		fail_msg("sync mail differs from the golden files or has an "
		    "empty slot (see above)");
}

static void
write_file(const char *path, const char *text)
{
	FILE	*fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
test_templates_checked_at_init(void **state)
{
	struct fixture	*f = *state;
	struct compose	*c = NULL;
	struct config	 cfg = f->cfg;
	char		*over = testlib_tmp("override", "");
	char		*p = xprintf("%s/cancel.txt", over), *cause = NULL;

	assert_int_equal(mkdir(over, 0700), 0);
	cfg.templates = over;
	write_file(p, "{{! my cancel }}\nSubject: Bye {{name}}\n\n"
	    "Bye {{name}}.\n{{sprint.nmae}}\n");
	assert_int_equal(compose_init(&cfg, &c, &cause), -1);
	assert_null(c);
	assert_non_null(strstr(cause, "cancel.txt:5: unknown variable "
	    "\"sprint.nmae\" (this template may use: sprint.name,"));
	free(cause);

	write_file(p, "Subject: Bye\nBcc: someone@example.org\n\nBye\n");
	assert_int_equal(compose_init(&cfg, &c, &cause), -1);
	assert_non_null(strstr(cause, "the header Bcc is written by sprintd"));
	free(cause);

	write_file(p, "X-Note: hi\n\nBye\n");
	assert_int_equal(compose_init(&cfg, &c, &cause), -1);
	assert_non_null(strstr(cause, "no Subject: line"));
	free(cause);

	/* A good override is used; the others still come from the
	 * shipped directory. */
	write_file(p, "Subject: Re: {{orig_subject}}\n\nBye {{name}}.\n");
	if (compose_init(&cfg, &c, &cause) != 0)
		fail_msg("%s", cause);
	compose_free(&c);

	cfg.from = "no address here";
	assert_int_equal(compose_init(&cfg, &c, &cause), -1);
	assert_non_null(strstr(cause, "from:"));
	free(cause);
	free(p);
	free(over);
}

/* The preview of the announcement is the mail that is queued, byte for
 * byte (same Date, same Message-ID), and writes nothing; queued twice to
 * a list, it is one mail. */
static void
test_announce_preview(void **state)
{
	struct fixture	*f = *state;
	struct row	 r;
	char		*cause = NULL, *data = NULL, *v;
	size_t		 len;
	int		 n;

	setenv("SPRINTD_NOW", "2026-12-12T08:00:00Z", 1);
	assert_int_equal(compose_announce_text(f->c, f->s,
	    "pypy-dev@python.org", clock_now(), &data, &len, &cause), 0);
	assert_int_equal(len, strlen(data));
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox"), 0);
	v = header(data, "Message-ID", &n);
	assert_non_null(strstr(v, "<announce.leysin-2027."));
	assert_non_null(strstr(v, "@example.org>"));
	free(v);

	assert_int_equal(store_begin(f->st, &cause), 0);
	assert_int_equal(compose_announce(f->c, f->st, f->s, f->sprint_id,
	    "pypy-dev@python.org", &cause), 0);
	assert_int_equal(compose_announce(f->c, f->st, f->s, f->sprint_id,
	    "PyPy-Dev@python.org", &cause), 0);
	assert_int_equal(store_commit(f->st, &cause), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox"), 1);
	get_row(f, 1, &r);
	assert_string_equal(r.data, data);
	free(data);

	/* Another list: another Message-ID. */
	assert_int_equal(compose_announce_text(f->c, f->s,
	    "pypy-sprint@python.org", clock_now(), &data, &len, &cause), 0);
	v = header(data, "Message-ID", &n);
	assert_string_not_equal(v, r.message_id);
	free(v);
	free(data);
	row_free(&r);
	/* An unusable address: said, nothing made. */
	data = NULL;
	assert_int_equal(compose_announce_text(f->c, f->s, "not an address",
	    clock_now(), &data, &len, &cause), 1);
	assert_null(data);
	assert_non_null(strstr(cause, "not a usable address"));
	free(cause);
	unsetenv("SPRINTD_NOW");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_subject_prefix, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_confirm_reply, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_confirm_local_unknown,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiting_list_capped,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirm_table_and_waiting,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_values, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_error_reply, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_announce_preview, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_personal_and_announce,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_kinds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_templates_checked_at_init,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirm_warnings,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirm_tentative,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirm_people_capped,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_error_says_what_is_accepted, setup, teardown),
		cmocka_unit_test(test_slot_checker),
		cmocka_unit_test(test_golden_matrix),
		cmocka_unit_test_setup_teardown(test_golden_sync, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
