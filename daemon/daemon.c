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

/* daemon.c -- one cycle, and the loop around it. */
#include "config-auto.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "clock.h"
#include "compose.h"
#include "config.h"
#include "daemon.h"
#include "digest.h"
#include "evaluation.h"
#include "imap.h"
#include "ingest.h"
#include "log.h"
#include "mailreq.h"
#include "mime.h"
#include "notify.h"
#include "outbox.h"
#include "page.h"
#include "schedule.h"
#include "status.h"
#include "store.h"
#include "util.h"

/*
 * IDLE is ended and re-issued every DAEMON_IDLE_MAX seconds (well before
 * the 29 minutes of RFC 2177): a connection that went silent (a NAT that
 * forgot it: no FIN, no RST) fails at the DONE's reply, IMAP_TIMEOUT
 * later, if TCP keepalive has not found it first (imap.c). New mail is
 * seen within DAEMON_IDLE_MAX + IMAP_TIMEOUT + DAEMON_BACKOFF_MIN
 * seconds (4 min 5 s). SPRINTD_IDLE_SECONDS shortens it for tests.
 */
#define DAEMON_IDLE_MAX		(3 * 60)
#define DAEMON_BACKOFF_MIN	5
#define DAEMON_BACKOFF_MAX	(15 * 60)
/* UIDs per UID FETCH when batch_size is not set, and at most. */
#define DAEMON_FETCH_UIDS	200
#define DAEMON_FETCH_UIDS_MAX	256
/* Bytes of bodies asked for in one UID FETCH (a larger one goes alone). */
#define DAEMON_FETCH_BYTES	(16u * 1024 * 1024)
/* A message of at most this size is not sized before it is fetched: a
 * full batch of them still fits DAEMON_FETCH_BYTES. */
#define DAEMON_SMALL_BYTES	(DAEMON_FETCH_BYTES / DAEMON_FETCH_UIDS_MAX)

volatile sig_atomic_t daemon_stop;
volatile sig_atomic_t daemon_reload;
/* Set by every signal: ends an IDLE wait, whatever the signal asks. */
static volatile sig_atomic_t daemon_wake;
/*
 * The long-running loop blocks its signals everywhere but in its waits
 * and at the points between two messages: a signal inside an IMAP or SMTP
 * command would cut the command short (EINTR) and lose the connection.
 */
static sigset_t	daemon_waitmask;
static int	daemon_blocking;

static void
daemon_on_signal(int sig)
{
	if (sig == SIGHUP)
		daemon_reload = 1;
	else
		daemon_stop = 1;
	daemon_wake = 1;
}

void
daemon_signals(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = daemon_on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocking poll returns so the loop sees it. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* From here on the signals arrive only in waits and at safe points. */
static void
daemon_block_signals(void)
{
	sigset_t	 set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &daemon_waitmask);
	sigdelset(&daemon_waitmask, SIGTERM);
	sigdelset(&daemon_waitmask, SIGINT);
	sigdelset(&daemon_waitmask, SIGHUP);
	daemon_blocking = 1;
}

/* A safe point: lets a pending signal's handler run. */
static void
daemon_signal_point(void)
{
	sigset_t	 blocked;

	if (!daemon_blocking)
		return;
	sigprocmask(SIG_SETMASK, &daemon_waitmask, &blocked);
	sigprocmask(SIG_SETMASK, &blocked, NULL);
}

/* Waits up to ms milliseconds for a signal. */
static void
daemon_pause(int ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	ppoll(NULL, 0, &ts, daemon_blocking ? &daemon_waitmask : NULL);
}

struct daemon_ctx {
	struct config	*cfg;
	struct store	*st;
	struct compose	*compose;
	struct imap	*imap;
	char		*mailbox;
	struct outbox_guard *guard;	/* outlives reloads */
	/* Why a server is left alone until the next reload (a configuration
	 * error such as no STARTTLS), or NULL. */
	char		*imap_off;
	char		*smtp_off;
	/* The last sync's batches were committed relaxed and could not be
	 * made durable: nothing goes out until they are. */
	int		 undurable;
};

static void
daemon_ctx_close(struct daemon_ctx *d)
{
	imap_close(&d->imap);
	compose_free(&d->compose);
	store_close(&d->st);
	config_free(&d->cfg);
	xfree(&d->mailbox);
	outbox_guard_free(&d->guard);
	xfree(&d->imap_off);
	xfree(&d->smtp_off);
}

/*
 * Opens config, templates and store. Returns 0, or with *cause the exit
 * code: 2 for an invalid config or template, 1 for a database that cannot
 * be opened (as sprintctl says for the same database).
 */
/* Loads the key that signs what the daemon queues (only it composes). */
static int
daemon_key(const struct config *cfg, char **cause)
{
	char	*path;
	int	 r;

	path = cfg->outbox_key != NULL ? xstrdup(cfg->outbox_key) :
	    outbox_key_path(cfg->database);
	r = outbox_key_load(path, cause);
	free(path);
	return r;
}

/* The store was opened once in this process (store_drop_cache). */
static int	daemon_opened;

static int
daemon_ctx_open(struct daemon_ctx *d, const char *path, char **cause)
{
	enum log_level	 level;
	int		 r = 2;

	memset(d, 0, sizeof *d);
	d->guard = outbox_guard_new();
	if (config_load(path, &d->cfg, cause) == -1)
		return 2;
	if (config_check_passwords(d->cfg, cause) == -1)
		goto fail;
	if (log_level_parse(d->cfg->log_level, &level) == 0)
		log_set_level(level);
	if (compose_init(d->cfg, &d->compose, cause) == -1)
		goto fail;
	r = 1;
	/*
	 * After a failed sync and the restart, what the disk holds. Only
	 * before the process has the database open: closing a descriptor of
	 * the file drops every POSIX lock the process holds on it, SQLite's
	 * included, and a reload opens the store while the old one is open.
	 */
	if (!daemon_opened) {
		store_drop_cache(d->cfg->database);
		daemon_opened = 1;
	}
	if (store_open(d->cfg->database, &d->st, cause) == -1)
		goto fail;
	if (daemon_key(d->cfg, cause) == -1)
		goto fail;
	page_clean_all(d->cfg);
	page_update_all(d->st, d->cfg);
	return 0;
fail:
	daemon_ctx_close(d);
	return r;
}

int
daemon_check(const char *path, int servers)
{
	struct config	*cfg = NULL;
	struct compose	*c = NULL;
	char		*cause = NULL;
	int		 r;

	if (config_load(path, &cfg, &cause) == -1 ||
	    check_paths(cfg, &cause) == -1 ||
	    compose_init(cfg, &c, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		config_free(&cfg);
		return 2;
	}
	/* A warning, not an error: the check still passes. */
	evaluation_check_config(cfg);
	printf("%s: configuration and templates OK\n", path);
	compose_free(&c);
	r = 0;
	if (servers) {
		fflush(stdout);
		r = check_servers(cfg, stdout);
		r = r == -1 ? 2 : r;
	}
	config_free(&cfg);
	return r;
}

/* Connects to IMAP when not connected. 0, or -1 with *cause, or 1 when
 * the server is left alone until a reload (logged here, once). */
static int
daemon_imap(struct daemon_ctx *d, char **cause)
{
	char	*password = NULL;
	int	 r;

	if (d->imap_off != NULL)
		return 1;
	if (d->imap != NULL)
		return 0;
	if (config_read_password(&d->cfg->imap, &password, cause) == -1)
		return -1;
	r = imap_connect(&d->cfg->imap, password, &d->imap, cause);
	if (password != NULL) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	if (r == IMAP_NOTLS) {
		log_error("imap: %s: not trying again until the configuration "
		    "is reloaded", *cause);
		d->imap_off = *cause;
		*cause = NULL;
		return 1;
	}
	if (r == -1)
		return -1;
	free(d->mailbox);
	d->mailbox = xstrdup(imap_mailbox(d->imap));
	return 0;
}

/* Asked before each message of a batch: a signal came in between. */
static int
daemon_stopping(void)
{
	daemon_signal_point();
	return daemon_stop != 0;
}

/*
 * Fetches and ingests every message after the last UID done: for
 * batch_size UIDs, which are larger than DAEMON_SMALL_BYTES and their
 * sizes (one UID SEARCH, and a UID FETCH of those alone), then their
 * bodies in as few UID FETCHes as DAEMON_FETCH_BYTES allows, each message ingested (and
 * committed) in UID order. Returns 0; 1 with *cause for IMAP trouble
 * (reconnect later; what was committed stays done); -1 with *cause when
 * the store failed; 2 when IMAP is left alone until a reload (a server
 * without STARTTLS, said once).
 */
static int
daemon_sync(struct daemon_ctx *d, char **cause)
{
	uint32_t		 validity, uidnext, known_validity, last_uid;
	uint32_t		*uids = NULL, *want = NULL;
	size_t			*sizes = NULL;
	struct imap_body	*bodies = NULL, *bd;
	struct ingest_item	*items = NULL, *it;
	char			*why = NULL;
	size_t			 n = 0, nbodies = 0, chunk, m, i, j, k, end;
	size_t			 nwant, b, sum, nitem;
	int			 r, done = 0, nread, rv = -1, relaxed = 0;
	int			 pages = 0;

	if ((r = daemon_imap(d, cause)) != 0)
		return r == 1 ? 2 : 1;
	if (imap_select(d->imap, &validity, &uidnext, cause) == -1)
		goto lost;
	r = ingest_mailbox_get(d->st, d->mailbox, &known_validity, &last_uid,
	    cause);
	if (r == -1)
		return -1;
	if (r == 1 || known_validity != validity) {
		if (r == 0)
			log_warn("%s: UIDVALIDITY changed (%u -> %u): rescanning; "
			    "Message-IDs keep mail from being processed twice",
			    d->mailbox, known_validity, validity);
		if (ingest_mailbox_reset(d->st, d->mailbox, validity,
		    cause) == -1)
			return -1;
		last_uid = 0;
	}
	if (uidnext != 0 && uidnext <= last_uid + 1)
		return 0;
	if (imap_uids_after(d->imap, last_uid, &uids, &n, cause) == -1)
		goto lost;

	chunk = d->cfg->batch_size > 0 ? (size_t)d->cfg->batch_size :
	    DAEMON_FETCH_UIDS;
	if (chunk > DAEMON_FETCH_UIDS_MAX)
		chunk = DAEMON_FETCH_UIDS_MAX;
	if (n < chunk)
		chunk = n;
	if (chunk > 0) {
		sizes = xreallocarray(NULL, chunk, sizeof *sizes);
		want = xreallocarray(NULL, chunk, sizeof *want);
		bodies = xreallocarray(NULL, chunk, sizeof *bodies);
		items = xreallocarray(NULL, chunk, sizeof *items);
	}
	/*
	 * The batches wait for the disk once, at the end of the sync, not
	 * once each: nothing is sent before that (a power cut may lose
	 * them, and they are fetched again; a crash of the process loses
	 * nothing committed).
	 */
	if (n > 0) {
		if (store_relaxed(d->st, 1, cause) == -1)
			goto fail;
		relaxed = 1;
	}
	for (i = 0; i < n && !daemon_stop; i += m) {
		daemon_signal_point();
		if (daemon_stop)
			break;
		m = n - i < chunk ? n - i : chunk;
		if (imap_size_bounds(d->imap, uids + i, m, DAEMON_SMALL_BYTES,
		    sizes, cause) == -1)
			goto lost;
		for (j = 0; j < m && !daemon_stop; j = end) {
			/*
			 * The sub-batch [j, end): bodies up to
			 * DAEMON_FETCH_BYTES in all, or one message alone.
			 * Gone and too large ones are not fetched.
			 */
			nwant = sum = 0;
			for (end = j; end < m; end++) {
				if (sizes[end] == IMAP_GONE ||
				    sizes[end] > MIME_MAX_MESSAGE)
					continue;
				if (nwant > 0 &&
				    sum + sizes[end] > DAEMON_FETCH_BYTES)
					break;
				want[nwant++] = uids[i + end];
				sum += sizes[end];
			}
			if (nwant > 0) {
				log_debug("%s: fetching %zu message%s, at most "
				    "%zu bytes", d->mailbox, nwant,
				    nwant == 1 ? "" : "s", sum);
				if (imap_fetch_bodies(d->imap, want, nwant,
				    bodies, cause) == -1)
					goto lost;
				nbodies = nwant;
			}
			/* The sub-batch as ingest reads it: one commit. */
			for (k = j, b = 0, nitem = 0; k < end; k++) {
				if (sizes[k] == IMAP_GONE) {
					log_debug("%s: UID %u has gone",
					    d->mailbox, uids[i + k]);
					continue;
				}
				it = &items[nitem];
				it->uid = uids[i + k];
				it->internaldate = 0;
				if (sizes[k] > MIME_MAX_MESSAGE) {
					/* Stored as a stub, never fetched. */
					it->raw = NULL;
					it->len = sizes[k];
				} else {
					bd = &bodies[b++];
					if (bd->raw == NULL && bd->len == 0) {
						log_debug("%s: UID %u has "
						    "gone", d->mailbox,
						    bd->uid);
						continue;
					}
					it->raw = bd->raw;
					it->len = bd->len;
					it->internaldate = bd->internaldate;
				}
				nitem++;
			}
			r = ingest_fetched(d->st, d->compose, d->cfg, d->mailbox,
			    validity, items, nitem, daemon_stopping, &nread,
			    cause);
			done += nread;
			if (r == -1)
				goto fail;
			/* The people pages are written once it is durable. */
			if (k > j)
				pages = 1;
			/* On a stop, the rest is fetched again next time. */
			imap_bodies_free(bodies, nbodies);
			nbodies = 0;
		}
	}
	rv = 0;
	goto out;

lost:
	imap_close(&d->imap);
	rv = 1;
	goto out;
fail:
	rv = -1;
out:
	if (relaxed && store_relaxed(d->st, 0, &why) == -1) {
		d->undurable = 1;
		if (rv == 0)
			*cause = why;
		else {
			log_error("%s", why);
			free(why);
		}
		why = NULL;
		rv = -1;
	}
	/* Only what is durable is published: never ahead of the data. */
	if (pages && store_durable(d->st))
		page_update_all(d->st, d->cfg);
	imap_bodies_free(bodies, nbodies);
	free(bodies);
	free(items);
	free(want);
	free(sizes);
	free(uids);
	if (done > 0)
		log_info("%s: %d new message%s processed", d->mailbox, done,
		    done == 1 ? "" : "s");
	return rv;
}

/*
 * Records how a server did, for sprintctl status: r 0 a success, else an
 * error with cause (refused: the login). Best-effort: a store that cannot
 * take it is logged and the cycle goes on, as status is no step of the
 * work and never a reason to stop or try again.
 */
static void
daemon_status(struct daemon_ctx *d, const char *server, int r,
    const char *cause, int refused)
{
	char	*why = NULL;
	int	 rv;

	if (r == 0)
		rv = status_record_ok(d->st, server, &why);
	else
		rv = status_record_error(d->st, server, cause, refused, &why);
	if (rv == -1) {
		log_warn("status: %s not recorded: %s", server, why);
		free(why);
	}
}

/* Syncs the mailbox and records how IMAP did: daemon_sync's 0, 1 or -1,
 * the cause logged. */
static int
daemon_sync_step(struct daemon_ctx *d)
{
	char	*cause = NULL;
	int	 r;

	if ((r = daemon_sync(d, &cause)) == 0) {
		daemon_status(d, STATUS_IMAP, 0, NULL, 0);
		return 0;
	}
	if (r == 2) {
		/* Said once when it happened; status shows it each cycle. */
		daemon_status(d, STATUS_IMAP, 1, d->imap_off, 1);
		return 2;
	}
	log_error("%s: %s", r == 1 ? "imap" : "store", cause);
	if (r == 1)
		daemon_status(d, STATUS_IMAP, 1, cause, imap_login_refused());
	free(cause);
	return r;
}

/* What the STATUS= line says when the store failed this cycle. */
#define DAEMON_STORE_TROUBLE \
	"the database could not record what was done (see the log)"

/*
 * Tells systemd in one line how the daemon is (STATUS=...), from what is
 * recorded; trouble names what the store could not do this cycle.
 */
static void
daemon_notify_status(struct daemon_ctx *d, const char *trouble)
{
	struct status	*s = NULL;
	char		*cause = NULL, *line, *state;

	/* Outside systemd nobody listens: spare the database the reads. */
	if (getenv("NOTIFY_SOCKET") == NULL)
		return;
	if (status_read(d->st, d->cfg->poll_interval, &s, &cause) == -1) {
		log_debug("status: %s", cause);
		free(cause);
		notify_send("STATUS=error: the database cannot be read "
		    "(see the log)");
		return;
	}
	line = status_line(s, trouble);
	state = xprintf("STATUS=%s", line);
	notify_send(state);
	free(state);
	free(line);
	status_free(&s);
}

/* Jobs, digests and outbox; 0, or 1 when SMTP could not be reached, 2
 * when SMTP is left alone until a reload (no STARTTLS), -1 when the store
 * could not record an outcome (then nothing more is tried). SMTP's
 * outcome is recorded for status: a success only when mail went out. */
static int
daemon_send(struct daemon_ctx *d, int flush)
{
	char	*cause = NULL;
	int	 ran, sent, r;

	/* What the last sync stored is durable before anything answers it. */
	if (d->undurable) {
		if (store_relaxed(d->st, 0, &cause) == -1) {
			log_error("store: %s: nothing is sent", cause);
			xfree(&cause);
			return -1;
		}
		d->undurable = 0;
	}

	if (schedule_run(d->st, d->compose, &ran, &cause) == -1) {
		log_error("jobs: %s", cause);
		xfree(&cause);
		return -1;
	}
	/* A new day of the sprint: planning.txt's "present today". */
	if (ran > 0)
		page_update_all(d->st, d->cfg);
	if (digest_run(d->st, d->compose, d->cfg, &ran, &cause) == -1) {
		log_error("digest: %s", cause);
		xfree(&cause);
		return -1;
	}
	/* What waits for proof or for the hour is not more urgent than the
	 * mail already queued: a failure here does not hold it back. */
	if (ingest_housekeeping(d->st, d->compose, d->cfg, &ran,
	    &cause) == -1) {
		log_error("ingest: %s", cause);
		xfree(&cause);
	}
	/* What sprintctl asked for: composed here, where the key is. */
	if (mailreq_run(d->st, d->compose, d->cfg, &ran, &cause) == -1) {
		log_error("requests: %s", cause);
		xfree(&cause);
		return -1;
	}
	if (d->smtp_off != NULL) {
		daemon_status(d, STATUS_SMTP, 1, d->smtp_off, 1);
		return 2;
	}
	/* SMTP backs off on its own: its mail waits for the next try. */
	if (!flush)
		return 0;
	r = outbox_flush(d->st, d->cfg, d->guard, &sent, &cause);
	if (r == OUTBOX_NOTLS) {
		log_error("smtp: %s: not trying again until the configuration "
		    "is reloaded", cause);
		d->smtp_off = cause;
		daemon_status(d, STATUS_SMTP, 1, d->smtp_off, 1);
		return 2;
	}
	if (r == 1)
		daemon_status(d, STATUS_SMTP, 1, cause,
		    outbox_guard_refused(d->guard));
	else if (r == 0 && sent > 0)
		daemon_status(d, STATUS_SMTP, 0, NULL, 0);
	if (r != 0) {
		log_error("%s: %s", r == -1 ? "outbox" : "smtp", cause);
		xfree(&cause);
	}
	return r;
}

int
daemon_once(const char *path)
{
	struct daemon_ctx	 d;
	char			*cause = NULL;
	int			 r = 0, y, s;

	if ((r = daemon_ctx_open(&d, path, &cause)) != 0) {
		log_error("%s", cause);
		free(cause);
		return r;
	}
	if ((y = daemon_sync_step(&d)) != 0)
		r = 1;
	if ((s = daemon_send(&d, 1)) != 0)
		r = 1;
	daemon_notify_status(&d, y == -1 || s == -1 ? DAEMON_STORE_TROUBLE :
	    NULL);
	if (outbox_guard_pending(d.guard) > 0)
		log_error("outbox: %zu mail%s went out but could not be "
		    "recorded as sent", outbox_guard_pending(d.guard),
		    outbox_guard_pending(d.guard) == 1 ? "" : "s");
	if (store_sync_failed())
		log_error("store: a sync of the disk failed: what was written "
		    "since is not trusted; the next run reads the disk");
	daemon_ctx_close(&d);
	return r;
}

/* Waits for new mail, a due job or outbox retry, or a signal. */
static void
daemon_wait(struct daemon_ctx *d, int seconds)
{
	char	*cause = NULL;
	int	 r;

	if (d->imap != NULL && imap_has_idle(d->imap)) {
		log_debug("imap: IDLE for up to %d s", seconds);
		daemon_wake = daemon_stop || daemon_reload;
		r = imap_idle(d->imap, seconds, daemon_blocking ?
		    &daemon_waitmask : NULL, &daemon_wake, &cause);
		if (r == -1) {
			log_warn("imap idle: %s", cause);
			free(cause);
			imap_close(&d->imap);
		}
		return;
	}
	while (seconds-- > 0 && !daemon_stop && !daemon_reload)
		daemon_pause(1000);
}

/* Sleeps through a backoff, telling the watchdog all the while that the
 * loop is alive; a signal ends it. */
static void
daemon_sleep(int seconds, int watchdog)
{
	int	 n = 0;

	while (seconds-- > 0 && !daemon_stop && !daemon_reload) {
		daemon_pause(1000);
		if (watchdog != 0 && ++n >= watchdog) {
			notify_send("WATCHDOG=1");
			n = 0;
		}
	}
}

/* The next backoff after *backoff s (0: none yet). */
static int
daemon_backoff_next(int backoff)
{
	if (backoff == 0)
		return DAEMON_BACKOFF_MIN;
	return backoff * 2 > DAEMON_BACKOFF_MAX ? DAEMON_BACKOFF_MAX :
	    backoff * 2;
}

/* Monotonic seconds: backoffs run on the real clock, not SPRINTD_NOW. */
static time_t
daemon_mono(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* The IDLE cycle in seconds: DAEMON_IDLE_MAX, or SPRINTD_IDLE_SECONDS
 * (tests). */
static int
daemon_idle_max(void)
{
	const char	*e = getenv("SPRINTD_IDLE_SECONDS");
	long		 v;
	char		*end;

	if (e == NULL || *e == '\0')
		return DAEMON_IDLE_MAX;
	v = strtol(e, &end, 10);
	if (*end != '\0' || v < 1 || v > DAEMON_IDLE_MAX)
		return DAEMON_IDLE_MAX;
	return (int)v;
}

int
daemon_run(const char *path)
{
	struct daemon_ctx	 d;
	char			*cause = NULL;
	int			 backoff = 0, imap_backoff = 0, smtp_backoff = 0;
	int			 wait, watchdog, trouble, y, s, r, rc = 0;
	time_t			 now, next, mono, imap_at = 0, smtp_at = 0;

	if ((r = daemon_ctx_open(&d, path, &cause)) != 0) {
		log_error("%s", cause);
		free(cause);
		return r;
	}
	daemon_block_signals();
	notify_send("READY=1");
	log_info("started (%s)", PACKAGE_STRING);
	watchdog = notify_watchdog_interval();
	while (!daemon_stop) {
		daemon_signal_point();
		if (daemon_reload) {
			struct daemon_ctx	 fresh;

			daemon_reload = 0;
			notify_send("RELOADING=1");
			if (daemon_ctx_open(&fresh, path, &cause) != 0) {
				log_error("reload failed, keeping the old "
				    "configuration: %s", cause);
				xfree(&cause);
			} else {
				/* What went out unrecorded stays known. */
				outbox_guard_free(&fresh.guard);
				fresh.guard = d.guard;
				d.guard = NULL;
				daemon_ctx_close(&d);
				d = fresh;
				log_info("configuration and templates "
				    "reloaded");
			}
			/* A reload tries both servers again at once. */
			imap_at = smtp_at = 0;
			notify_send("READY=1");
		}
		/*
		 * Each server backs off on its own (one that is down never
		 * holds up the other); a store that cannot record what was
		 * done backs the whole cycle off: nothing is tried again at
		 * once, however much mail or work is due.
		 */
		trouble = 0;
		mono = daemon_mono();
		/* 2: IMAP is left alone until a reload; nothing to retry. */
		y = 0;
		if (mono >= imap_at) {
			y = daemon_sync_step(&d);
			if (y == 1) {
				imap_backoff = daemon_backoff_next(
				    imap_backoff);
				imap_at = daemon_mono() + imap_backoff;
				log_warn("imap: trying again in %d s",
				    imap_backoff);
			} else if (y == 0)
				imap_backoff = 0;
		}
		if (y == -1)
			trouble = 1;
		if (store_sync_failed())
			break;
		daemon_signal_point();
		if (daemon_stop)
			break;
		/* 2: SMTP is left alone until a reload; nothing to retry. */
		s = daemon_send(&d, daemon_mono() >= smtp_at);
		if (s == 1) {
			smtp_backoff = daemon_backoff_next(smtp_backoff);
			smtp_at = daemon_mono() + smtp_backoff;
			log_warn("smtp: trying again in %d s", smtp_backoff);
		} else if (s == 0 && daemon_mono() >= smtp_at)
			smtp_backoff = 0;
		if (s == -1)
			trouble = 1;
		if (store_sync_failed())
			break;
		daemon_notify_status(&d, y == -1 || s == -1 ?
		    DAEMON_STORE_TROUBLE : NULL);
		notify_send("WATCHDOG=1");
		if (trouble) {
			backoff = daemon_backoff_next(backoff);
			log_warn("trying again in %d s", backoff);
			daemon_sleep(backoff, watchdog);
			continue;
		}
		backoff = 0;

		/* Sleep until new mail, the next due job or retry, a
		 * server's backoff ends, or the watchdog. */
		now = clock_now();
		mono = daemon_mono();
		wait = d.imap != NULL && imap_has_idle(d.imap) ?
		    daemon_idle_max() : d.cfg->poll_interval;
		if (imap_at > mono && imap_at - mono < wait)
			wait = (int)(imap_at - mono);
		next = schedule_next_due(d.st);
		if (next != 0 && next - now < wait)
			wait = next - now > 0 ? (int)(next - now) : 0;
		next = digest_next_due(d.st, d.cfg);
		if (next != 0 && next - now < wait)
			wait = next - now > 0 ? (int)(next - now) : 0;
		next = d.smtp_off == NULL ? outbox_next_due(d.st) : 0;
		/* Due mail waits for SMTP's backoff to end. */
		if (next != 0 && smtp_at > mono && next - now < smtp_at - mono)
			next = now + (smtp_at - mono);
		if (next != 0 && next - now < wait)
			wait = next - now > 0 ? (int)(next - now) : 0;
		if (watchdog != 0 && watchdog < wait)
			wait = watchdog;
		/* Never spin: at least a second between cycles. */
		daemon_wait(&d, wait > 0 ? wait : 1);
	}
	if (store_sync_failed()) {
		/* fsyncgate: never retried; systemd restarts sprintd. */
		log_error("store: a sync of the disk failed: exiting, so that "
		    "the restart reads what the disk holds; nothing was sent "
		    "on what was not synced");
		rc = 1;
	} else {
		notify_send("STOPPING=1");
		log_info("stopping");
	}
	daemon_ctx_close(&d);
	return rc;
}
