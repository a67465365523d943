/* test_quote.c -- reply hygiene, table-driven over tests/data/quote: each
 * NAME.txt must reduce to NAME.expected. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "util.h"

static const char *const cases[] = {
	"nested-quotes",	/* "> >", ">>", "> > >" */
	"inline-reply",		/* text between quote blocks survives */
	"attribution-wrapped",	/* "On ... <addr>" / "wrote:" on two lines */
	"german",		/* "Am ... schrieb ...:" */
	"french",		/* "Le ... a écrit :" */
	"outlook-original",	/* "-----Original Message-----" block */
	"outlook-underscores",	/* "____" then From:/Sent:/To:/Subject: */
	"outlook-bare-german",	/* Von:/Gesendet:/An:/Betreff: */
	"signature",		/* "-- " to the end */
	"signature-no-space",	/* "--" to the end */
	"iphone",		/* "Sent from my iPhone" and the quote after */
	"phone-footers",	/* "Von meinem iPhone gesendet" */
	"get-outlook",		/* "Get Outlook for iOS" */
	"mail-for-windows",	/* "Sent from Mail<link> for Windows 10" */
	"mail-for-windows-plain",
	"keeps-dashes",		/* "---" and "-- text" are not signatures */
	"blank-lines",		/* trimmed, runs collapsed */
	"mutt-attribution",	/* "* Name <addr> [date]:" */
	"wrote-in-text-kept",	/* "wrote:" with no quote after it stays */
	"crlf",
};

static char *
read_case(const char *name, const char *ext)
{
	const char	*top = getenv("top_srcdir");
	char		*path, *data = NULL, *cause = NULL;
	size_t		 len;

	path = xprintf("%s/tests/data/quote/%s.%s", top ? top : ".", name,
	    ext);
	if (util_read_file(path, 1024 * 1024, &data, &len, &cause) == -1)
		fail_msg("%s: %s", path, cause);
	free(path);
	return data;
}

static void
test_cases(void **state)
{
	size_t	 i;
	char	*in, *want, *got;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		in = read_case(cases[i], "txt");
		want = read_case(cases[i], "expected");
		got = quote_strip(in);
		if (strcmp(got, want) != 0)
			fail_msg("%s: got [%s], want [%s]", cases[i], got, want);
		free(in);
		free(want);
		free(got);
	}
}

static void
test_edges(void **state)
{
	char	*s;

	(void)state;
	s = quote_strip("");
	assert_string_equal(s, "");
	free(s);
	s = quote_strip("> only a quote\n>\n");
	assert_string_equal(s, "");
	free(s);
	s = quote_strip("no newline at the end");
	assert_string_equal(s, "no newline at the end");
	free(s);
	/* A From: line alone is not an Outlook header block. */
	s = quote_strip("From: Leysin station\nTo the chalet by bus\n");
	assert_string_equal(s, "From: Leysin station\nTo the chalet by bus");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
