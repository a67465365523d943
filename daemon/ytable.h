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
 * ytable.h -- YAML documents read through tables of keys, types and checks
 * (after Dovecot's settings parser). Used by config.c and sprint.c so that
 * every error names the file, the line and the key.
 */
#ifndef SPRINTD_YTABLE_H
#define SPRINTD_YTABLE_H

#include <stddef.h>
#include <yaml.h>

struct ytable {
	yaml_document_t	 doc;
	const char	*name;		/* file name for messages */
	int		 loaded;
};

enum ytable_type {
	YTABLE_STRING,		/* char * */
	YTABLE_INT,		/* int */
	YTABLE_DATE,		/* day_t, YYYY-MM-DD; sets the int at
				 * offset2 to 1 when given, if offset2 != 0 */
	YTABLE_STRLIST,		/* char ** at offset, size_t count at offset2 */
	YTABLE_MAP,		/* nested table "sub" on the same object */
	YTABLE_CUSTOM,		/* "parse" is called with the node */
};

struct ytable_key;
typedef int (*ytable_fn)(struct ytable *, yaml_node_t *, void *obj,
    const char *path, char **cause);
/* A check of a parsed string value: returns NULL when fine, or a message. */
typedef const char *(*ytable_check)(const char *value);

struct ytable_key {
	const char		*key;
	enum ytable_type	 type;
	size_t			 offset;
	size_t			 offset2;
	int			 required;
	ytable_check		 check;
	const struct ytable_key	*sub;
	ytable_fn		 parse;
};

/*
 * Loads one YAML document from a string. Returns 0, or -1 with *cause
 * "NAME:LINE: ..." for syntax errors and empty documents.
 */
int ytable_load(struct ytable *, const char *name, const char *data,
    size_t len, char **cause);
void ytable_free(struct ytable *);
/* The root node, or NULL. */
yaml_node_t *ytable_root(struct ytable *);

/*
 * Applies a table to a mapping node: every key must be known, every value
 * of the right type and pass its check, every required key present.
 * prefix is the dotted path of the mapping ("" at the top). Returns 0 or
 * -1 with *cause "NAME:LINE: KEY: what is wrong".
 */
int ytable_apply(struct ytable *, yaml_node_t *map,
    const struct ytable_key *table, void *obj, const char *prefix,
    char **cause);

/* Helpers for custom parsers. */
int ytable_line(yaml_node_t *);
char *ytable_error(struct ytable *, yaml_node_t *, const char *path,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Returns the scalar's value, or NULL when the node is not a scalar. */
const char *ytable_scalar(yaml_node_t *);
yaml_node_t *ytable_node(struct ytable *, int index);

#endif
