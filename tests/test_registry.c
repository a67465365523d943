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

/* test_registry.c -- people, registrations and the waiting list, updates
 * and cancellations keyed by the sender's address, evaluation answers,
 * the order of registry_list. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "registry.h"
#include "store.h"
#include "util.h"
#include "testlib.h"


struct fixture {
	struct store	*st;
	struct sprint	*s;
	int64_t		 sprint_id;
};

static int
setup(void **state)
{
	struct fixture	*f = xcalloc(1, sizeof *f);
	char		*db = testlib_tmp("db", ".sqlite");
	char		*yaml = testlib_src_path("tests/data/sprints/good.yaml");
	char		*cause = NULL;
	int		 created;

	setenv("SPRINTD_NOW", "2026-12-20T10:00:00Z", 1);
	if (store_open(db, &f->st, &cause) != 0 ||
	    sprint_load_file(yaml, &f->s, &cause) != 0 ||
	    registry_sprint_put(f->st, f->s, "good.yaml", &f->sprint_id,
	    &created, &cause) != 0)
		fail_msg("%s", cause);
	assert_true(created);
	free(db);
	free(yaml);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	sprint_free(&f->s);
	store_close(&f->st);
	free(f);
	unsetenv("SPRINTD_NOW");
	return 0;
}

/* A registration as parse_message gives it. */
static void
reg_result(struct parse_result *res, const char *from, const char *name,
    const char *arrive, const char *depart)
{
	memset(res, 0, sizeof *res);
	res->kind = PARSE_REGISTRATION;
	res->given = PARSE_HAS_ALL;
	res->from = (char *)from;
	res->name = (char *)name;
	res->arrive_state = DATES_UNKNOWN;
	res->depart_state = DATES_UNKNOWN;
	if (arrive != NULL) {
		assert_int_equal(dates_parse_iso(arrive, &res->arrive), 0);
		res->arrive_state = DATES_KNOWN;
	}
	if (depart != NULL) {
		assert_int_equal(dates_parse_iso(depart, &res->depart), 0);
		res->depart_state = DATES_KNOWN;
	}
	res->newcomer = PARSE_NULL;
	res->funding = PARSE_NULL;
}

static int64_t
person(struct fixture *f, const char *email, const char *name)
{
	int64_t	 id = 0;
	char	*cause = NULL;

	if (registry_person(f->st, email, name, &id, &cause) != 0)
		fail_msg("%s", cause);
	assert_true(id > 0);
	return id;
}

/* Registers (or updates) with capacity cap; returns what changed and the
 * status in *status (caller frees). */
static enum registry_change
do_register(struct fixture *f, int cap, const char *email, const char *name,
    const char *arrive, const char *depart, char **status, int64_t *pid)
{
	struct parse_result	 res;
	struct registry_reg	 reg;
	enum registry_change	 change;
	int64_t			 p;
	char			*cause = NULL;

	reg_result(&res, email, name, arrive, depart);
	p = person(f, email, name);
	memset(&reg, 0, sizeof reg);
	if (registry_register(f->st, f->sprint_id, cap, p, 0, &res, &change,
	    &reg, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(reg.person_id, p);
	if (status != NULL)
		*status = xstrdup(reg.status);
	if (pid != NULL)
		*pid = p;
	registry_reg_clear(&reg);
	return change;
}

static char *
status_of(struct fixture *f, int64_t pid)
{
	struct registry_reg	 reg;
	char			*cause = NULL, *s;

	if (registry_get(f->st, f->sprint_id, pid, &reg, &cause) != 0)
		fail_msg("no registration: %s", cause ? cause : "");
	s = xstrdup(reg.status);
	registry_reg_clear(&reg);
	return s;
}

static void
test_capacity(void **state)
{
	struct fixture		*f = *state;
	struct registry_reg	*regs;
	size_t			 n;
	char			*st, *cause = NULL;

	assert_int_equal(do_register(f, 2, "a@example.org", "A", NULL, NULL,
	    &st, NULL), REGISTRY_NEW);
	assert_string_equal(st, "registered");
	free(st);
	assert_int_equal(do_register(f, 2, "b@example.org", "B", NULL, NULL,
	    &st, NULL), REGISTRY_NEW);
	assert_string_equal(st, "registered");
	free(st);
	assert_int_equal(do_register(f, 2, "c@example.org", "C", NULL, NULL,
	    &st, NULL), REGISTRY_NEW);
	assert_string_equal(st, "waiting");
	free(st);

	assert_int_equal(registry_list(f->st, f->sprint_id, "waiting", &regs,
	    &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(regs[0].email, "c@example.org");
	registry_regs_free(regs, n);
	assert_int_equal(registry_list(f->st, f->sprint_id, "registered",
	    &regs, &n, &cause), 0);
	assert_int_equal(n, 2);
	registry_regs_free(regs, n);
}

static void
test_update(void **state)
{
	struct fixture		*f = *state;
	struct registry_reg	 reg;
	char			*st, *cause = NULL;
	int64_t			 pa, pw;

	assert_int_equal(do_register(f, 1, "anna@example.org", "Anna",
	    "2027-01-07", "2027-01-14", &st, &pa), REGISTRY_NEW);
	assert_string_equal(st, "registered");
	free(st);
	assert_int_equal(do_register(f, 1, "wait@example.org", "Wait",
	    NULL, NULL, &st, &pw), REGISTRY_NEW);
	assert_string_equal(st, "waiting");
	free(st);

	/* The same person again: an update of the one row, new dates. */
	setenv("SPRINTD_NOW", "2026-12-21T10:00:00Z", 1);
	assert_int_equal(do_register(f, 1, "anna@example.org", "Anna",
	    "2027-01-08", "2027-01-13", &st, NULL), REGISTRY_UPDATED);
	assert_string_equal(st, "registered");
	free(st);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM registrations "
	    "r JOIN people p ON p.id = r.person_id WHERE p.email = "
	    "'anna@example.org'"), 1);
	assert_int_equal(registry_get(f->st, f->sprint_id, pa, &reg, &cause),
	    0);
	assert_string_equal(reg.arrive, "2027-01-08");
	assert_string_equal(reg.depart, "2027-01-13");
	registry_reg_clear(&reg);
	/* Both states are kept in the history, the first one unchanged. */
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registration_history h JOIN registrations r ON r.id = "
	    "h.registration_id JOIN people p ON p.id = r.person_id WHERE "
	    "p.email = 'anna@example.org'"), 2);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registration_history WHERE depart = '2027-01-14'"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "registration_history WHERE depart = '2027-01-13'"), 1);

	/* An update from the waiting list stays on it, even with room. */
	assert_int_equal(do_register(f, 5, "wait@example.org", "Wait",
	    "2027-01-08", NULL, &st, NULL), REGISTRY_UPDATED);
	assert_string_equal(st, "waiting");
	free(st);
	st = status_of(f, pw);
	assert_string_equal(st, "waiting");
	free(st);
}

static void
test_cancel_promotes(void **state)
{
	struct fixture	*f = *state;
	char		*st, *cause = NULL;
	int64_t		 pa, pb, pc, pd, pe, promoted = -1;

	do_register(f, 2, "a@example.org", "A", NULL, NULL, NULL, &pa);
	do_register(f, 2, "b@example.org", "B", NULL, NULL, NULL, &pb);
	setenv("SPRINTD_NOW", "2026-12-20T11:00:00Z", 1);
	do_register(f, 2, "c@example.org", "C", NULL, NULL, &st, &pc);
	assert_string_equal(st, "waiting");
	free(st);
	setenv("SPRINTD_NOW", "2026-12-20T12:00:00Z", 1);
	do_register(f, 2, "d@example.org", "D", NULL, NULL, &st, &pd);
	assert_string_equal(st, "waiting");
	free(st);
	/* C updates later: still first in line by registration order. */
	setenv("SPRINTD_NOW", "2026-12-20T13:00:00Z", 1);
	assert_int_equal(do_register(f, 2, "c@example.org", "C",
	    "2027-01-08", NULL, NULL, NULL), REGISTRY_UPDATED);

	assert_int_equal(store_begin(f->st, &cause), 0);
	assert_int_equal(registry_cancel(f->st, f->sprint_id, 2, pa, 0,
	    &promoted, &cause), 0);
	assert_int_equal(store_commit(f->st, &cause), 0);
	assert_int_equal(promoted, pc);
	st = status_of(f, pa);
	assert_string_equal(st, "cancelled");
	free(st);
	st = status_of(f, pc);
	assert_string_equal(st, "registered");
	free(st);
	st = status_of(f, pd);
	assert_string_equal(st, "waiting");
	free(st);

	/* Cancelling again, or without a registration: 1. */
	promoted = -1;
	assert_int_equal(registry_cancel(f->st, f->sprint_id, 2, pa, 0,
	    &promoted, &cause), 1);
	assert_int_equal(promoted, 0);
	pe = person(f, "e@example.org", "E");
	assert_int_equal(registry_cancel(f->st, f->sprint_id, 2, pe, 0,
	    &promoted, &cause), 1);

	/* A waiting person cancelling frees no place. */
	promoted = -1;
	assert_int_equal(registry_cancel(f->st, f->sprint_id, 2, pd, 0,
	    &promoted, &cause), 0);
	assert_int_equal(promoted, 0);
	st = status_of(f, pd);
	assert_string_equal(st, "cancelled");
	free(st);
	/* Nobody left waiting: nobody promoted. */
	promoted = -1;
	assert_int_equal(registry_cancel(f->st, f->sprint_id, 2, pb, 0,
	    &promoted, &cause), 0);
	assert_int_equal(promoted, 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM registrations "
	    "WHERE status = 'registered'"), 1);

	/* Registering after a cancellation renews, with the room there is. */
	assert_int_equal(do_register(f, 2, "a@example.org", "A", NULL, NULL,
	    &st, NULL), REGISTRY_RENEWED);
	assert_string_equal(st, "registered");
	free(st);
	assert_int_equal(do_register(f, 2, "d@example.org", "D", NULL, NULL,
	    &st, NULL), REGISTRY_RENEWED);
	assert_string_equal(st, "waiting");
	free(st);
}

static void
test_keyed_by_address(void **state)
{
	struct fixture		*f = *state;
	struct registry_reg	 reg;
	char			*cause = NULL;
	int64_t			 pa, pm, promoted;

	do_register(f, 15, "anna@example.org", "Anna Example", "2027-01-07",
	    "2027-01-14", NULL, &pa);
	/* Someone else using Anna's name: a registration of their own. */
	assert_int_equal(do_register(f, 15, "mallory@example.net",
	    "Anna Example", "2027-01-09", "2027-01-10", NULL, &pm),
	    REGISTRY_NEW);
	assert_true(pm != pa);
	assert_int_equal(registry_get(f->st, f->sprint_id, pa, &reg, &cause),
	    0);
	assert_string_equal(reg.email, "anna@example.org");
	assert_string_equal(reg.arrive, "2027-01-07");
	assert_string_equal(reg.depart, "2027-01-14");
	assert_string_equal(reg.status, "registered");
	registry_reg_clear(&reg);
	/* Another address cancelling leaves Anna's registration alone. */
	pm = person(f, "eve@example.net", "Anna Example");
	assert_int_equal(registry_cancel(f->st, f->sprint_id, 15, pm, 0,
	    &promoted, &cause), 1);
	assert_int_equal(registry_get(f->st, f->sprint_id, pa, &reg, &cause),
	    0);
	assert_string_equal(reg.status, "registered");
	registry_reg_clear(&reg);
	/* The same address in other case is the same person. */
	assert_int_equal(do_register(f, 15, "ANNA@Example.ORG", "Anna Example",
	    "2027-01-08", "2027-01-14", NULL, &pm), REGISTRY_UPDATED);
	assert_int_equal(pm, pa);
}

static void
test_person(void **state)
{
	struct fixture	*f = *state;
	int64_t		 a, b, c, d;

	a = person(f, "Anna@Example.ORG", "Anna");
	b = person(f, "anna@example.org", NULL);
	c = person(f, "ANNA@EXAMPLE.ORG", NULL);
	assert_int_equal(a, b);
	assert_int_equal(a, c);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM people"), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM people WHERE "
	    "email = 'anna@example.org' COLLATE BINARY AND name = 'Anna'"), 1);
	/* A given name replaces the old one; NULL keeps it. */
	d = person(f, "anna@example.org", "Anna Example");
	assert_int_equal(d, a);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM people WHERE "
	    "name = 'Anna Example'"), 1);
	d = person(f, "bob@example.org", NULL);
	assert_true(d != a);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM people"), 2);
}

static void
test_list_order(void **state)
{
	struct fixture		*f = *state;
	struct registry_reg	*regs;
	size_t			 n;
	char			*cause = NULL;
	int64_t			 pz, promoted;

	/* Registered first, then waiting; by arrival (unknown last), then
	 * by name regardless of case. */
	do_register(f, 4, "zed@example.org", "Zed", "2027-01-07", NULL,
	    NULL, &pz);
	do_register(f, 4, "amy@example.org", "Amy", "2027-01-09", NULL,
	    NULL, NULL);
	do_register(f, 4, "carl@example.org", "Carl", NULL, NULL, NULL, NULL);
	do_register(f, 4, "bob@example.org", "bob", "2027-01-07", NULL,
	    NULL, NULL);
	do_register(f, 4, "wendy@example.org", "Wendy", "2027-01-06", NULL,
	    NULL, NULL);
	do_register(f, 4, "xena@example.org", "Xena", "2027-01-06", NULL,
	    NULL, NULL);

	assert_int_equal(registry_list(f->st, f->sprint_id, NULL, &regs, &n,
	    &cause), 0);
	assert_int_equal(n, 6);
	assert_string_equal(regs[0].name, "bob");
	assert_string_equal(regs[1].name, "Zed");
	assert_string_equal(regs[2].name, "Amy");
	assert_string_equal(regs[3].name, "Carl");
	assert_null(regs[3].arrive);
	assert_string_equal(regs[4].name, "Wendy");
	assert_string_equal(regs[4].status, "waiting");
	assert_string_equal(regs[5].name, "Xena");
	registry_regs_free(regs, n);

	/* Cancelled ones only when asked for. */
	assert_int_equal(registry_cancel(f->st, f->sprint_id, 4, pz, 0,
	    &promoted, &cause), 0);
	assert_int_equal(registry_list(f->st, f->sprint_id, NULL, &regs, &n,
	    &cause), 0);
	assert_int_equal(n, 5);
	assert_string_equal(regs[0].name, "Wendy");	/* promoted */
	assert_string_equal(regs[0].status, "registered");
	assert_string_equal(regs[1].name, "bob");
	assert_string_equal(regs[2].name, "Amy");
	assert_string_equal(regs[3].name, "Carl");
	assert_string_equal(regs[4].name, "Xena");
	assert_string_equal(regs[4].status, "waiting");
	registry_regs_free(regs, n);
	assert_int_equal(registry_list(f->st, f->sprint_id, "cancelled", &regs,
	    &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(regs[0].name, "Zed");
	registry_regs_free(regs, n);
	assert_int_equal(registry_list(f->st, f->sprint_id + 1, NULL, &regs,
	    &n, &cause), 0);
	assert_int_equal(n, 0);
	assert_null(regs);
}

static void
test_sprint_put_again(void **state)
{
	struct fixture			*f = *state;
	struct registry_sprint_row	*rows;
	size_t				 n;
	int64_t				 id;
	int				 created = -1;
	char				*cause = NULL;

	do_register(f, 1, "a@example.org", "A", NULL, NULL, NULL, NULL);
	do_register(f, 1, "b@example.org", "B", NULL, NULL, NULL, NULL);
	assert_int_equal(registry_sprint_put(f->st, f->s, "again.yaml", &id,
	    &created, &cause), 0);
	assert_int_equal(created, 0);
	assert_int_equal(id, f->sprint_id);
	assert_int_equal(registry_sprint_list(f->st, &rows, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].slug, "leysin-2027");
	assert_string_equal(rows[0].start, "2027-01-08");
	assert_int_equal(rows[0].registered, 1);
	assert_int_equal(rows[0].waiting, 1);
	assert_null(rows[0].announce_at);
	registry_sprint_rows_free(rows, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_capacity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_promotes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_keyed_by_address, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_person, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sprint_put_again, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
