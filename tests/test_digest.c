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
 * test_digest.c -- the organizers' digest: what it says (the changes, the
 * waiting list, people by day, funding, late newcomers, early leavers) as
 * sprintctl digest prints it, that printing queues nothing, and that the
 * daily digest goes once a day at digest_hour, only after the
 * announcement, only when something changed, and never after the sprint.
 */
#include "config-auto.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "digest.h"
#include "store.h"
#include "testlib.h"
#include "util.h"

static int
setup(void **state)
{
	struct testlib_env	*f;

	f = testlib_env_new("2026-12-20T10:00:00Z", NULL, 1);
	testlib_register_stay(f->st, f->sprint_id, f->s->capacity,
	    "anna@example.org", "Anna Example", 0, "2027-01-07",
	    "2027-01-14", 0);
	testlib_register_stay(f->st, f->sprint_id, f->s->capacity,
	    "ben@example.org", "Ben Late", 1, "2027-01-09", "2027-01-14", 0);
	testlib_register_stay(f->st, f->sprint_id, f->s->capacity,
	    "dan@example.org", "Dan Early", 0, "2027-01-07", "2027-01-12", 1);
	testlib_register_stay(f->st, f->sprint_id, f->s->capacity,
	    "uma@example.org", "Uma Unknown", 0, "2027-01-08", NULL, 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	testlib_env_free((struct testlib_env **)state);
	return 0;
}

/* The digest as sprintctl digest prints it. Caller frees. */
static char *
preview(struct testlib_env *f)
{
	char	*text = NULL, *cause = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&text, &len);

	assert_non_null(fp);
	if (digest_now(f->st, f->c, f->s, f->sprint_id, 0, fp, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(fclose(fp), 0);
	return text;
}

static void
has(const char *text, const char *line)
{
	if (strstr(text, line) == NULL)
		fail_msg("no \"%s\" in the digest:\n%s", line, text);
}

static long long
digests(struct testlib_env *f)
{
	return testlib_query_int(f->st, "SELECT count(*) FROM outbox WHERE "
	    "kind = 'digest'");
}

static void
test_preview(void **state)
{
	struct testlib_env	*f = *state;
	char		*text = preview(f);

	has(text, "Subject: PyPy Leysin Winter Sprint 2027: digest of ");
	has(text, "4 of 5 places taken, 0 waiting.");
	has(text, "Changes so far:");
	has(text, "  - Anna Example <anna@example.org>: ");
	has(text, "  - Ben Late <ben@example.org>: ");
	/* People by day: Dan leaves on the 12th, Uma's "?" is counted. */
	has(text, "  - Thu 7 Jan: 2 there, 2 sleep there (? 2), outside the "
	    "sprint");
	has(text, "  - Fri 8 Jan: 3 there (1 with a \"?\" date)");
	has(text, "  - Sat 9 Jan: 4 there (1 with a \"?\" date)");
	has(text, "  - Mon 11 Jan: 4 there (1 with a \"?\" date), 4 sleep "
	    "there (? 4), break day");
	has(text, "  - Wed 13 Jan: 3 there (1 with a \"?\" date)");
	has(text, "Dan Early <dan@example.org>");
	has(text, "Ben Late, arrives Sat 9 Jan");
	has(text, "Dan Early, leaves Tue 12 Jan");
	free(text);
	/* Printing queues nothing and records no digest. */
	assert_int_equal(digests(f), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "digests"), 0);
}

static void
test_daily(void **state)
{
	struct testlib_env	*f = *state;
	char		*cause = NULL;
	int		 sent = -1;

	/* Not announced yet: no digest, whatever changed. */
	setenv("SPRINTD_NOW", "2026-12-20T08:00:00Z", 1);
	assert_int_equal(digest_run(f->st, f->c, &f->cfg, &sent, &cause), 0);
	assert_int_equal(sent, 0);
	assert_int_equal(store_exec(f->st, "INSERT OR REPLACE INTO jobs "
	    "(sprint_id, kind, due_at, done_at) SELECT id, 'announce', "
	    "'2026-12-20T09:00:00Z', '2026-12-20T09:00:00Z' FROM sprints",
	    &cause), 0);
	/* At digest_hour (08:00 in Zurich, 07:00 UTC): one, to each
	 * organizer. */
	setenv("SPRINTD_NOW", "2026-12-21T07:00:00Z", 1);
	assert_int_equal(digest_run(f->st, f->c, &f->cfg, &sent, &cause), 0);
	assert_int_equal(sent, 1);
	assert_int_equal(digests(f), (long long)f->s->norganizers);
	/* Once a day. */
	setenv("SPRINTD_NOW", "2026-12-21T15:00:00Z", 1);
	assert_int_equal(digest_run(f->st, f->c, &f->cfg, &sent, &cause), 0);
	assert_int_equal(sent, 0);
	/* The next day before the hour: none; after it, without a change:
	 * none either. */
	setenv("SPRINTD_NOW", "2026-12-22T06:30:00Z", 1);
	assert_int_equal(digest_run(f->st, f->c, &f->cfg, &sent, &cause), 0);
	assert_int_equal(sent, 0);
	setenv("SPRINTD_NOW", "2026-12-22T07:30:00Z", 1);
	assert_int_equal(digest_run(f->st, f->c, &f->cfg, &sent, &cause), 0);
	assert_int_equal(sent, 0);
	/* A change: the day after's digest names it. */
	testlib_register_stay(f->st, f->sprint_id, f->s->capacity,
	    "eva@example.org", "Eva New", 0, "2027-01-08", "2027-01-14", 0);
	setenv("SPRINTD_NOW", "2026-12-23T07:30:00Z", 1);
	assert_int_equal(digest_run(f->st, f->c, &f->cfg, &sent, &cause), 0);
	assert_int_equal(sent, 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox o JOIN outbox_bodies b ON b.id = o.id WHERE o.kind = "
	    "'digest' AND instr(CAST(b.data AS TEXT), 'Eva New') > 0"),
	    (long long)f->s->norganizers);
	/* After the sprint: never. */
	testlib_register_stay(f->st, f->sprint_id, f->s->capacity,
	    "fay@example.org", "Fay After", 0, "2027-01-08", "2027-01-14", 0);
	setenv("SPRINTD_NOW", "2027-01-16T07:30:00Z", 1);
	assert_int_equal(digest_run(f->st, f->c, &f->cfg, &sent, &cause), 0);
	assert_int_equal(sent, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_preview, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daily, setup, teardown),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
