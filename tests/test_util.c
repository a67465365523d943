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
#include <stdlib.h>
#include <string.h>

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
	assert_int_equal(util_now(), 1800007200);
	assert_int_equal(util_now(), 1800007200);
	/* A new value is read at once; back to the old one too. */
	setenv("SPRINTD_NOW", "2027-01-15T10:00:01Z", 1);
	assert_int_equal(util_now(), 1800007201);
	setenv("SPRINTD_NOW", "2027-01-15T10:00:00Z", 1);
	assert_int_equal(util_now(), 1800007200);
	/* Unreadable, or gone: the clock. */
	setenv("SPRINTD_NOW", "soon", 1);
	assert_true(util_now() > 1800007200 - 86400 * 365 * 2);
	unsetenv("SPRINTD_NOW");
	assert_true(util_now() > 1800007200 - 86400 * 365 * 2);
}

static void
test_utc_roundtrip(void **state)
{
	time_t	 t;
	char	 out[21];

	(void)state;
	assert_int_equal(util_parse_utc("2027-01-08T00:30:00Z", &t), 0);
	util_format_utc(t, out);
	assert_string_equal(out, "2027-01-08T00:30:00Z");
	assert_int_equal(util_parse_utc("2027-01-08 junk", &t), -1);
}

static void
test_strcaseeq(void **state)
{
	(void)state;
	assert_true(util_strcaseeq("Arrive", "aRRIVE"));
	assert_false(util_strcaseeq("Arrive", "Arrived"));
	assert_true(util_strncaseeq("Accommodation", "ACCOMMOD", 8));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_buf_printf_steal),
		cmocka_unit_test(test_strip_controls),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_addr_valid),
		cmocka_unit_test(test_now_env),
		cmocka_unit_test(test_word_at),
		cmocka_unit_test(test_utc_roundtrip),
		cmocka_unit_test(test_strcaseeq),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
