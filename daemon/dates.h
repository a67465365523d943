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
 * dates.h -- calendar days (dates.c). The human date ranges people write
 * are humandate.h's.
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
/* The English names: January is [0], Monday is [0]. */
extern const char *const dates_month_en[12];
extern const char *const dates_wday_en[7];
/* A day as people write it in prose, "Tuesday 8 December", with the year
 * after it when year is set: into out. */
void dates_format_long(day_t, int year, char out[40]);

/* What a written date resolved to. */
enum dates_state {
	DATES_KNOWN,		/* a real day */
	DATES_UNKNOWN,		/* "?" or empty: coming, date not known yet */
};

#endif
