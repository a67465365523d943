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

/* ctl_evaluation.c -- sprintctl evaluation. */
#include "config-auto.h"

#include <stdlib.h>

#include "ctl.h"
#include "evaluation.h"
#include "log.h"
#include "util.h"

int
ctl_evaluation(struct store *st, const char *slug, const char *format,
    int min_answers, FILE *out)
{
	struct sprint		*s = NULL;
	enum evaluation_format	 f;
	char			*text = NULL, *cause = NULL;
	int64_t			 id;
	int			 r;

	if (evaluation_format_parse(format, &f) == -1 || f == EVALUATION_RST) {
		log_error("unknown format \"%s\": text or json", format);
		return CTL_USAGE;
	}
	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	if (evaluation_report(st, id, s, min_answers, f, &text,
	    &cause) == -1) {
		log_error("%s: %s", slug, cause);
		free(cause);
		sprint_free(&s);
		return CTL_FAIL;
	}
	r = ctl_write(text, out);
	free(text);
	sprint_free(&s);
	return r;
}
