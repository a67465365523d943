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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "charset.h"
#include "html.h"
#include "log.h"
#include "mime.h"
#include "util.h"

#define MIME_MAX_HEADER		(64u * 1024)	/* one header value */
#define MIME_MAX_HEADERS	1000		/* headers kept in headers[] */
#define MIME_MAX_NAME		256
#define MIME_MAX_COMMENT	32		/* nested "(" in one header */
#define MIME_MAX_HTML		(8u * 1024 * 1024)

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
			if (!is_ctl(c) && (!trim_lines || !util_is_wsp(c)))
				break;
		}
		for (k = a; k < last; k++) {
			c = (unsigned char)s[k];
			if (!is_ctl(c) && !util_is_wsp(c))
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
	while (q < end && util_is_wsp((unsigned char)*q))	/* "Name :" */
		q++;
	if (h->nlen == 0 || q >= end || *q != ':')
		return 0;
	h->val = q + 1;
	e = line_end(q, end);
	while (e < end && util_is_wsp((unsigned char)*e))
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
		while (p < end && (util_is_wsp((unsigned char)*p) || *p == '\r' ||
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
		while (val < p && util_is_wsp((unsigned char)*val))
			val++;
		if (val != p && *val != '*')
			continue;
		p++;
		while (p < end && util_is_wsp((unsigned char)*p))
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
		while (q < e && (util_is_wsp((unsigned char)*q) || *q == '\r'))
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
	if (is_msg && cte != NULL && (util_memcasemem(cte, ctelen, "base64") ||
	    util_memcasemem(cte, ctelen, "quoted-printable")))
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
	util_lower(out);
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
	char		 cs[CHARSET_NAME_MAX];
	size_t		 i = 0;

	if ((p = util_memcasemem(s, n < 4096 ? n : 4096, "charset=")) == NULL)
		return NULL;
	p += 8;
	e = s + n;
	while (p < e && (*p == '"' || *p == '\'' || util_is_wsp((unsigned char)*p)))
		p++;
	while (p < e && i + 1 < sizeof cs && (util_is_alnum((unsigned char)*p) ||
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
	utf = charset_to_utf8(cs, bytes, n);
	free(bytes);
	free(meta);
	if (html) {
		t = html_to_text(utf, strlen(utf));
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
		while (q < e && (util_is_wsp((unsigned char)*q) || *q == '\r'))
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
		util_lower(s);
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
	d = charset_decode_header(raw);
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
	char	 from[CHARSET_NAME_MAX], to[CHARSET_NAME_MAX];
	int	 multi;

	charset_norm(tocode, to, sizeof to);
	charset_norm(fromcode, from, sizeof from);
	if (!charset_is_utf8(to) || n > *outlen)
		return MAIL_CHARCONV_ERROR_UNKNOWN_CHARSET;
	/* US-ASCII: valid UTF-8 without a multibyte sequence. */
	if (!charset_utf8_valid(s, n, &multi) || (!charset_is_utf8(from) &&
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

	while (v < e && util_is_wsp((unsigned char)*v))
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
		val = charset_decode_header(uf);
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
