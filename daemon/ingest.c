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

/* ingest.c -- store, classify, apply and answer one message. */
#include "config-auto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libetpan/libetpan.h>

#include "clock.h"
#include "compose.h"
#include "config.h"
#include "daily.h"
#include "dates.h"
#include "evaluation.h"
#include "ingest.h"
#include "interest.h"
#include "invite.h"
#include "listmail.h"
#include "log.h"
#include "mime.h"
#include "outbox.h"
#include "page.h"
#include "parse.h"
#include "proof.h"
#include "registry.h"
#include "sync.h"
#include "util.h"

/* A sprint is still answered (evaluations) this long after its end. */
#define INGEST_AFTER_DAYS	45

int
ingest_mailbox_get(struct store *st, const char *mailbox,
    uint32_t *uidvalidity, uint32_t *last_uid, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, "SELECT uidvalidity, last_uid FROM mailboxes "
	    "WHERE name = ?1", &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, mailbox);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*uidvalidity = (uint32_t)sqlite3_column_int64(stmt, 0);
		*last_uid = (uint32_t)sqlite3_column_int64(stmt, 1);
	} else if (rc != SQLITE_DONE)
		*cause = store_error(st, "reading the mailbox state");
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
ingest_mailbox_reset(struct store *st, const char *mailbox,
    uint32_t uidvalidity, char **cause)
{
	sqlite3_stmt	*stmt;

	if (store_prepare(st, "INSERT INTO mailboxes (name, uidvalidity, "
	    "last_uid) VALUES (?1, ?2, 0) ON CONFLICT (name) DO UPDATE SET "
	    "uidvalidity = excluded.uidvalidity, last_uid = 0", &stmt,
	    cause) == -1)
		return -1;
	store_bind_text(stmt, 1, mailbox);
	sqlite3_bind_int64(stmt, 2, uidvalidity);
	if (store_done(st, stmt, "saving the mailbox state", cause) == -1)
		return -1;
	return 0;
}

static int
ingest_mark_done(struct store *st, const struct ingest_src *src,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_cached(st, "UPDATE mailboxes SET last_uid = max(last_uid, "
	    "?3), synced_at = ?4 WHERE name = ?1 AND uidvalidity = ?2", &stmt,
	    cause) == -1)
		return -1;
	store_bind_text(stmt, 1, src->mailbox);
	sqlite3_bind_int64(stmt, 2, src->uidvalidity);
	sqlite3_bind_int64(stmt, 3, src->uid);
	store_bind_text(stmt, 4, now);
	if (store_step_done(st, stmt, "recording the UID", cause) == -1)
		return -1;
	return 0;
}

/* Returns 1 (and the first column in *id) when a row matches the query,
 * whose parameters are one text and, optionally, one or two integers; 0
 * when none does, -1 on error. */
static int
ingest_exists(struct store *st, const char *sql, const char *a,
    int64_t b, int64_t c, int64_t *id)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL;
	int		 found = 0;

	/* Every sql given is a literal: kept prepared. */
	if (store_cached(st, sql, &stmt, &cause) == -1) {
		free(cause);
		return -1;
	}
	store_bind_text(stmt, 1, a);
	if (sqlite3_bind_parameter_count(stmt) >= 2)
		sqlite3_bind_int64(stmt, 2, b);
	if (sqlite3_bind_parameter_count(stmt) >= 3)
		sqlite3_bind_int64(stmt, 3, c);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		found = 1;
		if (id != NULL)
			*id = sqlite3_column_int64(stmt, 0);
	}
	store_reset(stmt);
	return found;
}

/*
 * The sprints mail can be about: those that ended INGEST_AFTER_DAYS ago or
 * later, by start date. In a fetched batch they are read once, at
 * ingest_batch_begin: the batch's transaction holds the write lock, so
 * nobody changes them before it ends.
 */
struct ingest_candidate {
	int64_t		 id;
	char		*slug;
	char		*lname;		/* the name, ASCII lowered */
	char		 start[11];
	char		 end[11];
};

static struct {
	int			 active;
	struct ingest_candidate	*v;
	size_t			 n;
	int64_t			 checked;	/* sprint file compared */
	struct ingest_src	 done;		/* highest UID done */
	char			*mailbox;
	/* Above the highest UID stored for the mailbox, when known, a UID
	 * needs no look-up: it cannot have been stored. */
	int			 stored_known;
	uint32_t		 stored_max;
} ingest_batch;

static void
ingest_candidates_free(struct ingest_candidate **v, size_t *n)
{
	size_t	 i;

	for (i = 0; i < *n; i++) {
		free((*v)[i].slug);
		free((*v)[i].lname);
	}
	xfree(v);
	*n = 0;
}

static void
ingest_lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)util_lc((unsigned char)*s);
}

/* Today and INGEST_AFTER_DAYS ago as ISO days, formatted once a day. */
static void
ingest_days(day_t now, char today[11], char recent[11])
{
	static day_t	 day = -1;
	static char	 t[11], r[11];

	if (now != day) {
		dates_format_iso(now, t);
		dates_format_iso(now - INGEST_AFTER_DAYS, r);
		day = now;
	}
	memcpy(today, t, sizeof t);
	memcpy(recent, r, sizeof r);
}

/* Column i, an ISO day, into out ("" when NULL). */
static void
ingest_column_day(sqlite3_stmt *stmt, int i, char out[11])
{
	const unsigned char	*t = sqlite3_column_text(stmt, i);

	snprintf(out, 11, "%s", t != NULL ? (const char *)t : "");
}

static int
ingest_candidates_load(struct store *st, struct ingest_candidate **out,
    size_t *nout, char **cause)
{
	sqlite3_stmt		*stmt;
	struct ingest_candidate	*v = NULL, *c;
	size_t			 n = 0;
	char			 today[11], recent[11];
	int			 rc;

	ingest_days((day_t)(clock_now() / 86400), today, recent);
	if (store_cached(st, "SELECT id, slug, name, start_date, end_date "
	    "FROM sprints WHERE end_date >= ?1 ORDER BY start_date, end_date, "
	    "id", &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, recent);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, n + 1, sizeof *v);
		c = &v[n++];
		c->id = sqlite3_column_int64(stmt, 0);
		c->slug = store_column_dup(stmt, 1);
		c->lname = store_column_dup(stmt, 2);
		if (c->slug == NULL)
			c->slug = xstrdup("");
		if (c->lname == NULL)
			c->lname = xstrdup("");
		ingest_lower(c->lname);
		ingest_column_day(stmt, 3, c->start);
		ingest_column_day(stmt, 4, c->end);
	}
	store_reset(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the sprints");
		ingest_candidates_free(&v, &n);
		return -1;
	}
	*out = v;
	*nout = n;
	return 0;
}

int
ingest_batch_begin(struct store *st, char **cause)
{
	ingest_batch_end(NULL, NULL);
	if (ingest_candidates_load(st, &ingest_batch.v, &ingest_batch.n,
	    cause) == -1)
		return -1;
	ingest_batch.active = 1;
	return 0;
}

int
ingest_batch_end(struct store *st, char **cause)
{
	int	 rv = 0;

	if (st != NULL && ingest_batch.done.uid != 0)
		rv = ingest_mark_done(st, &ingest_batch.done, cause);
	ingest_candidates_free(&ingest_batch.v, &ingest_batch.n);
	free(ingest_batch.mailbox);
	memset(&ingest_batch, 0, sizeof ingest_batch);
	return rv;
}

/* Whether this UID was stored already: 1, 0, or -1 on a store error. */
static int
ingest_uid_stored(struct store *st, const struct ingest_src *src)
{
	return ingest_exists(st, "SELECT id FROM messages WHERE mailbox = ?1 "
	    "AND uidvalidity = ?2 AND uid = ?3", src->mailbox,
	    src->uidvalidity, src->uid, NULL);
}

/* The batch's mailbox and UIDVALIDITY become src's; what it knew of
 * another is forgotten (a batch holds one, in practice). */
static void
ingest_batch_src(const struct ingest_src *src)
{
	if (ingest_batch.mailbox != NULL &&
	    strcmp(ingest_batch.mailbox, src->mailbox) == 0 &&
	    ingest_batch.done.uidvalidity == src->uidvalidity)
		return;
	free(ingest_batch.mailbox);
	ingest_batch.mailbox = xstrdup(src->mailbox);
	ingest_batch.done.mailbox = ingest_batch.mailbox;
	ingest_batch.done.uidvalidity = src->uidvalidity;
	ingest_batch.done.uid = 0;
	ingest_batch.stored_known = 0;
}

/*
 * ingest_uid_stored, in a fetched batch too: there UIDs come in ascending
 * order, the highest UID stored for the mailbox is read once, and a UID
 * above it is not looked up (after a UIDVALIDITY change and back there
 * may be lower ones).
 */
static int
ingest_stored(struct store *st, const struct ingest_src *src, int batch)
{
	int64_t	 max = 0;
	int	 r;

	if (!batch || !ingest_batch.active)
		return ingest_uid_stored(st, src);
	ingest_batch_src(src);
	if (!ingest_batch.stored_known) {
		r = ingest_exists(st, "SELECT coalesce(max(uid), 0) FROM "
		    "messages WHERE mailbox = ?1 AND uidvalidity = ?2",
		    src->mailbox, src->uidvalidity, 0, &max);
		if (r != 1)
			return r == -1 ? -1 : ingest_uid_stored(st, src);
		ingest_batch.stored_known = 1;
		ingest_batch.stored_max = (uint32_t)max;
	}
	if (src->uid > ingest_batch.stored_max)
		return 0;
	return ingest_uid_stored(st, src);
}

/* A message of the batch is done (its savepoint released): its UID is
 * marked with the batch's, at ingest_batch_end. */
static void
ingest_batch_note(const struct ingest_src *src)
{
	ingest_batch_src(src);
	if (ingest_batch.stored_known && src->uid > ingest_batch.stored_max)
		ingest_batch.stored_max = src->uid;
	if (src->uid > ingest_batch.done.uid)
		ingest_batch.done.uid = src->uid;
}

/* The sprint of ingest_pick_sprint among the candidates, by the subject
 * (ASCII lowered, or NULL) and the days (ISO) of today and of
 * INGEST_AFTER_DAYS ago; 0 when none, and also when two or more are open
 * and the subject names none (*open then counts them: not guessed). */
static int64_t
ingest_pick_open(const struct ingest_candidate *v, size_t n,
    const char *subj, const char *today, const char *recent, int *open)
{
	const struct ingest_candidate	*last = NULL;
	size_t				 i;

	*open = 0;
	for (i = 0; subj != NULL && i < n; i++)
		if (strcmp(v[i].end, recent) >= 0 &&
		    (strstr(subj, v[i].lname) != NULL ||
		    strstr(subj, v[i].slug) != NULL))
			return v[i].id;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].end, today) >= 0)
			(*open)++;
	if (*open >= 2)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].end, today) >= 0)
			return v[i].id;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].end, recent) >= 0 && (last == NULL ||
		    strcmp(v[i].end, last->end) > 0))
			last = &v[i];
	return last != NULL ? last->id : 0;
}

/* A Message-ID that a message answers, against the outbox. */
struct ingest_ref {
	struct store	*st;
	int64_t		 id;		/* the sprint, or 0 */
	int64_t		 sprint_id;	/* for ingest_ref_announce */
};

/* The sprint of a mail of sprintd's with that Message-ID. */
static int
ingest_ref_sprint(const char *mid, void *arg)
{
	struct ingest_ref	*lk = arg;

	if (ingest_exists(lk->st, "SELECT sprint_id FROM outbox WHERE "
	    "message_id = ?1 AND sprint_id IS NOT NULL", mid, 0, 0,
	    &lk->id) != 1)
		lk->id = 0;
	return lk->id != 0;
}

/* 1 when that Message-ID is the announcement of lk's sprint. */
static int
ingest_ref_announce(const char *mid, void *arg)
{
	struct ingest_ref	*lk = arg;

	return ingest_exists(lk->st, "SELECT id FROM outbox WHERE message_id "
	    "= ?1 AND kind = 'announce' AND sprint_id = ?2", mid,
	    lk->sprint_id, 0, NULL) == 1;
}

/*
 * Of two or more open sprints, the one the sender (the From address) is
 * registered for, when it is exactly one: that is no guess. 0 otherwise.
 */
static int64_t
ingest_pick_registered(struct store *st, const struct ingest_candidate *v,
    size_t n, const char *today, const char *from)
{
	int64_t	 id = 0;
	size_t	 i;
	int	 r;

	for (i = 0; from != NULL && i < n; i++) {
		if (strcmp(v[i].end, today) < 0)
			continue;
		if ((r = registry_active(st, v[i].id, from)) == -1)
			return 0;
		if (r == 1) {
			if (id != 0)
				return 0;
			id = v[i].id;
		}
	}
	return id;
}

/*
 * Which sprint a message is about: the one whose mail it answers (by
 * In-Reply-To and References against the outbox); else one named in the
 * subject; else, while one sprint is open, that one, and of two or more
 * open the one its sender is registered for; else the one that ended
 * last, within INGEST_AFTER_DAYS. 0 when there is none (or on a store
 * error, which the caller meets again at once); 0 with *which set to the
 * soonest open sprint when two or more are open and nothing tells them
 * apart (the sender is asked, never guessed for).
 */
static int64_t
ingest_pick_sprint(struct store *st, const struct mime_msg *m, int *by_ref,
    int64_t *which)
{
	struct ingest_candidate	*v;
	struct ingest_ref	 lk;
	size_t			 n, i;
	char			 today[11], recent[11], *subj = NULL;
	char			*why = NULL;
	int64_t			 id = 0;
	day_t			 now = (day_t)(clock_now() / 86400);
	int			 open;

	*which = 0;
	lk.st = st;
	lk.id = 0;
	util_each_msgid(m->in_reply_to, m->references, 0, ingest_ref_sprint,
	    &lk);
	id = lk.id;
	if ((*by_ref = id != 0))
		return id;

	if (ingest_batch.active) {
		v = ingest_batch.v;
		n = ingest_batch.n;
	} else if (ingest_candidates_load(st, &v, &n, &why) == -1) {
		free(why);
		return 0;
	}
	ingest_days(now, today, recent);
	if (m->subject != NULL) {
		subj = xstrdup(m->subject);
		ingest_lower(subj);
	}
	*which = 0;
	id = ingest_pick_open(v, n, subj, today, recent, &open);
	if (id == 0 && open >= 2 && (id = ingest_pick_registered(st, v, n,
	    today, m->from_addr)) == 0) {
		for (i = 0; i < n && *which == 0; i++)
			if (strcmp(v[i].end, today) >= 0)
				*which = v[i].id;
	}
	free(subj);
	if (!ingest_batch.active)
		ingest_candidates_free(&v, &n);
	return id;
}

static int
ingest_store_raw(struct store *st, const struct ingest_src *src,
    const char *raw, size_t len, const char *message_id, const char *sender,
    const char *subject, int64_t sprint_id, const char *kind,
    const char *result, const char *proof, const char *note,
    int64_t *msg_id, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21], idate[21];
	int		 r;

	clock_format_utc(clock_now(), now);
	if (store_cached(st, "INSERT INTO messages (mailbox, uidvalidity, "
	    "uid, message_id, sender, subject, sprint_id, kind, result, raw, "
	    "size, received_at, proof, note, internal_date) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", &stmt,
	    cause) == -1)
		return -1;
	store_bind_text(stmt, 13, proof);
	store_bind_text(stmt, 14, note);
	if (src->internaldate > 0) {
		clock_format_utc(src->internaldate, idate);
		store_bind_text(stmt, 15, idate);
	}
	store_bind_text(stmt, 1, src->mailbox);
	sqlite3_bind_int64(stmt, 2, src->uidvalidity);
	sqlite3_bind_int64(stmt, 3, src->uid);
	store_bind_text(stmt, 4, message_id);
	store_bind_text(stmt, 5, sender);
	store_bind_text(stmt, 6, subject);
	if (sprint_id != 0)
		sqlite3_bind_int64(stmt, 7, sprint_id);
	store_bind_text(stmt, 8, kind);
	store_bind_text(stmt, 9, result);
	/* The message is not copied: it lives until the step is done, and
	 * the binding goes with it. */
	sqlite3_bind_blob(stmt, 10, raw != NULL ? raw : "",
	    raw != NULL ? (int)len : 0, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 11, (sqlite3_int64)len);
	store_bind_text(stmt, 12, now);
	r = store_step_done(st, stmt, "storing a message", cause);
	sqlite3_bind_null(stmt, 10);
	if (r == -1)
		return -1;
	*msg_id = sqlite3_last_insert_rowid(store_db(st));
	return 0;
}

/* Replies are capped per address per day, so two robots never loop. */
static int
ingest_may_reply(struct store *st, const struct config *cfg,
    const char *address, char **cause)
{
	int	 n;

	if (outbox_count_since(st, address, clock_now() - 86400, &n,
	    cause) == -1)
		return -1;
	if (n >= cfg->replies_per_day) {
		log_warn("not answering %s: %d replies in the last day already "
		    "(replies_per_day)", address, n);
		return 0;
	}
	return 1;
}

/* 1 when the message answers the sprint's announcement: it refers to
 * the announcement's Message-ID, or its subject replies to the sprint by
 * name. */
static int
ingest_in_announce_thread(struct store *st, const struct sprint *s,
    int64_t sprint_id, const struct parse_result *res)
{
	const char		*p, *subj = res->subject != NULL ?
				    res->subject : "";
	struct ingest_ref	 lk = { st, 0, sprint_id };

	if (util_each_msgid(res->in_reply_to, res->references, 0,
	    ingest_ref_announce, &lk))
		return 1;
	while (*subj == ' ')
		subj++;
	if (!util_strncaseeq(subj, "re:", 3) && !util_strncaseeq(subj, "aw:",
	    3) && !util_strncaseeq(subj, "sv:", 3))
		return 0;
	for (p = subj; *p != '\0'; p++)
		if (util_strncaseeq(p, s->name, strlen(s->name)))
			return 1;
	return 0;
}

/*
 * Answers a registration written in prose, once per address and sprint,
 * with the form pre-filled with what could be read. Nothing is stored as
 * a registration; a person already registered gets nothing.
 */
static int
ingest_prose(struct store *st, struct compose *c, const struct sprint *s,
    int64_t sprint_id, int64_t msg_id, const struct parse_result *res,
    const struct compose_orig *orig, int may, char **cause)
{
	struct parse_result	 pre;
	sqlite3_stmt		*stmt;
	int			 r;

	if (!ingest_in_announce_thread(st, s, sprint_id, res))
		return 0;
	if ((r = registry_active(st, sprint_id, res->from)) != 0)
		return r == -1 ? -1 : 0;
	if (store_prepare(st, "INSERT INTO prose_replies (sprint_id, email, "
	    "message_id) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", &stmt,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, res->from);
	sqlite3_bind_int64(stmt, 3, msg_id);
	if (store_done(st, stmt, "recording a prose reply", cause) == -1)
		return -1;
	if (sqlite3_changes(store_db(st)) == 0 || !may)
		return 0;
	log_info("%s: %s wrote in prose about coming: sending the form",
	    s->slug, res->from);
	pre = *res;
	pre.nerrors = 0;
	pre.arrive_state = DATES_KNOWN;
	pre.arrive = res->prose_arrive;
	pre.depart_state = res->prose_depart_state;
	pre.depart = res->prose_depart;
	/* The name from the From header is a good guess to confirm. */
	pre.given = PARSE_HAS_ARRIVE | PARSE_HAS_NAME |
	    (pre.depart_state == DATES_KNOWN ? PARSE_HAS_DEPART : 0);
	return compose_reply(c, st, "prose", s, sprint_id, orig, &pre, NULL,
	    cause);
}

/*
 * "Invite: no" or "unsubscribe": no more invitations, for good; the one
 * confirmation goes out only when the opt-out is new.
 */
static int
ingest_optout(struct store *st, struct compose *c, const struct config *cfg,
    const struct sprint *s, int64_t sprint_id, int64_t msg_id,
    const struct parse_result *res, const struct compose_orig *orig,
    char **cause)
{
	int	 r, may;

	if ((r = invite_optout(st, res->from, msg_id, cause)) != 1)
		return r;
	log_info("%s: %s wants no more invitations", s->slug, res->from);
	if ((may = ingest_may_reply(st, cfg, res->from, cause)) != 1)
		return may;
	return compose_reply(c, st, "optout", s, sprint_id, orig, res, NULL,
	    cause);
}

/* Sets the stored reading's kind and note (why it reads so). */
static int
ingest_set_note(struct store *st, int64_t msg_id, const char *kind,
    const char *note, char **cause)
{
	sqlite3_stmt	*stmt;

	if (store_prepare(st, "UPDATE messages SET kind = coalesce(?2, kind), "
	    "note = ?3 WHERE id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, msg_id);
	store_bind_text(stmt, 2, kind);
	store_bind_text(stmt, 3, note);
	return store_done(st, stmt, "noting how a message was read", cause);
}

/* 1 when email has a registration of the sprint, whatever its state,
 * that another message than msg_id made (read again, the message that
 * made it acts on nobody else). */
static int
ingest_known(struct store *st, int64_t sprint_id, const char *email,
    int64_t msg_id)
{
	return ingest_exists(st, "SELECT r.id FROM registrations r JOIN "
	    "people p ON p.id = r.person_id WHERE p.email = ?1 AND "
	    "r.sprint_id = ?2 AND coalesce((SELECT h.message_id FROM "
	    "registration_history h WHERE h.registration_id = r.id ORDER BY "
	    "h.id LIMIT 1), 0) != ?3", email, sprint_id, msg_id, NULL);
}

/* What a held update would change, one line each: the dates and the
 * yes/no fields as read; free text only named (the mail goes to the
 * address's owner, but the words are whoever wrote them). */
static size_t
ingest_changes(const struct parse_result *res, char **v, size_t max)
{
	char		 iso[11];
	size_t		 n = 0, i;

	if ((res->given & PARSE_HAS_ARRIVE) && n < max) {
		if (res->local)
			v[n++] = xstrdup("Arrive: you live there");
		else if (res->arrive_state == DATES_KNOWN) {
			dates_format_iso(res->arrive, iso);
			v[n++] = xprintf("Arrive: %s", iso);
		} else
			v[n++] = xstrdup("Arrive: not known (?)");
	}
	if ((res->given & PARSE_HAS_DEPART) && !res->local && n < max) {
		if (res->depart_state == DATES_KNOWN) {
			dates_format_iso(res->depart, iso);
			v[n++] = xprintf("Depart: %s", iso);
		} else
			v[n++] = xstrdup("Depart: not known (?)");
	}
	if ((res->given & PARSE_HAS_NAME) && n < max)
		v[n++] = xstrdup("your name");
	if ((res->given & PARSE_HAS_ACC) && n < max)
		v[n++] = xstrdup("where you stay");
	if ((res->given & PARSE_HAS_NEWCOMER) && n < max)
		v[n++] = xprintf("First sprint: %s", res->newcomer ==
		    PARSE_YES ? "yes" : res->newcomer == PARSE_NO ? "no" : "?");
	if ((res->given & PARSE_HAS_FUNDING) && n < max)
		v[n++] = xprintf("Funding: %s", res->funding == PARSE_YES ?
		    "yes" : res->funding == PARSE_NO ? "no" : "?");
	if ((res->given & PARSE_HAS_DIET) && n < max)
		v[n++] = xstrdup("your diet");
	if ((res->given & PARSE_HAS_NOTES) && n < max)
		v[n++] = xstrdup("your notes");
	if ((res->given & PARSE_HAS_TOPICS) && n < max)
		v[n++] = xstrdup("your topics");
	/* The sprint's own fields: named, the text not repeated. */
	for (i = 0; i < res->ncustom && n < max; i++)
		v[n++] = xprintf("your %s", res->custom[i].id);
	if (res->interest != NULL && n < max)
		v[n++] = interest_describe(res->interest);
	return n;
}

/*
 * Before a mail of kind (confirm, cancel, request) to orig->from: while
 * the address is over replies_per_day (its plus tags folded), the mail
 * is told, not dropped: it waits until the cap frees, and an earlier one
 * of the same kind still waiting gives way to it (it carries the latest
 * state). 0, or -1 with *cause.
 */
static int
ingest_defer(struct store *st, const struct config *cfg, int64_t sprint_id,
    const char *kind, struct compose_orig *orig, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 since[21], *key;
	time_t		 now = clock_now(), first = 0;
	int		 n;

	orig->not_before = 0;
	if (outbox_count_since(st, orig->from, now - 86400, &n, cause) == -1)
		return -1;
	if (n < cfg->replies_per_day)
		return 0;
	clock_format_utc(now - 86400, since);
	key = util_addr_key(orig->from);
	if (store_prepare(st, "SELECT min(created_at) FROM outbox WHERE "
	    "recipient_key = ?1 AND created_at >= ?2 AND reply_to IS NOT NULL",
	    &stmt, cause) == -1) {
		free(key);
		return -1;
	}
	store_bind_text(stmt, 1, key);
	store_bind_text(stmt, 2, since);
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		clock_parse_utc((const char *)sqlite3_column_text(stmt, 0),
		    &first);
	sqlite3_finalize(stmt);
	orig->not_before = (first > 0 ? first : now) + 86400;
	if (store_prepare(st, "UPDATE outbox SET status = 'suppressed', "
	    "last_error = 'replaced by a later one' WHERE recipient_key = ?1 "
	    "AND sprint_id = ?2 AND kind = ?3 AND status = 'queued' AND "
	    "attempts = 0 AND next_attempt > ?4", &stmt, cause) == -1) {
		free(key);
		return -1;
	}
	sqlite3_bind_text(stmt, 1, key, -1, free);
	sqlite3_bind_int64(stmt, 2, sprint_id);
	store_bind_text(stmt, 3, kind);
	clock_format_utc(now, since);
	store_bind_text(stmt, 4, since);
	if (store_done(st, stmt, "replacing a waiting mail", cause) == -1)
		return -1;
	log_info("%s is over replies_per_day (%d): the %s goes when the cap "
	    "frees", orig->from, cfg->replies_per_day, kind);
	return 0;
}

/*
 * first_contact_per_hour: 0 when a mail to this address (which never
 * proved itself) may go now; 1 when the sprint's hour is used up and the
 * message waits (first_contact_waiting) to be read again in arrival
 * order, when its confirmation can go; -1 with *cause.
 */
static int
ingest_first_wait(struct store *st, const struct config *cfg,
    int64_t sprint_id, int64_t msg_id, const struct parse_result *res,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];
	int		 n, waiting;

	if (outbox_first_contacts(st, sprint_id, clock_now() - 3600, &n,
	    cause) == -1)
		return -1;
	/* Those that wait already go first. */
	waiting = ingest_exists(st, "SELECT message_id FROM "
	    "first_contact_waiting WHERE sprint_id = ?2 AND message_id < ?3 "
	    "AND ?1 IS NOT NULL", "", sprint_id, msg_id, NULL);
	if (waiting == -1) {
		*cause = store_error(st, "reading the first contacts waiting");
		return -1;
	}
	if (n < cfg->first_contact_per_hour && !waiting)
		return 0;
	clock_format_utc(clock_now(), now);
	if (store_prepare(st, "INSERT OR IGNORE INTO first_contact_waiting "
	    "(message_id, sprint_id, created_at) VALUES (?1, ?2, ?3)", &stmt,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, msg_id);
	sqlite3_bind_int64(stmt, 2, sprint_id);
	store_bind_text(stmt, 3, now);
	if (store_done(st, stmt, "keeping a first contact waiting",
	    cause) == -1)
		return -1;
	log_warn("unusual volume: %d mails to new addresses in the last hour "
	    "(first_contact_per_hour %d): the %s from %s waits",
	    n, cfg->first_contact_per_hour, parse_kind_name(res->kind),
	    res->from);
	return ingest_set_note(st, msg_id, NULL, "waits: first_contact_per_hour "
	    "reached; read again when its answer may go", cause) == -1 ? -1 : 1;
}

/*
 * A request that would act on an existing person and does not prove its
 * sender: kept, not applied; one mail to the recorded address asks to
 * confirm it (a later request of the same address replaces it). The mail
 * waits, never dropped, while the address is over replies_per_day.
 */
static int
ingest_hold(struct store *st, struct compose *c, const struct config *cfg,
    const struct sprint *s, int64_t sprint_id, int64_t msg_id,
    const struct parse_result *res, struct compose_orig *orig,
    const char *what, char **cause)
{
	char		*changes[8], *mid = NULL, *note;
	size_t		 n = 0, i;
	int64_t		 id;
	int		 r;

	if (proof_hold(st, sprint_id, msg_id, res->from, what, &id,
	    cause) == -1)
		return -1;
	if (strcmp(what, "update") == 0)
		n = ingest_changes(res, changes, nitems(changes));
	if (ingest_defer(st, cfg, sprint_id, "request", orig, cause) == -1)
		r = -1;
	else
		r = compose_request(c, st, s, sprint_id, orig, what, changes,
		    n, &mid, cause);
	for (i = 0; i < n; i++)
		free(changes[i]);
	if (r == -1)
		return -1;
	if (mid != NULL && proof_request_mid(st, id, mid, cause) == -1) {
		free(mid);
		return -1;
	}
	free(mid);
	log_info("%s: %s (%s) from %s does not prove its sender: held as "
	    "request %lld until the address confirms", s->slug, what,
	    parse_kind_name(res->kind), res->from, (long long)id);
	note = xprintf("held: the sender is not proved; request %lld waits "
	    "for %s to confirm", (long long)id, res->from);
	r = ingest_set_note(st, msg_id, NULL, note, cause);
	free(note);
	return r;
}

/* 1 when the person was sent the questionnaire of the sprint and is
 * still registered: the only answers that count. */
static int
ingest_asked(struct store *st, int64_t sprint_id, const char *email)
{
	return ingest_exists(st, "SELECT o.id FROM outbox o JOIN people p ON "
	    "lower(p.email) = lower(o.recipient) JOIN registrations r ON "
	    "r.person_id = p.id AND r.sprint_id = o.sprint_id WHERE "
	    "lower(o.recipient) = lower(?1) AND o.sprint_id = ?2 AND o.kind = "
	    "'evaluate' AND o.status = 'sent' AND r.status = 'registered'",
	    email, sprint_id, 0, NULL);
}

/* The message just applied changed a planning (planning.txt is written
 * after the commit, as the people page is). */
static int	 ingest_planned;

static int ingest_apply(struct store *, struct compose *,
    const struct config *, const struct sprint *, int64_t, int64_t,
    const struct parse_result *, int, const struct proof *, char **);
static int ingest_confirm(struct store *, struct compose *,
    const struct config *, int64_t request, int64_t msg_id, char **);

/*
 * Applies a parsed message and queues its reply; inside the transaction.
 * via_list: the message came through the list (it has a List-Id). pf:
 * how it proved its sender. Whatever acts on an existing person needs
 * the proof; without it, it is held (ingest_hold).
 */
static int
ingest_apply(struct store *st, struct compose *c, const struct config *cfg,
    const struct sprint *s, int64_t sprint_id, int64_t msg_id,
    const struct parse_result *res, int via_list, const struct proof *pf,
    char **cause)
{
	struct compose_orig	 orig;
	struct registry_reg	 reg;
	enum registry_change	 change;
	int64_t			 person, promoted;
	int			 r, may, proven, known;

	memset(&reg, 0, sizeof reg);
	memset(&orig, 0, sizeof orig);
	orig.msg_id = msg_id;
	orig.from = res->from;
	orig.message_id = res->message_id;
	orig.references = res->references;
	orig.subject = res->subject;
	if (res->from == NULL || res->no_reply)
		return 0;
	proven = pf->how != PROOF_NONE;
	/* The answer to a mail that asked to confirm a held request. */
	if (pf->request != 0)
		return ingest_confirm(st, c, cfg, pf->request, msg_id, cause);
	/* Planning lines and summary answers (daily.c decides nothing of
	 * proof: it is given pf). */
	if (res->body != NULL && (res->kind == PARSE_UNRELATED ||
	    res->kind == PARSE_INVALID)) {
		if ((may = ingest_may_reply(st, cfg, res->from, cause)) == -1)
			return -1;
		if ((r = daily_reply(st, c, s, sprint_id, msg_id, res, pf,
		    &orig, may, &ingest_planned, cause)) != 0)
			return r == -1 ? -1 : 0;
	}
	if (res->invite_optout) {
		if (!proven)
			return ingest_hold(st, c, cfg, s, sprint_id, msg_id, res,
			    &orig, "optout", cause);
		return ingest_optout(st, c, cfg, s, sprint_id, msg_id, res,
		    &orig, cause);
	}
	/* An answer to the pre-announcement: a later one replaces the
	 * earlier, so it needs the proof as an update does. */
	if (res->kind == PARSE_INTEREST) {
		if ((known = interest_known(st, sprint_id, res->from)) == -1)
			goto storefail;
		if (known && !proven)
			return ingest_hold(st, c, cfg, s, sprint_id, msg_id,
			    res, &orig, "update", cause);
		if ((may = ingest_may_reply(st, cfg, res->from, cause)) == -1)
			return -1;
		return interest_apply(st, c, s, sprint_id, msg_id, &orig, res,
		    may, cause);
	}
	if ((known = ingest_known(st, sprint_id, res->from, msg_id)) == -1)
		goto storefail;
	orig.first_contact = !proven && !known;
	switch (res->kind) {
	case PARSE_REGISTRATION:
		if (known && !proven)
			return ingest_hold(st, c, cfg, s, sprint_id, msg_id, res,
			    &orig, "update", cause);
		break;
	case PARSE_CANCELLATION:
		if ((r = registry_active(st, sprint_id, res->from)) == -1)
			goto storefail;
		if (r == 1 && !proven)
			return ingest_hold(st, c, cfg, s, sprint_id, msg_id, res,
			    &orig, "cancel", cause);
		break;
	case PARSE_EVALUATION:
		if ((r = ingest_asked(st, sprint_id, res->from)) == -1)
			goto storefail;
		if (r == 0) {
			log_info("%s: evaluation answers from %s, who was not "
			    "sent the questionnaire: not counted", s->slug,
			    res->from);
			return ingest_set_note(st, msg_id, "invalid",
			    "evaluation answers from an address that was not "
			    "sent the questionnaire (or is no longer "
			    "registered): not counted", cause) == -1 ? -1 :
			    evaluation_forget(st, msg_id, cause);
		}
		if (!proven)
			return ingest_hold(st, c, cfg, s, sprint_id, msg_id, res,
			    &orig, "evaluation", cause);
		break;
	case PARSE_INVALID:
		break;
	case PARSE_UNRELATED:
		if (!res->prose)
			return 0;
		break;
	default:
		return 0;
	}
	/* A mail to an address that never proved itself waits past
	 * first_contact_per_hour, and the registration behind it too. */
	if (orig.first_contact && (r = ingest_first_wait(st, cfg, sprint_id,
	    msg_id, res, cause)) != 0)
		return r == -1 ? -1 : 0;
	/* A person of an imported people.txt writes: they have an address. */
	if (res->kind == PARSE_REGISTRATION &&
	    invite_claim(st, res->from, res->name, cause) == -1)
		return -1;
	if ((may = ingest_may_reply(st, cfg, res->from, cause)) == -1)
		return -1;
	if (res->kind == PARSE_UNRELATED)
		return ingest_prose(st, c, s, sprint_id, msg_id, res, &orig,
		    may, cause);
	if (registry_person(st, res->from, res->kind == PARSE_REGISTRATION ?
	    res->name : NULL, &person, cause) == -1)
		return -1;

	switch (res->kind) {
	case PARSE_REGISTRATION:
		if (registry_register(st, sprint_id, s->capacity, person,
		    msg_id, res, &change, &reg, cause) == -1)
			return -1;
		log_info("%s: %s %s (%s)", s->slug, res->from,
		    change == REGISTRY_UPDATED ? "updated the registration" :
		    "registered", reg.status);
		/* Every change is told, whatever the cap: over it, the
		 * confirmation waits for the next day. */
		r = ingest_defer(st, cfg, sprint_id, "confirm", &orig, cause);
		if (r == 0)
			r = compose_reply(c, st, "confirm", s, sprint_id, &orig,
			    res, &reg, cause);
		registry_reg_clear(&reg);
		return r;
	case PARSE_CANCELLATION:
		r = registry_cancel(st, sprint_id, s->capacity, person, msg_id,
		    &promoted, cause);
		if (r == -1)
			return -1;
		if (r == 1) {
			log_info("%s: %s cancelled without a registration",
			    s->slug, res->from);
			return may ? compose_reply(c, st, "not-registered", s,
			    sprint_id, &orig, res, NULL, cause) : 0;
		}
		log_info("%s: %s cancelled", s->slug, res->from);
		if (registry_get(st, sprint_id, person, &reg, cause) != 0)
			return -1;
		r = ingest_defer(st, cfg, sprint_id, "cancel", &orig, cause);
		if (r == 0)
			r = compose_reply(c, st, "cancel", s, sprint_id, &orig,
			    res, &reg, cause);
		registry_reg_clear(&reg);
		if (r == -1 || promoted == 0)
			return r;
		if (registry_get(st, sprint_id, promoted, &reg, cause) != 0)
			return -1;
		log_info("%s: %s moved up from the waiting list", s->slug,
		    reg.email);
		r = compose_personal(c, st, "promoted", s, sprint_id, &reg,
		    cause);
		registry_reg_clear(&reg);
		return r;
	case PARSE_EVALUATION:
		return evaluation_apply(st, c, s, sprint_id, person, &orig, res,
		    via_list, may, cause);
	case PARSE_INVALID:
		log_info("%s: unusable reply from %s (%zu problem%s)", s->slug,
		    res->from, res->nerrors, res->nerrors == 1 ? "" : "s");
		return may ? compose_reply(c, st, "error", s, sprint_id, &orig,
		    res, NULL, cause) : 0;
	default:
		return 0;
	}
storefail:
	*cause = store_error(st, "looking up a registration");
	return -1;
}

/* What a message reads as, against the sprint it is about (or none). */
struct ingest_reading {
	struct sprint		*s;		/* borrowed from the cache, or own */
	struct sprint		*own;		/* s when it is not the cache's */
	int64_t			 sprint_id;
	int			 by_ref;	/* it answers the sprint's mail */
	struct parse_result	*res;
	char			*json;
	struct proof		 proof;
	char			*note;		/* why it reads otherwise */
	int64_t			 which;		/* two or more open and none
						 * named: the soonest, to ask */
};

static void
ingest_reading_clear(struct ingest_reading *rd)
{
	free(rd->json);
	free(rd->note);
	parse_free(&rd->res);
	proof_clear(&rd->proof);
	sprint_free(&rd->own);
	memset(rd, 0, sizeof *rd);
}

/* The Date header as a time, or -1 when it cannot be read (RFC 5322,
 * by libetpan's parser). */
static time_t
ingest_date(const char *date)
{
	struct mailimf_date_time	*dt = NULL;
	size_t				 idx = 0;
	time_t				 t;

	if (date == NULL || mailimf_date_time_parse(date, strlen(date), &idx,
	    &dt) != MAILIMF_NO_ERROR)
		return -1;
	t = clock_from_fields(dt->dt_year, dt->dt_month, dt->dt_day,
	    dt->dt_hour, dt->dt_min, dt->dt_sec, dt->dt_zone);
	mailimf_date_time_free(dt);
	return t != 0 ? t : -1;
}

/* When a message was written and received: the later of its Date and
 * its INTERNALDATE, each where known; 0 when neither is. */
static time_t
ingest_written(const struct mime_msg *m, time_t internaldate)
{
	time_t	 date = ingest_date(m->date);

	if (date == -1)
		date = 0;
	return internaldate > date ? internaldate : date;
}

/* ASCII classes, whatever the locale. */
#define ING_DIGIT(c)	((c) >= '0' && (c) <= '9')
#define ING_UPPER(c)	((c) >= 'A' && (c) <= 'Z')
#define ING_ALNUM(c)	(ING_DIGIT(c) || ING_UPPER(c) || ((c) >= 'a' && \
			    (c) <= 'z'))

/* Words that say nothing of where a sprint is, before "sprint". */
static const char *const ingest_sprint_words[] = {
	"pypy", "winter", "summer", "spring", "autumn", "fall", "coding",
	"dev", "developer", "developers", "the", "a", "an", "our", "this",
	"next", "last", "upcoming", "first", "second", "mini", "core",
	"python", "annual", "yearly", "big", "small", "remote", "online",
	"virtual", "joint", "new", "planned", NULL
};

/* 1 when the word [w, w+n) appears in hay (lowered) as a word. */
static int
ingest_has_word(const char *hay, const char *w, size_t n)
{
	const char	*p;

	for (p = hay; hay != NULL && (p = strstr(p, w)) != NULL; p++) {
		if ((p == hay || !ING_ALNUM((unsigned char)p[-1])) &&
		    !ING_ALNUM((unsigned char)p[n]))
			return 1;
	}
	return 0;
}

/*
 * Whether a subject names another sprint than s: a year (19xx, 20xx)
 * beside the word "sprint" that is neither of s's, or a place before
 * "sprint" (a capitalised word, "Leysin Winter Sprint") that s's name,
 * slug and location do not hold. A new note saying so, or NULL.
 */
static char *
ingest_other_sprint(const struct sprint *s, const char *subject)
{
	char		*low, *name, *w, iso[11];
	const char	*p, *q, *start;
	size_t		 n, i;
	int		 y, ys, ye, years = 0, ours = 0;
	char		*note = NULL;

	if (subject == NULL)
		return NULL;
	low = xstrdup(subject);
	ingest_lower(low);
	if (strstr(low, "sprint") == NULL) {
		free(low);
		return NULL;
	}
	dates_format_iso(s->start, iso);
	ys = util_atoi(iso);
	dates_format_iso(s->end, iso);
	ye = util_atoi(iso);
	for (p = low; *p != '\0'; p++) {
		if ((p > low && ING_ALNUM((unsigned char)p[-1])) ||
		    !ING_DIGIT((unsigned char)p[0]) ||
		    strspn(p, "0123456789") != 4)
			continue;
		y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 +
		    (p[2] - '0') * 10 + (p[3] - '0');
		if (y < 1990 || y > 2099)
			continue;
		years++;
		ours += y == ys || y == ye;
	}
	if (years > 0 && ours == 0) {
		note = xprintf("the subject names another sprint than %s (%s)",
		    s->slug, "another year");
		free(low);
		return note;
	}
	name = xprintf("%s %s %s", s->name != NULL ? s->name : "", s->slug,
	    s->location != NULL ? s->location : "");
	ingest_lower(name);
	for (q = low; note == NULL && (q = strstr(q, "sprint")) != NULL;
	    q += 6) {
		/* The words before it, nearest first. */
		p = q;
		for (;;) {
			while (p > low && !ING_ALNUM((unsigned char)p[-1]) &&
			    ((unsigned char)p[-1] < 0x80))
				p--;
			if (p == low)
				break;
			start = p;
			while (start > low && (ING_ALNUM((unsigned char)start[-1])
			    || (unsigned char)start[-1] >= 0x80))
				start--;
			n = (size_t)(p - start);
			w = xstrndup(start, n);
			for (i = 0; ingest_sprint_words[i] != NULL; i++)
				if (strcmp(w, ingest_sprint_words[i]) == 0)
					break;
			if (ingest_sprint_words[i] != NULL) {
				free(w);
				p = start;
				continue;
			}
			/* A place is written with a capital, and is not a
			 * number. */
			if (n >= 3 && !ING_DIGIT((unsigned char)*start) &&
			    ING_UPPER((unsigned char)subject[start - low]) &&
			    !ingest_has_word(name, w, n))
				note = xprintf("the subject names another sprint "
				    "than %s (%s)", s->slug, "another place");
			free(w);
			break;
		}
	}
	free(name);
	free(low);
	return note;
}

/* The sprint's creation time in the store, or 0. */
static time_t
ingest_sprint_created(struct store *st, int64_t sprint_id)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL;
	time_t		 t = 0;

	if (store_cached(st, "SELECT created_at FROM sprints WHERE id = ?1",
	    &stmt, &cause) == -1) {
		free(cause);
		return 0;
	}
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) !=
	    NULL && clock_parse_utc((const char *)sqlite3_column_text(stmt, 0),
	    &t) == -1)
		t = 0;
	store_reset(stmt);
	return t;
}

/*
 * Mail already in the mailbox: written and received (its Date and its
 * INTERNALDATE, each where known) before the sprint was added, or with a
 * subject about another sprint, is not about it. A new note, or NULL.
 */
static char *
ingest_not_about(struct store *st, const struct ingest_reading *rd,
    const struct mime_msg *m, time_t internaldate)
{
	time_t	 created, date;

	created = ingest_sprint_created(st, rd->sprint_id);
	date = ingest_date(m->date);
	if (created > 0 && (date != -1 || internaldate > 0) &&
	    (date == -1 || date < created) &&
	    (internaldate <= 0 || internaldate < created))
		return xprintf("written and received before %s was added: "
		    "old list mail, never answered", rd->s->slug);
	return ingest_other_sprint(rd->s, m->subject);
}

/*
 * The last sprint read, kept while its stored file is the same: a batch
 * of mail about one sprint parses its YAML once, not once per message
 * (comparing the text is far cheaper than reading it).
 */
static struct sprint	*ingest_cache;

/* The sprint with this id, borrowed (valid until the next call): 0, or
 * -1 with *cause. */
static int
ingest_sprint(struct store *st, int64_t id, struct sprint **out,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		*why = NULL;
	int		 same = 0;

	/* In a batch, a sprint compared once stays as it was. */
	if (ingest_batch.active && ingest_batch.checked == id &&
	    ingest_cache != NULL) {
		*out = ingest_cache;
		return 0;
	}
	if (ingest_cache != NULL && store_cached(st, "SELECT source = ?2 AND "
	    "slug = ?3 FROM sprints WHERE id = ?1", &stmt, &why) == 0) {
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_text(stmt, 2, ingest_cache->source, -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, ingest_cache->slug, -1,
		    SQLITE_STATIC);
		same = sqlite3_step(stmt) == SQLITE_ROW &&
		    sqlite3_column_int(stmt, 0) == 1;
		store_reset(stmt);
	}
	free(why);
	if (!same) {
		sprint_free(&ingest_cache);
		if (registry_sprint_get_id(st, id, &ingest_cache, cause) != 0)
			return -1;
	}
	if (ingest_batch.active)
		ingest_batch.checked = id;
	*out = ingest_cache;
	return 0;
}

/*
 * Two or more sprints are open and the message names none: one reply
 * asks which it is about (the soonest open sprint, which, gives the
 * mail's sprint facts). 0, or -1 with *cause.
 */
static int
ingest_ask_which(struct store *st, struct compose *c, int64_t which,
    int64_t msg_id, const struct parse_result *res, char **cause)
{
	struct compose_orig	 orig;
	struct sprint		*s = NULL;
	int			 r;

	if (res->from == NULL || res->no_reply)
		return 0;
	if (registry_sprint_get_id(st, which, &s, cause) != 0)
		return -1;
	memset(&orig, 0, sizeof orig);
	orig.msg_id = msg_id;
	orig.from = res->from;
	orig.message_id = res->message_id;
	orig.references = res->references;
	orig.subject = res->subject;
	log_info("message %lld from %s: two or more sprints are open and it "
	    "names none; asked which", (long long)msg_id, res->from);
	r = compose_reply(c, st, "which-sprint", s, 0, &orig, res, NULL,
	    cause);
	sprint_free(&s);
	return r;
}

/*
 * Reads a parsed message as today's parser does: picks its sprint,
 * classifies and parses it, and makes its parse JSON. 0, or -1 with
 * *cause (a store error).
 */
static int
ingest_read(struct store *st, const struct config *cfg,
    const struct mime_msg *m, int64_t sprint_id, time_t internaldate,
    int64_t self, struct ingest_reading *rd, char **cause)
{
	char	*orig;
	int	 r;

	memset(rd, 0, sizeof *rd);
	if (sprint_id != 0) {
		/* Its own copy: the cache may be in use by the caller. */
		rd->sprint_id = sprint_id;
		rd->by_ref = 1;
		if (registry_sprint_get_id(st, sprint_id, &rd->own,
		    cause) != 0)
			return -1;
		rd->s = rd->own;
	} else
		rd->sprint_id = ingest_pick_sprint(st, m, &rd->by_ref,
		    &rd->which);
	/* Two or more open and none named: read with the soonest's facts,
	 * to tell what it is. */
	if (rd->sprint_id == 0 && rd->which != 0) {
		if (registry_sprint_get_id(st, rd->which, &rd->own,
		    cause) != 0)
			return -1;
		rd->s = rd->own;
		rd->sprint_id = rd->which;
	}
	if (rd->s == NULL && rd->sprint_id != 0 &&
	    ingest_sprint(st, rd->sprint_id, &rd->s, cause) != 0)
		return -1;
	/* What it answers of sprintd's own is quote, never an answer. */
	if (outbox_text_answered(st, m->in_reply_to, m->references, &orig,
	    cause) == -1)
		return -1;
	/* The message is read once: the parser works on m. */
	parse_mime_reply(m, rd->s, &(struct parse_self){ cfg->list_address,
	    cfg->from }, orig, &rd->res);
	free(orig);
	/* What would be applied to a sprint or answered with its facts asks
	 * which sprint instead: it is filed under none and applied to none.
	 * The rest is filed under the soonest, as with one open. */
	if (rd->which != 0 && (rd->res->kind == PARSE_REGISTRATION ||
	    rd->res->kind == PARSE_CANCELLATION ||
	    rd->res->kind == PARSE_INVALID || rd->res->prose ||
	    rd->res->update_only || rd->res->invite_optout)) {
		rd->note = xstrdup("two or more sprints are open and it names "
		    "none of them: the sender is asked which");
		rd->s = NULL;
		rd->sprint_id = 0;
	} else
		rd->which = 0;
	/* Name, diet or notes alone: an update for someone registered. */
	if (rd->res->kind == PARSE_UNRELATED && rd->res->update_only &&
	    rd->s != NULL && rd->res->from != NULL) {
		if ((r = registry_active(st, rd->sprint_id,
		    rd->res->from)) == -1) {
			*cause = store_error(st, "looking up a registration");
			return -1;
		}
		if (r == 1) {
			struct parse_result	*u = rd->res->update;

			rd->res->update = NULL;
			u->body = rd->res->body;
			rd->res->body = NULL;
			parse_free(&rd->res);
			rd->res = u;
		}
	}
	/* An update must leave a whole record: no departure before the
	 * recorded arrival. */
	if (rd->res->kind == PARSE_REGISTRATION && rd->s != NULL &&
	    rd->res->from != NULL) {
		char	*why = NULL;

		if ((r = registry_check_update(st, rd->sprint_id,
		    rd->res->from, rd->res, &why, cause)) == -1)
			return -1;
		if (r == 1)
			parse_add_error(rd->res, why);
		free(why);
	}
	/* Dates may be left out of an update, never out of a first
	 * registration. */
	if (rd->res->kind == PARSE_REGISTRATION && rd->s != NULL &&
	    rd->res->from != NULL && (rd->res->given & (PARSE_HAS_ARRIVE |
	    PARSE_HAS_DEPART)) == 0) {
		if ((r = registry_active(st, rd->sprint_id,
		    rd->res->from)) == -1) {
			*cause = store_error(st, "looking up a registration");
			return -1;
		}
		if (r == 0)
			parse_missing_dates(rd->res, rd->s);
	}
	if (rd->s != NULL && !rd->by_ref && rd->res->kind != PARSE_AUTO &&
	    (rd->note = ingest_not_about(st, rd, m, internaldate)) != NULL) {
		rd->res->kind = PARSE_UNRELATED;
		rd->res->prose = 0;
		rd->res->update_only = 0;
		rd->res->invite_optout = 0;
	}
	if (proof_check(st, cfg->authserv_id, m, rd->res->from, self,
	    &rd->proof, cause) == -1)
		return -1;
	rd->json = parse_to_json(rd->res, rd->s != NULL ? rd->s->slug : NULL);
	return 0;
}

/* The mailbox name of a digest's posts: each is stored with the
 * digest's message id for UIDVALIDITY and its place in it for UID. */
#define INGEST_DIGEST_MAILBOX	"(digest)"

/*
 * The posts of a MIME digest (stored as message digest_id, come as
 * dsrc), each read, stored and applied as a message of its own, once: a
 * post read before (its Message-ID come directly or in a digest) is kept
 * as a duplicate. Each came through the list. *changed is set when one
 * registered or cancelled. 0, or -1 with *cause.
 */
static int
ingest_digest(struct store *st, struct compose *c, const struct config *cfg,
    const struct ingest_src *dsrc, int64_t digest_id,
    const struct listmail *lm, int *changed, char **cause)
{
	const struct listmail_post	*p;
	struct ingest_reading		 rd;
	struct ingest_src		 src;
	int64_t				 id;
	size_t				 i;
	int				 r;

	src = *dsrc;
	src.mailbox = INGEST_DIGEST_MAILBOX;
	src.uidvalidity = (uint32_t)digest_id;
	for (i = 0; i < lm->nposts; i++) {
		p = &lm->posts[i];
		src.uid = (uint32_t)(i + 1);
		if (p->m == NULL) {
			log_warn("message %lld, digest part %zu: %s",
			    (long long)digest_id, i + 1, p->why);
			if (ingest_store_raw(st, &src, p->raw, p->len, NULL,
			    NULL, NULL, 0, "invalid", NULL, NULL, NULL, &id,
			    cause) == -1)
				return -1;
			continue;
		}
		if (p->m->message_id != NULL && ingest_exists(st, "SELECT id "
		    "FROM messages WHERE message_id = ?1 AND kind != "
		    "'duplicate'", p->m->message_id, 0, 0, NULL) == 1) {
			log_info("message %lld, digest part %zu: %s was "
			    "processed before", (long long)digest_id, i + 1,
			    p->m->message_id);
			if (ingest_store_raw(st, &src, p->raw, p->len,
			    p->m->message_id, p->m->from_addr, p->m->subject, 0,
			    "duplicate", NULL, NULL, NULL, &id, cause) == -1)
				return -1;
			continue;
		}
		if (ingest_read(st, cfg, p->m, 0, src.internaldate, 0, &rd,
		    cause) == -1)
			return -1;
		r = ingest_store_raw(st, &src, p->raw, p->len,
		    rd.res->message_id, rd.res->from, rd.res->subject,
		    rd.sprint_id, parse_store_kind(rd.res->kind), rd.json,
		    rd.proof.how != PROOF_NONE ? proof_name(rd.proof.how) :
		    NULL, rd.note, &id, cause);
		/* A post of a digest may be sync mail too. */
		if (r == 0 && (r = sync_ingest(st, c, cfg, p->m, id,
		    ingest_written(p->m, src.internaldate), rd.res,
		    rd.by_ref, &rd.proof, cause)) == 1) {
			r = 0;
			rd.res->kind = PARSE_UNRELATED;
		} else if (r == 0 && rd.which != 0)
			r = ingest_ask_which(st, c, rd.which, id, rd.res,
			    cause);
		else if (r == 0 && rd.s != NULL)
			r = ingest_apply(st, c, cfg, rd.s, rd.sprint_id, id,
			    rd.res, 1, &rd.proof, cause);
		if (r == 0)
			r = proof_publish(st, p->m, id, cause);
		if (rd.s != NULL && (rd.res->kind == PARSE_REGISTRATION ||
		    rd.res->kind == PARSE_CANCELLATION))
			*changed = 1;
		ingest_reading_clear(&rd);
		if (r == -1)
			return -1;
	}
	return 0;
}

int
ingest_message(struct store *st, struct compose *c, const struct config *cfg,
    const struct ingest_src *src, const char *raw, size_t len, char **cause)
{
	struct mime_msg		*m = NULL;
	const struct mime_msg	*post;
	struct ingest_reading	 rd;
	struct listmail		 lm;
	char			*why = NULL;
	const char		*kind;
	int64_t			 msg_id;
	int			 r, batch, digested = 0;

	memset(&rd, 0, sizeof rd);
	memset(&lm, 0, sizeof lm);
	/* In the caller's batch, the message is a savepoint of it. */
	if ((batch = store_in_transaction(st)))
		r = store_savepoint(st, cause);
	else
		r = store_begin(st, cause);
	if (r == -1)
		return -1;
	r = ingest_stored(st, src, batch);
	if (r != 0) {
		if (batch)
			store_rollback_savepoint(st);
		else
			store_rollback(st);
		if (r == -1) {
			*cause = store_error(st, "looking up a message");
			return -1;
		}
		return 1;
	}

	if (raw != NULL && len == 0)
		why = xstrdup("empty message");
	if (raw == NULL || why != NULL ||
	    mime_parse(raw, len, &m, &why) == -1) {
		/* Kept, classified, never answered: there is nobody we can
		 * trust to answer. */
		log_warn("UID %u: %s", src->uid, why ? why : "too large");
		free(why);
		if (ingest_store_raw(st, src, raw, len, NULL, NULL,
		    NULL, 0, raw ? "invalid" : "toolarge", NULL, NULL, NULL,
		    &msg_id, cause) == -1)
			goto fail;
		goto done;
	}

	/* A post the list wrapped is read as the post it carries. */
	listmail_unwrap(raw, len, m, cfg->list_address, &lm);
	post = lm.form == LISTMAIL_WRAPPED ? lm.posts[0].m : m;
	if (lm.form == LISTMAIL_TEXT_DIGEST)
		log_warn("UID %u: %s", src->uid, listmail_auto_reason(m));

	if (post->message_id != NULL && ingest_exists(st, "SELECT id FROM "
	    "messages WHERE message_id = ?1 AND kind != 'duplicate'",
	    post->message_id, 0, 0, NULL) == 1) {
		log_info("UID %u: %s was processed before", src->uid,
		    post->message_id);
		if (ingest_store_raw(st, src, raw, len, post->message_id,
		    post->from_addr, post->subject, 0, "duplicate", NULL, NULL,
		    NULL,
		    &msg_id, cause) == -1)
			goto fail;
		goto done;
	}

	if (ingest_read(st, cfg, post, 0, src->internaldate, 0, &rd,
	    cause) == -1)
		goto fail;
	kind = parse_store_kind(rd.res->kind);
	if (ingest_store_raw(st, src, raw, len, rd.res->message_id,
	    rd.res->from, rd.res->subject, rd.sprint_id, kind, rd.json,
	    rd.proof.how != PROOF_NONE ? proof_name(rd.proof.how) : NULL,
	    rd.note, &msg_id, cause) == -1)
		goto fail;
	log_debug("UID %u from %s: %s", src->uid, rd.res->from ?
	    rd.res->from : "?", kind);
	/* Sync meeting mail is sync.c's, never a sprint's. */
	if ((r = sync_ingest(st, c, cfg, post, msg_id, ingest_written(post,
	    src->internaldate), rd.res, rd.by_ref, &rd.proof, cause)) == -1)
		goto fail;
	if (r == 1)
		rd.res->kind = PARSE_UNRELATED;
	else if (rd.which != 0) {
		if (ingest_ask_which(st, c, rd.which, msg_id, rd.res,
		    cause) == -1)
			goto fail;
	} else if (rd.s == NULL)
		log_info("UID %u: no sprint is open; kept as %s", src->uid,
		    kind);
	else if (ingest_apply(st, c, cfg, rd.s, rd.sprint_id, msg_id, rd.res,
	    mime_header(post, "List-Id") != NULL, &rd.proof, cause) == -1)
		goto fail;
	/* What it quotes through the list is public from now on. */
	if (proof_publish(st, post, msg_id, cause) == -1)
		goto fail;
	if (lm.form == LISTMAIL_DIGEST && ingest_digest(st, c, cfg, src,
	    msg_id, &lm, &digested, cause) == -1)
		goto fail;
done:
	/* In a fetched batch, the UID is marked with the batch's. */
	if (!(batch && ingest_batch.active) &&
	    ingest_mark_done(st, src, cause) == -1)
		goto fail;
	if ((batch ? store_release(st, cause) : store_commit(st, cause)) == -1)
		goto fail;
	if (batch && ingest_batch.active)
		ingest_batch_note(src);
	/* The published page shows what is committed now; in a batch,
	 * the caller updates it after the commit. */
	if (!batch && rd.s != NULL && (rd.res->kind == PARSE_REGISTRATION ||
	    rd.res->kind == PARSE_CANCELLATION || ingest_planned))
		page_update(st, cfg, rd.sprint_id);
	ingest_planned = 0;
	if (!batch && digested)
		page_update_all(st, cfg);
	ingest_reading_clear(&rd);
	listmail_clear(&lm);
	mime_free(&m);
	return 0;
fail:
	ingest_planned = 0;
	if (batch)
		store_rollback_savepoint(st);
	else
		store_rollback(st);
	ingest_reading_clear(&rd);
	listmail_clear(&lm);
	mime_free(&m);
	return -1;
}

/* A stored message, as ingest_reprocess needs it. */
struct ingest_stored {
	char	*raw;
	size_t	 len;
	int64_t	 size;
	char	*message_id;
	char	*kind;
	char	*result;
	int64_t	 sprint_id;
	time_t	 internaldate;	/* 0 when not known */
};

static void
ingest_stored_clear(struct ingest_stored *m)
{
	free(m->raw);
	free(m->message_id);
	free(m->kind);
	free(m->result);
}

/* Loads message id: 0, 1 when there is none, -1 with *cause. */
static int
ingest_load(struct store *st, int64_t id, struct ingest_stored *out,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (store_prepare(st, "SELECT raw, size, message_id, kind, result, "
	    "sprint_id, internal_date FROM messages WHERE id = ?1", &stmt,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		out->len = (size_t)sqlite3_column_bytes(stmt, 0);
		out->raw = xmalloc(out->len + 1);
		if (out->len > 0)
			memcpy(out->raw, sqlite3_column_blob(stmt, 0),
			    out->len);
		out->raw[out->len] = '\0';
		out->size = sqlite3_column_int64(stmt, 1);
		out->message_id = store_column_dup(stmt, 2);
		out->kind = store_column_dup(stmt, 3);
		out->result = store_column_dup(stmt, 4);
		out->sprint_id = sqlite3_column_int64(stmt, 5);
		if (sqlite3_column_text(stmt, 6) == NULL ||
		    clock_parse_utc((const char *)sqlite3_column_text(stmt, 6),
		    &out->internaldate) == -1)
			out->internaldate = 0;
	} else if (rc != SQLITE_DONE)
		*cause = store_error(st, "reading a message");
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* The last reply to message msg_id (that of its stored reading) when it
 * went or will go, or 0: none, or it was dropped. */
static int64_t
ingest_reply_of(struct store *st, int64_t msg_id)
{
	sqlite3_stmt	*stmt;
	int64_t		 id = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT id, status FROM outbox "
	    "WHERE reply_to = ?1 ORDER BY id DESC LIMIT 1", -1, &stmt,
	    NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(stmt, 1, msg_id);
	if (sqlite3_step(stmt) == SQLITE_ROW && strcmp((const char *)
	    sqlite3_column_text(stmt, 1), "suppressed") != 0)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return id;
}

static int
ingest_update_reading(struct store *st, int64_t msg_id,
    const struct ingest_reading *rd, char **cause)
{
	sqlite3_stmt	*stmt;

	if (store_prepare(st, "UPDATE messages SET kind = ?2, result = ?3, "
	    "sprint_id = ?4, sender = ?5, subject = ?6, proof = ?7, note = ?8 "
	    "WHERE id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, msg_id);
	store_bind_text(stmt, 2, parse_store_kind(rd->res->kind));
	store_bind_text(stmt, 3, rd->json);
	if (rd->sprint_id != 0)
		sqlite3_bind_int64(stmt, 4, rd->sprint_id);
	store_bind_text(stmt, 5, rd->res->from);
	store_bind_text(stmt, 6, rd->res->subject);
	if (rd->proof.how != PROOF_NONE)
		store_bind_text(stmt, 7, proof_name(rd->proof.how));
	store_bind_text(stmt, 8, rd->note);
	return store_done(st, stmt, "recording the new reading", cause);
}

/*
 * The answer to the mail that asked to confirm held request id: the held
 * message is read again and applied as proved. The answer itself does
 * nothing more. 0, or -1 with *cause.
 */
static int
ingest_confirm(struct store *st, struct compose *c, const struct config *cfg,
    int64_t id, int64_t msg_id, char **cause)
{
	struct proof_request	 req;
	struct ingest_stored	 held;
	struct ingest_reading	 rd;
	struct mime_msg		*m = NULL;
	struct listmail		 lm;
	char			*why = NULL, *note;
	int			 r;

	memset(&rd, 0, sizeof rd);
	memset(&held, 0, sizeof held);
	memset(&lm, 0, sizeof lm);
	if ((r = proof_request_get(st, id, &req, cause)) != 0)
		return r == 1 ? 0 : -1;
	r = -1;
	if (ingest_load(st, req.msg_id, &held, cause) != 0)
		goto out;
	if (held.len == 0 || mime_parse(held.raw, held.len, &m, &why) == -1) {
		*cause = xprintf("held message %lld cannot be read: %s",
		    (long long)req.msg_id, why != NULL ? why : "it is empty");
		free(why);
		goto out;
	}
	listmail_unwrap(held.raw, held.len, m, cfg->list_address, &lm);
	if (ingest_read(st, cfg, lm.form == LISTMAIL_WRAPPED ? lm.posts[0].m :
	    m, req.sprint_id, 0, req.msg_id, &rd, cause) == -1)
		goto out;
	rd.proof.how = PROOF_CONFIRMED;
	rd.proof.request = 0;
	log_info("%s: %s confirmed request %lld (%s)", rd.s->slug, req.email,
	    (long long)id, req.what);
	if (proof_request_done(st, id, "applied", cause) == -1 ||
	    ingest_update_reading(st, req.msg_id, &rd, cause) == -1 ||
	    ingest_apply(st, c, cfg, rd.s, req.sprint_id, req.msg_id, rd.res,
	    0, &rd.proof, cause) == -1)
		goto out;
	note = xprintf("confirms request %lld (message %lld)", (long long)id,
	    (long long)req.msg_id);
	r = ingest_set_note(st, msg_id, NULL, note, cause);
	free(note);
out:
	proof_request_clear(&req);
	ingest_stored_clear(&held);
	ingest_reading_clear(&rd);
	listmail_clear(&lm);
	mime_free(&m);
	return r;
}

static int ingest_unwait(struct store *, int64_t, char **);

/* ingest_reprocess inside the caller's transaction: 0, 1 (nothing to
 * do, *cause says why), -1 with *cause. */
static int
ingest_reread(struct store *st, struct compose *c, const struct config *cfg,
    int64_t msg_id, char **cause)
{
	struct ingest_stored	 old;
	struct ingest_reading	 rd;
	struct mime_msg		*m = NULL;
	const struct mime_msg	*post;
	struct listmail		 lm;
	char			*why = NULL;
	int64_t			 reply, first = 0;
	int			 r;

	memset(&rd, 0, sizeof rd);
	memset(&lm, 0, sizeof lm);
	if ((r = ingest_load(st, msg_id, &old, cause)) != 0) {
		if (r == 1)
			*cause = xprintf("no message %lld (see sprintctl "
			    "messages)", (long long)msg_id);
		goto out;
	}
	r = 1;
	if (strcmp(old.kind, "duplicate") == 0) {
		if (old.message_id != NULL)
			ingest_exists(st, "SELECT id FROM messages WHERE "
			    "message_id = ?1 AND kind != 'duplicate' ORDER BY "
			    "id LIMIT 1", old.message_id, 0, 0, &first);
		*cause = xprintf("message %lld is a copy of message %lld (the "
		    "same Message-ID): reprocess that one", (long long)msg_id,
		    (long long)first);
		goto out;
	}
	if (strcmp(old.kind, "toolarge") == 0 || old.size != (int64_t)old.len) {
		*cause = xprintf("message %lld was too large to fetch (%lld "
		    "bytes): only a stub of it is kept", (long long)msg_id,
		    (long long)old.size);
		goto out;
	}
	if (old.len == 0 || mime_parse(old.raw, old.len, &m, &why) == -1) {
		*cause = xprintf("message %lld still cannot be read: %s",
		    (long long)msg_id, why != NULL ? why : "empty message");
		free(why);
		goto out;
	}
	listmail_unwrap(old.raw, old.len, m, cfg->list_address, &lm);
	post = lm.form == LISTMAIL_WRAPPED ? lm.posts[0].m : m;
	if ((r = ingest_read(st, cfg, post, 0, old.internaldate, msg_id, &rd,
	    cause)) == -1)
		goto out;
	/* The same reading, answered already: answering again would send
	 * the person the same reply twice. */
	reply = ingest_reply_of(st, msg_id);
	if (reply != 0 && strcmp(old.kind,
	    parse_store_kind(rd.res->kind)) == 0 && old.result != NULL &&
	    strcmp(old.result, rd.json) == 0 && old.sprint_id == rd.sprint_id) {
		*cause = xprintf("message %lld reads as before (%s) and was "
		    "answered (mail %lld): nothing done; a reply that failed "
		    "is sent again with sprintctl outbox retry %lld",
		    (long long)msg_id, old.kind, (long long)reply,
		    (long long)reply);
		r = 1;
		goto out;
	}
	if ((r = ingest_update_reading(st, msg_id, &rd, cause)) == -1)
		goto out;
	log_info("message %lld read again: %s (was %s)", (long long)msg_id,
	    parse_kind_name(rd.res->kind), old.kind);
	if (rd.s != NULL && (r = ingest_apply(st, c, cfg, rd.s, rd.sprint_id,
	    msg_id, rd.res, mime_header(post, "List-Id") != NULL, &rd.proof,
	    cause)) == -1)
		goto out;
	r = proof_publish(st, post, msg_id, cause);
out:
	ingest_stored_clear(&old);
	ingest_reading_clear(&rd);
	listmail_clear(&lm);
	mime_free(&m);
	return r;
}

int
ingest_reprocess(struct store *st, struct compose *c, const struct config *cfg,
    int64_t msg_id, char **cause)
{
	int	 r;

	if (store_begin(st, cause) == -1)
		return -1;
	/* Read again, it waits no more: it is answered now or waits anew. */
	if ((r = ingest_reread(st, c, cfg, msg_id, cause)) == 0 &&
	    (r = ingest_unwait(st, msg_id, cause)) == 0)
		r = store_commit(st, cause);
	if (r != 0)
		store_rollback(st);
	return r;
}

/* Message msg_id waits no more for first_contact_per_hour. */
static int
ingest_unwait(struct store *st, int64_t msg_id, char **cause)
{
	sqlite3_stmt	*stmt;

	if (store_prepare(st, "DELETE FROM first_contact_waiting WHERE "
	    "message_id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, msg_id);
	return store_done(st, stmt, "taking a first contact off the wait",
	    cause);
}

int
ingest_housekeeping(struct store *st, struct compose *c,
    const struct config *cfg, int *done, char **cause)
{
	sqlite3_stmt	*stmt;
	int64_t		 id, last = 0;
	int		 r, n;

	*done = 0;
	/* Most cycles have nothing to do here: then nothing is written. */
	if (ingest_exists(st, "SELECT 1 WHERE ?1 IS NOT NULL AND (EXISTS "
	    "(SELECT 1 FROM first_contact_waiting) OR EXISTS (SELECT 1 FROM "
	    "held_requests WHERE state = 'held'))", "", 0, 0, NULL) == 0)
		return 0;
	if (store_begin(st, cause) == -1)
		return -1;
	if ((n = proof_expire(st, cause)) == -1 ||
	    store_commit(st, cause) == -1) {
		store_rollback(st);
		return -1;
	}
	if (n > 0)
		log_info("%d held request%s expired unconfirmed", n,
		    n == 1 ? "" : "s");
	/* First contacts that wait, oldest first, while their sprint's hour
	 * has room: each is read again as it arrived; one that must wait
	 * again ends the round. */
	for (;;) {
		if (store_begin(st, cause) == -1)
			return -1;
		if (store_prepare(st, "SELECT message_id FROM "
		    "first_contact_waiting WHERE message_id > ?1 ORDER BY "
		    "message_id LIMIT 1", &stmt, cause) == -1)
			goto fail;
		sqlite3_bind_int64(stmt, 1, last);
		r = sqlite3_step(stmt);
		id = r == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
		sqlite3_finalize(stmt);
		if (r != SQLITE_ROW && r != SQLITE_DONE) {
			*cause = store_error(st, "reading the first contacts");
			goto fail;
		}
		if (id == 0)
			break;
		last = id;
		if (ingest_unwait(st, id, cause) == -1)
			goto fail;
		if ((r = ingest_reread(st, c, cfg, id, cause)) == -1)
			goto fail;
		free(*cause);
		*cause = NULL;
		if (ingest_exists(st, "SELECT message_id FROM "
		    "first_contact_waiting WHERE message_id = ?2 AND ?1 IS NOT "
		    "NULL", "", id, 0, NULL) == 1) {
			/* Its hour is full again: it stays, and so do the ones
			 * after it. */
			store_rollback(st);
			return 0;
		}
		if (store_commit(st, cause) == -1)
			goto fail;
		(*done)++;
	}
	store_rollback(st);
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int
ingest_fetched(struct store *st, struct compose *c, const struct config *cfg,
    const char *mailbox, uint32_t uidvalidity, const struct ingest_item *v,
    size_t n, int (*stop)(void), int *done, char **cause)
{
	struct ingest_src	 src;
	char			*why = NULL;
	size_t			 i;

	*done = 0;
	memset(&src, 0, sizeof src);
	src.mailbox = mailbox;
	src.uidvalidity = uidvalidity;
	if (store_begin(st, cause) == -1)
		return -1;
	if (ingest_batch_begin(st, cause) == -1) {
		store_rollback(st);
		return -1;
	}
	for (i = 0; i < n && (stop == NULL || !stop()); i++) {
		src.uid = v[i].uid;
		src.internaldate = v[i].internaldate;
		if (ingest_message(st, c, cfg, &src, v[i].raw, v[i].len,
		    cause) == -1) {
			/* What came before stays done. */
			if (ingest_batch_end(st, &why) == -1) {
				log_warn("%s", why);
				xfree(&why);
			}
			if (store_commit(st, &why) == -1) {
				log_error("%s", why);
				xfree(&why);
				store_rollback(st);
			} else
				return -1;
			*done = 0;
			return -1;
		}
		(*done)++;
	}
	if (ingest_batch_end(st, cause) == -1 ||
	    store_commit(st, cause) == -1) {
		store_rollback(st);
		*done = 0;
		return -1;
	}
	return 0;
}
