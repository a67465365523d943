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
 * form.c -- "Key: value" lines of a reply, read against a table of keys.
 *
 * People fill the form by hand: keys come in any case, with stray spaces
 * or dashes, sometimes misspelled, and free-text values (Notes, evaluation
 * answers) run over several lines. A misspelled key is returned as such so
 * that the caller can say "did you mean", rather than dropping the value.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "util.h"

/* Words that close a letter: after a blank line they end a free-text value. */
static const char *form_signoffs[] = {
	"cheers", "thanks", "thank you", "thx", "best", "regards",
	"kind regards", "best regards", "greetings", "bye", "ciao", "see you",
	"cu", "yours", "all the best", "gruss", "gruß", "grüße", "viele grüße",
	"liebe grüße", "mfg", "cordialement", "amitiés", "bien à vous",
	"salut", "saludos", "un saluto", "groeten", "hälsningar",
};

void
form_key_norm(const char *key, char *out, size_t outsz)
{
	size_t	 n = 0;

	if (outsz == 0)
		return;
	for (; *key != '\0' && n + 1 < outsz; key++) {
		unsigned char	 c = (unsigned char)*key;

		if (c == ' ' || c == '\t' || c == '-' || c == '_' || c == '.')
			continue;
		out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
}

int
form_distance(const char *a, const char *b, int cap)
{
	int	 d[FORM_MAX_KEY + 2][FORM_MAX_KEY + 2];
	size_t	 la = strlen(a), lb = strlen(b), i, j;
	int	 best, v;

	if (la > FORM_MAX_KEY || lb > FORM_MAX_KEY)
		return cap + 1;
	if ((la > lb ? la - lb : lb - la) > (size_t)cap)
		return cap + 1;
	for (i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= la; i++) {
		best = cap + 1;
		for (j = 1; j <= lb; j++) {
			int	 cost = a[i - 1] == b[j - 1] ? 0 : 1;

			v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < best)
				best = v;
		}
		if (best > cap)
			return cap + 1;
	}
	return d[la][lb] > cap ? cap + 1 : d[la][lb];
}

int
form_cap_utf8(char *s, size_t max)
{
	size_t	 len = strlen(s);

	if (len <= max)
		return 0;
	/* Back off continuation bytes so no character is cut in half. */
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	s[max] = '\0';
	return 1;
}

void
form_fix_utf8(char *s)
{
	unsigned char	*p = (unsigned char *)s;
	size_t		 n, i;

	while (*p != '\0') {
		unsigned int	 c = *p, cp;

		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			*p++ = '?';
			continue;
		}
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				break;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (i <= n || (n == 2 && cp < 0x800) ||
		    (n == 2 && cp >= 0xd800 && cp <= 0xdfff) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10ffff))) {
			*p++ = '?';
			continue;
		}
		p += n + 1;
	}
}

int
form_yesno(const char *value)
{
	static const char	*yes[] = { "yes", "y", "true", "ja", "j", "oui",
	    "si", "yep", "yeah", "sure" };
	static const char	*no[] = { "no", "n", "false", "nein", "non",
	    "nope" };
	char			 w[16];
	size_t			 n = 0, i;

	while (*value == ' ' || *value == '\t')
		value++;
	while (isalpha((unsigned char)*value) && n + 1 < sizeof w)
		w[n++] = (char)tolower((unsigned char)*value++);
	w[n] = '\0';
	if (n == 0 || isalpha((unsigned char)*value))
		return -1;
	for (i = 0; i < nitems(yes); i++)
		if (strcmp(w, yes[i]) == 0)
			return 1;
	for (i = 0; i < nitems(no); i++)
		if (strcmp(w, no[i]) == 0)
			return 0;
	return -1;
}

/* Returns 1 when a trimmed line reads as the close of a letter. */
static int
form_is_signoff(const char *line, size_t len)
{
	size_t	 i, n;

	if (len == 0 || len > 40)
		return 0;
	for (i = 0; i < nitems(form_signoffs); i++) {
		n = strlen(form_signoffs[i]);
		if (len < n || !util_strncaseeq(line, form_signoffs[i], n))
			continue;
		if (len == n || !isalnum((unsigned char)line[n]))
			return 1;
	}
	return 0;
}

/*
 * Finds a key at the start of line: returns the length of the part before
 * ':' (0 when the line is not a key line) and sets *vstart to the value.
 */
static size_t
form_key_at(const char *line, size_t len, size_t *kstart, size_t *vstart)
{
	size_t	 i = 0, k;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	/* A bullet before the key: "* Name:", "- Arrive:". */
	if (i + 1 < len && (line[i] == '*' || line[i] == '-') &&
	    line[i + 1] == ' ') {
		i += 2;
		while (i < len && line[i] == ' ')
			i++;
	}
	if (i >= len || !isalpha((unsigned char)line[i]))
		return 0;
	*kstart = i;
	for (k = i; k < len && k - i <= FORM_MAX_KEY; k++) {
		unsigned char	 c = (unsigned char)line[k];

		if (c == ':') {
			*vstart = k + 1;
			while (k > i && (line[k - 1] == ' ' || line[k - 1] == '\t'))
				k--;
			return k - i;
		}
		if (!isalnum(c) && strchr(" \t/-_.&", c) == NULL)
			return 0;
	}
	return 0;
}

/* Matches a written key; returns the table index or -1, *near as found. */
static int
form_match(const char *written, const struct form_key *keys, size_t nkeys,
    int *near)
{
	char	 norm[FORM_MAX_KEY + 1], kn[FORM_MAX_KEY + 1];
	size_t	 i, nlen;
	int	 best = -1, bestd = 99, cap, d;

	*near = 0;
	form_key_norm(written, norm, sizeof norm);
	nlen = strlen(norm);
	if (nlen == 0)
		return -1;
	for (i = 0; i < nkeys; i++) {
		form_key_norm(keys[i].name, kn, sizeof kn);
		if (strcmp(norm, kn) == 0)
			return (int)i;
	}
	/* Short words are too close to each other: "date" is not "name". */
	if (nlen < 4)
		return -1;
	for (i = 0; i < nkeys; i++) {
		form_key_norm(keys[i].name, kn, sizeof kn);
		cap = nlen >= 6 && strlen(kn) >= 6 ? 2 : 1;
		d = form_distance(norm, kn, cap);
		if (d <= cap && d < bestd) {
			best = (int)i;
			bestd = d;
		}
	}
	if (best != -1)
		*near = 1;
	return best;
}

/* Appends what fits under the buffer's cap; returns 1 when it cut. */
static int
form_add(struct buf *b, const char *p, size_t n)
{
	size_t	 room = b->max - b->len;

	if (n > room) {
		buf_add(b, p, room);
		return 1;
	}
	buf_add(b, p, n);
	return 0;
}

static const char *
form_suggest(const struct form_key *keys, size_t nkeys, int id)
{
	size_t	 i;

	for (i = 0; i < nkeys; i++)
		if (keys[i].id == id)
			return keys[i].name;
	return "";
}

/* Finishes a value: trailing blank lines and space off, controls out. */
static void
form_finish(struct form_field *f, struct buf *b, size_t max)
{
	char	*v;

	v = buf_steal(b, NULL);
	/* Controls go, except LF between lines of a free-text value. */
	{
		char	*r, *w;

		for (r = w = v; *r != '\0'; r++) {
			unsigned char	 c = (unsigned char)*r;

			if (c == '\t')
				*w++ = ' ';
			else if (c == '\n' || (c >= 0x20 && c != 0x7f))
				*w++ = (char)c;
		}
		*w = '\0';
	}
	util_trim(v);
	form_fix_utf8(v);
	if (form_cap_utf8(v, max))
		f->truncated = 1;
	util_trim(v);
	f->value = v;
}

struct form *
form_read(const char *text, const struct form_key *keys, size_t nkeys)
{
	struct form		*form = xcalloc(1, sizeof *form);
	struct form_field	*cur = NULL;
	struct buf		 b;
	const char		*p, *eol, *q;
	size_t			 len, ks, vs, klen, nlines = 0, max = 0, alloc = 0;
	int			 idx, near, pending_blank = 0;

	buf_init(&b, 0);
	if (text == NULL)
		return form;
	for (p = text; *p != '\0' && nlines < FORM_MAX_LINES; p = eol) {
		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		len = (size_t)(eol - p);
		if (*eol == '\n')
			eol++;
		nlines++;
		if (len > 0 && p[len - 1] == '\r')
			len--;

		klen = form_key_at(p, len, &ks, &vs);
		idx = -1;
		near = 0;
		if (klen > 0) {
			char	*w = xstrndup(p + ks, klen);

			idx = form_match(w, keys, nkeys, &near);
			if (idx == -1)
				free(w);
			else {
				struct form_field	*f;

				if (cur != NULL)
					form_finish(cur, &b, max);
				cur = NULL;
				if (form->nfields == alloc) {
					alloc = alloc == 0 ? 8 : alloc * 2;
					form->fields = xreallocarray(
					    form->fields, alloc, sizeof *f);
				}
				f = &form->fields[form->nfields++];
				memset(f, 0, sizeof *f);
				f->id = keys[idx].id;
				f->near = near;
				f->suggest = form_suggest(keys, nkeys, f->id);
				util_strip_controls(w);
				f->written = w;
				f->line = nlines;
				max = keys[idx].max ? keys[idx].max : FORM_MAX_VALUE;
				buf_init(&b, max + 8);
				f->truncated = form_add(&b, p + vs, len - vs);
				if (keys[idx].multiline) {
					cur = f;
					pending_blank = 0;
				} else
					form_finish(f, &b, max);
				continue;
			}
		}
		if (cur == NULL)
			continue;
		/* A line of a multi-line value. */
		for (q = p; q < p + len && (*q == ' ' || *q == '\t'); q++)
			;
		if (q == p + len) {
			pending_blank++;
			continue;
		}
		if (pending_blank && form_is_signoff(q,
		    (size_t)(p + len - q))) {
			form_finish(cur, &b, max);
			cur = NULL;
			continue;
		}
		if (b.len > max) {
			cur->truncated = 1;
			continue;
		}
		while (pending_blank > 0) {
			if (b.len > 0)
				form_add(&b, "\n", 1);
			pending_blank--;
		}
		if (b.len > 0)
			form_add(&b, "\n", 1);
		if (form_add(&b, p, len))
			cur->truncated = 1;
	}
	if (cur != NULL)
		form_finish(cur, &b, max);
	buf_free(&b);
	return form;
}

void
form_free(struct form **fp)
{
	struct form	*form = *fp;
	size_t		 i;

	if (form == NULL)
		return;
	for (i = 0; i < form->nfields; i++) {
		free(form->fields[i].written);
		free(form->fields[i].value);
	}
	free(form->fields);
	free(form);
	*fp = NULL;
}
