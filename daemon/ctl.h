/*
 * ctl.h -- what sprintctl's commands do, apart from argument parsing, so
 * tests can call them. Each returns an exit code (CTL_*) and reports
 * failures itself through log_error.
 */
#ifndef SPRINTD_CTL_H
#define SPRINTD_CTL_H

#include <stdio.h>

#include "sprint.h"
#include "store.h"

#define CTL_OK		0
#define CTL_FAIL	1
#define CTL_USAGE	2

int ctl_sprint_add(struct store *, const struct sprint *, const char *file,
    FILE *out);
int ctl_sprint_list(struct store *, FILE *out);
int ctl_sprint_show(struct store *, const char *slug, FILE *out);
/* Loads the sprint named slug (id may be NULL): CTL_OK, or CTL_USAGE for
 * no such sprint and CTL_FAIL for a store error, both already logged. */
int ctl_get_sprint(struct store *, const char *slug, struct sprint **,
    int64_t *id);
/* Schedules the announcement (sprintctl announce). */
int ctl_announce(struct store *, const char *slug, const char *at, int force,
    FILE *out);
int ctl_outbox(struct store *, int json, FILE *out);
struct parse_self;
/* Parses the message in file against s and prints the JSON; self names
 * sprintd's addresses (NULL: none known). */
int ctl_parse(const struct sprint *, const struct parse_self *self,
    const char *file, FILE *out);

/* Prints who comes when (sprintctl people); format rst, csv, json, html. */
int ctl_people(struct store *, const char *slug, const char *format,
    FILE *out);
/* Prints the evaluation results (sprintctl evaluation); text or json. */
int ctl_evaluation(struct store *, const char *slug, const char *format,
    FILE *out);

/* Prints the daemon's health (sprintctl status), text or JSON: CTL_OK
 * when all is well, CTL_FAIL when something needs attention or the
 * status cannot be read. Reads the database only. */
int ctl_status(struct store *, int poll_interval, int json, FILE *out);

#endif
