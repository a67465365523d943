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

/* proof.c -- who may act: the sender proof and the held requests. */
#include "config-auto.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "mime.h"
#include "proof.h"
#include "util.h"

void
proof_clear(struct proof *p)
{
	free(p->auth);
	memset(p, 0, sizeof *p);
}

const char *
proof_name(enum proof_how how)
{
	switch (how) {
	case PROOF_REPLY:
		return "reply";
	case PROOF_AUTH:
		return "auth";
	case PROOF_CONFIRMED:
		return "confirmed";
	default:
		return "none";
	}
}

/*
 * The header value without RFC 5322 comments (nested parentheses, with
 * quoted-pairs), runs of white space made one space; quoted strings are
 * kept as written.
 */
static char *
proof_uncomment(const char *s)
{
	struct buf	 b;
	int		 depth = 0, quoted = 0;

	buf_init(&b, strlen(s) + 1);
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0' && (depth > 0 || quoted)) {
			if (depth == 0) {
				buf_addch(&b, s[0]);
				buf_addch(&b, s[1]);
			}
			s++;
			continue;
		}
		if (!quoted && *s == '(') {
			depth++;
			continue;
		}
		if (!quoted && depth > 0 && *s == ')') {
			depth--;
			continue;
		}
		if (depth > 0)
			continue;
		if (*s == '"')
			quoted = !quoted;
		if (!quoted && (*s == ' ' || *s == '\t' || *s == '\r' ||
		    *s == '\n')) {
			if (b.len > 0 && b.data[b.len - 1] != ' ')
				buf_addch(&b, ' ');
			continue;
		}
		buf_addch(&b, *s);
	}
	return buf_steal(&b, NULL);
}

/* The next ';'-separated element of *sp (outside quotes), trimmed, with
 * the spaces around '=' taken out; NULL at the end. In place. */
static char *
proof_next(char **sp)
{
	char	*s = *sp, *start, *w, *r;
	int	 quoted = 0;

	if (s == NULL)
		return NULL;
	for (start = s; *s != '\0' && (quoted || *s != ';'); s++)
		if (*s == '"')
			quoted = !quoted;
	*sp = *s == ';' ? s + 1 : NULL;
	*s = '\0';
	for (r = w = start; *r != '\0'; r++) {
		if (*r == ' ' && (r[1] == '=' || (w > start && w[-1] == '=')))
			continue;
		*w++ = *r;
	}
	*w = '\0';
	return util_trim(start);
}

/* The value of "name=value" among the space-separated words of s, as a
 * new string without quotes, or NULL. */
static char *
proof_prop(const char *s, const char *name)
{
	size_t		 n = strlen(name), len;
	const char	*p, *v;

	for (p = s; p != NULL && *p != '\0'; p = strchr(p, ' ')) {
		while (*p == ' ')
			p++;
		if (util_strncaseeq(p, name, n) && p[n] == '=') {
			v = p + n + 1;
			len = strcspn(v, " ");
			if (len >= 2 && v[0] == '"' && v[len - 1] == '"')
				return xstrndup(v + 1, len - 2);
			return xstrndup(v, len);
		}
	}
	return NULL;
}

/* 1 when domain d is dom or a parent of it (at least two labels). */
static int
proof_domain_covers(const char *d, const char *dom)
{
	size_t	 nd, ndom;

	if (d == NULL || dom == NULL || strchr(d, '.') == NULL)
		return 0;
	if (*d == '@')
		d++;
	nd = strlen(d);
	ndom = strlen(dom);
	if (nd == 0 || nd > ndom)
		return 0;
	if (!util_strcaseeq(dom + ndom - nd, d))
		return 0;
	return nd == ndom || dom[ndom - nd - 1] == '.';
}

/* Reads one resinfo ("dkim=pass header.d=example.org"): 1 when it
 * passes the From domain dom, else 0; *verdict is set to its
 * "method=result" when it is dmarc or dkim and none passed before. */
static int
proof_resinfo(const char *ri, const char *dom, char **verdict)
{
	char	*d = NULL;
	size_t	 n = strcspn(ri, " ");
	int	 pass = 0, dmarc, dkim;

	dmarc = util_strncaseeq(ri, "dmarc=", 6);
	dkim = util_strncaseeq(ri, "dkim=", 5);
	if (!dmarc && !dkim)
		return 0;
	if (dmarc && util_strncaseeq(ri + 6, "pass", 4) && n == 10) {
		/* header.from, where given, must be the From domain. */
		d = proof_prop(ri, "header.from");
		pass = d == NULL || util_strcaseeq(d, dom);
	} else if (dkim && util_strncaseeq(ri + 5, "pass", 4) && n == 9) {
		if ((d = proof_prop(ri, "header.d")) == NULL &&
		    (d = proof_prop(ri, "header.i")) != NULL) {
			char	*at = strrchr(d, '@');

			if (at != NULL)
				memmove(d, at + 1, strlen(at + 1) + 1);
		}
		pass = proof_domain_covers(d, dom);
	}
	free(d);
	if (pass || *verdict == NULL) {
		free(*verdict);
		*verdict = xstrndup(ri, n);
	}
	return pass;
}

int
proof_auth_results(const char *authserv_id, const struct mime_msg *m,
    const char *from_addr, char **verdict)
{
	const char	*dom;
	char		*v, *s, *el, *id;
	size_t		 i;
	int		 pass = 0;

	if (verdict != NULL)
		*verdict = NULL;
	if (authserv_id == NULL || *authserv_id == '\0' || m == NULL ||
	    from_addr == NULL || (dom = strrchr(from_addr, '@')) == NULL)
		return 0;
	dom++;
	for (i = 0; i < m->nheaders; i++) {
		if (!util_strcaseeq(m->headers[i].name,
		    "Authentication-Results"))
			continue;
		v = proof_uncomment(m->headers[i].value);
		s = v;
		id = proof_next(&s);
		/* The authserv-id, then maybe a version. */
		if (id == NULL || (id[strcspn(id, " ")] = '\0',
		    !util_strcaseeq(id, authserv_id))) {
			free(v);
			continue;
		}
		/* The topmost trusted one counts; any below is ignored. */
		{
			char	*said = NULL;

			while (!pass && (el = proof_next(&s)) != NULL)
				pass = proof_resinfo(el, dom, &said);
			if (verdict != NULL)
				*verdict = said != NULL ? said :
				    xstrdup("none");
			else
				free(said);
		}
		free(v);
		break;
	}
	return pass;
}

struct proof_look {
	struct store	*st;
	int64_t		 self;
	const char	*sender;
	struct proof	*out;
	int		 error;
};

/* One Message-ID: a personal mail sent to the sender, not public? */
static int
proof_look_one(const char *mid, void *arg)
{
	struct proof_look	*l = arg;
	sqlite3_stmt		*stmt;
	char			*cause = NULL, since[21];
	int			 found = 0, request = 0;

	if (store_cached(l->st, "SELECT o.id, o.kind = 'request' FROM "
	    "outbox o WHERE o.message_id = ?1 AND lower(o.recipient) = "
	    "lower(?2) AND o.status = 'sent' AND o.kind != 'announce' AND "
	    "NOT EXISTS (SELECT 1 FROM proof_public p WHERE p.message_id = "
	    "o.message_id AND p.by_message != ?3)", &stmt, &cause) == -1) {
		free(cause);
		l->error = 1;
		return 1;
	}
	store_bind_text(stmt, 1, mid);
	store_bind_text(stmt, 2, l->sender);
	sqlite3_bind_int64(stmt, 3, l->self);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		found = 1;
		l->out->answers = sqlite3_column_int64(stmt, 0);
		request = sqlite3_column_int(stmt, 1);
	}
	store_reset(stmt);
	if (!found)
		return 0;
	l->out->how = PROOF_REPLY;
	if (!request)
		return 1;
	clock_format_utc(clock_now() - PROOF_HOLD_DAYS * 86400, since);
	if (store_cached(l->st, "SELECT id FROM held_requests WHERE "
	    "request_mid = ?1 AND state = 'held' AND created_at >= ?2 AND "
	    "lower(email) = lower(?3)", &stmt, &cause) == -1) {
		free(cause);
		l->error = 1;
		return 1;
	}
	store_bind_text(stmt, 1, mid);
	store_bind_text(stmt, 2, since);
	store_bind_text(stmt, 3, l->sender);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		l->out->request = sqlite3_column_int64(stmt, 0);
	store_reset(stmt);
	return 1;
}

int
proof_check(struct store *st, const char *authserv_id,
    const struct mime_msg *m, const char *sender, int64_t self,
    struct proof *out, char **cause)
{
	struct proof_look	 l;

	memset(out, 0, sizeof *out);
	if (m == NULL || sender == NULL)
		return 0;
	/* The trusted header speaks for the From domain only: where a list
	 * named another poster, it says nothing of them. */
	if (m->from_addr != NULL && util_strcaseeq(m->from_addr, sender) &&
	    proof_auth_results(authserv_id, m, sender, &out->auth))
		out->how = PROOF_AUTH;
	memset(&l, 0, sizeof l);
	l.st = st;
	l.self = self;
	l.sender = sender;
	l.out = out;
	util_each_msgid(m->in_reply_to, m->references, 0, proof_look_one,
	    &l);
	if (l.error) {
		*cause = store_error(st, "looking up the mail answered");
		proof_clear(out);
		return -1;
	}
	return 0;
}

static int
proof_publish_one(const char *mid, void *arg)
{
	struct proof_look	*l = arg;
	sqlite3_stmt		*stmt;
	char			*cause = NULL;

	if (store_cached(l->st, "INSERT OR IGNORE INTO proof_public "
	    "(message_id, by_message) SELECT message_id, ?2 FROM outbox WHERE "
	    "message_id = ?1", &stmt, &cause) == -1 ||
	    sqlite3_bind_text(stmt, 1, mid, -1, SQLITE_TRANSIENT) !=
	    SQLITE_OK || sqlite3_bind_int64(stmt, 2, l->self) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_DONE) {
		free(cause);
		if (stmt != NULL)
			store_reset(stmt);
		l->error = 1;
		return 1;
	}
	store_reset(stmt);
	return 0;
}

int
proof_publish(struct store *st, const struct mime_msg *m, int64_t msg_id,
    char **cause)
{
	struct proof_look	 l;

	if (m == NULL || mime_header(m, "List-Id") == NULL)
		return 0;
	memset(&l, 0, sizeof l);
	l.st = st;
	l.self = msg_id;
	util_each_msgid(m->in_reply_to, m->references, 0,
	    proof_publish_one, &l);
	if (l.error) {
		*cause = store_error(st, "noting Message-IDs made public");
		return -1;
	}
	return 0;
}

int
proof_hold(struct store *st, int64_t sprint_id, int64_t msg_id,
    const char *email, const char *what, int64_t *id, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_prepare(st, "UPDATE held_requests SET state = 'superseded', "
	    "decided_at = ?3 WHERE sprint_id = ?1 AND lower(email) = "
	    "lower(?2) AND state = 'held'", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, email);
	store_bind_text(stmt, 3, now);
	if (store_done(st, stmt, "superseding a held request", cause) == -1)
		return -1;
	if (store_prepare(st, "INSERT INTO held_requests (sprint_id, "
	    "message_id, email, what, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	    &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	sqlite3_bind_int64(stmt, 2, msg_id);
	store_bind_text(stmt, 3, email);
	store_bind_text(stmt, 4, what);
	store_bind_text(stmt, 5, now);
	if (store_done(st, stmt, "holding a request", cause) == -1)
		return -1;
	*id = sqlite3_last_insert_rowid(store_db(st));
	return 0;
}

int
proof_request_mid(struct store *st, int64_t id, const char *mid,
    char **cause)
{
	sqlite3_stmt	*stmt;

	if (store_prepare(st, "UPDATE held_requests SET request_mid = ?2 "
	    "WHERE id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, mid);
	return store_done(st, stmt, "noting a request's mail", cause);
}

void
proof_request_clear(struct proof_request *r)
{
	free(r->email);
	free(r->what);
	free(r->created_at);
	memset(r, 0, sizeof *r);
}

void
proof_requests_free(struct proof_request *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		proof_request_clear(&v[i]);
	free(v);
}

static void
proof_row(sqlite3_stmt *stmt, struct proof_request *r)
{
	r->id = sqlite3_column_int64(stmt, 0);
	r->sprint_id = sqlite3_column_int64(stmt, 1);
	r->msg_id = sqlite3_column_int64(stmt, 2);
	r->email = store_column_dup(stmt, 3);
	r->what = store_column_dup(stmt, 4);
	r->created_at = store_column_dup(stmt, 5);
}

#define PROOF_COLUMNS \
	"SELECT id, sprint_id, message_id, email, what, created_at FROM " \
	"held_requests "

int
proof_request_get(struct store *st, int64_t id, struct proof_request *out,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 since[21];
	int		 rc;

	memset(out, 0, sizeof *out);
	clock_format_utc(clock_now() - PROOF_HOLD_DAYS * 86400, since);
	if (store_prepare(st, PROOF_COLUMNS "WHERE id = ?1 AND state = 'held' "
	    "AND created_at >= ?2", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, since);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		proof_row(stmt, out);
	else if (rc != SQLITE_DONE)
		*cause = store_error(st, "reading a held request");
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
proof_request_done(struct store *st, int64_t id, const char *state,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_prepare(st, "UPDATE held_requests SET state = ?2, "
	    "decided_at = ?3 WHERE id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, state);
	store_bind_text(stmt, 3, now);
	return store_done(st, stmt, "deciding a held request", cause);
}

int
proof_expire(struct store *st, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 since[21], now[21];
	int		 n;

	clock_format_utc(clock_now(), now);
	clock_format_utc(clock_now() - PROOF_HOLD_DAYS * 86400, since);
	/* A held evaluation answer is text beside a name: it goes. */
	if (store_prepare(st, "UPDATE messages SET raw = X'', size = 0, "
	    "result = CASE WHEN json_valid(result) THEN json_remove(result, "
	    "'$.answers') END WHERE id IN (SELECT message_id FROM "
	    "held_requests WHERE state = 'held' AND what = 'evaluation' AND "
	    "created_at < ?1)", &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, since);
	if (store_done(st, stmt, "blanking expired answers", cause) == -1)
		return -1;
	if (store_prepare(st, "UPDATE held_requests SET state = 'expired', "
	    "decided_at = ?2 WHERE state = 'held' AND created_at < ?1", &stmt,
	    cause) == -1)
		return -1;
	store_bind_text(stmt, 1, since);
	store_bind_text(stmt, 2, now);
	if (store_done(st, stmt, "expiring held requests", cause) == -1)
		return -1;
	n = sqlite3_changes(store_db(st));
	return n;
}

int
proof_held(struct store *st, int64_t sprint_id, size_t max,
    struct proof_request **out, size_t *n, int *total, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 since[21];
	int		 rc;

	*out = NULL;
	*n = 0;
	*total = 0;
	clock_format_utc(clock_now() - PROOF_HOLD_DAYS * 86400, since);
	if (store_prepare(st, PROOF_COLUMNS "WHERE sprint_id = ?1 AND state = "
	    "'held' AND created_at >= ?2 ORDER BY id", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, since);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		(*total)++;
		if (*n >= max)
			continue;
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		proof_row(stmt, &(*out)[(*n)++]);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the held requests");
		proof_requests_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
