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
 * invite.h -- past attendees and the invitations they get.
 *
 * A past attendee of sprint S is a person who was registered for a sprint
 * that has ended, or was imported from a people.txt as a registration of a
 * sprint that starts before S, or was imported from any people.txt as
 * "present at previous sprints". People imported from a people.txt have
 * no address: their people.email is INVITE_NOADDR followed by their name
 * (not an address, so no mail can go there); the first registration mail
 * from a person with that name gives them the address (invite_claim).
 */
#ifndef SPRINTD_INVITE_H
#define SPRINTD_INVITE_H

#include <stdint.h>
#include <stdio.h>

#include "sprint.h"
#include "store.h"

struct compose;

/* The people.email of a person known by name only starts with this. */
#define INVITE_NOADDR	"people.txt:"

/* The name as people are matched by it: trimmed, white space made one
 * space, ASCII lower case (caller frees). */
char *invite_name_key(const char *name);

/*
 * Finds the person with this name (by invite_name_key): one with an
 * address first (the most recent), else the one known by name only, else
 * creates one known by name only. Returns 0 with *person_id, -1 with
 * *cause.
 */
int invite_person_by_name(struct store *, const char *name,
    int64_t *person_id, char **cause);

/* Records that person was at sprint_id ("registered") or was listed in
 * its people.txt as present earlier ("previous"); again is a no-op. */
int invite_past_add(struct store *, int64_t person_id, int64_t sprint_id,
    const char *how, const char *source, size_t line, char **cause);

/*
 * A registration mail from address with this name: when a person known by
 * name only has the name, the address becomes theirs (or, when the
 * address has a person already, what the name-only person has moves to
 * it). Inside the caller's transaction. Returns 0 (1 when someone was
 * claimed), -1 with *cause.
 */
int invite_claim(struct store *, const char *address, const char *name,
    char **cause);

/*
 * Records that address wants no invitations, from message msg_id (0: none).
 * Returns 1 when it is new (the confirmation goes out once), 0 when it was
 * known, -1 with *cause. Inside the caller's transaction.
 */
int invite_optout(struct store *, const char *address, int64_t msg_id,
    char **cause);
/* 1 when the address opted out, 0 when not, -1 on error. */
int invite_opted_out(struct store *, const char *address, char **cause);

/* One person an invitation goes to. */
struct invite_target {
	int64_t	 person_id;
	char	*email;
	char	*name;
	char	*last_sprint;	/* the latest sprint they came to, or NULL */
	char	*last_month;	/* "March 2011", or NULL */
	char	*listed_in;	/* else the sprint whose people.txt listed
				   them as present before, or NULL */
	char	*listed_month;
};

/*
 * The past attendees of sprint_id (starting on start) with an address, not
 * registered for it (in any state), not opted out, not yet invited to it;
 * by name. Returns 0 with a new array (free with invite_targets_free).
 */
int invite_targets(struct store *, int64_t sprint_id, const struct sprint *,
    struct invite_target **out, size_t *n, char **cause);
void invite_targets_free(struct invite_target *, size_t);

/*
 * Sends sprint s's invitations: refused (UTIL_REFUSED, *cause says why)
 * until an announcement of the sprint has been sent; else one invitation
 * to each target queued in the outbox and recorded, in one transaction.
 * With preview, prints who would get one and the first message as it
 * would go out, and keeps nothing. Writes what it did to out. Returns 0 with *n
 * (the number queued or previewed), -1 or UTIL_REFUSED with *cause.
 */
int invite_run(struct store *, struct compose *, int64_t sprint_id,
    const struct sprint *, int preview, FILE *out, size_t *n, char **cause);

#endif
