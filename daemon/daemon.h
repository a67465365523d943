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
 * daemon.h -- the daemon's work: one cycle (sync the mailbox, ingest new
 * mail, run due jobs, flush the outbox) and the loop around it.
 */
#ifndef SPRINTD_DAEMON_H
#define SPRINTD_DAEMON_H

#include <signal.h>

struct config;

/* Set by the signal handlers; the loop looks at them between messages. */
extern volatile sig_atomic_t daemon_stop;
extern volatile sig_atomic_t daemon_reload;

/* Installs the SIGTERM/SIGINT/SIGHUP handlers. */
void daemon_signals(void);
/*
 * Runs one full cycle and returns 0, or 1 when a server could not be
 * reached (everything that could be done was done), -1 on a local failure
 * (database, templates).
 */
int daemon_once(const char *config_path);
/* Runs until SIGTERM; returns the exit code. */
int daemon_run(const char *config_path);
/*
 * Checks a config, the files and directories it names and the templates
 * (sprintd -n); with servers, logs in to both servers too. Returns the
 * exit code: 0; 2 for an invalid config, also a server that does not offer
 * STARTTLS where TLS is required; 1 when a server failed otherwise.
 */
int daemon_check(const char *config_path, int servers);

#endif
