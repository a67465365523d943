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
 * interest.h -- the pre-announcement: a sprint planned with candidate
 * dates (options:), the answers of who would come when ("Interested:",
 * "Dates:", "Topics:"), their counts, and the one note to each person
 * who said yes or maybe once the dates are fixed.
 */
#ifndef SPRINTD_INTEREST_H
#define SPRINTD_INTEREST_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sprint.h"
#include "store.h"

struct compose;
struct compose_orig;
struct parse_result;
struct render_val;
struct json_t;

/* An answer, as the form writes it. */
enum interest_value {
	INTEREST_NONE = -1,	/* not said */
	INTEREST_NO = 0,
	INTEREST_MAYBE = 1,
	INTEREST_YES = 2
};

/* The pre-announcement goes this long before the earliest option. */
#define INTEREST_MIN_DAYS	21
#define INTEREST_MAX_DAYS	90
/* At most this many topics are listed (counts, digest). */
#define INTEREST_MAX_TOPICS	100

/* One reply to the pre-announcement, as read. */
struct interest_reply {
	enum interest_value	 interested;
	enum interest_value	 dates[SPRINT_MAX_OPTIONS];
	size_t			 noptions;	/* the sprint's */
	char			*topics;	/* cleaned, or NULL */
};

/*
 * Reads text as an answer to the pre-announcement of sprint s (one with
 * options): it is one when it has an "Interested:" line, or a "Dates:"
 * line while the dates are open. Returns 0 when it is none, else 1 with
 * a new *out and each problem (naming the field and what is expected)
 * appended to *errors (*nerrors of them; caller frees).
 */
int interest_read(const struct sprint *s, const char *text,
    struct interest_reply **out, char ***errors, size_t *nerrors);
void interest_reply_free(struct interest_reply **);
/* "yes", "maybe", "no", or NULL for INTEREST_NONE. */
const char *interest_name(enum interest_value);
/* The answer for the sprint as a whole: Interested:, else the best of the
 * Dates: answers. */
enum interest_value interest_overall(const struct interest_reply *);
/* The answer for option i (0-based): its Dates: answer, else Interested:. */
enum interest_value interest_for_option(const struct interest_reply *,
    size_t i);
/* "your answer to the pre-announcement: Interested: maybe; option 1:
 * no, ..." for the mail that asks to confirm it (caller frees). */
char *interest_describe(const struct interest_reply *);
/* The reply as JSON for sprintctl parse (a new reference): interested,
 * dates (one per option, null where not said), topics. */
struct json_t *interest_reply_json(const struct interest_reply *);

/*
 * After sprint add: the options of a sprint file are kept (numbered);
 * once its dates are fixed and it was pre-announced, the note to those
 * interested is planned (due now; a job that ran never runs again).
 * Inside or outside a transaction. 0, or -1 with *cause.
 */
int interest_plan(struct store *, int64_t sprint_id, const struct sprint *,
    char **cause);
/* 1 when email answered the pre-announcement of the sprint, 0 when not,
 * -1 on store errors. */
int interest_known(struct store *, int64_t sprint_id, const char *email);
/*
 * Records the answer res->interest of res->from (it replaces an earlier
 * one; the caller has checked the proof) and, when may, queues the reply
 * that says what was recorded. Inside the caller's transaction. 0, or -1
 * with *cause.
 */
int interest_apply(struct store *, struct compose *, const struct sprint *,
    int64_t sprint_id, int64_t msg_id, const struct compose_orig *,
    const struct parse_result *res, int may, char **cause);

/* The counts of one option. */
struct interest_option_count {
	day_t	 start;
	day_t	 end;
	int	 yes, maybe, no;
	int	 returning, new;	/* of the yes and maybe answers */
};
struct interest_counts {
	struct interest_option_count	 options[SPRINT_MAX_OPTIONS];
	size_t				 noptions;
	int				 answers;	/* who answered */
	int				 interested;	/* yes or maybe */
	char				**topics;	/* once each */
	size_t				 ntopics;
};
/* Counts the answers of a sprint: 0, or -1 with *cause. */
int interest_count(struct store *, int64_t sprint_id, struct interest_counts *,
    char **cause);
void interest_counts_clear(struct interest_counts *);
/* The counts as the spec's JSON (caller frees the string). */
char *interest_counts_json(const char *slug, const struct interest_counts *);
/* The counts as text for the terminal (caller frees). */
char *interest_counts_text(const struct sprint *,
    const struct interest_counts *);
/* Adds the counts to the digest's facts: interest_options (number, dates,
 * yes, maybe, no, returning, new), interest_answers, interest_count,
 * interest_topics (text); nothing when nobody answered. The answers given
 * or replaced after since (UTC) are added to *changes. 0 or -1. */
int interest_facts(struct store *, int64_t sprint_id, const char *since,
    struct render_val *root, int *changes, char **cause);

/*
 * The mail of a job: the pre-announcement to each list of announce_to
 * (preannounce), or the note with the fixed dates to each person who
 * answered yes or maybe and has neither had it nor registered
 * (dates_fixed). Inside the caller's transaction. 0, or -1 with *cause.
 */
int interest_job_mail(struct store *, struct compose *, const struct sprint *,
    int64_t sprint_id, int dates_fixed, char **cause);
/* The earliest option's first day (the sprint's start without options). */
day_t interest_earliest(const struct sprint *);
/* Fills the facts every interest mail shows: options (number, dates,
 * start, end), dates_example ("1 yes, 2 no"). */
void interest_option_facts(const struct sprint *, struct render_val *root);

/* The facts of the note with the fixed dates to a person (name may be
 * NULL): the options, the name, a blank registration form. */
void interest_note_facts(const struct sprint *, const char *name,
    struct render_val *root);

#endif
