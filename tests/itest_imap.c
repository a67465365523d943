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

/* itest_imap.c -- imap.c against the harness's real Dovecot: plain,
 * imaps:// and STARTTLS with certificate and host-name checks, login,
 * EXAMINE, UID SEARCH, byte-exact fetch without \Seen, the size limit,
 * IDLE with new mail, a timeout and a stop signal. Needs the variables
 * of tests/harness/servers.sh; exits 77 (skipped) without them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "config.h"
#include "imap.h"
#include "log.h"
#include "mime.h"
#include "util.h"

static int		 imap_port, imaps_port, lmtp_port;
static const char	*ca_file, *user, *password;
static const char	*other_host, *nologin_host;
static unsigned		 seq;

static volatile sig_atomic_t	 stop_flag;

static void
on_alarm(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct config_server *
server(const char *url, enum config_tls tls, const char *ca)
{
	static struct config_server	 cs;

	memset(&cs, 0, sizeof cs);
	cs.url = (char *)url;
	cs.user = (char *)user;
	cs.tls = tls;
	cs.ca_file = (char *)ca;
	return &cs;
}

static struct imap *
connect_plain(void)
{
	struct imap	*im = NULL;
	char		*url, *cause = NULL;

	url = xprintf("imap://127.0.0.1:%d/INBOX", imap_port);
	if (imap_connect(server(url, CONFIG_TLS_NONE, NULL), password, &im,
	    &cause) != 0)
		fail_msg("connect: %s", cause);
	free(url);
	return im;
}

/* A unique message with CRLF line ends, 8-bit bytes and a long line. */
static char *
make_message(const char *tag, size_t *len)
{
	struct buf	 b;
	int		 i;

	seq++;
	buf_init(&b, 0);
	buf_printf(&b, "From: Anna <anna@example.org>\r\n"
	    "To: pypy-sprint@example.org\r\n"
	    "Subject: itest %s %u %ld\r\n"
	    "Message-ID: <itest-%s-%u-%ld@example.org>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n"
	    "I come from 2027-01-10 to 2027-01-15, J\xc3\xb6rg too.\r\n",
	    tag, seq, (long)getpid(), tag, seq, (long)getpid());
	for (i = 0; i < 40; i++)
		buf_addstr(&b, "0123456789");
	buf_addstr(&b, "\r\n.leading dot\r\nend\r\n");
	return buf_steal(&b, len);
}

static int
lmtp_reply(FILE *f, char *line, size_t size)
{
	do {
		if (fgets(line, (int)size, f) == NULL)
			return -1;
	} while (strlen(line) >= 4 && line[3] == '-');
	return line[0] == '2' || line[0] == '3' ? 0 : -1;
}

/* Delivers msg to user by LMTP, dot-stuffed; Dovecot adds its headers. */
static int
lmtp_deliver(const char *to, const char *msg, size_t len)
{
	struct sockaddr_in	 sin;
	char			 line[512];
	FILE			*f;
	int			 fd;
	size_t			 i;
	int			 bol = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)lmtp_port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof sin) != 0 ||
	    (f = fdopen(fd, "r+")) == NULL) {
		close(fd);
		return -1;
	}
	if (lmtp_reply(f, line, sizeof line) != 0)
		goto fail;
	fprintf(f, "LHLO localhost\r\n");
	fflush(f);
	if (lmtp_reply(f, line, sizeof line) != 0)
		goto fail;
	fprintf(f, "MAIL FROM:<anna@example.org>\r\n");
	fflush(f);
	if (lmtp_reply(f, line, sizeof line) != 0)
		goto fail;
	fprintf(f, "RCPT TO:<%s>\r\n", to);
	fflush(f);
	if (lmtp_reply(f, line, sizeof line) != 0)
		goto fail;
	fprintf(f, "DATA\r\n");
	fflush(f);
	if (lmtp_reply(f, line, sizeof line) != 0)
		goto fail;
	for (i = 0; i < len; i++) {
		if (bol && msg[i] == '.')
			fputc('.', f);
		fputc(msg[i], f);
		bol = msg[i] == '\n';
	}
	fprintf(f, ".\r\n");
	fflush(f);
	if (lmtp_reply(f, line, sizeof line) != 0)
		goto fail;
	fprintf(f, "QUIT\r\n");
	fclose(f);
	return 0;

fail:
	fclose(f);
	return -1;
}

/* A raw libetpan session, independent of imap.c, to check what it did. */
static mailimap *
raw_session(void)
{
	mailimap	*m = mailimap_new(0, NULL);
	int		 r;

	r = mailimap_socket_connect(m, "127.0.0.1", (uint16_t)imap_port);
	assert_true(r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED);
	assert_int_equal(mailimap_login(m, user, password), MAILIMAP_NO_ERROR);
	return m;
}

/* APPENDs msg exactly (Dovecot keeps the bytes); returns its UID. */
static uint32_t
append_message(const char *msg, size_t len)
{
	mailimap	*m = raw_session();
	uint32_t	 uidvalidity = 0, uid = 0;

	assert_int_equal(mailimap_uidplus_append(m, "INBOX", NULL, NULL, msg,
	    len, &uidvalidity, &uid), MAILIMAP_NO_ERROR);
	assert_true(uid > 0);
	mailimap_logout(m);
	mailimap_free(m);
	return uid;
}

/* 1 when the message uid has \Seen, looked up read-only. */
static int
has_seen(uint32_t uid, int select_rw_and_read)
{
	mailimap			*m = raw_session();
	struct mailimap_fetch_type	*ft;
	struct mailimap_set		*set;
	struct mailimap_section		*sec;
	clist				*res = NULL;
	clistiter			*it, *jt, *kt;
	int				 seen = 0;

	if (select_rw_and_read) {
		/* The control case: a plain BODY[] in SELECT sets \Seen. */
		assert_int_equal(mailimap_select(m, "INBOX"),
		    MAILIMAP_NO_ERROR);
		ft = mailimap_fetch_type_new_fetch_att_list_empty();
		sec = mailimap_section_new(NULL);
		mailimap_fetch_type_new_fetch_att_list_add(ft,
		    mailimap_fetch_att_new_body_section(sec));
		set = mailimap_set_new_single(uid);
		assert_int_equal(mailimap_uid_fetch(m, set, ft, &res),
		    MAILIMAP_NO_ERROR);
		mailimap_fetch_list_free(res);
		mailimap_fetch_type_free(ft);
		mailimap_set_free(set);
		res = NULL;
	} else
		assert_int_equal(mailimap_examine(m, "INBOX"),
		    MAILIMAP_NO_ERROR);
	ft = mailimap_fetch_type_new_fetch_att(mailimap_fetch_att_new_flags());
	set = mailimap_set_new_single(uid);
	assert_int_equal(mailimap_uid_fetch(m, set, ft, &res),
	    MAILIMAP_NO_ERROR);
	assert_true(clist_count(res) >= 1);
	for (it = clist_begin(res); it != NULL; it = clist_next(it)) {
		struct mailimap_msg_att *ma = clist_content(it);

		for (jt = clist_begin(ma->att_list); jt; jt = clist_next(jt)) {
			struct mailimap_msg_att_item *item = clist_content(jt);

			if (item->att_type != MAILIMAP_MSG_ATT_ITEM_DYNAMIC ||
			    item->att_data.att_dyn->att_list == NULL)
				continue;
			for (kt = clist_begin(item->att_data.att_dyn->att_list);
			    kt; kt = clist_next(kt)) {
				struct mailimap_flag_fetch *ff =
				    clist_content(kt);

				if (ff->fl_type == MAILIMAP_FLAG_FETCH_OTHER &&
				    ff->fl_flag->fl_type == MAILIMAP_FLAG_SEEN)
					seen = 1;
			}
		}
	}
	mailimap_fetch_list_free(res);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	mailimap_logout(m);
	mailimap_free(m);
	return seen;
}

static void
test_connect_plain(void **state)
{
	struct imap	*im;
	uint32_t	 uv, un;
	char		*cause = NULL;

	(void)state;
	im = connect_plain();
	assert_string_equal(imap_mailbox(im), "INBOX");
	assert_int_equal(imap_select(im, &uv, &un, &cause), 0);
	assert_true(uv != 0);
	assert_true(un >= 1);
	assert_int_equal(imap_has_idle(im), 1);
	imap_close(&im);
	assert_null(im);
	imap_close(&im);	/* NULL is ignored */
}

static void
test_connect_imaps_with_ca(void **state)
{
	const char	*hosts[] = { "localhost", "127.0.0.1" };
	struct imap	*im;
	uint32_t	 uv, un;
	char		*url, *cause = NULL;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(hosts); i++) {
		im = NULL;
		url = xprintf("imaps://%s:%d/", hosts[i], imaps_port);
		if (imap_connect(server(url, CONFIG_TLS_REQUIRED, ca_file),
		    password, &im, &cause) != 0)
			fail_msg("%s: %s", url, cause);
		/* No mailbox in the URL: INBOX. */
		assert_string_equal(imap_mailbox(im), "INBOX");
		assert_int_equal(imap_select(im, &uv, &un, &cause), 0);
		assert_true(uv != 0);
		imap_close(&im);
		free(url);
	}
}

static void
test_imaps_without_ca_fails(void **state)
{
	struct imap	*im = NULL;
	char		*url, *cause = NULL;

	(void)state;
	/* The test CA is not in the system's trust store. */
	url = xprintf("imaps://localhost:%d/INBOX", imaps_port);
	assert_int_equal(imap_connect(server(url, CONFIG_TLS_REQUIRED, NULL),
	    password, &im, &cause), -1);
	assert_null(im);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "localhost"));
	assert_non_null(strstr(cause, "verification failed"));
	free(cause);
	free(url);
}

static void
test_imaps_wrong_host_fails(void **state)
{
	struct imap	*im = NULL;
	char		*url, *cause = NULL;

	(void)state;
	/* Trusted CA, but the certificate does not name this address. */
	url = xprintf("imaps://%s:%d/INBOX", other_host, imaps_port);
	assert_int_equal(imap_connect(server(url, CONFIG_TLS_REQUIRED,
	    ca_file), password, &im, &cause), -1);
	assert_null(im);
	assert_non_null(strstr(cause, other_host));
	assert_non_null(strstr(cause, "verification failed"));
	free(cause);
	free(url);
}

static void
test_starttls(void **state)
{
	struct imap	*im = NULL;
	uint32_t	 uv, un;
	char		*url, *cause = NULL;

	(void)state;
	url = xprintf("imap://localhost:%d/%%49NBOX", imap_port);
	if (imap_connect(server(url, CONFIG_TLS_REQUIRED, ca_file), password,
	    &im, &cause) != 0)
		fail_msg("STARTTLS: %s", cause);
	assert_string_equal(imap_mailbox(im), "INBOX");	/* %-decoded */
	assert_int_equal(imap_select(im, &uv, &un, &cause), 0);
	imap_close(&im);

	/* STARTTLS verifies too: without the CA, and for a wrong name. */
	assert_int_equal(imap_connect(server(url, CONFIG_TLS_REQUIRED, NULL),
	    password, &im, &cause), -1);
	assert_non_null(strstr(cause, "verification failed"));
	free(cause);
	free(url);
	url = xprintf("imap://%s:%d/INBOX", other_host, imap_port);
	assert_int_equal(imap_connect(server(url, CONFIG_TLS_REQUIRED,
	    ca_file), password, &im, &cause), -1);
	assert_non_null(strstr(cause, "verification failed"));
	free(cause);
	free(url);
}

static void
test_wrong_password(void **state)
{
	struct imap	*im = NULL;
	char		*url, *cause = NULL;

	(void)state;
	url = xprintf("imap://127.0.0.1:%d/INBOX", imap_port);
	assert_int_equal(imap_connect(server(url, CONFIG_TLS_NONE, NULL),
	    "not-the-password", &im, &cause), -1);
	assert_null(im);
	assert_non_null(strstr(cause, "LOGIN"));
	/* The password never shows in the cause. */
	assert_null(strstr(cause, "not-the-password"));
	free(cause);
	free(url);
}

static void
test_logindisabled_authenticate(void **state)
{
	struct imap	*im = NULL;
	uint32_t	 uv, un;
	char		*url, *cause = NULL;

	(void)state;
	/* The server announces LOGINDISABLED: AUTHENTICATE PLAIN is used. */
	url = xprintf("imap://%s:%d/INBOX", nologin_host, imap_port);
	if (imap_connect(server(url, CONFIG_TLS_NONE, NULL), password, &im,
	    &cause) != 0)
		fail_msg("AUTHENTICATE: %s", cause);
	assert_int_equal(imap_select(im, &uv, &un, &cause), 0);
	imap_close(&im);
	assert_int_equal(imap_connect(server(url, CONFIG_TLS_NONE, NULL),
	    "not-the-password", &im, &cause), -1);
	assert_non_null(strstr(cause, "AUTHENTICATE PLAIN"));
	assert_null(strstr(cause, "not-the-password"));
	free(cause);
	free(url);
}

static void
test_search_fetch_exact(void **state)
{
	struct imap	*im;
	char		*msg1, *msg2, *raw = NULL, *cause = NULL;
	size_t		 len1, len2, len, n, i;
	uint32_t	 uv, un, u1, u2, *uids = NULL;

	(void)state;
	msg1 = make_message("append", &len1);
	msg2 = make_message("lmtp", &len2);
	u1 = append_message(msg1, len1);
	assert_int_equal(lmtp_deliver("sprints@example.org", msg2, len2), 0);

	im = connect_plain();
	assert_int_equal(imap_select(im, &uv, &un, &cause), 0);
	assert_true(un > u1 + 1);

	assert_int_equal(imap_uids_after(im, u1 - 1, &uids, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_int_equal(uids[0], u1);
	u2 = uids[1];
	assert_true(u2 > u1);
	free(uids);

	/* "u2+1:*" names u2 itself, the last one: it must be filtered. */
	assert_int_equal(imap_uids_after(im, u2, &uids, &n, &cause), 0);
	assert_int_equal(n, 0);
	assert_null(uids);
	assert_int_equal(imap_uids_after(im, u2 + 1000, &uids, &n, &cause), 0);
	assert_int_equal(n, 0);

	/* Ascending and complete from 0. */
	assert_int_equal(imap_uids_after(im, 0, &uids, &n, &cause), 0);
	assert_true(n >= 2);
	for (i = 1; i < n; i++)
		assert_true(uids[i - 1] < uids[i]);
	assert_int_equal(uids[n - 1], u2);
	free(uids);

	/* APPENDed bytes come back exactly. */
	assert_int_equal(imap_fetch(im, u1, 1 << 20, &raw, &len, &cause), 0);
	assert_int_equal(len, len1);
	assert_memory_equal(raw, msg1, len1);
	free(raw);

	/* Delivered ones exactly too, after the headers Dovecot adds. */
	assert_int_equal(imap_fetch(im, u2, 1 << 20, &raw, &len, &cause), 0);
	assert_true(len > len2);
	assert_memory_equal(raw + len - len2, msg2, len2);
	assert_non_null(strstr(raw, "Delivered-To:"));
	free(raw);

	/* Too large: 1 with the size, nothing fetched; exactly max is ok. */
	raw = NULL;
	assert_int_equal(imap_fetch(im, u1, len1 - 1, &raw, &len, &cause), 1);
	assert_null(raw);
	assert_int_equal(len, len1);
	assert_int_equal(imap_fetch(im, u1, len1, &raw, &len, &cause), 0);
	free(raw);

	/* A UID that does not exist: -1, and the session goes on. */
	assert_int_equal(imap_fetch(im, u2 + 1000, 1 << 20, &raw, &len,
	    &cause), -1);
	assert_non_null(strstr(cause, "no such message"));
	free(cause);
	assert_int_equal(imap_uids_after(im, u1, &uids, &n, &cause), 0);
	assert_int_equal(n, 1);
	free(uids);

	imap_close(&im);
	free(msg1);
	free(msg2);
}

static void
test_fetch_does_not_set_seen(void **state)
{
	struct imap	*im;
	char		*msg, *raw, *cause = NULL;
	size_t		 len, mlen;
	uint32_t	 uv, un, uid, ctl;

	(void)state;
	msg = make_message("seen", &mlen);
	uid = append_message(msg, mlen);
	ctl = append_message(msg, mlen);
	assert_int_equal(has_seen(uid, 0), 0);

	im = connect_plain();
	assert_int_equal(imap_select(im, &uv, &un, &cause), 0);
	assert_int_equal(imap_fetch(im, uid, 1 << 20, &raw, &len, &cause), 0);
	free(raw);
	imap_close(&im);
	assert_int_equal(has_seen(uid, 0), 0);

	/* The check itself sees \Seen where a plain BODY[] set it. */
	assert_int_equal(has_seen(ctl, 1), 1);
	free(msg);
}

static void
test_fetch_sizes(void **state)
{
	struct imap	*im;
	char		*msg[3], *raw = NULL, *cause = NULL;
	size_t		 mlen[3], len, sizes[6], i, n;
	uint32_t	 uv, un, u[3], ask[6], *uids = NULL;

	(void)state;
	/* Two APPENDed (exact bytes), one delivered (Dovecot adds some). */
	for (i = 0; i < 3; i++)
		msg[i] = make_message("sizes", &mlen[i]);
	u[0] = append_message(msg[0], mlen[0]);
	u[1] = append_message(msg[1], mlen[1]);
	assert_int_equal(lmtp_deliver("sprints@example.org", msg[2],
	    mlen[2]), 0);
	im = connect_plain();
	assert_int_equal(imap_select(im, &uv, &un, &cause), 0);
	u[2] = un - 1;
	assert_true(u[2] > u[1] && u[1] > u[0]);

	/* A run (u0:u2 when consecutive), a missing UID, singles, 0. */
	ask[0] = u[0];
	ask[1] = u[1];
	ask[2] = u[2];
	ask[3] = u[2] + 1000;
	ask[4] = u[0];
	ask[5] = 0;
	assert_int_equal(imap_fetch_sizes(im, ask, 6, sizes, &cause), 0);
	assert_int_equal(sizes[0], mlen[0]);
	assert_int_equal(sizes[1], mlen[1]);
	assert_int_equal(imap_fetch(im, u[2], 1 << 20, &raw, &len, &cause), 0);
	assert_true(len > mlen[2]);
	assert_int_equal(sizes[2], len);
	free(raw);
	assert_true(sizes[3] == IMAP_GONE);
	assert_int_equal(sizes[4], mlen[0]);
	assert_true(sizes[5] == IMAP_GONE);

	/* Descending, and only missing ones: all answered, all gone. */
	ask[0] = u[2];
	ask[1] = u[0];
	assert_int_equal(imap_fetch_sizes(im, ask, 2, sizes, &cause), 0);
	assert_int_equal(sizes[0], len);
	assert_int_equal(sizes[1], mlen[0]);
	ask[0] = u[2] + 1000;
	ask[1] = u[2] + 1001;
	assert_int_equal(imap_fetch_sizes(im, ask, 2, sizes, &cause), 0);
	assert_true(sizes[0] == IMAP_GONE && sizes[1] == IMAP_GONE);
	assert_int_equal(imap_fetch_sizes(im, ask, 0, sizes, &cause), 0);

	/* The session is still in order. */
	assert_int_equal(imap_uids_after(im, u[1], &uids, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(uids[0], u[2]);
	free(uids);
	imap_close(&im);
	for (i = 0; i < 3; i++)
		free(msg[i]);
}

/*
 * Size bounds: one SEARCH LARGER finds the messages over the bound, which
 * alone are sized exactly; the others (and a UID that is gone) read as the
 * bound, a 0 as gone.
 */
static void
test_size_bounds(void **state)
{
	struct imap	*im;
	char		*msg[3], *big, *cause = NULL;
	size_t		 mlen[3], blen, sizes[7], bound, i;
	uint32_t	 uv, un, u[3], ask[7];
	struct buf	 b;

	(void)state;
	for (i = 0; i < 3; i++)
		msg[i] = make_message("bounds", &mlen[i]);
	/* The second one grows well past the others. */
	buf_init(&b, 0);
	buf_add(&b, msg[1], mlen[1]);
	for (i = 0; i < 300; i++)
		buf_addstr(&b, "a line to make the message large\r\n");
	free(msg[1]);
	msg[1] = buf_steal(&b, &mlen[1]);
	for (i = 0; i < 3; i++)
		u[i] = append_message(msg[i], mlen[i]);
	bound = mlen[0] > mlen[2] ? mlen[0] : mlen[2];
	assert_true(mlen[1] > bound);
	im = connect_plain();
	assert_int_equal(imap_select(im, &uv, &un, &cause), 0);

	ask[0] = u[0];
	ask[1] = u[1];
	ask[2] = u[2];
	ask[3] = u[2] + 1000;
	ask[4] = 0;
	ask[5] = u[1];
	ask[6] = u[0];
	assert_int_equal(imap_size_bounds(im, ask, 7, bound, sizes, &cause),
	    0);
	assert_int_equal(sizes[0], bound);
	assert_int_equal(sizes[1], mlen[1]);
	assert_int_equal(sizes[2], bound);
	assert_int_equal(sizes[3], bound);
	assert_true(sizes[4] == IMAP_GONE);
	assert_int_equal(sizes[5], mlen[1]);
	assert_int_equal(sizes[6], bound);
	/* A bound under every message: each is sized; none asked: none. */
	assert_int_equal(imap_size_bounds(im, u, 3, 10, sizes, &cause), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(sizes[i], mlen[i]);
	assert_int_equal(imap_size_bounds(im, u, 0, 10, sizes, &cause), 0);
	/* The body of the large one is whole. */
	assert_int_equal(imap_fetch(im, u[1], 1 << 20, &big, &blen, &cause),
	    0);
	assert_int_equal(blen, mlen[1]);
	free(big);
	imap_close(&im);
	for (i = 0; i < 3; i++)
		free(msg[i]);
}

/* Checks b against a single imap_fetch of the same UID. */
static void
check_body(struct imap *im, const struct imap_body *b, uint32_t uid)
{
	char	*raw = NULL, *cause = NULL;
	size_t	 len;

	assert_int_equal(b->uid, uid);
	assert_non_null(b->raw);
	assert_int_equal(imap_fetch(im, uid, 1 << 20, &raw, &len, &cause), 0);
	assert_int_equal(b->len, len);
	assert_memory_equal(b->raw, raw, len);
	assert_int_equal(b->raw[b->len], '\0');
	free(raw);
}

static void
test_fetch_bodies(void **state)
{
	struct imap		*im;
	struct imap_body	 out[5];
	char			*msg[4], *cause = NULL;
	size_t			 mlen[4], i;
	uint32_t		 uv, un, u[4], ask[5];

	(void)state;
	for (i = 0; i < 4; i++) {
		msg[i] = make_message("bodies", &mlen[i]);
		if (i == 2) {
			assert_int_equal(lmtp_deliver("sprints@example.org",
			    msg[i], mlen[i]), 0);
			u[i] = 0;
		} else
			u[i] = append_message(msg[i], mlen[i]);
	}
	im = connect_plain();
	assert_int_equal(imap_select(im, &uv, &un, &cause), 0);
	/* The delivered one sits between u1 and u3. */
	assert_int_equal(imap_fetch_sizes(im, (uint32_t []){ u[1] + 1 }, 1,
	    mlen + 2, &cause), 0);
	assert_true(mlen[2] != IMAP_GONE);
	u[2] = u[1] + 1;
	assert_true(u[3] > u[2]);

	/* Ascending, several in one call, byte-exact. */
	assert_int_equal(imap_fetch_bodies(im, u, 4, out, &cause), 0);
	for (i = 0; i < 4; i++)
		check_body(im, &out[i], u[i]);
	/* APPENDed ones are the bytes given. */
	assert_int_equal(out[0].len, mlen[0]);
	assert_memory_equal(out[0].raw, msg[0], mlen[0]);
	assert_memory_equal(out[3].raw, msg[3], mlen[3]);
	imap_bodies_free(out, 4);
	for (i = 0; i < 4; i++)
		assert_null(out[i].raw);

	/* Descending with a missing UID in the middle: order as asked. */
	ask[0] = u[3];
	ask[1] = u[2];
	ask[2] = u[3] + 1000;
	ask[3] = u[1];
	ask[4] = u[0];
	assert_int_equal(imap_fetch_bodies(im, ask, 5, out, &cause), 0);
	check_body(im, &out[0], u[3]);
	check_body(im, &out[1], u[2]);
	assert_int_equal(out[2].uid, u[3] + 1000);
	assert_null(out[2].raw);
	assert_int_equal(out[2].len, 0);
	check_body(im, &out[3], u[1]);
	check_body(im, &out[4], u[0]);
	assert_memory_equal(out[4].raw, msg[0], mlen[0]);
	imap_bodies_free(out, 5);

	/* Nothing asked: nothing sent; the session goes on. */
	assert_int_equal(imap_fetch_bodies(im, ask, 0, out, &cause), 0);
	assert_int_equal(imap_fetch_bodies(im, ask + 2, 1, out, &cause), 0);
	assert_null(out[0].raw);
	imap_close(&im);

	/* BODY.PEEK[]: none of them is \Seen. */
	for (i = 0; i < 4; i++)
		assert_int_equal(has_seen(u[i], 0), 0);
	for (i = 0; i < 4; i++)
		free(msg[i]);
}

/* A body over MIME_MAX_MESSAGE comes back dropped, with its size. */
static void
test_fetch_bodies_too_large(void **state)
{
	struct imap		*im;
	struct imap_body	 out[2];
	struct buf		 b;
	char			*big, *small, *cause = NULL;
	size_t			 blen, slen, sizes[2];
	uint32_t		 uv, un, u[2];

	(void)state;
	small = make_message("small", &slen);
	buf_init(&b, 0);
	buf_addstr(&b, "From: anna@example.org\r\nSubject: big\r\n\r\n");
	while (b.len <= MIME_MAX_MESSAGE)
		buf_addstr(&b, "0123456789012345678901234567890123456789"
		    "0123456789012345678901234567890123456789\r\n");
	big = buf_steal(&b, &blen);
	u[0] = append_message(big, blen);
	u[1] = append_message(small, slen);

	im = connect_plain();
	assert_int_equal(imap_select(im, &uv, &un, &cause), 0);
	assert_int_equal(imap_fetch_sizes(im, u, 2, sizes, &cause), 0);
	assert_int_equal(sizes[0], blen);
	assert_int_equal(imap_fetch_bodies(im, u, 2, out, &cause), 0);
	assert_null(out[0].raw);
	assert_int_equal(out[0].len, blen);
	assert_non_null(out[1].raw);
	assert_int_equal(out[1].len, slen);
	assert_memory_equal(out[1].raw, small, slen);
	imap_bodies_free(out, 2);
	imap_close(&im);
	free(big);
	free(small);
}

static void
test_idle_new_mail(void **state)
{
	struct imap	*im = NULL;
	char		*msg, *url, *cause = NULL;
	size_t		 mlen, n;
	uint32_t	 uv, un, *uids = NULL;
	pid_t		 pid;
	int		 status;
	double		 t0, dt;

	(void)state;
	msg = make_message("idle", &mlen);
	/* Over imaps://, the way it runs in production. */
	url = xprintf("imaps://localhost:%d/INBOX", imaps_port);
	if (imap_connect(server(url, CONFIG_TLS_REQUIRED, ca_file), password,
	    &im, &cause) != 0)
		fail_msg("connect: %s", cause);
	free(url);
	assert_int_equal(imap_select(im, &uv, &un, &cause), 0);
	assert_int_equal(imap_uids_after(im, un - 1, &uids, &n, &cause), 0);
	assert_int_equal(n, 0);

	stop_flag = 0;
	if ((pid = fork()) == 0) {
		usleep(300 * 1000);	/* usually after IDLE began */
		_exit(lmtp_deliver("sprints@example.org", msg, mlen) == 0 ?
		    0 : 1);
	}
	assert_true(pid > 0);
	t0 = now_s();
	if (imap_idle(im, 20, NULL, &stop_flag, &cause) != 0)
		fail_msg("idle: %s", cause);
	dt = now_s() - t0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(dt < 10.0);

	assert_int_equal(imap_uids_after(im, un - 1, &uids, &n, &cause), 0);
	assert_int_equal(n, 1);
	free(uids);
	imap_close(&im);
	free(msg);
}

static void
test_idle_timeout_and_stop(void **state)
{
	struct imap		*im;
	struct sigaction	 sa;
	char			*cause = NULL;
	uint32_t		 uv, un, *uids = NULL;
	size_t			 n;
	double			 t0, dt;

	(void)state;
	im = connect_plain();
	assert_int_equal(imap_select(im, &uv, &un, &cause), 0);

	/* Nothing arrives: back after the time given. */
	stop_flag = 0;
	t0 = now_s();
	assert_int_equal(imap_idle(im, 1, NULL, &stop_flag, &cause), 0);
	dt = now_s() - t0;
	assert_true(dt >= 0.9 && dt < 5.0);

	/* A signal sets the flag: back within about a second of it. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);
	alarm(1);
	t0 = now_s();
	assert_int_equal(imap_idle(im, 60, NULL, &stop_flag, &cause), 0);
	dt = now_s() - t0;
	assert_int_equal(stop_flag, 1);
	assert_true(dt >= 0.5 && dt < 4.0);

	/* Already stopped: no wait at all. */
	t0 = now_s();
	assert_int_equal(imap_idle(im, 60, NULL, &stop_flag, &cause), 0);
	assert_true(now_s() - t0 < 2.0);

	/* The session is still in order after IDLE. */
	assert_int_equal(imap_uids_after(im, un - 1, &uids, &n, &cause), 0);
	assert_int_equal(n, 0);
	imap_close(&im);
}

static int
env_int(const char *name)
{
	const char	*s = getenv(name);

	return s != NULL ? (int)strtol(s, NULL, 10) : 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connect_plain),
		cmocka_unit_test(test_connect_imaps_with_ca),
		cmocka_unit_test(test_imaps_without_ca_fails),
		cmocka_unit_test(test_imaps_wrong_host_fails),
		cmocka_unit_test(test_starttls),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_logindisabled_authenticate),
		cmocka_unit_test(test_search_fetch_exact),
		cmocka_unit_test(test_fetch_does_not_set_seen),
		cmocka_unit_test(test_fetch_sizes),
		cmocka_unit_test(test_size_bounds),
		cmocka_unit_test(test_fetch_bodies),
		cmocka_unit_test(test_fetch_bodies_too_large),
		cmocka_unit_test(test_idle_new_mail),
		cmocka_unit_test(test_idle_timeout_and_stop),
	};

	imap_port = env_int("IMAP_PORT");
	imaps_port = env_int("IMAPS_PORT");
	lmtp_port = env_int("LMTP_PORT");
	ca_file = getenv("HARNESS_CA");
	user = getenv("HARNESS_USER");
	password = getenv("HARNESS_PASSWORD");
	other_host = getenv("HARNESS_OTHER_HOST");
	nologin_host = getenv("HARNESS_NOLOGIN_HOST");
	if (imap_port == 0 || imaps_port == 0 || lmtp_port == 0 ||
	    ca_file == NULL || user == NULL || password == NULL ||
	    other_host == NULL || nologin_host == NULL) {
		fprintf(stderr, "itest_imap: the harness is not running "
		    "(see tests/harness/servers.sh): skipped\n");
		return 77;
	}
	signal(SIGPIPE, SIG_IGN);
	log_init("itest_imap", getenv("ITEST_DEBUG") ? LOG_LEVEL_DEBUG :
	    LOG_LEVEL_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
