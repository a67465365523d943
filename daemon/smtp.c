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

/* smtp.c -- sending mail with libcurl, one connection for a batch. */
#include "config-auto.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "smtp.h"
#include "util.h"

#define SMTP_REPLY_MAX		256	/* the server's text kept for *cause */
#define SMTP_CONNECT_TIMEOUT	30L
#define SMTP_REPLY_TIMEOUT	60L	/* for each reply of the server */
#define SMTP_LOW_SPEED_TIME	60L	/* abort below 1 byte/s for this */
#define SMTP_ADDR_MAX		254

struct smtp {
	CURL		*curl;
	CURLM		*multi;		/* holds the connection between mails */
	char		*url;		/* for messages */
	char		 errbuf[CURL_ERROR_SIZE];
	char		 reply[SMTP_REPLY_MAX];	/* last 4xx/5xx line, cleaned */
	int		 login_denied;		/* the last send's AUTH failed */
	/* The mail between smtp_begin and smtp_end. */
	int		 active;
	int		 held;		/* its text waits for smtp_end */
	int		 refuse;	/* smtp_abandon: no text at all */
	struct curl_slist *rcpts;
	char		*from;
	char		*rcpt;
	const char	*data;
	size_t		 len;
	size_t		 off;
};

static size_t
smtp_read(char *out, size_t size, size_t nmemb, void *arg)
{
	struct smtp	*s = arg;
	size_t		 n = size * nmemb;

	if (s->refuse)
		return CURL_READFUNC_ABORT;
	if (s->held)
		return CURL_READFUNC_PAUSE;
	if (n > s->len - s->off)
		n = s->len - s->off;
	memcpy(out, s->data + s->off, n);
	s->off += n;
	return n;
}

/*
 * Keeps the last refusal the server sent, for *cause. Only replies (HEADER_IN)
 * are looked at, never what curl sends, so AUTH lines are never seen; and
 * nothing here is logged.
 */
static int
smtp_debug(CURL *curl, curl_infotype type, char *p, size_t n, void *arg)
{
	struct smtp	*s = arg;

	(void)curl;
	/* Only refusals: a QUIT after one must not overwrite it. */
	if (type != CURLINFO_HEADER_IN || n == 0 || (p[0] != '4' &&
	    p[0] != '5'))
		return 0;
	if (n > sizeof s->reply - 1)
		n = sizeof s->reply - 1;
	memcpy(s->reply, p, n);
	s->reply[n] = '\0';
	util_strip_controls(s->reply);
	util_trim(s->reply);
	return 0;
}

struct smtp *
smtp_open(const struct config_server *cs, const char *password, char **cause)
{
	struct smtp	*s = NULL;
	CURL		*c;
	int		 implicit;

	if (cs->url == NULL) {
		*cause = xstrdup("no SMTP URL");
		return NULL;
	}
	implicit = util_strncaseeq(cs->url, "smtps://", 8);
	if (!implicit && !util_strncaseeq(cs->url, "smtp://", 7)) {
		*cause = xstrdup("the SMTP URL must start with smtp:// or "
		    "smtps://");
		return NULL;
	}
	if (implicit && cs->tls == CONFIG_TLS_NONE) {
		*cause = xstrdup("smtps:// always uses TLS: use smtp:// with "
		    "tls: none");
		return NULL;
	}
	if ((c = curl_easy_init()) == NULL) {
		*cause = xstrdup("cannot start libcurl");
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->curl = c;
	s->url = xstrdup(cs->url);
	if ((s->multi = curl_multi_init()) == NULL) {
		*cause = xstrdup("cannot start libcurl");
		goto fail;
	}
	if (curl_easy_setopt(c, CURLOPT_URL, cs->url) != CURLE_OK) {
		*cause = xprintf("the SMTP URL is not valid");
		goto fail;
	}
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS,
	    (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
#endif
	curl_easy_setopt(c, CURLOPT_USE_SSL, cs->tls == CONFIG_TLS_NONE ?
	    (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (cs->ca_file != NULL &&
	    curl_easy_setopt(c, CURLOPT_CAINFO, cs->ca_file) != CURLE_OK) {
		*cause = xprintf("libcurl cannot use a CA file");
		goto fail;
	}
	if (cs->user != NULL && password != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cs->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, password);
	}
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, SMTP_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_SERVER_RESPONSE_TIMEOUT,
	    SMTP_REPLY_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, SMTP_LOW_SPEED_TIME);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, smtp_read);
	curl_easy_setopt(c, CURLOPT_READDATA, s);
	/* Verbose only so that the callback sees the replies; it prints
	 * nothing and ignores what is sent. */
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, smtp_debug);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, s);
	curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	return s;
fail:
	smtp_close(&s);
	return NULL;
}

/* An address curl may put on a MAIL FROM or RCPT TO line as it is. */
static int
smtp_addr_safe(const char *a)
{
	const char	*p;

	if (strlen(a) > SMTP_ADDR_MAX)
		return 0;
	for (p = a; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '<' ||
		    *p == '>')
			return 0;
	}
	return 1;
}

/*
 * The cause: the server's own refusal when it sent one (curl's words for
 * it, such as "Weird server reply", say nothing to a person), else curl's
 * message.
 */
static char *
smtp_cause(struct smtp *s, CURLcode rc, long code)
{
	const char	*what = s->errbuf[0] != '\0' ? s->errbuf :
	    curl_easy_strerror(rc);

	if (s->reply[0] != '\0')
		return xprintf("SMTP server said: %s", s->reply);
	if (code != 0)
		return xprintf("SMTP %ld: %s", code, what);
	return xprintf("SMTP: %s", what);
}

/* 1 when a failure is the server not offering STARTTLS while TLS is
 * required (curl asked for CURLUSESSL_ALL and saw no STARTTLS in EHLO);
 * a STARTTLS the server refused with 4xx stays temporary. */
static int
smtp_is_notls(CURLcode rc, long resp)
{
	return rc == CURLE_USE_SSL_FAILED && (resp < 400 || resp > 599);
}

static char *
smtp_notls_cause(struct smtp *s)
{
	return xprintf("SMTP %s: the server does not offer STARTTLS (and "
	    "tls: none is not set)", s->url);
}

int
smtp_check(struct smtp *s, char **cause)
{
	CURLcode	 rc;
	long		 resp = 0;

	s->errbuf[0] = '\0';
	s->reply[0] = '\0';
	curl_easy_setopt(s->curl, CURLOPT_UPLOAD, 0L);
	curl_easy_setopt(s->curl, CURLOPT_CONNECT_ONLY, 1L);
	rc = curl_easy_perform(s->curl);
	if (rc == CURLE_OK)
		return 0;
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &resp);
	if (smtp_is_notls(rc, resp)) {
		*cause = smtp_notls_cause(s);
		return SMTP_NOTLS;
	}
	*cause = smtp_cause(s, rc, resp);
	return -1;
}

/* Forgets the mail of smtp_begin; the handle is out of the multi. */
static void
smtp_clear(struct smtp *s)
{
	/* Nothing of a mail may outlive it inside the handle. */
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, NULL);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_FROM, NULL);
	curl_slist_free_all(s->rcpts);
	s->rcpts = NULL;
	xfree(&s->from);
	xfree(&s->rcpt);
	s->data = NULL;
	s->len = s->off = 0;
	s->active = s->held = s->refuse = 0;
}

int
smtp_begin(struct smtp *s, const char *from, const char *rcpt,
    const void *data, size_t len, char **cause)
{
	char	*r;
	int	 running;

	if (!smtp_addr_safe(from) || !smtp_addr_safe(rcpt)) {
		*cause = xstrdup("not a plain mail address");
		return -1;
	}
	/* Without text there would be nothing to hold back. */
	if (len == 0) {
		*cause = xstrdup("an empty message is not sent");
		return -1;
	}
	s->from = xprintf("<%s>", from);
	s->rcpt = xstrdup(rcpt);
	r = xprintf("<%s>", rcpt);
	s->rcpts = curl_slist_append(NULL, r);
	free(r);
	if (s->rcpts == NULL) {
		smtp_clear(s);
		*cause = xstrdup("out of memory in libcurl");
		return -1;
	}
	s->data = data;
	s->len = len;
	s->off = 0;
	s->errbuf[0] = '\0';
	s->reply[0] = '\0';
	curl_easy_setopt(s->curl, CURLOPT_MAIL_FROM, s->from);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, s->rcpts);
	curl_easy_setopt(s->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	s->held = 1;
	if (curl_multi_add_handle(s->multi, s->curl) != CURLM_OK) {
		smtp_clear(s);
		*cause = xstrdup("libcurl could not start the transfer");
		return -1;
	}
	s->active = 1;
	/* As far as the replies already there take it: the text waits. */
	curl_multi_perform(s->multi, &running);
	return 0;
}

/*
 * Lets the begun transfer run to its end, its text released (or refused,
 * after smtp_abandon), and takes it out of the multi handle. Returns
 * curl's result for it.
 */
static CURLcode
smtp_finish(struct smtp *s)
{
	CURLMsg		*msg;
	CURLMcode	 mc = CURLM_OK;
	CURLcode	 rc = CURLE_OK;
	int		 running = 1, left, done = 0;

	s->held = 0;
	curl_easy_pause(s->curl, CURLPAUSE_CONT);
	for (;;) {
		if ((mc = curl_multi_perform(s->multi, &running)) !=
		    CURLM_OK || running == 0)
			break;
		/* curl's own timeouts (connect, each reply, low speed)
		 * end the transfer; the wait only sleeps until then. */
		if ((mc = curl_multi_poll(s->multi, NULL, 0, 1000, NULL)) !=
		    CURLM_OK)
			break;
	}
	while ((msg = curl_multi_info_read(s->multi, &left)) != NULL) {
		if (msg->msg == CURLMSG_DONE && msg->easy_handle == s->curl) {
			rc = msg->data.result;
			done = 1;
		}
	}
	if (!done && rc == CURLE_OK) {
		rc = CURLE_SEND_ERROR;
		if (s->errbuf[0] == '\0')
			snprintf(s->errbuf, sizeof s->errbuf, "libcurl: %s",
			    curl_multi_strerror(mc));
	}
	curl_multi_remove_handle(s->multi, s->curl);
	return rc;
}

void
smtp_abandon(struct smtp *s)
{
	if (s == NULL || !s->active)
		return;
	/*
	 * A transfer taken out of the multi handle in the middle is ended by
	 * curl as if it had gone well: it would send the closing dot and
	 * make a mail of whatever went before. Instead the text is refused
	 * (CURL_READFUNC_ABORT) and the transfer driven to that failure,
	 * which closes the connection: the server never gets an end of the
	 * text. It takes the replies still due, up to DATA's.
	 */
	s->refuse = 1;
	(void)smtp_finish(s);
	smtp_clear(s);
}

int
smtp_end(struct smtp *s, int *code, char **cause)
{
	CURLcode	 rc;
	long		 resp = 0;
	int		 ret = -1;

	*code = 0;
	rc = smtp_finish(s);
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &resp);
	s->login_denied = rc == CURLE_LOGIN_DENIED;
	if (rc == CURLE_OK) {
		*code = resp >= 200 && resp <= 599 ? (int)resp : 250;
		ret = 0;
		goto out;
	}
	/*
	 * curl reports 4xx and 5xx replies alike: the code tells them apart.
	 * A failed login or TLS handshake is about the session, not this
	 * mail: like a lost connection, it defers the batch.
	 */
	if (smtp_is_notls(rc, resp)) {
		*cause = smtp_notls_cause(s);
		ret = SMTP_NOTLS;
		goto out;
	}
	if (resp >= 400 && resp <= 499 && rc != CURLE_LOGIN_DENIED) {
		*code = (int)resp;
		ret = 1;
	} else if (resp >= 500 && resp <= 599 && rc != CURLE_LOGIN_DENIED) {
		*code = (int)resp;
		ret = -1;
	} else
		ret = 1;
	*cause = smtp_cause(s, rc, resp);
	log_debug("smtp: mail to %s: %s", s->rcpt, *cause);
out:
	smtp_clear(s);
	return ret;
}

int
smtp_send(struct smtp *s, const char *from, const char *rcpt,
    const void *data, size_t len, int *code, char **cause)
{
	*code = 0;
	if (smtp_begin(s, from, rcpt, data, len, cause) == -1)
		return -1;
	return smtp_end(s, code, cause);
}

int
smtp_login_denied(const struct smtp *s)
{
	return s != NULL && s->login_denied;
}

void
smtp_close(struct smtp **sp)
{
	struct smtp	*s;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	smtp_abandon(s);
	/* The connection lives in the multi handle: its cleanup sends QUIT
	 * on one still open. */
	if (s->multi != NULL)
		curl_multi_cleanup(s->multi);
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);
	free(s->url);
	free(s);
	*sp = NULL;
}
