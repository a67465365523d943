/* ingest.c -- store, classify, apply and answer one message. */
#include "config-auto.h"

#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "ingest.h"
#include "log.h"
#include "mime.h"
#include "outbox.h"
#include "page.h"
#include "parse.h"
#include "registry.h"
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

	util_format_utc(util_now(), now);
	if (store_prepare(st, "UPDATE mailboxes SET last_uid = max(last_uid, "
	    "?3), synced_at = ?4 WHERE name = ?1 AND uidvalidity = ?2", &stmt,
	    cause) == -1)
		return -1;
	store_bind_text(stmt, 1, src->mailbox);
	sqlite3_bind_int64(stmt, 2, src->uidvalidity);
	sqlite3_bind_int64(stmt, 3, src->uid);
	store_bind_text(stmt, 4, now);
	if (store_done(st, stmt, "recording the UID", cause) == -1)
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
	int		 found = 0;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
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
	sqlite3_finalize(stmt);
	return found;
}

/* The sprint id a query about sprints gives for a day (?1) and an
 * optional text (?2), or 0. */
static int64_t
ingest_sprint_query(struct store *st, const char *sql, const char *day,
    const char *text)
{
	sqlite3_stmt	*stmt;
	int64_t		 id = 0;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) !=
	    SQLITE_OK)
		return 0;
	store_bind_text(stmt, 1, day);
	if (sqlite3_bind_parameter_count(stmt) >= 2)
		store_bind_text(stmt, 2, text);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return id;
}

/*
 * Which sprint a message is about: the one whose mail it answers (by
 * In-Reply-To and References against the outbox); else one named in the
 * subject; else the next sprint to come (or running); else the one that
 * ended last, within INGEST_AFTER_DAYS. 0 when there is none.
 */
static int64_t
ingest_pick_sprint(struct store *st, const struct mime_msg *m)
{
	char		 today[11], recent[11], *refs;
	int64_t		 id = 0;
	const char	*p;
	day_t		 now = (day_t)(util_now() / 86400);

	refs = xprintf("%s %s", m->in_reply_to ? m->in_reply_to : "",
	    m->references ? m->references : "");
	for (p = refs; (p = strchr(p, '<')) != NULL; p++) {
		char	*mid = xstrndup(p, strcspn(p, ">") + 1);

		if (ingest_exists(st, "SELECT sprint_id FROM outbox WHERE "
		    "message_id = ?1 AND sprint_id IS NOT NULL", mid, 0, 0,
		    &id) == 1) {
			free(mid);
			free(refs);
			return id;
		}
		free(mid);
	}
	free(refs);

	dates_format_iso(now - INGEST_AFTER_DAYS, recent);
	dates_format_iso(now, today);
	if ((id = ingest_sprint_query(st, "SELECT id FROM sprints WHERE "
	    "end_date >= ?1 AND ?2 IS NOT NULL AND (instr(lower(?2), "
	    "lower(name)) > 0 OR instr(lower(?2), slug) > 0) "
	    "ORDER BY start_date LIMIT 1", recent, m->subject)) != 0)
		return id;
	if ((id = ingest_sprint_query(st, "SELECT id FROM sprints WHERE "
	    "end_date >= ?1 ORDER BY start_date LIMIT 1", today, NULL)) != 0)
		return id;
	return ingest_sprint_query(st, "SELECT id FROM sprints WHERE "
	    "end_date >= ?1 ORDER BY end_date DESC LIMIT 1", recent, NULL);
}

static int
ingest_store_raw(struct store *st, const struct ingest_src *src,
    const char *raw, size_t len, const char *message_id, const char *sender,
    const char *subject, int64_t sprint_id, const char *kind,
    const char *result, int64_t *msg_id, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	util_format_utc(util_now(), now);
	if (store_prepare(st, "INSERT INTO messages (mailbox, uidvalidity, "
	    "uid, message_id, sender, subject, sprint_id, kind, result, raw, "
	    "size, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12)", &stmt, cause) == -1)
		return -1;
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
	sqlite3_bind_blob(stmt, 10, raw != NULL ? raw : "",
	    raw != NULL ? (int)len : 0, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 11, (sqlite3_int64)len);
	store_bind_text(stmt, 12, now);
	if (store_done(st, stmt, "storing a message", cause) == -1)
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

	if (outbox_count_since(st, address, util_now() - 86400, &n,
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
	const char	*p, *subj = res->subject != NULL ? res->subject : "";
	char		*refs, *mid;
	int		 found = 0;

	refs = xprintf("%s %s", res->in_reply_to ? res->in_reply_to : "",
	    res->references ? res->references : "");
	for (p = refs; !found && (p = strchr(p, '<')) != NULL; p++) {
		mid = xstrndup(p, strcspn(p, ">") + 1);
		found = ingest_exists(st, "SELECT id FROM outbox WHERE "
		    "message_id = ?1 AND kind = 'announce' AND sprint_id = ?2",
		    mid, sprint_id, 0, NULL) == 1;
		free(mid);
	}
	free(refs);
	if (found)
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

/* Applies a parsed message and queues its reply; inside the transaction. */
static int
ingest_apply(struct store *st, struct compose *c, const struct config *cfg,
    const struct sprint *s, int64_t sprint_id, int64_t msg_id,
    const struct parse_result *res, char **cause)
{
	struct compose_orig	 orig;
	struct registry_reg	 reg;
	enum registry_change	 change;
	int64_t			 person, promoted;
	int			 r, may;

	memset(&reg, 0, sizeof reg);
	orig.msg_id = msg_id;
	orig.from = res->from;
	orig.message_id = res->message_id;
	orig.references = res->references;
	orig.subject = res->subject;
	if (res->from == NULL || res->no_reply)
		return 0;
	switch (res->kind) {
	case PARSE_REGISTRATION:
	case PARSE_CANCELLATION:
	case PARSE_EVALUATION:
	case PARSE_INVALID:
		break;
	case PARSE_UNRELATED:
		if (!res->prose)
			return 0;
		if ((may = ingest_may_reply(st, cfg, res->from, cause)) == -1)
			return -1;
		return ingest_prose(st, c, s, sprint_id, msg_id, res, &orig,
		    may, cause);
	default:
		return 0;
	}
	if ((may = ingest_may_reply(st, cfg, res->from, cause)) == -1)
		return -1;
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
		r = may ? compose_reply(c, st, "confirm", s, sprint_id, &orig,
		    res, &reg, cause) : 0;
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
		r = may ? compose_reply(c, st, "cancel", s, sprint_id, &orig,
		    res, &reg, cause) : 0;
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
		log_info("%s: evaluation from %s", s->slug, res->from);
		return registry_evaluation(st, sprint_id, person, msg_id, res,
		    cause);
	case PARSE_INVALID:
		log_info("%s: unusable reply from %s (%zu problem%s)", s->slug,
		    res->from, res->nerrors, res->nerrors == 1 ? "" : "s");
		return may ? compose_reply(c, st, "error", s, sprint_id, &orig,
		    res, NULL, cause) : 0;
	default:
		return 0;
	}
}

int
ingest_message(struct store *st, struct compose *c, const struct config *cfg,
    const struct ingest_src *src, const char *raw, size_t len, char **cause)
{
	struct mime_msg		*m = NULL;
	struct parse_result	*res = NULL;
	struct sprint		*s = NULL;
	char			*json = NULL, *why = NULL;
	const char		*kind;
	int64_t			 sprint_id = 0, msg_id;
	int			 r;

	if (store_begin(st, cause) == -1)
		return -1;
	r = ingest_exists(st, "SELECT id FROM messages WHERE mailbox = ?1 AND "
	    "uidvalidity = ?2 AND uid = ?3", src->mailbox, src->uidvalidity,
	    src->uid, NULL);
	if (r != 0) {
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
		    NULL, 0, raw ? "invalid" : "toolarge", NULL, &msg_id,
		    cause) == -1)
			goto fail;
		goto done;
	}

	if (m->message_id != NULL && ingest_exists(st, "SELECT id FROM "
	    "messages WHERE message_id = ?1 AND kind != 'duplicate'",
	    m->message_id, 0, 0, NULL) == 1) {
		log_info("UID %u: %s was processed before", src->uid,
		    m->message_id);
		if (ingest_store_raw(st, src, raw, len, m->message_id,
		    m->from_addr, m->subject, 0, "duplicate", NULL, &msg_id,
		    cause) == -1)
			goto fail;
		goto done;
	}

	sprint_id = ingest_pick_sprint(st, m);
	if (sprint_id != 0 &&
	    registry_sprint_get_id(st, sprint_id, &s, cause) != 0)
		goto fail;
	/* The message is read once: the parser works on m. */
	parse_mime(m, s, &(struct parse_self){ cfg->list_address, cfg->from },
	    &res);
	/* Dates may be left out of an update, never out of a first
	 * registration. */
	if (res->kind == PARSE_REGISTRATION && s != NULL &&
	    res->from != NULL && (res->given & (PARSE_HAS_ARRIVE |
	    PARSE_HAS_DEPART)) == 0) {
		if ((r = registry_active(st, sprint_id, res->from)) == -1) {
			*cause = store_error(st, "looking up a registration");
			goto fail;
		}
		if (r == 0)
			parse_missing_dates(res, s);
	}
	kind = parse_kind_name(res->kind);
	json = parse_to_json(res, s != NULL ? s->slug : NULL);
	if (ingest_store_raw(st, src, raw, len, res->message_id, res->from,
	    res->subject, sprint_id, kind, json, &msg_id, cause) == -1)
		goto fail;
	log_debug("UID %u from %s: %s", src->uid, res->from ? res->from : "?",
	    kind);
	if (s == NULL)
		log_info("UID %u: no sprint is open; kept as %s", src->uid,
		    kind);
	else if (ingest_apply(st, c, cfg, s, sprint_id, msg_id, res,
	    cause) == -1)
		goto fail;
done:
	if (ingest_mark_done(st, src, cause) == -1)
		goto fail;
	if (store_commit(st, cause) == -1)
		goto fail;
	/* The published page shows what is committed now. */
	if (s != NULL && (res->kind == PARSE_REGISTRATION ||
	    res->kind == PARSE_CANCELLATION))
		page_update(st, cfg, sprint_id);
	free(json);
	parse_free(&res);
	sprint_free(&s);
	mime_free(&m);
	return 0;
fail:
	store_rollback(st);
	free(json);
	parse_free(&res);
	sprint_free(&s);
	mime_free(&m);
	return -1;
}
