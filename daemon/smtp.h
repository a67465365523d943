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
 * smtp.h -- sending mail with libcurl: one connection reused for a batch,
 * TLS with certificate checks (CURLUSESSL_ALL) unless tls: none.
 */
#ifndef SPRINTD_SMTP_H
#define SPRINTD_SMTP_H

#include <stddef.h>

#include "util.h"

struct config_server;
struct smtp;

/*
 * Prepares a session for the server (smtp://host[:port] with STARTTLS,
 * smtps:// for implicit TLS; AUTH with the user and password when both
 * are set, password may be NULL). The connection itself is opened by the
 * first smtp_send. Returns a new session, or NULL with *cause.
 */
struct smtp *smtp_open(const struct config_server *, const char *password,
    char **cause);

/*
 * Sends one message (complete RFC 5322 text with CRLF line ends) to one
 * recipient, reusing the connection. Returns 0 when the server accepted
 * it (250), 1 for a temporary failure (a 4xx reply, *code set; or a lost
 * or refused connection, *code 0), -1 for a permanent failure (5xx, *code
 * set), SMTP_NOTLS when TLS is required and the server does not offer
 * STARTTLS (a configuration error: the mail is not at fault, and retrying
 * will not help). *cause is set for all but 0 and names the server's reply.
 */
int smtp_send(struct smtp *, const char *from, const char *rcpt,
    const void *data, size_t len, int *code, char **cause);
#define SMTP_NOTLS	UTIL_NOTLS

/*
 * smtp_send in two steps, for a caller with work to do while the server
 * answers (sprintd records the last mail's outcome then). smtp_begin
 * starts the transaction (MAIL FROM, RCPT TO and DATA, as far as the
 * replies already there take it) and holds the text back: nothing of it
 * is sent before smtp_end, so the server cannot have accepted the mail
 * when smtp_begin returns. It returns 0, or -1 with *cause (an address
 * that may not go on the envelope, or no text at all; nothing was
 * started). smtp_end sends
 * the text, waits for the outcome and returns as smtp_send does.
 * smtp_abandon drops a begun transaction instead: its text is refused,
 * which fails the transaction and closes the connection (after the
 * replies still due, up to DATA's), so the mail is not sent. data must stay valid until smtp_end or
 * smtp_abandon; between them, call nothing else of the session.
 */
int smtp_begin(struct smtp *, const char *from, const char *rcpt,
    const void *data, size_t len, char **cause);
int smtp_end(struct smtp *, int *code, char **cause);
void smtp_abandon(struct smtp *);

/*
 * Connects and logs in (STARTTLS and AUTH as for sending) and sends
 * nothing: for sprintd --check-servers. Returns 0, SMTP_NOTLS, or -1
 * with *cause. The session is good only for smtp_close afterwards.
 */
int smtp_check(struct smtp *, char **cause);

/* 1 when the last smtp_send failed because the server refused the login
 * (AUTH answered 535, CURLE_LOGIN_DENIED), else 0. */
int smtp_login_denied(const struct smtp *);

/* Closes the connection (QUIT) and frees *sp; NULL is ignored. */
void smtp_close(struct smtp **sp);

#endif
