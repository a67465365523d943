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
 * fuzz_render.c -- libFuzzer target: any bytes as a template through
 * render_parse, and what parses through render_run with values for every
 * name the shipped templates may use (strings with newlines, controls and
 * tags of their own, lists of three records). Built by scripts/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The names of compose.c's groups, all together. */
static const char *const fuzz_vars[] = {
	"sprint.name", "sprint.slug", "sprint.start", "sprint.end",
	"sprint.break_day", "sprint.location", "sprint.venue_name",
	"sprint.venue_address", "sprint.venue_url",
	"sprint.recommended_arrival", "sprint.travel", "sprint.currency",
	"sprint.food", "sprint.capacity", "goals", "goals.text", "organizers",
	"organizers.name", "organizers.email", "lodgings", "lodgings.name",
	"lodgings.note", "questions", "questions.id", "questions.question",
	"questions.rating", "list_address", "email",
	"name", "status", "registered", "waiting", "newcomer",
	"form.name", "form.arrive", "form.depart", "form.accommodation",
	"form.first_sprint", "form.funding", "form.diet", "form.notes",
	"people", "people.name", "people.dates", "people.accommodation",
	"people_count", "waiting_people", "waiting_people.name",
	"waiting_more", "days", "days.date", "days.count", "days.is_break",
	"orig_subject", "problems", "problems.text", "evaluation", "answers",
	"answers.id", "answers.question", "answers.answer", NULL
};

static const char *const fuzz_values[] = {
	"Anna Example", "", "line one\nline two\r\n", "tab\there\x01\x7f",
	"{{name}}", "Zürich – ünïcode", "x",
};

/* 1 when the name is a list: the next names are its fields ("days",
 * then "days.date"). */
static int
fuzz_is_list(size_t i)
{
	size_t	 n = strlen(fuzz_vars[i]);

	return fuzz_vars[i + 1] != NULL &&
	    strncmp(fuzz_vars[i + 1], fuzz_vars[i], n) == 0 &&
	    fuzz_vars[i + 1][n] == '.';
}

static struct render_val *
fuzz_root(void)
{
	struct render_val	*root = render_rec_new(), *recs[3];
	const char		*v, *dot;
	char			*name;
	size_t			 i, j, k = 0;

	for (i = 0; fuzz_vars[i] != NULL; i++) {
		v = fuzz_values[k++ % nitems(fuzz_values)];
		if ((dot = strchr(fuzz_vars[i], '.')) == NULL) {
			if (!fuzz_is_list(i)) {
				render_set(root, fuzz_vars[i], v);
				continue;
			}
			for (j = 0; j < nitems(recs); j++)
				recs[j] = render_list_add(root, fuzz_vars[i]);
			continue;
		}
		name = xstrndup(fuzz_vars[i], (size_t)(dot - fuzz_vars[i]));
		if (strcmp(name, "sprint") == 0 || strcmp(name, "form") == 0)
			render_set(render_sub(root, name), dot + 1, v);
		else {
			for (j = 0; j < nitems(recs); j++)
				render_set(recs[j], dot + 1,
				    fuzz_values[(k + j) % nitems(fuzz_values)]);
		}
		free(name);
	}
	return root;
}

static struct render_val *root;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct render_tmpl	*t = NULL;
	struct render_out	 out;
	char			*cause = NULL;

	if (root == NULL)
		root = fuzz_root();
	if (render_parse("fuzz.txt", (const char *)data, size, fuzz_vars, &t,
	    &cause) == -1) {
		free(cause);
		return 0;
	}
	if (render_run(t, root, &out, &cause) == 0) {
		(void)render_out_header(&out, "Subject");
		render_out_clear(&out);
	} else
		free(cause);
	render_free(&t);
	return 0;
}
