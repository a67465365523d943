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
 * parse.h -- one message, classified and parsed against a sprint: what
 * `sprintctl parse` prints and what the daemon stores.
 */
#ifndef SPRINTD_PARSE_H
#define SPRINTD_PARSE_H

#include <stddef.h>

#include "dates.h"
#include "sprint.h"

enum parse_kind {
	PARSE_REGISTRATION,
	PARSE_CANCELLATION,
	PARSE_EVALUATION,
	PARSE_INVALID,
	PARSE_UNRELATED,
	PARSE_AUTO,
	PARSE_INTEREST,		/* answers the pre-announcement (interest.h) */
};

struct parse_answer {
	char	*id;		/* the sprint's question id */
	int	 is_rating;
	int	 rating;	/* 1..5 when is_rating */
	char	*text;		/* when !is_rating */
};

/* A value of one of the sprint's own fields (fields:), as given. */
struct parse_custom {
	const char	*id;		/* the sprint's field id (borrowed) */
	char		*value;		/* as the file spells it; NULL: "?" */
};

struct interest_reply;

/* A tri-state for optional yes/no fields. */
enum parse_bool { PARSE_NULL = -1, PARSE_NO = 0, PARSE_YES = 1 };

/* The fields a message gave (blank is not given, "?" is: unknown). */
#define PARSE_HAS_NAME		0x01
#define PARSE_HAS_ARRIVE	0x02	/* also set by "lives there" */
#define PARSE_HAS_DEPART	0x04
#define PARSE_HAS_ACC		0x08
#define PARSE_HAS_NEWCOMER	0x10
#define PARSE_HAS_FUNDING	0x20
#define PARSE_HAS_DIET		0x40
#define PARSE_HAS_NOTES		0x80
#define PARSE_HAS_TOPICS	0x100
#define PARSE_HAS_ALL		0x1ff	/* a whole record (import, tests) */

struct parse_result {
	enum parse_kind	 kind;
	unsigned	 given;		/* PARSE_HAS_*: a later message
					 * changes only these fields */
	char		*from;		/* sender address, lower case */
	char		*message_id;
	char		*in_reply_to;
	char		*references;
	char		*subject;
	char		*name;		/* never contains CR, LF or controls */
	enum dates_state arrive_state;	/* DATES_UNKNOWN -> JSON null */
	day_t		 arrive;
	enum dates_state depart_state;
	day_t		 depart;
	int		 local;
	char		*accommodation;	/* NULL when not given */
	enum parse_bool	 newcomer;
	enum parse_bool	 funding;
	char		*diet;
	char		*topics;	/* what the person wants to work on */
	char		*notes;
	/* The message's own text (its quote and signature cut), as the
	 * planning and summary lines are read from it; or NULL. */
	char		*body;
	struct parse_answer *answers;
	size_t		 nanswers;
	char		**errors;
	size_t		 nerrors;
	char		**warnings;
	size_t		 nwarnings;
	char		*auto_reason;	/* why it was classified auto, or NULL */
	int		 tentative;	/* the dates end in "?" ("12th-19th?") */
	int		 update_only;	/* unrelated, but a valid update of
					 * name, diet or notes for someone
					 * registered (the store decides) */
	struct parse_result *update;	/* that update, read as one */
	int		 prose;		/* unrelated, but asks in prose to come,
					 * from prose_arrive (never stored) */
	day_t		 prose_arrive;
	enum dates_state prose_depart_state;
	day_t		 prose_depart;
	/* Nobody to answer (a list rewrote From and named no one): keep the
	 * message, never apply it, never reply. */
	int		 no_reply;
	/* "Invite: no", or "unsubscribe" in the subject or alone on a line:
	 * no more invitations (kind is then unrelated, never applied as a
	 * registration). */
	int		 invite_optout;
	/* The sprint's own fields the message gave (blank: not given). */
	struct parse_custom *custom;
	size_t		 ncustom;
	/* An answer to the pre-announcement (kind interest, or invalid
	 * with the errors), or NULL. */
	struct interest_reply *interest;
};

/*
 * The addresses sprintd itself is. Mail from them, or carrying an X-Loop
 * that names them, is its own and never answered. Either may be NULL.
 */
struct parse_self {
	const char	*list_address;	/* the list whose mailbox is read */
	const char	*from;		/* its sender: "Name <addr>" or addr */
};

/*
 * Classifies and parses one raw message against a sprint. self (may be
 * NULL) names sprintd's addresses: mail from its own address or the list,
 * or with an X-Loop naming either, is "auto". A post the list rewrote
 * ("Anna via list <list>") is the person's that X-Original-From,
 * X-Original-Sender, Reply-To or the one Cc by that name
 * (listmail_cc_poster) names; a post the list wrapped whole is read as
 * the post it carries (listmail_unwrap); naming nobody, it is "invalid"
 * with no_reply set. With no sprint (NULL), robots are still told from
 * people; a person's mail is then "unrelated". Returns 0 and a new *out,
 * or -1 with *cause when the message could not be read at all (the
 * caller stores it as invalid).
 */
int parse_message(const char *raw, size_t len, const struct sprint *,
    const struct parse_self *self, struct parse_result **out, char **cause);
struct mime_msg;
/* The same for a message mime_parse has already read (never fails). */
void parse_mime(const struct mime_msg *, const struct sprint *,
    const struct parse_self *self, struct parse_result **out);
/*
 * The same for a reply to a mail of sprintd's whose text is original
 * (outbox_text_answered; NULL when it answers nothing sprintd sent): what
 * stands in it is quote, never an answer (quote_strip_reply).
 */
void parse_mime_reply(const struct mime_msg *, const struct sprint *,
    const struct parse_self *self, const char *original,
    struct parse_result **out);
/*
 * Makes a registration that gives no dates at all invalid, with the error
 * saying what is expected: for a person with no registration yet (an
 * update may leave the dates as they are).
 */
void parse_missing_dates(struct parse_result *, const struct sprint *);
/* A place to stay as written (cleaned, capped), spelled as the sprint
 * file spells it when it names one of its lodgings; caller frees. */
char *parse_lodging(const struct sprint *, const char *value);
/* Adds a problem the store found (the merged record) and makes the
 * message invalid. */
void parse_add_error(struct parse_result *, const char *msg);
/*
 * Checks value for the sprint's field f as the form reads it: 0 with
 * *out (new: the value as the file spells it when f has values, the
 * cleaned text else; NULL for "?"), or -1 with a new *why naming the
 * field and what is expected.
 */
struct sprint_field;
int parse_custom_value(const struct sprint_field *f, const char *value,
    char **out, char **why);
/* Returns the kind's name as in the JSON ("registration", ...). */
const char *parse_kind_name(enum parse_kind);
/* The kind as messages.kind stores it (interest: "unrelated"). */
const char *parse_store_kind(enum parse_kind);
/* Returns the result as one JSON object (caller frees), as the spec says. */
char *parse_to_json(const struct parse_result *, const char *slug);
/* The same as a jansson object (a new reference). */
struct json_t;
struct json_t *parse_to_jansson(const struct parse_result *, const char *slug);
void parse_free(struct parse_result **);

#endif
