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


/* test_listmail.c -- Mailman's delivery forms read back to the posts:
 * the poster in Cc of a rewritten From, the wrapped post, MIME digests,
 * plain-text digests, list prefixes in subjects. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "listmail.h"
#include "mime.h"
#include "util.h"
#include "testlib.h"

#define LIST	"pypy-dev@python.org"

/* A fixture of tests/data/mail, read and parsed; *rawp kept for the
 * posts. */
static struct mime_msg *
read_mail(const char *name, char **rawp, size_t *lenp)
{
	char		*rel = xprintf("tests/data/mail/%s", name);
	char		*path = testlib_src_path(rel), *cause = NULL;
	struct mime_msg	*m = NULL;

	if (util_read_file(path, 1 << 20, rawp, lenp, &cause) != 0 ||
	    mime_parse(*rawp, *lenp, &m, &cause) != 0)
		fail_msg("%s: %s", name, cause);
	free(path);
	free(rel);
	return m;
}

/* Each fixture's form, and the Message-IDs and senders of its posts. */
static void
test_forms(void **state)
{
	static const struct {
		const char		*file;
		const char		*list;
		enum listmail_form	 form;
		const char		*posts;	/* "mid from ..." */
	} t[] = {
		{ "list-registration.eml", LIST, LISTMAIL_DIRECT, "" },
		{ "mailman-munged-cc.eml", LIST, LISTMAIL_DIRECT, "" },
		{ "mailman-wrapped.eml", LIST, LISTMAIL_WRAPPED,
		    "<mm6@people.example.org> anna@people.example.org " },
		/* Not the list's own wrapping: read as it is. */
		{ "mailman-wrapped.eml", NULL, LISTMAIL_DIRECT, "" },
		{ "mailman-wrapped.eml", "other@python.org", LISTMAIL_DIRECT,
		    "" },
		/* A post carrying another's message is the poster's. */
		{ "mailman-munged-forward.eml", LIST, LISTMAIL_DIRECT, "" },
		{ "mailman-digest.eml", LIST, LISTMAIL_DIGEST,
		    "<mm1@people.example.org> anna@people.example.org "
		    "<dg2@people.example.org> bob@people.example.org "
		    "<dg3@people.example.org> carl@people.example.org " },
		{ "mailman-digest-text.eml", LIST, LISTMAIL_TEXT_DIGEST, "" },
		/* Another list's digest is not ours to read. */
		{ "mailman-digest.eml", "pypy-sprint@python.org",
		    LISTMAIL_DIRECT, "" },
	};
	struct listmail	 lm;
	struct mime_msg	*m;
	struct buf	 b;
	char		*raw, *got;
	size_t		 i, j, len;

	(void)state;
	for (i = 0; i < nitems(t); i++) {
		m = read_mail(t[i].file, &raw, &len);
		if (listmail_unwrap(raw, len, m, t[i].list, &lm) != t[i].form)
			fail_msg("%s (%s): form %d, wanted %d", t[i].file,
			    t[i].list ? t[i].list : "no list", lm.form,
			    t[i].form);
		assert_int_equal(m->list_form, t[i].form);
		buf_init(&b, 0);
		buf_addstr(&b, "");
		for (j = 0; j < lm.nposts; j++) {
			assert_non_null(lm.posts[j].m);
			buf_printf(&b, "%s %s ", lm.posts[j].m->message_id,
			    lm.posts[j].m->from_addr);
		}
		got = buf_steal(&b, NULL);
		if (strcmp(got, t[i].posts) != 0)
			fail_msg("%s: posts \"%s\", wanted \"%s\"", t[i].file,
			    got, t[i].posts);
		free(got);
		buf_free(&b);
		assert_int_equal(listmail_auto_reason(m) != NULL,
		    t[i].form == LISTMAIL_DIGEST ||
		    t[i].form == LISTMAIL_TEXT_DIGEST);
		listmail_clear(&lm);
		assert_null(lm.posts);
		mime_free(&m);
		free(raw);
	}
}

/* The digest's posts are read whole: their own text, not the digest's. */
static void
test_digest_text(void **state)
{
	struct listmail	 lm;
	struct mime_msg	*m;
	char		*raw;
	size_t		 len;

	(void)state;
	m = read_mail("mailman-digest.eml", &raw, &len);
	assert_int_equal(listmail_unwrap(raw, len, m, LIST, &lm),
	    LISTMAIL_DIGEST);
	assert_int_equal(lm.nposts, 3);
	assert_string_equal(lm.posts[1].m->text,
	    "Arrive/Depart: 9-13\nAccommodation: Ermina");
	assert_null(strstr(lm.posts[2].m->text, "Digest Footer"));
	assert_string_equal(lm.posts[2].m->from_name, "Carl Other");
	listmail_clear(&lm);
	mime_free(&m);
	free(raw);
}

static int
is_list(const char *addr, void *arg)
{
	(void)arg;
	return util_strcaseeq(addr, LIST) ||
	    util_strcaseeq(addr, "pypy-sprint@python.org") ||
	    util_strcaseeq(addr, "sprints@example.org");
}

/* The poster of a rewritten From is the one Cc by the name before
 * "via"; several, or another name, and nobody is. */
static void
test_cc_poster(void **state)
{
	static const struct {
		const char	*file;
		const char	*want;
	} t[] = {
		{ "mailman-munged-cc.eml", "anna@people.example.org" },
		/* Lists and sprintd's own address aside. */
		{ "mailman-munged-cc-lists.eml", "anna@people.example.org" },
		{ "mailman-munged-cc-two.eml", NULL },
		{ "mailman-munged-cc-other-name.eml", NULL },
		/* No display name: Mailman writes "anna---". */
		{ "mailman-munged-cc-no-name.eml", "anna@people.example.org" },
		/* No Cc; Reply-To not the list. */
		{ "list-munged-reply-to-list.eml", NULL },
		{ "list-dmarc-munged.eml", NULL },
		{ "list-registration.eml", NULL },
	};
	const struct mime_addr	*a;
	struct mime_msg		*m;
	char			*raw;
	size_t			 i, len;

	(void)state;
	for (i = 0; i < nitems(t); i++) {
		m = read_mail(t[i].file, &raw, &len);
		a = listmail_cc_poster(m, is_list, NULL);
		if (t[i].want == NULL && a != NULL)
			fail_msg("%s: %s, wanted nobody", t[i].file, a->addr);
		if (t[i].want != NULL && (a == NULL ||
		    strcmp(a->addr, t[i].want) != 0))
			fail_msg("%s: %s, wanted %s", t[i].file,
			    a ? a->addr : "nobody", t[i].want);
		mime_free(&m);
		free(raw);
	}
}

static void
test_prefix_len(void **state)
{
	static const struct {
		const char	*subj;
		const char	*list;
		size_t		 want;
	} t[] = {
		{ "[pypy-sprint] Re: x", "pypy-sprint@python.org", 14 },
		{ "[Pypy-sprint]   x", "pypy-sprint@python.org", 16 },
		{ "[PyPy Sprint] x", "pypy-sprint@python.org", 14 },
		{ "[pypy_sprint 123] x", "pypy-sprint@python.org", 18 },
		{ "[pypy-sprint]", "pypy-sprint@python.org", 13 },
		{ "[pypy-dev] x", "pypy-sprint@python.org", 0 },
		{ "[pypy-sprints] x", "pypy-sprint@python.org", 0 },
		{ "[pypy] x", "pypy-sprint@python.org", 0 },
		{ "[ANN] x", "pypy-sprint@python.org", 0 },
		{ "Re: [pypy-sprint] x", "pypy-sprint@python.org", 0 },
		{ "[pypy-sprint x", "pypy-sprint@python.org", 0 },
		{ "[pypy-sprint] x", NULL, 0 },
		{ "[pypy-sprint] x", "nodomain", 0 },
		{ NULL, "pypy-sprint@python.org", 0 },
	};
	size_t	 i, got;

	(void)state;
	for (i = 0; i < nitems(t); i++)
		if ((got = listmail_prefix_len(t[i].subj, t[i].list)) !=
		    t[i].want)
			fail_msg("\"%s\" of %s: %zu, wanted %zu", t[i].subj ?
			    t[i].subj : "(null)", t[i].list ? t[i].list :
			    "(null)", got, t[i].want);
}

/* Every Cc is read, groups opened; the carried messages are found only
 * at the top, never inside another carried message. */
static void
test_mime_cc_parts(void **state)
{
	static const char raw[] =
	    "From: a@example.org\r\n"
	    "Cc: \"B. One\" <b@example.org>, Team: c@example.org, "
	    "d@example.org;\r\n"
	    "Cc: e@example.org\r\n"
	    "Content-Type: message/rfc822\r\n\r\n"
	    "From: f@example.org\r\n"
	    "Content-Type: message/rfc822\r\n\r\n"
	    "From: g@example.org\r\n\r\nhi\r\n";
	struct mime_msg	*m = NULL;
	char		*cause = NULL;

	(void)state;
	assert_int_equal(mime_parse(raw, sizeof raw - 1, &m, &cause), 0);
	assert_int_equal(m->ncc, 4);
	assert_string_equal(m->cc[0].addr, "b@example.org");
	assert_string_equal(m->cc[0].name, "B. One");
	assert_string_equal(m->cc[1].addr, "c@example.org");
	assert_null(m->cc[1].name);
	assert_string_equal(m->cc[3].addr, "e@example.org");
	assert_int_equal(m->nparts, 1);
	assert_true(strncmp(raw + m->parts[0].off, "From: f@", 8) == 0);
	assert_int_equal(m->parts[0].off + m->parts[0].len, sizeof raw - 1);
	mime_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_digest_text),
		cmocka_unit_test(test_cc_poster),
		cmocka_unit_test(test_prefix_len),
		cmocka_unit_test(test_mime_cc_parts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
