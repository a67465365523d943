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

/* test_store.c -- opening, migrations (empty, older, newer), the sprint
 * registry round trip. */
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
#include <pwd.h>
#include <unistd.h>

#include "registry.h"
#include "store.h"
#include "util.h"
#include "testlib.h"


static char *
new_db(void)
{
	return testlib_tmp("db", ".sqlite");
}

static void
test_migrations_table(void **state)
{
	int	 i;

	(void)state;
	/* Versions run 1, 2, ... without gaps, so none is ever skipped. */
	for (i = 0; store_migrations[i].name != NULL; i++)
		assert_int_equal(store_migrations[i].version, i + 1);
	assert_true(i >= 2);
	assert_int_equal(store_schema_version(), i);
}

/*
 * Relaxed commits: synchronous is NORMAL while on, FULL again after, and
 * what was committed is there for another connection. Making them durable
 * fails, saying so, while the store cannot write (the fault hook), and
 * works once it can.
 */
static void
test_relaxed(void **state)
{
	struct store	*st = NULL, *other = NULL;
	char		*path = new_db(), *fault, *cause = NULL;
	int		 i, fd;

	(void)state;
	fault = xprintf("%s/fault-relaxed", testlib_dir());
	setenv("SPRINTD_FAULT_FILE", fault, 1);
	if (store_open(path, &st, &cause) != 0)
		fail_msg("%s", cause);
	/* Nothing written yet: nothing to make durable. */
	assert_int_equal(store_relaxed(st, 1, &cause), 0);
	assert_int_equal(testlib_query_int(st, "PRAGMA synchronous"), 1);
	assert_int_equal(store_relaxed(st, 0, &cause), 0);
	assert_int_equal(testlib_query_int(st, "PRAGMA synchronous"), 2);

	assert_int_equal(store_relaxed(st, 1, &cause), 0);
	for (i = 1; i <= 3; i++) {
		char	*sql = xprintf("INSERT INTO mailboxes (name, "
		    "uidvalidity, last_uid) VALUES ('box%d', 1, %d)", i, i);

		if (store_exec(st, sql, &cause) != 0)
			fail_msg("%s", cause);
		free(sql);
	}
	assert_true((fd = open(fault, O_CREAT | O_WRONLY, 0600)) != -1);
	close(fd);
	assert_int_equal(store_relaxed(st, 0, &cause), -1);
	assert_non_null(strstr(cause, "syncing the WAL"));
	xfree(&cause);
	unlink(fault);
	assert_int_equal(store_relaxed(st, 0, &cause), 0);
	assert_int_equal(testlib_query_int(st, "PRAGMA synchronous"), 2);
	if (store_open(path, &other, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(testlib_query_int(other, "SELECT sum(last_uid) FROM "
	    "mailboxes"), 6);
	store_close(&other);
	store_close(&st);
	unsetenv("SPRINTD_FAULT_FILE");
	free(fault);
	free(path);
}

static void
test_open_empty(void **state)
{
	struct store	*st = NULL;
	char		*path = new_db(), *cause = NULL;
	sqlite3_stmt	*stmt;
	const char	*tables[] = { "sprints", "people", "messages",
	    "registrations", "registration_history", "mailboxes", "outbox",
	    "jobs", "evaluation_answers", "evaluation_respondents",
	    "evaluations" };
	size_t		 i;

	(void)state;
	if (store_open(path, &st, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(store_version(st), store_schema_version());
	for (i = 0; i < nitems(tables); i++) {
		assert_int_equal(sqlite3_prepare_v2(store_db(st), "SELECT count(*) "
		    "FROM sqlite_master WHERE type = 'table' AND name = ?1", -1,
		    &stmt, NULL), SQLITE_OK);
		store_bind_text(stmt, 1, tables[i]);
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		if (sqlite3_column_int(stmt, 0) != 1)
			fail_msg("table %s missing", tables[i]);
		sqlite3_finalize(stmt);
	}
	assert_int_equal(testlib_query_int(st, "PRAGMA foreign_keys"), 1);
	{
		assert_int_equal(sqlite3_prepare_v2(store_db(st),
		    "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		assert_string_equal(sqlite3_column_text(stmt, 0), "wal");
		sqlite3_finalize(stmt);
	}
	/* Foreign keys are enforced. */
	assert_int_equal(store_exec(st, "INSERT INTO jobs (sprint_id, kind, "
	    "due_at) VALUES (42, 'announce', 'x')", &cause), -1);
	assert_non_null(strstr(cause, "FOREIGN KEY"));
	free(cause);
	store_close(&st);
	assert_null(st);
	/* Opening again changes nothing. */
	assert_int_equal(store_open(path, &st, &cause), 0);
	assert_int_equal(store_version(st), store_schema_version());
	store_close(&st);
	free(path);
}

static void
test_upgrade_older(void **state)
{
	struct store	*st = NULL;
	char		*path = new_db(), *cause = NULL;

	(void)state;
	assert_int_equal(store_open_at(path, 1, &st, &cause), 0);
	assert_int_equal(store_version(st), 1);
	assert_int_equal(store_exec(st, "INSERT INTO sprints (slug, name, "
	    "start_date, end_date, timezone, capacity, source, created_at, "
	    "updated_at) VALUES ('s', 'S', '2027-01-08', '2027-01-14', 'UTC', "
	    "5, 'x', 'now', 'now'); INSERT INTO jobs (sprint_id, kind, due_at) "
	    "VALUES (1, 'announce', '2026-12-20T09:00:00Z')", &cause), 0);
	/* Version 1 has no attempts column yet. */
	assert_int_equal(store_exec(st, "SELECT attempts FROM jobs", &cause),
	    -1);
	free(cause);
	store_close(&st);

	if (store_open(path, &st, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(store_version(st), store_schema_version());
	/* The old row survived and got the new column's default. */
	assert_int_equal(testlib_query_int(st, "SELECT count(*) FROM jobs WHERE "
	    "kind = 'announce' AND attempts = 0"), 1);
	store_close(&st);
	free(path);
}

static void
test_refuse_newer(void **state)
{
	struct store	*st = NULL;
	char		*path = new_db(), *cause = NULL, *want;

	(void)state;
	assert_int_equal(store_open(path, &st, &cause), 0);
	assert_int_equal(store_exec(st, "PRAGMA user_version = 99", &cause), 0);
	store_close(&st);
	assert_int_equal(store_open(path, &st, &cause), -1);
	assert_null(st);
	want = xprintf("%s: the database has schema version 99, newer than "
	    "this sprintd", path);
	assert_non_null(strstr(cause, want));
	assert_non_null(strstr(cause, "upgrade sprintd"));
	free(want);
	free(cause);
	free(path);
}

static void
test_open_unwritable(void **state)
{
	struct store	*st = NULL;
	char		*cause = NULL;

	(void)state;
	assert_int_equal(store_open("/nonexistent/dir/x.db", &st, &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/dir/x.db"));
	free(cause);
}

static const struct testlib_sprint sprint_spec = {
	.slug = "test-2027", .name = "Test Sprint", .start = "2027-03-01",
	.end = "2027-03-07", .break_day = "", .timezone = "UTC",
	.capacity = 3, .location = "Here",
};

static void
test_registry_sprint(void **state)
{
	struct store			*st = NULL;
	struct sprint			*s = NULL, *got = NULL;
	struct registry_sprint_row	*rows;
	char				*path = new_db(), *cause = NULL, *y;
	int64_t				 id, id2;
	int				 created;
	size_t				 n;

	(void)state;
	assert_int_equal(store_open(path, &st, &cause), 0);
	s = testlib_sprint_new(&sprint_spec);
	assert_int_equal(registry_sprint_put(st, s, "t.yaml", &id, &created,
	    &cause), 0);
	assert_true(created);
	sprint_free(&s);
	/* Same slug again: an update, same id, new name. */
	y = testlib_sprint_yaml(&sprint_spec);
	memcpy(strstr(y, "Test Sprint"), "Best", 4);
	assert_int_equal(sprint_load_string("t.yaml", y, strlen(y), &s,
	    &cause), 0);
	assert_int_equal(registry_sprint_put(st, s, "t.yaml", &id2, &created,
	    &cause), 0);
	assert_false(created);
	assert_int_equal(id, id2);
	sprint_free(&s);
	free(y);
	assert_int_equal(registry_sprint_get(st, "test-2027", &got, &id2,
	    &cause), 0);
	assert_string_equal(got->name, "Best Sprint");
	assert_int_equal(got->capacity, 3);
	sprint_free(&got);
	assert_int_equal(registry_sprint_get(st, "nope", &got, &id2, &cause),
	    1);
	assert_int_equal(registry_sprint_list(st, &rows, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].slug, "test-2027");
	assert_string_equal(rows[0].start, "2027-03-01");
	assert_int_equal(rows[0].registered, 0);
	registry_sprint_rows_free(rows, n);
	store_close(&st);
	free(path);
}

static mode_t
mode_of(const char *path)
{
	struct stat	 st;

	if (stat(path, &st) == -1)
		fail_msg("%s: missing", path);
	return st.st_mode & 07777;
}

/*
 * The database, its -wal and its -shm: 0660 in a directory shared with
 * the group (0750 or 0770 and our group), 0600 elsewhere, whatever the
 * umask; the -wal and -shm stay when the last connection closes.
 */
static void
test_file_modes(void **state)
{
	static const struct {
		mode_t	 dir;
		mode_t	 umask;
		mode_t	 want;
	} cases[] = {
		{ 0750, 0, 0660 },
		{ 0770, 022, 0660 },
		{ 0755, 0, 0600 },
		{ 0700, 0, 0600 },
		{ 0777, 0, 0600 },
	};
	struct store	*st = NULL;
	char		*cause = NULL, *sub, *path, *wal, *shm;
	size_t		 i;
	mode_t		 old;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		sub = xprintf("%s/modes%zu", testlib_dir(), i);
		assert_int_equal(mkdir(sub, 0700), 0);
		assert_int_equal(chmod(sub, cases[i].dir), 0);
		path = xprintf("%s/sprintd.db", sub);
		wal = xprintf("%s-wal", path);
		shm = xprintf("%s-shm", path);
		old = umask(cases[i].umask);
		if (store_open(path, &st, &cause) != 0)
			fail_msg("%s", cause);
		store_close(&st);
		umask(old);
		assert_int_equal(mode_of(path), cases[i].want);
		assert_int_equal(mode_of(wal), cases[i].want);
		assert_int_equal(mode_of(shm), cases[i].want);
		free(sub);
		free(path);
		free(wal);
		free(shm);
	}
}

/* Root making the database in a directory of another user (sprintctl by
 * hand before the daemon's first start) gives it to that user. */
static void
test_root_gives_away(void **state)
{
	struct passwd	*pw = getpwnam("nobody");
	struct store	*st = NULL;
	struct stat	 sb;
	char		*cause = NULL, *sub, *path, *f;
	const char	*suffix[] = { "", "-wal", "-shm" };
	size_t		 i;

	(void)state;
	if (geteuid() != 0 || pw == NULL)
		skip();
	sub = xprintf("%s/given", testlib_dir());
	assert_int_equal(mkdir(sub, 0750), 0);
	assert_int_equal(chown(sub, pw->pw_uid, pw->pw_gid), 0);
	path = xprintf("%s/sprintd.db", sub);
	if (store_open(path, &st, &cause) != 0)
		fail_msg("%s", cause);
	store_close(&st);
	for (i = 0; i < nitems(suffix); i++) {
		f = xprintf("%s%s", path, suffix[i]);
		assert_int_equal(stat(f, &sb), 0);
		assert_int_equal(sb.st_uid, pw->pw_uid);
		assert_int_equal(sb.st_mode & 07777, 0660);
		free(f);
	}
	free(path);
	free(sub);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrations_table),
		cmocka_unit_test(test_open_empty),
		cmocka_unit_test(test_relaxed),
		cmocka_unit_test(test_upgrade_older),
		cmocka_unit_test(test_refuse_newer),
		cmocka_unit_test(test_open_unwritable),
		cmocka_unit_test(test_file_modes),
		cmocka_unit_test(test_root_gives_away),
		cmocka_unit_test(test_registry_sprint),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
