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

/* test_config.c -- sprintd.yaml: the good case and every error path, each
 * with the message it gives. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "util.h"
#include "testlib.h"


static void
write_file(const char *name, const char *text, mode_t mode)
{
	char	*path = xprintf("%s/%s", testlib_dir(), name);
	FILE	*f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
	free(path);
}

/* A good config; each bad case replaces one line of it ("@/" = dir/). */
static const char *good_lines[] = {
	"database: @/sprintd.db\n",			/* 1 */
	"list_address: pypy-sprint@example.org\n",	/* 2 */
	"from: \"PyPy sprints <sprints@example.org>\"\n", /* 3 */
	"imap:\n",					/* 4 */
	"  url: imaps://mail.example.org/INBOX\n",	/* 5 */
	"  user: sprints\n",				/* 6 */
	"  password_file: @/imap.pw\n",			/* 7 */
	"  tls: required\n",				/* 8 */
	"smtp:\n",					/* 9 */
	"  url: smtp://mail.example.org:587\n",		/* 10 */
	"  user: sprints\n",				/* 11 */
	"  password_file: @/smtp.pw\n",			/* 12 */
	"  tls: required\n",				/* 13 */
};

static char *
make_config(int line, const char *replacement)
{
	struct buf	 b;
	size_t		 i;
	const char	*p;

	buf_init(&b, 0);
	for (i = 0; i < nitems(good_lines); i++) {
		const char	*src = (int)i + 1 == line ? replacement :
		    good_lines[i];

		for (p = src; *p; p++) {
			if (p[0] == '@' && p[1] == '/')
				buf_addstr(&b, testlib_dir());
			else
				buf_addch(&b, *p);
		}
	}
	write_file("sprintd.yaml", b.data, 0644);
	buf_free(&b);
	return xprintf("%s/sprintd.yaml", testlib_dir());
}

static int
setup(void **state)
{
	if (testlib_setup_group(state) == -1)
		return -1;
	write_file("imap.pw", "imap-secret\n", 0600);
	write_file("smtp.pw", "smtp-secret", 0600);
	write_file("open.pw", "secret\n", 0644);
	write_file("empty.pw", "\n", 0600);
	return 0;
}

static int
teardown(void **state)
{
	return testlib_teardown_group(state);
}

static void
test_good(void **state)
{
	struct config	*c = NULL;
	char		*path = make_config(0, NULL), *cause = NULL, *pw = NULL;

	(void)state;
	if (config_load(path, &c, &cause) != 0)
		fail_msg("%s", cause);
	assert_string_equal(c->list_address, "pypy-sprint@example.org");
	assert_string_equal(c->from, "PyPy sprints <sprints@example.org>");
	assert_string_equal(c->imap.url, "imaps://mail.example.org/INBOX");
	assert_int_equal(c->imap.tls, CONFIG_TLS_REQUIRED);
	assert_string_equal(c->smtp.user, "sprints");
	assert_string_equal(c->log_level, "info");
	assert_int_equal(c->poll_interval, 60);
	assert_int_equal(config_read_password(&c->imap, &pw, &cause), 0);
	assert_string_equal(pw, "imap-secret");
	free(pw);
	assert_int_equal(config_read_password(&c->smtp, &pw, &cause), 0);
	assert_string_equal(pw, "smtp-secret");
	free(pw);
	config_free(&c);
	assert_null(c);
	free(path);
}

static void
test_relay_without_login(void **state)
{
	struct config	*c = NULL;
	char		*path, *cause = NULL, *pw = NULL;

	(void)state;
	/* Lines 11-13 (smtp user, password_file, tls) become one. */
	good_lines[11] = "";
	good_lines[12] = "";
	path = make_config(11, "  tls: none\n");
	good_lines[11] = "  password_file: @/smtp.pw\n";
	good_lines[12] = "  tls: required\n";
	if (config_load(path, &c, &cause) != 0)
		fail_msg("%s", cause);
	assert_null(c->smtp.user);
	assert_null(c->smtp.password_file);
	assert_int_equal(c->smtp.tls, CONFIG_TLS_NONE);
	assert_int_equal(c->imap.tls, CONFIG_TLS_REQUIRED);
	assert_int_equal(config_read_password(&c->smtp, &pw, &cause), 1);
	assert_null(pw);
	config_free(&c);
	free(path);
}

static const struct {
	int		 line;		/* of good_lines to replace, 0: none */
	const char	*text;
	const char	*expect;	/* after "<dir>/sprintd.yaml" */
} bad[] = {
	{ 1, "databse: x.db\n", ":1: databse: unknown key: did you mean "
	    "`database`?" },
	{ 2, "list_adress: pypy-sprint@example.org\n", ":2: list_adress: "
	    "unknown key: did you mean `list_address`?" },
	{ 2, "colour: blue\n", ":2: colour: unknown key" },
	{ 6, "\tuser: sprints\n", ":6: a tab: YAML indents with spaces "
	    "only" },
	{ 1, "poll_interval: 30\n", ":1: database: missing (required key)" },
	{ 1, "database: [a, b]\n", ":1: database: expected a string" },
	{ 1, "database: \"\"\n", ":1: database: must not be empty" },
	{ 2, "list_address: pypy-sprint\n", ":2: list_address: "
	    "\"pypy-sprint\": not a mail address: expected local@domain" },
	{ 2, "log_level: loud\n", ":2: log_level: \"loud\": expected error, "
	    "warn, info or debug" },
	{ 2, "poll_interval: fast\n", ":2: poll_interval: \"fast\" is not a "
	    "whole number" },
	{ 2, "poll_interval: 0\n", ":2: poll_interval: \"0\": must be a "
	    "positive number" },
	{ 2, "replies_per_day: -3\n", ":2: replies_per_day: \"-3\": must be "
	    "a positive number" },
	{ 2, "public_url: ftp://sprints.example.org/\n", ":2: public_url: "
	    "\"ftp://sprints.example.org/\": expected an http:// or https:// "
	    "address" },
	{ 2, "public_url: \"https://x.example/<a>\"\n", ":2: public_url: "
	    "\"https://x.example/<a>\": expected an address without spaces" },
	{ 3, "from: \"PyPy <sprints@example>\"\n", ":3: from: \"PyPy "
	    "<sprints@example>\": expected \"Name <local@domain>\" with a "
	    "valid address" },
	{ 3, "from: \"PyPy <sprints@example.org\"\n", ":3: from: \"PyPy "
	    "<sprints@example.org\": expected \"Name <local@domain>\"" },
	{ 13, "  tls: required\nlog_level: [debug]\n", ":14: log_level: "
	    "expected a string" },
	{ 5, "  url: https://mail.example.org/\n", ":5: imap.url: "
	    "\"https://mail.example.org/\": expected imaps://" },
	{ 5, "  url: imaps:///INBOX\n", ":5: imap.url: \"imaps:///INBOX\": "
	    "the URL has no host" },
	{ 5, "  uri: imaps://mail.example.org/\n", ":5: imap.uri: unknown "
	    "key" },
	{ 6, "  tls: none\n", ":8: imap.tls: given twice" },
	{ 8, "  tls: optional\n", ":8: imap.tls: \"optional\": expected "
	    "\"required\" or \"none\"" },
	{ 10, "  url: smtp:mail.example.org\n", ":10: smtp.url: "
	    "\"smtp:mail.example.org\": expected smtps://HOST[:PORT] or "
	    "smtp://HOST[:PORT]" },
	{ 12, "  tls: required\n", ":13: smtp.tls: given twice" },
	{ 7, "  ca_file: x\n", ":5: imap.password_file: missing (required "
	    "key)" },
	{ 1, "database: x.db\n  bad indent: [\n", ":2: YAML syntax error" },
	{ 11, "  ca_file: x\n", ":1: smtp: user and password_file go "
	    "together: give both or neither" },
};

static void
test_bad(void **state)
{
	struct config	*c;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(bad); i++) {
		char	*path = make_config(bad[i].line, bad[i].text);
		char	*cause = NULL, *want = xprintf("%s%s", path,
		    bad[i].expect);

		c = NULL;
		if (config_load(path, &c, &cause) != -1)
			fail_msg("case %zu (%s) was accepted", i, bad[i].text);
		assert_null(c);
		/* Nothing near: no suggestion at all. */
		if (strcmp(bad[i].text, "colour: blue\n") == 0)
			assert_string_equal(cause, want);
		if (strncmp(cause, want, strlen(want)) != 0)
			fail_msg("case %zu:\n got  %s\n want %s...", i, cause,
			    want);
		free(cause);
		free(want);
		free(path);
	}
}

/* Password files are the daemon's: config_load leaves them alone (sprintctl
 * needs none), config_check_passwords names file, key and problem. */
static void
test_passwords(void **state)
{
	static const struct {
		const char	*line;
		const char	*expect;	/* after "<dir>/sprintd.yaml" */
	} cases[] = {
		{ "  password_file: @/open.pw\n", ": smtp.password_file: "
		    "@/open.pw: readable by group or others (mode 0644); run: "
		    "chmod 600 @/open.pw" },
		{ "  password_file: @/missing.pw\n", ": smtp.password_file: "
		    "@/missing.pw: No such file or directory" },
		{ "  password_file: @/smtp.pw\n", NULL },
	};
	struct config	*c;
	size_t		 i;
	char		*cause, *path, *want, *p;
	struct buf	 b;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		path = make_config(12, cases[i].line);
		c = NULL;
		cause = NULL;
		if (config_load(path, &c, &cause) != 0)
			fail_msg("case %zu: %s", i, cause);
		if (cases[i].expect == NULL) {
			assert_int_equal(config_check_passwords(c, &cause), 0);
		} else {
			assert_int_equal(config_check_passwords(c, &cause), -1);
			buf_init(&b, 0);
			buf_addstr(&b, path);
			for (p = (char *)cases[i].expect; *p != '\0'; p++) {
				if (*p == '@')
					buf_addstr(&b, testlib_dir());
				else
					buf_add(&b, p, 1);
			}
			want = buf_steal(&b, NULL);
			assert_string_equal(cause, want);
			free(want);
			free(cause);
		}
		config_free(&c);
		free(path);
	}
}

/* The messages for password files say what is wrong and how to fix it. */
static void
test_secret_files(void **state)
{
	struct config_server	 srv;
	char			*cause = NULL, *pw = NULL;
	char			*open_pw = xprintf("%s/open.pw", testlib_dir());
	char			*empty_pw;
	char			*want;

	empty_pw = xprintf("%s/empty.pw", testlib_dir());
	(void)state;
	assert_int_equal(config_check_secret_file(open_pw, &cause), -1);
	want = xprintf("%s: readable by group or others (mode 0644); run: "
	    "chmod 600 %s", open_pw, open_pw);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	assert_int_equal(config_check_secret_file(testlib_dir(), &cause), -1);
	assert_non_null(strstr(cause, "not a regular file"));
	free(cause);
	assert_int_equal(config_check_secret_file("/nonexistent/pw", &cause),
	    -1);
	assert_string_equal(cause, "/nonexistent/pw: No such file or "
	    "directory");
	free(cause);
	memset(&srv, 0, sizeof srv);
	srv.password_file = empty_pw;
	assert_int_equal(config_read_password(&srv, &pw, &cause), -1);
	want = xprintf("%s: the file is empty", empty_pw);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	free(open_pw);
	free(empty_pw);
}

static void
test_missing_file(void **state)
{
	struct config	*c = NULL;
	char		*cause = NULL;

	(void)state;
	assert_int_equal(config_load("/nonexistent/sprintd.yaml", &c, &cause),
	    -1);
	assert_string_equal(cause, "/nonexistent/sprintd.yaml: No such file "
	    "or directory");
	free(cause);
	write_file("empty.yaml", "# nothing\n", 0644);
	{
		char	*p = xprintf("%s/empty.yaml", testlib_dir());

		assert_int_equal(config_load(p, &c, &cause), -1);
		assert_non_null(strstr(cause, "empty.yaml:1: the file is "
		    "empty"));
		free(cause);
		free(p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_relay_without_login),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_secret_files),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
