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

/* util.c -- allocation, capped buffers, strings. */
#include "config-auto.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static void __attribute__((noreturn))
oom(void)
{
	fputs("sprintd: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void	*p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > SIZE_MAX / size)
		oom();
	p = realloc(old, n * size != 0 ? n * size : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len = strnlen(s, n);

	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xvprintf(const char *fmt, va_list ap)
{
	char	*s;

	if (vasprintf(&s, fmt, ap) == -1)
		oom();
	return s;
}

char *
xprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvprintf(fmt, ap);
	va_end(ap);
	return s;
}

void
xfree(void *pp)
{
	void	**p = pp;

	free(*p);
	*p = NULL;
}

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max ? max : BUF_MAX_DEFAULT;
	b->failed = 0;
}

int
buf_add(struct buf *b, const void *p, size_t n)
{
	size_t	 need;

	if (b->failed || n > b->max || b->len > b->max - n) {
		b->failed = 1;
		return -1;
	}
	need = b->len + n + 1;
	if (need > b->cap) {
		size_t	 cap = b->cap ? b->cap : 64;

		while (cap < need)
			cap *= 2;
		if (cap > b->max + 1)
			cap = b->max + 1;
		b->data = xreallocarray(b->data, cap, 1);
		b->cap = cap;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_addstr(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_addch(struct buf *b, char c)
{
	/* Room for c and the NUL: no call, no copy (headers are unfolded
	 * and decoded a byte at a time). */
	if (b->len + 2 <= b->cap && b->len < b->max && !b->failed) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return buf_add(b, &c, 1);
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 r;

	va_start(ap, fmt);
	s = xvprintf(fmt, ap);
	va_end(ap);
	r = buf_addstr(b, s);
	free(s);
	return r;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

char *
buf_steal(struct buf *b, size_t *lenp)
{
	char	*p = b->data;

	if (p == NULL)
		p = xstrdup("");
	if (lenp != NULL)
		*lenp = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
	return p;
}

void
buf_free(struct buf *b)
{
	xfree(&b->data);
	b->len = b->cap = 0;
	b->failed = 0;
}

int
util_strcaseeq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		if (util_lc((unsigned char)*a) != util_lc((unsigned char)*b))
			return 0;
	}
	return *a == *b;
}

int
util_strncaseeq(const char *a, const char *b, size_t n)
{
	for (; n > 0; a++, b++, n--) {
		if (util_lc((unsigned char)*a) != util_lc((unsigned char)*b))
			return 0;
		if (*a == '\0')
			return 1;
	}
	return 1;
}

int
util_word_at(struct util_words *w, const char *s, size_t n)
{
	size_t	 i, k, b;

	if (!w->ready) {
		for (b = 0, k = 0; b < 256; b++) {
			w->start[b] = k;
			for (i = 0; w->words[i] != NULL; i++) {
				if ((unsigned char)w->words[i][0] != b)
					continue;
				if (k == UTIL_WORDS_MAX) {
					/* A list in the code: a bug. */
					fputs("sprintd: util_word_at: too many "
					    "words\n", stderr);
					abort();
				}
				w->len[i] = strlen(w->words[i]);
				w->order[k++] = (unsigned char)i;
			}
		}
		w->start[256] = k;
		w->ready = 1;
	}
	b = (size_t)util_lc((unsigned char)*s);
	for (k = w->start[b]; k < w->start[b + 1]; k++) {
		i = w->order[k];
		if (n >= w->len[i] && util_strncaseeq(s, w->words[i],
		    w->len[i]))
			return 1;
	}
	return 0;
}

char *
util_trim(char *s)
{
	char	*p = s, *e;

	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (p != s)
		memmove(s, p, strlen(p) + 1);
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

size_t
util_utf8_next(const char *s, uint32_t *cp)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c = p[0], min;
	size_t			 n, i;

	if (c == 0)
		return 0;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;
	/* A NUL is no continuation byte: the loop stops at the end. */
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* A code point a terminal or a browser obeys: C1, bidirectional. */
static int
util_is_control(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f) || c == 0x61c || c == 0x200e ||
	    c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069);
}

char *
util_clean(char *s, int flags)
{
	char		*r, *w;
	uint32_t	 c;
	size_t		 n;

	for (r = w = s; *r != '\0'; r += n) {
		if ((n = util_utf8_next(r, &c)) == 0) {
			/* Not UTF-8: a byte of another charset. */
			n = 1;
			*w++ = (flags & UTIL_CLEAN_UTF8) ? '?' : *r;
			continue;
		}
		if (c == '\t')
			*w++ = (flags & UTIL_CLEAN_TAB) ? '\t' : ' ';
		else if (c == '\n' && (flags & UTIL_CLEAN_LF))
			*w++ = '\n';
		else if (c == '\r' && (flags & UTIL_CLEAN_CRLF) && r[1] == '\n')
			*w++ = '\r';
		else if (c == 0x2028 || c == 0x2029)
			*w++ = (flags & UTIL_CLEAN_LF) ? '\n' : ' ';
		else if (c < 0x20 || c == 0x7f || util_is_control(c))
			continue;
		else {
			memmove(w, r, n);
			w += n;
		}
	}
	*w = '\0';
	return s;
}

char *
util_clean_dup(const char *s, int flags)
{
	return util_clean(xstrdup(s != NULL ? s : ""), flags);
}

void
util_strip_controls(char *s)
{
	util_clean(s, 0);
}

struct util_cstream {
	FILE	*to;
	int	 flags;
	char	 carry[4];	/* an unfinished UTF-8 sequence; a CR */
	size_t	 ncarry;
};

/* How many bytes at the end of [s, s + n) may be the start of what the
 * next write completes. */
static size_t
util_unfinished(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, need;

	if (n > 0 && p[n - 1] == '\r')
		return 1;
	for (i = n; i > 0 && n - i < 3; i--) {
		if ((p[i - 1] & 0xc0) == 0x80)
			continue;
		need = p[i - 1] >= 0xf0 ? 4 : p[i - 1] >= 0xe0 ? 3 :
		    p[i - 1] >= 0xc0 ? 2 : 1;
		return n - (i - 1) < need ? n - (i - 1) : 0;
	}
	return 0;
}

/* Cleans and writes [s, s + n) (NUL bytes are controls: dropped). */
static int
util_cs_put(struct util_cstream *cs, const char *s, size_t n)
{
	char	*t = xmalloc(n + 1), *w = t;
	size_t	 i, len;
	int	 r = 0;

	for (i = 0; i < n; i++)
		if (s[i] != '\0')
			*w++ = s[i];
	*w = '\0';
	util_clean(t, cs->flags);
	len = strlen(t);
	if (len > 0 && fwrite(t, 1, len, cs->to) != len)
		r = -1;
	free(t);
	return r;
}

static ssize_t
util_cs_write(void *cookie, const char *data, size_t len)
{
	struct util_cstream	*cs = cookie;
	char			*all = xmalloc(cs->ncarry + len + 1);
	size_t			 n = cs->ncarry + len, keep;
	int			 r;

	memcpy(all, cs->carry, cs->ncarry);
	memcpy(all + cs->ncarry, data, len);
	keep = util_unfinished(all, n);
	memcpy(cs->carry, all + n - keep, keep);
	cs->ncarry = keep;
	r = util_cs_put(cs, all, n - keep);
	free(all);
	if (r == -1 || fflush(cs->to) == EOF)
		return -1;
	return (ssize_t)len;
}

static int
util_cs_close(void *cookie)
{
	struct util_cstream	*cs = cookie;
	int			 r;

	/* What never finished: a CR alone, a sequence cut short. */
	r = util_cs_put(cs, cs->carry, cs->ncarry);
	if (fflush(cs->to) == EOF)
		r = -1;
	free(cs);
	return r == -1 ? EOF : 0;
}

FILE *
util_clean_stream(FILE *to, int flags)
{
	struct util_cstream	*cs = xcalloc(1, sizeof *cs);
	cookie_io_functions_t	 io = { NULL, util_cs_write, NULL,
	    util_cs_close };
	FILE			*f;

	cs->to = to;
	cs->flags = flags;
	if ((f = fopencookie(cs, "w", io)) == NULL)
		free(cs);
	return f;
}

int
util_addr_valid(const char *s)
{
	const char	*at = strrchr(s, '@'), *p;

	if (at == NULL || at == s || at[1] == '\0' || strlen(s) > 254)
		return 0;
	for (p = s; p < at; p++) {
		if (!isalnum((unsigned char)*p) && strchr("!#$%&'*+-/=?^_`{|}~.",
		    *p) == NULL)
			return 0;
	}
	if (s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
		return 0;
	for (p = at + 1; *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return 0;
	}
	if (at[1] == '.' || at[1] == '-' || p[-1] == '.' || p[-1] == '-' ||
	    strchr(at + 1, '.') == NULL)
		return 0;
	return 1;
}

/* Appends the Message-IDs in s to *v (*n of them), skipping repeats. */
static void
util_msgids(const char *s, char ***v, size_t *n)
{
	const char	*p;
	size_t		 len, i;

	for (p = s; p != NULL && (p = strchr(p, '<')) != NULL; p++) {
		len = 1 + strcspn(p + 1, "<>");
		if (p[len] != '>' || len - 1 > UTIL_MSGID_MAX)
			continue;
		for (i = 0; i < *n; i++)
			if (strncmp((*v)[i], p, len + 1) == 0 &&
			    (*v)[i][len + 1] == '\0')
				break;
		if (i == *n) {
			*v = xreallocarray(*v, *n + 1, sizeof **v);
			(*v)[(*n)++] = xstrndup(p, len + 1);
		}
		p += len;
	}
}

int
util_each_msgid(const char *in_reply_to, const char *references, int newest,
    int (*fn)(const char *mid, void *arg), void *arg)
{
	char	**v = NULL;
	size_t	 n = 0, nirt, i;
	int	 r = 0;

	util_msgids(in_reply_to, &v, &n);
	nirt = n;
	util_msgids(references, &v, &n);
	for (i = 0; r == 0 && i < n; i++) {
		size_t	 j = !newest || i < nirt ? i : n - 1 - (i - nirt);

		r = fn(v[j], arg);
	}
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return r;
}

void
util_lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)util_lc((unsigned char)*s);
}

const char *
util_memcasemem(const char *s, size_t n, const char *needle)
{
	size_t	 nl = strlen(needle), i;

	if (nl == 0 || nl > n)
		return NULL;
	for (i = 0; i + nl <= n; i++) {
		if (util_lc((unsigned char)s[i]) ==
		    util_lc((unsigned char)needle[0]) &&
		    util_strncaseeq(s + i, needle, nl))
			return s + i;
	}
	return NULL;
}

char *
util_addr_key(const char *addr)
{
	const char	*at = strrchr(addr, '@'), *plus;
	char		*key;

	plus = at != NULL ? memchr(addr, '+', (size_t)(at - addr)) : NULL;
	if (plus != NULL && plus > addr)
		key = xprintf("%.*s%s", (int)(plus - addr), addr, at);
	else
		key = xstrdup(addr);
	for (plus = key; *plus != '\0'; plus++)
		*(char *)plus = (char)util_lc((unsigned char)*plus);
	return key;
}

int
util_read_file(const char *path, size_t max, char **data, size_t *len,
    char **cause)
{
	struct buf	 b;
	char		 chunk[8192];
	ssize_t		 n;
	int		 fd;

	buf_init(&b, max);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*cause = xprintf("%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		if (buf_add(&b, chunk, (size_t)n) == -1) {
			*cause = xprintf("%s: larger than %zu bytes", path, max);
			goto fail;
		}
	}
	close(fd);
	*data = buf_steal(&b, len);
	return 0;
fail:
	close(fd);
	buf_free(&b);
	return -1;
}

int
util_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
util_atoi(const char *s)
{
	long	 n;

	errno = 0;
	n = strtol(s, NULL, 10);
	if (n > INT_MAX)
		return INT_MAX;
	if (n < INT_MIN)
		return INT_MIN;
	return (int)n;
}

int
util_scan_int(const char **p, int width, int *out)
{
	const char	*s = *p;
	long		 n = 0;
	int		 neg = 0, digits = 0;

	while (isspace((unsigned char)*s))
		s++;
	if ((*s == '-' || *s == '+') && width > 1) {
		neg = *s++ == '-';
		width--;
	}
	while (digits < width && *s >= '0' && *s <= '9') {
		if (n < 100000000)
			n = n * 10 + (*s - '0');
		s++;
		digits++;
	}
	if (digits == 0)
		return -1;
	*out = (int)(neg ? -n : n);
	*p = s;
	return 0;
}
