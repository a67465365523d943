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

/* people.c -- registrations into days and nights, one computation. */
#include "config-auto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "people.h"
#include "util.h"

/* Days at most counted around the sprint, as the parser accepts them. */
#define PEOPLE_WINDOW	14

static const char *const people_wdays[] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};
static const char *const people_months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

void
people_day_text(day_t d, char out[16])
{
	int	 y, m, dd;

	dates_to_ymd(d, &y, &m, &dd);
	snprintf(out, 16, "%s %d %s", people_wdays[dates_weekday(d)], dd,
	    people_months[m - 1]);
}

/* The stay of one registration in days; 0, or -1 when it is not known
 * well enough to count (never happens: "?" is the sprint's edge). */
static void
people_stay(const struct sprint *s, const struct registry_reg *r,
    day_t *from, day_t *to, int *assumed)
{
	*assumed = 0;
	*from = s->start;
	*to = s->end;
	if (r->local)
		return;
	if (r->arrive == NULL || dates_parse_iso(r->arrive, from) == -1) {
		*from = s->start;
		*assumed = 1;
	}
	if (r->depart == NULL || dates_parse_iso(r->depart, to) == -1) {
		*to = s->end;
		*assumed = 1;
	}
	if (*from < s->start - PEOPLE_WINDOW)
		*from = s->start - PEOPLE_WINDOW;
	if (*to > s->end + PEOPLE_WINDOW)
		*to = s->end + PEOPLE_WINDOW;
}

static void
people_bed(struct people_day *d, const char *place)
{
	size_t	 i;

	if (place == NULL)
		place = "?";
	for (i = 0; i < d->nplaces; i++) {
		if (util_strcaseeq(d->places[i].place, place)) {
			d->places[i].count++;
			return;
		}
	}
	d->places = xreallocarray(d->places, d->nplaces + 1,
	    sizeof *d->places);
	d->places[d->nplaces].place = xstrdup(place);
	d->places[d->nplaces++].count = 1;
}

int
people_count(const struct sprint *s, const struct registry_reg *regs,
    size_t n, struct people_counts *out)
{
	struct people_day	*d;
	day_t			 first = s->start, last = s->end, from, to, k;
	size_t			 i;
	int			 assumed;

	memset(out, 0, sizeof *out);
	for (i = 0; i < n; i++) {
		if (regs[i].status == NULL ||
		    strcmp(regs[i].status, "registered") != 0)
			continue;
		people_stay(s, &regs[i], &from, &to, &assumed);
		if (from < first)
			first = from;
		if (to > last)
			last = to;
	}
	out->ndays = (size_t)(last - first + 1);
	out->days = xcalloc(out->ndays, sizeof *out->days);
	for (k = first; k <= last; k++) {
		d = &out->days[k - first];
		d->day = k;
		d->in_sprint = k >= s->start && k <= s->end;
		d->is_break = s->has_break_day && k == s->break_day;
	}
	for (i = 0; i < n; i++) {
		if (regs[i].status == NULL ||
		    strcmp(regs[i].status, "registered") != 0)
			continue;
		people_stay(s, &regs[i], &from, &to, &assumed);
		out->unknown += assumed;
		for (k = from; k <= to; k++) {
			d = &out->days[k - first];
			d->present++;
			d->assumed += assumed;
			/* A night: the arrival day up to the night before
			 * the departure; local people sleep at home. */
			if (!regs[i].local && k < to) {
				d->sleeping++;
				people_bed(d, regs[i].accommodation);
			}
		}
	}
	return 0;
}

int
people_there(const struct sprint *s, const struct registry_reg *r, day_t day)
{
	day_t	 from, to;
	int	 assumed;

	if (r->status == NULL || strcmp(r->status, "registered") != 0)
		return 0;
	people_stay(s, r, &from, &to, &assumed);
	return day >= from && day <= to;
}

void
people_stay_days(const struct sprint *s, const struct registry_reg *r,
    day_t *from, day_t *to)
{
	int	 assumed;

	people_stay(s, r, from, to, &assumed);
}

void
people_counts_clear(struct people_counts *c)
{
	size_t	 i, j;

	for (i = 0; i < c->ndays; i++) {
		for (j = 0; j < c->days[i].nplaces; j++)
			free(c->days[i].places[j].place);
		free(c->days[i].places);
	}
	free(c->days);
	memset(c, 0, sizeof *c);
}

int
people_late_newcomer(const struct sprint *s, const struct registry_reg *r)
{
	day_t	 a;

	if (r->newcomer != 1 || r->local || r->arrive == NULL ||
	    dates_parse_iso(r->arrive, &a) == -1)
		return 0;
	return a > s->start;
}

int
people_early_leaver(const struct sprint *s, const struct registry_reg *r)
{
	day_t	 d;

	if (r->local || r->depart == NULL ||
	    dates_parse_iso(r->depart, &d) == -1)
		return 0;
	return d < s->end;
}
