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
 * compose.h -- sprintd's mail, written: templates rendered with the facts
 * of a sprint and a person, made into a complete RFC 5322 message, and
 * queued in the outbox (inside the caller's transaction).
 */
#ifndef SPRINTD_COMPOSE_H
#define SPRINTD_COMPOSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "parse.h"
#include "registry.h"
#include "sprint.h"
#include "store.h"

struct config;
struct compose;

/*
 * Loads and checks every template (a template that uses an unknown
 * variable or has a syntax error fails here, not in a sent mail).
 * Returns 0 and a new *out, or -1 with *cause.
 */
int compose_init(const struct config *, struct compose **out, char **cause);
void compose_free(struct compose **);

/* What a reply answers. */
struct compose_orig {
	int64_t		 msg_id;	/* messages.id */
	const char	*from;		/* the sender: the only recipient */
	const char	*message_id;	/* for In-Reply-To, or NULL */
	const char	*references;	/* its References, or NULL */
	const char	*subject;	/* for "Re: ", or NULL */
	/* The sender never proved itself and has no registration: the
	 * reply counts against first_contact_per_hour, and a confirmation
	 * echoes no free text the sender chose (no notes, the name cut). */
	int		 first_contact;
	time_t		 not_before;	/* the reply waits until then, or 0 */
};

/*
 * Queues the reply of kind "confirm" (reg and its status; promoted marks a
 * move up from the waiting list), "error" (res->errors), "cancel",
 * "not-registered" (a change or cancellation from an address without a
 * registration). Returns 0, or -1 with *cause.
 */
int compose_reply(struct compose *, struct store *, const char *kind,
    const struct sprint *, int64_t sprint_id, const struct compose_orig *,
    const struct parse_result *res, const struct registry_reg *reg,
    char **cause);
/* Queues the announcement of the sprint to one list address. Its
 * Message-ID is made from the slug and the address: queued once. */
/*
 * Queues the mail that asks the sender of a held request (what: "update",
 * "cancel", "optout", "evaluation") to confirm it by replying; changes
 * (n lines, may be 0) say what would change. *mid (new) is its
 * Message-ID. 0, 1 when the address cannot be written to, -1 with *cause.
 */
int compose_request(struct compose *, struct store *, const struct sprint *,
    int64_t sprint_id, const struct compose_orig *, const char *what,
    char *const *changes, size_t n, char **mid, char **cause);
int compose_announce(struct compose *, struct store *, const struct sprint *,
    int64_t sprint_id, const char *to, char **cause);
/*
 * The announcement to one list address as compose_announce queues it,
 * with the Date of now, written nowhere (sprintctl announce --preview).
 * Returns 0 with the whole message (CRLF; caller frees) in *data and
 * *len, 1 with *cause when to is no usable address (it would be skipped),
 * -1 with *cause.
 */
int compose_announce_text(struct compose *, const struct sprint *,
    const char *to, time_t now, char **data, size_t *len, char **cause);
/* Queues a personal mail ("remind", "evaluate", "evaluate-remind", or
 * "promoted") to a registered person. */
int compose_personal(struct compose *, struct store *, const char *kind,
    const struct sprint *, int64_t sprint_id, const struct registry_reg *,
    char **cause);
/*
 * Queues a mail of the sprint's week ("daily", "catchup", "summary"; with
 * orig, the reply "planned") to the registered person reg, rendered with
 * root, which daily.c filled with the day's facts; the sprint's and the
 * person's are added here. 0, or -1 with *cause.
 */
struct render_val;
int compose_during(struct compose *, struct store *, const char *kind,
    const struct sprint *, int64_t sprint_id, const struct registry_reg *,
    const struct compose_orig *orig, struct render_val *root, char **cause);
/*
 * Queues the usual mail of kind ("confirm", "cancel", "promoted") to a
 * person, not as a reply to a message: the organizer's --notify after a
 * correction. 0, or -1 with *cause.
 */
int compose_notify(struct compose *, struct store *, const char *kind,
    const struct sprint *, int64_t sprint_id, const struct registry_reg *,
    char **cause);
struct render_val;
/*
 * The organizer digest, its facts in root (digest.c gathers them): with
 * preview, printed there as it would be mailed; else queued to each of
 * the sprint's organizers. 0, or -1 with *cause.
 */
int compose_digest(struct compose *, struct store *, const struct sprint *,
    int64_t sprint_id, struct render_val *root, FILE *preview, char **cause);
struct invite_target;
/* Queues an invitation (template invite) to a past attendee; a target
 * without a usable address is skipped (0). Returns 0, or -1 with *cause. */
int compose_invite(struct compose *, struct store *, const struct sprint *,
    int64_t sprint_id, const struct invite_target *, char **cause);
/*
 * Queues a mail of kind (one that writes to no person: "evaluation-summary")
 * to each organizer of the sprint, rendered with root, which the caller
 * filled with the kind's own facts; the sprint's are added here. Returns 0,
 * or -1 with *cause.
 */
int compose_organizers(struct compose *, struct store *, const char *kind,
    const struct sprint *, int64_t sprint_id, struct render_val *root,
    char **cause);
/*
 * Queues a mail of kind ("preannounce", "interest": a reply, orig needed;
 * "dates-fixed") to to, rendered with root, which the caller (interest.c)
 * filled with the kind's own facts; the sprint's are added here. An
 * unusable address is skipped (0). 0, or -1 with *cause.
 */
int compose_mail(struct compose *, struct store *, const char *kind,
    const struct sprint *, int64_t sprint_id, const char *to,
    const char *to_name, const struct compose_orig *orig,
    struct render_val *root, char **cause);
/*
 * Queues a sync meeting's mail of kind ("sync-invite", "sync-cancel",
 * "sync-confirm", "sync-digest", "sync-minutes") to one address, rendered
 * with root (sync_facts and the mail's own); orig, when given, is the
 * message it answers. 0 with *mid (new) its Message-ID, 1 when to is no
 * usable address (nothing queued), -1 with *cause.
 */
int compose_sync(struct compose *, struct store *, const char *kind,
    struct render_val *root, const char *to, const char *to_name,
    const struct compose_orig *orig, char **mid, char **cause);
/* The config compose_init was given (it must outlive the compose). */
const struct config *compose_config(const struct compose *);

#endif
