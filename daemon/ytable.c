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

/* ytable.c -- YAML documents read through tables of keys. */
#include "config-auto.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "form.h"
#include "log.h"
#include "util.h"
#include "ytable.h"

#define YTABLE_MAX_DOC	(1024 * 1024)

/*
 * 1 when line (0-based) of data has a tab in its indentation or right
 * after a key's colon: libyaml then only says it "cannot start any
 * token", which does not tell a person that the invisible tab is it.
 */
static int
ytable_tab_line(const char *data, size_t len, size_t line)
{
	const char	*p = data, *end = data + len, *nl;

	while (line > 0 && p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return 0;
		p = nl + 1;
		line--;
	}
	if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
		nl = end;
	while (p < nl && (*p == ' ' || *p == '-'))
		p++;
	if (p < nl && *p == '\t')
		return 1;
	for (; p + 1 < nl; p++) {
		if (*p == ':' && p[1] == '\t')
			return 1;
	}
	return 0;
}

int
ytable_load(struct ytable *y, const char *name, const char *data, size_t len,
    char **cause)
{
	yaml_parser_t	 parser;

	memset(y, 0, sizeof *y);
	y->name = name;
	if (len > YTABLE_MAX_DOC) {
		*cause = xprintf("%s: larger than %d bytes", name,
		    YTABLE_MAX_DOC);
		return -1;
	}
	if (!yaml_parser_initialize(&parser)) {
		*cause = xprintf("%s: cannot initialise the YAML parser", name);
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	if (!yaml_parser_load(&parser, &y->doc)) {
		if (ytable_tab_line(data, len, parser.problem_mark.line) != 0)
			*cause = xprintf("%s:%zu: a tab: YAML indents with "
			    "spaces only", name, parser.problem_mark.line + 1);
		else
			*cause = xprintf("%s:%zu: YAML syntax error: %s%s%s",
			    name, parser.problem_mark.line + 1,
			    parser.problem ? parser.problem : "unknown",
			    parser.context ? " " : "",
			    parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return -1;
	}
	yaml_parser_delete(&parser);
	if (yaml_document_get_root_node(&y->doc) == NULL) {
		yaml_document_delete(&y->doc);
		*cause = xprintf("%s:1: the file is empty", name);
		return -1;
	}
	y->loaded = 1;
	return 0;
}

void
ytable_free(struct ytable *y)
{
	if (y->loaded)
		yaml_document_delete(&y->doc);
	y->loaded = 0;
}

yaml_node_t *
ytable_root(struct ytable *y)
{
	return yaml_document_get_root_node(&y->doc);
}

yaml_node_t *
ytable_node(struct ytable *y, int index)
{
	return yaml_document_get_node(&y->doc, index);
}

int
ytable_line(yaml_node_t *node)
{
	return (int)node->start_mark.line + 1;
}

char *
ytable_error(struct ytable *y, yaml_node_t *node, const char *path,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *out;

	va_start(ap, fmt);
	msg = xvprintf(fmt, ap);
	va_end(ap);
	if (path != NULL && *path != '\0')
		out = xprintf("%s:%d: %s: %s", y->name, ytable_line(node), path,
		    msg);
	else
		out = xprintf("%s:%d: %s", y->name, ytable_line(node), msg);
	free(msg);
	return out;
}

const char *
ytable_scalar(yaml_node_t *node)
{
	if (node == NULL || node->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)node->data.scalar.value;
}

static const char *
ytable_type_name(enum ytable_type type)
{
	switch (type) {
	case YTABLE_STRING:
		return "a string";
	case YTABLE_INT:
		return "a whole number";
	case YTABLE_DATE:
		return "a date (YYYY-MM-DD)";
	case YTABLE_STRLIST:
		return "a list of strings";
	case YTABLE_MAP:
		return "a mapping of keys";
	case YTABLE_CUSTOM:
		break;
	}
	return "a value";
}

/* 1 when s has the shape NNNN-NN-NN, whether or not the day exists. */
static int
ytable_iso_shape(const char *s)
{
	static const char	 shape[] = "dddd-dd-dd";
	size_t			 i;

	for (i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) :
		    s[i] != shape[i])
			return 0;
	}
	return s[i] == '\0';
}

/* The key of table nearest to key (a typo), or NULL when none is near. */
static const char *
ytable_suggest(const struct ytable_key *table, const char *key)
{
	const char	*best = NULL;
	int		 d, cap, bestd;

	cap = strlen(key) <= 4 ? 1 : 2;
	bestd = cap + 1;
	for (; table->key != NULL; table++) {
		d = form_distance(key, table->key, cap);
		if (d < bestd) {
			bestd = d;
			best = table->key;
		}
	}
	return best;
}

static int
ytable_value(struct ytable *y, yaml_node_t *node, const struct ytable_key *k,
    void *obj, const char *path, char **cause)
{
	char		*base = obj;
	const char	*s, *problem;
	yaml_node_item_t *it;
	char		**list;
	size_t		 n;
	long		 l = 0;
	char		*end;
	day_t		 day = 0;

	switch (k->type) {
	case YTABLE_CUSTOM:
		return k->parse(y, node, obj, path, cause);
	case YTABLE_MAP:
		if (node->type != YAML_MAPPING_NODE)
			goto wrong_type;
		return ytable_apply(y, node, k->sub, obj, path, cause);
	case YTABLE_STRLIST:
		if (node->type != YAML_SEQUENCE_NODE)
			goto wrong_type;
		n = (size_t)(node->data.sequence.items.top -
		    node->data.sequence.items.start);
		list = xcalloc(n + 1, sizeof *list);
		n = 0;
		for (it = node->data.sequence.items.start;
		    it < node->data.sequence.items.top; it++) {
			yaml_node_t	*item = ytable_node(y, *it);

			if ((s = ytable_scalar(item)) == NULL || *s == '\0') {
				*cause = ytable_error(y, item, path,
				    "expected %s", ytable_type_name(k->type));
				goto fail_list;
			}
			if (k->check != NULL &&
			    (problem = k->check(s)) != NULL) {
				*cause = ytable_error(y, item, path, "\"%s\": %s",
				    s, problem);
				goto fail_list;
			}
			list[n++] = xstrdup(s);
		}
		*(char ***)(base + k->offset) = list;
		*(size_t *)(base + k->offset2) = n;
		return 0;
	fail_list:
		while (n > 0)
			free(list[--n]);
		free(list);
		return -1;
	default:
		break;
	}

	if ((s = ytable_scalar(node)) == NULL)
		goto wrong_type;
	switch (k->type) {
	case YTABLE_STRING:
		if (*s == '\0') {
			*cause = ytable_error(y, node, path, "must not be empty");
			return -1;
		}
		break;
	case YTABLE_INT:
		errno = 0;
		l = strtol(s, &end, 10);
		if (*s == '\0' || *end != '\0' || errno != 0 || l < INT_MIN ||
		    l > INT_MAX) {
			*cause = ytable_error(y, node, path,
			    "\"%s\" is not a whole number", s);
			return -1;
		}
		break;
	case YTABLE_DATE:
		if (!ytable_iso_shape(s)) {
			*cause = ytable_error(y, node, path,
			    "\"%s\": wrong format, expected YYYY-MM-DD", s);
			return -1;
		}
		if (dates_parse_iso(s, &day) == -1) {
			*cause = ytable_error(y, node, path,
			    "\"%s\" is not a real date: expected YYYY-MM-DD",
			    s);
			return -1;
		}
		break;
	default:
		break;
	}
	if (k->check != NULL && (problem = k->check(s)) != NULL) {
		*cause = ytable_error(y, node, path, "\"%s\": %s", s, problem);
		return -1;
	}
	switch (k->type) {
	case YTABLE_STRING:
		free(*(char **)(base + k->offset));
		*(char **)(base + k->offset) = xstrdup(s);
		break;
	case YTABLE_INT:
		*(int *)(base + k->offset) = (int)l;
		break;
	case YTABLE_DATE:
		*(day_t *)(base + k->offset) = day;
		if (k->offset2 != 0)
			*(int *)(base + k->offset2) = 1;
		break;
	default:
		break;
	}
	return 0;

wrong_type:
	*cause = ytable_error(y, node, path, "expected %s",
	    ytable_type_name(k->type));
	return -1;
}

int
ytable_apply(struct ytable *y, yaml_node_t *map,
    const struct ytable_key *table, void *obj, const char *prefix,
    char **cause)
{
	const struct ytable_key	*k;
	yaml_node_pair_t	*pair;
	unsigned char		 seen[64];
	size_t			 i, nkeys;
	char			*path = NULL;

	for (nkeys = 0; table[nkeys].key != NULL; nkeys++)
		;
	if (nkeys > sizeof seen)
		fatalx("ytable: table too large");
	memset(seen, 0, sizeof seen);
	if (map->type != YAML_MAPPING_NODE) {
		*cause = ytable_error(y, map, prefix, "expected a mapping of "
		    "keys");
		return -1;
	}
	for (pair = map->data.mapping.pairs.start;
	    pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t	*kn = ytable_node(y, pair->key);
		yaml_node_t	*vn = ytable_node(y, pair->value);
		const char	*key = ytable_scalar(kn);

		if (key == NULL) {
			*cause = ytable_error(y, kn, prefix,
			    "keys must be plain words");
			goto fail;
		}
		path = *prefix ? xprintf("%s.%s", prefix, key) : xstrdup(key);
		for (i = 0; i < nkeys; i++) {
			if (strcmp(table[i].key, key) == 0)
				break;
		}
		if (i == nkeys) {
			const char	*near = ytable_suggest(table, key);

			if (near != NULL)
				*cause = ytable_error(y, kn, path, "unknown "
				    "key: did you mean `%s`?", near);
			else
				*cause = ytable_error(y, kn, path,
				    "unknown key");
			goto fail;
		}
		if (seen[i]) {
			*cause = ytable_error(y, kn, path, "given twice");
			goto fail;
		}
		seen[i] = 1;
		if (ytable_value(y, vn, &table[i], obj, path, cause) == -1)
			goto fail;
		xfree(&path);
	}
	for (i = 0; i < nkeys; i++) {
		k = &table[i];
		if (k->required && !seen[i]) {
			path = *prefix ? xprintf("%s.%s", prefix, k->key) :
			    xstrdup(k->key);
			*cause = ytable_error(y, map, path,
			    "missing (required key)");
			goto fail;
		}
	}
	return 0;
fail:
	free(path);
	return -1;
}
