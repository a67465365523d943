/*
 * compose.h -- sprintd's mail, written: templates rendered with the facts
 * of a sprint and a person, made into a complete RFC 5322 message, and
 * queued in the outbox (inside the caller's transaction).
 */
#ifndef SPRINTD_COMPOSE_H
#define SPRINTD_COMPOSE_H

#include <stdint.h>

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
/* Queues the announcement of the sprint to one list address. */
int compose_announce(struct compose *, struct store *, const struct sprint *,
    int64_t sprint_id, const char *to, char **cause);
/* Queues a personal mail ("remind", "evaluate", "evaluate-remind", or
 * "promoted") to a registered person. */
int compose_personal(struct compose *, struct store *, const char *kind,
    const struct sprint *, int64_t sprint_id, const struct registry_reg *,
    char **cause);
struct render_val;
/*
 * Queues a mail of kind (one that writes to no person: "evaluation-summary")
 * to each organizer of the sprint, rendered with root, which the caller
 * filled with the kind's own facts; the sprint's are added here. Returns 0,
 * or -1 with *cause.
 */
int compose_organizers(struct compose *, struct store *, const char *kind,
    const struct sprint *, int64_t sprint_id, struct render_val *root,
    char **cause);
/* The config compose_init was given (it must outlive the compose). */
const struct config *compose_config(const struct compose *);

#endif
