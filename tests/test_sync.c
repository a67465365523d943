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

/* test_sync.c -- sync meetings: the sync file reader (errors with file,
 * line and key), the report reader (every keyword, several lines), the
 * rota, replacement by proof, the IRC log reader (both formats) and the
 * minutes' layout. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "compose.h"
#include "config.h"
#include "mime.h"
#include "minutes.h"
#include "parse.h"
#include "proof.h"
#include "store.h"
#include "sync.h"
#include "testlib.h"
#include "util.h"

static const char *good =
    "slug: pypy-sync\n"
    "name: pypy-sync developer meeting\n"
    "list: pypy-dev@example.org\n"
    "weekday: thursday\n"
    "time: \"17:00\"\n"
    "timezone: Europe/Berlin\n"
    "where: \"#pypy-sync on irc.libera.chat\"\n"
    "moderators: [{name: Holger, email: holger@example.org},\n"
    "    {name: Michael, email: mwh@example.org},\n"
    "    {name: Armin, email: arigo@example.org}]\n";

static void
test_file_good(void **state)
{
	struct sync_series	*s = NULL;
	char			*path, *cause = NULL;

	(void)state;
	path = testlib_src_path("tests/data/sync/pypy-sync.yaml");
	if (sync_load_file(path, &s, &cause) != 0)
		fail_msg("%s", cause);
	assert_string_equal(s->slug, "pypy-sync");
	assert_int_equal(s->weekday, 3);
	assert_int_equal(s->hour, 17);
	assert_int_equal(s->minute, 0);
	assert_int_equal(s->every_weeks, 1);
	assert_int_equal(s->invite_hours, 48);
	assert_int_equal(s->reports_hours, 2);
	assert_int_equal(s->nmoderators, 2);
	assert_string_equal(s->moderators[1].email, "mwh@example.org");
	assert_int_equal(s->nstanding_topics, 1);
	sync_free(&s);
	free(path);
	/* The defaults. */
	assert_int_equal(sync_load_string("x.yaml", good, strlen(good), &s,
	    &cause), 0);
	assert_int_equal(s->invite_hours, SYNC_INVITE_HOURS);
	assert_int_equal(s->reports_hours, SYNC_REPORTS_HOURS);
	assert_int_equal(s->nmoderators, 3);
	sync_free(&s);
}

/* Each bad file: good with one line replaced or added, and the error. */
static void
test_file_bad(void **state)
{
	static const struct {
		const char	*from, *to;	/* from NULL: appended */
		const char	*error;
	} cases[] = {
		{ "time: \"17:00\"\n", "time: \"25:00\"\n",
		    "x.yaml:5: time: \"25:00\": expected a local time" },
		{ "time: \"17:00\"\n", "time: \"5pm\"\n",
		    "x.yaml:5: time: \"5pm\": expected a local time" },
		{ "weekday: thursday\n", "weekday: thursdy\n",
		    "x.yaml:4: weekday: \"thursdy\": expected a day" },
		{ "timezone: Europe/Berlin\n", "timezone: Mars/Olympus\n",
		    "x.yaml:6: timezone: \"Mars/Olympus\": unknown time zone" },
		{ "list: pypy-dev@example.org\n", "list: pypy-dev\n",
		    "x.yaml:3: list: \"pypy-dev\": not a mail address" },
		{ "list: pypy-dev@example.org\n", "",
		    "x.yaml:1: list: missing (required key)" },
		{ NULL, "every_weeks: 9\n",
		    "x.yaml:11: every_weeks: \"9\": expected a number" },
		{ NULL, "invite_hours: 0\n",
		    "x.yaml:11: invite_hours: \"0\": expected a number" },
		{ NULL, "invite_hours: 2\nreports_hours: 2\n",
		    "x.yaml:12: reports_hours: the moderator's digest" },
		{ NULL, "standing_topics: [\"a\\nb\"]\n",
		    "x.yaml:11: standing_topics: \"a\nb\": must be one line" },
		{ NULL, "moderators2: []\n",
		    "x.yaml:11: moderators2: unknown" },
		{ "    {name: Armin, email: arigo@example.org}]\n",
		    "    {name: Armin, mail: arigo@example.org}]\n",
		    "x.yaml:10: moderators[2].mail: unknown" },
		{ "moderators: [{name: Holger, email: holger@example.org},\n"
		    "    {name: Michael, email: mwh@example.org},\n"
		    "    {name: Armin, email: arigo@example.org}]\n",
		    "moderators: []\n",
		    "x.yaml:8: moderators: the list is empty" },
	};
	struct sync_series	*s = NULL;
	char			*yaml, *cause, *p;
	size_t			 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		if (cases[i].from == NULL)
			yaml = xprintf("%s%s", good, cases[i].to);
		else {
			p = strstr(good, cases[i].from);
			assert_non_null(p);
			yaml = xprintf("%.*s%s%s", (int)(p - good), good,
			    cases[i].to, p + strlen(cases[i].from));
		}
		cause = NULL;
		if (sync_load_string("x.yaml", yaml, strlen(yaml), &s,
		    &cause) != -1)
			fail_msg("case %zu loaded", i);
		if (strstr(cause, cases[i].error) == NULL)
			fail_msg("case %zu: \"%s\", wanted \"%s\"", i, cause,
			    cases[i].error);
		assert_null(s);
		free(cause);
		free(yaml);
	}
}

static void
test_keywords(void **state)
{
	static const struct {
		const char	*line;
		enum sync_key	 key;
		const char	*rest;
	} cases[] = {
		{ "LAST: the JIT", SYNC_KEY_LAST, "the JIT" },
		{ "PREV: docs", SYNC_KEY_LAST, "docs" },
		{ "DONE:docs", SYNC_KEY_LAST, "docs" },
		{ "  last : lower case", SYNC_KEY_LAST, "lower case" },
		{ "NEXT: more", SYNC_KEY_NEXT, "more" },
		{ "BLOCKERS: none", SYNC_KEY_BLOCKERS, "none" },
		{ "BLOCKER: the bot", SYNC_KEY_BLOCKERS, "the bot" },
		{ "BLOCK: the bot", SYNC_KEY_BLOCKERS, "the bot" },
		{ "* NEXT: a bullet", SYNC_KEY_NEXT, "a bullet" },
		{ "- LAST: a dash", SYNC_KEY_LAST, "a dash" },
		{ "Topic: the GC", SYNC_KEY_TOPIC, "the GC" },
		{ "Moderate: no", SYNC_KEY_MODERATE, "no" },
		{ "Lastly: nothing", SYNC_KEY_NONE, NULL },
		{ "BLOCKERSS: x", SYNC_KEY_NONE, NULL },
		{ "the next: thing", SYNC_KEY_NONE, NULL },
		{ "NEXT steps", SYNC_KEY_NONE, NULL },
	};
	const char	*rest;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		rest = NULL;
		if (sync_keyword(cases[i].line, &rest) != cases[i].key)
			fail_msg("case %zu: \"%s\"", i, cases[i].line);
		if (cases[i].rest != NULL)
			assert_string_equal(rest, cases[i].rest);
	}
}

static void
test_reply(void **state)
{
	struct sync_reply	 r;

	(void)state;
	/* Every section over lines, a topic, and text around them. */
	assert_int_equal(sync_read_reply("Hi all,\n\n"
	    "PREV: worked on the JIT\n"
	    "      and on the GC\n"
	    "NEXT: the sprint\n"
	    "BLOCK: the build bot\n"
	    "   is down\n"
	    "\n"
	    "this line is not part of it\n"
	    "Topic:   the new GC  \n"
	    "Topic: \n"
	    "cheers\n", &r), 1);
	assert_string_equal(r.last, "worked on the JIT\nand on the GC");
	assert_string_equal(r.next, "the sprint");
	assert_string_equal(r.blockers, "the build bot\nis down");
	assert_int_equal(r.ntopics, 1);
	assert_string_equal(r.topics[0], "the new GC");
	assert_int_equal(r.moderate_no, 0);
	sync_reply_clear(&r);
	/* A keyword given twice: its lines join; DONE is LAST. */
	assert_int_equal(sync_read_reply("DONE: a\nLAST: b\nBLOCKER: -\n",
	    &r), 1);
	assert_string_equal(r.last, "a\nb");
	assert_null(r.next);
	assert_string_equal(r.blockers, "-");
	assert_false(sync_has_blockers(r.blockers));
	sync_reply_clear(&r);
	assert_int_equal(sync_read_reply("Moderate: no\n", &r), 1);
	assert_int_equal(r.moderate_no, 1);
	sync_reply_clear(&r);
	assert_int_equal(sync_read_reply("Moderate: yes please\n", &r), 0);
	sync_reply_clear(&r);
	assert_int_equal(sync_read_reply("just a chat about pypy-sync\n",
	    &r), 0);
	sync_reply_clear(&r);
	assert_int_equal(sync_read_reply(NULL, &r), 0);
	sync_reply_clear(&r);
	/* A part over the limit: none of the report, and why; the same for
	 * a NEXT: that runs over several lines, and for BLOCKERS:. */
	{
		static const char *const keys[] = { "LAST", "NEXT",
		    "BLOCKERS" };
		char	*long_text, *mail;
		size_t	 k;

		long_text = xcalloc(1, 4200);
		memset(long_text, 'a', 4100);
		for (k = 0; k < nitems(keys); k++) {
			mail = k == 1 ? xprintf("LAST: fine\nNEXT: %.*s\n"
			    "%.*s\nBLOCKERS: none\n", 2100, long_text, 2100,
			    long_text) : xprintf("LAST: fine\n%s: %s\n"
			    "NEXT: short\n", keys[k], long_text);
			assert_int_equal(sync_read_reply(mail, &r), 1);
			assert_null(r.last);
			assert_null(r.next);
			assert_null(r.blockers);
			assert_non_null(r.problem);
			assert_non_null(strstr(r.problem, keys[k]));
			assert_non_null(strstr(r.problem, "longer than 4000"));
			sync_reply_clear(&r);
			free(mail);
		}
		/* Six topics, or one over 200 characters: said, not cut. */
		assert_int_equal(sync_read_reply("Topic: a\nTopic: b\nTopic: "
		    "c\nTopic: d\nTopic: e\nTopic: f\n", &r), 1);
		assert_int_equal(r.ntopics, 5);
		assert_non_null(r.problem);
		sync_reply_clear(&r);
		mail = xprintf("Topic: %.*s\n", 201, long_text);
		assert_int_equal(sync_read_reply(mail, &r), 1);
		assert_int_equal(r.ntopics, 0);
		assert_non_null(r.problem);
		sync_reply_clear(&r);
		free(mail);
		free(long_text);
	}
	assert_true(sync_has_blockers("the build bot"));
	assert_false(sync_has_blockers(" None "));
	assert_false(sync_has_blockers(NULL));
}

static void
test_rota_next(void **state)
{
	(void)state;
	assert_int_equal(sync_rota_next(-1, 3), 0);
	assert_int_equal(sync_rota_next(0, 3), 1);
	assert_int_equal(sync_rota_next(1, 3), 2);
	assert_int_equal(sync_rota_next(2, 3), 0);
	assert_int_equal(sync_rota_next(0, 1), 0);
}

/* A store with the good series added on Mon 30 Nov 2026. */
static void
series_store(struct store **st, struct sync_series **s, int64_t *id)
{
	char	*cause = NULL;

	testlib_store_sprint(NULL, 0, st, NULL, NULL, NULL);
	setenv("SPRINTD_NOW", "2026-11-30T08:00:00Z", 1);
	assert_int_equal(sync_load_string("x.yaml", good, strlen(good), s,
	    &cause), 0);
	if (sync_put(*st, *s, id, &cause) != 0)
		fail_msg("%s", cause);
}

/* Meetings in turn; a cancelled one takes no turn. */
static void
test_rota_store(void **state)
{
	struct store		*st = NULL;
	struct sync_series	*s = NULL;
	struct sync_meeting	 m;
	char			*cause = NULL, iso[11];
	int64_t			 id;
	day_t			 day;
	time_t			 t;
	static const char *const want[][2] = {
		{ "2026-12-03", "Holger" }, { "2026-12-10", "Michael" },
		{ "2026-12-17", "Armin" }, { "2026-12-24", "Armin" },
		{ "2026-12-31", "Holger" },
	};
	size_t			 i;

	(void)state;
	series_store(&st, &s, &id);
	assert_int_equal(dates_parse_iso("2026-12-24", &day), 0);
	/* The 17th's meeting will not take place: the 24th's is Armin's. */
	assert_int_equal(sync_skip(st, s, id, day - 7, &cause), 0);
	assert_int_equal(sync_skip(st, s, id, day - 6, &cause), UTIL_REFUSED);
	assert_non_null(strstr(cause, "is no meeting day"));
	free(cause);
	cause = NULL;
	t = clock_now();
	for (i = 0; i < nitems(want); i++) {
		assert_int_equal(store_begin(st, &cause), 0);
		if (sync_meeting_after(st, s, id, t, &m, &cause) != 0)
			fail_msg("%s", cause);
		assert_int_equal(store_commit(st, &cause), 0);
		dates_format_iso(m.day, iso);
		assert_string_equal(iso, want[i][0]);
		/* 17:00 in Berlin in winter is 16:00 UTC. */
		assert_int_equal(m.starts % 86400, 16 * 3600);
		assert_int_equal(m.skipped, i == 2);
		assert_string_equal(sync_moderator(s, &m)->name, want[i][1]);
		t = m.starts;
	}
	unsetenv("SPRINTD_NOW");
	sync_free(&s);
	store_close(&st);
}

/* When the next reply was written and received (0: not known). */
static time_t	 written_at;

/* A reply as sync_ingest gets it: the message and its parse result. */
static int
ingest(struct store *st, struct compose *c, struct config *cfg,
    const char *from, const char *mid, const char *irt, const char *body,
    enum proof_how how)
{
	struct mime_msg		*m = NULL;
	struct parse_result	 res;
	struct proof		 pr;
	char			*raw, *cause = NULL;
	int64_t			 msg_id;
	int			 r;

	raw = xprintf("From: %s\r\nTo: pypy-dev@example.org\r\nSubject: Re: "
	    "pypy-sync meeting\r\nMessage-ID: %s\r\n%s%s%sDate: Tue, 1 Dec "
	    "2026 10:00:00 +0000\r\n\r\n%s\r\n", from, mid, irt ?
	    "In-Reply-To: " : "", irt ? irt : "", irt ? "\r\n" : "", body);
	assert_int_equal(mime_parse(raw, strlen(raw), &m, &cause), 0);
	memset(&res, 0, sizeof res);
	res.kind = PARSE_UNRELATED;
	res.from = (char *)from;
	res.name = (char *)"Anna Example";
	res.message_id = (char *)mid;
	res.subject = m->subject;
	memset(&pr, 0, sizeof pr);
	pr.how = how;
	assert_int_equal(store_begin(st, &cause), 0);
	assert_int_equal(sqlite3_exec(store_db(st), "INSERT INTO messages "
	    "(mailbox, uidvalidity, uid, kind, raw, size, received_at) "
	    "VALUES ('INBOX', 1, (SELECT count(*) + 1 FROM messages), "
	    "'unrelated', '', 0, '2026-12-01T10:00:00Z')", NULL, NULL, NULL),
	    SQLITE_OK);
	msg_id = sqlite3_last_insert_rowid(store_db(st));
	r = sync_ingest(st, c, cfg, m, msg_id, written_at, &res, 0, &pr,
	    &cause);
	if (r == -1)
		fail_msg("%s", cause);
	assert_int_equal(store_commit(st, &cause), 0);
	mime_free(&m);
	free(raw);
	return r;
}

/* The first report is taken; a later one replaces it only with proof;
 * one confirmation; the subject alone takes mail with a keyword only. */
static void
test_replace(void **state)
{
	struct store		*st = NULL;
	struct sync_series	*s = NULL;
	struct compose		*c;
	struct config		 cfg;
	char			*t;
	int64_t			 id;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	series_store(&st, &s, &id);
	setenv("SPRINTD_NOW", "2026-12-01T10:00:00Z", 1);
	c = testlib_compose(&cfg);
	assert_int_equal(ingest(st, c, &cfg, "anna@example.org", "<a1@x>",
	    NULL, "a chat that names no keyword", PROOF_NONE), 0);
	assert_int_equal(ingest(st, c, &cfg, "anna@example.org", "<a2@x>",
	    NULL, "LAST: first\nNEXT: n", PROOF_NONE), 1);
	assert_int_equal(ingest(st, c, &cfg, "anna@example.org", "<a3@x>",
	    NULL, "LAST: forged", PROOF_NONE), 1);
	assert_int_equal(ingest(st, c, &cfg, "anna@example.org", "<a4@x>",
	    NULL, "LAST: second\nBLOCKERS: the bot", PROOF_REPLY), 1);
	t = testlib_query_text(st, "SELECT group_concat(last || '=' || state, "
	    "',') FROM (SELECT * FROM sync_reports ORDER BY id)");
	assert_string_equal(t, "first=replaced,forged=replaced,second=current");
	free(t);
	assert_int_equal(testlib_query_int(st, "SELECT count(*) FROM outbox "
	    "WHERE kind = 'sync-confirm' AND recipient = 'anna@example.org'"),
	    1);
	assert_int_equal(testlib_query_int(st, "SELECT count(*) FROM outbox "
	    "WHERE recipient = 'pypy-dev@example.org'"), 0);
	t = testlib_query_text(st, "SELECT note FROM messages WHERE id = 3");
	assert_non_null(strstr(t, "held, not applied"));
	free(t);
	/* The moderator hands over only with proof. */
	assert_int_equal(ingest(st, c, &cfg, "holger@example.org", "<h1@x>",
	    NULL, "Moderate: no", PROOF_NONE), 1);
	assert_int_equal(testlib_query_int(st, "SELECT moderator FROM "
	    "sync_meetings"), 0);
	assert_int_equal(ingest(st, c, &cfg, "holger@example.org", "<h2@x>",
	    NULL, "Moderate: no", PROOF_AUTH), 1);
	assert_int_equal(testlib_query_int(st, "SELECT moderator FROM "
	    "sync_meetings"), 1);
	/* List history from before the series was added: taken, noted,
	 * never recorded or answered. */
	written_at = testlib_query_int(st, "SELECT unixepoch(added_at) FROM "
	    "sync_series") - 86400;
	assert_int_equal(ingest(st, c, &cfg, "bob@example.org", "<old@x>",
	    NULL, "LAST: an old report\nNEXT: more", PROOF_AUTH), 1);
	written_at = 0;
	assert_int_equal(testlib_query_int(st, "SELECT count(*) FROM "
	    "sync_reports WHERE last = 'an old report'"), 0);
	assert_int_equal(testlib_query_int(st, "SELECT count(*) FROM outbox "
	    "WHERE recipient = 'bob@example.org'"), 0);
	t = testlib_query_text(st, "SELECT note FROM messages WHERE "
	    "id = (SELECT max(id) FROM messages)");
	assert_non_null(strstr(t, "old list mail, never answered"));
	free(t);
	compose_free(&c);
	unsetenv("SPRINTD_NOW");
	sync_free(&s);
	store_close(&st);
}

static void
test_log_lines(void **state)
{
	static const struct {
		const char	*line;
		const char	*time, *nick, *text;	/* nick NULL: other */
	} cases[] = {
		{ "[17:00] hpk: hi all", "17:00", "hpk", "hi all" },
		{ "[17:00:05] anna: LAST: x", "17:00:05", "anna", "LAST: x" },
		{ "[17:01] <bob> NEXT: y", "17:01", "bob", "NEXT: y" },
		{ "17:02 <@anna> BLOCKERS: none", "17:02", "anna",
		    "BLOCKERS: none" },
		{ "17:02 < bob> hi", "17:02", "bob", "hi" },
		{ "17:03 <+mwh_> a: b", "17:03", "mwh_", "a: b" },
		{ "17:04 -!- bob has quit", NULL, NULL,
		    "17:04 -!- bob has quit" },
		{ "[17:01] * anna waves", NULL, NULL, "[17:01] * anna waves" },
		{ "--- Log opened Thu Dec 03", NULL, NULL,
		    "--- Log opened Thu Dec 03" },
		{ "17:05 hpk: no brackets, no nick", NULL, NULL,
		    "17:05 hpk: no brackets, no nick" },
		{ "[7:05] hpk: one digit", NULL, NULL,
		    "[7:05] hpk: one digit" },
		{ "17:06 <anna> a\x1b[31m red", "17:06", "anna", "a[31m red" },
	};
	struct minutes_line	 l;
	size_t			 i;
	int			 r;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		r = minutes_parse_line(cases[i].line, strlen(cases[i].line),
		    &l);
		if (r != (cases[i].nick != NULL))
			fail_msg("case %zu: \"%s\": %d", i, cases[i].line, r);
		if (cases[i].nick != NULL) {
			assert_string_equal(l.time, cases[i].time);
			assert_string_equal(l.nick, cases[i].nick);
		} else
			assert_null(l.nick);
		assert_string_equal(l.text, cases[i].text);
		minutes_line_clear(&l);
	}
}

/* Both fixtures, real formats, read whole. */
static void
test_log_files(void **state)
{
	static const struct {
		const char	*file;
		size_t		 lines, messages;
	} cases[] = {
		{ "tests/data/sync/irssi.log", 16, 11 },
		{ "tests/data/sync/bracket.log", 6, 5 },
	};
	struct minutes_log	 log;
	char			*path, *data, *cause = NULL;
	size_t			 len, i, j, msgs;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		path = testlib_src_path(cases[i].file);
		assert_int_equal(util_read_file(path, 1 << 20, &data, &len,
		    &cause), 0);
		assert_int_equal(minutes_log_read(data, len, &log, &cause), 0);
		assert_int_equal(log.n, cases[i].lines);
		for (j = msgs = 0; j < log.n; j++)
			msgs += log.lines[j].nick != NULL;
		assert_int_equal(msgs, cases[i].messages);
		minutes_log_clear(&log);
		free(data);
		free(path);
	}
}

/* The layout, against tests/data/sync/minutes.txt (SPRINTD_GOLDEN_UPDATE=1
 * writes it): values that look like markup are escaped. */
static void
test_minutes_layout(void **state)
{
	static const char *const topics[] = {
		"activity reports + blockers", ".. image:: x.png (Eve)",
		"the new GC (Anna Example)",
	};
	static const struct minutes_report reports[] = {
		{ "Bob Example", "docs", "the release", "the build\nbot" },
		{ "Anna *Example*", "the JIT\n.. include:: /etc/passwd", NULL,
		    "none" },
	};
	struct minutes		 mn;
	struct minutes_log	 log;
	char			*path, *data, *text, *want, *cause = NULL,
				*json, *check, *cmd;
	const char		*update = getenv("SPRINTD_GOLDEN_UPDATE");
	size_t			 len, wlen;
	FILE			*fp;

	(void)state;
	path = testlib_src_path("tests/data/sync/bracket.log");
	assert_int_equal(util_read_file(path, 1 << 20, &data, &len, &cause),
	    0);
	free(path);
	assert_int_equal(minutes_log_read(data, len, &log, &cause), 0);
	memset(&mn, 0, sizeof mn);
	mn.name = "pypy-sync developer meeting";
	mn.date = "Thursday 3 December 2026";
	mn.time = "17:00 CET (16:00 UTC)";
	mn.where = "#pypy-sync on irc.libera.chat";
	mn.moderator = "Holger";
	mn.topics = topics;
	mn.ntopics = nitems(topics);
	mn.reports = reports;
	mn.nreports = nitems(reports);
	mn.log = &log;
	text = minutes_render(&mn, &len);
	assert_non_null(text);
	assert_int_equal(strlen(text), len);
	path = testlib_src_path("tests/data/sync/minutes.txt");
	if (update != NULL && strcmp(update, "1") == 0) {
		assert_non_null(fp = fopen(path, "w"));
		fputs(text, fp);
		assert_int_equal(fclose(fp), 0);
	}
	assert_int_equal(util_read_file(path, 1 << 20, &want, &wlen, &cause),
	    0);
	assert_string_equal(text, want);
	/* docutils renders the values as written, none as markup. */
	json = testlib_tmp("minutes", ".json");
	assert_non_null(fp = fopen(json, "w"));
	fprintf(fp, "{\"marker\": \"root:x:0:0\", \"files\": [{\"path\": "
	    "\"%s\", \"texts\": [\"the JIT .. include:: /etc/passwd\", "
	    "\".. image:: x.png (Eve)\", \"Anna *Example*\", "
	    "\"bob: BLOCKER: the build bot\", \"hpk, anna, bob, carl\"]}]}\n",
	    path);
	assert_int_equal(fclose(fp), 0);
	check = testlib_src_path("tests/rst_check.py");
	cmd = xprintf("/usr/bin/python3 '%s' '%s'", check, json);
	if (system(cmd) != 0)
		fail_msg("%s failed", cmd);
	free(cmd);
	free(check);
	free(json);
	/* Without a log: the reporters stand in for the attendees. */
	mn.log = NULL;
	free(text);
	text = minutes_render(&mn, &len);
	assert_non_null(strstr(text, ":Attendees: Bob Example, "
	    "Anna \\*Example\\* (who sent a report; to fill in)\n"));
	assert_null(strstr(text, "IRC log"));
	free(text);
	free(want);
	free(path);
	free(data);
	minutes_log_clear(&log);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_good),
		cmocka_unit_test(test_file_bad),
		cmocka_unit_test(test_keywords),
		cmocka_unit_test(test_reply),
		cmocka_unit_test(test_rota_next),
		cmocka_unit_test(test_rota_store),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_log_lines),
		cmocka_unit_test(test_log_files),
		cmocka_unit_test(test_minutes_layout),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
