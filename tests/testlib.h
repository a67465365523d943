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
 * testlib.h -- the unit tests' fixtures, so that no test pastes another's
 * setup: the group's temporary directory, paths in the source tree,
 * sprints built from a few parameters, a store with a sprint, one-value
 * queries, and one fake SMTP server.
 */
#ifndef SPRINTD_TESTLIB_H
#define SPRINTD_TESTLIB_H

#include <pthread.h>
#include <stddef.h>

#include "sprint.h"
#include "store.h"
#include "util.h"

/* A path under the source tree ($top_srcdir, else "."); caller frees. */
char *testlib_src_path(const char *rel);
/*
 * The names of the files NAME.ext in the directory rel of the source tree
 * (tests/data/...), without the .ext, sorted, in *n; a table-driven test
 * runs every case there is. Free with testlib_names_free.
 */
char **testlib_data_names(const char *rel, const char *ext, size_t *n);
void testlib_names_free(char **, size_t);
/* Makes the directory of a mkdtemp template and points SPRINTD_TEMPLATES
 * at the source tree's templates unless it is set: 0 or -1. */
int testlib_mkdtemp(char *tmpl);
/* Removes a directory and all in it: 0 or -1. */
int testlib_rmtree(const char *dir);

/*
 * A group's setup and teardown (cmocka_run_group_tests): a temporary
 * directory of its own, named after the program, made and removed with
 * all in it. testlib_dir names it; testlib_tmp returns a new path in it,
 * "<dir>/<prefix><n><suffix>", n counting up (caller frees).
 */
int testlib_setup_group(void **state);
int testlib_teardown_group(void **state);
const char *testlib_dir(void);
char *testlib_tmp(const char *prefix, const char *suffix);

/*
 * A sprint file built from a few parameters: NULL (or 0) takes the
 * default, the demo's sprint (leysin-2027, "PyPy Leysin Winter Sprint
 * 2027", 2027-01-08 to 2027-01-14, break day 2027-01-11 (NULL "" for
 * none), Europe/Zurich, Leysin, capacity 5, one list, one organizer);
 * extra is more keys, appended as they are (a venue, questions).
 */
struct testlib_sprint {
	const char	*slug;
	const char	*name;
	const char	*start;
	const char	*end;
	const char	*break_day;
	const char	*timezone;
	const char	*location;
	int		 capacity;
	const char	*extra;
};
/* Its YAML (caller frees). */
char *testlib_sprint_yaml(const struct testlib_sprint *);
/* It loaded (NULL spec: all defaults); the test fails when it does not
 * load. */
struct sprint *testlib_sprint_new(const struct testlib_sprint *);

/* A sprint file under the source tree (tests/data/...) loaded; the test
 * fails when it does not load. */
struct sprint *testlib_sprint_file(const char *rel);

/*
 * A store with a sprint: a new database in the group's directory (*db its
 * path when db is not NULL, caller frees), and the sprint s (NULL: the
 * default testlib_sprint_new(NULL)) added as sprintctl sprint add adds
 * it, with plan its jobs planned too: *st, *sprint_id (when not NULL),
 * and the sprint in *sp (the caller frees it with sprint_free, or NULL:
 * freed here). The test fails on an error.
 */
void testlib_store_sprint(struct sprint *s, int plan, struct store **st,
    struct sprint **sp, int64_t *sprint_id, char **db);

/* Registers email (name; a newcomer or not) for the sprint, staying
 * 2027-01-07 to 2027-01-14, every field given, as the daemon does; the
 * person's id. The test fails on an error. */
int64_t testlib_register(struct store *, int64_t sprint_id, int capacity,
    const char *email, const char *name, int newcomer);
/* The same staying from arrive to depart (ISO; NULL: "?"), with funding
 * asked or not. */
int64_t testlib_register_stay(struct store *, int64_t sprint_id,
    int capacity, const char *email, const char *name, int newcomer,
    const char *arrive, const char *depart, int funding);

/*
 * A registration in memory, as the store would give it: name, ISO dates
 * (NULL: "?"), local, accommodation; 'registered', newcomer and funding
 * unknown (-1), every other field empty. The strings are borrowed.
 */
struct registry_reg;
struct registry_reg testlib_reg(const char *name, const char *arrive,
    const char *depart, int local, const char *acc);

struct compose;
struct config;
/* The tests' sprintd: cfg's from and list_address set (to "PyPy sprints
 * <sprints@example.org>" and pypy-sprint@example.org) unless they are,
 * and a compose on it; the test fails when it cannot be made. */
struct compose *testlib_compose(struct config *cfg);
#include "config.h"
/*
 * The tests' sprintd on a store with a sprint: testlib_env_new sets
 * SPRINTD_NOW to now (when not NULL), makes the store with s (NULL: the
 * default sprint; plan: its jobs planned, as testlib_store_sprint does),
 * and a config (digest_hour 8) and compose on it. testlib_env_free
 * undoes it all and unsets SPRINTD_NOW. The test fails on an error.
 */
struct testlib_env {
	struct store	*st;
	struct sprint	*s;
	struct config	 cfg;
	struct compose	*c;
	int64_t		 sprint_id;
};
struct testlib_env *testlib_env_new(const char *now, struct sprint *s,
    int plan);
void testlib_env_free(struct testlib_env **);

/* The first column of the first row as a number, -1 without a row; the
 * test fails when the query does not prepare. */
long long testlib_query_int(struct store *, const char *sql);
/* The same as a new string, NULL without a row or for SQL NULL. */
char *testlib_query_text(struct store *, const char *sql);

/* Copies the n-th blank-separated word of line (from 0) into out, cut to
 * size - 1 bytes as scanf's "%<size-1>s" would: 0, or -1 without one. */
int testlib_word(const char *line, int n, char *out, size_t size);

/*
 * The fake SMTP server (smtpd.c), one for all tests, in a thread on an
 * ephemeral loopback port: its script (the reply codes, whether it offers
 * STARTTLS and AUTH, a dropped connection) and what it saw, every field
 * under the lock. testlib_smtpd_start: 0 (replies 250, port set) or -1.
 */
struct testlib_smtpd {
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
	int		 rcpt_by_address; /* 451 for "busy", 550 for "bad" */
	int		 data_code;	/* reply after the data */
	int		 drop_at_mail;	/* close, unanswered, at next MAIL */
	int		 starttls;	/* advertise STARTTLS */
	int		 auth_code;	/* 0: no AUTH; else reply to AUTH */
	char		 auth[256];	/* the AUTH PLAIN response, base64 */
	char		 from[256];
	char		 rcpt[256];
	struct buf	 data;		/* the last message, un-dot-stuffed */
};
extern struct testlib_smtpd testlib_smtpd;
int testlib_smtpd_start(void);
void testlib_smtpd_stop(void);
/* A socket listening on an ephemeral loopback port (*port), or -1. */
int testlib_listen(int *port);

#endif
