/* test_compose.c -- replies and personal mail, as queued in the outbox:
 * recipient, threading, Auto-Submitted, subject, the echoed form, the
 * people table; templates checked at start-up. */
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

#include "compose.h"
#include "config.h"
#include "registry.h"
#include "store.h"
#include "util.h"
#include "testlib.h"

static char	 dir[] = "/tmp/sprintd-test-compose-XXXXXX";
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

	if (store_open(db, &f->st, &cause) != 0 ||
	    sprint_load_file(yaml, &f->s, &cause) != 0 ||
	    registry_sprint_put(f->st, f->s, "good.yaml", &f->sprint_id,
	    &created, &cause) != 0)
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
	    "recipient, subject, message_id, data, reply_to FROM outbox "
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
	/* The people table (PyPy people.txt) and the headcount per day. */
	assert_non_null(strstr(r.data, "\r\nAnna Example             "
	    "7 Jan - 14 Jan   Ermina\r\n"));
	assert_non_null(strstr(r.data, "Fri 2027-01-08  1\r\n"));
	assert_non_null(strstr(r.data, "Mon 2027-01-11  1  (break day)\r\n"));
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
	assert_non_null(strstr(r.data, "\r\nArmin Rigo               --"
	    "               local\r\n"));
	assert_non_null(strstr(r.data, "\r\nBob                      "
	    "10 Jan - ?       ?\r\n"));
	assert_non_null(strstr(r.data, "On the waiting list:\r\n  - Late "
	    "Comer\r\n"));
	/* 8 Jan: Armin (local) and Bob (arrives the 10th) only: 1. */
	assert_non_null(strstr(r.data, "Fri 2027-01-08  1\r\n"));
	assert_non_null(strstr(r.data, "Sun 2027-01-10  2\r\n"));
	assert_non_null(strstr(r.data, "Tue 2027-01-12  15\r\n"));
	assert_non_null(strstr(r.data, "Thu 2027-01-14  2\r\n"));
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
	assert_non_null(strstr(r.data, "2027-01-11"));	/* the break day */
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
	char		*over = xprintf("%s/override%d", dir, ++seq);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
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
		cmocka_unit_test_setup_teardown(test_personal_and_announce,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_kinds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_templates_checked_at_init,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
