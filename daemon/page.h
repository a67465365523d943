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
 * page.h -- the published people page: with publish_dir set, sprintd
 * writes publish_dir/SLUG/index.html (a page that stands alone: the
 * sprint, the people table, the waiting list count and a chart of who is
 * there each day and night) and publish_dir/SLUG/people.txt (the rst of
 * `sprintctl people --format rst`, PyPy's layout, but for the waiting
 * list: a count, as on the page; peoplelist_public), and
 * publish_dir/SLUG/planning.txt (plan.h: who is there today and the
 * tasks). All are public by design: they hold names, dates,
 * accommodation and tasks, never addresses, diets, topics or notes.
 * Each file is replaced atomically, readable by the web server (0644,
 * the directory 0755).
 */
#ifndef SPRINTD_PAGE_H
#define SPRINTD_PAGE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "registry.h"
#include "sprint.h"
#include "store.h"

struct config;

/* What the HTML page shows. */
struct page_data {
	const struct sprint		*sprint;
	const struct registry_reg	*regs;	/* the registered people */
	size_t				 nregs;
	size_t				 nwaiting;	/* only counted */
	time_t				 updated;	/* the last change */
};

/*
 * Renders the HTML page: every value escaped, the chart an inline SVG
 * with one <g class="day"> per day (a bar for the day, one for the night
 * after it). Returns 0 and a new *out, -1 with *cause when it would be
 * larger than the cap.
 */
int page_html(const struct page_data *, char **out, char **cause);

/*
 * Replaces dir/name with data atomically: a temporary file in dir,
 * fsync, rename, fsync of dir; mode 0644. Returns 0 when written, 1 when
 * the file held these bytes already (left alone), -1 with *cause (no
 * temporary file is left behind).
 */
int page_write_file(const char *dir, const char *name, const char *data,
    size_t len, char **cause);

/*
 * Writes one more file of slug's (the sync minutes) into
 * cfg->publish_dir/SLUG as page_write writes people.txt: atomically, no
 * link followed. 0 written, 1 unchanged, 2 no publish_dir, -1 with *cause.
 */
int page_publish(const struct config *, const char *slug, const char *name,
    const char *data, size_t len, char **cause);

/*
 * Writes the page and people.txt of the sprint into cfg->publish_dir,
 * making SLUG/ (0755) when missing; no symbolic link is followed under
 * publish_dir (a link in SLUG's place is an error, one in a file's place
 * is replaced). Returns 0, 1 when no publish_dir is configured, 2 when
 * the store holds relaxed commits that are not durable yet (nothing is
 * written: a page is never ahead of the data), -1 with *cause.
 */
int page_write(struct store *, const struct config *, int64_t sprint_id,
    char **cause);

/*
 * The hook for wherever registrations change (after the commit): as
 * page_write, with a failure logged as a warning, never passed on (the
 * change stands; the next one, or the next start, writes the page).
 */
void page_update(struct store *, const struct config *, int64_t sprint_id);
/* The same for every sprint in the store: at daemon start. */
void page_update_all(struct store *, const struct config *);
/* Removes the temporary files that writers which are gone (a crash, a
 * power cut) left in publish_dir's SLUG directories: at daemon start. */
void page_clean_all(const struct config *);

#endif
