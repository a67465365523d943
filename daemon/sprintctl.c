/* sprintctl.c -- the organizer's command line. Thin: it parses arguments
 * and calls the modules. Exit codes: 0 ok, 1 runtime failure, 2 usage or
 * invalid input. */
#include "config-auto.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ctl.h"
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
"  sprint add FILE.yaml          add or update a sprint from its file\n"
"  sprint list                   list the sprints\n"
"  sprint show SLUG              show one sprint and its schedule\n"
"  announce SLUG --at \"YYYY-MM-DD HH:MM\" [--force]\n"
"                                schedule the announcement (sprint time zone)\n"
"  people SLUG [--format rst|csv|json|html]\n"
"                                who comes, when, where they stay\n"
"  evaluation SLUG [--format text|json]\n"
"                                the evaluation results\n"
"  outbox [--format json]        queued, sent and failed mail\n"
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
	int		 r;

	if (argc < 2 || (strcmp(argv[1], "add") == 0 && argc != 3) ||
	    (strcmp(argv[1], "show") == 0 && argc != 3) ||
	    (strcmp(argv[1], "list") == 0 && argc != 2)) {
		fprintf(stderr, "usage: sprintctl sprint add FILE.yaml | "
		    "sprint list | sprint show SLUG\n");
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
		{ NULL, 0, NULL, 0 }
	};
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	const char	*at = NULL;
	int		 ch, force = 0, r;

	optind = 0;	/* glibc: start over, permuting again */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			at = optarg;
			break;
		case 'f':
			force = 1;
			break;
		default:
			goto usage;
		}
	}
	if (at == NULL || argc - optind != 1)
		goto usage;
	if ((r = open_store(&cfg, &st)) != CTL_OK)
		return r;
	r = ctl_announce(st, argv[optind], at, force, stdout);
	store_close(&st);
	config_free(&cfg);
	return r;
usage:
	fprintf(stderr, "usage: sprintctl announce SLUG --at \"YYYY-MM-DD "
	    "HH:MM\" [--force]\n");
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

static int
cmd_outbox(int argc, char **argv)
{
	static const char *const formats[] = { "text", "json", NULL };
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	const char	*format;
	int		 r;

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
	    NULL };
	struct config	*cfg = NULL;
	struct store	*st = NULL;
	const char	*format, *slug;
	int		 r;

	if (get_format(argc, argv, formats, &format, &slug) == -1) {
		fprintf(stderr, "usage: sprintctl people SLUG "
		    "[--format rst|csv|json|html]\n");
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
	r = ctl_evaluation(st, slug, format, stdout);
	store_close(&st);
	config_free(&cfg);
	return r;
}

static const struct {
	const char	*name;
	int		(*fn)(int, char **);
} commands[] = {
	{ "sprint", cmd_sprint },
	{ "announce", cmd_announce },
	{ "people", cmd_people },
	{ "evaluation", cmd_evaluation },
	{ "outbox", cmd_outbox },
	{ "status", cmd_status },
	{ "parse", cmd_parse },
};

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
			return commands[i].fn(argc, argv);
	}
	fprintf(stderr, "sprintctl: unknown command \"%s\"\n", argv[0]);
	usage(stderr);
	return CTL_USAGE;
}
