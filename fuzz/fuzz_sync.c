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
 * fuzz_sync.c -- libFuzzer target: any bytes as a sync file
 * (sync_load_string), as a reply (sync_read_reply), and as an IRC log
 * (minutes_log_read) rendered into minutes (minutes_render). Built by
 * scripts/fuzz.sh; seeds from tests/data/sync.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "minutes.h"
#include "sync.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sync_series	*s = NULL;
	struct sync_reply	 r;
	struct minutes_log	 log;
	struct minutes		 mn;
	struct minutes_report	 rep;
	char			*text, *cause = NULL, *out;
	const char		*topic;
	size_t			 len;

	if (sync_load_string("fuzz.yaml", (const char *)data, size, &s,
	    &cause) == 0)
		sync_free(&s);
	else
		free(cause);
	cause = NULL;
	text = xstrndup((const char *)data, size);
	(void)sync_read_reply(text, &r);
	if (minutes_log_read((const char *)data, size, &log, &cause) == 0) {
		memset(&mn, 0, sizeof mn);
		memset(&rep, 0, sizeof rep);
		topic = r.ntopics > 0 ? r.topics[0] : text;
		rep.name = text;
		rep.last = r.last;
		rep.next = r.next;
		rep.blockers = r.blockers;
		mn.name = mn.date = mn.time = mn.where = mn.moderator = text;
		mn.topics = &topic;
		mn.ntopics = 1;
		mn.reports = &rep;
		mn.nreports = 1;
		mn.log = &log;
		if ((out = minutes_render(&mn, &len)) != NULL &&
		    strlen(out) != len)
			abort();
		free(out);
		minutes_log_clear(&log);
	} else
		free(cause);
	sync_reply_clear(&r);
	free(text);
	return 0;
}
