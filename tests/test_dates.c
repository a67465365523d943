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
 * test_dates.c -- calendar days: to and from the calendar and ISO 8601,
 * leap years, weekdays.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "dates.h"

static day_t
iso(const char *s)
{
	day_t	 d;

	assert_int_equal(dates_parse_iso(s, &d), 0);
	return d;
}

static void
test_calendar(void **state)
{
	int	 y, m, d;
	char	 buf[11];

	(void)state;
	assert_int_equal(dates_from_ymd(1970, 1, 1), 0);
	dates_to_ymd(dates_from_ymd(2028, 2, 29), &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20280229);
	assert_true(dates_valid_ymd(2000, 2, 29));
	assert_false(dates_valid_ymd(2100, 2, 29));
	dates_format_iso(iso("2027-01-07"), buf);
	assert_string_equal(buf, "2027-01-07");
	/* 7 January 2027 is a Thursday. */
	assert_int_equal(dates_weekday(iso("2027-01-07")), 3);
}

static void
test_iso_strict(void **state)
{
	static const char *const bad[] = { "2027-02-29", "2027-1-07",
	    "2027-01-07x", "27-01-07", "2027/01/07", "", "2027-13-01",
	    "2027-00-10", "2027-01-32" };
	day_t	 d;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (dates_parse_iso(bad[i], &d) != -1)
			fail_msg("\"%s\" read as a date", bad[i]);
	assert_int_equal(dates_parse_iso("2028-02-29", &d), 0);
	/* Days before 1970 count down, and weekdays stay right. */
	assert_int_equal(dates_from_ymd(1969, 12, 31), -1);
	assert_int_equal(dates_weekday(-1), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_iso_strict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
