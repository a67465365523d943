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

/* ctl_invite.c -- sprintctl import-people and sprintctl invite. */
#include "config-auto.h"

#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "ctl.h"
#include "ctl_invite.h"
#include "invite.h"
#include "log.h"
#include "mailreq.h"
#include "outbox.h"
#include "peopletxt.h"
#include "util.h"

int
ctl_import_people(struct store *st, const char *slug, const char *file,
    FILE *out, FILE *report)
{
	struct peopletxt_stats	 stats;
	struct sprint		*s = NULL;
	const char		*base;
	char			*data = NULL, *cause = NULL;
	size_t			 len;
	int64_t			 id;
	int			 r;

	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	if (util_read_file(file, PEOPLETXT_MAX, &data, &len, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		sprint_free(&s);
		return CTL_USAGE;
	}
	/* Reports and the store name the file, not where it lies. */
	base = strrchr(file, '/') != NULL ? strrchr(file, '/') + 1 : file;
	if ((r = peopletxt_import(st, id, s, base, data, len, report, &stats,
	    &cause)) < 0) {
		log_error("%s", cause);
		free(cause);
		/* Not a people.txt at all, which is bad input. */
		r = r == UTIL_REFUSED ? CTL_USAGE : CTL_FAIL;
	} else {
		fprintf(out, "%s: %zu registration%s imported, %zu unchanged, "
		    "%zu past attendee%s, %zu row%s skipped\n", slug,
		    stats.imported, stats.imported == 1 ? "" : "s",
		    stats.unchanged, stats.past, stats.past == 1 ? "" : "s",
		    stats.skipped, stats.skipped == 1 ? "" : "s");
		r = stats.skipped > 0 ? CTL_FAIL : CTL_OK;
	}
	free(data);
	sprint_free(&s);
	return r;
}

/*
 * Only sprintd composes mail: the invitations are asked of it, once the
 * preview says who gets one (and the command is not refused).
 */
static int
ctl_invite_request(struct store *st, struct compose *c, int64_t id,
    const struct sprint *s, FILE *out, char **cause)
{
	struct mailreq	 rq = { .kind = MAILREQ_INVITE, .sprint_id = id };
	FILE		*devnull;
	size_t		 n;
	int		 r;

	if ((devnull = fopen("/dev/null", "w")) == NULL) {
		*cause = xstrdup("/dev/null cannot be opened");
		return -1;
	}
	r = invite_run(st, c, id, s, 1, devnull, &n, cause);
	fclose(devnull);
	if (r != 0)
		return r;
	if (n == 0) {
		fprintf(out, "0 invitations for %s: nobody to invite.\n",
		    s->slug);
		return 0;
	}
	if (mailreq_add(st, &rq, cause) == -1)
		return -1;
	fprintf(out, "%zu invitation%s requested for %s; sprintd queues and "
	    "sends them at its next run.\n", n, n == 1 ? "" : "s", s->slug);
	return 0;
}

int
ctl_invite(struct store *st, const struct config *cfg, const char *slug,
    int preview, FILE *out)
{
	struct compose	*c = NULL;
	struct sprint	*s = NULL;
	char		*cause = NULL;
	size_t		 n;
	int64_t		 id;
	int		 r;

	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	if (compose_init(cfg, &c, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		sprint_free(&s);
		return CTL_FAIL;
	}
	/* The preview queues in a transaction it undoes: under a key of its
	 * own that nothing keeps. */
	if ((r = outbox_key_ephemeral(&cause)) == 0) {
		if (preview)
			r = invite_run(st, c, id, s, 1, out, &n, &cause);
		else
			r = ctl_invite_request(st, c, id, s, out, &cause);
	}
	outbox_key_set(NULL, 0);
	if (r != 0)
		log_error("%s", cause);
	free(cause);
	compose_free(&c);
	sprint_free(&s);
	return r == 0 ? CTL_OK : r == UTIL_REFUSED ? CTL_USAGE : CTL_FAIL;
}
