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

/* sprintreport.c -- the reST skeleton of the report after a sprint. */
#include "config-auto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daily.h"
#include "evaluation.h"
#include "registry.h"
#include "peoplelist.h"
#include "rst.h"
#include "sprintreport.h"
#include "util.h"

static const char *const sprintreport_months[] = { "January", "February",
    "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December" };
static const char *const sprintreport_wdays[] = { "Mon", "Tue", "Wed", "Thu",
    "Fri", "Sat", "Sun" };

/* "Fri 8 January 2027" */
static void
sprintreport_day(struct buf *b, day_t day)
{
	int	 y, m, d;

	dates_to_ymd(day, &y, &m, &d);
	buf_printf(b, "%s %d %s %d", sprintreport_wdays[dates_weekday(day)], d,
	    sprintreport_months[m - 1], y);
}

/* "7 January - 14 January", "? - 14 January", "lives there" */
static void
sprintreport_stay(struct buf *b, const struct registry_reg *r)
{
	day_t	 d;
	int	 y, m, dd, i;

	if (r->local) {
		buf_addstr(b, "lives there");
		return;
	}
	for (i = 0; i < 2; i++) {
		const char	*iso = i == 0 ? r->arrive : r->depart;

		if (i == 1)
			buf_addstr(b, " - ");
		if (iso == NULL || dates_parse_iso(iso, &d) == -1) {
			buf_addch(b, '?');
			continue;
		}
		dates_to_ymd(d, &y, &m, &dd);
		buf_printf(b, "%s %d %s", sprintreport_wdays[dates_weekday(d)],
		    dd, sprintreport_months[m - 1]);
	}
	if (r->tentative)
		buf_addstr(b, " (tentative)");
}

int
sprintreport_rst(struct store *st, int64_t sprint_id, const struct sprint *s,
    int min_answers, char **out, char **cause)
{
	struct registry_reg	*regs = NULL;
	struct peoplelist_day	*days = NULL;
	struct buf		 b, did, next;
	size_t			 n = 0, ndays = 0, i, newcomers = 0;
	char			*title, *t, *eval = NULL;

	*out = NULL;
	if (registry_list(st, sprint_id, "registered", &regs, &n, cause) == -1)
		return -1;
	if (evaluation_report(st, sprint_id, s, min_answers, EVALUATION_RST,
	    &eval, cause) == -1) {
		registry_regs_free(regs, n);
		return -1;
	}
	days = peoplelist_days(s, regs, n, &ndays);
	buf_init(&b, 0);

	title = rst_escape(s->name);
	t = xprintf("%s: sprint report", title);
	rst_heading(&b, t, '=', 1);
	free(t);
	free(title);
	buf_addstr(&b, ".. Written by sprintctl report from the registrations "
	    "and the evaluation.\n   Complete the sections marked TODO, then "
	    "remove these comments.\n\n");
	buf_addstr(&b, ":Dates: ");
	sprintreport_day(&b, s->start);
	buf_addstr(&b, " to ");
	sprintreport_day(&b, s->end);
	if (s->has_break_day) {
		buf_addstr(&b, " (break day ");
		sprintreport_day(&b, s->break_day);
		buf_addch(&b, ')');
	}
	buf_addstr(&b, "\n:Venue: ");
	rst_item(&b, s->venue_name);
	if (s->venue_address != NULL && *s->venue_address != '\0') {
		buf_addstr(&b, ", ");
		rst_item(&b, s->venue_address);
	}
	buf_addstr(&b, "\n:Location: ");
	rst_item(&b, s->location);
	for (i = 0; i < n; i++)
		newcomers += regs[i].newcomer == 1;
	buf_printf(&b, "\n:People: %zu, %zu of them at their first sprint\n\n",
	    n, newcomers);

	/* From the DONE tasks and the summary's answers, with names. */
	buf_init(&did, 0);
	buf_init(&next, 0);
	if (daily_report(st, sprint_id, &did, &next, cause) == -1) {
		buf_free(&did);
		buf_free(&next);
		buf_free(&b);
		free(eval);
		free(days);
		registry_regs_free(regs, n);
		return -1;
	}
	rst_heading(&b, "What we did", '-', 0);
	if (did.len > 0) {
		buf_addstr(&b, did.data);
		buf_addch(&b, '\n');
	}
	buf_addstr(&b, ".. TODO: what was worked on, by whom, and what came "
	    "of it.\n");
	if (s->ngoals > 0)
		buf_addstr(&b, "   The goals announced were:\n\n");
	for (i = 0; i < s->ngoals; i++) {
		buf_addstr(&b, "   - ");
		rst_item(&b, s->goals[i]);
		buf_addch(&b, '\n');
	}
	buf_addstr(&b, "\n");

	rst_heading(&b, "Until the next sprint", '-', 0);
	if (next.len > 0)
		buf_addstr(&b, next.data);
	else
		buf_addstr(&b, ".. TODO: what is left to do (nobody answered "
		    "with Next: yet).\n");
	buf_addstr(&b, "\n");
	buf_free(&did);
	buf_free(&next);

	rst_heading(&b, "Who came", '-', 0);
	if (n == 0)
		buf_addstr(&b, "Nobody was registered.\n");
	for (i = 0; i < n; i++) {
		buf_addstr(&b, "- ");
		rst_item(&b, regs[i].name);
		buf_addstr(&b, " (");
		sprintreport_stay(&b, &regs[i]);
		buf_addstr(&b, regs[i].newcomer == 1 ? "), first sprint\n" :
		    ")\n");
	}
	buf_addch(&b, '\n');

	rst_heading(&b, "Headcount per day", '-', 0);
	for (i = 0; i < ndays; i++) {
		if (!days[i].in_sprint)
			continue;
		buf_addstr(&b, "- ");
		sprintreport_day(&b, days[i].day);
		buf_printf(&b, ": %d%s%s\n", days[i].count, days[i].estimate ?
		    " (some dates unknown)" : "", days[i].is_break ?
		    " (break day)" : "");
	}
	buf_addch(&b, '\n');

	rst_heading(&b, "Newcomers", '-', 0);
	if (newcomers == 0)
		buf_addstr(&b, "Nobody said it was their first sprint.\n");
	for (i = 0; i < n; i++) {
		if (regs[i].newcomer != 1)
			continue;
		buf_addstr(&b, "- ");
		rst_item(&b, regs[i].name);
		buf_addch(&b, '\n');
	}
	buf_addch(&b, '\n');
	buf_addstr(&b, eval);

	free(eval);
	free(days);
	registry_regs_free(regs, n);
	*out = buf_steal(&b, NULL);
	return 0;
}
