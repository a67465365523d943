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
