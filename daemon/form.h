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
 * form.h -- the "Key: value" lines of a reply (a registration form, an
 * evaluation), read against a table of known keys, misspellings included.
 */
#ifndef SPRINTD_FORM_H
#define SPRINTD_FORM_H

#include <stddef.h>

/* Longer "keys" are prose, not a field; values are capped by default. */
#define FORM_MAX_KEY		40
#define FORM_MAX_VALUE		500
#define FORM_MAX_LINES		20000

struct form_key {
	const char	*name;		/* as the form writes it: "Arrive/Depart" */
	int		 id;		/* the caller's code; aliases share one */
	int		 multiline;	/* the value runs on to the next key */
	size_t		 max;		/* cap in bytes; 0: FORM_MAX_VALUE */
};

struct form_field {
	int		 id;		/* the matched key's id */
	int		 near;		/* 1: misspelled key, matched by distance */
	const char	*suggest;	/* first table name with that id */
	char		*written;	/* the key as written, controls stripped */
	char		*value;		/* trimmed, controls stripped, LF kept */
	int		 truncated;	/* the value was cut to the cap */
	size_t		 line;		/* 1-based line of the key */
};

struct form {
	struct form_field	*fields;
	size_t			 nfields;
};

/*
 * Reads every key line of text against keys. Keys match case-insensitively
 * with spaces, '-' and '_' ignored ("arrive / depart", "First-sprint"); a
 * key within a small edit distance of a known one is returned with near set.
 * Returns a new form (possibly empty); never fails.
 */
struct form *form_read(const char *text, const struct form_key *keys,
    size_t nkeys);
void form_free(struct form **);
/* Returns 1 for yes (yes/y/true/ja/oui...), 0 for no, -1 for neither. */
int form_yesno(const char *value);
/* Optimal string alignment distance of two strings, capped at cap + 1. */
int form_distance(const char *a, const char *b, int cap);
/* Writes the normal form of a key (lower case, no space, '-', '_') to out. */
void form_key_norm(const char *key, char *out, size_t outsz);
/* Cuts s to at most max bytes on a UTF-8 boundary; returns 1 if it cut. */
int form_cap_utf8(char *s, size_t max);
/* Replaces invalid UTF-8 in s (in place, same or shorter) with '?'. */
void form_fix_utf8(char *s);

#endif
