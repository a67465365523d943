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

/* testlib.c -- shared helpers of the unit tests. */
#include "config-auto.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testlib.h"
#include "util.h"

char *
testlib_src_path(const char *rel)
{
	const char	*top = getenv("top_srcdir");

	return xprintf("%s/%s", top ? top : ".", rel);
}

int
testlib_mkdtemp(char *tmpl)
{
	char	*t;

	if (mkdtemp(tmpl) == NULL)
		return -1;
	/* make check sets it; by hand, the source tree's templates. */
	if (getenv("SPRINTD_TEMPLATES") == NULL) {
		t = testlib_src_path("templates");
		setenv("SPRINTD_TEMPLATES", t, 1);
		free(t);
	}
	return 0;
}

int
testlib_rmtree(const char *dir)
{
	char	*cmd = xprintf("rm -rf '%s'", dir);
	int	 r = system(cmd);

	free(cmd);
	return r == 0 ? 0 : -1;
}

long long
testlib_query_int(struct store *st, const char *sql)
{
	sqlite3_stmt	*stmt;
	long long	 v = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL),
	    SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

char *
testlib_query_text(struct store *st, const char *sql)
{
	sqlite3_stmt	*stmt;
	char		*v = NULL;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL),
	    SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = store_column_dup(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

int
testlib_word(const char *line, int n, char *out, size_t size)
{
	size_t	 len;

	for (;;) {
		line += strspn(line, " \t\r\n\v\f");
		if (*line == '\0')
			return -1;
		len = strcspn(line, " \t\r\n\v\f");
		if (n-- == 0)
			break;
		line += len;
	}
	if (len >= size)
		len = size - 1;
	memcpy(out, line, len);
	out[len] = '\0';
	return 0;
}
