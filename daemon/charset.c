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
 * charset.c -- text in any charset to UTF-8, and RFC 2047 encoded words.
 * Invalid input never fails: bytes that start no valid sequence become
 * U+FFFD, unknown charsets are read as UTF-8 when valid, else as
 * Windows-1252 (as browsers read Latin-1), and the rest goes to iconv.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* UTF-8. */

/* Encodes cp (U+FFFD if it is no scalar value) in u; returns the length. */
size_t
charset_encode(uint32_t cp, char u[4])
{
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (char)(0xf0 | (cp >> 18));
	u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	u[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static void
put_cp(struct buf *b, uint32_t cp)
{
	char	 u[4];

	buf_add(b, u, charset_encode(cp, u));
}

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (n >= 2 && (s[1] & 0xc0) == 0x80) ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (s[0] == 0xe0 && s[1] < 0xa0)
			return 0;	/* overlong */
		if (s[0] == 0xed && s[1] >= 0xa0)
			return 0;	/* surrogate */
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if (s[0] == 0xf0 && s[1] < 0x90)
			return 0;
		if (s[0] == 0xf4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

/* Returns 1 when valid, 0 when not; *multi is set when a multibyte
 * sequence was seen. */
int
charset_utf8_valid(const char *s, size_t n, int *multi)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, k;
	int			 ok = 1;

	uint64_t		 w;

	*multi = 0;
	while (i < n) {
		/* ASCII eight bytes at a time. */
		if (i + 8 <= n) {
			memcpy(&w, u + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(u + i, n - i)) == 0) {
			ok = 0;
			i++;
		} else {
			*multi = 1;
			i += k;
		}
	}
	return ok;
}

/* Copies s, each byte that starts no valid sequence becoming U+FFFD. */
static void
utf8_sanitize(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, k, run = 0;

	/* Valid runs are copied whole, not byte by byte. */
	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(u + i, n - i)) == 0) {
			buf_add(b, s + run, i - run);
			put_cp(b, 0xfffd);
			run = ++i;
		} else
			i += k;
	}
	buf_add(b, s + run, n - run);
}

/* Windows-1252 0x80-0x9f; 0 where undefined. */
static const uint16_t cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

uint32_t
charset_cp1252(uint32_t c)
{
	if (c >= 0x80 && c < 0xa0)
		return cp1252[c - 0x80] ? cp1252[c - 0x80] : 0xfffd;
	return c;
}

static void
cp1252_to_utf8(struct buf *b, const char *s, size_t n)
{
	size_t	 i, k;

	for (i = 0; i < n; i++) {
		unsigned char	 c = (unsigned char)s[i];

		if (c < 0x80) {
			for (k = i + 1; k < n &&
			    (unsigned char)s[k] < 0x80; k++)
				;
			buf_add(b, s + i, k - i);
			i = k - 1;
		} else if (c < 0xa0)
			put_cp(b, cp1252[c - 0x80] ? cp1252[c - 0x80] : 0xfffd);
		else
			put_cp(b, c);
	}
}

/* Bytes of unknown charset: UTF-8 when valid, else Windows-1252. */
static void
guess_to_utf8(struct buf *b, const char *s, size_t n)
{
	int	 multi;

	if (charset_utf8_valid(s, n, &multi))
		buf_add(b, s, n);
	else
		cp1252_to_utf8(b, s, n);
}

static int
iconv_to_utf8(struct buf *b, const char *charset, const char *s, size_t n)
{
	iconv_t	 cd;
	char	 out[4096], *in = (char *)(uintptr_t)s, *op;
	size_t	 inleft = n, outleft, r;
	struct buf tmp;

	if ((cd = iconv_open("UTF-8", charset)) == (iconv_t)-1)
		return -1;
	buf_init(&tmp, 0);
	for (;;) {
		op = out;
		outleft = sizeof out;
		r = iconv(cd, inleft ? &in : NULL, &inleft, &op, &outleft);
		buf_add(&tmp, out, sizeof out - outleft);
		if (r != (size_t)-1) {
			if (inleft == 0)
				break;
			continue;
		}
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (truncated at the end): one U+FFFD. */
		put_cp(&tmp, 0xfffd);
		iconv(cd, NULL, NULL, NULL, NULL);
		if (errno == EINVAL || inleft <= 1)
			break;
		in++;
		inleft--;
	}
	op = out;
	outleft = sizeof out;
	iconv(cd, NULL, NULL, &op, &outleft);
	buf_add(&tmp, out, sizeof out - outleft);
	iconv_close(cd);
	utf8_sanitize(b, tmp.data ? tmp.data : "", tmp.len);
	buf_free(&tmp);
	return 0;
}

void
charset_norm(const char *charset, char *out, size_t outsz)
{
	size_t	 i = 0;

	out[0] = '\0';
	if (charset == NULL)
		return;
	while (util_is_wsp((unsigned char)*charset) || *charset == '"')
		charset++;
	for (; *charset != '\0' && i + 1 < outsz; charset++) {
		if (*charset == '"' || *charset == '*' || *charset == ' ' ||
		    *charset == ';')
			break;	/* end, or an RFC 2231 language */
		out[i++] = (char)util_lc((unsigned char)*charset);
	}
	out[i] = '\0';
}

/* Whether a charset_norm'ed name is UTF-8's. */
int
charset_is_utf8(const char *cs)
{
	return strcmp(cs, "utf-8") == 0 || strcmp(cs, "utf8") == 0;
}

static void
to_utf8(struct buf *b, const char *charset, const char *s, size_t n)
{
	char	 cs[CHARSET_NAME_MAX];
	int	 multi;
	static const struct {
		const char	*name, *iconv;
	} alias[] = {
		{ "ks_c_5601-1987", "CP949" },
		{ "gb2312", "GB18030" },
		{ "gbk", "GB18030" },
		{ "iso-8859-8-i", "ISO-8859-8" },
		{ "x-sjis", "SHIFT_JIS" },
		{ "shift-jis", "SHIFT_JIS" },
	};
	size_t	 i;

	charset_norm(charset, cs, sizeof cs);
	if (*cs == '\0' || strcmp(cs, "us-ascii") == 0 ||
	    strcmp(cs, "ascii") == 0 || strcmp(cs, "unknown-8bit") == 0 ||
	    strcmp(cs, "x-unknown") == 0 || strcmp(cs, "unknown") == 0) {
		guess_to_utf8(b, s, n);
		return;
	}
	if (charset_is_utf8(cs)) {
		/* Latin-1 mislabelled as UTF-8 has no valid multibyte
		 * sequence; a line of it may sit among UTF-8 ones (a client
		 * quoting, a signature), so each line is judged alone. */
		if (charset_utf8_valid(s, n, &multi)) {
			buf_add(b, s, n);
			return;
		}
		for (i = 0; i < n; ) {
			const char	*nl = memchr(s + i, '\n', n - i);
			size_t		 k = nl != NULL ?
			    (size_t)(nl - s) + 1 : n;

			if (charset_utf8_valid(s + i, k - i, &multi))
				buf_add(b, s + i, k - i);
			else if (multi)
				utf8_sanitize(b, s + i, k - i);
			else
				cp1252_to_utf8(b, s + i, k - i);
			i = k;
		}
		return;
	}
	/* Like browsers, read Latin-1 as its superset Windows-1252. */
	if (strcmp(cs, "iso-8859-1") == 0 || strcmp(cs, "latin1") == 0 ||
	    strcmp(cs, "iso8859-1") == 0 || strcmp(cs, "iso_8859-1") == 0 ||
	    strcmp(cs, "l1") == 0 || strcmp(cs, "windows-1252") == 0 ||
	    strcmp(cs, "cp1252") == 0) {
		cp1252_to_utf8(b, s, n);
		return;
	}
	for (i = 0; i < nitems(alias); i++) {
		if (strcmp(cs, alias[i].name) == 0) {
			if (iconv_to_utf8(b, alias[i].iconv, s, n) == 0)
				return;
			break;
		}
	}
	if (iconv_to_utf8(b, cs, s, n) == 0)
		return;
	guess_to_utf8(b, s, n);
}

char *
charset_to_utf8(const char *charset, const char *s, size_t len)
{
	struct buf	 b;
	char		*p;

	buf_init(&b, 0);
	to_utf8(&b, charset, s, len);
	/* A NUL decoded from QP or base64 cuts nothing short either. */
	for (p = b.data; p != NULL && (p = memchr(p, '\0',
	    b.len - (size_t)(p - b.data))) != NULL; p++)
		*p = ' ';
	return buf_steal(&b, NULL);
}

/* ------------------------------------------------------------------ */
/* RFC 2047 encoded words. */

struct ew {
	char		 charset[CHARSET_NAME_MAX];
	int		 enc;	/* 'b' or 'q' */
	const char	*text;
	size_t		 tlen;
	const char	*end;
};

static int
ew_parse(const char *p, struct ew *ew)
{
	const char	*cs, *q;
	size_t		 n;

	if (p[0] != '=' || p[1] != '?')
		return -1;
	cs = p + 2;
	for (q = cs; *q != '\0' && *q != '?' &&
	    !util_is_wsp((unsigned char)*q) && *q != '\r' && *q != '\n'; q++)
		;
	n = q - cs;
	if (*q != '?' || n == 0 || n >= sizeof ew->charset)
		return -1;
	memcpy(ew->charset, cs, n);
	ew->charset[n] = '\0';
	q++;
	ew->enc = util_lc((unsigned char)*q);
	if ((ew->enc != 'b' && ew->enc != 'q') || q[1] != '?')
		return -1;
	ew->text = q + 2;
	for (q = ew->text; *q != '\0'; q++) {
		if (q[0] == '?' && q[1] == '=')
			break;
		if (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
			return -1;
	}
	if (*q == '\0')
		return -1;
	ew->tlen = q - ew->text;
	ew->end = q + 2;
	return 0;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static void
ew_decode(const struct ew *ew, struct buf *b)
{
	size_t		 i;
	unsigned int	 acc = 0;
	int		 bits = 0, v, h1, h2;
	char		 c;

	for (i = 0; i < ew->tlen; i++) {
		c = ew->text[i];
		if (ew->enc == 'b') {
			if (c == '=')
				break;
			if ((v = b64val((unsigned char)c)) == -1)
				continue;
			acc = (acc << 6) | (unsigned int)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				buf_addch(b, (char)((acc >> bits) & 0xff));
			}
		} else if (c == '_')
			buf_addch(b, ' ');
		else if (c == '=' && i + 2 < ew->tlen &&
		    (h1 = util_hexval((unsigned char)ew->text[i + 1])) != -1 &&
		    (h2 = util_hexval((unsigned char)ew->text[i + 2])) != -1) {
			buf_addch(b, (char)(h1 * 16 + h2));
			i += 2;
		} else
			buf_addch(b, c);
	}
}

static void
flush_bytes(struct buf *out, struct buf *pend, const char *charset)
{
	if (pend->len == 0)
		return;
	to_utf8(out, charset, pend->data, pend->len);
	buf_reset(pend);
}

char *
charset_decode_header(const char *value)
{
	struct buf	 out, raw, pend;
	struct ew	 ew;
	char		 pcs[CHARSET_NAME_MAX] = "";
	const char	*p = value, *q;
	int		 multi;

	/* Most values are plain: no encoded word, and valid UTF-8. */
	if (strstr(value, "=?") == NULL && charset_utf8_valid(value,
	    strlen(value), &multi))
		return xstrdup(value);
	buf_init(&out, 0);
	buf_init(&raw, 0);
	buf_init(&pend, 0);
	while (*p != '\0') {
		if (p[0] != '=' || p[1] != '?' || ew_parse(p, &ew) == -1) {
			/* Plain bytes up to the next "=?", at once. */
			for (q = p + 1; *q != '\0' && (q[0] != '=' ||
			    q[1] != '?'); q++)
				;
			flush_bytes(&out, &pend, pcs);
			buf_add(&raw, p, (size_t)(q - p));
			p = q;
			continue;
		}
		flush_bytes(&out, &raw, NULL);
		/* Same charset: join the bytes first, so a character split
		 * over two words survives. */
		if (pend.len != 0 && !util_strcaseeq(pcs, ew.charset))
			flush_bytes(&out, &pend, pcs);
		memcpy(pcs, ew.charset, sizeof pcs);
		ew_decode(&ew, &pend);
		p = ew.end;
		/* White space between two encoded words is dropped. */
		for (q = p; util_is_wsp((unsigned char)*q) || *q == '\r' ||
		    *q == '\n'; q++)
			;
		if (q != p && ew_parse(q, &ew) == 0)
			p = q;
	}
	flush_bytes(&out, &pend, pcs);
	flush_bytes(&out, &raw, NULL);
	buf_free(&raw);
	buf_free(&pend);
	if (out.data == NULL)
		return xstrdup("");
	return buf_steal(&out, NULL);
}
