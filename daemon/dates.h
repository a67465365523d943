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
 * dates.h -- calendar days and the human date ranges people write when
 * they register ("6th-15th", "6/11 - 13/11", "14-22.V", "24-1", "20-?",
 * "lives there", "March 14-20", "3/14 - 3/20", "Sun 14th", "vom 14. bis
 * 20.3.", "du 14 au 20 mars", "maybe 6th-15th"), resolved against the
 * sprint's dates.
 */
#ifndef SPRINTD_DATES_H
#define SPRINTD_DATES_H

#include <stdint.h>

/* A calendar day: days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t day_t;

/* Returns the day for y-m-d; -1 in *ok-less form is never used: check first. */
day_t dates_from_ymd(int y, int m, int d);
void dates_to_ymd(day_t, int *y, int *m, int *d);
/* Returns 1 when y-m-d is a real date (leap years included), else 0. */
int dates_valid_ymd(int y, int m, int d);
/* Strict "YYYY-MM-DD"; -1 when malformed or not a real date. */
int dates_parse_iso(const char *, day_t *);
/* Writes "YYYY-MM-DD" into out. */
void dates_format_iso(day_t, char out[11]);
/* 0 = Monday ... 6 = Sunday. */
int dates_weekday(day_t);
/* A day as people write it in prose, "Tuesday 8 December", with the year
 * after it when year is set: into out. */
void dates_format_long(day_t, int year, char out[40]);

/* The sprint the text is read against. */
struct dates_ctx {
	day_t	 start;		/* first working day */
	day_t	 end;		/* last working day */
};

/* What one written date resolved to. */
enum dates_state {
	DATES_KNOWN,		/* a real day */
	DATES_UNKNOWN,		/* "?" or empty: coming, date not known yet */
};

struct dates_range {
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
int dates_parse_range(const char *text, const struct dates_ctx *,
    struct dates_range *out, char **cause);

/*
 * Parses one date as written in an "Arrive" or "Depart" field; is_depart
 * tells which, for guessing the month of a bare day number. Returns 0 with
 * *state and *out set, 1 when the text means "local" ("--", "lives
 * there"), -1 with *cause (caller frees). *tentative, when not NULL, is
 * set to 1 for "20th?", "maybe the 20th", ... and to 0 otherwise.
 */
int dates_parse_one(const char *text, const struct dates_ctx *,
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
int dates_find_in_prose(const char *text, const struct dates_ctx *,
    struct dates_range *out);

#endif
