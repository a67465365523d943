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

/* test_util.c -- capped buffers, strings, the clock. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "util.h"

static void
test_buf_cap(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_addstr(&b, "12345"), 0);
	assert_int_equal(buf_addstr(&b, "678"), 0);
	assert_int_equal(buf_addstr(&b, "9"), -1);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.data, "12345678");
	assert_true(b.failed);
	buf_free(&b);
}

/* A refused piece leaves no hole: what comes after it is refused too,
 * though it would fit, until the buffer starts over. */
static void
test_buf_sticky(void **state)
{
	struct buf	 b;
	char		*s;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_addstr(&b, "1234"), 0);
	assert_int_equal(buf_addstr(&b, "56789"), -1);
	assert_int_equal(buf_addstr(&b, "x"), -1);
	assert_int_equal(buf_addch(&b, 'y'), -1);
	assert_int_equal(buf_printf(&b, "%d", 7), -1);
	assert_string_equal(b.data, "1234");
	assert_true(b.failed);
	buf_reset(&b);
	assert_false(b.failed);
	assert_int_equal(buf_addstr(&b, "ok"), 0);
	assert_int_equal(buf_addstr(&b, "too long!"), -1);
	s = buf_steal(&b, NULL);
	assert_string_equal(s, "ok");
	assert_false(b.failed);
	assert_int_equal(buf_addstr(&b, "again"), 0);
	free(s);
	buf_free(&b);
}

static void
test_buf_printf_steal(void **state)
{
	struct buf	 b;
	size_t		 len;
	char		*s;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_printf(&b, "%d-%s", 42, "x"), 0);
	s = buf_steal(&b, &len);
	assert_string_equal(s, "42-x");
	assert_int_equal(len, 4);
	assert_null(b.data);
	free(s);
}

static void
test_strip_controls(void **state)
{
	char	 s[] = "Anna\r\nBcc: evil@x\x01\tZ";

	(void)state;
	util_strip_controls(s);
	assert_string_equal(s, "AnnaBcc: evil@x Z");
}

static void
test_trim(void **state)
{
	char	 s[] = " \t hello world \r\n";

	(void)state;
	assert_string_equal(util_trim(s), "hello world");
}

static void
test_addr_valid(void **state)
{
	(void)state;
	assert_true(util_addr_valid("anna@example.org"));
	assert_true(util_addr_valid("a.b+tag@sub.example.org"));
	assert_false(util_addr_valid("anna"));
	assert_false(util_addr_valid("@example.org"));
	assert_false(util_addr_valid("anna@localhost"));
	assert_false(util_addr_valid("an na@example.org"));
	assert_false(util_addr_valid("anna@exa mple.org"));
	assert_false(util_addr_valid("a..b@example.org"));
	assert_false(util_addr_valid("anna@example.org\r\nBcc: x@y.z"));
}

/* A word list looked up by first byte: any ASCII case, within n bytes or
 * up to a NUL, non-ASCII first bytes too. */
static void
test_word_at(void **state)
{
	static const char *const list[] = { "mar", "march", "may", "ao\xc3\xbbt",
	    "\xd1\x8f\xd0\xbd\xd0\xb2", "sign me up", NULL };
	static struct util_words	 w = UTIL_WORDS_INIT(list);

	(void)state;
	assert_int_equal(util_word_at(&w, "March 2027", 10), 1);
	assert_int_equal(util_word_at(&w, "MAY", 3), 1);
	assert_int_equal(util_word_at(&w, "ma", 2), 0);
	assert_int_equal(util_word_at(&w, "mar", 2), 0);
	assert_int_equal(util_word_at(&w, "mapping", 7), 0);
	assert_int_equal(util_word_at(&w, "Ao\xc3\xbbt", 5), 1);
	assert_int_equal(util_word_at(&w, "\xd1\x8f\xd0\xbd\xd0\xb2.", 7), 1);
	assert_int_equal(util_word_at(&w, "Sign me up!", SIZE_MAX), 1);
	assert_int_equal(util_word_at(&w, "sign me", SIZE_MAX), 0);
	assert_int_equal(util_word_at(&w, "", SIZE_MAX), 0);
}

static void
test_now_env(void **state)
{
	(void)state;
	setenv("SPRINTD_NOW", "2027-01-15T10:00:00Z", 1);
	assert_int_equal(clock_now(), 1800007200);
	assert_int_equal(clock_now(), 1800007200);
	/* A new value is read at once; back to the old one too. */
	setenv("SPRINTD_NOW", "2027-01-15T10:00:01Z", 1);
	assert_int_equal(clock_now(), 1800007201);
	setenv("SPRINTD_NOW", "2027-01-15T10:00:00Z", 1);
	assert_int_equal(clock_now(), 1800007200);
	/* Unreadable, or gone: the clock. */
	setenv("SPRINTD_NOW", "soon", 1);
	assert_true(clock_now() > 1800007200 - 86400 * 365 * 2);
	unsetenv("SPRINTD_NOW");
	assert_true(clock_now() > 1800007200 - 86400 * 365 * 2);
}

static void
test_utc_roundtrip(void **state)
{
	time_t	 t;
	char	 out[21];

	(void)state;
	assert_int_equal(clock_parse_utc("2027-01-08T00:30:00Z", &t), 0);
	clock_format_utc(t, out);
	assert_string_equal(out, "2027-01-08T00:30:00Z");
	assert_int_equal(clock_parse_utc("2027-01-08 junk", &t), -1);
}

static void
test_strcaseeq(void **state)
{
	(void)state;
	assert_true(util_strcaseeq("Arrive", "aRRIVE"));
	assert_false(util_strcaseeq("Arrive", "Arrived"));
	assert_true(util_strncaseeq("Accommodation", "ACCOMMOD", 8));
}

/* util_clean: what reaches a terminal, a page or a file (input, flags,
 * what is left). */
static void
test_clean(void **state)
{
	static const struct {
		const char	*in;
		int		 flags;
		const char	*want;
	} cases[] = {
		{ "plain text", 0, "plain text" },
		/* C0 and DEL go; TAB is a space; CR and LF go on one line. */
		{ "a\tb\r\nc\x1b[31m\x7f", 0, "a bc[31m" },
		/* C1 controls (CSI U+009B, NEL U+0085) go... */
		{ "x\xc2\x9b" "31my\xc2\x85z", 0, "x31myz" },
		/* ...but not the continuation bytes of other characters. */
		{ "\xc3\xa9\xe2\x82\xac\xc2\xa0\xc2\xa9", 0,
		    "\xc3\xa9\xe2\x82\xac\xc2\xa0\xc2\xa9" },
		/* Bidi embeddings, overrides, isolates and marks go. */
		{ "\xe2\x80\xae" "evil\xe2\x80\xac", 0, "evil" },
		{ "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xad", 0, "" },
		{ "\xe2\x81\xa6x\xe2\x81\xa7y\xe2\x81\xa8\xe2\x81\xa9",
		    0, "xy" },
		{ "\xe2\x80\x8e\xe2\x80\x8f\xd8\x9cz", 0, "z" },
		/* Zero-width joiners (emoji) and spaces stay. */
		{ "\xe2\x80\x8d\xe2\x80\x8b", 0,
		    "\xe2\x80\x8d\xe2\x80\x8b" },
		/* Line and paragraph separators: a space, or a line end. */
		{ "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", 0, "a b c" },
		{ "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", UTIL_CLEAN_LF,
		    "a\nb\nc" },
		{ "a\r\nb\n\tc", UTIL_CLEAN_LF, "a\nb\n c" },
		{ "a\r\nb\n\tc", UTIL_CLEAN_LF | UTIL_CLEAN_TAB,
		    "a\nb\n\tc" },
		/* Bytes that are not UTF-8: kept, or '?' each. */
		{ "a\xff" "b\x9b", 0, "a\xff" "b\x9b" },
		{ "a\xff" "b\x9b", UTIL_CLEAN_UTF8, "a?b?" },
		{ "\xc0\xaf\xed\xa0\x80\xe2\x82", UTIL_CLEAN_UTF8,
		    "???????" },
		{ "\xf0\x9f\x98\x80", UTIL_CLEAN_UTF8, "\xf0\x9f\x98\x80" },
	};
	size_t	 i;
	char	*s;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		s = util_clean_dup(cases[i].in, cases[i].flags);
		if (strcmp(s, cases[i].want) != 0)
			fail_msg("case %zu: \"%s\", want \"%s\"", i, s,
			    cases[i].want);
		free(s);
	}
	/* util_strip_controls is util_clean(s, 0). */
	s = xstrdup("t\xe2\x80\xae" "ab\tc\n");
	util_strip_controls(s);
	assert_string_equal(s, "tab c");
	free(s);
	s = util_clean_dup(NULL, 0);
	assert_string_equal(s, "");
	free(s);
}

/* util_clean_stream: what a program prints, in pieces cut anywhere. */
static void
test_clean_stream(void **state)
{
	char	*data = NULL;
	size_t	 len = 0;
	FILE	*to, *f;

	(void)state;
	assert_non_null(to = open_memstream(&data, &len));
	assert_non_null(f = util_clean_stream(to, UTIL_CLEAN_LF |
	    UTIL_CLEAN_TAB | UTIL_CLEAN_CRLF | UTIL_CLEAN_UTF8));
	/* U+202E, a CR LF and U+009B each cut between two writes. */
	fputs("a\xe2\x80", f);
	assert_int_equal(fflush(f), 0);
	fputs("\xae" "b\r", f);
	assert_int_equal(fflush(f), 0);
	fputs("\nc\t\xc2", f);
	assert_int_equal(fflush(f), 0);
	fputs("\x9b" "d\x1b[2J\re", f);
	fwrite("x\0y", 1, 3, f);
	/* A sequence the end cuts short. */
	fputs("\xe6", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(fflush(to), 0);
	assert_string_equal(data, "ab\r\nc\td[2Jexy?");
	fclose(to);
	free(data);
}

/* Collects the Message-IDs util_each_msgid calls with, "|"-joined. */
static int
collect_msgid(const char *mid, void *arg)
{
	struct buf	*b = arg;

	buf_printf(b, "%s%s", b->len > 0 ? "|" : "", mid);
	return strcmp(mid, "<stop@x>") == 0 ? 7 : 0;
}

static void
test_each_msgid(void **state)
{
	static const struct {
		const char	*irt, *refs;
		int		 newest;
		const char	*want;
		int		 ret;
	} cases[] = {
		{ NULL, NULL, 0, "", 0 },
		{ "<a@x>", NULL, 0, "<a@x>", 0 },
		/* In-Reply-To is most often References' last too: once. */
		{ "<c@x>", "<a@x> <b@x>\r\n <c@x>", 0, "<c@x>|<a@x>|<b@x>", 0 },
		{ "<c@x>", "<a@x> <b@x>\r\n <c@x>", 1, "<c@x>|<b@x>|<a@x>", 0 },
		{ NULL, "<a@x><b@x>", 1, "<b@x>|<a@x>", 0 },
		/* Broken and overlong ones are no Message-IDs. */
		{ "<a@x", "b@x> <<c@x> <d@x", 0, "<c@x>", 0 },
		{ "junk (comment) <a@x> more", "<a@x>", 0, "<a@x>", 0 },
		{ "<stop@x>", "<a@x>", 0, "<stop@x>", 7 },
	};
	struct buf	 b;
	char		*longid;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		buf_init(&b, 0);
		assert_int_equal(util_each_msgid(cases[i].irt, cases[i].refs,
		    cases[i].newest, collect_msgid, &b), cases[i].ret);
		buf_addch(&b, '\0');
		if (strcmp(b.data, cases[i].want) != 0)
			fail_msg("case %zu: \"%s\", not \"%s\"", i, b.data,
			    cases[i].want);
		buf_free(&b);
	}
	longid = xprintf("<%0*d@x>", UTIL_MSGID_MAX, 0);
	buf_init(&b, 0);
	assert_int_equal(util_each_msgid(longid, "<ok@x>", 0, collect_msgid,
	    &b), 0);
	buf_addch(&b, '\0');
	assert_string_equal(b.data, "<ok@x>");
	buf_free(&b);
	free(longid);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_buf_sticky),
		cmocka_unit_test(test_buf_printf_steal),
		cmocka_unit_test(test_strip_controls),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_addr_valid),
		cmocka_unit_test(test_now_env),
		cmocka_unit_test(test_word_at),
		cmocka_unit_test(test_utc_roundtrip),
		cmocka_unit_test(test_strcaseeq),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_clean_stream),
		cmocka_unit_test(test_each_msgid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
