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
 * mime.h -- a raw RFC 5322 message reduced to what sprintd reads: decoded
 * headers and the best text body, all in UTF-8.
 */
#ifndef SPRINTD_MIME_H
#define SPRINTD_MIME_H

#include <stddef.h>

/* Hard limits: larger or deeper input is refused, never parsed. */
#define MIME_MAX_MESSAGE	(10u * 1024 * 1024)
#define MIME_MAX_PARTS		256
#define MIME_MAX_DEPTH		16
#define MIME_MAX_TEXT		(1u * 1024 * 1024)

struct mime_header {
	char	*name;		/* as written, e.g. "Auto-Submitted" */
	char	*value;		/* unfolded, RFC 2047 decoded, UTF-8 */
};

struct mime_addr {
	char	*addr;		/* addr-spec, lower case */
	char	*name;		/* display name, as from_name, or NULL */
};

/* A message carried whole in the body (a message/rfc822 part). */
struct mime_part {
	size_t	 off;		/* its bytes in the raw message given */
	size_t	 len;
	int	 digest;	/* a part of a multipart/digest */
};

struct mime_msg {
	char	*from_addr;	/* lower-cased addr-spec of From, or NULL */
	char	*from_name;	/* display name, UTF-8, controls stripped, or NULL */
	char	*reply_to;	/* addr-spec of Reply-To, or NULL */
	char	*reply_to_name;	/* its display name, as from_name, or NULL */
	/* Where a list rewrote From (DMARC), the sender it names: */
	char	*orig_from;	/* addr-spec of X-Original-From, or NULL */
	char	*orig_from_name; /* its display name, or NULL */
	char	*orig_sender;	/* addr-spec of X-Original-Sender, or NULL */
	char	*sender;	/* addr-spec of Sender, or NULL */
	struct mime_addr *cc;	/* every mailbox of every Cc, in order */
	size_t	 ncc;
	char	*return_path; /* addr-spec of Return-Path ("" for <>), or NULL */
	char	*subject;	/* decoded, controls stripped, or NULL */
	char	*message_id;	/* with angle brackets, or NULL */
	char	*in_reply_to;	/* first msg-id, with brackets, or NULL */
	char	*references;	/* as written, controls stripped, or NULL */
	char	*date;		/* as written, or NULL */
	/* Top-level content type, lower case ("multipart/report"). */
	char	*content_type;
	/* The text: text/plain preferred, else HTML turned to text; UTF-8,
	 * LF line ends, format=flowed joined; NULL when there is none. */
	char	*text;
	int	 text_from_html;
	/* A part of type message/delivery-status or a report was seen. */
	int	 has_delivery_status;
	struct mime_header *headers;	/* every top-level header, in order */
	size_t	 nheaders;
	/* The messages carried whole: the body itself when it is one, the
	 * top-level parts that are, and those of a multipart/digest among
	 * them (none inside another carried message); at most
	 * MIME_MAX_PARTS. */
	struct mime_part *parts;
	size_t	 nparts;
	/* How a list delivered it (listmail.h), set by listmail_form. */
	int	 list_form;
};

/*
 * Parses a raw message. Returns 0 and a new *out, or -1 with *cause when
 * the message is over a limit or cannot be parsed at all.
 */
int mime_parse(const char *raw, size_t len, struct mime_msg **out,
    char **cause);
/* Returns the first header named name (case-insensitive), or NULL. */
const char *mime_header(const struct mime_msg *, const char *name);
void mime_free(struct mime_msg **);

/* Charsets and RFC 2047: charset.h; HTML to text: html.h. */

/*
 * For tests: with 0, mime_parse builds libetpan's whole tree for every
 * message, as it did before the shortcut for mail of one text part (1,
 * the default). Both must read every message alike.
 */
void mime_set_shortcut(int on);

#endif
