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

/* testlib.c -- the unit tests' fixtures (see testlib.h). */
#include "config-auto.h"

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compose.h"
#include "config.h"
#include "dates.h"
#include "outbox.h"
#include "parse.h"
#include "registry.h"
#include "registry.h"
#include "schedule.h"
#include "testlib.h"
#include "util.h"

char *
testlib_src_path(const char *rel)
{
	const char	*top = getenv("top_srcdir");

	return xprintf("%s/%s", top ? top : ".", rel);
}

static int
testlib_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
testlib_data_names(const char *rel, const char *ext, size_t *n)
{
	char		*dir = testlib_src_path(rel), **names = NULL;
	size_t		 len, elen = strlen(ext);
	DIR		*d;
	struct dirent	*de;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		fail_msg("%s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len > elen + 1 && de->d_name[len - elen - 1] == '.' &&
		    strcmp(de->d_name + len - elen, ext) == 0) {
			names = xreallocarray(names, *n + 1, sizeof *names);
			names[(*n)++] = xstrndup(de->d_name, len - elen - 1);
		}
	}
	closedir(d);
	free(dir);
	if (*n > 0)
		qsort(names, *n, sizeof *names, testlib_cmp_names);
	return names;
}

void
testlib_names_free(char **names, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int
testlib_mkdtemp(char *tmpl)
{
	char	*t;

	if (mkdtemp(tmpl) == NULL)
		return -1;
	/* make check sets it; by hand, the source tree's templates. */
	if (getenv("SPRINTD_TEMPLATES") == NULL) {
		t = testlib_src_path("templates");
		setenv("SPRINTD_TEMPLATES", t, 1);
		free(t);
	}
	return 0;
}

int
testlib_rmtree(const char *dir)
{
	char	*cmd = xprintf("rm -rf '%s'", dir);
	int	 r = system(cmd);

	free(cmd);
	return r == 0 ? 0 : -1;
}

static char	 testlib_tmpdir[256];
static int	 testlib_seq;

/* Tests are the daemon here: they queue mail under a key of their own. */
static void
testlib_outbox_key(void)
{
	static const unsigned char key[32] = "the tests' own outbox key";

	outbox_key_set(key, sizeof key);
}

int
testlib_setup_group(void **state)
{
	const char	*tmp = getenv("TMPDIR");

	(void)state;
	testlib_outbox_key();
	snprintf(testlib_tmpdir, sizeof testlib_tmpdir,
	    "%s/sprintd-%s-XXXXXX", tmp != NULL && *tmp != '\0' ? tmp : "/tmp",
	    program_invocation_short_name);
	return testlib_mkdtemp(testlib_tmpdir);
}

int
testlib_teardown_group(void **state)
{
	(void)state;
	return testlib_rmtree(testlib_tmpdir);
}

const char *
testlib_dir(void)
{
	return testlib_tmpdir;
}

char *
testlib_tmp(const char *prefix, const char *suffix)
{
	return xprintf("%s/%s%d%s", testlib_tmpdir, prefix, ++testlib_seq,
	    suffix);
}

char *
testlib_sprint_yaml(const struct testlib_sprint *p)
{
	static const struct testlib_sprint	 none;
	const char				*brk;
	char					*b = NULL, *yaml;

	if (p == NULL)
		p = &none;
	brk = p->break_day != NULL ? p->break_day : "2027-01-11";
	if (*brk != '\0')
		b = xprintf("break_day: %s\n", brk);
	yaml = xprintf("slug: %s\nname: %s\nstart: %s\nend: %s\n%s"
	    "timezone: %s\ncapacity: %d\nlocation: %s\n"
	    "announce_to: [pypy-dev@example.org]\n"
	    "organizers: [{name: O, email: o@example.org}]\n%s",
	    p->slug != NULL ? p->slug : "leysin-2027",
	    p->name != NULL ? p->name : "PyPy Leysin Winter Sprint 2027",
	    p->start != NULL ? p->start : "2027-01-08",
	    p->end != NULL ? p->end : "2027-01-14", b != NULL ? b : "",
	    p->timezone != NULL ? p->timezone : "Europe/Zurich",
	    p->capacity > 0 ? p->capacity : 5,
	    p->location != NULL ? p->location : "Leysin",
	    p->extra != NULL ? p->extra : "");
	free(b);
	return yaml;
}

struct sprint *
testlib_sprint_new(const struct testlib_sprint *p)
{
	struct sprint	*s = NULL;
	char		*yaml = testlib_sprint_yaml(p), *cause = NULL;

	if (sprint_load_string("t.yaml", yaml, strlen(yaml), &s, &cause) != 0)
		fail_msg("testlib_sprint_new: %s\n%s", cause, yaml);
	free(yaml);
	return s;
}

struct sprint *
testlib_sprint_file(const char *rel)
{
	struct sprint	*s = NULL;
	char		*path = testlib_src_path(rel), *cause = NULL;

	if (sprint_load_file(path, &s, &cause) != 0)
		fail_msg("testlib_sprint_file: %s", cause);
	free(path);
	return s;
}

void
testlib_store_sprint(struct sprint *s, int plan, struct store **st,
    struct sprint **sp, int64_t *sprint_id, char **db)
{
	char	*path = testlib_tmp("db", ".sqlite"), *cause = NULL;
	int64_t	 id;
	int	 created;

	testlib_outbox_key();
	if (s == NULL)
		s = testlib_sprint_new(NULL);
	if (store_open(path, st, &cause) != 0 ||
	    registry_sprint_put(*st, s, "t.yaml", &id, &created,
	    &cause) != 0 ||
	    (plan && schedule_plan(*st, id, s, &cause) != 0))
		fail_msg("testlib_store_sprint: %s", cause);
	if (sprint_id != NULL)
		*sprint_id = id;
	if (sp != NULL)
		*sp = s;
	else
		sprint_free(&s);
	if (db != NULL)
		*db = path;
	else
		free(path);
}

int64_t
testlib_register_stay(struct store *st, int64_t sprint_id, int capacity,
    const char *email, const char *name, int newcomer, const char *arrive,
    const char *depart, int funding)
{
	struct parse_result	 res;
	struct registry_reg	 out;
	enum registry_change	 change;
	char			*cause = NULL;
	int64_t			 pid;

	memset(&res, 0, sizeof res);
	res.kind = PARSE_REGISTRATION;
	res.from = (char *)email;
	res.name = (char *)name;
	res.arrive_state = arrive != NULL ? DATES_KNOWN : DATES_UNKNOWN;
	res.depart_state = depart != NULL ? DATES_KNOWN : DATES_UNKNOWN;
	if ((arrive != NULL && dates_parse_iso(arrive, &res.arrive) != 0) ||
	    (depart != NULL && dates_parse_iso(depart, &res.depart) != 0))
		fail_msg("testlib_register_stay: %s to %s", arrive, depart);
	res.newcomer = newcomer ? PARSE_YES : PARSE_NO;
	res.funding = funding ? PARSE_YES : PARSE_NO;
	res.given = PARSE_HAS_ALL;
	if (registry_person(st, email, name, &pid, &cause) != 0 ||
	    registry_register(st, sprint_id, capacity, pid, 0, &res, &change,
	    &out, &cause) != 0)
		fail_msg("%s", cause);
	registry_reg_clear(&out);
	return pid;
}

int64_t
testlib_register(struct store *st, int64_t sprint_id, int capacity,
    const char *email, const char *name, int newcomer)
{
	return testlib_register_stay(st, sprint_id, capacity, email, name,
	    newcomer, "2027-01-07", "2027-01-14", 0);
}

struct compose *
testlib_compose(struct config *cfg)
{
	struct compose	*c = NULL;
	char		*cause = NULL;

	testlib_outbox_key();
	if (cfg->from == NULL)
		cfg->from = "PyPy sprints <sprints@example.org>";
	if (cfg->list_address == NULL)
		cfg->list_address = "pypy-sprint@example.org";
	if (compose_init(cfg, &c, &cause) != 0)
		fail_msg("compose_init: %s", cause);
	return c;
}

struct testlib_env *
testlib_env_new(const char *now, struct sprint *s, int plan)
{
	struct testlib_env	*e = xcalloc(1, sizeof *e);

	if (now != NULL)
		setenv("SPRINTD_NOW", now, 1);
	testlib_store_sprint(s, plan, &e->st, &e->s, &e->sprint_id, NULL);
	e->cfg.digest_hour = 8;
	e->c = testlib_compose(&e->cfg);
	return e;
}

void
testlib_env_free(struct testlib_env **ep)
{
	struct testlib_env	*e = *ep;

	if (e == NULL)
		return;
	compose_free(&e->c);
	sprint_free(&e->s);
	store_close(&e->st);
	free(e);
	*ep = NULL;
	unsetenv("SPRINTD_NOW");
}

long long
testlib_query_int(struct store *st, const char *sql)
{
	sqlite3_stmt	*stmt;
	long long	 v = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL),
	    SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

struct registry_reg
testlib_reg(const char *name, const char *arrive, const char *depart,
    int local, const char *acc)
{
	struct registry_reg	 r;

	memset(&r, 0, sizeof r);
	r.name = (char *)name;
	r.status = (char *)"registered";
	r.arrive = (char *)arrive;
	r.depart = (char *)depart;
	r.local = local;
	r.accommodation = (char *)acc;
	r.newcomer = r.funding = -1;
	return r;
}

char *
testlib_query_text(struct store *st, const char *sql)
{
	sqlite3_stmt	*stmt;
	char		*v = NULL;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL),
	    SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = store_column_dup(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

int
testlib_word(const char *line, int n, char *out, size_t size)
{
	size_t	 len;

	for (;;) {
		line += strspn(line, " \t\r\n\v\f");
		if (*line == '\0')
			return -1;
		len = strcspn(line, " \t\r\n\v\f");
		if (n-- == 0)
			break;
		line += len;
	}
	if (len >= size)
		len = size - 1;
	memcpy(out, line, len);
	out[len] = '\0';
	return 0;
}
