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
 * sync.h -- sync meetings between sprints (PyPy's weekly pypy-sync): the
 * sync file, its meetings and their rota of moderators, the topics and
 * activity reports people send by reply, and the meeting's jobs (the
 * invitation, the moderator's digest, the cancellation notice).
 */
#ifndef SPRINTD_SYNC_H
#define SPRINTD_SYNC_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "dates.h"
#include "store.h"

struct compose;
struct config;
struct mime_msg;
struct parse_result;
struct proof;
struct render_val;

struct sync_person {
	char	*name;
	char	*email;
};

/* A meeting series as its sync file describes it. */
struct sync_series {
	char			*slug;
	char			*name;
	char			*list;		/* where the invitation goes */
	char			*weekday_name;
	int			 weekday;	/* 0 = Monday ... 6 = Sunday */
	char			*time;		/* "HH:MM", local */
	int			 hour, minute;
	char			*timezone;
	int			 every_weeks;
	char			*where;
	struct sync_person	*moderators;
	size_t			 nmoderators;
	int			 invite_hours;
	int			 reports_hours;
	char			**standing_topics;
	size_t			 nstanding_topics;
	char			*source;	/* the YAML it came from */
};

/* Defaults of the file's invite_hours and reports_hours. */
#define SYNC_INVITE_HOURS	48
#define SYNC_REPORTS_HOURS	2

/*
 * Reads and validates a sync file. Returns 0 and a new *out, or -1 with
 * *cause as "FILE:LINE: KEY: what is wrong".
 */
int sync_load_file(const char *path, struct sync_series **out, char **cause);
/* The same from a string; name stands for the file in messages. */
int sync_load_string(const char *name, const char *yaml, size_t len,
    struct sync_series **out, char **cause);
void sync_free(struct sync_series **);

/* What a reply gives: each NULL or empty when not given. */
struct sync_reply {
	char	*last;		/* LAST:, PREV:, DONE: */
	char	*next;		/* NEXT: */
	char	*blockers;	/* BLOCKERS:, BLOCK:, BLOCKER: */
	char	**topics;	/* Topic: lines */
	size_t	 ntopics;
	int	 moderate_no;	/* Moderate: no */
	char	*problem;	/* what was over a limit, or NULL: then
				 * no part of the report is kept */
};

/* The keywords of a report line. */
enum sync_key {
	SYNC_KEY_NONE,
	SYNC_KEY_LAST,
	SYNC_KEY_NEXT,
	SYNC_KEY_BLOCKERS,
	SYNC_KEY_TOPIC,
	SYNC_KEY_MODERATE
};
/*
 * The keyword that line starts with (case-insensitive, after blanks and a
 * "*" or "-" bullet), with *rest at the text after its colon; NONE when
 * it starts with none.
 */
enum sync_key sync_keyword(const char *line, const char **rest);
/*
 * Reads a reply's own text (quotes already cut): a keyword's text runs
 * over the lines after it up to a blank line or the next keyword. Returns
 * 1 when something was found, 0 when nothing; clear *out either way.
 */
int sync_read_reply(const char *text, struct sync_reply *out);
void sync_reply_clear(struct sync_reply *);
/* 1 when a BLOCKERS: text names a blocker ("none", "-", "no" do not). */
int sync_has_blockers(const char *);

/* The rota: the moderator after index prev of n (prev -1: the first). */
int sync_rota_next(int prev, size_t n);

/* One meeting as stored. */
struct sync_meeting {
	int64_t	 id;
	int64_t	 series_id;
	day_t	 day;
	time_t	 starts;	/* UTC */
	int	 moderator;	/* index into the series' moderators */
	int	 skipped;
};
/* The moderator of a meeting, whatever the file's list became. */
const struct sync_person *sync_moderator(const struct sync_series *,
    const struct sync_meeting *);

/* The UTC start of the series' meeting on day: 0, or -1 when the local
 * time does not exist in its zone. */
int sync_start(const struct sync_series *, day_t day, time_t *out);
/* The first meeting day on or after day: the weekday, every_weeks from
 * first. */
day_t sync_day_on_or_after(const struct sync_series *, day_t first,
    day_t day);

/* Adds or updates the series; plans its next meeting. 0 with *id, or -1
 * with *cause. Outside a transaction. */
int sync_put(struct store *, const struct sync_series *, int64_t *id,
    char **cause);
/* Loads a series by slug: 0, 1 when there is none, -1 with *cause. */
int sync_get(struct store *, const char *slug, struct sync_series **,
    int64_t *id, char **cause);
/* The series of a stored id (its file as stored): 0, or -1 with *cause. */
int sync_get_id(struct store *, int64_t id, struct sync_series **,
    char **cause);
/* A stored meeting by id: 0, 1 when there is none, -1 with *cause. */
int sync_meeting_by_id(struct store *, int64_t id, struct sync_meeting *,
    char **cause);
/* The first meeting day of a stored series. */
int sync_first_day(struct store *, int64_t series_id, day_t *out,
    char **cause);
/*
 * The meeting of the series on day, made (with its moderator from the
 * rota) when there is none yet: 0, or -1 with *cause.
 */
int sync_meeting_on(struct store *, const struct sync_series *,
    int64_t series_id, day_t day, struct sync_meeting *, char **cause);
/* The same without making it: a meeting not stored yet has id 0. */
int sync_meeting_peek(struct store *, const struct sync_series *,
    int64_t series_id, day_t day, struct sync_meeting *, char **cause);
/* The day of the next meeting that starts after t. */
int sync_next_day(struct store *, const struct sync_series *,
    int64_t series_id, time_t t, day_t *out, char **cause);
/* The next meeting that starts after t (skipped ones too), made. */
int sync_meeting_after(struct store *, const struct sync_series *,
    int64_t series_id, time_t t, struct sync_meeting *, char **cause);
/* The last meeting that started at or before t: 0, 1 when none. */
int sync_meeting_last(struct store *, int64_t series_id, time_t t,
    struct sync_meeting *, char **cause);
/* Whether day is skipped: 1, 0, -1 with *cause. */
int sync_is_skipped(struct store *, int64_t series_id, day_t day,
    char **cause);

/*
 * Cancels the meeting on day (sprintctl sync skip): 0 when the invitation
 * will say so, 2 when it went already and a cancellation notice is
 * planned, UTIL_REFUSED with *cause when day is no meeting day of the
 * series or its meeting has begun, -1 with *cause.
 */
int sync_skip(struct store *, const struct sync_series *, int64_t series_id,
    day_t day, char **cause);

/* Plans the next meeting of every series and its jobs. */
int sync_plan(struct store *, char **cause);
/*
 * Runs every sync job that is due (as schedule_run runs the sprints'),
 * adding the mails sent to *ran. 0, or -1 with *cause.
 */
int sync_run_jobs(struct store *, struct compose *, int *ran, char **cause);
/* The due time of the next sync job, or 0. */
time_t sync_next_due(struct store *);

/*
 * Takes a message that is sync mail: one that answers sprintd's sync mail
 * (In-Reply-To, References) or, when it answers no sprint mail (by_ref 0)
 * and is no registration, names a series' slug in its subject and holds
 * a sync keyword. It records topics, reports and hand-overs for the next
 * meeting (a later report replaces the earlier one only when proof says
 * the message proves its sender; else it is held), sends the one private
 * confirmation per person and meeting, and notes the message. Mail
 * written and received before the series was added (written: the later
 * of its Date and INTERNALDATE, 0 when neither is known) is old list
 * history: taken, noted, never recorded or answered. Returns 1 when taken
 * (the caller applies nothing else), 0 when not sync mail, -1 with
 * *cause. Inside the caller's transaction.
 */
int sync_ingest(struct store *, struct compose *, const struct config *,
    const struct mime_msg *, int64_t msg_id, time_t written,
    const struct parse_result *, int by_ref, const struct proof *,
    char **cause);

/* A report as stored, for the digest, show and the minutes. */
struct sync_report {
	char	*email;
	char	*name;
	char	*last;
	char	*next;
	char	*blockers;
	char	*state;		/* current, held */
};
/* The current and held reports of a meeting, blockers first, then by
 * arrival. 0, or -1 with *cause; free with sync_reports_free. */
int sync_reports(struct store *, int64_t meeting_id,
    struct sync_report **out, size_t *n, char **cause);
void sync_reports_free(struct sync_report *, size_t);
/* The topics of a meeting: "TEXT (NAME)" lines, oldest first. */
int sync_topics(struct store *, int64_t meeting_id, char ***out, size_t *n,
    char **cause);
void sync_strings_free(char **, size_t);

/* The meeting's facts for a template (sync.*, meeting.*, moderator,
 * agenda...). */
int sync_facts(struct store *, const struct sync_series *,
    const struct sync_meeting *, struct render_val *root, char **cause);
/* The digest's own facts: the reports (blockers first), the held ones,
 * the regulars who have not reported. */
int sync_digest_facts(struct store *, const struct sync_meeting *,
    struct render_val *root, char **cause);
/* Notes the Message-ID of a mail about a meeting (threads find it). */
int sync_mail_note(struct store *, int64_t meeting_id, const char *kind,
    const char *mid, const char *email, char **cause);

#endif
