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
 * status.h -- what the daemon records about its own health, and reading
 * it back. The daemon keeps one server_status row per server ("imap",
 * "smtp"): the last success, the last error with its time, and whether
 * that error needs a config change (a refused login). sprintctl status
 * reads those rows with the outbox, the next jobs and the open sprints,
 * and says what needs a person's attention. Reading needs only the
 * database: never a password, never root.
 */
#ifndef SPRINTD_STATUS_H
#define SPRINTD_STATUS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "clock.h"
#include "store.h"

#define STATUS_IMAP	"imap"
#define STATUS_SMTP	"smtp"

/*
 * A mailbox not synced successfully for STATUS_SYNC_POLLS poll intervals
 * or STATUS_SYNC_MIN seconds, whichever is longer, needs attention. The
 * hour covers IMAP IDLE, where a cycle runs at least every 25 minutes
 * whatever poll_interval says.
 */
#define STATUS_SYNC_POLLS	3
#define STATUS_SYNC_MIN		3600
/* A plain-text digest of the list needs attention for this many days. */
#define STATUS_DIGEST_DAYS	7
/* At most this many failed mails and jobs are listed one by one. */
#define STATUS_LIST_MAX		10

/*
 * Records a success of server (STATUS_IMAP: a mailbox sync; STATUS_SMTP:
 * a flush that sent mail) at clock_now(), and clears permanent. 0, or -1
 * with *cause. Best-effort: the daemon logs a failure and goes on.
 */
int status_record_ok(struct store *, const char *server, char **cause);
/*
 * Records an error of server at clock_now(); error is the cause as logged
 * (never a secret). permanent marks an error that trying again does not
 * mend (the server refused the login) until the next success. 0, or -1
 * with *cause; best-effort as above.
 */
int status_record_error(struct store *, const char *server,
    const char *error, int permanent, char **cause);

/* One server's row; times 0 when never. */
struct status_server {
	const char	*name;		/* STATUS_IMAP or STATUS_SMTP */
	time_t		 last_ok;
	char		*last_error;	/* NULL: none recorded */
	time_t		 last_error_at;
	int		 permanent;
};

struct status_mail {
	int64_t		 id;
	char		*kind;
	char		*recipient;
	char		*last_error;	/* or NULL */
};

struct status_job {
	char		*kind;		/* announce, remind, evaluate... */
	char		*sprint;	/* slug */
	char		*timezone;	/* the sprint's */
	time_t		 due;
	char		 due_local[32];	/* "YYYY-MM-DD HH:MM ZONE" */
	const char	*state;		/* pending, due, retrying, done, skipped */
	char		*last_error;	/* or NULL */
};

struct status_sprint {
	char		*slug;
	char		*name;
	char		 start[11];
	char		 end[11];
	int		 registered;
	int		 waiting;
	int		 capacity;
};

/* What needs attention: what, in words, and what a person can do. */
struct status_issue {
	char		*what;
	char		*advice;
};

struct status {
	time_t			 now;
	int			 sync_limit;	/* seconds, see STATUS_SYNC_* */
	struct status_server	 imap;
	struct status_server	 smtp;
	int			 queued;	/* not tried yet */
	int			 retrying;	/* queued after a failed try */
	time_t			 next_retry;	/* 0 when none retries */
	int			 failed;
	struct status_mail	*failed_mails;	/* the newest, up to LIST_MAX */
	size_t			 nfailed_mails;
	int			 first_waiting;	/* first contacts held back */
	int			 held;		/* requests awaiting proof */
	int			 refused;	/* outbox rows not composed by
						 * sprintd (no valid MAC) */
	int			 requests;	/* sprintctl's mail requests
						 * not run by sprintd yet */
	struct status_job	*jobs;
	size_t			 njobs;
	struct status_sprint	*sprints;
	size_t			 nsprints;
	/* Plain-text digests of the list read in the last
	 * STATUS_DIGEST_DAYS (a setup error: their posts cannot be read). */
	int			 text_digests;
	int64_t			 text_digest_id;	/* the newest */
	struct status_issue	*issues;
	size_t			 nissues;
};

/*
 * Reads everything status shows at clock_now() and decides what needs
 * attention (status_decide). poll_interval is the config's. Returns 0
 * and a new *out (free with status_free), or -1 with *cause.
 */
int status_read(struct store *, int poll_interval, struct status **out,
    char **cause);
void status_free(struct status **);
/*
 * Fills issues from the rows read: a failed mail; a server error newer
 * than (or as old as) the server's last success; a permanent error; no
 * successful sync for sync_limit seconds, or none ever; a plain-text
 * digest of the list read lately. Replaces issues
 * already there.
 */
void status_decide(struct status *);
/* 1 when nothing needs attention. */
int status_healthy(const struct status *);
/* The sync limit for a poll interval: max(3 intervals, an hour). */
int status_sync_limit(int poll_interval);

/* Prints status for people, saying in words what needs attention. 0 or
 * -1 with *cause (a write error). */
int status_print_text(const struct status *, FILE *, char **cause);
/* Prints status as one JSON object (jansson). 0 or -1 with *cause. */
int status_print_json(const struct status *, FILE *, char **cause);
/*
 * The one line for systemd's STATUS= (without the "STATUS="), caller
 * frees: "ok: mailbox synced 10:02 UTC, 3 queued" or "error: imap: ...
 * (at 10:05 UTC)". trouble, when not NULL, is named first (what the
 * daemon could not do beyond the servers, such as record its work).
 */
char *status_line(const struct status *, const char *trouble);

#endif
