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

/* test_page.c -- the published page: escaping, what it never shows, the
 * chart's bars, the atomic write, and the files page_write leaves. */
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
#include <unistd.h>

#include "config.h"
#include "page.h"
#include "parse.h"
#include "registry.h"
#include "peoplelist.h"
#include "store.h"
#include "testlib.h"
#include "util.h"


/* A sprint whose name and venue need escaping in HTML. */
static const struct testlib_sprint sprint_spec = {
	.name = "\"PyPy <Leysin> & 'Winter' Sprint\"",
	.extra = "venue: {name: Chalet Ermina, address: \"Route 1\", "
	    "url: \"https://www.ermina.ch/?a=1&b='2'\"}\n",
};

static struct sprint *
load_sprint(void)
{
	return testlib_sprint_new(&sprint_spec);
}

static struct registry_reg
reg(const char *name, const char *arrive, const char *depart, int local,
    const char *acc)
{
	struct registry_reg	 r = testlib_reg(name, arrive, depart, local,
	    acc);

	r.email = (char *)"secret-address@example.org";
	r.diet = (char *)"secret-diet";
	r.notes = (char *)"secret-notes";
	return r;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t	 n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

/* Everything from mail and from the sprint file is escaped; addresses,
 * diets and notes never appear; a link is only a web address. */
static void
test_escaping(void **state)
{
	struct sprint		*s = load_sprint();
	struct registry_reg	 regs[2];
	struct page_data	 p;
	char			*html = NULL, *cause = NULL;

	(void)state;
	regs[0] = reg("<script>alert(\"x\")</script> & 'Bob'", "2027-01-08",
	    "2027-01-14", 0, "<img src=x onerror=alert(1)>");
	regs[1] = reg("Åsa\x01 Öberg", NULL, NULL, 0, NULL);
	memset(&p, 0, sizeof p);
	p.sprint = s;
	p.regs = regs;
	p.nregs = 2;
	p.nwaiting = 3;
	p.updated = 1797235200;	/* 2026-12-14T08:00:00Z */
	assert_int_equal(page_html(&p, &html, &cause), 0);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_non_null(strstr(html, "<td>&lt;script&gt;alert(&quot;x&quot;)"
	    "&lt;/script&gt; &amp; &#39;Bob&#39;</td>"));
	assert_non_null(strstr(html, "&lt;img src=x onerror=alert(1)&gt;"));
	assert_non_null(strstr(html, "<h1>PyPy &lt;Leysin&gt; &amp; "
	    "&#39;Winter&#39; Sprint</h1>"));
	/* A control character from mail is dropped, UTF-8 kept. */
	assert_non_null(strstr(html, "<td>Åsa Öberg</td><td>?</td>"
	    "<td>?</td><td>?</td>"));
	assert_null(strstr(html, "secret"));
	assert_null(strstr(html, "@"));
	/* The link escaped as an attribute value. */
	assert_non_null(strstr(html, "<a href=\"https://www.ermina.ch/?a=1"
	    "&amp;b=&#39;2&#39;\">Chalet Ermina</a>, Route 1, Leysin"));
	/* The facts people look for, dates as people read them. */
	assert_non_null(strstr(html, "Fri 8 Jan 2027 to Thu 14 Jan 2027 "
	    "(break day: Mon 11 Jan)"));
	assert_non_null(strstr(html, "2 of 5 taken; 3 people are on the "
	    "waiting list"));
	assert_non_null(strstr(html, "Updated Mon 14 Dec 2026, 08:00 UTC."));
	assert_non_null(strstr(html, "<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">"));
	/* It stands alone: no script, no outside resource. */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "src=\""));
	assert_null(strstr(html, "url("));
	assert_null(strstr(html, "<link"));
	free(html);
	sprint_free(&s);
}

/*
 * One column per day from the first arrival to the last day: Anna from
 * Thu 7 Jan (outside the sprint) to the end, Carl local (days, no
 * nights), Dina from Sat 9 Jan without a departure (to the last day,
 * counted as assumed).
 */
static void
test_chart(void **state)
{
	struct sprint		*s = load_sprint();
	struct registry_reg	 regs[3];
	struct page_data	 p;
	char			*html = NULL, *cause = NULL;

	(void)state;
	regs[0] = reg("Anna", "2027-01-07", "2027-01-14", 0, "Ermina");
	regs[1] = reg("Carl", NULL, NULL, 1, NULL);
	regs[2] = reg("Dina", "2027-01-09", NULL, 0, "Hotel");
	regs[2].tentative = 1;
	memset(&p, 0, sizeof p);
	p.sprint = s;
	p.regs = regs;
	p.nregs = 3;
	assert_int_equal(page_html(&p, &html, &cause), 0);
	assert_int_equal(count(html, "<svg"), 1);
	assert_int_equal(count(html, "<g class=\"day"), 8);
	assert_int_equal(count(html, "<rect class=\"there\""), 8);
	assert_int_equal(count(html, "<rect class=\"night\""), 8);
	assert_int_equal(count(html, "<g class=\"day outside\">"), 1);
	assert_int_equal(count(html, "<g class=\"day break\">"), 1);
	assert_non_null(strstr(html, "<title>Thu 7 Jan (outside the "
	    "sprint): 1 there, 1 sleeps there</title>"));
	assert_non_null(strstr(html, "<title>Fri 8 Jan: 2 there, 1 sleeps "
	    "there</title>"));
	assert_non_null(strstr(html, "<title>Mon 11 Jan (break day): 3 there "
	    "(1 with a &quot;?&quot; date), 2 sleep there</title>"));
	assert_non_null(strstr(html, "<title>Thu 14 Jan: 3 there (1 with a "
	    "&quot;?&quot; date), 0 sleep there</title>"));
	/* The tallest bar is the full height; an empty one has none. */
	assert_non_null(strstr(html, "height=\"120\" fill=\"#2f6db5\""));
	assert_non_null(strstr(html, "height=\"0\" fill=\"#7a4fa3\""));
	/* It scales with the width of the page. */
	assert_non_null(strstr(html, "<svg class=\"chart\" viewBox=\"0 0 318 "
	    "166\" width=\"100%\""));
	/* Tentative dates marked as people.txt marks them, local people
	 * as living there. */
	assert_non_null(strstr(html, "<td>Dina</td><td>Sat 9 Jan?</td>"
	    "<td>?</td><td>Hotel</td>"));
	assert_non_null(strstr(html, "<td>Carl</td><td colspan=\"2\">lives "
	    "there</td><td>--</td>"));
	assert_non_null(strstr(html, "1 person without a known date is "
	    "counted"));
	free(html);
	sprint_free(&s);
}

/* The names in a directory, but . and .., joined by spaces. */
static char *
listing(const char *d)
{
	DIR		*dp = opendir(d);
	struct dirent	*e;
	struct buf	 b;

	assert_non_null(dp);
	buf_init(&b, 0);
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (b.len > 0)
			buf_addch(&b, ' ');
		buf_addstr(&b, e->d_name);
	}
	closedir(dp);
	return buf_steal(&b, NULL);
}

static void
test_atomic_write(void **state)
{
	char		*d = testlib_tmp("w", ""), *path, *data = NULL;
	char		*cause = NULL, *names;
	struct stat	 sb;
	size_t		 len;
	mode_t		 old = umask(077);

	(void)state;
	assert_int_equal(mkdir(d, 0755), 0);
	path = xprintf("%s/index.html", d);
	assert_int_equal(page_write_file(d, "index.html", "one\n", 4,
	    &cause), 0);
	assert_int_equal(util_read_file(path, 100, &data, &len, &cause), 0);
	assert_string_equal(data, "one\n");
	xfree(&data);
	/* Readable by the web server, whatever the umask. */
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0644);
	names = listing(d);
	assert_string_equal(names, "index.html");
	free(names);
	/* The same bytes again: left alone. */
	assert_int_equal(page_write_file(d, "index.html", "one\n", 4,
	    &cause), 1);
	assert_int_equal(page_write_file(d, "index.html", "two\n", 4,
	    &cause), 0);
	assert_int_equal(util_read_file(path, 100, &data, &len, &cause), 0);
	assert_string_equal(data, "two\n");
	xfree(&data);
	names = listing(d);
	assert_string_equal(names, "index.html");
	free(names);

	/* A rename that fails (the name is a directory) leaves no
	 * temporary file and says where. */
	free(path);
	path = xprintf("%s/people.txt", d);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(page_write_file(d, "people.txt", "x\n", 2, &cause),
	    -1);
	assert_non_null(strstr(cause, "people.txt"));
	xfree(&cause);
	names = listing(d);
	assert_true(strcmp(names, "index.html people.txt") == 0 ||
	    strcmp(names, "people.txt index.html") == 0);
	free(names);
	/* A directory that is not there: an error, nothing written. */
	free(path);
	path = xprintf("%s/missing", d);
	assert_int_equal(page_write_file(path, "index.html", "x", 1, &cause),
	    -1);
	xfree(&cause);
	umask(old);
	free(path);
	free(d);
}

/* The contents of path, which must be a regular file. */
static char *
slurp(const char *path)
{
	struct stat	 sb;
	char		*data = NULL, *cause = NULL;
	size_t		 len;

	assert_int_equal(lstat(path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	if (util_read_file(path, 1 << 20, &data, &len, &cause) != 0)
		fail_msg("%s", cause);
	return data;
}

/*
 * No symbolic link is followed under publish_dir: one planted as the
 * slug directory is refused and what it points at is left alone; one in
 * a page file's place is replaced by the page, its target unchanged. The
 * temporary files of writers that are gone are removed at start; those
 * of a living writer and other files stay.
 */
static void
page_links(struct store *st, struct config *cfg, int64_t id, const char *pub)
{
	char	*slug, *victim, *file, *link, *cause = NULL, *data, *names;
	char	*stale, *mine, *old, *live, *other;
	FILE	*fp;

	slug = xprintf("%s/leysin-2027", pub);
	victim = testlib_tmp("victim", "");
	assert_int_equal(mkdir(victim, 0700), 0);
	file = xprintf("%s/kept", victim);
	assert_non_null(fp = fopen(file, "w"));
	fputs("keep\n", fp);
	fclose(fp);

	/* The slug directory a link to elsewhere. */
	assert_int_equal(system(data = xprintf("rm -rf '%s'", slug)), 0);
	free(data);
	assert_int_equal(symlink(victim, slug), 0);
	assert_int_equal(page_write(st, cfg, id, &cause), -1);
	assert_non_null(strstr(cause, "symbolic link"));
	xfree(&cause);
	names = listing(victim);
	assert_string_equal(names, "kept");
	free(names);
	assert_int_equal(unlink(slug), 0);

	/* A page file a link to a file elsewhere. */
	assert_int_equal(mkdir(slug, 0755), 0);
	link = xprintf("%s/people.txt", slug);
	assert_int_equal(symlink(file, link), 0);
	assert_int_equal(page_write(st, cfg, id, &cause), 0);
	data = slurp(link);
	assert_non_null(strstr(data, "Anna"));
	free(data);
	data = slurp(file);
	assert_string_equal(data, "keep\n");
	free(data);

	/* Left behind: by a process that is gone, by this one (a start
	 * after a crash has the PID of none), by an older sprintd; one of a
	 * writer that lives (PID 1) and another file stay. */
	stale = xprintf("%s/.index.html.2147483646.0", slug);
	mine = xprintf("%s/.people.txt.%ld.7", slug, (long)getpid());
	old = xprintf("%s/.people.txt.Ab3x9Q", slug);
	live = xprintf("%s/.index.html.1.3", slug);
	other = xprintf("%s/.notes.1.2", slug);
	assert_non_null(fp = fopen(stale, "w"));
	fclose(fp);
	assert_non_null(fp = fopen(mine, "w"));
	fclose(fp);
	assert_non_null(fp = fopen(old, "w"));
	fclose(fp);
	assert_non_null(fp = fopen(live, "w"));
	fclose(fp);
	assert_non_null(fp = fopen(other, "w"));
	fclose(fp);
	page_clean_all(cfg);
	assert_int_equal(access(stale, F_OK), -1);
	assert_int_equal(access(mine, F_OK), -1);
	assert_int_equal(access(old, F_OK), -1);
	assert_int_equal(access(live, F_OK), 0);
	assert_int_equal(access(other, F_OK), 0);
	assert_int_equal(access(link, F_OK), 0);
	free(stale);
	free(mine);
	free(old);
	free(live);
	free(other);
	free(link);
	free(file);
	free(victim);
	free(slug);
}

/* page_write: SLUG/ 0755 with index.html and people.txt 0644, people.txt
 * what `sprintctl people --format rst` prints but for the waiting list, a
 * count; nothing without a publish_dir. */
static void
test_page_write(void **state)
{
	struct config		 cfg;
	struct store		*st = NULL;
	struct sprint		*s = load_sprint();
	struct parse_result	 res;
	struct registry_reg	 out;
	enum registry_change	 change;
	struct stat		 sb;
	char			*cause = NULL, *db, *txt = NULL, *data = NULL;
	char			*pub, *path;
	int64_t			 id, pid;
	int			 created;
	size_t			 len;

	(void)state;
	db = testlib_tmp("db", ".sqlite");
	pub = testlib_tmp("pub", "");
	assert_int_equal(mkdir(pub, 0755), 0);
	if (store_open_at(db, store_schema_version(), &st, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(registry_sprint_put(st, s, "t.yaml", &id, &created,
	    &cause), 0);
	memset(&res, 0, sizeof res);
	res.kind = PARSE_REGISTRATION;
	res.from = (char *)"anna@example.org";
	res.name = (char *)"Anna <b>";
	res.arrive_state = res.depart_state = DATES_KNOWN;
	assert_int_equal(dates_parse_iso("2027-01-07", &res.arrive), 0);
	assert_int_equal(dates_parse_iso("2027-01-14", &res.depart), 0);
	res.accommodation = (char *)"Ermina";
	res.diet = (char *)"vegan";
	res.newcomer = res.funding = PARSE_NULL;
	res.given = PARSE_HAS_ALL;
	assert_int_equal(registry_person(st, res.from, res.name, &pid,
	    &cause), 0);
	assert_int_equal(registry_register(st, id, s->capacity, pid, 0, &res,
	    &change, &out, &cause), 0);
	registry_reg_clear(&out);
	/* And one who waits (a capacity of 1 for this registration). */
	res.from = (char *)"wanda@example.org";
	res.name = (char *)"Wanda Waits";
	assert_int_equal(registry_person(st, res.from, res.name, &pid,
	    &cause), 0);
	assert_int_equal(registry_register(st, id, 1, pid, 0, &res, &change,
	    &out, &cause), 0);
	assert_string_equal(out.status, "waiting");
	registry_reg_clear(&out);

	memset(&cfg, 0, sizeof cfg);
	assert_int_equal(page_write(st, &cfg, id, &cause), 1);
	cfg.publish_dir = pub;
	assert_int_equal(page_write(st, &cfg, id, &cause), 0);
	path = xprintf("%s/leysin-2027", pub);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0755);
	free(path);
	path = xprintf("%s/leysin-2027/index.html", pub);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0644);
	assert_int_equal(util_read_file(path, 1 << 20, &data, &len, &cause),
	    0);
	assert_non_null(strstr(data, "<td>Anna &lt;b&gt;</td><td>Thu 7 Jan"
	    "</td><td>Thu 14 Jan</td><td>Ermina</td>"));
	assert_null(strstr(data, "anna@"));
	assert_null(strstr(data, "Wanda"));
	assert_non_null(strstr(data, "1 person is on the waiting list"));
	assert_null(strstr(data, "vegan"));
	xfree(&data);
	free(path);
	path = xprintf("%s/leysin-2027/people.txt", pub);
	assert_int_equal(util_read_file(path, 1 << 20, &data, &len, &cause),
	    0);
	assert_int_equal(peoplelist_public(st, id, s, &txt, &cause), 0);
	assert_string_equal(data, txt);
	assert_null(strstr(data, "vegan"));
	/* The waiting list as a count, as on the page; the organizer's
	 * rst names her. */
	assert_non_null(strstr(data, "1 person is on the waiting list"));
	assert_null(strstr(data, "Wanda"));
	free(txt);
	assert_int_equal(peoplelist_people(st, id, s, PEOPLELIST_RST, &txt,
	    &cause),
	    0);
	assert_non_null(strstr(txt, "Wanda Waits"));
	free(txt);
	xfree(&data);
	free(path);

	/* Relaxed commits not synced yet: nothing is published before they
	 * are durable; then it is. */
	assert_int_equal(store_relaxed(st, 1, &cause), 0);
	assert_int_equal(store_exec(st, "UPDATE registrations SET "
	    "accommodation = 'Tent'", &cause), 0);
	assert_int_equal(store_durable(st), 0);
	assert_int_equal(page_write(st, &cfg, id, &cause), 2);
	path = xprintf("%s/leysin-2027/people.txt", pub);
	assert_int_equal(util_read_file(path, 1 << 20, &data, &len, &cause),
	    0);
	assert_null(strstr(data, "Tent"));
	xfree(&data);
	assert_int_equal(store_relaxed(st, 0, &cause), 0);
	assert_int_equal(store_durable(st), 1);
	assert_int_equal(page_write(st, &cfg, id, &cause), 0);
	assert_int_equal(util_read_file(path, 1 << 20, &data, &len, &cause),
	    0);
	assert_non_null(strstr(data, "Tent"));
	xfree(&data);
	free(path);

	page_links(st, &cfg, id, pub);
	store_close(&st);
	sprint_free(&s);
	free(db);
	free(pub);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_chart),
		cmocka_unit_test(test_atomic_write),
		cmocka_unit_test(test_page_write),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
