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

/* digest.c -- what the organizers are told each day, gathered here; the
 * mail itself is the template digest.txt. */
#include "config-auto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "compose.h"
#include "config.h"
#include "daily.h"
#include "digest.h"
#include "interest.h"
#include "log.h"
#include "people.h"
#include "proof.h"
#include "registry.h"
#include "render.h"
#include "schedule.h"
#include "util.h"

/* At most this many lines per list in the mail: it is read on phones. */
#define DIGEST_MAX_LINES	50

/* "Sun 7 Jan to Thu 14 Jan, Ermina" as the digest writes a stay. */
static char *
digest_stay(const struct registry_reg *r)
{
	char	 a[16] = "?", d[16] = "?";
	day_t	 day;

	if (r->local)
		return xprintf("lives there");
	if (r->arrive != NULL && dates_parse_iso(r->arrive, &day) == 0)
		people_day_text(day, a);
	if (r->depart != NULL && dates_parse_iso(r->depart, &day) == 0)
		people_day_text(day, d);
	return xprintf("%s to %s%s, %s", a, d, r->tentative ? " (tentative)" :
	    "", r->accommodation != NULL ? r->accommodation :
	    "accommodation ?");
}

/* Adds one person to the list field of root. */
static void
digest_person(struct render_val *root, const char *list,
    const struct registry_reg *r)
{
	struct render_val	*item = render_list_add(root, list);
	char			*stay = digest_stay(r);

	render_set(item, "name", r->name);
	render_set(item, "email", r->email);
	render_set(item, "stay", stay);
	free(stay);
}

/* New, changed and cancelled registrations since `since' (UTC). */
static int
digest_changes(struct store *st, int64_t sprint_id, const char *since,
    struct render_val *root, int *changes, char **cause)
{
	sqlite3_stmt		*stmt;
	const char		*list;
	int			 rc, shown[3] = { 0, 0, 0 }, which;

	render_list(root, "new");
	render_list(root, "changed");
	render_list(root, "cancelled");
	/* One row per registration touched since, with when it began. */
	if (store_prepare(st, "SELECT r.id, r.person_id, (SELECT "
	    "min(changed_at) FROM registration_history h WHERE "
	    "h.registration_id = r.id) FROM registrations r WHERE "
	    "r.sprint_id = ?1 AND EXISTS (SELECT 1 FROM registration_history h "
	    "WHERE h.registration_id = r.id AND h.changed_at > ?2) ORDER BY "
	    "r.id", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, since);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct registry_reg	 reg;
		const char		*first;

		first = (const char *)sqlite3_column_text(stmt, 2);
		if (registry_get(st, sprint_id, sqlite3_column_int64(stmt, 1),
		    &reg, cause) != 0) {
			sqlite3_finalize(stmt);
			return -1;
		}
		if (strcmp(reg.status, "cancelled") == 0)
			which = 2;
		else if (first != NULL && strcmp(first, since) > 0)
			which = 0;
		else
			which = 1;
		list = which == 0 ? "new" : which == 1 ? "changed" :
		    "cancelled";
		(*changes)++;
		if (shown[which]++ < DIGEST_MAX_LINES)
			digest_person(root, list, &reg);
		registry_reg_clear(&reg);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading changes");
		return -1;
	}
	return 0;
}

/* Who is there each day and night, and the lists drawn from the
 * registrations: waiting, funding, late newcomers, early leavers. */
static int
digest_people(struct store *st, const struct sprint *s, int64_t sprint_id,
    struct render_val *root, char **cause)
{
	struct registry_reg	*regs = NULL;
	struct people_counts	 pc;
	struct render_val	*item;
	struct buf		 beds;
	char			 day[16], *stay;
	size_t			 n = 0, i, j;
	int			 registered = 0, waiting = 0;
	day_t			 d;

	if (registry_list(st, sprint_id, NULL, &regs, &n, cause) == -1)
		return -1;
	render_list(root, "waiting");
	render_list(root, "funding");
	render_list(root, "late");
	render_list(root, "early");
	for (i = 0; i < n; i++) {
		if (strcmp(regs[i].status, "waiting") == 0) {
			if (waiting++ < DIGEST_MAX_LINES)
				digest_person(root, "waiting", &regs[i]);
			continue;
		}
		registered++;
		if (regs[i].funding == 1)
			digest_person(root, "funding", &regs[i]);
		if (people_late_newcomer(s, &regs[i]) &&
		    dates_parse_iso(regs[i].arrive, &d) == 0) {
			item = render_list_add(root, "late");
			render_set(item, "name", regs[i].name);
			people_day_text(d, day);
			render_set(item, "arrive", day);
		}
		if (people_early_leaver(s, &regs[i]) &&
		    dates_parse_iso(regs[i].depart, &d) == 0) {
			item = render_list_add(root, "early");
			render_set(item, "name", regs[i].name);
			people_day_text(d, day);
			render_set(item, "depart", day);
		}
	}
	render_setf(root, "registered_count", "%d", registered);
	render_setf(root, "waiting_count", "%d", waiting);

	people_count(s, regs, n, &pc);
	render_list(root, "days");
	for (i = 0; i < pc.ndays; i++) {
		const struct people_day	*pd = &pc.days[i];

		item = render_list_add(root, "days");
		people_day_text(pd->day, day);
		render_set(item, "date", day);
		render_setf(item, "present", "%d", pd->present);
		if (pd->assumed > 0)
			render_setf(item, "assumed", "%d", pd->assumed);
		else
			render_set(item, "assumed", "");
		render_setf(item, "sleeping", "%d", pd->sleeping);
		buf_init(&beds, 4096);
		for (j = 0; j < pd->nplaces; j++)
			buf_printf(&beds, "%s%s %d", j > 0 ? ", " : "",
			    pd->places[j].place, pd->places[j].count);
		stay = buf_steal(&beds, NULL);
		render_set(item, "beds", stay);
		free(stay);
		render_set(item, "note", pd->is_break ? "break day" :
		    !pd->in_sprint ? "outside the sprint" : "");
	}
	render_setf(root, "unknown", "%d", pc.unknown);
	if (pc.unknown == 0)
		render_set(root, "unknown", "");
	people_counts_clear(&pc);
	registry_regs_free(regs, n);
	return 0;
}

/* Mail that failed or waits for a retry; messages that could not be
 * used or were discussion, since `since'. */
static int
digest_trouble(struct store *st, int64_t sprint_id, const char *since,
    struct render_val *root, int *changes, char **cause)
{
	struct render_val	*item;
	sqlite3_stmt		*stmt;
	int			 rc, n = 0;

	render_list(root, "mails");
	if (store_prepare(st, "SELECT id, recipient, kind, CASE WHEN status = "
	    "'failed' THEN 'failed: ' || coalesce(last_error, '') ELSE "
	    "'retrying at ' || next_attempt || ' UTC: ' || "
	    "coalesce(last_error, '') END FROM outbox WHERE (sprint_id = ?1 OR "
	    "sprint_id IS NULL) AND (status = 'failed' OR (status = 'queued' "
	    "AND attempts > 0)) ORDER BY id DESC LIMIT 50", &stmt,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		item = render_list_add(root, "mails");
		render_setf(item, "id", "%lld",
		    (long long)sqlite3_column_int64(stmt, 0));
		render_set(item, "to", (const char *)sqlite3_column_text(stmt,
		    1));
		render_set(item, "kind", (const char *)sqlite3_column_text(stmt,
		    2));
		render_set(item, "state", (const char *)sqlite3_column_text(
		    stmt, 3));
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		goto fail;

	render_list(root, "messages");
	if (store_prepare(st, "SELECT id, kind, coalesce(sender, '?'), "
	    "coalesce(subject, '') FROM messages m WHERE sprint_id = ?1 AND "
	    "kind IN ('unrelated', 'invalid') AND received_at > ?2 AND NOT "
	    "EXISTS (SELECT 1 FROM interest_answers a WHERE a.message_id = "
	    "m.id) ORDER BY id",
	    &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, since);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		(*changes)++;
		if (n++ >= DIGEST_MAX_LINES)
			continue;
		item = render_list_add(root, "messages");
		render_setf(item, "id", "%lld",
		    (long long)sqlite3_column_int64(stmt, 0));
		render_set(item, "kind", (const char *)sqlite3_column_text(stmt,
		    1));
		render_set(item, "sender", (const char *)sqlite3_column_text(
		    stmt, 2));
		render_set(item, "subject", (const char *)sqlite3_column_text(
		    stmt, 3));
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		goto fail;
	return 0;
fail:
	*cause = store_error(st, "reading the digest");
	return -1;
}

/*
 * Requests held until their address confirms (sender proof), and first
 * contacts that wait past first_contact_per_hour (unusual volume).
 */
static int
digest_held(struct store *st, int64_t sprint_id, struct render_val *root,
    int *changes, char **cause)
{
	struct proof_request	*v;
	struct render_val	*item;
	sqlite3_stmt		*stmt;
	size_t			 n, i;
	int			 total, waiting;

	if (proof_held(st, sprint_id, DIGEST_MAX_LINES, &v, &n, &total,
	    cause) == -1)
		return -1;
	render_list(root, "held");
	for (i = 0; i < n; i++) {
		item = render_list_add(root, "held");
		render_set(item, "email", v[i].email);
		render_set(item, "what", v[i].what);
		render_setf(item, "since", "%.10s", v[i].created_at != NULL ?
		    v[i].created_at : "");
		render_setf(item, "id", "%lld", (long long)v[i].msg_id);
	}
	proof_requests_free(v, n);
	if (total > (int)n)
		render_setf(root, "held_more", "%d", total - (int)n);
	else
		render_set(root, "held_more", "");
	*changes += total;
	if (store_prepare(st, "SELECT count(*) FROM first_contact_waiting "
	    "WHERE sprint_id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	waiting = sqlite3_step(stmt) == SQLITE_ROW ?
	    sqlite3_column_int(stmt, 0) : -1;
	sqlite3_finalize(stmt);
	if (waiting < 0) {
		*cause = store_error(st, "counting the first contacts waiting");
		return -1;
	}
	if (waiting > 0)
		render_setf(root, "first_waiting", "%d", waiting);
	else
		render_set(root, "first_waiting", "");
	*changes += waiting;
	return 0;
}

/* The time of the last digest sent (UTC text), or "" for none. */
static char *
digest_since(struct store *st, int64_t sprint_id)
{
	sqlite3_stmt	*stmt;
	char		*v = NULL;

	if (sqlite3_prepare_v2(store_db(st), "SELECT max(created_at) FROM "
	    "digests WHERE sprint_id = ?1 AND sent = 1", -1, &stmt, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, sprint_id);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			v = store_column_dup(stmt, 0);
		sqlite3_finalize(stmt);
	}
	return v != NULL ? v : xstrdup("");
}

/* Gathers every fact of the digest into a new root; *changes counts
 * what is new since the last digest. */
static int
digest_facts(struct store *st, const struct sprint *s, int64_t sprint_id,
    struct render_val **rootp, int *changes, char **cause)
{
	struct render_val	*root = render_rec_new();
	char			*since = digest_since(st, sprint_id), day[16];
	time_t			 t;

	*changes = 0;
	people_day_text((day_t)(clock_now() / 86400), day);
	render_set(root, "today", day);
	if (*since != '\0' && clock_parse_utc(since, &t) == 0) {
		people_day_text((day_t)(t / 86400), day);
		render_setf(root, "since", "%s, %.5s UTC", day, since + 11);
	} else
		render_set(root, "since", "");
	if (digest_changes(st, sprint_id, since, root, changes,
	    cause) == -1 ||
	    digest_people(st, s, sprint_id, root, cause) == -1 ||
	    digest_trouble(st, sprint_id, since, root, changes, cause) == -1 ||
	    digest_held(st, sprint_id, root, changes, cause) == -1 ||
	    interest_facts(st, sprint_id, since, root, changes, cause) == -1 ||
	    daily_digest_facts(st, s, sprint_id, clock_now(), root, changes,
	    cause) == -1) {
		free(since);
		render_val_free(&root);
		return -1;
	}
	render_setf(root, "changes", "%d", *changes);
	free(since);
	*rootp = root;
	return 0;
}

/* Records the digest of the local day (sent or only considered). */
static int
digest_record(struct store *st, int64_t sprint_id, const char *day,
    int sent, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_prepare(st, "INSERT INTO digests (sprint_id, day, sent, "
	    "created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (sprint_id, day) "
	    "DO UPDATE SET sent = max(sent, excluded.sent), created_at = "
	    "CASE WHEN excluded.sent THEN excluded.created_at ELSE created_at "
	    "END", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, day);
	sqlite3_bind_int(stmt, 3, sent);
	store_bind_text(stmt, 4, now);
	return store_done(st, stmt, "recording a digest", cause);
}

/*
 * The local day (YYYY-MM-DD) whose digest_hour is the latest one not
 * after now, and that time; -1 when the time zone is unknown.
 */
static int
digest_day(const struct sprint *s, int hour, time_t now, day_t *dayp,
    time_t *at)
{
	day_t	 d, base = (day_t)(now / 86400);
	time_t	 t;
	int	 y, m, dd, found = 0;

	for (d = base + 1; d >= base - 1; d--) {
		dates_to_ymd(d, &y, &m, &dd);
		if (clock_local_to_utc(s->timezone, y, m, dd, hour, 0,
		    &t) == -1)
			continue;
		if (t <= now) {
			*dayp = d;
			*at = t;
			found = 1;
			break;
		}
	}
	return found ? 0 : -1;
}

int
digest_now(struct store *st, struct compose *c, const struct sprint *s,
    int64_t sprint_id, int send, FILE *out, char **cause)
{
	struct render_val	*root = NULL;
	char			 iso[11];
	int			 changes;

	if (digest_facts(st, s, sprint_id, &root, &changes, cause) == -1)
		return -1;
	if (!send) {
		int	 r = compose_digest(c, st, s, sprint_id, root, out,
		    cause);

		render_val_free(&root);
		return r;
	}
	dates_format_iso((day_t)(clock_now() / 86400), iso);
	if (store_begin(st, cause) == -1)
		goto fail;
	if (compose_digest(c, st, s, sprint_id, root, NULL, cause) == -1 ||
	    digest_record(st, sprint_id, iso, 1, cause) == -1 ||
	    store_commit(st, cause) == -1) {
		store_rollback(st);
		goto fail;
	}
	render_val_free(&root);
	return 0;
fail:
	render_val_free(&root);
	return -1;
}

/* The sprints in their digest period: announced, not over. */
static int
digest_sprints(struct store *st, int64_t **ids, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 today[11];
	int		 rc;

	*ids = NULL;
	*n = 0;
	/* A day of slack: the last local day may still run in UTC. */
	dates_format_iso((day_t)(clock_now() / 86400) - 1, today);
	if (store_prepare(st, "SELECT s.id FROM sprints s WHERE s.end_date >= "
	    "?1 AND EXISTS (SELECT 1 FROM jobs j WHERE j.sprint_id = s.id AND "
	    "j.kind = 'announce' AND j.done_at IS NOT NULL AND j.skipped = 0) "
	    "ORDER BY s.id", &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, today);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "listing sprints for the digest");
		free(*ids);
		return -1;
	}
	return 0;
}

/* 1 when the day's digest was considered already. */
static int
digest_done(struct store *st, int64_t sprint_id, const char *day)
{
	sqlite3_stmt	*stmt;
	int		 found = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT 1 FROM digests WHERE "
	    "sprint_id = ?1 AND day = ?2", -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	store_bind_text(stmt, 2, day);
	found = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_finalize(stmt);
	return found;
}

int
digest_run(struct store *st, struct compose *c, const struct config *cfg,
    int *sent, char **cause)
{
	struct render_val	*root;
	struct sprint		*s = NULL;
	int64_t			*ids;
	size_t			 n, i;
	time_t			 at, now = clock_now();
	day_t			 day;
	char			 iso[11];
	int			 changes, r;

	*sent = 0;
	if (digest_sprints(st, &ids, &n, cause) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (registry_sprint_get_id(st, ids[i], &s, cause) != 0)
			goto fail;
		if (digest_day(s, cfg->digest_hour, now, &day, &at) == -1 ||
		    day > s->end) {
			sprint_free(&s);
			continue;
		}
		dates_format_iso(day, iso);
		if ((r = digest_done(st, ids[i], iso)) != 0) {
			sprint_free(&s);
			if (r == -1) {
				*cause = store_error(st, "reading digests");
				goto fail;
			}
			continue;
		}
		if (store_begin(st, cause) == -1)
			goto fail;
		if (digest_facts(st, s, ids[i], &root, &changes, cause) == -1) {
			store_rollback(st);
			goto fail;
		}
		r = changes > 0 ? compose_digest(c, st, s, ids[i], root, NULL,
		    cause) : 0;
		render_val_free(&root);
		if (r == -1 || digest_record(st, ids[i], iso, changes > 0,
		    cause) == -1 || store_commit(st, cause) == -1) {
			store_rollback(st);
			goto fail;
		}
		if (changes > 0) {
			log_info("%s: digest of %s queued (%d change%s)",
			    s->slug, iso, changes, changes == 1 ? "" : "s");
			(*sent)++;
		} else
			log_debug("%s: no digest for %s: nothing changed",
			    s->slug, iso);
		sprint_free(&s);
	}
	free(ids);
	return 0;
fail:
	sprint_free(&s);
	free(ids);
	return -1;
}

time_t
digest_next_due(struct store *st, const struct config *cfg)
{
	struct sprint	*s = NULL;
	int64_t		*ids;
	size_t		 n, i;
	time_t		 now = clock_now(), next = 0, t, at;
	day_t		 d, cur;
	char		*cause = NULL, iso[11];
	int		 y, m, dd;

	if (digest_sprints(st, &ids, &n, &cause) == -1) {
		free(cause);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (registry_sprint_get_id(st, ids[i], &s, &cause) != 0) {
			xfree(&cause);
			continue;
		}
		/* The current local day's, when not considered yet: now. */
		if (digest_day(s, cfg->digest_hour, now, &cur, &at) == 0) {
			dates_format_iso(cur, iso);
			if (cur <= s->end && digest_done(st, ids[i], iso) == 0)
				next = next == 0 || at < next ? at : next;
		}
		/* Else the next one to come. */
		for (d = (day_t)(now / 86400) - 1; d <= (day_t)(now / 86400) +
		    2 && d <= s->end; d++) {
			dates_to_ymd(d, &y, &m, &dd);
			if (clock_local_to_utc(s->timezone, y, m, dd,
			    cfg->digest_hour, 0, &t) == -1 || t <= now)
				continue;
			if (next == 0 || t < next)
				next = t;
			break;
		}
		sprint_free(&s);
	}
	free(ids);
	return next;
}
