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
/* ctl_evaluation.c */
/* Prints the evaluation results (sprintctl evaluation); text or json.
 * Below min_answers respondents only their count is shown. */
int ctl_evaluation(struct store *, const char *slug, const char *format,
    int min_answers, FILE *out);
/* Prints the reST skeleton of the sprint report (sprintctl report). */
int ctl_sprint_report(struct store *, const char *slug, int min_answers,
    FILE *out);

#endif
