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
/* ctl_digest.c -- sprintctl digest: the organizer digest, printed or
 * queued. */
#include "config-auto.h"

#include <stdlib.h>

#include "compose.h"
#include "config.h"
#include "ctl.h"
#include "digest.h"
#include "log.h"
#include "mailreq.h"

int
ctl_digest(struct store *st, const struct config *cfg, const char *slug,
    int send, FILE *out)
{
	struct compose	*c = NULL;
	struct sprint	*s = NULL;
	char		*cause = NULL;
	int64_t		 id;
	int		 r;

	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	r = CTL_FAIL;
	if (send) {
		struct mailreq	 rq = { .kind = MAILREQ_DIGEST,
		    .sprint_id = id };

		/* Only sprintd composes mail: it is asked to. */
		if (mailreq_add(st, &rq, &cause) == -1) {
			log_error("%s", cause);
			goto out;
		}
		fprintf(out, "digest of %s requested for %zu organizer%s; "
		    "sprintd composes and sends it at its next run\n", s->slug,
		    s->norganizers, s->norganizers == 1 ? "" : "s");
	} else if (compose_init(cfg, &c, &cause) == -1 ||
	    digest_now(st, c, s, id, 0, out, &cause) == -1) {
		log_error("%s", cause);
		goto out;
	}
	r = CTL_OK;
out:
	free(cause);
	compose_free(&c);
	sprint_free(&s);
	return r;
}
