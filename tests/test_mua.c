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
 * test_mua.c -- the real-client corpus (tests/data/mua, made by its
 * generate.sh): every reply CLIENT/NAME.eml that mutt, neomutt, alpine,
 * s-nail or Emacs sent to sprintd's own mail must parse as
 * CLIENT/NAME.json, the parse of what the person typed on its own. The
 * mail answered is found as the daemon finds it: sprintd's originals
 * (tests/data/mua/originals) are queued in an outbox, and the reply's
 * In-Reply-To and References lead to one of them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "mime.h"
#include "outbox.h"
#include "parse.h"
#include "sprint.h"
#include "store.h"
#include "testlib.h"
#include "util.h"

#define OWN_FROM	"PyPy sprints <pypy-sprint@example.org>"
#define LIST_ADDRESS	"pypy-sprint@example.org"

static struct store	*st;
static struct sprint	*sp;
static const struct parse_self self = { LIST_ADDRESS, OWN_FROM };

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*data = NULL;
	size_t	 n = 0, cap = 0, r;

	if (f == NULL)
		fail_msg("%s: cannot open", path);
	do {
		cap += 65536;
		data = xreallocarray(data, cap + 1, 1);
		r = fread(data + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	data[n] = '\0';
	*len = n;
	return data;
}

/* Queues sprintd's original of kind (announce.eml ...) in the outbox. */
static void
queue_original(const char *name, int64_t msg)
{
	char			*rel, *path, *raw, *cause = NULL;
	struct mime_msg		*m = NULL;
	struct outbox_mail	 om;
	size_t			 len;

	rel = xprintf("tests/data/mua/originals/%s", name);
	path = testlib_src_path(rel);
	raw = slurp(path, &len);
	if (mime_parse(raw, len, &m, &cause) != 0)
		fail_msg("%s: %s", path, cause);
	memset(&om, 0, sizeof om);
	om.kind = name;
	om.reply_to = msg;
	om.recipient = "anna@example.org";
	om.subject = m->subject;
	om.message_id = m->message_id;
	om.data = raw;
	om.len = len;
	if (outbox_queue(st, &om, &cause) != 0)
		fail_msg("%s: %s", path, cause);
	mime_free(&m);
	free(raw);
	free(path);
	free(rel);
}

static int
setup(void **state)
{
	char	*db, *path = testlib_src_path("tests/data/demo/sprint.yaml");
	char	*cause = NULL;
	int64_t	 msg;

	if (testlib_setup_group(state) != 0)
		return -1;
	db = xprintf("%s/db.sqlite", testlib_dir());
	setenv("SPRINTD_NOW", "2027-01-15T10:00:00Z", 1);
	if (store_open(db, &st, &cause) != 0 ||
	    sprint_load_file(path, &sp, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		return -1;
	}
	/* The confirmation answers a message of Anna's. */
	if (store_exec(st, "INSERT INTO messages (mailbox, uidvalidity, uid, "
	    "kind, raw, size, received_at) VALUES ('INBOX', 1, 1, "
	    "'registration', x'', 0, '2026-12-21T12:00:00Z')", &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		return -1;
	}
	msg = sqlite3_last_insert_rowid(store_db(st));
	queue_original("announce.eml", 0);
	queue_original("confirm.eml", msg);
	queue_original("evaluate.eml", 0);
	free(db);
	free(path);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	store_close(&st);
	sprint_free(&sp);
	unsetenv("SPRINTD_NOW");
	return testlib_teardown_group(state);
}

/*
 * Reads one reply as the daemon does; 1 when it parses as expected, else
 * 0 with what it gave on stderr.
 */
static int
read_reply(const char *path, int *answered)
{
	struct mime_msg		*m = NULL;
	struct parse_result	*r = NULL;
	json_t			*want, *got;
	json_error_t		 jerr;
	char			*raw, *exp, *orig = NULL, *cause = NULL, *s;
	size_t			 len;
	int			 ok;

	raw = slurp(path, &len);
	if (mime_parse(raw, len, &m, &cause) != 0)
		fail_msg("%s: %s", path, cause);
	if (outbox_text_answered(st, m->in_reply_to, m->references, &orig,
	    &cause) == -1)
		fail_msg("%s: %s", path, cause);
	*answered = orig != NULL;
	parse_mime_reply(m, sp, &self, orig, &r);
	exp = xprintf("%.*s.json", (int)(strlen(path) - 4), path);
	if ((want = json_load_file(exp, 0, &jerr)) == NULL)
		fail_msg("%s: %s", exp, jerr.text);
	got = parse_to_jansson(r, sp->slug);
	ok = json_equal(want, got);
	if (!ok) {
		s = json_dumps(got, JSON_COMPACT | JSON_ENSURE_ASCII);
		fprintf(stderr, "%s: read as %s\n", path, s);
		free(s);
	}
	json_decref(want);
	json_decref(got);
	parse_free(&r);
	mime_free(&m);
	free(orig);
	free(exp);
	free(raw);
	return ok;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Every reply of the corpus parses exactly as typed; per client, how
 * many do is printed. Each answers a mail of sprintd's, and every client
 * gave at least 8.
 */
static void
test_corpus(void **state)
{
	static const char *const clients[] = { "mutt", "neomutt", "alpine",
	    "s-nail", "emacs" };
	char		*top = testlib_src_path("tests/data/mua"), *d, *p;
	char		**names;
	DIR		*dh;
	struct dirent	*de;
	size_t		 c, i, n, ok, total = 0, good = 0;
	int		 answered;

	(void)state;
	for (c = 0; c < nitems(clients); c++) {
		d = xprintf("%s/%s", top, clients[c]);
		if ((dh = opendir(d)) == NULL)
			fail_msg("%s: cannot open", d);
		names = NULL;
		n = 0;
		while ((de = readdir(dh)) != NULL) {
			size_t	 l = strlen(de->d_name);

			if (l > 4 && strcmp(de->d_name + l - 4, ".eml") == 0) {
				names = xreallocarray(names, n + 1,
				    sizeof *names);
				names[n++] = xstrdup(de->d_name);
			}
		}
		closedir(dh);
		qsort(names, n, sizeof *names, by_name);
		for (i = ok = 0; i < n; i++) {
			p = xprintf("%s/%s", d, names[i]);
			ok += read_reply(p, &answered);
			if (!answered)
				fail_msg("%s: answers no mail of sprintd's",
				    p);
			free(p);
			free(names[i]);
		}
		free(names);
		printf("%s: %zu of %zu read as typed\n", clients[c], ok, n);
		assert_true(n >= 8);
		total += n;
		good += ok;
		free(d);
	}
	free(top);
	assert_true(total >= 60);
	assert_int_equal(good, total);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
