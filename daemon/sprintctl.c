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

/* sprintctl.c -- the organizer's command line. Thin: it parses arguments
 * and calls the modules. Exit codes: 0 ok, 1 runtime failure, 2 usage or
 * invalid input. */
#include "config-auto.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "compose.h"
#include "ctl.h"
#include "ctl_invite.h"
#include "digest.h"
#include "log.h"
#include "parse.h"
#include "registry.h"
#include "sprint.h"
#include "store.h"
#include "util.h"

#define DEFAULT_CONFIG SPRINTD_SYSCONFDIR "/sprintd/sprintd.yaml"

static const char *config_path;

static void
usage(FILE *f)
{
	fprintf(f,
"usage: sprintctl [-c CONFIG] COMMAND [ARGS]\n"
"\n"
"Commands:\n"
"  sprint add [--check] FILE.yaml\n"
"                                add or update a sprint from its file\n"
"                                (--check: only check it, write nothing)\n"
"  sprint list                   list the sprints\n"
"  sprint show SLUG              show one sprint and its schedule\n"
"  announce SLUG --at \"YYYY-MM-DD HH:MM\" [--force]\n"
"                                schedule the announcement (sprint time zone)\n"
"  announce SLUG --preview       print the announcement as it will go out\n"
"  announce SLUG --cancel        unschedule the announcement\n"
"  people SLUG [--format rst|csv|json|html|public]\n"
"                                who comes, when, where they stay\n"
"  evaluation SLUG [--format text|json]\n"
"                                the evaluation results, without names\n"
"  report SLUG                   the sprint report skeleton (reST)\n"
"  outbox [--format json]        queued, sent and failed mail\n"
"  outbox retry ID               a failed or deferred mail is due now\n"
"  outbox drop ID                a queued or failed mail is never sent\n"
"  messages [--sprint SLUG] [--kind KIND] [--since YYYY-MM-DD] [--format json]\n"
"                                the messages read, newest first\n"
"  message show ID               one message: headers, text, how it was read\n"
"  message reprocess ID          read a message again and answer it anew\n"
"  import-people SLUG FILE       read a PyPy people.txt into the sprint\n"
"                                (exit 1 when some rows were skipped)\n"
"  invite SLUG [--preview]       invite past attendees (after the announcement)\n"
"  digest SLUG [--send]          the organizer digest, printed; --send\n"
"                                queues it to the organizers now\n"
"  person SLUG ADDRESS set FIELD=VALUE... [--notify]\n"
"                                correct a registration (name, arrive,\n"
"                                depart, dates, accommodation, newcomer,\n"
"                                funding, diet, notes; dates as in mail)\n"
"  person SLUG ADDRESS add NAME [FIELD=VALUE...] [--notify]\n"
"  person SLUG ADDRESS cancel | promote [--notify]\n"
"                                cancel; move off the waiting list\n"
"  status [--format json]        the daemon's health; exit 1: needs attention\n"
"  parse (--sprint SLUG | --sprint-file FILE.yaml) MESSAGE.eml\n"
"                                classify and parse one message, print JSON\n"
"\n"
"Options:\n"
"  -c, --config FILE   the config file (default %s)\n"
"  -h, --help          this help\n"
"  -V, --version       the version\n"
"\n"
"Exit status: 0 ok, 1 runtime failure, 2 usage or invalid input.\n",
	    DEFAULT_CONFIG);
}

/* Opens the config and the store for commands that need them. */
static int
open_store(struct config **cfg, struct store **st)
{
	char	*cause = NULL;

	if (config_load(config_path ? config_path : DEFAULT_CONFIG, cfg,
	    &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_USAGE;
	}
	if (store_open((*cfg)->database, st, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		config_free(cfg);
		return CTL_FAIL;
	}
	return CTL_OK;
}

static int
cmd_sprint(int argc, char **argv)
{
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	int		 r, check = 0;

	/* "sprint add --check FILE": validate only, touch nothing. */
	if (argc == 4 && strcmp(argv[1], "add") == 0 &&
	    strcmp(argv[2], "--check") == 0) {
		check = 1;
		argv[2] = argv[3];
		argc = 3;
	}
	if (argc < 2 || (strcmp(argv[1], "add") == 0 && argc != 3) ||
	    (strcmp(argv[1], "show") == 0 && argc != 3) ||
	    (strcmp(argv[1], "list") == 0 && argc != 2)) {
		fprintf(stderr, "usage: sprintctl sprint add [--check] "
		    "FILE.yaml | sprint list | sprint show SLUG\n");
		return CTL_USAGE;
	}
	if (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "list") != 0 &&
	    strcmp(argv[1], "show") != 0) {
		fprintf(stderr, "sprintctl: unknown sprint command \"%s\"\n",
		    argv[1]);
		return CTL_USAGE;
	}
	if (strcmp(argv[1], "add") == 0) {
		struct sprint	*s = NULL;
		char		*cause = NULL;

		/* Validate before touching config or database. */
		if (sprint_load_file(argv[2], &s, &cause) == -1) {
			log_error("%s", cause);
			free(cause);
			return CTL_USAGE;
		}
		if (check) {
			printf("%s: sprint %s OK\n", argv[2], s->slug);
			sprint_free(&s);
			return CTL_OK;
		}
		if ((r = open_store(&cfg, &st)) == CTL_OK)
			r = ctl_sprint_add(st, s, argv[2], stdout);
		sprint_free(&s);
	} else if ((r = open_store(&cfg, &st)) == CTL_OK) {
		if (strcmp(argv[1], "list") == 0)
			r = ctl_sprint_list(st, stdout);
		else
			r = ctl_sprint_show(st, argv[2], stdout);
	}
	store_close(&st);
	config_free(&cfg);
	return r;
}

static int
cmd_parse(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sprint", required_argument, NULL, 's' },
		{ "sprint-file", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	struct sprint	*s = NULL;
	struct parse_self self = { NULL, NULL };
	const char	*slug = NULL, *file = NULL;
	char		*cause = NULL;
	int		 ch, r;

	optind = 0;	/* glibc: start over, permuting again */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			slug = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		default:
			goto usage;
		}
	}
	if ((slug == NULL) == (file == NULL) || argc - optind != 1)
		goto usage;
	if (file != NULL) {
		if (sprint_load_file(file, &s, &cause) == -1) {
			log_error("%s", cause);
			free(cause);
			return CTL_USAGE;
		}
		/* sprintd's addresses are known only from a config, if
		 * one was given. */
		if (config_path != NULL) {
			if (config_load(config_path, &cfg, &cause) == -1) {
				log_error("%s", cause);
				free(cause);
				sprint_free(&s);
				return CTL_USAGE;
			}
			self.list_address = cfg->list_address;
			self.from = cfg->from;
		}
	} else {
		if ((r = open_store(&cfg, &st)) != CTL_OK)
			return r;
		self.list_address = cfg->list_address;
		self.from = cfg->from;
		if ((r = ctl_get_sprint(st, slug, &s, NULL)) != CTL_OK) {
			store_close(&st);
			config_free(&cfg);
			return r;
		}
	}
	r = ctl_parse(s, &self, argv[optind], stdout);
	sprint_free(&s);
	store_close(&st);
	config_free(&cfg);
	return r;
usage:
	fprintf(stderr, "usage: sprintctl parse (--sprint SLUG | "
	    "--sprint-file FILE.yaml) MESSAGE.eml\n");
	return CTL_USAGE;
}

static int
cmd_announce(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "at", required_argument, NULL, 'a' },
		{ "force", no_argument, NULL, 'f' },
		{ "preview", no_argument, NULL, 'p' },
		{ "cancel", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 }
	};
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	const char	*at = NULL;
	int		 ch, force = 0, preview = 0, cancel = 0, r;

	optind = 0;	/* glibc: start over, permuting again */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			at = optarg;
			break;
		case 'f':
			force = 1;
			break;
		case 'p':
			preview = 1;
			break;
		case 'x':
			cancel = 1;
			break;
		default:
			goto usage;
		}
	}
	/* One of --at, --preview, --cancel; --force only with --at. */
	if ((at != NULL) + preview + cancel != 1 || (force && at == NULL) ||
	    argc - optind != 1)
		goto usage;
	if ((r = open_store(&cfg, &st)) != CTL_OK)
		return r;
	if (preview)
		r = ctl_announce_preview(st, cfg, argv[optind], stdout);
	else if (cancel)
		r = ctl_announce_cancel(st, argv[optind], stdout);
	else
		r = ctl_announce(st, argv[optind], at, force, stdout);
	store_close(&st);
	config_free(&cfg);
	return r;
usage:
	fprintf(stderr, "usage: sprintctl announce SLUG --at \"YYYY-MM-DD "
	    "HH:MM\" [--force] | announce SLUG --preview | "
	    "announce SLUG --cancel\n");
	return CTL_USAGE;
}

/* Parses "--format F" among allowed formats into *format. */
static int
get_format(int argc, char **argv, const char *const *allowed,
    const char **format, const char **arg)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch, i;

	optind = 0;	/* glibc: start over, permuting again */
	*format = allowed[0];
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'f')
			return -1;
		for (i = 0; allowed[i] != NULL; i++) {
			if (strcmp(optarg, allowed[i]) == 0)
				break;
		}
		if (allowed[i] == NULL) {
			fprintf(stderr, "sprintctl: unknown format \"%s\"\n",
			    optarg);
			return -1;
		}
		*format = allowed[i];
	}
	if (arg == NULL)
		return argc - optind == 0 ? 0 : -1;
	if (argc - optind != 1)
		return -1;
	*arg = argv[optind];
	return 0;
}

/* sprintctl outbox retry ID, outbox drop ID. */
static int
cmd_outbox_change(int argc, char **argv)
{
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	int64_t		 id;
	int		 r;

	if (argc != 3 || ctl_parse_id(argv[2], &id) == -1) {
		fprintf(stderr, "usage: sprintctl outbox retry ID | outbox drop "
		    "ID (the ID as sprintctl outbox lists it)\n");
		return CTL_USAGE;
	}
	if ((r = open_store(&cfg, &st)) != CTL_OK)
		return r;
	if (strcmp(argv[1], "retry") == 0)
		r = ctl_outbox_retry(st, id, stdout);
	else
		r = ctl_outbox_drop(st, id, stdout);
	store_close(&st);
	config_free(&cfg);
	return r;
}

static int
cmd_outbox(int argc, char **argv)
{
	static const char *const formats[] = { "text", "json", NULL };
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	const char	*format;
	int		 r;

	if (argc >= 2 && (strcmp(argv[1], "retry") == 0 ||
	    strcmp(argv[1], "drop") == 0))
		return cmd_outbox_change(argc, argv);
	if (get_format(argc, argv, formats, &format, NULL) == -1) {
		fprintf(stderr, "usage: sprintctl outbox [--format json]\n");
		return CTL_USAGE;
	}
	if ((r = open_store(&cfg, &st)) != CTL_OK)
		return r;
	r = ctl_outbox(st, strcmp(format, "json") == 0, stdout);
	store_close(&st);
	config_free(&cfg);
	return r;
}

/* sprintctl status: reads the config and the database only, never a
 * password, so it runs without root. Exit 1 when something needs
 * attention. */
static int
cmd_status(int argc, char **argv)
{
	static const char *const formats[] = { "text", "json", NULL };
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	const char	*format;
	int		 r;

	if (get_format(argc, argv, formats, &format, NULL) == -1) {
		fprintf(stderr, "usage: sprintctl status [--format json]\n");
		return CTL_USAGE;
	}
	if ((r = open_store(&cfg, &st)) != CTL_OK)
		return r;
	r = ctl_status(st, cfg->poll_interval, strcmp(format, "json") == 0,
	    stdout);
	store_close(&st);
	config_free(&cfg);
	return r;
}

static int
cmd_people(int argc, char **argv)
{
	static const char *const formats[] = { "rst", "csv", "json", "html",
	    "public", NULL };
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	const char	*format, *slug;
	int		 r;

	if (get_format(argc, argv, formats, &format, &slug) == -1) {
		fprintf(stderr, "usage: sprintctl people SLUG "
		    "[--format rst|csv|json|html|public]\n");
		return CTL_USAGE;
	}
	if ((r = open_store(&cfg, &st)) != CTL_OK)
		return r;
	r = ctl_people(st, slug, format, stdout);
	store_close(&st);
	config_free(&cfg);
	return r;
}

static int
cmd_evaluation(int argc, char **argv)
{
	static const char *const formats[] = { "text", "json", NULL };
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	const char	*format, *slug;
	int		 r;

	if (get_format(argc, argv, formats, &format, &slug) == -1) {
		fprintf(stderr, "usage: sprintctl evaluation SLUG "
		    "[--format text|json]\n");
		return CTL_USAGE;
	}
	if ((r = open_store(&cfg, &st)) != CTL_OK)
		return r;
	r = ctl_evaluation(st, slug, format, cfg->evaluation_min_answers,
	    stdout);
	store_close(&st);
	config_free(&cfg);
	return r;
}

static int
cmd_report(int argc, char **argv)
{
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	int		 r;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: sprintctl report SLUG\n");
		return CTL_USAGE;
	}
	if ((r = open_store(&cfg, &st)) != CTL_OK)
		return r;
	r = ctl_sprint_report(st, argv[1], cfg->evaluation_min_answers, stdout);
	store_close(&st);
	config_free(&cfg);
	return r;
}

/* digest SLUG [--send] */
static int
cmd_digest(int argc, char **argv)
{
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	struct compose	*c = NULL;
	struct sprint	*s = NULL;
	char		*cause = NULL;
	int64_t		 id;
	int		 send = argc == 3 && strcmp(argv[2], "--send") == 0, r;

	if (argc != 2 && !send) {
		fprintf(stderr, "usage: sprintctl digest SLUG [--send]\n");
		return CTL_USAGE;
	}
	if ((r = open_store(&cfg, &st)) != CTL_OK)
		return r;
	if ((r = ctl_get_sprint(st, argv[1], &s, &id)) != CTL_OK)
		goto out;
	r = CTL_FAIL;
	if (compose_init(cfg, &c, &cause) == -1 ||
	    digest_now(st, c, s, id, send, stdout, &cause) == -1) {
		log_error("%s", cause);
		goto out;
	}
	if (send)
		printf("digest of %s queued to %zu organizer%s; sprintd sends "
		    "it\n", s->slug, s->norganizers, s->norganizers == 1 ?
		    "" : "s");
	r = CTL_OK;
out:
	free(cause);
	compose_free(&c);
	sprint_free(&s);
	store_close(&st);
	config_free(&cfg);
	return r;
}

/* person SLUG ADDRESS set|add|cancel|promote ... [--notify] */
static int
cmd_person(int argc, char **argv)
{
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	char		**rest;
	int		 i, n = 0, notify = 0, r;

	rest = xcalloc((size_t)argc + 1, sizeof *rest);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--notify") == 0)
			notify = 1;
		else
			rest[n++] = argv[i];
	}
	if (n < 3) {
		fprintf(stderr, "usage: sprintctl person SLUG ADDRESS "
		    "set FIELD=VALUE... | add NAME [FIELD=VALUE...] | cancel | "
		    "promote [--notify]\n");
		free(rest);
		return CTL_USAGE;
	}
	if ((r = open_store(&cfg, &st)) == CTL_OK)
		r = ctl_person(st, cfg, rest[0], rest[1], n - 2, rest + 2,
		    notify, stdout);
	store_close(&st);
	config_free(&cfg);
	free(rest);
	return r;
}

/* sprintctl messages [--sprint SLUG] [--kind KIND] [--since DAY]
 * [--format json]. */
static int
cmd_messages(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sprint", required_argument, NULL, 's' },
		{ "kind", required_argument, NULL, 'k' },
		{ "since", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	const char	*slug = NULL, *kind = NULL, *since = NULL;
	int		 ch, json = 0, r;

	optind = 0;	/* glibc: start over, permuting again */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			slug = optarg;
			break;
		case 'k':
			kind = optarg;
			break;
		case 'd':
			since = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0) {
				fprintf(stderr, "sprintctl: unknown format "
				    "\"%s\"\n", optarg);
				goto usage;
			}
			json = strcmp(optarg, "json") == 0;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 0)
		goto usage;
	if ((r = open_store(&cfg, &st)) != CTL_OK)
		return r;
	r = ctl_messages(st, slug, kind, since, json, stdout);
	store_close(&st);
	config_free(&cfg);
	return r;
usage:
	fprintf(stderr, "usage: sprintctl messages [--sprint SLUG] "
	    "[--kind KIND] [--since YYYY-MM-DD] [--format json]\n");
	return CTL_USAGE;
}

/* sprintctl message show ID, message reprocess ID. */
static int
cmd_message(int argc, char **argv)
{
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	int64_t		 id;
	int		 r;

	if (argc != 3 || (strcmp(argv[1], "show") != 0 &&
	    strcmp(argv[1], "reprocess") != 0) ||
	    ctl_parse_id(argv[2], &id) == -1) {
		fprintf(stderr, "usage: sprintctl message show ID | message "
		    "reprocess ID (the ID as sprintctl messages lists it)\n");
		return CTL_USAGE;
	}
	if ((r = open_store(&cfg, &st)) != CTL_OK)
		return r;
	if (strcmp(argv[1], "show") == 0)
		r = ctl_message_show(st, cfg, id, stdout);
	else
		r = ctl_message_reprocess(st, cfg, id, stdout);
	store_close(&st);
	config_free(&cfg);
	return r;
}

/* import-people and invite: past attendees and their invitations. */
static int
cmd_import_people(int argc, char **argv)
{
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	int		 r;

	if (argc != 3) {
		fprintf(stderr, "usage: sprintctl import-people SLUG FILE\n");
		return CTL_USAGE;
	}
	if ((r = open_store(&cfg, &st)) != CTL_OK)
		return r;
	r = ctl_import_people(st, argv[1], argv[2], stdout, stderr);
	store_close(&st);
	config_free(&cfg);
	return r;
}

static int
cmd_invite(int argc, char **argv)
{
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	int		 r, preview = 0;

	if (argc == 3 && strcmp(argv[2], "--preview") == 0)
		preview = 1;
	else if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: sprintctl invite SLUG [--preview]\n");
		return CTL_USAGE;
	}
	if ((r = open_store(&cfg, &st)) != CTL_OK)
		return r;
	r = ctl_invite(st, cfg, argv[1], preview, stdout);
	store_close(&st);
	config_free(&cfg);
	return r;
}

static const struct {
	const char	*name;
	int		(*fn)(int, char **);
} commands[] = {
	{ "person", cmd_person },
	{ "digest", cmd_digest },
	{ "import-people", cmd_import_people },
	{ "invite", cmd_invite },
	{ "sprint", cmd_sprint },
	{ "announce", cmd_announce },
	{ "people", cmd_people },
	{ "evaluation", cmd_evaluation },
	{ "report", cmd_report },
	{ "outbox", cmd_outbox },
	{ "status", cmd_status },
	{ "parse", cmd_parse },
	{ "messages", cmd_messages },
	{ "message", cmd_message },
};

/*
 * Runs a command with what it prints, on stdout and stderr, passed
 * through util_clean: no control or bidirectional character from mail
 * reaches the terminal, whichever path printed it (glibc lets a program
 * set stdout and stderr). Lines reach a terminal as they are written.
 */
static int
run(int (*fn)(int, char **), int argc, char **argv)
{
	FILE	*out = stdout, *err = stderr, *cout, *cerr;
	int	 r;

	cout = util_clean_stream(out, UTIL_CLEAN_LF | UTIL_CLEAN_TAB |
	    UTIL_CLEAN_CRLF | UTIL_CLEAN_UTF8);
	cerr = util_clean_stream(err, UTIL_CLEAN_LF | UTIL_CLEAN_TAB |
	    UTIL_CLEAN_UTF8);
	if (cout == NULL || cerr == NULL) {
		if (cout != NULL)
			fclose(cout);
		if (cerr != NULL)
			fclose(cerr);
		return fn(argc, argv);
	}
	if (isatty(fileno(out)))
		setvbuf(cout, NULL, _IOLBF, BUFSIZ);
	setvbuf(cerr, NULL, _IOLBF, BUFSIZ);
	stdout = cout;
	stderr = cerr;
	r = fn(argc, argv);
	stdout = out;
	stderr = err;
	fclose(cerr);
	if (fclose(cout) == EOF && r == CTL_OK) {
		log_error("writing the output failed");
		r = CTL_FAIL;
	}
	return r;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	size_t	 i;
	int	 ch;

	log_init("sprintctl", LOG_LEVEL_WARN);
	/* "+": stop at the command, whose own options follow it. */
	while ((ch = getopt_long(argc, argv, "+c:hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			config_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return CTL_OK;
		case 'V':
			printf("sprintctl %s\n", PACKAGE_VERSION);
			return CTL_OK;
		default:
			usage(stderr);
			return CTL_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return CTL_USAGE;
	}
	for (i = 0; i < nitems(commands); i++) {
		if (strcmp(argv[0], commands[i].name) == 0)
			return run(commands[i].fn, argc, argv);
	}
	fprintf(stderr, "sprintctl: unknown command \"%s\"\n", argv[0]);
	usage(stderr);
	return CTL_USAGE;
}
