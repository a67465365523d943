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
/* ctl_parse.c -- sprintctl parse: one message read as sprintd reads it. */
#include "config-auto.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "log.h"
#include "mime.h"
#include "parse.h"
#include "util.h"

int
ctl_parse(const struct sprint *s, const struct parse_self *self,
    const char *file, FILE *out)
{
	struct parse_result	*res = NULL;
	char			*raw = NULL, *json, *cause = NULL;
	size_t			 len;
	FILE			*f;

	/* Read at most one byte past the limit: an oversized message is
	 * then classified by the parser, without reading all of it. */
	if ((f = fopen(file, "rb")) == NULL) {
		log_error("%s: %s", file, strerror(errno));
		return CTL_USAGE;
	}
	raw = xmalloc(MIME_MAX_MESSAGE + 2);
	len = fread(raw, 1, MIME_MAX_MESSAGE + 1, f);
	if (ferror(f)) {
		log_error("%s: read error", file);
		fclose(f);
		free(raw);
		return CTL_USAGE;
	}
	fclose(f);
	raw[len] = '\0';
	if (parse_message(raw, len, s, self, &res, &cause) == -1) {
		log_error("%s: %s", file, cause);
		free(cause);
		free(raw);
		return CTL_USAGE;
	}
	json = parse_to_json(res, s->slug);
	fprintf(out, "%s\n", json);
	free(json);
	parse_free(&res);
	free(raw);
	return CTL_OK;
}
