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
 * imap.h -- reading the list's mailbox with libetpan: imaps:// or imap://
 * with STARTTLS, certificates and host names verified unless tls: none.
 * Nothing is ever marked read, moved or deleted (EXAMINE, BODY.PEEK).
 */
#ifndef SPRINTD_IMAP_H
#define SPRINTD_IMAP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct config_server;
struct imap;

/*
 * Connects and logs in (LOGIN, or AUTHENTICATE PLAIN where LOGIN is
 * disabled); password may be NULL for no login. Returns 0 and a new *out,
 * or -1 with *cause, or IMAP_NOTLS with *cause when TLS is required and the
 * server does not offer STARTTLS (a configuration error: retrying will not
 * help).
 */
#define IMAP_NOTLS	UTIL_NOTLS
int imap_connect(const struct config_server *, const char *password,
    struct imap **out, char **cause);
/*
 * 1 when the last imap_connect failed because the server refused the
 * login (LOGIN or AUTHENTICATE answered NO or BAD): a wrong user or
 * password, which trying again does not mend. 0 otherwise.
 */
int imap_login_refused(void);
/* The mailbox name from the URL ("INBOX" when the URL names none). */
const char *imap_mailbox(const struct imap *);
/* Selects the mailbox read-only; returns 0 with UIDVALIDITY and UIDNEXT
 * (0 when the server does not say), or -1 with *cause. */
int imap_select(struct imap *, uint32_t *uidvalidity, uint32_t *uidnext,
    char **cause);
/* The UIDs greater than uid, ascending, in a new array. 0 or -1. */
int imap_uids_after(struct imap *, uint32_t uid, uint32_t **uids, size_t *n,
    char **cause);
/*
 * Fetches one raw message without setting \Seen. Returns 0 with a new
 * *raw of *len bytes; 1 when the message is larger than max (nothing is
 * fetched, *len holds the size); -1 with *cause on a protocol or
 * connection error (also when the UID has gone: the caller skips it).
 */
int imap_fetch(struct imap *, uint32_t uid, size_t max, char **raw,
    size_t *len, char **cause);
/* A size for a UID the server returned nothing for (expunged). */
#define IMAP_GONE	((size_t)-1)
/*
 * One UID FETCH RFC822.SIZE for n UIDs: sizes[i] is the size of uids[i],
 * or IMAP_GONE. Returns 0, or -1 with *cause on a protocol or connection
 * error.
 */
int imap_fetch_sizes(struct imap *, const uint32_t *uids, size_t n,
    size_t *sizes, char **cause);
/*
 * Bounds for the sizes of n UIDs, in one round trip when no message is
 * large: one UID SEARCH LARGER small (RFC 3501) finds the messages of
 * more than small bytes, and only those are sized exactly (UID FETCH
 * RFC822.SIZE). sizes[i] is then the size of uids[i], IMAP_GONE when it
 * was large and has gone, or small: at most small bytes (a message that
 * has gone reads so too; fetching it returns nothing). Returns 0, or -1
 * with *cause on a protocol or connection error.
 */
int imap_size_bounds(struct imap *, const uint32_t *uids, size_t n,
    size_t small, size_t *sizes, char **cause);
/* A fetched message; raw (NUL-terminated, caller-freed) is NULL with len
 * 0 when the server sent nothing, NULL with len its size when dropped. */
struct imap_body {
	uint32_t	 uid;
	char		*raw;	/* NUL after len bytes; imap_bodies_free frees */
	size_t		 len;
	int		 etpan;	/* raw is libetpan's (an MMAPString) */
	time_t		 internaldate;	/* its INTERNALDATE, or 0 */
};
/*
 * One UID FETCH BODY.PEEK[] (no \Seen) for n UIDs; out[i] is uids[i]. A
 * body over MIME_MAX_MESSAGE or over the RFC822.SIZE the server gives
 * with it is dropped (raw NULL, len its size). 0, or -1 with *cause (out
 * then holds nothing to free).
 */
int imap_fetch_bodies(struct imap *, const uint32_t *uids, size_t n,
    struct imap_body *out, char **cause);
/* Frees the raw of each of the n bodies; the array itself stays. */
void imap_bodies_free(struct imap_body *, size_t n);
/* 1 when the server offers IDLE. */
int imap_has_idle(const struct imap *);
/*
 * Waits with IDLE for up to seconds (the caller keeps it under 29
 * minutes) or until *stop is set by a signal. While it waits (and only
 * then: never inside a command) the signal mask is waitmask, unless that
 * is NULL, so a caller that blocks its signals everywhere else lets them
 * in here. Returns 0 when something may have arrived or time ran out, -1
 * with *cause on a connection error.
 */
int imap_idle(struct imap *, int seconds, const sigset_t *waitmask,
    volatile sig_atomic_t *stop,
    char **cause);
/* Logs out and frees *ip; NULL is ignored. */
void imap_close(struct imap **ip);

#endif
