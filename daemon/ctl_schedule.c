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

/* ctl_schedule.c -- the announcement (preview, cancel) and a sprint's
 * schedule as sprint show lists it. */
#include "config-auto.h"

#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "ctl.h"
#include "log.h"
#include "schedule.h"
#include "util.h"

/* The evaluation closes this many days after the last day (the spec's
 * default for the sprint file's evaluation_days). */
#define CTL_EVALUATION_DAYS	14

/* What sprint show calls each job, in the order of a sprint. */
static const struct {
	const char	*kind;
	const char	*label;
} ctl_jobs[] = {
	{ "announce", "announcement" },
	{ "nudge", "nudge (fill in the ?)" },
	{ "remind", "reminder" },
	{ "evaluate", "questionnaire" },
	{ "evaluate-remind", "questionnaire reminder" },
	{ "evaluate-close", "evaluation closes" },
	{ "evaluation-close", "evaluation closes" },
	/* The organizer digests and any new job: their kinds and labels
	 * go here; a kind not listed is shown by its own name. */
};

static const char *
ctl_job_label(const char *kind)
{
	size_t	 i;

	for (i = 0; i < nitems(ctl_jobs); i++) {
		if (strcmp(ctl_jobs[i].kind, kind) == 0)
			return ctl_jobs[i].label;
	}
	return kind;
}

static void
ctl_local(const struct sprint *s, time_t t, char out[40])
{
	if (schedule_utc_to_local(s->timezone, t, out) == -1) {
		util_format_utc(t, out);
		strcat(out, " UTC");
	}
}

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
			    util_parse_utc((const char *)sqlite3_column_text(
			    stmt, 1), &t) == 0)
				ctl_local(s, t, last);
		}
		sqlite3_finalize(stmt);
	}
	dates_format_iso(s->end, end);
	fprintf(out, "    %-24s %-22s daily at digest_hour from the "
	    "announcement, on days with changes; %d sent%s%s\n",
	    "organizer digest", end, sent, *last ? ", the last " : "", last);
}

int
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
		announce |= strcmp(items[i].kind, "announce") == 0;
		closes |= strstr(items[i].kind, "close") != NULL;
	}
	if (!announce)
		fprintf(out, "    %-24s %-22s not scheduled (sprintctl announce "
		    "%s --at ...)\n", "announcement", "-", s->slug);
	for (i = 0; i < n; i++) {
		label = ctl_job_label(items[i].kind);
		ctl_local(s, items[i].due, due);
		err = items[i].last_error != NULL ?
		    xstrdup(items[i].last_error) : NULL;
		if (err != NULL)
			util_strip_controls(err);
		if (items[i].skipped)
			fprintf(out, "    %-24s %-22s skipped%s%s\n", label, due,
			    err ? ": " : "", err ? err : "");
		else if (items[i].done != 0) {
			ctl_local(s, items[i].done, done);
			fprintf(out, "    %-24s %-22s done %s\n", label, due,
			    done);
		} else if (items[i].attempts > 0)
			fprintf(out, "    %-24s %-22s pending; failed %d time%s: "
			    "%s\n", label, due, items[i].attempts,
			    items[i].attempts == 1 ? "" : "s", err ? err : "?");
		else
			fprintf(out, "    %-24s %-22s pending\n", label, due);
		free(err);
	}
	ctl_schedule_digests(st, sprint_id, s, out);
	if (!closes) {
		dates_format_iso(s->end + CTL_EVALUATION_DAYS, close);
		fprintf(out, "    %-24s %-22s %d days after the end; no job "
		    "for it yet\n", "evaluation closes", close,
		    CTL_EVALUATION_DAYS);
	}
	schedule_items_free(items, n);
	return CTL_OK;
}

int
ctl_announce_preview(struct store *st, const struct config *cfg,
    const char *slug, FILE *out)
{
	struct compose	*c = NULL;
	struct sprint	*s;
	char		*cause = NULL, *data = NULL, *p;
	size_t		 len, i;
	int		 r;

	if ((r = ctl_get_sprint(st, slug, &s, NULL)) != CTL_OK)
		return r;
	if (compose_init(cfg, &c, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		sprint_free(&s);
		return CTL_FAIL;
	}
	for (i = 0; i < s->nannounce_to && r == CTL_OK; i++) {
		if (compose_announce_text(c, s, s->announce_to[i], util_now(),
		    &data, &len, &cause) != 0) {
			log_error("%s: %s", s->announce_to[i], cause);
			free(cause);
			cause = NULL;
			r = CTL_FAIL;
			break;
		}
		if (s->nannounce_to > 1)
			fprintf(out, "%s# mail %zu of %zu, to %s\n", i > 0 ?
			    "\n" : "", i + 1, s->nannounce_to,
			    s->announce_to[i]);
		/* As it goes, but with the terminal's line ends. */
		for (p = data; *p != '\0'; p++) {
			if (p[0] != '\r' || p[1] != '\n')
				fputc(*p, out);
		}
		free(data);
		data = NULL;
	}
	compose_free(&c);
	sprint_free(&s);
	return r;
}

int
ctl_announce_cancel(struct store *st, const char *slug, FILE *out)
{
	struct sprint	*s;
	char		*cause = NULL;
	int64_t		 id;
	int		 r;

	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	r = schedule_announce_cancel(st, id, s, &cause);
	if (r == 0)
		fprintf(out, "the announcement of %s is unscheduled: nothing "
		    "goes out\n", s->slug);
	else if (r == 1)
		fprintf(out, "the announcement of %s was not scheduled\n",
		    s->slug);
	else
		log_error("%s", cause);
	free(cause);
	sprint_free(&s);
	return r >= 0 ? CTL_OK : r == -2 ? CTL_USAGE : CTL_FAIL;
}
