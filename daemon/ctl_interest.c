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

/* ctl_interest.c -- sprintctl preannounce and interest: the plan to the
 * lists before the dates are fixed, and who would come when. */
#include "config-auto.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "ctl.h"
#include "dates.h"
#include "interest.h"
#include "log.h"
#include "schedule.h"
#include "util.h"

/* When the pre-announcement of a sprint went, or was queued: 0, 1 with
 * *when (new) when it did, -1 with *cause. */
static int
ctl_preannounce_went(struct store *st, int64_t id, char **when, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*when = NULL;
	if (store_prepare(st, "SELECT done_at FROM jobs WHERE sprint_id = ?1 "
	    "AND kind = 'preannounce' AND done_at IS NOT NULL AND skipped = 0",
	    &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*when = store_column_dup(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the pre-announcement's job");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
ctl_preannounce(struct store *st, const char *slug, const char *at, int force,
    FILE *out)
{
	struct sprint	*s;
	const char	*p = at;
	char		*cause = NULL, *when = NULL, a[11], b[11];
	int64_t		 id;
	int		 r, y, mo, d, h, mi;
	time_t		 t, lo, hi;
	day_t		 first;

	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	r = CTL_USAGE;
	if (s->noptions == 0) {
		log_error("%s: the sprint file has no options: to "
		    "pre-announce, give 1 to %d candidate date ranges as "
		    "options: [{start: YYYY-MM-DD, end: YYYY-MM-DD}]", s->slug,
		    SPRINT_MAX_OPTIONS);
		goto out;
	}
	if (!s->dates_open && !force) {
		log_error("%s: the dates are fixed already (start and end): "
		    "announce it (sprintctl announce), or use --force",
		    s->slug);
		goto out;
	}
	if (util_scan_int(&p, 4, &y) == -1 || *p++ != '-' ||
	    util_scan_int(&p, 2, &mo) == -1 || *p++ != '-' ||
	    util_scan_int(&p, 2, &d) == -1 ||
	    util_scan_int(&p, 2, &h) == -1 || *p++ != ':' ||
	    util_scan_int(&p, 2, &mi) == -1 || *p != '\0' ||
	    !dates_valid_ymd(y, mo, d) || h > 23 || mi > 59 || h < 0 ||
	    mi < 0) {
		log_error("--at \"%s\": expected \"YYYY-MM-DD HH:MM\" (a real "
		    "date and time, in %s)", at, s->timezone);
		goto out;
	}
	if (clock_local_to_utc(s->timezone, y, mo, d, h, mi, &t) == -1) {
		log_error("--at \"%s\": that time does not exist in %s", at,
		    s->timezone);
		goto out;
	}
	/* Any time on the days from 90 to 21 days before the earliest
	 * option. */
	first = interest_earliest(s);
	dates_to_ymd(first - INTEREST_MAX_DAYS, &y, &mo, &d);
	if (clock_local_to_utc(s->timezone, y, mo, d, 0, 0, &lo) == -1)
		lo = 0;
	dates_to_ymd(first - INTEREST_MIN_DAYS + 1, &y, &mo, &d);
	if (clock_local_to_utc(s->timezone, y, mo, d, 0, 0, &hi) == -1)
		hi = 0;
	if (!force && (t < lo || t >= hi)) {
		dates_format_iso(first - INTEREST_MAX_DAYS, a);
		dates_format_iso(first - INTEREST_MIN_DAYS, b);
		log_error("--at \"%s\": the pre-announcement must go out %d to "
		    "%d days before the earliest option, so from %s 00:00 to "
		    "%s 23:59 (%s); use --force to override", at,
		    INTEREST_MIN_DAYS, INTEREST_MAX_DAYS, a, b, s->timezone);
		goto out;
	}
	r = CTL_FAIL;
	if (store_begin(st, &cause) == -1)
		goto fail;
	if ((r = ctl_preannounce_went(st, id, &when, &cause)) != 0) {
		store_rollback(st);
		if (r == 1) {
			log_error("the pre-announcement of %s went at %s: it "
			    "is not sent twice", s->slug, when);
			r = CTL_USAGE;
			goto out;
		}
		r = CTL_FAIL;
		goto fail;
	}
	if (schedule_add_job(st, id, schedule_kinds[SCHEDULE_PREANNOUNCE].name,
	    t, &cause) == -1 || store_commit(st, &cause) == -1) {
		store_rollback(st);
		r = CTL_FAIL;
		goto fail;
	}
	fprintf(out, "the pre-announcement of %s goes out at %s (%s) to %zu "
	    "list%s, with %zu option%s\n", s->slug, at, s->timezone,
	    s->nannounce_to, s->nannounce_to == 1 ? "" : "s", s->noptions,
	    s->noptions == 1 ? "" : "s");
	r = CTL_OK;
	goto out;
fail:
	log_error("%s: %s", s->slug, cause);
out:
	free(cause);
	free(when);
	sprint_free(&s);
	return r;
}

int
ctl_interest(struct store *st, const char *slug, const char *format,
    FILE *out)
{
	struct interest_counts	 ic;
	struct sprint		*s;
	char			*cause = NULL, *text;
	int64_t			 id;
	int			 r;

	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
		log_error("unknown format \"%s\": text or json", format);
		return CTL_USAGE;
	}
	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	if (interest_count(st, id, &ic, &cause) == -1) {
		log_error("%s: %s", slug, cause);
		free(cause);
		sprint_free(&s);
		return CTL_FAIL;
	}
	if (strcmp(format, "json") == 0) {
		char	*j = interest_counts_json(s->slug, &ic);

		text = xprintf("%s\n", j);
		free(j);
	} else
		text = interest_counts_text(s, &ic);
	r = ctl_write(text, out);
	free(text);
	interest_counts_clear(&ic);
	sprint_free(&s);
	return r;
}
