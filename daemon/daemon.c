/* daemon.c -- one cycle, and the loop around it. */
#include "config-auto.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "compose.h"
#include "config.h"
#include "daemon.h"
#include "imap.h"
#include "ingest.h"
#include "log.h"
#include "mime.h"
#include "notify.h"
#include "outbox.h"
#include "schedule.h"
#include "store.h"
#include "util.h"

/* IDLE is re-issued well before the 29 minutes of RFC 2177. */
#define DAEMON_IDLE_MAX		(25 * 60)
#define DAEMON_BACKOFF_MIN	5
#define DAEMON_BACKOFF_MAX	(15 * 60)
/* UIDs per UID FETCH when batch_size is not set, and at most. */
#define DAEMON_FETCH_UIDS	50
#define DAEMON_FETCH_UIDS_MAX	256
/* Bytes of bodies asked for in one UID FETCH (a larger one goes alone). */
#define DAEMON_FETCH_BYTES	(16u * 1024 * 1024)

volatile sig_atomic_t daemon_stop;
volatile sig_atomic_t daemon_reload;
/* Set by every signal: ends an IDLE wait, whatever the signal asks. */
static volatile sig_atomic_t daemon_wake;

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

struct daemon_ctx {
	struct config	*cfg;
	struct store	*st;
	struct compose	*compose;
	struct imap	*imap;
	char		*mailbox;
	/* Why a server is left alone until the next reload (a configuration
	 * error such as no STARTTLS), or NULL. */
	char		*imap_off;
	char		*smtp_off;
};

static void
daemon_ctx_close(struct daemon_ctx *d)
{
	imap_close(&d->imap);
	compose_free(&d->compose);
	store_close(&d->st);
	config_free(&d->cfg);
	xfree(&d->mailbox);
	xfree(&d->imap_off);
	xfree(&d->smtp_off);
}

/*
 * Opens config, templates and store. Returns 0, or with *cause the exit
 * code: 2 for an invalid config or template, 1 for a database that cannot
 * be opened (as sprintctl says for the same database).
 */
static int
daemon_ctx_open(struct daemon_ctx *d, const char *path, char **cause)
{
	enum log_level	 level;
	int		 r = 2;

	memset(d, 0, sizeof *d);
	if (config_load(path, &d->cfg, cause) == -1)
		return 2;
	if (config_check_passwords(d->cfg, cause) == -1)
		goto fail;
	if (log_level_parse(d->cfg->log_level, &level) == 0)
		log_set_level(level);
	if (compose_init(d->cfg, &d->compose, cause) == -1)
		goto fail;
	r = 1;
	if (store_open(d->cfg->database, &d->st, cause) == -1)
		goto fail;
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

/*
 * Fetches and ingests every message after the last UID done: sizes for
 * batch_size UIDs in one UID FETCH, then their bodies in as few UID
 * FETCHes as DAEMON_FETCH_BYTES allows, each message ingested (and
 * committed) in UID order. Returns 0, or -1 with *cause (IMAP trouble:
 * reconnect later; what was committed stays done), or 1 when IMAP is left
 * alone until a reload.
 */
static int
daemon_sync(struct daemon_ctx *d, char **cause)
{
	uint32_t		 validity, uidnext, known_validity, last_uid;
	uint32_t		*uids = NULL, *want = NULL;
	size_t			*sizes = NULL;
	struct imap_body	*bodies = NULL, *bd;
	struct ingest_src	 src;
	const char		*raw;
	size_t			 n = 0, nbodies = 0, chunk, m, i, j, k, end;
	size_t			 nwant, b, sum, len;
	int			 r, done = 0, rv = -1;

	if ((r = daemon_imap(d, cause)) != 0)
		return r;
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
	}
	src.mailbox = d->mailbox;
	src.uidvalidity = validity;
	for (i = 0; i < n && !daemon_stop; i += m) {
		m = n - i < chunk ? n - i : chunk;
		if (imap_fetch_sizes(d->imap, uids + i, m, sizes, cause) == -1)
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
				log_debug("%s: fetching %zu message%s, %zu "
				    "bytes", d->mailbox, nwant,
				    nwant == 1 ? "" : "s", sum);
				if (imap_fetch_bodies(d->imap, want, nwant,
				    bodies, cause) == -1)
					goto lost;
				nbodies = nwant;
			}
			for (k = j, b = 0; k < end && !daemon_stop; k++) {
				if (sizes[k] == IMAP_GONE) {
					log_debug("%s: UID %u has gone",
					    d->mailbox, uids[i + k]);
					continue;
				}
				if (sizes[k] > MIME_MAX_MESSAGE) {
					/* Stored as a stub, never fetched. */
					raw = NULL;
					len = sizes[k];
				} else {
					bd = &bodies[b++];
					if (bd->raw == NULL && bd->len == 0) {
						log_debug("%s: UID %u has "
						    "gone", d->mailbox,
						    bd->uid);
						continue;
					}
					raw = bd->raw;
					len = bd->len;
				}
				src.uid = uids[i + k];
				if (ingest_message(d->st, d->compose, d->cfg,
				    &src, raw, len, cause) == -1)
					goto fail;
				done++;
			}
			/* On a stop, the rest is fetched again next time. */
			imap_bodies_free(bodies, nbodies);
			nbodies = 0;
		}
	}
	rv = 0;
	goto out;

lost:
	imap_close(&d->imap);
	goto out;
fail:
	rv = -1;
out:
	imap_bodies_free(bodies, nbodies);
	free(bodies);
	free(want);
	free(sizes);
	free(uids);
	if (done > 0)
		log_info("%s: %d new message%s processed", d->mailbox, done,
		    done == 1 ? "" : "s");
	return rv;
}

/* Jobs and outbox; 0, or 1 when SMTP could not be reached, -1 local. */
static int
daemon_send(struct daemon_ctx *d)
{
	char	*cause = NULL;
	int	 ran, sent, r = 0, f;

	if (schedule_run(d->st, d->compose, &ran, &cause) == -1) {
		log_error("jobs: %s", cause);
		xfree(&cause);
		r = -1;
	}
	if (d->smtp_off != NULL)
		return r == 0 ? 1 : r;
	if ((f = outbox_flush(d->st, d->cfg, &sent, &cause)) == OUTBOX_NOTLS) {
		log_error("smtp: %s: not trying again until the configuration "
		    "is reloaded", cause);
		d->smtp_off = cause;
		cause = NULL;
	} else if (f == -1) {
		log_error("smtp: %s", cause);
		xfree(&cause);
	}
	if (f != 0 && r == 0)
		r = 1;
	return r;
}

int
daemon_once(const char *path)
{
	struct daemon_ctx	 d;
	char			*cause = NULL;
	int			 r = 0, s;

	if ((r = daemon_ctx_open(&d, path, &cause)) != 0) {
		log_error("%s", cause);
		free(cause);
		return r;
	}
	if ((s = daemon_sync(&d, &cause)) == -1) {
		log_error("imap: %s", cause);
		xfree(&cause);
	}
	if (s != 0)
		r = 1;
	if ((s = daemon_send(&d)) != 0)
		r = 1;
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
		r = imap_idle(d->imap, seconds, &daemon_wake, &cause);
		if (r == -1) {
			log_warn("imap idle: %s", cause);
			free(cause);
			imap_close(&d->imap);
		}
		return;
	}
	while (seconds-- > 0 && !daemon_stop && !daemon_reload)
		poll(NULL, 0, 1000);
}

int
daemon_run(const char *path)
{
	struct daemon_ctx	 d;
	char			*cause = NULL;
	int			 backoff = 0, wait, watchdog, r;
	time_t			 now, next;

	if ((r = daemon_ctx_open(&d, path, &cause)) != 0) {
		log_error("%s", cause);
		free(cause);
		return r;
	}
	notify_send("READY=1");
	log_info("started (%s)", PACKAGE_STRING);
	watchdog = notify_watchdog_interval();
	while (!daemon_stop) {
		if (daemon_reload) {
			struct daemon_ctx	 fresh;

			daemon_reload = 0;
			notify_send("RELOADING=1");
			if (daemon_ctx_open(&fresh, path, &cause) != 0) {
				log_error("reload failed, keeping the old "
				    "configuration: %s", cause);
				xfree(&cause);
			} else {
				daemon_ctx_close(&d);
				d = fresh;
				log_info("configuration and templates "
				    "reloaded");
			}
			notify_send("READY=1");
		}
		if (daemon_sync(&d, &cause) == -1) {
			backoff = backoff == 0 ? DAEMON_BACKOFF_MIN :
			    backoff * 2 > DAEMON_BACKOFF_MAX ?
			    DAEMON_BACKOFF_MAX : backoff * 2;
			log_error("imap: %s (retrying in %d s)", cause,
			    backoff);
			xfree(&cause);
		} else
			backoff = 0;
		if (daemon_stop)
			break;
		daemon_send(&d);
		notify_send("WATCHDOG=1");

		/* Sleep until new mail, the next due job or retry, the
		 * watchdog, or the reconnect backoff. */
		now = util_now();
		wait = backoff ? backoff : d.imap != NULL &&
		    imap_has_idle(d.imap) ? DAEMON_IDLE_MAX :
		    d.cfg->poll_interval;
		next = schedule_next_due(d.st);
		if (next != 0 && next - now < wait)
			wait = next - now > 0 ? (int)(next - now) : 0;
		next = d.smtp_off == NULL ? outbox_next_due(d.st) : 0;
		if (next != 0 && next - now < wait)
			wait = next - now > 0 ? (int)(next - now) : 0;
		if (watchdog != 0 && watchdog < wait)
			wait = watchdog;
		if (wait > 0) {
			if (backoff)
				while (wait-- > 0 && !daemon_stop)
					poll(NULL, 0, 1000);
			else
				daemon_wait(&d, wait);
		}
	}
	notify_send("STOPPING=1");
	log_info("stopping");
	daemon_ctx_close(&d);
	return 0;
}
