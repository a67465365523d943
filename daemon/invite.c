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

/* invite.c -- past attendees, people known by name only, invitations and
 * opt-outs. */
#include "config-auto.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "compose.h"
#include "dates.h"
#include "invite.h"
#include "log.h"
#include "util.h"

static const char *const invite_months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

char *
invite_name_key(const char *name)
{
	struct buf	 b;
	const char	*p;
	int		 space = 0;

	buf_init(&b, 1024);
	for (p = name != NULL ? name : ""; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addch(&b, ' ');
		space = 0;
		buf_addch(&b, *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') :
		    *p);
	}
	return buf_steal(&b, NULL);
}

/* The person whose name has this key: with an address if want_addr, else
 * known by name only. 1 with *id, 0 when none, -1. */
static int
invite_find(struct store *st, const char *key, int want_addr, int64_t *id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		*k;
	int		 rc, found = 0;

	/* Known by name only: their "address" is the key, one indexed
	 * lookup (every registration asks this; never a scan). */
	if (!want_addr) {
		if (store_cached(st, "SELECT id FROM people WHERE email = "
		    "?1 || ?2", &stmt, cause) == -1)
			return -1;
		store_bind_text(stmt, 1, INVITE_NOADDR);
		store_bind_text(stmt, 2, key);
		if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			*id = sqlite3_column_int64(stmt, 0);
			found = 1;
		} else if (rc != SQLITE_DONE)
			*cause = store_error(st, "looking up a person by name");
		store_reset(stmt);
		return rc == SQLITE_ROW || rc == SQLITE_DONE ? found : -1;
	}
	if (store_prepare(st, "SELECT id, name FROM people WHERE name IS NOT "
	    "NULL AND (substr(email, 1, length(?1)) = ?1) = ?2 "
	    "ORDER BY id DESC", &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, INVITE_NOADDR);
	sqlite3_bind_int(stmt, 2, !want_addr);
	while (!found && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		k = invite_name_key((const char *)sqlite3_column_text(stmt, 1));
		if (strcmp(k, key) == 0) {
			*id = sqlite3_column_int64(stmt, 0);
			found = 1;
		}
		free(k);
	}
	sqlite3_finalize(stmt);
	if (!found && rc != SQLITE_DONE) {
		*cause = store_error(st, "looking up a person by name");
		return -1;
	}
	return found;
}

int
invite_person_by_name(struct store *st, const char *name, int64_t *person_id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		*key = invite_name_key(name), *email = NULL, now[21];
	int		 r = -1, f;

	if (*key == '\0') {
		*cause = xstrdup("a person without a name");
		goto fail;
	}
	if ((f = invite_find(st, key, 1, person_id, cause)) != 0 ||
	    (f = invite_find(st, key, 0, person_id, cause)) != 0) {
		r = f == 1 ? 0 : -1;
		goto fail;
	}
	email = xprintf("%s%s", INVITE_NOADDR, key);
	clock_format_utc(clock_now(), now);
	if (store_prepare(st, "INSERT INTO people (email, name, created_at) "
	    "VALUES (?1, ?2, ?3)", &stmt, cause) == -1)
		goto fail;
	store_bind_text(stmt, 1, email);
	store_bind_text(stmt, 2, name);
	store_bind_text(stmt, 3, now);
	if (store_done(st, stmt, "saving a person", cause) == -1)
		goto fail;
	*person_id = sqlite3_last_insert_rowid(store_db(st));
	r = 0;
fail:
	free(key);
	free(email);
	return r;
}

int
invite_past_add(struct store *st, int64_t person_id, int64_t sprint_id,
    const char *how, const char *source, size_t line, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_prepare(st, "INSERT INTO past_attendees (person_id, "
	    "sprint_id, how, source, line, created_at) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6) ON CONFLICT DO NOTHING", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	sqlite3_bind_int64(stmt, 2, sprint_id);
	store_bind_text(stmt, 3, how);
	store_bind_text(stmt, 4, source);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)line);
	store_bind_text(stmt, 6, now);
	return store_done(st, stmt, "recording a past attendee", cause);
}

int
invite_claim(struct store *st, const char *address, const char *name,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		*key = invite_name_key(name);
	int64_t		 old, cur = 0;
	int		 r = -1, f;
	size_t		 i;
	/* What a person known by name only may have, moved to the address's
	 * person where that leaves no duplicate. */
	static const char *const moves[] = {
		"UPDATE OR IGNORE past_attendees SET person_id = ?2 "
		    "WHERE person_id = ?1",
		"UPDATE OR IGNORE registrations SET person_id = ?2 "
		    "WHERE person_id = ?1",
		"UPDATE OR IGNORE invitations SET person_id = ?2 "
		    "WHERE person_id = ?1",
		"DELETE FROM past_attendees WHERE person_id = ?1",
		"DELETE FROM invitations WHERE person_id = ?1",
		"DELETE FROM people WHERE id = ?1 AND NOT EXISTS (SELECT 1 "
		    "FROM registrations WHERE person_id = ?1)",
	};

	if (address == NULL || *key == '\0' ||
	    !util_addr_valid(address)) {
		free(key);
		return 0;
	}
	if ((f = invite_find(st, key, 0, &old, cause)) != 1) {
		free(key);
		return f;
	}
	if (store_prepare(st, "SELECT id FROM people WHERE email = lower(?1)",
	    &stmt, cause) == -1)
		goto fail;
	store_bind_text(stmt, 1, address);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		cur = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (cur == 0) {
		if (store_prepare(st, "UPDATE people SET email = lower(?2) "
		    "WHERE id = ?1", &stmt, cause) == -1)
			goto fail;
		sqlite3_bind_int64(stmt, 1, old);
		store_bind_text(stmt, 2, address);
		if (store_done(st, stmt, "giving a person an address",
		    cause) == -1)
			goto fail;
	} else {
		for (i = 0; i < nitems(moves); i++) {
			if (store_prepare(st, moves[i], &stmt, cause) == -1)
				goto fail;
			sqlite3_bind_int64(stmt, 1, old);
			if (sqlite3_bind_parameter_count(stmt) >= 2)
				sqlite3_bind_int64(stmt, 2, cur);
			if (store_done(st, stmt, "merging a person", cause) ==
			    -1)
				goto fail;
		}
	}
	log_info("%s is %s of people.txt", address, name);
	r = 1;
fail:
	free(key);
	return r;
}

int
invite_optout(struct store *st, const char *address, int64_t msg_id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_prepare(st, "INSERT INTO invite_optouts (email, message_id, "
	    "created_at) VALUES (lower(?1), ?2, ?3) ON CONFLICT DO NOTHING",
	    &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, address);
	if (msg_id != 0)
		sqlite3_bind_int64(stmt, 2, msg_id);
	store_bind_text(stmt, 3, now);
	if (store_done(st, stmt, "recording an opt-out", cause) == -1)
		return -1;
	return sqlite3_changes(store_db(st)) > 0;
}

int
invite_opted_out(struct store *st, const char *address, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, "SELECT 1 FROM invite_optouts WHERE email = ?1",
	    &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, address);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the opt-outs");
		return -1;
	}
	return rc == SQLITE_ROW;
}

/* "March 2011" for an ISO day. */
static char *
invite_month(const char *iso)
{
	day_t	 d;
	int	 y, m, dd;

	if (iso == NULL || dates_parse_iso(iso, &d) == -1)
		return NULL;
	dates_to_ymd(d, &y, &m, &dd);
	return xprintf("%s %d", invite_months[m - 1], y);
}

/*
 * Who came to which sprint: registered for a sprint that has ended (?3 is
 * today), or imported as a registration of a sprint before this one (?2
 * is its start); latest first per person.
 */
#define INVITE_CAME \
	"SELECT r.person_id AS pid, t.name AS sname, t.start_date AS sd, " \
	"  t.end_date AS ed FROM registrations r JOIN sprints t ON " \
	"  t.id = r.sprint_id WHERE r.status = 'registered' AND " \
	"  t.id != ?1 AND t.end_date < ?3 " \
	"UNION SELECT a.person_id, t.name, t.start_date, t.end_date " \
	"  FROM past_attendees a JOIN sprints t ON t.id = a.sprint_id " \
	"  WHERE a.how = 'registered' AND t.id != ?1 AND t.start_date < ?2"
/* Listed as present at earlier sprints in some people.txt. */
#define INVITE_LISTED \
	"SELECT a.person_id AS pid, t.name AS sname, t.start_date AS sd " \
	"  FROM past_attendees a JOIN sprints t ON t.id = a.sprint_id " \
	"  WHERE a.how = 'previous'"

int
invite_targets(struct store *st, int64_t sprint_id, const struct sprint *s,
    struct invite_target **out, size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct invite_target	*v = NULL, *t;
	char			 start[11], today[11];
	size_t			 nv = 0;
	int			 rc;

	dates_format_iso(s->start, start);
	dates_format_iso((day_t)(clock_now() / 86400), today);
	if (store_prepare(st, "WITH came AS (" INVITE_CAME "), "
	    "listed AS (" INVITE_LISTED ") "
	    "SELECT p.id, p.email, p.name, "
	    "  (SELECT sname FROM came WHERE pid = p.id ORDER BY ed DESC "
	    "    LIMIT 1), "
	    "  (SELECT sd FROM came WHERE pid = p.id ORDER BY ed DESC "
	    "    LIMIT 1), "
	    "  (SELECT sname FROM listed WHERE pid = p.id ORDER BY sd DESC "
	    "    LIMIT 1), "
	    "  (SELECT sd FROM listed WHERE pid = p.id ORDER BY sd DESC "
	    "    LIMIT 1) "
	    "FROM people p WHERE "
	    "  (p.id IN (SELECT pid FROM came) OR "
	    "   p.id IN (SELECT pid FROM listed)) "
	    "  AND substr(p.email, 1, length(?4)) != ?4 "
	    "  AND NOT EXISTS (SELECT 1 FROM registrations x WHERE "
	    "    x.sprint_id = ?1 AND x.person_id = p.id) "
	    "  AND NOT EXISTS (SELECT 1 FROM invite_optouts o WHERE "
	    "    o.email = p.email) "
	    "  AND NOT EXISTS (SELECT 1 FROM invitations i WHERE "
	    "    i.sprint_id = ?1 AND i.person_id = p.id) "
	    "ORDER BY p.name COLLATE NOCASE, p.email", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, start);
	store_bind_text(stmt, 3, today);
	store_bind_text(stmt, 4, INVITE_NOADDR);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, nv + 1, sizeof *v);
		t = &v[nv++];
		memset(t, 0, sizeof *t);
		t->person_id = sqlite3_column_int64(stmt, 0);
		t->email = store_column_dup(stmt, 1);
		t->name = store_column_dup(stmt, 2);
		t->last_sprint = store_column_dup(stmt, 3);
		t->last_month = invite_month((const char *)
		    sqlite3_column_text(stmt, 4));
		if (t->last_sprint == NULL) {
			t->listed_in = store_column_dup(stmt, 5);
			t->listed_month = invite_month((const char *)
			    sqlite3_column_text(stmt, 6));
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "listing the past attendees");
		invite_targets_free(v, nv);
		return -1;
	}
	*out = v;
	*n = nv;
	return 0;
}

void
invite_targets_free(struct invite_target *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].email);
		free(v[i].name);
		free(v[i].last_sprint);
		free(v[i].last_month);
		free(v[i].listed_in);
		free(v[i].listed_month);
	}
	free(v);
}

/* 1 when an announcement of the sprint has been sent, 0 when not, -1. */
static int
invite_announced(struct store *st, int64_t sprint_id, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, "SELECT 1 FROM outbox WHERE kind = 'announce' "
	    "AND sprint_id = ?1 AND status = 'sent' LIMIT 1", &stmt,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "looking for the announcement");
		return -1;
	}
	return rc == SQLITE_ROW;
}

/* Prints the first invitation queued in this transaction. */
static void
invite_print_sample(struct store *st, int64_t sprint_id, FILE *out)
{
	sqlite3_stmt	*stmt;
	const char	*p, *e;
	int		 len;

	if (sqlite3_prepare_v2(store_db(st), "SELECT data FROM outbox_mail WHERE "
	    "kind = 'invite' AND sprint_id = ?1 AND status = 'queued' "
	    "ORDER BY id DESC LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		p = sqlite3_column_blob(stmt, 0);
		len = sqlite3_column_bytes(stmt, 0);
		fprintf(out, "\nThe first invitation, as it would go out:\n\n");
		/* CRLF as queued; printed with the terminal's line ends. */
		for (e = p + len; p < e; p++)
			if (*p != '\r')
				fputc(*p, out);
	}
	sqlite3_finalize(stmt);
}

int
invite_run(struct store *st, struct compose *c, int64_t sprint_id,
    const struct sprint *s, int preview, FILE *out, size_t *n, char **cause)
{
	struct invite_target	*v = NULL;
	sqlite3_stmt		*stmt;
	size_t			 nv = 0, i;
	char			 now[21];
	int			 r;

	*n = 0;
	if ((r = invite_announced(st, sprint_id, cause)) != 1) {
		if (r == 0)
			*cause = xprintf("%s: the announcement has not gone out "
			    "yet; invitations follow it (sprintctl announce "
			    "%s, then sprintd sends it)", s->slug, s->slug);
		return r == 0 ? UTIL_REFUSED : -1;
	}
	if (store_begin(st, cause) == -1)
		return -1;
	if (invite_targets(st, sprint_id, s, &v, &nv, cause) == -1)
		goto fail;
	clock_format_utc(clock_now(), now);
	/* Older invitations to a later call are never repeated: the row
	 * goes in with the mail. */
	for (i = 0; i < nv; i++) {
		if (compose_invite(c, st, s, sprint_id, &v[i], cause) == -1)
			goto fail;
		if (store_prepare(st, "INSERT INTO invitations (sprint_id, "
		    "person_id, outbox_id, created_at) VALUES (?1, ?2, "
		    "(SELECT max(id) FROM outbox WHERE kind = 'invite'), ?3)",
		    &stmt, cause) == -1)
			goto fail;
		sqlite3_bind_int64(stmt, 1, sprint_id);
		sqlite3_bind_int64(stmt, 2, v[i].person_id);
		store_bind_text(stmt, 3, now);
		if (store_done(st, stmt, "recording an invitation",
		    cause) == -1)
			goto fail;
		if (preview)
			fprintf(out, "%s <%s>: %s\n", v[i].name != NULL ?
			    v[i].name : "", v[i].email, v[i].last_sprint ?
			    v[i].last_sprint : v[i].listed_in ?
			    v[i].listed_in : "");
	}
	if (preview) {
		fprintf(out, "%zu invitation%s would go out for %s.\n", nv,
		    nv == 1 ? "" : "s", s->slug);
		invite_print_sample(st, sprint_id, out);
		store_rollback(st);
	} else {
		if (store_commit(st, cause) == -1)
			goto fail_nr;
		for (i = 0; i < nv; i++)
			log_info("%s: invitation to %s queued", s->slug,
			    v[i].email);
		fprintf(out, "%zu invitation%s queued for %s.\n", nv,
		    nv == 1 ? "" : "s", s->slug);
	}
	*n = nv;
	invite_targets_free(v, nv);
	return 0;
fail:
	store_rollback(st);
fail_nr:
	invite_targets_free(v, nv);
	return -1;
}
