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
/* ctl_sprint.c -- sprintctl sprint add, sprint list and sprint show (the
 * sprint and its schedule). */
#include "config-auto.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "ctl.h"
#include "log.h"
#include "registry.h"
#include "schedule.h"
#include "util.h"

/* The daily digests: not jobs, but part of the schedule. */
static void
ctl_schedule_digests(struct store *st, int64_t sprint_id,
    const struct sprint *s, FILE *out)
{
	sqlite3_stmt	*stmt;
	char		 end[11], last[40];
	time_t		 t;
	int		 sent = 0;

	last[0] = '\0';
	if (sqlite3_prepare_v2(store_db(st), "SELECT count(*), max(created_at) "
	    "FROM digests WHERE sprint_id = ?1 AND sent = 1", -1, &stmt,
	    NULL) == SQLITE_OK) {
		sqlite3_bind_int64(stmt, 1, sprint_id);
		if (sqlite3_step(stmt) == SQLITE_ROW) {
			sent = sqlite3_column_int(stmt, 0);
			if (sqlite3_column_type(stmt, 1) != SQLITE_NULL &&
			    clock_parse_utc((const char *)sqlite3_column_text(
			    stmt, 1), &t) == 0)
				clock_local_or_utc(s->timezone, t, last);
		}
		sqlite3_finalize(stmt);
	}
	dates_format_iso(s->end, end);
	fprintf(out, "    %-24s %-22s daily at digest_hour from the "
	    "announcement, on days with changes; %d sent%s%s\n",
	    "organizer digest", end, sent, *last ? ", the last " : "", last);
}

static int
ctl_schedule_print(struct store *st, int64_t sprint_id,
    const struct sprint *s, FILE *out)
{
	struct schedule_item	*items;
	const char		*label;
	char			*cause = NULL, due[40], done[40], *err;
	char			 close[11];
	size_t			 n, i;
	int			 announce = 0, closes = 0;

	if (schedule_list(st, sprint_id, &items, &n, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_FAIL;
	}
	fprintf(out, "  schedule (times in %s):\n", s->timezone);
	for (i = 0; i < n; i++) {
		enum schedule_kind	 k;

		if (schedule_kind_parse(items[i].kind, &k) == -1)
			continue;
		announce |= k == SCHEDULE_ANNOUNCE;
		closes |= k == SCHEDULE_EVALUATION_CLOSE;
	}
	if (!announce)
		fprintf(out, "    %-24s %-22s not scheduled (sprintctl "
		    "announce %s --at ...)\n", "announcement", "-", s->slug);
	for (i = 0; i < n; i++) {
		label = schedule_kind_label(items[i].kind);
		clock_local_or_utc(s->timezone, items[i].due, due);
		err = items[i].last_error != NULL ?
		    xstrdup(items[i].last_error) : NULL;
		if (err != NULL)
			util_strip_controls(err);
		if (items[i].skipped)
			fprintf(out, "    %-24s %-22s skipped%s%s\n", label,
			    due, err ? ": " : "", err ? err : "");
		else if (items[i].done != 0) {
			clock_local_or_utc(s->timezone, items[i].done, done);
			fprintf(out, "    %-24s %-22s done %s\n", label, due,
			    done);
		} else if (items[i].attempts > 0)
			fprintf(out, "    %-24s %-22s pending; failed %d "
			    "time%s: %s\n", label, due, items[i].attempts,
			    items[i].attempts == 1 ? "" : "s", err ? err : "?");
		else
			fprintf(out, "    %-24s %-22s pending\n", label, due);
		free(err);
	}
	ctl_schedule_digests(st, sprint_id, s, out);
	if (!closes) {
		dates_format_iso(sprint_close_day(s), close);
		fprintf(out, "    %-24s %-22s %d days after the end; no job "
		    "for it yet\n", "evaluation closes", close,
		    (int)(sprint_close_day(s) - s->end));
	}
	schedule_items_free(items, n);
	return CTL_OK;
}


int
ctl_sprint_add(struct store *st, const struct sprint *s, const char *file,
    FILE *out)
{
	char	*cause = NULL;
	int64_t	 id;
	int	 created;

	if (registry_sprint_put(st, s, file, &id, &created, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_FAIL;
	}
	if (schedule_plan(st, id, s, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_FAIL;
	}
	fprintf(out, "%s sprint %s (%s)\n", created ? "added" : "updated",
	    s->slug, s->name);
	return CTL_OK;
}

int
ctl_sprint_list(struct store *st, FILE *out)
{
	struct registry_sprint_row	*rows;
	size_t				 n, i;
	char				*cause = NULL;

	if (registry_sprint_list(st, &rows, &n, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_FAIL;
	}
	if (n == 0)
		fprintf(out, "no sprints yet: add one with sprintctl sprint "
		    "add FILE.yaml\n");
	else
		fprintf(out, "%-24s %-10s %-10s %9s  %s\n", "SLUG", "START",
		    "END", "COMING", "ANNOUNCE (UTC)");
	for (i = 0; i < n; i++) {
		char	 coming[32];

		snprintf(coming, sizeof coming, "%d/%d", rows[i].registered,
		    rows[i].capacity);
		fprintf(out, "%-24s %-10s %-10s %9s  %s\n", rows[i].slug,
		    rows[i].start, rows[i].end, coming,
		    rows[i].announce_at ? rows[i].announce_at : "-");
	}
	registry_sprint_rows_free(rows, n);
	return CTL_OK;
}

int
ctl_sprint_show(struct store *st, const char *slug, FILE *out)
{
	struct sprint	*s;
	char		 a[11], b[11];
	int64_t		 id;
	size_t		 i;
	int		 r;

	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	dates_format_iso(s->start, a);
	dates_format_iso(s->end, b);
	if (s->dates_open)
		fprintf(out, "%s\n  slug:      %s\n  dates:     not fixed yet; "
		    "the options:\n", s->name, s->slug);
	else
		fprintf(out, "%s\n  slug:      %s\n  dates:     %s to %s (%d "
		    "days)\n", s->name, s->slug, a, b, sprint_days(s));
	for (i = 0; i < s->noptions; i++) {
		dates_format_iso(s->options[i].start, a);
		dates_format_iso(s->options[i].end, b);
		fprintf(out, "  option %zu:  %s to %s\n", i + 1, a, b);
	}
	if (s->has_break_day) {
		dates_format_iso(s->break_day, a);
		fprintf(out, "  break day: %s\n", a);
	}
	if (s->has_recommended_arrival) {
		dates_format_iso(s->recommended_arrival, a);
		fprintf(out, "  arrive by: %s\n", a);
	}
	fprintf(out, "  location:  %s\n  timezone:  %s\n  capacity:  %d\n",
	    s->location, s->timezone, s->capacity);
	if (s->venue_name != NULL)
		fprintf(out, "  venue:     %s\n", s->venue_name);
	for (i = 0; i < s->nannounce_to; i++)
		fprintf(out, "  announce:  %s\n", s->announce_to[i]);
	for (i = 0; i < s->norganizers; i++)
		fprintf(out, "  organizer: %s <%s>\n", s->organizers[i].name,
		    s->organizers[i].email);
	for (i = 0; i < s->ngoals; i++)
		fprintf(out, "  goal:      %s\n", s->goals[i]);
	fprintf(out, "  evaluation (%s):\n", s->default_questions ?
	    "default questions" : "from the sprint file");
	for (i = 0; i < s->nquestions; i++)
		fprintf(out, "    %-12s %-6s %s\n", s->questions[i].id,
		    s->questions[i].type == SPRINT_Q_RATING ? "rating" : "text",
		    s->questions[i].question);
	r = ctl_schedule_print(st, id, s, out);
	sprint_free(&s);
	return r;
}
