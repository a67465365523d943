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
 * proof.h -- who may act. A From line proves nothing; a message proves
 * its sender when it answers a personal mail sprintd sent to that address
 * (its Message-ID in In-Reply-To or References, and not made public by a
 * post through the list since), or when the trusted Authentication-Results
 * (RFC 8601; config authserv_id) passes it. What acts on an existing
 * person without proof is held here until the recorded address confirms.
 */
#ifndef SPRINTD_PROOF_H
#define SPRINTD_PROOF_H

#include <stdint.h>
#include <time.h>

#include "store.h"

struct mime_msg;

/* Unconfirmed requests expire this long after they were held. */
#define PROOF_HOLD_DAYS		7

enum proof_how {
	PROOF_NONE = 0,		/* claims its sender only */
	PROOF_REPLY,		/* answers a personal sprintd mail */
	PROOF_AUTH,		/* the trusted Authentication-Results */
	PROOF_CONFIRMED		/* held, then confirmed by the address */
};

struct proof {
	enum proof_how	 how;
	/* The trusted Authentication-Results' verdict ("dmarc=pass",
	 * "dkim=fail", "none"), or NULL without such a header. */
	char		*auth;
	int64_t		 answers;	/* outbox.id of the mail answered */
	/* The held request this message confirms (it answers the mail that
	 * asked), or 0. */
	int64_t		 request;
};

/*
 * Tells whether message m, whose sender is the address sender (the one
 * its registration is keyed by: From, or the poster a list names),
 * proves it. authserv_id may be NULL (never trusted). self is the stored
 * message's id when it is read again (what it made public itself still
 * counts for it), else 0. Fills *out (cleared
 * first; proof_clear frees it). 0, or -1 with *cause.
 */
int proof_check(struct store *, const char *authserv_id,
    const struct mime_msg *m, const char *sender, int64_t self,
    struct proof *out, char **cause);
void proof_clear(struct proof *);
/* "reply", "auth", "confirmed" or "none". */
const char *proof_name(enum proof_how);

/*
 * The verdict of the topmost Authentication-Results header of m whose
 * authserv-id is authserv_id, for the From domain of from_addr: 1 when it
 * passes (dmarc=pass, or dkim=pass with header.d the From domain or a
 * parent of it), else 0. *verdict (new, may be NULL) names what it said.
 */
int proof_auth_results(const char *authserv_id, const struct mime_msg *m,
    const char *from_addr, char **verdict);

/*
 * After a message that came through the list (it has a List-Id): the
 * Message-IDs it names are public and prove nothing from now on. 0, or
 * -1 with *cause.
 */
int proof_publish(struct store *, const struct mime_msg *, int64_t msg_id,
    char **cause);

/*
 * Holds the stored message msg_id, which would do what ("update",
 * "cancel", "optout", "evaluation") for email in sprint sprint_id. An
 * earlier request of the same address and sprint still held is
 * superseded. Returns 0 with *id, or -1 with *cause.
 */
int proof_hold(struct store *, int64_t sprint_id, int64_t msg_id,
    const char *email, const char *what, int64_t *id, char **cause);
/* Notes the Message-ID of the mail that asks to confirm request id. */
int proof_request_mid(struct store *, int64_t id, const char *mid,
    char **cause);

struct proof_request {
	int64_t		 id;
	int64_t		 sprint_id;
	int64_t		 msg_id;	/* the held message */
	char		*email;
	char		*what;
	char		*created_at;
};
void proof_request_clear(struct proof_request *);
/* Loads held request id (still held, not expired): 0, 1 when there is
 * none such, -1 with *cause. */
int proof_request_get(struct store *, int64_t id, struct proof_request *,
    char **cause);
/* Marks request id applied (or expired): 0, or -1 with *cause. */
int proof_request_done(struct store *, int64_t id, const char *state,
    char **cause);
/*
 * Expires what has been held longer than PROOF_HOLD_DAYS; an evaluation
 * answer held so goes from the store (its text beside a name). Returns
 * the number expired, or -1 with *cause.
 */
int proof_expire(struct store *, char **cause);
/*
 * The requests of sprint sprint_id held now (at most max), for the digest
 * and status: their addresses, what and when, in *out (caller frees with
 * proof_requests_free). The count of all of them in *total. 0 or -1.
 */
int proof_held(struct store *, int64_t sprint_id, size_t max,
    struct proof_request **out, size_t *n, int *total, char **cause);
void proof_requests_free(struct proof_request *, size_t);

#endif
