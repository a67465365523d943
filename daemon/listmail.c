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


/* listmail.c -- list delivery forms read back to the posts they carry. */

#include "config-auto.h"

#include <stdlib.h>
#include <string.h>

#include "listmail.h"
#include "mime.h"
#include "util.h"

static int
listmail_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && util_strcaseeq(a, b);
}

/* The list's -request address ("list-request@domain"), or NULL. */
static char *
listmail_request(const char *list)
{
	const char	*at;

	if (list == NULL || (at = strrchr(list, '@')) == NULL || at == list)
		return NULL;
	return xprintf("%.*s-request%s", (int)(at - list), list, at);
}

/* A Mailman digest's subject: "List Digest, Vol 1, Issue 2". */
static int
listmail_digest_subject(const char *subj)
{
	return subj != NULL && strstr(subj, " Digest, Vol ") != NULL;
}

/* Whether text reads as an RFC 1153 digest: its topics, then its first
 * message numbered. */
static int
listmail_digest_text(const char *text)
{
	const char	*p;

	if (text == NULL || (p = strstr(text, "Today's Topics:")) == NULL)
		return 0;
	return strstr(p, "\nMessage: 1\n") != NULL;
}

static void
listmail_add(struct listmail *lm, const char *raw, const struct mime_part *p)
{
	struct listmail_post	*post;

	lm->posts = xreallocarray(lm->posts, lm->nposts + 1,
	    sizeof *lm->posts);
	post = &lm->posts[lm->nposts++];
	memset(post, 0, sizeof *post);
	post->raw = raw + p->off;
	post->len = p->len;
	if (mime_parse(post->raw, post->len, &post->m, &post->why) == -1)
		post->m = NULL;
}

/* Whether the wrapper m names addr as its poster. */
static int
listmail_names(const struct mime_msg *m, const char *addr)
{
	size_t	 i;

	if (listmail_eq(m->reply_to, addr) || listmail_eq(m->orig_from, addr))
		return 1;
	for (i = 0; i < m->ncc; i++)
		if (listmail_eq(m->cc[i].addr, addr))
			return 1;
	return 0;
}

enum listmail_form
listmail_unwrap(const char *raw, size_t len, struct mime_msg *m,
    const char *list, struct listmail *out)
{
	struct listmail_post	*post;
	char			*request;
	size_t			 i, ndigest = 0;

	(void)len;
	memset(out, 0, sizeof *out);
	m->list_form = LISTMAIL_DIRECT;
	if (list == NULL || m->from_addr == NULL)
		return LISTMAIL_DIRECT;
	for (i = 0; i < m->nparts; i++)
		ndigest += m->parts[i].digest != 0;

	request = listmail_request(list);
	if (listmail_eq(m->from_addr, request)) {
		if (ndigest > 0) {
			for (i = 0; i < m->nparts; i++)
				if (m->parts[i].digest)
					listmail_add(out, raw, &m->parts[i]);
			out->form = LISTMAIL_DIGEST;
		} else if (listmail_digest_subject(m->subject) ||
		    listmail_digest_text(m->text))
			out->form = LISTMAIL_TEXT_DIGEST;
	} else if (listmail_eq(m->from_addr, list) && ndigest == 0 &&
	    m->nparts == 1) {
		listmail_add(out, raw, &m->parts[0]);
		post = &out->posts[0];
		/* A message the poster forwarded whole is theirs to send:
		 * only the poster's own post is read as the post. */
		if (post->m != NULL && post->m->from_addr != NULL &&
		    !listmail_eq(post->m->from_addr, list) &&
		    listmail_names(m, post->m->from_addr))
			out->form = LISTMAIL_WRAPPED;
		else
			listmail_clear(out);
	}
	free(request);
	m->list_form = out->form;
	return out->form;
}

void
listmail_clear(struct listmail *lm)
{
	size_t	 i;

	for (i = 0; i < lm->nposts; i++) {
		mime_free(&lm->posts[i].m);
		free(lm->posts[i].why);
	}
	free(lm->posts);
	memset(lm, 0, sizeof *lm);
}

/* The name before the last " via " of a rewritten From, unquoted
 * ("'Anna' via list", as Google Groups writes it); new, or NULL. */
static char *
listmail_via_name(const char *name)
{
	const char	*p, *via = NULL;
	char		*s;
	size_t		 n;

	if (name == NULL)
		return NULL;
	for (p = name; (p = strchr(p, ' ')) != NULL; p++)
		if (util_strncaseeq(p, " via ", 5) && p[5] != '\0')
			via = p;
	if (via == NULL)
		return NULL;
	s = xstrndup(name, (size_t)(via - name));
	util_trim(s);
	n = strlen(s);
	if (n >= 2 && (s[0] == '\'' || s[0] == '"') && s[n - 1] == s[0]) {
		s[n - 1] = '\0';
		memmove(s, s + 1, n - 1);
		util_trim(s);
	}
	if (*s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/* Whether Cc entry a is the one Mailman named "name via List": by its
 * display name; without one, Mailman writes the address, its domain made
 * "---". */
static int
listmail_name_matches(const struct mime_addr *a, const char *name)
{
	const char	*at;
	size_t		 n;

	if (a->name != NULL)
		return util_strcaseeq(a->name, name);
	if (util_strcaseeq(a->addr, name))
		return 1;
	if ((at = strrchr(a->addr, '@')) == NULL)
		return 0;
	n = (size_t)(at - a->addr);
	return strlen(name) == n + 3 && util_strncaseeq(a->addr, name, n) &&
	    strcmp(name + n, "---") == 0;
}

const struct mime_addr *
listmail_cc_poster(const struct mime_msg *m,
    int (*is_list)(const char *, void *), void *arg)
{
	const struct mime_addr	*one = NULL;
	char			*name;
	size_t			 i;

	if (m->reply_to == NULL || !is_list(m->reply_to, arg) ||
	    (name = listmail_via_name(m->from_name)) == NULL)
		return NULL;
	for (i = 0; i < m->ncc; i++) {
		if (is_list(m->cc[i].addr, arg))
			continue;
		if (one != NULL) {
			one = NULL;	/* two: which one wrote it? */
			break;
		}
		one = &m->cc[i];
	}
	if (one != NULL && !listmail_name_matches(one, name))
		one = NULL;
	free(name);
	return one;
}

/* Whether c separates words in a list's name ('-', '_', '.', ' '). */
static int
listmail_sep(char c)
{
	return c == '-' || c == '_' || c == '.' || c == ' ';
}

size_t
listmail_prefix_len(const char *subj, const char *list)
{
	const char	*at, *p, *q, *e;

	if (subj == NULL || list == NULL || subj[0] != '[' ||
	    (at = strrchr(list, '@')) == NULL || at == list ||
	    (e = strchr(subj, ']')) == NULL)
		return 0;
	/* The tag's name, a post number after it aside. */
	for (q = e; q > subj + 1 && q[-1] >= '0' && q[-1] <= '9'; q--)
		;
	if (q < e && q > subj + 1 && q[-1] == ' ')
		e = q - 1;
	for (p = subj + 1, q = list; p < e && q < at; p++, q++) {
		if (listmail_sep(*p) && listmail_sep(*q))
			continue;
		if (util_lc((unsigned char)*p) != util_lc((unsigned char)*q))
			return 0;
	}
	if (p != e || q != at)
		return 0;
	for (p = strchr(subj, ']') + 1; *p == ' ' || *p == '\t'; p++)
		;
	return (size_t)(p - subj);
}

const char *
listmail_auto_reason(const struct mime_msg *m)
{
	switch (m->list_form) {
	case LISTMAIL_DIGEST:
		return "MIME digest of the list (each post in it is read "
		    "as a message of its own)";
	case LISTMAIL_TEXT_DIGEST:
		return LISTMAIL_TEXT_DIGEST_REASON " (RFC 1153): the posts in "
		    "it cannot be read; subscribe sprintd's mailbox to the "
		    "list with regular delivery or MIME digests";
	default:
		return NULL;
	}
}
