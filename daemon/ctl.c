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

/* ctl.c -- what sprintctl's commands share: finding a sprint, writing
 * a text out. Each command lives in ctl_<command>.c. */
#include "config-auto.h"

#include <stdlib.h>

#include "ctl.h"
#include "log.h"
#include "registry.h"
#include "util.h"

int
ctl_get_sprint(struct store *st, const char *slug, struct sprint **s,
    int64_t *id)
{
	char	*cause = NULL;
	int	 r;

	if ((r = registry_sprint_get(st, slug, s, id, &cause)) == 0)
		return CTL_OK;
	if (r == 1)
		log_error("no sprint \"%s\" (see sprintctl sprint list)", slug);
	else
		log_error("%s", cause);
	free(cause);
	return r == 1 ? CTL_USAGE : CTL_FAIL;
}

int
ctl_write(const char *text, FILE *out)
{
	if (fputs(text, out) == EOF || fflush(out) == EOF) {
		log_error("writing the report failed");
		return CTL_FAIL;
	}
	return CTL_OK;
}
