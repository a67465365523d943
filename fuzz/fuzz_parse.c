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
 * fuzz_parse.c -- libFuzzer target: any bytes through parse_message and
 * parse_to_json, against a fixed sprint. Built by scripts/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "parse.h"
#include "sprint.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char fuzz_sprint[] =
    "slug: leysin-2027\n"
    "name: PyPy Leysin Winter Sprint 2027\n"
    "start: 2027-01-08\nend: 2027-01-14\nbreak_day: 2027-01-11\n"
    "timezone: UTC\ncapacity: 15\nlocation: Leysin, Switzerland\n"
    "venue: {name: Chalet Ermina, address: \"Leysin\", url: \"https://example.org/\"}\n"
    "recommended_arrival: 2027-01-07\n"
    "goals: [JIT]\nannounce_to: [pypy-dev@python.org]\n"
    "organizers: [{name: Armin Rigo, email: arigo@example.org}]\n"
    "local_info: {travel: train, currency: CHF, food: cook,"
    " accommodation: [{name: Ermina, note: \"60 CHF\"}]}\n"
    "evaluation:\n"
    "  - {id: overall, type: rating, question: \"Overall? (1-5)\"}\n"
    "  - {id: change, type: text, question: \"Change?\"}\n";

static struct sprint *sp;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_result	*r = NULL;
	struct form		*f;
	char			*cause = NULL, *json, *text;

	if (sp == NULL && sprint_load_string("fuzz", fuzz_sprint,
	    strlen(fuzz_sprint), &sp, &cause) != 0)
		abort();
	static const struct parse_self	 self = { "pypy-dev@python.org",
	    "PyPy sprints <sprints@example.org>" };

	if (parse_message((const char *)data, size, sp, &self, &r,
	    &cause) == 0) {
		json = parse_to_json(r, sp->slug);
		free(json);
		parse_free(&r);
	} else
		free(cause);
	/* The form reader straight on the bytes, as a body would reach it. */
	text = xstrndup((const char *)data, size);
	{
		static const struct form_key	 keys[] = {
			{ "Arrive/Depart", 1, 0, 0 },
			{ "Notes", 2, 1, 64 },
			{ "Name", 3, 0, 16 },
		};

		f = form_read(text, keys, 3);
		form_free(&f);
	}
	free(text);
	return 0;
}
