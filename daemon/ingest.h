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
 * ingest.h -- one message from the mailbox, made durable and answered: in
 * one transaction it is stored raw with its classification, applied
 * (registration, update, cancellation, evaluation), its reply queued in the
 * outbox, and its UID recorded as done.
 */
#ifndef SPRINTD_INGEST_H
#define SPRINTD_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store.h"

struct compose;
struct config;

struct ingest_src {
	const char	*mailbox;
	uint32_t	 uidvalidity;
	uint32_t	 uid;
	time_t		 internaldate;	/* IMAP INTERNALDATE, or 0: unknown */
};

/*
 * Ingests one raw message (raw may be NULL with len the size, for a
 * message too large to fetch: it is stored as a stub and classified
 * "toolarge"). Returns 0 when done, 1 when this UID was already done
 * (nothing changed), -1 with *cause (nothing of it changed: try again
 * later). Outside a transaction it is its own; inside the caller's (a
 * fetched batch, committed at once) it is a savepoint of it, so a failure
 * undoes this message alone.
 */
int ingest_message(struct store *, struct compose *, const struct config *,
    const struct ingest_src *, const char *raw, size_t len, char **cause);

/*
 * A fetched batch: called just after the batch's transaction began,
 * ingest_batch_begin reads the sprints mail can be about once, and each
 * ingest_message of the batch uses them, and compares each sprint's file
 * once. Nobody else changes them meanwhile: the transaction holds the
 * write lock. 0, or -1 with *cause (no batch then).
 *
 * ingest_batch_end ends it, just before the commit: the highest UID done
 * in the batch is marked then, once, in the same transaction (not once
 * per message). With a NULL store (the transaction was rolled back)
 * nothing is marked. 0, or -1 with *cause when the UID could not be
 * marked (what is committed then is fetched again, and skipped as done).
 */
int ingest_batch_begin(struct store *, char **cause);
int ingest_batch_end(struct store *, char **cause);

/* One message of a fetched batch: its UID and what was fetched of it. */
struct ingest_item {
	uint32_t	 uid;
	const char	*raw;		/* NULL: too large, stored as a stub */
	size_t		 len;		/* the text's, or the stub's size */
	time_t		 internaldate;	/* or 0: unknown */
};

/*
 * A fetched batch (v, n of them) of mailbox read as one transaction, each
 * message a savepoint in it and its UID marked inside: nothing is sent
 * before the commit, and a crash loses at most this batch, fetched again.
 * stop, when not NULL, is asked before each message (a signal came: the
 * rest is fetched again next time). *done counts the messages read. 0,
 * or -1 with *cause: what came before the failing message stays done.
 */
int ingest_fetched(struct store *, struct compose *, const struct config *,
    const char *mailbox, uint32_t uidvalidity, const struct ingest_item *v,
    size_t n, int (*stop)(void), int *done, char **cause);

/*
 * Reads stored message msg_id again with today's parser and applies it as
 * ingest_message does, in one transaction: the message's kind, parse JSON
 * and sprint become the new reading, and the usual reply is queued (the
 * daemon sends it at its next flush). A message whose new reading equals
 * the stored one and whose last reply was not dropped is never answered
 * again: refused. Returns 0 when read and applied, 1 with
 * *cause when refused (no such message, a duplicate or a too large stub,
 * unreadable, or the same reading answered already), -1 with *cause.
 */
int ingest_reprocess(struct store *, struct compose *, const struct config *,
    int64_t msg_id, char **cause);

/*
 * The sync state of a mailbox: 0 with *uidvalidity and *last_uid, 1 when
 * the mailbox was never seen.
 */
/*
 * What the loop does besides reading mail: expires held requests, and
 * reads again, in arrival order, the first contacts that wait while
 * their sprint's first_contact_per_hour has room (*done of them). 0, or
 * -1 with *cause.
 */
int ingest_housekeeping(struct store *, struct compose *,
    const struct config *, int *done, char **cause);

int ingest_mailbox_get(struct store *, const char *mailbox,
    uint32_t *uidvalidity, uint32_t *last_uid, char **cause);
/* Records a (new) UIDVALIDITY: last_uid starts over at 0, and Message-IDs
 * keep what was processed before from being processed again. */
int ingest_mailbox_reset(struct store *, const char *mailbox,
    uint32_t uidvalidity, char **cause);

#endif
