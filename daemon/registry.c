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

/* registry.c -- sprints, people and registrations in the store. */
#include "config-auto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "dates.h"
#include "fields.h"
#include "parse.h"
#include "registry.h"
#include "util.h"

int
registry_sprint_put(struct store *st, const struct sprint *s,
    const char *source_name, int64_t *id, int *created, char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	char		 now[21], start[11], end[11];
	int64_t		 old = 0;

	clock_format_utc(clock_now(), now);
	dates_format_iso(s->start, start);
	dates_format_iso(s->end, end);
	if (store_begin(st, cause) == -1)
		return -1;
	if (store_prepare(st, "SELECT id FROM sprints WHERE slug = ?1", &stmt,
	    cause) == -1)
		goto fail;
	store_bind_text(stmt, 1, s->slug);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		old = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (store_prepare(st, old != 0 ?
	    "UPDATE sprints SET name = ?2, start_date = ?3, end_date = ?4, "
	    "timezone = ?5, capacity = ?6, source = ?7, source_name = ?8, "
	    "updated_at = ?9 WHERE id = ?10" :
	    "INSERT INTO sprints (slug, name, start_date, end_date, timezone, "
	    "capacity, source, source_name, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)", &stmt,
	    cause) == -1)
		goto fail;
	if (old == 0)
		store_bind_text(stmt, 1, s->slug);
	store_bind_text(stmt, 2, s->name);
	store_bind_text(stmt, 3, start);
	store_bind_text(stmt, 4, end);
	store_bind_text(stmt, 5, s->timezone);
	sqlite3_bind_int(stmt, 6, s->capacity);
	store_bind_text(stmt, 7, s->source);
	store_bind_text(stmt, 8, source_name);
	store_bind_text(stmt, 9, now);
	if (old != 0)
		sqlite3_bind_int64(stmt, 10, old);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		*cause = store_error(st, "saving the sprint");
		goto fail;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	*id = old != 0 ? old : sqlite3_last_insert_rowid(store_db(st));
	*created = old == 0;
	if (store_commit(st, cause) == -1)
		goto fail;
	return 0;
fail:
	sqlite3_finalize(stmt);
	store_rollback(st);
	return -1;
}

static int
registry_sprint_load(struct store *st, const char *sql, const char *slug,
    int64_t byid, struct sprint **out, int64_t *id, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*src;
	char		*name;
	int		 r;

	if (store_prepare(st, sql, &stmt, cause) == -1)
		return -1;
	if (slug != NULL)
		store_bind_text(stmt, 1, slug);
	else
		sqlite3_bind_int64(stmt, 1, byid);
	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		break;
	case SQLITE_DONE:
		sqlite3_finalize(stmt);
		return 1;
	default:
		*cause = store_error(st, "reading the sprint");
		sqlite3_finalize(stmt);
		return -1;
	}
	src = (const char *)sqlite3_column_text(stmt, 1);
	name = xprintf("sprint %s (stored)", sqlite3_column_text(stmt, 2));
	r = sprint_load_string(name, src, (size_t)sqlite3_column_bytes(stmt, 1),
	    out, cause);
	if (id != NULL)
		*id = sqlite3_column_int64(stmt, 0);
	free(name);
	sqlite3_finalize(stmt);
	return r;
}

int
registry_sprint_get(struct store *st, const char *slug, struct sprint **out,
    int64_t *id, char **cause)
{
	return registry_sprint_load(st, "SELECT id, source, slug FROM sprints "
	    "WHERE slug = ?1", slug, 0, out, id, cause);
}

int
registry_sprint_get_id(struct store *st, int64_t id, struct sprint **out,
    char **cause)
{
	return registry_sprint_load(st, "SELECT id, source, slug FROM sprints "
	    "WHERE id = ?1", NULL, id, out, NULL, cause);
}

int
registry_sprint_list(struct store *st, struct registry_sprint_row **rows,
    size_t *n, char **cause)
{
	sqlite3_stmt			*stmt;
	struct registry_sprint_row	*r;
	int				 rc;

	*rows = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT s.id, s.slug, s.name, s.start_date, "
	    "s.end_date, s.announce_at, s.capacity, "
	    "(SELECT count(*) FROM registrations r WHERE r.sprint_id = s.id "
	    "AND r.status = 'registered'), "
	    "(SELECT count(*) FROM registrations r WHERE r.sprint_id = s.id "
	    "AND r.status = 'waiting') "
	    "FROM sprints s ORDER BY s.start_date DESC, s.slug", &stmt,
	    cause) == -1)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*rows = xreallocarray(*rows, *n + 1, sizeof **rows);
		r = &(*rows)[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(stmt, 0);
		r->slug = store_column_dup(stmt, 1);
		r->name = store_column_dup(stmt, 2);
		snprintf(r->start, sizeof r->start, "%s",
		    sqlite3_column_text(stmt, 3));
		snprintf(r->end, sizeof r->end, "%s",
		    sqlite3_column_text(stmt, 4));
		r->announce_at = store_column_dup(stmt, 5);
		r->capacity = sqlite3_column_int(stmt, 6);
		r->registered = sqlite3_column_int(stmt, 7);
		r->waiting = sqlite3_column_int(stmt, 8);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "listing sprints");
		registry_sprint_rows_free(*rows, *n);
		return -1;
	}
	return 0;
}

void
registry_sprint_rows_free(struct registry_sprint_row *rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(rows[i].slug);
		free(rows[i].name);
		free(rows[i].announce_at);
	}
	free(rows);
}

int
registry_person(struct store *st, const char *email, const char *name,
    int64_t *person_id, char **cause)
{
	sqlite3_stmt	*stmt = NULL;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_cached(st, "INSERT INTO people (email, name, created_at) "
	    "VALUES (lower(?1), ?2, ?3) ON CONFLICT (email) DO UPDATE SET "
	    "name = coalesce(excluded.name, name) RETURNING id", &stmt,
	    cause) == -1)
		return -1;
	store_bind_text(stmt, 1, email);
	store_bind_text(stmt, 2, name);
	store_bind_text(stmt, 3, now);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		*cause = store_error(st, "saving a person");
		store_reset(stmt);
		return -1;
	}
	*person_id = sqlite3_column_int64(stmt, 0);
	store_reset(stmt);
	return 0;
}

#define REG_COLUMNS "r.id, r.person_id, p.email, r.name, r.status, " \
	"r.arrive, r.depart, r.local, r.accommodation, r.newcomer, " \
	"r.funding, r.diet, r.notes, r.tentative, r.name_given, r.topics"

static void
registry_reg_read(sqlite3_stmt *stmt, struct registry_reg *r)
{
	r->id = sqlite3_column_int64(stmt, 0);
	r->person_id = sqlite3_column_int64(stmt, 1);
	r->email = store_column_dup(stmt, 2);
	r->name = store_column_dup(stmt, 3);
	r->status = store_column_dup(stmt, 4);
	r->arrive = store_column_dup(stmt, 5);
	r->depart = store_column_dup(stmt, 6);
	r->local = sqlite3_column_int(stmt, 7);
	r->accommodation = store_column_dup(stmt, 8);
	r->newcomer = sqlite3_column_type(stmt, 9) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(stmt, 9);
	r->funding = sqlite3_column_type(stmt, 10) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(stmt, 10);
	r->diet = store_column_dup(stmt, 11);
	r->notes = store_column_dup(stmt, 12);
	r->tentative = sqlite3_column_int(stmt, 13);
	r->name_given = sqlite3_column_int(stmt, 14);
	r->topics = store_column_dup(stmt, 15);
	r->fields = NULL;	/* fields_load's */
	r->nfields = 0;
}

void
registry_reg_clear(struct registry_reg *r)
{
	free(r->email);
	free(r->name);
	free(r->status);
	free(r->arrive);
	free(r->depart);
	free(r->accommodation);
	free(r->diet);
	free(r->topics);
	free(r->notes);
	fields_clear(r);
	memset(r, 0, sizeof *r);
}

void
registry_regs_free(struct registry_reg *regs, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		registry_reg_clear(&regs[i]);
	free(regs);
}

int
registry_get(struct store *st, int64_t sprint_id, int64_t person_id,
    struct registry_reg *out, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	memset(out, 0, sizeof *out);
	if (store_cached(st, "SELECT " REG_COLUMNS " FROM registrations r "
	    "JOIN people p ON p.id = r.person_id WHERE r.sprint_id = ?1 AND "
	    "r.person_id = ?2", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	sqlite3_bind_int64(stmt, 2, person_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		registry_reg_read(stmt, out);
	else if (rc != SQLITE_DONE)
		*cause = store_error(st, "reading a registration");
	store_reset(stmt);
	if (rc == SQLITE_ROW && fields_load(st, out, cause) == -1) {
		registry_reg_clear(out);
		return -1;
	}
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
registry_list(struct store *st, int64_t sprint_id, const char *status,
    struct registry_reg **out, size_t *n, char **cause)
{
	return registry_list_first(st, sprint_id, status, -1, out, n, cause);
}

int
registry_day_counts(struct store *st, int64_t sprint_id, day_t first,
    size_t ndays, int *counts, char **cause)
{
	sqlite3_stmt	*stmt;
	int		*diff;
	day_t		 a, e, last = first + (day_t)ndays - 1;
	const char	*v;
	size_t		 i;
	int		 rc, run = 0;

	/* A difference array: one pass over the rows, one over the days. */
	diff = xcalloc(ndays + 1, sizeof *diff);
	if (store_cached(st, "SELECT local, arrive, depart FROM registrations "
	    "WHERE sprint_id = ?1 AND status = 'registered'", &stmt,
	    cause) == -1) {
		free(diff);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, sprint_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		a = first;
		e = last;
		/* An unknown date counts as there: they are coming. */
		if (!sqlite3_column_int(stmt, 0)) {
			if ((v = (const char *)sqlite3_column_text(stmt, 1)) !=
			    NULL && dates_parse_iso(v, &a) == 0 && a < first)
				a = first;
			if ((v = (const char *)sqlite3_column_text(stmt, 2)) !=
			    NULL && dates_parse_iso(v, &e) == 0 && e > last)
				e = last;
		}
		if (a > last || e < first || e < a)
			continue;
		diff[a - first]++;
		diff[e - first + 1]--;
	}
	if (rc != SQLITE_DONE)
		*cause = store_error(st, "counting people per day");
	store_reset(stmt);
	for (i = 0; i < ndays; i++)
		counts[i] = (run += diff[i]);
	free(diff);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
registry_list_first(struct store *st, int64_t sprint_id, const char *status,
    int limit, struct registry_reg **out, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	size_t		 cap = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	/* One status reads in the order of registrations_order: the first
	 * ones, not a sort of the whole sprint. */
	if (store_cached(st, status != NULL ? "SELECT " REG_COLUMNS " FROM "
	    "registrations r JOIN people p ON p.id = r.person_id WHERE "
	    "r.sprint_id = ?1 AND r.status = ?2 ORDER BY r.local DESC, "
	    "r.arrive IS NULL, r.arrive, r.name COLLATE NOCASE LIMIT ?3" :
	    "SELECT " REG_COLUMNS " FROM registrations r "
	    "JOIN people p ON p.id = r.person_id WHERE r.sprint_id = ?1 AND "
	    "(?2 IS NULL AND r.status != 'cancelled' OR r.status = ?2) "
	    "ORDER BY r.status, r.local DESC, r.arrive IS NULL, r.arrive, "
	    "r.name COLLATE NOCASE LIMIT ?3", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, status);
	sqlite3_bind_int(stmt, 3, limit);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		registry_reg_read(stmt, &(*out)[(*n)++]);
	}
	if (rc != SQLITE_DONE)
		*cause = store_error(st, "listing registrations");
	store_reset(stmt);
	if (rc != SQLITE_DONE) {
		registry_regs_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	for (cap = 0; cap < *n; cap++) {
		if (fields_load(st, &(*out)[cap], cause) == -1) {
			registry_regs_free(*out, *n);
			*out = NULL;
			*n = 0;
			return -1;
		}
	}
	return 0;
}

/* Keeps every state a registration goes through, and who made it: the
 * person's mail (msg_id) or the organizer (0). */
static int
registry_history(struct store *st, int64_t reg_id, int64_t msg_id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_cached(st, "INSERT INTO registration_history "
	    "(registration_id, message_id, status, name, arrive, depart, local, "
	    "accommodation, newcomer, funding, diet, notes, tentative, "
	    "changed_by, changed_at, topics) "
	    "SELECT id, ?2, status, name, arrive, depart, local, accommodation, "
	    "newcomer, funding, diet, notes, tentative, ?4, ?3, topics FROM "
	    "registrations WHERE id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, reg_id);
	if (msg_id != 0)
		sqlite3_bind_int64(stmt, 2, msg_id);
	store_bind_text(stmt, 3, now);
	store_bind_text(stmt, 4, msg_id != 0 ? "mail" : "organizer");
	if (store_step_done(st, stmt, "saving registration history", cause) == -1)
		return -1;
	return 0;
}

int
registry_count(struct store *st, int64_t sprint_id, const char *status)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL;
	int		 n = -1;

	if (store_cached(st, "SELECT count(*) FROM "
	    "registrations WHERE sprint_id = ?1 AND status = ?2", &stmt,
	    &cause) == -1) {
		free(cause);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, status);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int(stmt, 0);
	store_reset(stmt);
	return n;
}

int
registry_active(struct store *st, int64_t sprint_id, const char *email)
{
	sqlite3_stmt	*stmt;
	char		*cause = NULL;
	int		 rc;

	if (store_cached(st, "SELECT 1 FROM registrations r "
	    "JOIN people p ON p.id = r.person_id WHERE r.sprint_id = ?1 AND "
	    "p.email = ?2 AND r.status != 'cancelled'", &stmt, &cause) == -1) {
		free(cause);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, email);
	rc = sqlite3_step(stmt);
	store_reset(stmt);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Replaces *dst by a copy of src when the message gave the field. */
static void
registry_take(char **dst, const char *src)
{
	free(*dst);
	*dst = src != NULL ? xstrdup(src) : NULL;
}

/* The registration as it is after res: old (may be empty) with the
 * fields res gave laid over it. */
static void
registry_merge(struct registry_reg *m, const struct registry_reg *old,
    int exists, const struct parse_result *res)
{
	char	 d[11];

	memset(m, 0, sizeof *m);
	if (exists) {
		m->name = old->name ? xstrdup(old->name) : NULL;
		m->arrive = old->arrive ? xstrdup(old->arrive) : NULL;
		m->depart = old->depart ? xstrdup(old->depart) : NULL;
		m->local = old->local;
		m->tentative = old->tentative;
		m->accommodation = old->accommodation ?
		    xstrdup(old->accommodation) : NULL;
		m->newcomer = old->newcomer;
		m->funding = old->funding;
		m->diet = old->diet ? xstrdup(old->diet) : NULL;
		m->topics = old->topics ? xstrdup(old->topics) : NULL;
		m->notes = old->notes ? xstrdup(old->notes) : NULL;
		m->name_given = old->name_given;
	} else
		m->newcomer = m->funding = -1;

	if (res->given & PARSE_HAS_NAME) {
		registry_take(&m->name, res->name);
		m->name_given = 1;
	} else if (!m->name_given && res->name != NULL)
		registry_take(&m->name, res->name);	/* the From header */
	if (m->name == NULL)
		m->name = xstrdup(res->from);
	if (res->local) {
		m->local = 1;
		m->tentative = 0;
		registry_take(&m->arrive, NULL);
		registry_take(&m->depart, NULL);
	} else if (res->given & (PARSE_HAS_ARRIVE | PARSE_HAS_DEPART)) {
		m->local = 0;
		m->tentative = res->tentative;
		if (res->given & PARSE_HAS_ARRIVE) {
			if (res->arrive_state == DATES_KNOWN)
				dates_format_iso(res->arrive, d);
			registry_take(&m->arrive, res->arrive_state ==
			    DATES_KNOWN ? d : NULL);
		}
		if (res->given & PARSE_HAS_DEPART) {
			if (res->depart_state == DATES_KNOWN)
				dates_format_iso(res->depart, d);
			registry_take(&m->depart, res->depart_state ==
			    DATES_KNOWN ? d : NULL);
		}
	}
	if (res->given & PARSE_HAS_ACC)
		registry_take(&m->accommodation, res->accommodation);
	if (res->given & PARSE_HAS_NEWCOMER)
		m->newcomer = res->newcomer == PARSE_NULL ? -1 :
		    res->newcomer == PARSE_YES;
	if (res->given & PARSE_HAS_FUNDING)
		m->funding = res->funding == PARSE_NULL ? -1 :
		    res->funding == PARSE_YES;
	if (res->given & PARSE_HAS_DIET)
		registry_take(&m->diet, res->diet);
	if (res->given & PARSE_HAS_TOPICS)
		registry_take(&m->topics, res->topics);
	if (res->given & PARSE_HAS_NOTES)
		registry_take(&m->notes, res->notes);
}

int
registry_check_update(struct store *st, int64_t sprint_id, const char *email,
    const struct parse_result *res, char **why, char **cause)
{
	struct registry_reg	 old, m;
	sqlite3_stmt		*stmt;
	day_t			 a, d;
	int			 rc, r = 0;

	*why = NULL;
	memset(&old, 0, sizeof old);
	if (store_cached(st, "SELECT " REG_COLUMNS " FROM registrations r "
	    "JOIN people p ON p.id = r.person_id WHERE r.sprint_id = ?1 AND "
	    "p.email = ?2 AND r.status != 'cancelled'", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, email);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		registry_reg_read(stmt, &old);
	else if (rc != SQLITE_DONE)
		*cause = store_error(st, "reading a registration");
	store_reset(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : -1;
	registry_merge(&m, &old, 1, res);
	if (!m.local && m.arrive != NULL && m.depart != NULL &&
	    dates_parse_iso(m.arrive, &a) == 0 &&
	    dates_parse_iso(m.depart, &d) == 0 && d < a) {
		*why = xprintf("Depart: %s would come before your recorded "
		    "arrival, %s; expected the day you leave, on or after the "
		    "day you arrive (send both to change both)", m.depart,
		    m.arrive);
		r = -1;
	}
	registry_reg_clear(&old);
	registry_reg_clear(&m);
	return r == -1 ? 1 : 0;
}

static void
registry_bind_tri(sqlite3_stmt *stmt, int i, int v)
{
	if (v == -1)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_int(stmt, i, v);
}

int
registry_register(struct store *st, int64_t sprint_id, int capacity,
    int64_t person_id, int64_t msg_id, const struct parse_result *res,
    enum registry_change *change, struct registry_reg *out, char **cause)
{
	struct registry_reg	 old, m;
	sqlite3_stmt		*stmt = NULL;
	const char		*status;
	char			 now[21];
	int			 r, registered;

	memset(&m, 0, sizeof m);
	clock_format_utc(clock_now(), now);
	if ((r = registry_get(st, sprint_id, person_id, &old, cause)) == -1)
		return -1;
	if (r == 0 && strcmp(old.status, "cancelled") != 0) {
		*change = REGISTRY_UPDATED;
		status = old.status;
	} else {
		*change = r == 0 ? REGISTRY_RENEWED : REGISTRY_NEW;
		if ((registered = registry_count(st, sprint_id,
		    "registered")) == -1) {
			*cause = store_error(st, "counting registrations");
			goto fail;
		}
		status = registered < capacity ? "registered" : "waiting";
	}
	registry_merge(&m, &old, r == 0, res);
	if (store_cached(st, "INSERT INTO registrations (sprint_id, person_id, "
	    "status, name, arrive, depart, local, accommodation, newcomer, "
	    "funding, diet, notes, message_id, created_at, updated_at, "
	    "tentative, name_given, topics) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, "
	    "?15, ?16, ?17) "
	    "ON CONFLICT (sprint_id, person_id) DO UPDATE SET "
	    "status = excluded.status, name = excluded.name, "
	    "arrive = excluded.arrive, depart = excluded.depart, "
	    "local = excluded.local, accommodation = excluded.accommodation, "
	    "newcomer = excluded.newcomer, funding = excluded.funding, "
	    "diet = excluded.diet, notes = excluded.notes, "
	    "message_id = coalesce(excluded.message_id, message_id), "
	    "updated_at = excluded.updated_at, tentative = excluded.tentative, "
	    "name_given = excluded.name_given, topics = excluded.topics "
	    "RETURNING id", &stmt,
	    cause) == -1)
		goto fail;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	sqlite3_bind_int64(stmt, 2, person_id);
	store_bind_text(stmt, 3, status);
	store_bind_text(stmt, 4, m.name);
	store_bind_text(stmt, 5, m.arrive);
	store_bind_text(stmt, 6, m.depart);
	sqlite3_bind_int(stmt, 7, m.local);
	store_bind_text(stmt, 8, m.accommodation);
	registry_bind_tri(stmt, 9, m.newcomer);
	registry_bind_tri(stmt, 10, m.funding);
	store_bind_text(stmt, 11, m.diet);
	store_bind_text(stmt, 12, m.notes);
	if (msg_id != 0)
		sqlite3_bind_int64(stmt, 13, msg_id);
	store_bind_text(stmt, 14, now);
	sqlite3_bind_int(stmt, 15, m.tentative);
	sqlite3_bind_int(stmt, 16, m.name_given);
	store_bind_text(stmt, 17, m.topics);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		*cause = store_error(st, "saving a registration");
		goto fail;
	}
	out->id = sqlite3_column_int64(stmt, 0);
	store_reset(stmt);
	stmt = NULL;
	if (registry_history(st, out->id, msg_id, cause) == -1 ||
	    fields_save(st, out->id, res, cause) == -1)
		goto fail;
	registry_reg_clear(&old);
	registry_reg_clear(&m);
	return registry_get(st, sprint_id, person_id, out, cause) == 0 ? 0 : -1;
fail:
	if (stmt != NULL)
		store_reset(stmt);
	registry_reg_clear(&old);
	registry_reg_clear(&m);
	return -1;
}

static int
registry_set_status(struct store *st, int64_t reg_id, const char *status,
    int64_t msg_id, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_cached(st, "UPDATE registrations SET status = ?2, "
	    "updated_at = ?3 WHERE id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, reg_id);
	store_bind_text(stmt, 2, status);
	store_bind_text(stmt, 3, now);
	if (store_step_done(st, stmt, "updating a registration", cause) == -1)
		return -1;
	return registry_history(st, reg_id, msg_id, cause);
}

int
registry_promote(struct store *st, int64_t sprint_id, int64_t person_id,
    char **cause)
{
	struct registry_reg	 reg;
	int			 r;

	if ((r = registry_get(st, sprint_id, person_id, &reg, cause)) != 0)
		return r;
	if (strcmp(reg.status, "waiting") != 0) {
		registry_reg_clear(&reg);
		return 1;
	}
	r = registry_set_status(st, reg.id, "registered", 0, cause);
	registry_reg_clear(&reg);
	return r;
}

int
registry_cancel(struct store *st, int64_t sprint_id, int capacity,
    int64_t person_id, int64_t msg_id, int64_t *promoted, char **cause)
{
	struct registry_reg	 reg;
	sqlite3_stmt		*stmt;
	int			 r, was_registered;
	int64_t			 next_id = 0, next_person = 0;

	*promoted = 0;
	if ((r = registry_get(st, sprint_id, person_id, &reg, cause)) != 0)
		return r;
	if (strcmp(reg.status, "cancelled") == 0) {
		registry_reg_clear(&reg);
		return 1;
	}
	was_registered = strcmp(reg.status, "registered") == 0;
	r = registry_set_status(st, reg.id, "cancelled", msg_id, cause);
	registry_reg_clear(&reg);
	if (r == -1)
		return -1;
	if (!was_registered || registry_count(st, sprint_id, "registered") >=
	    capacity)
		return 0;
	/* A place opened: the longest-waiting person moves up. */
	if (store_prepare(st, "SELECT id, person_id FROM registrations WHERE "
	    "sprint_id = ?1 AND status = 'waiting' ORDER BY created_at, id "
	    "LIMIT 1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		next_id = sqlite3_column_int64(stmt, 0);
		next_person = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (next_id == 0)
		return 0;
	if (registry_set_status(st, next_id, "registered", 0, cause) == -1)
		return -1;
	*promoted = next_person;
	return 0;
}
