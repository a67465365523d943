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
 * util.h -- allocation, capped buffers, small string helpers, the clock.
 *
 * Conventions used across sprintd (see README "Hacking"):
 *   - functions that can fail return int: -1 error, 0 ok, 1 "nothing/again";
 *     the reason goes to the caller as a malloc'd string through char **cause,
 *     which the caller frees;
 *   - allocation never fails (x* allocators abort on out-of-memory);
 *   - every function cleans up through one "fail:" label.
 */
#ifndef SPRINTD_UTIL_H
#define SPRINTD_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

#ifdef __GNUC__
#define PRINTFLIKE(a, b) __attribute__((format(printf, a, b)))
#define UNUSED __attribute__((unused))
#else
#define PRINTFLIKE(a, b)
#define UNUSED
#endif

/* Allocators that never return NULL: they abort the program instead. */
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
/* Returns a malloc'd formatted string. */
char *xprintf(const char *, ...) PRINTFLIKE(1, 2);
char *xvprintf(const char *, va_list);
/* Frees *pp and sets it to NULL; NULL-safe. */
void xfree(void *pp);

/*
 * A growable byte buffer with a hard cap, after curl's dynbuf: hostile input
 * cannot make it grow past max. data is always NUL-terminated. A refused
 * append sticks: failed is set, and every later append is refused too, so
 * no piece lands after a hole; callers check failed (or one result) once
 * at the end. buf_reset, buf_steal and buf_free start over.
 */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	size_t	 max;
	int	 failed;	/* an append was refused */
};
#define BUF_MAX_DEFAULT (64u * 1024 * 1024)

/*
 * Two results beside -1/0/1, each with its own name (a bare -2 meant
 * either): UTIL_NOTLS, the server would not start the TLS the config asks
 * for (a configuration error: retrying will not help; IMAP_NOTLS,
 * SMTP_NOTLS and OUTBOX_NOTLS are it); UTIL_REFUSED, a request refused as
 * bad input, *cause saying why (sprintctl answers it with exit 2).
 */
#define UTIL_NOTLS	-2
#define UTIL_REFUSED	-3

/* Starts an empty buffer that may grow to max bytes (0: BUF_MAX_DEFAULT). */
void buf_init(struct buf *, size_t max);
/* Append: 0, or -1 when max would be passed or an append was refused
 * before (the buffer stays as it was, failed set). */
int buf_add(struct buf *, const void *, size_t);
int buf_addstr(struct buf *, const char *);
int buf_addch(struct buf *, char);
int buf_printf(struct buf *, const char *, ...) PRINTFLIKE(2, 3);
/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *);
/* Returns the data (caller frees) and leaves the buffer empty. */
char *buf_steal(struct buf *, size_t *lenp);
void buf_free(struct buf *);

/* c lowered when it is an ASCII capital letter; any other byte as it is,
 * whatever the locale. */
static inline int
util_lc(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* A blank (space or TAB), and an ASCII letter or digit, whatever the
 * locale. */
static inline int
util_is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

static inline int
util_is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* s lowered in place (ASCII capitals only). */
void util_lower(char *s);
/* The first needle in [s, s + n), ASCII case ignored, or NULL. */
const char *util_memcasemem(const char *s, size_t n, const char *needle);

/* ASCII-only case-insensitive helpers, independent of the locale. */
int util_strcaseeq(const char *, const char *);
int util_strncaseeq(const char *, const char *, size_t);

/*
 * A list of words (lower case, NULL at the end, at most UTIL_WORDS_MAX)
 * looked up by their first byte, for lists tried at every word of a mail:
 * a text is compared only with the words that start as it does. Declare
 * one static with UTIL_WORDS_INIT; it is indexed at its first use.
 */
#define UTIL_WORDS_MAX	255
struct util_words {
	const char *const	*words;
	int			 ready;
	unsigned char		 order[UTIL_WORDS_MAX];
	size_t			 len[UTIL_WORDS_MAX];
	size_t			 start[257];
};
#define UTIL_WORDS_INIT(list)	{ (list), 0, { 0 }, { 0 }, { 0 } }
/* 1 when s (n bytes at most, or up to a NUL) starts with one of the words,
 * ASCII case aside; else 0. */
int util_word_at(struct util_words *, const char *s, size_t n);
/* Trims ASCII white space at both ends, in place; returns s. */
char *util_trim(char *s);
/*
 * The length of the valid UTF-8 sequence at s (NUL-terminated) and its
 * code point, or 0 when the byte at s starts none (or is the NUL).
 */
size_t util_utf8_next(const char *s, uint32_t *cp);

/*
 * What util_clean keeps, besides printable text: LF (CR dropped; without
 * the flag both are dropped); TAB (without, each becomes a space); the CR
 * of a CR LF (CSV's line ends). With UTIL_CLEAN_UTF8 a byte that starts
 * no UTF-8 becomes '?' (without, it is kept as it is: text of another
 * charset on its way in).
 */
#define UTIL_CLEAN_LF	0x1
#define UTIL_CLEAN_TAB	0x2
#define UTIL_CLEAN_UTF8	0x4
#define UTIL_CLEAN_CRLF	0x8
/*
 * The one filter between text from mail and a terminal, a page, a file or
 * a mail: removes, in place, what a terminal or a browser would obey
 * rather than show: the C0 controls and DEL but those flags keep, the C1
 * controls (U+0080-U+009F), the bidirectional controls (U+061C, U+200E,
 * U+200F, U+202A-U+202E, U+2066-U+2069); the line and paragraph
 * separators U+2028 and U+2029 become LF with UTIL_CLEAN_LF, else a space.
 * Returns s.
 */
char *util_clean(char *s, int flags);
/* A new copy of s (NULL as "") cleaned as util_clean does. */
char *util_clean_dup(const char *s, int flags);
/* util_clean(s, 0): one line, controls removed (TAB kept as a space). */
void util_strip_controls(char *s);
/*
 * A stream that writes to to what passes util_clean with flags (a UTF-8
 * sequence or a CR split between two writes is held back until the next),
 * so that nothing a program prints carries a control character, whatever
 * path it took; fclose flushes it and leaves to open. NULL when the C
 * library cannot make one.
 */
FILE *util_clean_stream(FILE *to, int flags);
/* Returns 1 when s looks like a mail address local@domain with sane chars. */
int util_addr_valid(const char *s);
/*
 * The address as per-address caps count it: lower case, and without a
 * "+tag" in the local part (anna+1@example.org is anna@example.org). New
 * string. The schema's recipient_key spells the same in SQL.
 */
char *util_addr_key(const char *addr);

/*
 * The Message-IDs ("<...>", at most 250 bytes inside) that a mail's
 * In-Reply-To and References name (either may be NULL), each once: fn is
 * called for each until it returns non-zero, and that is returned (0
 * when it was called for all). In order of appearance, In-Reply-To
 * first; with newest, In-Reply-To and then References from its last (the
 * mail answered) to its first (the thread's).
 */
#define UTIL_MSGID_MAX	250
int util_each_msgid(const char *in_reply_to, const char *references,
    int newest, int (*fn)(const char *mid, void *arg), void *arg);
/* The value of a hex digit (either case), or -1. */
int util_hexval(int c);
/* The decimal number at the start of s (after blanks, with a sign), as
 * atoi reads it but clamped to int's range: atoi's overflow is undefined. */
int util_atoi(const char *s);
/* Reads an int of at most width characters (sign included) at *p after
 * any blanks, as scanf's "%<width>d" does, and moves *p past it: 0, or -1
 * when no digit stands there. */
int util_scan_int(const char **p, int width, int *out);

/* Reads a whole file, up to max bytes; -1 with cause on error or if larger. */
int util_read_file(const char *path, size_t max, char **data, size_t *len,
    char **cause);

#endif
