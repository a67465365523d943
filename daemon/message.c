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

/* message.c -- building an outgoing RFC 5322 message. */
#include "config-auto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "message.h"
#include "util.h"

#define MESSAGE_HDR_FOLD	78		/* fold header lines at this */
#define MESSAGE_EW_MAX		75		/* RFC 2047: encoded word length */
#define MESSAGE_EW_MIN		24		/* fits any character in Q */
#define MESSAGE_EW_OVERHEAD	12		/* "=?UTF-8?Q?" and "?=" */
#define MESSAGE_VALUE_MAX	2048		/* header values are cut here */
#define MESSAGE_NAME_MAX	64
#define MESSAGE_HDRS_MAX	(256u * 1024)
#define MESSAGE_BODY_MAX	(4u * 1024 * 1024) /* bodies are cut here */
#define MESSAGE_LINE_7BIT	998
#define MESSAGE_QP_LINE		76

struct message_part {
	char		*type;
	char		*filename;
	char		*data;
};

struct message {
	struct buf		 hdrs;		/* formatted header lines, CRLF */
	int			 has_date;
	char			*body;
	struct message_part	 parts[MESSAGE_PARTS_MAX];
	size_t			 nparts;
};

/* A header line being written: the column decides where to fold. */
struct message_line {
	struct buf	*b;
	size_t		 col;
	int		 err;
};

static const char message_b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

struct message *
message_new(void)
{
	struct message	*m = xcalloc(1, sizeof *m);

	buf_init(&m->hdrs, MESSAGE_HDRS_MAX);
	return m;
}

void
message_free(struct message **mp)
{
	struct message	*m;
	size_t		 i;

	if (mp == NULL || (m = *mp) == NULL)
		return;
	buf_free(&m->hdrs);
	free(m->body);
	for (i = 0; i < m->nparts; i++) {
		free(m->parts[i].type);
		free(m->parts[i].filename);
		free(m->parts[i].data);
	}
	free(m);
	*mp = NULL;
}

/*
 * Length of the valid UTF-8 sequence at p (n bytes left), or 0 when it is
 * not one: overlong forms, surrogates and values past U+10FFFF included.
 */
static size_t
message_utf8_len(const unsigned char *p, size_t n)
{
	size_t	 len, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	}
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;
	return len;
}

/*
 * A header value made safe, before anything else looks at it: controls
 * (CR and LF included) removed, TAB as a space, invalid UTF-8 as U+FFFD,
 * cut at MESSAGE_VALUE_MAX on a character boundary.
 */
static char *
message_clean_value(const char *value)
{
	char		*s = xstrndup(value, MESSAGE_VALUE_MAX * 8), *out;
	const unsigned char *p, *end;
	size_t		 n, len, o = 0;

	util_strip_controls(s);
	n = strlen(s);
	end = (const unsigned char *)s + n;
	out = xmalloc(n * 3 + 1);
	for (p = (const unsigned char *)s; *p != '\0'; p += len) {
		if ((len = message_utf8_len(p, (size_t)(end - p))) == 0) {
			if (o + 3 > MESSAGE_VALUE_MAX)
				break;
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			len = 1;
			continue;
		}
		if (o + len > MESSAGE_VALUE_MAX)
			break;
		memcpy(out + o, p, len);
		o += len;
	}
	out[o] = '\0';
	free(s);
	util_trim(out);
	return out;
}

static int
message_name_valid(const char *name)
{
	const char	*p;

	if (*name == '\0' || strlen(name) > MESSAGE_NAME_MAX)
		return 0;
	for (p = name; *p != '\0'; p++) {
		if (*p <= 0x20 || *p >= 0x7f || *p == ':')
			return 0;
	}
	return 1;
}

/* The headers message_finish writes itself. */
static int
message_name_reserved(const char *name)
{
	return util_strcaseeq(name, "MIME-Version") ||
	    util_strcaseeq(name, "Content-Type") ||
	    util_strcaseeq(name, "Content-Transfer-Encoding");
}

static void
message_line_add(struct message_line *l, const char *s, size_t len)
{
	if (buf_add(l->b, s, len) == -1)
		l->err = 1;
	l->col += len;
}

/* Starts a new word: a space, or a fold when the word would not fit. */
static void
message_line_space(struct message_line *l, size_t wordlen)
{
	if (l->col + 1 + wordlen > MESSAGE_HDR_FOLD && l->col > 0) {
		message_line_add(l, "\r\n", 2);
		l->col = 0;
	}
	message_line_add(l, " ", 1);
}

static void
message_line_word(struct message_line *l, const char *w, size_t len)
{
	message_line_space(l, len);
	message_line_add(l, w, len);
}

/* Characters that stand for themselves in a Q word, even in a phrase. */
static int
message_q_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr("!*+-/", c) != NULL;
}

static size_t
message_q_len(unsigned char c)
{
	return message_q_plain(c) || c == ' ' ? 1 : 3;
}

static void
message_q_put(struct buf *b, unsigned char c)
{
	if (message_q_plain(c))
		buf_addch(b, (char)c);
	else if (c == ' ')
		buf_addch(b, '_');
	else
		buf_printf(b, "=%02X", c);
}

static void
message_b64_put(struct buf *b, const unsigned char *p, size_t n)
{
	char	 out[4];

	for (; n > 0; p += 3, n -= n < 3 ? n : 3) {
		unsigned int	 v = (unsigned int)p[0] << 16;

		if (n > 1)
			v |= (unsigned int)p[1] << 8;
		if (n > 2)
			v |= p[2];
		out[0] = message_b64[(v >> 18) & 63];
		out[1] = message_b64[(v >> 12) & 63];
		out[2] = n > 1 ? message_b64[(v >> 6) & 63] : '=';
		out[3] = n > 2 ? message_b64[v & 63] : '=';
		buf_add(b, out, 4);
	}
}

/*
 * Writes p[0..n) (valid UTF-8, spaces included) as encoded words, each at
 * most MESSAGE_EW_MAX long and cut between characters only; each takes
 * the room left on the line when that is enough, or starts a new one.
 */
static void
message_line_encoded(struct message_line *l, const unsigned char *p,
    size_t n)
{
	struct buf	 w;
	size_t		 i, qlen = 0, budget, room, used, clen, take;
	int		 useq;

	for (i = 0; i < n; i++)
		qlen += message_q_len(p[i]);
	/* Q stays readable for mostly-Latin text; B is shorter for the rest. */
	useq = qlen <= (n + 2) / 3 * 4 * 3 / 2;
	buf_init(&w, 0);
	while (n > 0) {
		budget = MESSAGE_EW_MAX;
		room = MESSAGE_HDR_FOLD > l->col + 1 ?
		    MESSAGE_HDR_FOLD - l->col - 1 : 0;
		if (room >= MESSAGE_EW_MIN && room < budget)
			budget = room;
		room = budget - MESSAGE_EW_OVERHEAD;
		used = take = 0;
		while (take < n) {
			clen = message_utf8_len(p + take, n - take);
			if (clen == 0)
				clen = 1;
			if (useq) {
				size_t	 k, e = 0;

				for (k = 0; k < clen; k++)
					e += message_q_len(p[take + k]);
				if (used + e > room)
					break;
				used += e;
			} else {
				if ((take + clen + 2) / 3 * 4 > room)
					break;
			}
			take += clen;
		}
		if (take == 0)		/* cannot happen: room >= 12 */
			take = 1;
		buf_reset(&w);
		buf_addstr(&w, useq ? "=?UTF-8?Q?" : "=?UTF-8?B?");
		if (useq) {
			for (i = 0; i < take; i++)
				message_q_put(&w, p[i]);
		} else
			message_b64_put(&w, p, take);
		buf_addstr(&w, "?=");
		message_line_word(l, w.data, w.len);
		p += take;
		n -= take;
	}
	buf_free(&w);
}

static int
message_is_ascii(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	}
	return 1;
}

/* An ASCII word goes out as it is unless it would read as encoded or
 * cannot be folded to fit. */
static int
message_word_needs_encoding(const char *w, size_t n)
{
	if (!message_is_ascii(w, n) || n > MESSAGE_HDR_FOLD - 2)
		return 1;
	return memmem(w, n, "=?", 2) != NULL;
}

/*
 * Writes clean free text: words separated by single spaces; runs of words
 * that need encoding become encoded words together, so that the spaces
 * between them survive decoding.
 */
static void
message_line_text(struct message_line *l, const char *s)
{
	const char	*p = s, *w, *run = NULL, *runend = NULL;
	size_t		 n;

	for (;;) {
		while (*p == ' ')
			p++;
		w = p;
		n = strcspn(w, " ");
		p = w + n;
		if (n > 0 && message_word_needs_encoding(w, n)) {
			if (run == NULL)
				run = w;
			runend = p;
			continue;
		}
		if (run != NULL) {
			message_line_encoded(l, (const unsigned char *)run,
			    (size_t)(runend - run));
			run = NULL;
		}
		if (n == 0)
			break;
		message_line_word(l, w, n);
	}
}

static int
message_line_end(struct message *m, struct message_line *l, size_t start,
    char **cause)
{
	message_line_add(l, "\r\n", 2);
	if (l->err) {
		m->hdrs.len = start;
		m->hdrs.data[start] = '\0';
		*cause = xstrdup("the message headers are too long");
		return -1;
	}
	return 0;
}

static int
message_begin(struct message *m, struct message_line *l, const char *name,
    char **cause)
{
	if (!message_name_valid(name)) {
		*cause = xstrdup("invalid header name");
		return -1;
	}
	if (message_name_reserved(name)) {
		*cause = xprintf("the %s header is written by the message "
		    "builder", name);
		return -1;
	}
	l->b = &m->hdrs;
	l->col = 0;
	l->err = 0;
	message_line_add(l, name, strlen(name));
	message_line_add(l, ":", 1);
	return 0;
}

int
message_add_header(struct message *m, const char *name, const char *value,
    char **cause)
{
	struct message_line	 l;
	size_t			 start = m->hdrs.len;
	char			*v;

	if (message_begin(m, &l, name, cause) == -1)
		return -1;
	v = message_clean_value(value);
	message_line_text(&l, v);
	free(v);
	if (message_line_end(m, &l, start, cause) == -1)
		return -1;
	if (util_strcaseeq(name, "Date"))
		m->has_date = 1;
	return 0;
}

/* RFC 5322 specials, and "=?" that a reader would decode. */
static int
message_needs_quotes(const char *s)
{
	return strpbrk(s, "()<>[]:;@\\,.\"") != NULL || strstr(s, "=?") != NULL;
}

static int
message_addr_safe(const char *addr)
{
	const char	*p;

	for (p = addr; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '<' ||
		    *p == '>')
			return 0;
	}
	return util_addr_valid(addr);
}

int
message_add_address(struct message *m, const char *name_hdr,
    const char *display, const char *addr, char **cause)
{
	struct message_line	 l;
	struct buf		 q;
	size_t			 start = m->hdrs.len;
	char			*v = NULL, *a;
	const char		*p;

	if (addr == NULL || !message_addr_safe(addr)) {
		*cause = xstrdup("not a plain mail address");
		return -1;
	}
	if (message_begin(m, &l, name_hdr, cause) == -1)
		return -1;
	if (display != NULL)
		v = message_clean_value(display);
	if (v != NULL && *v != '\0') {
		if (!message_is_ascii(v, strlen(v)))
			message_line_encoded(&l, (unsigned char *)v, strlen(v));
		else if (!message_needs_quotes(v))
			message_line_text(&l, v);
		else {
			buf_init(&q, 0);
			buf_addch(&q, '"');
			for (p = v; *p != '\0'; p++) {
				if (*p == '"' || *p == '\\')
					buf_addch(&q, '\\');
				buf_addch(&q, *p);
			}
			buf_addch(&q, '"');
			if (q.len > MESSAGE_HDR_FOLD - 2)
				message_line_encoded(&l, (unsigned char *)v,
				    strlen(v));
			else
				message_line_word(&l, q.data, q.len);
			buf_free(&q);
		}
		a = xprintf("<%s>", addr);
		message_line_word(&l, a, strlen(a));
		free(a);
	} else
		message_line_word(&l, addr, strlen(addr));
	free(v);
	return message_line_end(m, &l, start, cause);
}

void
message_set_body(struct message *m, const char *body)
{
	free(m->body);
	m->body = xstrndup(body != NULL ? body : "", MESSAGE_BODY_MAX);
}

/* The length of the line at p, and through *next where the next starts:
 * CRLF, LF and a lone CR all end a line. */
static size_t
message_next_line(const char *p, const char **next)
{
	size_t	 n = strcspn(p, "\r\n");

	if (p[n] == '\r' && p[n + 1] == '\n')
		*next = p + n + 2;
	else if (p[n] != '\0')
		*next = p + n + 1;
	else
		*next = NULL;
	return n;
}

/* 7bit: ASCII without NUL, no line over 998 octets. */
static int
message_body_7bit(const char *body)
{
	const char	*p = body, *next;
	size_t		 n;

	while (p != NULL && *p != '\0') {
		n = message_next_line(p, &next);
		if (n > MESSAGE_LINE_7BIT || !message_is_ascii(p, n))
			return 0;
		p = next;
	}
	return 1;
}

static void
message_body_plain(struct buf *b, const char *body)
{
	const char	*p = body, *next;
	size_t		 n;

	while (p != NULL && *p != '\0') {
		n = message_next_line(p, &next);
		buf_add(b, p, n);
		buf_addstr(b, "\r\n");
		p = next;
	}
}

/*
 * Quoted-printable (RFC 2045): '=' and anything but printable ASCII as
 * =XX, spaces and tabs encoded at the end of a line, soft line breaks so
 * that no line passes 76 characters; an =XX group, and the groups of one
 * UTF-8 character, are never cut by a soft break.
 */
static void
message_body_qp(struct buf *b, const char *body)
{
	const unsigned char *line;
	const char	*p = body, *next;
	char		 tok[16];
	size_t		 n, i, clen, tlen, col, k;

	while (p != NULL && *p != '\0') {
		line = (const unsigned char *)p;
		n = message_next_line(p, &next);
		col = 0;
		for (i = 0; i < n; i += clen) {
			clen = message_utf8_len(line + i, n - i);
			if (clen <= 1) {
				unsigned char	 c = line[i];
				int		 last = i + 1 == n;

				clen = 1;
				if ((c >= 33 && c <= 126 && c != '=') ||
				    ((c == ' ' || c == '\t') && !last)) {
					tok[0] = (char)c;
					tlen = 1;
				} else
					tlen = (size_t)snprintf(tok, sizeof tok,
					    "=%02X", c);
			} else {
				for (k = 0, tlen = 0; k < clen; k++)
					tlen += (size_t)snprintf(tok + tlen,
					    sizeof tok - tlen, "=%02X",
					    line[i + k]);
			}
			/* The last token may take the 76th column; any
			 * other must leave room for the "=" of a break. */
			if (col + tlen > (i + clen == n ? MESSAGE_QP_LINE :
			    MESSAGE_QP_LINE - 1)) {
				buf_addstr(b, "=\r\n");
				col = 0;
			}
			buf_add(b, tok, tlen);
			col += tlen;
		}
		buf_addstr(b, "\r\n");
		p = next;
	}
}

static void
message_date(struct buf *b, time_t now)
{
	static const char *days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm	 tm;

	if (gmtime_r(&now, &tm) == NULL) {
		now = 0;
		gmtime_r(&now, &tm);
	}
	buf_printf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int
message_attach(struct message *m, const char *content_type,
    const char *filename, const char *data, char **cause)
{
	const char	*p;

	if (m->nparts == MESSAGE_PARTS_MAX) {
		*cause = xstrdup("too many attachments");
		return -1;
	}
	for (p = content_type; *p != '\0'; p++) {
		if (*p < 0x20 || *p > 0x7e)
			break;
	}
	if (*content_type == '\0' || *p != '\0' ||
	    strlen(content_type) > MESSAGE_HDR_FOLD - 16) {
		*cause = xstrdup("invalid attachment type");
		return -1;
	}
	for (p = filename; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		    *p == '_'))
			break;
	}
	if (*filename == '\0' || *p != '\0' || strlen(filename) > 40) {
		*cause = xstrdup("invalid attachment name");
		return -1;
	}
	m->parts[m->nparts].type = xstrdup(content_type);
	m->parts[m->nparts].filename = xstrdup(filename);
	m->parts[m->nparts].data = xstrndup(data != NULL ? data : "",
	    MESSAGE_BODY_MAX);
	m->nparts++;
	return 0;
}

/* Does a line end in a space or a tab (which a relay may strip)? */
static int
message_trailing_blank(const char *text)
{
	const char	*p = text, *next;
	size_t		 n;

	while (p != NULL && *p != '\0') {
		n = message_next_line(p, &next);
		if (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			return 1;
		p = next;
	}
	return 0;
}

/*
 * Content-Transfer-Encoding, a blank line and the text, encoded. An
 * attachment (exact: an .ics folds its lines after a space) goes
 * quoted-printable when a line ends in a blank, which QP keeps.
 */
static void
message_text(struct buf *b, const char *text, int exact)
{
	int	 plain = message_body_7bit(text) &&
	    !(exact && message_trailing_blank(text));

	buf_printf(b, "Content-Transfer-Encoding: %s\r\n\r\n",
	    plain ? "7bit" : "quoted-printable");
	if (plain)
		message_body_plain(b, text);
	else
		message_body_qp(b, text);
}

static int message_random(void *, size_t);

char *
message_finish(struct message *m, time_t now, size_t *lenp)
{
	struct buf	 b;
	const char	*body = m->body != NULL ? m->body : "";
	unsigned char	 rnd[12];
	char		 boundary[48];
	size_t		 i, k;

	buf_init(&b, 0);
	if (m->hdrs.len > 0)
		buf_add(&b, m->hdrs.data, m->hdrs.len);
	if (!m->has_date)
		message_date(&b, now);
	buf_addstr(&b, "MIME-Version: 1.0\r\n");
	if (m->nparts == 0) {
		buf_addstr(&b, "Content-Type: text/plain; charset=utf-8\r\n");
		message_text(&b, body, 0);
		return buf_steal(&b, lenp);
	}
	/* "=_" never occurs in quoted-printable, and the random part
	 * makes a 7bit line that equals it as good as impossible. */
	if (message_random(rnd, sizeof rnd) == -1)
		memset(rnd, 0x5a, sizeof rnd);
	k = (size_t)snprintf(boundary, sizeof boundary, "=_sprintd_");
	for (i = 0; i < sizeof rnd; i++)
		k += (size_t)snprintf(boundary + k, sizeof boundary - k, "%02x",
		    rnd[i]);
	buf_printf(&b, "Content-Type: multipart/mixed;\r\n "
	    "boundary=\"%s\"\r\n\r\nThis is a message in MIME format.\r\n"
	    "\r\n--%s\r\nContent-Type: text/plain; charset=utf-8\r\n",
	    boundary, boundary);
	message_text(&b, body, 0);
	for (i = 0; i < m->nparts; i++) {
		buf_printf(&b, "\r\n--%s\r\nContent-Type: %s\r\n"
		    "Content-Disposition: attachment;\r\n filename=\"%s\"\r\n",
		    boundary, m->parts[i].type, m->parts[i].filename);
		message_text(&b, m->parts[i].data, 1);
	}
	buf_printf(&b, "\r\n--%s--\r\n", boundary);
	return buf_steal(&b, lenp);
}

static int
message_random(void *p, size_t n)
{
	ssize_t	 r;
	int	 fd;

	if (getentropy(p, n) == 0)
		return 0;
	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	r = read(fd, p, n);
	close(fd);
	return r == (ssize_t)n ? 0 : -1;
}

char *
message_make_id(const char *from_addr)
{
	unsigned char	 rnd[16];
	char		 hex[sizeof rnd * 2 + 1], *name = NULL, *addr = NULL;
	const char	*at, *d = NULL;
	struct buf	 dom;
	size_t		 i;
	char		*id;

	if (message_random(rnd, sizeof rnd) == -1) {
		/* Never reached on Linux; still unique enough per process. */
		for (i = 0; i < sizeof rnd; i++)
			rnd[i] = (unsigned char)(random() ^ (long)time(NULL));
	}
	for (i = 0; i < sizeof rnd; i++)
		snprintf(hex + i * 2, 3, "%02x", rnd[i]);
	buf_init(&dom, 253);
	if (from_addr != NULL &&
	    message_split_address(from_addr, &name, &addr) == 0 &&
	    (at = strrchr(addr, '@')) != NULL)
		d = at + 1;
	for (; d != NULL && *d != '\0'; d++) {
		if ((*d >= 'a' && *d <= 'z') || (*d >= 'A' && *d <= 'Z') ||
		    (*d >= '0' && *d <= '9') || *d == '-' || *d == '.')
			buf_addch(&dom, *d);
	}
	id = xprintf("<%s@%s>", hex, dom.len > 0 ? dom.data : "localhost");
	buf_free(&dom);
	free(name);
	free(addr);
	return id;
}

/* Unquotes a quoted-string's content in place (backslash escapes). */
static void
message_unquote(char *s)
{
	char	*r, *w;

	for (r = w = s; *r != '\0'; r++) {
		if (*r == '\\' && r[1] != '\0')
			r++;
		*w++ = *r;
	}
	*w = '\0';
}

int
message_split_address(const char *s, char **name, char **addr)
{
	char	*copy, *lt, *gt, *n = NULL, *a = NULL;
	size_t	 len;

	*name = *addr = NULL;
	if (strlen(s) > 1024)
		return -1;
	copy = xstrdup(s);
	util_strip_controls(copy);
	util_trim(copy);
	if ((lt = strrchr(copy, '<')) != NULL) {
		if ((gt = strchr(lt, '>')) == NULL || gt[1] != '\0')
			goto fail;
		a = xstrndup(lt + 1, (size_t)(gt - lt - 1));
		*lt = '\0';
		n = xstrdup(util_trim(copy));
		len = strlen(n);
		if (len >= 2 && n[0] == '"' && n[len - 1] == '"') {
			memmove(n, n + 1, len - 2);
			n[len - 2] = '\0';
			message_unquote(n);
			util_trim(n);
		} else if (strchr(n, '"') != NULL)
			goto fail;
	} else if ((lt = strchr(copy, '(')) != NULL) {
		/* The old form: addr (Name). */
		if ((gt = strrchr(lt, ')')) == NULL || gt[1] != '\0')
			goto fail;
		n = xstrndup(lt + 1, (size_t)(gt - lt - 1));
		util_trim(n);
		*lt = '\0';
		a = xstrdup(util_trim(copy));
	} else
		a = xstrdup(copy);
	util_trim(a);
	if (!message_addr_safe(a))
		goto fail;
	if (n != NULL && *n == '\0')
		xfree(&n);
	free(copy);
	*name = n;
	*addr = a;
	return 0;
fail:
	free(copy);
	free(n);
	free(a);
	return -1;
}
