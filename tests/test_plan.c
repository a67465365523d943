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

/* test_plan.c -- the planning: add, assign, start, done, drop, numbers
 * that do not exist, the lines of a reply, and planning.txt's layout. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "registry.h"
#include "sprint.h"
#include "store.h"
#include "testlib.h"
#include "util.h"

/* Each command changes what it names and nothing else; numbers count up
 * and are never reused; a dropped task is gone from the list. */
static void
test_tasks(void **state)
{
	struct store		*st;
	struct sprint		*s;
	struct plan_task	*t;
	size_t			 n;
	int64_t			 id;
	char			*cause = NULL;
	int			 num;

	(void)state;
	testlib_store_sprint(NULL, 0, &st, &s, &id, NULL);
	assert_int_equal(plan_add(st, id, "fix the JIT", " Armin ,Anna,, ", 0,
	    &num, &cause), 0);
	assert_int_equal(num, 1);
	assert_int_equal(plan_add(st, id, "write docs", NULL, 0, &num,
	    &cause), 0);
	assert_int_equal(num, 2);
	assert_int_equal(plan_add(st, id, "  \t ", NULL, 0, &num, &cause),
	    UTIL_REFUSED);
	assert_non_null(strstr(cause, "empty"));
	xfree(&cause);
	assert_int_equal(plan_assign(st, id, 2, "Bob", &cause), 0);
	assert_int_equal(plan_join(st, id, 2, "Carla", &cause), 0);
	/* Joining twice adds the name once. */
	assert_int_equal(plan_join(st, id, 2, "carla", &cause), 0);
	assert_int_equal(plan_set_state(st, id, 1, "in-progress", &cause), 0);
	assert_int_equal(plan_set_state(st, id, 2, "done", &cause), 0);
	assert_int_equal(plan_add(st, id, "gone soon", NULL, 0, &num,
	    &cause), 0);
	assert_int_equal(plan_set_state(st, id, 3, "dropped", &cause), 0);
	/* Bad numbers: refused, naming the number. */
	assert_int_equal(plan_set_state(st, id, 3, "done", &cause),
	    UTIL_REFUSED);
	assert_non_null(strstr(cause, "no task 3"));
	xfree(&cause);
	assert_int_equal(plan_join(st, id, 99, "Bob", &cause), UTIL_REFUSED);
	assert_non_null(strstr(cause, "no task 99"));
	xfree(&cause);
	assert_int_equal(plan_assign(st, id, 0, "Bob", &cause), UTIL_REFUSED);
	xfree(&cause);
	/* A new task after a drop takes a new number. */
	assert_int_equal(plan_add(st, id, "next one", NULL, 0, &num, &cause),
	    0);
	assert_int_equal(num, 4);
	/* A message read again (reprocess) adds its task once. */
	assert_int_equal(store_exec(st, "INSERT INTO messages (id, mailbox, "
	    "uidvalidity, uid, kind, raw, size, received_at) VALUES (7, "
	    "'INBOX', 1, 1, 'unrelated', '', 0, '2027-01-09T10:00:00Z')",
	    &cause), 0);
	assert_int_equal(plan_add(st, id, "from mail", NULL, 7, &num, &cause),
	    0);
	assert_int_equal(num, 5);
	assert_int_equal(plan_add(st, id, "from mail", NULL, 7, &num, &cause),
	    0);
	assert_int_equal(num, 5);
	assert_int_equal(plan_set_state(st, id, 5, "dropped", &cause), 0);

	assert_int_equal(plan_list(st, id, 0, &t, &n, &cause), 0);
	assert_int_equal(n, 3);
	assert_int_equal(t[0].num, 1);
	assert_string_equal(t[0].people, "Armin, Anna");
	assert_string_equal(t[0].state, "in-progress");
	assert_int_equal(t[1].num, 2);
	assert_string_equal(t[1].people, "Bob, Carla");
	assert_string_equal(t[1].state, "done");
	assert_int_equal(t[2].num, 4);
	assert_string_equal(t[2].state, "open");
	plan_tasks_free(t, n);
	assert_int_equal(plan_list(st, id, 1, &t, &n, &cause), 0);
	assert_int_equal(n, 5);
	assert_string_equal(t[2].state, "dropped");
	plan_tasks_free(t, n);
	sprint_free(&s);
	store_close(&st);
}

static void
test_number(void **state)
{
	static const struct {
		const char	*in;
		int		 ok, num;
	} cases[] = {
		{ "3", 1, 3 }, { " #12 ", 1, 12 }, { "4.", 1, 4 },
		{ "x", 0, 0 }, { "", 0, 0 }, { "0", 0, 0 }, { "-2", 0, 0 },
		{ "3 4", 0, 0 }, { "3x", 0, 0 }, { "#", 0, 0 },
	};
	size_t	 i;
	int	 num;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		num = 0;
		if ((plan_number(cases[i].in, &num) == 0) != cases[i].ok)
			fail_msg("\"%s\": ok should be %d", cases[i].in,
			    cases[i].ok);
		if (cases[i].ok)
			assert_int_equal(num, cases[i].num);
	}
}

/* The lines of a reply: tasks by number, words for the summary, and a
 * clear answer naming the field for what is not a number. */
static void
test_read(void **state)
{
	struct plan_lines	 l;

	(void)state;
	plan_read("Hi all,\nNew: port the GC\nJoin: 3, 4\nDone: 2\n"
	    "Next: the float bug\n", &l);
	assert_true(l.any);
	assert_int_equal(l.nadded, 1);
	assert_string_equal(l.added[0], "port the GC");
	assert_int_equal(l.njoined, 2);
	assert_int_equal(l.joined[0], 3);
	assert_int_equal(l.joined[1], 4);
	assert_int_equal(l.ndone, 1);
	assert_int_equal(l.done[0], 2);
	assert_null(l.done_text);
	assert_string_equal(l.next_text, "the float bug");
	assert_int_equal(l.nerrors, 0);
	plan_lines_clear(&l);

	plan_read("Join: x\nDone: the JIT's float bug, with Armin\n", &l);
	assert_int_equal(l.nerrors, 1);
	assert_non_null(strstr(l.errors[0],
	    "Join: expects a task number such as 3"));
	assert_int_equal(l.ndone, 0);
	assert_string_equal(l.done_text, "the JIT's float bug, with Armin");
	plan_lines_clear(&l);

	plan_read("Name: Anna\nArrive: 7 Jan\n", &l);
	assert_false(l.any);
	plan_lines_clear(&l);
}

/* PyPy's planning.txt: the title, the day, the people there that day
 * (people.c's stay), the tasks with their people and states. */
static void
test_layout(void **state)
{
	struct sprint		*s = testlib_sprint_new(NULL);
	struct registry_reg	 regs[4];
	struct plan_task	 t[3] = {
		{ 1, (char *)"fix the JIT", (char *)"Armin, Anna",
		    (char *)"in-progress" },
		{ 2, (char *)"write docs", (char *)"", (char *)"done" },
		{ 4, (char *)"port the GC", (char *)"Bob", (char *)"open" },
	};
	char			*text;
	day_t			 day;

	(void)state;
	regs[0] = testlib_reg("Anna", "2027-01-07", "2027-01-14", 0, NULL);
	regs[1] = testlib_reg("Bob", "2027-01-12", "2027-01-14", 0, NULL);
	regs[2] = testlib_reg("Lars Local", NULL, NULL, 1, NULL);
	regs[3] = testlib_reg("Uma Unknown", NULL, NULL, 0, NULL);
	assert_int_equal(dates_parse_iso("2027-01-10", &day), 0);
	text = plan_text(s, day, regs, 4, t, 3);
	assert_string_equal(text,
	    "PyPy Leysin Winter Sprint 2027: planning\n"
	    "========================================\n\n"
	    "Sunday 10 January 2027, day 3 of 7.\n\n"
	    "people present today\n"
	    "--------------------\n\n"
	    "- Anna\n- Lars Local\n- Uma Unknown\n\n"
	    "tasks\n-----\n\n"
	    "- [1] fix the JIT (Armin, Anna) IN-PROGRESS\n"
	    "- [2] write docs DONE\n"
	    "- [4] port the GC (Bob)\n");
	free(text);
	sprint_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tasks),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_layout),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
