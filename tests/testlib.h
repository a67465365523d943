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
 * testlib.h -- what several unit tests need alike: their temporary
 * directory, paths in the source tree, and one-value queries.
 */
#ifndef SPRINTD_TESTLIB_H
#define SPRINTD_TESTLIB_H

#include <stddef.h>

#include "store.h"

/* A path under the source tree ($top_srcdir, else "."); caller frees. */
char *testlib_src_path(const char *rel);
/* Makes the directory of a mkdtemp template and points SPRINTD_TEMPLATES
 * at the source tree's templates unless it is set: 0 or -1. */
int testlib_mkdtemp(char *tmpl);
/* Removes a directory and all in it: 0 or -1. */
int testlib_rmtree(const char *dir);
/* The first column of the first row as a number, -1 without a row; the
 * test fails when the query does not prepare. */
long long testlib_query_int(struct store *, const char *sql);
/* The same as a new string, NULL without a row or for SQL NULL. */
char *testlib_query_text(struct store *, const char *sql);

/* Copies the n-th blank-separated word of line (from 0) into out, cut to
 * size - 1 bytes as scanf's "%<size-1>s" would: 0, or -1 without one. */
int testlib_word(const char *line, int n, char *out, size_t size);

#endif
