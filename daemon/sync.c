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


/* sync.c -- sync meetings: the sync file, meetings, topics, reports, the
 * rota, and the meetings' jobs and mail. */
#include "config-auto.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "compose.h"
#include "config.h"
#include "log.h"
#include "mime.h"
#include "outbox.h"
#include "parse.h"
#include "proof.h"
#include "quote.h"
#include "registry.h"
#include "render.h"
#include "schedule.h"
#include "sprint.h"
#include "sync.h"
#include "util.h"
#include "ytable.h"

/* Bounds of what mail may add: a reply's report, its topics. */
#define SYNC_MAX_SECTION	4000
#define SYNC_MAX_TOPIC		200
#define SYNC_MAX_TOPICS		5
#define SYNC_MAX_TOPICS_MEETING	50
#define SYNC_MAX_MODERATORS	20
/* The regulars: who reported in any of this many meetings before. */
#define SYNC_REGULAR_MEETINGS	4

static const char *const sync_weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday"
};

/* The sync file. */

static const char *
sync_check_slug(const char *s)
{
	const char	*p;

	if (strlen(s) > 64)
		return "too long: at most 64 characters";
	for (p = s; *p; p++) {
		if (!islower((unsigned char)*p) &&
		    !isdigit((unsigned char)*p) && *p != '-')
			return "expected lower-case letters, digits and '-'";
	}
	return s[0] == '-' || s[0] == '\0' ? "must start with a letter or a "
	    "digit" : NULL;
}

static const char *
sync_check_line(const char *s)
{
	const char	*p;

	for (p = s; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "must be one line without control characters";
	}
	return strlen(s) > 200 ? "too long: at most 200 characters" : NULL;
}

static const char *
sync_check_addr(const char *s)
{
	return util_addr_valid(s) ? NULL :
	    "not a mail address: expected local@domain";
}

static const char *
sync_check_timezone(const char *s)
{
	if (*s == '/' || strstr(s, "..") != NULL || strpbrk(s, " \t") != NULL ||
	    !clock_zone_known(s))
		return "unknown time zone: expected a zoneinfo name like "
		    "Europe/Berlin";
	return NULL;
}

static const char *
sync_check_weekday(const char *s)
{
	size_t	 i;

	for (i = 0; i < nitems(sync_weekdays); i++) {
		if (util_strcaseeq(s, sync_weekdays[i]))
			return NULL;
	}
	return "expected a day of the week, monday to sunday";
}

/* "HH:MM", 00:00 to 23:59. */
static int
sync_parse_time(const char *s, int *h, int *m)
{
	if (strlen(s) != 5 || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return -1;
	*h = (s[0] - '0') * 10 + s[1] - '0';
	*m = (s[3] - '0') * 10 + s[4] - '0';
	return *h <= 23 && *m <= 59 ? 0 : -1;
}

static const char *
sync_check_time(const char *s)
{
	int	 h, m;

	return sync_parse_time(s, &h, &m) == 0 ? NULL :
	    "expected a local time \"HH:MM\" (quoted), 00:00 to 23:59";
}

static const char *
sync_check_every(const char *s)
{
	int	 n = util_atoi(s);

	return n >= 1 && n <= 8 ? NULL : "expected a number of weeks from 1 "
	    "to 8";
}

static const char *
sync_check_invite(const char *s)
{
	int	 n = util_atoi(s);

	return n >= 1 && n <= 336 ? NULL : "expected a number of hours "
	    "before the meeting from 1 to 336 (two weeks)";
}

static const char *
sync_check_reports(const char *s)
{
	int	 n = util_atoi(s);

	return n >= 1 && n <= 72 ? NULL : "expected a number of hours "
	    "before the meeting from 1 to 72";
}

#define SP(m) offsetof(struct sync_person, m)
static const struct ytable_key sync_person_keys[] = {
	{ "name", YTABLE_STRING, SP(name), 0, 1, sync_check_line, NULL, NULL },
	{ "email", YTABLE_STRING, SP(email), 0, 1, sync_check_addr, NULL,
	    NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

static int
sync_parse_moderators(struct ytable *y, yaml_node_t *node, void *obj,
    const char *path, char **cause)
{
	struct sync_series	*s = obj;
	yaml_node_item_t	*it;
	char			*ipath;
	int			 r;

	if (node->type != YAML_SEQUENCE_NODE) {
		*cause = ytable_error(y, node, path, "expected a list of "
		    "{name: ..., email: ...}");
		return -1;
	}
	if (node->data.sequence.items.top - node->data.sequence.items.start >
	    SYNC_MAX_MODERATORS) {
		*cause = ytable_error(y, node, path, "at most %d moderators",
		    SYNC_MAX_MODERATORS);
		return -1;
	}
	for (it = node->data.sequence.items.start;
	    it < node->data.sequence.items.top; it++) {
		s->moderators = xreallocarray(s->moderators,
		    s->nmoderators + 1, sizeof *s->moderators);
		memset(&s->moderators[s->nmoderators], 0,
		    sizeof *s->moderators);
		ipath = xprintf("%s[%zu]", path, s->nmoderators);
		r = ytable_apply(y, ytable_node(y, *it), sync_person_keys,
		    &s->moderators[s->nmoderators++], ipath, cause);
		free(ipath);
		if (r == -1)
			return -1;
	}
	if (s->nmoderators == 0) {
		*cause = ytable_error(y, node, path, "the list is empty: name "
		    "at least one moderator");
		return -1;
	}
	return 0;
}

#define SS(m) offsetof(struct sync_series, m)
static const struct ytable_key sync_keys[] = {
	{ "slug", YTABLE_STRING, SS(slug), 0, 1, sync_check_slug, NULL, NULL },
	{ "name", YTABLE_STRING, SS(name), 0, 1, sync_check_line, NULL, NULL },
	{ "list", YTABLE_STRING, SS(list), 0, 1, sync_check_addr, NULL, NULL },
	{ "weekday", YTABLE_STRING, SS(weekday_name), 0, 1, sync_check_weekday,
	    NULL, NULL },
	{ "time", YTABLE_STRING, SS(time), 0, 1, sync_check_time, NULL, NULL },
	{ "timezone", YTABLE_STRING, SS(timezone), 0, 1, sync_check_timezone,
	    NULL, NULL },
	{ "every_weeks", YTABLE_INT, SS(every_weeks), 0, 0, sync_check_every,
	    NULL, NULL },
	{ "where", YTABLE_STRING, SS(where), 0, 1, sync_check_line, NULL,
	    NULL },
	{ "moderators", YTABLE_CUSTOM, 0, 0, 1, NULL, NULL,
	    sync_parse_moderators },
	{ "invite_hours", YTABLE_INT, SS(invite_hours), 0, 0,
	    sync_check_invite, NULL, NULL },
	{ "reports_hours", YTABLE_INT, SS(reports_hours), 0, 0,
	    sync_check_reports, NULL, NULL },
	{ "standing_topics", YTABLE_STRLIST, SS(standing_topics),
	    SS(nstanding_topics), 0, sync_check_line, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

/* The value node of a top-level key, or the root: for whole-file checks. */
static yaml_node_t *
sync_key_node(struct ytable *y, const char *key)
{
	yaml_node_t		*root = ytable_root(y);
	yaml_node_pair_t	*pair;

	for (pair = root->data.mapping.pairs.start;
	    pair < root->data.mapping.pairs.top; pair++) {
		const char	*k = ytable_scalar(ytable_node(y, pair->key));

		if (k != NULL && strcmp(k, key) == 0)
			return ytable_node(y, pair->value);
	}
	return root;
}

int
sync_load_string(const char *name, const char *yaml, size_t len,
    struct sync_series **out, char **cause)
{
	struct sync_series	*s;
	struct ytable		 y;
	size_t			 i;
	int			 loaded = 0;

	s = xcalloc(1, sizeof *s);
	if (ytable_load(&y, name, yaml, len, cause) == -1)
		goto fail;
	loaded = 1;
	if (ytable_apply(&y, ytable_root(&y), sync_keys, s, "", cause) == -1)
		goto fail;
	if (s->every_weeks == 0)
		s->every_weeks = 1;
	if (s->invite_hours == 0)
		s->invite_hours = SYNC_INVITE_HOURS;
	if (s->reports_hours == 0)
		s->reports_hours = SYNC_REPORTS_HOURS;
	if (s->reports_hours >= s->invite_hours) {
		*cause = ytable_error(&y, sync_key_node(&y, "reports_hours"),
		    "reports_hours", "the moderator's digest (%d hours before) "
		    "must come after the invitation (invite_hours: %d)",
		    s->reports_hours, s->invite_hours);
		goto fail;
	}
	for (i = 0; i < nitems(sync_weekdays); i++) {
		if (util_strcaseeq(s->weekday_name, sync_weekdays[i]))
			s->weekday = (int)i;
	}
	(void)sync_parse_time(s->time, &s->hour, &s->minute);
	s->source = xstrndup(yaml, len);
	ytable_free(&y);
	*out = s;
	return 0;
fail:
	if (loaded)
		ytable_free(&y);
	sync_free(&s);
	return -1;
}

int
sync_load_file(const char *path, struct sync_series **out, char **cause)
{
	char	*data;
	size_t	 len;
	int	 r;

	if (util_read_file(path, 256 * 1024, &data, &len, cause) == -1)
		return -1;
	r = sync_load_string(path, data, len, out, cause);
	free(data);
	return r;
}

void
sync_strings_free(char **v, size_t n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

void
sync_free(struct sync_series **sp)
{
	struct sync_series	*s = *sp;
	size_t			 i;

	if (s == NULL)
		return;
	free(s->slug);
	free(s->name);
	free(s->list);
	free(s->weekday_name);
	free(s->time);
	free(s->timezone);
	free(s->where);
	for (i = 0; i < s->nmoderators; i++) {
		free(s->moderators[i].name);
		free(s->moderators[i].email);
	}
	free(s->moderators);
	sync_strings_free(s->standing_topics, s->nstanding_topics);
	free(s->source);
	xfree(sp);
}

/* Replies. */

enum sync_key
sync_keyword(const char *line, const char **rest)
{
	static const struct {
		const char	*word;
		enum sync_key	 key;
	} words[] = {
		{ "last", SYNC_KEY_LAST }, { "prev", SYNC_KEY_LAST },
		{ "done", SYNC_KEY_LAST }, { "next", SYNC_KEY_NEXT },
		{ "blockers", SYNC_KEY_BLOCKERS },
		{ "blocker", SYNC_KEY_BLOCKERS },
		{ "block", SYNC_KEY_BLOCKERS }, { "topic", SYNC_KEY_TOPIC },
		{ "moderate", SYNC_KEY_MODERATE },
	};
	const char	*p = line, *q;
	size_t		 i, n;

	while (*p == ' ' || *p == '\t')
		p++;
	if ((*p == '*' || *p == '-') && (p[1] == ' ' || p[1] == '\t'))
		for (p++; *p == ' ' || *p == '\t'; p++)
			;
	for (i = 0; i < nitems(words); i++) {
		n = strlen(words[i].word);
		if (!util_strncaseeq(p, words[i].word, n))
			continue;
		for (q = p + n; *q == ' ' || *q == '\t'; q++)
			;
		if (*q != ':')
			continue;
		for (q++; *q == ' ' || *q == '\t'; q++)
			;
		*rest = q;
		return words[i].key;
	}
	return SYNC_KEY_NONE;
}

/* Appends one line (trimmed) to a section, capped. */
static void
sync_section_add(struct buf *b, const char *line, size_t len)
{
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t' ||
	    line[len - 1] == '\r'))
		len--;
	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	if (len == 0)
		return;
	if (b->len > 0)
		buf_addch(b, '\n');
	buf_add(b, line, len);
}

static char *
sync_section_take(struct buf *b)
{
	char	*s;

	if (b->len == 0 || b->failed) {
		buf_free(b);
		return NULL;
	}
	s = buf_steal(b, NULL);
	util_clean(s, UTIL_CLEAN_LF | UTIL_CLEAN_UTF8);
	return s;
}

int
sync_read_reply(const char *text, struct sync_reply *out)
{
	struct buf	 sec[3];
	struct buf	*cur = NULL;
	const char	*p, *e, *rest;
	char		*t;
	size_t		 i, len;
	int		 found = 0;

	memset(out, 0, sizeof *out);
	for (i = 0; i < nitems(sec); i++)
		buf_init(&sec[i], SYNC_MAX_SECTION);
	for (p = text != NULL ? text : ""; *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		len = (size_t)(e - p);
		switch (sync_keyword(p, &rest)) {
		case SYNC_KEY_LAST:
			cur = &sec[0];
			break;
		case SYNC_KEY_NEXT:
			cur = &sec[1];
			break;
		case SYNC_KEY_BLOCKERS:
			cur = &sec[2];
			break;
		case SYNC_KEY_TOPIC:
			cur = NULL;
			t = xstrndup(rest, (size_t)(e - rest));
			util_strip_controls(t);
			util_trim(t);
			if (*t != '\0' && (out->ntopics >= SYNC_MAX_TOPICS ||
			    strlen(t) > SYNC_MAX_TOPIC) && out->problem == NULL)
				out->problem = xprintf("no topic: at most %d "
				    "topics of %d characters each in one mail",
				    SYNC_MAX_TOPICS, SYNC_MAX_TOPIC);
			if (out->problem != NULL)
				found = 1;
			if (*t != '\0' && out->ntopics < SYNC_MAX_TOPICS &&
			    strlen(t) <= SYNC_MAX_TOPIC) {
				out->topics = xreallocarray(out->topics,
				    out->ntopics + 1, sizeof *out->topics);
				out->topics[out->ntopics++] = t;
				found = 1;
			} else
				free(t);
			continue;
		case SYNC_KEY_MODERATE:
			cur = NULL;
			t = xstrndup(rest, (size_t)(e - rest));
			util_trim(t);
			if (util_strcaseeq(t, "no")) {
				out->moderate_no = 1;
				found = 1;
			}
			free(t);
			continue;
		case SYNC_KEY_NONE:
			while (len > 0 && (p[len - 1] == ' ' ||
			    p[len - 1] == '\t' || p[len - 1] == '\r'))
				len--;
			if (len == 0 || strspn(p, " \t") == len)
				cur = NULL;
			else if (cur != NULL)
				sync_section_add(cur, p, len);
			continue;
		}
		/* A keyword given twice: its lines join. */
		found = 1;
		sync_section_add(cur, rest, (size_t)(e - rest));
	}
	/* A part over the limit: none of the report, and the sender told
	 * (a record is what the person wrote, or nothing). */
	for (i = 0; i < nitems(sec); i++) {
		if (!sec[i].failed)
			continue;
		free(out->problem);
		out->problem = xprintf("no report: %s is longer than %d "
		    "characters; please send a shorter one", i == 0 ?
		    "LAST:" : i == 1 ? "NEXT:" : "BLOCKERS:",
		    SYNC_MAX_SECTION);
		for (i = 0; i < nitems(sec); i++)
			buf_free(&sec[i]);
		return 1;
	}
	out->last = sync_section_take(&sec[0]);
	out->next = sync_section_take(&sec[1]);
	out->blockers = sync_section_take(&sec[2]);
	return found;
}

void
sync_reply_clear(struct sync_reply *r)
{
	free(r->last);
	free(r->next);
	free(r->blockers);
	free(r->problem);
	sync_strings_free(r->topics, r->ntopics);
	memset(r, 0, sizeof *r);
}

int
sync_has_blockers(const char *s)
{
	static const char *const none[] = {
		"none", "no", "nothing", "-", "n/a", "none.", "no blockers",
		"nope", "none so far",
	};
	char	*t;
	size_t	 i;
	int	 r = 1;

	if (s == NULL || *s == '\0')
		return 0;
	t = xstrdup(s);
	util_trim(t);
	for (i = 0; i < nitems(none); i++) {
		if (util_strcaseeq(t, none[i]))
			r = 0;
	}
	if (*t == '\0')
		r = 0;
	free(t);
	return r;
}

int
sync_rota_next(int prev, size_t n)
{
	if (n == 0)
		return 0;
	if (prev < 0)
		return 0;
	return (int)(((size_t)prev + 1) % n);
}

const struct sync_person *
sync_moderator(const struct sync_series *s, const struct sync_meeting *m)
{
	if (s->nmoderators == 0)
		return NULL;
	return &s->moderators[(size_t)(m->moderator < 0 ? 0 : m->moderator) %
	    s->nmoderators];
}

/* Meetings. */

int
sync_start(const struct sync_series *s, day_t day, time_t *out)
{
	int	 y, m, d;

	dates_to_ymd(day, &y, &m, &d);
	return clock_local_to_utc(s->timezone, y, m, d, s->hour, s->minute,
	    out);
}

day_t
sync_day_on_or_after(const struct sync_series *s, day_t first, day_t day)
{
	int	 step = 7 * (s->every_weeks > 0 ? s->every_weeks : 1);

	if (day <= first)
		return first;
	return first + ((day - first + step - 1) / step) * step;
}

/* The local day of t in the series' zone. */
static day_t
sync_local_day(const struct sync_series *s, time_t t)
{
	char	 iso[16];
	day_t	 d;

	clock_format_local(s->timezone, t, "%Y-%m-%d", iso, sizeof iso);
	if (dates_parse_iso(iso, &d) == -1)
		return (day_t)(t / 86400);
	return d;
}

/* The first meeting day of a series added at now: its weekday, today or
 * later. */
static day_t
sync_first_for(const struct sync_series *s, time_t now)
{
	day_t	 today = sync_local_day(s, now);

	return today + (s->weekday - dates_weekday(today) + 7) % 7;
}

/* Reads a day column ("YYYY-MM-DD"). */
static day_t
sync_column_day(sqlite3_stmt *stmt, int i)
{
	const char	*v = (const char *)sqlite3_column_text(stmt, i);
	day_t		 d = 0;

	if (v != NULL)
		(void)dates_parse_iso(v, &d);
	return d;
}

static time_t
sync_column_time(sqlite3_stmt *stmt, int i)
{
	const char	*v = (const char *)sqlite3_column_text(stmt, i);
	time_t		 t = 0;

	if (v != NULL && clock_parse_utc(v, &t) == -1)
		t = 0;
	return t;
}

int
sync_first_day(struct store *st, int64_t series_id, day_t *out,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, "SELECT first_day FROM sync_series WHERE id = ?1",
	    &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, series_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*out = sync_column_day(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW) {
		*cause = store_error(st, "reading a sync series");
		return -1;
	}
	return 0;
}

int
sync_is_skipped(struct store *st, int64_t series_id, day_t day, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 iso[11];
	int		 rc;

	dates_format_iso(day, iso);
	if (store_prepare(st, "SELECT 1 FROM sync_skips WHERE series_id = ?1 "
	    "AND day = ?2", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, series_id);
	store_bind_text(stmt, 2, iso);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the skipped meetings");
		return -1;
	}
	return rc == SQLITE_ROW;
}

#define SYNC_MEETING_COLS "m.id, m.series_id, m.day, m.starts_at, " \
	"m.moderator, EXISTS (SELECT 1 FROM sync_skips k WHERE k.series_id = " \
	"m.series_id AND k.day = m.day)"

static void
sync_meeting_row(sqlite3_stmt *stmt, struct sync_meeting *m)
{
	m->id = sqlite3_column_int64(stmt, 0);
	m->series_id = sqlite3_column_int64(stmt, 1);
	m->day = sync_column_day(stmt, 2);
	m->starts = sync_column_time(stmt, 3);
	m->moderator = sqlite3_column_int(stmt, 4);
	m->skipped = sqlite3_column_int(stmt, 5);
}

/* One meeting by the query sql with ?1 an id and ?2 a text: 0, 1 when
 * none, -1 with *cause. */
static int
sync_meeting_query(struct store *st, const char *sql, int64_t id,
    const char *text, struct sync_meeting *m, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, sql, &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (text != NULL)
		store_bind_text(stmt, 2, text);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		sync_meeting_row(stmt, m);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading a meeting");
		return -1;
	}
	return rc == SQLITE_ROW ? 0 : 1;
}

int
sync_meeting_by_id(struct store *st, int64_t id, struct sync_meeting *m,
    char **cause)
{
	return sync_meeting_query(st, "SELECT " SYNC_MEETING_COLS " FROM "
	    "sync_meetings m WHERE m.id = ?1", id, NULL, m, cause);
}

int
sync_meeting_peek(struct store *st, const struct sync_series *s,
    int64_t series_id, day_t day, struct sync_meeting *m, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 iso[11];
	int		 r, prev = -1, rc;

	dates_format_iso(day, iso);
	if ((r = sync_meeting_query(st, "SELECT " SYNC_MEETING_COLS " FROM "
	    "sync_meetings m WHERE m.series_id = ?1 AND m.day = ?2",
	    series_id, iso, m, cause)) != 1)
		return r;
	memset(m, 0, sizeof *m);
	m->series_id = series_id;
	m->day = day;
	if (sync_start(s, day, &m->starts) == -1) {
		*cause = xprintf("%s: %s at %s does not exist in %s", s->slug,
		    iso, s->time, s->timezone);
		return -1;
	}
	if ((m->skipped = sync_is_skipped(st, series_id, day, cause)) == -1)
		return -1;
	/* The rota: after the moderator of the last meeting held before. */
	if (store_prepare(st, "SELECT moderator FROM sync_meetings m WHERE "
	    "m.series_id = ?1 AND m.day < ?2 AND NOT EXISTS (SELECT 1 FROM "
	    "sync_skips k WHERE k.series_id = m.series_id AND k.day = m.day) "
	    "ORDER BY m.day DESC LIMIT 1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, series_id);
	store_bind_text(stmt, 2, iso);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		prev = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the rota");
		return -1;
	}
	m->moderator = sync_rota_next(prev, s->nmoderators);
	return 0;
}

int
sync_meeting_on(struct store *st, const struct sync_series *s,
    int64_t series_id, day_t day, struct sync_meeting *m, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 iso[11], t[21];
	int		 r;

	if (sync_meeting_peek(st, s, series_id, day, m, cause) == -1)
		return -1;
	if (m->id != 0)
		return 0;
	dates_format_iso(day, iso);
	clock_format_utc(m->starts, t);
	if (store_prepare(st, "INSERT INTO sync_meetings (series_id, day, "
	    "starts_at, moderator) VALUES (?1, ?2, ?3, ?4)", &stmt,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, series_id);
	store_bind_text(stmt, 2, iso);
	store_bind_text(stmt, 3, t);
	sqlite3_bind_int(stmt, 4, m->moderator);
	if (store_done(st, stmt, "adding a meeting", cause) == -1)
		return -1;
	r = sync_meeting_query(st, "SELECT " SYNC_MEETING_COLS " FROM "
	    "sync_meetings m WHERE m.series_id = ?1 AND m.day = ?2",
	    series_id, iso, m, cause);
	if (r == 1) {
		*cause = xprintf("%s: the meeting of %s is gone", s->slug, iso);
		return -1;
	}
	return r;
}

/* The day of the next meeting that starts after t. */
int
sync_next_day(struct store *st, const struct sync_series *s,
    int64_t series_id, time_t t, day_t *out, char **cause)
{
	day_t	 first, day;
	time_t	 starts;
	int	 i;

	if (sync_first_day(st, series_id, &first, cause) == -1)
		return -1;
	day = sync_day_on_or_after(s, first, sync_local_day(s, t));
	for (i = 0; i < 3; i++) {
		if (sync_start(s, day, &starts) == 0 && starts > t) {
			*out = day;
			return 0;
		}
		day += 7 * s->every_weeks;
	}
	*cause = xprintf("%s: no meeting time after now in %s", s->slug,
	    s->timezone);
	return -1;
}

int
sync_meeting_after(struct store *st, const struct sync_series *s,
    int64_t series_id, time_t t, struct sync_meeting *m, char **cause)
{
	day_t	 day;

	if (sync_next_day(st, s, series_id, t, &day, cause) == -1)
		return -1;
	return sync_meeting_on(st, s, series_id, day, m, cause);
}

int
sync_meeting_last(struct store *st, int64_t series_id, time_t t,
    struct sync_meeting *m, char **cause)
{
	char	 u[21];

	clock_format_utc(t, u);
	return sync_meeting_query(st, "SELECT " SYNC_MEETING_COLS " FROM "
	    "sync_meetings m WHERE m.series_id = ?1 AND m.starts_at <= ?2 "
	    "ORDER BY m.starts_at DESC LIMIT 1", series_id, u, m, cause);
}

/* The next meeting that is not cancelled, after t. */
static int
sync_meeting_held_after(struct store *st, const struct sync_series *s,
    int64_t series_id, time_t t, struct sync_meeting *m, char **cause)
{
	int	 i;

	for (i = 0; i < 12; i++) {
		if (sync_meeting_after(st, s, series_id, t, m, cause) == -1)
			return -1;
		if (!m->skipped)
			return 0;
		t = m->starts;
	}
	*cause = xprintf("%s: the next 12 meetings are all cancelled",
	    s->slug);
	return -1;
}

/* Plans the jobs of a meeting (kept when planned already). */
static int
sync_plan_meeting(struct store *st, const struct sync_series *s,
    const struct sync_meeting *m, char **cause)
{
	const struct {
		enum schedule_kind	 kind;
		int			 hours;
	} plan[] = {
		{ SCHEDULE_SYNC_INVITE, s->invite_hours },
		{ SCHEDULE_SYNC_DIGEST, s->reports_hours },
	};
	sqlite3_stmt	*stmt;
	char		 t[21];
	size_t		 i;

	for (i = 0; i < nitems(plan); i++) {
		clock_format_utc(m->starts - (time_t)plan[i].hours * 3600, t);
		if (store_prepare(st, "INSERT INTO sync_jobs (meeting_id, "
		    "kind, due_at) VALUES (?1, ?2, ?3) ON CONFLICT "
		    "(meeting_id, kind) DO NOTHING", &stmt, cause) == -1)
			return -1;
		sqlite3_bind_int64(stmt, 1, m->id);
		store_bind_text(stmt, 2, schedule_kinds[plan[i].kind].name);
		store_bind_text(stmt, 3, t);
		if (store_done(st, stmt, "planning a meeting's job",
		    cause) == -1)
			return -1;
	}
	return 0;
}

int
sync_get_id(struct store *st, int64_t id, struct sync_series **out,
    char **cause)
{
	sqlite3_stmt	*stmt;
	char		*slug = NULL, *src = NULL;
	int		 rc, r;

	if (store_prepare(st, "SELECT slug, source FROM sync_series WHERE "
	    "id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		slug = store_column_dup(stmt, 0);
		src = store_column_dup(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW) {
		*cause = rc == SQLITE_DONE ? xprintf("sync series %lld is "
		    "gone", (long long)id) : store_error(st, "reading a sync "
		    "series");
		return -1;
	}
	r = sync_load_string(slug, src, strlen(src), out, cause);
	free(slug);
	free(src);
	return r;
}

int
sync_get(struct store *st, const char *slug, struct sync_series **out,
    int64_t *id, char **cause)
{
	sqlite3_stmt	*stmt;
	int64_t		 sid = 0;
	int		 rc;

	*out = NULL;
	if (store_prepare(st, "SELECT id FROM sync_series WHERE slug = ?1",
	    &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, slug);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		sid = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_ROW) {
		*cause = store_error(st, "reading a sync series");
		return -1;
	}
	if (id != NULL)
		*id = sid;
	return sync_get_id(st, sid, out, cause);
}

/* Plans every series' next meeting; inside the caller's transaction. */
static int
sync_plan_all(struct store *st, time_t now, char **cause)
{
	sqlite3_stmt		*stmt;
	struct sync_series	*s = NULL;
	struct sync_meeting	 m;
	int64_t			*ids = NULL;
	size_t			 n = 0, i;
	int			 rc, r = -1;

	if (store_prepare(st, "SELECT id FROM sync_series ORDER BY id", &stmt,
	    cause) == -1)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the sync series");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		if (sync_get_id(st, ids[i], &s, cause) == -1 ||
		    sync_meeting_after(st, s, ids[i], now, &m, cause) == -1 ||
		    sync_plan_meeting(st, s, &m, cause) == -1)
			goto fail;
		sync_free(&s);
	}
	r = 0;
fail:
	sync_free(&s);
	free(ids);
	return r;
}

/* 1 when some series' next meeting or its jobs are not made yet, 0 when
 * all are (then nothing is written: a cycle with nothing to plan commits
 * nothing), -1 with *cause. */
static int
sync_plan_needed(struct store *st, time_t now, char **cause)
{
	sqlite3_stmt		*stmt, *jobs;
	struct sync_series	*s = NULL;
	struct sync_meeting	 m;
	day_t			 day;
	int64_t			 id;
	int			 rc, r = 0;

	if (store_prepare(st, "SELECT id FROM sync_series ORDER BY id", &stmt,
	    cause) == -1)
		return -1;
	if (store_prepare(st, "SELECT count(*) FROM sync_jobs WHERE "
	    "meeting_id = ?1", &jobs, cause) == -1) {
		sqlite3_finalize(stmt);
		return -1;
	}
	while (r == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		if (sync_get_id(st, id, &s, cause) == -1 ||
		    sync_next_day(st, s, id, now, &day, cause) == -1 ||
		    sync_meeting_peek(st, s, id, day, &m, cause) == -1)
			r = -1;
		else if (m.id == 0)
			r = 1;
		else {
			sqlite3_bind_int64(jobs, 1, m.id);
			if (sqlite3_step(jobs) != SQLITE_ROW ||
			    sqlite3_column_int(jobs, 0) < 2)
				r = 1;
			sqlite3_reset(jobs);
		}
		sync_free(&s);
	}
	sqlite3_finalize(stmt);
	sqlite3_finalize(jobs);
	return r;
}

int
sync_plan(struct store *st, char **cause)
{
	int	 r;

	if ((r = sync_plan_needed(st, clock_now(), cause)) != 1)
		return r;
	if (store_begin(st, cause) == -1)
		return -1;
	if (sync_plan_all(st, clock_now(), cause) == -1 ||
	    store_commit(st, cause) == -1) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int
sync_put(struct store *st, const struct sync_series *s, int64_t *id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	struct sync_meeting m;
	time_t		 now = clock_now();
	char		 first[11], t[21];
	day_t		 old = 0;
	int		 rc, have = 0;

	if (store_begin(st, cause) == -1)
		return -1;
	if (store_prepare(st, "SELECT first_day FROM sync_series WHERE "
	    "slug = ?1", &stmt, cause) == -1)
		goto fail;
	store_bind_text(stmt, 1, s->slug);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		old = sync_column_day(stmt, 0);
		have = 1;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading a sync series");
		goto fail;
	}
	/* The weeks count from the first meeting; a new weekday or a new
	 * rhythm starts them again from today. */
	dates_format_iso(have && dates_weekday(old) == s->weekday ? old :
	    sync_first_for(s, now), first);
	clock_format_utc(now, t);
	if (store_prepare(st, "INSERT INTO sync_series (slug, source, "
	    "first_day, added_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (slug) "
	    "DO UPDATE SET source = excluded.source, first_day = "
	    "excluded.first_day", &stmt, cause) == -1)
		goto fail;
	store_bind_text(stmt, 1, s->slug);
	store_bind_text(stmt, 2, s->source);
	store_bind_text(stmt, 3, first);
	store_bind_text(stmt, 4, t);
	if (store_done(st, stmt, "adding a sync series", cause) == -1)
		goto fail;
	if (store_prepare(st, "SELECT id FROM sync_series WHERE slug = ?1",
	    &stmt, cause) == -1)
		goto fail;
	store_bind_text(stmt, 1, s->slug);
	rc = sqlite3_step(stmt);
	*id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW) {
		*cause = store_error(st, "adding a sync series");
		goto fail;
	}
	if (sync_meeting_after(st, s, *id, now, &m, cause) == -1 ||
	    sync_plan_meeting(st, s, &m, cause) == -1 ||
	    store_commit(st, cause) == -1)
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int
sync_skip(struct store *st, const struct sync_series *s, int64_t series_id,
    day_t day, char **cause)
{
	sqlite3_stmt		*stmt;
	struct sync_meeting	 m;
	time_t			 starts, now = clock_now();
	day_t			 first;
	char			 iso[11], t[21], when[64];
	int			 step = 7 * s->every_weeks, r = 0, went = 0;

	dates_format_iso(day, iso);
	if (sync_first_day(st, series_id, &first, cause) == -1)
		return -1;
	if (day < first || (day - first) % step != 0) {
		char	 next[11];

		dates_format_iso(sync_day_on_or_after(s, first, day), next);
		*cause = xprintf("%s: %s is no meeting day of %s (it meets "
		    "on %ss%s; the next meeting day from then is %s)", iso,
		    iso, s->slug, s->weekday_name, s->every_weeks > 1 ?
		    ", every few weeks" : "", next);
		return UTIL_REFUSED;
	}
	if (sync_start(s, day, &starts) == -1 || starts <= now) {
		clock_format_local(s->timezone, starts, "%a %-d %b %Y %H:%M %Z",
		    when, sizeof when);
		*cause = xprintf("%s: the meeting began at %s: too late to "
		    "cancel it", iso, when);
		return UTIL_REFUSED;
	}
	if (store_begin(st, cause) == -1)
		return -1;
	clock_format_utc(now, t);
	if (store_prepare(st, "INSERT INTO sync_skips (series_id, day, "
	    "created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", &stmt,
	    cause) == -1)
		goto fail;
	sqlite3_bind_int64(stmt, 1, series_id);
	store_bind_text(stmt, 2, iso);
	store_bind_text(stmt, 3, t);
	if (store_done(st, stmt, "cancelling a meeting", cause) == -1)
		goto fail;
	/* Not made here: meetings are made in order, for the rota. */
	if (sync_meeting_peek(st, s, series_id, day, &m, cause) == -1)
		goto fail;
	/* The invitation went already: a notice goes now. */
	if (store_prepare(st, "SELECT count(*) FROM sync_mails WHERE "
	    "meeting_id = ?1 AND kind = 'sync-invite'", &stmt, cause) == -1)
		goto fail;
	sqlite3_bind_int64(stmt, 1, m.id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		went = sqlite3_column_int(stmt, 0) > 0;
	sqlite3_finalize(stmt);
	if (went) {
		if (store_prepare(st, "INSERT INTO sync_jobs (meeting_id, "
		    "kind, due_at) VALUES (?1, ?2, ?3) ON CONFLICT "
		    "(meeting_id, kind) DO NOTHING", &stmt, cause) == -1)
			goto fail;
		sqlite3_bind_int64(stmt, 1, m.id);
		store_bind_text(stmt, 2,
		    schedule_kinds[SCHEDULE_SYNC_CANCEL].name);
		store_bind_text(stmt, 3, t);
		if (store_done(st, stmt, "planning a cancellation",
		    cause) == -1)
			goto fail;
		r = 2;
	}
	if (store_commit(st, cause) == -1)
		goto fail;
	return r;
fail:
	store_rollback(st);
	return -1;
}

int
sync_mail_note(struct store *st, int64_t meeting_id, const char *kind,
    const char *mid, const char *email, char **cause)
{
	sqlite3_stmt	*stmt;

	if (store_prepare(st, "INSERT INTO sync_mails (message_id, meeting_id, "
	    "kind, email) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
	    &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, mid);
	sqlite3_bind_int64(stmt, 2, meeting_id);
	store_bind_text(stmt, 3, kind);
	store_bind_text(stmt, 4, email);
	return store_done(st, stmt, "noting a sync mail", cause);
}

/* Topics and reports. */

void
sync_reports_free(struct sync_report *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].email);
		free(v[i].name);
		free(v[i].last);
		free(v[i].next);
		free(v[i].blockers);
		free(v[i].state);
	}
	free(v);
}

int
sync_reports(struct store *st, int64_t meeting_id, struct sync_report **out,
    size_t *n, char **cause)
{
	sqlite3_stmt		*stmt;
	struct sync_report	*v = NULL, r;
	size_t			 nv = 0, i, pass;
	int			 rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT email, name, last, next, blockers, state "
	    "FROM sync_reports WHERE meeting_id = ?1 AND state != 'replaced' "
	    "ORDER BY id", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, meeting_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, nv + 1, sizeof *v);
		v[nv].email = store_column_dup(stmt, 0);
		v[nv].name = store_column_dup(stmt, 1);
		v[nv].last = store_column_dup(stmt, 2);
		v[nv].next = store_column_dup(stmt, 3);
		v[nv].blockers = store_column_dup(stmt, 4);
		v[nv].state = store_column_dup(stmt, 5);
		nv++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the reports");
		sync_reports_free(v, nv);
		return -1;
	}
	/* Blockers first, each group in arrival order; held ones last. */
	*out = xcalloc(nv + 1, sizeof **out);
	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < nv; i++) {
			int	 held = strcmp(v[i].state, "held") == 0;
			int	 b = sync_has_blockers(v[i].blockers);

			if ((pass == 0 && !held && b) ||
			    (pass == 1 && !held && !b) || (pass == 2 && held)) {
				r = v[i];
				(*out)[(*n)++] = r;
			}
		}
	}
	free(v);
	return 0;
}

int
sync_topics(struct store *st, int64_t meeting_id, char ***out, size_t *n,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT text || ' (' || name || ')' FROM "
	    "sync_topics WHERE meeting_id = ?1 ORDER BY id", &stmt,
	    cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, meeting_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = store_column_dup(stmt, 0);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the topics");
		sync_strings_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* The facts. */

/* The status of each sprint that has not begun, as an agenda item. */
static int
sync_sprint_items(struct store *st, struct render_val *root, time_t now,
    char **cause)
{
	struct registry_sprint_row	*rows = NULL;
	struct registry_reg		*regs = NULL;
	struct render_val		*item;
	size_t				 nrows = 0, nregs = 0, i, j;
	char				 today[11], a[RENDER_DAY_LEN],
					 b[RENDER_DAY_LEN];
	int				 unknown, left;

	clock_format_local("UTC", now, "%Y-%m-%d", today, sizeof today);
	if (registry_sprint_list(st, &rows, &nrows, cause) == -1)
		return -1;
	/* Oldest start first: the next sprint leads. */
	for (i = nrows; i-- > 0;) {
		struct sprint	*sp = NULL;
		int		 open;

		if (strcmp(rows[i].start, today) < 0)
			continue;
		/* Dates still open: the candidates, not the first of them
		 * as if it were fixed. */
		if (registry_sprint_get_id(st, rows[i].id, &sp, cause) != 0) {
			registry_sprint_rows_free(rows, nrows);
			return -1;
		}
		open = sp->dates_open;
		j = sp->noptions;
		sprint_free(&sp);
		if (open) {
			item = render_list_add(root, "agenda");
			render_setf(item, "text", "sprint plan: %s, the dates "
			    "not fixed yet (%zu options; sprintctl interest "
			    "%s)", rows[i].name, j, rows[i].slug);
			continue;
		}
		if (registry_list(st, rows[i].id, "registered", &regs, &nregs,
		    cause) == -1) {
			registry_sprint_rows_free(rows, nrows);
			return -1;
		}
		unknown = 0;
		for (j = 0; j < nregs; j++) {
			if (!regs[j].local && (regs[j].arrive == NULL ||
			    regs[j].depart == NULL ||
			    regs[j].accommodation == NULL))
				unknown++;
		}
		registry_regs_free(regs, nregs);
		left = rows[i].capacity - rows[i].registered;
		item = render_list_add(root, "agenda");
		render_setf(item, "text", "sprint status: %s (%s to %s): %d "
		    "registered, %d %s left%s%.0d%s, %d with a ? left",
		    rows[i].name, render_human_date(rows[i].start, a),
		    render_human_date(rows[i].end, b), rows[i].registered,
		    left > 0 ? left : 0, left == 1 ? "place" : "places",
		    rows[i].waiting > 0 ? " (" : "", rows[i].waiting,
		    rows[i].waiting > 0 ? " waiting)" : "", unknown);
	}
	registry_sprint_rows_free(rows, nrows);
	return 0;
}

/* Lines after the first indented, as a list item's text goes on. */
static void
sync_set_indented(struct render_val *v, const char *name, const char *text,
    const char *indent)
{
	struct buf	 b;
	const char	*p;

	if (text == NULL) {
		render_set(v, name, "");
		return;
	}
	buf_init(&b, 0);
	for (p = text; *p != '\0'; p++) {
		buf_addch(&b, *p);
		if (*p == '\n')
			buf_addstr(&b, indent);
	}
	buf_addch(&b, '\0');
	render_set(v, name, b.data);
	buf_free(&b);
}

int
sync_facts(struct store *st, const struct sync_series *s,
    const struct sync_meeting *m, struct render_val *root, char **cause)
{
	const struct sync_person	*mod = sync_moderator(s, m);
	struct render_val		*v;
	char				**topics = NULL, when[64];
	size_t				 ntopics = 0, i;

	v = render_sub(root, "sync");
	render_set(v, "name", s->name);
	render_set(v, "slug", s->slug);
	render_set(v, "where", s->where);
	render_set(v, "list", s->list);
	render_set(v, "zone", s->timezone);
	v = render_sub(root, "meeting");
	clock_format_local(s->timezone, m->starts, "%a %-d %b %Y", when,
	    sizeof when);
	render_set(v, "day", when);
	clock_format_local(s->timezone, m->starts, "%H:%M %Z", when,
	    sizeof when);
	render_set(v, "time", when);
	clock_format_local("UTC", m->starts, "%a %-d %b, %H:%M UTC", when,
	    sizeof when);
	render_set(v, "utc", when);
	render_set_flag(v, "cancelled", m->skipped);
	render_set(root, "moderator", mod != NULL ? mod->name : "");
	render_set(root, "moderator_email", mod != NULL ? mod->email : "");
	render_setf(root, "invite_hours", "%d", s->invite_hours);
	render_setf(root, "reports_hours", "%d", s->reports_hours);
	render_list(root, "agenda");
	for (i = 0; i < s->nstanding_topics; i++)
		render_set(render_list_add(root, "agenda"), "text",
		    s->standing_topics[i]);
	if (sync_sprint_items(st, root, clock_now(), cause) == -1)
		return -1;
	if (sync_topics(st, m->id, &topics, &ntopics, cause) == -1)
		return -1;
	for (i = 0; i < ntopics; i++)
		render_set(render_list_add(root, "agenda"), "text", topics[i]);
	sync_strings_free(topics, ntopics);
	return 0;
}

int
sync_digest_facts(struct store *st, const struct sync_meeting *m,
    struct render_val *root, char **cause)
{
	struct sync_report	*r = NULL;
	struct render_val	*v;
	sqlite3_stmt		*stmt;
	char			 iso[11];
	size_t			 n = 0, i;
	int			 rc;

	if (sync_reports(st, m->id, &r, &n, cause) == -1)
		return -1;
	render_list(root, "reports");
	render_list(root, "held");
	render_list(root, "missing");
	for (i = 0; i < n; i++) {
		if (strcmp(r[i].state, "held") == 0) {
			render_set(render_list_add(root, "held"), "name",
			    r[i].name);
			continue;
		}
		v = render_list_add(root, "reports");
		render_set(v, "name", r[i].name);
		sync_set_indented(v, "last", r[i].last, "        ");
		sync_set_indented(v, "next", r[i].next, "        ");
		sync_set_indented(v, "blockers", r[i].blockers, "            ");
		render_set_flag(v, "has_blockers",
		    sync_has_blockers(r[i].blockers));
	}
	sync_reports_free(r, n);
	dates_format_iso(m->day, iso);
	if (store_prepare(st, "SELECT max(r.name) FROM sync_reports r WHERE "
	    "r.state = 'current' AND r.meeting_id IN (SELECT m.id FROM "
	    "sync_meetings m WHERE m.series_id = ?1 AND m.day < ?2 AND NOT "
	    "EXISTS (SELECT 1 FROM sync_skips k WHERE k.series_id = "
	    "m.series_id AND k.day = m.day) ORDER BY m.day DESC LIMIT ?4) "
	    "AND lower(r.email) NOT IN (SELECT lower(email) FROM sync_reports "
	    "WHERE meeting_id = ?3 AND state = 'current') GROUP BY "
	    "lower(r.email) ORDER BY max(r.name)", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, m->series_id);
	store_bind_text(stmt, 2, iso);
	sqlite3_bind_int64(stmt, 3, m->id);
	sqlite3_bind_int(stmt, 4, SYNC_REGULAR_MEETINGS);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		render_set(render_list_add(root, "missing"), "name",
		    (const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the regulars");
		return -1;
	}
	return 0;
}

/* Queues a meeting's mail of kind to one address, notes its Message-ID. */
static int
sync_send(struct store *st, struct compose *c, const struct sync_series *s,
    const struct sync_meeting *m, const char *kind, struct render_val *root,
    const char *to, const char *to_name, const struct compose_orig *orig,
    char **cause)
{
	char	*mid = NULL;
	int	 r;

	(void)s;
	if ((r = compose_sync(c, st, kind, root, to, to_name, orig, &mid,
	    cause)) != 0)
		return r == 1 ? 0 : -1;
	r = sync_mail_note(st, m->id, kind, mid, orig != NULL ||
	    strcmp(kind, "sync-digest") == 0 ? to : NULL, cause);
	free(mid);
	return r;
}

/* Jobs. */

enum sync_verdict { SYNC_RUN, SYNC_SKIP };

/* Queues the mail of one due job, or says why it is skipped (*why). */
static int
sync_job_mail(struct store *st, struct compose *c, const char *kind,
    const struct sync_meeting *m, time_t now, enum sync_verdict *v,
    char **why, char **cause)
{
	struct sync_series		*s = NULL;
	struct render_val		*root = NULL;
	const struct sync_person	*mod;
	enum schedule_kind		 k;
	char				 when[64];
	int				 r = -1;

	*v = SYNC_RUN;
	if (schedule_kind_parse(kind, &k) == -1) {
		*cause = xprintf("unknown sync job \"%s\"", kind);
		return -1;
	}
	if (sync_get_id(st, m->series_id, &s, cause) == -1)
		return -1;
	clock_format_local(s->timezone, m->starts, "%a %-d %b %Y %H:%M %Z",
	    when, sizeof when);
	/* The late-job rule: nothing of a meeting goes once it began. */
	if (now >= m->starts) {
		*v = SYNC_SKIP;
		*why = xprintf("too late: the meeting began at %s", when);
		r = 0;
		goto fail;
	}
	if ((k == SCHEDULE_SYNC_DIGEST && m->skipped) ||
	    (k == SCHEDULE_SYNC_CANCEL && !m->skipped)) {
		*v = SYNC_SKIP;
		*why = xprintf(m->skipped ? "the meeting of %s is cancelled" :
		    "the meeting of %s is not cancelled", when);
		r = 0;
		goto fail;
	}
	root = render_rec_new();
	if (sync_facts(st, s, m, root, cause) == -1)
		goto fail;
	switch (k) {
	case SCHEDULE_SYNC_INVITE:
	case SCHEDULE_SYNC_CANCEL:
		r = sync_send(st, c, s, m, m->skipped ? "sync-cancel" :
		    "sync-invite", root, s->list, NULL, NULL, cause);
		break;
	case SCHEDULE_SYNC_DIGEST:
		mod = sync_moderator(s, m);
		if (sync_digest_facts(st, m, root, cause) == -1)
			goto fail;
		r = sync_send(st, c, s, m, "sync-digest", root, mod->email,
		    mod->name, NULL, cause);
		break;
	default:
		*cause = xprintf("\"%s\" is no sync job", kind);
		break;
	}
fail:
	render_val_free(&root);
	sync_free(&s);
	return r;
}

/* Runs or skips one due job in one transaction; a failure is recorded for
 * a retry in an hour. -1 only when nothing could be recorded. */
static int
sync_run_one(struct store *st, struct compose *c, int64_t id,
    int64_t meeting_id, const char *kind, time_t now, int *ran, char **cause)
{
	struct sync_meeting	 m;
	sqlite3_stmt		*stmt;
	enum sync_verdict	 v = SYNC_RUN;
	char			 t[21], *err = NULL, *why = NULL;
	int			 r;

	clock_format_utc(now, t);
	if (store_begin(st, cause) == -1)
		return -1;
	if ((r = sync_meeting_by_id(st, meeting_id, &m, &err)) == 1)
		err = xprintf("meeting %lld is gone", (long long)meeting_id);
	if (r != 0 || sync_job_mail(st, c, kind, &m, now, &v, &why,
	    &err) == -1) {
		store_rollback(st);
		log_error("sync job %s of meeting %lld failed: %s", kind,
		    (long long)meeting_id, err);
		clock_format_utc(now + 3600, t);
		if (store_prepare(st, "UPDATE sync_jobs SET attempts = "
		    "attempts + 1, last_error = ?2, due_at = ?3 WHERE id = ?1",
		    &stmt, cause) == -1)
			goto fail;
		sqlite3_bind_int64(stmt, 1, id);
		store_bind_text(stmt, 2, err);
		store_bind_text(stmt, 3, t);
		if (store_done(st, stmt, "recording a failed job", cause) == -1)
			goto fail;
		free(err);
		return 0;
	}
	if (store_prepare(st, "UPDATE sync_jobs SET done_at = ?2, skipped = "
	    "?3, last_error = ?4 WHERE id = ?1", &stmt, cause) == -1)
		goto fail_tx;
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, t);
	sqlite3_bind_int(stmt, 3, v == SYNC_SKIP);
	store_bind_text(stmt, 4, why);
	if (store_done(st, stmt, "recording a job's outcome", cause) == -1 ||
	    store_commit(st, cause) == -1)
		goto fail_tx;
	if (v == SYNC_SKIP)
		log_warn("sync job %s of meeting %lld skipped: %s", kind,
		    (long long)meeting_id, why);
	else {
		log_info("sync job %s of meeting %lld done", kind,
		    (long long)meeting_id);
		(*ran)++;
	}
	free(why);
	return 0;
fail_tx:
	store_rollback(st);
fail:
	free(err);
	free(why);
	return -1;
}

int
sync_run_jobs(struct store *st, struct compose *c, int *ran, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21], *kind;
	int64_t		 id, meeting_id;
	time_t		 t;
	int		 rc, r;

	if (sync_plan(st, cause) == -1)
		return -1;
	for (;;) {
		t = clock_now();
		clock_format_utc(t, now);
		if (store_prepare(st, "SELECT id, meeting_id, kind FROM "
		    "sync_jobs WHERE done_at IS NULL AND due_at <= ?1 ORDER BY "
		    "due_at, id LIMIT 1", &stmt, cause) == -1)
			return -1;
		store_bind_text(stmt, 1, now);
		if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
			sqlite3_finalize(stmt);
			if (rc == SQLITE_DONE)
				return 0;
			*cause = store_error(st, "reading sync jobs");
			return -1;
		}
		id = sqlite3_column_int64(stmt, 0);
		meeting_id = sqlite3_column_int64(stmt, 1);
		kind = store_column_dup(stmt, 2);
		sqlite3_finalize(stmt);
		r = sync_run_one(st, c, id, meeting_id, kind, t, ran, cause);
		free(kind);
		if (r == -1)
			return -1;
	}
}

time_t
sync_next_due(struct store *st)
{
	return store_time(st, "SELECT min(due_at) FROM sync_jobs WHERE "
	    "done_at IS NULL");
}

/* Replies by mail. */

/* What sync_thread_one looks for. */
struct sync_look {
	sqlite3_stmt	*stmt;
	int64_t		 meeting_id;
	int		 error;
};

static int
sync_thread_one(const char *mid, void *arg)
{
	struct sync_look	*l = arg;
	int			 rc;

	store_bind_text(l->stmt, 1, mid);
	rc = sqlite3_step(l->stmt);
	if (rc == SQLITE_ROW)
		l->meeting_id = sqlite3_column_int64(l->stmt, 0);
	else if (rc != SQLITE_DONE)
		l->error = 1;
	sqlite3_reset(l->stmt);
	return rc != SQLITE_DONE;
}

/* The meeting of the sync mail that the message's In-Reply-To or
 * References names (the one answered first): 1 with *meeting_id, 0 when
 * none, -1 with *cause. */
static int
sync_thread(struct store *st, const struct mime_msg *m, int64_t *meeting_id,
    char **cause)
{
	struct sync_look	 l;

	memset(&l, 0, sizeof l);
	if (store_prepare(st, "SELECT meeting_id FROM sync_mails WHERE "
	    "message_id = ?1", &l.stmt, cause) == -1)
		return -1;
	(void)util_each_msgid(m->in_reply_to, m->references, 1,
	    sync_thread_one, &l);
	sqlite3_finalize(l.stmt);
	if (l.error) {
		*cause = store_error(st, "reading sync mail");
		return -1;
	}
	*meeting_id = l.meeting_id;
	return l.meeting_id != 0;
}

/* 1 when subject names slug as a word of its own. */
static int
sync_subject_names(const char *subject, const char *slug)
{
	const char	*p;
	size_t		 n = strlen(slug);

	for (p = subject; p != NULL && *p != '\0'; p++) {
		if (!util_strncaseeq(p, slug, n))
			continue;
		if ((p == subject || (!isalnum((unsigned char)p[-1]) &&
		    p[-1] != '-')) && !isalnum((unsigned char)p[n]) &&
		    p[n] != '-')
			return 1;
	}
	return 0;
}

/* The series whose slug the subject names: 1 with *id, 0 none, -1. */
static int
sync_by_subject(struct store *st, const char *subject, int64_t *id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc, found = 0;

	if (subject == NULL)
		return 0;
	if (store_prepare(st, "SELECT id, slug FROM sync_series ORDER BY id",
	    &stmt, cause) == -1)
		return -1;
	while (!found && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sync_subject_names(subject,
		    (const char *)sqlite3_column_text(stmt, 1))) {
			*id = sqlite3_column_int64(stmt, 0);
			found = 1;
		}
	}
	if (!found && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the sync series");
		found = -1;
	}
	sqlite3_finalize(stmt);
	return found;
}

/* Runs one statement with ?1 the meeting, ?2 the email and texts after. */
static int
sync_exec(struct store *st, const char *sql, int64_t meeting_id,
    const char *email, const char *const *texts, size_t ntexts,
    int64_t msg_id, char **cause)
{
	sqlite3_stmt	*stmt;
	size_t		 i;

	if (store_prepare(st, sql, &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, meeting_id);
	store_bind_text(stmt, 2, email);
	for (i = 0; i < ntexts; i++)
		store_bind_text(stmt, (int)i + 3, texts[i]);
	if (msg_id != 0)
		sqlite3_bind_int64(stmt, (int)ntexts + 3, msg_id);
	return store_done(st, stmt, "recording a sync reply", cause);
}

static int
sync_count(struct store *st, const char *sql, int64_t meeting_id,
    const char *email, int *n, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, sql, &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, meeting_id);
	store_bind_text(stmt, 2, email);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW) {
		*cause = store_error(st, "reading a meeting's replies");
		return -1;
	}
	return 0;
}

/* What one reply did, for the note and the confirmation. */
struct sync_done {
	struct buf	 note;
	char		*recorded[4];
	size_t		 nrecorded;
};

static void
sync_did(struct sync_done *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void
sync_did(struct sync_done *d, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvprintf(fmt, ap);
	va_end(ap);
	if (d->note.len > 0)
		buf_addstr(&d->note, "; ");
	buf_addstr(&d->note, s);
	free(s);
}

static void
sync_recorded(struct sync_done *d, const char *text)
{
	if (d->nrecorded < nitems(d->recorded))
		d->recorded[d->nrecorded++] = xstrdup(text);
}

/* When the series was added (UTC), or 0. */
static time_t
sync_added(struct store *st, int64_t series_id)
{
	sqlite3_stmt	*stmt;
	time_t		 t = 0;

	if (sqlite3_prepare_v2(store_db(st), "SELECT added_at FROM "
	    "sync_series WHERE id = ?1", -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(stmt, 1, series_id);
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt,
	    0) != NULL && clock_parse_utc((const char *)
	    sqlite3_column_text(stmt, 0), &t) == -1)
		t = 0;
	sqlite3_finalize(stmt);
	return t;
}

/* Applies a reply to meeting m of series s. */
static int
sync_apply(struct store *st, const struct sync_series *s,
    const struct sync_meeting *m, const char *from, const char *name,
    const struct sync_reply *rp, int64_t msg_id, const struct proof *pr,
    struct sync_done *d, char **cause)
{
	const struct sync_person	*mod = sync_moderator(s, m);
	const char			*texts[6];
	char				 t[21];
	size_t				 i;
	int				 n = 0, proved = pr->how != PROOF_NONE;

	clock_format_utc(clock_now(), t);
	if (sync_count(st, "SELECT count(*) FROM sync_topics WHERE "
	    "meeting_id = ?1 AND ?2 IS NOT NULL", m->id, from, &n,
	    cause) == -1)
		return -1;
	for (i = 0; i < rp->ntopics; i++) {
		if (n + (int)i >= SYNC_MAX_TOPICS_MEETING) {
			sync_did(d, "topic not added: the agenda is full");
			break;
		}
		texts[0] = name;
		texts[1] = rp->topics[i];
		texts[2] = t;
		if (sync_exec(st, "INSERT INTO sync_topics (meeting_id, email, "
		    "name, text, created_at, message_id) VALUES (?1, ?2, ?3, "
		    "?4, ?5, ?6)", m->id, from, texts, 3, msg_id, cause) == -1)
			return -1;
	}
	if (i > 0) {
		char	*r = xprintf("%zu %s for the agenda", i, i == 1 ?
		    "topic" : "topics");

		sync_did(d, "%s", r);
		sync_recorded(d, r);
		free(r);
	}
	if (rp->last != NULL || rp->next != NULL || rp->blockers != NULL) {
		const char	*state = "current";

		if (sync_count(st, "SELECT count(*) FROM sync_reports WHERE "
		    "meeting_id = ?1 AND email = ?2 AND state = 'current'",
		    m->id, from, &n, cause) == -1)
			return -1;
		if (n > 0 && !proved)
			state = "held";
		/* A proved report replaces the current one and any held. */
		else if (n > 0 && sync_exec(st, "UPDATE sync_reports SET "
		    "state = 'replaced' WHERE meeting_id = ?1 AND email = ?2 "
		    "AND state IN ('current', 'held')", m->id, from, NULL, 0, 0,
		    cause) == -1)
			return -1;
		texts[0] = name;
		texts[1] = rp->last;
		texts[2] = rp->next;
		texts[3] = rp->blockers;
		texts[4] = state;
		texts[5] = t;
		if (sync_exec(st, "INSERT INTO sync_reports (meeting_id, "
		    "email, name, last, next, blockers, state, created_at, "
		    "message_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		    m->id, from, texts, 6, msg_id, cause) == -1)
			return -1;
		if (strcmp(state, "held") == 0)
			sync_did(d, "a later report that does not prove its "
			    "sender: held, not applied (a reply to the "
			    "sender's confirmation replaces the report)");
		else if (n > 0)
			sync_did(d, "a later report, proved (%s): it replaces "
			    "the earlier one", proof_name(pr->how));
		else {
			sync_did(d, "an activity report");
			sync_recorded(d, "your activity report");
		}
	}
	if (rp->moderate_no && mod != NULL &&
	    util_strcaseeq(mod->email, from)) {
		if (!proved)
			sync_did(d, "Moderate: no from the moderator does not "
			    "prove its sender: not applied");
		else if (s->nmoderators < 2)
			sync_did(d, "Moderate: no, but the rota has nobody "
			    "else");
		else {
			int			 next = sync_rota_next(
			    m->moderator, s->nmoderators);
			sqlite3_stmt		*stmt;
			char			*r;

			if (store_prepare(st, "UPDATE sync_meetings SET "
			    "moderator = ?2 WHERE id = ?1", &stmt,
			    cause) == -1)
				return -1;
			sqlite3_bind_int64(stmt, 1, m->id);
			sqlite3_bind_int(stmt, 2, next);
			if (store_done(st, stmt, "handing over", cause) == -1)
				return -1;
			/* The digest goes again, to the new moderator. */
			if (sync_exec(st, "UPDATE sync_jobs SET done_at = "
			    "NULL, skipped = 0 WHERE meeting_id = ?1 AND kind "
			    "= 'sync-digest' AND ?2 IS NOT NULL AND done_at "
			    "IS NOT NULL", m->id, from, NULL, 0, 0,
			    cause) == -1)
				return -1;
			r = xprintf("your hand-over: %s moderates",
			    s->moderators[next].name);
			sync_did(d, "hand-over: %s moderates",
			    s->moderators[next].name);
			sync_recorded(d, r);
			free(r);
		}
	} else if (rp->moderate_no)
		sync_did(d, "Moderate: no from someone who does not moderate "
		    "this meeting: nothing to hand over");
	return 0;
}

int
sync_ingest(struct store *st, struct compose *c, const struct config *cfg,
    const struct mime_msg *msg, int64_t msg_id, time_t written,
    const struct parse_result *res, int by_ref, const struct proof *pr,
    char **cause)
{
	struct sync_series	*s = NULL;
	struct sync_meeting	 m;
	struct sync_reply	 rp;
	struct sync_done	 d;
	struct compose_orig	 orig;
	struct render_val	*root = NULL;
	sqlite3_stmt		*stmt;
	int64_t			 meeting_id = 0, series_id = 0;
	char			*orig_text = NULL, *text = NULL, *name = NULL,
				 day[11], *note = NULL;
	size_t			 i;
	int			 r, found, confirmed = 0, taken = -1;

	memset(&rp, 0, sizeof rp);
	memset(&d, 0, sizeof d);
	buf_init(&d.note, 2048);
	if (res->from == NULL)
		return 0;
	if ((r = sync_thread(st, msg, &meeting_id, cause)) == -1)
		return -1;
	/* A meeting that is gone is as no thread. */
	if (r == 1 && (r = sync_meeting_by_id(st, meeting_id, &m,
	    cause)) == -1)
		goto fail;
	if (meeting_id != 0 && r == 0) {
		series_id = m.series_id;
	} else {
		meeting_id = 0;
		/* By subject only mail that answers no sprint mail and is
		 * no sprint form. */
		if (by_ref || res->kind == PARSE_REGISTRATION ||
		    res->kind == PARSE_CANCELLATION ||
		    res->kind == PARSE_EVALUATION || res->kind == PARSE_AUTO)
			return 0;
		if ((r = sync_by_subject(st, res->subject, &series_id,
		    cause)) != 1)
			return r;
	}
	if (outbox_text_answered(st, msg->in_reply_to, msg->references,
	    &orig_text, cause) == -1)
		goto fail;
	if (msg->text != NULL)
		text = orig_text != NULL ? quote_strip_reply(msg->text,
		    orig_text) : quote_strip(msg->text);
	found = sync_read_reply(text, &rp);
	if (!found && meeting_id == 0) {
		taken = 0;
		goto fail;
	}
	if (sync_get_id(st, series_id, &s, cause) == -1)
		goto fail;
	/* List history from before the series was added is no reply. */
	if (written > 0 && written < sync_added(st, series_id)) {
		note = xprintf("sync %s: written and received before it was "
		    "added: old list mail, never answered", s->slug);
		goto noted;
	}
	/* A meeting that began or is cancelled takes no more: the next. */
	if ((meeting_id == 0 || m.starts <= clock_now() || m.skipped) &&
	    sync_meeting_held_after(st, s, series_id, clock_now(), &m,
	    cause) == -1)
		goto fail;
	dates_format_iso(m.day, day);
	if (res->kind == PARSE_AUTO || res->no_reply || !found) {
		note = xprintf("sync %s %s: %s", s->slug, day, res->kind ==
		    PARSE_AUTO ? "automatic mail, nothing recorded" :
		    res->no_reply ? "nobody to answer, nothing recorded" :
		    "no topic, report or hand-over in it");
		goto noted;
	}
	name = util_clean_dup(res->name != NULL && *res->name != '\0' ?
	    res->name : res->from, 0);
	if (strlen(name) > 64)
		name[64] = '\0';
	if (sync_apply(st, s, &m, res->from, name, &rp, msg_id, pr, &d,
	    cause) == -1)
		goto fail;
	if (rp.problem != NULL) {
		sync_recorded(&d, rp.problem);
		sync_did(&d, "%s", rp.problem);
	}
	/* One private confirmation per person and meeting. */
	if (d.nrecorded > 0) {
		if (store_prepare(st, "INSERT INTO sync_confirmed (meeting_id, "
		    "email) VALUES (?1, ?2) ON CONFLICT DO NOTHING", &stmt,
		    cause) == -1)
			goto fail;
		sqlite3_bind_int64(stmt, 1, m.id);
		store_bind_text(stmt, 2, res->from);
		if (store_done(st, stmt, "noting a confirmation", cause) == -1)
			goto fail;
		confirmed = sqlite3_changes(store_db(st)) > 0;
	}
	if (confirmed) {
		root = render_rec_new();
		if (sync_facts(st, s, &m, root, cause) == -1)
			goto fail;
		render_list(root, "recorded");
		for (i = 0; i < d.nrecorded; i++)
			render_set(render_list_add(root, "recorded"), "text",
			    d.recorded[i]);
		memset(&orig, 0, sizeof orig);
		orig.msg_id = msg_id;
		orig.from = res->from;
		orig.message_id = res->message_id;
		orig.references = msg->references;
		orig.subject = res->subject != NULL ? res->subject : s->name;
		/* Mail to addresses that never proved themselves is capped
		 * as the sprints' first contacts are: past the cap it waits
		 * an hour, never dropped. */
		orig.first_contact = pr->how == PROOF_NONE;
		if (orig.first_contact && cfg != NULL &&
		    cfg->first_contact_per_hour > 0) {
			int	 fc = 0;
			char	 since[21];

			clock_format_utc(clock_now() - 3600, since);
			if (sync_count(st, "SELECT count(*) FROM outbox WHERE "
			    "kind = 'sync-confirm' AND first_contact = 1 AND "
			    "created_at >= ?2 AND ?1 IS NOT NULL", m.id, since,
			    &fc, cause) == -1)
				goto fail;
			if (fc >= cfg->first_contact_per_hour) {
				orig.not_before = clock_now() + 3600;
				sync_did(&d, "unusual volume: the confirmation "
				    "waits an hour (first_contact_per_hour)");
			}
		}
		if (sync_send(st, c, s, &m, "sync-confirm", root, res->from,
		    NULL, &orig, cause) == -1)
			goto fail;
		sync_did(&d, "confirmed to the sender");
	}
	buf_addch(&d.note, '\0');
	note = xprintf("sync %s %s: %s", s->slug, day, d.note.len > 1 ?
	    d.note.data : "nothing recorded");
noted:
	/* Never a registration or an answer for a sprint. */
	if (store_prepare(st, "UPDATE messages SET note = ?2, sprint_id = "
	    "NULL, kind = CASE WHEN kind IN ('registration', 'cancellation', "
	    "'evaluation', 'invalid') THEN 'unrelated' ELSE kind END WHERE "
	    "id = ?1", &stmt, cause) == -1)
		goto fail;
	sqlite3_bind_int64(stmt, 1, msg_id);
	store_bind_text(stmt, 2, note);
	if (store_done(st, stmt, "noting a sync reply", cause) == -1)
		goto fail;
	log_info("message %lld: %s", (long long)msg_id, note);
	taken = 1;
fail:
	for (i = 0; i < d.nrecorded; i++)
		free(d.recorded[i]);
	buf_free(&d.note);
	render_val_free(&root);
	sync_reply_clear(&rp);
	sync_free(&s);
	free(orig_text);
	free(text);
	free(name);
	free(note);
	return taken;
}
