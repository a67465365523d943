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

/* config.c -- sprintd.yaml through a table of keys. */
#include "config-auto.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "util.h"
#include "ytable.h"

#define CONFIG_MAX_SECRET 4096

static const char *
config_check_addr(const char *s)
{
	return util_addr_valid(s) ? NULL :
	    "not a mail address: expected local@domain";
}

static const char *
config_check_from(const char *s)
{
	const char	*lt = strrchr(s, '<');
	char		*addr;
	int		 ok;

	if (strpbrk(s, "\r\n") != NULL)
		return "must be on one line";
	if (lt == NULL)
		return config_check_addr(s);
	if (s[strlen(s) - 1] != '>')
		return "expected \"Name <local@domain>\"";
	addr = xstrndup(lt + 1, strlen(lt + 1) - 1);
	ok = util_addr_valid(addr);
	free(addr);
	return ok ? NULL : "expected \"Name <local@domain>\" with a valid address";
}

static const char *
config_check_imap_url(const char *s)
{
	if (strncmp(s, "imaps://", 8) != 0 && strncmp(s, "imap://", 7) != 0)
		return "expected imaps://HOST[:PORT][/MAILBOX] or imap://...";
	if (s[strcspn(s, ":") + 3] == '\0' || s[strcspn(s, ":") + 3] == '/')
		return "the URL has no host";
	return NULL;
}

static const char *
config_check_smtp_url(const char *s)
{
	if (strncmp(s, "smtps://", 8) != 0 && strncmp(s, "smtp://", 7) != 0)
		return "expected smtps://HOST[:PORT] or smtp://HOST[:PORT]";
	if (s[strcspn(s, ":") + 3] == '\0' || s[strcspn(s, ":") + 3] == '/')
		return "the URL has no host";
	return NULL;
}

static const char *
config_check_tls(const char *s)
{
	if (strcmp(s, "required") == 0 || strcmp(s, "none") == 0)
		return NULL;
	return "expected \"required\" or \"none\"";
}

static const char *
config_check_level(const char *s)
{
	enum log_level	 l;

	return log_level_parse(s, &l) == 0 ? NULL :
	    "expected error, warn, info or debug";
}

static const char *
config_check_hour(const char *s)
{
	const char	*p;

	for (p = s; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return "expected an hour from 0 to 23";
	return *s != '\0' && p - s <= 2 && util_atoi(s) <= 23 ? NULL :
	    "expected an hour from 0 to 23";
}

static const char *
config_check_positive(const char *s)
{
	return util_atoi(s) > 0 ? NULL : "must be a positive number";
}

/* A web address that mail can carry as it is: http(s), no spaces, no
 * quotes or angle brackets, no controls. */
static const char *
config_check_public_url(const char *s)
{
	const char	*p;

	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return "expected an http:// or https:// address";
	if (strlen(s) > 512)
		return "too long: at most 512 characters";
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '"' ||
		    *p == '<' || *p == '>' || *p == '\\' || *p == '`')
			return "expected an address without spaces, quotes "
			    "or angle brackets";
	}
	return NULL;
}

/* tls is read as a string, then turned into the enum after the walk. */
struct config_raw {
	struct config	 c;
	char		*imap_tls;
	char		*smtp_tls;
	char		*digest_hour;	/* 0 is an hour: read as a string */
};

#define SRV(f, m) offsetof(struct config_raw, c.f.m)
static const struct ytable_key config_imap_keys[] = {
	{ "url", YTABLE_STRING, SRV(imap, url), 0, 1, config_check_imap_url,
	    NULL, NULL },
	{ "user", YTABLE_STRING, SRV(imap, user), 0, 1, NULL, NULL, NULL },
	{ "password_file", YTABLE_STRING, SRV(imap, password_file), 0, 1,
	    NULL, NULL, NULL },
	{ "tls", YTABLE_STRING, offsetof(struct config_raw, imap_tls), 0, 0,
	    config_check_tls, NULL, NULL },
	{ "ca_file", YTABLE_STRING, SRV(imap, ca_file), 0, 0, NULL, NULL,
	    NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};
static const struct ytable_key config_smtp_keys[] = {
	{ "url", YTABLE_STRING, SRV(smtp, url), 0, 1, config_check_smtp_url,
	    NULL, NULL },
	{ "user", YTABLE_STRING, SRV(smtp, user), 0, 0, NULL, NULL, NULL },
	{ "password_file", YTABLE_STRING, SRV(smtp, password_file), 0, 0,
	    NULL, NULL, NULL },
	{ "tls", YTABLE_STRING, offsetof(struct config_raw, smtp_tls), 0, 0,
	    config_check_tls, NULL, NULL },
	{ "ca_file", YTABLE_STRING, SRV(smtp, ca_file), 0, 0, NULL, NULL,
	    NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};
#define TOP(m) offsetof(struct config_raw, c.m)
static const struct ytable_key config_keys[] = {
	{ "database", YTABLE_STRING, TOP(database), 0, 1, NULL, NULL, NULL },
	{ "list_address", YTABLE_STRING, TOP(list_address), 0, 1,
	    config_check_addr, NULL, NULL },
	{ "from", YTABLE_STRING, TOP(from), 0, 1, config_check_from, NULL,
	    NULL },
	{ "templates", YTABLE_STRING, TOP(templates), 0, 0, NULL, NULL, NULL },
	{ "publish_dir", YTABLE_STRING, TOP(publish_dir), 0, 0, NULL, NULL,
	    NULL },
	{ "public_url", YTABLE_STRING, TOP(public_url), 0, 0,
	    config_check_public_url, NULL, NULL },
	{ "log_level", YTABLE_STRING, TOP(log_level), 0, 0, config_check_level,
	    NULL, NULL },
	{ "poll_interval", YTABLE_INT, TOP(poll_interval), 0, 0,
	    config_check_positive, NULL, NULL },
	{ "digest_hour", YTABLE_STRING, offsetof(struct config_raw,
	    digest_hour), 0, 0, config_check_hour, NULL, NULL },
	{ "replies_per_day", YTABLE_INT, TOP(replies_per_day), 0, 0,
	    config_check_positive, NULL, NULL },
	{ "batch_size", YTABLE_INT, TOP(batch_size), 0, 0,
	    config_check_positive, NULL, NULL },
	{ "evaluation_min_answers", YTABLE_INT, TOP(evaluation_min_answers), 0,
	    0, config_check_positive, NULL, NULL },
	{ "authserv_id", YTABLE_STRING, TOP(authserv_id), 0, 0, NULL, NULL,
	    NULL },
	{ "first_contact_per_hour", YTABLE_INT, TOP(first_contact_per_hour), 0,
	    0, config_check_positive, NULL, NULL },
	{ "outbox_key", YTABLE_STRING, TOP(outbox_key), 0, 0, NULL, NULL,
	    NULL },
	{ "imap", YTABLE_MAP, 0, 0, 1, NULL, config_imap_keys, NULL },
	{ "smtp", YTABLE_MAP, 0, 0, 1, NULL, config_smtp_keys, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

int
config_check_secret_file(const char *path, char **cause)
{
	struct stat	 st;

	if (stat(path, &st) == -1) {
		*cause = xprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*cause = xprintf("%s: not a regular file", path);
		return -1;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		*cause = xprintf("%s: readable by group or others (mode %04o); "
		    "run: chmod 600 %s", path, (unsigned)(st.st_mode & 07777),
		    path);
		return -1;
	}
	return 0;
}

static int
config_check_server(struct ytable *y, struct config_server *srv,
    const char *section, char **cause)
{
	if ((srv->user == NULL) != (srv->password_file == NULL)) {
		*cause = ytable_error(y, ytable_root(y), section,
		    "user and password_file go together: give both or neither");
		return -1;
	}
	return 0;
}

/* The secret file check, and that this process can open it. */
static int
config_check_one_password(const struct config *c,
    const struct config_server *srv, const char *section, char **cause)
{
	char	*why = NULL;
	int	 fd;

	if (srv->password_file == NULL)
		return 0;
	if (config_check_secret_file(srv->password_file, &why) == 0) {
		if ((fd = open(srv->password_file, O_RDONLY)) != -1) {
			close(fd);
			return 0;
		}
		why = xprintf("%s: %s (the file must be readable by the user "
		    "sprintd runs as)", srv->password_file, strerror(errno));
	}
	*cause = xprintf("%s: %s.password_file: %s", c->path, section, why);
	free(why);
	return -1;
}

int
config_check_passwords(const struct config *c, char **cause)
{
	if (config_check_one_password(c, &c->imap, "imap", cause) == -1 ||
	    config_check_one_password(c, &c->smtp, "smtp", cause) == -1)
		return -1;
	return 0;
}

static void
config_server_clear(struct config_server *srv)
{
	free(srv->url);
	free(srv->user);
	free(srv->password_file);
	free(srv->ca_file);
}

static void
config_free_fields(struct config *c)
{
	free(c->path);
	free(c->database);
	free(c->list_address);
	free(c->from);
	free(c->templates);
	free(c->publish_dir);
	free(c->public_url);
	free(c->log_level);
	free(c->authserv_id);
	free(c->outbox_key);
	config_server_clear(&c->imap);
	config_server_clear(&c->smtp);
}

int
config_load(const char *path, struct config **out, char **cause)
{
	char	*data;
	size_t	 len;
	int	 r;

	if (util_read_file(path, 1024 * 1024, &data, &len, cause) == -1)
		return -1;
	r = config_load_string(path, data, len, out, cause);
	free(data);
	return r;
}

int
config_load_string(const char *path, const char *data, size_t len,
    struct config **out, char **cause)
{
	struct config_raw	*raw;
	struct ytable		 y;
	int			 loaded = 0;

	raw = xcalloc(1, sizeof *raw);
	if (ytable_load(&y, path, data, len, cause) == -1)
		goto fail;
	loaded = 1;
	if (ytable_apply(&y, ytable_root(&y), config_keys, raw, "", cause) == -1)
		goto fail;
	raw->c.imap.tls = raw->imap_tls != NULL &&
	    strcmp(raw->imap_tls, "none") == 0 ? CONFIG_TLS_NONE :
	    CONFIG_TLS_REQUIRED;
	raw->c.smtp.tls = raw->smtp_tls != NULL &&
	    strcmp(raw->smtp_tls, "none") == 0 ? CONFIG_TLS_NONE :
	    CONFIG_TLS_REQUIRED;
	if (config_check_server(&y, &raw->c.imap, "imap", cause) == -1 ||
	    config_check_server(&y, &raw->c.smtp, "smtp", cause) == -1)
		goto fail;
	if (raw->c.log_level == NULL)
		raw->c.log_level = xstrdup("info");
	if (raw->c.poll_interval == 0)
		raw->c.poll_interval = 60;
	if (raw->c.replies_per_day == 0)
		raw->c.replies_per_day = 10;
	if (raw->c.batch_size == 0)
		raw->c.batch_size = 200;
	raw->c.digest_hour = raw->digest_hour != NULL ?
	    util_atoi(raw->digest_hour) : 8;
	if (raw->c.evaluation_min_answers == 0)
		raw->c.evaluation_min_answers = 3;
	if (raw->c.first_contact_per_hour == 0)
		raw->c.first_contact_per_hour = 30;
	raw->c.path = xstrdup(path);
	ytable_free(&y);
	free(raw->imap_tls);
	free(raw->smtp_tls);
	free(raw->digest_hour);
	*out = xmalloc(sizeof **out);
	**out = raw->c;
	free(raw);
	return 0;
fail:
	if (loaded)
		ytable_free(&y);
	free(raw->imap_tls);
	free(raw->smtp_tls);
	free(raw->digest_hour);
	config_free_fields(&raw->c);
	free(raw);
	return -1;
}

void
config_free(struct config **cp)
{
	if (*cp == NULL)
		return;
	config_free_fields(*cp);
	xfree(cp);
}

int
config_read_password(const struct config_server *srv, char **password,
    char **cause)
{
	char	*data;
	size_t	 len;

	if (srv->password_file == NULL)
		return 1;
	if (config_check_secret_file(srv->password_file, cause) == -1)
		return -1;
	if (util_read_file(srv->password_file, CONFIG_MAX_SECRET, &data, &len,
	    cause) == -1)
		return -1;
	data[strcspn(data, "\r\n")] = '\0';
	if (*data == '\0') {
		*cause = xprintf("%s: the file is empty", srv->password_file);
		free(data);
		return -1;
	}
	*password = data;
	return 0;
}
