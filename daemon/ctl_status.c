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

/* ctl_status.c -- sprintctl status: the daemon's health, read back. */
#include "config-auto.h"

#include <stdlib.h>

#include "ctl.h"
#include "log.h"
#include "status.h"

int
ctl_status(struct store *st, int poll_interval, int json, FILE *out)
{
	struct status	*s = NULL;
	char		*cause = NULL;
	int		 r;

	if (status_read(st, poll_interval, &s, &cause) == -1)
		goto fail;
	r = json ? status_print_json(s, out, &cause) :
	    status_print_text(s, out, &cause);
	if (r == -1)
		goto fail;
	r = status_healthy(s) ? CTL_OK : CTL_FAIL;
	status_free(&s);
	return r;
fail:
	log_error("status: %s", cause);
	free(cause);
	status_free(&s);
	return CTL_FAIL;
}
