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

/* test_status.c -- recording server_status rows, reading them back with
 * the outbox, jobs and sprints, and deciding healthy against needs
 * attention (table-driven over rows, with SPRINTD_NOW); text, JSON and
 * the systemd STATUS= line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "listmail.h"
#include "status.h"
#include "store.h"
#include "util.h"
#include "testlib.h"


static int
setup(void **state)
{
	struct store	*st = NULL;
	char		*db = testlib_tmp("db", ".sqlite");
	char		*cause = NULL;

	setenv("SPRINTD_NOW", "2027-01-15T10:00:00Z", 1);
	if (store_open(db, &st, &cause) != 0)
		fail_msg("%s", cause);
	free(db);
	*state = st;
	return 0;
}

static int
teardown(void **state)
{
	struct store	*st = *state;

	store_close(&st);
	unsetenv("SPRINTD_NOW");
	return 0;
}

static void
at(const char *now)
{
	setenv("SPRINTD_NOW", now, 1);
}

static void
exec(struct store *st, const char *sql)
{
	char	*cause = NULL;

	if (store_exec(st, sql, &cause) != 0)
		fail_msg("%s: %s", sql, cause);
}

static struct status *
read_status(struct store *st, int poll)
{
	struct status	*s = NULL;
	char		*cause = NULL;

	if (status_read(st, poll, &s, &cause) != 0)
		fail_msg("status_read: %s", cause);
	return s;
}

/* 1 when some issue's text holds needle. */
static int
has_issue(const struct status *s, const char *needle)
{
	size_t	 i;

	for (i = 0; i < s->nissues; i++)
		if (strstr(s->issues[i].what, needle) != NULL)
			return 1;
	return 0;
}

static void
test_sync_limit(void **state)
{
	(void)state;
	assert_int_equal(status_sync_limit(5), 3600);
	assert_int_equal(status_sync_limit(60), 3600);
	assert_int_equal(status_sync_limit(1200), 3600);
	assert_int_equal(status_sync_limit(1201), 3603);
	assert_int_equal(status_sync_limit(3600), 10800);
	assert_int_equal(status_sync_limit(0), 3600);
}

static time_t
t(const char *s)
{
	time_t	 v;

	assert_int_equal(clock_parse_utc(s, &v), 0);
	return v;
}

/* status_decide over rows, no database: when is it healthy? */
static void
test_decide_table(void **state)
{
	static const struct {
		const char	*name;
		const char	*imap_ok, *imap_err, *smtp_ok, *smtp_err;
		int		 imap_perm, smtp_perm, failed, poll;
		const char	*now;
		size_t		 nissues;
		const char	*needle;	/* in some issue, or NULL */
	} cases[] = {
		{ "all well", "2027-01-15T09:58:00Z", NULL,
		    "2027-01-15T09:00:00Z", NULL, 0, 0, 0, 60,
		    "2027-01-15T10:00:00Z", 0, NULL },
		{ "never synced", NULL, NULL, NULL, NULL, 0, 0, 0, 60,
		    "2027-01-15T10:00:00Z", 1, "no successful mailbox sync yet" },
		{ "old error, later success", "2027-01-15T09:58:00Z",
		    "2027-01-15T09:00:00Z", NULL, NULL, 0, 0, 0, 60,
		    "2027-01-15T10:00:00Z", 0, NULL },
		{ "error after the success", "2027-01-15T09:58:00Z",
		    "2027-01-15T09:59:00Z", NULL, NULL, 0, 0, 0, 60,
		    "2027-01-15T10:00:00Z", 1, "imap: boom" },
		{ "same second counts as error", "2027-01-15T09:59:00Z",
		    "2027-01-15T09:59:00Z", NULL, NULL, 0, 0, 0, 60,
		    "2027-01-15T10:00:00Z", 1, "imap: boom" },
		{ "smtp error, never sent", "2027-01-15T09:58:00Z", NULL,
		    NULL, "2027-01-15T09:59:00Z", 0, 0, 0, 60,
		    "2027-01-15T10:00:00Z", 1, "smtp: boom" },
		{ "permanent stays after a success time", "2027-01-15T09:59:00Z",
		    "2027-01-15T09:00:00Z", NULL, NULL, 1, 0, 0, 60,
		    "2027-01-15T10:00:00Z", 1, "imap: login refused" },
		{ "smtp login refused", "2027-01-15T09:59:00Z", NULL,
		    NULL, "2027-01-15T09:59:00Z", 0, 1, 0, 60,
		    "2027-01-15T10:00:00Z", 1, "smtp: login refused" },
		{ "a failed mail", "2027-01-15T09:59:00Z", NULL, NULL, NULL,
		    0, 0, 1, 60, "2027-01-15T10:00:00Z", 1,
		    "1 mail failed for good" },
		{ "sync just within the hour", "2027-01-15T09:00:00Z", NULL,
		    NULL, NULL, 0, 0, 0, 60, "2027-01-15T10:00:00Z", 0, NULL },
		{ "sync over the hour", "2027-01-15T08:59:00Z", NULL, NULL,
		    NULL, 0, 0, 0, 60, "2027-01-15T10:00:00Z", 1,
		    "no successful mailbox sync for 1 h 1 min" },
		{ "3 long polls allow more", "2027-01-15T08:59:00Z", NULL,
		    NULL, NULL, 0, 0, 0, 1800, "2027-01-15T10:00:00Z", 0,
		    NULL },
		{ "3 long polls passed", "2027-01-15T08:29:00Z", NULL, NULL,
		    NULL, 0, 0, 0, 1800, "2027-01-15T10:00:00Z", 1,
		    "(more than 1 h 30 min)" },
		{ "everything at once", "2027-01-14T08:00:00Z",
		    "2027-01-15T09:00:00Z", NULL, "2027-01-15T09:30:00Z", 1, 0,
		    3, 60, "2027-01-15T10:00:00Z", 4, "3 mails failed" },
	};
	struct status	 s;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		memset(&s, 0, sizeof s);
		s.imap.name = STATUS_IMAP;
		s.smtp.name = STATUS_SMTP;
		s.now = t(cases[i].now);
		s.sync_limit = status_sync_limit(cases[i].poll);
		if (cases[i].imap_ok)
			s.imap.last_ok = t(cases[i].imap_ok);
		if (cases[i].imap_err) {
			s.imap.last_error_at = t(cases[i].imap_err);
			s.imap.last_error = "boom";
		}
		if (cases[i].smtp_ok)
			s.smtp.last_ok = t(cases[i].smtp_ok);
		if (cases[i].smtp_err) {
			s.smtp.last_error_at = t(cases[i].smtp_err);
			s.smtp.last_error = "boom";
		}
		s.imap.permanent = cases[i].imap_perm;
		s.smtp.permanent = cases[i].smtp_perm;
		s.failed = cases[i].failed;
		status_decide(&s);
		if (s.nissues != cases[i].nissues)
			fail_msg("%s: %zu issues, wanted %zu (first: %s)",
			    cases[i].name, s.nissues, cases[i].nissues,
			    s.nissues > 0 ? s.issues[0].what : "-");
		assert_int_equal(status_healthy(&s), cases[i].nissues == 0);
		if (cases[i].needle != NULL && !has_issue(&s, cases[i].needle))
			fail_msg("%s: no issue says \"%s\" (first: %s)",
			    cases[i].name, cases[i].needle, s.issues[0].what);
		/* Every issue says what to do, too. */
		for (size_t k = 0; k < s.nissues; k++)
			assert_true(strlen(s.issues[k].advice) > 10);
		/* Not from the database: only the issues are ours to free. */
		s.imap.last_error = s.smtp.last_error = NULL;
		{
			struct status	*p = xcalloc(1, sizeof *p);

			p->issues = s.issues;
			p->nissues = s.nissues;
			status_free(&p);
			assert_null(p);
		}
	}
}

static void
test_record_and_read(void **state)
{
	struct store	*st = *state;
	struct status	*s;
	char		*cause = NULL;

	/* A fresh database: never synced. */
	s = read_status(st, 60);
	assert_false(status_healthy(s));
	assert_true(has_issue(s, "no successful mailbox sync yet"));
	assert_int_equal(s->imap.last_ok, 0);
	status_free(&s);

	at("2027-01-15T10:00:00Z");
	assert_int_equal(status_record_ok(st, STATUS_IMAP, &cause), 0);
	at("2027-01-15T10:05:00Z");
	s = read_status(st, 60);
	assert_true(status_healthy(s));
	assert_int_equal(s->imap.last_ok, t("2027-01-15T10:00:00Z"));
	assert_null(s->smtp.last_error);
	status_free(&s);

	/* SMTP fails: needs attention, names smtp, until a success. */
	assert_int_equal(status_record_error(st, STATUS_SMTP, "SMTP: "
	    "Couldn't connect to server", 0, &cause), 0);
	at("2027-01-15T10:06:00Z");
	s = read_status(st, 60);
	assert_false(status_healthy(s));
	assert_true(has_issue(s, "smtp: SMTP: Couldn't connect to server "
	    "(at 10:05 UTC)"));
	assert_false(s->smtp.permanent);
	status_free(&s);
	assert_int_equal(status_record_ok(st, STATUS_SMTP, &cause), 0);
	s = read_status(st, 60);
	assert_true(status_healthy(s));
	/* The last error stays to be seen, with its time. */
	assert_string_equal(s->smtp.last_error,
	    "SMTP: Couldn't connect to server");
	assert_int_equal(s->smtp.last_error_at, t("2027-01-15T10:05:00Z"));
	status_free(&s);

	/* A refused login is marked at once and stays through other errors
	 * until a success. */
	at("2027-01-15T10:07:00Z");
	assert_int_equal(status_record_error(st, STATUS_IMAP, "IMAP "
	    "127.0.0.1:143: LOGIN: login refused", 1, &cause), 0);
	s = read_status(st, 60);
	assert_true(s->imap.permanent);
	assert_true(has_issue(s, "imap: login refused (at 10:07 UTC)"));
	status_free(&s);
	at("2027-01-15T10:08:00Z");
	assert_int_equal(status_record_error(st, STATUS_IMAP, "IMAP "
	    "127.0.0.1:143: connect: connection refused", 0, &cause), 0);
	s = read_status(st, 60);
	assert_true(s->imap.permanent);
	assert_true(has_issue(s, "imap: login refused"));
	status_free(&s);
	at("2027-01-15T10:09:00Z");
	assert_int_equal(status_record_ok(st, STATUS_IMAP, &cause), 0);
	s = read_status(st, 60);
	assert_false(s->imap.permanent);
	assert_true(status_healthy(s));
	status_free(&s);

	/* Control characters never reach the row. */
	assert_int_equal(status_record_error(st, STATUS_IMAP, "a\r\nb", 0,
	    &cause), 0);
	assert_string_equal(testlib_query_text(st, "SELECT last_error FROM "
	    "server_status WHERE server = 'imap'"), "ab");
}

/* A store that cannot write: recording fails with a cause, and nothing
 * else happens. */
static void
test_record_fails_cleanly(void **state)
{
	struct store	*st = *state;
	char		*cause = NULL;

	exec(st, "CREATE TRIGGER no_status BEFORE INSERT ON server_status "
	    "BEGIN SELECT RAISE(ABORT, 'disk full, say'); END");
	assert_int_equal(status_record_ok(st, STATUS_IMAP, &cause), -1);
	assert_non_null(strstr(cause, "disk full, say"));
	free(cause);
	cause = NULL;
	assert_int_equal(status_record_error(st, STATUS_SMTP, "x", 1, &cause),
	    -1);
	assert_non_null(cause);
	free(cause);
}

static void
fill(struct store *st)
{
	/* Two sprints: one open (in Zurich), one over. */
	exec(st, "INSERT INTO sprints (id, slug, name, start_date, end_date, "
	    "timezone, capacity, source, created_at, updated_at) VALUES "
	    "(1, 'leysin-2027', 'Leysin Winter Sprint', '2027-01-30', "
	    "'2027-02-06', 'Europe/Zurich', 20, '', '', ''), "
	    "(2, 'old-2026', 'Old Sprint', '2026-06-01', '2026-06-07', "
	    "'Europe/Berlin', 10, '', '', '')");
	exec(st, "INSERT INTO people (id, email, created_at) VALUES "
	    "(1, 'a@example.org', ''), (2, 'b@example.org', ''), "
	    "(3, 'c@example.org', '')");
	exec(st, "INSERT INTO registrations (sprint_id, person_id, status, "
	    "name, created_at, updated_at) VALUES "
	    "(1, 1, 'registered', 'A', '', ''), "
	    "(1, 2, 'registered', 'B', '', ''), "
	    "(1, 3, 'waiting', 'C', '', '')");
	exec(st, "INSERT INTO jobs (sprint_id, kind, due_at, done_at, skipped, "
	    "attempts, last_error) VALUES "
	    "(1, 'announce', '2027-01-14T12:00:00Z', '2027-01-14T12:00:05Z', "
	    "0, 0, NULL), "
	    "(1, 'remind', '2027-01-23T08:00:00Z', NULL, 0, 0, NULL), "
	    "(1, 'evaluate', '2027-02-07T08:00:00Z', NULL, 0, 1, 'no SMTP'), "
	    "(2, 'evaluate-remind', '2026-06-15T07:00:00Z', NULL, 1, 0, "
	    "'after the end'), "
	    "(2, 'remind', '2026-05-25T07:00:00Z', '2026-05-25T07:00:01Z', "
	    "0, 0, NULL)");
	exec(st, "INSERT INTO outbox (id, message_id, kind, recipient, "
	    "status, attempts, next_attempt, last_error, created_at) VALUES "
	    "(1, '<1@x>', 'confirm', 'a@example.org', 'sent', 1, "
	    "'2027-01-15T09:00:00Z', NULL, ''), "
	    "(2, '<2@x>', 'confirm', 'b@example.org', 'failed', 1, "
	    "'2027-01-15T09:00:00Z', '550 no such user', ''), "
	    "(3, '<3@x>', 'confirm', 'c@example.org', 'queued', 0, "
	    "'2027-01-15T09:00:00Z', NULL, ''), "
	    "(4, '<4@x>', 'confirm', 'd@example.org', 'queued', 2, "
	    "'2027-01-15T10:30:00Z', '451 later', ''), "
	    "(5, '<5@x>', 'remind', 'e@example.org', 'queued', 1, "
	    "'2027-01-15T10:20:00Z', '451 later', ''), "
	    "(6, '<6@x>', 'cancel', 'f@example.org', 'failed', 12, "
	    "'2027-01-15T09:00:00Z', 'gave up', '')");
}

static void
test_read_outbox_jobs_sprints(void **state)
{
	struct store	*st = *state;
	struct status	*s;
	char		*cause = NULL;

	fill(st);
	assert_int_equal(status_record_ok(st, STATUS_IMAP, &cause), 0);
	s = read_status(st, 60);
	assert_int_equal(s->queued, 1);
	assert_int_equal(s->retrying, 2);
	assert_int_equal(s->next_retry, t("2027-01-15T10:20:00Z"));
	assert_int_equal(s->failed, 2);
	assert_int_equal(s->nfailed_mails, 2);
	assert_int_equal(s->failed_mails[0].id, 6);	/* newest first */
	assert_int_equal(s->failed_mails[1].id, 2);
	assert_string_equal(s->failed_mails[1].last_error, "550 no such user");
	assert_false(status_healthy(s));
	assert_int_equal(s->nissues, 1);
	assert_true(has_issue(s, "2 mails failed for good (ids 6, 2)"));

	/* Jobs: the one done yesterday, the pending ones, the retrying one;
	 * not what was done or skipped long ago. Local times in Zurich. */
	assert_int_equal(s->njobs, 3);
	assert_string_equal(s->jobs[0].kind, "announce");
	assert_string_equal(s->jobs[0].state, "done");
	assert_string_equal(s->jobs[0].due_local, "2027-01-14 13:00 CET");
	assert_string_equal(s->jobs[1].kind, "remind");
	assert_string_equal(s->jobs[1].state, "pending");
	assert_string_equal(s->jobs[1].sprint, "leysin-2027");
	assert_string_equal(s->jobs[2].kind, "evaluate");
	assert_string_equal(s->jobs[2].state, "retrying");
	assert_string_equal(s->jobs[2].last_error, "no SMTP");
	status_free(&s);

	/* The skipped one shows while it is recent. */
	at("2026-06-15T12:00:00Z");
	s = read_status(st, 60);
	assert_string_equal(s->jobs[0].kind, "evaluate-remind");
	assert_string_equal(s->jobs[0].state, "skipped");
	assert_string_equal(s->jobs[0].due_local, "2026-06-15 09:00 CEST");
	status_free(&s);
	at("2027-01-15T10:00:00Z");

	/* Open sprints only, with their counts. */
	s = read_status(st, 60);
	assert_int_equal(s->nsprints, 1);
	assert_string_equal(s->sprints[0].slug, "leysin-2027");
	assert_int_equal(s->sprints[0].registered, 2);
	assert_int_equal(s->sprints[0].waiting, 1);
	assert_int_equal(s->sprints[0].capacity, 20);
	status_free(&s);
	/* The last day counts as open in the sprint's own zone: 23:30 UTC
	 * on the 6th is already the 7th in Zurich. */
	at("2027-02-06T22:30:00Z");
	s = read_status(st, 60);
	assert_int_equal(s->nsprints, 1);
	status_free(&s);
	at("2027-02-06T23:30:00Z");
	s = read_status(st, 60);
	assert_int_equal(s->nsprints, 0);
	status_free(&s);
}

static char	*printed(const struct status *, int);

/* A plain-text digest of the list read lately is a setup error, with
 * the fix; a MIME digest, or one over STATUS_DIGEST_DAYS old, is not. */
static void
test_text_digest(void **state)
{
	struct store	*st = *state;
	struct status	*s;
	char		*cause = NULL, *text;

	assert_int_equal(status_record_ok(st, STATUS_IMAP, &cause), 0);
	exec(st, "INSERT INTO messages (mailbox, uidvalidity, uid, kind, "
	    "result, raw, size, received_at) VALUES "
	    "('INBOX', 1, 1, 'auto', '{\"auto_reason\": \"MIME digest of the "
	    "list\"}', '', 0, '2027-01-15T09:00:00Z'), "
	    "('INBOX', 1, 2, 'registration', '{\"notes\": \"plain-text "
	    "digest of the list\"}', '', 0, '2027-01-15T09:00:00Z'), "
	    "('INBOX', 1, 3, 'invalid', NULL, '', 0, '2027-01-15T09:00:00Z')");
	s = read_status(st, 60);
	assert_true(status_healthy(s));
	assert_int_equal(s->text_digests, 0);
	status_free(&s);

	exec(st, "INSERT INTO messages (mailbox, uidvalidity, uid, kind, "
	    "result, raw, size, received_at) VALUES ('INBOX', 1, 4, 'auto', "
	    "'{\"auto_reason\": \"" LISTMAIL_TEXT_DIGEST_REASON " (RFC "
	    "1153)\"}', '', 0, '2027-01-14T09:00:00Z')");
	s = read_status(st, 60);
	assert_false(status_healthy(s));
	assert_int_equal(s->text_digests, 1);
	assert_int_equal(s->text_digest_id, 4);
	assert_true(has_issue(s, "setup: 1 plain-text digest of the list in "
	    "7 days (newest: message 4)"));
	text = printed(s, 0);
	assert_non_null(strstr(text, "regular delivery (or MIME digests)"));
	free(text);
	text = printed(s, 1);
	assert_non_null(strstr(text, "plain-text digest"));
	free(text);
	status_free(&s);

	/* A week on, with the mailbox synced, it has cleared. */
	at("2027-01-21T10:00:00Z");
	assert_int_equal(status_record_ok(st, STATUS_IMAP, &cause), 0);
	s = read_status(st, 60);
	assert_int_equal(s->text_digests, 0);
	assert_true(status_healthy(s));
	status_free(&s);
	at("2027-01-15T10:00:00Z");
}

/* Runs print into a string. */
static char *
printed(const struct status *s, int json)
{
	char	*buf = NULL, *cause = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	assert_non_null(f);
	if ((json ? status_print_json(s, f, &cause) :
	    status_print_text(s, f, &cause)) != 0)
		fail_msg("print: %s", cause);
	fclose(f);
	return buf;
}

static void
test_text_and_json(void **state)
{
	struct store	*st = *state;
	struct status	*s;
	json_t		*root, *v;
	json_error_t	 jerr;
	char		*cause = NULL, *text, *line;

	fill(st);
	at("2027-01-15T09:59:00Z");
	assert_int_equal(status_record_ok(st, STATUS_IMAP, &cause), 0);
	/* A server's words need not be UTF-8: the JSON stays valid. */
	assert_int_equal(status_record_error(st, STATUS_SMTP, "SMTP server "
	    "said: 535 5.7.8 \"bad\" \xff\xfe", 1, &cause), 0);
	at("2027-01-15T10:00:00Z");
	s = read_status(st, 60);

	text = printed(s, 0);
	assert_non_null(strstr(text, "2 things need attention"));
	assert_non_null(strstr(text, "! smtp: login refused (at 09:59 UTC)"));
	assert_non_null(strstr(text, "check smtp.user and smtp.password_file"));
	assert_non_null(strstr(text, "! 2 mails failed for good (ids 6, 2)"));
	assert_non_null(strstr(text, "imap  last sync    2027-01-15 09:59 UTC "
	    "(1 min ago)"));
	assert_non_null(strstr(text, "1 queued, 2 retrying (next attempt "
	    "2027-01-15 10:20 UTC), 2 failed"));
	assert_non_null(strstr(text, "2027-01-23 09:00 CET     remind           pending   leysin-2027"));
	assert_non_null(strstr(text, "leysin-2027"));
	free(text);

	text = printed(s, 1);
	root = json_loads(text, 0, &jerr);
	if (root == NULL)
		fail_msg("not JSON (%s): %s", jerr.text, text);
	assert_true(json_is_false(json_object_get(root, "healthy")));
	assert_int_equal(json_array_size(json_object_get(root, "attention")),
	    2);
	v = json_object_get(json_object_get(root, "servers"), "smtp");
	assert_true(json_is_true(json_object_get(v, "permanent")));
	assert_true(json_is_true(json_object_get(v, "failing")));
	assert_string_equal(json_string_value(json_object_get(v,
	    "last_error_at")), "2027-01-15T09:59:00Z");
	assert_non_null(strstr(json_string_value(json_object_get(v,
	    "last_error")), "\"bad\" ??"));
	v = json_object_get(json_object_get(root, "servers"), "imap");
	assert_string_equal(json_string_value(json_object_get(v, "last_ok")),
	    "2027-01-15T09:59:00Z");
	assert_true(json_is_null(json_object_get(v, "last_error")));
	v = json_object_get(root, "outbox");
	assert_int_equal(json_integer_value(json_object_get(v, "failed")), 2);
	assert_int_equal(json_integer_value(json_object_get(v, "retrying")),
	    2);
	assert_string_equal(json_string_value(json_object_get(v,
	    "next_attempt")), "2027-01-15T10:20:00Z");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(v, "failed_mails"), 0), "id")), 6);
	v = json_array_get(json_object_get(root, "jobs"), 1);
	assert_string_equal(json_string_value(json_object_get(v, "due_local")),
	    "2027-01-23 09:00 CET");
	assert_string_equal(json_string_value(json_object_get(v, "due_at")),
	    "2027-01-23T08:00:00Z");
	v = json_array_get(json_object_get(root, "sprints"), 0);
	assert_int_equal(json_integer_value(json_object_get(v, "waiting")), 1);
	json_decref(root);
	free(text);

	line = status_line(s, NULL);
	assert_string_equal(line, "error: 2 mails failed for good (ids 6, 2) "
	    "(and more: see sprintctl status)");
	free(line);
	line = status_line(s, "the database could not record what was done");
	assert_string_equal(line, "error: the database could not record what "
	    "was done (and more: see sprintctl status)");
	free(line);
	status_free(&s);
}

static void
test_line_ok(void **state)
{
	struct store	*st = *state;
	struct status	*s;
	char		*cause = NULL, *line, *text;

	at("2027-01-15T10:02:00Z");
	assert_int_equal(status_record_ok(st, STATUS_IMAP, &cause), 0);
	exec(st, "INSERT INTO outbox (message_id, kind, recipient, "
	    "next_attempt, created_at) VALUES ('<q@x>', 'confirm', "
	    "'a@example.org', '2027-01-15T10:02:00Z', ''), "
	    "('<r@x>', 'confirm', 'b@example.org', "
	    "'2027-01-15T10:02:00Z', '')");
	at("2027-01-15T10:03:00Z");
	s = read_status(st, 60);
	assert_true(status_healthy(s));
	line = status_line(s, NULL);
	assert_string_equal(line, "ok: mailbox synced 10:02 UTC, 2 queued");
	free(line);
	text = printed(s, 0);
	assert_non_null(strstr(text, "all well"));
	assert_non_null(strstr(text, "smtp  last sent    never"));
	assert_non_null(strstr(text, "Open sprints\n  none"));
	free(text);
	status_free(&s);

	/* A long error is cut for systemd, on a character boundary. */
	{
		char	 longerr[600];

		memset(longerr, 'x', sizeof longerr - 1);
		longerr[sizeof longerr - 1] = '\0';
		memcpy(longerr + 281, "\xc3\xa9\xc3\xa9\xc3\xa9", 6);
		assert_int_equal(status_record_error(st, STATUS_IMAP, longerr,
		    0, &cause), 0);
		s = read_status(st, 60);
		line = status_line(s, NULL);
		assert_true(strlen(line) <= 300);
		assert_non_null(json_string(line));	/* still UTF-8 */
		assert_string_equal(line + strlen(line) - 3, "...");
		free(line);
		status_free(&s);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sync_limit),
		cmocka_unit_test(test_decide_table),
		cmocka_unit_test_setup_teardown(test_record_and_read, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_record_fails_cleanly,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_outbox_jobs_sprints,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_digest, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_text_and_json, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_line_ok, setup, teardown),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
