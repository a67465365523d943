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
 * sprintctl.c -- the organizer's command line. Thin: one table of the
 * commands (name, usage, summary, store access, handler), from which
 * dispatch, --help and every usage error come; one runner that opens and
 * closes the config and the store around a command. What each command does
 * lives in ctl_<command>.c. Exit codes: 0 ok, 1 runtime failure, 2 usage or
 * invalid input.
 */
#include "config-auto.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ctl.h"
#include "ctl_invite.h"
#include "log.h"
#include "parse.h"
#include "sprint.h"
#include "store.h"
#include "util.h"

#define DEFAULT_CONFIG SPRINTD_SYSCONFDIR "/sprintd/sprintd.yaml"

/* What a command does with the store. */
enum access {
	ACCESS_NONE,		/* neither the config nor the store */
	ACCESS_READ,		/* reads them (an organizer in the group) */
	ACCESS_WRITE		/* writes the store */
};

/* A command's arguments, as its parser found them. */
struct args {
	enum access	 access;	/* the row's, or less for this form */
	const char	*sub;		/* the subcommand word, if any */
	const char	*slug, *file, *at, *kind, *since, *format, *people;
	int64_t		 id;
	int		 force, preview, cancel, check, send, notify;
	int		 argc;		/* person: what follows the address */
	char		**argv;
	struct sprint	*sprint;	/* loaded by the parser; freed after */
	struct config	*cfg;		/* parse --sprint-file -c: the same */
};

/* What the runner opened for a command. */
struct env {
	struct config	*cfg;
	struct store	*st;
};

/*
 * Parses argv (argv[0] the command word) into a: 0, -1 for a usage error
 * (the runner prints the usage from the table), or CTL_USAGE / CTL_FAIL
 * when it reported the error itself.
 */
typedef int (*args_fn)(int argc, char **argv, struct args *a);
typedef int (*run_fn)(struct env *, struct args *);

struct command {
	const char	*name;		/* "sprint add": word and subcommand */
	const char	*usage;		/* what follows the name */
	const char	*summary;	/* for --help; lines end with \n */
	enum access	 access;
	args_fn		 args;		/* NULL: a form of the row above */
	run_fn		 run;
};

static const char *config_path;

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

static const char *const text_json[] = { "text", "json", NULL };

/* sprint add [--check] FILE.yaml: the file is read before anything is
 * opened; --check opens nothing. */
static int
args_sprint_add(int argc, char **argv, struct args *a)
{
	char	*cause = NULL;

	if (argc == 4 && strcmp(argv[2], "--check") == 0) {
		a->check = 1;
		a->access = ACCESS_NONE;
		a->file = argv[3];
	} else if (argc == 3)
		a->file = argv[2];
	else
		return -1;
	if (sprint_load_file(a->file, &a->sprint, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_USAGE;
	}
	return 0;
}

static int
run_sprint_add(struct env *e, struct args *a)
{
	if (a->check) {
		printf("%s: sprint %s OK\n", a->file, a->sprint->slug);
		return CTL_OK;
	}
	return ctl_sprint_add(e->st, a->sprint, a->file, stdout);
}

/* No arguments past the subcommand. */
static int
args_none(int argc, char **argv, struct args *a)
{
	(void)argv;
	(void)a;
	return argc == 2 ? 0 : -1;
}

static int
run_sprint_list(struct env *e, struct args *a)
{
	(void)a;
	return ctl_sprint_list(e->st, stdout);
}

/* One SLUG past the subcommand. */
static int
args_sub_slug(int argc, char **argv, struct args *a)
{
	if (argc != 3)
		return -1;
	a->slug = argv[2];
	return 0;
}

static int
run_sprint_show(struct env *e, struct args *a)
{
	return ctl_sprint_show(e->st, a->slug, stdout);
}

/* announce SLUG (--at "YYYY-MM-DD HH:MM" [--force] | --preview |
 * --cancel) */
static int
args_announce(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "at", required_argument, NULL, 'a' },
		{ "force", no_argument, NULL, 'f' },
		{ "preview", no_argument, NULL, 'p' },
		{ "cancel", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	optind = 0;	/* glibc: start over, permuting again */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			a->at = optarg;
			break;
		case 'f':
			a->force = 1;
			break;
		case 'p':
			a->preview = 1;
			break;
		case 'x':
			a->cancel = 1;
			break;
		default:
			return -1;
		}
	}
	/* One of --at, --preview, --cancel; --force only with --at. */
	if ((a->at != NULL) + a->preview + a->cancel != 1 ||
	    (a->force && a->at == NULL) || argc - optind != 1)
		return -1;
	a->slug = argv[optind];
	if (a->preview)
		a->access = ACCESS_READ;
	return 0;
}

static int
run_announce(struct env *e, struct args *a)
{
	if (a->preview)
		return ctl_announce_preview(e->st, e->cfg, a->slug, stdout);
	if (a->cancel)
		return ctl_announce_cancel(e->st, a->slug, stdout);
	return ctl_announce(e->st, a->slug, a->at, a->force, stdout);
}

/* preannounce SLUG --at "YYYY-MM-DD HH:MM" [--force] */
static int
args_preannounce(int argc, char **argv, struct args *a)
{
	int	 r = args_announce(argc, argv, a);

	return r == 0 && (a->at == NULL || a->preview || a->cancel) ? -1 : r;
}

static int
run_preannounce(struct env *e, struct args *a)
{
	return ctl_preannounce(e->st, a->slug, a->at, a->force, stdout);
}

static int
args_people(int argc, char **argv, struct args *a)
{
	static const char *const formats[] = { "rst", "csv", "json", "html",
	    "public", NULL };

	return get_format(argc, argv, formats, &a->format, &a->slug);
}

static int
run_people(struct env *e, struct args *a)
{
	return ctl_people(e->st, a->slug, a->format, stdout);
}

static int
args_evaluation(int argc, char **argv, struct args *a)
{
	return get_format(argc, argv, text_json, &a->format, &a->slug);
}

static int
run_evaluation(struct env *e, struct args *a)
{
	return ctl_evaluation(e->st, a->slug, a->format,
	    e->cfg->evaluation_min_answers, stdout);
}

/* One SLUG, no option. */
static int
run_interest(struct env *e, struct args *a)
{
	return ctl_interest(e->st, a->slug, a->format, stdout);
}

static int
args_slug(int argc, char **argv, struct args *a)
{
	if (argc != 2 || argv[1][0] == '-')
		return -1;
	a->slug = argv[1];
	return 0;
}

static int
run_report(struct env *e, struct args *a)
{
	return ctl_sprint_report(e->st, a->slug,
	    e->cfg->evaluation_min_answers, stdout);
}

/* [--format json], nothing else. */
static int
args_format(int argc, char **argv, struct args *a)
{
	return get_format(argc, argv, text_json, &a->format, NULL);
}

static int
run_outbox(struct env *e, struct args *a)
{
	return ctl_outbox(e->st, strcmp(a->format, "json") == 0, stdout);
}

/* An ID past the subcommand, as outbox or messages lists it. */
static int
args_sub_id(int argc, char **argv, struct args *a)
{
	if (argc != 3 || ctl_parse_id(argv[2], &a->id) == -1)
		return -1;
	return 0;
}

static int
run_outbox_retry(struct env *e, struct args *a)
{
	return ctl_outbox_retry(e->st, a->id, stdout);
}

static int
run_outbox_drop(struct env *e, struct args *a)
{
	return ctl_outbox_drop(e->st, a->id, stdout);
}

/* messages [--sprint SLUG] [--kind KIND] [--since DAY] [--format json] */
static int
args_messages(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "sprint", required_argument, NULL, 's' },
		{ "kind", required_argument, NULL, 'k' },
		{ "since", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	optind = 0;	/* glibc: start over, permuting again */
	a->format = "text";
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			a->slug = optarg;
			break;
		case 'k':
			a->kind = optarg;
			break;
		case 'd':
			a->since = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0) {
				fprintf(stderr, "sprintctl: unknown format "
				    "\"%s\"\n", optarg);
				return -1;
			}
			a->format = optarg;
			break;
		default:
			return -1;
		}
	}
	return argc - optind == 0 ? 0 : -1;
}

static int
run_messages(struct env *e, struct args *a)
{
	return ctl_messages(e->st, a->slug, a->kind, a->since,
	    strcmp(a->format, "json") == 0, stdout);
}

static int
run_message_show(struct env *e, struct args *a)
{
	return ctl_message_show(e->st, e->cfg, a->id, stdout);
}

static int
run_message_reprocess(struct env *e, struct args *a)
{
	return ctl_message_reprocess(e->st, e->cfg, a->id, stdout);
}

/* import-people SLUG FILE */
static int
args_import_people(int argc, char **argv, struct args *a)
{
	if (argc != 3)
		return -1;
	a->slug = argv[1];
	a->file = argv[2];
	return 0;
}

static int
run_import_people(struct env *e, struct args *a)
{
	return ctl_import_people(e->st, a->slug, a->file, stdout, stderr);
}

/* invite SLUG [--preview] */
static int
args_invite(int argc, char **argv, struct args *a)
{
	if (argc == 3 && strcmp(argv[2], "--preview") == 0)
		a->preview = 1;
	else if (argc != 2 || argv[1][0] == '-')
		return -1;
	a->slug = argv[1];
	return 0;
}

static int
run_invite(struct env *e, struct args *a)
{
	return ctl_invite(e->st, e->cfg, a->slug, a->preview, stdout);
}

/* digest SLUG [--send]: printing it only reads. */
static int
args_digest(int argc, char **argv, struct args *a)
{
	a->send = argc == 3 && strcmp(argv[2], "--send") == 0;
	if (argc != 2 && !a->send)
		return -1;
	a->slug = argv[1];
	if (!a->send)
		a->access = ACCESS_READ;
	return 0;
}

static int
run_digest(struct env *e, struct args *a)
{
	return ctl_digest(e->st, e->cfg, a->slug, a->send, stdout);
}

/* person SLUG ADDRESS set|add|cancel|promote ... [--notify] */
static int
args_person(int argc, char **argv, struct args *a)
{
	int	 i;

	a->argv = xcalloc((size_t)argc + 1, sizeof *a->argv);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--notify") == 0)
			a->notify = 1;
		else
			a->argv[a->argc++] = argv[i];
	}
	return a->argc < 3 ? -1 : 0;
}

static int
run_person(struct env *e, struct args *a)
{
	return ctl_person(e->st, e->cfg, a->argv[0], a->argv[1], a->argc - 2,
	    a->argv + 2, a->notify, stdout);
}

/* plan SLUG [add TEXT [--people A,B] | assign N A,B | start N | done N |
 * drop N]: only the show reads alone. */
static int
args_plan(int argc, char **argv, struct args *a)
{
	int	 i;

	a->argv = xcalloc((size_t)argc + 1, sizeof *a->argv);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--people") == 0 && i + 1 < argc)
			a->people = argv[++i];
		else if (strncmp(argv[i], "--people=", 9) == 0)
			a->people = argv[i] + 9;
		else if (argv[i][0] == '-' && argv[i][1] == '-')
			return -1;
		else
			a->argv[a->argc++] = argv[i];
	}
	if (a->argc < 1)
		return -1;
	a->slug = a->argv[0];
	if (a->argc == 1 && a->people == NULL)
		a->access = ACCESS_READ;
	return 0;
}

static int
run_plan(struct env *e, struct args *a)
{
	return ctl_plan(e->st, e->cfg, a->slug, a->argc - 1, a->argv + 1,
	    a->people, stdout);
}

/* sprintctl status: reads the config and the database only, never a
 * password, so it runs without root. Exit 1 when something needs
 * attention. */
static int
run_status(struct env *e, struct args *a)
{
	return ctl_status(e->st, e->cfg->poll_interval,
	    strcmp(a->format, "json") == 0, stdout);
}

/* parse (--sprint SLUG | --sprint-file FILE.yaml) MESSAGE.eml: with a
 * sprint file nothing is opened (the config only when -c names one). */
static int
args_parse(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "sprint", required_argument, NULL, 's' },
		{ "sprint-file", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	char	*cause = NULL;
	int	 ch;

	optind = 0;	/* glibc: start over, permuting again */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			a->slug = optarg;
			break;
		case 'f':
			a->file = optarg;
			break;
		default:
			return -1;
		}
	}
	if ((a->slug == NULL) == (a->file == NULL) || argc - optind != 1)
		return -1;
	a->argv = xcalloc(2, sizeof *a->argv);
	a->argv[0] = argv[optind];
	if (a->file == NULL)
		return 0;
	a->access = ACCESS_NONE;
	if (sprint_load_file(a->file, &a->sprint, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_USAGE;
	}
	/* sprintd's addresses are known only from a config, if one was
	 * given. */
	if (config_path != NULL) {
		if (config_load(config_path, &a->cfg, &cause) == -1) {
			log_error("%s", cause);
			free(cause);
			return CTL_USAGE;
		}
	}
	return 0;
}

static int
run_parse(struct env *e, struct args *a)
{
	struct parse_self	 self = { NULL, NULL };
	const struct config	*cfg = e->cfg != NULL ? e->cfg : a->cfg;
	int			 r;

	if (cfg != NULL) {
		self.list_address = cfg->list_address;
		self.from = cfg->from;
	}
	if (a->sprint == NULL && (r = ctl_get_sprint(e->st, a->slug,
	    &a->sprint, NULL)) != CTL_OK)
		return r;
	return ctl_parse(a->sprint, &self, a->argv[0], stdout);
}

/* sync SUB ...: the arguments are ctl_sync.c's; only minutes --send of
 * the reading forms writes. */
static int
args_sync(int argc, char **argv, struct args *a)
{
	int	 write, i;

	a->sub = argv[1];
	a->argv = xcalloc((size_t)argc, sizeof *a->argv);
	for (i = 1; i < argc; i++)
		a->argv[a->argc++] = argv[i];
	if (ctl_sync_check(a->sub, a->argc, a->argv, &write) == -1)
		return -1;
	if (!write)
		a->access = ACCESS_READ;
	return 0;
}

static int
run_sync(struct env *e, struct args *a)
{
	return ctl_sync(e->st, e->cfg, a->sub, a->argc, a->argv, stdout);
}

/*
 * The commands. A name of two words is a command and its subcommand; rows
 * of one name without a parser are further forms of the row above (for
 * --help and the usage error). man/sprintctl.1 lists the same names:
 * tests/cli.sh checks that.
 */
static const struct command commands[] = {
	{ "sprint add", "[--check] FILE.yaml",
	  "add or update a sprint from its file\n"
	  "(--check: only check it, write nothing)\n",
	  ACCESS_WRITE, args_sprint_add, run_sprint_add },
	{ "sprint list", "", "list the sprints\n",
	  ACCESS_READ, args_none, run_sprint_list },
	{ "sprint show", "SLUG", "show one sprint and its schedule\n",
	  ACCESS_READ, args_sub_slug, run_sprint_show },
	{ "announce", "SLUG --at \"YYYY-MM-DD HH:MM\" [--force]",
	  "schedule the announcement (sprint time zone)\n",
	  ACCESS_WRITE, args_announce, run_announce },
	{ "announce", "SLUG --preview",
	  "print the announcement as it will go out\n",
	  ACCESS_READ, NULL, NULL },
	{ "announce", "SLUG --cancel", "unschedule the announcement\n",
	  ACCESS_WRITE, NULL, NULL },
	{ "preannounce", "SLUG --at \"YYYY-MM-DD HH:MM\" [--force]",
	  "mail the plan and its candidate dates\n"
	  "to the lists (21-90 days before them)\n",
	  ACCESS_WRITE, args_preannounce, run_preannounce },
	{ "interest", "SLUG [--format text|json]",
	  "who would come, per candidate date\n",
	  ACCESS_READ, args_evaluation, run_interest },
	{ "people", "SLUG [--format rst|csv|json|html|public]",
	  "who comes, when, where they stay\n",
	  ACCESS_READ, args_people, run_people },
	{ "evaluation", "SLUG [--format text|json]",
	  "the evaluation results, without names\n",
	  ACCESS_READ, args_evaluation, run_evaluation },
	{ "report", "SLUG", "the sprint report skeleton (reST)\n",
	  ACCESS_READ, args_slug, run_report },
	{ "outbox", "[--format json]", "queued, sent and failed mail\n",
	  ACCESS_READ, args_format, run_outbox },
	{ "outbox retry", "ID", "a failed or deferred mail is due now\n",
	  ACCESS_WRITE, args_sub_id, run_outbox_retry },
	{ "outbox drop", "ID", "a queued or failed mail is never sent\n",
	  ACCESS_WRITE, args_sub_id, run_outbox_drop },
	{ "messages",
	  "[--sprint SLUG] [--kind KIND] [--since YYYY-MM-DD] [--format json]",
	  "the messages read, newest first\n",
	  ACCESS_READ, args_messages, run_messages },
	{ "message show", "ID", "one message: headers, text, how it was read\n",
	  ACCESS_READ, args_sub_id, run_message_show },
	{ "message reprocess", "ID",
	  "read a message again and answer it anew\n",
	  ACCESS_WRITE, args_sub_id, run_message_reprocess },
	{ "import-people", "SLUG FILE",
	  "read a PyPy people.txt into the sprint\n"
	  "(exit 1 when some rows were skipped)\n",
	  ACCESS_WRITE, args_import_people, run_import_people },
	{ "invite", "SLUG [--preview]",
	  "invite past attendees (after the announcement)\n",
	  ACCESS_WRITE, args_invite, run_invite },
	{ "digest", "SLUG [--send]",
	  "the organizer digest, printed; --send\n"
	  "queues it to the organizers now\n",
	  ACCESS_WRITE, args_digest, run_digest },
	{ "person", "SLUG ADDRESS set FIELD=VALUE... [--notify]",
	  "correct a registration (name, arrive,\n"
	  "depart, dates, accommodation, newcomer,\n"
	  "funding, diet, topics, notes; dates as in\n"
	  "mail)\n",
	  ACCESS_WRITE, args_person, run_person },
	{ "person", "SLUG ADDRESS add NAME [FIELD=VALUE...] [--notify]", "",
	  ACCESS_WRITE, NULL, NULL },
	{ "person", "SLUG ADDRESS cancel | promote [--notify]",
	  "cancel; move off the waiting list\n",
	  ACCESS_WRITE, NULL, NULL },
	{ "plan", "SLUG", "the planning: who is there today, the tasks\n",
	  ACCESS_WRITE, args_plan, run_plan },
	{ "plan", "SLUG add TEXT [--people A,B]", "add a task\n",
	  ACCESS_WRITE, NULL, NULL },
	{ "plan", "SLUG assign N A,B | start N | done N | drop N",
	  "who works on task N; IN-PROGRESS; DONE; gone\n",
	  ACCESS_WRITE, NULL, NULL },
	{ "status", "[--format json]",
	  "the daemon's health; exit 1: needs attention\n",
	  ACCESS_READ, args_format, run_status },
	{ "parse", "(--sprint SLUG | --sprint-file FILE.yaml) MESSAGE.eml",
	  "classify and parse one message, print JSON\n",
	  ACCESS_READ, args_parse, run_parse },
	{ "sync add", "FILE.yaml", "add or update a sync meeting\n",
	  ACCESS_WRITE, args_sync, run_sync },
	{ "sync list", "", "list the sync meetings\n",
	  ACCESS_READ, args_sync, run_sync },
	{ "sync show", "SLUG", "next meetings, moderator, reports so far\n",
	  ACCESS_READ, args_sync, run_sync },
	{ "sync skip", "SLUG YYYY-MM-DD",
	  "cancel one meeting (the invitation says so)\n",
	  ACCESS_WRITE, args_sync, run_sync },
	{ "sync minutes", "SLUG [--date YYYY-MM-DD] [--log FILE] [--send]",
	  "the minutes (reST), published; --send\n"
	  "mails them to the list\n",
	  ACCESS_WRITE, args_sync, run_sync },
};

/* The length of a row's command word (the name up to a blank). */
static size_t
word_len(const char *name)
{
	return strcspn(name, " ");
}

static void
usage(FILE *f)
{
	const char	*p, *q;
	size_t		 i, n;
	int		 w;

	fprintf(f, "usage: sprintctl [-c CONFIG] COMMAND [ARGS]\n\n"
	    "Commands:\n");
	for (i = 0; i < nitems(commands); i++) {
		w = fprintf(f, "  %s%s%s", commands[i].name,
		    *commands[i].usage != '\0' ? " " : "", commands[i].usage);
		/* The summary from column 32, on the next line when the
		 * usage reaches it. */
		for (p = commands[i].summary; *p != '\0'; p = q + 1) {
			q = strchr(p, '\n');
			n = (size_t)(q - p);
			if (w >= 31) {
				fputc('\n', f);
				w = 0;
			}
			fprintf(f, "%*s%.*s\n", 32 - w, "", (int)n, p);
			w = 0;
		}
		if (w > 0)
			fputc('\n', f);
	}
	fprintf(f, "\n"
"Options:\n"
"  -c, --config FILE   the config file (default %s)\n"
"  -h, --help          this help\n"
"  -V, --version       the version\n"
"\n"
"Exit status: 0 ok, 1 runtime failure, 2 usage or invalid input.\n",
	    DEFAULT_CONFIG);
}

/* The usage error of the command word of row: all of its forms. */
static int
usage_error(const struct command *row)
{
	size_t	 i, n = word_len(row->name);
	int	 first = 1;

	for (i = 0; i < nitems(commands); i++) {
		if (word_len(commands[i].name) != n ||
		    strncmp(commands[i].name, row->name, n) != 0)
			continue;
		fprintf(stderr, "%s sprintctl %s%s%s\n", first ? "usage:" :
		    "      ", commands[i].name, *commands[i].usage != '\0' ?
		    " " : "", commands[i].usage);
		first = 0;
	}
	return CTL_USAGE;
}

/* Opens the config and, but for ACCESS_NONE, the store; a reading
 * command's store refuses writes. */
static int
env_open(struct env *e, enum access access)
{
	char	*cause = NULL;

	if (access == ACCESS_NONE)
		return CTL_OK;
	if (config_load(config_path ? config_path : DEFAULT_CONFIG, &e->cfg,
	    &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_USAGE;
	}
	if (store_open(e->cfg->database, &e->st, &cause) == -1) {
		log_error("%s", cause);
		free(cause);
		return CTL_FAIL;
	}
	if (access == ACCESS_READ && sqlite3_exec(store_db(e->st),
	    "PRAGMA query_only = 1", NULL, NULL, NULL) != SQLITE_OK) {
		log_error("%s: %s", e->cfg->database,
		    sqlite3_errmsg(store_db(e->st)));
		return CTL_FAIL;
	}
	return CTL_OK;
}

/* Runs the command of row: its arguments, then what it opens, then it. */
static int
run(const struct command *row, int argc, char **argv)
{
	struct args	 a;
	struct env	 e = { NULL, NULL };
	int		 r;

	memset(&a, 0, sizeof a);
	a.access = row->access;
	if ((r = row->args(argc, argv, &a)) == -1)
		r = usage_error(row);
	else if (r == 0 && (r = env_open(&e, a.access)) == CTL_OK)
		r = row->run(&e, &a);
	store_close(&e.st);
	config_free(&e.cfg);
	config_free(&a.cfg);
	sprint_free(&a.sprint);
	free(a.argv);
	return r;
}

/*
 * Runs a command with what it prints, on stdout and stderr, passed
 * through util_clean: no control or bidirectional character from mail
 * reaches the terminal, whichever path printed it (glibc lets a program
 * set stdout and stderr). Lines reach a terminal as they are written.
 */
static int
run_clean(const struct command *row, int argc, char **argv)
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
		return run(row, argc, argv);
	}
	if (isatty(fileno(out)))
		setvbuf(cout, NULL, _IOLBF, BUFSIZ);
	setvbuf(cerr, NULL, _IOLBF, BUFSIZ);
	stdout = cout;
	stderr = cerr;
	r = run(row, argc, argv);
	stdout = out;
	stderr = err;
	fclose(cerr);
	if (fclose(cout) == EOF && r == CTL_OK) {
		log_error("writing the output failed");
		r = CTL_FAIL;
	}
	return r;
}

/* The row of argv's command (and subcommand), or NULL after the error. */
static const struct command *
lookup(int argc, char **argv)
{
	const struct command	*word = NULL;
	size_t			 i, n;

	for (i = 0; i < nitems(commands); i++) {
		n = word_len(commands[i].name);
		if (strncmp(commands[i].name, argv[0], n) != 0 ||
		    argv[0][n] != '\0')
			continue;
		if (commands[i].name[n] == '\0') {
			if (word == NULL || word->name[n] != '\0')
				word = &commands[i];
		} else if (argc >= 2 && strcmp(commands[i].name + n + 1,
		    argv[1]) == 0)
			return &commands[i];
		else if (word == NULL)
			word = &commands[i];
	}
	if (word != NULL && word->name[word_len(word->name)] == '\0')
		return word;
	if (word == NULL) {
		fprintf(stderr, "sprintctl: unknown command \"%s\"\n",
		    argv[0]);
		usage(stderr);
	} else {
		if (argc >= 2)
			fprintf(stderr, "sprintctl: unknown %s command "
			    "\"%s\"\n", argv[0], argv[1]);
		usage_error(word);
	}
	return NULL;
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
	const struct command	*row;
	int			 ch;

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
	if ((row = lookup(argc, argv)) == NULL)
		return CTL_USAGE;
	return run_clean(row, argc, argv);
}
