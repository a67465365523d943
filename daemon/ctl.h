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
 * ctl.h -- what sprintctl's commands do, apart from argument parsing, so
 * tests can call them. Each returns an exit code (CTL_*) and reports
 * failures itself through log_error.
 */
#ifndef SPRINTD_CTL_H
#define SPRINTD_CTL_H

#include <stdint.h>
#include <stdio.h>

#include "sprint.h"
#include "store.h"

#define CTL_OK		0
#define CTL_FAIL	1
#define CTL_USAGE	2

struct config;
struct parse_self;

/* ctl.c */
/* Loads the sprint named slug (id may be NULL): CTL_OK, or CTL_USAGE for
 * no such sprint and CTL_FAIL for a store error, both already logged. */
int ctl_get_sprint(struct store *, const char *slug, struct sprint **,
    int64_t *id);
/* Writes text to out: CTL_OK or CTL_FAIL (logged). */
int ctl_write(const char *text, FILE *out);

/* ctl_sprint.c */
int ctl_sprint_add(struct store *, const struct sprint *, const char *file,
    FILE *out);
int ctl_sprint_list(struct store *, FILE *out);
/* Prints one sprint and its schedule, local times and states. */
int ctl_sprint_show(struct store *, const char *slug, FILE *out);

/* ctl_announce.c */
/* Schedules the announcement (sprintctl announce). */
int ctl_announce(struct store *, const char *slug, const char *at, int force,
    FILE *out);
/* Prints the announcement to each list as it will go; sends nothing. */
int ctl_announce_preview(struct store *, const struct config *,
    const char *slug, FILE *out);
/* Unschedules the announcement; CTL_USAGE when it went already. */
int ctl_announce_cancel(struct store *, const char *slug, FILE *out);

/* ctl_interest.c */
/* Schedules the pre-announcement (sprintctl preannounce): 21 to 90 days
 * before the earliest option, unless force. */
int ctl_preannounce(struct store *, const char *slug, const char *at,
    int force, FILE *out);
/* Prints the interest per option (sprintctl interest); text or json. */
int ctl_interest(struct store *, const char *slug, const char *format,
    FILE *out);

/* ctl_parse.c */
/* Parses the message in file against s and prints the JSON; self names
 * sprintd's addresses (NULL: none known). */
int ctl_parse(const struct sprint *, const struct parse_self *self,
    const char *file, FILE *out);

/* ctl_plan.c */
/*
 * sprintctl plan: argv empty prints planning.txt for today; "add TEXT..."
 * (people: the --people list, or NULL), "assign N A,B", "start N",
 * "done N", "drop N" change it and publish planning.txt.
 */
int ctl_plan(struct store *, const struct config *, const char *slug,
    int argc, char **argv, const char *people, FILE *out);

/* ctl_person.c */
/*
 * The organizer's corrections of one person's registration: argv is
 * "set FIELD=VALUE...", "add NAME [FIELD=VALUE...]", "cancel" or
 * "promote"; with notify the person gets the usual mail (queued).
 */
int ctl_person(struct store *, const struct config *, const char *slug,
    const char *address, int argc, char **argv, int notify, FILE *out);

/* ctl_people.c */
/* Prints who comes when (sprintctl people); format rst, csv, json, html. */
int ctl_people(struct store *, const char *slug, const char *format,
    FILE *out);

/* ctl_evaluation.c */
/* Prints the evaluation results (sprintctl evaluation); text or json.
 * Below min_answers respondents only their count is shown. */
int ctl_evaluation(struct store *, const char *slug, const char *format,
    int min_answers, FILE *out);

/* ctl_report.c */
/* Prints the reST skeleton of the sprint report (sprintctl report). */
int ctl_sprint_report(struct store *, const char *slug, int min_answers,
    FILE *out);

/* ctl_digest.c */
/* Prints the organizer digest of the sprint slug, or with send queues it
 * to the organizers (sprintctl digest). */
int ctl_digest(struct store *, const struct config *, const char *slug,
    int send, FILE *out);

/* ctl_messages.c */
/* Parses a positive decimal id: 0, or -1 when s is not one. */
int ctl_parse_id(const char *s, int64_t *id);
/* Lists the messages read, newest first (sprintctl messages); slug, kind
 * and since (YYYY-MM-DD, UTC) filter when not NULL. */
int ctl_messages(struct store *, const char *slug, const char *kind,
    const char *since, int json, FILE *out);
/* Prints one message: its headers and text, sanitised, and how it was
 * read (sprintctl message show). */
int ctl_message_show(struct store *, const struct config *, int64_t id,
    FILE *out);
/* Reads a message again and applies it (sprintctl message reprocess);
 * CTL_USAGE when refused. Queues the reply; sends nothing. */
int ctl_message_reprocess(struct store *, const struct config *,
    int64_t id, FILE *out);

/* ctl_outbox.c */
/* Lists queued, sent and failed mail (sprintctl outbox). */
int ctl_outbox(struct store *, int json, FILE *out);
/* sprintctl outbox retry / drop: CTL_USAGE, with the reason, when
 * refused (a mail is never sent twice; sent mail cannot be dropped). */
int ctl_outbox_retry(struct store *, int64_t id, FILE *out);
int ctl_outbox_drop(struct store *, int64_t id, FILE *out);

/* ctl_status.c */
/* Prints the daemon's health (sprintctl status), text or JSON: CTL_OK
 * when all is well, CTL_FAIL when something needs attention or the
 * status cannot be read. Reads the database only. */
int ctl_status(struct store *, int poll_interval, int json, FILE *out);

/* sprintctl sync SUB ARGS (argv[0] is SUB): ctl_sync_check says whether
 * the arguments are usable (0, -1: a usage error) and whether they write
 * (*write); ctl_sync runs them. */
int ctl_sync_check(const char *sub, int argc, char **argv, int *write);
int ctl_sync(struct store *, const struct config *, const char *sub,
    int argc, char **argv, FILE *out);

#endif
