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
 * outbox.h -- every outgoing mail is a row here, complete and with a
 * stable Message-ID, before anything is sent. Sending reads due rows,
 * hands them to SMTP, and records the outcome; a mail counts as sent only
 * after the server's 250 and the commit that records it.
 */
#ifndef SPRINTD_OUTBOX_H
#define SPRINTD_OUTBOX_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <time.h>

#include "store.h"
#include "util.h"

struct config;

struct outbox_mail {
	const char	*kind;		/* confirm, error, cancel, announce... */
	int64_t		 sprint_id;	/* or 0 */
	int64_t		 reply_to;	/* messages.id answered, or 0 */
	const char	*recipient;
	const char	*subject;
	const char	*message_id;	/* "<...>" as in the data */
	const char	*data;		/* the whole message, CRLF */
	size_t		 len;
	int		 first_contact;	/* to an address never proved */
	time_t		 not_before;	/* not sent before, or 0: now */
};

/*
 * Only the daemon composes mail: each queued mail carries a MAC (HMAC-
 * SHA256 over its Message-ID, recipient and text) made with a key that
 * only the daemon's user can read, and a row without a valid one is
 * refused at sending (failed, "refused", never sent; sprintctl status
 * reports it). outbox_key_load reads the key at path, first making one
 * there (32 random bytes, mode 0600) when there is none; it refuses a key
 * file of another user or one that others may read or write. 0, or -1
 * with *cause. outbox_key_set sets one directly (tests; a dry run's
 * own), or with NULL forgets it.
 */
int outbox_key_load(const char *path, char **cause);
void outbox_key_set(const unsigned char *key, size_t len);
/* A random key that nothing keeps: for a dry run that queues mail in a
 * transaction it undoes (sprintctl's previews), never sendable. 0, or -1
 * with *cause. */
int outbox_key_ephemeral(char **cause);
/* The key's place by default: the database's path and ".key" (new). */
char *outbox_key_path(const char *database);

/* Queues a mail with its MAC; inside the caller's transaction. 0 or -1
 * with *cause (also in a program that loaded no key: only sprintd queues
 * mail); 1 when a mail with that Message-ID is already queued (never
 * twice). */
int outbox_queue(struct store *, const struct outbox_mail *, char **cause);

/*
 * The text of the mail sprintd sent (or queued) with Message-ID mid
 * ("<...>"), as a person's mail client shows it: its text part, decoded
 * to UTF-8. 0 and a new *text; 1 when no mail of sprintd's has that
 * Message-ID (or it has no text); -1 with *cause.
 */
int outbox_text_by_message_id(struct store *, const char *mid, char **text,
    char **cause);
/*
 * The same for the mail a message answers: the first of In-Reply-To and
 * then References (the last first) that names a mail of sprintd's.
 * Either may be NULL.
 */
int outbox_text_answered(struct store *, const char *in_reply_to,
    const char *references, char **text, char **cause);

/* How many replies went (or will go) to address since t; the address
 * as util_addr_key folds it (plus tags share one count). */
int outbox_count_since(struct store *, const char *address, time_t since,
    int *count, char **cause);

/* How many first-contact mails of sprint sprint_id were queued since t
 * (first_contact_per_hour). */
int outbox_first_contacts(struct store *, int64_t sprint_id, time_t since,
    int *count, char **cause);

/* The delay before attempt n (1-based) after a temporary failure, in
 * seconds; 0 when the mail should be given up. */
time_t outbox_backoff(int attempts);

/*
 * What this process has handed to the SMTP server, kept in memory for the
 * life of the daemon: outcomes that could not be recorded yet (a full or
 * read-only disk) and the attempts per address in the last day. With it a
 * mail whose sending could not be recorded is never sent again in this
 * run, and replies_per_day holds even when nothing can be written.
 */
struct outbox_guard;
struct outbox_guard *outbox_guard_new(void);
void outbox_guard_free(struct outbox_guard **);
/* Outcomes still waiting to be recorded. */
size_t outbox_guard_pending(const struct outbox_guard *);
/* 1 when the last outbox_flush with this guard stopped because the SMTP
 * server refused the login (a config matter, not a passing one). */
int outbox_guard_refused(const struct outbox_guard *);

/*
 * Sends every due mail over one SMTP connection. First records what guard
 * holds unrecorded; a mail guard knows as sent is never sent again. A
 * reply to an address that had replies_per_day attempts in the last day
 * waits. Returns 0 when the outbox was worked through (some mail may have
 * failed or been deferred), 1 with *cause when the server could not be
 * reached, -1 with *cause when an outcome could not be recorded (then it
 * stops at once: nothing more is sent until the store works again), or
 * OUTBOX_NOTLS with *cause when TLS is required and the server does not
 * offer STARTTLS (no mail counts an attempt). guard may be NULL (one
 * call's own). *sent counts the mails sent.
 */
#define OUTBOX_NOTLS	UTIL_NOTLS
int outbox_flush(struct store *, const struct config *,
    struct outbox_guard *, int *sent, char **cause);

/* The time the next queued mail is due, or 0 when none is queued. */
time_t outbox_next_due(struct store *);

/* Prints the outbox (text, or JSON written with jansson) for sprintctl
 * outbox; status is queued, sent, failed, refused (not composed by
 * sprintd) or suppressed (dropped). */
int outbox_report(struct store *, int json, FILE *out, char **cause);

/*
 * Makes a failed mail, or a queued one deferred to a later attempt, due
 * now (sprintctl outbox retry); it keeps its attempts, so a failed mail
 * that fails again for a while is given up again. Returns 0, 1 with *cause
 * when refused (no such mail; sent; dropped; queued and due already: a
 * mail is never sent twice), -1 with *cause. Sends nothing itself.
 */
int outbox_retry(struct store *, int64_t id, char **cause);
/*
 * Marks a queued or failed mail 'suppressed': it is never sent (sprintctl
 * outbox drop). Returns 0 (also when it was dropped already), 1 with
 * *cause when refused (no such mail, or sent), -1 with *cause.
 */
int outbox_drop(struct store *, int64_t id, char **cause);

#endif
