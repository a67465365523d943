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

/*
 * people.h -- registrations turned into days and nights: who is there on
 * each day, who sleeps there each night and where, newcomers who miss
 * the first day's tutorial, people who leave before the last day. One
 * computation for every output (the digest, sprintctl people, the page).
 */
#ifndef SPRINTD_PEOPLE_H
#define SPRINTD_PEOPLE_H

#include <stddef.h>

#include "dates.h"
#include "registry.h"
#include "sprint.h"

/* Beds taken at one place on one night ("?" when not said). */
struct people_place {
	char	*place;
	int	 count;
};

struct people_day {
	day_t			 day;
	int			 present;	/* everyone there that day */
	int			 assumed;	/* of them, counted with a "?" */
	int			 sleeping;	/* the night after this day */
	struct people_place	*places;	/* the night's beds, by place */
	size_t			 nplaces;
	int			 in_sprint;	/* start..end */
	int			 is_break;
};

struct people_counts {
	struct people_day	*days;		/* first arrival .. last day */
	size_t			 ndays;
	int			 unknown;	/* registrations with a "?" date */
};

/*
 * Counts the registered people (status 'registered'; others are skipped)
 * of regs against the sprint:
 *  - a day counts everyone there from the arrival day to the departure day;
 *  - a night (listed on the day it begins) counts everyone who sleeps
 *    there: from the arrival day up to the night before the departure;
 *  - local people count on the sprint's days, never on nights;
 *  - a date not known yet ("?") is taken as the sprint's first or last
 *    day, and such people are counted in `assumed' as well.
 * Days run from the earliest arrival (or the start) to the latest
 * departure (or the end). Returns 0 and fills *out (cleared with
 * people_counts_clear).
 */
int people_count(const struct sprint *, const struct registry_reg *,
    size_t n, struct people_counts *out);
void people_counts_clear(struct people_counts *);

/*
 * 1 when the registered person reg is there on day, by the same stay
 * people_count counts ("?" the sprint's first or last day, local people
 * every day of the sprint), else 0 (also for one not registered).
 */
int people_there(const struct sprint *, const struct registry_reg *, day_t);
/* The days of reg's stay as people_count counts them, into *from, *to. */
void people_stay_days(const struct sprint *, const struct registry_reg *,
    day_t *from, day_t *to);

/* 1 when reg is a newcomer who arrives after the first day (misses the
 * tutorial), 0 otherwise. */
int people_late_newcomer(const struct sprint *, const struct registry_reg *);
/* 1 when reg leaves before the last day (misses the closing summary). */
int people_early_leaver(const struct sprint *, const struct registry_reg *);

/* Writes a day as people write it, "Sun 14 Mar", into out. */
void people_day_text(day_t, char out[16]);

#endif
