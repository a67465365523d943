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

/* ctl.c -- sprintctl's commands. */
#include "config-auto.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "log.h"
#include "mime.h"
#include "outbox.h"
#include "parse.h"
#include "registry.h"
#include "schedule.h"
#include "util.h"

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
ctl_get_sprint(struct store *st, const char *slug, struct sprint **s,
    int64_t *id)
{
	char	*cause = NULL;
	int	 r;

	if ((r = registry_sprint_get(st, slug, s, id, &cause)) == 0)
		return CTL_OK;
	if (r == 1)
		log_error("no sprint \"%s\" (see sprintctl sprint list)", slug);
	else
		log_error("%s", cause);
	free(cause);
	return r == 1 ? CTL_USAGE : CTL_FAIL;
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
	fprintf(out, "%s\n  slug:      %s\n  dates:     %s to %s (%d days)\n",
	    s->name, s->slug, a, b, sprint_days(s));
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

int
ctl_parse(const struct sprint *s, const struct parse_self *self,
    const char *file, FILE *out)
{
	struct parse_result	*res = NULL;
	char			*raw = NULL, *json, *cause = NULL;
	size_t			 len;
	FILE			*f;

	/* Read at most one byte past the limit: an oversized message is
	 * then classified by the parser, without reading all of it. */
	if ((f = fopen(file, "rb")) == NULL) {
		log_error("%s: %s", file, strerror(errno));
		return CTL_USAGE;
	}
	raw = xmalloc(MIME_MAX_MESSAGE + 2);
	len = fread(raw, 1, MIME_MAX_MESSAGE + 1, f);
	if (ferror(f)) {
		log_error("%s: read error", file);
		fclose(f);
		free(raw);
		return CTL_USAGE;
	}
	fclose(f);
	raw[len] = '\0';
	if (parse_message(raw, len, s, self, &res, &cause) == -1) {
		log_error("%s: %s", file, cause);
		free(cause);
		free(raw);
		return CTL_USAGE;
	}
	json = parse_to_json(res, s->slug);
	fprintf(out, "%s\n", json);
	free(json);
	parse_free(&res);
	free(raw);
	return CTL_OK;
}

int
ctl_announce(struct store *st, const char *slug, const char *at, int force,
    FILE *out)
{
	struct sprint	*s;
	char		*cause = NULL;
	int64_t		 id;
	int		 r;

	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	r = schedule_announce(st, id, s, at, force, &cause);
	if (r == 0)
		fprintf(out, "the announcement of %s goes out at %s (%s) to "
		    "%zu list%s\n", s->slug, at, s->timezone, s->nannounce_to,
		    s->nannounce_to == 1 ? "" : "s");
	else
		log_error("%s", cause);
	free(cause);
	sprint_free(&s);
	return r == 0 ? CTL_OK : r == -2 ? CTL_USAGE : CTL_FAIL;
}

int
ctl_outbox(struct store *st, int json, FILE *out)
{
	char	*cause = NULL;

	if (outbox_report(st, json, out, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_FAIL;
	}
	return CTL_OK;
}
