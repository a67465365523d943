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

/* ctl_messages.c -- sprintctl messages, message show and message
 * reprocess: the mail sprintd read, as it read it. */
#include "config-auto.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "compose.h"
#include "config.h"
#include "ctl.h"
#include "dates.h"
#include "ingest.h"
#include "log.h"
#include "mailreq.h"
#include "mime.h"
#include "outbox.h"
#include "proof.h"
#include "util.h"

/* The kinds a message is stored as (schemas/001-init.sql). */
static const char *const ctl_message_kinds[] = {
	"registration", "cancellation", "evaluation", "invalid", "unrelated",
	"auto", "duplicate", "toolarge",
};

/* The headers message show prints, those a person or a list wrote. */
static const char *const ctl_show_headers[] = {
	"From", "Sender", "Reply-To", "X-Original-From", "X-Original-Sender",
	"To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To",
	"References", "List-Id", "Precedence", "Auto-Submitted", "X-Loop",
	"Content-Type",
};

/* The subject column is cut at this many characters. */
#define CTL_SUBJECT_WIDTH	60

int
ctl_parse_id(const char *s, int64_t *id)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v <= 0)
		return -1;
	*id = v;
	return 0;
}

/*
 * A copy of mail text safe for a terminal (util_clean): no C0 control
 * but TAB (and LF when lines is set), no DEL, no C1 or bidirectional
 * control, valid UTF-8.
 */
static char *
ctl_clean(const char *s, int lines)
{
	return util_clean_dup(s, UTIL_CLEAN_TAB | UTIL_CLEAN_UTF8 |
	    (lines ? UTIL_CLEAN_LF : 0));
}

/* Cuts a one-line string to at most width characters (UTF-8), ending in
 * "..." when cut; width is more than 3. */
static void
ctl_cut(char *s, size_t width)
{
	size_t	 chars = 0, i, cut = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (chars++ == width - 3)
			cut = i;
	}
	if (chars > width)
		memcpy(s + cut, "...", 4);
}

static json_t *
ctl_json_text(sqlite3_stmt *stmt, int col)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return json_null();
	return json_string((const char *)sqlite3_column_text(stmt, col));
}

int
ctl_messages(struct store *st, const char *slug, const char *kind,
    const char *since, int json, FILE *out)
{
	sqlite3_stmt	*stmt = NULL;
	json_t		*arr = NULL, *o;
	char		*cause = NULL, *subject, *from, *text;
	size_t		 i;
	day_t		 day;
	int64_t		 sprint_id = 0;
	int		 r, rc, n = 0;

	if (kind != NULL) {
		for (i = 0; i < nitems(ctl_message_kinds); i++) {
			if (strcmp(kind, ctl_message_kinds[i]) == 0)
				break;
		}
		if (i == nitems(ctl_message_kinds)) {
			log_error("--kind \"%s\": expected registration, "
			    "cancellation, evaluation, invalid, unrelated, "
			    "auto, duplicate or toolarge", kind);
			return CTL_USAGE;
		}
	}
	if (since != NULL && dates_parse_iso(since, &day) == -1) {
		log_error("--since \"%s\": expected a date, YYYY-MM-DD", since);
		return CTL_USAGE;
	}
	if (slug != NULL) {
		struct sprint	*s = NULL;

		if ((r = ctl_get_sprint(st, slug, &s, &sprint_id)) != CTL_OK)
			return r;
		sprint_free(&s);
	}
	if (store_prepare(st, "SELECT m.id, m.received_at, m.sender, "
	    "m.subject, m.kind, s.slug, m.message_id, m.size FROM messages m "
	    "LEFT JOIN sprints s ON s.id = m.sprint_id WHERE (?1 = 0 OR "
	    "m.sprint_id = ?1) AND (?2 IS NULL OR m.kind = ?2) AND (?3 IS "
	    "NULL OR m.received_at >= ?3) ORDER BY m.received_at DESC, m.id "
	    "DESC", &stmt, &cause) == -1)
		goto fail;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, kind);
	store_bind_text(stmt, 3, since);
	if (json)
		arr = json_array();
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (json) {
			o = json_object();
			json_object_set_new(o, "id",
			    json_integer(sqlite3_column_int64(stmt, 0)));
			json_object_set_new(o, "date", ctl_json_text(stmt, 1));
			json_object_set_new(o, "sender", ctl_json_text(stmt, 2));
			json_object_set_new(o, "subject",
			    ctl_json_text(stmt, 3));
			json_object_set_new(o, "kind", ctl_json_text(stmt, 4));
			json_object_set_new(o, "sprint", ctl_json_text(stmt, 5));
			json_object_set_new(o, "message_id",
			    ctl_json_text(stmt, 6));
			json_object_set_new(o, "size",
			    json_integer(sqlite3_column_int64(stmt, 7)));
			json_array_append_new(arr, o);
			continue;
		}
		if (n++ == 0)
			fprintf(out, "%-6s %-16s  %-12s  %-16s  %-28s  %s\n",
			    "ID", "RECEIVED (UTC)", "KIND", "SPRINT", "FROM",
			    "SUBJECT");
		from = ctl_clean((const char *)sqlite3_column_text(stmt, 2), 0);
		subject = ctl_clean((const char *)sqlite3_column_text(stmt, 3),
		    0);
		ctl_cut(subject, CTL_SUBJECT_WIDTH);
		/* "2026-12-21T11:00:00Z" as "2026-12-21 11:00". */
		text = ctl_clean((const char *)sqlite3_column_text(stmt, 1), 0);
		if (strlen(text) >= 16) {
			text[10] = ' ';
			text[16] = '\0';
		}
		fprintf(out, "%-6lld %-16s  %-12s  %-16s  %-28s  %s\n",
		    (long long)sqlite3_column_int64(stmt, 0), text,
		    sqlite3_column_text(stmt, 4),
		    sqlite3_column_type(stmt, 5) == SQLITE_NULL ? "-" :
		    (const char *)sqlite3_column_text(stmt, 5),
		    *from != '\0' ? from : "-", subject);
		free(text);
		free(from);
		free(subject);
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (rc != SQLITE_DONE) {
		cause = store_error(st, "reading the messages");
		goto fail;
	}
	if (json) {
		if ((text = json_dumps(arr, JSON_PRESERVE_ORDER |
		    JSON_COMPACT)) == NULL) {
			cause = xstrdup("writing the messages as JSON failed");
			goto fail;
		}
		fprintf(out, "%s\n", text);
		free(text);
		json_decref(arr);
	} else if (n == 0)
		fprintf(out, "no messages%s\n", slug != NULL || kind != NULL ||
		    since != NULL ? " match" : " yet");
	return CTL_OK;
fail:
	sqlite3_finalize(stmt);
	json_decref(arr);
	log_error("%s", cause);
	free(cause);
	return CTL_FAIL;
}

/* Prints the stored parse JSON, indented, or why there is none. */
static void
ctl_show_reading(const char *result, const char *kind, FILE *out)
{
	json_t		*j;
	json_error_t	 err;
	char		*text, *clean;

	fprintf(out, "\n--- how it was read ---\n");
	if (result == NULL) {
		fprintf(out, "%s: %s\n", kind, strcmp(kind, "duplicate") == 0 ?
		    "a copy of a message read before (the same Message-ID); "
		    "not read again" : strcmp(kind, "toolarge") == 0 ?
		    "too large to fetch; not read" : "it could not be read");
		return;
	}
	if ((j = json_loads(result, 0, &err)) == NULL ||
	    (text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) ==
	    NULL) {
		clean = ctl_clean(result, 1);
		fprintf(out, "%s\n", clean);
		free(clean);
		json_decref(j);
		return;
	}
	json_decref(j);
	clean = ctl_clean(text, 1);
	fprintf(out, "%s\n", clean);
	free(clean);
	free(text);
}

/*
 * Who sent it, as sprintd judged: the proof it gave (a reply to a
 * personal mail, the trusted Authentication-Results, a confirmation),
 * the trusted header's verdict, and why it reads as it does.
 */
static void
ctl_show_proof(const struct config *cfg, const struct mime_msg *m,
    const char *proof, const char *note, FILE *out)
{
	char	*verdict = NULL, *v;

	fprintf(out, "\n--- the sender ---\n");
	if (m != NULL && cfg->authserv_id != NULL) {
		proof_auth_results(cfg->authserv_id, m, m->from_addr, &verdict);
		fprintf(out, "Authentication-Results of %s: %s\n",
		    cfg->authserv_id, verdict != NULL ? verdict :
		    "none (no header of that authserv-id)");
		free(verdict);
	} else if (m != NULL)
		fprintf(out, "Authentication-Results: not trusted (no "
		    "authserv_id in the config)\n");
	if (proof == NULL)
		fprintf(out, "proved: no (a From line proves nothing: what it "
		    "asks for an existing person waits for confirmation)\n");
	else if (strcmp(proof, "reply") == 0)
		fprintf(out, "proved: yes, it answers a personal mail sprintd "
		    "sent to that address\n");
	else if (strcmp(proof, "auth") == 0)
		fprintf(out, "proved: yes, by the trusted "
		    "Authentication-Results\n");
	else
		fprintf(out, "proved: yes, %s by mail\n", proof);
	if (note != NULL) {
		v = ctl_clean(note, 0);
		fprintf(out, "note: %s\n", v);
		free(v);
	}
}

int
ctl_message_show(struct store *st, const struct config *cfg, int64_t id,
    FILE *out)
{
	sqlite3_stmt	*stmt;
	struct mime_msg	*m = NULL;
	const void	*raw;
	char		*kind = NULL, *result = NULL, *why = NULL, *v;
	char		*proof, *note;
	size_t		 len, i, j;
	int		 rc;

	if (store_prepare(st, "SELECT m.raw, m.size, m.kind, m.result, "
	    "s.slug, m.received_at, m.mailbox, m.uid, m.proof, m.note FROM "
	    "messages m LEFT JOIN sprints s ON s.id = m.sprint_id WHERE "
	    "m.id = ?1", &stmt, &why) == -1) {
		log_error("%s", why);
		free(why);
		return CTL_FAIL;
	}
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		if (rc != SQLITE_DONE) {
			why = store_error(st, "reading the message");
			log_error("%s", why);
			free(why);
			return CTL_FAIL;
		}
		log_error("no message %lld (see sprintctl messages)",
		    (long long)id);
		return CTL_USAGE;
	}
	kind = store_column_dup(stmt, 2);
	result = store_column_dup(stmt, 3);
	proof = store_column_dup(stmt, 8);
	note = store_column_dup(stmt, 9);
	v = ctl_clean((const char *)sqlite3_column_text(stmt, 6), 0);
	fprintf(out, "message %lld: %s, sprint %s\nreceived %s from %s "
	    "(UID %lld), %lld bytes\n\n", (long long)id, kind,
	    sqlite3_column_type(stmt, 4) == SQLITE_NULL ? "none" :
	    (const char *)sqlite3_column_text(stmt, 4),
	    sqlite3_column_text(stmt, 5), v,
	    (long long)sqlite3_column_int64(stmt, 7),
	    (long long)sqlite3_column_int64(stmt, 1));
	free(v);
	raw = sqlite3_column_blob(stmt, 0);
	len = (size_t)sqlite3_column_bytes(stmt, 0);
	if (len == 0 && strcmp(kind, "evaluation") == 0)
		why = xstrdup("not kept: an evaluation's mail is deleted once "
		    "its answers are stored apart from names");
	else if (len == 0 && sqlite3_column_int64(stmt, 1) == 0 &&
	    strcmp(kind, "toolarge") != 0)
		why = xstrdup("not kept: its text was deleted when the "
		    "evaluation closed (it held answers)");
	else if (len == 0 || (int64_t)len != sqlite3_column_int64(stmt, 1))
		why = xstrdup("only a stub is kept: the message was too large "
		    "to fetch");
	else if (mime_parse(raw, len, &m, &why) == -1) {
		v = why;
		why = xprintf("it cannot be read: %s", v);
		free(v);
	}
	sqlite3_finalize(stmt);

	if (m != NULL) {
		for (j = 0; j < nitems(ctl_show_headers); j++) {
			for (i = 0; i < m->nheaders; i++) {
				if (!util_strcaseeq(m->headers[i].name,
				    ctl_show_headers[j]))
					continue;
				v = ctl_clean(m->headers[i].value, 0);
				fprintf(out, "%s: %s\n", ctl_show_headers[j], v);
				free(v);
			}
		}
		fprintf(out, "\n--- text%s ---\n", m->text_from_html ?
		    " (from HTML)" : "");
		v = ctl_clean(m->text != NULL ? m->text : "(no text part)", 1);
		fprintf(out, "%s%s", v, *v != '\0' && v[strlen(v) - 1] != '\n' ?
		    "\n" : "");
		free(v);
	} else
		fprintf(out, "(%s)\n", why);
	ctl_show_proof(cfg, m, proof, note, out);
	ctl_show_reading(result, kind, out);
	free(proof);
	free(note);
	mime_free(&m);
	free(why);
	free(kind);
	free(result);
	return CTL_OK;
}

/* The highest id in the outbox, to tell what a command queued. */
static int64_t
ctl_outbox_last(struct store *st)
{
	sqlite3_stmt	*stmt;
	int64_t		 id = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT ifnull(max(id), 0) FROM "
	    "outbox", -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return id;
}

/*
 * Only sprintd composes mail, so sprintctl reads the message again in a
 * transaction it then undoes (the mail it would queue signed with a key
 * of its own that nothing keeps), prints the new reading and the answer,
 * and asks sprintd to do the same for good.
 */
int
ctl_message_reprocess(struct store *st, const struct config *cfg, int64_t id,
    FILE *out)
{
	struct mailreq	 rq = { .kind = MAILREQ_REPROCESS, .message_id = id };
	struct compose	*c = NULL;
	sqlite3_stmt	*stmt;
	char		*cause = NULL;
	int64_t		 last;
	int		 r;

	if (compose_init(cfg, &c, &cause) == -1 ||
	    outbox_key_ephemeral(&cause) == -1 ||
	    store_begin(st, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		compose_free(&c);
		return CTL_FAIL;
	}
	last = ctl_outbox_last(st);
	r = ingest_reprocess(st, c, cfg, id, &cause);
	compose_free(&c);
	if (r != 0) {
		store_rollback(st);
		outbox_key_set(NULL, 0);
		log_error("%s", cause);
		free(cause);
		return r == 1 ? CTL_USAGE : CTL_FAIL;
	}
	if (sqlite3_prepare_v2(store_db(st), "SELECT m.kind, s.slug FROM "
	    "messages m LEFT JOIN sprints s ON s.id = m.sprint_id WHERE "
	    "m.id = ?1", -1, &stmt, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, id);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			fprintf(out, "message %lld reads now: %s, sprint "
			    "%s\n", (long long)id, sqlite3_column_text(stmt, 0),
			    sqlite3_column_type(stmt, 1) == SQLITE_NULL ?
			    "none (nothing applied)" :
			    (const char *)sqlite3_column_text(stmt, 1));
		sqlite3_finalize(stmt);
	}
	if (sqlite3_prepare_v2(store_db(st), "SELECT kind, recipient FROM "
	    "outbox WHERE id > ?1 ORDER BY id", -1, &stmt, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, last);
		while (sqlite3_step(stmt) == SQLITE_ROW)
			fprintf(out, "answer: %s to %s\n",
			    sqlite3_column_text(stmt, 0),
			    sqlite3_column_text(stmt, 1));
		sqlite3_finalize(stmt);
	}
	store_rollback(st);
	outbox_key_set(NULL, 0);
	if (mailreq_add(st, &rq, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_FAIL;
	}
	fprintf(out, "requested: sprintd reads it again and answers at its "
	    "next run\n");
	return CTL_OK;
}
