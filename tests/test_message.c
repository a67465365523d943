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

/* test_message.c -- the outgoing message builder: header safety, RFC 2047
 * words, folding, quoted-printable, CRLF, addresses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "message.h"
#include "util.h"

#define NOW	((time_t)1799402400)	/* 2027-01-08T10:00:00Z, a Friday */

static const char de_text[] =
    "Anmeldung bestätigt: Grüße aus Zürich, bis bald beim Sprint in "
    "Leysin! Übernachtung im Chalet, Frühstück um acht.";
static const char ja_text[] =
    "スプリントへの参加登録を受け付けました。ありがとうございます。"
    "宿泊と食事については追ってご連絡します。";

/* Every CR is followed by LF and every LF preceded by CR. */
static void
assert_crlf_only(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\r')
			assert_true(i + 1 < len && s[i + 1] == '\n');
		if (s[i] == '\n')
			assert_true(i > 0 && s[i - 1] == '\r');
	}
}

/* Builds the message, checks its line ends, returns it (caller frees). */
static char *
finish(struct message *m, size_t *lenp)
{
	char	*s = message_finish(m, NOW, lenp);

	assert_int_equal(strlen(s), *lenp);
	assert_crlf_only(s, *lenp);
	return s;
}

static char *
header_part(const char *msg)
{
	const char	*end = strstr(msg, "\r\n\r\n");

	assert_non_null(end);
	return xstrndup(msg, (size_t)(end - msg) + 2);
}

static const char *
body_part(const char *msg)
{
	const char	*end = strstr(msg, "\r\n\r\n");

	assert_non_null(end);
	return end + 4;
}

/* Number of header fields (not continuation lines) called name. */
static int
count_fields(const char *hdrs, const char *name)
{
	const char	*p = hdrs;
	size_t		 n = strlen(name);
	int		 count = 0;

	while (*p != '\0') {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':')
			count++;
		p = strstr(p, "\r\n");
		assert_non_null(p);
		p += 2;
	}
	return count;
}

/* The unfolded value of the first field called name (caller frees). */
static char *
field_value(const char *hdrs, const char *name)
{
	const char	*p = hdrs, *e;
	size_t		 n = strlen(name);
	struct buf	 b;

	while (*p != '\0' && !(strncasecmp(p, name, n) == 0 && p[n] == ':')) {
		p = strstr(p, "\r\n");
		assert_non_null(p);
		p += 2;
	}
	assert_true(*p != '\0');
	p += n + 1;
	buf_init(&b, 0);
	for (;;) {
		e = strstr(p, "\r\n");
		assert_non_null(e);
		buf_add(&b, p, (size_t)(e - p));
		p = e + 2;
		if (*p != ' ' && *p != '\t')
			break;
	}
	return buf_steal(&b, NULL);
}

/* No physical line of the headers is longer than max. */
static void
assert_lines_max(const char *s, size_t max)
{
	const char	*e;

	while ((e = strstr(s, "\r\n")) != NULL) {
		if ((size_t)(e - s) > max)
			fail_msg("line of %zu > %zu: %.*s", (size_t)(e - s), max,
			    (int)(e - s), s);
		s = e + 2;
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
b64val(int c)
{
	const char	*t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+/";
	const char	*p = strchr(t, c);

	return c != '\0' && p != NULL ? (int)(p - t) : -1;
}

static int
utf8_valid(const unsigned char *p, size_t n)
{
	size_t	 i = 0, len, k;

	while (i < n) {
		if (p[i] < 0x80)
			len = 1;
		else if ((p[i] & 0xe0) == 0xc0)
			len = 2;
		else if ((p[i] & 0xf0) == 0xe0)
			len = 3;
		else if ((p[i] & 0xf8) == 0xf0)
			len = 4;
		else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
		}
		i += len;
	}
	return 1;
}

/* Decodes one encoded word w[0..n) into b; checks its form and that it
 * holds whole UTF-8 characters. */
static void
decode_word(const char *w, size_t n, struct buf *b)
{
	size_t		 i, start = b->len;
	unsigned int	 v = 0;
	int		 bits = 0, x;

	assert_true(n <= 75);
	assert_true(n > 12 && w[n - 2] == '?' && w[n - 1] == '=');
	assert_true(strncmp(w, "=?UTF-8?Q?", 10) == 0 ||
	    strncmp(w, "=?UTF-8?B?", 10) == 0);
	if (w[8] == 'Q') {
		for (i = 10; i < n - 2; i++) {
			if (w[i] == '_')
				buf_addch(b, ' ');
			else if (w[i] == '=') {
				assert_true(i + 2 < n - 2);
				assert_true(hexval(w[i + 1]) >= 0 &&
				    hexval(w[i + 2]) >= 0);
				buf_addch(b, (char)(hexval(w[i + 1]) * 16 +
				    hexval(w[i + 2])));
				i += 2;
			} else {
				/* What a phrase allows unencoded. */
				assert_true(isalnum((unsigned char)w[i]) ||
				    strchr("!*+-/", w[i]) != NULL);
				buf_addch(b, w[i]);
			}
		}
	} else {
		assert_int_equal((n - 12) % 4, 0);
		for (i = 10; i < n - 2 && w[i] != '='; i++) {
			assert_true((x = b64val(w[i])) >= 0);
			v = (v << 6) | (unsigned int)x;
			if ((bits += 6) >= 8) {
				bits -= 8;
				buf_addch(b, (char)((v >> bits) & 0xff));
			}
		}
	}
	assert_true(utf8_valid((unsigned char *)b->data + start,
	    b->len - start));
}

/* Decodes an unfolded header value: encoded words, and the whitespace
 * between two of them dropped (RFC 2047 section 6.2). */
static char *
decode_2047(const char *s)
{
	struct buf	 b;
	const char	*p = s, *w;
	size_t		 n, ws;
	int		 prev_ew = 0, ew;

	buf_init(&b, 0);
	while (*p != '\0') {
		ws = strspn(p, " \t");
		w = p + ws;
		if (*w == '\0')
			break;
		n = strcspn(w, " \t");
		ew = n > 2 && strncmp(w, "=?", 2) == 0 &&
		    strncmp(w + n - 2, "?=", 2) == 0;
		if (!(ew && prev_ew))
			buf_add(&b, p, ws);
		if (ew)
			decode_word(w, n, &b);
		else
			buf_add(&b, w, n);
		prev_ew = ew;
		p = w + n;
	}
	return buf_steal(&b, NULL);
}

/* Decodes a quoted-printable body, checking line lengths and escapes. */
static char *
decode_qp(const char *s)
{
	struct buf	 b;
	const char	*e;
	size_t		 i, n;

	buf_init(&b, 0);
	while (*s != '\0') {
		e = strstr(s, "\r\n");
		assert_non_null(e);
		n = (size_t)(e - s);
		assert_true(n <= 76);
		/* No trailing white space: transports strip it. */
		if (n > 0)
			assert_true(s[n - 1] != ' ' && s[n - 1] != '\t');
		for (i = 0; i < n; i++) {
			if (s[i] != '=') {
				assert_true((s[i] >= 33 && s[i] <= 126) ||
				    s[i] == ' ' || s[i] == '\t');
				buf_addch(&b, s[i]);
			} else if (i + 1 == n) {
				break;		/* soft line break */
			} else {
				assert_true(i + 2 < n);
				assert_true(hexval(s[i + 1]) >= 0 &&
				    hexval(s[i + 2]) >= 0);
				buf_addch(&b, (char)(hexval(s[i + 1]) * 16 +
				    hexval(s[i + 2])));
				i += 2;
			}
		}
		if (n == 0 || s[n - 1] != '=')
			buf_addstr(&b, "\r\n");
		s = e + 2;
	}
	return buf_steal(&b, NULL);
}

/* text with LF line ends as it must read after decoding: CRLF, and a
 * final line end. */
static char *
crlf(const char *text)
{
	struct buf	 b;

	buf_init(&b, 0);
	for (; *text != '\0'; text++) {
		if (*text == '\n')
			buf_addch(&b, '\r');
		buf_addch(&b, *text);
	}
	if (b.len > 0 && b.data[b.len - 1] != '\n')
		buf_addstr(&b, "\r\n");
	return buf_steal(&b, NULL);
}

static void
test_header_injection(void **state)
{
	struct message	*m = message_new();
	char		*cause = NULL, *s, *h, *v;
	size_t		 len;

	(void)state;
	assert_int_equal(message_add_header(m, "Subject",
	    "Hello\r\nBcc: victim@example.org", &cause), 0);
	assert_int_equal(message_add_header(m, "X-One",
	    "a\nBcc: b@example.org\rBcc: c@example.org", &cause), 0);
	assert_int_equal(message_add_header(m, "X-Two",
	    "ctl\x01\x1b[31m\x7f" "end\r\n\r\nbody?", &cause), 0);
	assert_int_equal(message_add_address(m, "To",
	    "Eve\r\nBcc: victim@example.org", "eve@example.org", &cause), 0);
	message_set_body(m, "hi\n");
	s = finish(m, &len);
	h = header_part(s);
	assert_int_equal(count_fields(h, "Bcc"), 0);
	/* The blank line that ends the headers comes once, at their end. */
	assert_string_equal(body_part(s), "hi\r\n");
	v = field_value(h, "Subject");
	assert_string_equal(v, " HelloBcc: victim@example.org");
	free(v);
	v = field_value(h, "X-Two");
	assert_string_equal(v, " ctl[31mendbody?");
	free(v);
	v = field_value(h, "To");
	assert_string_equal(v, " \"EveBcc: victim@example.org\" "
	    "<eve@example.org>");
	free(v);
	free(h);
	free(s);
	message_free(&m);
	assert_null(m);
}

static void
test_header_names(void **state)
{
	struct message	*m = message_new();
	const char	*bad[] = { "", "Sub ject", "Sub:ject", "Bcc\r\nX",
	    "Subj\xc3\xa9", "X\x7f", "Content-Type", "mime-version" };
	char		*cause, *s, *h;
	size_t		 i, len;

	(void)state;
	for (i = 0; i < nitems(bad); i++) {
		cause = NULL;
		assert_int_equal(message_add_header(m, bad[i], "v", &cause),
		    -1);
		assert_non_null(cause);
		free(cause);
	}
	cause = NULL;
	assert_int_equal(message_add_header(m, "X-Sprint-Id", "leysin-2027",
	    &cause), 0);
	s = finish(m, &len);
	h = header_part(s);
	/* Only the good one, and one of each MIME header. */
	assert_int_equal(count_fields(h, "X-Sprint-Id"), 1);
	assert_int_equal(count_fields(h, "Content-Type"), 1);
	assert_int_equal(count_fields(h, "MIME-Version"), 1);
	assert_null(strstr(h, "Sub"));
	free(h);
	free(s);
	message_free(&m);
}

/* Subject text, encoded and folded, decodes back to itself. */
static void
roundtrip_subject(const char *text, int want_encoded)
{
	struct message	*m = message_new();
	char		*cause = NULL, *s, *h, *v, *d;
	size_t		 len;

	assert_int_equal(message_add_header(m, "Subject", text, &cause), 0);
	s = finish(m, &len);
	h = header_part(s);
	assert_lines_max(h, 78);
	for (const char *p = h; *p != '\0'; p++)
		assert_true((unsigned char)*p < 0x80);
	v = field_value(h, "Subject");
	if (want_encoded)
		assert_non_null(strstr(v, "=?UTF-8?"));
	else
		assert_null(strstr(v, "=?"));
	d = decode_2047(v);
	assert_true(d[0] == ' ');
	assert_string_equal(d + 1, text);
	free(d);
	free(v);
	free(h);
	free(s);
	message_free(&m);
}

static void
test_rfc2047(void **state)
{
	char	*long_ja;

	(void)state;
	roundtrip_subject("Grüße", 1);
	roundtrip_subject(de_text, 1);
	roundtrip_subject(ja_text, 1);
	roundtrip_subject("Re: [pypy-dev] Leysin 2027 — ドイツ語 und Deutsch "
	    "mixed with ASCII words", 1);
	/* Text that would read as an encoded word is encoded itself. */
	roundtrip_subject("see =?UTF-8?Q?x?= here", 1);
	/* A word too long to fold is encoded into several words. */
	roundtrip_subject("x https://example.org/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/end", 1);
	/* Emoji: 4-byte sequences, never cut. */
	roundtrip_subject("🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉 ok", 1);
	long_ja = xprintf("%s%s%s", ja_text, ja_text, ja_text);
	roundtrip_subject(long_ja, 1);
	free(long_ja);
}

static void
test_folding(void **state)
{
	(void)state;
	roundtrip_subject("Reminder: the PyPy Leysin Winter Sprint 2027 starts "
	    "in one week, please check your travel plans, set up a checkout "
	    "of the repository and read the newcomer tutorial before you "
	    "arrive at the chalet", 0);
	roundtrip_subject("short", 0);
}

static void
test_invalid_utf8_header(void **state)
{
	struct message	*m = message_new();
	char		*cause = NULL, *s, *h, *v, *d;
	size_t		 len;

	(void)state;
	assert_int_equal(message_add_header(m, "Subject", "bad \xff\xc3 end",
	    &cause), 0);
	s = finish(m, &len);
	h = header_part(s);
	v = field_value(h, "Subject");
	d = decode_2047(v);
	assert_string_equal(d, " bad \xef\xbf\xbd\xef\xbf\xbd end");
	free(d);
	free(v);
	free(h);
	free(s);
	message_free(&m);
}

/* A body goes out quoted-printable and decodes back to itself. */
static void
roundtrip_qp(const char *body)
{
	struct message	*m = message_new();
	char		*s, *h, *d, *want;
	size_t		 len;

	message_set_body(m, body);
	s = finish(m, &len);
	h = header_part(s);
	assert_int_equal(count_fields(h, "Content-Transfer-Encoding"), 1);
	assert_non_null(strstr(h, "Content-Transfer-Encoding: "
	    "quoted-printable\r\n"));
	assert_non_null(strstr(h, "Content-Type: text/plain; "
	    "charset=utf-8\r\n"));
	for (const char *p = s; *p != '\0'; p++)
		assert_true((unsigned char)*p < 0x80);
	d = decode_qp(body_part(s));
	want = crlf(body);
	assert_string_equal(d, want);
	free(want);
	free(d);
	free(h);
	free(s);
	message_free(&m);
}

static void
test_qp(void **state)
{
	char	*big;

	(void)state;
	roundtrip_qp(de_text);
	roundtrip_qp("Hallo,\n\ndu bist für den Sprint angemeldet.\n"
	    "Größe = 3 · 4, trailing space \nand tab\t\n.\n..dots\nEnde");
	roundtrip_qp(ja_text);
	big = xprintf("%s\n%s%s%s\n%s", ja_text, de_text, ja_text, de_text,
	    ja_text);
	roundtrip_qp(big);
	free(big);
}

static void
test_qp_long_ascii_line(void **state)
{
	char	 line[1200];

	(void)state;
	memset(line, 'a', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	line[500] = ' ';
	roundtrip_qp(line);
}

static void
test_7bit(void **state)
{
	struct message	*m = message_new();
	char		*s, *h;
	size_t		 len;

	(void)state;
	message_set_body(m, "one\ntwo\r\nthree\rfour\n\n.\nlast");
	s = finish(m, &len);
	h = header_part(s);
	assert_non_null(strstr(h, "Content-Transfer-Encoding: 7bit\r\n"));
	assert_non_null(strstr(h, "MIME-Version: 1.0\r\n"));
	assert_non_null(strstr(h, "Date: Fri, 08 Jan 2027 10:00:00 +0000\r\n"));
	assert_string_equal(body_part(s),
	    "one\r\ntwo\r\nthree\r\nfour\r\n\r\n.\r\nlast\r\n");
	free(h);
	free(s);
	message_free(&m);
}

static void
test_date_given(void **state)
{
	struct message	*m = message_new();
	char		*cause = NULL, *s, *h;
	size_t		 len;

	(void)state;
	assert_int_equal(message_add_header(m, "Date",
	    "Thu, 07 Jan 2027 09:00:00 +0100", &cause), 0);
	s = finish(m, &len);
	h = header_part(s);
	assert_int_equal(count_fields(h, "Date"), 1);
	assert_non_null(strstr(h, "Date: Thu, 07 Jan 2027 09:00:00 +0100\r\n"));
	/* An empty body is still a well-formed message. */
	assert_string_equal(body_part(s), "");
	free(h);
	free(s);
	message_free(&m);
}

static void
test_addresses(void **state)
{
	struct message	*m = message_new();
	char		*cause = NULL, *s, *h, *v, *d;
	size_t		 len, i;
	const char	*bad[] = { "", "plain", "a b@example.org",
	    "a@example.org\r\nBcc: x@example.org", "<a@example.org>",
	    "a@example.org>", "a@localhost", "a\x01@example.org",
	    "a@exam ple.org", "a@example.org\n", "\"q\"@example.org",
	    "a@@example.org" };

	(void)state;
	for (i = 0; i < nitems(bad); i++) {
		cause = NULL;
		assert_int_equal(message_add_address(m, "To", "Name", bad[i],
		    &cause), -1);
		assert_non_null(cause);
		free(cause);
	}
	cause = NULL;
	assert_int_equal(message_add_address(m, "To", "x", "a@example.org",
	    &cause), 0);
	assert_int_equal(message_add_address(m, "From", "PyPy sprints",
	    "sprints@example.org", &cause), 0);
	assert_int_equal(message_add_address(m, "Reply-To", "Doe, Jane",
	    "jane@example.org", &cause), 0);
	assert_int_equal(message_add_address(m, "Cc", "Jim \"JJ\" O\\Brien",
	    "jim@example.org", &cause), 0);
	assert_int_equal(message_add_address(m, "X-Bare", NULL,
	    "bare@example.org", &cause), 0);
	assert_int_equal(message_add_address(m, "X-Empty", " \r\n",
	    "empty@example.org", &cause), 0);
	assert_int_equal(message_add_address(m, "X-Utf", "Jürgen Müller",
	    "jm@example.org", &cause), 0);
	assert_int_equal(message_add_address(m, "X-Ja", ja_text,
	    "ja@example.jp", &cause), 0);
	assert_int_equal(message_add_address(m, "Bad Name", NULL,
	    "a@example.org", &cause), -1);
	free(cause);
	s = finish(m, &len);
	h = header_part(s);
	assert_lines_max(h, 78);
	assert_true(strncmp(h, "To: x <a@example.org>\r\n", 23) == 0);
	assert_non_null(strstr(h,
	    "From: PyPy sprints <sprints@example.org>\r\n"));
	assert_non_null(strstr(h,
	    "Reply-To: \"Doe, Jane\" <jane@example.org>\r\n"));
	assert_non_null(strstr(h,
	    "Cc: \"Jim \\\"JJ\\\" O\\\\Brien\" <jim@example.org>\r\n"));
	assert_non_null(strstr(h, "X-Bare: bare@example.org\r\n"));
	assert_non_null(strstr(h, "X-Empty: empty@example.org\r\n"));
	v = field_value(h, "X-Utf");
	assert_null(strstr(v, "ü"));
	d = decode_2047(v);
	assert_string_equal(d, " Jürgen Müller <jm@example.org>");
	free(d);
	free(v);
	v = field_value(h, "X-Ja");
	d = decode_2047(v);
	assert_true(strncmp(d + 1, ja_text, strlen(ja_text)) == 0);
	assert_string_equal(d + 1 + strlen(ja_text), " <ja@example.jp>");
	free(d);
	free(v);
	free(h);
	free(s);
	message_free(&m);
}

static void
test_split_address(void **state)
{
	static const struct {
		const char	*in;
		int		 ret;
		const char	*name;
		const char	*addr;
	} cases[] = {
		{ "Jane Doe <jane@example.org>", 0, "Jane Doe",
		    "jane@example.org" },
		{ "\"Doe, Jane\" <jane@example.org>", 0, "Doe, Jane",
		    "jane@example.org" },
		{ "\"Jim \\\"JJ\\\" O'Brien\" <jim@example.org>", 0,
		    "Jim \"JJ\" O'Brien", "jim@example.org" },
		{ "jane@example.org", 0, NULL, "jane@example.org" },
		{ "  jane@example.org  ", 0, NULL, "jane@example.org" },
		{ "<jane@example.org>", 0, NULL, "jane@example.org" },
		{ "\"\" <jane@example.org>", 0, NULL, "jane@example.org" },
		{ "jane@example.org (Jane Doe)", 0, "Jane Doe",
		    "jane@example.org" },
		{ "Jürgen <jm@example.org>", 0, "Jürgen", "jm@example.org" },
		{ "Jane <jane@example.org", -1, NULL, NULL },
		{ "Jane <jane@example.org> trailing", -1, NULL, NULL },
		{ "Jane <not an address>", -1, NULL, NULL },
		{ "", -1, NULL, NULL },
		{ "Jane Doe", -1, NULL, NULL },
		{ "Ja\"ne <jane@example.org>", -1, NULL, NULL },
	};
	char	*name, *addr;
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		int	 r = message_split_address(cases[i].in, &name, &addr);

		if (r != cases[i].ret)
			fail_msg("case %zu \"%s\": %d", i, cases[i].in, r);
		if (cases[i].name == NULL)
			assert_null(name);
		else
			assert_string_equal(name, cases[i].name);
		if (cases[i].addr == NULL)
			assert_null(addr);
		else
			assert_string_equal(addr, cases[i].addr);
		free(name);
		free(addr);
	}
}

static void
test_make_id(void **state)
{
	char	*a, *b, *c;
	size_t	 i;

	(void)state;
	a = message_make_id("PyPy sprints <sprints@example.org>");
	b = message_make_id("sprints@example.org");
	c = message_make_id("nonsense");
	assert_int_equal(strlen(a), 1 + 32 + 1 + strlen("example.org") + 1);
	assert_true(a[0] == '<' && a[33] == '@');
	for (i = 1; i < 33; i++)
		assert_true(isxdigit((unsigned char)a[i]));
	assert_string_equal(a + 33, "@example.org>");
	assert_string_equal(b + 33, "@example.org>");
	assert_string_not_equal(a, b);
	assert_true(c[0] == '<' && c[strlen(c) - 1] == '>' &&
	    strchr(c, '@') != NULL);
	free(a);
	free(b);
	free(c);
}

/*
 * With an attachment the message is multipart/mixed: the text part first
 * and complete (the same encoding as without), then the attachment; the
 * boundary occurs nowhere else. A type or name that could carry a header
 * line is refused.
 */
static void
test_attachment(void **state)
{
	struct message	*m = message_new();
	char		*s, *h, *cause = NULL, *boundary, *delim, *text, *d;
	char		*want;
	const char	*p, *part1, *part2, *end;
	size_t		 len;
	static const char ics[] = "BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\n"
	    "END:VCALENDAR\r\n";
	static const char text_hdrs[] = "Content-Type: text/plain; "
	    "charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"
	    "\r\n\r\n";

	(void)state;
	message_set_body(m, de_text);
	assert_int_equal(message_attach(m, "text/calendar\r\nBcc: x@y",
	    "a.ics", ics, &cause), -1);
	xfree(&cause);
	assert_int_equal(message_attach(m, "text/calendar", "../a.ics", ics,
	    &cause), -1);
	xfree(&cause);
	assert_int_equal(message_attach(m, "text/calendar", "a\".ics", ics,
	    &cause), -1);
	xfree(&cause);
	assert_int_equal(message_attach(m, "text/calendar; charset=utf-8; "
	    "method=PUBLISH", "leysin-2027.ics", ics, &cause), 0);
	s = finish(m, &len);
	for (p = s; *p != '\0'; p++)
		assert_true((unsigned char)*p < 0x80);
	h = header_part(s);
	assert_int_equal(count_fields(h, "MIME-Version"), 1);
	assert_int_equal(count_fields(h, "Content-Type"), 1);
	assert_int_equal(count_fields(h, "Content-Transfer-Encoding"), 0);
	p = strstr(h, "Content-Type: multipart/mixed;\r\n boundary=\"");
	assert_non_null(p);
	p = strchr(p, '"') + 1;
	boundary = xstrndup(p, strcspn(p, "\""));
	assert_true(strlen(boundary) > 20);
	delim = xprintf("\r\n--%s\r\n", boundary);
	/* Two parts, then the close; the boundary nowhere else. */
	part1 = strstr(s, delim);
	assert_non_null(part1);
	part2 = strstr(part1 + 1, delim);
	assert_non_null(part2);
	assert_null(strstr(part2 + 1, delim));
	free(delim);
	delim = xprintf("\r\n--%s--\r\n", boundary);
	end = strstr(s, delim);
	assert_non_null(end);
	assert_string_equal(end + strlen(delim), "");
	free(delim);

	/* The text part: first, quoted-printable as without attachment,
	 * and it decodes to the whole body. */
	part1 += strlen(boundary) + 6;
	assert_true(strncmp(part1, text_hdrs, strlen(text_hdrs)) == 0);
	text = xstrndup(part1, (size_t)(part2 - part1));
	d = decode_qp(body_part(text));
	want = crlf(de_text);
	assert_string_equal(d, want);
	free(want);
	free(d);
	free(text);

	/* The calendar: its type, offered as a file, 7bit as it is ASCII. */
	part2 += strlen(boundary) + 6;
	text = xstrndup(part2, (size_t)(end - part2));
	assert_string_equal(text, "Content-Type: text/calendar; "
	    "charset=utf-8; method=PUBLISH\r\nContent-Disposition: "
	    "attachment;\r\n filename=\"leysin-2027.ics\"\r\n"
	    "Content-Transfer-Encoding: 7bit\r\n\r\nBEGIN:VCALENDAR\r\n"
	    "METHOD:PUBLISH\r\nEND:VCALENDAR\r\n");
	free(text);
	free(boundary);
	free(h);
	free(s);
	message_free(&m);

	/* A line of the attachment that ends in a blank (an .ics folds
	 * after a space) goes quoted-printable, which keeps it. */
	m = message_new();
	message_set_body(m, "Hello\n");
	assert_int_equal(message_attach(m, "text/calendar", "a.ics",
	    "LOCATION:Leysin\\, \r\n Switzerland\r\n", &cause), 0);
	s = finish(m, &len);
	assert_non_null(strstr(s, "Content-Transfer-Encoding: 7bit\r\n\r\n"
	    "Hello\r\n"));
	assert_non_null(strstr(s, "Content-Transfer-Encoding: "
	    "quoted-printable\r\n\r\nLOCATION:Leysin\\,=20\r\n "
	    "Switzerland\r\n"));
	free(s);
	message_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_injection),
		cmocka_unit_test(test_header_names),
		cmocka_unit_test(test_rfc2047),
		cmocka_unit_test(test_folding),
		cmocka_unit_test(test_invalid_utf8_header),
		cmocka_unit_test(test_qp),
		cmocka_unit_test(test_qp_long_ascii_line),
		cmocka_unit_test(test_7bit),
		cmocka_unit_test(test_date_given),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_split_address),
		cmocka_unit_test(test_make_id),
		cmocka_unit_test(test_attachment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
