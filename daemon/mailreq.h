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
 * mailreq.h -- what sprintctl asks sprintd to send. Only the daemon
 * composes mail (it alone holds the outbox key), so a command that mails
 * someone (digest --send, invite, person ... --notify, message reprocess)
 * records a request here; the daemon runs it at its next step, in the
 * transaction that records it as done, so it runs once. A request written
 * into the database by hand can only ask for the mail sprintd would send
 * anyway, composed from its templates.
 */
#ifndef SPRINTD_MAILREQ_H
#define SPRINTD_MAILREQ_H

#include <stdint.h>

#include "store.h"

struct compose;
struct config;

enum mailreq_kind {
	MAILREQ_DIGEST,		/* the sprint's digest to its organizers */
	MAILREQ_INVITE,		/* the sprint's invitations */
	MAILREQ_NOTIFY,		/* arg (confirm, cancel, promoted) to person */
	MAILREQ_REPROCESS,	/* message read again and answered */
	MAILREQ_SYNC_MINUTES,	/* arg (a meeting's id): its minutes */
};

struct mailreq {
	enum mailreq_kind	 kind;
	int64_t			 sprint_id;	/* or 0 */
	int64_t			 person_id;	/* notify */
	int64_t			 message_id;	/* reprocess: messages.id */
	const char		*arg;		/* notify: the mail's kind */
};

/* Records a request (inside the caller's transaction, if any). 0, or -1
 * with *cause. */
int mailreq_add(struct store *, const struct mailreq *, char **cause);

/*
 * Runs every waiting request in order, each with what it composes and
 * its outcome in one transaction (*done counts them). A request that
 * fails is recorded as failed with the reason and logged, never run
 * again. 0, or -1 with *cause when an outcome could not be recorded (the
 * loop stops and backs off).
 */
int mailreq_run(struct store *, struct compose *, const struct config *,
    int *done, char **cause);

/* How many requests wait for the daemon (sprintctl status). -1 on
 * error. */
int mailreq_waiting(struct store *);

#endif
