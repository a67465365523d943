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
 * clock.h -- the one place of time: now (or the tests' SPRINTD_NOW), UTC
 * times as the store keeps them, time zones and local times. A leaf: it
 * needs only util.h. Days (day_t) and their arithmetic are in dates.h.
 */
#ifndef SPRINTD_CLOCK_H
#define SPRINTD_CLOCK_H

#include <stddef.h>
#include <time.h>

/*
 * The current time: time(NULL), unless SPRINTD_NOW holds an ISO 8601 UTC
 * time ("2027-01-15T10:00:00Z"), which tests use to step through a sprint.
 */
time_t clock_now(void);
/* Parses "YYYY-MM-DDTHH:MM:SSZ" (UTC); -1 on error. */
int clock_parse_utc(const char *, time_t *);
/* Formats t as "YYYY-MM-DDTHH:MM:SSZ" into out (21 bytes). */
void clock_format_utc(time_t t, char out[21]);
/* A date and time of mail (RFC 5322 Date, IMAP INTERNALDATE) with its
 * zone written as the number +HHMM, as a time; 0 when out of range. */
time_t clock_from_fields(int y, int mo, int d, int h, int mi, int s,
    int zone);

/*
 * 1 when tz names a real zone: a TZif file under the zoneinfo directory
 * ($TZDIR or /usr/share/zoneinfo). zone.tab and the like are regular
 * files too, and the C library reads a zone it cannot find as UTC without
 * a word, so nothing else is taken.
 */
int clock_zone_known(const char *tz);
/*
 * Converts a local time in time zone tz to UTC. Returns 0, or -1 when tz
 * is unknown or the time does not exist (in a DST gap).
 */
int clock_local_to_utc(const char *tz, int y, int mo, int d, int h, int mi,
    time_t *out);
/* Writes UTC time t as local time in tz, "YYYY-MM-DD HH:MM CET", into
 * out: 0, or -1 when tz is unknown. */
int clock_utc_to_local(const char *tz, time_t t, char out[40]);
/* The same, or when tz is unknown t in UTC: "YYYY-MM-DDTHH:MM:SSZ UTC". */
void clock_local_or_utc(const char *tz, time_t t, char out[40]);
/* Formats t in the time zone tz with fmt (strftime) into out, "?" when
 * that fails; tz is not checked. */
void clock_format_local(const char *tz, time_t t, const char *fmt,
    char *out, size_t size);

#endif
