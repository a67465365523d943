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
/* ctl_plan.c -- sprintctl plan: the planning, shown and kept. */
#include "config-auto.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "ctl.h"
#include "daily.h"
#include "log.h"
#include "page.h"
#include "plan.h"
#include "util.h"

/* The task number of a command line, or -1 (logged: exit 2). */
static int
ctl_plan_num(const char *what, const char *v)
{
	int	 num;

	if (v == NULL || plan_number(v, &num) == -1) {
		log_error("%s: expects a task number such as 3 (got \"%s\"; "
		    "sprintctl plan SLUG shows them)", what, v != NULL ? v :
		    "");
		return -1;
	}
	return num;
}

/* Joins argv into one text, words separated by a space. */
static char *
ctl_plan_join(int argc, char **argv)
{
	struct buf	 b;
	int		 i;

	buf_init(&b, 0);
	for (i = 0; i < argc; i++)
		buf_printf(&b, "%s%s", i > 0 ? " " : "", argv[i]);
	return b.data != NULL ? buf_steal(&b, NULL) : xstrdup("");
}

int
ctl_plan(struct store *st, const struct config *cfg, const char *slug,
    int argc, char **argv, const char *people, FILE *out)
{
	struct sprint	*s = NULL;
	char		*cause = NULL, *text = NULL;
	const char	*verb = argc > 0 ? argv[0] : NULL;
	int64_t		 id;
	int		 r, num = 0, ret = CTL_USAGE;

	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	if (verb == NULL) {
		if (plan_text_store(st, id, s, daily_today(s, clock_now()),
		    &text, &cause) == -1) {
			log_error("%s: %s", slug, cause);
			ret = CTL_FAIL;
			goto out;
		}
		ret = ctl_write(text, out);
		goto out;
	}
	if (strcmp(verb, "add") == 0) {
		if (argc < 2) {
			log_error("add: expects the task's text, such as "
			    "sprintctl plan %s add \"fix the JIT's float bug\"",
			    slug);
			goto out;
		}
		text = ctl_plan_join(argc - 1, argv + 1);
		r = plan_add(st, id, text, people, 0, &num, &cause);
	} else if (people != NULL) {
		log_error("--people: only with add (assign N A,B sets the "
		    "people of a task)");
		goto out;
	} else if (strcmp(verb, "assign") == 0 || strcmp(verb, "start") == 0 ||
	    strcmp(verb, "done") == 0 || strcmp(verb, "drop") == 0) {
		int	 assign = strcmp(verb, "assign") == 0;

		if (argc != (assign ? 3 : 2)) {
			log_error("%s: expects %s", verb, assign ? "a task "
			    "number and names, such as assign 3 Armin,Anna" :
			    "one task number, such as 3");
			goto out;
		}
		if ((num = ctl_plan_num(verb, argv[1])) == -1)
			goto out;
		r = assign ? plan_assign(st, id, num, argv[2], &cause) :
		    plan_set_state(st, id, num, strcmp(verb, "start") == 0 ?
		    "in-progress" : strcmp(verb, "done") == 0 ? "done" :
		    "dropped", &cause);
	} else {
		log_error("plan: unknown action \"%s\"; expected add, assign, "
		    "start, done or drop", verb);
		goto out;
	}
	if (r == UTIL_REFUSED) {
		log_error("%s: %s", verb, cause);
		goto out;
	}
	if (r == -1) {
		log_error("%s: %s", slug, cause);
		ret = CTL_FAIL;
		goto out;
	}
	if (strcmp(verb, "add") == 0)
		fprintf(out, "%s: task %d added\n", slug, num);
	else
		fprintf(out, "%s: task %d: %s\n", slug, num,
		    strcmp(verb, "assign") == 0 ? "people set" :
		    strcmp(verb, "start") == 0 ? "IN-PROGRESS" :
		    strcmp(verb, "done") == 0 ? "DONE" : "dropped");
	/* planning.txt shows what is committed now. */
	page_update(st, cfg, id);
	ret = CTL_OK;
out:
	free(cause);
	free(text);
	sprint_free(&s);
	return ret;
}
