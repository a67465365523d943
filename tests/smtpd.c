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
 * smtpd.c -- the one fake SMTP server of the unit tests (test_smtp,
 * test_outbox): a thread on a loopback port that follows a script of
 * replies and records what it was sent. Integration tests use real
 * servers (tests/harness).
 */
#include "config-auto.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util.h"
#include "testlib.h"


struct testlib_smtpd	 testlib_smtpd;
#define F testlib_smtpd

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
			if (F.rcpt_by_address && strstr(line, "busy") != NULL)
				code = 451;
			else if (F.rcpt_by_address &&
			    strstr(line, "bad") != NULL)
				code = 550;
			snprintf(F.rcpt, sizeof F.rcpt, "%.*s",
			    (int)strcspn(line + 8, "\r\n"), line + 8);
			pthread_mutex_unlock(&F.lock);
			snprintf(reply, sizeof reply, "%d %s\r\n", code,
			    code == 250 ? "2.1.5 ok" : code < 500 ?
			    "4.3.0 mailbox busy, try later" :
			    "5.1.1 no such user");
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

int
testlib_listen(int *port)
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

int
testlib_smtpd_start(void)
{
	memset(&F, 0, sizeof F);
	pthread_mutex_init(&F.lock, NULL);
	buf_init(&F.data, 0);
	F.rcpt_code = F.data_code = 250;
	if ((F.lfd = testlib_listen(&F.port)) == -1)
		return -1;
	return pthread_create(&F.thread, NULL, fake_main, NULL) == 0 ? 0 : -1;
}

void
testlib_smtpd_stop(void)
{
	pthread_mutex_lock(&F.lock);
	F.stop = 1;
	pthread_mutex_unlock(&F.lock);
	pthread_join(F.thread, NULL);
	close(F.lfd);
	buf_free(&F.data);
	pthread_mutex_destroy(&F.lock);
}
