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


#include "config-auto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "compose.h"
#include "config.h"
#include "digest.h"
#include "ingest.h"
#include "invite.h"
#include "log.h"
#include "mailreq.h"
#include "minutes.h"
#include "registry.h"
#include "sprint.h"
#include "util.h"

static const char *mailreq_names[] = {
	[MAILREQ_DIGEST] = "digest",
	[MAILREQ_INVITE] = "invite",
	[MAILREQ_NOTIFY] = "notify",
	[MAILREQ_REPROCESS] = "reprocess",
	[MAILREQ_SYNC_MINUTES] = "sync-minutes",
};

int
mailreq_add(struct store *st, const struct mailreq *rq, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_cached(st, "INSERT INTO mail_requests (kind, sprint_id, "
	    "person_id, message_id, arg, created_at) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6)", &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, mailreq_names[rq->kind]);
	if (rq->sprint_id != 0)
		sqlite3_bind_int64(stmt, 2, rq->sprint_id);
	if (rq->person_id != 0)
		sqlite3_bind_int64(stmt, 3, rq->person_id);
	if (rq->message_id != 0)
		sqlite3_bind_int64(stmt, 4, rq->message_id);
	store_bind_text(stmt, 5, rq->arg);
	store_bind_text(stmt, 6, now);
	return store_step_done(st, stmt, "recording a mail request", cause);
}

/* The mails queued since outbox id last, as "N mails queued". */
static char *
mailreq_queued(struct store *st, int64_t last)
{
	sqlite3_stmt	*stmt;
	int		 n = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM outbox "
	    "WHERE id > ?1", -1, &stmt, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, last);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			n = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
	}
	return xprintf("%d mail%s queued", n, n == 1 ? "" : "s");
}

static int64_t
mailreq_last_outbox(struct store *st)
{
	sqlite3_stmt	*stmt;
	int64_t		 id = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT coalesce(max(id), 0) "
	    "FROM outbox", -1, &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			id = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	return id;
}

/* Does one request: 0, 1 (refused: *cause says why; nothing kept) or
 * -1 with *cause. */
static int
mailreq_do(struct store *st, struct compose *c, const struct config *cfg,
    const char *kind, int64_t sprint_id, int64_t person_id,
    int64_t message_id, const char *arg, char **cause)
{
	struct sprint		*s = NULL;
	struct registry_reg	 reg;
	size_t			 n;
	int			 r = -1;

	memset(&reg, 0, sizeof reg);
	if (strcmp(kind, "reprocess") == 0)
		return ingest_reprocess(st, c, cfg, message_id, cause);
	if (strcmp(kind, "sync-minutes") == 0)
		return minutes_mail(st, c, arg, cause);
	if (strcmp(kind, "digest") != 0 && strcmp(kind, "invite") != 0 &&
	    strcmp(kind, "notify") != 0) {
		*cause = xprintf("unknown request \"%s\"", kind);
		return 1;
	}
	if ((r = registry_sprint_get_id(st, sprint_id, &s, cause)) != 0) {
		if (r == 1 && *cause == NULL)
			*cause = xprintf("no sprint %lld",
			    (long long)sprint_id);
		goto out;
	}
	if (strcmp(kind, "digest") == 0)
		r = digest_now(st, c, s, sprint_id, 1, NULL, cause);
	else if (strcmp(kind, "invite") == 0) {
		FILE	*devnull = fopen("/dev/null", "w");

		if (devnull == NULL) {
			*cause = xstrdup("/dev/null cannot be opened");
			r = -1;
			goto out;
		}
		r = invite_run(st, c, sprint_id, s, 0, devnull, &n, cause);
		fclose(devnull);
		if (r == UTIL_REFUSED)
			r = 1;
	} else if (strcmp(kind, "notify") == 0 && arg != NULL) {
		if ((r = registry_get(st, sprint_id, person_id, &reg,
		    cause)) == 1)
			*cause = xstrdup("no such registration");
		else if (r == 0)
			r = compose_notify(c, st, arg, s, sprint_id, &reg,
			    cause);
	} else {
		*cause = xprintf("unknown request \"%s\"", kind);
		r = 1;
	}
out:
	registry_reg_clear(&reg);
	sprint_free(&s);
	return r;
}

/* Records request id as done with outcome. */
static int
mailreq_done(struct store *st, int64_t id, const char *outcome,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_cached(st, "UPDATE mail_requests SET done_at = ?2, outcome "
	    "= ?3 WHERE id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, now);
	store_bind_text(stmt, 3, outcome);
	return store_step_done(st, stmt, "recording a request's outcome",
	    cause);
}

/* Runs request id and records it, in one transaction. */
static int
mailreq_one(struct store *st, struct compose *c, const struct config *cfg,
    int64_t id, const char *kind, int64_t sprint_id, int64_t person_id,
    int64_t message_id, const char *arg, char **cause)
{
	char	*why = NULL, *outcome = NULL;
	int64_t	 last = mailreq_last_outbox(st);
	int	 r;

	if (store_begin(st, cause) == -1)
		return -1;
	r = mailreq_do(st, c, cfg, kind, sprint_id, person_id, message_id,
	    arg, &why);
	if (r == 0) {
		outcome = mailreq_queued(st, last);
		if (mailreq_done(st, id, outcome, cause) == -1 ||
		    store_commit(st, cause) == -1) {
			store_rollback(st);
			free(outcome);
			return -1;
		}
		log_info("request %lld (%s): %s", (long long)id, kind, outcome);
		free(outcome);
		return 0;
	}
	/* Nothing of it is kept; the failure is, so it does not run again
	 * at once (the organizer asks again). */
	store_rollback(st);
	outcome = xprintf("%s: %s", r == 1 ? "refused" : "failed",
	    why != NULL ? why : "?");
	log_warn("request %lld (%s) %s", (long long)id, kind, outcome);
	free(why);
	if (store_begin(st, cause) == -1 ||
	    mailreq_done(st, id, outcome, cause) == -1 ||
	    store_commit(st, cause) == -1) {
		store_rollback(st);
		free(outcome);
		return -1;
	}
	free(outcome);
	return 0;
}

int
mailreq_run(struct store *st, struct compose *c, const struct config *cfg,
    int *done, char **cause)
{
	sqlite3_stmt	*stmt;
	int64_t		 id, after = 0;
	int		 rc;

	*done = 0;
	for (;;) {
		int64_t	 sprint_id, person_id, message_id;
		char	*kind, *arg;
		int	 r;

		if (store_cached(st, "SELECT id, kind, coalesce(sprint_id, 0), "
		    "coalesce(person_id, 0), coalesce(message_id, 0), arg "
		    "FROM mail_requests WHERE done_at IS NULL AND id > ?1 "
		    "ORDER BY id LIMIT 1", &stmt, cause) == -1)
			return -1;
		sqlite3_bind_int64(stmt, 1, after);
		if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
			store_reset(stmt);
			if (rc == SQLITE_DONE)
				return 0;
			*cause = store_error(st, "reading mail requests");
			return -1;
		}
		id = sqlite3_column_int64(stmt, 0);
		kind = store_column_dup(stmt, 1);
		sprint_id = sqlite3_column_int64(stmt, 2);
		person_id = sqlite3_column_int64(stmt, 3);
		message_id = sqlite3_column_int64(stmt, 4);
		arg = sqlite3_column_type(stmt, 5) == SQLITE_NULL ? NULL :
		    store_column_dup(stmt, 5);
		store_reset(stmt);
		r = mailreq_one(st, c, cfg, id, kind, sprint_id, person_id,
		    message_id, arg, cause);
		free(kind);
		free(arg);
		if (r == -1)
			return -1;
		(*done)++;
		after = id;
	}
}

int
mailreq_waiting(struct store *st)
{
	sqlite3_stmt	*stmt;
	int		 n = -1;

	if (sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM "
	    "mail_requests WHERE done_at IS NULL", -1, &stmt, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}
