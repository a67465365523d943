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
 * render.h -- sprintd's small template engine.
 *
 * A template file is a header part ("Name: value" lines), a blank line and
 * a body. Tags:
 *   {{name}} {{rec.field}}      a value (header part: CR, LF and controls
 *                               removed; body: newlines kept, controls not)
 *   {{name|pad:N}}              left-aligned in N columns, cut to N-1 so a
 *                               table column always keeps a space after it
 *   {{name|rule:C}}             the character C once per character of the
 *                               value: the underline of a title
 *   {{name|date}}               a "YYYY-MM-DD" value as prose writes a day,
 *                               "Sun 7 Jan"; any other value as it is
 *   {{#if name}}..{{else}}..{{/if}}   true: a non-empty string or list
 *   {{#each list}}..{{/each}}   once per record of the list; its fields are
 *                               visible by their bare names inside
 *   {{! comment }}              dropped
 * A line holding only a block tag or a comment disappears entirely.
 *
 * Every name a template uses is checked when it is loaded against the
 * names its kind declares ("sprint.name", "people", "people.name"...), so
 * a typo fails at start-up, never as a blank in a sent mail.
 */
#ifndef SPRINTD_RENDER_H
#define SPRINTD_RENDER_H

#include <stddef.h>

#include "dates.h"
#include "util.h"

/* A value: a record of named strings, records and lists of records. */
struct render_val;

/* A new, empty record. */
struct render_val *render_rec_new(void);
void render_val_free(struct render_val **);
/* Sets a string field (NULL as ""), replacing an earlier value. */
void render_set(struct render_val *, const char *name, const char *value);
void render_setf(struct render_val *, const char *name, const char *fmt, ...)
    PRINTFLIKE(3, 4);
/* Sets a field to "yes" when flag is non-zero, else to "" (false). */
void render_set_flag(struct render_val *, const char *name, int flag);
/* Returns the record field name, created empty when absent. */
struct render_val *render_sub(struct render_val *, const char *name);
/* Appends a new record to the list field name (created when absent) and
 * returns it; an existing empty list is made by render_list. */
struct render_val *render_list_add(struct render_val *, const char *name);
void render_list(struct render_val *, const char *name);

/* The longest day render_day writes, with its NUL. */
#define RENDER_DAY_LEN	16
/* Writes a day as mail prose writes it: "Sun 7 Jan" (no year). */
void render_day(day_t, char out[RENDER_DAY_LEN]);
/* Returns iso ("YYYY-MM-DD") as render_day writes it, in out; any other
 * text (blank, "?") is returned as it is. */
const char *render_human_date(const char *iso, char out[RENDER_DAY_LEN]);

struct render_tmpl;

/*
 * Parses a template. vars is a NULL-terminated list of the names it may
 * use. Returns 0 and a new *out, or -1 with *cause as "FILE:LINE: what is
 * wrong" (unknown variable, unclosed or stray block, unknown directive).
 */
int render_parse(const char *file, const char *text, size_t len,
    const char *const *vars, struct render_tmpl **out, char **cause);
/*
 * Finds the file name in override_dir (may be NULL), else in
 * $SPRINTD_TEMPLATES, else in SPRINTD_DATADIR/templates, and parses it as
 * render_parse does.
 */
int render_load(const char *override_dir, const char *name,
    const char *const *vars, struct render_tmpl **out, char **cause);
void render_free(struct render_tmpl **);
/* The path the template was read from. */
const char *render_file(const struct render_tmpl *);

struct render_header {
	char	*name;
	char	*value;		/* no CR, LF or controls */
};
struct render_out {
	struct render_header	*headers;
	size_t			 nheaders;
	char			*body;	/* LF line ends */
};

/*
 * Renders the template with the values of root. Returns 0 and fills *out
 * (clear it with render_out_clear), or -1 with *cause (a header line that
 * is not "Name: value", or output past the size cap).
 */
int render_run(const struct render_tmpl *, const struct render_val *root,
    struct render_out *out, char **cause);
/* Returns the value of header name (case-insensitive), or NULL. */
const char *render_out_header(const struct render_out *, const char *name);
void render_out_clear(struct render_out *);

#endif
