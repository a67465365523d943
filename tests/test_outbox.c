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

/* test_outbox.c -- queueing once per Message-ID, the reply count per
 * address, the retry table, the next due time, the report (text and
 * JSON), retry and drop, and a flush against a fake SMTP server: 250,
 * 451 and 550. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "outbox.h"
#include "store.h"
#include "util.h"
#include "testlib.h"


struct fixture {
	struct store	*st;
	int64_t		 msg;	/* a messages row to reply to */
};

static int
setup(void **state)
{
	struct fixture	*f = xcalloc(1, sizeof *f);
	char		*db = testlib_tmp("db", ".sqlite");
	char		*cause = NULL;

	setenv("SPRINTD_NOW", "2027-01-01T10:00:00Z", 1);
	if (store_open(db, &f->st, &cause) != 0)
		fail_msg("%s", cause);
	if (store_exec(f->st, "INSERT INTO messages (mailbox, uidvalidity, "
	    "uid, kind, raw, size, received_at) VALUES ('INBOX', 1, 1, "
	    "'registration', x'', 0, '2027-01-01T10:00:00Z')", &cause) != 0)
		fail_msg("%s", cause);
	f->msg = sqlite3_last_insert_rowid(store_db(f->st));
	free(db);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(&f->st);
	free(f);
	unsetenv("SPRINTD_NOW");
	return 0;
}

static int
queue(struct fixture *f, const char *mid, const char *to, int reply,
    const char *subject)
{
	struct outbox_mail	 m;
	char			*data, *cause = NULL;
	int			 r;

	data = xprintf("From: sprints@example.org\r\nTo: %s\r\nMessage-ID: "
	    "%s\r\nSubject: %s\r\n\r\nHello.\r\n", to, mid, subject);
	memset(&m, 0, sizeof m);
	m.kind = reply ? "confirm" : "remind";
	m.reply_to = reply ? f->msg : 0;
	m.recipient = to;
	m.subject = subject;
	m.message_id = mid;
	m.data = data;
	m.len = strlen(data);
	r = outbox_queue(f->st, &m, &cause);
	if (r == -1)
		fail_msg("%s", cause);
	free(data);
	return r;
}

static void
test_queue_once(void **state)
{
	struct fixture	*f = *state;
	sqlite3_stmt	*stmt;
	const char	*expect = "From: sprints@example.org\r\nTo: "
	    "anna@example.org\r\nMessage-ID: <m1@example.org>\r\nSubject: "
	    "Hi\r\n\r\nHello.\r\n";

	assert_int_equal(queue(f, "<m1@example.org>", "anna@example.org", 1,
	    "Hi"), 0);
	/* The same Message-ID again, even with other contents: never
	 * twice. */
	assert_int_equal(queue(f, "<m1@example.org>", "anna@example.org", 1,
	    "Hi"), 1);
	assert_int_equal(queue(f, "<m1@example.org>", "bob@example.org", 0,
	    "Other"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM outbox"), 1);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT data, "
	    "status, attempts, next_attempt, recipient, kind, reply_to FROM "
	    "outbox_mail", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(stmt, 0), strlen(expect));
	assert_memory_equal(sqlite3_column_blob(stmt, 0), expect,
	    strlen(expect));
	assert_string_equal(sqlite3_column_text(stmt, 1), "queued");
	assert_int_equal(sqlite3_column_int(stmt, 2), 0);
	assert_string_equal(sqlite3_column_text(stmt, 3),
	    "2027-01-01T10:00:00Z");
	assert_string_equal(sqlite3_column_text(stmt, 4), "anna@example.org");
	assert_string_equal(sqlite3_column_text(stmt, 5), "confirm");
	assert_int_equal(sqlite3_column_int64(stmt, 6), f->msg);
	sqlite3_finalize(stmt);
	assert_int_equal(queue(f, "<m2@example.org>", "anna@example.org", 1,
	    "Hi"), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM outbox"), 2);
}

static void
test_count_since(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL;
	time_t		 t0;
	int		 n = -1;

	assert_int_equal(clock_parse_utc("2027-01-01T10:00:00Z", &t0), 0);
	queue(f, "<a1@example.org>", "anna@example.org", 1, "r1");
	queue(f, "<a2@example.org>", "anna@example.org", 0, "not a reply");
	queue(f, "<b1@example.org>", "bob@example.org", 1, "r1");
	setenv("SPRINTD_NOW", "2027-01-01T11:00:00Z", 1);
	queue(f, "<a3@example.org>", "anna@example.org", 1, "r2");

	assert_int_equal(outbox_count_since(f->st, "anna@example.org", t0, &n,
	    &cause), 0);
	assert_int_equal(n, 2);
	/* The address given in any case. */
	assert_int_equal(outbox_count_since(f->st, "ANNA@Example.ORG", t0, &n,
	    &cause), 0);
	assert_int_equal(n, 2);
	assert_int_equal(outbox_count_since(f->st, "anna@example.org", t0 + 1,
	    &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(outbox_count_since(f->st, "anna@example.org",
	    t0 + 7200, &n, &cause), 0);
	assert_int_equal(n, 0);
	assert_int_equal(outbox_count_since(f->st, "bob@example.org", t0, &n,
	    &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(outbox_count_since(f->st, "carl@example.org", t0, &n,
	    &cause), 0);
	assert_int_equal(n, 0);
	/* Sent replies count too. */
	assert_int_equal(store_exec(f->st, "UPDATE outbox SET status = 'sent'",
	    &cause), 0);
	assert_int_equal(outbox_count_since(f->st, "anna@example.org", t0, &n,
	    &cause), 0);
	assert_int_equal(n, 2);
}

static void
test_backoff(void **state)
{
	time_t	 total = 0, d, prev = 0;
	int	 i;

	(void)state;
	assert_int_equal(outbox_backoff(0), 0);
	assert_int_equal(outbox_backoff(-3), 0);
	for (i = 1; (d = outbox_backoff(i)) != 0; i++) {
		assert_true(i < 100);
		assert_true(d >= prev);
		prev = d;
		total += d;
	}
	/* It grows from minutes to a day and then ends. */
	assert_true(i > 3);
	assert_true(outbox_backoff(1) <= 15 * 60);
	assert_true(outbox_backoff(i - 1) >= 12 * 3600);
	assert_true(outbox_backoff(i - 1) > outbox_backoff(1));
	assert_int_equal(outbox_backoff(i), 0);
	assert_int_equal(outbox_backoff(i + 1), 0);
	assert_int_equal(outbox_backoff(1000000), 0);
	/* About five days in all. */
	assert_true(total >= 4 * 86400 + 12 * 3600);
	assert_true(total <= 5 * 86400 + 12 * 3600);
}

static void
test_next_due(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL, buf[21];

	assert_int_equal(outbox_next_due(f->st), 0);
	queue(f, "<a1@example.org>", "anna@example.org", 1, "r1");
	setenv("SPRINTD_NOW", "2027-01-01T09:00:00Z", 1);
	queue(f, "<a2@example.org>", "anna@example.org", 1, "r2");
	clock_format_utc(outbox_next_due(f->st), buf);
	assert_string_equal(buf, "2027-01-01T09:00:00Z");
	/* Only queued mail counts. */
	assert_int_equal(store_exec(f->st, "UPDATE outbox SET status = 'sent' "
	    "WHERE message_id = '<a2@example.org>'", &cause), 0);
	clock_format_utc(outbox_next_due(f->st), buf);
	assert_string_equal(buf, "2027-01-01T10:00:00Z");
	assert_int_equal(store_exec(f->st, "UPDATE outbox SET status = "
	    "'failed'", &cause), 0);
	assert_int_equal(outbox_next_due(f->st), 0);
}

/* The report as a string. */
static char *
report(struct fixture *f, int json)
{
	char	*text = NULL, *cause = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&text, &len);

	assert_non_null(fp);
	if (outbox_report(f->st, json, fp, &cause) != 0)
		fail_msg("%s", cause);
	fclose(fp);
	return text;
}

static void
test_report(void **state)
{
	struct fixture	*f = *state;
	sqlite3_stmt	*stmt;
	char		*text, *cause = NULL;

	text = report(f, 0);
	assert_string_equal(text, "the outbox is empty\n");
	free(text);
	text = report(f, 1);
	assert_string_equal(text, "[]\n");
	free(text);

	queue(f, "<a1@example.org>", "anna@example.org", 1, "Re: \"quoted\" "
	    "\\ back\tslash");
	queue(f, "<b1@example.org>", "bob@example.org", 0, "Reminder");
	assert_int_equal(store_exec(f->st, "UPDATE outbox SET attempts = 2, "
	    "last_code = 451, last_error = 'mailbox \"busy\"' WHERE "
	    "message_id = '<b1@example.org>'", &cause), 0);

	text = report(f, 0);
	assert_non_null(strstr(text, "STATUS"));
	assert_non_null(strstr(text, "anna@example.org"));
	assert_non_null(strstr(text, "bob@example.org"));
	assert_non_null(strstr(text, "confirm"));
	assert_non_null(strstr(text, "last error (451): mailbox \"busy\""));
	assert_true(strstr(text, "anna@") < strstr(text, "bob@"));
	free(text);

	text = report(f, 1);
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT "
	    "json_valid(?1), json_array_length(?1), "
	    "json_extract(?1, '$[0].recipient'), "
	    "json_extract(?1, '$[0].subject'), "
	    "json_extract(?1, '$[1].last_code'), "
	    "json_extract(?1, '$[1].attempts'), "
	    "json_extract(?1, '$[0].status'), "
	    "json_extract(?1, '$[0].message_id')", -1, &stmt, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), 1);
	assert_int_equal(sqlite3_column_int(stmt, 1), 2);
	assert_string_equal(sqlite3_column_text(stmt, 2), "anna@example.org");
	assert_string_equal(sqlite3_column_text(stmt, 3),
	    "Re: \"quoted\" \\ back\tslash");
	assert_int_equal(sqlite3_column_int(stmt, 4), 451);
	assert_int_equal(sqlite3_column_int(stmt, 5), 2);
	assert_string_equal(sqlite3_column_text(stmt, 6), "queued");
	assert_string_equal(sqlite3_column_text(stmt, 7), "<a1@example.org>");
	sqlite3_finalize(stmt);
	free(text);
}

/* The status and next attempt of the mail with Message-ID mid. */
static char *
state_of(struct fixture *f, const char *mid)
{
	char	*sql, *v;

	sql = xprintf("SELECT status || ' ' || next_attempt FROM outbox "
	    "WHERE message_id = '%s'", mid);
	v = testlib_query_text(f->st, sql);
	free(sql);
	assert_non_null(v);
	return v;
}

static void
expect_state(struct fixture *f, const char *mid, const char *want)
{
	char	*got = state_of(f, mid);

	assert_string_equal(got, want);
	free(got);
}

/* retry: failed and deferred mail becomes due now; queued-and-due,
 * sent and dropped mail is refused, unchanged. drop: queued and failed
 * mail is never sent; sent mail cannot be dropped. */
static void
test_retry_drop(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL;
	int64_t		 id[5];
	int		 i;

	queue(f, "<due@example.org>", "a@example.org", 1, "due");
	queue(f, "<later@example.org>", "b@example.org", 1, "deferred");
	queue(f, "<failed@example.org>", "c@example.org", 1, "failed");
	queue(f, "<sent@example.org>", "d@example.org", 1, "sent");
	queue(f, "<drop@example.org>", "e@example.org", 1, "to drop");
	for (i = 0; i < 5; i++)
		id[i] = i + 1;
	assert_int_equal(store_exec(f->st, "UPDATE outbox SET attempts = 2, "
	    "next_attempt = '2027-01-01T11:00:00Z' WHERE message_id = "
	    "'<later@example.org>'; UPDATE outbox SET status = 'failed', "
	    "attempts = 13 WHERE message_id = '<failed@example.org>'; "
	    "UPDATE outbox SET status = 'sent', sent_at = "
	    "'2027-01-01T10:00:05Z' WHERE message_id = '<sent@example.org>'",
	    &cause), 0);
	setenv("SPRINTD_NOW", "2027-01-01T10:30:00Z", 1);

	/* Queued and due: refused, nothing changes. */
	assert_int_equal(outbox_retry(f->st, id[0], &cause), 1);
	assert_non_null(strstr(cause, "queued and due"));
	free(cause);
	cause = NULL;
	expect_state(f, "<due@example.org>", "queued 2027-01-01T10:00:00Z");
	/* Deferred: due now, attempts kept. */
	assert_int_equal(outbox_retry(f->st, id[1], &cause), 0);
	expect_state(f, "<later@example.org>", "queued 2027-01-01T10:30:00Z");
	assert_int_equal(testlib_query_int(f->st, "SELECT attempts FROM "
	    "outbox WHERE id = 2"), 2);
	/* Once due, a second retry is refused: never twice. */
	assert_int_equal(outbox_retry(f->st, id[1], &cause), 1);
	free(cause);
	cause = NULL;
	/* Failed: queued again, due now. */
	assert_int_equal(outbox_retry(f->st, id[2], &cause), 0);
	expect_state(f, "<failed@example.org>", "queued 2027-01-01T10:30:00Z");
	/* Sent: refused, says when. */
	assert_int_equal(outbox_retry(f->st, id[3], &cause), 1);
	assert_non_null(strstr(cause, "2027-01-01T10:00:05Z"));
	free(cause);
	cause = NULL;
	expect_state(f, "<sent@example.org>", "sent 2027-01-01T10:00:00Z");
	/* No such mail. */
	assert_int_equal(outbox_retry(f->st, 99, &cause), 1);
	assert_non_null(strstr(cause, "no mail 99"));
	free(cause);
	cause = NULL;

	/* Drop: queued and failed; sent refused; twice is fine. */
	assert_int_equal(outbox_drop(f->st, id[4], &cause), 0);
	expect_state(f, "<drop@example.org>", "suppressed 2027-01-01T10:00:00Z");
	assert_int_equal(outbox_drop(f->st, id[4], &cause), 0);
	assert_int_equal(outbox_drop(f->st, id[3], &cause), 1);
	assert_non_null(strstr(cause, "never"));
	free(cause);
	cause = NULL;
	expect_state(f, "<sent@example.org>", "sent 2027-01-01T10:00:00Z");
	assert_int_equal(store_exec(f->st, "UPDATE outbox SET status = "
	    "'failed' WHERE id = 3", &cause), 0);
	assert_int_equal(outbox_drop(f->st, id[2], &cause), 0);
	expect_state(f, "<failed@example.org>",
	    "suppressed 2027-01-01T10:30:00Z");
	/* A dropped mail is not retried, and not due. */
	assert_int_equal(outbox_retry(f->st, id[4], &cause), 1);
	assert_non_null(strstr(cause, "dropped"));
	free(cause);
	cause = NULL;
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox WHERE status = 'queued'"), 2);
	assert_int_equal(outbox_drop(f->st, 99, &cause), 1);
	free(cause);
}

/* The fake SMTP server: RCPT TO answers 451 for an address containing
 * "busy", 550 for "bad", else 250. */
static struct testlib_smtpd *const F = &testlib_smtpd;

static int
fake_start(void)
{
	if (testlib_smtpd_start() == -1)
		return -1;
	pthread_mutex_lock(&F->lock);
	F->rcpt_by_address = 1;
	pthread_mutex_unlock(&F->lock);
	return 0;
}

static char *
row(struct fixture *f, const char *mid)
{
	sqlite3_stmt	*stmt;
	char		*v = NULL;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), "SELECT status "
	    "|| ' ' || attempts || ' ' || next_attempt || ' ' || "
	    "coalesce(last_code, '-') || ' ' || coalesce(sent_at, '-') FROM "
	    "outbox WHERE message_id = ?1", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, mid, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = store_column_dup(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* A config sending to the plain SMTP server on loopback port: the URL it
 * points at, which the caller frees. */
static char *
smtp_config(struct config *cfg, int port, int batch_size,
    int replies_per_day)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->from = "PyPy sprints <sprints@example.org>";
	cfg->batch_size = batch_size;
	cfg->replies_per_day = replies_per_day;
	cfg->smtp.url = xprintf("smtp://127.0.0.1:%d", port);
	cfg->smtp.tls = CONFIG_TLS_NONE;
	return cfg->smtp.url;
}

static void
test_flush(void **state)
{
	struct fixture	*f = *state;
	struct config	 cfg;
	char		*cause = NULL, *url, *v, *expect, next[21];
	time_t		 now;
	int		 sent = -1;

	assert_int_equal(fake_start(), 0);
	url = smtp_config(&cfg, F->port, 2, 10);

	/* Nothing due: no connection at all. */
	assert_int_equal(outbox_flush(f->st, &cfg, NULL, &sent, &cause), 0);
	assert_int_equal(sent, 0);

	queue(f, "<ok@example.org>", "ok@example.org", 1, "s");
	queue(f, "<busy@example.org>", "busy@example.org", 1, "s");
	queue(f, "<bad@example.org>", "bad@example.org", 1, "s");
	setenv("SPRINTD_NOW", "2027-01-01T12:00:00Z", 1);
	queue(f, "<later@example.org>", "later@example.org", 1, "s");
	setenv("SPRINTD_NOW", "2027-01-01T10:30:00Z", 1);
	now = clock_now();

	if (outbox_flush(f->st, &cfg, NULL, &sent, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(sent, 1);
	v = row(f, "<ok@example.org>");
	assert_string_equal(v, "sent 1 2027-01-01T10:30:00Z 250 "
	    "2027-01-01T10:30:00Z");
	free(v);
	clock_format_utc(now + outbox_backoff(1), next);
	expect = xprintf("queued 1 %s 451 -", next);
	v = row(f, "<busy@example.org>");
	assert_string_equal(v, expect);
	free(v);
	free(expect);
	v = row(f, "<bad@example.org>");
	assert_string_equal(v, "failed 1 2027-01-01T10:30:00Z 550 -");
	free(v);
	/* Not due yet: untouched. */
	v = row(f, "<later@example.org>");
	assert_string_equal(v, "queued 0 2027-01-01T12:00:00Z - -");
	free(v);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM outbox WHERE "
	    "last_error LIKE '%busy%'"), 1);
	/* The server's own words, not libcurl's. */
	v = testlib_query_text(f->st, "SELECT last_error FROM outbox WHERE "
	    "message_id = '<bad@example.org>'");
	assert_string_equal(v, "SMTP server said: 550 5.1.1 no such user");
	free(v);

	/* Flushing again at the same time sends nothing more. */
	assert_int_equal(outbox_flush(f->st, &cfg, NULL, &sent, &cause), 0);
	assert_int_equal(sent, 0);
	v = row(f, "<ok@example.org>");
	assert_string_equal(v, "sent 1 2027-01-01T10:30:00Z 250 "
	    "2027-01-01T10:30:00Z");
	free(v);

	/* Later, the deferred one is tried again with the next delay. */
	setenv("SPRINTD_NOW", "2027-01-01T12:00:00Z", 1);
	now = clock_now();
	assert_int_equal(outbox_flush(f->st, &cfg, NULL, &sent, &cause), 0);
	assert_int_equal(sent, 1);
	clock_format_utc(now + outbox_backoff(2), next);
	expect = xprintf("queued 2 %s 451 -", next);
	v = row(f, "<busy@example.org>");
	assert_string_equal(v, expect);
	free(v);
	free(expect);
	v = testlib_query_text(f->st, "SELECT status FROM outbox WHERE message_id = "
	    "'<later@example.org>'");
	assert_string_equal(v, "sent");
	free(v);

	/* After the last delay it is given up. */
	assert_int_equal(store_exec(f->st, "UPDATE outbox SET attempts = "
	    "(SELECT 1000) WHERE message_id = '<busy@example.org>'", &cause),
	    0);
	setenv("SPRINTD_NOW", "2027-01-09T00:00:00Z", 1);
	assert_int_equal(outbox_flush(f->st, &cfg, NULL, &sent, &cause), 0);
	v = testlib_query_text(f->st, "SELECT status || ' ' || last_code FROM outbox "
	    "WHERE message_id = '<busy@example.org>'");
	assert_string_equal(v, "failed 451");
	free(v);
	assert_int_equal(outbox_next_due(f->st), 0);

	testlib_smtpd_stop();
	free(url);
}

/* The MAIL FROM commands the fake server has read, once it has read at
 * least want of them (or 5 s have gone: the server thread reads on its
 * own time). */
static int
fake_started(int want)
{
	int	 n, i;

	for (i = 0; i < 500; i++) {
		pthread_mutex_lock(&F->lock);
		n = F->mails;
		pthread_mutex_unlock(&F->lock);
		if (n >= want)
			break;
		usleep(10000);
	}
	return n;
}

static int
fake_mails(void)
{
	int	 n;

	pthread_mutex_lock(&F->lock);
	n = F->delivered;
	pthread_mutex_unlock(&F->lock);
	return n;
}

/* A store that cannot record the 250 (the fault hook: every commit fails
 * while the file exists): the flush stops after that one mail, sends
 * nothing while the store stays broken, never sends it again, and records
 * it once the store works. The next mail, begun while the first one's
 * outcome was being recorded, is dropped before its text. */
static void
test_flush_unrecordable(void **state)
{
	struct fixture		*f = *state;
	struct outbox_guard	*g = outbox_guard_new();
	struct config		 cfg;
	char			*cause = NULL, *url, *fault, *db;
	int			 sent = -1, i, fd;

	fault = xprintf("%s/fault", testlib_dir());
	db = xprintf("%s/fault.sqlite", testlib_dir());
	setenv("SPRINTD_FAULT_FILE", fault, 1);
	store_close(&f->st);
	if (store_open(db, &f->st, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(store_exec(f->st, "INSERT INTO messages (mailbox, "
	    "uidvalidity, uid, kind, raw, size, received_at) VALUES ('INBOX', "
	    "1, 1, 'registration', x'', 0, '2027-01-01T10:00:00Z')", &cause),
	    0);
	f->msg = sqlite3_last_insert_rowid(store_db(f->st));
	assert_int_equal(fake_start(), 0);
	url = smtp_config(&cfg, F->port, 50, 10);
	queue(f, "<a@example.org>", "a@example.org", 1, "s");
	queue(f, "<b@example.org>", "b@example.org", 1, "s");
	queue(f, "<c@example.org>", "c@example.org", 1, "s");

	assert_true((fd = open(fault, O_CREAT | O_WRONLY, 0600)) != -1);
	close(fd);
	assert_int_equal(outbox_flush(f->st, &cfg, g, &sent, &cause), -1);
	assert_non_null(cause);
	xfree(&cause);
	assert_int_equal(sent, 1);
	assert_int_equal(fake_mails(), 1);
	assert_int_equal(fake_started(2), 2);
	assert_int_equal(outbox_guard_pending(g), 1);
	/* However often it is asked, nothing more goes while it is broken. */
	for (i = 0; i < 5; i++) {
		assert_int_equal(outbox_flush(f->st, &cfg, g, &sent, &cause),
		    -1);
		xfree(&cause);
		assert_int_equal(sent, 0);
	}
	assert_int_equal(fake_mails(), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox WHERE status = 'queued'"), 3);

	/* Space is back: the first is recorded, not sent again. */
	unlink(fault);
	if (outbox_flush(f->st, &cfg, g, &sent, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(sent, 2);
	assert_int_equal(fake_mails(), 3);
	assert_int_equal(outbox_guard_pending(g), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox WHERE status = 'sent' AND attempts = 1"), 3);

	testlib_smtpd_stop();
	outbox_guard_free(&g);
	assert_null(g);
	unsetenv("SPRINTD_FAULT_FILE");
	free(url);
	free(fault);
	free(db);
}

/* A server that cannot be reached at all uses up no attempt of any mail:
 * a long outage never makes mail fail for good unsent. */
static void
test_flush_unreachable(void **state)
{
	struct fixture		*f = *state;
	struct sockaddr_in	 sin;
	socklen_t		 sl = sizeof sin;
	struct config		 cfg;
	char			*cause = NULL, *url, *v;
	int			 sent = -1, fd, i;

	/* A port nothing listens on: bound, then closed. */
	assert_true((fd = socket(AF_INET, SOCK_STREAM, 0)) != -1);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &sl), 0);
	close(fd);
	url = smtp_config(&cfg, ntohs(sin.sin_port), 50, 10);
	queue(f, "<u1@example.org>", "u1@example.org", 1, "s");
	queue(f, "<u2@example.org>", "u2@example.org", 0, "s");
	for (i = 0; i < 20; i++) {
		assert_int_equal(outbox_flush(f->st, &cfg, NULL, &sent,
		    &cause), 1);
		assert_non_null(cause);
		xfree(&cause);
		assert_int_equal(sent, 0);
	}
	v = row(f, "<u1@example.org>");
	assert_string_equal(v, "queued 0 2027-01-01T10:00:00Z - -");
	free(v);
	v = row(f, "<u2@example.org>");
	assert_string_equal(v, "queued 0 2027-01-01T10:00:00Z - -");
	free(v);
	free(url);
}

/* replies_per_day counts what was handed to the server, not rows: a
 * reply past the cap waits an hour. */
static void
test_flush_reply_cap(void **state)
{
	struct fixture		*f = *state;
	struct outbox_guard	*g = outbox_guard_new();
	struct config		 cfg;
	char			*cause = NULL, *url, *v;
	int			 sent = -1;

	assert_int_equal(fake_start(), 0);
	url = smtp_config(&cfg, F->port, 50, 2);
	queue(f, "<r1@example.org>", "loop@example.org", 1, "s");
	queue(f, "<r2@example.org>", "LOOP@example.org", 1, "s");
	queue(f, "<r3@example.org>", "loop@example.org", 1, "s");
	/* Not a reply: the cap is for replies only. */
	queue(f, "<n1@example.org>", "loop@example.org", 0, "s");
	if (outbox_flush(f->st, &cfg, g, &sent, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(sent, 3);
	assert_int_equal(fake_mails(), 3);
	v = row(f, "<r3@example.org>");
	assert_string_equal(v, "queued 0 2027-01-01T11:00:00Z - -");
	free(v);
	/* The first two were recorded as sent: a new guard (a restart)
	 * still sees nothing due before the hour is up. */
	outbox_guard_free(&g);
	if (outbox_flush(f->st, &cfg, NULL, &sent, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(sent, 0);
	testlib_smtpd_stop();
	free(url);
}

/*
 * Only the daemon composes mail: a row written into the database by
 * another program (no MAC, one made with another key, or a signed row
 * whose recipient or text was changed afterwards) is refused at sending,
 * never handed to the server, and cannot be retried; the daemon's own
 * mail still goes.
 */
static void
test_flush_refuses_foreign(void **state)
{
	static const unsigned char other[32] = "somebody else's key";
	static const unsigned char ours[32] = "the tests' own outbox key";
	struct fixture	*f = *state;
	struct config	 cfg;
	char		*cause = NULL, *url, *v;
	int		 sent = -1;

	assert_int_equal(fake_start(), 0);
	url = smtp_config(&cfg, F->port, 10, 10);

	queue(f, "<ours@example.org>", "ok@example.org", 0, "s");
	queue(f, "<moved@example.org>", "ok@example.org", 0, "s");
	queue(f, "<edited@example.org>", "ok@example.org", 0, "s");
	outbox_key_set(other, sizeof other);
	queue(f, "<other@example.org>", "victim@example.org", 0, "s");
	outbox_key_set(ours, sizeof ours);
	/* What a member of the group can write with sqlite3. */
	assert_int_equal(store_exec(f->st, "INSERT INTO outbox (message_id, "
	    "kind, recipient, subject, next_attempt, created_at) VALUES "
	    "('<raw@example.org>', 'confirm', 'victim@example.org', 'Pay', "
	    "'2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z'); "
	    "INSERT INTO outbox_bodies (id, data) VALUES "
	    "(last_insert_rowid(), CAST('To: victim@example.org' || "
	    "char(13, 10, 13, 10) || "
	    "'Pay 50 EUR' AS BLOB)); "
	    "UPDATE outbox SET recipient = 'victim@example.org' WHERE "
	    "message_id = '<moved@example.org>'; "
	    "UPDATE outbox_bodies SET data = CAST('Pay' AS BLOB) WHERE id = "
	    "(SELECT id FROM outbox WHERE message_id = "
	    "'<edited@example.org>')", &cause), 0);

	if (outbox_flush(f->st, &cfg, NULL, &sent, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(sent, 1);
	pthread_mutex_lock(&F->lock);
	assert_int_equal(F->mails, 1);
	assert_string_equal(F->rcpt, "<ok@example.org>");
	pthread_mutex_unlock(&F->lock);
	v = row(f, "<ours@example.org>");
	assert_true(strncmp(v, "sent ", 5) == 0);
	free(v);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox WHERE refused = 1 AND status = 'failed' AND message_id IN "
	    "('<raw@example.org>', '<other@example.org>', "
	    "'<moved@example.org>', '<edited@example.org>')"), 4);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox WHERE status = 'sent'"), 1);
	/* Refused for good: retry does not make it due. */
	assert_int_equal(outbox_retry(f->st, testlib_query_int(f->st,
	    "SELECT id FROM outbox WHERE message_id = '<raw@example.org>'"),
	    &cause), 1);
	assert_non_null(strstr(cause, "refused"));
	xfree(&cause);
	assert_int_equal(outbox_flush(f->st, &cfg, NULL, &sent, &cause), 0);
	assert_int_equal(sent, 0);

	/* A sent mail made due again by hand, or a queued one given another
	 * kind (an announcement escapes the reply cap): refused, not sent. */
	queue(f, "<kind@example.org>", "ok@example.org", 1, "s");
	assert_int_equal(store_exec(f->st, "UPDATE outbox SET status = "
	    "'queued', next_attempt = '2027-01-01T00:00:00Z' WHERE "
	    "message_id = '<ours@example.org>'; UPDATE outbox SET kind = "
	    "'announce' WHERE message_id = '<kind@example.org>'", &cause), 0);
	assert_int_equal(outbox_flush(f->st, &cfg, NULL, &sent, &cause), 0);
	assert_int_equal(sent, 0);
	pthread_mutex_lock(&F->lock);
	assert_int_equal(F->mails, 1);
	pthread_mutex_unlock(&F->lock);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox WHERE refused = 1 AND message_id IN "
	    "('<ours@example.org>', '<kind@example.org>')"), 2);

	/* A program that loaded no key queues nothing. */
	outbox_key_set(NULL, 0);
	{
		struct outbox_mail	 m;

		memset(&m, 0, sizeof m);
		m.kind = "confirm";
		m.recipient = m.subject = "x@example.org";
		m.message_id = "<nokey@example.org>";
		m.data = "x";
		m.len = 1;
		assert_int_equal(outbox_queue(f->st, &m, &cause), -1);
		assert_non_null(strstr(cause, "only sprintd"));
		xfree(&cause);
	}
	outbox_key_set(ours, sizeof ours);
	testlib_smtpd_stop();
	free(url);
}

/* The key file: made 0600 when missing, the same key read again; one
 * that others may read, a link, or a short one are refused. */
static void
test_key_file(void **state)
{
	static const unsigned char ours[32] = "the tests' own outbox key";
	char		*path = testlib_tmp("key", ""), *link, *cause = NULL;
	struct stat	 sb;
	int		 fd;

	(void)state;
	assert_int_equal(outbox_key_load(path, &cause), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, 32);
	assert_int_equal(outbox_key_load(path, &cause), 0);

	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(outbox_key_load(path, &cause), -1);
	assert_non_null(strstr(cause, "0600"));
	xfree(&cause);
	assert_int_equal(chmod(path, 0600), 0);

	link = xprintf("%s.link", path);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(outbox_key_load(link, &cause), -1);
	xfree(&cause);

	assert_int_equal(truncate(path, 8), 0);
	assert_int_equal(outbox_key_load(path, &cause), -1);
	assert_non_null(strstr(cause, "too short"));
	xfree(&cause);
	fd = open(path, O_RDONLY);
	assert_true(fd != -1);
	close(fd);
	outbox_key_set(ours, sizeof ours);
	unlink(link);
	unlink(path);
	free(link);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_queue_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_count_since, setup,
		    teardown),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test_setup_teardown(test_next_due, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_drop, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_unrecordable, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_flush_reply_cap, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_flush_unreachable, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_flush_refuses_foreign,
		    setup, teardown),
		cmocka_unit_test(test_key_file),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
