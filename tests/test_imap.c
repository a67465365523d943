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

/* test_imap.c -- what imap.c decides before any server answers: URLs it
 * refuses, and a refused connection that names the host; and, against a
 * scripted server, a connection that ends inside a FETCH response. The
 * protocol is tested against a real Dovecot in itest_imap.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "imap.h"
#include "log.h"
#include "util.h"
#include "testlib.h"

static struct config_server *
server(const char *url, enum config_tls tls)
{
	static struct config_server	 cs;

	memset(&cs, 0, sizeof cs);
	cs.url = (char *)url;
	cs.user = (char *)"sprints";
	cs.tls = tls;
	return &cs;
}

static void
test_bad_urls(void **state)
{
	static const struct {
		const char	*url;
		const char	*expect;	/* in the cause */
	} cases[] = {
		{ "pop3://localhost/", "imaps:// or imap://" },
		{ "imap:///INBOX", "host" },
		{ "imap://", "host" },
		{ "imap://localhost:0/", "port" },
		{ "imap://localhost:70000/", "port" },
		{ "imap://localhost:12x/", "port" },
		{ "imap://localhost:/", "port" },
		{ "imap://user@localhost/", "host" },
		{ "imap://local host/", "host" },
		{ "imap://localhost/IN%0ABOX", "control character" },
		{ "imap://localhost/IN%zzBOX", "%-escape" },
		{ "imap://localhost/INBOX%", "%-escape" },
		{ "imap://localhost/INBOX?x=1", "not supported" },
		{ "imap://[::1/", "unclosed" },
		{ "imap://localhost#x", "unexpected" },
	};
	struct imap	*im = NULL;
	char		*cause = NULL;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		assert_int_equal(imap_connect(server(cases[i].url,
		    CONFIG_TLS_NONE), "secret", &im, &cause), -1);
		assert_null(im);
		assert_non_null(cause);
		if (strstr(cause, cases[i].expect) == NULL)
			fail_msg("%s: cause \"%s\" lacks \"%s\"", cases[i].url,
			    cause, cases[i].expect);
		assert_null(strstr(cause, "secret"));
		free(cause);
		cause = NULL;
	}
}

static void
test_long_mailbox(void **state)
{
	struct imap	*im = NULL;
	char		*url, *cause = NULL, mb[600];

	(void)state;
	memset(mb, 'a', sizeof mb - 1);
	mb[sizeof mb - 1] = '\0';
	url = xprintf("imap://localhost/%s", mb);
	assert_int_equal(imap_connect(server(url, CONFIG_TLS_NONE), NULL, &im,
	    &cause), -1);
	assert_non_null(strstr(cause, "too long"));
	free(cause);
	free(url);
}

static void
test_connection_refused(void **state)
{
	struct imap	*im = NULL;
	char		*cause = NULL;

	(void)state;
	/* Port 1 on loopback: nothing listens there. */
	assert_int_equal(imap_connect(server("imap://127.0.0.1:1/INBOX",
	    CONFIG_TLS_NONE), "secret", &im, &cause), -1);
	assert_null(im);
	assert_non_null(strstr(cause, "127.0.0.1:1"));
	assert_null(strstr(cause, "secret"));
	free(cause);
	assert_int_equal(imap_connect(server("imaps://127.0.0.1:1/",
	    CONFIG_TLS_REQUIRED), "secret", &im, &cause), -1);
	assert_non_null(strstr(cause, "127.0.0.1:1"));
	free(cause);
}

/*
 * A scripted server, in a child: greets, takes LOGIN and EXAMINE, and
 * answers the first UID FETCH with the start of a 4,000-byte literal,
 * then closes the connection. Returns the port.
 */
static int
cut_server(pid_t *pid)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof sin;
	int			 s, c;
	FILE			*f;
	char			 line[1024], tag[64];

	assert_true((s = socket(AF_INET, SOCK_STREAM, 0)) != -1);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(listen(s, 1), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&sin, &len), 0);
	if ((*pid = fork()) != 0) {
		close(s);
		return ntohs(sin.sin_port);
	}
	if ((c = accept(s, NULL, NULL)) == -1 || (f = fdopen(c, "r+")) == NULL)
		_exit(1);
	setvbuf(f, NULL, _IONBF, 0);
	fputs("* OK [CAPABILITY IMAP4rev1] ready\r\n", f);
	while (fgets(line, sizeof line, f) != NULL &&
	    testlib_word(line, 0, tag, sizeof tag) == 0) {
		if (strstr(line, "UID FETCH") != NULL) {
			fputs("* 1 FETCH (UID 1 BODY[] {4000}\r\n"
			    "From: a@example.org\r\n", f);
			break;
		} else if (strstr(line, "EXAMINE") != NULL)
			fprintf(f, "* 1 EXISTS\r\n* OK [UIDVALIDITY 7] v\r\n"
			    "* OK [UIDNEXT 2] n\r\n%s OK [READ-ONLY] done\r\n",
			    tag);
		else if (strstr(line, "CAPABILITY") != NULL)
			fprintf(f, "* CAPABILITY IMAP4rev1\r\n%s OK done\r\n",
			    tag);
		else
			fprintf(f, "%s OK done\r\n", tag);
	}
	fclose(f);
	_exit(0);
}

/* A server that goes away inside a message body fails the fetch: it
 * neither hangs nor spins (the alarm ends the test if it does). */
static void
test_cut_inside_literal(void **state)
{
	struct imap		*im = NULL;
	struct imap_body	 body;
	uint32_t		 uid = 1, validity, next;
	char			*cause = NULL, url[64];
	pid_t			 pid;
	int			 status;

	(void)state;
	snprintf(url, sizeof url, "imap://127.0.0.1:%d/INBOX",
	    cut_server(&pid));
	alarm(20);
	assert_int_equal(imap_connect(server(url, CONFIG_TLS_NONE), "secret",
	    &im, &cause), 0);
	assert_int_equal(imap_select(im, &validity, &next, &cause), 0);
	assert_int_equal(validity, 7);
	assert_int_equal(imap_fetch_bodies(im, &uid, 1, &body, &cause), -1);
	alarm(0);
	assert_non_null(cause);
	free(cause);
	imap_close(&im);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_urls),
		cmocka_unit_test(test_long_mailbox),
		cmocka_unit_test(test_connection_refused),
		cmocka_unit_test(test_cut_inside_literal),
	};

	signal(SIGPIPE, SIG_IGN);
	log_init("test_imap", LOG_LEVEL_ERROR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
