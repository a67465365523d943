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

/* ctl_outbox.c -- sprintctl outbox, outbox retry and outbox drop. */
#include "config-auto.h"

#include <stdlib.h>

#include "ctl.h"
#include "log.h"
#include "outbox.h"

/* Retries or drops one mail: exit 2 with the reason when refused. */
static int
ctl_outbox_change(struct store *st, int64_t id, int drop, FILE *out)
{
	char	*cause = NULL;
	int	 r;

	r = drop ? outbox_drop(st, id, &cause) : outbox_retry(st, id, &cause);
	if (r != 0) {
		log_error("%s", cause);
		free(cause);
		return r == 1 ? CTL_USAGE : CTL_FAIL;
	}
	if (drop)
		fprintf(out, "mail %lld dropped: it will never be sent\n",
		    (long long)id);
	else
		fprintf(out, "mail %lld is due now: the daemon sends it at its "
		    "next flush\n", (long long)id);
	return CTL_OK;
}

int
ctl_outbox_retry(struct store *st, int64_t id, FILE *out)
{
	return ctl_outbox_change(st, id, 0, out);
}

int
ctl_outbox_drop(struct store *st, int64_t id, FILE *out)
{
	return ctl_outbox_change(st, id, 1, out);
}

int
ctl_outbox(struct store *st, int json, FILE *out)
{
	char	*cause = NULL;

	if (outbox_report(st, json, out, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_FAIL;
	}
	return CTL_OK;
}
