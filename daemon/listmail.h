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
 * listmail.h -- the forms in which a mailing list delivers a post, read
 * back to the post before it is parsed: Mailman's DMARC mitigations (From
 * rewritten to "Anna via list <list>" with the poster in Cc; the post
 * wrapped whole in a message/rfc822 part) and its digests (a MIME digest
 * carries its posts whole; a plain-text RFC 1153 digest cannot be read
 * back into them, and is a setup error).
 */
#ifndef SPRINTD_LISTMAIL_H
#define SPRINTD_LISTMAIL_H

#include <stddef.h>

#include "mime.h"

enum listmail_form {
	LISTMAIL_DIRECT = 0,	/* the post itself, From rewritten or not */
	LISTMAIL_WRAPPED,	/* the post wrapped (DMARC wrap_message) */
	LISTMAIL_DIGEST,	/* a MIME digest: each part a post */
	LISTMAIL_TEXT_DIGEST	/* a plain-text digest: not readable */
};

/* How the auto reason of a plain-text digest begins (status finds it). */
#define LISTMAIL_TEXT_DIGEST_REASON	"plain-text digest of the list"

/* The posts a delivery carries, as listmail_unwrap found them. */
struct listmail_post {
	const char	*raw;	/* in the delivery's raw bytes */
	size_t		 len;
	struct mime_msg	*m;	/* NULL when it could not be read */
	char		*why;	/* then why */
};

struct listmail {
	enum listmail_form	 form;
	/* WRAPPED: the one post; DIGEST: each part, in order. */
	struct listmail_post	*posts;
	size_t			 nposts;
};

/*
 * Tells the form of message m (read from raw) from the list at list (its
 * posting address; NULL reads every message as DIRECT), sets
 * m->list_form, and reads the posts it carries into *out (free with
 * listmail_clear). A wrapped post is one the list itself sent (From the
 * list) whose one carried message is from the poster the wrapper names
 * (Cc, Reply-To or X-Original-From); a digest is one the list's -request
 * address sent. Never fails: anything else is DIRECT.
 */
enum listmail_form listmail_unwrap(const char *raw, size_t len,
    struct mime_msg *m, const char *list, struct listmail *out);
void listmail_clear(struct listmail *);

/*
 * The poster of a post whose From the list rewrote to "Name via List
 * <list>" while pointing Reply-To at itself (Mailman's munge_from with
 * reply_goes_to_list): the one Cc that is_list(addr, arg) does not call a
 * list, when its display name is Name (or, with none, its address is what
 * Mailman writes for it). NULL when there is not exactly one, or it does
 * not match: who wrote it is then not known.
 */
const struct mime_addr *listmail_cc_poster(const struct mime_msg *,
    int (*is_list)(const char *addr, void *arg), void *arg);

/*
 * The length of the list prefix subj begins with ("[pypy-sprint] ",
 * spaces after it included), or 0: a bracketed tag that names list (the
 * local part of its address; case, '-', '_', '.' and spaces aside),
 * maybe with a post number after it ("[pypy-sprint 12]").
 */
size_t listmail_prefix_len(const char *subj, const char *list);

/* For a digest (m->list_form), why it is robot mail: a constant; else
 * NULL. */
const char *listmail_auto_reason(const struct mime_msg *);

#endif
