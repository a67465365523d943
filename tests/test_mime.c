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

/* test_mime.c -- messages as real mail clients write them, each reduced to
 * its decoded fields and text; charsets, encoded words, HTML, and the
 * limits that keep hostile input away from the parser. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "charset.h"
#include "html.h"
#include "mime.h"
#include "quote.h"
#include "util.h"
#include "testlib.h"

static struct mime_msg *
load(const char *name)
{
	const char	*top = getenv("top_srcdir");
	char		*path, *data = NULL, *cause = NULL;
	size_t		 len;
	struct mime_msg	*m = NULL;

	path = xprintf("%s/tests/data/mime/%s", top ? top : ".", name);
	if (util_read_file(path, MIME_MAX_MESSAGE, &data, &len, &cause) == -1)
		fail_msg("%s: %s", path, cause);
	if (mime_parse(data, len, &m, &cause) == -1)
		fail_msg("%s: %s", path, cause);
	free(data);
	free(path);
	assert_non_null(m);
	return m;
}

static int
valid_utf8(const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;
	int			 k, i;

	while (*u != '\0') {
		if (*u < 0x80) {
			u++;
			continue;
		}
		if (*u >= 0xc2 && *u <= 0xdf)
			k = 1;
		else if (*u >= 0xe0 && *u <= 0xef)
			k = 2;
		else if (*u >= 0xf0 && *u <= 0xf4)
			k = 3;
		else
			return 0;
		for (i = 1; i <= k; i++)
			if ((u[i] & 0xc0) != 0x80)
				return 0;
		u += k + 1;
	}
	return 1;
}

static void
test_gmail_alternative(void **state)
{
	struct mime_msg	*m = load("gmail-alternative.eml");
	char		*q;

	(void)state;
	assert_string_equal(m->from_addr, "anna.schmidt@example.org");
	assert_string_equal(m->from_name, "Anna Schmidt");
	assert_string_equal(m->return_path, "anna@example.org");
	assert_string_equal(m->subject, "Re: [sprint] Leysin 2027 registration");
	assert_string_equal(m->message_id, "<CAF0abc123@mail.gmail.com>");
	assert_string_equal(m->in_reply_to, "<announce-1@example.org>");
	assert_string_equal(m->references, "<announce-1@example.org>");
	assert_string_equal(m->date, "Mon, 3 Jan 2027 10:00:00 +0100");
	assert_string_equal(m->content_type, "multipart/alternative");
	assert_int_equal(m->text_from_html, 0);
	assert_int_equal(m->has_delivery_status, 0);
	/* text/plain preferred; QP decoded; CRLF became LF. */
	assert_null(strstr(m->text, "HTML VERSION"));
	assert_null(strchr(m->text, '\r'));
	assert_non_null(strstr(m->text, "Grüße, Anna\n"));
	q = quote_strip(m->text);
	assert_string_equal(q, "Arrival: 7 January\nDeparture: 14 January\n"
	    "Grüße, Anna");
	free(q);
	assert_int_equal(m->nheaders, 10);
	assert_string_equal(m->headers[0].name, "Return-Path");
	assert_string_equal(mime_header(m, "in-reply-to"),
	    "<announce-1@example.org> <other@example.org>");
	assert_null(mime_header(m, "X-Nope"));
	mime_free(&m);
	assert_null(m);
}

static void
test_outlook_html_cp1252(void **state)
{
	struct mime_msg	*m = load("outlook-html-cp1252.eml");
	char		*q;

	(void)state;
	assert_string_equal(m->from_addr, "joerg@example.com");
	assert_string_equal(m->from_name, "Mueller, Joerg");
	assert_string_equal(m->content_type, "text/html");
	assert_int_equal(m->text_from_html, 1);
	/* 0x92-0x94 are Windows-1252 quotes; style and head are gone. */
	assert_true(strncmp(m->text, "I\xe2\x80\x99ll come, "
	    "\xe2\x80\x9c" "definitely\xe2\x80\x9d.\n\nGrüße\n", 38) == 0);
	assert_null(strstr(m->text, "MsoNormal"));
	assert_null(strstr(m->text, "<"  "p"));
	q = quote_strip(m->text);
	assert_string_equal(q, "I\xe2\x80\x99ll come, \xe2\x80\x9c"
	    "definitely\xe2\x80\x9d.\n\nGrüße");
	free(q);
	mime_free(&m);
}

static void
test_thunderbird_flowed(void **state)
{
	struct mime_msg	*m = load("thunderbird-flowed.eml");
	char		*q;

	(void)state;
	assert_string_equal(m->text,
	    "This is a long paragraph that Thunderbird wrapped at seventy-two "
	    "characters so that it flows when the window is wider.\n"
	    "From the start, a space-stuffed line.\n\n"
	    "On 20.12.26 09:00, Sprint Bot wrote:\n"
	    "> quoted line that is also flowed and continues here.\n\n"
	    "-- \nCarl");
	q = quote_strip(m->text);
	assert_string_equal(q,
	    "This is a long paragraph that Thunderbird wrapped at seventy-two "
	    "characters so that it flows when the window is wider.\n"
	    "From the start, a space-stuffed line.");
	free(q);
	mime_free(&m);
}

static void
test_flowed_delsp(void **state)
{
	struct mime_msg	*m = load("flowed-delsp.eml");

	(void)state;
	assert_string_equal(m->text, "Hello world");
	mime_free(&m);
}

static void
test_mutt_plain(void **state)
{
	struct mime_msg	*m = load("mutt-plain.eml");
	char		*q;

	(void)state;
	assert_string_equal(m->content_type, "text/plain");
	assert_string_equal(m->message_id,
	    "<20270106110000.GA1234@example.net>");
	q = quote_strip(m->text);
	assert_string_equal(q, "Arrival: 8 January");
	free(q);
	mime_free(&m);
}

static void
test_applemail_qp(void **state)
{
	struct mime_msg	*m = load("applemail-qp.eml");

	(void)state;
	assert_string_equal(m->text, "I will arrive on Friday and this line "
	    "is long enough to be soft-wrapped by quoted-printable. "
	    "Västerås – Leysin.");
	assert_int_equal(m->text_from_html, 0);
	/* A folded Content-Type is unfolded in headers[]. */
	assert_string_equal(mime_header(m, "content-type"),
	    "multipart/alternative; boundary=\"Apple-Mail=_1A2B3C\"");
	mime_free(&m);
}

static void
test_iphone_base64(void **state)
{
	struct mime_msg	*m = load("iphone-base64.eml");
	char		*q;

	(void)state;
	assert_string_equal(m->text, "Yes, count me in! \xf0\x9f\x98\x80\n"
	    "Naïve café.\n\nSent from my iPhone");
	q = quote_strip(m->text);
	assert_string_equal(q, "Yes, count me in! \xf0\x9f\x98\x80\n"
	    "Naïve café.");
	free(q);
	mime_free(&m);
}

static void
test_latin1_unlabelled(void **state)
{
	struct mime_msg	*m = load("latin1-unlabelled.eml");

	(void)state;
	assert_string_equal(m->text, "Ich komme am Montag. Grüße aus München.");
	assert_string_equal(m->content_type, "text/plain");
	mime_free(&m);
}

static void
test_rfc2047_latin1(void **state)
{
	struct mime_msg	*m = load("rfc2047-latin1.eml");

	(void)state;
	assert_string_equal(m->from_addr, "joerg.mueller@example.org");
	assert_string_equal(m->from_name, "Jörg Müller");
	assert_string_equal(m->reply_to, "joerg@lists.example.org");
	assert_string_equal(m->sender, "owner-list@example.org");
	assert_string_equal(m->subject, "Anmeldung für Leysin");
	assert_string_equal(mime_header(m, "X-Weird"), "café plain naïve");
	assert_string_equal(m->text, "Schön.");
	mime_free(&m);
}

static void
test_rfc2047_utf8(void **state)
{
	struct mime_msg	*m = load("rfc2047-utf8.eml");

	(void)state;
	assert_string_equal(m->from_name, "Zoë \xf0\x9f\x98\x80");
	/* A character split over two words, a fold, a second charset. */
	assert_string_equal(m->subject, "Grüße à tous und mehr");
	assert_string_equal(m->return_path, "");
	mime_free(&m);
}

static void
test_signed(void **state)
{
	struct mime_msg	*m = load("signed.eml");

	(void)state;
	assert_string_equal(m->content_type, "multipart/signed");
	assert_string_equal(m->text, "Привет, я приеду.");
	assert_int_equal(m->has_delivery_status, 0);
	mime_free(&m);
}

static void
test_dsn(void **state)
{
	struct mime_msg	*m = load("dsn-report.eml");

	(void)state;
	assert_int_equal(m->has_delivery_status, 1);
	assert_string_equal(m->content_type, "multipart/report");
	assert_string_equal(m->return_path, "");
	assert_string_equal(m->from_addr, "mailer-daemon@mx.example.org");
	assert_string_equal(mime_header(m, "auto-submitted"), "auto-replied");
	assert_true(strncmp(m->text, "I'm sorry to have to inform you", 31)
	    == 0);
	assert_null(strstr(m->text, "Original body"));
	assert_null(strstr(m->text, "Reporting-MTA"));
	mime_free(&m);
}

static void
test_nested_mixed(void **state)
{
	struct mime_msg	*m = load("nested-mixed.eml");

	(void)state;
	assert_string_equal(m->text, "Body text from the inner alternative.");
	assert_int_equal(m->text_from_html, 0);
	mime_free(&m);
}

/* A multipart without a delimiter line of its boundary has no parts: it
 * is text/plain of its whole body, as GMime and Python's email read it;
 * one whose closing delimiter is missing keeps the parts up to the end. */
static void
test_multipart_no_boundary(void **state)
{
	static const struct {
		const char	*file;
		const char	*content_type;
		const char	*text;
	} cases[] = {
		{ "mp-no-delimiter.eml", "multipart/mixed",
		    "Arrive: 15th\nDepart: 19th" },
		{ "mp-no-boundary-param.eml", "multipart/mixed",
		    "Arrive: 15th\nDepart: 19th" },
		{ "mp-empty-boundary.eml", "multipart/mixed",
		    "Arrive: 15th\nDepart: 19th" },
		{ "mp-other-boundary.eml", "multipart/mixed",
		    "--other\nContent-Type: text/plain; charset=utf-8\n\n"
		    "Arrive: 15th\nDepart: 19th\n--other--" },
		{ "mp-unclosed.eml", "multipart/mixed",
		    "Arrive: 15th\nDepart: 19th" },
		{ "mp-unclosed-alternative.eml", "multipart/alternative",
		    "Arrive: 15th\nDepart: 19th" },
		{ "mp-preamble-only.eml", "multipart/mixed",
		    "This is a multi-part message in MIME format.\n\n"
		    "Arrive: 15th\nDepart: 19th" },
		{ "mp-close-only.eml", "multipart/mixed",
		    "Arrive: 15th\nDepart: 19th" },
		{ "mp-nested-inner-missing.eml", "multipart/mixed",
		    "Arrive: 15th\nDepart: 19th" },
		{ "mp-alternative-no-boundary.eml", "multipart/alternative",
		    "Arrive: 15th\nDepart: 19th" },
		{ "mp-no-delimiter-base64.eml", "multipart/mixed",
		    "Arrive: 15th\nDepart: 19th" },
	};
	struct mime_msg	*m;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		m = load(cases[i].file);
		if (m->text == NULL || strcmp(m->text, cases[i].text) != 0)
			fail_msg("%s: got \"%s\", wanted \"%s\"", cases[i].file,
			    m->text ? m->text : "(null)", cases[i].text);
		assert_string_equal(m->content_type, cases[i].content_type);
		assert_int_equal(m->text_from_html, 0);
		assert_string_equal(m->from_addr, "lena@example.net");
		mime_free(&m);
	}
}

static void
test_html_entities(void **state)
{
	struct mime_msg	*m = load("html-entities.eml");

	(void)state;
	assert_int_equal(m->text_from_html, 1);
	assert_string_equal(m->text,
	    "Fish & chips <3 \"quoted\" 'single'\n"
	    "Käse, café, Straße, ä, é, \xe2\x98\xba ok\n"
	    "one\ntwo\na b\nc\nline\nbreak");
	mime_free(&m);
}

static void
test_gmail_html_quote(void **state)
{
	struct mime_msg	*m = load("gmail-html-quote.eml");
	char		*q;

	(void)state;
	assert_non_null(strstr(m->text, "\n> "));
	q = quote_strip(m->text);
	assert_string_equal(q, "Arrival: 9 January\n\nThanks!");
	free(q);
	mime_free(&m);
}

static void
test_utf8_invalid(void **state)
{
	struct mime_msg	*m = load("utf8-invalid.eml");

	(void)state;
	assert_true(valid_utf8(m->text));
	assert_string_equal(m->text, "Café ok, bad \xef\xbf\xbd byte, cut "
	    "\xef\xbf\xbd\xef\xbf\xbd");
	mime_free(&m);
}

static void
test_unknown_charset(void **state)
{
	struct mime_msg	*m = load("lone-html-unknown-charset.eml");

	(void)state;
	assert_string_equal(m->subject, "Grüße");
	assert_string_equal(m->text, "Grüße");
	mime_free(&m);
}

static void
test_to_utf8(void **state)
{
	char	*s;

	(void)state;
	s = charset_to_utf8("ISO-8859-15", "\xa4", 1);
	assert_string_equal(s, "€");
	free(s);
	s = charset_to_utf8("\"utf-8\"", "ok \xc3\xa9", 5);
	assert_string_equal(s, "ok é");
	free(s);
	/* Latin-1 labelled UTF-8 has no valid sequence at all. */
	s = charset_to_utf8("utf-8", "Gr\xfc\xdf" "e", 5);
	assert_string_equal(s, "Grüße");
	free(s);
	s = charset_to_utf8("shift_jis", "\x93\xfa\x96\x7b", 4);
	assert_string_equal(s, "日本");
	free(s);
	/* A truncated multibyte character in a real charset. */
	s = charset_to_utf8("shift_jis", "a\x93", 2);
	assert_string_equal(s, "a\xef\xbf\xbd");
	free(s);
	s = charset_to_utf8(NULL, "", 0);
	assert_string_equal(s, "");
	free(s);
}

static void
test_decode_header(void **state)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "plain text", "plain text" },
		{ "=?utf-8?q?a?= =?utf-8?q?b?=", "ab" },
		{ "=?utf-8?q?a?=\r\n\t=?utf-8?q?b?= c", "ab c" },
		{ "x =?UTF-8?B?w6k=?= y", "x é y" },
		{ "=?iso-8859-1?q?=E9?= =?koi8-r?b?8NLJ1w==?=", "éПрив" },
		{ "=?utf-8*en?q?hi?=", "hi" },
		{ "=?bogus", "=?bogus" },
		{ "=?utf-8?x?nope?=", "=?utf-8?x?nope?=" },
		{ "a_b =?utf-8?q?a_b?=", "a_b a b" },
	};
	size_t	 i;
	char	*s;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		s = charset_decode_header(cases[i].in);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

static void
test_html_to_text(void **state)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "a<br>b", "a\nb" },
		{ "<p>a</p><p>b</p>", "a\nb\n" },
		{ "x <!-- hidden --> y", "x y" },
		{ "<script>1<2</script>ok", "ok" },
		{ "&lt;&#65;&#x42;&gt; &unknown; & a", "<AB> &unknown; & a" },
		{ "<blockquote>q<br>r</blockquote>s", "> q\n> r\ns" },
		{ "&#0;&#x110000;", "\xef\xbf\xbd\xef\xbf\xbd" },
		{ "<a href=\"x>y\">link</a>", "link" },
	};
	size_t	 i;
	char	*s;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		s = html_to_text(cases[i].in, strlen(cases[i].in));
		assert_string_equal(s, cases[i].out);
		free(s);
	}
}

static void
test_too_big(void **state)
{
	size_t		 len = 50u * 1024 * 1024;
	char		*raw = xmalloc(len), *cause = NULL;
	struct mime_msg	*m = NULL;

	(void)state;
	memset(raw, 'a', len);
	memcpy(raw, "Subject: x\n\n", 12);
	assert_int_equal(mime_parse(raw, len, &m, &cause), -1);
	assert_null(m);
	assert_non_null(strstr(cause, "limit"));
	free(cause);
	free(raw);
}

static char *
many_parts(int nparts, size_t *lenp)
{
	struct buf	 b;
	int		 i;

	buf_init(&b, 0);
	buf_addstr(&b, "From: a@example.org\nContent-Type: multipart/mixed; "
	    "boundary=b\n\n");
	for (i = 0; i < nparts; i++)
		buf_printf(&b, "--b\nContent-Type: text/plain\n\npart %d\n", i);
	buf_addstr(&b, "--b--\n");
	return buf_steal(&b, lenp);
}

static void
test_too_many_parts(void **state)
{
	size_t		 len;
	char		*raw = many_parts(10000, &len), *cause = NULL;
	struct mime_msg	*m = NULL;

	(void)state;
	assert_int_equal(mime_parse(raw, len, &m, &cause), -1);
	assert_non_null(strstr(cause, "parts"));
	free(cause);
	free(raw);
	/* Just under the limit still parses. */
	raw = many_parts(MIME_MAX_PARTS - 2, &len);
	assert_int_equal(mime_parse(raw, len, &m, &cause), 0);
	assert_string_equal(m->text, "part 0");
	mime_free(&m);
	free(raw);
}

static void
test_too_deep(void **state)
{
	struct buf	 b;
	int		 i;
	char		*raw, *cause = NULL;
	size_t		 len;
	struct mime_msg	*m = NULL;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "Content-Type: multipart/mixed; boundary=\"b%d\""
		    "\n\n--b%d\n", i, i);
	buf_addstr(&b, "\nx\n");
	raw = buf_steal(&b, &len);
	assert_int_equal(mime_parse(raw, len, &m, &cause), -1);
	assert_non_null(strstr(cause, "nesting"));
	free(cause);
	free(raw);

	/* message/rfc822 nesting needs no boundary at all. */
	buf_init(&b, 0);
	for (i = 0; i < 100000; i++)
		buf_addstr(&b, "Content-Type: message/rfc822\n\n");
	raw = buf_steal(&b, &len);
	assert_int_equal(mime_parse(raw, len, &m, &cause), -1);
	free(cause);
	free(raw);

	/* libetpan recurses on nested comments. */
	buf_init(&b, 0);
	buf_addstr(&b, "From: a@example.org ");
	for (i = 0; i < 100000; i++)
		buf_addch(&b, '(');
	buf_addstr(&b, "\n\nbody\n");
	raw = buf_steal(&b, &len);
	assert_int_equal(mime_parse(raw, len, &m, &cause), -1);
	free(cause);
	free(raw);
}

static void
test_text_cap(void **state)
{
	struct buf	 b;
	char		*raw, *cause = NULL;
	size_t		 len, i;
	struct mime_msg	*m = NULL;

	(void)state;
	buf_init(&b, 0);
	buf_addstr(&b, "Content-Type: text/plain; charset=utf-8\n\n");
	for (i = 0; i < MIME_MAX_TEXT; i++)
		buf_addstr(&b, "é");
	raw = buf_steal(&b, &len);
	assert_int_equal(mime_parse(raw, len, &m, &cause), 0);
	assert_true(strlen(m->text) <= MIME_MAX_TEXT);
	assert_true(strlen(m->text) > MIME_MAX_TEXT - 2);
	assert_true(valid_utf8(m->text));
	mime_free(&m);
	free(raw);
}

static void
test_hostile_headers(void **state)
{
	const char	*raw = "From: \"Eve =?utf-8?q?=0D=0ABcc:_x?=\" "
	    "<EVE@Example.org>\nSubject: =?utf-8?q?a=0Ab=07c?=\n"
	    "Message-ID: no-brackets\n\n";
	char		*cause = NULL;
	struct mime_msg	*m = NULL;

	(void)state;
	assert_int_equal(mime_parse(raw, strlen(raw), &m, &cause), 0);
	assert_string_equal(m->from_addr, "eve@example.org");
	assert_string_equal(m->from_name, "Eve Bcc: x");
	assert_string_equal(m->subject, "abc");
	assert_null(m->message_id);
	assert_null(m->text);
	mime_free(&m);
}

/*
 * The structure comes from MIME's own fields (MIME-Version, Content-*,
 * any case, folded, anywhere in the header), whatever the other fields
 * look like: broken addresses, a bad date, raw 8-bit bytes, a field with
 * a space before its colon.
 */
static void
test_structure_among_broken_fields(void **state)
{
	static const char *const heads[] = {
		"From: \"unbalanced <a@example.org\nTo: ,,,@@\n",
		"Date: the 32nd of Smarch\nReferences: <a <b> c>>\n",
		"X-Name: J\xfcrgen \xe9t\xe9\nSubject : spaced\n",
		"Received: from x\n\tby y;\n\tMon, 21 Dec 2026\n",
		"",
	};
	static const char *const mimes[] = {
		"MIME-Version: 1.0\nContent-Type: multipart/alternative;\n"
		    "\tboundary=\"XyZ\"\n",
		"content-type: MULTIPART/alternative; boundary=XyZ\n",
	};
	const char	*body = "preamble\n--XyZ\nContent-Type: text/plain; "
	    "charset=iso-8859-1\nContent-Transfer-Encoding: "
	    "quoted-printable\n\nArrive: 7 Jan, J=FCrgen\n--XyZ\n"
	    "Content-Type: text/html\n\n<p>html</p>\n--XyZ--\n";
	struct mime_msg	*m;
	char		*raw, *cause = NULL;
	size_t		 i, j, k;

	(void)state;
	for (i = 0; i < nitems(heads); i++)
		for (j = 0; j < nitems(mimes); j++)
			for (k = 0; k < 2; k++) {
				/* The MIME fields first, or last. */
				raw = xprintf("%s%s%s\n%s", k ? "" : mimes[j],
				    heads[i], k ? mimes[j] : "", body);
				m = NULL;
				if (mime_parse(raw, strlen(raw), &m,
				    &cause) != 0)
					fail_msg("%zu/%zu/%zu: %s", i, j, k,
					    cause);
				if (m->text == NULL || strcmp(m->text,
				    "Arrive: 7 Jan, J\xc3\xbcrgen") != 0)
					fail_msg("%zu/%zu/%zu: text \"%s\"", i,
					    j, k, m->text ? m->text : "(none)");
				assert_string_equal(m->content_type,
				    "multipart/alternative");
				mime_free(&m);
				free(raw);
			}
}

/* Both readings of a message, compared field by field. */
static void
same_reading(const char *what, const char *raw, size_t len)
{
	struct mime_msg	*a = NULL, *b = NULL;
	char		*ca = NULL, *cb = NULL;
	int		 ra, rb;
	size_t		 i;

	mime_set_shortcut(1);
	ra = mime_parse(raw, len, &a, &ca);
	mime_set_shortcut(0);
	rb = mime_parse(raw, len, &b, &cb);
	mime_set_shortcut(1);
	if (ra != rb)
		fail_msg("%s: %d with the shortcut, %d without", what, ra, rb);
	if (ra != 0) {
		assert_string_equal(ca, cb);
		free(ca);
		free(cb);
		return;
	}
#define SAME(f) do {							\
	if ((a->f == NULL) != (b->f == NULL) ||				\
	    (a->f != NULL && strcmp(a->f, b->f) != 0))			\
		fail_msg("%s: " #f " \"%s\" with the shortcut, \"%s\" "	\
		    "without", what, a->f ? a->f : "(null)",		\
		    b->f ? b->f : "(null)");				\
} while (0)
	SAME(text);
	SAME(content_type);
	SAME(from_addr);
	SAME(subject);
#undef SAME
	assert_int_equal(a->text_from_html, b->text_from_html);
	assert_int_equal(a->has_delivery_status, b->has_delivery_status);
	assert_int_equal(a->nheaders, b->nheaders);
	for (i = 0; i < a->nheaders; i++)
		assert_string_equal(a->headers[i].value, b->headers[i].value);
	mime_free(&a);
	mime_free(&b);
}

/* Every message of the test data and the fuzzing corpus, with CRLF and
 * with LF line ends, and variants of one text part (encodings, charsets,
 * types, fields twice, folded, broken), reads the same with the shortcut
 * for one text part as through libetpan's whole tree. */
static void
test_shortcut_same(void **state)
{
	static const char *const dirs[] = { "tests/data/demo",
	    "tests/data/mail", "tests/data/mime", "fuzz/corpus/parse",
	    "fuzz/corpus/message" };
	static const char *const heads[] = {
		"",
		"Content-Type: text/plain\n",
		"Content-Type: text/plain; charset=iso-8859-1\n"
		    "Content-Transfer-Encoding: quoted-printable\n",
		"Content-Type: TEXT/PLAIN; CHARSET=\"utf-8\"; format=flowed;"
		    "\n delsp=yes\n",
		"Content-Type: text/html; charset=windows-1252\n",
		"Content-Type: text/plain; charset=utf-8\n"
		    "Content-Transfer-Encoding: base64\n",
		"Content-Type: text/plain\nContent-Type: text/html\n",
		"Content-Transfer-Encoding: 8bit\n"
		    "Content-Transfer-Encoding: base64\n",
		"Content-Type: text/plain; charset==?utf-8?q?x?=\n",
		"Content-Type: ;;;\n",
		"Content-Type: text\n",
		"Content-Type: application/octet-stream\n",
		"Content-Transfer-Encoding: x-uuencode\n",
		"Content-Transfer-Encoding: \n",
		"Content-Type: text/plain (a comment)\n",
		"Content-Type:   text/plain  ;  charset = \"utf-8\"  ;  "
		    "format = flowed\n",
		"Content-Type: text/plain;\n\tcharset=\" utf-8\";\n"
		    "   format=\"flowed  \"\n",
		"Content-Type: text/plain; charset=\"iso-8859-1  \"\n",
		"Content-Type: text/plain; charset=\"utf-8\"\t;\tdelsp="
		    "\"yes\"; format=flowed\n",
		"Content-Type: text/html; charset=\"=?us-ascii?q?utf-8?=\"\n",
		"Content-Type: text/plain; charset=utf-8\n"
		    "Content-Transfer-Encoding:   Quoted-Printable  \n",
	};
	static const char *const bodies[] = {
		"Name: J=C3=B6rg\nArrive: 8 Jan=\n uary\n",
		"TmFtZTogSsO2cmcKQXJyaXZlOiA4IEphbgo=\n",
		"Name: J\xf6rg\n<p>Arrive: 8 Jan &amp; more</p>\n",
		"",
		"\n\n",
	};
	struct dirent	*de;
	DIR		*dp;
	struct buf	 b, lf;
	char		*path, *raw, *what, *cause = NULL;
	size_t		 i, j, len, n = 0, k;

	(void)state;
	for (i = 0; i < nitems(dirs); i++) {
		path = testlib_src_path(dirs[i]);
		if ((dp = opendir(path)) == NULL) {
			free(path);
			continue;
		}
		while ((de = readdir(dp)) != NULL) {
			char	*f;

			if (de->d_name[0] == '.')
				continue;
			f = xprintf("%s/%s", path, de->d_name);
			if (util_read_file(f, 1024 * 1024, &raw, &len,
			    &cause) != 0) {
				free(cause);
				cause = NULL;
				free(f);
				continue;
			}
			same_reading(f, raw, len);
			/* The same with LF line ends alone. */
			buf_init(&lf, 0);
			for (k = 0; k < len; k++)
				if (raw[k] != '\r')
					buf_addch(&lf, raw[k]);
			if (lf.len > 0)
				same_reading(f, lf.data, lf.len);
			buf_free(&lf);
			n++;
			free(raw);
			free(f);
		}
		closedir(dp);
		free(path);
	}
	assert_true(n >= 150);
	for (i = 0; i < nitems(heads); i++)
		for (j = 0; j < nitems(bodies); j++) {
			buf_init(&b, 0);
			buf_printf(&b, "From: A <a@example.org>\nSubject: s\n"
			    "%s\n%s", heads[i], bodies[j]);
			what = xprintf("variant %zu/%zu", i, j);
			same_reading(what, b.data, b.len);
			free(what);
			buf_free(&b);
		}
}

/* What a list that rewrites From keeps of the poster: Reply-To with its
 * name, X-Original-From, X-Original-Sender; decoded, without controls. */
static void
test_original_sender(void **state)
{
	static const struct {
		const char	*headers;
		const char	*reply_to, *reply_to_name;
		const char	*orig_from, *orig_from_name, *orig_sender;
	} cases[] = {
		{ "Reply-To: Anna Example <anna@example.org>\n",
		    "anna@example.org", "Anna Example", NULL, NULL, NULL },
		{ "X-Original-From: =?utf-8?q?J=C3=B6rg?= <Joerg@Example.org>\n"
		    "X-Original-Sender: joerg@example.org\n", NULL, NULL,
		    "Joerg@Example.org", "Jörg", "joerg@example.org" },
		{ "X-Original-From: bare@example.org\n"
		    "Reply-To: list@example.org\n", "list@example.org", NULL,
		    "bare@example.org", NULL, NULL },
		{ "X-Original-From: \"=?utf-8?q?Eve_=0D=0ABcc:_x?=\" "
		    "<eve@example.org>\nX-Original-Sender: not an address\n",
		    NULL, NULL, "eve@example.org", "Eve Bcc: x", NULL },
	};
	struct mime_msg	*m;
	char		*raw, *cause = NULL;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		raw = xprintf("From: A via list <list@example.org>\n%s\nbody\n",
		    cases[i].headers);
		m = NULL;
		if (mime_parse(raw, strlen(raw), &m, &cause) != 0)
			fail_msg("case %zu: %s", i, cause);
#define CHECK(f) do {							\
	if (cases[i].f == NULL)						\
		assert_null(m->f);					\
	else								\
		assert_string_equal(m->f, cases[i].f);			\
} while (0)
		CHECK(reply_to);
		CHECK(reply_to_name);
		CHECK(orig_from);
		CHECK(orig_from_name);
		CHECK(orig_sender);
#undef CHECK
		assert_string_equal(m->from_name, "A via list");
		mime_free(&m);
		free(raw);
	}
}

/* Quoted-printable from careless senders: a stray "=" stands for itself,
 * blanks before a soft break go with it, nothing is cut short. */
static void
test_qp_malformed(void **state)
{
	static const struct {
		const char	*body;
		const char	*text;
	} cases[] = {
		{ "a=ZZb\n", "a=ZZb" },
		{ "price =3D 5=E2=82=AC\n", "price = 5\xe2\x82\xac" },
		{ "soft =  \nbreak\n", "soft break" },
		{ "crlf soft =\r\nbreak\r\n", "crlf soft break" },
		{ "one =4\n", "one =4" },
		{ "ends with =", "ends with " },
		{ "ends with =4", "ends with =4" },
		{ "x=0Dy\n", "x\ny" },
	};
	struct mime_msg	*m;
	char		*raw, *cause = NULL;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		raw = xprintf("From: a@example.org\nContent-Type: text/plain; "
		    "charset=utf-8\nContent-Transfer-Encoding: "
		    "quoted-printable\n\n%s", cases[i].body);
		m = NULL;
		if (mime_parse(raw, strlen(raw), &m, &cause) != 0)
			fail_msg("case %zu: %s", i, cause);
		assert_non_null(m->text);
		if (strcmp(m->text, cases[i].text) != 0)
			fail_msg("case %zu: got \"%s\", wanted \"%s\"", i,
			    m->text, cases[i].text);
		mime_free(&m);
		free(raw);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gmail_alternative),
		cmocka_unit_test(test_outlook_html_cp1252),
		cmocka_unit_test(test_thunderbird_flowed),
		cmocka_unit_test(test_flowed_delsp),
		cmocka_unit_test(test_mutt_plain),
		cmocka_unit_test(test_applemail_qp),
		cmocka_unit_test(test_iphone_base64),
		cmocka_unit_test(test_latin1_unlabelled),
		cmocka_unit_test(test_rfc2047_latin1),
		cmocka_unit_test(test_rfc2047_utf8),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_dsn),
		cmocka_unit_test(test_nested_mixed),
		cmocka_unit_test(test_multipart_no_boundary),
		cmocka_unit_test(test_html_entities),
		cmocka_unit_test(test_gmail_html_quote),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_unknown_charset),
		cmocka_unit_test(test_to_utf8),
		cmocka_unit_test(test_decode_header),
		cmocka_unit_test(test_html_to_text),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_too_many_parts),
		cmocka_unit_test(test_too_deep),
		cmocka_unit_test(test_text_cap),
		cmocka_unit_test(test_hostile_headers),
		cmocka_unit_test(test_original_sender),
		cmocka_unit_test(test_qp_malformed),
		cmocka_unit_test(test_structure_among_broken_fields),
		cmocka_unit_test(test_shortcut_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
