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
 * humandate.h -- the human date ranges people write when they register
 * ("6th-15th", "6/11 - 13/11", "14-22.V", "24-1", "20-?", "lives there",
 * "March 14-20", "3/14 - 3/20", "Sun 14th", "vom 14. bis 20.3.", "du 14
 * au 20 mars", "maybe 6th-15th"), resolved against the sprint's dates.
 */
#ifndef SPRINTD_HUMANDATE_H
#define SPRINTD_HUMANDATE_H

#include "dates.h"

/* The sprint the text is read against. */
struct humandate_ctx {
	day_t	 start;		/* first working day */
	day_t	 end;		/* last working day */
};

struct humandate_range {
	enum dates_state arrive_state;
	day_t		 arrive;
	enum dates_state depart_state;
	day_t		 depart;
	int		 local;		/* "--", "lives there": every day */
	int		 tentative;	/* "12th-19th?", "maybe 6-15", "14-20
					   (tbc)", "vielleicht", "environ" */
};

/*
 * Parses a range as written in an "Arrive/Depart" field. Returns 0 and
 * fills *out, or -1 with *cause (caller frees) saying what is wrong and
 * what is accepted, with the sprint's own dates as the one example; the
 * cause quotes the text. Reads English, German and French: month names,
 * weekdays (checked against the date), range words and tentative words.
 * "a/b" is day/month unless only month/day gives a day near the sprint;
 * when both do, it is an error naming both. Both days must lie in the
 * window from 14 days before the start to 14 days after the end, and
 * depart must not be before arrive.
 */
int humandate_parse_range(const char *text, const struct humandate_ctx *,
    struct humandate_range *out, char **cause);

/*
 * Parses one date as written in an "Arrive" or "Depart" field; is_depart
 * tells which, for guessing the month of a bare day number. Returns 0 with
 * *state and *out set, 1 when the text means "local" ("--", "lives
 * there"), -1 with *cause (caller frees). *tentative, when not NULL, is
 * set to 1 for "20th?", "maybe the 20th", ... and to 0 otherwise.
 */
int humandate_parse_one(const char *text, const struct humandate_ctx *,
    int is_depart, enum dates_state *state, day_t *out, int *tentative,
    char **cause);

/*
 * Looks for arrival and departure dates in free prose ("I arrive on the
 * 8th and leave on the 14th", "Ich komme am 8. und reise am 14. ab",
 * "j'arrive le 8 et je repars le 14", "I'll be there March 8 to 14").
 * Lines quoted with '>' are skipped; only the first 16 KiB are read.
 * Returns 0 with *out when every date it finds agrees and lies in the
 * window (a side not found is DATES_UNKNOWN), 1 when it finds none or
 * only ones that could mean different days; it never guesses.
 */
int humandate_find_in_prose(const char *text, const struct humandate_ctx *,
    struct humandate_range *out);

#endif
