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

/* status.c -- the daemon's health: recording it, reading it back. */
#include "config-auto.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "listmail.h"
#include "status.h"
#include "util.h"

/* Error texts are stored and shown up to this many bytes. */
#define STATUS_ERROR_MAX	512
/* The systemd STATUS= line, at most. */
#define STATUS_LINE_MAX		300

int
status_record_ok(struct store *st, const char *server, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_prepare(st, "INSERT INTO server_status (server, last_ok, "
	    "permanent) VALUES (?1, ?2, 0) ON CONFLICT (server) DO UPDATE "
	    "SET last_ok = ?2, permanent = 0", &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, server);
	store_bind_text(stmt, 2, now);
	return store_done(st, stmt, "recording a server's success", cause);
}

int
status_record_error(struct store *st, const char *server, const char *error,
    int permanent, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21], *text;
	int		 r;

	clock_format_utc(clock_now(), now);
	text = xstrndup(error != NULL ? error : "unknown error",
	    STATUS_ERROR_MAX);
	util_strip_controls(text);
	/* A refused login stays marked through later, other errors: only a
	 * success shows the login works again. */
	if (store_prepare(st, "INSERT INTO server_status (server, last_error, "
	    "last_error_at, permanent) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT (server) DO UPDATE SET last_error = ?2, "
	    "last_error_at = ?3, permanent = max(permanent, ?4)", &stmt,
	    cause) == -1) {
		free(text);
		return -1;
	}
	store_bind_text(stmt, 1, server);
	store_bind_text(stmt, 2, text);
	store_bind_text(stmt, 3, now);
	sqlite3_bind_int(stmt, 4, permanent != 0);
	r = store_done(st, stmt, "recording a server's error", cause);
	free(text);
	return r;
}

int
status_sync_limit(int poll_interval)
{
	if (poll_interval > 0 && poll_interval <= (1 << 28) &&
	    poll_interval * STATUS_SYNC_POLLS > STATUS_SYNC_MIN)
		return poll_interval * STATUS_SYNC_POLLS;
	return STATUS_SYNC_MIN;
}

/* A stored UTC time, or 0 for NULL or a malformed one. */
static time_t
status_column_time(sqlite3_stmt *stmt, int col)
{
	const char	*s = (const char *)sqlite3_column_text(stmt, col);
	time_t		 t;

	if (s == NULL || clock_parse_utc(s, &t) == -1)
		return 0;
	return t;
}

/* "YYYY-MM-DD HH:MM UTC"; "never" for 0. */
static void
status_format_utc(time_t t, char out[32])
{
	struct tm	 tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL) {
		snprintf(out, 32, "never");
		return;
	}
	strftime(out, 32, "%Y-%m-%d %H:%M UTC", &tm);
}

/* "HH:MM UTC" on the day of now, else the date too. */
static void
status_format_short(time_t t, time_t now, char out[32])
{
	struct tm	 tm, tn;

	if (t == 0 || gmtime_r(&t, &tm) == NULL ||
	    gmtime_r(&now, &tn) == NULL) {
		snprintf(out, 32, "never");
		return;
	}
	if (tm.tm_year == tn.tm_year && tm.tm_yday == tn.tm_yday)
		strftime(out, 32, "%H:%M UTC", &tm);
	else
		strftime(out, 32, "%Y-%m-%d %H:%M UTC", &tm);
}

/* A duration in words: "42 s", "5 min", "2 h 5 min", "3 days". */
static void
status_format_age(time_t secs, char out[32])
{
	if (secs < 0)
		secs = 0;
	if (secs < 60)
		snprintf(out, 32, "%lld s", (long long)secs);
	else if (secs < 3600)
		snprintf(out, 32, "%lld min", (long long)(secs / 60));
	else if (secs < 2 * 86400 && secs % 3600 < 60)
		snprintf(out, 32, "%lld h", (long long)(secs / 3600));
	else if (secs < 2 * 86400)
		snprintf(out, 32, "%lld h %lld min", (long long)(secs / 3600),
		    (long long)(secs % 3600 / 60));
	else
		snprintf(out, 32, "%lld days", (long long)(secs / 86400));
}

static void
status_server_clear(struct status_server *s)
{
	xfree(&s->last_error);
}

static void
status_issues_clear(struct status *s)
{
	size_t	 i;

	for (i = 0; i < s->nissues; i++) {
		free(s->issues[i].what);
		free(s->issues[i].advice);
	}
	xfree(&s->issues);
	s->nissues = 0;
}

void
status_free(struct status **sp)
{
	struct status	*s = *sp;
	size_t		 i;

	if (s == NULL)
		return;
	status_server_clear(&s->imap);
	status_server_clear(&s->smtp);
	for (i = 0; i < s->nfailed_mails; i++) {
		free(s->failed_mails[i].kind);
		free(s->failed_mails[i].recipient);
		free(s->failed_mails[i].last_error);
	}
	free(s->failed_mails);
	for (i = 0; i < s->njobs; i++) {
		free(s->jobs[i].kind);
		free(s->jobs[i].sprint);
		free(s->jobs[i].timezone);
		free(s->jobs[i].last_error);
	}
	free(s->jobs);
	for (i = 0; i < s->nsprints; i++) {
		free(s->sprints[i].slug);
		free(s->sprints[i].name);
	}
	free(s->sprints);
	status_issues_clear(s);
	xfree(sp);
}

static int
status_read_servers(struct store *st, struct status *s, char **cause)
{
	sqlite3_stmt		*stmt;
	struct status_server	*srv;
	const char		*name;
	int			 rc;

	if (store_prepare(st, "SELECT server, last_ok, last_error, "
	    "last_error_at, permanent FROM server_status", &stmt,
	    cause) == -1)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(stmt, 0);
		if (name != NULL && strcmp(name, STATUS_IMAP) == 0)
			srv = &s->imap;
		else if (name != NULL && strcmp(name, STATUS_SMTP) == 0)
			srv = &s->smtp;
		else
			continue;
		srv->last_ok = status_column_time(stmt, 1);
		free(srv->last_error);
		srv->last_error = store_column_dup(stmt, 2);
		srv->last_error_at = status_column_time(stmt, 3);
		srv->permanent = sqlite3_column_int(stmt, 4) != 0;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the server status");
		return -1;
	}
	return 0;
}

static int
status_read_outbox(struct store *st, struct status *s, char **cause)
{
	sqlite3_stmt		*stmt;
	struct status_mail	*m;
	int			 rc;

	if (store_prepare(st, "SELECT "
	    "coalesce(sum(status = 'queued' AND attempts = 0), 0), "
	    "coalesce(sum(status = 'queued' AND attempts > 0), 0), "
	    "min(CASE WHEN status = 'queued' AND attempts > 0 "
	    "THEN next_attempt END), "
	    "coalesce(sum(status = 'failed' AND NOT refused), 0), "
	    "coalesce(sum(refused), 0) FROM outbox", &stmt,
	    cause) == -1)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		*cause = store_error(st, "counting the outbox");
		sqlite3_finalize(stmt);
		return -1;
	}
	s->queued = sqlite3_column_int(stmt, 0);
	s->retrying = sqlite3_column_int(stmt, 1);
	s->next_retry = status_column_time(stmt, 2);
	s->failed = sqlite3_column_int(stmt, 3);
	s->refused = sqlite3_column_int(stmt, 4);
	sqlite3_finalize(stmt);

	if (store_prepare(st, "SELECT (SELECT count(*) FROM "
	    "first_contact_waiting), (SELECT count(*) FROM held_requests "
	    "WHERE state = 'held'), (SELECT count(*) FROM mail_requests "
	    "WHERE done_at IS NULL)", &stmt, cause) == -1)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		*cause = store_error(st, "counting what waits");
		sqlite3_finalize(stmt);
		return -1;
	}
	s->first_waiting = sqlite3_column_int(stmt, 0);
	s->held = sqlite3_column_int(stmt, 1);
	s->requests = sqlite3_column_int(stmt, 2);
	sqlite3_finalize(stmt);

	if (store_prepare(st, "SELECT id, kind, recipient, last_error FROM "
	    "outbox WHERE status = 'failed' AND NOT refused ORDER BY id DESC "
	    "LIMIT ?1",
	    &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int(stmt, 1, STATUS_LIST_MAX);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s->failed_mails = xreallocarray(s->failed_mails,
		    s->nfailed_mails + 1, sizeof *s->failed_mails);
		m = &s->failed_mails[s->nfailed_mails++];
		m->id = sqlite3_column_int64(stmt, 0);
		m->kind = store_column_dup(stmt, 1);
		m->recipient = store_column_dup(stmt, 2);
		m->last_error = store_column_dup(stmt, 3);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the failed mails");
		return -1;
	}
	return 0;
}

/*
 * The jobs not done yet and those due from a day ago on, earliest first:
 * what comes next, and what has just been done or skipped.
 */
static int
status_read_jobs(struct store *st, struct status *s, char **cause)
{
	sqlite3_stmt		*stmt;
	struct status_job	*j;
	char			 since[21];
	int			 rc, done, skipped, attempts;

	clock_format_utc(s->now - 86400, since);
	/* The sync meetings' jobs too, in UTC (sync.c). */
	if (store_prepare(st, "SELECT j.kind AS kind, s.slug AS slug, "
	    "s.timezone, j.due_at AS due, j.done_at IS NOT NULL, j.skipped, "
	    "j.attempts, j.last_error FROM jobs j JOIN sprints s ON s.id = "
	    "j.sprint_id WHERE (j.done_at IS NULL AND j.skipped = 0) OR "
	    "j.due_at >= ?1 UNION ALL SELECT j.kind, r.slug, NULL, j.due_at, "
	    "j.done_at IS NOT NULL, j.skipped, j.attempts, j.last_error FROM "
	    "sync_jobs j JOIN sync_meetings m ON m.id = j.meeting_id JOIN "
	    "sync_series r ON r.id = m.series_id WHERE (j.done_at IS NULL AND "
	    "j.skipped = 0) OR j.due_at >= ?1 ORDER BY due, slug, kind "
	    "LIMIT ?2", &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, since);
	sqlite3_bind_int(stmt, 2, STATUS_LIST_MAX);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s->jobs = xreallocarray(s->jobs, s->njobs + 1,
		    sizeof *s->jobs);
		j = &s->jobs[s->njobs++];
		memset(j, 0, sizeof *j);
		j->kind = store_column_dup(stmt, 0);
		j->sprint = store_column_dup(stmt, 1);
		j->timezone = store_column_dup(stmt, 2);
		j->due = status_column_time(stmt, 3);
		done = sqlite3_column_int(stmt, 4);
		skipped = sqlite3_column_int(stmt, 5);
		attempts = sqlite3_column_int(stmt, 6);
		j->last_error = store_column_dup(stmt, 7);
		if (skipped)
			j->state = "skipped";
		else if (done)
			j->state = "done";
		else if (attempts > 0)
			j->state = "retrying";
		else if (j->due <= s->now)
			j->state = "due";
		else
			j->state = "pending";
		clock_format_local(j->timezone != NULL ? j->timezone : "UTC",
		    j->due, "%Y-%m-%d %H:%M %Z", j->due_local,
		    sizeof j->due_local);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the jobs");
		return -1;
	}
	return 0;
}

/* The sprints whose last day has not passed in their own time zone,
 * soonest first. */
static int
status_read_sprints(struct store *st, struct status *s, char **cause)
{
	sqlite3_stmt		*stmt;
	struct status_sprint	*p;
	const char		*end, *tz;
	char			 today[16];
	int			 rc;

	if (store_prepare(st, "SELECT s.slug, s.name, s.start_date, "
	    "s.end_date, s.timezone, s.capacity, "
	    "(SELECT count(*) FROM registrations r WHERE r.sprint_id = s.id "
	    "AND r.status = 'registered'), "
	    "(SELECT count(*) FROM registrations r WHERE r.sprint_id = s.id "
	    "AND r.status = 'waiting') "
	    "FROM sprints s ORDER BY s.start_date, s.slug", &stmt,
	    cause) == -1)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		end = (const char *)sqlite3_column_text(stmt, 3);
		tz = (const char *)sqlite3_column_text(stmt, 4);
		clock_format_local(tz != NULL ? tz : "UTC", s->now,
		    "%Y-%m-%d", today, sizeof today);
		if (end == NULL || strcmp(end, today) < 0)
			continue;
		s->sprints = xreallocarray(s->sprints, s->nsprints + 1,
		    sizeof *s->sprints);
		p = &s->sprints[s->nsprints++];
		memset(p, 0, sizeof *p);
		p->slug = store_column_dup(stmt, 0);
		p->name = store_column_dup(stmt, 1);
		snprintf(p->start, sizeof p->start, "%s",
		    (const char *)sqlite3_column_text(stmt, 2));
		snprintf(p->end, sizeof p->end, "%s", end);
		p->capacity = sqlite3_column_int(stmt, 5);
		p->registered = sqlite3_column_int(stmt, 6);
		p->waiting = sqlite3_column_int(stmt, 7);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the sprints");
		return -1;
	}
	return 0;
}

/* Plain-text digests of the list (listmail.h) read in the last
 * STATUS_DIGEST_DAYS: how many, and the newest. */
static int
status_read_digests(struct store *st, struct status *s, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 since[21];
	int		 rc;

	clock_format_utc(s->now - STATUS_DIGEST_DAYS * 86400, since);
	if (store_prepare(st, "SELECT count(*), coalesce(max(id), 0) FROM "
	    "messages WHERE kind = 'auto' AND received_at >= ?1 AND CASE "
	    "WHEN json_valid(result) THEN json_extract(result, "
	    "'$.auto_reason') LIKE ?2 END", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_text(stmt, 1, since, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(stmt, 2, LISTMAIL_TEXT_DIGEST_REASON "%", -1,
	    SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s->text_digests = sqlite3_column_int(stmt, 0);
		s->text_digest_id = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW) {
		*cause = store_error(st, "reading the digests");
		return -1;
	}
	return 0;
}

int
status_read(struct store *st, int poll_interval, struct status **out,
    char **cause)
{
	struct status	*s;

	s = xcalloc(1, sizeof *s);
	s->now = clock_now();
	s->sync_limit = status_sync_limit(poll_interval);
	s->imap.name = STATUS_IMAP;
	s->smtp.name = STATUS_SMTP;
	if (status_read_servers(st, s, cause) == -1 ||
	    status_read_outbox(st, s, cause) == -1 ||
	    status_read_jobs(st, s, cause) == -1 ||
	    status_read_sprints(st, s, cause) == -1 ||
	    status_read_digests(st, s, cause) == -1)
		goto fail;
	status_decide(s);
	*out = s;
	return 0;
fail:
	status_free(&s);
	return -1;
}

static void
status_issue(struct status *s, char *what, char *advice)
{
	s->issues = xreallocarray(s->issues, s->nissues + 1,
	    sizeof *s->issues);
	s->issues[s->nissues].what = what;
	s->issues[s->nissues++].advice = advice;
}

/*
 * An error counts until a success comes after it. Times have seconds
 * only: an error and a success in the same second count as an error
 * still, so a problem is never hidden (the next success clears it).
 */
static int
status_server_failing(const struct status_server *srv)
{
	if (srv->permanent)
		return 1;
	return srv->last_error_at != 0 && srv->last_error_at >= srv->last_ok;
}

static void
status_decide_server(struct status *s, const struct status_server *srv)
{
	char	 at[32];

	if (!status_server_failing(srv))
		return;
	status_format_short(srv->last_error_at, s->now, at);
	if (srv->permanent)
		status_issue(s, xprintf("%s: login refused (at %s): %s",
		    srv->name, at, srv->last_error ? srv->last_error :
		    "no error text"), xprintf("the server refused sprintd's "
		    "login: check %s.user and %s.password_file in the config; "
		    "sprintd keeps trying, but only a corrected config or "
		    "account mends this", srv->name, srv->name));
	else
		status_issue(s, xprintf("%s: %s (at %s)", srv->name,
		    srv->last_error ? srv->last_error : "error", at),
		    xprintf("sprintd tries again on its own; if this stays, "
		    "see its log and whether the %s server is up",
		    strcmp(srv->name, STATUS_IMAP) == 0 ? "IMAP" : "SMTP"));
}

void
status_decide(struct status *s)
{
	struct buf	 b;
	char		 age[32], limit[32], *ids;
	size_t		 i;

	status_issues_clear(s);
	if (s->failed > 0) {
		/* " (ids 17, 12 and 3 more)": the newest, briefly. */
		buf_init(&b, 0);
		for (i = 0; i < s->nfailed_mails; i++)
			buf_printf(&b, "%s%lld", i > 0 ? ", " :
			    s->failed == 1 ? " (id " : " (ids ",
			    (long long)s->failed_mails[i].id);
		if (s->nfailed_mails > 0 &&
		    (size_t)s->failed > s->nfailed_mails)
			buf_printf(&b, " and %zu more",
			    (size_t)s->failed - s->nfailed_mails);
		if (s->nfailed_mails > 0)
			buf_addch(&b, ')');
		ids = buf_steal(&b, NULL);
		status_issue(s, xprintf("%d mail%s failed for good%s",
		    s->failed, s->failed == 1 ? "" : "s", ids),
		    xstrdup("see sprintctl outbox for why; send one again "
		    "with sprintctl outbox retry ID, or drop it with "
		    "sprintctl outbox drop ID"));
		free(ids);
		buf_free(&b);
	}
	if (s->refused > 0)
		status_issue(s, xprintf("%d mail%s in the outbox refused: "
		    "sprintd did not compose %s (no valid MAC)", s->refused,
		    s->refused == 1 ? "" : "s", s->refused == 1 ? "it" :
		    "them"), xstrdup("a program with write access to the "
		    "database queued them; they are never sent (see sprintctl "
		    "outbox); check who may write the database"));
	if (s->first_waiting > 0)
		status_issue(s, xprintf("unusual volume: %d first "
		    "registration%s wait%s (first_contact_per_hour)",
		    s->first_waiting, s->first_waiting == 1 ? "" : "s",
		    s->first_waiting == 1 ? "s" : ""), xstrdup("many new "
		    "addresses wrote within an hour, possibly forged; they are "
		    "answered in arrival order as the hour frees (see "
		    "sprintctl messages --kind registration)"));
	status_decide_server(s, &s->imap);
	status_decide_server(s, &s->smtp);
	if (s->text_digests > 0)
		status_issue(s, xprintf("setup: %d plain-text digest%s of the "
		    "list in %d days (newest: message %lld): the posts in them "
		    "cannot be read, registrations in them are lost",
		    s->text_digests, s->text_digests == 1 ? "" : "s",
		    STATUS_DIGEST_DAYS, (long long)s->text_digest_id),
		    xprintf("subscribe sprintd's mailbox to the list with "
		    "regular delivery (or MIME digests), e.g. in Mailman "
		    "its delivery mode \"regular\" or \"mime_digests\" "
		    "(sprintctl message show ID shows what was lost); this "
		    "clears %d days after the last such digest",
		    STATUS_DIGEST_DAYS));
	status_format_age(s->sync_limit, limit);
	if (s->imap.last_ok == 0)
		status_issue(s, xstrdup("no successful mailbox sync yet"),
		    xstrdup("is sprintd running, and can it reach the IMAP "
		    "server? (see its log)"));
	else if (s->now - s->imap.last_ok > s->sync_limit) {
		status_format_age(s->now - s->imap.last_ok, age);
		status_issue(s, xprintf("no successful mailbox sync for %s "
		    "(more than %s)", age, limit), xstrdup("is sprintd "
		    "running, and can it reach the IMAP server? (see its "
		    "log)"));
	}
}

int
status_healthy(const struct status *s)
{
	return s->nissues == 0;
}

/* Prints one server's two lines. */
static void
status_text_server(const struct status *s, const struct status_server *srv,
    FILE *out)
{
	char	 t[32], age[32];

	status_format_utc(srv->last_ok, t);
	fprintf(out, "  %-5s %-12s %s", srv->name,
	    srv == &s->imap ? "last sync" : "last sent", t);
	if (srv->last_ok != 0) {
		status_format_age(s->now - srv->last_ok, age);
		fprintf(out, " (%s ago)", age);
	}
	fputc('\n', out);
	if (srv->last_error_at == 0)
		fprintf(out, "        %-12s none\n", "last error");
	else {
		status_format_utc(srv->last_error_at, t);
		fprintf(out, "        %-12s %s%s: %s\n", "last error", t,
		    srv->permanent ? " (login refused)" : "",
		    srv->last_error != NULL ? srv->last_error : "");
	}
}

int
status_print_text(const struct status *s, FILE *out, char **cause)
{
	char	 t[32];
	size_t	 i;

	status_format_utc(s->now, t);
	if (status_healthy(s))
		fprintf(out, "sprintd at %s: all well\n", t);
	else
		fprintf(out, "sprintd at %s: %zu thing%s need%s attention\n",
		    t, s->nissues, s->nissues == 1 ? "" : "s",
		    s->nissues == 1 ? "s" : "");
	for (i = 0; i < s->nissues; i++)
		fprintf(out, "  ! %s\n    %s\n", s->issues[i].what,
		    s->issues[i].advice);

	fprintf(out, "\nServers\n");
	status_text_server(s, &s->imap, out);
	status_text_server(s, &s->smtp, out);

	fprintf(out, "\nOutbox\n  %d queued, %d retrying", s->queued,
	    s->retrying);
	if (s->next_retry != 0) {
		status_format_utc(s->next_retry, t);
		fprintf(out, " (next attempt %s)", t);
	}
	fprintf(out, ", %d failed", s->failed);
	if (s->refused > 0)
		fprintf(out, ", %d refused (not composed by sprintd)",
		    s->refused);
	fputc('\n', out);
	if (s->requests > 0)
		fprintf(out, "  %d mail request%s from sprintctl wait%s for "
		    "sprintd\n", s->requests, s->requests == 1 ? "" : "s",
		    s->requests == 1 ? "s" : "");
	if (s->held > 0 || s->first_waiting > 0)
		fprintf(out, "  %d request%s held until the address confirms, "
		    "%d first registration%s waiting\n", s->held,
		    s->held == 1 ? "" : "s", s->first_waiting,
		    s->first_waiting == 1 ? "" : "s");
	for (i = 0; i < s->nfailed_mails; i++)
		fprintf(out, "  failed %lld: %s to %s: %s\n",
		    (long long)s->failed_mails[i].id,
		    s->failed_mails[i].kind ? s->failed_mails[i].kind : "?",
		    s->failed_mails[i].recipient ?
		    s->failed_mails[i].recipient : "?",
		    s->failed_mails[i].last_error ?
		    s->failed_mails[i].last_error : "no error text");

	fprintf(out, "\nNext jobs (in each sprint's time zone, sync "
	    "meetings' in UTC)\n");
	if (s->njobs == 0)
		fprintf(out, "  none\n");
	for (i = 0; i < s->njobs; i++) {
		fprintf(out, "  %-24s %-16s %-9s %s\n", s->jobs[i].due_local,
		    s->jobs[i].kind, s->jobs[i].state, s->jobs[i].sprint);
		if (s->jobs[i].last_error != NULL &&
		    strcmp(s->jobs[i].state, "done") != 0)
			fprintf(out, "  %24s last error: %s\n", "",
			    s->jobs[i].last_error);
	}

	fprintf(out, "\nOpen sprints\n");
	if (s->nsprints == 0)
		fprintf(out, "  none\n");
	else
		fprintf(out, "  %-24s %-10s %-10s %10s %7s %8s\n", "SLUG",
		    "START", "END", "REGISTERED", "WAITING", "CAPACITY");
	for (i = 0; i < s->nsprints; i++)
		fprintf(out, "  %-24s %-10s %-10s %10d %7d %8d\n",
		    s->sprints[i].slug, s->sprints[i].start, s->sprints[i].end,
		    s->sprints[i].registered, s->sprints[i].waiting,
		    s->sprints[i].capacity);
	if (fflush(out) == EOF || ferror(out)) {
		*cause = xstrdup("writing the status failed");
		return -1;
	}
	return 0;
}

/*
 * A JSON string, or null for NULL. jansson takes UTF-8 only: a text from
 * a server that is not gets '?' for each byte outside ASCII.
 */
static json_t *
status_json_str(const char *s)
{
	json_t	*j;
	char	*copy, *p;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	copy = xstrdup(s);
	for (p = copy; *p != '\0'; p++) {
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	}
	j = json_string(copy);
	free(copy);
	return j != NULL ? j : json_null();
}

/* A UTC time as "YYYY-MM-DDTHH:MM:SSZ", or null for 0. */
static json_t *
status_json_time(time_t t)
{
	char	 buf[21];

	if (t == 0)
		return json_null();
	clock_format_utc(t, buf);
	return json_string(buf);
}

static json_t *
status_json_server(const struct status_server *srv)
{
	json_t	*o = json_object();

	json_object_set_new(o, "last_ok", status_json_time(srv->last_ok));
	json_object_set_new(o, "last_error", status_json_str(srv->last_error));
	json_object_set_new(o, "last_error_at",
	    status_json_time(srv->last_error_at));
	json_object_set_new(o, "permanent", json_boolean(srv->permanent));
	json_object_set_new(o, "failing",
	    json_boolean(status_server_failing(srv)));
	return o;
}

int
status_print_json(const struct status *s, FILE *out, char **cause)
{
	json_t	*root, *a, *o, *servers, *outbox;
	size_t	 i;
	int	 r;

	root = json_object();
	json_object_set_new(root, "now", status_json_time(s->now));
	json_object_set_new(root, "healthy", json_boolean(status_healthy(s)));
	a = json_array();
	for (i = 0; i < s->nissues; i++) {
		o = json_object();
		json_object_set_new(o, "what",
		    status_json_str(s->issues[i].what));
		json_object_set_new(o, "advice",
		    status_json_str(s->issues[i].advice));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "attention", a);
	json_object_set_new(root, "sync_limit_seconds",
	    json_integer(s->sync_limit));

	servers = json_object();
	json_object_set_new(servers, STATUS_IMAP,
	    status_json_server(&s->imap));
	json_object_set_new(servers, STATUS_SMTP,
	    status_json_server(&s->smtp));
	json_object_set_new(root, "servers", servers);

	outbox = json_object();
	json_object_set_new(outbox, "queued", json_integer(s->queued));
	json_object_set_new(outbox, "retrying", json_integer(s->retrying));
	json_object_set_new(outbox, "next_attempt",
	    status_json_time(s->next_retry));
	json_object_set_new(outbox, "failed", json_integer(s->failed));
	a = json_array();
	for (i = 0; i < s->nfailed_mails; i++) {
		o = json_object();
		json_object_set_new(o, "id",
		    json_integer(s->failed_mails[i].id));
		json_object_set_new(o, "kind",
		    status_json_str(s->failed_mails[i].kind));
		json_object_set_new(o, "recipient",
		    status_json_str(s->failed_mails[i].recipient));
		json_object_set_new(o, "last_error",
		    status_json_str(s->failed_mails[i].last_error));
		json_array_append_new(a, o);
	}
	json_object_set_new(outbox, "failed_mails", a);
	json_object_set_new(outbox, "first_contacts_waiting",
	    json_integer(s->first_waiting));
	json_object_set_new(outbox, "held_requests", json_integer(s->held));
	json_object_set_new(outbox, "refused", json_integer(s->refused));
	json_object_set_new(outbox, "requests_waiting",
	    json_integer(s->requests));
	json_object_set_new(root, "outbox", outbox);

	a = json_array();
	for (i = 0; i < s->njobs; i++) {
		o = json_object();
		json_object_set_new(o, "kind", status_json_str(s->jobs[i].kind));
		json_object_set_new(o, "sprint",
		    status_json_str(s->jobs[i].sprint));
		json_object_set_new(o, "due_at", status_json_time(s->jobs[i].due));
		json_object_set_new(o, "due_local",
		    status_json_str(s->jobs[i].due_local));
		json_object_set_new(o, "timezone",
		    status_json_str(s->jobs[i].timezone));
		json_object_set_new(o, "state",
		    status_json_str(s->jobs[i].state));
		json_object_set_new(o, "last_error",
		    status_json_str(s->jobs[i].last_error));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "jobs", a);

	a = json_array();
	for (i = 0; i < s->nsprints; i++) {
		o = json_object();
		json_object_set_new(o, "slug",
		    status_json_str(s->sprints[i].slug));
		json_object_set_new(o, "name",
		    status_json_str(s->sprints[i].name));
		json_object_set_new(o, "start",
		    status_json_str(s->sprints[i].start));
		json_object_set_new(o, "end", status_json_str(s->sprints[i].end));
		json_object_set_new(o, "registered",
		    json_integer(s->sprints[i].registered));
		json_object_set_new(o, "waiting",
		    json_integer(s->sprints[i].waiting));
		json_object_set_new(o, "capacity",
		    json_integer(s->sprints[i].capacity));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "sprints", a);

	r = json_dumpf(root, out, JSON_INDENT(2));
	json_decref(root);
	if (r == -1 || fputc('\n', out) == EOF || fflush(out) == EOF) {
		*cause = xstrdup("writing the status failed");
		return -1;
	}
	return 0;
}

char *
status_line(const struct status *s, const char *trouble)
{
	char	 t[32], *line;
	size_t	 more, n;

	if (trouble != NULL || s->nissues > 0) {
		more = s->nissues - (trouble == NULL ? 1 : 0);
		line = xprintf("error: %s%s", trouble != NULL ? trouble :
		    s->issues[0].what, more > 0 ? " (and more: see sprintctl "
		    "status)" : "");
	} else {
		status_format_short(s->imap.last_ok, s->now, t);
		if (s->retrying > 0)
			line = xprintf("ok: mailbox synced %s, %d queued, %d "
			    "retrying", t, s->queued, s->retrying);
		else
			line = xprintf("ok: mailbox synced %s, %d queued", t,
			    s->queued);
	}
	util_strip_controls(line);
	if ((n = strlen(line)) > STATUS_LINE_MAX) {
		/* Cut on a character's first byte, not inside UTF-8. */
		n = STATUS_LINE_MAX - 3;
		while (n > 0 && ((unsigned char)line[n] & 0xc0) == 0x80)
			n--;
		memcpy(line + n, "...", 4);
	}
	return line;
}
