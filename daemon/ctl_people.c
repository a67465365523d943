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

/* ctl_people.c -- sprintctl people. */
#include "config-auto.h"

#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "log.h"
#include "registry.h"
#include "peoplelist.h"
#include "util.h"

/* Prints the people report of the sprint slug. */
static int
ctl_report(struct store *st, const char *slug, const char *format,
    FILE *out)
{
	struct sprint		*s = NULL;
	enum peoplelist_format	 f = PEOPLELIST_RST;
	char			*text = NULL, *cause = NULL;
	int64_t			 id;
	int			 r, public = strcmp(format, "public") == 0;

	if (!public && (peoplelist_format_parse(format, &f) == -1 ||
	    f == PEOPLELIST_TEXT)) {
		log_error("unknown format \"%s\"", format);
		return CTL_USAGE;
	}
	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	/* "public": the people.txt published, byte for byte. */
	if ((public ? peoplelist_public(st, id, s, &text, &cause) :
	    peoplelist_people(st, id, s, f, &text, &cause)) == -1) {
		log_error("%s: %s", slug, cause);
		free(cause);
		sprint_free(&s);
		return CTL_FAIL;
	}
	r = fputs(text, out) == EOF || fflush(out) == EOF;
	if (r)
		log_error("writing the report failed");
	free(text);
	sprint_free(&s);
	return r ? CTL_FAIL : CTL_OK;
}

int
ctl_people(struct store *st, const char *slug, const char *format, FILE *out)
{
	return ctl_report(st, slug, format, out);
}
