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
 * registry.h -- sprints, people and registrations in the store.
 */
#ifndef SPRINTD_REGISTRY_H
#define SPRINTD_REGISTRY_H

#include <stdint.h>

#include "sprint.h"
#include "store.h"

struct parse_result;

/*
 * Adds a sprint, or updates the one with the same slug. Returns 0 with
 * *id and *created (1 new, 0 updated), -1 with *cause.
 */
int registry_sprint_put(struct store *, const struct sprint *,
    const char *source_name, int64_t *id, int *created, char **cause);
/*
 * Loads a sprint by slug. Returns 0 with a new *out and *id, 1 when there
 * is no such sprint, -1 with *cause.
 */
int registry_sprint_get(struct store *, const char *slug,
    struct sprint **out, int64_t *id, char **cause);
/* Loads a sprint by id, as registry_sprint_get. */
int registry_sprint_get_id(struct store *, int64_t id, struct sprint **out,
    char **cause);

struct registry_sprint_row {
	int64_t	 id;
	char	*slug;
	char	*name;
	char	 start[11];
	char	 end[11];
	char	*announce_at;	/* UTC, or NULL when not scheduled */
	int	 registered;
	int	 waiting;
	int	 capacity;
};
/* Lists all sprints, newest start first. Caller frees with _rows_free. */
int registry_sprint_list(struct store *, struct registry_sprint_row **rows,
    size_t *n, char **cause);
void registry_sprint_rows_free(struct registry_sprint_row *, size_t);


/* A value of one of the sprint's own fields (fields:). */
struct registry_field {
	char	*id;
	char	*value;
};

/* One registration as stored. */
struct registry_reg {
	int64_t	 id;
	int64_t	 person_id;
	char	*email;
	char	*name;
	char	*status;	/* registered, waiting, cancelled */
	char	*arrive;	/* YYYY-MM-DD or NULL (unknown) */
	char	*depart;
	int	 local;
	char	*accommodation;
	int	 newcomer;	/* -1 unknown, 0, 1 */
	int	 funding;
	char	*diet;
	char	*topics;	/* what they want to work on, or NULL */
	char	*notes;
	int	 tentative;	/* the dates are uncertain */
	int	 name_given;	/* a Name: field was given once */
	struct registry_field *fields;	/* the sprint's own, as stored */
	size_t	 nfields;
};

/* Finds or creates the person with this address; updates a given name. */
int registry_person(struct store *, const char *email, const char *name,
    int64_t *person_id, char **cause);

/* What registry_register did. */
enum registry_change { REGISTRY_NEW, REGISTRY_UPDATED, REGISTRY_RENEWED };

/*
 * Records a registration (new, or an update of the person's own) from
 * message msg_id (0: the organizer's correction, recorded as such in the
 * history); inside the caller's transaction. An update changes only the
 * fields the message gave (res->given), as the spec's "Registrations over
 * time" says; the name from the From header only while no Name: was ever
 * given. A new one is 'registered' while places are left, else 'waiting';
 * an update keeps its status. Returns 0 with *change and the stored
 * (merged) row in *out.
 */
int registry_register(struct store *, int64_t sprint_id, int capacity,
    int64_t person_id, int64_t msg_id, const struct parse_result *,
    enum registry_change *change, struct registry_reg *out, char **cause);
/*
 * Cancels the person's registration; inside the caller's transaction.
 * Returns 0 (and *promoted: the person_id moved up from the waiting list,
 * or 0), 1 when the person has no active registration, -1 with *cause.
 */
int registry_cancel(struct store *, int64_t sprint_id, int capacity,
    int64_t person_id, int64_t msg_id, int64_t *promoted, char **cause);
/*
 * Checks what res would make of the person's registration (its merge
 * with what is recorded): 0 when it is whole, 1 with a new *why (a
 * sentence naming the field and what is expected) when the departure
 * would come before the arrival, -1 with *cause on a store error. A
 * person with no registration has nothing to check (0).
 */
int registry_check_update(struct store *, int64_t sprint_id,
    const char *email, const struct parse_result *res, char **why,
    char **cause);
/* 1 when the person has a registration that is not cancelled, 0 when
 * not, -1 on a store error. */
int registry_active(struct store *, int64_t sprint_id, const char *email);
/* Moves a waiting person up, even past the capacity (the organizer's
 * promote): 0, 1 when the person is not waiting, -1 with *cause. */
int registry_promote(struct store *, int64_t sprint_id, int64_t person_id,
    char **cause);
/* Loads one person's registration: 0, 1 when none, -1. */
int registry_get(struct store *, int64_t sprint_id, int64_t person_id,
    struct registry_reg *out, char **cause);
/* Lists registrations with status (NULL: registered and waiting), by
 * arrival then name. */
int registry_list(struct store *, int64_t sprint_id, const char *status,
    struct registry_reg **out, size_t *n, char **cause);
/* The same, the first limit of them only (-1: all). */
int registry_list_first(struct store *, int64_t sprint_id,
    const char *status, int limit, struct registry_reg **out, size_t *n,
    char **cause);
/* How many registrations have status; -1 on a store error. */
int registry_count(struct store *, int64_t sprint_id, const char *status);
/*
 * The registered people present on each of ndays days from first (an
 * unknown date counts as there, local people every day) into counts, in
 * one pass: 0, or -1 with *cause.
 */
int registry_day_counts(struct store *, int64_t sprint_id, day_t first,
    size_t ndays, int *counts, char **cause);
void registry_reg_clear(struct registry_reg *);
void registry_regs_free(struct registry_reg *, size_t);
/* Evaluation answers are stored by evaluation.h, apart from people. */

#endif
