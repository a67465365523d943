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
};

/* Queues a mail; inside the caller's transaction. 0 or -1 with *cause;
 * 1 when a mail with that Message-ID is already queued (never twice). */
int outbox_queue(struct store *, const struct outbox_mail *, char **cause);

/* How many replies went (or will go) to address since t. */
int outbox_count_since(struct store *, const char *address, time_t since,
    int *count, char **cause);

/* The delay before attempt n (1-based) after a temporary failure, in
 * seconds; 0 when the mail should be given up. */
time_t outbox_backoff(int attempts);

/*
 * Sends every due mail, batch_size at a time over one SMTP connection.
 * Returns 0 when the outbox was worked through (some mail may have failed
 * or been deferred), -1 with *cause when the server could not be reached,
 * OUTBOX_NOTLS with *cause when TLS is required and the server does not
 * offer STARTTLS (no mail counts an attempt); *sent counts the mails sent.
 */
#define OUTBOX_NOTLS	-2
int outbox_flush(struct store *, const struct config *, int *sent,
    char **cause);

/* The time the next queued mail is due, or 0 when none is queued. */
time_t outbox_next_due(struct store *);

/* Prints the outbox (text or JSON) for sprintctl outbox. */
int outbox_report(struct store *, int json, FILE *out, char **cause);

#endif
