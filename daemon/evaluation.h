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
 * evaluation.h -- the evaluation after a sprint: answers stored apart from
 * who gave them, results shown only from a threshold of respondents, and
 * at the close one summary to the organizers.
 *
 * What is stored where (schemas/005-evaluation.sql):
 *   evaluation_respondents  who answered (sprint, person): the reminder
 *                           skips them; counts and response rate.
 *   evaluation_answers      what was answered (sprint, question, rating or
 *                           text) with a random id, no person, message or
 *                           time; answer_set, a salted SHA-256 of sprint and
 *                           address, only while the evaluation is open.
 *   evaluations             the salt (random per sprint) until the close.
 * The raw evaluation mail is blanked once its answers are stored. At the
 * close the salt and every answer_set are destroyed, so nothing in the
 * store joins an answer to a person any more.
 */
#ifndef SPRINTD_EVALUATION_H
#define SPRINTD_EVALUATION_H

#include <stdint.h>
#include <time.h>

#include "parse.h"
#include "sprint.h"
#include "store.h"

struct compose;
struct compose_orig;
struct config;

/* Default of the config key evaluation_min_answers. */
#define EVALUATION_MIN_ANSWERS		3

enum evaluation_format { EVALUATION_TEXT, EVALUATION_JSON,
	EVALUATION_RST };

/* Parses "text", "json" or "rst": 0, or -1 for another name. */
int evaluation_format_parse(const char *, enum evaluation_format *);

/*
 * Stores the answers of res from address (lower case) of person_id, inside
 * the caller's transaction: the person as a respondent, the answers apart.
 * While the evaluation is open, answers to a question the person answered
 * before replace the earlier ones; after the close the link is gone, so the
 * answers of someone who already answered are dropped (*stored = 0) and a
 * new respondent's are added. Blanks the raw message msg_id (0: none) and
 * strips its parse result of the answers. Returns 0, or -1 with *cause.
 */
int evaluation_record(struct store *, int64_t sprint_id, int64_t person_id,
    const char *address, int64_t msg_id, const struct parse_result *,
    int *stored, char **cause);

/*
 * Applies an evaluation reply from ingest (inside its transaction):
 * evaluation_record, and, when it came through the list (via_list: it has
 * a List-Id) and may_reply, a private note (template evaluation-list) that
 * everyone on the list has read it. Returns 0, or -1 with *cause.
 */
/* Drops the text and answers of stored message msg_id, an evaluation
 * that is not counted (answers beside a name are never kept). */
int evaluation_forget(struct store *, int64_t msg_id, char **cause);
int evaluation_apply(struct store *, struct compose *, const struct sprint *,
    int64_t sprint_id, int64_t person_id, const struct compose_orig *,
    const struct parse_result *, int via_list, int may_reply, char **cause);

/* Sets *answered when the person has answered: 0, or -1 with *cause. */
int evaluation_has_answered(struct store *, int64_t sprint_id,
    int64_t person_id, int *answered, char **cause);

/*
 * Renders the results in format text, json (jansson) or rst (a section of
 * the sprint report). Below min_answers respondents the output says only
 * "N answers so far; results are shown from M". No name or address is
 * ever shown; free-text answers are sorted by their text. Returns 0 with
 * a new *out, -1 with *cause.
 */
int evaluation_report(struct store *, int64_t sprint_id,
    const struct sprint *, int min_answers, enum evaluation_format,
    char **out, char **cause);

/*
 * The job evaluation-close, inside the caller's transaction: queues the
 * summary (template evaluation-summary) to each organizer, destroys the
 * salt and every answer_set, and blanks the answers still held by invalid
 * evaluation replies and by the error mails that echoed them. Running it
 * again queues nothing. Returns 0, or -1 with *cause.
 */
int evaluation_close(struct store *, struct compose *, const struct sprint *,
    int64_t sprint_id, int min_answers, char **cause);

/* Warns (log_warn) about a config that would let answers reach the
 * list: from being the list address. Returns 1 when it warned, else 0. */
int evaluation_check_config(const struct config *);

#endif
