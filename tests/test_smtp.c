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

/* test_smtp.c -- smtp_send against a scripted SMTP server in a thread on
 * loopback: replies, connection reuse, reconnects, the bytes delivered. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config.h"
#include "smtp.h"
#include "util.h"
#include "testlib.h"

#define FROM	"sprints@example.org"
#define RCPT	"jane@example.org"

static struct testlib_smtpd *const F = &testlib_smtpd;

static int
setup(void **state)
{
	(void)state;
	return testlib_smtpd_start();
}

static int
teardown(void **state)
{
	(void)state;
	testlib_smtpd_stop();
	return 0;
}

static int
get(int *field)
{
	int	 v;

	pthread_mutex_lock(&F->lock);
	v = *field;
	pthread_mutex_unlock(&F->lock);
	return v;
}

static void
set(int *field, int v)
{
	pthread_mutex_lock(&F->lock);
	*field = v;
	pthread_mutex_unlock(&F->lock);
}

static struct smtp *
open_fake(int port, enum config_tls tls)
{
	struct config_server	 cs;
	struct smtp		*s;
	char			*cause = NULL, *url;

	url = xprintf("smtp://127.0.0.1:%d", port);
	memset(&cs, 0, sizeof cs);
	cs.url = url;
	cs.tls = tls;
	s = smtp_open(&cs, NULL, &cause);
	if (s == NULL)
		fail_msg("smtp_open: %s", cause);
	free(url);
	return s;
}

static const char msg[] =
    "From: sprints@example.org\r\n"
    "To: jane@example.org\r\n"
    "Subject: test\r\n"
    "\r\n"
    "Hello.\r\n"
    ".\r\n"
    ".. two dots\r\n"
    ".leading dot\r\n"
    "\r\n"
    "end\r\n";

static int
send1(struct smtp *s, int *code, char **cause)
{
	*code = -42;
	*cause = NULL;
	return smtp_send(s, FROM, RCPT, msg, strlen(msg), code, cause);
}

static void
test_send_ok(void **state)
{
	struct smtp	*s;
	char		*cause, *data, from[256], rcpt[256];
	int		 code;

	(void)state;
	s = open_fake(F->port, CONFIG_TLS_NONE);
	/* Nothing is connected before the first send. */
	assert_int_equal(get(&F->accepts), 0);
	assert_int_equal(send1(s, &code, &cause), 0);
	assert_null(cause);
	assert_int_equal(code, 250);
	/* Copied out first: a failed assertion must not hold the lock. */
	pthread_mutex_lock(&F->lock);
	snprintf(from, sizeof from, "%s", F->from);
	snprintf(rcpt, sizeof rcpt, "%s", F->rcpt);
	data = xstrdup(F->data.data != NULL ? F->data.data : "");
	pthread_mutex_unlock(&F->lock);
	assert_string_equal(from, "<" FROM ">");
	assert_string_equal(rcpt, "<" RCPT ">");
	/* The bytes delivered are the bytes sent: CRLF intact, dots
	 * unstuffed by the server. */
	assert_string_equal(data, msg);
	free(data);
	smtp_close(&s);
	assert_null(s);
	smtp_close(&s);
}

static void
test_one_connection(void **state)
{
	struct smtp	*s;
	char		*cause;
	int		 code, i;

	(void)state;
	s = open_fake(F->port, CONFIG_TLS_NONE);
	for (i = 0; i < 3; i++) {
		assert_int_equal(send1(s, &code, &cause), 0);
		assert_int_equal(code, 250);
	}
	assert_int_equal(get(&F->mails), 3);
	assert_int_equal(get(&F->accepts), 1);
	smtp_close(&s);
}

/*
 * A transaction begun and abandoned (sprintd does so when it cannot record
 * the last mail's outcome) delivers nothing: its text is refused, so the
 * server never sees an end of it, nor a stray dot, and the next mail goes
 * over a new connection.
 */
static void
test_abandon(void **state)
{
	struct smtp	*s;
	char		*cause = NULL;
	int		 code;

	(void)state;
	s = open_fake(F->port, CONFIG_TLS_NONE);
	assert_int_equal(send1(s, &code, &cause), 0);
	assert_int_equal(smtp_begin(s, FROM, RCPT, msg, strlen(msg), &cause),
	    0);
	smtp_abandon(s);
	/* Nothing to abandon any more: a no-op. */
	smtp_abandon(s);
	assert_int_equal(send1(s, &code, &cause), 0);
	assert_int_equal(code, 250);
	/* The server took the abandoned session to its end before it
	 * accepted the next one. */
	assert_int_equal(get(&F->mails), 3);
	assert_int_equal(get(&F->delivered), 2);
	assert_int_equal(get(&F->unknown), 0);
	assert_int_equal(get(&F->accepts), 2);
	/* An empty text is refused before anything starts. */
	assert_int_equal(smtp_begin(s, FROM, RCPT, msg, 0, &cause), -1);
	assert_non_null(cause);
	free(cause);
	smtp_close(&s);
}

static void
test_temporary(void **state)
{
	struct smtp	*s;
	char		*cause;
	int		 code;

	(void)state;
	s = open_fake(F->port, CONFIG_TLS_NONE);
	set(&F->rcpt_code, 451);
	assert_int_equal(send1(s, &code, &cause), 1);
	assert_int_equal(code, 451);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "451"));
	assert_non_null(strstr(cause, "mailbox busy"));
	free(cause);
	set(&F->rcpt_code, 250);
	set(&F->data_code, 452);
	assert_int_equal(send1(s, &code, &cause), 1);
	assert_int_equal(code, 452);
	assert_non_null(strstr(cause, "452"));
	free(cause);
	/* The session goes on after temporary failures. */
	set(&F->data_code, 250);
	assert_int_equal(send1(s, &code, &cause), 0);
	assert_int_equal(code, 250);
	smtp_close(&s);
}

static void
test_permanent(void **state)
{
	struct smtp	*s;
	char		*cause;
	int		 code;

	(void)state;
	s = open_fake(F->port, CONFIG_TLS_NONE);
	set(&F->rcpt_code, 550);
	assert_int_equal(send1(s, &code, &cause), -1);
	assert_int_equal(code, 550);
	assert_non_null(strstr(cause, "550"));
	assert_non_null(strstr(cause, "no such user"));
	free(cause);
	set(&F->rcpt_code, 250);
	set(&F->data_code, 554);
	assert_int_equal(send1(s, &code, &cause), -1);
	assert_int_equal(code, 554);
	assert_non_null(strstr(cause, "554"));
	free(cause);
	set(&F->data_code, 250);
	assert_int_equal(send1(s, &code, &cause), 0);
	smtp_close(&s);
}

static void
test_dropped(void **state)
{
	struct smtp	*s;
	char		*cause;
	int		 code;

	(void)state;
	s = open_fake(F->port, CONFIG_TLS_NONE);
	assert_int_equal(send1(s, &code, &cause), 0);
	assert_int_equal(get(&F->accepts), 1);
	/* The server hangs up in the middle of the next transaction. */
	set(&F->drop_at_mail, 1);
	assert_int_equal(send1(s, &code, &cause), 1);
	assert_int_equal(code, 0);
	assert_non_null(cause);
	free(cause);
	/* The next send connects again. */
	assert_int_equal(send1(s, &code, &cause), 0);
	assert_int_equal(code, 250);
	assert_int_equal(get(&F->accepts), 2);
	assert_int_equal(send1(s, &code, &cause), 0);
	assert_int_equal(get(&F->accepts), 2);
	smtp_close(&s);
}

static void
test_refused(void **state)
{
	struct smtp	*s;
	char		*cause;
	int		 code, port, fd;

	(void)state;
	/* A port that was free a moment ago: nobody listens on it. */
	assert_true((fd = testlib_listen(&port)) != -1);
	close(fd);
	s = open_fake(port, CONFIG_TLS_NONE);
	assert_int_equal(send1(s, &code, &cause), 1);
	assert_int_equal(code, 0);
	assert_non_null(cause);
	free(cause);
	smtp_close(&s);
}

static void
test_tls_required(void **state)
{
	struct smtp	*s;
	char		*cause;
	int		 code;

	(void)state;
	/* tls: required against a server without STARTTLS: nothing is sent
	 * in the clear, and it is a configuration error, said in words, not
	 * a failed connection to retry. */
	s = open_fake(F->port, CONFIG_TLS_REQUIRED);
	assert_int_equal(send1(s, &code, &cause), SMTP_NOTLS);
	assert_int_equal(code, 0);
	assert_non_null(strstr(cause, "the server does not offer STARTTLS"));
	free(cause);
	smtp_close(&s);
	s = open_fake(F->port, CONFIG_TLS_REQUIRED);
	assert_int_equal(smtp_check(s, &cause), SMTP_NOTLS);
	assert_non_null(strstr(cause, "the server does not offer STARTTLS"));
	free(cause);
	assert_int_equal(get(&F->mails), 0);
	smtp_close(&s);
}

static struct smtp *
open_auth(const char *password)
{
	struct config_server	 cs;
	struct smtp		*s;
	char			*cause = NULL;

	memset(&cs, 0, sizeof cs);
	cs.url = xprintf("smtp://127.0.0.1:%d", F->port);
	cs.user = (char *)"sprints";
	cs.tls = CONFIG_TLS_NONE;
	s = smtp_open(&cs, password, &cause);
	free(cs.url);
	if (s == NULL)
		fail_msg("smtp_open: %s", cause);
	return s;
}

static void
test_auth(void **state)
{
	struct smtp	*s;
	char		*cause, auth[256];
	int		 code;

	(void)state;
	set(&F->auth_code, 235);
	s = open_auth("s3cret");
	assert_int_equal(send1(s, &code, &cause), 0);
	pthread_mutex_lock(&F->lock);
	snprintf(auth, sizeof auth, "%s", F->auth);
	pthread_mutex_unlock(&F->lock);
	/* base64 of "\0sprints\0s3cret" */
	assert_string_equal(auth, "AHNwcmludHMAczNjcmV0");
	smtp_close(&s);

	/* A refused login is about the session, not the mail: temporary,
	 * code 0, so that the rest of the batch waits. */
	set(&F->auth_code, 535);
	s = open_auth("wrong");
	assert_int_equal(send1(s, &code, &cause), 1);
	assert_int_equal(code, 0);
	assert_non_null(cause);
	free(cause);
	assert_int_equal(get(&F->mails), 1);
	smtp_close(&s);

	/* smtp_check logs in and sends nothing; a refused login is -1. */
	set(&F->auth_code, 235);
	s = open_auth("s3cret");
	assert_int_equal(smtp_check(s, &cause), 0);
	smtp_close(&s);
	set(&F->auth_code, 535);
	s = open_auth("wrong");
	assert_int_equal(smtp_check(s, &cause), -1);
	assert_non_null(strstr(cause, "535"));
	free(cause);
	smtp_close(&s);
	assert_int_equal(get(&F->mails), 1);
}

static void
test_bad_input(void **state)
{
	struct config_server	 cs;
	struct smtp		*s;
	char			*cause = NULL;
	int			 code;

	(void)state;
	memset(&cs, 0, sizeof cs);
	cs.url = (char *)"imap://127.0.0.1";
	cs.tls = CONFIG_TLS_NONE;
	assert_null(smtp_open(&cs, NULL, &cause));
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	cs.url = (char *)"smtps://127.0.0.1";
	assert_null(smtp_open(&cs, NULL, &cause));
	free(cause);

	/* Addresses that would smuggle SMTP commands are refused before
	 * anything is connected. */
	s = open_fake(F->port, CONFIG_TLS_NONE);
	cause = NULL;
	assert_int_equal(smtp_send(s, FROM, RCPT "\r\nRCPT TO:<x@example.org>",
	    msg, strlen(msg), &code, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(smtp_send(s, "a b@example.org", RCPT, msg,
	    strlen(msg), &code, &cause), -1);
	free(cause);
	assert_int_equal(get(&F->accepts), 0);
	smtp_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_send_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_connection, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_abandon, setup, teardown),
		cmocka_unit_test_setup_teardown(test_temporary, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_permanent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tls_required, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_auth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
