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

#define FROM	"sprints@example.org"
#define RCPT	"jane@example.org"

/* The fake server and its script; the lock guards every field. */
struct fake {
	pthread_mutex_t	 lock;
	pthread_t	 thread;
	int		 lfd;
	int		 port;
	int		 stop;
	int		 accepts;	/* TCP connections accepted */
	int		 mails;		/* MAIL FROM commands seen */
	int		 delivered;	/* mails whose text ended with "." */
	int		 unknown;	/* lines that were no command */
	int		 rcpt_code;	/* reply to RCPT TO */
	int		 data_code;	/* reply after the data */
	int		 drop_at_mail;	/* close, unanswered, at next MAIL */
	int		 starttls;	/* advertise STARTTLS */
	int		 auth_code;	/* 0: no AUTH; else reply to AUTH */
	char		 auth[256];	/* the AUTH PLAIN response, base64 */
	char		 from[256];
	char		 rcpt[256];
	struct buf	 data;		/* the last message, un-dot-stuffed */
};

static struct fake	 F;

struct conn {
	int		 fd;
	char		 in[4096];
	size_t		 len;
};

static void
fake_write(struct conn *c, const char *s)
{
	size_t	 n = strlen(s);
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(c->fd, s, n)) <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Reads one line (with its CRLF) into line; 0 at EOF or stop. */
static int
fake_line(struct conn *c, char *line, size_t max)
{
	struct pollfd	 pfd;
	char		*nl;
	size_t		 n;
	ssize_t		 r;
	int		 stop;

	for (;;) {
		if ((nl = memchr(c->in, '\n', c->len)) != NULL) {
			n = (size_t)(nl - c->in) + 1;
			if (n >= max)
				return 0;	/* makes the test fail */
			memcpy(line, c->in, n);
			line[n] = '\0';
			memmove(c->in, c->in + n, c->len - n);
			c->len -= n;
			return 1;
		}
		if (c->len == sizeof c->in)
			return 0;
		pfd.fd = c->fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 100) == 0) {
			pthread_mutex_lock(&F.lock);
			stop = F.stop;
			pthread_mutex_unlock(&F.lock);
			if (stop)
				return 0;
			continue;
		}
		r = read(c->fd, c->in + c->len, sizeof c->in - c->len);
		if (r <= 0)
			return 0;
		c->len += (size_t)r;
	}
}

static void
fake_session(int fd)
{
	struct conn	 c = { .fd = fd };
	char		 line[2048], reply[64];
	int		 code, drop;

	fake_write(&c, "220 fake.example.org ESMTP ready\r\n");
	while (fake_line(&c, line, sizeof line)) {
		if (strncasecmp(line, "EHLO ", 5) == 0) {
			pthread_mutex_lock(&F.lock);
			fake_write(&c, F.starttls ? "250-fake.example.org\r\n"
			    "250-STARTTLS\r\n" : "250-fake.example.org\r\n");
			if (F.auth_code != 0)
				fake_write(&c, "250-AUTH PLAIN\r\n");
			pthread_mutex_unlock(&F.lock);
			fake_write(&c, "250 SIZE 1000000\r\n");
		} else if (strncasecmp(line, "HELO ", 5) == 0 ||
		    strncasecmp(line, "RSET", 4) == 0 ||
		    strncasecmp(line, "NOOP", 4) == 0)
			fake_write(&c, "250 ok\r\n");
		else if (strncasecmp(line, "AUTH PLAIN", 10) == 0) {
			/* The response comes on the line, or after a 334. */
			if (line[10] != ' ') {
				fake_write(&c, "334 \r\n");
				if (!fake_line(&c, line + 11, sizeof line - 11))
					break;
			}
			pthread_mutex_lock(&F.lock);
			code = F.auth_code;
			snprintf(F.auth, sizeof F.auth, "%.*s",
			    (int)strcspn(line + 11, "\r\n"), line + 11);
			pthread_mutex_unlock(&F.lock);
			fake_write(&c, code == 235 ? "235 2.7.0 ok\r\n" :
			    "535 5.7.8 bad credentials\r\n");
		} else if (strncasecmp(line, "MAIL FROM:", 10) == 0) {
			pthread_mutex_lock(&F.lock);
			F.mails++;
			drop = F.drop_at_mail;
			F.drop_at_mail = 0;
			snprintf(F.from, sizeof F.from, "%.*s",
			    (int)strcspn(line + 10, " \r\n"), line + 10);
			pthread_mutex_unlock(&F.lock);
			if (drop)
				break;
			fake_write(&c, "250 2.1.0 ok\r\n");
		} else if (strncasecmp(line, "RCPT TO:", 8) == 0) {
			pthread_mutex_lock(&F.lock);
			code = F.rcpt_code;
			snprintf(F.rcpt, sizeof F.rcpt, "%.*s",
			    (int)strcspn(line + 8, "\r\n"), line + 8);
			pthread_mutex_unlock(&F.lock);
			snprintf(reply, sizeof reply, "%d %s\r\n", code,
			    code == 250 ? "2.1.5 ok" : code < 500 ?
			    "4.3.0 mailbox busy, try later" :
			    "5.1.1 no such user here");
			fake_write(&c, reply);
		} else if (strncasecmp(line, "DATA", 4) == 0) {
			fake_write(&c, "354 go ahead\r\n");
			pthread_mutex_lock(&F.lock);
			buf_reset(&F.data);
			pthread_mutex_unlock(&F.lock);
			drop = 1;
			while (fake_line(&c, line, sizeof line)) {
				if (strcmp(line, ".\r\n") == 0) {
					drop = 0;
					break;
				}
				pthread_mutex_lock(&F.lock);
				buf_addstr(&F.data, line[0] == '.' ?
				    line + 1 : line);
				pthread_mutex_unlock(&F.lock);
			}
			if (drop)
				break;	/* no end of the text: no mail */
			pthread_mutex_lock(&F.lock);
			code = F.data_code;
			if (code == 250)
				F.delivered++;
			pthread_mutex_unlock(&F.lock);
			snprintf(reply, sizeof reply, "%d %s\r\n", code,
			    code == 250 ? "2.0.0 queued as 42" : code < 500 ?
			    "4.3.0 queue full, try later" :
			    "5.7.1 message refused");
			fake_write(&c, reply);
		} else if (strncasecmp(line, "QUIT", 4) == 0) {
			fake_write(&c, "221 bye\r\n");
			break;
		} else {
			pthread_mutex_lock(&F.lock);
			F.unknown++;
			pthread_mutex_unlock(&F.lock);
			fake_write(&c, "502 5.5.2 unknown command\r\n");
		}
	}
	close(fd);
}

static void *
fake_main(void *arg)
{
	struct pollfd	 pfd;
	int		 fd, stop;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&F.lock);
		stop = F.stop;
		pthread_mutex_unlock(&F.lock);
		if (stop)
			break;
		pfd.fd = F.lfd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		if ((fd = accept(F.lfd, NULL, NULL)) == -1)
			continue;
		pthread_mutex_lock(&F.lock);
		F.accepts++;
		pthread_mutex_unlock(&F.lock);
		fake_session(fd);
	}
	return NULL;
}

/* A listening socket on an ephemeral loopback port. */
static int
listen_any(int *port)
{
	struct sockaddr_in	 sin;
	socklen_t		 sl = sizeof sin;
	int			 fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    listen(fd, 8) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) == -1) {
		close(fd);
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

static int
setup(void **state)
{
	(void)state;
	memset(&F, 0, sizeof F);
	pthread_mutex_init(&F.lock, NULL);
	buf_init(&F.data, 0);
	F.rcpt_code = F.data_code = 250;
	if ((F.lfd = listen_any(&F.port)) == -1)
		return -1;
	return pthread_create(&F.thread, NULL, fake_main, NULL) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	pthread_mutex_lock(&F.lock);
	F.stop = 1;
	pthread_mutex_unlock(&F.lock);
	pthread_join(F.thread, NULL);
	close(F.lfd);
	buf_free(&F.data);
	pthread_mutex_destroy(&F.lock);
	return 0;
}

static int
get(int *field)
{
	int	 v;

	pthread_mutex_lock(&F.lock);
	v = *field;
	pthread_mutex_unlock(&F.lock);
	return v;
}

static void
set(int *field, int v)
{
	pthread_mutex_lock(&F.lock);
	*field = v;
	pthread_mutex_unlock(&F.lock);
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
	s = open_fake(F.port, CONFIG_TLS_NONE);
	/* Nothing is connected before the first send. */
	assert_int_equal(get(&F.accepts), 0);
	assert_int_equal(send1(s, &code, &cause), 0);
	assert_null(cause);
	assert_int_equal(code, 250);
	/* Copied out first: a failed assertion must not hold the lock. */
	pthread_mutex_lock(&F.lock);
	snprintf(from, sizeof from, "%s", F.from);
	snprintf(rcpt, sizeof rcpt, "%s", F.rcpt);
	data = xstrdup(F.data.data != NULL ? F.data.data : "");
	pthread_mutex_unlock(&F.lock);
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
	s = open_fake(F.port, CONFIG_TLS_NONE);
	for (i = 0; i < 3; i++) {
		assert_int_equal(send1(s, &code, &cause), 0);
		assert_int_equal(code, 250);
	}
	assert_int_equal(get(&F.mails), 3);
	assert_int_equal(get(&F.accepts), 1);
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
	s = open_fake(F.port, CONFIG_TLS_NONE);
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
	assert_int_equal(get(&F.mails), 3);
	assert_int_equal(get(&F.delivered), 2);
	assert_int_equal(get(&F.unknown), 0);
	assert_int_equal(get(&F.accepts), 2);
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
	s = open_fake(F.port, CONFIG_TLS_NONE);
	set(&F.rcpt_code, 451);
	assert_int_equal(send1(s, &code, &cause), 1);
	assert_int_equal(code, 451);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "451"));
	assert_non_null(strstr(cause, "mailbox busy"));
	free(cause);
	set(&F.rcpt_code, 250);
	set(&F.data_code, 452);
	assert_int_equal(send1(s, &code, &cause), 1);
	assert_int_equal(code, 452);
	assert_non_null(strstr(cause, "452"));
	free(cause);
	/* The session goes on after temporary failures. */
	set(&F.data_code, 250);
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
	s = open_fake(F.port, CONFIG_TLS_NONE);
	set(&F.rcpt_code, 550);
	assert_int_equal(send1(s, &code, &cause), -1);
	assert_int_equal(code, 550);
	assert_non_null(strstr(cause, "550"));
	assert_non_null(strstr(cause, "no such user"));
	free(cause);
	set(&F.rcpt_code, 250);
	set(&F.data_code, 554);
	assert_int_equal(send1(s, &code, &cause), -1);
	assert_int_equal(code, 554);
	assert_non_null(strstr(cause, "554"));
	free(cause);
	set(&F.data_code, 250);
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
	s = open_fake(F.port, CONFIG_TLS_NONE);
	assert_int_equal(send1(s, &code, &cause), 0);
	assert_int_equal(get(&F.accepts), 1);
	/* The server hangs up in the middle of the next transaction. */
	set(&F.drop_at_mail, 1);
	assert_int_equal(send1(s, &code, &cause), 1);
	assert_int_equal(code, 0);
	assert_non_null(cause);
	free(cause);
	/* The next send connects again. */
	assert_int_equal(send1(s, &code, &cause), 0);
	assert_int_equal(code, 250);
	assert_int_equal(get(&F.accepts), 2);
	assert_int_equal(send1(s, &code, &cause), 0);
	assert_int_equal(get(&F.accepts), 2);
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
	assert_true((fd = listen_any(&port)) != -1);
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
	s = open_fake(F.port, CONFIG_TLS_REQUIRED);
	assert_int_equal(send1(s, &code, &cause), SMTP_NOTLS);
	assert_int_equal(code, 0);
	assert_non_null(strstr(cause, "the server does not offer STARTTLS"));
	free(cause);
	smtp_close(&s);
	s = open_fake(F.port, CONFIG_TLS_REQUIRED);
	assert_int_equal(smtp_check(s, &cause), SMTP_NOTLS);
	assert_non_null(strstr(cause, "the server does not offer STARTTLS"));
	free(cause);
	assert_int_equal(get(&F.mails), 0);
	smtp_close(&s);
}

static struct smtp *
open_auth(const char *password)
{
	struct config_server	 cs;
	struct smtp		*s;
	char			*cause = NULL;

	memset(&cs, 0, sizeof cs);
	cs.url = xprintf("smtp://127.0.0.1:%d", F.port);
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
	set(&F.auth_code, 235);
	s = open_auth("s3cret");
	assert_int_equal(send1(s, &code, &cause), 0);
	pthread_mutex_lock(&F.lock);
	snprintf(auth, sizeof auth, "%s", F.auth);
	pthread_mutex_unlock(&F.lock);
	/* base64 of "\0sprints\0s3cret" */
	assert_string_equal(auth, "AHNwcmludHMAczNjcmV0");
	smtp_close(&s);

	/* A refused login is about the session, not the mail: temporary,
	 * code 0, so that the rest of the batch waits. */
	set(&F.auth_code, 535);
	s = open_auth("wrong");
	assert_int_equal(send1(s, &code, &cause), 1);
	assert_int_equal(code, 0);
	assert_non_null(cause);
	free(cause);
	assert_int_equal(get(&F.mails), 1);
	smtp_close(&s);

	/* smtp_check logs in and sends nothing; a refused login is -1. */
	set(&F.auth_code, 235);
	s = open_auth("s3cret");
	assert_int_equal(smtp_check(s, &cause), 0);
	smtp_close(&s);
	set(&F.auth_code, 535);
	s = open_auth("wrong");
	assert_int_equal(smtp_check(s, &cause), -1);
	assert_non_null(strstr(cause, "535"));
	free(cause);
	smtp_close(&s);
	assert_int_equal(get(&F.mails), 1);
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
	s = open_fake(F.port, CONFIG_TLS_NONE);
	cause = NULL;
	assert_int_equal(smtp_send(s, FROM, RCPT "\r\nRCPT TO:<x@example.org>",
	    msg, strlen(msg), &code, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(smtp_send(s, "a b@example.org", RCPT, msg,
	    strlen(msg), &code, &cause), -1);
	free(cause);
	assert_int_equal(get(&F.accepts), 0);
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
