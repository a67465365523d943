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
 * peoplelist.h -- what sprintctl people prints: who comes when and where they
 * stay (rst as in PyPy's people.txt, csv, json, html) with per-day
 * headcounts, and the public people.txt. The evaluation results are
 * evaluation.h's.
 *
 * csv is RFC 4180 (CRLF, fields quoted when they hold , " CR or LF); as a
 * guard against formula injection in spreadsheets, a cell that starts with
 * = + - @ TAB or CR gets a leading ' (OWASP's advice). json is built by
 * SQLite's JSON functions from bound values; html escapes every value.
 */
#ifndef SPRINTD_PEOPLELIST_H
#define SPRINTD_PEOPLELIST_H

#include <stddef.h>
#include <stdint.h>

#include "dates.h"
#include "registry.h"
#include "sprint.h"
#include "store.h"

enum peoplelist_format {
	PEOPLELIST_RST,
	PEOPLELIST_CSV,
	PEOPLELIST_JSON,
	PEOPLELIST_HTML,
	PEOPLELIST_TEXT,
};

/* Parses a format name ("rst", "csv", "json", "html", "text"): 0 or -1. */
int peoplelist_format_parse(const char *, enum peoplelist_format *);

/* One day of the headcount. */
struct peoplelist_day {
	day_t	 day;
	int	 count;		/* registered people present */
	int	 estimate;	/* count includes someone without a known date */
	int	 is_break;	/* the sprint's break day */
	int	 in_sprint;	/* between the sprint's start and end */
};

/*
 * Counts the registered people (status "registered") present on each day
 * from the earliest arrival (or the sprint's start, if earlier) to the
 * latest departure (or its end, if later). Local people count every sprint
 * day; an unknown arrival counts from the start, an unknown departure to
 * the end (marked as an estimate). Returns a new array (caller frees).
 */
struct peoplelist_day *peoplelist_days(const struct sprint *,
    const struct registry_reg *, size_t nregs, size_t *ndays);

/*
 * Renders the people of a sprint (registered, then the waiting list) with
 * the headcounts in format rst, csv, json or html, for the organizer: the
 * waiting list by name, an address where a name is missing. Every value
 * passes util_clean; rst escapes them with rst.h. Returns 0 and a new
 * *out, -1 with *cause.
 */
int peoplelist_people(struct store *, int64_t sprint_id, const struct sprint *,
    enum peoplelist_format, char **out, char **cause);

/*
 * The public people.txt (page.h publishes it): the rst of peoplelist_people
 * but for the waiting list, a count as on the page, and "?" where a name
 * is missing (never an address).
 */
int peoplelist_public(struct store *, int64_t sprint_id,
    const struct sprint *, char **out, char **cause);

#endif
