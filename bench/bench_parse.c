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
 * bench_parse.c -- times parse_message on a ~100 KB reply (a registration
 * form on top of a long quoted thread, text and HTML alternatives) and
 * prints microseconds per parse. Usage: bench_parse [N] [SPRINT.yaml]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse.h"
#include "sprint.h"
#include "util.h"

static void
build(struct buf *b)
{
	int	 i;

	buf_addstr(b, "From: Anna Example <anna@example.org>\n"
	    "To: pypy-dev@python.org\n"
	    "Subject: Re: [pypy-dev] PyPy Leysin Winter Sprint 2027\n"
	    "Message-ID: <bench@example.org>\n"
	    "In-Reply-To: <announce-2027@example.org>\n"
	    "List-Id: PyPy development <pypy-dev.python.org>\n"
	    "Precedence: list\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/alternative; boundary=\"bb\"\n\n"
	    "--bb\nContent-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n"
	    "Name: Anna Example\nArrive/Depart: 7-14\n"
	    "Accommodation: Ermina\nFirst sprint: no\nFunding: no\n"
	    "Notes: I can give the tutorial on the JIT again, J=C3=BCrgen\n"
	    "asked for it.\n\nOn Mon, Dec 7, 2026 at 9:00 AM Armin Rigo"
	    " <arigo@example.org> wrote:\n");
	for (i = 0; i < 820; i++)
		buf_printf(b, "> line %d of a long thread about the sprint,"
		    " with Caf=C3=A9 and quoted text\n", i);
	buf_addstr(b, "\n--bb\nContent-Type: text/html; charset=UTF-8\n\n"
	    "<div>Name: Anna Example<br>Arrive/Depart: 7-14</div>"
	    "<div class=\"gmail_quote\"><blockquote>");
	for (i = 0; i < 820; i++)
		buf_printf(b, "<p>line %d of a long thread &amp; more</p>\n",
		    i);
	buf_addstr(b, "</blockquote></div>\n--bb--\n");
}

int
main(int argc, char **argv)
{
	const char		*top = getenv("top_srcdir");
	struct sprint		*sp = NULL;
	static const struct parse_self	 self = { "pypy-dev@python.org",
	    "PyPy sprints <sprints@example.org>" };
	struct parse_result	*r;
	struct timespec		 t0, t1;
	struct buf		 b;
	char			*path, *cause = NULL;
	long			 n = argc > 1 ? strtol(argv[1], NULL, 10) : 200, i;
	double			 us;

	if (n < 1)
		n = 1;
	path = argc > 2 ? xstrdup(argv[2]) : xprintf("%s/tests/data/mail/"
	    "sprint.yaml", top != NULL ? top : ".");
	if (sprint_load_file(path, &sp, &cause) != 0) {
		fprintf(stderr, "bench_parse: %s\n", cause);
		return 1;
	}
	buf_init(&b, 0);
	build(&b);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		if (parse_message(b.data, b.len, sp, &self, &r,
		    &cause) != 0) {
			fprintf(stderr, "bench_parse: %s\n", cause);
			return 1;
		}
		if (i == 0 && r->kind != PARSE_REGISTRATION) {
			fprintf(stderr, "bench_parse: read as %s\n",
			    parse_kind_name(r->kind));
			return 1;
		}
		parse_free(&r);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = ((double)(t1.tv_sec - t0.tv_sec) * 1e6 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) / (double)n;
	printf("parse_message: %zu bytes, %ld runs, %.1f us per parse\n",
	    b.len, n, us);
	buf_free(&b);
	sprint_free(&sp);
	free(path);
	return 0;
}
