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

/* sprintd.c -- the daemon's main(): arguments, then daemon.c. */
#include "config-auto.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "check.h"
#include "daemon.h"
#include "log.h"
#include "util.h"

#define DEFAULT_CONFIG SPRINTD_SYSCONFDIR "/sprintd/sprintd.yaml"

static void
usage(FILE *f)
{
	fprintf(f,
"usage: sprintd [-c CONFIG] [-n [--check-servers] [-u USER]] [--foreground]\n"
"               [--once]\n"
"\n"
"  -c, --config FILE  the config file (default %s)\n"
"  -n, --check        check the config, the files it names and the\n"
"                     templates, then exit\n"
"      --check-servers\n"
"                     with -n: log in to both servers too\n"
"  -u, --user USER    with -n: check as USER (root only), as the daemon\n"
"                     will run\n"
"      --foreground   stay in the foreground (sprintd never forks anyway)\n"
"      --once         one cycle: sync, process, run due jobs, flush, exit\n"
"  -h, --help         this help\n"
"  -V, --version      the version\n", DEFAULT_CONFIG);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'n' },
		{ "check-servers", no_argument, NULL, 's' },
		{ "user", required_argument, NULL, 'u' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "once", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*config = DEFAULT_CONFIG, *user = NULL;
	char		*cause = NULL;
	int		 ch, check = 0, once = 0, servers = 0;

	log_init("sprintd", LOG_LEVEL_INFO);
#ifdef M_TRIM_THRESHOLD
	/* A fetched batch's messages are freed at its end and the next
	 * batch's allocated at once: the heap is kept (up to 16 MiB, what
	 * one FETCH may hold) rather than given back to the kernel and
	 * faulted in again, page by page, for every batch. */
	mallopt(M_TRIM_THRESHOLD, 16 * 1024 * 1024);
	mallopt(M_TOP_PAD, 1024 * 1024);
#endif
	while ((ch = getopt_long(argc, argv, "c:nu:hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			config = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 's':
			servers = 1;
			break;
		case 'u':
			user = optarg;
			break;
		case 'f':
			break;
		case 'o':
			once = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("sprintd %s\n", PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || ((servers || user != NULL) && !check)) {
		usage(stderr);
		return 2;
	}
	if (check && user != NULL && check_become(user, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return 2;
	}
	if (check && user == NULL && geteuid() == 0)
		log_info("checking as root: to check as the daemon's user, "
		    "add --user sprintd");
	if (check)
		return daemon_check(config, servers);
	daemon_signals();
	return once ? daemon_once(config) : daemon_run(config);
}
