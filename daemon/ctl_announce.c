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

/* ctl_announce.c -- sprintctl announce: schedule the announcement, preview
 * it, cancel it. */
#include "config-auto.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "compose.h"
#include "config.h"
#include "ctl.h"
#include "log.h"
#include "schedule.h"
#include "util.h"

int
ctl_announce(struct store *st, const char *slug, const char *at, int force,
    FILE *out)
{
	struct sprint	*s;
	char		*cause = NULL;
	int64_t		 id;
	int		 r;

	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	if (s->dates_open) {
		log_error("%s: the dates are not fixed yet (the sprint file "
		    "gives options): add it again with start and end first, "
		    "or pre-announce it (sprintctl preannounce)", s->slug);
		sprint_free(&s);
		return CTL_USAGE;
	}
	r = schedule_announce(st, id, s, at, force, &cause);
	if (r == 0)
		fprintf(out, "the announcement of %s goes out at %s (%s) to "
		    "%zu list%s\n", s->slug, at, s->timezone, s->nannounce_to,
		    s->nannounce_to == 1 ? "" : "s");
	else
		log_error("%s", cause);
	free(cause);
	sprint_free(&s);
	return r == 0 ? CTL_OK : r == UTIL_REFUSED ? CTL_USAGE : CTL_FAIL;
}

int
ctl_announce_preview(struct store *st, const struct config *cfg,
    const char *slug, FILE *out)
{
	struct compose	*c = NULL;
	struct sprint	*s;
	char		*cause = NULL, *data = NULL, *p;
	size_t		 len, i;
	int		 r;

	if ((r = ctl_get_sprint(st, slug, &s, NULL)) != CTL_OK)
		return r;
	if (compose_init(cfg, &c, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		sprint_free(&s);
		return CTL_FAIL;
	}
	for (i = 0; i < s->nannounce_to && r == CTL_OK; i++) {
		if (compose_announce_text(c, s, s->announce_to[i], clock_now(),
		    &data, &len, &cause) != 0) {
			log_error("%s: %s", s->announce_to[i], cause);
			free(cause);
			cause = NULL;
			r = CTL_FAIL;
			break;
		}
		if (s->nannounce_to > 1)
			fprintf(out, "%s# mail %zu of %zu, to %s\n", i > 0 ?
			    "\n" : "", i + 1, s->nannounce_to,
			    s->announce_to[i]);
		/* As it goes, but with the terminal's line ends. */
		for (p = data; *p != '\0'; p++) {
			if (p[0] != '\r' || p[1] != '\n')
				fputc(*p, out);
		}
		free(data);
		data = NULL;
	}
	compose_free(&c);
	sprint_free(&s);
	return r;
}

int
ctl_announce_cancel(struct store *st, const char *slug, FILE *out)
{
	struct sprint	*s;
	char		*cause = NULL;
	int64_t		 id;
	int		 r;

	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	r = schedule_announce_cancel(st, id, s, &cause);
	if (r == 0)
		fprintf(out, "the announcement of %s is unscheduled: nothing "
		    "goes out\n", s->slug);
	else if (r == 1)
		fprintf(out, "the announcement of %s was not scheduled\n",
		    s->slug);
	else
		log_error("%s", cause);
	free(cause);
	sprint_free(&s);
	return r >= 0 ? CTL_OK : r == UTIL_REFUSED ? CTL_USAGE : CTL_FAIL;
}
