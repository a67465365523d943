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
 * fuzz_dates.c -- libFuzzer target: any text through the human date
 * parsers (a range, one arrival, one departure, strict ISO) against a
 * fixed sprint. Built by scripts/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "dates.h"
#include "humandate.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct humandate_ctx	 ctx;
	struct humandate_range	 r;
	enum dates_state	 st;
	day_t			 day;
	char			*text, *cause = NULL, iso[11];

	ctx.start = dates_from_ymd(2027, 1, 8);
	ctx.end = dates_from_ymd(2027, 1, 14);
	text = xstrndup((const char *)data, size);
	if (humandate_parse_range(text, &ctx, &r, &cause) == -1)
		free(cause);
	else if (r.arrive_state == DATES_KNOWN)
		dates_format_iso(r.arrive, iso);
	cause = NULL;
	if (humandate_parse_one(text, &ctx, 0, &st, &day, NULL, &cause) == -1)
		free(cause);
	cause = NULL;
	if (humandate_parse_one(text, &ctx, 1, &st, &day, NULL, &cause) == -1)
		free(cause);
	if (dates_parse_iso(text, &day) == 0) {
		dates_format_iso(day, iso);
		(void)dates_weekday(day);
	}
	free(text);
	return 0;
}
