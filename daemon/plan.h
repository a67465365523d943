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
 * plan.h -- the planning of a sprint: a numbered task list (each task
 * with its people and a state: open, IN-PROGRESS, DONE; a dropped task
 * keeps its number and is no longer shown), kept by the organizer
 * (sprintctl plan) and by replies to the daily mail (New:, Join:, Done:),
 * and written as PyPy's planning.txt: the people present that day and
 * the tasks, through the one reST escaper (rst.h).
 */
#ifndef SPRINTD_PLAN_H
#define SPRINTD_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "dates.h"
#include "registry.h"
#include "sprint.h"
#include "store.h"

/* A task's text and its people are capped, in bytes. */
#define PLAN_MAX_TEXT		200
#define PLAN_MAX_PEOPLE		300
/* At most this many tasks in a sprint (a bound, not a goal). */
#define PLAN_MAX_TASKS		500

struct plan_task {
	int	 num;		/* the number people write: 1, 2, ... */
	char	*text;
	char	*people;	/* names, ", " between; "" for nobody */
	char	*state;		/* open, in-progress, done, dropped */
};

/* The tasks of a sprint by number, dropped ones only with all set: 0
 * with *out (plan_tasks_free) and *n, or -1 with *cause. */
int plan_list(struct store *, int64_t sprint_id, int all,
    struct plan_task **out, size_t *n, char **cause);
void plan_tasks_free(struct plan_task *, size_t);

/*
 * Adds a task (people may be NULL) from message msg_id (0: the
 * organizer); inside or outside a transaction. 0 with *num, UTIL_REFUSED
 * with *cause for an empty text or too many tasks, -1 with *cause.
 */
int plan_add(struct store *, int64_t sprint_id, const char *text,
    const char *people, int64_t msg_id, int *num, char **cause);
/* Sets the people of task num (assign), replacing them. */
int plan_assign(struct store *, int64_t sprint_id, int num,
    const char *people, char **cause);
/* Adds one name to the people of task num, unless it is there (Join:). */
int plan_join(struct store *, int64_t sprint_id, int num, const char *name,
    char **cause);
/* Sets the state of task num: "in-progress" (start), "done" or
 * "dropped". */
int plan_set_state(struct store *, int64_t sprint_id, int num,
    const char *state, char **cause);
/* The three above return 0, UTIL_REFUSED with *cause when there is no
 * task num (or it was dropped), -1 with *cause. */

/* Reads a task number as people write it ("3", "#3", "3."): 0 with
 * *num, or -1. */
int plan_number(const char *, int *num);
/* Normalises "A,B, C" into "A, B, C" (blank names dropped): a new
 * string, "" for none. */
char *plan_people(const char *);
/* "DONE", "IN-PROGRESS" or "" for a state, as planning.txt writes it. */
const char *plan_state_word(const char *state);

/*
 * planning.txt for day (a sprint day or not): the title, the day, the
 * people present that day among the registrations regs (people.c's
 * stay), the tasks. A new string.
 */
char *plan_text(const struct sprint *, day_t day,
    const struct registry_reg *regs, size_t nregs,
    const struct plan_task *tasks, size_t ntasks);
/* The same read from the store: 0 with *out, or -1 with *cause. */
int plan_text_store(struct store *, int64_t sprint_id,
    const struct sprint *, day_t day, char **out, char **cause);

/* The lines of a reply that act on the planning or answer the summary. */
struct plan_lines {
	char	**added;	/* New: TEXT */
	size_t	  nadded;
	int	 *joined;	/* Join: N */
	size_t	  njoined;
	int	 *done;		/* Done: N (a number) */
	size_t	  ndone;
	char	 *done_text;	/* Done: TEXT (the summary's answer) */
	char	 *next_text;	/* Next: TEXT */
	char	**errors;	/* naming the field and what it expects */
	size_t	  nerrors;
	int	  any;		/* some such line was there */
};
/* Reads body for New:, Join:, Done:, Next: lines; never fails. */
void plan_read(const char *body, struct plan_lines *out);
void plan_lines_clear(struct plan_lines *);

#endif
