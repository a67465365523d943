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


/* minutes.c -- sync meeting minutes (reST) and the IRC log reader. */
#include "config-auto.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "compose.h"
#include "mailreq.h"
#include "minutes.h"
#include "render.h"
#include "rst.h"
#include "sync.h"
#include "util.h"

#define MINUTES_NICK_MAX	32
#define MINUTES_MAX		(4u * 1024 * 1024)

void
minutes_line_clear(struct minutes_line *l)
{
	free(l->nick);
	free(l->text);
	free(l->raw);
	memset(l, 0, sizeof *l);
}

static int
minutes_nick_char(int c)
{
	return isalnum(c) || strchr("_-[]\\`^{}|", c) != NULL;
}

/* "HH:MM" or "HH:MM:SS" at p: its length, or 0. */
static size_t
minutes_time(const char *p, const char *e)
{
	size_t	 n = 0;

	if (e - p < 5 || !isdigit((unsigned char)p[0]) ||
	    !isdigit((unsigned char)p[1]) || p[2] != ':' ||
	    !isdigit((unsigned char)p[3]) || !isdigit((unsigned char)p[4]))
		return 0;
	n = 5;
	if (e - p >= 8 && p[5] == ':' && isdigit((unsigned char)p[6]) &&
	    isdigit((unsigned char)p[7]))
		n = 8;
	return n;
}

int
minutes_parse_line(const char *line, size_t len, struct minutes_line *out)
{
	const char	*p = line, *e = line + len, *n0, *n1;
	size_t		 tl;
	int		 bracket = 0;

	memset(out, 0, sizeof *out);
	while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	out->raw = xstrndup(line, (size_t)(e - line));
	util_clean(out->raw, UTIL_CLEAN_UTF8);
	if (p < e && *p == '[') {
		bracket = 1;
		p++;
	}
	if ((tl = minutes_time(p, e)) == 0)
		goto other;
	memcpy(out->time, p, tl);
	out->time[tl] = '\0';
	p += tl;
	if (bracket) {
		if (p >= e || *p != ']')
			goto other;
		p++;
	}
	if (p >= e || (*p != ' ' && *p != '\t'))
		goto other;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (p < e && *p == '<') {
		/* "<nick>", "<@nick>", "< nick>" */
		p++;
		while (p < e && strchr(" @+%~&", *p) != NULL)
			p++;
		n0 = p;
		while (p < e && minutes_nick_char((unsigned char)*p))
			p++;
		n1 = p;
		if (n1 == n0 || p >= e || *p != '>')
			goto other;
		p++;
	} else if (bracket) {
		/* "nick: text" */
		n0 = p;
		while (p < e && minutes_nick_char((unsigned char)*p))
			p++;
		n1 = p;
		if (n1 == n0 || p >= e || *p != ':')
			goto other;
		p++;
	} else
		goto other;
	if (n1 - n0 > MINUTES_NICK_MAX)
		goto other;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	out->nick = xstrndup(n0, (size_t)(n1 - n0));
	out->text = xstrndup(p, (size_t)(e - p));
	util_strip_controls(out->text);
	return 1;
other:
	out->time[0] = '\0';
	out->nick = NULL;
	out->text = xstrdup(out->raw);
	return 0;
}

void
minutes_log_clear(struct minutes_log *log)
{
	size_t	 i;

	for (i = 0; i < log->n; i++)
		minutes_line_clear(&log->lines[i]);
	free(log->lines);
	memset(log, 0, sizeof *log);
}

int
minutes_log_read(const char *data, size_t len, struct minutes_log *out,
    char **cause)
{
	const char	*p = data, *e = data + len, *nl;
	size_t		 n, lineno = 0;

	memset(out, 0, sizeof *out);
	while (p < e) {
		nl = memchr(p, '\n', (size_t)(e - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(e - p);
		lineno++;
		if (n > MINUTES_LINE_MAX) {
			*cause = xprintf("line %zu: longer than %d bytes",
			    lineno, MINUTES_LINE_MAX);
			goto fail;
		}
		if (out->n >= MINUTES_LINES_MAX) {
			*cause = xprintf("more than %d lines",
			    MINUTES_LINES_MAX);
			goto fail;
		}
		out->lines = xreallocarray(out->lines, out->n + 1,
		    sizeof *out->lines);
		(void)minutes_parse_line(p, n, &out->lines[out->n++]);
		p += n + (nl != NULL);
	}
	return 0;
fail:
	minutes_log_clear(out);
	return -1;
}

/* Appends "(to fill in)". */
static void
minutes_fill(struct buf *b)
{
	buf_addstr(b, "(to fill in)\n\n");
}

/* A section title from a value (escaped). */
static void
minutes_title(struct buf *b, const char *value, char c, int over)
{
	char	*t = rst_escape(value);

	rst_heading(b, *t != '\0' ? t : "?", c, over);
	free(t);
}

/* ":NAME: value" with the value's later lines indented. */
static void
minutes_field(struct buf *b, const char *name, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	buf_printf(b, ":%s: ", name);
	rst_text(b, value, "   ");
	buf_addch(b, '\n');
}

/* The speakers of the log, in the order they first spoke. */
static size_t
minutes_nicks(const struct minutes_log *log, const char ***out)
{
	const char	**v = NULL;
	size_t		 n = 0, i, j;

	for (i = 0; i < log->n; i++) {
		if (log->lines[i].nick == NULL)
			continue;
		for (j = 0; j < n; j++) {
			if (util_strcaseeq(v[j], log->lines[i].nick))
				break;
		}
		if (j < n)
			continue;
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = log->lines[i].nick;
	}
	*out = v;
	return n;
}

char *
minutes_render(const struct minutes *mn, size_t *len)
{
	struct buf	 b;
	const char	**nicks = NULL, *rest;
	char		*title, *t;
	size_t		 nn = 0, i, j;
	int		 any;

	buf_init(&b, MINUTES_MAX);
	title = xprintf("%s, %s", mn->name, mn->date);
	minutes_title(&b, title, '=', 1);
	free(title);
	minutes_field(&b, "Time", mn->time);
	minutes_field(&b, "Where", mn->where);
	minutes_field(&b, "Moderator", mn->moderator);
	if (mn->log != NULL)
		nn = minutes_nicks(mn->log, &nicks);
	buf_addstr(&b, ":Attendees: ");
	if (nn > 0) {
		for (i = 0; i < nn; i++) {
			if (i > 0)
				buf_addstr(&b, ", ");
			rst_inline(&b, nicks[i]);
		}
	} else if (mn->nreports > 0) {
		for (i = 0; i < mn->nreports; i++) {
			if (i > 0)
				buf_addstr(&b, ", ");
			rst_inline(&b, mn->reports[i].name);
		}
		buf_addstr(&b, " (who sent a report; to fill in)");
	} else
		buf_addstr(&b, "(to fill in)");
	buf_addstr(&b, "\n\n");

	rst_heading(&b, "Agenda", '=', 0);
	if (mn->ntopics == 0)
		minutes_fill(&b);
	for (i = 0; i < mn->ntopics; i++) {
		minutes_title(&b, mn->topics[i], '-', 0);
		minutes_fill(&b);
	}

	rst_heading(&b, "Activity reports", '=', 0);
	if (mn->nreports == 0)
		buf_addstr(&b, "None were sent by mail.\n\n");
	for (i = 0; i < mn->nreports; i++) {
		minutes_title(&b, mn->reports[i].name, '-', 0);
		minutes_field(&b, "LAST", mn->reports[i].last);
		minutes_field(&b, "NEXT", mn->reports[i].next);
		minutes_field(&b, "BLOCKERS", mn->reports[i].blockers);
		buf_addch(&b, '\n');
	}

	if (mn->log != NULL) {
		rst_heading(&b, "Activity in the meeting", '=', 0);
		any = 0;
		for (i = 0; i < mn->log->n; i++) {
			const struct minutes_line	*l = &mn->log->lines[i];
			enum sync_key			 k;

			if (l->nick == NULL)
				continue;
			k = sync_keyword(l->text, &rest);
			if (k != SYNC_KEY_LAST && k != SYNC_KEY_NEXT &&
			    k != SYNC_KEY_BLOCKERS)
				continue;
			t = xprintf("%s: %s", l->nick, l->text);
			buf_addstr(&b, "- ");
			rst_text(&b, t, "  ");
			buf_addch(&b, '\n');
			free(t);
			any = 1;
		}
		if (!any)
			buf_addstr(&b, "No activity lines (LAST:, NEXT:, "
			    "BLOCKERS:) in the log.\n");
		buf_addch(&b, '\n');
		rst_heading(&b, "IRC log", '=', 0);
		buf_addstr(&b, "The complete log of the meeting::\n\n");
		if (mn->log->n == 0)
			buf_addstr(&b, "  (the log is empty)\n");
		for (i = 0; i < mn->log->n; i++) {
			const struct minutes_line	*l = &mn->log->lines[i];

			t = l->raw;
			for (j = 0; t[j] == ' '; j++)
				;
			buf_printf(&b, "%s%s\n", t[j] != '\0' ? "  " : "",
			    t[j] != '\0' ? t : "");
		}
	}
	free(nicks);
	if (b.failed) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, len);
}

int
minutes_of(struct store *st, const struct sync_series *s,
    const struct sync_meeting *m, const struct minutes_log *log,
    char **text, size_t *len, char **cause)
{
	struct sync_report	*rep = NULL;
	struct minutes_report	*mr = NULL;
	struct minutes		 mn;
	const char		**agenda = NULL;
	char			**topics = NULL, date[64], when[96], a[32],
				 b[32];
	size_t			 nrep = 0, ntopics = 0, i, n = 0, nr = 0;
	int			 r = -1;

	*text = NULL;
	if (sync_topics(st, m->id, &topics, &ntopics, cause) == -1 ||
	    sync_reports(st, m->id, &rep, &nrep, cause) == -1)
		goto fail;
	agenda = xcalloc(s->nstanding_topics + ntopics + 1, sizeof *agenda);
	for (i = 0; i < s->nstanding_topics; i++)
		agenda[n++] = s->standing_topics[i];
	for (i = 0; i < ntopics; i++)
		agenda[n++] = topics[i];
	/* The current reports; held ones never reach the minutes. */
	mr = xcalloc(nrep + 1, sizeof *mr);
	for (i = 0; i < nrep; i++) {
		if (strcmp(rep[i].state, "current") != 0)
			continue;
		mr[nr].name = rep[i].name;
		mr[nr].last = rep[i].last;
		mr[nr].next = rep[i].next;
		mr[nr].blockers = rep[i].blockers;
		nr++;
	}
	memset(&mn, 0, sizeof mn);
	mn.name = s->name;
	clock_format_local(s->timezone, m->starts, "%A %-d %B %Y", date,
	    sizeof date);
	mn.date = date;
	clock_format_local(s->timezone, m->starts, "%H:%M %Z", a, sizeof a);
	clock_format_local("UTC", m->starts, "%H:%M UTC", b, sizeof b);
	snprintf(when, sizeof when, "%s (%s)", a, b);
	mn.time = when;
	mn.where = s->where;
	mn.moderator = sync_moderator(s, m)->name;
	mn.topics = agenda;
	mn.ntopics = n;
	mn.reports = mr;
	mn.nreports = nr;
	mn.log = log;
	if ((*text = minutes_render(&mn, len)) == NULL) {
		*cause = xstrdup("the minutes would be too large");
		goto fail;
	}
	r = 0;
fail:
	free(agenda);
	free(mr);
	sync_strings_free(topics, ntopics);
	sync_reports_free(rep, nrep);
	return r;
}

int
minutes_request(struct store *st, const struct sync_meeting *m,
    const char *log, size_t loglen, char **cause)
{
	struct mailreq	 rq;
	sqlite3_stmt	*stmt;
	char		 now[21], arg[24];

	clock_format_utc(clock_now(), now);
	if (store_prepare(st, log != NULL ? "INSERT INTO sync_logs "
	    "(meeting_id, log, created_at) VALUES (?1, ?2, ?3) ON CONFLICT "
	    "(meeting_id) DO UPDATE SET log = excluded.log, created_at = "
	    "excluded.created_at" : "DELETE FROM sync_logs WHERE meeting_id = "
	    "?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, m->id);
	if (log != NULL) {
		sqlite3_bind_text(stmt, 2, log, (int)loglen, SQLITE_TRANSIENT);
		store_bind_text(stmt, 3, now);
	}
	if (store_done(st, stmt, "keeping the minutes' log", cause) == -1)
		return -1;
	snprintf(arg, sizeof arg, "%lld", (long long)m->id);
	memset(&rq, 0, sizeof rq);
	rq.kind = MAILREQ_SYNC_MINUTES;
	rq.arg = arg;
	return mailreq_add(st, &rq, cause);
}

int
minutes_mail(struct store *st, struct compose *c, const char *arg,
    char **cause)
{
	struct sync_series	*s = NULL;
	struct sync_meeting	 m;
	struct minutes_log	 log;
	struct render_val	*root = NULL;
	sqlite3_stmt		*stmt;
	char			*text = NULL, *data = NULL, *mid = NULL;
	size_t			 len, dlen = 0;
	int			 r, rc, have = 0;

	memset(&log, 0, sizeof log);
	if (arg == NULL || (r = sync_meeting_by_id(st, util_atoi(arg), &m,
	    cause)) == 1) {
		*cause = xstrdup("no such meeting");
		return 1;
	}
	if (r == -1)
		return -1;
	r = -1;
	if (sync_get_id(st, m.series_id, &s, cause) == -1)
		goto fail;
	if (store_prepare(st, "SELECT log FROM sync_logs WHERE meeting_id = "
	    "?1", &stmt, cause) == -1)
		goto fail;
	sqlite3_bind_int64(stmt, 1, m.id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		dlen = (size_t)sqlite3_column_bytes(stmt, 0);
		data = xstrndup((const char *)sqlite3_column_text(stmt, 0),
		    dlen);
		have = 1;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the minutes' log");
		goto fail;
	}
	if (have && minutes_log_read(data, dlen, &log, cause) == -1) {
		r = 1;
		goto fail;
	}
	if (minutes_of(st, s, &m, have ? &log : NULL, &text, &len,
	    cause) == -1)
		goto fail;
	root = render_rec_new();
	if (sync_facts(st, s, &m, root, cause) == -1)
		goto fail;
	render_set(root, "minutes", text);
	if ((r = compose_sync(c, st, "sync-minutes", root, s->list, NULL,
	    NULL, &mid, cause)) != 0) {
		if (r == 1)
			*cause = xprintf("%s is no usable address", s->list);
		goto fail;
	}
	r = sync_mail_note(st, m.id, "sync-minutes", mid, NULL, cause);
fail:
	free(mid);
	free(text);
	free(data);
	render_val_free(&root);
	minutes_log_clear(&log);
	sync_free(&s);
	return r;
}
