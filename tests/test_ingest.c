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

/* test_ingest.c -- one message made durable and answered in one
 * transaction: registration, repeats by UID and by Message-ID, robots,
 * too large and unreadable mail, cancellations, the reply cap, and the
 * mailbox sync state; a stored message read again (reprocess). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compose.h"
#include "config.h"
#include "ingest.h"
#include "outbox.h"
#include "mime.h"
#include "registry.h"
#include "schedule.h"
#include "store.h"
#include "util.h"
#include "testlib.h"


struct fixture {
	struct store	*st;
	struct sprint	*s;
	int64_t		 sprint_id;
	struct config	 cfg;
	struct compose	*c;
};

static char *
read_data(const char *rel, size_t *len)
{
	char	*path = testlib_src_path(rel), *data = NULL, *cause = NULL;

	if (util_read_file(path, 1024 * 1024, &data, len, &cause) != 0)
		fail_msg("%s", cause);
	free(path);
	return data;
}

/* The demo sprint, with the capacity given, added as sprintctl does. */
static struct fixture *
fixture_new(int capacity)
{
	struct fixture	*f = xcalloc(1, sizeof *f);
	struct sprint	*s = NULL;
	char		*yaml, *p, *cause = NULL;
	size_t		 len;

	/* The sprint is added before any of the test mail was written. */
	setenv("SPRINTD_NOW", "2026-11-20T12:00:00Z", 1);
	yaml = read_data("tests/data/demo/sprint.yaml", &len);
	p = strstr(yaml, "capacity: 15\n");
	assert_non_null(p);
	p = xprintf("%.*scapacity: %d%s", (int)(p - yaml), yaml, capacity,
	    p + 12);
	free(yaml);
	yaml = p;
	len = strlen(yaml);
	if (sprint_load_string("sprint.yaml", yaml, len, &s, &cause) != 0)
		fail_msg("%s", cause);
	testlib_store_sprint(s, 1, &f->st, &f->s, &f->sprint_id, NULL);
	if (ingest_mailbox_reset(f->st, "INBOX", 1, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(f->s->capacity, capacity);
	setenv("SPRINTD_NOW", "2026-12-21T12:00:00Z", 1);
	f->cfg.replies_per_day = 10;
	f->cfg.first_contact_per_hour = 30;
	f->cfg.batch_size = 50;
	f->c = testlib_compose(&f->cfg);
	free(yaml);
	return f;
}

static int
setup(void **state)
{
	*state = fixture_new(15);
	return 0;
}

static int
setup_small(void **state)
{
	*state = fixture_new(1);
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
	unsetenv("SPRINTD_NOW");
	return 0;
}

static int
ingest_at(struct fixture *f, uint32_t uidvalidity, uint32_t uid,
    const char *raw, size_t len, char **cause)
{
	struct ingest_src	 src;

	memset(&src, 0, sizeof src);
	src.mailbox = "INBOX";
	src.uidvalidity = uidvalidity;
	src.uid = uid;
	*cause = NULL;
	return ingest_message(f->st, f->c, &f->cfg, &src, raw, len, cause);
}

static int
ingest(struct fixture *f, uint32_t uid, const char *raw, size_t len)
{
	char	*cause = NULL;
	int	 r;

	r = ingest_at(f, 1, uid, raw, len, &cause);
	if (r == -1)
		fail_msg("ingest UID %u: %s", uid, cause);
	return r;
}

static int
ingest_file(struct fixture *f, uint32_t uid, const char *rel)
{
	char	*raw;
	size_t	 len;
	int	 r;

	raw = read_data(rel, &len);
	r = ingest(f, uid, raw, len);
	free(raw);
	return r;
}

/* A plain message from address with Message-ID <mid@example.org>; extra
 * (may be "") are more header lines, each ending in CRLF. */
static char *
mail_with(const char *from, const char *mid, const char *subject,
    const char *extra, const char *body)
{
	return xprintf("From: %s\r\nTo: pypy-sprint@example.org\r\nSubject: "
	    "%s\r\nDate: Mon, 21 Dec 2026 10:00:00 +0100\r\nMessage-ID: "
	    "<%s@example.org>\r\n%sMIME-Version: 1.0\r\nContent-Type: "
	    "text/plain; charset=utf-8\r\n\r\n%s", from, subject, mid, extra,
	    body);
}

static char *
mail(const char *from, const char *mid, const char *subject,
    const char *body)
{
	return mail_with(from, mid, subject, "", body);
}


#define SUBJ	"Re: PyPy Leysin Winter Sprint 2027"

/*
 * The mail sprintd sent to addr last, as gone out (the SMTP server took
 * it): its Message-ID, which a reply of the address's owner quotes.
 */
static char *
last_mail_to(struct fixture *f, const char *addr)
{
	sqlite3_stmt	*stmt;
	char		*mid = NULL;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "UPDATE outbox "
	    "SET status = 'sent' WHERE lower(recipient) = lower(?1) AND status "
	    "= 'queued'", -1, &stmt, NULL), SQLITE_OK);
	store_bind_text(stmt, 1, addr);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT message_id "
	    "FROM outbox WHERE lower(recipient) = lower(?1) ORDER BY id DESC "
	    "LIMIT 1", -1, &stmt, NULL), SQLITE_OK);
	store_bind_text(stmt, 1, addr);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		mid = store_column_dup(stmt, 0);
	sqlite3_finalize(stmt);
	return mid;
}

/* A message that claims its sender only (From proves nothing). */
static int
ingest_forged(struct fixture *f, uint32_t uid, const char *from,
    const char *mid, const char *subject, const char *body)
{
	char	*raw = mail(from, mid, subject, body);
	int	 r;

	r = ingest(f, uid, raw, strlen(raw));
	free(raw);
	return r;
}

/*
 * A message from the person: where sprintd mailed the address before, a
 * reply to the last such mail (as people change a registration: they
 * answer their confirmation), which proves the sender.
 */
static int
ingest_mail(struct fixture *f, uint32_t uid, const char *from,
    const char *mid, const char *subject, const char *body)
{
	const char	*lt = strrchr(from, '<');
	char		*addr, *irt, *hdr, *raw;
	int		 r;

	addr = lt != NULL ? xstrndup(lt + 1, strcspn(lt + 1, ">")) :
	    xstrdup(from);
	if ((irt = last_mail_to(f, addr)) == NULL) {
		free(addr);
		return ingest_forged(f, uid, from, mid, subject, body);
	}
	hdr = xprintf("In-Reply-To: %s\r\nReferences: %s\r\n", irt, irt);
	raw = mail_with(from, mid, subject, hdr, body);
	r = ingest(f, uid, raw, strlen(raw));
	free(raw);
	free(hdr);
	free(irt);
	free(addr);
	return r;
}
#define ANNA	"Anna Example <anna@example.org>"
#define FORM_AGAIN	"Arrive: 7/1\r\nDepart: 14/1\r\n"
#define FORM	"Name: Anna Example\r\nArrive: 7/1\r\nDepart: %d/1\r\n" \
	"Accommodation: Ermina\r\n"

static int
outbox_count(struct fixture *f, const char *kind, const char *to)
{
	sqlite3_stmt	*stmt;
	int		 n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT count(*) "
	    "FROM outbox WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR "
	    "recipient = ?2)", -1, &stmt, NULL), SQLITE_OK);
	store_bind_text(stmt, 1, kind);
	store_bind_text(stmt, 2, to);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

static void
test_registration(void **state)
{
	struct fixture	*f = *state;
	sqlite3_stmt	*stmt;
	char		*raw, *v;
	size_t		 len;
	uint32_t	 uv, last;
	char		*cause = NULL;

	raw = read_data("tests/data/demo/01-anna.eml", &len);
	assert_int_equal(ingest(f, 1, raw, len), 0);

	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM messages"), 1);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT raw, "
	    "size, kind, sender, message_id, sprint_id, json_valid(result), "
	    "json_extract(result, '$.kind'), json_extract(result, '$.from'), "
	    "json_extract(result, '$.arrive'), uid FROM messages", -1, &stmt,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	/* The raw message, byte for byte. */
	assert_int_equal(sqlite3_column_bytes(stmt, 0), len);
	assert_memory_equal(sqlite3_column_blob(stmt, 0), raw, len);
	assert_int_equal(sqlite3_column_int64(stmt, 1), len);
	assert_string_equal(sqlite3_column_text(stmt, 2), "registration");
	assert_string_equal(sqlite3_column_text(stmt, 3), "anna@example.org");
	assert_string_equal(sqlite3_column_text(stmt, 4),
	    "<demo-anna-1@example.org>");
	assert_int_equal(sqlite3_column_int64(stmt, 5), f->sprint_id);
	assert_int_equal(sqlite3_column_int(stmt, 6), 1);
	assert_string_equal(sqlite3_column_text(stmt, 7), "registration");
	assert_string_equal(sqlite3_column_text(stmt, 8), "anna@example.org");
	assert_string_equal(sqlite3_column_text(stmt, 9), "2027-01-07");
	assert_int_equal(sqlite3_column_int(stmt, 10), 1);
	sqlite3_finalize(stmt);

	/* The registration, from that message. */
	v = testlib_query_text(f->st, "SELECT r.status || ' ' || r.name || ' ' || "
	    "r.arrive || ' ' || r.depart FROM registrations r JOIN people p "
	    "ON p.id = r.person_id WHERE p.email = 'anna@example.org' AND "
	    "r.message_id = (SELECT id FROM messages)");
	assert_string_equal(v, "registered Anna Example 2027-01-07 2027-01-14");
	free(v);
	/* One confirmation, answering that message. */
	assert_int_equal(outbox_count(f, NULL, NULL), 1);
	assert_int_equal(outbox_count(f, "confirm", "anna@example.org"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM outbox WHERE "
	    "reply_to = (SELECT id FROM messages) AND status = 'queued'"), 1);
	assert_int_equal(ingest_mailbox_get(f->st, "INBOX", &uv, &last,
	    &cause), 0);
	assert_int_equal(uv, 1);
	assert_int_equal(last, 1);

	/* The same UID again: done already, nothing changes. */
	assert_int_equal(ingest(f, 1, raw, len), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM messages"), 1);
	assert_int_equal(outbox_count(f, NULL, NULL), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registration_history"), 1);

	/* The same Message-ID under another UID: a duplicate, kept, not
	 * applied, not answered. */
	assert_int_equal(ingest(f, 2, raw, len), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM messages"), 2);
	v = testlib_query_text(f->st, "SELECT kind FROM messages WHERE uid = 2");
	assert_string_equal(v, "duplicate");
	free(v);
	assert_int_equal(testlib_query_int(f->st, "SELECT length(raw) FROM messages "
	    "WHERE uid = 2"), len);
	assert_int_equal(outbox_count(f, NULL, NULL), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registration_history"), 1);
	assert_int_equal(ingest_mailbox_get(f->st, "INBOX", &uv, &last,
	    &cause), 0);
	assert_int_equal(last, 2);
	free(raw);
}

static void
test_one_transaction(void **state)
{
	struct fixture	*f = *state;
	char		*raw, *cause = NULL;
	size_t		 len;
	uint32_t	 uv, last;

	/* The reply cannot be queued: nothing of the message stays. */
	assert_int_equal(store_exec(f->st, "CREATE TRIGGER full BEFORE INSERT "
	    "ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END", &cause),
	    0);
	raw = read_data("tests/data/demo/01-anna.eml", &len);
	assert_int_equal(ingest_at(f, 1, 1, raw, len, &cause), -1);
	assert_non_null(cause);
	free(cause);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM messages"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM people"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registration_history"), 0);
	assert_int_equal(ingest_mailbox_get(f->st, "INBOX", &uv, &last,
	    &cause), 0);
	assert_int_equal(last, 0);

	/* Tried again later, it goes through whole. */
	assert_int_equal(store_exec(f->st, "DROP TRIGGER full", &cause), 0);
	assert_int_equal(ingest(f, 1, raw, len), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM messages"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations"), 1);
	assert_int_equal(outbox_count(f, "confirm", NULL), 1);
	free(raw);
}

static void
test_auto(void **state)
{
	struct fixture	*f = *state;
	char		*v;

	assert_int_equal(ingest_file(f, 1, "tests/data/demo/04-robot.eml"), 0);
	v = testlib_query_text(f->st, "SELECT kind FROM messages WHERE uid = 1");
	assert_string_equal(v, "auto");
	free(v);
	assert_int_equal(ingest_file(f, 2, "tests/data/demo/08-bounce.eml"), 0);
	v = testlib_query_text(f->st, "SELECT kind FROM messages WHERE uid = 2");
	assert_string_equal(v, "auto");
	free(v);
	assert_int_equal(ingest_file(f, 3,
	    "tests/data/mail/oof-outlook.eml"), 0);
	v = testlib_query_text(f->st, "SELECT kind FROM messages WHERE uid = 3");
	assert_string_equal(v, "auto");
	free(v);
	/* Stored, never answered, nobody registered. */
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM messages WHERE "
	    "length(raw) = size AND size > 0"), 3);
	assert_int_equal(outbox_count(f, NULL, NULL), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations"), 0);
}

/* With no sprint open (long after the demo sprint), mail is still kept
 * and classified: robots as auto, people as unrelated; nobody answered. */
static void
test_no_sprint_open(void **state)
{
	struct fixture	*f = *state;
	char		*v;

	setenv("SPRINTD_NOW", "2028-06-01T12:00:00Z", 1);
	assert_int_equal(ingest_file(f, 1, "tests/data/demo/04-robot.eml"), 0);
	assert_int_equal(ingest_file(f, 2, "tests/data/demo/01-anna.eml"), 0);
	v = testlib_query_text(f->st, "SELECT kind FROM messages WHERE uid = 1");
	assert_string_equal(v, "auto");
	free(v);
	v = testlib_query_text(f->st, "SELECT kind FROM messages WHERE uid = 2");
	assert_string_equal(v, "unrelated");
	free(v);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM messages "
	    "WHERE sprint_id IS NULL AND json_valid(result) AND "
	    "length(raw) = size"), 2);
	assert_int_equal(outbox_count(f, NULL, NULL), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations"), 0);
}

/* Adds the demo sprint again as another one: slug, name and dates. */
static void
add_sprint(struct fixture *f, const char *slug, const char *name,
    const char *start, const char *end)
{
	struct sprint	*s = NULL;
	char		*yaml, *p, *q, *cause = NULL;
	size_t		 len;
	int64_t		 id;
	int		 created;

	yaml = read_data("tests/data/demo/sprint.yaml", &len);
	p = strstr(yaml, "goals:");
	assert_non_null(p);
	q = xprintf("slug: %s\nname: %s\nstart: %s\nend: %s\n"
	    "timezone: Europe/Zurich\ncapacity: 15\n"
	    "location: Leysin, Switzerland\n%s", slug, name, start, end, p);
	if (sprint_load_string("other.yaml", q, strlen(q), &s, &cause) != 0 ||
	    registry_sprint_put(f->st, s, "other.yaml", &id, &created,
	    &cause) != 0)
		fail_msg("%s", cause);
	sprint_free(&s);
	free(q);
	free(yaml);
}

/* The slug of the sprint message UID uid was filed under, or "-". */
static char *
sprint_of(struct fixture *f, uint32_t uid)
{
	char	*sql, *v;

	sql = xprintf("SELECT coalesce((SELECT slug FROM sprints WHERE "
	    "id = sprint_id), '-') FROM messages WHERE uid = %u", uid);
	v = testlib_query_text(f->st, sql);
	free(sql);
	return v;
}

/*
 * Which sprint a mail is about, among several: the one named in the
 * subject (by name or slug, in any ASCII case); else the next to come; else the
 * one that ended last, up to 45 days ago; else none. The same whether the
 * mail comes alone or in a fetched batch (which reads the sprints once,
 * and marks the UID done at its end).
 */
static void
test_pick_sprint(void **state)
{
	struct fixture	*f = *state;
	static const struct {
		const char	*now, *subject, *want;
	} t[] = {
		{ "2026-12-21T12:00:00Z", "Re: PyPy Leysin Winter Sprint 2027",
		    "leysin-2027" },
		{ "2026-12-21T12:00:00Z", "Re: pypy D\xc3\xbcsseldorf SPRINT 2027",
		    "duesseldorf-2027" },
		{ "2026-12-21T12:00:00Z", "about DUESSELDORF-2027, again",
		    "duesseldorf-2027" },
		{ "2026-12-21T12:00:00Z", "Re: the buildbot", "leysin-2027" },
		/* Leysin over: the next to come, whatever the subject. */
		{ "2027-01-20T12:00:00Z", "Re: PyPy Leysin Winter Sprint 2027",
		    "leysin-2027" },
		{ "2027-01-20T12:00:00Z", "Re: the buildbot",
		    "duesseldorf-2027" },
		/* Both over: the one that ended last, for 45 days. */
		{ "2027-04-01T12:00:00Z", "Re: the buildbot",
		    "duesseldorf-2027" },
		{ "2027-04-01T12:00:00Z", "Re: PyPy Leysin Winter Sprint 2027",
		    "duesseldorf-2027" },
		{ "2027-06-01T12:00:00Z", "Re: the buildbot", "-" },
	};
	char		*raw, *mid, *v, *cause = NULL;
	uint32_t	 uid = 0;
	size_t		 i;
	int		 batch;

	add_sprint(f, "duesseldorf-2027", "PyPy D\xc3\xbcsseldorf Sprint 2027",
	    "2027-02-22", "2027-02-28");
	for (batch = 0; batch <= 1; batch++) {
		for (i = 0; i < nitems(t); i++) {
			setenv("SPRINTD_NOW", t[i].now, 1);
			if (batch && (store_begin(f->st, &cause) != 0 ||
			    ingest_batch_begin(f->st, &cause) != 0))
				fail_msg("%s", cause);
			mid = xprintf("pick-%u", ++uid);
			raw = mail("Bob <bob@example.org>", mid, t[i].subject,
			    "Just a word about the sprint.\r\n");
			assert_int_equal(ingest(f, uid, raw, strlen(raw)), 0);
			if (batch && (ingest_batch_end(f->st, &cause) != 0 ||
			    store_commit(f->st, &cause) != 0))
				fail_msg("%s", cause);
			/* The batch marked its UID at its end. */
			assert_int_equal(testlib_query_int(f->st, "SELECT "
			    "last_uid FROM mailboxes WHERE name = 'INBOX'"),
			    uid);
			v = sprint_of(f, uid);
			if (strcmp(v, t[i].want) != 0)
				fail_msg("%s \"%s\"%s: %s, not %s", t[i].now,
				    t[i].subject, batch ? " (batch)" : "", v,
				    t[i].want);
			free(v);
			free(raw);
			free(mid);
		}
	}
}

/* Ingests, in a fetched batch of its own, a plain mail as UID uid under
 * UIDVALIDITY uv: ingest_message's result. */
static int
ingest_batch_one(struct fixture *f, uint32_t uv, uint32_t uid)
{
	char	*raw, *mid, *cause = NULL;
	int	 r;

	mid = xprintf("batch-%u-%u", uv, uid);
	raw = mail("Bob <bob@example.org>", mid, "Re: the buildbot",
	    "Just a word.\r\n");
	if (store_begin(f->st, &cause) != 0 ||
	    ingest_batch_begin(f->st, &cause) != 0)
		fail_msg("%s", cause);
	if ((r = ingest_at(f, uv, uid, raw, strlen(raw), &cause)) == -1)
		fail_msg("UID %u: %s", uid, cause);
	if (ingest_batch_end(f->st, &cause) != 0 ||
	    store_commit(f->st, &cause) != 0)
		fail_msg("%s", cause);
	free(raw);
	free(mid);
	return r;
}

/*
 * In a fetched batch, a UID above the highest one stored for its mailbox
 * is not looked up; one at or below it still is, so a UID stored before
 * is never stored twice, also when UIDVALIDITY changes and comes back.
 */
static void
test_batch_known_uids(void **state)
{
	struct fixture	*f = *state;
	uint32_t	 uid;

	for (uid = 1; uid <= 3; uid++)
		assert_int_equal(ingest_batch_one(f, 1, uid), 0);
	assert_int_equal(ingest_batch_one(f, 1, 2), 1);
	assert_int_equal(ingest_batch_one(f, 1, 3), 1);
	assert_int_equal(ingest_batch_one(f, 1, 4), 0);
	/* Another UIDVALIDITY: the same numbers are other messages. */
	assert_int_equal(ingest_batch_one(f, 2, 1), 0);
	assert_int_equal(ingest_batch_one(f, 2, 1), 1);
	/* And back. */
	assert_int_equal(ingest_batch_one(f, 1, 3), 1);
	assert_int_equal(ingest_batch_one(f, 1, 1), 1);
	assert_int_equal(ingest_batch_one(f, 1, 5), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "messages"), 6);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "(SELECT 1 FROM messages GROUP BY uidvalidity, uid HAVING "
	    "count(*) > 1)"), 0);
}

static void
test_toolarge(void **state)
{
	struct fixture	*f = *state;
	char		*v;
	uint32_t	 uv, last;
	char		*cause = NULL;

	assert_int_equal(ingest(f, 7, NULL, 20u * 1024 * 1024), 0);
	v = testlib_query_text(f->st, "SELECT kind || ' ' || size || ' ' || "
	    "length(raw) || ' ' || coalesce(sender, '-') FROM messages WHERE "
	    "uid = 7");
	assert_string_equal(v, "toolarge 20971520 0 -");
	free(v);
	assert_int_equal(outbox_count(f, NULL, NULL), 0);
	assert_int_equal(ingest_mailbox_get(f->st, "INBOX", &uv, &last,
	    &cause), 0);
	assert_int_equal(last, 7);
	assert_int_equal(ingest(f, 7, NULL, 20u * 1024 * 1024), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM messages"), 1);
}

static void
test_invalid(void **state)
{
	struct fixture	*f = *state;
	struct buf	 b;
	char		*v;
	int		 i;

	/* MIME nested deeper than the parser takes: unreadable. */
	buf_init(&b, 0);
	buf_addstr(&b, "From: Anna Example <anna@example.org>\r\nTo: "
	    "pypy-sprint@example.org\r\nSubject: " SUBJ "\r\nMessage-ID: "
	    "<deep@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: "
	    "multipart/mixed; boundary=\"b0\"\r\n\r\n");
	for (i = 0; i < 40; i++)
		buf_printf(&b, "--b%d\r\nContent-Type: multipart/mixed; "
		    "boundary=\"b%d\"\r\n\r\n", i, i + 1);
	buf_printf(&b, "--b%d\r\nContent-Type: text/plain\r\n\r\nName: "
	    "Anna\r\nArrive: 7/1\r\nDepart: 14/1\r\n", i);
	for (; i >= 0; i--)
		buf_printf(&b, "--b%d--\r\n", i);
	assert_int_equal(ingest(f, 1, b.data, b.len), 0);
	v = testlib_query_text(f->st, "SELECT kind || ' ' || (size = length(raw)) "
	    "FROM messages WHERE uid = 1");
	assert_string_equal(v, "invalid 1");
	free(v);
	/* Never answered, never applied. */
	assert_int_equal(outbox_count(f, NULL, NULL), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations"), 0);
	buf_free(&b);
}

static void
test_reply_cap(void **state)
{
	struct fixture	*f = *state;
	char		*body, *v;
	int		 i;

	f->cfg.replies_per_day = 2;
	for (i = 0; i < 3; i++) {
		body = xprintf(FORM, 11 + i);
		v = xprintf("anna-%d", i);
		assert_int_equal(ingest_mail(f, (uint32_t)(i + 1), ANNA, v,
		    SUBJ, body), 0);
		free(v);
		free(body);
	}
	/* Three registrations, each told: past the cap, the third waits
	 * for the next day, never dropped. */
	assert_int_equal(outbox_count(f, "confirm", "anna@example.org"), 3);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM outbox "
	    "WHERE status = 'queued' AND next_attempt >= "
	    "'2026-12-22T12:00:00Z'"), 1);
	v = testlib_query_text(f->st, "SELECT depart FROM registrations");
	assert_string_equal(v, "2027-01-13");
	free(v);
	/* A fourth change the same day replaces the one that waits: the
	 * person gets the latest state once. */
	body = xprintf(FORM, 10);
	assert_int_equal(ingest_mail(f, 4, ANNA, "anna-3", SUBJ, body), 0);
	free(body);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM outbox "
	    "WHERE kind = 'confirm' AND status = 'queued' AND next_attempt >= "
	    "'2026-12-22T12:00:00Z'"), 1);
	/* A plus tag shares the address's cap. */
	assert_int_equal(ingest_forged(f, 5, "Anna <anna+x@example.org>",
	    "anna-tag", SUBJ, "Hello, how do I register?\r\n"), 0);
	assert_int_equal(outbox_count(f, NULL, "anna+x@example.org"), 0);
	/* Others are answered. */
	assert_int_equal(ingest_file(f, 6, "tests/data/demo/09-frank.eml"), 0);
	assert_int_equal(outbox_count(f, "confirm", "frank@example.org"), 1);
	/* A day later Anna is answered again, at once. */
	setenv("SPRINTD_NOW", "2026-12-22T12:00:01Z", 1);
	body = xprintf(FORM, 14);
	assert_int_equal(ingest_mail(f, 7, ANNA, "anna-9", SUBJ, body), 0);
	free(body);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM outbox "
	    "WHERE recipient = 'anna@example.org' AND kind = 'confirm' AND "
	    "next_attempt = '2026-12-22T12:00:01Z'"), 1);
}

static void
test_cancel(void **state)
{
	struct fixture	*f = *state;
	char		*v, *body;

	/* Capacity 1: Anna gets the place, Frank waits. */
	body = xprintf(FORM, 14);
	assert_int_equal(ingest_mail(f, 1, ANNA, "anna-1", SUBJ, body), 0);
	free(body);
	assert_int_equal(ingest_file(f, 2, "tests/data/demo/09-frank.eml"), 0);
	v = testlib_query_text(f->st, "SELECT group_concat(p.email || '=' || r.status, "
	    "' ') FROM registrations r JOIN people p ON p.id = r.person_id "
	    "ORDER BY r.id");
	assert_string_equal(v, "anna@example.org=registered "
	    "frank@example.org=waiting");
	free(v);

	/* Someone else cannot cancel Anna's place. */
	assert_int_equal(ingest_mail(f, 3, "Anna Example <anna@example.net>",
	    "fake-cancel", "Cancel: PyPy Leysin Winter Sprint 2027",
	    "Cancel: yes\r\n"), 0);
	v = testlib_query_text(f->st, "SELECT kind FROM messages WHERE uid = 3");
	assert_string_equal(v, "cancellation");
	free(v);
	assert_int_equal(outbox_count(f, "not-registered", "anna@example.net"),
	    1);
	v = testlib_query_text(f->st, "SELECT status FROM registrations r JOIN people "
	    "p ON p.id = r.person_id WHERE p.email = 'anna@example.org'");
	assert_string_equal(v, "registered");
	free(v);

	/* Anna cancels: confirmed, and Frank moves up and is told. */
	assert_int_equal(ingest_mail(f, 4, ANNA, "anna-2",
	    "Cancel: PyPy Leysin Winter Sprint 2027", "Cancel: yes\r\n"), 0);
	v = testlib_query_text(f->st, "SELECT group_concat(p.email || '=' || r.status, "
	    "' ') FROM registrations r JOIN people p ON p.id = r.person_id "
	    "ORDER BY r.id");
	assert_string_equal(v, "anna@example.org=cancelled "
	    "frank@example.org=registered");
	free(v);
	assert_int_equal(outbox_count(f, "cancel", "anna@example.org"), 1);
	assert_int_equal(outbox_count(f, "promoted", "frank@example.org"), 1);
	v = testlib_query_text(f->st, "SELECT group_concat(kind, ' ') FROM (SELECT "
	    "kind FROM outbox ORDER BY id)");
	assert_string_equal(v, "confirm confirm not-registered cancel "
	    "promoted");
	free(v);
	/* Cancelling again: nothing to cancel. */
	assert_int_equal(ingest_mail(f, 5, ANNA, "anna-3",
	    "Cancel: PyPy Leysin Winter Sprint 2027", "Cancel: yes\r\n"), 0);
	assert_int_equal(outbox_count(f, "not-registered", "anna@example.org"),
	    1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM registrations "
	    "WHERE status = 'registered'"), 1);
}

/* The questionnaire of the fixture's sprint went to addr. */
static void
questionnaire_sent(struct fixture *f, const char *addr)
{
	struct outbox_mail	 m;
	char			*cause = NULL, *mid;

	memset(&m, 0, sizeof m);
	mid = xprintf("<evaluate.%s@example.org>", addr);
	m.kind = "evaluate";
	m.sprint_id = f->sprint_id;
	m.recipient = addr;
	m.subject = "How was it?";
	m.message_id = mid;
	m.data = "x";
	m.len = 1;
	if (outbox_queue(f->st, &m, &cause) == -1)
		fail_msg("%s", cause);
	free(mid);
	free(last_mail_to(f, addr));
}

static char *
reg_of(struct fixture *f, const char *email)
{
	sqlite3_stmt	*stmt;
	char		*v = NULL;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT r.status "
	    "|| ' ' || coalesce(r.depart, '?') FROM registrations r JOIN people "
	    "p ON p.id = r.person_id WHERE p.email = ?1", -1, &stmt, NULL),
	    SQLITE_OK);
	store_bind_text(stmt, 1, email);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = store_column_dup(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

#define EXPECT_REG(f, email, want) do {					\
	char	*got_ = reg_of((f), (email));				\
	assert_non_null(got_);						\
	assert_string_equal(got_, (want));				\
	free(got_);							\
} while (0)

/* A From line proves nothing: what acts on a registered person needs a
 * reply to their own mail, the trusted Authentication-Results, or their
 * confirmation by mail. */
static void
test_sender_proof(void **state)
{
	struct fixture	*f = *state;
	char		*v, *body, *raw, *req;

	f->cfg.authserv_id = "mx.example.org";
	body = xprintf(FORM, 14);
	assert_int_equal(ingest_mail(f, 1, ANNA, "anna-1", SUBJ, body), 0);
	free(body);
	EXPECT_REG(f, "anna@example.org", "registered 2027-01-14");
	/* The first confirmation says how to undo and echoes no notes. */
	v = testlib_query_text(f->st, "SELECT data FROM outbox_mail WHERE "
	    "kind = 'confirm'");
	assert_non_null(strstr(v, "someone used your address"));
	free(v);

	/* Untrusted and lower Authentication-Results prove nothing. */
	raw = mail_with(ANNA, "ar-1", SUBJ, "Authentication-Results: "
	    "evil.example.net; dmarc=pass header.from=example.org\r\n"
	    "Authentication-Results: mx.example.org; dmarc=fail (p=reject) "
	    "header.from=example.org\r\n"
	    "Authentication-Results: mx.example.org; dmarc=pass\r\n",
	    "Depart: 12/1\r\n");
	assert_int_equal(ingest(f, 5, raw, strlen(raw)), 0);
	free(raw);
	EXPECT_REG(f, "anna@example.org", "registered 2027-01-14");
	/* The trusted dmarc=pass applies at once. */
	raw = mail_with(ANNA, "ar-2", SUBJ, "Authentication-Results: "
	    "mx.example.org 1; spf=fail smtp.mailfrom=x.example; dkim=pass "
	    "(good signature) header.d=example.org header.s=sel; dmarc=pass "
	    "(p=none dis=none) header.from=example.org\r\n",
	    "Depart: 12/1\r\n");
	assert_int_equal(ingest(f, 6, raw, strlen(raw)), 0);
	free(raw);
	EXPECT_REG(f, "anna@example.org", "registered 2027-01-12");
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "messages WHERE uid = 6 AND proof = 'auth'"), 1);
	/* dkim=pass of another domain proves nothing; of a parent, it does. */
	raw = mail_with("Bob <bob@lists.example.org>", "ar-3", SUBJ,
	    "Authentication-Results: mx.example.org; dkim=pass "
	    "header.d=example.com\r\n", "Name: Bob\r\nArrive/Depart: 7-14\r\n");
	assert_int_equal(ingest(f, 7, raw, strlen(raw)), 0);
	free(raw);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "messages WHERE uid = 7 AND proof IS NULL"), 1);
	raw = mail_with("Bob <bob@lists.example.org>", "ar-4", SUBJ,
	    "Authentication-Results: mx.example.org; dkim=pass "
	    "header.d=example.org\r\n", "Depart: 13/1\r\n");
	assert_int_equal(ingest(f, 8, raw, strlen(raw)), 0);
	free(raw);
	EXPECT_REG(f, "bob@lists.example.org", "registered 2027-01-13");

	/* A forged change: held, not applied; Anna is asked once. */
	assert_int_equal(ingest_forged(f, 2, ANNA, "forged-1", SUBJ,
	    "Depart: 10/1\r\n"), 0);
	EXPECT_REG(f, "anna@example.org", "registered 2027-01-12");
	v = testlib_query_text(f->st, "SELECT data FROM outbox_mail WHERE "
	    "kind = 'request' ORDER BY id DESC LIMIT 1");
	assert_non_null(strstr(v, "Depart: 2027-01-10"));
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM outbox "
	    "WHERE kind = 'request' AND recipient = 'anna@example.org'"), 2);
	assert_non_null(strstr(v, "reply to this mail"));
	free(v);
	v = testlib_query_text(f->st, "SELECT coalesce(proof, 'none') || ' ' || "
	    "(note LIKE 'held:%') FROM messages WHERE uid = 2");
	assert_string_equal(v, "none 1");
	free(v);
	/* A forged cancel replaces the held change: one request open. */
	assert_int_equal(ingest_forged(f, 3, ANNA, "forged-2", SUBJ,
	    "Cancel: yes\r\n"), 0);
	EXPECT_REG(f, "anna@example.org", "registered 2027-01-12");
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "held_requests WHERE state = 'held'"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "held_requests WHERE state = 'superseded'"), 2);
	v = testlib_query_text(f->st, "SELECT request_mid FROM held_requests "
	    "WHERE state = 'held'");
	free(last_mail_to(f, "anna@example.org"));
	req = xprintf("In-Reply-To: %s\r\n", v);
	free(v);

	/* Anna answers the request: the held cancel applies. */
	raw = mail_with(ANNA, "anna-ok", "Re: Please confirm", req,
	    "That was me.\r\n");
	assert_int_equal(ingest(f, 9, raw, strlen(raw)), 0);
	free(raw);
	free(req);
	EXPECT_REG(f, "anna@example.org", "cancelled 2027-01-12");
	assert_int_equal(outbox_count(f, "cancel", "anna@example.org"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "messages WHERE uid = 3 AND proof = 'confirmed'"), 1);
	/* A forged opt-out is held too. */
	assert_int_equal(ingest_forged(f, 4, ANNA, "forged-3", SUBJ,
	    "Invite: no\r\n"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "invite_optouts"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "held_requests WHERE state = 'held' AND what = 'optout'"), 1);

	/* A personal mail quoted through the list is public: it proves
	 * nothing afterwards. */
	free(last_mail_to(f, "anna@example.org"));
	v = testlib_query_text(f->st, "SELECT message_id FROM outbox WHERE "
	    "kind = 'cancel'");
	body = xprintf("In-Reply-To: %s\r\nList-Id: <pypy-sprint.example.org>"
	    "\r\n", v);
	raw = mail_with(ANNA, "anna-list", SUBJ, body, FORM_AGAIN);
	assert_int_equal(ingest(f, 10, raw, strlen(raw)), 0);
	free(raw);
	EXPECT_REG(f, "anna@example.org", "registered 2027-01-14");
	raw = mail_with(ANNA, "anna-replay", SUBJ, body, "Cancel: yes\r\n");
	assert_int_equal(ingest(f, 11, raw, strlen(raw)), 0);
	free(raw);
	free(body);
	free(v);
	EXPECT_REG(f, "anna@example.org", "registered 2027-01-14");
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "held_requests WHERE state = 'held' AND what = 'cancel'"), 1);

	/* Unconfirmed requests expire after a week. */
	setenv("SPRINTD_NOW", "2026-12-29T12:00:00Z", 1);
	{
		char	*cause = NULL;
		int	 done;

		assert_int_equal(ingest_housekeeping(f->st, f->c, &f->cfg,
		    &done, &cause), 0);
	}
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "held_requests WHERE state = 'held'"), 0);
}

/* First registrations past first_contact_per_hour wait, in arrival
 * order, and go as the hour frees. */
static void
test_first_contact_cap(void **state)
{
	struct fixture	*f = *state;
	char		*from, *mid, *cause = NULL;
	int		 i, done;

	f->cfg.first_contact_per_hour = 3;
	for (i = 0; i < 5; i++) {
		from = xprintf("P%d <p%d@example.org>", i, i);
		mid = xprintf("p-%d", i);
		assert_int_equal(ingest_forged(f, (uint32_t)(i + 1), from, mid,
		    SUBJ, "Name: P\r\nArrive/Depart: 7-14\r\n"), 0);
		free(from);
		free(mid);
	}
	assert_int_equal(outbox_count(f, "confirm", NULL), 3);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations"), 3);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "first_contact_waiting"), 2);
	/* Nothing frees within the hour. */
	assert_int_equal(ingest_housekeeping(f->st, f->c, &f->cfg, &done,
	    &cause), 0);
	assert_int_equal(done, 0);
	/* An hour later the two that waited go, the older first. */
	setenv("SPRINTD_NOW", "2026-12-21T13:00:01Z", 1);
	assert_int_equal(ingest_housekeeping(f->st, f->c, &f->cfg, &done,
	    &cause), 0);
	assert_int_equal(done, 2);
	assert_int_equal(outbox_count(f, "confirm", NULL), 5);
	assert_int_equal(testlib_query_int(f->st, "SELECT min(person_id) < "
	    "max(person_id) FROM registrations WHERE message_id IN (4, 5)"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "first_contact_waiting"), 0);
}

/* Mail written and received before the sprint was added, and a thread
 * about another sprint, are never answered. */
static void
test_old_mail(void **state)
{
	struct fixture	*f = *state;
	char		*raw, *v;

	raw = xprintf("From: Old <old@example.org>\r\nTo: pypy-sprint@example."
	    "org\r\nSubject: Re: PyPy sprint\r\nDate: Mon, 14 Jan 2019 10:00:00 "
	    "+0100\r\nMessage-ID: <old-1@example.org>\r\n\r\nArrive: 14th\r\n"
	    "Depart: 16th\r\n");
	assert_int_equal(ingest(f, 1, raw, strlen(raw)), 0);
	free(raw);
	v = testlib_query_text(f->st, "SELECT kind || ' ' || (note LIKE "
	    "'%before%was added%') FROM messages WHERE uid = 1");
	assert_string_equal(v, "unrelated 1");
	free(v);
	assert_int_equal(ingest_forged(f, 2, "Bob <bob@example.org>", "b-1",
	    "Re: Leysin Winter Sprint 2026", "Name: Bob\r\nArrive/Depart: "
	    "7-14\r\n"), 0);
	assert_int_equal(ingest_forged(f, 3, "Cleo <cleo@example.org>", "c-1",
	    "Re: Duesseldorf Sprint", "Name: Cleo\r\nArrive/Depart: 7-14\r\n"),
	    0);
	v = testlib_query_text(f->st, "SELECT group_concat(kind, ' ') FROM "
	    "(SELECT kind FROM messages ORDER BY uid)");
	assert_string_equal(v, "unrelated unrelated unrelated");
	free(v);
	assert_int_equal(outbox_count(f, NULL, NULL), 0);
	/* The subject of this sprint, another year in it or not, is its. */
	assert_int_equal(ingest_forged(f, 4, "Dan <dan@example.org>", "d-1",
	    "Re: [pypy-dev] PyPy Leysin Winter Sprint 2027 (Jan 8-14)",
	    "Name: Dan\r\nArrive/Depart: 7-14\r\n"), 0);
	assert_int_equal(ingest_forged(f, 5, "Eva <eva@example.org>", "e-1",
	    "Re: Registration for the Sprint", "Name: Eva\r\nArrive/Depart: "
	    "7-14\r\n"), 0);
	assert_int_equal(outbox_count(f, "confirm", NULL), 2);
}

/* Two sprints open: a registration that names neither and answers no
 * mail of ours is not guessed; one reply asks which. Naming one in the
 * subject, or being registered for one only, is no guess. */
static void
test_which_sprint(void **state)
{
	struct fixture	*f = *state;
	struct testlib_sprint	 spec = { .slug = "duesseldorf-2027",
	    .name = "PyPy Duesseldorf Sprint 2027", .start = "2027-03-01",
	    .end = "2027-03-07", .break_day = "2027-03-04",
	    .location = "Duesseldorf" };
	struct sprint	*other = testlib_sprint_new(&spec);
	char		*cause = NULL, *v;
	int64_t		 id;
	int		 created;

	/* Added, as the fixture's, before the test mail was written. */
	setenv("SPRINTD_NOW", "2026-11-20T12:00:00Z", 1);
	if (registry_sprint_put(f->st, other, "o.yaml", &id, &created,
	    &cause) != 0)
		fail_msg("%s", cause);
	sprint_free(&other);
	setenv("SPRINTD_NOW", "2026-12-21T12:00:00Z", 1);
	assert_int_equal(ingest_forged(f, 1, "Bob <bob@example.org>", "b-1",
	    "Re: Registration for the Sprint", "Name: Bob\r\nArrive/Depart: "
	    "7-14\r\n"), 0);
	v = testlib_query_text(f->st, "SELECT kind || ' ' || "
	    "coalesce(sprint_id, '-') || ' ' || coalesce(note, '-') "
	    "FROM messages WHERE uid = 1");
	assert_string_equal(v, "registration - two or more sprints are open "
	    "and it names none of them: the sender is asked which");
	free(v);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations"), 0);
	assert_int_equal(outbox_count(f, "which-sprint", "bob@example.org"),
	    1);
	assert_int_equal(outbox_count(f, NULL, NULL), 1);
	v = testlib_query_text(f->st, "SELECT CAST(b.data AS TEXT) FROM "
	    "outbox o JOIN outbox_bodies b ON b.id = o.id");
	assert_non_null(strstr(v, "PyPy Leysin Winter Sprint 2027"));
	assert_non_null(strstr(v, "PyPy Duesseldorf Sprint 2027"));
	free(v);

	/* Named in the subject: that one. */
	assert_int_equal(ingest_forged(f, 2, "Bob <bob@example.org>", "b-2",
	    "Re: PyPy Duesseldorf Sprint 2027", "Name: Bob\r\n"
	    "Arrive/Depart: 1-7\r\n"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations r JOIN people p ON p.id = r.person_id WHERE "
	    "p.email = 'bob@example.org' AND r.sprint_id = " "(SELECT id FROM "
	    "sprints WHERE slug = 'duesseldorf-2027')"), 1);
	/* Registered for one only: a change with no name is his. */
	assert_int_equal(ingest_forged(f, 3, "Bob <bob@example.org>", "b-3",
	    "Re: my dates", "Arrive/Depart: 2-7\r\n"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "messages WHERE uid = 3 AND sprint_id = (SELECT id FROM sprints "
	    "WHERE slug = 'duesseldorf-2027')"), 1);
	assert_int_equal(outbox_count(f, "which-sprint", NULL), 1);
}

static void
test_evaluation(void **state)
{
	struct fixture	*f = *state;
	char		*v;

	assert_int_equal(ingest_mail(f, 1, ANNA, "anna-1", SUBJ,
	    "Name: Anna Example\r\nArrive: 7/1\r\nDepart: 14/1\r\n"), 0);
	assert_int_equal(ingest_forged(f, 2, "Bob <bob@example.org>", "bob-1",
	    SUBJ, "Name: Bob\r\nArrive: 7/1\r\nDepart: 14/1\r\n"), 0);
	setenv("SPRINTD_NOW", "2027-01-16T10:00:00Z", 1);
	questionnaire_sent(f, "anna@example.org");
	questionnaire_sent(f, "bob@example.org");
	assert_int_equal(ingest_mail(f, 3, ANNA, "anna-eval", "Re: How was "
	    "PyPy Leysin Winter Sprint 2027?", "overall: 4\r\nvenue: 5\r\n"
	    "change: more snow\r\n"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM messages "
	    "WHERE uid = 3 AND kind = 'evaluation' AND proof = 'reply'"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT rating FROM "
	    "evaluation_answers WHERE question_id = 'overall'"), 4);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_answers"), 3);
	/* Who answered is kept apart; the raw mail is gone once applied. */
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_respondents r JOIN people p ON p.id = r.person_id "
	    "WHERE p.email = 'anna@example.org'"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT length(raw) + size "
	    "FROM messages WHERE uid = 3"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT json_type(result, "
	    "'$.answers') IS NULL FROM messages WHERE uid = 3"), 1);

	/* A stranger's answers: stored as invalid, never counted, no
	 * reply, their text gone. */
	assert_int_equal(ingest_forged(f, 4, "Eve <eve@example.org>", "eve-1",
	    "Re: How was PyPy Leysin Winter Sprint 2027?", "overall: 1\r\n"
	    "venue: 1\r\nchange: everything\r\n"), 0);
	v = testlib_query_text(f->st, "SELECT kind || ' ' || (note LIKE "
	    "'%not%sent the questionnaire%') || ' ' || length(raw) FROM "
	    "messages WHERE uid = 4");
	assert_string_equal(v, "invalid 1 0");
	free(v);
	/* Bob's answers with a forged From: held, not counted; Bob is asked
	 * to confirm, and his reply to that request counts them, once. */
	assert_int_equal(ingest_forged(f, 5, "Bob <bob@example.org>", "bob-ev",
	    "Re: How was PyPy Leysin Winter Sprint 2027?", "overall: 2\r\n"),
	    0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_respondents"), 1);
	assert_int_equal(outbox_count(f, "request", "bob@example.org"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "held_requests WHERE what = 'evaluation' AND state = 'held'"), 1);
	assert_int_equal(ingest_mail(f, 6, "Bob <bob@example.org>", "bob-ok",
	    "Re: Please confirm", "yes, that was me\r\n"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_respondents"), 2);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_answers WHERE question_id = 'overall'"), 2);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "held_requests WHERE state = 'applied'"), 1);
	/* The confirmation itself counts nothing more. */
	assert_int_equal(ingest_mail(f, 7, "Bob <bob@example.org>", "bob-ok2",
	    "Re: Please confirm", "yes, that was me\r\n"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "evaluation_answers WHERE question_id = 'overall'"), 2);
	/* A cancelled person's answers are not counted. */
	assert_int_equal(store_exec(f->st, "UPDATE registrations SET status = "
	    "'cancelled' WHERE person_id = (SELECT id FROM people WHERE email = "
	    "'anna@example.org')", NULL), 0);
	assert_int_equal(ingest_mail(f, 8, ANNA, "anna-eval-2", "Re: How was "
	    "PyPy Leysin Winter Sprint 2027?", "overall: 1\r\n"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT rating FROM "
	    "evaluation_answers WHERE question_id = 'overall' ORDER BY rating "
	    "DESC LIMIT 1"), 4);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM messages "
	    "WHERE uid = 8 AND kind = 'invalid'"), 1);
}

/* A registration without a Name: line, with the headers given. */
static int
ingest_headers(struct fixture *f, uint32_t uid, const char *headers,
    const char *mid, int depart)
{
	char	*body = xprintf("Arrive: 7/1\r\nDepart: %d/1\r\n", depart);
	char	*raw = xprintf("%sTo: pypy-sprint@example.org\r\nSubject: "
	    SUBJ "\r\nMessage-ID: <%s@example.org>\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n\r\n%s", headers, mid,
	    body);
	int	 r;

	r = ingest(f, uid, raw, strlen(raw));
	free(raw);
	free(body);
	return r;
}

/* sprintd never answers itself: its own address, an X-Loop naming it or
 * the list, an organizer's robot. Organizers writing normally register. */
static void
test_own_mail(void **state)
{
	struct fixture	*f = *state;
	char		*v;

	assert_int_equal(ingest_headers(f, 1, "From: PyPy sprints "
	    "<sprints@example.org>\r\n", "own-1", 14), 0);
	assert_int_equal(ingest_headers(f, 2, "From: " ANNA "\r\nX-Loop: "
	    "sprints@example.org\r\n", "loop-1", 14), 0);
	assert_int_equal(ingest_headers(f, 3, "From: " ANNA "\r\nX-Loop: "
	    "pypy-sprint@example.org\r\n", "loop-2", 14), 0);
	assert_int_equal(ingest_headers(f, 4, "From: Armin Rigo "
	    "<organizer@example.org>\r\nX-Loop: organizer@example.org\r\n",
	    "org-robot", 14), 0);
	v = testlib_query_text(f->st, "SELECT group_concat(kind, ' ') FROM "
	    "(SELECT kind FROM messages ORDER BY uid)");
	assert_string_equal(v, "auto auto auto auto");
	free(v);
	assert_int_equal(outbox_count(f, NULL, NULL), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations"), 0);

	assert_int_equal(ingest_headers(f, 5, "From: Armin Rigo "
	    "<organizer@example.org>\r\n", "org-1", 14), 0);
	assert_int_equal(outbox_count(f, "confirm", "organizer@example.org"),
	    1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations"), 1);
}

/* A list that rewrites From for DMARC: each post is its poster's, and a
 * post that names nobody is kept, never applied, never answered. */
static void
test_list_rewrites_from(void **state)
{
	struct fixture	*f = *state;
	char		*v;

	assert_int_equal(ingest_headers(f, 1, "From: Anna Example via "
	    "pypy-sprint <pypy-sprint@example.org>\r\nReply-To: " ANNA "\r\n",
	    "munged-1", 14), 0);
	assert_int_equal(ingest_headers(f, 2, "From: \"'Ben Other' via "
	    "pypy-sprint\" <pypy-sprint@example.org>\r\nReply-To: "
	    "pypy-sprint@example.org\r\nX-Original-From: Ben Other "
	    "<ben@example.org>\r\n", "munged-2", 13), 0);
	v = testlib_query_text(f->st, "SELECT group_concat(p.email || '=' || "
	    "r.name || '=' || r.depart, ' ') FROM registrations r JOIN people p "
	    "ON p.id = r.person_id ORDER BY r.id");
	assert_string_equal(v, "anna@example.org=Anna Example=2027-01-14 "
	    "ben@example.org=Ben Other=2027-01-13");
	free(v);
	assert_int_equal(outbox_count(f, "confirm", "anna@example.org"), 1);
	assert_int_equal(outbox_count(f, "confirm", "ben@example.org"), 1);

	assert_int_equal(ingest_headers(f, 3, "From: Carl Nobody via "
	    "pypy-sprint <pypy-sprint@example.org>\r\n", "munged-3", 14), 0);
	v = testlib_query_text(f->st, "SELECT kind FROM messages WHERE uid = 3");
	assert_string_equal(v, "invalid");
	free(v);
	assert_int_equal(outbox_count(f, NULL, NULL), 2);
	assert_int_equal(outbox_count(f, NULL, "pypy-sprint@example.org"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM people "
	    "WHERE email = 'pypy-sprint@example.org'"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations"), 2);
}

static int	reprocess(struct fixture *, int64_t, const char *);

/* The messages' rows as "mailbox/uidvalidity/uid kind sender mid", in
 * order, one a line. */
static char *
message_rows(struct fixture *f)
{
	return testlib_query_text(f->st, "SELECT group_concat(mailbox || '/' "
	    "|| uidvalidity || '/' || uid || ' ' || kind || ' ' || "
	    "ifnull(sender, '-') || ' ' || ifnull(message_id, '-'), '\n') "
	    "FROM (SELECT * FROM messages ORDER BY id)");
}

/*
 * Mailman's delivery forms: the poster in Cc of a rewritten From, the
 * wrapped post (its own Message-ID), a MIME digest of three posts (one
 * seen before: kept as a duplicate, applied once), the same post come
 * directly after the digest (a duplicate), a plain-text digest (robot
 * mail, nothing applied). A wrapped post read again reads the same.
 */
static void
test_mailman_forms(void **state)
{
	struct fixture	*f = *state;
	char		*v, *raw, *cause = NULL;

	f->cfg.list_address = "pypy-dev@python.org";
	compose_free(&f->c);
	if (compose_init(&f->cfg, &f->c, &cause) != 0)
		fail_msg("compose_init: %s", cause);
	assert_int_equal(ingest_file(f, 1,
	    "tests/data/mail/mailman-munged-cc.eml"), 0);
	assert_int_equal(ingest_file(f, 2,
	    "tests/data/mail/mailman-wrapped.eml"), 0);
	assert_int_equal(ingest_file(f, 3,
	    "tests/data/mail/mailman-digest.eml"), 0);
	raw = xprintf("From: Bob Friend <bob@people.example.org>\r\n"
	    "To: pypy-dev@python.org\r\nSubject: Re: [pypy-dev] " SUBJ
	    "\r\nMessage-ID: <dg2@people.example.org>\r\n\r\n"
	    "Arrive/Depart: 9-13\r\n");
	assert_int_equal(ingest(f, 4, raw, strlen(raw)), 0);
	free(raw);
	assert_int_equal(ingest_file(f, 5,
	    "tests/data/mail/mailman-digest-text.eml"), 0);

	v = message_rows(f);
	assert_string_equal(v,
	    "INBOX/1/1 registration anna@people.example.org "
	    "<mm1@people.example.org>\n"
	    "INBOX/1/2 registration anna@people.example.org "
	    "<mm6@people.example.org>\n"
	    "INBOX/1/3 auto pypy-dev-request@python.org "
	    "<170000000002.1.88888@mail.python.org>\n"
	    "(digest)/3/1 duplicate anna@people.example.org "
	    "<mm1@people.example.org>\n"
	    "(digest)/3/2 registration bob@people.example.org "
	    "<dg2@people.example.org>\n"
	    "(digest)/3/3 registration carl@people.example.org "
	    "<dg3@people.example.org>\n"
	    "INBOX/1/4 duplicate bob@people.example.org "
	    "<dg2@people.example.org>\n"
	    "INBOX/1/5 auto pypy-dev-request@python.org "
	    "<170000000003.1.77777@mail.python.org>");
	free(v);
	/* The wrapped post is Anna's update (her diet): it proves no sender,
	 * so it is held and Anna asked to confirm it. */
	v = testlib_query_text(f->st, "SELECT group_concat(p.email || '=' || "
	    "r.arrive || '=' || r.depart || '=' || ifnull(r.diet, '-'), ' ') "
	    "FROM (SELECT * FROM registrations ORDER BY id) r JOIN people p ON "
	    "p.id = r.person_id");
	assert_string_equal(v, "anna@people.example.org=2027-01-08=2027-01-14=- "
	    "bob@people.example.org=2027-01-09=2027-01-13=- "
	    "carl@people.example.org=2027-01-10=2027-01-14=-");
	free(v);
	assert_int_equal(outbox_count(f, "request", "anna@people.example.org"),
	    1);
	/* Each told once, privately, the list's prefix gone; nothing to the
	 * list or its -request address. */
	assert_int_equal(outbox_count(f, "confirm", "anna@people.example.org"),
	    1);
	assert_int_equal(outbox_count(f, "confirm", "bob@people.example.org"),
	    1);
	assert_int_equal(outbox_count(f, "confirm", "carl@people.example.org"),
	    1);
	assert_int_equal(outbox_count(f, NULL, NULL), 4);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM outbox "
	    "WHERE subject != '" SUBJ "' AND subject != 'Please confirm: "
	    "PyPy Leysin Winter Sprint 2027'"), 0);
	/* Read again, the wrapped post reads as before. */
	reprocess(f, 2, "reads as before (registration)");
}

/* The registration of an address: name|arrive|depart|acc|tentative|status. */
static char *
reg_row(struct fixture *f, const char *email)
{
	sqlite3_stmt	*stmt;
	char		*v = NULL;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT r.name "
	    "|| '|' || ifnull(r.arrive, '?') || '|' || ifnull(r.depart, '?') "
	    "|| '|' || ifnull(r.accommodation, '?') || '|' || r.tentative || "
	    "'|' || r.status FROM registrations r JOIN people p ON p.id = "
	    "r.person_id WHERE p.email = ?1", -1, &stmt, NULL), SQLITE_OK);
	store_bind_text(stmt, 1, email);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = store_column_dup(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

static void
expect_reg(struct fixture *f, const char *email, const char *want)
{
	char	*got = reg_row(f, email);

	if (got == NULL || strcmp(got, want) != 0)
		fail_msg("%s: got %s, wanted %s", email, got ? got : "(none)",
		    want);
	free(got);
}

/* Updates merge field by field: what a mail leaves out (or leaves blank)
 * stays; "?" makes a field unknown; the name given once in Name: is not
 * replaced by a From header; the confirmation echoes the merged record. */
static void
test_partial_update(void **state)
{
	struct fixture	*f = *state;
	char		*data;

	assert_int_equal(ingest_mail(f, 1, "Anna Example <anna@example.org>",
	    "p1", SUBJ, "Name: Anna Example\r\nArrive/Depart: 7-14\r\n"
	    "Accommodation: Ermina\r\nDiet: vegan\r\n"), 0);
	expect_reg(f, "anna@example.org",
	    "Anna Example|2027-01-07|2027-01-14|Ermina|0|registered");
	/* Only the dates, from a client that sends another display name. */
	assert_int_equal(ingest_mail(f, 2, "anna <anna@example.org>", "p2",
	    SUBJ, "Arrive/Depart: 8-12\r\n"), 0);
	expect_reg(f, "anna@example.org",
	    "Anna Example|2027-01-08|2027-01-12|Ermina|0|registered");
	/* Only the departure: an update, not "Arrive: missing". */
	assert_int_equal(ingest_mail(f, 3, ANNA, "p3", SUBJ,
	    "Depart: 13th\r\nAccommodation:\r\n"), 0);
	expect_reg(f, "anna@example.org",
	    "Anna Example|2027-01-08|2027-01-13|Ermina|0|registered");
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "messages WHERE kind = 'registration'"), 3);
	/* The confirmation echoes the merged record. */
	data = testlib_query_text(f->st, "SELECT data FROM outbox_mail WHERE "
	    "kind = 'confirm' ORDER BY id DESC LIMIT 1");
	assert_non_null(data);
	assert_non_null(strstr(data, "Ermina"));
	assert_non_null(strstr(data, "vegan"));
	free(data);
	/* "?" makes a field unknown; tentative dates are kept as such. */
	assert_int_equal(ingest_mail(f, 4, ANNA, "p4", SUBJ,
	    "Accommodation: ?\r\nArrive/Depart: 9th-13th?\r\n"), 0);
	expect_reg(f, "anna@example.org",
	    "Anna Example|2027-01-09|2027-01-13|?|1|registered");
	/* A first registration still needs its dates. */
	assert_int_equal(ingest_mail(f, 5, "Bob <bob@example.org>", "p5",
	    SUBJ, "Name: Bob\r\nAccommodation: Ermina\r\n"), 0);
	assert_null(reg_row(f, "bob@example.org"));
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "messages WHERE kind = 'invalid' AND result LIKE "
	    "'%Arrive/Depart: missing%'"), 1);
	assert_int_equal(outbox_count(f, "error", "bob@example.org"), 1);
	/* But not both: only a departure registers with the arrival
	 * unknown. */
	assert_int_equal(ingest_mail(f, 6, "Cleo <cleo@example.org>", "p6",
	    SUBJ, "Depart: 19th\r\n"), 0);
	expect_reg(f, "cleo@example.org", "Cleo|?|2027-01-19|?|0|registered");
}

/* A field given twice with different values and no boundary between
 * them is never resolved by guessing: invalid, nothing changes. (Lines
 * of the mail answered are quote, unquoted too: the second values are
 * not the confirmation's.) */
static void
test_field_twice(void **state)
{
	struct fixture	*f = *state;
	char		*json;

	assert_int_equal(ingest_mail(f, 1, ANNA, "t1", SUBJ,
	    "Arrive/Depart: 7-14\r\nAccommodation: Ermina\r\n"), 0);
	assert_int_equal(ingest_mail(f, 2, ANNA, "t2", SUBJ,
	    "Arrive: 9th\r\nDepart: 12th\r\n\r\nSome client's header\r\n"
	    "Arrive: 2027-01-06\r\nDepart: 2027-01-13\r\n"), 0);
	expect_reg(f, "anna@example.org",
	    "Anna Example|2027-01-07|2027-01-14|Ermina|0|registered");
	json = testlib_query_text(f->st, "SELECT result FROM messages WHERE "
	    "message_id = '<t2@example.org>'");
	assert_non_null(strstr(json, "\"kind\":\"invalid\""));
	assert_non_null(strstr(json, "Arrive: given twice with different "
	    "values, \\\"9th\\\" and \\\"2027-01-06\\\""));
	free(json);
	/* The same value twice is no conflict. */
	assert_int_equal(ingest_mail(f, 3, ANNA, "t3", SUBJ,
	    "Accommodation: Ermina\r\naccommodation: ermina\r\n"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "messages WHERE message_id = '<t3@example.org>' AND kind = "
	    "'registration'"), 1);
}

/*
 * A reply to sprintd's own mail is read against that mail's text (the
 * daemon finds it in the outbox): an answer right under a kept
 * attribution is read (the old rule cut it as an unquoted original), and
 * the confirmation's own lines below an answer, un-quoted, are quote (not
 * a second Arrive).
 */
static void
test_reply_to_own_mail(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(ingest_mail(f, 1, ANNA, "o1", SUBJ,
	    "Arrive/Depart: 7-14\r\nAccommodation: Ermina\r\n"), 0);
	assert_int_equal(ingest_mail(f, 2, ANNA, "o2", SUBJ,
	    "On Mon, Dec 21, 2026 at 12:00:00PM +0000, PyPy sprints wrote:"
	    "\r\nDepart: 13th\r\n"), 0);
	expect_reg(f, "anna@example.org",
	    "Anna Example|2027-01-07|2027-01-13|Ermina|0|registered");
	assert_int_equal(ingest_mail(f, 3, ANNA, "o3", SUBJ,
	    "Arrive: 8th\r\n\r\nName: Anna Example\r\nArrive: 2027-01-07\r\n"
	    "Depart: 2027-01-13\r\nAccommodation: Ermina\r\n"), 0);
	expect_reg(f, "anna@example.org",
	    "Anna Example|2027-01-08|2027-01-13|Ermina|0|registered");
}

/* A reply in the announcement's thread that says in prose "I arrive on
 * the 8th and leave on the 14th" gets one mail with the form pre-filled,
 * once per address; nothing is registered; discussion stays silent. */
static void
test_prose(void **state)
{
	struct fixture	*f = *state;
	char		*data;

	assert_int_equal(ingest_mail(f, 1, ANNA, "q1", SUBJ, "Hi, I would "
	    "like to come! I arrive on the 8th and leave on the 14th.\r\n"),
	    0);
	assert_null(reg_row(f, "anna@example.org"));
	assert_int_equal(outbox_count(f, "prose", "anna@example.org"), 1);
	data = testlib_query_text(f->st, "SELECT data FROM outbox_mail WHERE "
	    "kind = 'prose'");
	assert_non_null(strstr(data, "Arrive: 2027-01-08"));
	assert_non_null(strstr(data, "Depart: 2027-01-14"));
	free(data);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "messages WHERE kind = 'unrelated'"), 1);
	/* Once per address and sprint. */
	assert_int_equal(ingest_mail(f, 2, ANNA, "q2", SUBJ, "Ich komme am "
	    "9. und reise am 13. wieder ab.\r\n"), 0);
	assert_int_equal(outbox_count(f, "prose", "anna@example.org"), 1);
	/* German and French work alike; discussion without a word of coming
	 * or without dates gets nothing. */
	assert_int_equal(ingest_mail(f, 3, "Bea <bea@example.org>", "q3",
	    SUBJ, "Salut, j'arrive le 8 et je repars le 14.\r\n"), 0);
	assert_int_equal(outbox_count(f, "prose", "bea@example.org"), 1);
	assert_int_equal(ingest_mail(f, 4, "Carl <carl@example.org>", "q4",
	    SUBJ, "The 3.2 release is out; see PR 14 for the JIT.\r\n"), 0);
	assert_int_equal(ingest_mail(f, 5, "Dora <dora@example.org>", "q5",
	    SUBJ, "I would love to come, but cannot this time.\r\n"), 0);
	assert_int_equal(outbox_count(f, NULL, "carl@example.org"), 0);
	assert_int_equal(outbox_count(f, NULL, "dora@example.org"), 0);
	/* Outside the announcement's thread: no answer. */
	assert_int_equal(ingest_mail(f, 6, "Eve <eve@example.org>", "q6",
	    "JIT question", "I arrive on the 8th and leave on the 14th, "
	    "come and see the JIT talk.\r\n"), 0);
	assert_int_equal(outbox_count(f, NULL, "eve@example.org"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations"), 0);
}

/* What a fresh user found: a lone Diet or Notes updates a registered
 * person and is discussion from anyone else; an update may not put the
 * departure before the recorded arrival; a post another list rewrote is
 * its poster's, and the list gets nothing; the words people write for
 * the fields are read. */
static void
test_review_findings(void **state)
{
	struct fixture	*f = *state;
	char		*raw;

	assert_int_equal(ingest_mail(f, 1, ANNA, "r1", SUBJ,
	    "Arrive/Depart: 7-14\r\nDiet: vegetarian\r\n"), 0);
	assert_int_equal(ingest_mail(f, 2, ANNA, "r2", SUBJ,
	    "Diet: vegan\r\n"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations WHERE diet = 'vegan'"), 1);
	assert_int_equal(outbox_count(f, "confirm", "anna@example.org"), 2);
	assert_int_equal(ingest_mail(f, 3, "Zed <zed@example.org>", "r3", SUBJ,
	    "Notes: the wiki moved\r\n"), 0);
	assert_int_equal(outbox_count(f, NULL, "zed@example.org"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "messages WHERE message_id = '<r3@example.org>' AND kind = "
	    "'unrelated'"), 1);
	/* Depart before the recorded arrival: refused, nothing changes. */
	assert_int_equal(ingest_mail(f, 4, ANNA, "r4", SUBJ,
	    "Depart: 2027-01-05\r\n"), 0);
	expect_reg(f, "anna@example.org",
	    "Anna Example|2027-01-07|2027-01-14|?|0|registered");
	assert_int_equal(outbox_count(f, "error", "anna@example.org"), 1);
	/* Another list's rewriting. */
	raw = xprintf("From: \"Dave D via dev\" <dev@lists.example.com>\r\n"
	    "Reply-To: Dave D <dave@example.org>\r\nList-Id: "
	    "<dev.lists.example.com>\r\nTo: dev@lists.example.com\r\n"
	    "Subject: " SUBJ "\r\nMessage-ID: <r5@example.org>\r\n\r\n"
	    "Arrive/Depart: 7/1 - 14/1\r\n");
	assert_int_equal(ingest(f, 5, raw, strlen(raw)), 0);
	free(raw);
	assert_non_null(reg_row(f, "dave@example.org"));
	assert_null(reg_row(f, "dev@lists.example.com"));
	assert_int_equal(outbox_count(f, NULL, "dev@lists.example.com"), 0);
	/* The words people write. */
	assert_int_equal(ingest_mail(f, 6, "Bob B <bob@example.org>", "r6",
	    SUBJ, "Name: Bob B\r\nDates: January 7-14\r\nNewcomer: no\r\n"),
	    0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registrations r JOIN people p ON p.id = r.person_id WHERE "
	    "p.email = 'bob@example.org' AND r.newcomer = 0 AND r.arrive = "
	    "'2027-01-07'"), 1);
	assert_int_equal(ingest_mail(f, 7, "Uwe <uwe@example.org>", "r7",
	    SUBJ, "Name: Uwe\r\nAnkunft: 7. Januar\r\nAbreise: 14. Januar"
	    "\r\n"), 0);
	assert_non_null(reg_row(f, "uwe@example.org"));
}

static void
test_mailbox_state(void **state)
{
	struct fixture	*f = *state;
	char		*raw, *cause = NULL, *v;
	size_t		 len;
	uint32_t	 uv = 0, last = 0;

	assert_int_equal(ingest_mailbox_get(f->st, "Other", &uv, &last,
	    &cause), 1);
	assert_int_equal(ingest_mailbox_reset(f->st, "Other", 7, &cause), 0);
	assert_int_equal(ingest_mailbox_get(f->st, "Other", &uv, &last,
	    &cause), 0);
	assert_int_equal(uv, 7);
	assert_int_equal(last, 0);

	raw = read_data("tests/data/demo/01-anna.eml", &len);
	assert_int_equal(ingest(f, 5, raw, len), 0);
	assert_int_equal(ingest_file(f, 3, "tests/data/demo/04-robot.eml"), 0);
	/* last_uid only grows. */
	assert_int_equal(ingest_mailbox_get(f->st, "INBOX", &uv, &last,
	    &cause), 0);
	assert_int_equal(uv, 1);
	assert_int_equal(last, 5);
	/* The other mailbox is untouched. */
	assert_int_equal(ingest_mailbox_get(f->st, "Other", &uv, &last,
	    &cause), 0);
	assert_int_equal(last, 0);

	/* A new UIDVALIDITY starts over; what was done stays done. */
	assert_int_equal(ingest_mailbox_reset(f->st, "INBOX", 8, &cause), 0);
	assert_int_equal(ingest_mailbox_get(f->st, "INBOX", &uv, &last,
	    &cause), 0);
	assert_int_equal(uv, 8);
	assert_int_equal(last, 0);
	assert_int_equal(ingest_at(f, 8, 1, raw, len, &cause), 0);
	v = testlib_query_text(f->st, "SELECT kind FROM messages WHERE uidvalidity = "
	    "8 AND uid = 1");
	assert_string_equal(v, "duplicate");
	free(v);
	assert_int_equal(outbox_count(f, NULL, NULL), 1);
	assert_int_equal(ingest_mailbox_get(f->st, "INBOX", &uv, &last,
	    &cause), 0);
	assert_int_equal(last, 1);
	free(raw);
}

/* Puts the demo sprint again, its dates in month mm ("01" as shipped). */
static void
put_sprint_month(struct fixture *f, const char *mm)
{
	struct sprint	*s = NULL;
	char		*yaml, *p, *cause = NULL;
	size_t		 len;
	int64_t		 id;
	int		 created;

	yaml = read_data("tests/data/demo/sprint.yaml", &len);
	for (p = yaml; (p = strstr(p, "2027-01-")) != NULL; p += 8)
		memcpy(p + 5, mm, 2);
	if (sprint_load_string("sprint.yaml", yaml, len, &s, &cause) != 0 ||
	    registry_sprint_put(f->st, s, "sprint.yaml", &id, &created,
	    &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(id, f->sprint_id);
	sprint_free(&s);
	free(yaml);
}

static int
reprocess(struct fixture *f, int64_t id, const char *why)
{
	char	*cause = NULL;
	int	 r;

	r = ingest_reprocess(f->st, f->c, &f->cfg, id, &cause);
	if (r == -1)
		fail_msg("reprocess %lld: %s", (long long)id, cause);
	if (why != NULL) {
		assert_int_equal(r, 1);
		assert_non_null(cause);
		if (strstr(cause, why) == NULL)
			fail_msg("\"%s\" does not say \"%s\"", cause, why);
	}
	free(cause);
	return r;
}

/* A message read again after the sprint was corrected: the new reading
 * is stored and applied, and answered once; the same reading answered
 * already is refused; copies and stubs are refused. */
static void
test_reprocess(void **state)
{
	struct fixture	*f = *state;
	char		*raw, *v;
	size_t		 len;

	/* The organizer got the month wrong: Anna's dates are far from it. */
	put_sprint_month(f, "02");
	raw = read_data("tests/data/demo/01-anna.eml", &len);
	assert_int_equal(ingest(f, 1, raw, len), 0);
	v = testlib_query_text(f->st, "SELECT kind FROM messages WHERE id = 1");
	assert_string_equal(v, "invalid");
	free(v);
	assert_int_equal(outbox_count(f, "error", "anna@example.org"), 1);
	/* Nothing changed: answered already, refused, nothing queued. */
	reprocess(f, 1, "reads as before (invalid) and was answered (mail 1)");
	assert_int_equal(outbox_count(f, NULL, NULL), 1);

	/* The sprint corrected: a registration, confirmed once. */
	put_sprint_month(f, "01");
	assert_int_equal(reprocess(f, 1, NULL), 0);
	v = testlib_query_text(f->st, "SELECT kind || ' ' || json_extract("
	    "result, '$.arrive') || ' ' || sprint_id FROM messages WHERE "
	    "id = 1");
	assert_string_equal(v, "registration 2027-01-07 1");
	free(v);
	v = testlib_query_text(f->st, "SELECT r.status || ' ' || r.message_id "
	    "FROM registrations r JOIN people p ON p.id = r.person_id WHERE "
	    "p.email = 'anna@example.org'");
	assert_string_equal(v, "registered 1");
	free(v);
	assert_int_equal(outbox_count(f, "confirm", "anna@example.org"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM outbox "
	    "WHERE kind = 'confirm' AND reply_to = 1 AND status = 'queued'"),
	    1);
	/* The confirmation threads to Anna's message like any reply. */
	assert_int_equal(testlib_query_int(f->st, "SELECT instr(data, "
	    "'In-Reply-To: <demo-anna-1@example.org>') > 0 FROM outbox_mail WHERE "
	    "kind = 'confirm'"), 1);
	/* Again: the same reading, answered: refused, nothing queued. */
	reprocess(f, 1, "reads as before (registration)");
	assert_int_equal(outbox_count(f, NULL, NULL), 2);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registration_history"), 1);
	/* A dropped reply does not count: the message is answered anew. */
	assert_int_equal(store_exec(f->st, "UPDATE outbox SET status = "
	    "'suppressed' WHERE kind = 'confirm'", NULL), 0);
	assert_int_equal(reprocess(f, 1, NULL), 0);
	assert_int_equal(outbox_count(f, "confirm", "anna@example.org"), 2);

	/* A copy (the same Message-ID) and a stub are refused. */
	assert_int_equal(ingest(f, 2, raw, len), 0);
	reprocess(f, 2, "a copy of message 1");
	assert_int_equal(ingest(f, 3, NULL, MIME_MAX_MESSAGE + 1), 0);
	reprocess(f, 3, "too large");
	reprocess(f, 42, "no message 42");
	assert_int_equal(outbox_count(f, NULL, NULL), 3);
	free(raw);
}

/* A message kept while no sprint was open is answered once one is. */
static void
test_reprocess_no_sprint(void **state)
{
	struct fixture	*f = *state;
	char		*body, *v;

	/* Its dates far in the past: no sprint is open. */
	put_sprint_month(f, "01");
	assert_int_equal(store_exec(f->st, "UPDATE sprints SET start_date = "
	    "'2020-01-08', end_date = '2020-01-14'", NULL), 0);
	body = xprintf(FORM, 14);
	assert_int_equal(ingest_mail(f, 1, ANNA, "anna-early", SUBJ, body), 0);
	v = testlib_query_text(f->st, "SELECT kind || ' ' || ifnull(sprint_id, "
	    "'none') FROM messages");
	assert_string_equal(v, "unrelated none");
	free(v);
	assert_int_equal(outbox_count(f, NULL, NULL), 0);
	assert_int_equal(store_exec(f->st, "UPDATE sprints SET start_date = "
	    "'2027-01-08', end_date = '2027-01-14'", NULL), 0);
	assert_int_equal(reprocess(f, 1, NULL), 0);
	assert_int_equal(outbox_count(f, "confirm", "anna@example.org"), 1);
	reprocess(f, 1, "reads as before");
	assert_int_equal(outbox_count(f, NULL, NULL), 1);
	free(body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reprocess, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_mailman_forms, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reprocess_no_sprint, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_registration, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_one_transaction, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_auto, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_sprint_open, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pick_sprint, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_batch_known_uids, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_toolarge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_cap, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sender_proof, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_first_contact_cap, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_old_mail, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_which_sprint, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cancel, setup_small,
		    teardown),
		cmocka_unit_test_setup_teardown(test_evaluation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_partial_update, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_field_twice, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reply_to_own_mail, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_prose, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_findings, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_mailbox_state, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_own_mail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_rewrites_from, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
