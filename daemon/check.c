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

/* check.c -- sprintd -n: what would fail at once at run time. */
#include "config-auto.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "imap.h"
#include "smtp.h"
#include "util.h"

/* The name of the effective user, for messages. */
static char *
check_whoami(void)
{
	struct passwd	*pw = getpwuid(geteuid());

	return pw != NULL ? xstrdup(pw->pw_name) :
	    xprintf("uid %u", (unsigned)geteuid());
}

/*
 * Checks that path is a directory the effective user may use with mode
 * (R_OK, W_OK, with X_OK always added). what says why it is needed.
 */
static int
check_dir(const struct config *c, const char *key, const char *path,
    int mode, const char *what, char **cause)
{
	struct stat	 st;
	char		*who;

	if (stat(path, &st) == -1) {
		*cause = xprintf("%s: %s: %s: %s", c->path, key, path,
		    errno == ENOENT ? "no such directory" : strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*cause = xprintf("%s: %s: %s: not a directory", c->path, key,
		    path);
		return -1;
	}
	if (faccessat(AT_FDCWD, path, mode | X_OK, AT_EACCESS) == -1) {
		who = check_whoami();
		*cause = xprintf("%s: %s: %s: not %s by user %s (%s)", c->path,
		    key, path, mode & W_OK ? "writable" : "readable", who,
		    what);
		free(who);
		return -1;
	}
	return 0;
}

static int
check_database(const struct config *c, char **cause)
{
	struct stat	 st;
	const char	*slash = strrchr(c->database, '/');
	char		*dir, *who;
	int		 r;

	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == c->database)
		dir = xstrdup("/");
	else
		dir = xstrndup(c->database, (size_t)(slash - c->database));
	r = check_dir(c, "database", dir, W_OK, "sprintd creates the "
	    "database and its -wal and -shm files there", cause);
	free(dir);
	if (r == -1)
		return -1;
	if (stat(c->database, &st) == -1)
		return 0;	/* created on the first start */
	if (!S_ISREG(st.st_mode)) {
		*cause = xprintf("%s: database: %s: not a regular file",
		    c->path, c->database);
		return -1;
	}
	if (faccessat(AT_FDCWD, c->database, R_OK | W_OK, AT_EACCESS) == -1) {
		who = check_whoami();
		*cause = xprintf("%s: database: %s: not writable by user %s",
		    c->path, c->database, who);
		free(who);
		return -1;
	}
	return 0;
}

int
check_paths(const struct config *c, char **cause)
{
	if (check_database(c, cause) == -1)
		return -1;
	if (config_check_passwords(c, cause) == -1)
		return -1;
	if (c->templates != NULL && check_dir(c, "templates", c->templates,
	    R_OK, "sprintd reads the templates that override its own there",
	    cause) == -1)
		return -1;
	if (c->publish_dir != NULL && check_dir(c, "publish_dir",
	    c->publish_dir, W_OK, "sprintd writes the people pages there",
	    cause) == -1)
		return -1;
	return 0;
}

static int
check_imap(const struct config *c, FILE *out)
{
	struct imap	*im = NULL;
	char		*password = NULL, *cause = NULL;
	uint32_t	 validity, uidnext;
	int		 r;

	if ((r = config_read_password(&c->imap, &password, &cause)) == -1)
		goto done;
	r = imap_connect(&c->imap, password, &im, &cause);
	if (r == 0 && (r = imap_select(im, &validity, &uidnext, &cause)) == 0)
		fprintf(out, "imap %s: OK (%s%s, mailbox %s)\n", c->imap.url,
		    c->imap.user != NULL ? "logged in as " : "no login",
		    c->imap.user != NULL ? c->imap.user : "",
		    imap_mailbox(im));
done:
	if (password != NULL) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	if (r != 0)
		fprintf(out, "imap %s: FAILED: %s\n", c->imap.url, cause);
	free(cause);
	imap_close(&im);
	return r == IMAP_NOTLS ? -1 : r != 0 ? 1 : 0;
}

static int
check_smtp(const struct config *c, FILE *out)
{
	struct smtp	*s = NULL;
	char		*password = NULL, *cause = NULL;
	int		 r;

	if ((r = config_read_password(&c->smtp, &password, &cause)) == -1)
		goto done;
	r = -1;
	if ((s = smtp_open(&c->smtp, password, &cause)) != NULL &&
	    (r = smtp_check(s, &cause)) == 0)
		fprintf(out, "smtp %s: OK (%s%s)\n", c->smtp.url,
		    c->smtp.user != NULL ? "logged in as " : "no login",
		    c->smtp.user != NULL ? c->smtp.user : "");
done:
	if (password != NULL) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	if (r != 0)
		fprintf(out, "smtp %s: FAILED: %s\n", c->smtp.url, cause);
	free(cause);
	smtp_close(&s);
	return r == SMTP_NOTLS ? -1 : r != 0 ? 1 : 0;
}

int
check_servers(const struct config *c, FILE *out)
{
	int	 a, b;

	a = check_imap(c, out);
	b = check_smtp(c, out);
	if (a == -1 || b == -1)
		return -1;
	return a != 0 || b != 0 ? 1 : 0;
}

int
check_become(const char *user, char **cause)
{
	struct passwd	*pw;

	if ((pw = getpwnam(user)) == NULL) {
		*cause = xprintf("no such user: %s", user);
		return -1;
	}
	if (geteuid() != 0 && geteuid() != pw->pw_uid) {
		*cause = xprintf("only root can check as user %s", user);
		return -1;
	}
	if (geteuid() == pw->pw_uid)
		return 0;
	if (initgroups(pw->pw_name, pw->pw_gid) == -1 ||
	    setgid(pw->pw_gid) == -1 || setuid(pw->pw_uid) == -1) {
		*cause = xprintf("cannot become user %s: %s", user,
		    strerror(errno));
		return -1;
	}
	return 0;
}
