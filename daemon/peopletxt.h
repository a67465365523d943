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
 * peopletxt.h -- reading PyPy's people.txt: the reStructuredText simple
 * tables of who comes when ("Name", "Arrive/Depart" or "Time",
 * "Accomodation", sometimes "Food") and of who was "present at previous
 * sprints", and importing them into a sprint.
 *
 * How a file is read:
 *   - each line is UTF-8 when it is valid UTF-8, else Latin-1 (the corpus
 *     has files of each and one that mixes them); a BOM is dropped;
 *   - tabs go to the next multiple of 8, columns count code points;
 *   - a table is a border line (runs of '='), a heading line and a second
 *     border; its rows run to the next border; blank lines inside are
 *     skipped; a row with an empty first column continues the row above;
 *   - the columns are cut where the border's runs are; text that runs over
 *     a column's end keeps its word whole (a long name pushes the dates);
 *   - cells are trimmed and their inner runs of white space made one space;
 *   - the first table holds the registrations; a later table is the past
 *     attendees when the words before it say "previous sprint", or when
 *     no words stand between it and the table before and it holds names
 *     only; any other table is not read (reported);
 *   - in the past attendees, only names count: a row whose other cells say
 *     "no-show" is reported and skipped ("not coming" is about this sprint:
 *     they were at earlier ones).
 */
#ifndef SPRINTD_PEOPLETXT_H
#define SPRINTD_PEOPLETXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sprint.h"
#include "store.h"

/* One row as written (UTF-8, no control characters). */
struct peopletxt_row {
	size_t	 line;		/* 1-based line of the row in the file */
	char	*name;
	char	*dates;		/* "Arrive/Depart" or "Time"; "" when empty */
	char	*accommodation;	/* "" when empty */
	char	*food;		/* "" when empty or no such column */
};

/* Something in the file that was not read, with its line. */
struct peopletxt_note {
	size_t	 line;
	char	*text;
	size_t	 rows;		/* rows not read because of it */
};

struct peopletxt {
	struct peopletxt_row	*coming;	/* the first table */
	size_t			 ncoming;
	struct peopletxt_row	*past;		/* "present at previous sprints" */
	size_t			 npast;
	struct peopletxt_note	*notes;		/* tables and rows not read */
	size_t			 nnotes;
	size_t			 ntables;
};

/*
 * Reads the text of a people.txt (any bytes; at most PEOPLETXT_MAX).
 * Returns 0 and a new *out (caller frees with peopletxt_free), -1 with
 * *cause when the file holds no table at all or is too large.
 */
#define PEOPLETXT_MAX	(1024 * 1024)
int peopletxt_parse(const char *data, size_t len, struct peopletxt **out,
    char **cause);
void peopletxt_free(struct peopletxt **);

/* The file's bytes as UTF-8, line by line as above (caller frees). */
char *peopletxt_to_utf8(const char *data, size_t len);

/* How import-people went. */
struct peopletxt_stats {
	size_t	 imported;	/* registrations new or changed */
	size_t	 unchanged;	/* registrations already as in the file */
	size_t	 past;		/* past attendees recorded (new or known) */
	size_t	 skipped;	/* rows and tables not imported */
};

/*
 * Imports the file's text into sprint s (id sprint_id), in one
 * transaction: each registration row resolved against the sprint's dates
 * (status registered, no message, recorded in the history as the
 * organizer's), each past attendee by name. A person is found by name
 * (see invite_person_by_name). Rows that cannot be read are written to
 * report as "file:line: what was wrong" and skipped. Importing the same
 * file again changes nothing. Returns 0 with *stats (skipped > 0 when
 * something was not imported), UTIL_REFUSED with *cause when data holds no
 * people.txt table, -1 with *cause on a store error (nothing imported).
 */
int peopletxt_import(struct store *, int64_t sprint_id,
    const struct sprint *s, const char *file, const char *data, size_t len,
    FILE *report, struct peopletxt_stats *stats, char **cause);

#endif
