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

/* outbox.c -- the durable outbox and its sending. */
#include "config-auto.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <jansson.h>

#include "clock.h"
#include "config.h"
#include "log.h"
#include "mime.h"
#include "outbox.h"
#include "smtp.h"
#include "util.h"

/*
 * The window of a flush: the mails whose 250 came but whose outcome is
 * not durable yet (what a power cut sends again) are at most
 * OUTBOX_WINDOW_MAILS, and the oldest of them at most
 * OUTBOX_WINDOW_MS old when the next mail goes. See sprintd(8).
 */
#define OUTBOX_WINDOW_MAILS	16
#define OUTBOX_WINDOW_MS	1000

/* Retries after a temporary failure, like an MTA: quickly at first, then
 * every few hours, giving up after about five days. */
static const time_t outbox_delays[] = {
	5 * 60, 15 * 60, 30 * 60, 60 * 60, 2 * 3600, 4 * 3600, 8 * 3600,
	12 * 3600, 24 * 3600, 24 * 3600, 24 * 3600, 24 * 3600,
};

/* The key of the MAC on every queued mail; only sprintd loads one. */
#define OUTBOX_KEY_LEN	32
#define OUTBOX_MAC_LEN	32
static unsigned char	outbox_key[OUTBOX_KEY_LEN];
static int		outbox_have_key;

void
outbox_key_set(const unsigned char *key, size_t len)
{
	gnutls_memset(outbox_key, 0, sizeof outbox_key);
	outbox_have_key = key != NULL;
	if (key != NULL)
		memcpy(outbox_key, key, len < sizeof outbox_key ? len :
		    sizeof outbox_key);
}

int
outbox_key_ephemeral(char **cause)
{
	unsigned char	 key[OUTBOX_KEY_LEN];

	if (gnutls_rnd(GNUTLS_RND_NONCE, key, sizeof key) < 0) {
		*cause = xstrdup("outbox key: no random bytes");
		return -1;
	}
	outbox_key_set(key, sizeof key);
	gnutls_memset(key, 0, sizeof key);
	return 0;
}

char *
outbox_key_path(const char *database)
{
	return xprintf("%s.key", database);
}

/* Makes a new key at path, readable by this user only. */
static int
outbox_key_create(const char *path, char **cause)
{
	unsigned char	 key[OUTBOX_KEY_LEN];
	int		 fd;

	if (gnutls_rnd(GNUTLS_RND_KEY, key, sizeof key) < 0) {
		*cause = xstrdup("outbox key: no random bytes");
		return -1;
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		if (errno == EEXIST)
			return 1;
		*cause = xprintf("outbox key %s: %s", path, strerror(errno));
		return -1;
	}
	if (write(fd, key, sizeof key) != (ssize_t)sizeof key ||
	    fsync(fd) == -1) {
		*cause = xprintf("outbox key %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	log_info("outbox: new key for the mail sprintd queues in %s", path);
	return 0;
}

int
outbox_key_load(const char *path, char **cause)
{
	unsigned char	 key[OUTBOX_KEY_LEN];
	struct stat	 sb;
	ssize_t		 n;
	int		 fd = -1;

	if (outbox_key_create(path, cause) == -1)
		return -1;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) == -1) {
		*cause = xprintf("outbox key %s: %s", path, strerror(errno));
		goto fail;
	}
	/* Another user's key, or one the group may read, is anyone's. */
	if (!S_ISREG(sb.st_mode) || sb.st_uid != geteuid() ||
	    (sb.st_mode & 077) != 0) {
		*cause = xprintf("outbox key %s: must be a file of this user "
		    "(uid %ld) that no one else may read or write (mode "
		    "0600)", path, (long)geteuid());
		goto fail;
	}
	if ((n = read(fd, key, sizeof key)) != (ssize_t)sizeof key) {
		*cause = xprintf("outbox key %s: %s", path, n == -1 ?
		    strerror(errno) : "too short (32 bytes expected)");
		goto fail;
	}
	close(fd);
	outbox_key_set(key, sizeof key);
	gnutls_memset(key, 0, sizeof key);
	return 0;
fail:
	if (fd != -1)
		close(fd);
	return -1;
}

/* The MAC of a queued mail: its Message-ID, kind, recipient and text. */
static int
outbox_mac(const char *mid, const char *kind, const char *rcpt,
    const void *data, size_t len, unsigned char *mac)
{
	gnutls_hmac_hd_t	 h;
	int			 r = -1;

	if (gnutls_hmac_init(&h, GNUTLS_MAC_SHA256, outbox_key,
	    sizeof outbox_key) < 0)
		return -1;
	if (gnutls_hmac(h, mid, strlen(mid) + 1) >= 0 &&
	    gnutls_hmac(h, kind, strlen(kind) + 1) >= 0 &&
	    gnutls_hmac(h, rcpt, strlen(rcpt) + 1) >= 0 &&
	    gnutls_hmac(h, data, len) >= 0)
		r = 0;
	gnutls_hmac_deinit(h, mac);
	return r;
}

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
	unsigned char	 mac[OUTBOX_MAC_LEN];
	char		 now[21];

	if (!outbox_have_key) {
		*cause = xstrdup("only sprintd queues mail (this program "
		    "holds no outbox key)");
		return -1;
	}
	if (outbox_mac(m->message_id, m->kind, m->recipient, m->data, m->len,
	    mac) == -1) {
		*cause = xstrdup("outbox: the mail's MAC could not be made");
		return -1;
	}
	clock_format_utc(clock_now(), now);
	if (store_cached(st, "INSERT INTO outbox (message_id, kind, sprint_id, "
	    "reply_to, recipient, subject, next_attempt, created_at, "
	    "recipient_key, first_contact, mac) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, ?8), ?8, ?9, ?10, "
	    "?11) ON CONFLICT (message_id) DO NOTHING", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_blob(stmt, 11, mac, sizeof mac, SQLITE_TRANSIENT);
	store_bind_text(stmt, 1, m->message_id);
	store_bind_text(stmt, 2, m->kind);
	if (m->sprint_id != 0)
		sqlite3_bind_int64(stmt, 3, m->sprint_id);
	if (m->reply_to != 0)
		sqlite3_bind_int64(stmt, 4, m->reply_to);
	store_bind_text(stmt, 5, m->recipient);
	store_bind_text(stmt, 6, m->subject);
	store_bind_text(stmt, 8, now);
	if (m->not_before > clock_now()) {
		char	 nb[21];

		clock_format_utc(m->not_before, nb);
		sqlite3_bind_text(stmt, 7, nb, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_text(stmt, 9, util_addr_key(m->recipient), -1, free);
	sqlite3_bind_int(stmt, 10, m->first_contact != 0);
	if (store_step_done(st, stmt, "queueing a mail", cause) == -1)
		return -1;
	if (sqlite3_changes(store_db(st)) != 1)
		return 1;
	/* The text apart from the status row, which changes. */
	if (store_cached(st, "INSERT INTO outbox_bodies (id, data) VALUES "
	    "(?1, ?2)", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sqlite3_last_insert_rowid(store_db(st)));
	sqlite3_bind_blob(stmt, 2, m->data, (int)m->len, SQLITE_TRANSIENT);
	if (store_step_done(st, stmt, "queueing a mail's text", cause) == -1)
		return -1;
	return 0;
}

int
outbox_text_by_message_id(struct store *st, const char *mid, char **text,
    char **cause)
{
	sqlite3_stmt	*stmt;
	struct mime_msg	*m = NULL;
	char		*why = NULL;
	int		 rc;

	*text = NULL;
	if (store_cached(st, "SELECT b.data FROM outbox o JOIN outbox_bodies b "
	    "ON b.id = o.id WHERE o.message_id = ?1", &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, mid);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			*cause = store_error(st, "reading a sent mail");
		store_reset(stmt);
		return rc == SQLITE_DONE ? 1 : -1;
	}
	/* sprintd's own mail, under its limits: it is always read. */
	if (mime_parse(sqlite3_column_blob(stmt, 0),
	    (size_t)sqlite3_column_bytes(stmt, 0), &m, &why) == 0 &&
	    m->text != NULL) {
		*text = m->text;
		m->text = NULL;
	}
	free(why);
	mime_free(&m);
	store_reset(stmt);
	return *text != NULL ? 0 : 1;
}

/* The text of the first mail of sprintd's a message answers. */
struct outbox_answered {
	struct store	*st;
	char		**text;
	char		**cause;
	int		 r;	/* as outbox_text_by_message_id's */
};

static int
outbox_answered_one(const char *mid, void *arg)
{
	struct outbox_answered	*a = arg;

	a->r = outbox_text_by_message_id(a->st, mid, a->text, a->cause);
	return a->r != 1;
}

int
outbox_text_answered(struct store *st, const char *in_reply_to,
    const char *references, char **text, char **cause)
{
	struct outbox_answered	 a = { st, text, cause, 1 };

	*text = NULL;
	/* The last reference is the mail answered, the first the thread's. */
	util_each_msgid(in_reply_to, references, 1, outbox_answered_one, &a);
	return a.r;
}

int
outbox_count_since(struct store *st, const char *address, time_t since,
    int *count, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 t[21];
	char		*key;

	clock_format_utc(since, t);

	if (store_cached(st, "SELECT count(*) FROM outbox WHERE "
	    "recipient_key = ?1 AND created_at >= ?2 AND reply_to IS NOT NULL",
	    &stmt, cause) == -1)
		return -1;
	key = util_addr_key(address);
	sqlite3_bind_text(stmt, 1, key, -1, free);
	store_bind_text(stmt, 2, t);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		*cause = store_error(st, "counting replies");
		store_reset(stmt);
		return -1;
	}
	*count = sqlite3_column_int(stmt, 0);
	store_reset(stmt);
	return 0;
}

int
outbox_first_contacts(struct store *st, int64_t sprint_id, time_t since,
    int *count, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 t[21];

	clock_format_utc(since, t);
	if (store_cached(st, "SELECT count(*) FROM outbox WHERE sprint_id = ?1 "
	    "AND created_at >= ?2 AND first_contact = 1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, t);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		*cause = store_error(st, "counting first contacts");
		store_reset(stmt);
		return -1;
	}
	*count = sqlite3_column_int(stmt, 0);
	store_reset(stmt);
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
	time_t		 t = clock_now(), delay = 0;

	clock_format_utc(t, now);
	if (result == 0)
		status = "sent";
	else if (result == 1 && (delay = outbox_backoff(attempts)) != 0)
		status = "queued";
	else
		status = "failed";
	clock_format_utc(t + delay, next);
	if (store_cached(st, "UPDATE outbox SET status = ?2, attempts = ?3, "
	    "next_attempt = ?4, last_code = ?5, last_error = ?6, "
	    "sent_at = CASE WHEN ?2 = 'sent' THEN ?7 ELSE sent_at END, "
	    "mac = CASE WHEN ?2 = 'sent' THEN NULL ELSE mac END "
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
	if (store_step_done(st, stmt, "recording a sent mail", cause) == -1)
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

/* An outcome the store could not take yet. */
struct outbox_pending {
	int64_t	 id;
	int	 result;
	int	 code;
	int	 attempts;
	char	*error;
};

/* One reply handed to the server. */
struct outbox_attempt {
	char	*rcpt;
	time_t	 at;
};

struct outbox_guard {
	struct outbox_pending	*pending;
	size_t			 npending;
	struct outbox_attempt	*att;
	size_t			 natt;
	int			 refused;	/* the last flush's login */
	int			 relaxed;	/* commits wait not for the disk */
	int			 unsynced;	/* outcomes committed, not durable */
	long long		 first_ms;	/* when the oldest of them was */
};

static long long
outbox_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * After an outcome is committed relaxed: syncs the WAL once the next mail
 * would make the window too large, in mails or in time. 0, or -1 with
 * *cause (nothing more may be sent).
 */
static int
outbox_window(struct store *st, struct outbox_guard *g, char **cause)
{
	long long	 now;

	if (!g->relaxed)
		return 0;
	now = outbox_now_ms();
	if (g->unsynced++ == 0)
		g->first_ms = now;
	if (g->unsynced < OUTBOX_WINDOW_MAILS - 1 &&
	    now - g->first_ms < OUTBOX_WINDOW_MS)
		return 0;
	if (store_sync(st, cause) == -1)
		return -1;
	g->unsynced = 0;
	return 0;
}

struct outbox_guard *
outbox_guard_new(void)
{
	return xcalloc(1, sizeof (struct outbox_guard));
}

void
outbox_guard_free(struct outbox_guard **gp)
{
	struct outbox_guard	*g = *gp;
	size_t			 i;

	if (g == NULL)
		return;
	for (i = 0; i < g->npending; i++)
		free(g->pending[i].error);
	free(g->pending);
	for (i = 0; i < g->natt; i++)
		free(g->att[i].rcpt);
	free(g->att);
	xfree(gp);
}

size_t
outbox_guard_pending(const struct outbox_guard *g)
{
	return g != NULL ? g->npending : 0;
}

int
outbox_guard_refused(const struct outbox_guard *g)
{
	return g != NULL && g->refused;
}

static int
outbox_guard_holds(const struct outbox_guard *g, int64_t id)
{
	size_t	 i;

	for (i = 0; i < g->npending; i++)
		if (g->pending[i].id == id)
			return 1;
	return 0;
}

/* Attempts to rcpt in the last day; older ones are forgotten. */
static int
outbox_guard_attempts(struct outbox_guard *g, const char *rcpt, time_t now)
{
	size_t	 i, w;
	int	 n = 0;
	char	*key;

	for (i = w = 0; i < g->natt; i++) {
		if (g->att[i].at <= now - 86400) {
			free(g->att[i].rcpt);
			continue;
		}
		g->att[w++] = g->att[i];
	}
	g->natt = w;
	key = util_addr_key(rcpt);
	for (i = 0; i < g->natt; i++)
		n += strcmp(g->att[i].rcpt, key) == 0;
	free(key);
	return n;
}

static void
outbox_guard_attempt(struct outbox_guard *g, const char *rcpt, time_t now)
{
	g->att = xreallocarray(g->att, g->natt + 1, sizeof *g->att);
	g->att[g->natt].rcpt = util_addr_key(rcpt);
	g->att[g->natt++].at = now;
}

/* Records the outcomes held in memory; -1 (nothing may be sent) while the
 * store still cannot take them. */
static int
outbox_guard_flush(struct outbox_guard *g, struct store *st, char **cause)
{
	struct outbox_pending	*p;

	while (g->npending > 0) {
		p = &g->pending[0];
		if (outbox_record(st, p->id, p->result, p->code, p->error,
		    p->attempts, cause) == -1)
			return -1;
		log_info("outbox: recorded the outcome of mail %lld at last",
		    (long long)p->id);
		free(p->error);
		memmove(p, p + 1, --g->npending * sizeof *p);
	}
	return 0;
}

/* Postpones a reply over the day's cap by an hour. */
static int
outbox_postpone(struct store *st, int64_t id, time_t now, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 next[21];

	clock_format_utc(now + 3600, next);
	if (store_prepare(st, "UPDATE outbox SET next_attempt = ?2 WHERE "
	    "id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, next);
	return store_done(st, stmt, "postponing a mail", cause);
}

/*
 * Records the outcome of the last mail sent, o (none when o->id is 0), and
 * empties o. When the store cannot take it, it waits in g (never sent
 * again, recorded first once the store works) and -1 stops the flush.
 */
static int
outbox_settle(struct store *st, struct outbox_guard *g,
    struct outbox_pending *o, char **cause)
{
	int	 r = 0;

	if (o->id == 0)
		return 0;
	if (outbox_record(st, o->id, o->result, o->code, o->error,
	    o->attempts, cause) == -1) {
		g->pending = xreallocarray(g->pending, g->npending + 1,
		    sizeof *g->pending);
		g->pending[g->npending++] = *o;
		r = -1;
	} else {
		free(o->error);
		r = outbox_window(st, g, cause);
	}
	memset(o, 0, sizeof *o);
	return r;
}

/* 1 when the row's MAC (column mc) is the one sprintd made for its
 * Message-ID (column mi), kind (column ki), recipient and text. */
static int
outbox_mac_ok(sqlite3_stmt *stmt, int mi, int ki, int mc, const char *rcpt,
    const void *data, size_t len)
{
	unsigned char	 mac[OUTBOX_MAC_LEN];
	const unsigned char *have;
	const char	*mid, *kind;
	unsigned char	 diff = 0;
	size_t		 i;

	mid = (const char *)sqlite3_column_text(stmt, mi);
	kind = (const char *)sqlite3_column_text(stmt, ki);
	have = sqlite3_column_blob(stmt, mc);
	if (!outbox_have_key || mid == NULL || kind == NULL || have == NULL ||
	    sqlite3_column_bytes(stmt, mc) != OUTBOX_MAC_LEN ||
	    outbox_mac(mid, kind, rcpt, data, len, mac) == -1)
		return 0;
	for (i = 0; i < sizeof mac; i++)
		diff |= mac[i] ^ have[i];
	return diff == 0;
}

/* A row sprintd did not compose: failed, refused, never sent. */
static int
outbox_refuse(struct store *st, int64_t id, char **cause)
{
	sqlite3_stmt	*stmt;

	if (store_cached(st, "UPDATE outbox SET status = 'failed', refused = "
	    "1, last_code = NULL, last_error = 'refused: not composed by "
	    "sprintd (no valid MAC)' WHERE id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	return store_step_done(st, stmt, "refusing a mail", cause);
}

/*
 * Sends one due mail. Its outcome is left in *last, and the outcome that
 * was there (the mail before) is recorded while the server answers this
 * one's first commands: this mail's text is held back until then, so
 * only one mail at a time is ever between its 250 and its commit (what a
 * crash may send twice). Returns 0, 1 when the connection was lost
 * (*cause), -1 when an outcome could not be recorded (it is kept in g;
 * *cause).
 */
static int
outbox_send_one(struct store *st, const struct config *cfg,
    struct outbox_guard *g, struct smtp **smtp, const char *from,
    const char *password, int64_t id, int attempts,
    struct outbox_pending *last, int *sent, char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	char		*rcpt = NULL, *err = NULL, *data = NULL;
	time_t		 now = clock_now();
	size_t		 len;
	int		 r, code = 0, reply, ret = 0, signed_ok;

	if (outbox_guard_holds(g, id))
		return 0;
	/* Still queued: sprintctl outbox drop may have come in between. */
	if (store_cached(st, "SELECT o.recipient, b.data, o.reply_to IS NOT "
	    "NULL, o.message_id, o.mac, o.kind FROM outbox o JOIN "
	    "outbox_bodies b ON b.id = o.id WHERE o.id = ?1 AND o.status = "
	    "'queued'", &stmt,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) != SQLITE_ROW)
		goto out;
	rcpt = store_column_dup(stmt, 0);
	reply = sqlite3_column_int(stmt, 2);
	/* A copy: no read may stay open while the last outcome commits. */
	len = (size_t)sqlite3_column_bytes(stmt, 1);
	data = xmalloc(len + 1);
	if (len > 0)
		memcpy(data, sqlite3_column_blob(stmt, 1), len);
	signed_ok = outbox_mac_ok(stmt, 3, 5, 4, rcpt, data, len);
	store_reset(stmt);
	stmt = NULL;
	if (!signed_ok) {
		log_warn("outbox: mail %lld to %s refused: sprintd did not "
		    "compose it (no valid MAC); it is never sent",
		    (long long)id, rcpt);
		if (outbox_settle(st, g, last, cause) == -1)
			ret = -1;
		else
			ret = outbox_refuse(st, id, cause);
		goto out;
	}
	if (reply && outbox_guard_attempts(g, rcpt, now) >=
	    cfg->replies_per_day) {
		log_warn("outbox: mail %lld to %s waits: %d replies to it in "
		    "the last day already (replies_per_day)", (long long)id,
		    rcpt, cfg->replies_per_day);
		if (outbox_settle(st, g, last, cause) == -1)
			ret = -1;
		else
			ret = outbox_postpone(st, id, now, cause);
		goto out;
	}
	if (*smtp == NULL && (*smtp = smtp_open(&cfg->smtp, password,
	    cause)) == NULL) {
		ret = 1;
		goto out;
	}
	r = smtp_begin(*smtp, from, rcpt, data, len, &err);
	if (outbox_settle(st, g, last, cause) == -1) {
		if (r == 0)
			smtp_abandon(*smtp);
		ret = -1;
		goto out;
	}
	if (r == 0)
		r = smtp_end(*smtp, &code, &err);
	if (smtp_login_denied(*smtp))
		g->refused = 1;
	if (r == SMTP_NOTLS) {
		/* Not the mail's fault: it stays as it was. */
		*cause = err;
		err = NULL;
		ret = OUTBOX_NOTLS;
		goto out;
	}
	/*
	 * No reply at all (refused or lost connection): the server's
	 * trouble, not the mail's. Nothing is recorded against it, so a long
	 * outage never uses up its attempts; the caller backs off.
	 */
	if (r == 1 && code == 0) {
		*cause = err != NULL ? err : xstrdup("the SMTP connection "
		    "was lost");
		err = NULL;
		ret = 1;
		goto out;
	}
	if (reply)
		outbox_guard_attempt(g, rcpt, now);
	if (r == 0) {
		log_info("outbox: sent mail %lld to %s", (long long)id, rcpt);
		(*sent)++;
	}
	last->id = id;
	last->result = r;
	last->code = code;
	last->attempts = attempts + 1;
	last->error = err;
	err = NULL;
out:
	if (stmt != NULL)
		store_reset(stmt);
	free(rcpt);
	free(err);
	free(data);
	return ret;
}

int
outbox_flush(struct store *st, const struct config *cfg,
    struct outbox_guard *guard, int *sent, char **cause)
{
	struct outbox_guard	*own = NULL, *g = guard;
	struct outbox_pending	 last;
	struct smtp		*smtp = NULL;
	sqlite3_stmt		*stmt = NULL;
	char			*password = NULL, *from = NULL, *why = NULL;
	char			 now[21];
	int64_t			 ids[256];
	int			 attempts[256], more = 1, ret = 0, r, relaxed = 0;
	size_t			 n, i;

	*sent = 0;
	memset(&last, 0, sizeof last);
	if (g == NULL)
		g = own = outbox_guard_new();
	g->refused = 0;
	if (outbox_guard_flush(g, st, cause) == -1) {
		ret = -1;
		goto out;
	}
	from = outbox_envelope_from(cfg);
	/*
	 * One commit per outcome, as ever (a crash resends at most the one
	 * mail between its 250 and its commit), but the disk is waited for
	 * once per window (outbox_window) and when the flush ends, not once
	 * per mail: a power cut resends at most the window.
	 */
	if (store_relaxed(st, 1, cause) == -1) {
		ret = -1;
		goto out;
	}
	relaxed = g->relaxed = 1;
	g->unsynced = 0;
	while (more && ret == 0) {
		n = 0;
		clock_format_utc(clock_now(), now);
		if (store_prepare(st, "SELECT id, attempts FROM outbox WHERE "
		    "status = 'queued' AND next_attempt <= ?1 ORDER BY "
		    "next_attempt, id LIMIT ?2", &stmt, cause) == -1) {
			ret = -1;
			goto out;
		}
		store_bind_text(stmt, 1, now);
		sqlite3_bind_int(stmt, 2, (int)nitems(ids));
		while (n < nitems(ids) && sqlite3_step(stmt) == SQLITE_ROW) {
			ids[n] = sqlite3_column_int64(stmt, 0);
			attempts[n++] = sqlite3_column_int(stmt, 1);
		}
		sqlite3_finalize(stmt);
		stmt = NULL;
		more = n == nitems(ids);
		if (n > 0 && password == NULL && cfg->smtp.password_file !=
		    NULL && config_read_password(&cfg->smtp, &password,
		    cause) == -1) {
			ret = 1;
			goto out;
		}
		for (i = 0; i < n; i++) {
			r = outbox_send_one(st, cfg, g, &smtp, from, password,
			    ids[i], attempts[i], &last, sent, cause);
			if (r != 0) {
				ret = r;
				break;
			}
		}
		/* Before the next look at what is due, and at the end. */
		if (ret == 0 && outbox_settle(st, g, &last, cause) == -1)
			ret = -1;
	}
out:
	/* Whatever stopped the flush, the last outcome is recorded. */
	if (last.id != 0 && outbox_settle(st, g, &last,
	    ret == 0 ? cause : &why) == -1) {
		if (ret != 0) {
			log_error("outbox: %s", why);
			xfree(&why);
		}
		ret = -1;
	}
	sqlite3_finalize(stmt);
	g->relaxed = 0;
	if (relaxed && store_relaxed(st, 0, &why) == -1) {
		log_error("outbox: %s", why);
		free(why);
		if (ret == 0) {
			*cause = xstrdup("the outbox's outcomes could not be "
			    "made durable");
			ret = -1;
		}
	}
	smtp_close(&smtp);
	if (password != NULL) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	free(from);
	outbox_guard_free(&own);
	return ret;
}

/* A column as a JSON string, or null for SQL NULL. */
static json_t *
outbox_json_text(sqlite3_stmt *stmt, int col)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return json_null();
	return json_stringn((const char *)sqlite3_column_text(stmt, col),
	    (size_t)sqlite3_column_bytes(stmt, col));
}

/* A column as a JSON integer, or null for SQL NULL. */
static json_t *
outbox_json_int(sqlite3_stmt *stmt, int col)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return json_null();
	return json_integer(sqlite3_column_int64(stmt, col));
}

/* The outbox as a JSON array, one object per mail, oldest first. */
static int
outbox_report_json(struct store *st, FILE *out, char **cause)
{
	static const char *const names[] = {
		"id", "message_id", "kind", "sprint", "recipient", "subject",
		"status", "attempts", "next_attempt", "last_code",
		"last_error", "created_at", "sent_at",
	};
	sqlite3_stmt	*stmt;
	json_t		*arr, *o;
	char		*text;
	size_t		 i;
	int		 rc;

	if (store_prepare(st, "SELECT o.id, o.message_id, o.kind, s.slug, "
	    "o.recipient, o.subject, CASE WHEN o.refused THEN 'refused' ELSE "
	    "o.status END, o.attempts, CASE WHEN "
	    "o.status = 'queued' THEN o.next_attempt END, o.last_code, "
	    "o.last_error, o.created_at, o.sent_at FROM outbox o LEFT JOIN "
	    "sprints s ON s.id = o.sprint_id ORDER BY o.id", &stmt,
	    cause) == -1)
		return -1;
	arr = json_array();
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		o = json_object();
		for (i = 0; i < nitems(names); i++) {
			json_object_set_new(o, names[i],
			    sqlite3_column_type(stmt, (int)i) ==
			    SQLITE_INTEGER ? outbox_json_int(stmt, (int)i) :
			    outbox_json_text(stmt, (int)i));
		}
		json_array_append_new(arr, o);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the outbox");
		json_decref(arr);
		return -1;
	}
	text = json_dumps(arr, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(arr);
	if (text == NULL) {
		*cause = xstrdup("writing the outbox as JSON failed");
		return -1;
	}
	fprintf(out, "%s\n", text);
	free(text);
	return 0;
}

int
outbox_report(struct store *st, int json, FILE *out, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc, n = 0;

	if (json)
		return outbox_report_json(st, out, cause);
	if (store_prepare(st, "SELECT o.id, CASE WHEN o.refused THEN "
	    "'refused' ELSE o.status END, o.kind, o.recipient, "
	    "o.attempts, coalesce(o.sent_at, o.next_attempt), o.last_code, "
	    "o.last_error, coalesce(o.subject, '') FROM outbox o ORDER BY "
	    "o.id", &stmt, cause) == -1)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n++ == 0)
			fprintf(out, "%-6s %-10s %-15s %-30s %4s  %-20s  %s\n",
			    "ID", "STATUS", "KIND", "TO", "TRY", "WHEN (UTC)",
			    "SUBJECT / LAST ERROR");
		fprintf(out, "%-6lld %-10s %-15s %-30s %4d  %-20s  %s\n",
		    (long long)sqlite3_column_int64(stmt, 0),
		    sqlite3_column_text(stmt, 1), sqlite3_column_text(stmt, 2),
		    sqlite3_column_text(stmt, 3), sqlite3_column_int(stmt, 4),
		    sqlite3_column_text(stmt, 5), sqlite3_column_text(stmt, 8));
		if (sqlite3_column_type(stmt, 7) != SQLITE_NULL)
			fprintf(out, "%71s  last error (%d): %s\n", "",
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

/* The state of one mail, for retry and drop: 0, 1 when there is no such
 * mail (*cause), -1. */
static int
outbox_state(struct store *st, int64_t id, char **status, int *attempts,
    char **next, char **sent_at, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, "SELECT CASE WHEN refused THEN 'refused' ELSE "
	    "status END, attempts, next_attempt, sent_at FROM outbox WHERE "
	    "id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*status = store_column_dup(stmt, 0);
		*attempts = sqlite3_column_int(stmt, 1);
		*next = store_column_dup(stmt, 2);
		*sent_at = store_column_dup(stmt, 3);
	} else if (rc == SQLITE_DONE)
		*cause = xprintf("no mail %lld in the outbox (see sprintctl "
		    "outbox)", (long long)id);
	else
		*cause = store_error(st, "reading the outbox");
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* Sets the status and the next attempt of one mail. */
static int
outbox_set(struct store *st, int64_t id, const char *status,
    const char *next, char **cause)
{
	sqlite3_stmt	*stmt;

	if (store_prepare(st, "UPDATE outbox SET status = ?2, next_attempt = "
	    "coalesce(?3, next_attempt) WHERE id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, status);
	store_bind_text(stmt, 3, next);
	return store_done(st, stmt, "changing a mail", cause);
}

/*
 * Retry and drop read and change a mail in one write transaction, so the
 * daemon cannot record an outcome in between.
 */
static int
outbox_change(struct store *st, int64_t id, int drop, char **cause)
{
	char	*status = NULL, *next = NULL, *sent_at = NULL;
	char	 now[21];
	int	 attempts = 0, r;

	clock_format_utc(clock_now(), now);
	if (store_begin(st, cause) == -1)
		return -1;
	if ((r = outbox_state(st, id, &status, &attempts, &next, &sent_at,
	    cause)) != 0)
		goto out;
	r = 1;
	if (strcmp(status, "sent") == 0) {
		*cause = xprintf("mail %lld was sent at %s: a mail is never "
		    "sent twice%s", (long long)id, sent_at ? sent_at : "?",
		    drop ? ", nor dropped once sent" : "");
		goto out;
	}
	if (drop) {
		if (strcmp(status, "suppressed") == 0) {
			r = 0;	/* dropped already: nothing to do */
			goto out;
		}
		if ((r = outbox_set(st, id, "suppressed", NULL, cause)) == 0)
			log_info("outbox: mail %lld dropped (was %s)",
			    (long long)id, status);
		goto out;
	}
	if (strcmp(status, "suppressed") == 0) {
		*cause = xprintf("mail %lld was dropped: it is never sent",
		    (long long)id);
		goto out;
	}
	if (strcmp(status, "refused") == 0) {
		*cause = xprintf("mail %lld was refused: sprintd did not "
		    "compose it (no valid MAC), so it is never sent",
		    (long long)id);
		goto out;
	}
	/* Queued: due already, or deferred to a later attempt. */
	if (strcmp(status, "queued") == 0 && strcmp(next, now) <= 0) {
		*cause = xprintf("mail %lld is queued and due (since %s): the "
		    "daemon sends it at its next flush; a queued mail is "
		    "never sent twice", (long long)id, next);
		goto out;
	}
	if ((r = outbox_set(st, id, "queued", now, cause)) == 0)
		log_info("outbox: mail %lld (%s, %d attempts) due again now",
		    (long long)id, status, attempts);
out:
	free(status);
	free(next);
	free(sent_at);
	if (r == -1) {
		store_rollback(st);
		return -1;
	}
	if (store_commit(st, cause) == -1)
		return -1;
	return r;
}

int
outbox_retry(struct store *st, int64_t id, char **cause)
{
	return outbox_change(st, id, 0, cause);
}

int
outbox_drop(struct store *st, int64_t id, char **cause)
{
	return outbox_change(st, id, 1, cause);
}
