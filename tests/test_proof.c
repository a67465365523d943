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


/* test_proof.c -- the trusted Authentication-Results (RFC 8601). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mime.h"
#include "proof.h"
#include "util.h"

static const struct ar_case {
	const char	*headers;	/* header lines above From */
	const char	*from;
	int		 pass;
	const char	*verdict;	/* NULL: no trusted header */
} ar_cases[] = {
	{ "Authentication-Results: mx.example.org; dmarc=pass "
	  "header.from=example.org\r\n", "a@example.org", 1, "dmarc=pass" },
	/* A version, comments, spaces around '=', case. */
	{ "Authentication-Results: MX.Example.ORG 1; spf=pass (ok) "
	  "smtp.mailfrom=example.org; DMARC = pass (p=none) "
	  "header.from=example.org\r\n", "a@example.org", 1, "DMARC=pass" },
	/* header.from of another domain: not for this From. */
	{ "Authentication-Results: mx.example.org; dmarc=pass "
	  "header.from=evil.example\r\n", "a@example.org", 0, "dmarc=pass" },
	{ "Authentication-Results: mx.example.org; dmarc=fail "
	  "header.from=example.org\r\n", "a@example.org", 0, "dmarc=fail" },
	/* Only the topmost trusted header counts. */
	{ "Authentication-Results: mx.example.org; dmarc=fail\r\n"
	  "Authentication-Results: mx.example.org; dmarc=pass\r\n",
	  "a@example.org", 0, "dmarc=fail" },
	/* Other authserv-ids are ignored, above and below. */
	{ "Authentication-Results: evil.example; dmarc=pass\r\n"
	  "Authentication-Results: mx.example.org; dkim=fail "
	  "header.d=example.org\r\n", "a@example.org", 0, "dkim=fail" },
	{ "Authentication-Results: evil.example; dmarc=pass\r\n",
	  "a@example.org", 0, NULL },
	/* A name that only starts like the trusted one. */
	{ "Authentication-Results: mx.example.org.evil.example; dmarc=pass\r\n",
	  "a@example.org", 0, NULL },
	/* dkim=pass of the From domain or a parent, not of another. */
	{ "Authentication-Results: mx.example.org; dkim=pass "
	  "header.d=example.org\r\n", "a@lists.example.org", 1, "dkim=pass" },
	{ "Authentication-Results: mx.example.org; dkim=pass "
	  "header.d=ample.org\r\n", "a@example.org", 0, "dkim=pass" },
	{ "Authentication-Results: mx.example.org; dkim=pass header.d=org\r\n",
	  "a@example.org", 0, "dkim=pass" },
	{ "Authentication-Results: mx.example.org; dkim=pass "
	  "header.i=@example.org\r\n", "a@example.org", 1, "dkim=pass" },
	/* dkim=fail first, then a passing signature. */
	{ "Authentication-Results: mx.example.org; dkim=fail "
	  "header.d=example.org; dkim=pass header.d=example.org\r\n",
	  "a@example.org", 1, "dkim=pass" },
	/* A quoted reason holding a ';' is not a new result. */
	{ "Authentication-Results: mx.example.org; dkim=fail reason=\"x; "
	  "dmarc=pass\"\r\n", "a@example.org", 0, "dkim=fail" },
	/* A comment holding "dmarc=pass". */
	{ "Authentication-Results: mx.example.org; (dmarc=pass) none\r\n",
	  "a@example.org", 0, "none" },
	/* "passed" is not "pass". */
	{ "Authentication-Results: mx.example.org; dmarc=passed\r\n",
	  "a@example.org", 0, "dmarc=passed" },
};

static void
test_auth_results(void **state)
{
	struct mime_msg	*m;
	char		*raw, *cause = NULL, *verdict;
	size_t		 i;
	int		 pass;

	(void)state;
	for (i = 0; i < sizeof ar_cases / sizeof ar_cases[0]; i++) {
		const struct ar_case	*c = &ar_cases[i];

		raw = xprintf("%sFrom: A <%s>\r\nSubject: x\r\n\r\nhi\r\n",
		    c->headers, c->from);
		if (mime_parse(raw, strlen(raw), &m, &cause) != 0)
			fail_msg("case %zu: %s", i, cause);
		pass = proof_auth_results("mx.example.org", m, c->from,
		    &verdict);
		if (pass != c->pass)
			fail_msg("case %zu: pass %d, wanted %d", i, pass,
			    c->pass);
		if (c->verdict == NULL)
			assert_null(verdict);
		else {
			assert_non_null(verdict);
			assert_string_equal(verdict, c->verdict);
		}
		/* Untrusted: without an authserv_id nothing passes. */
		assert_int_equal(proof_auth_results(NULL, m, c->from, NULL),
		    0);
		free(verdict);
		mime_free(&m);
		free(raw);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auth_results),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
