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


/* ctl_sync.c -- sprintctl sync: add, list, show, skip, minutes. */
#include "config-auto.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "ctl.h"
#include "log.h"
#include "minutes.h"
#include "page.h"
#include "render.h"
#include "schedule.h"
#include "sync.h"
#include "util.h"

/* The options of sync minutes. */
struct ctl_sync_minutes {
	const char	*date;
	const char	*log;
	int		 send;
};

static int
ctl_sync_minutes_args(int argc, char **argv, struct ctl_sync_minutes *o)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "log", required_argument, NULL, 'l' },
		{ "send", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	memset(o, 0, sizeof *o);
	optind = 0;	/* glibc: start over, permuting again */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			o->date = optarg;
			break;
		case 'l':
			o->log = optarg;
			break;
		case 's':
			o->send = 1;
			break;
		default:
			return -1;
		}
	}
	return argc - optind == 1 ? optind : -1;
}

int
ctl_sync_check(const char *sub, int argc, char **argv, int *write)
{
	struct ctl_sync_minutes	 o;

	*write = 0;
	if (strcmp(sub, "add") == 0) {
		*write = 1;
		return argc == 2 ? 0 : -1;
	}
	if (strcmp(sub, "list") == 0)
		return argc == 1 ? 0 : -1;
	if (strcmp(sub, "show") == 0)
		return argc == 2 ? 0 : -1;
	if (strcmp(sub, "skip") == 0) {
		*write = 1;
		return argc == 3 ? 0 : -1;
	}
	if (strcmp(sub, "minutes") == 0) {
		if (ctl_sync_minutes_args(argc, argv, &o) == -1)
			return -1;
		*write = o.send;
		return 0;
	}
	return -1;
}

/* Loads the series slug: CTL_OK, CTL_USAGE when there is none. */
static int
ctl_sync_get(struct store *st, const char *slug, struct sync_series **s,
    int64_t *id)
{
	char	*cause = NULL;
	int	 r;

	if ((r = sync_get(st, slug, s, id, &cause)) == 0)
		return CTL_OK;
	if (r == 1)
		log_error("no sync meeting \"%s\" (see sprintctl sync list)",
		    slug);
	else
		log_error("%s", cause);
	free(cause);
	return r == 1 ? CTL_USAGE : CTL_FAIL;
}

/* "Thu 10 Dec 2026 17:00 CET (16:00 UTC)" */
static void
ctl_sync_when(const struct sync_series *s, time_t t, char *out, size_t size)
{
	char	 a[48], b[32];

	clock_format_local(s->timezone, t, "%a %-d %b %Y %H:%M %Z", a,
	    sizeof a);
	clock_format_local("UTC", t, "%H:%M UTC", b, sizeof b);
	snprintf(out, size, "%s (%s)", a, b);
}

static int
ctl_sync_add(struct store *st, const char *file, FILE *out)
{
	struct sync_series		*s = NULL;
	struct sync_meeting		 m;
	const struct sync_person	*mod;
	char				*cause = NULL, when[96];
	int64_t				 id;
	int				 r = CTL_FAIL;

	if (sync_load_file(file, &s, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_USAGE;
	}
	if (sync_put(st, s, &id, &cause) == -1 ||
	    sync_meeting_after(st, s, id, clock_now(), &m, &cause) == -1) {
		log_error("%s", cause);
		goto out;
	}
	mod = sync_moderator(s, &m);
	ctl_sync_when(s, m.starts, when, sizeof when);
	fprintf(out, "%s: sync meeting %s added; next meeting %s, %s "
	    "moderates; the invitation goes to %s %d hours before\n", file,
	    s->slug, when, mod->name, s->list, s->invite_hours);
	r = CTL_OK;
out:
	free(cause);
	sync_free(&s);
	return r;
}

static int
ctl_sync_list(struct store *st, FILE *out)
{
	struct sync_series	*s = NULL;
	struct sync_meeting	 m;
	sqlite3_stmt		*stmt;
	char			*cause = NULL, *slug, when[96];
	int64_t			 id;
	day_t			 day;
	int			 rc, n = 0, r = CTL_OK;

	if (store_prepare(st, "SELECT slug FROM sync_series ORDER BY slug",
	    &stmt, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_FAIL;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		slug = store_column_dup(stmt, 0);
		if (sync_get(st, slug, &s, &id, &cause) != 0 ||
		    sync_next_day(st, s, id, clock_now(), &day, &cause) == -1 ||
		    sync_meeting_peek(st, s, id, day, &m, &cause) == -1) {
			log_error("%s: %s", slug, cause != NULL ? cause :
			    "gone");
			r = CTL_FAIL;
		} else {
			ctl_sync_when(s, m.starts, when, sizeof when);
			fprintf(out, "%s\t%s\tnext %s%s, %s moderates\n",
			    s->slug, s->name, when, m.skipped ?
			    " (cancelled)" : "", sync_moderator(s, &m)->name);
			n++;
		}
		free(cause);
		cause = NULL;
		sync_free(&s);
		free(slug);
	}
	sqlite3_finalize(stmt);
	if (n == 0 && r == CTL_OK)
		fprintf(out, "no sync meetings (sprintctl sync add FILE.yaml "
		    "adds one)\n");
	return r;
}

static int
ctl_sync_show(struct store *st, const char *slug, FILE *out)
{
	struct sync_series	*s = NULL;
	struct sync_meeting	 m, first;
	struct sync_report	*rep = NULL;
	sqlite3_stmt		*stmt;
	char			*cause = NULL, **topics = NULL, when[96];
	size_t			 nrep = 0, ntopics = 0, i;
	int64_t			 id;
	day_t			 day;
	int			 r, prevmod = -1, rc;

	if ((r = ctl_sync_get(st, slug, &s, &id)) != CTL_OK)
		return r;
	r = CTL_FAIL;
	fprintf(out, "%s: %s\nlist: %s\nwhere: %s\nwhen: %ss %s %s, every "
	    "%d week%s\nmoderators:", s->slug, s->name, s->list, s->where,
	    s->weekday_name, s->time, s->timezone, s->every_weeks,
	    s->every_weeks == 1 ? "" : "s");
	for (i = 0; i < s->nmoderators; i++)
		fprintf(out, "%s %s <%s>", i > 0 ? "," : "",
		    s->moderators[i].name, s->moderators[i].email);
	fprintf(out, "\n\nnext meetings:\n");
	if (sync_next_day(st, s, id, clock_now(), &day, &cause) == -1)
		goto fail;
	for (i = 0; i < 4; i++, day += 7 * s->every_weeks) {
		if (sync_meeting_peek(st, s, id, day, &m, &cause) == -1)
			goto fail;
		/* Meetings not made yet follow the rota from the first. */
		if (m.id == 0 && prevmod != -1)
			m.moderator = sync_rota_next(prevmod, s->nmoderators);
		if (!m.skipped)
			prevmod = m.moderator;
		else if (m.id == 0 && prevmod != -1)
			m.moderator = sync_rota_next(prevmod, s->nmoderators);
		if (i == 0)
			first = m;
		ctl_sync_when(s, m.starts, when, sizeof when);
		fprintf(out, "  %s: %s\n", when, m.skipped ? "cancelled" :
		    sync_moderator(s, &m)->name);
	}
	if (first.id != 0) {
		if (sync_topics(st, first.id, &topics, &ntopics,
		    &cause) == -1 ||
		    sync_reports(st, first.id, &rep, &nrep, &cause) == -1)
			goto fail;
		fprintf(out, "\nagenda of the next meeting:\n");
		for (i = 0; i < s->nstanding_topics; i++)
			fprintf(out, "  - %s\n", s->standing_topics[i]);
		for (i = 0; i < ntopics; i++)
			fprintf(out, "  - %s\n", topics[i]);
		fprintf(out, "\nreports so far: %zu\n", nrep);
		for (i = 0; i < nrep; i++)
			fprintf(out, "  - %s <%s>%s%s\n", rep[i].name,
			    rep[i].email, sync_has_blockers(rep[i].blockers) ?
			    ", blocked" : "",
			    strcmp(rep[i].state, "held") == 0 ?
			    " (held: did not prove its sender)" : "");
		if (store_prepare(st, "SELECT kind, due_at, done_at, skipped, "
		    "last_error FROM sync_jobs WHERE meeting_id = ?1 ORDER BY "
		    "due_at", &stmt, &cause) == -1)
			goto fail;
		sqlite3_bind_int64(stmt, 1, first.id);
		fprintf(out, "\njobs:\n");
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			time_t	 t = 0;

			(void)clock_parse_utc((const char *)
			    sqlite3_column_text(stmt, 1), &t);
			ctl_sync_when(s, t, when, sizeof when);
			fprintf(out, "  %s: %s, %s%s%s\n",
			    schedule_kind_label((const char *)
			    sqlite3_column_text(stmt, 0)), when,
			    sqlite3_column_type(stmt, 2) == SQLITE_NULL ?
			    "pending" : sqlite3_column_int(stmt, 3) ?
			    "skipped: " : "done",
			    sqlite3_column_int(stmt, 3) &&
			    sqlite3_column_text(stmt, 4) != NULL ?
			    (const char *)sqlite3_column_text(stmt, 4) : "",
			    "");
		}
		sqlite3_finalize(stmt);
	}
	r = CTL_OK;
fail:
	if (r != CTL_OK)
		log_error("%s", cause != NULL ? cause : "failed");
	free(cause);
	sync_strings_free(topics, ntopics);
	sync_reports_free(rep, nrep);
	sync_free(&s);
	return r;
}

static int
ctl_sync_skip(struct store *st, const char *slug, const char *date,
    FILE *out)
{
	struct sync_series	*s = NULL;
	char			*cause = NULL, when[96];
	int64_t			 id;
	day_t			 day;
	time_t			 t;
	int			 r;

	if (dates_parse_iso(date, &day) == -1) {
		log_error("%s: expected a date YYYY-MM-DD", date);
		return CTL_USAGE;
	}
	if ((r = ctl_sync_get(st, slug, &s, &id)) != CTL_OK)
		return r;
	r = sync_skip(st, s, id, day, &cause);
	if (r < 0) {
		log_error("%s", cause);
		r = r == UTIL_REFUSED ? CTL_USAGE : CTL_FAIL;
		goto out;
	}
	(void)sync_start(s, day, &t);
	ctl_sync_when(s, t, when, sizeof when);
	fprintf(out, "%s: the meeting of %s is cancelled; %s\n", s->slug, when,
	    r == 2 ? "its invitation went already, so a cancellation notice "
	    "goes to the list now" : "its invitation will say so");
	r = CTL_OK;
out:
	free(cause);
	sync_free(&s);
	return r;
}

static int
ctl_sync_minutes(struct store *st, const struct config *cfg,
    const char *slug, const struct ctl_sync_minutes *o, FILE *out)
{
	struct sync_series	*s = NULL;
	struct sync_meeting	 m;
	struct minutes_log	 log;
	char			*cause = NULL, *text = NULL, *data = NULL,
				 iso[11], file[16];
	size_t			 len, dlen = 0;
	int64_t			 id;
	day_t			 day;
	int			 r, have_log = 0;

	memset(&log, 0, sizeof log);
	if ((r = ctl_sync_get(st, slug, &s, &id)) != CTL_OK)
		return r;
	if (o->date != NULL) {
		if (dates_parse_iso(o->date, &day) == -1) {
			log_error("--date %s: expected YYYY-MM-DD", o->date);
			r = CTL_USAGE;
			goto out;
		}
		if (sync_meeting_peek(st, s, id, day, &m, &cause) == -1)
			goto fail;
		if (m.id == 0) {
			log_error("%s: no meeting of %s on %s (sprintctl sync "
			    "show %s)", slug, slug, o->date, slug);
			r = CTL_USAGE;
			goto out;
		}
	} else if ((r = sync_meeting_last(st, id, clock_now(), &m,
	    &cause)) != 0) {
		if (r == -1)
			goto fail;
		log_error("%s: no meeting has taken place yet (--date names "
		    "one)", slug);
		r = CTL_USAGE;
		goto out;
	}
	if (o->log != NULL) {
		if (util_read_file(o->log, 8 * 1024 * 1024, &data, &dlen,
		    &cause) == -1)
			goto fail;
		if (minutes_log_read(data, dlen, &log, &cause) == -1) {
			char	*c2 = xprintf("%s: %s", o->log, cause);

			free(cause);
			cause = c2;
			r = CTL_USAGE;
			log_error("%s", cause);
			goto out;
		}
		have_log = 1;
	}
	if (minutes_of(st, s, &m, have_log ? &log : NULL, &text, &len,
	    &cause) == -1)
		goto fail;
	if ((r = ctl_write(text, out)) != CTL_OK)
		goto out;
	dates_format_iso(m.day, iso);
	snprintf(file, sizeof file, "%s.txt", iso);
	if (page_publish(cfg, s->slug, file, text, len, &cause) == -1) {
		char	*c2 = xprintf("publishing %s/%s: %s", s->slug, file,
		    cause);

		free(cause);
		cause = c2;
		goto fail;
	}
	/* Only the daemon composes mail: it is asked to. */
	if (o->send) {
		if (store_begin(st, &cause) == -1)
			goto fail;
		if (minutes_request(st, &m, have_log ? data : NULL, dlen,
		    &cause) == -1 || store_commit(st, &cause) == -1) {
			store_rollback(st);
			goto fail;
		}
		fprintf(stderr, "the minutes of %s go to %s at sprintd's next "
		    "step\n", iso, s->list);
	}
	r = CTL_OK;
	goto out;
fail:
	log_error("%s", cause != NULL ? cause : "failed");
	r = CTL_FAIL;
out:
	free(cause);
	free(text);
	free(data);
	minutes_log_clear(&log);
	sync_free(&s);
	return r;
}

int
ctl_sync(struct store *st, const struct config *cfg, const char *sub,
    int argc, char **argv, FILE *out)
{
	struct ctl_sync_minutes	 o;
	int			 i;

	if (strcmp(sub, "add") == 0)
		return ctl_sync_add(st, argv[1], out);
	if (strcmp(sub, "list") == 0)
		return ctl_sync_list(st, out);
	if (strcmp(sub, "show") == 0)
		return ctl_sync_show(st, argv[1], out);
	if (strcmp(sub, "skip") == 0)
		return ctl_sync_skip(st, argv[1], argv[2], out);
	if ((i = ctl_sync_minutes_args(argc, argv, &o)) == -1)
		return CTL_USAGE;
	return ctl_sync_minutes(st, cfg, argv[i], &o, out);
}
