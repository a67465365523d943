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

/* test_notify.c -- the sd_notify datagram and the watchdog interval. */
#include "config-auto.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "notify.h"

/* Binds a datagram socket as systemd would and points NOTIFY_SOCKET at it. */
static int
listen_notify(char *path, size_t size)
{
	struct sockaddr_un	 sun;
	int			 fd;

	snprintf(path, size, "%s/sprintd-notify-%ld.sock",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp",
	    (long)getpid());
	unlink(path);
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	assert_true(strlen(path) < sizeof sun.sun_path);
	memcpy(sun.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	assert_true(fd != -1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof sun), 0);
	setenv("NOTIFY_SOCKET", path, 1);
	return fd;
}

static void
test_ready_reaches_systemd(void **state)
{
	char	 path[108], got[64];
	ssize_t	 n;
	int	 fd;

	(void)state;
	fd = listen_notify(path, sizeof path);
	notify_send("READY=1");
	n = recv(fd, got, sizeof got - 1, MSG_DONTWAIT);
	assert_int_equal(n, 7);
	got[n] = '\0';
	assert_string_equal(got, "READY=1");
	notify_send("WATCHDOG=1");
	n = recv(fd, got, sizeof got - 1, MSG_DONTWAIT);
	assert_int_equal(n, 10);
	got[n] = '\0';
	assert_string_equal(got, "WATCHDOG=1");
	close(fd);
	unlink(path);
	unsetenv("NOTIFY_SOCKET");
}

static void
test_outside_systemd_nothing(void **state)
{
	(void)state;
	unsetenv("NOTIFY_SOCKET");
	notify_send("READY=1");		/* must simply return */
	setenv("NOTIFY_SOCKET", "relative/path", 1);
	notify_send("READY=1");
	unsetenv("NOTIFY_SOCKET");
}

static void
test_watchdog_interval(void **state)
{
	char	 pid[32];

	(void)state;
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	assert_int_equal(notify_watchdog_interval(), 0);
	/* Half of what systemd asks, so a ping is never late. */
	setenv("WATCHDOG_USEC", "60000000", 1);
	assert_int_equal(notify_watchdog_interval(), 30);
	setenv("WATCHDOG_USEC", "1000000", 1);
	assert_int_equal(notify_watchdog_interval(), 1);
	/* Meant for another process. */
	setenv("WATCHDOG_USEC", "60000000", 1);
	setenv("WATCHDOG_PID", "1", 1);
	assert_int_equal(notify_watchdog_interval(), getpid() == 1 ? 30 : 0);
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	setenv("WATCHDOG_PID", pid, 1);
	assert_int_equal(notify_watchdog_interval(), 30);
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ready_reaches_systemd),
		cmocka_unit_test(test_outside_systemd_nothing),
		cmocka_unit_test(test_watchdog_interval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
