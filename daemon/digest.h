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
 * digest.h -- the organizer digest: what changed since the last one (new,
 * changed and cancelled registrations, unread-able mail), the waiting
 * list, who is there each day and night and where they sleep, funding
 * requests, late newcomers, early leavers, mail that failed. Mailed daily
 * at digest_hour in the sprint's time zone from the announcement to the
 * last day, only when something changed; and on demand.
 */
#ifndef SPRINTD_DIGEST_H
#define SPRINTD_DIGEST_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "sprint.h"
#include "store.h"

struct compose;
struct config;

/*
 * Prints the digest of the sprint as it would be mailed now (sprintctl
 * digest), or with send queues it to every organizer at once and records
 * it as the last digest. Returns 0, or -1 with *cause.
 */
int digest_now(struct store *, struct compose *, const struct sprint *,
    int64_t sprint_id, int send, FILE *out, char **cause);

/*
 * The daily digests that are due: for each sprint announced and not over,
 * once its local day has reached digest_hour, the digest goes to the
 * organizers when something changed since the last one; either way the
 * day is done. Each in its own transaction. Returns 0 (*sent counts the
 * digests queued), or -1 with *cause (stop and back off).
 */
int digest_run(struct store *, struct compose *, const struct config *,
    int *sent, char **cause);

/* When the next daily digest falls due (UTC), or 0 when none will. */
time_t digest_next_due(struct store *, const struct config *);

#endif
