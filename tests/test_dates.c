/*
 * test_dates.c -- calendar days and the human date ranges of registrations:
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
	return (d);
}

static void
set_ctx(struct dates_ctx *ctx, const char *start, const char *end)
{
	ctx->start = iso(start);
	ctx->end = iso(end);
}

/* Fails with the text and what came out when r is not as expected. */
static void
check_range(const char *where, const char *text, const struct dates_range *r,
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
	struct dates_ctx	 ctx;
	struct dates_range	 r;
	char			*cause = NULL;

	set_ctx(&ctx, start, end);
	if (dates_parse_range(text, &ctx, &r, &cause) != 0)
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
	struct dates_ctx	 ctx;
	struct dates_range	 r;
	char			*cause = NULL;
	char			 a[11] = "?", d[11] = "?";

	set_ctx(&ctx, start, end);
	if (dates_parse_range(text, &ctx, &r, &cause) != -1) {
		if (r.arrive_state == DATES_KNOWN)
			dates_format_iso(r.arrive, a);
		if (r.depart_state == DATES_KNOWN)
			dates_format_iso(r.depart, d);
		fail_msg("%s: \"%s\" accepted as %s %s local=%d", where, text,
		    a, d, r.local);
	}
	assert_non_null(cause);
	return (cause);
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
	cause = expect_error("window", "2027-01-07", "2027-01-14", "1/3/2027");
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
	struct dates_ctx	 ctx;
	struct dates_range	 r;
	char			 text[260], *cause = NULL;

	(void)state;
	set_ctx(&ctx, "2027-01-07", "2027-01-14");
	/* 200 bytes are read, ... */
	memset(text, ' ', 196);
	memcpy(text + 196, "7-14", 5);
	assert_int_equal(strlen(text), 200);
	assert_int_equal(dates_parse_range(text, &ctx, &r, &cause), 0);
	assert_int_equal(r.depart - r.arrive, 7);
	/* ... 201 are not. */
	memset(text, ' ', 197);
	memcpy(text + 197, "7-14", 5);
	assert_int_equal(dates_parse_range(text, &ctx, &r, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_equal(dates_parse_one(text, &ctx, 0, &r.arrive_state,
	    &r.arrive, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	/* A long wrong text is quoted cut short. */
	memset(text, 'x', 150);
	text[150] = '\0';
	assert_int_equal(dates_parse_range(text, &ctx, &r, &cause), -1);
	assert_non_null(strstr(cause, "...\""));
	assert_true(strlen(cause) < 400);
	free(cause);
}

static void
test_one(void **state)
{
	struct dates_ctx	 ctx;
	enum dates_state	 st;
	day_t			 d;
	char			*cause = NULL;

	(void)state;
	set_ctx(&ctx, "2027-01-28", "2027-02-03");
	assert_int_equal(dates_parse_one("2027-01-27", &ctx, 0, &st, &d,
	    &cause), 0);
	assert_int_equal(st, DATES_KNOWN);
	assert_int_equal(d, iso("2027-01-27"));
	assert_int_equal(dates_parse_one("27th", &ctx, 0, &st, &d, &cause), 0);
	assert_int_equal(d, iso("2027-01-27"));
	assert_int_equal(dates_parse_one("3", &ctx, 1, &st, &d, &cause), 0);
	assert_int_equal(d, iso("2027-02-03"));
	assert_int_equal(dates_parse_one("Feb 4th", &ctx, 1, &st, &d, &cause),
	    0);
	assert_int_equal(d, iso("2027-02-04"));
	assert_int_equal(dates_parse_one("4.2.", &ctx, 1, &st, &d, &cause), 0);
	assert_int_equal(d, iso("2027-02-04"));
	assert_int_equal(dates_parse_one("4 febbraio", &ctx, 1, &st, &d,
	    &cause), 0);
	assert_int_equal(d, iso("2027-02-04"));
	assert_int_equal(dates_parse_one("?", &ctx, 0, &st, &d, &cause), 0);
	assert_int_equal(st, DATES_UNKNOWN);
	assert_int_equal(dates_parse_one("", &ctx, 1, &st, &d, &cause), 0);
	assert_int_equal(st, DATES_UNKNOWN);
	assert_int_equal(dates_parse_one("lives there", &ctx, 0, &st, &d,
	    &cause), 1);
	assert_int_equal(dates_parse_one("--", &ctx, 1, &st, &d, &cause), 1);
	assert_null(cause);

	assert_int_equal(dates_parse_one("27-3", &ctx, 0, &st, &d, &cause),
	    -1);
	assert_non_null(strstr(cause, "\"27-3\""));
	free(cause);
	cause = NULL;
	assert_int_equal(dates_parse_one("32", &ctx, 0, &st, &d, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(dates_parse_one("1/6", &ctx, 0, &st, &d, &cause), -1);
	assert_non_null(strstr(cause, "too far"));
	free(cause);
	cause = NULL;
	assert_int_equal(dates_parse_one("soonish", &ctx, 1, &st, &d, &cause),
	    -1);
	free(cause);
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
	return (n);
}

static void
test_corpus(void **state)
{
	const char		*top = getenv("top_srcdir");
	char			*path, line[512], *f[8], *cause, where[160];
	FILE			*fp;
	struct dates_ctx	 ctx;
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
			ret = dates_parse_one(f[4], &ctx,
			    strstr(f[0], "depart") != NULL, &st, &d, &cause);
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
fuzz_one(const struct dates_ctx *ctx, const char *text)
{
	struct dates_range	 r;
	enum dates_state	 st;
	day_t			 d;
	char			*cause = NULL;
	int			 ret;

	ret = dates_parse_range(text, ctx, &r, &cause);
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
	ret = dates_parse_one(text, ctx, 1, &st, &d, &cause);
	assert_true(ret >= -1 && ret <= 1);
	assert_true((ret == -1) == (cause != NULL));
	free(cause);
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
	struct dates_ctx	 ctx;
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
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_one),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_hostile),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
