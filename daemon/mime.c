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
 * mime.c -- a raw message reduced to decoded headers and one UTF-8 text.
 *
 * The message is bounded before libetpan sees it: libetpan's MIME parser
 * has no limit on parts or nesting (and recurses on both), so a pre-scan
 * that follows the same rules counts parts and depth first and refuses
 * what is over MIME_MAX_PARTS or MIME_MAX_DEPTH.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "log.h"
#include "mime.h"
#include "util.h"

#define MIME_MAX_HEADER		(64u * 1024)	/* one header value */
#define MIME_MAX_HEADERS	1000		/* headers kept in headers[] */
#define MIME_MAX_NAME		256
#define MIME_MAX_COMMENT	32		/* nested "(" in one header */
#define MIME_MAX_HTML		(8u * 1024 * 1024)
#define MIME_MAX_CHARSET	64

/* ------------------------------------------------------------------ */
/* Small ASCII helpers, independent of the locale. */

static int
is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

static int
is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Case-insensitive search for needle in [s, s + n). */
static const char *
memcasemem(const char *s, size_t n, const char *needle)
{
	size_t	 nl = strlen(needle), i;

	if (nl == 0 || nl > n)
		return NULL;
	for (i = 0; i + nl <= n; i++) {
		if (util_lc((unsigned char)s[i]) == util_lc((unsigned char)needle[0]) &&
		    util_strncaseeq(s + i, needle, nl))
			return s + i;
	}
	return NULL;
}

static void
str_lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)util_lc((unsigned char)*s);
}

/* ------------------------------------------------------------------ */
/* UTF-8. */

/* Encodes cp (U+FFFD if it is no scalar value) in u; returns the length. */
static size_t
enc_cp(uint32_t cp, char u[4])
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

	buf_add(b, u, enc_cp(cp, u));
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
static int
utf8_check(const char *s, size_t n, int *multi)
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

static void
cp1252_to_utf8(struct buf *b, const char *s, size_t n)
{
	size_t	 i, k;

	for (i = 0; i < n; i++) {
		unsigned char	 c = (unsigned char)s[i];

		if (c < 0x80) {
			for (k = i + 1; k < n && (unsigned char)s[k] < 0x80; k++)
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

	if (utf8_check(s, n, &multi))
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

static void
charset_norm(const char *charset, char *out, size_t outsz)
{
	size_t	 i = 0;

	out[0] = '\0';
	if (charset == NULL)
		return;
	while (is_wsp((unsigned char)*charset) || *charset == '"')
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
static int
charset_utf8(const char *cs)
{
	return strcmp(cs, "utf-8") == 0 || strcmp(cs, "utf8") == 0;
}

static void
to_utf8(struct buf *b, const char *charset, const char *s, size_t n)
{
	char	 cs[MIME_MAX_CHARSET];
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
	if (charset_utf8(cs)) {
		/* Latin-1 mislabelled as UTF-8 has no valid multibyte
		 * sequence; a line of it may sit among UTF-8 ones (a client
		 * quoting, a signature), so each line is judged alone. */
		if (utf8_check(s, n, &multi)) {
			buf_add(b, s, n);
			return;
		}
		for (i = 0; i < n; ) {
			const char	*nl = memchr(s + i, '\n', n - i);
			size_t		 k = nl != NULL ? (size_t)(nl - s) + 1 : n;

			if (utf8_check(s + i, k - i, &multi))
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
mime_to_utf8(const char *charset, const char *s, size_t len)
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
	char		 charset[MIME_MAX_CHARSET];
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
	for (q = cs; *q != '\0' && *q != '?' && !is_wsp((unsigned char)*q) &&
	    *q != '\r' && *q != '\n'; q++)
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
mime_decode_header(const char *value)
{
	struct buf	 out, raw, pend;
	struct ew	 ew;
	char		 pcs[MIME_MAX_CHARSET] = "";
	const char	*p = value, *q;
	int		 multi;

	/* Most values are plain: no encoded word, and valid UTF-8. */
	if (strstr(value, "=?") == NULL && utf8_check(value, strlen(value),
	    &multi))
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
		for (q = p; is_wsp((unsigned char)*q) || *q == '\r' ||
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

/* ------------------------------------------------------------------ */
/* HTML to text. */

static const struct {
	const char	*name;
	uint32_t	 cp;
} entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xa0 }, { "copy", 0xa9 }, { "reg", 0xae },
	{ "trade", 0x2122 }, { "hellip", 0x2026 }, { "mdash", 0x2014 },
	{ "ndash", 0x2013 }, { "lsquo", 0x2018 }, { "rsquo", 0x2019 },
	{ "ldquo", 0x201c }, { "rdquo", 0x201d }, { "sbquo", 0x201a },
	{ "bdquo", 0x201e }, { "bull", 0x2022 }, { "middot", 0xb7 },
	{ "euro", 0x20ac }, { "pound", 0xa3 }, { "yen", 0xa5 },
	{ "cent", 0xa2 }, { "sect", 0xa7 }, { "para", 0xb6 }, { "deg", 0xb0 },
	{ "plusmn", 0xb1 }, { "times", 0xd7 }, { "divide", 0xf7 },
	{ "laquo", 0xab }, { "raquo", 0xbb }, { "iexcl", 0xa1 },
	{ "iquest", 0xbf }, { "shy", 0xad }, { "ensp", ' ' }, { "emsp", ' ' },
	{ "thinsp", ' ' }, { "zwnj", 0x200c }, { "zwj", 0x200d },
	{ "Agrave", 0xc0 }, { "Aacute", 0xc1 }, { "Acirc", 0xc2 },
	{ "Atilde", 0xc3 }, { "Auml", 0xc4 }, { "Aring", 0xc5 },
	{ "AElig", 0xc6 }, { "Ccedil", 0xc7 }, { "Egrave", 0xc8 },
	{ "Eacute", 0xc9 }, { "Ecirc", 0xca }, { "Euml", 0xcb },
	{ "Igrave", 0xcc }, { "Iacute", 0xcd }, { "Icirc", 0xce },
	{ "Iuml", 0xcf }, { "ETH", 0xd0 }, { "Ntilde", 0xd1 },
	{ "Ograve", 0xd2 }, { "Oacute", 0xd3 }, { "Ocirc", 0xd4 },
	{ "Otilde", 0xd5 }, { "Ouml", 0xd6 }, { "Oslash", 0xd8 },
	{ "Ugrave", 0xd9 }, { "Uacute", 0xda }, { "Ucirc", 0xdb },
	{ "Uuml", 0xdc }, { "Yacute", 0xdd }, { "THORN", 0xde },
	{ "szlig", 0xdf }, { "agrave", 0xe0 }, { "aacute", 0xe1 },
	{ "acirc", 0xe2 }, { "atilde", 0xe3 }, { "auml", 0xe4 },
	{ "aring", 0xe5 }, { "aelig", 0xe6 }, { "ccedil", 0xe7 },
	{ "egrave", 0xe8 }, { "eacute", 0xe9 }, { "ecirc", 0xea },
	{ "euml", 0xeb }, { "igrave", 0xec }, { "iacute", 0xed },
	{ "icirc", 0xee }, { "iuml", 0xef }, { "eth", 0xf0 },
	{ "ntilde", 0xf1 }, { "ograve", 0xf2 }, { "oacute", 0xf3 },
	{ "ocirc", 0xf4 }, { "otilde", 0xf5 }, { "ouml", 0xf6 },
	{ "oslash", 0xf8 }, { "ugrave", 0xf9 }, { "uacute", 0xfa },
	{ "ucirc", 0xfb }, { "uuml", 0xfc }, { "yacute", 0xfd },
	{ "thorn", 0xfe }, { "yuml", 0xff }, { "OElig", 0x152 },
	{ "oelig", 0x153 }, { "Scaron", 0x160 }, { "scaron", 0x161 },
	{ "Yuml", 0x178 },
};

#define HTML_DIV_STACK	64

struct html {
	struct buf	 out;
	int		 quote;		/* blockquote depth */
	int		 pre;
	int		 bol;		/* at the beginning of a line */
	int		 space;		/* a space is pending */
	uint64_t	 divq;		/* bit per open div: is a quote */
	int		 ndiv;		/* open divs, may pass HTML_DIV_STACK */
};

static void
html_putc(struct html *h, const char *s, size_t n)
{
	int	 i;

	if (h->bol) {
		for (i = 0; i < h->quote && i < 32; i++)
			buf_add(&h->out, "> ", 2);
		h->bol = 0;
	} else if (h->space)
		buf_addch(&h->out, ' ');
	h->space = 0;
	buf_add(&h->out, s, n);
}

static void
html_nl(struct html *h)
{
	buf_addch(&h->out, '\n');
	h->bol = 1;
	h->space = 0;
}

static void
html_break(struct html *h)
{
	if (!h->bol)
		html_nl(h);
}

static int
html_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void
html_text(struct html *h, const char *s, size_t n)
{
	size_t	 i, k;

	for (i = 0; i < n; i = k) {
		if (html_ws(s[i])) {
			if (h->pre && s[i] == '\n')
				html_nl(h);
			else if (h->pre && s[i] != '\r')
				html_putc(h, " ", 1);
			else if (!h->bol)
				h->space = 1;
			k = i + 1;
			continue;
		}
		/* A word goes out whole. */
		for (k = i + 1; k < n && !html_ws(s[k]); k++)
			;
		html_putc(h, s + i, k - i);
	}
}

static void
html_cp(struct html *h, uint32_t cp)
{
	char	 u[4];

	if (cp == 0xa0) {
		html_putc(h, " ", 1);	/* &nbsp; is kept: "<p>&nbsp;</p>" */
		return;
	}
	if (cp == ' ' || cp == '\n' || cp == '\t') {
		html_text(h, " ", 1);
		return;
	}
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	else if (cp >= 0x80 && cp < 0xa0)
		cp = cp1252[cp - 0x80] ? cp1252[cp - 0x80] : 0xfffd;
	else if (cp < 0x20 || cp == 0x7f)
		return;
	html_putc(h, u, enc_cp(cp, u));
}

/* Decodes the entity at s[0] == '&'; returns the bytes used (0: none). */
static size_t
html_entity(struct html *h, const char *s, size_t n)
{
	size_t		 i, k;
	uint32_t	 cp = 0;
	char		 name[16];

	if (n >= 3 && s[1] == '#') {
		int	 hex = (s[2] == 'x' || s[2] == 'X');

		i = hex ? 3 : 2;
		for (k = i; k < n && k - i < 8; k++) {
			int	 v = hex ? util_hexval((unsigned char)s[k]) :
			    (s[k] >= '0' && s[k] <= '9' ? s[k] - '0' : -1);

			if (v == -1)
				break;
			cp = cp * (hex ? 16 : 10) + (uint32_t)v;
		}
		if (k == i)
			return 0;
		if (k < n && s[k] == ';')
			k++;
		html_cp(h, cp);
		return k;
	}
	for (k = 1; k < n && k - 1 < sizeof name - 1 &&
	    is_alnum((unsigned char)s[k]); k++)
		name[k - 1] = s[k];
	name[k - 1] = '\0';
	if (k == 1)
		return 0;
	for (i = 0; i < nitems(entities); i++) {
		if (strcmp(entities[i].name, name) != 0)
			continue;
		if (k < n && s[k] == ';')
			k++;
		else if (entities[i].cp >= 0x80 && strcmp(name, "nbsp") != 0)
			return 0;	/* only the common ones without ';' */
		html_cp(h, entities[i].cp);
		return k;
	}
	return 0;
}

/* Skips to after "</name ...>" from s; returns the new offset. */
static size_t
html_skip_to_close(const char *s, size_t n, size_t i, const char *name)
{
	char		 close[20];
	const char	*e;

	(void)snprintf(close, sizeof close, "</%s", name);
	if ((e = memcasemem(s + i, n - i, close)) == NULL)
		return strcmp(name, "head") == 0 ? i : n;
	i = e - s;
	while (i < n && s[i] != '>')
		i++;
	return i < n ? i + 1 : n;
}

static int
tag_is(const char *tag, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(tag, *list) == 0)
			return 1;
	return 0;
}

static void
html_tag(struct html *h, const char *tag, int closing, const char *attr,
    size_t alen)
{
	static const char *const blocks[] = { "p", "div", "tr", "li", "ul",
	    "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "dl",
	    "dt", "dd", "center", "section", "article", "header", "footer",
	    "address", "tbody", "thead", "tfoot", "form", "body", "html",
	    "caption", "figure", "main", "nav", "aside", NULL };
	int	 q;

	if (strcmp(tag, "br") == 0) {
		html_nl(h);
		return;
	}
	if (strcmp(tag, "td") == 0 || strcmp(tag, "th") == 0) {
		if (!h->bol)
			h->space = 1;
		return;
	}
	if (strcmp(tag, "blockquote") == 0) {
		html_break(h);
		if (!closing)
			h->quote++;
		else if (h->quote > 0)
			h->quote--;
		return;
	}
	if (strcmp(tag, "pre") == 0) {
		html_break(h);
		if (!closing)
			h->pre++;
		else if (h->pre > 0)
			h->pre--;
		return;
	}
	if (strcmp(tag, "div") == 0) {
		html_break(h);
		if (!closing) {
			q = memcasemem(attr, alen, "gmail_quote") != NULL ||
			    memcasemem(attr, alen, "yahoo_quoted") != NULL;
			if (h->ndiv < HTML_DIV_STACK) {
				if (q)
					h->divq |= (uint64_t)1 << h->ndiv;
				else
					h->divq &= ~((uint64_t)1 << h->ndiv);
				if (q)
					h->quote++;
			}
			h->ndiv++;
		} else if (h->ndiv > 0) {
			h->ndiv--;
			if (h->ndiv < HTML_DIV_STACK &&
			    (h->divq & ((uint64_t)1 << h->ndiv)) &&
			    h->quote > 0)
				h->quote--;
		}
		return;
	}
	if (tag_is(tag, blocks))
		html_break(h);
}

char *
mime_html_to_text(const char *s, size_t n)
{
	static const char *const skip[] = { "style", "script", "head",
	    "title", "template", "noscript", NULL };
	struct html	 h;
	size_t		 i = 0, k, t0, a0;
	char		 tag[16];
	int		 closing;
	const char	*e;

	memset(&h, 0, sizeof h);
	buf_init(&h.out, 0);
	h.bol = 1;
	while (i < n) {
		if (s[i] == '&') {
			if ((k = html_entity(&h, s + i, n - i)) != 0) {
				i += k;
				continue;
			}
			html_text(&h, "&", 1);
			i++;
			continue;
		}
		if (s[i] != '<') {
			for (k = i; k < n && s[k] != '<' && s[k] != '&'; k++)
				;
			html_text(&h, s + i, k - i);
			i = k;
			continue;
		}
		/* A tag, a comment or a declaration. */
		if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			e = memcasemem(s + i + 4, n - i - 4, "-->");
			i = e ? (size_t)(e - s) + 3 : n;
			continue;
		}
		if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
			e = memchr(s + i, '>', n - i);
			i = e ? (size_t)(e - s) + 1 : n;
			continue;
		}
		k = i + 1;
		closing = (k < n && s[k] == '/');
		if (closing)
			k++;
		t0 = k;
		while (k < n && is_alnum((unsigned char)s[k]))
			k++;
		if (k == t0) {
			html_text(&h, "<", 1);	/* a lone "<" in text */
			i++;
			continue;
		}
		memset(tag, 0, sizeof tag);
		memcpy(tag, s + t0, k - t0 < sizeof tag - 1 ? k - t0 :
		    sizeof tag - 1);
		str_lower(tag);
		/* Attributes, with quoted values that may hold '>'. */
		a0 = k;
		while (k < n && s[k] != '>') {
			if (s[k] == '"' || s[k] == '\'') {
				char	 qc = s[k++];

				while (k < n && s[k] != qc)
					k++;
			}
			if (k < n)
				k++;
		}
		html_tag(&h, tag, closing, s + a0, k - a0);
		i = k < n ? k + 1 : n;
		if (!closing && tag_is(tag, skip))
			i = html_skip_to_close(s, n, i, tag);
	}
	if (h.out.data == NULL) {
		buf_free(&h.out);
		return xstrdup("");
	}
	return buf_steal(&h.out, NULL);
}

/* ------------------------------------------------------------------ */
/* Text clean-up. */

/*
 * LF line ends, no control characters but TAB, trailing white space of
 * each line removed when trim_lines; runs of blank lines collapsed to one
 * when collapse; no leading or trailing blank lines.
 */
static int
is_ctl(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* Nonzero when one of the eight bytes in w is below 0x20 or is 0x7f. */
static int
has_ctl8(uint64_t w)
{
	const uint64_t	 ones = 0x0101010101010101ULL;
	const uint64_t	 high = 0x8080808080808080ULL;
	uint64_t	 d = w ^ (0x7f * ones);

	return ((((w - 0x20 * ones) & ~w) | ((d - ones) & ~d)) & high) != 0;
}

static char *
text_tidy(const char *s, size_t n, int trim_lines, int collapse)
{
	char		*out, *o;
	size_t		 i = 0, a, e, last, k;
	int		 blanks = 0, any = 0, nb, ctl;
	unsigned char	 c;
	uint64_t	 w;

	/* The result is never longer than s: no line grows, and each line
	 * end written stands for one that was read. */
	o = out = xmalloc(n + 1);
	/* One line at a time: [a, e) up to its CR, LF or CRLF. */
	while (i <= n) {
		a = i;
		ctl = 0;
		for (e = a; e < n; e++) {
			/* Printable bytes eight at a time. */
			while (e + 8 <= n) {
				memcpy(&w, s + e, 8);
				if (has_ctl8(w))
					break;
				e += 8;
			}
			if (e >= n)
				break;
			c = (unsigned char)s[e];
			if (c >= 0x20 && c != 0x7f)
				continue;
			if (c == '\n' || c == '\r')
				break;
			if (c != '\t')
				ctl = 1;
		}
		i = e + 1;
		if (e < n && s[e] == '\r' && e + 1 < n && s[e + 1] == '\n')
			i++;
		/* One past the last byte kept: no controls, no trailing
		 * white space when trim_lines. */
		for (last = e; last > a; last--) {
			c = (unsigned char)s[last - 1];
			if (!is_ctl(c) && (!trim_lines || !is_wsp(c)))
				break;
		}
		for (k = a; k < last; k++) {
			c = (unsigned char)s[k];
			if (!is_ctl(c) && !is_wsp(c))
				break;
		}
		if (k == last) {
			blanks++;
			continue;
		}
		if (any) {
			nb = (collapse && blanks > 1) ? 1 : blanks;
			for (*o++ = '\n'; nb > 0; nb--)
				*o++ = '\n';
		}
		if (!ctl) {
			memcpy(o, s + a, last - a);
			o += last - a;
		} else {
			/* The line without its controls, in runs. */
			for (k = a; k < last; k = e + 1) {
				for (e = k; e < last &&
				    !is_ctl((unsigned char)s[e]); e++)
					;
				memcpy(o, s + k, e - k);
				o += e - k;
			}
		}
		any = 1;
		blanks = 0;
	}
	*o = '\0';
	return out;
}

/* Cuts s in place to at most max bytes, at a UTF-8 boundary. */
static void
utf8_cap(char *s, size_t max)
{
	size_t	 n = strlen(s);

	if (n <= max)
		return;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	s[n] = '\0';
}

/* RFC 3676: joins flowed lines, undoes space-stuffing, keeps quotes. */
static char *
flowed_join(const char *s, int delsp)
{
	struct buf	 b;
	const char	*p = s, *nl, *r;
	size_t		 len;
	int		 depth, open = 0, open_depth = 0, flowed, i;

	buf_init(&b, 0);
	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		for (depth = 0, r = p; r < p + len && *r == '>'; r++)
			depth++;
		if (r < p + len && *r == ' ')
			r++;
		len -= r - p;
		flowed = len > 0 && r[len - 1] == ' ' &&
		    !(len == 3 && memcmp(r, "-- ", 3) == 0);
		if (open && depth != open_depth) {
			buf_addch(&b, '\n');
			open = 0;
		}
		if (!open) {
			for (i = 0; i < depth; i++)
				buf_addch(&b, '>');
			if (depth > 0)
				buf_addch(&b, ' ');
		}
		if (flowed && delsp)
			len--;
		buf_add(&b, r, len);
		if (flowed) {
			open = 1;
			open_depth = depth;
		} else {
			buf_addch(&b, '\n');
			open = 0;
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	if (open)
		buf_addch(&b, '\n');
	if (b.data == NULL) {
		buf_free(&b);
		return xstrdup("");
	}
	return buf_steal(&b, NULL);
}

/* ------------------------------------------------------------------ */
/* Header blocks, read the way libetpan reads them. */

struct rawhdr {
	const char	*name;
	size_t		 nlen;
	const char	*val;
	size_t		 vlen;
};

static const char *
line_end(const char *p, const char *end)
{
	const char	*nl = memchr(p, '\n', end - p);

	return nl ? nl + 1 : end;
}

/*
 * Reads the header at *pp: 1 and the header, or 0 at the end of the block
 * (*pp then points at the body, after the blank line if there was one).
 */
static int
hdr_next(const char **pp, const char *end, struct rawhdr *h)
{
	const char	*p = *pp, *q, *e;

	if (p >= end)
		return 0;
	if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
		*pp = p + (*p == '\r' ? 2 : 1);
		return 0;
	}
	for (q = p; q < end && *q != ':' && *q != '\n' &&
	    (unsigned char)*q > ' ' && (unsigned char)*q < 0x7f; q++)
		;
	h->name = p;
	h->nlen = q - p;
	while (q < end && is_wsp((unsigned char)*q))	/* "Name :" */
		q++;
	if (h->nlen == 0 || q >= end || *q != ':')
		return 0;
	h->val = q + 1;
	e = line_end(q, end);
	while (e < end && is_wsp((unsigned char)*e))
		e = line_end(e, end);
	h->vlen = e - h->val;
	*pp = e;
	return 1;
}

/* Whether header h is named name (ASCII case aside). */
static int
hdr_is(const struct rawhdr *h, const char *name)
{
	return h->nlen == strlen(name) && util_strncaseeq(h->name, name,
	    h->nlen);
}

/* Unfolds a raw value: line breaks removed, ends trimmed, capped. */
static char *
unfold(const char *v, size_t n)
{
	struct buf	 b;
	size_t		 i, k;

	buf_init(&b, MIME_MAX_HEADER);
	/* The runs between line breaks, each at once, up to the cap. */
	for (i = 0; i < n; i = k + 1) {
		for (k = i; k < n && v[k] != '\r' && v[k] != '\n'; k++)
			;
		if (k - i > b.max - b.len) {
			buf_add(&b, v + i, b.max - b.len);
			break;
		}
		buf_add(&b, v + i, k - i);
	}
	if (b.data == NULL) {
		buf_free(&b);
		return xstrdup("");
	}
	return util_trim(buf_steal(&b, NULL));
}

/* Deepest "(" nesting in a raw value: libetpan recurses on comments. */
static int
comment_depth(const char *v, size_t n)
{
	size_t	 i;
	int	 d = 0, max = 0, inq = 0;

	for (i = 0; i < n; i++) {
		if (v[i] == '\\') {
			i++;
			continue;
		}
		if (v[i] == '"' && d == 0)
			inq = !inq;
		else if (!inq && v[i] == '(' && ++d > max)
			max = d;
		else if (!inq && v[i] == ')' && d > 0)
			d--;
	}
	return max;
}

/* "type/subtype" of a Content-Type value, lower case, comments dropped. */
static void
ct_type(const char *v, size_t n, char *out, size_t outsz)
{
	size_t	 i, o = 0;
	int	 d = 0;

	for (i = 0; i < n && v[i] != ';' && o + 1 < outsz; i++) {
		if (v[i] == '(')
			d++;
		else if (v[i] == ')' && d > 0)
			d--;
		else if (d == 0 && (unsigned char)v[i] > ' ' && v[i] != '"')
			out[o++] = (char)util_lc((unsigned char)v[i]);
	}
	out[o] = '\0';
}

/* The value of parameter name (also "name*" forms), unquoted; or NULL. */
static char *
ct_param(const char *v, size_t n, const char *name)
{
	const char	*p = v, *end = v + n, *k, *val;
	size_t		 nl = strlen(name);
	struct buf	 b;

	while ((p = memchr(p, ';', end - p)) != NULL) {
		p++;
		while (p < end && (is_wsp((unsigned char)*p) || *p == '\r' ||
		    *p == '\n'))
			p++;
		k = p;
		while (p < end && *p != '=' && *p != ';')
			p++;
		if (p >= end || *p != '=')
			continue;
		if ((size_t)(p - k) < nl || !util_strncaseeq(k, name, nl))
			continue;
		val = k + nl;
		while (val < p && is_wsp((unsigned char)*val))
			val++;
		if (val != p && *val != '*')
			continue;
		p++;
		while (p < end && is_wsp((unsigned char)*p))
			p++;
		buf_init(&b, 1024);
		if (p < end && *p == '"') {
			for (p++; p < end && *p != '"'; p++) {
				if (*p == '\\' && p + 1 < end)
					p++;
				if (*p != '\r' && *p != '\n')
					buf_addch(&b, *p);
			}
		} else {
			for (; p < end && *p != ';' &&
			    (unsigned char)*p > ' '; p++)
				buf_addch(&b, *p);
		}
		if (b.data == NULL) {
			buf_free(&b);
			return xstrdup("");
		}
		return buf_steal(&b, NULL);
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The pre-scan: parts and depth counted before libetpan is called. */

struct scan {
	size_t		 parts;
	char		*cause;
	const char	*base;		/* the raw message, for offsets */
	int		 in_msg;	/* inside a carried message */
	struct mime_part *carried;	/* as mime_msg's parts */
	size_t		 ncarried;
};

static int	scan_entity(struct scan *, const char *, const char *, int, int);

static int
scan_multipart(struct scan *sc, const char *p, const char *end,
    const char *bnd, int depth, int digest)
{
	size_t		 bl = strlen(bnd);
	const char	*line, *part = NULL, *e, *q;

	for (line = p; line < end; line = e) {
		e = line_end(line, end);
		if ((size_t)(e - line) < 2 + bl || line[0] != '-' ||
		    line[1] != '-' || memcmp(line + 2, bnd, bl) != 0)
			continue;
		q = line + 2 + bl;
		if (q + 1 < e && q[0] == '-' && q[1] == '-') {
			if (part != NULL && scan_entity(sc, part, line,
			    depth, digest) == -1)
				return -1;
			return 0;
		}
		while (q < e && (is_wsp((unsigned char)*q) || *q == '\r'))
			q++;
		if (q < e && *q != '\n')
			continue;	/* not a delimiter for libetpan */
		if (part != NULL && scan_entity(sc, part, line, depth,
		    digest) == -1)
			return -1;
		part = e;
	}
	if (part != NULL && part < end &&
	    scan_entity(sc, part, end, depth, digest) == -1)
		return -1;
	return 0;
}

static int
scan_entity(struct scan *sc, const char *p, const char *end, int depth,
    int digest)
{
	struct rawhdr	 h;
	const char	*ct = NULL, *cte = NULL;
	size_t		 ctlen = 0, ctelen = 0;
	char		 type[64], *bnd;
	int		 r, is_msg;

	if (++sc->parts > MIME_MAX_PARTS) {
		sc->cause = xprintf("more than %d MIME parts", MIME_MAX_PARTS);
		return -1;
	}
	if (depth > MIME_MAX_DEPTH) {
		sc->cause = xprintf("MIME nesting deeper than %d",
		    MIME_MAX_DEPTH);
		return -1;
	}
	while (hdr_next(&p, end, &h) == 1) {
		if (comment_depth(h.val, h.vlen) > MIME_MAX_COMMENT) {
			sc->cause = xprintf("comments nested deeper than %d "
			    "in a header", MIME_MAX_COMMENT);
			return -1;
		}
		if (hdr_is(&h, "Content-Type") && ct == NULL) {
			ct = h.val;
			ctlen = h.vlen;
		}
		if (hdr_is(&h, "Content-Transfer-Encoding") && cte == NULL) {
			cte = h.val;
			ctelen = h.vlen;
		}
	}
	if (ct == NULL) {
		if (!digest)
			return 0;
		(void)snprintf(type, sizeof type, "message/rfc822");
	} else
		ct_type(ct, ctlen, type, sizeof type);
	if (strncmp(type, "multipart/", 10) == 0) {
		if ((bnd = ct_param(ct, ctlen, "boundary")) == NULL)
			return 0;
		if (*bnd == '\0') {
			free(bnd);
			return 0;
		}
		r = scan_multipart(sc, p, end, bnd, depth + 1,
		    strcmp(type, "multipart/digest") == 0);
		free(bnd);
		return r;
	}
	is_msg = strcmp(type, "message/rfc822") == 0;
	if (is_msg && cte != NULL && (memcasemem(cte, ctelen, "base64") ||
	    memcasemem(cte, ctelen, "quoted-printable")))
		is_msg = 0;
	if (!is_msg)
		return 0;
	/* The body, a top-level part, or a digest's part in one. */
	if (sc->in_msg == 0 && sc->base != NULL && (depth < 2 ||
	    (depth == 2 && digest))) {
		sc->carried = xreallocarray(sc->carried, sc->ncarried + 1,
		    sizeof *sc->carried);
		sc->carried[sc->ncarried].off = (size_t)(p - sc->base);
		sc->carried[sc->ncarried].len = (size_t)(end - p);
		sc->carried[sc->ncarried++].digest = digest;
	}
	sc->in_msg++;
	r = scan_entity(sc, p, end, depth + 1, 0);
	sc->in_msg--;
	return r;
}

/* ------------------------------------------------------------------ */
/* The body, walked in libetpan's tree. */

struct pick {
	char	*text;
	int	 html;
};

static void
lct_type(struct mailmime_content *ct, char *out, size_t sz)
{
	const char		*t = "text", *sub;
	struct mailmime_type	*tp;

	if (ct == NULL || ct->ct_type == NULL) {
		(void)snprintf(out, sz, "text/plain");
		return;
	}
	tp = ct->ct_type;
	if (tp->tp_type == MAILMIME_TYPE_DISCRETE_TYPE &&
	    tp->tp_data.tp_discrete_type != NULL) {
		switch (tp->tp_data.tp_discrete_type->dt_type) {
		case MAILMIME_DISCRETE_TYPE_TEXT:
			t = "text";
			break;
		case MAILMIME_DISCRETE_TYPE_IMAGE:
			t = "image";
			break;
		case MAILMIME_DISCRETE_TYPE_AUDIO:
			t = "audio";
			break;
		case MAILMIME_DISCRETE_TYPE_VIDEO:
			t = "video";
			break;
		case MAILMIME_DISCRETE_TYPE_APPLICATION:
			t = "application";
			break;
		default:
			t = tp->tp_data.tp_discrete_type->dt_extension;
			break;
		}
	} else if (tp->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE &&
	    tp->tp_data.tp_composite_type != NULL) {
		switch (tp->tp_data.tp_composite_type->ct_type) {
		case MAILMIME_COMPOSITE_TYPE_MESSAGE:
			t = "message";
			break;
		case MAILMIME_COMPOSITE_TYPE_MULTIPART:
			t = "multipart";
			break;
		default:
			t = tp->tp_data.tp_composite_type->ct_token;
			break;
		}
	}
	sub = ct->ct_subtype;
	(void)snprintf(out, sz, "%s/%s", t ? t : "x", sub ? sub : "x");
	str_lower(out);
}

static int
is_attachment(struct mailmime *mm)
{
	clistiter		*it;
	struct mailmime_field	*f;

	if (mm->mm_mime_fields == NULL)
		return 0;
	for (it = clist_begin(mm->mm_mime_fields->fld_list); it != NULL;
	    it = clist_next(it)) {
		f = clist_content(it);
		if (f->fld_type == MAILMIME_FIELD_DISPOSITION &&
		    f->fld_data.fld_disposition != NULL &&
		    f->fld_data.fld_disposition->dsp_type != NULL &&
		    f->fld_data.fld_disposition->dsp_type->dsp_type ==
		    MAILMIME_DISPOSITION_TYPE_ATTACHMENT)
			return 1;
	}
	return 0;
}

/*
 * The transfer decoders below give the bytes libetpan's mailmime_part_parse
 * gives, malformed input included, without its byte-at-a-time string
 * appends; the result is cut at MIME_MAX_HTML bytes.
 */
struct dec {
	char	*out;
	size_t	 len;
	size_t	 cap;
};

static void
dec_put(struct dec *d, const char *p, size_t n)
{
	if (n > d->cap - d->len)
		n = d->cap - d->len;
	memcpy(d->out + d->len, p, n);
	d->len += n;
}

/*
 * Quoted-printable, decoded robustly (RFC 2045, 6.7): "=XY" with two hex
 * digits is a byte; "=" with only blanks before the line end is a soft
 * break; any other "=" stands for itself, so a sender's stray "=" never
 * turns into a NUL that would cut the text short. Line ends (LF, CR or
 * CRLF) are written as CRLF. Nothing past s[n - 1] is read.
 */
static void
qp_decode(struct dec *d, const char *s, size_t n)
{
	size_t	 i = 0, k;
	char	 byte;
	int	 hi, lo;

	while (i < n && d->len < d->cap) {
		switch (s[i]) {
		case '\n':
			dec_put(d, "\r\n", 2);
			i++;
			break;
		case '\r':
			dec_put(d, "\r\n", 2);
			i += i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
			break;
		case '=':
			if (i + 2 < n && (hi = util_hexval((unsigned char)
			    s[i + 1])) != -1 && (lo = util_hexval((unsigned char)
			    s[i + 2])) != -1) {
				byte = (char)(hi << 4 | lo);
				dec_put(d, &byte, 1);
				i += 3;
				break;
			}
			for (k = i + 1; k < n && (s[k] == ' ' || s[k] == '\t');
			    k++)
				;
			if (k == n || s[k] == '\n' || s[k] == '\r') {
				/* A soft break (or "=" and blanks at the end). */
				if (k < n)
					k += s[k] == '\r' && k + 1 < n &&
					    s[k + 1] == '\n' ? 2 : 1;
				i = k;
				break;
			}
			dec_put(d, "=", 1);
			i++;
			break;
		default:
			for (k = i + 1; k < n && s[k] != '=' && s[k] != '\r' &&
			    s[k] != '\n'; k++)
				;
			dec_put(d, s + i, k - i);
			i = k;
			break;
		}
	}
}

static const signed char b64tab[256] = {
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6,
	['G'] = 7, ['H'] = 8, ['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12,
	['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, ['Q'] = 17,
	['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22,
	['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26,
	['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30, ['e'] = 31,
	['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
	['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41,
	['p'] = 42, ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46,
	['u'] = 47, ['v'] = 48, ['w'] = 49, ['x'] = 50, ['y'] = 51,
	['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56,
	['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61,
	['9'] = 62, ['+'] = 63, ['/'] = 64,
};

/*
 * Base64: bytes outside the alphabet ("=" too) are skipped; one, two or
 * three characters left at the end give one, one or two bytes.
 */
static void
b64_decode(struct dec *d, const char *s, size_t n)
{
	size_t		 i;
	unsigned int	 acc = 0;
	int		 k = 0, v;
	char		 o[3];

	for (i = 0; i < n && d->len < d->cap; i++) {
		if ((v = b64tab[(unsigned char)s[i]]) == 0)
			continue;
		acc = acc << 6 | (unsigned int)(v - 1);
		if (++k == 4) {
			o[0] = (char)(acc >> 16);
			o[1] = (char)(acc >> 8);
			o[2] = (char)acc;
			dec_put(d, o, 3);
			acc = 0;
			k = 0;
		}
	}
	if (k == 0 || i < n)
		return;
	acc <<= 6 * (4 - k);
	o[0] = (char)(acc >> 16);
	o[1] = (char)(acc >> 8);
	dec_put(d, o, k == 3 ? 2 : 1);
}

/* The decoded bytes of a part's body d, capped; caller frees. */
static char *
part_bytes(struct mailmime_data *d, size_t *lenp)
{
	struct dec		 dc;
	const char		*s;
	size_t			 n;

	*lenp = 0;
	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT || d->dt_data.dt_text.dt_data == NULL)
		return xstrdup("");
	s = d->dt_data.dt_text.dt_data;
	n = d->dt_data.dt_text.dt_length;
	if (d->dt_encoded && d->dt_encoding == MAILMIME_MECHANISM_BASE64) {
		dc.cap = n / 4 * 3 + 3;
		if (dc.cap > MIME_MAX_HTML)
			dc.cap = MIME_MAX_HTML;
		dc.out = xmalloc(dc.cap + 1);
		dc.len = 0;
		b64_decode(&dc, s, n);
	} else if (d->dt_encoded &&
	    d->dt_encoding == MAILMIME_MECHANISM_QUOTED_PRINTABLE) {
		dc.cap = n < MIME_MAX_HTML / 2 ? 2 * n + 2 : MIME_MAX_HTML;
		dc.out = xmalloc(dc.cap + 1);
		dc.len = 0;
		qp_decode(&dc, s, n);
	} else {
		dc.len = dc.cap = n < MIME_MAX_HTML ? n : MIME_MAX_HTML;
		dc.out = xmalloc(dc.cap + 1);
		memcpy(dc.out, s, dc.len);
	}
	dc.out[dc.len] = '\0';
	*lenp = dc.len;
	return dc.out;
}

/* An HTML part without a charset parameter may name one in <meta>. */
static char *
html_meta_charset(const char *s, size_t n)
{
	const char	*p, *e;
	char		 cs[MIME_MAX_CHARSET];
	size_t		 i = 0;

	if ((p = memcasemem(s, n < 4096 ? n : 4096, "charset=")) == NULL)
		return NULL;
	p += 8;
	e = s + n;
	while (p < e && (*p == '"' || *p == '\'' || is_wsp((unsigned char)*p)))
		p++;
	while (p < e && i + 1 < sizeof cs && (is_alnum((unsigned char)*p) ||
	    *p == '-' || *p == '_' || *p == ':' || *p == '.'))
		cs[i++] = *p++;
	cs[i] = '\0';
	return i ? xstrdup(cs) : NULL;
}

/* The text of body d of part mm, read as type (text/plain or text/html). */
static int
single_text(struct mailmime *mm, struct mailmime_data *d, const char *type,
    struct pick *pk)
{
	struct mailmime_content	*ct = mm->mm_content_type;
	char			*bytes, *utf, *t, *cs, *meta = NULL, *fmt, *delsp;
	size_t			 n;
	int			 html = strcmp(type, "text/html") == 0;

	bytes = part_bytes(d, &n);
	cs = ct ? mailmime_content_param_get(ct, "charset") : NULL;
	if (cs == NULL && html)
		cs = meta = html_meta_charset(bytes, n);
	utf = mime_to_utf8(cs, bytes, n);
	free(bytes);
	free(meta);
	if (html) {
		t = mime_html_to_text(utf, strlen(utf));
		free(utf);
		utf = text_tidy(t, strlen(t), 1, 1);
		free(t);
	} else {
		t = text_tidy(utf, strlen(utf), 0, 0);
		free(utf);
		utf = t;
		fmt = ct ? mailmime_content_param_get(ct, "format") : NULL;
		delsp = ct ? mailmime_content_param_get(ct, "delsp") : NULL;
		if (fmt != NULL && util_strcaseeq(fmt, "flowed")) {
			t = flowed_join(utf, delsp != NULL &&
			    util_strcaseeq(delsp, "yes"));
			free(utf);
			utf = text_tidy(t, strlen(t), 0, 0);
			free(t);
		}
	}
	if (*utf == '\0') {
		free(utf);
		return 0;
	}
	utf8_cap(utf, MIME_MAX_TEXT);
	pk->text = utf;
	pk->html = html;
	return 1;
}

/*
 * Looks for the delimiter lines of boundary bnd in body d, as libetpan and
 * scan_multipart tell them: "--" bnd, then blanks up to the line end, or
 * "--" bnd "--" to close. Returns 1 when a part opens; else 0, with *cut
 * the length of the body before the first close delimiter (or all of it).
 */
static int
has_delimiter(const struct mailmime_data *d, const char *bnd, size_t *cut)
{
	const char	*p, *end, *line, *e, *q;
	size_t		 bl = strlen(bnd);

	*cut = 0;
	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT ||
	    d->dt_data.dt_text.dt_data == NULL)
		return 0;
	p = d->dt_data.dt_text.dt_data;
	end = p + d->dt_data.dt_text.dt_length;
	*cut = end - p;
	for (line = p; line < end; line = e) {
		e = line_end(line, end);
		if ((size_t)(e - line) < 2 + bl || line[0] != '-' ||
		    line[1] != '-' || memcmp(line + 2, bnd, bl) != 0)
			continue;
		q = line + 2 + bl;
		if (q + 1 < e && q[0] == '-' && q[1] == '-') {
			*cut = line - p;
			return 0;
		}
		while (q < e && (is_wsp((unsigned char)*q) || *q == '\r'))
			q++;
		if (q == e || *q == '\n')
			return 1;
	}
	return 0;
}

/*
 * A multipart that has no boundary, an empty one, or no delimiter line of
 * it in its body has no parts: like GMime and Python's email package,
 * sprintd reads it as text/plain of its body (up to a close delimiter, if
 * one is there). Returns 1 with that body in *out, or 0 for a well-formed
 * multipart and for any other type.
 */
static int
multipart_as_text(struct mailmime *mm, const char *type,
    struct mailmime_data *out)
{
	char	*bnd;
	size_t	 cut;

	if (strncmp(type, "multipart/", 10) != 0)
		return 0;
	if (mm->mm_type == MAILMIME_SINGLE) {
		/* libetpan reads a multipart without a boundary so. */
		if (mm->mm_data.mm_single == NULL)
			return 0;
		*out = *mm->mm_data.mm_single;
		return 1;
	}
	if (mm->mm_type != MAILMIME_MULTIPLE || mm->mm_body == NULL)
		return 0;
	bnd = mm->mm_content_type != NULL ?
	    mailmime_content_param_get(mm->mm_content_type, "boundary") : NULL;
	if (bnd == NULL || *bnd == '\0') {
		*out = *mm->mm_body;
		return 1;
	}
	if (has_delimiter(mm->mm_body, bnd, &cut))
		return 0;
	*out = *mm->mm_body;
	if (out->dt_type == MAILMIME_DATA_TEXT)
		out->dt_data.dt_text.dt_length = cut;
	return 1;
}

/* A single text/html part, as walk() would read it. */
static int
is_html_single(struct mailmime *mm)
{
	char	 type[128];

	if (mm == NULL || mm->mm_type != MAILMIME_SINGLE)
		return 0;
	lct_type(mm->mm_content_type, type, sizeof type);
	return strcmp(type, "text/html") == 0;
}

static int
walk(struct mailmime *mm, int first, struct pick *pk)
{
	char		 type[128];
	clistiter	*it;
	struct pick	 alt = { NULL, 0 }, fb = { NULL, 0 };
	struct mailmime_data body;
	int		 i, fbi = 0;

	if (mm == NULL)
		return 0;
	lct_type(mm->mm_content_type, type, sizeof type);
	if (multipart_as_text(mm, type, &body)) {
		if (!first && is_attachment(mm))
			return 0;
		return single_text(mm, &body, "text/plain", pk);
	}
	switch (mm->mm_type) {
	case MAILMIME_SINGLE:
		if (strcmp(type, "text/plain") != 0 &&
		    strcmp(type, "text/html") != 0)
			return 0;
		if (!first && is_attachment(mm))
			return 0;
		return single_text(mm, mm->mm_data.mm_single, type, pk);
	case MAILMIME_MULTIPLE:
		if (strcmp(type, "multipart/alternative") == 0) {
			/* An HTML part is converted only when no plain text
			 * is found: first pass without them. */
			i = 0;
			for (it = clist_begin(mm->mm_data.mm_multipart.mm_mp_list);
			    it != NULL; it = clist_next(it), i++) {
				if (is_html_single(clist_content(it)))
					continue;
				if (!walk(clist_content(it), 1, &alt))
					continue;
				if (!alt.html) {
					free(fb.text);
					*pk = alt;
					return 1;
				}
				if (fb.text == NULL) {
					fb = alt;
					fbi = i;
				} else
					free(alt.text);
			}
			i = 0;
			for (it = clist_begin(mm->mm_data.mm_multipart.mm_mp_list);
			    it != NULL && (fb.text == NULL || i < fbi);
			    it = clist_next(it), i++) {
				if (!is_html_single(clist_content(it)) ||
				    !walk(clist_content(it), 1, &alt))
					continue;
				free(fb.text);
				*pk = alt;
				return 1;
			}
			if (fb.text == NULL)
				return 0;
			*pk = fb;
			return 1;
		}
		i = 0;
		for (it = clist_begin(mm->mm_data.mm_multipart.mm_mp_list);
		    it != NULL; it = clist_next(it), i++) {
			if (walk(clist_content(it), first && i == 0, pk))
				return 1;
		}
		return 0;
	default:
		return 0;	/* an attached message is not the text */
	}
}

static int
has_dsn(struct mailmime *mm)
{
	char		 type[128], *rt;
	clistiter	*it;

	if (mm == NULL)
		return 0;
	lct_type(mm->mm_content_type, type, sizeof type);
	if (strcmp(type, "message/delivery-status") == 0 ||
	    strcmp(type, "message/global-delivery-status") == 0)
		return 1;
	if (mm->mm_type != MAILMIME_MULTIPLE)
		return 0;
	if (strcmp(type, "multipart/report") == 0 &&
	    (rt = mailmime_content_param_get(mm->mm_content_type,
	    "report-type")) != NULL && (util_strcaseeq(rt, "delivery-status") ||
	    util_strcaseeq(rt, "\"delivery-status\"")))
		return 1;
	for (it = clist_begin(mm->mm_data.mm_multipart.mm_mp_list); it != NULL;
	    it = clist_next(it))
		if (has_dsn(clist_content(it)))
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Addresses and ids. */

static char *
addr_clean(const char *a, int lower)
{
	char	*s = xstrdup(a);

	util_strip_controls(s);
	util_trim(s);
	if (lower)
		str_lower(s);
	if (!util_addr_valid(s)) {
		free(s);
		return NULL;
	}
	return s;
}

/* First mailbox of an address header: its addr-spec and display name. */
static char *
addr_first(const char *v, int lower, char **name)
{
	struct mailimf_mailbox_list	*ml = NULL;
	struct mailimf_mailbox		*mb;
	size_t				 idx = 0;
	const char			*lt, *gt, *p, *q;
	char				*addr = NULL, *tmp;

	if (name != NULL)
		*name = NULL;
	if (mailimf_mailbox_list_parse(v, strlen(v), &idx, &ml) ==
	    MAILIMF_NO_ERROR) {
		if (clist_begin(ml->mb_list) != NULL) {
			mb = clist_content(clist_begin(ml->mb_list));
			addr = addr_clean(mb->mb_addr_spec, lower);
			if (name != NULL && mb->mb_display_name != NULL)
				*name = xstrdup(mb->mb_display_name);
		}
		mailimf_mailbox_list_free(ml);
		if (addr != NULL)
			return addr;
		if (name != NULL)
			xfree(name);
	}
	/* libetpan is strict; mail is not. */
	if ((lt = strchr(v, '<')) != NULL && (gt = strchr(lt, '>')) != NULL) {
		tmp = xstrndup(lt + 1, gt - lt - 1);
		addr = addr_clean(tmp, lower);
		free(tmp);
		if (addr != NULL && name != NULL && lt > v) {
			tmp = xstrndup(v, lt - v);
			util_trim(tmp);
			if (*tmp == '"' && strlen(tmp) >= 2 &&
			    tmp[strlen(tmp) - 1] == '"') {
				tmp[strlen(tmp) - 1] = '\0';
				memmove(tmp, tmp + 1, strlen(tmp));
			}
			*name = tmp;
		}
		return addr;
	}
	if ((p = strchr(v, '@')) == NULL)
		return NULL;
	while (p > v && strchr(" \t,;:(\"<", p[-1]) == NULL)
		p--;
	for (q = p; *q != '\0' && strchr(" \t,;:)\">", *q) == NULL; q++)
		;
	tmp = xstrndup(p, q - p);
	addr = addr_clean(tmp, lower);
	free(tmp);
	return addr;
}

static char	*display_name(char *);

/* Adds one mailbox to *vp (at most MIME_MAX_PARTS of them). */
static void
addr_push(struct mime_addr **vp, size_t *np, char *addr, char *name)
{
	if (addr == NULL || *np >= MIME_MAX_PARTS) {
		free(addr);
		free(name);
		return;
	}
	*vp = xreallocarray(*vp, *np + 1, sizeof **vp);
	(*vp)[*np].addr = addr;
	(*vp)[(*np)++].name = display_name(name);
}

/* Every mailbox of an address header (groups opened), added to *vp. */
static void
addr_all(const char *v, struct mime_addr **vp, size_t *np)
{
	struct mailimf_address_list	*al = NULL;
	struct mailimf_address		*a;
	struct mailimf_mailbox		*mb;
	struct mailimf_mailbox_list	*gl;
	clistiter			*it, *jt;
	size_t				 idx = 0;
	char				*addr, *name;

	if (mailimf_address_list_parse(v, strlen(v), &idx, &al) !=
	    MAILIMF_NO_ERROR) {
		/* libetpan is strict; mail is not: one, as From is read. */
		addr = addr_first(v, 1, &name);
		addr_push(vp, np, addr, addr != NULL ? name : NULL);
		return;
	}
	for (it = clist_begin(al->ad_list); it != NULL; it = clist_next(it)) {
		a = clist_content(it);
		if (a->ad_type == MAILIMF_ADDRESS_MAILBOX) {
			mb = a->ad_data.ad_mailbox;
			addr_push(vp, np, addr_clean(mb->mb_addr_spec, 1),
			    mb->mb_display_name ? xstrdup(mb->mb_display_name) :
			    NULL);
			continue;
		}
		if ((gl = a->ad_data.ad_group->grp_mb_list) == NULL)
			continue;
		for (jt = clist_begin(gl->mb_list); jt != NULL;
		    jt = clist_next(jt)) {
			mb = clist_content(jt);
			addr_push(vp, np, addr_clean(mb->mb_addr_spec, 1),
			    mb->mb_display_name ? xstrdup(mb->mb_display_name) :
			    NULL);
		}
	}
	mailimf_address_list_free(al);
}

/* The first "<...>" of a value, brackets kept; or NULL. */
static char *
msgid_first(const char *v)
{
	const char	*lt, *gt;
	char		*s;

	if ((lt = strchr(v, '<')) == NULL || (gt = strchr(lt, '>')) == NULL ||
	    gt - lt < 2 || gt - lt > 998)
		return NULL;
	s = xstrndup(lt, gt - lt + 1);
	util_strip_controls(s);
	return s;
}

static char *
display_name(char *raw)
{
	char	*d;
	size_t	 n;

	if (raw == NULL)
		return NULL;
	d = mime_decode_header(raw);
	free(raw);
	util_strip_controls(d);
	util_trim(d);
	n = strlen(d);
	if (n >= 2 && d[0] == '"' && d[n - 1] == '"') {
		d[n - 1] = '\0';
		memmove(d, d + 1, n - 1);
		util_trim(d);
	}
	utf8_cap(d, 256);
	if (*d == '\0') {
		free(d);
		return NULL;
	}
	return d;
}

/* ------------------------------------------------------------------ */

static void
take_header(struct mime_msg *m, const char *name, const char *raw,
    const char *val)
{
	char	*s;

	if (util_strcaseeq(name, "from") && m->from_addr == NULL) {
		m->from_addr = addr_first(raw, 1, &s);
		m->from_name = display_name(s);
	} else if (util_strcaseeq(name, "reply-to") && m->reply_to == NULL) {
		m->reply_to = addr_first(raw, 0, &s);
		m->reply_to_name = display_name(s);
	} else if (util_strcaseeq(name, "x-original-from") &&
	    m->orig_from == NULL) {
		m->orig_from = addr_first(raw, 0, &s);
		m->orig_from_name = display_name(s);
	} else if (util_strcaseeq(name, "x-original-sender") &&
	    m->orig_sender == NULL)
		m->orig_sender = addr_first(raw, 0, NULL);
	else if (util_strcaseeq(name, "sender") && m->sender == NULL)
		m->sender = addr_first(raw, 0, NULL);
	else if (util_strcaseeq(name, "cc"))
		addr_all(raw, &m->cc, &m->ncc);
	else if (util_strcaseeq(name, "return-path") &&
	    m->return_path == NULL) {
		s = xstrdup(raw);
		util_strip_controls(s);
		if (strstr(s, "<>") != NULL)
			m->return_path = xstrdup("");
		else
			m->return_path = addr_first(s, 0, NULL);
		free(s);
	} else if (util_strcaseeq(name, "subject") && m->subject == NULL)
		m->subject = xstrdup(val);
	else if (util_strcaseeq(name, "message-id") && m->message_id == NULL)
		m->message_id = msgid_first(raw);
	else if (util_strcaseeq(name, "in-reply-to") && m->in_reply_to == NULL)
		m->in_reply_to = msgid_first(raw);
	else if (util_strcaseeq(name, "references") && m->references == NULL) {
		m->references = xstrdup(raw);
		util_strip_controls(m->references);
	} else if (util_strcaseeq(name, "date") && m->date == NULL) {
		m->date = xstrdup(raw);
		util_strip_controls(m->date);
	} else if (util_strcaseeq(name, "content-type") &&
	    m->content_type == NULL) {
		char	 t[128];

		ct_type(raw, strlen(raw), t, sizeof t);
		util_strip_controls(t);
		if (strchr(t, '/') != NULL && t[0] != '/')
			m->content_type = xstrdup(t);
	}
}

/*
 * libetpan's decoders read up to two bytes past the end of a part (a
 * quoted-printable part ending in "=" and one character), so libetpan
 * only ever parses a copy (mime_structure) with NUL bytes after its end;
 * the rest of the reading keeps to the bytes given.
 */
#define MIME_PAD	4

static int mime_parse_at(const char *, size_t, struct mime_msg **,
    char **);

int
mime_parse(const char *raw, size_t len, struct mime_msg **out, char **cause)
{
	char	*copy, *p;
	int	 r;

	*out = NULL;
	if (len > MIME_MAX_MESSAGE) {
		*cause = xprintf("message of %zu bytes is over the limit of "
		    "%u bytes", len, MIME_MAX_MESSAGE);
		return -1;
	}
	/* A NUL is no end of anything in mail (RFC 5322 forbids it): read
	 * as a space, it never cuts a field or a body short. Mail without
	 * one, nearly all, is read where it is. */
	if (memchr(raw, '\0', len) == NULL)
		return mime_parse_at(raw, len, out, cause);
	copy = xmalloc(len + 1);
	memcpy(copy, raw, len);
	copy[len] = '\0';
	for (p = memchr(copy, '\0', len); p != NULL;
	    p = memchr(p, '\0', len - (size_t)(p - copy)))
		*p = ' ';
	r = mime_parse_at(copy, len, out, cause);
	free(copy);
	return r;
}

/*
 * libetpan's conversion hook (charconv.h): it decodes the encoded words
 * of every Content-Type value from US-ASCII to UTF-8, and opening an
 * iconv descriptor for that costs more than reading the rest of the
 * header. Text that is already what it should become is copied; anything
 * else goes on to libetpan's iconv as before.
 */
static int
mime_charconv(const char *tocode, const char *fromcode, const char *s,
    size_t n, char *out, size_t *outlen)
{
	char	 from[MIME_MAX_CHARSET], to[MIME_MAX_CHARSET];
	int	 multi;

	charset_norm(tocode, to, sizeof to);
	charset_norm(fromcode, from, sizeof from);
	if (!charset_utf8(to) || n > *outlen)
		return MAIL_CHARCONV_ERROR_UNKNOWN_CHARSET;
	/* US-ASCII: valid UTF-8 without a multibyte sequence. */
	if (!utf8_check(s, n, &multi) || (!charset_utf8(from) &&
	    (strcmp(from, "us-ascii") != 0 || multi)))
		return MAIL_CHARCONV_ERROR_UNKNOWN_CHARSET;
	memcpy(out, s, n);
	*outlen = n;
	return MAIL_CHARCONV_NO_ERROR;
}

/* Whether a header field is one of MIME's own (RFC 2045): MIME-Version
 * or Content-*. */
static int
mime_field(const struct rawhdr *h)
{
	return hdr_is(h, "MIME-Version") || (h->nlen > 8 &&
	    util_strncaseeq(h->name, "Content-", 8));
}

/*
 * The message as libetpan reads its structure: MIME's header fields, a
 * blank line and the body. The other fields are read by hdr_next alone:
 * libetpan parsing From, To or References into structures nobody reads
 * cost as much as the rest of reading a message. Returns the copy, of
 * *n bytes and MIME_PAD NULs after them (caller frees).
 */
static char *
mime_structure(const char *raw, const char *end, size_t *n)
{
	struct rawhdr	 h;
	const char	*p;
	char		*copy, *o;
	size_t		 len = 2;

	for (p = raw; hdr_next(&p, end, &h) == 1; )
		if (mime_field(&h))
			len += (size_t)(h.val + h.vlen - h.name);
	len += (size_t)(end - p);
	o = copy = xmalloc(len + MIME_PAD);
	for (p = raw; hdr_next(&p, end, &h) == 1; ) {
		if (!mime_field(&h))
			continue;
		memcpy(o, h.name, (size_t)(h.val + h.vlen - h.name));
		o += h.val + h.vlen - h.name;
	}
	memcpy(o, "\r\n", 2);
	o += 2;
	memcpy(o, p, (size_t)(end - p));
	memset(o + (end - p), 0, MIME_PAD);
	*n = len;
	return copy;
}

/* Off in tests that compare the shortcut with the whole tree. */
static int	 mime_shortcut = 1;

void
mime_set_shortcut(int on)
{
	mime_shortcut = on;
}

/* A raw field value as libetpan reads it (unstructured): from its first
 * non-blank byte to the end of its last line, folds kept; caller frees. */
static char *
mime_field_value(const struct rawhdr *h)
{
	const char	*v = h->val, *e = h->val + h->vlen;

	while (v < e && is_wsp((unsigned char)*v))
		v++;
	while (e > v && (e[-1] == '\n' || e[-1] == '\r'))
		e--;
	return xstrndup(v, (size_t)(e - v));
}

/*
 * Most mail is one text part. Its text needs no MIME tree: its
 * Content-Type is read as libetpan reads it in a tree (encoded words
 * decoded, then the content parsed), its Content-Transfer-Encoding too,
 * and its body is all after the header. Returns 1 when the message is
 * such a part (*pk then holds what walk finds, or nothing), 0 when the
 * tree must be built (another type, a field given twice, or one that does
 * not parse).
 */
static int
mime_single_text(const char *raw, const char *end, struct pick *pk,
    int *found)
{
	struct rawhdr			 h;
	struct mailmime			 mm;
	struct mailmime_data		 d;
	struct mailmime_content		*ct = NULL;
	struct mailmime_mechanism	*mech = NULL;
	const char			*p;
	char				*ctv = NULL, *ctev = NULL, *dec = NULL;
	char				 type[128];
	size_t				 idx;
	int				 ok = 0;

	for (p = raw; hdr_next(&p, end, &h) == 1; ) {
		if (hdr_is(&h, "Content-Type")) {
			if (ctv != NULL)
				goto out;
			ctv = mime_field_value(&h);
		} else if (hdr_is(&h, "Content-Transfer-Encoding")) {
			if (ctev != NULL)
				goto out;
			ctev = mime_field_value(&h);
		}
	}
	if (ctv != NULL) {
		idx = 0;
		/* Without an encoded word, decoding changes only white
		 * space, which the content's own parser skips. */
		if (strstr(ctv, "=?") != NULL &&
		    mailmime_encoded_phrase_parse("us-ascii", ctv, strlen(ctv),
		    &idx, "utf-8", &dec) != MAILIMF_NO_ERROR)
			dec = NULL;
		idx = 0;
		if (mailmime_content_parse(dec != NULL ? dec : ctv,
		    strlen(dec != NULL ? dec : ctv), &idx, &ct) !=
		    MAILIMF_NO_ERROR)
			goto out;
	}
	lct_type(ct, type, sizeof type);
	if (strcmp(type, "text/plain") != 0 && strcmp(type, "text/html") != 0)
		goto out;
	if (ctev != NULL) {
		idx = 0;
		if (mailmime_encoding_parse(ctev, strlen(ctev), &idx,
		    &mech) != MAILIMF_NO_ERROR)
			goto out;
	}
	memset(&mm, 0, sizeof mm);
	memset(&d, 0, sizeof d);
	mm.mm_type = MAILMIME_SINGLE;
	mm.mm_content_type = ct;
	mm.mm_data.mm_single = &d;
	d.dt_type = MAILMIME_DATA_TEXT;
	d.dt_encoded = 1;
	d.dt_encoding = mech != NULL ? mech->enc_type :
	    MAILMIME_MECHANISM_7BIT;
	d.dt_data.dt_text.dt_data = p;
	d.dt_data.dt_text.dt_length = (size_t)(end - p);
	*found = walk(&mm, 1, pk);
	ok = 1;
out:
	if (ct != NULL)
		mailmime_content_free(ct);
	if (mech != NULL)
		mailmime_mechanism_free(mech);
	if (dec != NULL)
		free(dec);
	free(ctv);
	free(ctev);
	return ok;
}

static int
mime_parse_at(const char *raw, size_t len, struct mime_msg **out,
    char **cause)
{
	struct scan	 sc = { 0, NULL, raw, 0, NULL, 0 };
	struct mime_msg	*m = NULL;
	struct mailmime	*mime = NULL;
	struct rawhdr	 h;
	struct pick	 pk = { NULL, 0 };
	const char	*p, *end = raw + len;
	char		*name, *uf, *val, *st = NULL;
	size_t		 idx = 0, cap = 0, stlen;
	int		 r, single = 0, found = 0;

	*out = NULL;
	if (len > MIME_MAX_MESSAGE) {
		*cause = xprintf("message of %zu bytes is over the limit of "
		    "%u bytes", len, MIME_MAX_MESSAGE);
		return -1;
	}
	/* An mbox "From " line is not a header. */
	if (len > 5 && memcmp(raw, "From ", 5) == 0) {
		p = line_end(raw, end);
		len -= p - raw;
		raw = p;
	}
	if (scan_entity(&sc, raw, end, 0, 0) == -1) {
		*cause = sc.cause;
		free(sc.carried);
		return -1;
	}
	extended_charconv = mime_charconv;
	if (mime_shortcut && mime_single_text(raw, end, &pk, &found))
		single = 1;
	else {
		st = mime_structure(raw, end, &stlen);
		if ((r = mailmime_parse(st, stlen, &idx, &mime)) !=
		    MAILIMF_NO_ERROR) {
			*cause = xprintf("MIME parser failed (libetpan error "
			    "%d)", r);
			free(st);
			return -1;
		}
	}

	m = xcalloc(1, sizeof *m);
	m->parts = sc.carried;
	m->nparts = sc.ncarried;
	for (p = raw; hdr_next(&p, end, &h) == 1; ) {
		if (m->nheaders == MIME_MAX_HEADERS) {
			log_debug("mime: more than %d headers, rest ignored",
			    MIME_MAX_HEADERS);
			break;
		}
		name = xstrndup(h.name, h.nlen < MIME_MAX_NAME ? h.nlen :
		    MIME_MAX_NAME);
		uf = unfold(h.val, h.vlen);
		val = mime_decode_header(uf);
		util_strip_controls(val);
		util_trim(val);
		utf8_cap(val, MIME_MAX_HEADER);
		take_header(m, name, uf, val);
		free(uf);
		if (m->nheaders == cap) {
			cap = cap ? cap * 2 : 16;
			m->headers = xreallocarray(m->headers, cap,
			    sizeof *m->headers);
		}
		m->headers[m->nheaders].name = name;
		m->headers[m->nheaders].value = val;
		m->nheaders++;
	}
	if (m->content_type == NULL)
		m->content_type = xstrdup("text/plain");
	if (m->subject != NULL)
		util_strip_controls(m->subject);

	if (single) {
		if (found) {
			m->text = pk.text;
			m->text_from_html = pk.html;
		}
	} else if (mime->mm_type == MAILMIME_MESSAGE) {
		struct mailmime	*body = mime->mm_data.mm_message.mm_msg_mime;

		m->has_delivery_status = has_dsn(body);
		if (walk(body, 1, &pk)) {
			m->text = pk.text;
			m->text_from_html = pk.html;
		}
	}
	if (mime != NULL)
		mailmime_free(mime);
	free(st);
	*out = m;
	return 0;
}

const char *
mime_header(const struct mime_msg *m, const char *name)
{
	size_t	 i;

	for (i = 0; i < m->nheaders; i++)
		if (util_strcaseeq(m->headers[i].name, name))
			return m->headers[i].value;
	return NULL;
}

void
mime_free(struct mime_msg **mp)
{
	struct mime_msg	*m = *mp;
	size_t		 i;

	if (m == NULL)
		return;
	free(m->from_addr);
	free(m->from_name);
	free(m->reply_to);
	free(m->reply_to_name);
	free(m->orig_from);
	free(m->orig_from_name);
	free(m->orig_sender);
	free(m->sender);
	for (i = 0; i < m->ncc; i++) {
		free(m->cc[i].addr);
		free(m->cc[i].name);
	}
	free(m->cc);
	free(m->parts);
	free(m->return_path);
	free(m->subject);
	free(m->message_id);
	free(m->in_reply_to);
	free(m->references);
	free(m->date);
	free(m->content_type);
	free(m->text);
	for (i = 0; i < m->nheaders; i++) {
		free(m->headers[i].name);
		free(m->headers[i].value);
	}
	free(m->headers);
	free(m);
	*mp = NULL;
}
