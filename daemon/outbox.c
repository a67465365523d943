/* outbox.c -- the durable outbox and its sending. */
#include "config-auto.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "outbox.h"
#include "smtp.h"
#include "util.h"

/* Retries after a temporary failure, like an MTA: quickly at first, then
 * every few hours, giving up after about five days. */
static const time_t outbox_delays[] = {
	5 * 60, 15 * 60, 30 * 60, 60 * 60, 2 * 3600, 4 * 3600, 8 * 3600,
	12 * 3600, 24 * 3600, 24 * 3600, 24 * 3600, 24 * 3600,
};

time_t
outbox_backoff(int attempts)
{
	if (attempts < 1 || (size_t)attempts > nitems(outbox_delays))
		return 0;
	return outbox_delays[attempts - 1];
}

int
outbox_queue(struct store *st, const struct outbox_mail *m, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	util_format_utc(util_now(), now);
	if (store_prepare(st, "INSERT INTO outbox (message_id, kind, sprint_id, "
	    "reply_to, recipient, subject, data, next_attempt, created_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) "
	    "ON CONFLICT (message_id) DO NOTHING", &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, m->message_id);
	store_bind_text(stmt, 2, m->kind);
	if (m->sprint_id != 0)
		sqlite3_bind_int64(stmt, 3, m->sprint_id);
	if (m->reply_to != 0)
		sqlite3_bind_int64(stmt, 4, m->reply_to);
	store_bind_text(stmt, 5, m->recipient);
	store_bind_text(stmt, 6, m->subject);
	sqlite3_bind_blob(stmt, 7, m->data, (int)m->len, SQLITE_TRANSIENT);
	store_bind_text(stmt, 8, now);
	if (store_done(st, stmt, "queueing a mail", cause) == -1)
		return -1;
	return sqlite3_changes(store_db(st)) == 1 ? 0 : 1;
}

int
outbox_count_since(struct store *st, const char *address, time_t since,
    int *count, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 t[21];

	util_format_utc(since, t);
	/* The expression matches the index on lower(recipient); a COLLATE
	 * NOCASE here would make SQLite scan every mail's data instead. */
	if (store_prepare(st, "SELECT count(*) FROM outbox WHERE "
	    "lower(recipient) = lower(?1) AND created_at >= ?2 AND "
	    "reply_to IS NOT NULL",
	    &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, address);
	store_bind_text(stmt, 2, t);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		*cause = store_error(st, "counting replies");
		sqlite3_finalize(stmt);
		return -1;
	}
	*count = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return 0;
}

time_t
outbox_next_due(struct store *st)
{
	return store_time(st, "SELECT min(next_attempt) FROM outbox WHERE "
	    "status = 'queued'");
}

/* Records the outcome of one attempt in its own transaction. */
static int
outbox_record(struct store *st, int64_t id, int result, int code,
    const char *error, int attempts, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*status;
	char		 now[21], next[21];
	time_t		 t = util_now(), delay = 0;

	util_format_utc(t, now);
	if (result == 0)
		status = "sent";
	else if (result == 1 && (delay = outbox_backoff(attempts)) != 0)
		status = "queued";
	else
		status = "failed";
	util_format_utc(t + delay, next);
	if (store_prepare(st, "UPDATE outbox SET status = ?2, attempts = ?3, "
	    "next_attempt = ?4, last_code = ?5, last_error = ?6, "
	    "sent_at = CASE WHEN ?2 = 'sent' THEN ?7 ELSE sent_at END "
	    "WHERE id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, status);
	sqlite3_bind_int(stmt, 3, attempts);
	store_bind_text(stmt, 4, next);
	if (code != 0)
		sqlite3_bind_int(stmt, 5, code);
	store_bind_text(stmt, 6, error);
	store_bind_text(stmt, 7, now);
	if (store_done(st, stmt, "recording a sent mail", cause) == -1)
		return -1;
	if (strcmp(status, "failed") == 0)
		log_warn("outbox: mail %lld failed for good after %d attempts: "
		    "%s", (long long)id, attempts, error ? error : "");
	else if (strcmp(status, "queued") == 0)
		log_info("outbox: mail %lld deferred (%s), next try at %s",
		    (long long)id, error ? error : "", next);
	return 0;
}

/* The envelope sender: the address inside config "from". */
static char *
outbox_envelope_from(const struct config *cfg)
{
	const char	*lt = strrchr(cfg->from, '<');

	if (lt == NULL)
		return xstrdup(cfg->from);
	return xstrndup(lt + 1, strcspn(lt + 1, ">"));
}

int
outbox_flush(struct store *st, const struct config *cfg, int *sent,
    char **cause)
{
	struct smtp	*smtp = NULL;
	sqlite3_stmt	*stmt = NULL;
	char		*password = NULL, *from = NULL, *err;
	char		 now[21];
	int		 r, code, more = 1, ret = -1;

	*sent = 0;
	while (more) {
		int64_t		 ids[256];
		int		 attempts[256];
		size_t		 n = 0, i, batch;

		batch = cfg->batch_size > 256 ? 256 : (size_t)cfg->batch_size;
		util_format_utc(util_now(), now);
		if (store_prepare(st, "SELECT id, attempts FROM outbox WHERE "
		    "status = 'queued' AND next_attempt <= ?1 ORDER BY "
		    "next_attempt, id LIMIT ?2", &stmt, cause) == -1)
			goto fail;
		store_bind_text(stmt, 1, now);
		sqlite3_bind_int(stmt, 2, (int)batch);
		while (n < batch && sqlite3_step(stmt) == SQLITE_ROW) {
			ids[n] = sqlite3_column_int64(stmt, 0);
			attempts[n++] = sqlite3_column_int(stmt, 1);
		}
		sqlite3_finalize(stmt);
		stmt = NULL;
		more = n == batch;
		if (n == 0)
			break;
		if (smtp == NULL) {
			if (config_read_password(&cfg->smtp, &password,
			    cause) == -1)
				goto fail;
			from = outbox_envelope_from(cfg);
			if ((smtp = smtp_open(&cfg->smtp, password,
			    cause)) == NULL)
				goto fail;
		}
		for (i = 0; i < n; i++) {
			const void	*data;
			char		*rcpt;
			int		 len;

			if (store_prepare(st, "SELECT recipient, data FROM "
			    "outbox WHERE id = ?1", &stmt, cause) == -1)
				goto fail;
			sqlite3_bind_int64(stmt, 1, ids[i]);
			if (sqlite3_step(stmt) != SQLITE_ROW) {
				sqlite3_finalize(stmt);
				stmt = NULL;
				continue;
			}
			rcpt = store_column_dup(stmt, 0);
			data = sqlite3_column_blob(stmt, 1);
			len = sqlite3_column_bytes(stmt, 1);
			err = NULL;
			code = 0;
			r = smtp_send(smtp, from, rcpt, data, (size_t)len,
			    &code, &err);
			sqlite3_finalize(stmt);
			stmt = NULL;
			if (r == SMTP_NOTLS) {
				/* Not the mail's fault: it stays as it was. */
				free(rcpt);
				*cause = err;
				ret = OUTBOX_NOTLS;
				goto fail;
			}
			if (r == 0) {
				log_info("outbox: sent mail %lld to %s",
				    (long long)ids[i], rcpt);
				(*sent)++;
			}
			free(rcpt);
			if (outbox_record(st, ids[i], r, code, err,
			    attempts[i] + 1, cause) == -1) {
				free(err);
				goto fail;
			}
			free(err);
			/* A lost connection defers the rest of the batch. */
			if (r == 1 && code == 0) {
				*cause = xstrdup("the SMTP connection was lost");
				goto fail;
			}
		}
	}
	ret = 0;
fail:
	sqlite3_finalize(stmt);
	smtp_close(&smtp);
	if (password != NULL) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	free(from);
	return ret;
}

int
outbox_report(struct store *st, int json, FILE *out, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc, n = 0;

	if (json) {
		/* SQLite writes the JSON: no hand-rolled escaping. */
		if (store_prepare(st, "SELECT json_group_array(json_object("
		    "'id', o.id, 'message_id', o.message_id, 'kind', o.kind, "
		    "'sprint', s.slug, 'recipient', o.recipient, 'subject', "
		    "o.subject, 'status', o.status, 'attempts', o.attempts, "
		    "'next_attempt', CASE WHEN o.status = 'queued' THEN "
		    "o.next_attempt END, 'last_code', o.last_code, "
		    "'last_error', o.last_error, 'created_at', o.created_at, "
		    "'sent_at', o.sent_at)) FROM (SELECT * FROM outbox "
		    "ORDER BY id) o LEFT JOIN sprints s ON s.id = o.sprint_id",
		    &stmt, cause) == -1)
			return -1;
		if (sqlite3_step(stmt) != SQLITE_ROW) {
			*cause = store_error(st, "reading the outbox");
			sqlite3_finalize(stmt);
			return -1;
		}
		fprintf(out, "%s\n", sqlite3_column_text(stmt, 0));
		sqlite3_finalize(stmt);
		return 0;
	}
	if (store_prepare(st, "SELECT o.id, o.status, o.kind, o.recipient, "
	    "o.attempts, coalesce(o.sent_at, o.next_attempt), o.last_code, "
	    "o.last_error, coalesce(o.subject, '') FROM outbox o ORDER BY "
	    "o.id", &stmt, cause) == -1)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n++ == 0)
			fprintf(out, "%-6s %-9s %-15s %-30s %4s  %-20s  %s\n",
			    "ID", "STATUS", "KIND", "TO", "TRY", "WHEN (UTC)",
			    "SUBJECT / LAST ERROR");
		fprintf(out, "%-6lld %-9s %-15s %-30s %4d  %-20s  %s\n",
		    (long long)sqlite3_column_int64(stmt, 0),
		    sqlite3_column_text(stmt, 1), sqlite3_column_text(stmt, 2),
		    sqlite3_column_text(stmt, 3), sqlite3_column_int(stmt, 4),
		    sqlite3_column_text(stmt, 5), sqlite3_column_text(stmt, 8));
		if (sqlite3_column_type(stmt, 7) != SQLITE_NULL)
			fprintf(out, "%70s  last error (%d): %s\n", "",
			    sqlite3_column_int(stmt, 6),
			    sqlite3_column_text(stmt, 7));
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the outbox");
		return -1;
	}
	if (n == 0)
		fprintf(out, "the outbox is empty\n");
	return 0;
}
