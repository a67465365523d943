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
 * powercut.c -- an LD_PRELOAD shim that simulates a power cut, in the
 * manner of ALICE, CrashMonkey and LazyFS: a disk that keeps only what
 * was synced.
 *
 * Everything under POWERCUT_DIR is tracked. The shim keeps, in
 * POWERCUT_SHADOW, the synced state: each file's contents as of its last
 * fsync or fdatasync (taken from the file at that moment), and each
 * directory's entries as of its last directory fsync. What was there when
 * the process started counts as synced.
 *
 * It counts the calls that change the disk or the world: write, pwrite,
 * writev on a tracked file, fsync and fdatasync of one, and every
 * write, send, sendto, sendmsg and writev on a socket. At call number
 * POWERCUT_AT (1-based), before the call happens, it puts the synced
 * state in place of POWERCUT_DIR's tree (every file and directory
 * rebuilt from the shadow: what was never synced is gone, a file whose
 * entry was never synced in its directory is gone, a file synced but
 * never made durable in its directory is gone too) and _exit()s with
 * status 99: the power went. Without POWERCUT_AT it only counts, and
 * writes the count to POWERCUT_COUNT (a file) at exit.
 *
 * POWERCUT_EIO_AT=N makes the Nth fsync/fdatasync of a tracked file whose
 * path ends in POWERCUT_EIO_FILE (any, unset) fail with EIO, and from
 * then on that file's syncs "succeed" without making anything durable: Linux's behaviour after a failed writeback (the
 * dirty pages are dropped, marked clean). POWERCUT_RESTORE_AT_EXIT=1
 * then puts the synced state in place when the process exits, whatever
 * the way: a power cut some time after the failed sync.
 *
 * Not modelled: see tests/integration/powercut.sh.
 */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PC_STATUS	99
#define PC_MAX_LOST	64

static const char	*pc_dir;	/* the tracked tree */
static size_t		 pc_dirlen;
static const char	*pc_shadow;
static const char	*pc_countfile;
static const char	*pc_eio_file;
static long		 pc_at, pc_eio_at, pc_calls, pc_syncs;
static int		 pc_restore_at_exit, pc_ready, pc_busy;
static ino_t		 pc_root;
static ino_t		 pc_lost[PC_MAX_LOST];	/* files whose sync failed */
static size_t		 pc_nlost;
static pthread_mutex_t	 pc_lock = PTHREAD_MUTEX_INITIALIZER;

static ssize_t	(*real_write)(int, const void *, size_t);
static ssize_t	(*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t	(*real_pwrite64)(int, const void *, size_t, off_t);
static ssize_t	(*real_writev)(int, const struct iovec *, int);
static int	(*real_fsync)(int);
static int	(*real_fdatasync)(int);
static ssize_t	(*real_send)(int, const void *, size_t, int);
static ssize_t	(*real_sendto)(int, const void *, size_t, int,
    const struct sockaddr *, socklen_t);
static ssize_t	(*real_sendmsg)(int, const struct msghdr *, int);

static void pc_restore(void);

static void
pc_die(const char *what)
{
	char	 buf[512];
	int	 n;

	n = snprintf(buf, sizeof buf, "powercut: %s: %s\n", what,
	    strerror(errno));
	if (n > 0 && real_write != NULL)
		real_write(2, buf, (size_t)n);
	_exit(98);
}

/* Copies fd's whole contents to path (made anew). */
static void
pc_copy_fd(int fd, const char *path)
{
	char	 buf[65536], tmp[PATH_MAX + 8];
	ssize_t	 n;
	off_t	 off = 0;
	int	 out;

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if ((out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1)
		pc_die(tmp);
	while ((n = pread(fd, buf, sizeof buf, off)) > 0) {
		if (real_write(out, buf, (size_t)n) != n)
			pc_die(tmp);
		off += n;
	}
	if (n == -1)
		pc_die("pread");
	close(out);
	if (rename(tmp, path) == -1)
		pc_die(path);
}

/* Writes the entries of directory fd (ino dir_ino) to the shadow. */
static void
pc_list_dir(int fd, ino_t dir_ino)
{
	char		 path[PATH_MAX], tmp[PATH_MAX + 8];
	struct dirent	*e;
	struct stat	 sb;
	DIR		*dp;
	FILE		*fp;
	int		 dfd;

	snprintf(path, sizeof path, "%s/d-%lu", pc_shadow,
	    (unsigned long)dir_ino);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if ((dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		pc_die("open a directory");
	if ((dp = fdopendir(dfd)) == NULL)
		pc_die("fdopendir");
	if ((fp = fopen(tmp, "we")) == NULL)
		pc_die(tmp);
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(dp), e->d_name, &sb,
		    AT_SYMLINK_NOFOLLOW) == -1)
			continue;
		if (!S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode))
			continue;
		fprintf(fp, "%c %o %lu %s\n", S_ISDIR(sb.st_mode) ? 'd' : 'f',
		    (unsigned)(sb.st_mode & 07777),
		    (unsigned long)sb.st_ino, e->d_name);
	}
	closedir(dp);
	if (fclose(fp) == EOF || rename(tmp, path) == -1)
		pc_die(path);
}

/* The synced state of a file or directory fd. */
static void
pc_sync_fd(int fd, const struct stat *sb)
{
	char	 path[PATH_MAX];

	if (S_ISDIR(sb->st_mode))
		pc_list_dir(fd, sb->st_ino);
	else if (S_ISREG(sb->st_mode)) {
		char	 link[64];
		int	 rfd;

		snprintf(path, sizeof path, "%s/f-%lu", pc_shadow,
		    (unsigned long)sb->st_ino);
		/* fd may be open for writing only: read through its link. */
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		if ((rfd = open(link, O_RDONLY | O_CLOEXEC)) == -1)
			pc_die(link);
		pc_copy_fd(rfd, path);
		close(rfd);
	}
}

/* Takes the whole tree at start as synced. */
static void
pc_snapshot(const char *dir)
{
	struct dirent	*e;
	struct stat	 sb;
	char		 path[PATH_MAX];
	DIR		*dp;
	int		 fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		pc_die(dir);
	if (fstat(fd, &sb) == -1)
		pc_die(dir);
	pc_list_dir(fd, sb.st_ino);
	close(fd);
	if ((dp = opendir(dir)) == NULL)
		pc_die(dir);
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &sb) == -1)
			continue;
		if (S_ISDIR(sb.st_mode))
			pc_snapshot(path);
		else if (S_ISREG(sb.st_mode)) {
			if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
				pc_die(path);
			pc_sync_fd(fd, &sb);
			close(fd);
		}
	}
	closedir(dp);
}

/* Empties dir (recursively). */
static void
pc_empty(const char *dir)
{
	struct dirent	*e;
	struct stat	 sb;
	char		 path[PATH_MAX];
	DIR		*dp;

	if ((dp = opendir(dir)) == NULL)
		pc_die(dir);
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &sb) == -1)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			pc_empty(path);
			if (rmdir(path) == -1)
				pc_die(path);
		} else if (unlink(path) == -1)
			pc_die(path);
	}
	closedir(dp);
}

/* Rebuilds dir from the synced listing of directory ino. */
static void
pc_rebuild(const char *dir, unsigned long ino)
{
	char		 list[PATH_MAX], path[PATH_MAX], src[PATH_MAX];
	char		 name[NAME_MAX + 1], type;
	unsigned long	 cino;
	unsigned	 mode;
	FILE		*fp;
	int		 in, out;

	snprintf(list, sizeof list, "%s/d-%lu", pc_shadow, ino);
	if ((fp = fopen(list, "re")) == NULL)
		return;		/* never synced: empty */
	while (fscanf(fp, " %c %o %lu %255[^\n]", &type, &mode, &cino,
	    name) == 4) {
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (type == 'd') {
			if (mkdir(path, mode) == -1)
				pc_die(path);
			pc_rebuild(path, cino);
			continue;
		}
		if ((out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    mode)) == -1)
			pc_die(path);
		snprintf(src, sizeof src, "%s/f-%lu", pc_shadow, cino);
		/* A file never synced has no contents on the disk. */
		if ((in = open(src, O_RDONLY | O_CLOEXEC)) != -1) {
			char	 buf[65536];
			ssize_t	 n;

			while ((n = read(in, buf, sizeof buf)) > 0)
				if (real_write(out, buf, (size_t)n) != n)
					pc_die(path);
			close(in);
		}
		fchmod(out, mode);
		close(out);
	}
	fclose(fp);
}

static void
pc_restore(void)
{
	pc_empty(pc_dir);
	pc_rebuild(pc_dir, (unsigned long)pc_root);
}

static void
pc_at_exit(void)
{
	FILE	*fp;

	pc_busy = 1;
	if (pc_restore_at_exit && pc_ready)
		pc_restore();
	if (pc_countfile != NULL && (fp = fopen(pc_countfile, "we")) != NULL) {
		fprintf(fp, "%ld\n", pc_calls);
		fclose(fp);
	}
}

__attribute__((constructor)) static void
pc_init(void)
{
	struct stat	 sb;
	const char	*e;

	real_write = dlsym(RTLD_NEXT, "write");
	real_pwrite = dlsym(RTLD_NEXT, "pwrite");
	real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
	real_writev = dlsym(RTLD_NEXT, "writev");
	real_fsync = dlsym(RTLD_NEXT, "fsync");
	real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
	real_send = dlsym(RTLD_NEXT, "send");
	real_sendto = dlsym(RTLD_NEXT, "sendto");
	real_sendmsg = dlsym(RTLD_NEXT, "sendmsg");
	if ((pc_dir = getenv("POWERCUT_DIR")) == NULL ||
	    (pc_shadow = getenv("POWERCUT_SHADOW")) == NULL)
		return;
	/* Children (none expected) are not tracked. */
	pc_dirlen = strlen(pc_dir);
	pc_countfile = getenv("POWERCUT_COUNT");
	if ((e = getenv("POWERCUT_AT")) != NULL)
		pc_at = atol(e);
	if ((e = getenv("POWERCUT_EIO_AT")) != NULL)
		pc_eio_at = atol(e);
	pc_eio_file = getenv("POWERCUT_EIO_FILE");
	pc_restore_at_exit = getenv("POWERCUT_RESTORE_AT_EXIT") != NULL;
	unsetenv("LD_PRELOAD");
	if (stat(pc_dir, &sb) == -1)
		pc_die(pc_dir);
	pc_root = sb.st_ino;
	pc_snapshot(pc_dir);
	atexit(pc_at_exit);
	pc_ready = 1;
}

/* 1 for a socket, 2 for a file or directory under pc_dir (its path in
 * path), 0 else. */
static int
pc_kind(int fd, struct stat *sb, char path[PATH_MAX])
{
	char	 link[64];
	ssize_t	 n;

	if (fstat(fd, sb) == -1)
		return 0;
	if (S_ISSOCK(sb->st_mode))
		return 1;
	if (!S_ISREG(sb->st_mode) && !S_ISDIR(sb->st_mode))
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, PATH_MAX - 1)) == -1)
		return 0;
	path[n] = '\0';
	if (strncmp(path, pc_dir, pc_dirlen) != 0 ||
	    (path[pc_dirlen] != '/' && path[pc_dirlen] != '\0'))
		return 0;
	return 2;
}

/* Counts a call on fd that changes something; cuts at pc_at. */
static int
pc_count(int fd, int sync, struct stat *sb, char path[PATH_MAX])
{
	int	 kind;

	if (!pc_ready || pc_busy)
		return 0;
	if ((kind = pc_kind(fd, sb, path)) == 0)
		return 0;
	if (sync && kind != 2)
		return 0;
	pthread_mutex_lock(&pc_lock);
	pc_calls++;
	if (pc_at > 0 && pc_calls >= pc_at) {
		pc_busy = 1;
		pc_restore();
		_exit(PC_STATUS);
	}
	pthread_mutex_unlock(&pc_lock);
	return kind;
}

static int
pc_is_lost(ino_t ino)
{
	size_t	 i;

	for (i = 0; i < pc_nlost; i++)
		if (pc_lost[i] == ino)
			return 1;
	return 0;
}

/* A sync of a tracked file or directory: its state becomes durable. */
static int
pc_sync(int fd, int (*real)(int))
{
	struct stat	 sb;
	char		 path[PATH_MAX];
	size_t		 len, elen;
	int		 kind, r, match;

	kind = pc_count(fd, 1, &sb, path);
	if ((r = real(fd)) == -1 || kind != 2)
		return r;
	pthread_mutex_lock(&pc_lock);
	len = strlen(path);
	elen = pc_eio_file != NULL ? strlen(pc_eio_file) : 0;
	match = S_ISREG(sb.st_mode) && len >= elen &&
	    strcmp(path + len - elen, pc_eio_file != NULL ? pc_eio_file :
	    "") == 0;
	if (match && pc_eio_at > 0 && ++pc_syncs == pc_eio_at) {
		if (pc_nlost < PC_MAX_LOST)
			pc_lost[pc_nlost++] = sb.st_ino;
		pthread_mutex_unlock(&pc_lock);
		errno = EIO;
		return -1;
	}
	if (!pc_is_lost(sb.st_ino)) {
		pc_busy = 1;
		pc_sync_fd(fd, &sb);
		pc_busy = 0;
	}
	pthread_mutex_unlock(&pc_lock);
	return 0;
}

int
fsync(int fd)
{
	return pc_sync(fd, real_fsync);
}

int
fdatasync(int fd)
{
	return pc_sync(fd, real_fdatasync);
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	struct stat	 sb;
	char		 path[PATH_MAX];

	pc_count(fd, 0, &sb, path);
	return real_write(fd, buf, len);
}

ssize_t
pwrite(int fd, const void *buf, size_t len, off_t off)
{
	struct stat	 sb;
	char		 path[PATH_MAX];

	pc_count(fd, 0, &sb, path);
	return real_pwrite(fd, buf, len, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	struct stat	 sb;
	char		 path[PATH_MAX];

	pc_count(fd, 0, &sb, path);
	return real_pwrite64(fd, buf, len, off);
}

ssize_t
writev(int fd, const struct iovec *iov, int n)
{
	struct stat	 sb;
	char		 path[PATH_MAX];

	pc_count(fd, 0, &sb, path);
	return real_writev(fd, iov, n);
}

ssize_t
send(int fd, const void *buf, size_t len, int flags)
{
	struct stat	 sb;
	char		 path[PATH_MAX];

	pc_count(fd, 0, &sb, path);
	return real_send(fd, buf, len, flags);
}

ssize_t
sendto(int fd, const void *buf, size_t len, int flags,
    const struct sockaddr *to, socklen_t tolen)
{
	struct stat	 sb;
	char		 path[PATH_MAX];

	pc_count(fd, 0, &sb, path);
	return real_sendto(fd, buf, len, flags, to, tolen);
}

ssize_t
sendmsg(int fd, const struct msghdr *msg, int flags)
{
	struct stat	 sb;
	char		 path[PATH_MAX];

	pc_count(fd, 0, &sb, path);
	return real_sendmsg(fd, msg, flags);
}
