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
 * sprintreport.h -- the skeleton of the report PyPy writes after each
 * sprint, in reStructuredText: dates, venue, who came and when, headcount
 * per day, newcomers, and the evaluation (its threshold applies), with
 * places marked for the organizer to say what was done.
 */
#ifndef SPRINTD_SPRINTREPORT_H
#define SPRINTD_SPRINTREPORT_H

#include <stdint.h>

#include "sprint.h"
#include "store.h"

/*
 * Renders the skeleton of sprint sprint_id (registered people only);
 * min_answers is the evaluation's threshold. Returns 0 with a new *out,
 * -1 with *cause.
 */
int sprintreport_rst(struct store *, int64_t sprint_id, const struct sprint *,
    int min_answers, char **out, char **cause);

#endif
