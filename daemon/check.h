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
 * check.h -- what sprintd -n looks at beyond the config's syntax: that the
 * files and directories the config names are there and usable by the user
 * running the check, and (--check-servers) that both servers take a login.
 */
#ifndef SPRINTD_CHECK_H
#define SPRINTD_CHECK_H

#include <stdio.h>

struct config;

/*
 * Checks the database's directory (exists, a directory this user may
 * create files in) and the database if it exists (a regular file it may
 * read and write), the password files (config_check_passwords), the
 * templates directory (readable) and publish_dir (writable) when given.
 * Returns 0, or -1 with *cause "CONFIG: KEY: PATH: what is wrong".
 */
int check_paths(const struct config *, char **cause);

/*
 * Connects and logs in to the IMAP server (and selects the mailbox) and to
 * the SMTP server, and prints one line per server to out: "imap URL: OK"
 * or "imap URL: FAILED: why". Returns 0 when both worked, 1 when one could
 * not be reached or refused the login, -1 when a server cannot be used as
 * configured (TLS required and no STARTTLS offered).
 */
int check_servers(const struct config *, FILE *out);

/*
 * Runs the rest of the process as user (its primary group and
 * supplementary groups), so that checks see what the daemon will see.
 * Only root may; returns 0, or -1 with *cause.
 */
int check_become(const char *user, char **cause);

#endif
