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

/*
 * minutes.h -- the minutes of a sync meeting as reST, in the layout of
 * PyPy's pypy-sync minutes (title with the date, attendees, a section per
 * agenda topic to fill in, the activity reports, and from an IRC log the
 * attendees, their activity lines and the whole log), and the IRC log
 * reader. Every value goes through rst.c's escaper.
 */
#ifndef SPRINTD_MINUTES_H
#define SPRINTD_MINUTES_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct compose;
struct sync_meeting;
struct sync_series;

/* One line of an IRC log. */
struct minutes_line {
	char	 time[9];	/* "HH:MM" (or "HH:MM:SS"), "" when none */
	char	*nick;		/* the speaker, or NULL: not a message */
	char	*text;		/* the message, or the whole line */
	char	*raw;		/* the whole line as written */
};
struct minutes_log {
	struct minutes_line	*lines;
	size_t			 n;
};

/* The longest line and the most lines a log may have. */
#define MINUTES_LINE_MAX	1000
#define MINUTES_LINES_MAX	20000

/*
 * Reads one line (no LF) of a log in either common format,
 * "[HH:MM] nick: text" (also "[HH:MM] <nick> text") or
 * "HH:MM <nick> text" (seconds and a nick's mode sign allowed). Returns 1
 * for a message (out->nick set), 0 for any other line (a join, a topic
 * change: out->text is the line). Controls are dropped. Clear *out.
 */
int minutes_parse_line(const char *line, size_t len, struct minutes_line *out);
void minutes_line_clear(struct minutes_line *);
/* Reads a whole log: 0, or -1 with *cause when it is over the limits. */
int minutes_log_read(const char *data, size_t len, struct minutes_log *out,
    char **cause);
void minutes_log_clear(struct minutes_log *);

/* An activity report as the minutes show it. */
struct minutes_report {
	const char	*name;
	const char	*last, *next, *blockers;	/* or NULL */
};

/* What the minutes are made of. */
struct minutes {
	const char			*name;		/* the series' name */
	const char			*date;	/* "Thursday 3 December 2026" */
	const char			*time;	/* "17:00 CET (16:00 UTC)" */
	const char			*where;
	const char			*moderator;
	const char *const		*topics;	/* the agenda */
	size_t				 ntopics;
	const struct minutes_report	*reports;
	size_t				 nreports;
	const struct minutes_log	*log;		/* or NULL */
};

/* The minutes as reST (a new string, *len its length), or NULL when the
 * text would be over its cap. */
char *minutes_render(const struct minutes *, size_t *len);

/*
 * The minutes of meeting m from the store (the series' standing topics and
 * the meeting's topics as the agenda, its current reports) and log (NULL:
 * none): 0 with *text (new) and *len, -1 with *cause.
 */
int minutes_of(struct store *, const struct sync_series *,
    const struct sync_meeting *, const struct minutes_log *, char **text,
    size_t *len, char **cause);
/*
 * Asks the daemon to mail the minutes of meeting m to the list (sprintctl
 * sync minutes --send), keeping the log they are made with (NULL: none):
 * a mail request (mailreq.c). Inside the caller's transaction.
 */
int minutes_request(struct store *, const struct sync_meeting *,
    const char *log, size_t loglen, char **cause);
/* The daemon's part of it: the minutes of the meeting whose id arg is,
 * queued to its list. 0, 1 when refused (*cause says why), -1. */
int minutes_mail(struct store *, struct compose *, const char *arg,
    char **cause);

#endif
