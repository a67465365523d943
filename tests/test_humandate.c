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
 * test_humandate.c -- the human date ranges of registrations:
 * one case per form and per error, the Arrive/Depart cells of the PyPy
 * people.txt files (tests/data/dates-corpus.txt), and hostile input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "humandate.h"
#include "util.h"

#define F_LOCAL	1
#define F_TENT	2

struct okcase {
	const char	*start, *end, *text;
	const char	*arrive, *depart;	/* ISO, or NULL: not known */
	int		 flags;
};

static day_t
iso(const char *s)
{
	day_t	 d;

	assert_int_equal(dates_parse_iso(s, &d), 0);
	return d;
}

static void
set_ctx(struct humandate_ctx *ctx, const char *start, const char *end)
{
	ctx->start = iso(start);
	ctx->end = iso(end);
}

/* Fails with the text and what came out when r is not as expected. */
static void
check_range(const char *where, const char *text,
    const struct humandate_range *r,
    const char *arrive, const char *depart, int flags)
{
	char	 a[11] = "?", d[11] = "?";

	if (r->arrive_state == DATES_KNOWN)
		dates_format_iso(r->arrive, a);
	if (r->depart_state == DATES_KNOWN)
		dates_format_iso(r->depart, d);
	if (strcmp(a, arrive != NULL ? arrive : "?") != 0 ||
	    strcmp(d, depart != NULL ? depart : "?") != 0 ||
	    r->local != ((flags & F_LOCAL) != 0) ||
	    r->tentative != ((flags & F_TENT) != 0))
		fail_msg("%s: \"%s\" gave %s %s local=%d tentative=%d, "
		    "expected %s %s flags=%d", where, text, a, d, r->local,
		    r->tentative, arrive != NULL ? arrive : "?",
		    depart != NULL ? depart : "?", flags);
}

static void
expect_ok(const char *where, const char *start, const char *end,
    const char *text, const char *arrive, const char *depart, int flags)
{
	struct humandate_ctx	 ctx;
	struct humandate_range	 r;
	char			*cause = NULL;

	set_ctx(&ctx, start, end);
	if (humandate_parse_range(text, &ctx, &r, &cause) != 0)
		fail_msg("%s: \"%s\" refused: %s", where, text,
		    cause != NULL ? cause : "(no cause)");
	assert_null(cause);
	check_range(where, text, &r, arrive, depart, flags);
}

/* Returns the cause, which the caller frees. */
static char *
expect_error(const char *where, const char *start, const char *end,
    const char *text)
{
	struct humandate_ctx	 ctx;
	struct humandate_range	 r;
	char			*cause = NULL;
	char			 a[11] = "?", d[11] = "?";

	set_ctx(&ctx, start, end);
	if (humandate_parse_range(text, &ctx, &r, &cause) != -1) {
		if (r.arrive_state == DATES_KNOWN)
			dates_format_iso(r.arrive, a);
		if (r.depart_state == DATES_KNOWN)
			dates_format_iso(r.depart, d);
		fail_msg("%s: \"%s\" accepted as %s %s local=%d", where, text,
		    a, d, r.local);
	}
	assert_non_null(cause);
	return cause;
}

/* Each form, against a sprint of 7-14 January 2027 unless said. */
static const struct okcase forms[] = {
	{ "2027-01-07", "2027-01-14", "2027-01-07 - 2027-01-14",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "2027-01-07--2027-01-14",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "2027-01-06 to 2027-01-15",
	    "2027-01-06", "2027-01-15", 0 },
	{ "2027-01-07", "2027-01-14", "7/1 - 14/1",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7/1/2027-14/1/2027",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7.1. - 14.1.",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7.1.2027 / 14.1.2027",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "6.1.27 - 15.1.27",
	    "2027-01-06", "2027-01-15", 0 },
	{ "2027-01-07", "2027-01-14", "7-14", "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7/14", "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "6th-15th",
	    "2027-01-06", "2027-01-15", 0 },
	{ "2027-01-07", "2027-01-14", "6TH - 15TH",
	    "2027-01-06", "2027-01-15", 0 },
	{ "2027-01-07", "2027-01-14", "7 till 14",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7 until 14",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7\xe2\x80\x93" "14",	/* en dash */
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7 \xe2\x80\x94 14",	/* em dash */
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "Jan 7 - Jan 14",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "Jan. 7th, 2027 to Jan. 14th, 2027",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7 January - 14 January",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14",
	    "7th of January until 14th of January 2027",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7-14 January",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7. Januar - 14. Januar",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7 gennaio - 14 gennaio",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7 janvier - 14 janvier",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7-14.I", "2027-01-07", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "7. / 14.1.",
	    "2027-01-07", "2027-01-14", 0 },
	{ "2027-03-02", "2027-03-08", "1 M\xc3\xa4rz - 8. M\xc3\xa4rz",
	    "2027-03-01", "2027-03-08", 0 },
	{ "2027-03-02", "2027-03-08", "March 1st - March 8th",
	    "2027-03-01", "2027-03-08", 0 },
	{ "2027-03-02", "2027-03-08", "1st-8th mars",
	    "2027-03-01", "2027-03-08", 0 },
	{ "2027-05-14", "2027-05-22", "14-22.V",
	    "2027-05-14", "2027-05-22", 0 },
	{ "2027-05-14", "2027-05-22", "14.5.2027 - 22.5.2027",
	    "2027-05-14", "2027-05-22", 0 },
	/* One date: that day only. */
	{ "2027-01-07", "2027-01-14", "9th", "2027-01-09", "2027-01-09", 0 },
	{ "2027-01-07", "2027-01-14", "Jan 9", "2027-01-09", "2027-01-09", 0 },
	/* Not known, in part or at all. */
	{ "2027-01-07", "2027-01-14", "?", NULL, NULL, 0 },
	{ "2027-01-07", "2027-01-14", "?-?", NULL, NULL, 0 },
	{ "2027-01-07", "2027-01-14", "", NULL, NULL, 0 },
	{ "2027-01-07", "2027-01-14", "   ", NULL, NULL, 0 },
	{ "2027-01-07", "2027-01-14", "7-?", "2027-01-07", NULL, 0 },
	{ "2027-01-07", "2027-01-14", "7th-", "2027-01-07", NULL, 0 },
	{ "2027-01-07", "2027-01-14", "? - 14th", NULL, "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "3rd Jan - ???", "2027-01-03", NULL, 0 },
	/* Local people. */
	{ "2027-01-07", "2027-01-14", "-", NULL, NULL, F_LOCAL },
	{ "2027-01-07", "2027-01-14", "--", NULL, NULL, F_LOCAL },
	{ "2027-01-07", "2027-01-14", "lives there", NULL, NULL, F_LOCAL },
	{ "2027-01-07", "2027-01-14", "  Always  There ", NULL, NULL, F_LOCAL },
	{ "2027-01-07", "2027-01-14", "local", NULL, NULL, F_LOCAL },
	{ "2027-01-07", "2027-01-14", "--/15", NULL, "2027-01-15", F_LOCAL },
	/* Tentative. */
	{ "2027-01-07", "2027-01-14", "6th-15th?",
	    "2027-01-06", "2027-01-15", F_TENT },
	{ "2027-01-07", "2027-01-14", "6/1? - 15/1",
	    "2027-01-06", "2027-01-15", F_TENT },
	{ "2027-01-07", "2027-01-14", "6-15?/1",
	    "2027-01-06", "2027-01-15", F_TENT },
	/* Notes of the time of day. */
	{ "2027-01-07", "2027-01-14", "6(evening)-14(noon)",
	    "2027-01-06", "2027-01-14", 0 },
	{ "2027-01-07", "2027-01-14", "6.1(9:26)/14.1",
	    "2027-01-06", "2027-01-14", 0 },
	/* Across a month end and a year end. */
	{ "2027-01-28", "2027-02-03", "27-2", "2027-01-27", "2027-02-02", 0 },
	{ "2027-01-28", "2027-02-03", "27th-3rd",
	    "2027-01-27", "2027-02-03", 0 },
	{ "2027-01-28", "2027-02-03", "27-3/2", "2027-01-27", "2027-02-03", 0 },
	{ "2027-01-28", "2027-02-03", "27/1 - 3",
	    "2027-01-27", "2027-02-03", 0 },
	{ "2027-01-28", "2027-02-03", "1-3", "2027-02-01", "2027-02-03", 0 },
	{ "2026-12-28", "2027-01-03", "27/12 - 3/1",
	    "2026-12-27", "2027-01-03", 0 },
	{ "2026-12-28", "2027-01-03", "Dec 27 - Jan 3",
	    "2026-12-27", "2027-01-03", 0 },
	{ "2026-12-28", "2027-01-03", "30-2", "2026-12-30", "2027-01-02", 0 },
	{ "2026-12-28", "2027-01-03", "2nd", "2027-01-02", "2027-01-02", 0 },
	/* A d/m range that a reader can only take one way. */
	{ "2027-07-06", "2027-07-31", "6/7 - 13/8",
	    "2027-07-06", "2027-08-13", 0 },
	/* Feb 31 is no day, so "31/2" can only be the 31st to the 2nd. */
	{ "2027-01-07", "2027-01-14", "31/2", "2026-12-31", "2027-01-02", 0 },
	/* Leap day. */
	{ "2028-02-25", "2028-03-03", "29/2 - 2/3",
	    "2028-02-29", "2028-03-02", 0 },
};

static void
test_forms(void **state)
{
	size_t	 i;
	char	 where[32];

	(void)state;
	for (i = 0; i < nitems(forms); i++) {
		snprintf(where, sizeof where, "forms[%zu]", i);
		expect_ok(where, forms[i].start, forms[i].end, forms[i].text,
		    forms[i].arrive, forms[i].depart, forms[i].flags);
	}
	/* "20-?" against a sprint in the middle of the month. */
	expect_ok("20-?", "2027-01-18", "2027-01-24", "20-?", "2027-01-20",
	    NULL, 0);
}

static const char *bad_forms[] = {
	"32/13", "next week", "soonish", "7-14-21", "0", "00-14", "31/2/2027",
	"2027-02-30", "2027-1-7x", "1st-5thth", "27thh", "7+8th Jan",
	"7/", "/", "----", "- /14th", "7th / -", "7 or 8 - 14",
	"((((", "7-14 & 16-18", "6/1-13-1", "6*/14*", "\xff\xfe-7",
	"7\x01-14", "Jan", "7 foo", "99999999999", "7-14 (lunch)",
	"12345-7", "6//14", "6-/14", "?/", "7th of 14", "-7--8",
	"15/1 - 2 or 3", "2027-01-07 2027-01-14", "Jan 7 Jan 14",
};

static void
test_errors(void **state)
{
	size_t	 i;
	char	*cause;

	(void)state;
	for (i = 0; i < nitems(bad_forms); i++) {
		cause = expect_error("bad_forms", "2027-01-07", "2027-01-14",
		    bad_forms[i]);
		free(cause);
	}

	/* The cause quotes the text and says what was expected. */
	cause = expect_error("quote", "2027-01-07", "2027-01-14", "32/13");
	assert_non_null(strstr(cause, "\"32/13\""));
	assert_non_null(strstr(cause, "2027-01-07"));
	assert_non_null(strstr(cause, "7-14"));
	free(cause);

	/* "6/7" in July: 6 July only, or 6-7 July? */
	cause = expect_error("ambiguous", "2027-07-01", "2027-07-10", "6/7");
	assert_non_null(strstr(cause, "2027-07-06 only"));
	assert_non_null(strstr(cause, "2027-07-06 to 2027-07-07"));
	free(cause);
	cause = expect_error("ambiguous", "2027-01-07", "2027-01-21", "7/1/14");
	free(cause);

	/* Departure before arrival. */
	cause = expect_error("order", "2027-01-07", "2027-01-14",
	    "14/1 - 7/1");
	assert_non_null(strstr(cause, "before"));
	free(cause);
	/* "14-7": 14 Dec - 7 Jan or 14 Jan - 7 Feb, both out of the window. */
	cause = expect_error("window", "2027-01-07", "2027-01-14", "14-7");
	assert_non_null(strstr(cause, "too far"));
	free(cause);

	/* Outside 14 days before the start .. 14 days after the end. */
	cause = expect_error("window", "2027-01-07", "2027-01-14", "15/3/2027");
	assert_non_null(strstr(cause, "too far"));
	assert_non_null(strstr(cause, "2026-12-24"));
	assert_non_null(strstr(cause, "2027-01-28"));
	free(cause);
	expect_ok("edge", "2027-01-07", "2027-01-14", "24/12/2026 - 28/1/2027",
	    "2026-12-24", "2027-01-28", 0);
	free(expect_error("edge", "2027-01-07", "2027-01-14",
	    "23/12/2026 - 28/1/2027"));
	free(expect_error("edge", "2027-01-07", "2027-01-14",
	    "24/12/2026 - 29/1/2027"));
	free(expect_error("year", "2027-01-07", "2027-01-14",
	    "7/1/2026 - 14/1/2026"));
}

static void
test_length(void **state)
{
	struct humandate_ctx	 ctx;
	struct humandate_range	 r;
	char			 text[260], *cause = NULL;

	(void)state;
	set_ctx(&ctx, "2027-01-07", "2027-01-14");
	/* 200 bytes are read, ... */
	memset(text, ' ', 196);
	memcpy(text + 196, "7-14", 5);
	assert_int_equal(strlen(text), 200);
	assert_int_equal(humandate_parse_range(text, &ctx, &r, &cause), 0);
	assert_int_equal(r.depart - r.arrive, 7);
	/* ... 201 are not. */
	memset(text, ' ', 197);
	memcpy(text + 197, "7-14", 5);
	assert_int_equal(humandate_parse_range(text, &ctx, &r, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_equal(humandate_parse_one(text, &ctx, 0, &r.arrive_state,
	    &r.arrive, NULL, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	/* A long wrong text is quoted cut short. */
	memset(text, 'x', 150);
	text[150] = '\0';
	assert_int_equal(humandate_parse_range(text, &ctx, &r, &cause), -1);
	assert_non_null(strstr(cause, "...\""));
	assert_true(strlen(cause) < 400);
	free(cause);
}

static void
test_one(void **state)
{
	struct humandate_ctx	 ctx;
	enum dates_state	 st;
	day_t			 d;
	char			*cause = NULL;

	(void)state;
	set_ctx(&ctx, "2027-01-28", "2027-02-03");
	assert_int_equal(humandate_parse_one("2027-01-27", &ctx, 0, &st, &d,
	    NULL,
	    &cause), 0);
	assert_int_equal(st, DATES_KNOWN);
	assert_int_equal(d, iso("2027-01-27"));
	assert_int_equal(humandate_parse_one("27th", &ctx, 0, &st, &d, NULL,
	    &cause), 0);
	assert_int_equal(d, iso("2027-01-27"));
	assert_int_equal(humandate_parse_one("3", &ctx, 1, &st, &d, NULL,
	    &cause), 0);
	assert_int_equal(d, iso("2027-02-03"));
	assert_int_equal(humandate_parse_one("Feb 4th", &ctx, 1, &st, &d, NULL,
	    &cause), 0);
	assert_int_equal(d, iso("2027-02-04"));
	assert_int_equal(humandate_parse_one("4.2.", &ctx, 1, &st, &d, NULL,
	    &cause), 0);
	assert_int_equal(d, iso("2027-02-04"));
	assert_int_equal(humandate_parse_one("4 febbraio", &ctx, 1, &st, &d,
	    NULL,
	    &cause), 0);
	assert_int_equal(d, iso("2027-02-04"));
	assert_int_equal(humandate_parse_one("?", &ctx, 0, &st, &d, NULL,
	    &cause), 0);
	assert_int_equal(st, DATES_UNKNOWN);
	assert_int_equal(humandate_parse_one("", &ctx, 1, &st, &d, NULL,
	    &cause), 0);
	assert_int_equal(st, DATES_UNKNOWN);
	assert_int_equal(humandate_parse_one("lives there", &ctx, 0, &st, &d,
	    NULL,
	    &cause), 1);
	assert_int_equal(humandate_parse_one("--", &ctx, 1, &st, &d, NULL,
	    &cause), 1);
	assert_null(cause);

	assert_int_equal(humandate_parse_one("27-3", &ctx, 0, &st, &d, NULL,
	    &cause),
	    -1);
	assert_non_null(strstr(cause, "\"27-3\""));
	free(cause);
	cause = NULL;
	assert_int_equal(humandate_parse_one("32", &ctx, 0, &st, &d, NULL,
	    &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(humandate_parse_one("1/6", &ctx, 0, &st, &d, NULL,
	    &cause), -1);
	assert_non_null(strstr(cause, "too far"));
	free(cause);
	cause = NULL;
	assert_int_equal(humandate_parse_one("soonish", &ctx, 1, &st, &d, NULL,
	    &cause), -1);
	free(cause);
}

/*
 * The families a reader takes at once. Each row: the sprint, the text and
 * what it must give. The sprint is 14-20 March 2027 (a Sunday to a
 * Saturday) unless said.
 */
#define S1	"2027-03-14", "2027-03-20"

/* Month/day where the sprint leaves one reading only. */
static const struct okcase us_forms[] = {
	{ S1, "3/14 - 3/20", "2027-03-14", "2027-03-20", 0 },
	{ S1, "3/14-3/20", "2027-03-14", "2027-03-20", 0 },
	{ S1, "03/13 - 03/21", "2027-03-13", "2027-03-21", 0 },
	{ S1, "03/14/2027", "2027-03-14", "2027-03-14", 0 },
	{ S1, "3/14/27", "2027-03-14", "2027-03-14", 0 },
	{ S1, "3/14/2027 - 3/20/2027", "2027-03-14", "2027-03-20", 0 },
	{ S1, "3/14 - 20", "2027-03-14", "2027-03-20", 0 },
	{ S1, "3/15 to 3/19", "2027-03-15", "2027-03-19", 0 },
	{ S1, "2027/03/14 - 2027/03/20", "2027-03-14", "2027-03-20", 0 },
	/* Both readings are dates, but only one is near the sprint. */
	{ "2027-03-30", "2027-04-02", "3/4/2027", "2027-04-03", "2027-04-03",
	    0 },
	{ "2027-03-30", "2027-04-02", "4/3/2027", "2027-04-03", "2027-04-03",
	    0 },
	{ "2027-01-07", "2027-01-14", "1/3/2027", "2027-01-03", "2027-01-03",
	    0 },
	{ "2027-04-26", "2027-05-04", "4/30 - 5/4", "2027-04-30", "2027-05-04",
	    0 },
	{ "2027-04-26", "2027-05-04", "30/4 - 4/5", "2027-04-30", "2027-05-04",
	    0 },
	{ "2027-04-26", "2027-05-04", "4/5 - 8/5", "2027-05-04", "2027-05-08",
	    0 },
	{ "2027-04-01", "2027-04-08", "5/4", "2027-04-05", "2027-04-05", 0 },
	/* 3/5/27: 5 March is too far from this sprint, 3 May is not. */
	{ "2027-04-12", "2027-05-02", "3/5/27", "2027-05-03", "2027-05-03",
	    0 },
	/* The weekday settles it: 4 May 2027 is a Tuesday. */
	{ "2027-04-20", "2027-05-01", "Tue 4/5", "2027-05-04", "2027-05-04",
	    0 },
};

/* A weekday in front, in English, German and French. */
static const struct okcase wday_forms[] = {
	{ S1, "Sunday, March 14", "2027-03-14", "2027-03-14", 0 },
	{ S1, "Sun 14th", "2027-03-14", "2027-03-14", 0 },
	{ S1, "Sun, 14 March", "2027-03-14", "2027-03-14", 0 },
	{ S1, "So 14.3.", "2027-03-14", "2027-03-14", 0 },
	{ S1, "Sonntag, 14. M\xc3\xa4rz", "2027-03-14", "2027-03-14", 0 },
	{ S1, "dim. 14 mars", "2027-03-14", "2027-03-14", 0 },
	{ S1, "dimanche 14 mars", "2027-03-14", "2027-03-14", 0 },
	{ S1, "Mon 15th", "2027-03-15", "2027-03-15", 0 },
	{ S1, "Tuesday, 16/3", "2027-03-16", "2027-03-16", 0 },
	{ S1, "mar. 16 mars", "2027-03-16", "2027-03-16", 0 },
	{ S1, "Mar 16", "2027-03-16", "2027-03-16", 0 },
	{ S1, "Sun 14 - Sat 20", "2027-03-14", "2027-03-20", 0 },
	{ S1, "Sunday 14th March - Saturday 20th March",
	    "2027-03-14", "2027-03-20", 0 },
	{ S1, "Sonntag, 14. M\xc3\xa4rz - Samstag, 20. M\xc3\xa4rz",
	    "2027-03-14", "2027-03-20", 0 },
	{ S1, "du lundi 15 au samedi 20 mars", "2027-03-15", "2027-03-20", 0 },
	{ S1, "14 March (Sunday) - 20 March (Sat)",
	    "2027-03-14", "2027-03-20", 0 },
	{ S1, "on Sunday the 14th", "2027-03-14", "2027-03-14", 0 },
	{ S1, "SUN 14 MARCH 2027 - SAT 20 MARCH 2027",
	    "2027-03-14", "2027-03-20", 0 },
};

/* Month first, range words, dashes, in English, German and French. */
static const struct okcase range_forms[] = {
	{ S1, "March 14-20", "2027-03-14", "2027-03-20", 0 },
	{ S1, "March 14th - 20th", "2027-03-14", "2027-03-20", 0 },
	{ S1, "Mar 14 to Mar 20, 2027", "2027-03-14", "2027-03-20", 0 },
	{ S1, "Mar. 14 - 20, 2027", "2027-03-14", "2027-03-20", 0 },
	{ S1, "March 14\xe2\x80\x93" "20, 2027", "2027-03-14", "2027-03-20",
	    0 },
	{ S1, "March 14 until the 20th", "2027-03-14", "2027-03-20", 0 },
	{ S1, "from March 14 to 20", "2027-03-14", "2027-03-20", 0 },
	{ S1, "From the 14th to the 20th", "2027-03-14", "2027-03-20", 0 },
	{ S1, "14 March through 20 March", "2027-03-14", "2027-03-20", 0 },
	{ S1, "14th thru 19th", "2027-03-14", "2027-03-19", 0 },
	{ S1, "14th till 20th", "2027-03-14", "2027-03-20", 0 },
	{ S1, "14th through the 20th", "2027-03-14", "2027-03-20", 0 },
	{ S1, "between the 14th and the 20th", "2027-03-14", "2027-03-20",
	    0 },
	{ S1, "between 15 and 19 March", "2027-03-15", "2027-03-19", 0 },
	{ S1, "14th March to 20th March 2027", "2027-03-14", "2027-03-20",
	    0 },
	{ S1, "14. bis 20. M\xc3\xa4rz", "2027-03-14", "2027-03-20", 0 },
	{ S1, "vom 14. bis zum 20.3.", "2027-03-14", "2027-03-20", 0 },
	{ S1, "von 14. bis 20. Maerz", "2027-03-14", "2027-03-20", 0 },
	{ S1, "14.-20. M\xc3\x84RZ", "2027-03-14", "2027-03-20", 0 },
	{ S1, "zwischen dem 14. und dem 20. M\xc3\xa4rz",
	    "2027-03-14", "2027-03-20", 0 },
	{ S1, "14.3.-20.3.2027", "2027-03-14", "2027-03-20", 0 },
	{ S1, "du 14 au 20 mars", "2027-03-14", "2027-03-20", 0 },
	{ S1, "14 mars - 20 mars", "2027-03-14", "2027-03-20", 0 },
	{ S1, "du 14 mars jusqu'au 20 mars", "2027-03-14", "2027-03-20", 0 },
	{ S1, "entre le 14 et le 20 mars", "2027-03-14", "2027-03-20", 0 },
	{ S1, "le 1er mars - 20 mars", "2027-03-01", "2027-03-20", 0 },
	{ S1, "14 \xe2\x80\x93 20", "2027-03-14", "2027-03-20", 0 },
	{ S1, "14 \xe2\x80\x94 20", "2027-03-14", "2027-03-20", 0 },
	{ S1, "14--20", "2027-03-14", "2027-03-20", 0 },
	{ S1, "14 -> 20", "2027-03-14", "2027-03-20", 0 },
	{ S1, "14 \xe2\x86\x92 20 mars", "2027-03-14", "2027-03-20", 0 },
	{ S1, "14\xe2\x80\xa6" "20", "2027-03-14", "2027-03-20", 0 },
	{ S1, "14...20", "2027-03-14", "2027-03-20", 0 },
	{ S1, "from the 14th", "2027-03-14", NULL, 0 },
	{ S1, "ab dem 14.", "2027-03-14", NULL, 0 },
	{ S1, "until the 20th", NULL, "2027-03-20", 0 },
	{ S1, "jusqu'au 20 mars", NULL, "2027-03-20", 0 },
	/* Month names and abbreviations, with dots and accents. */
	{ "2027-02-14", "2027-02-20", "14 f\xc3\xa9vr. - 20 f\xc3\xa9vr.",
	    "2027-02-14", "2027-02-20", 0 },
	{ "2027-02-14", "2027-02-20", "14-20 Feb.", "2027-02-14", "2027-02-20",
	    0 },
	{ "2027-08-14", "2027-08-20", "14 ao\xc3\xbbt - 20 ao\xc3\xbbt",
	    "2027-08-14", "2027-08-20", 0 },
	{ "2027-08-14", "2027-08-20", "14-20 AOUT", "2027-08-14", "2027-08-20",
	    0 },
	{ "2027-07-14", "2027-07-20", "14 juil. - 20 juil.",
	    "2027-07-14", "2027-07-20", 0 },
	{ "2027-12-14", "2027-12-20", "14. Dez. - 20. Dez.",
	    "2027-12-14", "2027-12-20", 0 },
	{ "2027-12-14", "2027-12-20", "14 d\xc3\xa9" "c. - 20 d\xc3\xa9" "c.",
	    "2027-12-14", "2027-12-20", 0 },
	{ "2027-09-14", "2027-09-20", "Sept. 14 - Sept. 20",
	    "2027-09-14", "2027-09-20", 0 },
	{ "2027-10-14", "2027-10-20", "14. Okt. bis 20. Okt.",
	    "2027-10-14", "2027-10-20", 0 },
	{ "2027-04-14", "2027-04-20", "du 14 avr. au 20 avr.",
	    "2027-04-14", "2027-04-20", 0 },
	/* Across the year end, the year written once. */
	{ "2026-12-28", "2027-01-03", "Dec 27 to Jan 3, 2027",
	    "2026-12-27", "2027-01-03", 0 },
	{ "2026-12-28", "2027-01-03", "27 December - 3 January 2027",
	    "2026-12-27", "2027-01-03", 0 },
};

/* Tentative: the dates count, with tentative set. */
static const struct okcase tent_forms[] = {
	{ S1, "6th-17th?", "2027-03-06", "2027-03-17", F_TENT },
	{ S1, "14-20 ?", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "14-20 (?)", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "maybe 6th-15th", "2027-03-06", "2027-03-15", F_TENT },
	{ S1, "Maybe, 14-20", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "probably 6-15", "2027-03-06", "2027-03-15", F_TENT },
	{ S1, "6th-15th (tentative)", "2027-03-06", "2027-03-15", F_TENT },
	{ S1, "likely 14-20", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "14-20, most likely", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "not sure yet, 6th-15th", "2027-03-06", "2027-03-15", F_TENT },
	{ S1, "14-20 tbc", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "14-20 (TBC)", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "approx. 14-20", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "~14-20", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "tentatively March 14-20", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "14th - probably 20th", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "vielleicht 14.-20.", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "wahrscheinlich 14-20", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "ungef\xc3\xa4hr 14-20", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "voraussichtlich 14.-20.3.", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "14.-20.3. (noch nicht sicher)", "2027-03-14", "2027-03-20",
	    F_TENT },
	{ S1, "peut-\xc3\xaatre 14-20", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "probablement du 14 au 20", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "environ 14-20", "2027-03-14", "2027-03-20", F_TENT },
	{ S1, "14-20 mars (\xc3\xa0 confirmer)", "2027-03-14", "2027-03-20",
	    F_TENT },
	{ S1, "maybe ?", NULL, NULL, F_TENT },
	{ S1, "maybe 15th", "2027-03-15", "2027-03-15", F_TENT },
};

static void
test_families(void **state)
{
	static const struct {
		const char		*name;
		const struct okcase	*c;
		size_t			 n;
	} tables[] = {
		{ "us_forms", us_forms, nitems(us_forms) },
		{ "wday_forms", wday_forms, nitems(wday_forms) },
		{ "range_forms", range_forms, nitems(range_forms) },
		{ "tent_forms", tent_forms, nitems(tent_forms) },
	};
	size_t	 i, k;
	char	 where[48];

	(void)state;
	for (k = 0; k < nitems(tables); k++) {
		for (i = 0; i < tables[k].n; i++) {
			snprintf(where, sizeof where, "%s[%zu]",
			    tables[k].name, i);
			expect_ok(where, tables[k].c[i].start,
			    tables[k].c[i].end, tables[k].c[i].text,
			    tables[k].c[i].arrive, tables[k].c[i].depart,
			    tables[k].c[i].flags);
		}
	}
}

/* Texts that must stay errors, and what the cause must say. */
static const struct {
	const char	*start, *end, *text;
	const char	*want[3];	/* substrings of the cause */
} err_cases[] = {
	/* Both readings near the sprint: say why and how to write it. */
	{ "2027-04-12", "2027-05-02", "4/5",
	    { "4/5 could be 4 May or 5 April", "write 2027-05-04 or '4 May'",
	    NULL } },
	{ "2027-04-12", "2027-05-02", "5/4",
	    { "could be 5 April or 4 May", "2027-04-05", NULL } },
	{ "2027-04-12", "2027-05-02", "04/05/2027",
	    { "could be 4 May or 5 April", NULL, NULL } },
	{ "2027-04-12", "2027-05-02", "5/4/27",
	    { "could be 5 April or 4 May", NULL, NULL } },
	{ "2027-04-12", "2027-05-02", "Hi",
	    { "expected a range like \"12 April - 2 May 2027\"", NULL,
	    NULL } },
	/* "3/14" alone: 14 March, or the 3rd to the 14th? */
	{ S1, "3/14", { "could mean", NULL, NULL } },
	/* The two dates written in different orders. */
	{ S1, "3/14 - 20/3", { "day/month", "month/day", NULL } },
	/* A weekday that contradicts the date names both. */
	{ S1, "Monday, March 14", { "14 March 2027 is a Sunday, not a Monday",
	    NULL, NULL } },
	{ S1, "Mon 14th", { "Sunday", "Monday", NULL } },
	{ S1, "So 15.3.", { "15 March 2027 is a Monday, not a Sunday", NULL,
	    NULL } },
	{ S1, "lundi 14 mars", { "Sunday", "Monday", NULL } },
	{ S1, "Sun 14 - Sat 19", { "19 March 2027 is a Friday, not a Saturday",
	    NULL, NULL } },
	/* Prose and vague words. */
	{ S1, "next week", { "\"next week\"", "14-20 March 2027",
	    "2027-03-14 to 2027-03-20" } },
	{ S1, "sometime in March", { "expected a range like", NULL, NULL } },
	{ S1, "I will be there", { "\"?\" when not known yet", NULL, NULL } },
	{ S1, "maybe", { "lives there", NULL, NULL } },
	{ S1, "Sunday", { "expected", NULL, NULL } },
	{ S1, "March", { "expected", NULL, NULL } },
	{ S1, "14 and 20", { "expected", NULL, NULL } },
	{ S1, "5-15 possible", { "expected", NULL, NULL } },
	{ S1, "the 14th or the 15th", { "expected", NULL, NULL } },
	/* The window, in words and ISO. */
	{ S1, "1-5 April", { "2027-04-05 (5 April 2027) is too far",
	    "from 28 February 2027 to 3 April 2027",
	    "(2027-02-28 to 2027-04-03)" } },
	{ S1, "Feb 20 - Mar 20", { "too far", "up to 14 days before and "
	    "after the sprint", NULL } },
	{ S1, "20/3 - 14/3", { "departure 2027-03-14 is before arrival "
	    "2027-03-20", NULL, NULL } },
};

static void
test_family_errors(void **state)
{
	size_t	 i, k;
	char	*cause, where[48];

	(void)state;
	for (i = 0; i < nitems(err_cases); i++) {
		snprintf(where, sizeof where, "err_cases[%zu]", i);
		cause = expect_error(where, err_cases[i].start,
		    err_cases[i].end, err_cases[i].text);
		for (k = 0; k < nitems(err_cases[i].want) &&
		    err_cases[i].want[k] != NULL; k++) {
			if (strstr(cause, err_cases[i].want[k]) == NULL)
				fail_msg("%s: \"%s\" gave \"%s\", wanted \"%s\"",
				    where, err_cases[i].text, cause,
				    err_cases[i].want[k]);
		}
		free(cause);
	}
}

/*
 * Every message gives the sprint's dates as its example, and the example
 * parses back to the sprint.
 */
static void
test_example(void **state)
{
	static const char *sprints[][2] = {
		{ "2027-01-07", "2027-01-14" }, { "2027-01-28", "2027-02-03" },
		{ "2026-12-28", "2027-01-03" }, { "2005-07-08", "2005-07-08" },
	};
	struct humandate_ctx	 ctx;
	struct humandate_range	 r;
	enum dates_state	 st;
	day_t			 d;
	char			*cause, *p, *q, ex[64];
	size_t			 i;
	int			 k;

	(void)state;
	for (i = 0; i < nitems(sprints); i++) {
		for (k = 0; k < 2; k++) {
			set_ctx(&ctx, sprints[i][0], sprints[i][1]);
			cause = NULL;
			if (k == 0)
				assert_int_equal(humandate_parse_range("soonish",
				    &ctx, &r, &cause), -1);
			else
				assert_int_equal(humandate_parse_one("soonish",
				    &ctx, 0, &st, &d, NULL, &cause), -1);
			p = strstr(cause, "like \"");
			assert_non_null(p);
			p += 6;
			q = strchr(p, '"');
			assert_non_null(q);
			assert_true((size_t)(q - p) < sizeof ex);
			memcpy(ex, p, (size_t)(q - p));
			ex[q - p] = '\0';
			free(cause);
			cause = NULL;
			if (k == 0) {
				expect_ok(ex, sprints[i][0], sprints[i][1], ex,
				    sprints[i][0], sprints[i][1], 0);
				continue;
			}
			assert_int_equal(humandate_parse_one(ex, &ctx, 0, &st,
			    &d,
			    NULL, &cause), 0);
			assert_int_equal(d, ctx.start);
		}
	}
}

/* humandate_parse_one: the same families, and tentative. */
static const struct {
	const char	*text;
	int		 is_depart;
	const char	*day;		/* ISO, "?", "local" or "error" */
	int		 tent;
} one_cases[] = {
	{ "Sunday, March 14", 0, "2027-03-14", 0 },
	{ "So 14.3.", 0, "2027-03-14", 0 },
	{ "dimanche 14 mars", 0, "2027-03-14", 0 },
	{ "3/20/2027", 1, "2027-03-20", 0 },
	{ "03/20/27", 1, "2027-03-20", 0 },
	{ "the 20th", 1, "2027-03-20", 0 },
	{ "from the 14th", 0, "2027-03-14", 0 },
	{ "until the 20th", 1, "2027-03-20", 0 },
	{ "20th?", 1, "2027-03-20", 1 },
	{ "maybe 14th", 0, "2027-03-14", 1 },
	{ "14 March (tentative)", 0, "2027-03-14", 1 },
	{ "vielleicht 14.3.", 0, "2027-03-14", 1 },
	{ "peut-\xc3\xaatre le 20 mars", 1, "2027-03-20", 1 },
	{ "probably ?", 0, "?", 1 },
	{ "14th", 0, "2027-03-14", 0 },
	{ "lives there", 0, "local", 0 },
	{ "Monday, March 14", 0, "error", 0 },
	{ "next week", 1, "error", 0 },
	{ "14-20", 0, "error", 0 },
};

static void
test_one_families(void **state)
{
	struct humandate_ctx	 ctx;
	enum dates_state	 st;
	day_t			 d;
	char			*cause, got[11];
	size_t			 i;
	int			 ret, tent;

	(void)state;
	set_ctx(&ctx, S1);
	for (i = 0; i < nitems(one_cases); i++) {
		cause = NULL;
		tent = -1;
		ret = humandate_parse_one(one_cases[i].text, &ctx,
		    one_cases[i].is_depart, &st, &d, &tent, &cause);
		if (strcmp(one_cases[i].day, "error") == 0) {
			if (ret != -1 || cause == NULL)
				fail_msg("one_cases[%zu]: \"%s\" accepted", i,
				    one_cases[i].text);
			free(cause);
			continue;
		}
		if (ret == -1)
			fail_msg("one_cases[%zu]: \"%s\" refused: %s", i,
			    one_cases[i].text, cause);
		if (strcmp(one_cases[i].day, "local") == 0) {
			assert_int_equal(ret, 1);
			continue;
		}
		assert_int_equal(ret, 0);
		if (strcmp(one_cases[i].day, "?") == 0)
			assert_int_equal(st, DATES_UNKNOWN);
		else {
			assert_int_equal(st, DATES_KNOWN);
			dates_format_iso(d, got);
			if (strcmp(got, one_cases[i].day) != 0)
				fail_msg("one_cases[%zu]: \"%s\" gave %s", i,
				    one_cases[i].text, got);
		}
		if (tent != one_cases[i].tent)
			fail_msg("one_cases[%zu]: \"%s\" tentative=%d", i,
			    one_cases[i].text, tent);
	}
	/* The tentative pointer may be NULL. */
	assert_int_equal(humandate_parse_one("maybe 14th", &ctx, 0, &st, &d,
	    NULL,
	    NULL), 0);
}

/*
 * Prose: arrival and departure named in sentences, in English, German
 * and French, against a sprint of 7-14 March 2027; and discussion that
 * must give 1 (or at least not crash).
 */
static const struct {
	const char	*text;
	int		 ret;		/* 0, 1, or -1: either */
	const char	*arrive, *depart;
	int		 tent;
} prose_cases[] = {
	{ "Hi, I would like to come! I arrive on the 8th and leave on the "
	    "14th.", 0, "2027-03-08", "2027-03-14", 0 },
	{ "Ich komme am 8. und reise am 14. ab", 0, "2027-03-08",
	    "2027-03-14", 0 },
	{ "j'arrive le 8 et je repars le 14", 0, "2027-03-08", "2027-03-14",
	    0 },
	{ "I'll be there March 8 to 14", 0, "2027-03-08", "2027-03-14", 0 },
	{ "Count me in: 8-14 March.", 0, "2027-03-08", "2027-03-14", 0 },
	{ "I can come from the 8th to the 13th, if that's ok", 0,
	    "2027-03-08", "2027-03-13", 0 },
	{ "arriving March 8, leaving March 14", 0, "2027-03-08",
	    "2027-03-14", 0 },
	{ "I'll probably arrive on Monday the 8th. Leaving on the 14th.", 0,
	    "2027-03-08", "2027-03-14", 1 },
	{ "I arrive at 10 on the 8th", 0, "2027-03-08", NULL, 0 },
	{ "I'll be there from the 9th", 0, "2027-03-09", NULL, 0 },
	{ "The sprint is 7th-14th; I arrive on the 8th and leave on the 13th",
	    0, "2027-03-08", "2027-03-13", 0 },
	{ "> I arrive on the 9th\nI arrive on the 8th", 0, "2027-03-08", NULL,
	    0 },
	{ "Ich bin vom 8. bis 14. da", 0, "2027-03-08", "2027-03-14", 0 },
	{ "Ich reise am 8. an und am 14. wieder ab.", 0, "2027-03-08",
	    "2027-03-14", 0 },
	{ "Anreise am 8., Abreise am 14.", 0, "2027-03-08", "2027-03-14", 0 },
	{ "Hallo, ich komme voraussichtlich am 8. M\xc3\xa4rz und bleibe bis "
	    "zum 14.", 0, "2027-03-08", "2027-03-14", 1 },
	{ "Je serai l\xc3\xa0 du 8 au 14 mars.", 0, "2027-03-08",
	    "2027-03-14", 0 },
	{ "Arriv\xc3\xa9" "e le 8, d\xc3\xa9part le 14", 0, "2027-03-08",
	    "2027-03-14", 0 },
	/* No dates, or none a reader would take without guessing. */
	{ "the 3.2 release is out", 1, NULL, NULL, 0 },
	{ "see PR 14", 1, NULL, NULL, 0 },
	{ "versions 3.2-3.4 are out", 1, NULL, NULL, 0 },
	{ "from 3 to 4 people", 1, NULL, NULL, 0 },
	{ "Thanks for organizing! See you there.", 1, NULL, NULL, 0 },
	{ "", 1, NULL, NULL, 0 },
	{ "I arrive on the 8th. Actually I arrive on the 9th.", 1, NULL, NULL,
	    0 },
	{ "I arrive on Tuesday the 8th", 1, NULL, NULL, 0 },
	{ "I arrive on the 8th of June", 1, NULL, NULL, 0 },
	{ "meeting on 8 is cancelled", -1, NULL, NULL, 0 },
};

static void
test_prose(void **state)
{
	struct humandate_ctx	 ctx;
	struct humandate_range	 r;
	char			 big[20000];
	size_t			 i;
	int			 ret;

	(void)state;
	set_ctx(&ctx, "2027-03-07", "2027-03-14");
	for (i = 0; i < nitems(prose_cases); i++) {
		ret = humandate_find_in_prose(prose_cases[i].text, &ctx, &r);
		if (prose_cases[i].ret == -1) {
			assert_true(ret == 0 || ret == 1);
			continue;
		}
		if (ret != prose_cases[i].ret)
			fail_msg("prose_cases[%zu]: \"%s\" gave %d", i,
			    prose_cases[i].text, ret);
		if (ret == 0)
			check_range("prose", prose_cases[i].text, &r,
			    prose_cases[i].arrive, prose_cases[i].depart,
			    prose_cases[i].tent ? F_TENT : 0);
		else
			assert_int_equal(r.arrive_state, DATES_UNKNOWN);
	}
	assert_int_equal(humandate_find_in_prose(NULL, &ctx, &r), 1);
	/* Long prose is read up to a cap, without trouble. */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "I arrive on the 8th ", 20);
	assert_int_equal(humandate_find_in_prose(big, &ctx, &r), 0);
	assert_int_equal(r.arrive, iso("2027-03-08"));
}

/* The corpus table. */

static int
split_tabs(char *line, char **f, int max)
{
	int	 n = 0;
	char	*p = line;

	while (n < max) {
		f[n++] = p;
		if ((p = strchr(p, '\t')) == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

static void
test_corpus(void **state)
{
	const char		*top = getenv("top_srcdir");
	char			*path, line[512], *f[8], *cause, where[160];
	FILE			*fp;
	struct humandate_ctx	 ctx;
	enum dates_state	 st;
	day_t			 d;
	int			 n, lineno = 0, nok = 0, nerr = 0, none = 0;
	int			 flags, ret;
	char			 got[11];

	(void)state;
	path = xprintf("%s/tests/data/dates-corpus.txt",
	    top != NULL ? top : ".");
	fp = fopen(path, "r");
	if (fp == NULL)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof line, fp) != NULL) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		n = split_tabs(line, f, (int)nitems(f));
		if (n < 5)
			fail_msg("dates-corpus.txt:%d: too few fields", lineno);
		snprintf(where, sizeof where, "dates-corpus.txt:%d (%s)",
		    lineno, f[1]);
		if (strcmp(f[0], "range") == 0) {
			if (n != 8)
				fail_msg("%s: needs 8 fields", where);
			flags = (strstr(f[7], "local") ? F_LOCAL : 0) |
			    (strstr(f[7], "tentative") ? F_TENT : 0);
			expect_ok(where, f[2], f[3], f[4],
			    strcmp(f[5], "?") == 0 ? NULL : f[5],
			    strcmp(f[6], "?") == 0 ? NULL : f[6], flags);
			nok++;
		} else if (strcmp(f[0], "error") == 0) {
			free(expect_error(where, f[2], f[3], f[4]));
			nerr++;
		} else if (strcmp(f[0], "arrive") == 0 ||
		    strcmp(f[0], "depart") == 0 ||
		    strcmp(f[0], "error-arrive") == 0 ||
		    strcmp(f[0], "error-depart") == 0) {
			set_ctx(&ctx, f[2], f[3]);
			cause = NULL;
			ret = humandate_parse_one(f[4], &ctx,
			    strstr(f[0], "depart") != NULL, &st, &d, NULL,
			    &cause);
			if (strncmp(f[0], "error", 5) == 0) {
				if (ret != -1 || cause == NULL)
					fail_msg("%s: \"%s\" accepted", where,
					    f[4]);
				free(cause);
				continue;
			}
			if (n != 6)
				fail_msg("%s: needs 6 fields", where);
			if (ret == -1)
				fail_msg("%s: \"%s\" refused: %s", where, f[4],
				    cause);
			if (strcmp(f[5], "local") == 0)
				assert_int_equal(ret, 1);
			else if (strcmp(f[5], "?") == 0)
				assert_int_equal(st, DATES_UNKNOWN);
			else {
				assert_int_equal(st, DATES_KNOWN);
				dates_format_iso(d, got);
				if (strcmp(got, f[5]) != 0)
					fail_msg("%s: \"%s\" gave %s, expected "
					    "%s", where, f[4], got, f[5]);
			}
			none++;
		} else
			fail_msg("%s: unknown kind %s", where, f[0]);
	}
	fclose(fp);
	free(path);
	/* The whole table was read. */
	assert_true(nok >= 240);
	assert_true(nerr >= 27);
	assert_true(none >= 8);
}

/*
 * Hostile input: every prefix of awkward texts and random strings from a
 * small alphabet must give 0 or -1 with a cause, and a range that passes
 * must hold what the window and order checks promise.
 */
static void
fuzz_one(const struct humandate_ctx *ctx, const char *text)
{
	struct humandate_range	 r;
	enum dates_state	 st;
	day_t			 d;
	char			*cause = NULL;
	int			 ret;

	ret = humandate_parse_range(text, ctx, &r, &cause);
	assert_true(ret == 0 || ret == -1);
	assert_true((ret == -1) == (cause != NULL));
	free(cause);
	cause = NULL;
	if (ret == 0) {
		if (r.arrive_state == DATES_KNOWN) {
			assert_true(r.arrive >= ctx->start - 14);
			assert_true(r.arrive <= ctx->end + 14);
		}
		if (r.depart_state == DATES_KNOWN) {
			assert_true(r.depart >= ctx->start - 14);
			assert_true(r.depart <= ctx->end + 14);
		}
		if (r.arrive_state == DATES_KNOWN &&
		    r.depart_state == DATES_KNOWN)
			assert_true(r.depart >= r.arrive);
	}
	ret = humandate_parse_one(text, ctx, 1, &st, &d, NULL, &cause);
	assert_true(ret >= -1 && ret <= 1);
	assert_true((ret == -1) == (cause != NULL));
	free(cause);
	ret = humandate_find_in_prose(text, ctx, &r);
	assert_true(ret == 0 || ret == 1);
	if (ret == 0 && r.arrive_state == DATES_KNOWN &&
	    r.depart_state == DATES_KNOWN)
		assert_true(r.depart >= r.arrive);
}

static void
test_hostile(void **state)
{
	static const char *seeds[] = {
		"2027-01-07 - 2027-01-14", "7th of January until 14th of "
		"January 2027", "6.1(9:26)/14.1", "6(evening)-14(noon)",
		"1 M\xc3\xa4rz - 8. M\xc3\xa4rz", "7\xe2\x80\x93" "14",
		"6/1? - 15/1", "Jan. 7th, 2027 to Jan. 14th, 2027",
	};
	static const char alpha[] = "0123456789/-.?, ()thstndrjanmarxvi:\xc3";
	struct humandate_ctx	 ctx;
	char			 buf[64];
	size_t			 i, k, len;
	unsigned int		 seed = 1;

	(void)state;
	set_ctx(&ctx, "2027-01-07", "2027-01-14");
	for (i = 0; i < nitems(seeds); i++) {
		len = strlen(seeds[i]);
		for (k = 0; k <= len; k++) {
			memcpy(buf, seeds[i], k);
			buf[k] = '\0';
			fuzz_one(&ctx, buf);
		}
	}
	for (i = 0; i < 20000; i++) {
		len = (seed = seed * 1103515245 + 12345) >> 16 & 15;
		for (k = 0; k < len; k++) {
			seed = seed * 1103515245 + 12345;
			buf[k] = alpha[(seed >> 16) % (sizeof alpha - 1)];
		}
		buf[len] = '\0';
		fuzz_one(&ctx, buf);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_one),
		cmocka_unit_test(test_families),
		cmocka_unit_test(test_family_errors),
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_one_families),
		cmocka_unit_test(test_prose),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
