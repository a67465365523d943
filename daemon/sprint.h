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
 * sprint.h -- a sprint as described by its YAML file.
 */
#ifndef SPRINTD_SPRINT_H
#define SPRINTD_SPRINT_H

#include <stddef.h>

#include "dates.h"

enum sprint_qtype { SPRINT_Q_RATING, SPRINT_Q_TEXT };

struct sprint_question {
	char			*id;
	enum sprint_qtype	 type;
	char			*question;
};

struct sprint_person {
	char	*name;
	char	*email;
};

struct sprint_lodging {
	char	*name;
	char	*note;
};

/* A candidate date range of a sprint not yet fixed (options:). */
struct sprint_option {
	day_t	 start;
	day_t	 end;
};
#define SPRINT_MAX_OPTIONS	4

/* A field of the sprint's own registration form (fields:). */
struct sprint_field {
	char	*id;		/* stored under it; a form key too */
	char	*label;		/* as the form asks it: "T-shirt" */
	char	**values;	/* the allowed values, or none: free text */
	size_t	 nvalues;
};
#define SPRINT_MAX_FIELDS	10
#define SPRINT_MAX_VALUES	20

/* The nudge of people with a "?" goes this many days before the start. */
#define SPRINT_NUDGE_DAYS	10

struct sprint {
	char			*slug;
	char			*name;
	day_t			 start;
	day_t			 end;
	int			 has_break_day;
	day_t			 break_day;
	char			*timezone;
	int			 capacity;
	char			*location;
	char			*venue_name;
	char			*venue_address;
	char			*venue_url;
	int			 has_recommended_arrival;
	day_t			 recommended_arrival;
	char			**goals;
	size_t			 ngoals;
	char			**announce_to;
	size_t			 nannounce_to;
	struct sprint_person	*organizers;
	size_t			 norganizers;
	char			*travel;
	char			*currency;
	char			*food;
	struct sprint_lodging	*lodgings;
	size_t			 nlodgings;
	/* The questionnaire: the file's, or the default set. */
	struct sprint_question	*questions;
	size_t			 nquestions;
	int			 default_questions;
	/* Days before the start at which people with a "?" are asked to
	 * complete their registration; 0 in the file means the default. */
	int			 nudge_days;
	/* The evaluation closes this many days after the last day. */
	int			 evaluation_days;
	/* During the sprint (daily.c): the local hour of the daily mail,
	 * whether it goes at all, what a late newcomer is sent, and what
	 * the mail before the break day suggests (NULL: not given). */
	int			 daily_hour;
	int			 daily;
	char			*tutorial;
	char			*break_day_suggestions;
	/* The dates: has_start and has_end when the file gives them. A
	 * file with options: and no dates is planned, not fixed: start and
	 * end are then the earliest option's, dates_open is set. */
	int			 has_start;
	int			 has_end;
	int			 dates_open;
	struct sprint_option	*options;
	size_t			 noptions;
	struct sprint_field	*fields;
	size_t			 nfields;
	/* The YAML it came from, kept so the store can re-read it. */
	char			*source;
};

/*
 * Reads and validates a sprint file. Returns 0 and a new *out, or -1 with
 * *cause as "FILE:LINE: KEY: what is wrong".
 */
int sprint_load_file(const char *path, struct sprint **out, char **cause);
/* The same from a string; name is used in messages in place of the path. */
int sprint_load_string(const char *name, const char *yaml, size_t len,
    struct sprint **out, char **cause);
void sprint_free(struct sprint **);
/* Returns the question with that id (case-insensitive), or NULL. */
const struct sprint_question *sprint_question(const struct sprint *,
    const char *id);
/* Returns the custom field with that id or label (as form keys match:
 * case, spaces, '-' and '_' aside), or NULL. */
const struct sprint_field *sprint_field(const struct sprint *,
    const char *key);
/* Default, least and most of the sprint file key evaluation_days: the
 * close comes after the questionnaire's reminder (day 8). */
#define SPRINT_EVALUATION_DAYS		14
#define SPRINT_EVALUATION_DAYS_MIN	9
#define SPRINT_EVALUATION_DAYS_MAX	365
/* The last day of the evaluation: evaluation_days after the sprint's last
 * day (SPRINT_EVALUATION_DAYS for a sprint built without the key). The
 * one place that computes it. */
day_t sprint_close_day(const struct sprint *);

/* The daily mail's hour when the sprint file names none. */
#define SPRINT_DAILY_HOUR	9

/* The sprint's day count, break day included. */
int sprint_days(const struct sprint *);

#endif
