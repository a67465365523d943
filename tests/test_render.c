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

/* test_render.c -- the template engine: values, blocks, escaping, load-time
 * checks and the template search path. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render.h"
#include "util.h"

static const char *const vars[] = {
	"name", "status", "note", "sprint.name", "people", "people.name",
	"people.days", "people.days.d", "flag", NULL
};

/* Parses text as FILE "t.txt"; fails the test on an error. */
static struct render_tmpl *
parse_ok(const char *text)
{
	struct render_tmpl	*t = NULL;
	char			*cause = NULL;

	if (render_parse("t.txt", text, strlen(text), vars, &t, &cause) != 0)
		fail_msg("parse: %s", cause);
	return t;
}

/* Returns the parse error of text (caller frees). */
static char *
parse_err(const char *text)
{
	struct render_tmpl	*t = NULL;
	char			*cause = NULL;

	assert_int_equal(render_parse("t.txt", text, strlen(text), vars, &t,
	    &cause), -1);
	assert_null(t);
	assert_non_null(cause);
	return cause;
}

static void
run_ok(const char *text, const struct render_val *root,
    struct render_out *out)
{
	struct render_tmpl	*t = parse_ok(text);
	char			*cause = NULL;

	if (render_run(t, root, out, &cause) != 0)
		fail_msg("run: %s", cause);
	render_free(&t);
	assert_null(t);
}

static void
test_variables(void **state)
{
	struct render_val	*v = render_rec_new();
	struct render_out	 out;

	(void)state;
	render_set(v, "name", "Anna");
	render_set(v, "name", "Anna Example");	/* replaces */
	render_set(render_sub(v, "sprint"), "name", "Leysin 2027");
	run_ok("{{! a comment }}\nSubject: Hello {{ name }}\n\n"
	    "Dear {{name}},\nwelcome to {{sprint.name}}.{{status}}|\n", v,
	    &out);
	assert_int_equal(out.nheaders, 1);
	assert_string_equal(out.headers[0].name, "Subject");
	assert_string_equal(out.headers[0].value, "Hello Anna Example");
	assert_string_equal(render_out_header(&out, "subject"),
	    "Hello Anna Example");
	/* An unset declared variable renders empty. */
	assert_string_equal(out.body,
	    "Dear Anna Example,\nwelcome to Leysin 2027.|\n");
	render_out_clear(&out);
	render_val_free(&v);
	assert_null(v);
}

static void
test_conditionals(void **state)
{
	struct render_val	*v = render_rec_new();
	struct render_out	 out;
	const char		*t = "Subject: x\n\n"
	    "{{#if flag}}\n"
	    "flag on\n"
	    "{{else}}\n"
	    "flag off\n"
	    "{{/if}}\n"
	    "[{{#if people}}some{{else}}none{{/if}}]\n";

	(void)state;
	run_ok(t, v, &out);
	assert_string_equal(out.body, "flag off\n[none]\n");
	render_out_clear(&out);

	render_set_flag(v, "flag", 1);
	render_list_add(v, "people");
	run_ok(t, v, &out);
	assert_string_equal(out.body, "flag on\n[some]\n");
	render_out_clear(&out);

	render_set_flag(v, "flag", 0);
	render_list(v, "people");	/* an empty list is false */
	run_ok(t, v, &out);
	assert_string_equal(out.body, "flag off\n[some]\n");
	render_out_clear(&out);
	render_val_free(&v);
}

static void
test_loops(void **state)
{
	struct render_val	*v = render_rec_new(), *p;
	struct render_out	 out;

	(void)state;
	render_set(v, "note", "!");
	p = render_list_add(v, "people");
	render_set(p, "name", "Anna");
	render_set(render_list_add(p, "days"), "d", "1");
	render_set(render_list_add(p, "days"), "d", "2");
	p = render_list_add(v, "people");
	render_set(p, "name", "Bob");
	/* Inside the loop the record's fields shadow nothing outside but
	 * are visible by their bare names; outer names stay visible. */
	run_ok("Subject: x\n\n"
	    "{{#each people}}\n"
	    "{{name|pad:6}}|{{#each days}}{{d}},{{/each}}{{note}}\n"
	    "{{/each}}\n", v, &out);
	assert_string_equal(out.body, "Anna  |1,2,!\nBob   |!\n");
	render_out_clear(&out);

	/* pad cuts to N-1 columns, counting UTF-8 characters. */
	render_set(v, "name", "M\xc3\xbcller-Lüdenscheidt");
	run_ok("Subject: x\n\n[{{name|pad:8}}]\n", v, &out);
	assert_string_equal(out.body, "[M\xc3\xbcller- ]\n");
	render_out_clear(&out);

	/* rule underlines a title, one character per UTF-8 character. */
	render_set(v, "name", "M\xc3\xbcller");
	run_ok("Subject: x\n\n{{name}}\n{{name|rule:=}}\n", v, &out);
	assert_string_equal(out.body, "M\xc3\xbcller\n======\n");
	render_out_clear(&out);
	render_val_free(&v);
}

static void
test_escaping(void **state)
{
	struct render_val	*v = render_rec_new();
	struct render_out	 out;

	(void)state;
	render_set(v, "name", "Eve\r\nBcc: victim@example.org");
	render_set(v, "note", "line 1\r\nline 2\x1b[31m\x07\n\tend");
	run_ok("Subject: Re: {{name}}\nX-Note: {{note}}\n\n{{note}}\n{{name}}\n",
	    v, &out);
	/* The header value cannot start a line of its own. */
	assert_int_equal(out.nheaders, 2);
	assert_string_equal(out.headers[0].name, "Subject");
	assert_string_equal(out.headers[0].value,
	    "Re: EveBcc: victim@example.org");
	assert_null(render_out_header(&out, "Bcc"));
	assert_null(strchr(out.headers[1].value, '\x1b'));
	assert_null(strchr(out.headers[1].value, '\n'));
	/* The body keeps newlines and tabs, loses CR and other controls. */
	assert_string_equal(out.body,
	    "line 1\nline 2[31m\n\tend\nEve\nBcc: victim@example.org\n");
	render_out_clear(&out);
	render_val_free(&v);
}

/* |date writes an ISO day as prose does; anything else passes through. */
static void
test_date_filter(void **state)
{
	static const struct {
		const char	*value;
		const char	*want;
	} cases[] = {
		{ "2027-01-07", "Thu 7 Jan" },
		{ "2027-01-10", "Sun 10 Jan" },
		{ "2024-02-29", "Thu 29 Feb" },
		{ "2026-12-31", "Thu 31 Dec" },
		{ "?", "?" },
		{ "", "" },
		{ "lives there", "lives there" },
		{ "2027-02-30", "2027-02-30" },		/* not a real day */
		{ "2027-1-7", "2027-1-7" },
	};
	struct render_val	*v = render_rec_new();
	struct render_out	 out;
	char			*want;
	size_t			 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		render_set(v, "name", cases[i].value);
		run_ok("Subject: on {{name|date}}\n\n[{{name|date}}]\n", v,
		    &out);
		want = xprintf("[%s]\n", cases[i].want);
		if (strcmp(out.body, want) != 0)
			fail_msg("case %zu: \"%s\" rendered \"%s\", want "
			    "\"%s\"", i, cases[i].value, out.body, want);
		/* The same in a header. */
		free(want);
		want = xprintf("on %s", cases[i].want);
		util_trim(want);
		assert_string_equal(render_out_header(&out, "Subject"), want);
		free(want);
		render_out_clear(&out);
	}
	render_val_free(&v);
}

static void
test_unknown_variable(void **state)
{
	char	*cause;

	(void)state;
	cause = parse_err("Subject: x\n\nline 3\n{{#each people}}\n"
	    "{{name}} {{nmae}}\n{{/each}}\n");
	assert_non_null(strstr(cause, "t.txt:5: unknown variable \"nmae\""));
	assert_non_null(strstr(cause, "(this template may use: name, status, "));
	free(cause);

	/* A list's field is only visible inside its loop. */
	cause = parse_err("Subject: x\n\n{{days}}\n");
	assert_non_null(strstr(cause, "t.txt:3: unknown variable \"days\""));
	free(cause);
	cause = parse_err("Subject: {{sprint.nope}}\n\n");
	assert_non_null(strstr(cause, "t.txt:1: unknown variable "
	    "\"sprint.nope\""));
	free(cause);
	cause = parse_err("Subject: x\n\n{{#if missing}}{{/if}}\n");
	assert_non_null(strstr(cause, "t.txt:3: unknown variable \"missing\""));
	free(cause);
}

static void
test_syntax_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "Subject: x\n\n{{#if flag}}\nyes\n",
		    "t.txt:3: {{#if flag}} is not closed by {{/if}}" },
		{ "Subject: x\n\n\n{{#each people}}{{/if}}",
		    "t.txt:4: {{/if}} where {{/each}} closes" },
		{ "Subject: x\n\n{{/each}}", "t.txt:3: {{/each}} without" },
		{ "Subject: x\n\n{{else}}", "t.txt:3: {{else}} without" },
		{ "Subject: x\n\n{{#unless flag}}{{/unless}}",
		    "t.txt:3: unknown directive \"{{#unless flag}}\"" },
		{ "Subject: x\n\n{{> partial}}", "t.txt:3: unknown directive" },
		{ "Subject: x\n\n{{name|upper}}", "t.txt:3: unknown filter" },
		{ "Subject: x\n\n{{name|pad:0}}", "t.txt:3: unknown filter" },
		{ "Subject: x\n\n{{name|date:x}}", "t.txt:3: unknown filter" },
		{ "Subject: x\n\nok\n{{name", "t.txt:4: \"{{\" is not closed" },
		{ "Subject: x\n\n{{na me}}", "t.txt:3: bad variable name" },
		{ "Subject: x\nbody without a blank line\n",
		    "t.txt: no blank line between the headers" },
	};
	size_t	 i;
	char	*cause;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		cause = parse_err(cases[i].text);
		if (strstr(cause, cases[i].want) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, cause,
			    cases[i].want);
		free(cause);
	}
}

static void
test_bad_header_line(void **state)
{
	struct render_tmpl	*t = parse_ok("Subject: x\nnot a header\n\nb\n");
	struct render_val	*v = render_rec_new();
	struct render_out	 out;
	char			*cause = NULL;

	(void)state;
	assert_int_equal(render_run(t, v, &out, &cause), -1);
	assert_non_null(strstr(cause, "\"not a header\" is not"));
	assert_int_equal(out.nheaders, 0);
	free(cause);
	render_free(&t);
	render_val_free(&v);
}

static void
write_file(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_search_path(void **state)
{
	char			 dir[] = "/tmp/sprintd-test-render-XXXXXX";
	char			*over, *env, *p, *cause = NULL, *cmd;
	struct render_tmpl	*t = NULL;
	struct render_val	*v = render_rec_new();
	struct render_out	 out;

	(void)state;
	assert_non_null(mkdtemp(dir));
	over = xprintf("%s/over", dir);
	env = xprintf("%s/env", dir);
	assert_int_equal(mkdir(over, 0700), 0);
	assert_int_equal(mkdir(env, 0700), 0);
	p = xprintf("%s/a.txt", env);
	write_file(p, "Subject: env\n\n");
	free(p);
	p = xprintf("%s/b.txt", env);
	write_file(p, "Subject: env\n\n");
	free(p);
	p = xprintf("%s/a.txt", over);
	write_file(p, "Subject: override\n\n");
	free(p);
	setenv("SPRINTD_TEMPLATES", env, 1);

	/* The override directory wins... */
	assert_int_equal(render_load(over, "a.txt", vars, &t, &cause), 0);
	assert_int_equal(render_run(t, v, &out, &cause), 0);
	assert_string_equal(render_out_header(&out, "Subject"), "override");
	assert_non_null(strstr(render_file(t), "/over/a.txt"));
	render_out_clear(&out);
	render_free(&t);
	/* ...and what it lacks comes from SPRINTD_TEMPLATES. */
	assert_int_equal(render_load(over, "b.txt", vars, &t, &cause), 0);
	assert_int_equal(render_run(t, v, &out, &cause), 0);
	assert_string_equal(render_out_header(&out, "Subject"), "env");
	render_out_clear(&out);
	render_free(&t);
	assert_int_equal(render_load(NULL, "a.txt", vars, &t, &cause), 0);
	assert_non_null(strstr(render_file(t), "/env/a.txt"));
	render_free(&t);

	/* Errors name the file that was read. */
	p = xprintf("%s/bad.txt", over);
	write_file(p, "Subject: x\n\n{{nope}}\n");
	assert_int_equal(render_load(over, "bad.txt", vars, &t, &cause), -1);
	cmd = xprintf("%s:3: unknown variable \"nope\"", p);
	assert_non_null(strstr(cause, cmd));
	free(cmd);
	free(cause);
	free(p);
	assert_int_equal(render_load(over, "none.txt", vars, &t, &cause), -1);
	assert_non_null(strstr(cause, "template none.txt not found"));
	free(cause);
	assert_int_equal(render_load(over, "../over/a.txt", vars, &t, &cause),
	    -1);
	free(cause);
	/* An override that is not a regular file is an error, not a
	 * reason to fall back on the shipped template. */
	p = xprintf("%s/b.txt", over);
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(render_load(over, "b.txt", vars, &t, &cause), -1);
	cmd = xprintf("%s: not a regular file", p);
	assert_string_equal(cause, cmd);
	free(cmd);
	free(cause);
	assert_int_equal(rmdir(p), 0);
	assert_int_equal(symlink("/nonexistent", p), 0);
	assert_int_equal(render_load(over, "b.txt", vars, &t, &cause), -1);
	free(cause);
	free(p);

	unsetenv("SPRINTD_TEMPLATES");
	cmd = xprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(over);
	free(env);
	render_val_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_variables),
		cmocka_unit_test(test_conditionals),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_date_filter),
		cmocka_unit_test(test_unknown_variable),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_bad_header_line),
		cmocka_unit_test(test_search_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
