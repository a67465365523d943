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

/* plan.c -- the planning: tasks, their people and states, planning.txt. */
#include "config-auto.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "form.h"
#include "people.h"
#include "plan.h"
#include "rst.h"
#include "util.h"

void
plan_tasks_free(struct plan_task *t, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(t[i].text);
		free(t[i].people);
		free(t[i].state);
	}
	free(t);
}

int
plan_list(struct store *st, int64_t sprint_id, int all,
    struct plan_task **out, size_t *n, char **cause)
{
	sqlite3_stmt	*stmt;
	struct plan_task *t;
	int		 rc;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, "SELECT num, text, people, state FROM "
	    "plan_tasks WHERE sprint_id = ?1 AND (?2 OR state != 'dropped') "
	    "ORDER BY num", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	sqlite3_bind_int(stmt, 2, all);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		t = &(*out)[(*n)++];
		t->num = sqlite3_column_int(stmt, 0);
		t->text = store_column_dup(stmt, 1);
		t->people = store_column_dup(stmt, 2);
		t->state = store_column_dup(stmt, 3);
		if (t->people == NULL)
			t->people = xstrdup("");
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the planning");
		plan_tasks_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* One line of text from mail or a command line: controls dropped, line
 * breaks spaces, invalid UTF-8 '?', trimmed; a new string. */
static char *
plan_clean(const char *text)
{
	char	*t = util_clean_dup(text, UTIL_CLEAN_LF | UTIL_CLEAN_UTF8), *p;

	for (p = t; *p != '\0'; p++) {
		if (*p == '\n')
			*p = ' ';
	}
	util_trim(t);
	return t;
}

char *
plan_people(const char *list)
{
	struct buf	 b;
	char		*copy, *p, *name;

	buf_init(&b, 0);
	copy = plan_clean(list);
	for (p = copy; (name = strsep(&p, ",")) != NULL;) {
		name = util_trim(name);
		if (*name == '\0')
			continue;
		if (b.len > 0)
			buf_addstr(&b, ", ");
		buf_addstr(&b, name);
	}
	free(copy);
	if (b.len > PLAN_MAX_PEOPLE)
		form_cap_utf8(b.data, PLAN_MAX_PEOPLE);
	return b.data != NULL ? buf_steal(&b, NULL) : xstrdup("");
}

int
plan_number(const char *v, int *num)
{
	const char	*p = v;
	int		 n;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '#')
		p++;
	if (*p < '0' || *p > '9' || util_scan_int(&p, 6, &n) == -1 || n < 1)
		return -1;
	if (*p == '.')
		p++;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\0')
		return -1;
	*num = n;
	return 0;
}

const char *
plan_state_word(const char *state)
{
	if (strcmp(state, "done") == 0)
		return "DONE";
	if (strcmp(state, "in-progress") == 0)
		return "IN-PROGRESS";
	return "";
}

int
plan_add(struct store *st, int64_t sprint_id, const char *text,
    const char *people, int64_t msg_id, int *num, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21], *t, *who;
	int		 rc, count;

	t = plan_clean(text);
	if (*t == '\0') {
		free(t);
		*cause = xstrdup("the task is empty: write what is to be done, "
		    "such as \"New: fix the JIT's float bug\"");
		return UTIL_REFUSED;
	}
	form_cap_utf8(t, PLAN_MAX_TEXT);
	if (store_prepare(st, "SELECT count(*), coalesce(max(num), 0) + 1 "
	    "FROM plan_tasks WHERE sprint_id = ?1", &stmt, cause) == -1) {
		free(t);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		count = sqlite3_column_int(stmt, 0);
		*num = sqlite3_column_int(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW) {
		free(t);
		*cause = store_error(st, "numbering a task");
		return -1;
	}
	/* The same message read again adds nothing twice. */
	if (msg_id != 0) {
		if (store_prepare(st, "SELECT num FROM plan_tasks WHERE "
		    "sprint_id = ?1 AND message_id = ?2 AND text = ?3", &stmt,
		    cause) == -1) {
			free(t);
			return -1;
		}
		sqlite3_bind_int64(stmt, 1, sprint_id);
		sqlite3_bind_int64(stmt, 2, msg_id);
		store_bind_text(stmt, 3, t);
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
			*num = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
		if (rc == SQLITE_ROW || rc != SQLITE_DONE) {
			free(t);
			if (rc == SQLITE_ROW)
				return 0;
			*cause = store_error(st, "reading the planning");
			return -1;
		}
	}
	if (count >= PLAN_MAX_TASKS) {
		free(t);
		*cause = xprintf("the planning holds %d tasks already, the "
		    "most it takes", PLAN_MAX_TASKS);
		return UTIL_REFUSED;
	}
	who = plan_people(people != NULL ? people : "");
	clock_format_utc(clock_now(), now);
	if (store_prepare(st, "INSERT INTO plan_tasks (sprint_id, num, text, "
	    "people, message_id, created_at, updated_at) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?6)", &stmt, cause) == -1) {
		free(t);
		free(who);
		return -1;
	}
	sqlite3_bind_int64(stmt, 1, sprint_id);
	sqlite3_bind_int(stmt, 2, *num);
	store_bind_text(stmt, 3, t);
	store_bind_text(stmt, 4, who);
	if (msg_id != 0)
		sqlite3_bind_int64(stmt, 5, msg_id);
	store_bind_text(stmt, 6, now);
	free(t);
	free(who);
	return store_done(st, stmt, "adding a task", cause);
}

/* Runs an UPDATE of task num (?1 sprint, ?2 num, ?3 value, ?4 now):
 * 0, UTIL_REFUSED when no live task has that number, -1. */
static int
plan_update(struct store *st, int64_t sprint_id, int num, const char *sql,
    const char *value, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 now[21];

	clock_format_utc(clock_now(), now);
	if (store_prepare(st, sql, &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	sqlite3_bind_int(stmt, 2, num);
	store_bind_text(stmt, 3, value);
	store_bind_text(stmt, 4, now);
	if (store_done(st, stmt, "changing a task", cause) == -1)
		return -1;
	if (sqlite3_changes(store_db(st)) == 0) {
		*cause = xprintf("there is no task %d in the planning (see "
		    "the numbers in the daily mail)", num);
		return UTIL_REFUSED;
	}
	return 0;
}

int
plan_assign(struct store *st, int64_t sprint_id, int num, const char *people,
    char **cause)
{
	char	*who = plan_people(people);
	int	 r;

	r = plan_update(st, sprint_id, num, "UPDATE plan_tasks SET people = "
	    "?3, updated_at = ?4 WHERE sprint_id = ?1 AND num = ?2 AND state "
	    "!= 'dropped'", who, cause);
	free(who);
	return r;
}

int
plan_join(struct store *st, int64_t sprint_id, int num, const char *name,
    char **cause)
{
	struct plan_task	*t = NULL;
	size_t			 n = 0, i;
	char			*who, *list, *p, *one;
	int			 r, there = 0;

	if (plan_list(st, sprint_id, 0, &t, &n, cause) == -1)
		return -1;
	for (i = 0; i < n && t[i].num != num; i++)
		;
	if (i == n) {
		plan_tasks_free(t, n);
		*cause = xprintf("there is no task %d in the planning (see "
		    "the numbers in the daily mail)", num);
		return UTIL_REFUSED;
	}
	who = plan_people(name);
	list = xstrdup(t[i].people);
	for (p = list; (one = strsep(&p, ",")) != NULL;)
		there |= util_strcaseeq(util_trim(one), who);
	free(list);
	list = there ? xstrdup(t[i].people) : xprintf("%s%s%s", t[i].people,
	    *t[i].people != '\0' ? ", " : "", who);
	plan_tasks_free(t, n);
	r = plan_assign(st, sprint_id, num, list, cause);
	free(who);
	free(list);
	return r;
}

int
plan_set_state(struct store *st, int64_t sprint_id, int num,
    const char *state, char **cause)
{
	return plan_update(st, sprint_id, num, "UPDATE plan_tasks SET state = "
	    "?3, updated_at = ?4 WHERE sprint_id = ?1 AND num = ?2 AND state "
	    "!= 'dropped'", state, cause);
}

char *
plan_text(const struct sprint *s, day_t day, const struct registry_reg *regs,
    size_t nregs, const struct plan_task *tasks, size_t ntasks)
{
	struct buf	 b;
	char		*e, *t, when[40];
	size_t		 i, present = 0;

	buf_init(&b, 0);
	e = rst_escape(s->name);
	t = xprintf("%s: planning", e);
	rst_heading(&b, t, '=', 0);
	free(t);
	free(e);
	dates_format_long(day, 1, when);
	buf_addstr(&b, when);
	if (day >= s->start && day <= s->end)
		buf_printf(&b, ", day %d of %d%s", (int)(day - s->start + 1),
		    sprint_days(s), s->has_break_day && day == s->break_day ?
		    " (the break day)" : "");
	buf_addstr(&b, ".\n\n");

	rst_heading(&b, "people present today", '-', 0);
	for (i = 0; i < nregs; i++) {
		if (!people_there(s, &regs[i], day))
			continue;
		buf_addstr(&b, "- ");
		rst_item(&b, regs[i].name);
		buf_addch(&b, '\n');
		present++;
	}
	if (present == 0)
		buf_addstr(&b, "Nobody is registered for this day.\n");
	buf_addch(&b, '\n');

	rst_heading(&b, "tasks", '-', 0);
	if (ntasks == 0)
		buf_addstr(&b, "No tasks yet: reply to the daily mail with "
		    "\"New: what to do\".\n");
	for (i = 0; i < ntasks; i++) {
		if (strcmp(tasks[i].state, "dropped") == 0)
			continue;
		/* "[3]" and not "3.": no enumerated list of numbers that
		 * may have gaps. */
		buf_printf(&b, "- [%d] ", tasks[i].num);
		rst_inline(&b, tasks[i].text);
		if (*tasks[i].people != '\0') {
			buf_addstr(&b, " (");
			rst_inline(&b, tasks[i].people);
			buf_addch(&b, ')');
		}
		if (*plan_state_word(tasks[i].state) != '\0')
			buf_printf(&b, " %s", plan_state_word(tasks[i].state));
		buf_addch(&b, '\n');
	}
	return buf_steal(&b, NULL);
}

int
plan_text_store(struct store *st, int64_t sprint_id, const struct sprint *s,
    day_t day, char **out, char **cause)
{
	struct registry_reg	*regs = NULL;
	struct plan_task	*tasks = NULL;
	size_t			 nregs = 0, ntasks = 0;

	if (registry_list(st, sprint_id, "registered", &regs, &nregs,
	    cause) == -1)
		return -1;
	if (plan_list(st, sprint_id, 0, &tasks, &ntasks, cause) == -1) {
		registry_regs_free(regs, nregs);
		return -1;
	}
	*out = plan_text(s, day, regs, nregs, tasks, ntasks);
	plan_tasks_free(tasks, ntasks);
	registry_regs_free(regs, nregs);
	return 0;
}

enum { PL_NEW, PL_JOIN, PL_DONE, PL_NEXT };
static const struct form_key plan_keys[] = {
	{ "New", PL_NEW, 0, PLAN_MAX_TEXT },
	{ "Join", PL_JOIN, 0, 0 },
	{ "Done", PL_DONE, 1, 4000 },
	{ "Next", PL_NEXT, 1, 4000 },
};

static void PRINTFLIKE(2, 3)
plan_error(struct plan_lines *l, const char *fmt, ...)
{
	va_list	 ap;

	if (l->nerrors >= 16)
		return;
	va_start(ap, fmt);
	l->errors = xreallocarray(l->errors, l->nerrors + 1,
	    sizeof *l->errors);
	l->errors[l->nerrors++] = xvprintf(fmt, ap);
	va_end(ap);
}

/* "3", "3, 4" or "#3 and #4" into nums: 0, or -1 when a part is no
 * number. */
static int
plan_numbers(const char *v, int **nums, size_t *n)
{
	char	*copy = xstrdup(v), *p, *one;
	int	 num, r = 0;

	for (p = copy; (one = strsep(&p, ",;")) != NULL;) {
		char	*and = strstr(one, " and ");

		if (and != NULL) {
			*and = '\0';
			if (plan_number(and + 5, &num) == -1) {
				r = -1;
				break;
			}
			*nums = xreallocarray(*nums, *n + 1, sizeof **nums);
			(*nums)[(*n)++] = num;
		}
		if (*util_trim(one) == '\0' && and != NULL)
			continue;
		if (plan_number(one, &num) == -1) {
			r = -1;
			break;
		}
		*nums = xreallocarray(*nums, *n + 1, sizeof **nums);
		(*nums)[(*n)++] = num;
	}
	free(copy);
	return r;
}

void
plan_read(const char *body, struct plan_lines *l)
{
	struct form		*form;
	const struct form_field	*f;
	size_t			 i;

	memset(l, 0, sizeof *l);
	form = form_read(body != NULL ? body : "", plan_keys,
	    nitems(plan_keys));
	for (i = 0; i < form->nfields; i++) {
		f = &form->fields[i];
		/* A misspelled key is some other form's. */
		if (f->near)
			continue;
		l->any = 1;
		switch (f->id) {
		case PL_NEW:
			if (*f->value == '\0') {
				plan_error(l, "New: expects what is to be "
				    "done, such as \"New: fix the JIT's float "
				    "bug\"");
				break;
			}
			l->added = xreallocarray(l->added, l->nadded + 1,
			    sizeof *l->added);
			l->added[l->nadded++] = xstrdup(f->value);
			break;
		case PL_JOIN:
			if (plan_numbers(f->value, &l->joined,
			    &l->njoined) == -1 || *f->value == '\0')
				plan_error(l, "Join: expects a task number "
				    "such as 3 (got \"%.40s\")", f->value);
			break;
		case PL_DONE:
			/* A number is a task (its line only); words are the
			 * summary. */
			if ((*f->value >= '0' && *f->value <= '9') ||
			    *f->value == '#') {
				char	*line = xstrndup(f->value,
				    strcspn(f->value, "\n"));

				if (plan_numbers(line, &l->done,
				    &l->ndone) == -1)
					plan_error(l, "Done: expects a task "
					    "number such as 3, or what you "
					    "worked on in words (got "
					    "\"%.40s\")", line);
				free(line);
			} else if (*f->value != '\0') {
				free(l->done_text);
				l->done_text = xstrdup(f->value);
			}
			break;
		case PL_NEXT:
			if (*f->value != '\0') {
				free(l->next_text);
				l->next_text = xstrdup(f->value);
			}
			break;
		}
	}
	form_free(&form);
}

void
plan_lines_clear(struct plan_lines *l)
{
	size_t	 i;

	for (i = 0; i < l->nadded; i++)
		free(l->added[i]);
	free(l->added);
	free(l->joined);
	free(l->done);
	free(l->done_text);
	free(l->next_text);
	for (i = 0; i < l->nerrors; i++)
		free(l->errors[i]);
	free(l->errors);
	memset(l, 0, sizeof *l);
}
