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
 * message.h -- building an outgoing RFC 5322 message that any server takes:
 * CRLF only, header text from mail made safe (no CR, LF or controls),
 * non-ASCII header text as RFC 2047 encoded words, non-ASCII bodies as
 * quoted-printable (libcurl 7.88 never asks for 8BITMIME), lines folded.
 */
#ifndef SPRINTD_MESSAGE_H
#define SPRINTD_MESSAGE_H

#include <stddef.h>
#include <time.h>

struct message;

/* A new, empty message. */
struct message *message_new(void);
void message_free(struct message **);

/*
 * Adds a header. The value is UTF-8 free text (Subject, or a display name
 * through message_add_address); CR, LF and control characters are removed,
 * never passed on; non-ASCII words are encoded (RFC 2047, B or Q) and long
 * values folded. Returns 0, or -1 with *cause when name is not a valid
 * header name.
 */
int message_add_header(struct message *, const char *name,
    const char *value, char **cause);
/*
 * Adds an address header (From, To, Reply-To) as "Name <addr>" with the
 * name encoded when needed and quoted when it holds specials; name may be
 * NULL. Returns -1 with *cause when addr is not a plain, safe addr-spec.
 */
int message_add_address(struct message *, const char *name_hdr,
    const char *display, const char *addr, char **cause);
/* Sets the UTF-8 body (LF or CRLF line ends). */
void message_set_body(struct message *, const char *body);
/*
 * Attaches a UTF-8 text part after the body (at most MESSAGE_PARTS_MAX):
 * content_type with its parameters ("text/calendar; charset=utf-8;
 * method=PUBLISH"), offered as filename. The data is copied. Returns 0,
 * or -1 with *cause when the type or the name holds anything but
 * printable ASCII (the name: letters, digits, '.', '-', '_'), or when
 * there are too many parts.
 */
#define MESSAGE_PARTS_MAX	4
int message_attach(struct message *, const char *content_type,
    const char *filename, const char *data, char **cause);
/*
 * Returns the message as one new string with CRLF line ends: the headers
 * given, then Date (now) if none was added, MIME-Version, Content-Type
 * text/plain; charset=utf-8 and a Content-Transfer-Encoding (7bit for
 * ASCII with short lines, quoted-printable otherwise), a blank line and
 * the body. With attachments, the message is multipart/mixed: the text
 * part first, as above, then each attachment encoded the same way.
 * *lenp receives the length.
 */
char *message_finish(struct message *, time_t now, size_t *lenp);

/* Returns a new "<random@domain>" Message-ID for the domain of from_addr. */
char *message_make_id(const char *from_addr);
/* Splits "Name <addr>" into new strings (name NULL when absent). 0 or -1. */
int message_split_address(const char *s, char **name, char **addr);

#endif
