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
 * test_mailreq.c -- what sprintctl asks sprintd to send: each request
 * runs once, in the daemon, and what it queues carries the daemon's MAC;
 * one that cannot run is recorded with the reason and never run again.
 */
#include "config-auto.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "mailreq.h"
#include "store.h"
#include "testlib.h"
#include "util.h"

static int64_t	anna;	/* the sprint's one registration */

static int
setup(void **state)
{
	struct testlib_env	*f;

	f = testlib_env_new("2026-12-20T10:00:00Z", NULL, 0);
	anna = testlib_register(f->st, f->sprint_id, f->s->capacity,
	    "anna@example.org", "Anna Example", 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	testlib_env_free((struct testlib_env **)state);
	return 0;
}

static void
test_notify_once(void **state)
{
	struct testlib_env	*f = *state;
	struct mailreq	 rq = { .kind = MAILREQ_NOTIFY, .arg = "confirm" };
	char		*cause = NULL, *v;
	int		 done = -1;

	rq.sprint_id = f->sprint_id;
	rq.person_id = anna;
	assert_int_equal(mailreq_add(f->st, &rq, &cause), 0);
	assert_int_equal(mailreq_waiting(f->st), 1);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox"), 0);

	if (mailreq_run(f->st, f->c, &f->cfg, &done, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(done, 1);
	assert_int_equal(mailreq_waiting(f->st), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox WHERE kind = 'confirm' AND recipient = 'anna@example.org' "
	    "AND length(mac) = 32"), 1);
	v = testlib_query_text(f->st, "SELECT outcome FROM mail_requests");
	assert_string_equal(v, "1 mail queued");
	free(v);

	/* Run again: nothing more. */
	assert_int_equal(mailreq_run(f->st, f->c, &f->cfg, &done, &cause), 0);
	assert_int_equal(done, 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox"), 1);
}

static void
test_refused_recorded(void **state)
{
	struct testlib_env	*f = *state;
	struct mailreq	 nobody = { .kind = MAILREQ_NOTIFY, .arg = "confirm",
	    .person_id = 999 };
	struct mailreq	 digest = { .kind = MAILREQ_DIGEST };
	char		*cause = NULL, *v;
	int		 done = -1;

	nobody.sprint_id = digest.sprint_id = f->sprint_id;
	assert_int_equal(mailreq_add(f->st, &nobody, &cause), 0);
	assert_int_equal(mailreq_add(f->st, &digest, &cause), 0);
	if (mailreq_run(f->st, f->c, &f->cfg, &done, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(done, 2);
	/* The first is refused and kept so; the next still runs. */
	v = testlib_query_text(f->st, "SELECT outcome FROM mail_requests "
	    "WHERE kind = 'notify'");
	assert_non_null(v);
	assert_true(strncmp(v, "refused: ", 9) == 0);
	free(v);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox WHERE kind = 'digest'"), (long long)f->s->norganizers);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "outbox WHERE kind = 'confirm'"), 0);
	assert_int_equal(mailreq_run(f->st, f->c, &f->cfg, &done, &cause), 0);
	assert_int_equal(done, 0);
}

/* Transactions nest: what a request's handler commits is undone with
 * the request when the outer transaction rolls back. */
static void
test_nested_rollback(void **state)
{
	struct testlib_env	*f = *state;
	char		*cause = NULL;

	assert_int_equal(store_begin(f->st, &cause), 0);
	assert_int_equal(store_exec(f->st, "INSERT INTO mail_requests (kind, "
	    "created_at) VALUES ('digest', 'x')", &cause), 0);
	assert_int_equal(store_begin(f->st, &cause), 0);
	assert_int_equal(store_exec(f->st, "INSERT INTO mail_requests (kind, "
	    "created_at) VALUES ('invite', 'x')", &cause), 0);
	assert_int_equal(store_commit(f->st, &cause), 0);
	assert_int_equal(store_in_transaction(f->st), 1);
	assert_int_equal(store_begin(f->st, &cause), 0);
	assert_int_equal(store_exec(f->st, "INSERT INTO mail_requests (kind, "
	    "created_at) VALUES ('notify', 'x')", &cause), 0);
	store_rollback(f->st);
	assert_int_equal(store_in_transaction(f->st), 1);
	assert_int_equal(store_commit(f->st, &cause), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "mail_requests"), 2);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "mail_requests WHERE kind = 'notify'"), 0);

	assert_int_equal(store_begin(f->st, &cause), 0);
	assert_int_equal(store_begin(f->st, &cause), 0);
	assert_int_equal(store_exec(f->st, "DELETE FROM mail_requests",
	    &cause), 0);
	assert_int_equal(store_commit(f->st, &cause), 0);
	store_rollback(f->st);
	assert_int_equal(store_in_transaction(f->st), 0);
	assert_int_equal(testlib_query_int(f->st, "SELECT count(*) FROM "
	    "mail_requests"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_notify_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused_recorded, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_nested_rollback, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
