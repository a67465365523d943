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
 * html.c -- an HTML part as plain text, for mail whose only text is
 * HTML: tags, style and script dropped, entities decoded, blocks and
 * line breaks as line ends, blockquotes as "> " quotes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "html.h"
#include "util.h"

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
		cp = charset_cp1252(cp);
	else if (cp < 0x20 || cp == 0x7f)
		return;
	html_putc(h, u, charset_encode(cp, u));
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
	    util_is_alnum((unsigned char)s[k]); k++)
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
	if ((e = util_memcasemem(s + i, n - i, close)) == NULL)
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
			q = util_memcasemem(attr, alen, "gmail_quote") !=
			    NULL || util_memcasemem(attr, alen,
			    "yahoo_quoted") != NULL;
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
html_to_text(const char *s, size_t n)
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
			e = util_memcasemem(s + i + 4, n - i - 4, "-->");
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
		while (k < n && util_is_alnum((unsigned char)s[k]))
			k++;
		if (k == t0) {
			html_text(&h, "<", 1);	/* a lone "<" in text */
			i++;
			continue;
		}
		memset(tag, 0, sizeof tag);
		memcpy(tag, s + t0, k - t0 < sizeof tag - 1 ? k - t0 :
		    sizeof tag - 1);
		util_lower(tag);
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
