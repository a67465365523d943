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
 * store.h -- the SQLite database: opening, migrations, transactions.
 * Modules keep their own SQL (always with bound parameters) and reach the
 * connection through store_db().
 */
#ifndef SPRINTD_STORE_H
#define SPRINTD_STORE_H

#include <sqlite3.h>
#include <time.h>

struct store;

struct store_migration {
	int		 version;
	const char	*name;
	const char	*sql;
};
/* Generated from the schemas directory, ordered, ended by a NULL name. */
extern const struct store_migration store_migrations[];

/* The schema version this build writes. */
int store_schema_version(void);

/*
 * Opens (creating if needed) the database in WAL mode with foreign keys and
 * a busy timeout, and upgrades its schema. Returns 0 and a new *out, or -1
 * with *cause; a database newer than this build is refused.
 */
int store_open(const char *path, struct store **out, char **cause);
/* Opens without migrating past version (tests of upgrades). */
int store_open_at(const char *path, int version, struct store **out,
    char **cause);
void store_close(struct store **);
/* Runs a query whose one value is a UTC time ("...Z") and returns it, or 0
 * when it is NULL or the query fails. */
time_t store_time(struct store *, const char *sql);
sqlite3 *store_db(struct store *);
/* PRAGMA user_version of the open database. */
int store_version(struct store *);

/*
 * BEGIN IMMEDIATE / COMMIT / ROLLBACK; -1 with *cause on failure. Inside
 * a transaction they nest: store_begin opens a savepoint, store_commit
 * keeps what was done since, store_rollback undoes only that, and the
 * outer transaction decides (sprintd runs a command's request and records
 * it as done in one transaction).
 */
int store_begin(struct store *, char **cause);
int store_commit(struct store *, char **cause);
void store_rollback(struct store *);
/*
 * For a run of commits (the outbox recording each mail it sent, the
 * batches of one IMAP sync): on, a commit is durable against a crash of
 * the process but waits for the disk only at the end; off, the default
 * again, and everything written is made durable at once (the WAL is
 * synced). Outside a transaction only. 0, or -1 with *cause: then what
 * was committed relaxed may not be durable yet.
 */
int store_relaxed(struct store *, int on, char **cause);
/*
 * While relaxed, makes what was committed so far durable (syncs the WAL)
 * and stays relaxed: the outbox's bounded window. 0 (also with nothing
 * to sync), or -1 with *cause.
 */
int store_sync(struct store *, char **cause);
/* 1 when every commit is durable (none relaxed waits for the disk, and
 * no sync has failed), 0 otherwise: what may be published. */
int store_durable(struct store *);
/*
 * 1 once a sync of the disk has failed in this process, 0 before. It is
 * never retried (the kernel may have dropped what it could not write, and
 * a second fsync would report success over it): every later sync fails,
 * and the daemon exits to be restarted and read what the disk holds.
 */
int store_sync_failed(void);
/* Asks the kernel to drop its cached pages of the database and its WAL,
 * so that they are read from the disk again (at the daemon's start). */
void store_drop_cache(const char *path);
/* 1 inside a transaction, 0 outside. */
int store_in_transaction(struct store *);
/*
 * A savepoint inside the caller's transaction: store_savepoint opens it
 * (0, or -1 with *cause), store_release keeps what was done since (0 or
 * -1), store_rollback_savepoint undoes it and leaves the transaction open.
 */
int store_savepoint(struct store *, char **cause);
int store_release(struct store *, char **cause);
void store_rollback_savepoint(struct store *);

/*
 * Prepares sql once for the life of the store (sql must live as long,
 * as a string literal does) and returns it ready: reset, bindings
 * cleared. The caller never finalizes it, and resets it (store_reset, or
 * store_step_done) as soon as it is done, so no read lingers. 0, or -1
 * with *cause.
 */
int store_cached(struct store *, const char *sql, sqlite3_stmt **,
    char **cause);
/* Resets a cached statement after use. */
void store_reset(sqlite3_stmt *);
/* Steps a cached statement that gives no rows and resets it: 0, or -1
 * with *cause saying what failed. */
int store_step_done(struct store *, sqlite3_stmt *, const char *what,
    char **cause);
/* Prepares sql; -1 with *cause naming the statement's error. */
int store_prepare(struct store *, const char *sql, sqlite3_stmt **,
    char **cause);
/* Runs sql without results, for fixed statements only (no parameters). */
int store_exec(struct store *, const char *sql, char **cause);
/* A cause from the connection's last error, prefixed with what. */
char *store_error(struct store *, const char *what);
/* Steps a statement that gives no rows and finalizes it: 0, or -1 with
 * *cause saying what failed. */
int store_done(struct store *, sqlite3_stmt *, const char *what,
    char **cause);
/* Binds a string or NULL. */
int store_bind_text(sqlite3_stmt *, int, const char *);
/* Returns a column as a new string, or NULL for SQL NULL. */
char *store_column_dup(sqlite3_stmt *, int);

#endif
