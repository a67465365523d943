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
 * config.h -- sprintd.yaml, read through a table of keys, types and checks.
 */
#ifndef SPRINTD_CONFIG_H
#define SPRINTD_CONFIG_H

#include <stddef.h>

enum config_tls { CONFIG_TLS_REQUIRED, CONFIG_TLS_NONE };

struct config_server {
	char		*url;		/* imaps://host[:port]/MAILBOX, smtp://... */
	char		*user;		/* NULL: no login (SMTP relay) */
	char		*password_file;	/* NULL: no login */
	enum config_tls	 tls;
	char		*ca_file;	/* CA bundle trusted instead of the system's, or NULL */
};

struct config {
	char			*path;		/* the file it was read from */
	char			*database;
	char			*list_address;
	char			*from;		/* "Name <addr>" */
	char			*templates;	/* override directory, or NULL */
	char			*publish_dir;	/* people pages go here, or NULL */
	char			*public_url;	/* where publish_dir is served
						 * (http or https), or NULL */
	char			*log_level;	/* error|warn|info|debug */
	int			 poll_interval;	/* seconds between polls w/o IDLE */
	int			 replies_per_day; /* cap per address per day */
	int			 batch_size;	/* IMAP fetch and SMTP batch size */
	int			 digest_hour;	/* local hour of the daily digest,
						 * 0-23; default 8 */
	int			 evaluation_min_answers; /* results shown from */
	/* The authserv-id (RFC 8601) of the receiving server whose
	 * Authentication-Results are trusted, or NULL: none is. */
	char			*authserv_id;
	/* Mail per sprint and hour to addresses that never proved
	 * themselves; default 30. */
	int			 first_contact_per_hour;
	/* The key of the MAC on queued mail (readable by sprintd's user
	 * only), or NULL: the database's path and ".key". */
	char			*outbox_key;
	struct config_server	 imap;
	struct config_server	 smtp;
};

/*
 * Reads and checks a config file. Returns 0 and a new *out, or -1 with
 * *cause as "FILE:LINE: KEY: what is wrong". Password files are not looked
 * at (sprintctl needs none): the daemon checks them with
 * config_check_passwords.
 */
int config_load(const char *path, struct config **out, char **cause);
/* The same from a string; name is used in messages in place of the path. */
int config_load_string(const char *name, const char *data, size_t len,
    struct config **out, char **cause);
/*
 * Checks that each password file exists, is a regular file that group and
 * others cannot read, and that this process can read it. Returns 0, or -1
 * with *cause "FILE: KEY: what is wrong".
 */
int config_check_passwords(const struct config *, char **cause);
void config_free(struct config **);

/*
 * Reads the password of a server from its password_file (first line, no
 * trailing newline). Returns 0 with a new *password, 1 when the server has
 * no password_file, -1 with *cause. The password is never logged.
 */
int config_read_password(const struct config_server *, char **password,
    char **cause);

/* Checks that path is a regular file not readable by group or others. */
int config_check_secret_file(const char *path, char **cause);

#endif
