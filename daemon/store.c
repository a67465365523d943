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

/* store.c -- SQLite: open, migrate, transactions. */
#include "config-auto.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "store.h"
#include "util.h"

#define STORE_BUSY_TIMEOUT_MS	10000
/* The WAL kept between runs is cut back to this many bytes (8 MiB): twice
 * what SQLite lets it grow to before it checkpoints (1000 pages), so the
 * file is not cut and grown again each time it starts over. */
#define STORE_WAL_LIMIT		"8388608"

/* Statements kept prepared, by the address of their SQL. */
#define STORE_CACHE_MAX	64

struct store {
	sqlite3	*db;
	char	*path;
	char	*fault_file;	/* SPRINTD_FAULT_FILE, for tests */
	int	 relaxed;	/* commits do not wait for the disk */
	int	 unsynced;	/* a relaxed commit is not durable yet */
	int	 nested;	/* store_begin calls inside the transaction */
	struct {
		const char	*sql;
		sqlite3_stmt	*stmt;
	} cache[STORE_CACHE_MAX];
	size_t	 ncache;
};

/*
 * The fault hook for tests: while the file named by SPRINTD_FAULT_FILE
 * exists, every write transaction fails at its commit, and so does making
 * relaxed commits durable (store_relaxed), as on a full or read-only file
 * system. Never set in production.
 */
static int
store_fault(struct store *st)
{
	return st->fault_file != NULL && access(st->fault_file, F_OK) == 0;
}

/* Every commit: notes one that is not durable yet; the fault hook. */
static int
store_commit_hook(void *arg)
{
	struct store	*st = arg;

	if (store_fault(st))
		return 1;
	if (st->relaxed)
		st->unsynced = 1;
	return 0;
}

/*
 * The files are SQLite's own VFS's, with one change: a failed sync is
 * final for the process. Linux (since 4.13) drops the pages a failed
 * writeback could not write and marks them clean, so a second fsync
 * "succeeds" over data that never reached the disk (PostgreSQL's
 * "fsyncgate"). Once one sync has failed, every later one fails without
 * trying, nothing is made durable or sent on it, and the daemon exits
 * (store_sync_failed) for systemd to restart it: the new process reads
 * what the disk holds.
 */
#define STORE_VFS_NAME		"sprintd"
#define STORE_METHODS_MAX	8

static sqlite3_vfs		 store_vfs;
static sqlite3_vfs		*store_base_vfs;
static volatile int		 store_failed;
static struct {
	const sqlite3_io_methods	*base;
	sqlite3_io_methods		 wrap;
} store_methods[STORE_METHODS_MAX];
static size_t			 store_nmethods;

static const sqlite3_io_methods *
store_base_methods(const sqlite3_io_methods *m)
{
	size_t	 i;

	for (i = 0; i < store_nmethods; i++)
		if (&store_methods[i].wrap == m)
			return store_methods[i].base;
	return NULL;
}

static int
store_xsync(sqlite3_file *f, int flags)
{
	const sqlite3_io_methods	*base;
	int				 rc;

	if (store_failed)
		return SQLITE_IOERR_FSYNC;
	sqlite3_mutex_enter(sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_VFS3));
	base = store_base_methods(f->pMethods);
	sqlite3_mutex_leave(sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_VFS3));
	if (base == NULL)
		return SQLITE_IOERR_FSYNC;
	if ((rc = base->xSync(f, flags)) != SQLITE_OK) {
		store_failed = 1;
		log_error("store: a sync of the disk failed (%s): nothing more "
		    "is trusted to be durable in this process",
		    sqlite3_errstr(rc));
	}
	return rc;
}

static int
store_xopen(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f,
    int flags, int *out)
{
	const sqlite3_io_methods	*m;
	size_t				 i;
	int				 rc;

	(void)vfs;
	rc = store_base_vfs->xOpen(store_base_vfs, name, f, flags, out);
	if (rc != SQLITE_OK || (m = f->pMethods) == NULL)
		return rc;
	sqlite3_mutex_enter(sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_VFS3));
	for (i = 0; i < store_nmethods; i++)
		if (store_methods[i].base == m)
			break;
	if (i == store_nmethods && i < STORE_METHODS_MAX) {
		store_methods[i].base = m;
		store_methods[i].wrap = *m;
		store_methods[i].wrap.xSync = store_xsync;
		store_nmethods++;
	}
	if (i < store_nmethods)
		f->pMethods = &store_methods[i].wrap;
	sqlite3_mutex_leave(sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_VFS3));
	return rc;
}

/* Registers the VFS once (not as the default). */
static void
store_vfs_init(void)
{
	sqlite3_mutex	*mx;

	sqlite3_initialize();
	mx = sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_VFS3);
	sqlite3_mutex_enter(mx);
	if (store_base_vfs == NULL) {
		store_base_vfs = sqlite3_vfs_find(NULL);
		store_vfs = *store_base_vfs;
		store_vfs.pNext = NULL;
		store_vfs.zName = STORE_VFS_NAME;
		store_vfs.xOpen = store_xopen;
		sqlite3_vfs_register(&store_vfs, 0);
	}
	sqlite3_mutex_leave(mx);
}

int
store_sync_failed(void)
{
	return store_failed;
}

void
store_drop_cache(const char *path)
{
	const char	*suffix[] = { "", "-wal" };
	char		*p;
	size_t		 i;
	int		 fd;

	for (i = 0; i < nitems(suffix); i++) {
		p = xprintf("%s%s", path, suffix[i]);
		if ((fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) != -1) {
			(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
			close(fd);
		}
		free(p);
	}
}

/*
 * Creates the database file as store_create says, or takes read access
 * from others on an existing one. SQLite gives the -wal and -shm files the
 * database's own mode. An existing file is never opened here: closing any descriptor of it would drop the POSIX
 * locks another connection of this process holds on it (a reload).
 */
static int store_create(const char *, char **);

static int
store_protect(const char *path, char **cause)
{
	struct stat	 sb;

	if (strcmp(path, ":memory:") == 0)
		return 0;
	if (stat(path, &sb) == 0) {
		if ((sb.st_mode & 0007) != 0 &&
		    chmod(path, sb.st_mode & 0770) == -1 && errno != EPERM &&
		    errno != EROFS) {
			*cause = xprintf("%s: chmod: %s", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	return store_create(path, cause);
}

int
store_schema_version(void)
{
	int	 i, v = 0;

	for (i = 0; store_migrations[i].name != NULL; i++)
		v = store_migrations[i].version;
	return v;
}

char *
store_error(struct store *st, const char *what)
{
	return xprintf("%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

int
store_exec(struct store *st, const char *sql, char **cause)
{
	char	*err = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		*cause = xprintf("%s: %s", st->path, err ? err : "error");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

int
store_prepare(struct store *st, const char *sql, sqlite3_stmt **stmt,
    char **cause)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK) {
		*cause = store_error(st, "prepare");
		return -1;
	}
	return 0;
}

int
store_cached(struct store *st, const char *sql, sqlite3_stmt **stmt,
    char **cause)
{
	size_t	 i;

	for (i = 0; i < st->ncache; i++) {
		if (st->cache[i].sql == sql) {
			*stmt = st->cache[i].stmt;
			sqlite3_reset(*stmt);
			sqlite3_clear_bindings(*stmt);
			return 0;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    stmt, NULL) != SQLITE_OK) {
		*cause = store_error(st, "prepare");
		return -1;
	}
	if (st->ncache == STORE_CACHE_MAX) {
		/* Full: the oldest goes (never happens with today's SQL). */
		sqlite3_finalize(st->cache[0].stmt);
		memmove(&st->cache[0], &st->cache[1],
		    (STORE_CACHE_MAX - 1) * sizeof st->cache[0]);
		st->ncache--;
	}
	st->cache[st->ncache].sql = sql;
	st->cache[st->ncache++].stmt = *stmt;
	return 0;
}

void
store_reset(sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
}

int
store_step_done(struct store *st, sqlite3_stmt *stmt, const char *what,
    char **cause)
{
	int	 rc;

	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE)
		*cause = store_error(st, what);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(stmt, i);
	return sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

char *
store_column_dup(sqlite3_stmt *stmt, int i)
{
	const unsigned char	*s;

	if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
		return NULL;
	s = sqlite3_column_text(stmt, i);
	return xstrdup(s != NULL ? (const char *)s : "");
}

int
store_version(struct store *st)
{
	sqlite3_stmt	*stmt;
	int		 v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &stmt,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

int
store_begin(struct store *st, char **cause)
{
	if (sqlite3_get_autocommit(st->db)) {
		st->nested = 0;
		return store_exec(st, "BEGIN IMMEDIATE", cause);
	}
	if (store_exec(st, "SAVEPOINT nested", cause) == -1)
		return -1;
	st->nested++;
	return 0;
}

int
store_commit(struct store *st, char **cause)
{
	if (st->nested > 0 && !sqlite3_get_autocommit(st->db)) {
		st->nested--;
		return store_exec(st, "RELEASE nested", cause);
	}
	st->nested = 0;
	return store_exec(st, "COMMIT", cause);
}

/* Syncs the WAL, which holds every relaxed commit. */
static int
store_sync_wal(struct store *st, char **cause)
{
	sqlite3_file	*f = NULL;
	int		 rc;

	if (store_failed) {
		*cause = xprintf("%s: a sync of the disk failed before: what "
		    "was written since the last good one is not trusted "
		    "(sprintd restarts to read the disk)", st->path);
		return -1;
	}
	/*
	 * The fault hook fails before anything is synced, as on a file
	 * system that refuses writes: not a failed sync.
	 */
	if (store_fault(st)) {
		*cause = xprintf("%s: syncing the WAL: %s", st->path,
		    sqlite3_errstr(SQLITE_IOERR_WRITE));
		return -1;
	}
	/*
	 * What the relaxed commits wrote is in the WAL: syncing it makes
	 * every one of them durable. (A checkpoint syncs the WAL only when
	 * it can copy something, which a reader of an older snapshot may
	 * prevent.) No WAL open: nothing was written.
	 */
	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	    &f) != SQLITE_OK || f == NULL || f->pMethods == NULL) {
		st->unsynced = 0;
		return 0;
	}
	if ((rc = f->pMethods->xSync(f, SQLITE_SYNC_NORMAL)) != SQLITE_OK) {
		*cause = xprintf("%s: syncing the WAL: %s", st->path,
		    sqlite3_errstr(rc));
		return -1;
	}
	st->unsynced = 0;
	return 0;
}

int
store_relaxed(struct store *st, int on, char **cause)
{
	if (on) {
		if (store_exec(st, "PRAGMA synchronous = NORMAL", cause) == -1)
			return -1;
		st->relaxed = 1;
		return 0;
	}
	if (store_exec(st, "PRAGMA synchronous = FULL", cause) == -1)
		return -1;
	st->relaxed = 0;
	return store_sync_wal(st, cause);
}

int
store_sync(struct store *st, char **cause)
{
	if (!st->unsynced)
		return 0;
	return store_sync_wal(st, cause);
}

int
store_durable(struct store *st)
{
	return !st->unsynced && !store_failed;
}

int
store_in_transaction(struct store *st)
{
	return !sqlite3_get_autocommit(st->db);
}

/* Runs a statement of no parameters and no rows, prepared once for the
 * life of the store (savepoints come and go with every message). */
static int
store_run_cached(struct store *st, const char *sql, char **cause)
{
	sqlite3_stmt	*stmt;

	if (store_cached(st, sql, &stmt, cause) == -1)
		return -1;
	return store_step_done(st, stmt, sql, cause);
}

int
store_savepoint(struct store *st, char **cause)
{
	return store_run_cached(st, "SAVEPOINT one", cause);
}

int
store_release(struct store *st, char **cause)
{
	return store_run_cached(st, "RELEASE one", cause);
}

void
store_rollback_savepoint(struct store *st)
{
	sqlite3_exec(st->db, "ROLLBACK TO one; RELEASE one", NULL, NULL, NULL);
}

void
store_rollback(struct store *st)
{
	if (sqlite3_get_autocommit(st->db))
		st->nested = 0;
	else if (st->nested > 0) {
		st->nested--;
		sqlite3_exec(st->db, "ROLLBACK TO nested; RELEASE nested",
		    NULL, NULL, NULL);
	} else
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Applies every migration above the current version, each in its own
 * transaction together with its user_version bump. */
static int
store_migrate(struct store *st, int target, char **cause)
{
	const struct store_migration	*m;
	int				 cur, latest = store_schema_version();
	char				*sql;

	if ((cur = store_version(st)) == -1) {
		*cause = store_error(st, "reading the schema version");
		return -1;
	}
	if (cur > latest) {
		*cause = xprintf("%s: the database has schema version %d, newer "
		    "than this sprintd (%s) knows (%d); upgrade sprintd or use "
		    "a backup made with this version", st->path, cur,
		    PACKAGE_VERSION, latest);
		return -1;
	}
	for (m = store_migrations; m->name != NULL; m++) {
		if (m->version <= cur || m->version > target)
			continue;
		if (store_begin(st, cause) == -1)
			return -1;
		sql = xprintf("%s\nPRAGMA user_version = %d;", m->sql,
		    m->version);
		if (store_exec(st, sql, cause) == -1) {
			char	*inner = *cause;

			*cause = xprintf("migration %s: %s", m->name, inner);
			free(inner);
			free(sql);
			store_rollback(st);
			return -1;
		}
		free(sql);
		if (store_commit(st, cause) == -1) {
			store_rollback(st);
			return -1;
		}
		if (cur != 0)
			log_info("%s: upgraded schema to version %d (%s)",
			    st->path, m->version, m->name);
	}
	return 0;
}

/*
 * Creates the database file before SQLite would create it with 0644 less
 * the umask: 0660 when its directory is shared with a group (group
 * access, none for others: the StateDirectory 0750 sprintd:sprintd of the
 * organizers' group) and the file will carry that group; 0600 otherwise.
 * Others never get anything, whatever the umask; SQLite gives the -wal and
 * -shm files the database's mode and owner. Root creating it in a
 * directory of another user (sprintctl by hand before the first start)
 * gives it to that user, so that the daemon can open it. 0, or -1 with
 * *cause.
 */
static int
store_create(const char *path, char **cause)
{
	const char	*slash = strrchr(path, '/');
	struct stat	 st;
	char		*dir;
	mode_t		 mode = 0600;
	int		 fd, r, give = 0;

	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	r = stat(dir, &st);
	free(dir);
	if (r == 0) {
		give = geteuid() == 0 && st.st_uid != 0;
		if ((st.st_mode & S_IRWXG) != 0 &&
		    (st.st_mode & S_IRWXO) == 0 && (give ||
		    st.st_gid == getegid() || (st.st_mode & S_ISGID)))
			mode = 0660;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd == -1) {
		if (errno == EEXIST)
			return 0;
		*cause = xprintf("%s: cannot create: %s", path,
		    strerror(errno));
		return -1;
	}
	if (give && fchown(fd, st.st_uid, st.st_gid) == -1) {
		*cause = xprintf("%s: chown: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (fchmod(fd, mode) == -1) {
		*cause = xprintf("%s: chmod: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * A read-only connection: the schema must be the one this build writes
 * (a reader cannot upgrade it). A database in WAL mode whose -wal and
 * -shm files are gone (restored from a backup) and cannot be made by
 * this user is read as immutable: no writer can be running then.
 */
static int
store_reader(struct store *st, int version, char **cause)
{
	struct buf	 uri;
	const char	*p;
	char		*u;
	int		 v;

	if ((v = store_version(st)) == -1) {
		sqlite3_close_v2(st->db);
		st->db = NULL;
		buf_init(&uri, 0);
		buf_addstr(&uri, "file:");
		for (p = st->path; *p != '\0'; p++) {
			if (*p == '%' || *p == '?' || *p == '#')
				buf_printf(&uri, "%%%02X", (unsigned char)*p);
			else
				buf_addch(&uri, *p);
		}
		buf_addstr(&uri, "?immutable=1");
		u = buf_steal(&uri, NULL);
		v = sqlite3_open_v2(u, &st->db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, NULL);
		free(u);
		if (v != SQLITE_OK || (v = store_version(st)) == -1) {
			*cause = st->db != NULL ? store_error(st, "open "
			    "read-only") : xprintf("%s: cannot open",
			    st->path);
			return -1;
		}
	}
	if (v != version) {
		*cause = xprintf("%s: the database has schema version %d and "
		    "this build reads %d: it can be read only by a user who "
		    "may write it (the daemon upgrades it when it starts)",
		    st->path, v, version);
		return -1;
	}
	return 0;
}

int
store_open_at(const char *path, int version, struct store **out, char **cause)
{
	struct store	*st;
	const char	*fault;
	int		 one = 1;

	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	if (store_protect(path, cause) == -1)
		goto fail;
	store_vfs_init();
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
	    STORE_VFS_NAME) != SQLITE_OK) {
		*cause = st->db != NULL ? store_error(st, "open") :
		    xprintf("%s: cannot open", path);
		goto fail;
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	if ((fault = getenv("SPRINTD_FAULT_FILE")) != NULL && *fault != '\0')
		st->fault_file = xstrdup(fault);
	sqlite3_commit_hook(st->db, store_commit_hook, st);
	/* The -wal and -shm files stay when the last connection closes, so
	 * that organizers in the group, who may not create files in the
	 * state directory, can open the database while the daemon is not
	 * running. */
	sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
	sqlite3_extended_result_codes(st->db, 1);
	/* Somebody who may read the database but not write it (an organizer
	 * running people or status): read-only, as it is, nothing set. */
	if (sqlite3_db_readonly(st->db, "main") == 1) {
		if (store_reader(st, version, cause) == -1)
			goto fail;
		*out = st;
		return 0;
	}
	/* Full sync: a registration that was acknowledged must survive a
	 * power cut, not only a crash. */
	if (store_exec(st, "PRAGMA journal_mode = WAL; "
	    "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
	    "PRAGMA journal_size_limit = " STORE_WAL_LIMIT ";",
	    cause) == -1)
		goto fail;
	if (store_migrate(st, version, cause) == -1)
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(&st);
	return -1;
}

int
store_open(const char *path, struct store **out, char **cause)
{
	return store_open_at(path, store_schema_version(), out, cause);
}

void
store_close(struct store **stp)
{
	struct store	*st = *stp;

	if (st == NULL)
		return;
	while (st->ncache > 0)
		sqlite3_finalize(st->cache[--st->ncache].stmt);
	if (st->db != NULL)
		sqlite3_close_v2(st->db);
	free(st->path);
	free(st->fault_file);
	xfree(stp);
}

sqlite3 *
store_db(struct store *st)
{
	return st->db;
}

time_t
store_time(struct store *st, const char *sql)
{
	sqlite3_stmt	*stmt;
	time_t		 t = 0;

	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(stmt) == SQLITE_ROW &&
	    sqlite3_column_type(stmt, 0) != SQLITE_NULL &&
	    clock_parse_utc((const char *)sqlite3_column_text(stmt, 0), &t) == -1)
		t = 0;
	sqlite3_finalize(stmt);
	return t;
}

int
store_done(struct store *st, sqlite3_stmt *stmt, const char *what,
    char **cause)
{
	int	 rc;

	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE)
		*cause = store_error(st, what);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}
