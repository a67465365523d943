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
 * charset.h -- text in any charset to UTF-8 (charset.c), and the
 * RFC 2047 encoded words of header values.
 */
#ifndef SPRINTD_CHARSET_H
#define SPRINTD_CHARSET_H

#include <stddef.h>
#include <stdint.h>

/* The longest charset name kept (longer ones are cut). */
#define CHARSET_NAME_MAX	64

/*
 * Converts len bytes in charset to a new UTF-8 string (invalid sequences
 * become U+FFFD, a NUL a space); unknown charsets are read as UTF-8 when
 * valid, else as Windows-1252.
 */
char *charset_to_utf8(const char *charset, const char *s, size_t len);
/* Decodes RFC 2047 encoded words in a header value; returns a new
 * string. */
char *charset_decode_header(const char *value);

/* The UTF-8 encoding of cp (U+FFFD when it is no scalar value) in u; its
 * length. */
size_t charset_encode(uint32_t cp, char u[4]);
/* 1 when [s, s + n) is valid UTF-8, else 0; *multi is set when it holds
 * a multibyte sequence. */
int charset_utf8_valid(const char *s, size_t n, int *multi);
/* A charset name as compared: lower case, without quotes, blanks and an
 * RFC 2231 language (at most outsz - 1 bytes). */
void charset_norm(const char *charset, char *out, size_t outsz);
/* A code point read as Windows-1252 does: 0x80-0x9F its characters
 * (U+FFFD where it has none), anything else as it is. */
uint32_t charset_cp1252(uint32_t c);
/* 1 when a charset_norm'ed name is UTF-8's. */
int charset_is_utf8(const char *cs);

#endif
