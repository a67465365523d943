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
 * fuzz_message.c -- libFuzzer target: the outgoing-message builder. The
 * input is split at NUL bytes into a header name, its value, a display
 * name, an address and the body; the built message must hold no bare CR
 * or LF and no line longer than RFC 5322's 998 characters. Built by
 * scripts/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "message.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The next NUL-separated field of the input, as a new string. */
static char *
field(const uint8_t **p, const uint8_t *end)
{
	const uint8_t	*q = *p;
	char		*s;

	while (q < end && *q != '\0')
		q++;
	s = xstrndup((const char *)*p, (size_t)(q - *p));
	*p = q < end ? q + 1 : q;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*p = data, *end = data + size;
	struct message	*m;
	char		*f[5], *cause = NULL, *out, *name = NULL, *addr = NULL;
	size_t		 len, i, col;

	for (i = 0; i < 5; i++)
		f[i] = field(&p, end);
	m = message_new();
	if (message_add_header(m, f[0], f[1], &cause) == -1)
		xfree(&cause);
	if (message_add_header(m, "Subject", f[1], &cause) == -1)
		abort();
	if (message_add_address(m, "To", f[2], f[3], &cause) == -1)
		xfree(&cause);
	if (message_split_address(f[2], &name, &addr) == 0) {
		free(name);
		free(addr);
	}
	message_set_body(m, f[4]);
	out = message_finish(m, 1800000000, &len);
	/* CRLF only, lines within 998 characters. */
	for (i = 0, col = 0; i < len; i++) {
		if (out[i] == '\r') {
			if (i + 1 >= len || out[i + 1] != '\n')
				abort();
			i++;
			col = 0;
		} else if (out[i] == '\n' || ++col > 998)
			abort();
	}
	free(out);
	message_free(&m);
	for (i = 0; i < 5; i++)
		free(f[i]);
	return 0;
}
