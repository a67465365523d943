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

/* imap.c -- reading the list's mailbox with libetpan. */
#include "config-auto.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libetpan/libetpan.h>

#include "clock.h"
#include "config.h"
#include "imap.h"
#include "log.h"
#include "mime.h"
#include "util.h"

#define IMAP_TIMEOUT		60	/* s for connect and each reply */
/*
 * TCP keepalive on the connection, so that one a NAT or firewall forgot
 * (no FIN, no RST) fails while it is held in IDLE: the first probe after
 * IMAP_KEEPIDLE s of silence, then every IMAP_KEEPINTVL s, given up
 * after IMAP_KEEPCNT unanswered (60 + 4 x 15 = 2 minutes); data sent and
 * not acknowledged for as long fails it too (TCP_USER_TIMEOUT).
 */
#define IMAP_KEEPIDLE		60
#define IMAP_KEEPINTVL		15
#define IMAP_KEEPCNT		4
#define IMAP_MAILBOX_MAX	512	/* bytes of a decoded mailbox name */
#define IMAP_HOST_MAX		255
#define IMAP_RESPONSE_MAX	200	/* server text kept in a cause */
#define IMAP_CHAIN_MAX		16	/* certificates in a chain */

struct imap {
	mailimap	*m;
	char		*host;
	uint16_t	 port;
	char		*mailbox;
	int		 broken;	/* the stream failed: no LOGOUT */
};

struct imap_url {
	int		 implicit_tls;	/* imaps:// */
	char		*host;
	uint16_t	 port;
	char		*mailbox;
};

static void
imap_url_free(struct imap_url *u)
{
	free(u->host);
	free(u->mailbox);
	memset(u, 0, sizeof *u);
}

/*
 * Parses imap[s]://host[:port][/mailbox]. The mailbox is percent-decoded
 * and may hold no control characters; it defaults to INBOX.
 */
static int
imap_url_parse(const char *url, struct imap_url *u, char **cause)
{
	const char	*p, *h, *he, *end;
	char		*mb = NULL;
	size_t		 i, n;
	unsigned long	 port;
	int		 hi, lo;

	memset(u, 0, sizeof *u);
	if (util_strncaseeq(url, "imaps://", 8)) {
		u->implicit_tls = 1;
		p = url + 8;
		u->port = 993;
	} else if (util_strncaseeq(url, "imap://", 7)) {
		p = url + 7;
		u->port = 143;
	} else {
		*cause = xstrdup("IMAP URL must start with imaps:// or "
		    "imap://");
		goto fail;
	}

	/* Host: a name, an IPv4 address or a bracketed IPv6 address. */
	if (*p == '[') {
		h = p + 1;
		if ((he = strchr(h, ']')) == NULL) {
			*cause = xstrdup("IMAP URL: unclosed '[' in host");
			goto fail;
		}
		p = he + 1;
	} else {
		h = p;
		he = p + strcspn(p, ":/?#");
		p = he;
	}
	n = (size_t)(he - h);
	if (n == 0 || n > IMAP_HOST_MAX) {
		*cause = xstrdup("IMAP URL: missing or overlong host");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)h[i];

		if (c <= ' ' || c >= 0x7f || c == '@' || c == '%') {
			*cause = xstrdup("IMAP URL: bad character in host "
			    "(user names do not go in the URL)");
			goto fail;
		}
	}
	u->host = xstrndup(h, n);

	if (*p == ':') {
		char *ep;

		p++;
		if (*p < '0' || *p > '9') {
			*cause = xstrdup("IMAP URL: bad port");
			goto fail;
		}
		errno = 0;
		port = strtoul(p, &ep, 10);
		if (errno != 0 || port == 0 || port > 65535 ||
		    (*ep != '\0' && *ep != '/')) {
			*cause = xstrdup("IMAP URL: bad port");
			goto fail;
		}
		u->port = (uint16_t)port;
		p = ep;
	}
	if (*p != '\0' && *p != '/') {
		*cause = xstrdup("IMAP URL: unexpected text after host");
		goto fail;
	}
	if (*p == '/')
		p++;
	end = p + strcspn(p, "?#;");
	if (*end != '\0') {
		*cause = xstrdup("IMAP URL: queries and parameters are not "
		    "supported");
		goto fail;
	}
	mb = xmalloc((size_t)(end - p) + 1);
	for (n = 0; p < end; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '%') {
			if ((hi = util_hexval(p[1])) < 0 ||
			    (lo = util_hexval(p[2])) < 0) {
				*cause = xstrdup("IMAP URL: bad %-escape in "
				    "mailbox");
				goto fail;
			}
			c = (unsigned char)(hi * 16 + lo);
			p += 2;
		}
		if (c < ' ' || c == 0x7f) {
			*cause = xstrdup("IMAP URL: control character in "
			    "mailbox");
			goto fail;
		}
		mb[n++] = (char)c;
	}
	mb[n] = '\0';
	if (n > IMAP_MAILBOX_MAX) {
		*cause = xstrdup("IMAP URL: mailbox name too long");
		goto fail;
	}
	if (n == 0) {
		free(mb);
		mb = xstrdup("INBOX");
	}
	u->mailbox = mb;
	return 0;

fail:
	free(mb);
	imap_url_free(u);
	return -1;
}

static int
imap_host_is_ip(const char *host)
{
	unsigned char	 a[16];

	return inet_pton(AF_INET, host, a) == 1 ||
	    inet_pton(AF_INET6, host, a) == 1;
}

static int
imap_host_is_loopback(const char *host)
{
	return strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0 ||
	    util_strcaseeq(host, "localhost");
}

static const char *
imap_strerror(int r)
{
	switch (r) {
	case MAILIMAP_ERROR_STREAM:
		return "connection lost or timed out";
	case MAILIMAP_ERROR_PARSE:
		return "unparsable server response";
	case MAILIMAP_ERROR_CONNECTION_REFUSED:
		return "connection refused or host unreachable";
	case MAILIMAP_ERROR_MEMORY:
		return "out of memory";
	case MAILIMAP_ERROR_FATAL:
		return "server closed the connection";
	case MAILIMAP_ERROR_PROTOCOL:
		return "protocol error";
	case MAILIMAP_ERROR_DONT_ACCEPT_CONNECTION:
		return "server refused the connection";
	case MAILIMAP_ERROR_LOGIN:
		return "login refused";
	case MAILIMAP_ERROR_SASL:
		return "authentication refused";
	case MAILIMAP_ERROR_EXAMINE:
		return "EXAMINE refused";
	case MAILIMAP_ERROR_UID_SEARCH:
		return "UID SEARCH refused";
	case MAILIMAP_ERROR_UID_FETCH:
		return "UID FETCH refused";
	case MAILIMAP_ERROR_STARTTLS:
		return "STARTTLS refused";
	case MAILIMAP_ERROR_SSL:
		return "TLS handshake failed";
	case MAILIMAP_ERROR_CAPABILITY:
		return "CAPABILITY refused";
	case MAILIMAP_ERROR_EXTENSION:
		return "extension error";
	case MAILIMAP_ERROR_BAD_STATE:
		return "command not allowed in this state";
	default:
		return "IMAP error";
	}
}

/* Marks the session broken on stream errors, so close skips LOGOUT. */
static void
imap_note(struct imap *im, int r)
{
	if (r == MAILIMAP_ERROR_STREAM || r == MAILIMAP_ERROR_FATAL ||
	    r == MAILIMAP_ERROR_PARSE || r == MAILIMAP_ERROR_SSL)
		im->broken = 1;
}

/* A cause naming the host, what failed and the server's (capped) words. */
static char *
imap_error(struct imap *im, const char *what, int r)
{
	char	 text[IMAP_RESPONSE_MAX + 1] = "";
	int	 proto;

	imap_note(im, r);
	proto = r != MAILIMAP_ERROR_STREAM && r != MAILIMAP_ERROR_FATAL &&
	    r != MAILIMAP_ERROR_CONNECTION_REFUSED && r != MAILIMAP_ERROR_SSL;
	if (proto && im->m != NULL && im->m->imap_response != NULL) {
		snprintf(text, sizeof text, "%s", im->m->imap_response);
		util_strip_controls(text);
	}
	if (*text != '\0')
		return xprintf("IMAP %s:%u: %s: %s (server said: %s)",
		    im->host, im->port, what, imap_strerror(r), text);
	return xprintf("IMAP %s:%u: %s: %s", im->host, im->port, what,
	    imap_strerror(r));
}

/*
 * libetpan's reader of a literal (a message body in a FETCH response)
 * retries a read that returns 0, end of file, for ever: a server that
 * goes away in the middle of a response would leave the daemon spinning
 * at full CPU. The stream's lowest layer is wrapped so that an end of
 * file reads as an error, which fails the command like any broken
 * connection.
 */
static ssize_t
imap_eof_read(mailstream_low *s, void *buf, size_t count)
{
	mailstream_low	*in = s->data;
	ssize_t		 r;

	r = in->driver->mailstream_read(in, buf, count);
	return r == 0 && count > 0 ? -1 : r;
}

static ssize_t
imap_eof_write(mailstream_low *s, const void *buf, size_t count)
{
	mailstream_low	*in = s->data;

	return in->driver->mailstream_write(in, buf, count);
}

static int
imap_eof_close(mailstream_low *s)
{
	return mailstream_low_close(s->data);
}

static int
imap_eof_get_fd(mailstream_low *s)
{
	return mailstream_low_get_fd(s->data);
}

static void
imap_eof_free(mailstream_low *s)
{
	mailstream_low_free(s->data);
	free(s);
}

static void
imap_eof_cancel(mailstream_low *s)
{
	mailstream_low_cancel(s->data);
}

static struct mailstream_cancel *
imap_eof_get_cancel(mailstream_low *s)
{
	return mailstream_low_get_cancel(s->data);
}

static carray *
imap_eof_chain(mailstream_low *s)
{
	return mailstream_low_get_certificate_chain(s->data);
}

static int
imap_eof_setup_idle(mailstream_low *s)
{
	return mailstream_low_setup_idle(s->data);
}

static int
imap_eof_unsetup_idle(mailstream_low *s)
{
	return mailstream_low_unsetup_idle(s->data);
}

static int
imap_eof_interrupt_idle(mailstream_low *s)
{
	return mailstream_low_interrupt_idle(s->data);
}

static mailstream_low_driver imap_eof_driver = {
	imap_eof_read, imap_eof_write, imap_eof_close, imap_eof_get_fd,
	imap_eof_free, imap_eof_cancel, imap_eof_get_cancel, imap_eof_chain,
	imap_eof_setup_idle, imap_eof_unsetup_idle, imap_eof_interrupt_idle
};

/* Puts the end-of-file guard under the session's stream. */
static void
imap_guard_eof(struct imap *im)
{
	mailstream_low	*in, *low;

	in = mailstream_get_low(im->m->imap_stream);
	if ((low = mailstream_low_new(in, &imap_eof_driver)) == NULL)
		fatalx("mailstream_low_new: out of memory");
	mailstream_low_set_timeout(low, mailstream_low_get_timeout(in));
	mailstream_set_low(im->m->imap_stream, low);
}

/*
 * Verifies the server's certificate chain and host name with GnuTLS,
 * against ca_file when set and the system's trust store otherwise.
 */
static int
imap_verify(struct imap *im, const char *ca_file, char **cause)
{
	carray				*chain = NULL;
	gnutls_x509_trust_list_t	 tl = NULL;
	gnutls_x509_crt_t		 crts[IMAP_CHAIN_MAX];
	unsigned int			 ncrt = 0, i, status = 0;
	gnutls_datum_t			 d, out = { NULL, 0 };
	gnutls_typed_vdata_st		 vdata[2];
	int				 r, rv = -1;

	chain = mailstream_get_certificate_chain(im->m->imap_stream);
	if (chain == NULL || carray_count(chain) == 0) {
		*cause = xprintf("IMAP %s:%u: TLS: the server sent no "
		    "certificate", im->host, im->port);
		goto fail;
	}
	for (i = 0; i < carray_count(chain) && i < IMAP_CHAIN_MAX; i++) {
		MMAPString *s = carray_get(chain, i);

		if (gnutls_x509_crt_init(&crts[ncrt]) < 0) {
			*cause = xstrdup("gnutls_x509_crt_init failed");
			goto fail;
		}
		d.data = (unsigned char *)s->str;
		d.size = (unsigned int)s->len;
		if ((r = gnutls_x509_crt_import(crts[ncrt], &d,
		    GNUTLS_X509_FMT_DER)) < 0) {
			gnutls_x509_crt_deinit(crts[ncrt]);
			*cause = xprintf("IMAP %s:%u: TLS: bad server "
			    "certificate: %s", im->host, im->port,
			    gnutls_strerror(r));
			goto fail;
		}
		ncrt++;
	}

	if ((r = gnutls_x509_trust_list_init(&tl, 0)) < 0) {
		*cause = xprintf("gnutls_x509_trust_list_init: %s",
		    gnutls_strerror(r));
		goto fail;
	}
	if (ca_file != NULL) {
		r = gnutls_x509_trust_list_add_trust_file(tl, ca_file, NULL,
		    GNUTLS_X509_FMT_PEM, 0, 0);
		if (r <= 0) {
			*cause = xprintf("IMAP %s:%u: TLS: no CA certificate "
			    "could be read from %s%s%s", im->host, im->port,
			    ca_file, r < 0 ? ": " : "",
			    r < 0 ? gnutls_strerror(r) : "");
			goto fail;
		}
	} else {
		r = gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
		if (r <= 0) {
			*cause = xprintf("IMAP %s:%u: TLS: the system's trust "
			    "store is empty or unreadable", im->host,
			    im->port);
			goto fail;
		}
	}

	memset(vdata, 0, sizeof vdata);
	vdata[0].type = GNUTLS_DT_DNS_HOSTNAME;
	vdata[0].data = (unsigned char *)im->host;
	vdata[1].type = GNUTLS_DT_KEY_PURPOSE_OID;
	vdata[1].data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER;
	if ((r = gnutls_x509_trust_list_verify_crt2(tl, crts, ncrt, vdata, 2,
	    0, &status, NULL)) < 0) {
		*cause = xprintf("IMAP %s:%u: TLS: certificate verification "
		    "failed: %s", im->host, im->port, gnutls_strerror(r));
		goto fail;
	}
	if (status != 0) {
		if (gnutls_certificate_verification_status_print(status,
		    GNUTLS_CRT_X509, &out, 0) < 0)
			out.data = NULL;
		else
			util_trim((char *)out.data);
		*cause = xprintf("IMAP %s:%u: TLS: certificate verification "
		    "failed for host %s: %s", im->host, im->port, im->host,
		    out.data != NULL ? (char *)out.data : "not trusted");
		goto fail;
	}
	log_debug("imap %s:%u: certificate verified", im->host, im->port);
	rv = 0;

fail:
	gnutls_free(out.data);
	for (i = 0; i < ncrt; i++)
		gnutls_x509_crt_deinit(crts[i]);
	if (tl != NULL)
		gnutls_x509_trust_list_deinit(tl, 1);
	if (chain != NULL)
		mailstream_certificate_chain_free(chain);
	return rv;
}

/* Sets SNI on the TLS handshake (for names, never for IP literals). */
static void
imap_tls_callback(struct mailstream_ssl_context *ctx, void *data)
{
	const char	*host = data;

	if (!imap_host_is_ip(host))
		mailstream_ssl_set_server_name(ctx, (char *)host);
}

/* Refreshes the capability list (after STARTTLS or login). */
static int
imap_capability(struct imap *im, char **cause)
{
	struct mailimap_capability_data	*cap = NULL;
	int				 r;

	if ((r = mailimap_capability(im->m, &cap)) != MAILIMAP_NO_ERROR) {
		*cause = imap_error(im, "CAPABILITY", r);
		return -1;
	}
	mailimap_capability_data_free(cap);
	return 0;
}

/* Set by imap_login when the server refuses it; see imap_login_refused. */
static int imap_refused;

int
imap_login_refused(void)
{
	return imap_refused;
}

static int
imap_login(struct imap *im, const char *user, const char *password,
    char **cause)
{
	int	 r;

	if (mailimap_has_extension(im->m, "LOGINDISABLED")) {
		if (!mailimap_has_authentication(im->m, "PLAIN")) {
			*cause = xprintf("IMAP %s:%u: LOGIN is disabled and "
			    "AUTHENTICATE PLAIN is not offered", im->host,
			    im->port);
			return -1;
		}
		log_debug("imap %s:%u: AUTHENTICATE PLAIN as %s", im->host,
		    im->port, user);
		r = mailimap_authenticate(im->m, "PLAIN", im->host, NULL,
		    NULL, user, user, password, NULL);
		if (r != MAILIMAP_NO_ERROR) {
			imap_refused = r == MAILIMAP_ERROR_LOGIN;
			*cause = imap_error(im, "AUTHENTICATE PLAIN", r);
			return -1;
		}
		return 0;
	}
	log_debug("imap %s:%u: LOGIN as %s", im->host, im->port, user);
	if ((r = mailimap_login(im->m, user, password)) != MAILIMAP_NO_ERROR) {
		imap_refused = r == MAILIMAP_ERROR_LOGIN;
		*cause = imap_error(im, "LOGIN", r);
		return -1;
	}
	return 0;
}

/* IMAP_TIMEOUT, or SPRINTD_IMAP_TIMEOUT seconds (tests only). */
static int
imap_timeout(void)
{
	const char	*e = getenv("SPRINTD_IMAP_TIMEOUT");
	char		*end;
	long		 v;

	if (e == NULL || *e == '\0')
		return IMAP_TIMEOUT;
	v = strtol(e, &end, 10);
	return *end == '\0' && v >= 1 && v <= IMAP_TIMEOUT ? (int)v :
	    IMAP_TIMEOUT;
}

/* Keepalive and a bound on unacknowledged data (see IMAP_KEEPIDLE). */
static void
imap_keepalive(int fd)
{
	int		 on = 1, idle = IMAP_KEEPIDLE, intvl = IMAP_KEEPINTVL;
	int		 cnt = IMAP_KEEPCNT;
	unsigned int	 user = (IMAP_KEEPIDLE + IMAP_KEEPINTVL *
	    IMAP_KEEPCNT) * 1000;

	if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on) == -1 ||
	    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle,
	    sizeof idle) == -1 ||
	    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl,
	    sizeof intvl) == -1 ||
	    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt) == -1 ||
	    setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user,
	    sizeof user) == -1)
		log_warn("imap: TCP keepalive: %s", strerror(errno));
}

/* Connects one address within timeout s: the socket, or -1 (errno). */
static int
imap_connect_addr(const struct addrinfo *ai, int timeout)
{
	struct pollfd	 pfd;
	socklen_t	 len = sizeof pfd.revents;
	int		 fd, flags, err = 0, r;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
	    ai->ai_protocol);
	if (fd == -1)
		return -1;
	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1)
		goto fail;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1) {
		if (errno != EINPROGRESS)
			goto fail;
		pfd.fd = fd;
		pfd.events = POLLOUT;
		do
			r = poll(&pfd, 1, timeout * 1000);
		while (r == -1 && errno == EINTR);
		if (r == 0)
			errno = ETIMEDOUT;
		if (r <= 0)
			goto fail;
		len = sizeof err;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
			goto fail;
		if (err != 0) {
			errno = err;
			goto fail;
		}
	}
	if (fcntl(fd, F_SETFL, flags) == -1)
		goto fail;
	imap_keepalive(fd);
	return fd;
fail:
	err = errno;
	close(fd);
	errno = err;
	return -1;
}

/*
 * Opens the session's stream: TCP (every address of host in turn, each
 * within the timeout), keepalive set, TLS at once for imaps://, then
 * libetpan reads the greeting, which must come within the timeout once
 * (a server that accepts and never greets is given up then). A
 * MAILIMAP_ code; a socket error is
 * MAILIMAP_ERROR_CONNECTION_REFUSED.
 */
static int
imap_open_stream(struct imap *im, int implicit_tls, int timeout)
{
	struct addrinfo	 hints, *res = NULL, *ai;
	mailstream	*stream;
	char		 port[8];
	int		 fd = -1, r;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof port, "%u", im->port);
	if (getaddrinfo(im->host, port, &hints, &res) != 0)
		return MAILIMAP_ERROR_CONNECTION_REFUSED;
	for (ai = res; ai != NULL && fd == -1; ai = ai->ai_next)
		fd = imap_connect_addr(ai, timeout);
	freeaddrinfo(res);
	if (fd == -1)
		return MAILIMAP_ERROR_CONNECTION_REFUSED;
	if (implicit_tls)
		stream = mailstream_ssl_open_with_callback_timeout(fd,
		    timeout, imap_tls_callback, im->host);
	else
		stream = mailstream_socket_open_timeout(fd, timeout);
	if (stream == NULL) {
		close(fd);
		return implicit_tls ? MAILIMAP_ERROR_SSL :
		    MAILIMAP_ERROR_MEMORY;
	}
	r = mailimap_connect(im->m, stream);
	return r;
}

int
imap_connect(const struct config_server *cs, const char *password,
    struct imap **out, char **cause)
{
	struct imap	*im = NULL;
	struct imap_url	 u;
	int		 r, use_tls, timeout, rv = -1;

	*out = NULL;
	imap_refused = 0;
	if (cs->url == NULL) {
		*cause = xstrdup("IMAP: no URL configured");
		return -1;
	}
	if (imap_url_parse(cs->url, &u, cause) != 0)
		return -1;

	im = xcalloc(1, sizeof *im);
	im->host = u.host;
	im->port = u.port;
	im->mailbox = u.mailbox;
	u.host = u.mailbox = NULL;

	/* imaps:// is always verified; tls: none only means no STARTTLS. */
	use_tls = u.implicit_tls || cs->tls != CONFIG_TLS_NONE;
	if (!use_tls && !imap_host_is_loopback(im->host))
		log_warn("imap %s:%u: tls: none, the password and mail cross "
		    "the network in clear text", im->host, im->port);

	timeout = imap_timeout();
	mailstream_network_delay.tv_sec = timeout;
	mailstream_network_delay.tv_usec = 0;
	if ((im->m = mailimap_new(0, NULL)) == NULL)
		fatalx("mailimap_new: out of memory");
	mailimap_set_timeout(im->m, timeout);

	log_debug("imap: connecting to %s:%u (%s)", im->host, im->port,
	    u.implicit_tls ? "imaps" : use_tls ? "STARTTLS" : "no TLS");
	r = imap_open_stream(im, u.implicit_tls, timeout);
	if (r != MAILIMAP_NO_ERROR_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		*cause = imap_error(im, "connect", r);
		im->broken = 1;
		goto fail;
	}

	if (!u.implicit_tls && use_tls) {
		if (!mailimap_has_extension(im->m, "STARTTLS") &&
		    imap_capability(im, cause) != 0)
			goto fail;
		if (!mailimap_has_extension(im->m, "STARTTLS")) {
			*cause = xprintf("IMAP %s:%u: the server does not "
			    "offer STARTTLS (and tls: none is not set)",
			    im->host, im->port);
			rv = IMAP_NOTLS;
			goto fail;
		}
		r = mailimap_socket_starttls_with_callback(im->m,
		    imap_tls_callback, im->host);
		if (r != MAILIMAP_NO_ERROR) {
			*cause = imap_error(im, "STARTTLS", r);
			im->broken = 1;
			goto fail;
		}
	}
	if (use_tls && imap_verify(im, cs->ca_file, cause) != 0) {
		im->broken = 1;	/* no more words to an unverified peer */
		goto fail;
	}
	imap_guard_eof(im);
	/* Capabilities seen before STARTTLS must not be trusted. */
	if (imap_capability(im, cause) != 0)
		goto fail;

	if (password != NULL) {
		if (cs->user == NULL) {
			*cause = xprintf("IMAP %s:%u: a password but no user",
			    im->host, im->port);
			goto fail;
		}
		if (imap_login(im, cs->user, password, cause) != 0)
			goto fail;
		if (imap_capability(im, cause) != 0)
			goto fail;
	}
	log_info("imap %s:%u: connected%s", im->host, im->port,
	    use_tls ? " (TLS verified)" : "");
	*out = im;
	return 0;

fail:
	imap_close(&im);
	return rv;
}

const char *
imap_mailbox(const struct imap *im)
{
	return im->mailbox;
}

int
imap_select(struct imap *im, uint32_t *uidvalidity, uint32_t *uidnext,
    char **cause)
{
	struct mailimap_selection_info	*si;
	int				 r;

	*uidvalidity = *uidnext = 0;
	if ((r = mailimap_examine(im->m, im->mailbox)) != MAILIMAP_NO_ERROR) {
		char *what = xprintf("EXAMINE %s", im->mailbox);

		util_strip_controls(what);
		*cause = imap_error(im, what, r);
		free(what);
		return -1;
	}
	if ((si = im->m->imap_selection_info) != NULL) {
		*uidvalidity = si->sel_uidvalidity;
		*uidnext = si->sel_uidnext;
	}
	log_debug("imap %s:%u: %s uidvalidity %u uidnext %u", im->host,
	    im->port, im->mailbox, *uidvalidity, *uidnext);
	return 0;
}

static int
imap_cmp_uid(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int
imap_uids_after(struct imap *im, uint32_t uid, uint32_t **uids, size_t *n,
    char **cause)
{
	struct mailimap_search_key	*key;
	clist				*result = NULL;
	clistiter			*it;
	uint32_t			*v = NULL;
	size_t				 len = 0, i, j;
	int				 r;

	*uids = NULL;
	*n = 0;
	if (uid == UINT32_MAX)
		return 0;
	/* "n+1:*" is "*:n+1" when n+1 is past the last UID: filter below. */
	key = mailimap_search_key_new_uid(mailimap_set_new_interval(uid + 1,
	    0));
	r = mailimap_uid_search(im->m, NULL, key, &result);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR) {
		*cause = imap_error(im, "UID SEARCH", r);
		return -1;
	}
	if (clist_count(result) > 0)
		v = xreallocarray(NULL, (size_t)clist_count(result),
		    sizeof *v);
	for (it = clist_begin(result); it != NULL; it = clist_next(it)) {
		uint32_t *p = clist_content(it);

		if (p != NULL && *p > uid)
			v[len++] = *p;
	}
	mailimap_search_result_free(result);
	if (len > 1) {
		qsort(v, len, sizeof *v, imap_cmp_uid);
		for (i = 1, j = 1; i < len; i++)
			if (v[i] != v[j - 1])
				v[j++] = v[i];
		len = j;
	}
	if (len == 0) {
		free(v);
		v = NULL;
	}
	*uids = v;
	*n = len;
	return 0;
}

/* The UID of a fetched message, or 0 when the response carries none. */
static uint32_t
imap_att_uid(struct mailimap_msg_att *ma)
{
	clistiter			*it;
	struct mailimap_msg_att_item	*item;

	for (it = clist_begin(ma->att_list); it != NULL; it = clist_next(it)) {
		item = clist_content(it);
		if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
		    item->att_data.att_static != NULL &&
		    item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_UID)
			return item->att_data.att_static->att_data.att_uid;
	}
	return 0;
}

/* The static item of type t of the message uid in a FETCH result. */
static struct mailimap_msg_att_static *
imap_find_att(clist *result, uint32_t uid, int t)
{
	clistiter			*it, *jt;
	struct mailimap_msg_att		*ma;
	struct mailimap_msg_att_item	*item;

	for (it = clist_begin(result); it != NULL; it = clist_next(it)) {
		ma = clist_content(it);
		/* Skip unsolicited FETCH responses (flag changes of others). */
		if (imap_att_uid(ma) != uid)
			continue;
		for (jt = clist_begin(ma->att_list); jt != NULL;
		    jt = clist_next(jt)) {
			item = clist_content(jt);
			if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
			    item->att_data.att_static != NULL &&
			    item->att_data.att_static->att_type == t)
				return item->att_data.att_static;
		}
	}
	return NULL;
}

static int
imap_uid_fetch(struct imap *im, uint32_t uid, struct mailimap_fetch_att *att,
    clist **result, char **cause)
{
	struct mailimap_fetch_type	*ft;
	struct mailimap_set		*set;
	int				 r;
	char				*what;

	*result = NULL;
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft, att);
	set = mailimap_set_new_single(uid);
	r = mailimap_uid_fetch(im->m, set, ft, result);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		what = xprintf("UID FETCH %u", uid);
		*cause = imap_error(im, what, r);
		free(what);
		*result = NULL;
		return -1;
	}
	return 0;
}

int
imap_fetch(struct imap *im, uint32_t uid, size_t max, char **raw,
    size_t *len, char **cause)
{
	clist				*result = NULL;
	struct mailimap_msg_att_static	*st;
	struct mailimap_msg_att_body_section *bs;
	size_t				 size;
	int				 rv = -1;

	*raw = NULL;
	*len = 0;
	if (imap_uid_fetch(im, uid, mailimap_fetch_att_new_rfc822_size(),
	    &result, cause) != 0)
		goto fail;
	st = imap_find_att(result, uid, MAILIMAP_MSG_ATT_RFC822_SIZE);
	if (st == NULL) {
		*cause = xprintf("IMAP %s:%u: UID %u: no such message",
		    im->host, im->port, uid);
		goto fail;
	}
	size = st->att_data.att_rfc822_size;
	mailimap_fetch_list_free(result);
	result = NULL;
	if (size > max) {
		*len = size;
		return 1;
	}

	if (imap_uid_fetch(im, uid, mailimap_fetch_att_new_body_peek_section(
	    mailimap_section_new(NULL)), &result, cause) != 0)
		goto fail;
	st = imap_find_att(result, uid, MAILIMAP_MSG_ATT_BODY_SECTION);
	if (st == NULL || (bs = st->att_data.att_body_section) == NULL) {
		*cause = xprintf("IMAP %s:%u: UID %u: no such message",
		    im->host, im->port, uid);
		goto fail;
	}
	if (bs->sec_length > max) {
		*len = bs->sec_length;
		rv = 1;
		goto fail;
	}
	*raw = xmalloc(bs->sec_length + 1);
	if (bs->sec_length > 0)
		memcpy(*raw, bs->sec_body_part, bs->sec_length);
	(*raw)[bs->sec_length] = '\0';
	*len = bs->sec_length;
	rv = 0;

fail:
	if (result != NULL)
		mailimap_fetch_list_free(result);
	return rv;
}

/* Where a UID sits in the caller's array; sorted by uid for lookups. */
struct imap_pos {
	uint32_t	 uid;
	size_t		 i;
};

static int
imap_cmp_pos(const void *a, const void *b)
{
	const struct imap_pos *x = a, *y = b;

	if (x->uid != y->uid)
		return x->uid < y->uid ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static struct imap_pos *
imap_pos_new(const uint32_t *uids, size_t n)
{
	struct imap_pos	*pos;
	size_t		 i;

	pos = xreallocarray(NULL, n, sizeof *pos);
	for (i = 0; i < n; i++) {
		pos[i].uid = uids[i];
		pos[i].i = i;
	}
	qsort(pos, n, sizeof *pos, imap_cmp_pos);
	return pos;
}

/* The first entry of pos for uid, or n when uid was not asked for. */
static size_t
imap_pos_find(const struct imap_pos *pos, size_t n, uint32_t uid)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (pos[mid].uid < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && pos[lo].uid == uid ? lo : n;
}

/* The UIDs as an IMAP set, ascending runs as ranges; 0s left out. */
static struct mailimap_set *
imap_set_of(const uint32_t *uids, size_t n, size_t *count)
{
	struct mailimap_set	*set;
	size_t			 i, j;
	int			 r;

	if ((set = mailimap_set_new_empty()) == NULL)
		fatalx("mailimap_set_new_empty: out of memory");
	*count = 0;
	for (i = 0; i < n; i = j) {
		j = i + 1;
		if (uids[i] == 0)
			continue;
		while (j < n && uids[j - 1] != UINT32_MAX &&
		    uids[j] == uids[j - 1] + 1)
			j++;
		if (j - i == 1)
			r = mailimap_set_add_single(set, uids[i]);
		else
			r = mailimap_set_add_interval(set, uids[i],
			    uids[j - 1]);
		if (r != MAILIMAP_NO_ERROR)
			fatalx("mailimap_set_add: out of memory");
		(*count)++;
	}
	return set;
}

/* One UID FETCH of UID plus the given attributes for a set of UIDs. */
static int
imap_uid_fetch_many(struct imap *im, const uint32_t *uids, size_t n,
    struct mailimap_fetch_att *a1, struct mailimap_fetch_att *a2,
    struct mailimap_fetch_att *a3, clist **result, char **cause)
{
	struct mailimap_fetch_type	*ft;
	struct mailimap_set		*set;
	size_t				 count;
	int				 r;
	char				*what;

	*result = NULL;
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft, a1);
	if (a2 != NULL)
		mailimap_fetch_type_new_fetch_att_list_add(ft, a2);
	if (a3 != NULL)
		mailimap_fetch_type_new_fetch_att_list_add(ft, a3);
	set = imap_set_of(uids, n, &count);
	if (count == 0) {
		/* Nothing that can exist: no command to send. */
		mailimap_fetch_type_free(ft);
		mailimap_set_free(set);
		return 0;
	}
	r = mailimap_uid_fetch(im->m, set, ft, result);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		what = xprintf("UID FETCH (%zu messages from UID %u)", n,
		    uids[0]);
		*cause = imap_error(im, what, r);
		free(what);
		*result = NULL;
		return -1;
	}
	return 0;
}

int
imap_fetch_sizes(struct imap *im, const uint32_t *uids, size_t n,
    size_t *sizes, char **cause)
{
	clist				*result = NULL;
	clistiter			*it, *jt;
	struct mailimap_msg_att		*ma;
	struct mailimap_msg_att_item	*item;
	struct imap_pos			*pos;
	size_t				 i, k;
	uint32_t			 uid;

	for (i = 0; i < n; i++)
		sizes[i] = IMAP_GONE;
	if (n == 0)
		return 0;
	if (imap_uid_fetch_many(im, uids, n,
	    mailimap_fetch_att_new_rfc822_size(), NULL, NULL, &result,
	    cause) != 0)
		return -1;
	if (result == NULL)
		return 0;
	pos = imap_pos_new(uids, n);
	for (it = clist_begin(result); it != NULL; it = clist_next(it)) {
		ma = clist_content(it);
		/* Unsolicited FETCH responses find no place here. */
		if ((uid = imap_att_uid(ma)) == 0 ||
		    (k = imap_pos_find(pos, n, uid)) == n)
			continue;
		for (jt = clist_begin(ma->att_list); jt != NULL;
		    jt = clist_next(jt)) {
			item = clist_content(jt);
			if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC ||
			    item->att_data.att_static == NULL ||
			    item->att_data.att_static->att_type !=
			    MAILIMAP_MSG_ATT_RFC822_SIZE)
				continue;
			for (i = k; i < n && pos[i].uid == uid; i++)
				sizes[pos[i].i] = item->att_data.att_static->
				    att_data.att_rfc822_size;
		}
	}
	free(pos);
	mailimap_fetch_list_free(result);
	return 0;
}

int
imap_size_bounds(struct imap *im, const uint32_t *uids, size_t n,
    size_t small, size_t *sizes, char **cause)
{
	struct mailimap_search_key	*key;
	struct mailimap_set		*set;
	clist				*result = NULL;
	clistiter			*it;
	struct imap_pos			*pos;
	uint32_t			*big = NULL;
	size_t				*bsz = NULL, nbig = 0, count, i, k;
	int				 r;

	for (i = 0; i < n; i++)
		sizes[i] = uids[i] != 0 ? small : IMAP_GONE;
	set = imap_set_of(uids, n, &count);
	if (count == 0) {
		mailimap_set_free(set);
		return 0;
	}
	key = mailimap_search_key_new_multiple_empty();
	if (key == NULL ||
	    mailimap_search_key_multiple_add(key,
	    mailimap_search_key_new_uid(set)) != MAILIMAP_NO_ERROR ||
	    mailimap_search_key_multiple_add(key,
	    mailimap_search_key_new_larger(small > UINT32_MAX ? UINT32_MAX :
	    (uint32_t)small)) != MAILIMAP_NO_ERROR)
		fatalx("mailimap_search_key: out of memory");
	r = mailimap_uid_search(im->m, NULL, key, &result);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR) {
		*cause = imap_error(im, "UID SEARCH LARGER", r);
		return -1;
	}
	/* The larger ones among those asked for, sized exactly. */
	pos = imap_pos_new(uids, n);
	if (clist_count(result) > 0)
		big = xreallocarray(NULL, (size_t)clist_count(result),
		    sizeof *big);
	for (it = clist_begin(result); it != NULL; it = clist_next(it)) {
		uint32_t *p = clist_content(it);

		if (p != NULL && imap_pos_find(pos, n, *p) != n)
			big[nbig++] = *p;
	}
	mailimap_search_result_free(result);
	if (nbig > 0) {
		bsz = xreallocarray(NULL, nbig, sizeof *bsz);
		if (imap_fetch_sizes(im, big, nbig, bsz, cause) == -1) {
			free(pos);
			free(big);
			free(bsz);
			return -1;
		}
	}
	for (i = 0; i < nbig; i++)
		for (k = imap_pos_find(pos, n, big[i]); k < n &&
		    pos[k].uid == big[i]; k++)
			sizes[pos[k].i] = bsz[i];
	free(pos);
	free(big);
	free(bsz);
	return 0;
}

/* An IMAP date-time (INTERNALDATE) as a time, or 0. */
static time_t
imap_date_time(const struct mailimap_date_time *d)
{
	if (d == NULL)
		return 0;
	return clock_from_fields(d->dt_year, d->dt_month, d->dt_day,
	    d->dt_hour, d->dt_min, d->dt_sec, d->dt_zone);
}

/* Places one FETCH response's body at every position asked for its UID. */
static void
imap_body_place(struct imap *im, struct mailimap_msg_att *ma,
    const struct imap_pos *pos, size_t n, struct imap_body *out)
{
	clistiter			*jt;
	struct mailimap_msg_att_item	*item;
	struct mailimap_msg_att_static	*st;
	struct mailimap_msg_att_body_section *bs = NULL;
	struct imap_body		*b;
	char				*taken = NULL;
	size_t				 i, k, size = IMAP_GONE;
	uint32_t			 uid;
	time_t				 idate = 0;

	if ((uid = imap_att_uid(ma)) == 0 ||
	    (k = imap_pos_find(pos, n, uid)) == n)
		return;
	for (jt = clist_begin(ma->att_list); jt != NULL; jt = clist_next(jt)) {
		item = clist_content(jt);
		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC ||
		    (st = item->att_data.att_static) == NULL)
			continue;
		if (st->att_type == MAILIMAP_MSG_ATT_RFC822_SIZE)
			size = st->att_data.att_rfc822_size;
		else if (st->att_type == MAILIMAP_MSG_ATT_BODY_SECTION)
			bs = st->att_data.att_body_section;
		else if (st->att_type == MAILIMAP_MSG_ATT_INTERNALDATE)
			idate = imap_date_time(st->att_data.att_internal_date);
	}
	/* A response without the body (a flag change): nothing to place. */
	if (bs == NULL)
		return;
	for (i = k; i < n && pos[i].uid == uid; i++) {
		b = &out[pos[i].i];
		if (b->raw != NULL || b->len != 0)
			continue;	/* already placed */
		b->internaldate = idate;
		/* Only the hard limit drops a body: some servers announce
		 * sizes that are a little off, and a message dropped for that
		 * would be marked done and never read. */
		if (bs->sec_length > MIME_MAX_MESSAGE) {
			log_warn("imap %s:%u: UID %u: %zu bytes, over the size "
			    "limit: dropped", im->host, im->port, uid,
			    bs->sec_length);
			b->len = bs->sec_length;
			continue;
		}
		if (size != IMAP_GONE && bs->sec_length != size)
			log_debug("imap %s:%u: UID %u: %zu bytes, announced %zu",
			    im->host, im->port, uid, bs->sec_length, size);
		b->len = bs->sec_length;
		if (taken == NULL && bs->sec_body_part != NULL) {
			/* libetpan's own string (an MMAPString it holds a
			 * reference to) is taken over, not copied: the fetch
			 * list no longer frees it, imap_bodies_free does. */
			b->raw = taken = bs->sec_body_part;
			b->etpan = 1;
			bs->sec_body_part = NULL;
			continue;
		}
		/* A UID asked for twice (or a NIL body): a copy. */
		b->raw = xmalloc(b->len + 1);
		if (b->len > 0 && taken != NULL)
			memcpy(b->raw, taken, b->len);
		else
			b->len = 0;
		b->raw[b->len] = '\0';
	}
}

int
imap_fetch_bodies(struct imap *im, const uint32_t *uids, size_t n,
    struct imap_body *out, char **cause)
{
	clist		*result = NULL;
	clistiter	*it;
	struct imap_pos	*pos;
	size_t		 i;

	for (i = 0; i < n; i++) {
		out[i].uid = uids[i];
		out[i].raw = NULL;
		out[i].len = 0;
		out[i].etpan = 0;
		out[i].internaldate = 0;
	}
	if (n == 0)
		return 0;
	/* RFC822.SIZE rides along: a body over it is not trusted. */
	if (imap_uid_fetch_many(im, uids, n,
	    mailimap_fetch_att_new_rfc822_size(),
	    mailimap_fetch_att_new_body_peek_section(mailimap_section_new(
	    NULL)), mailimap_fetch_att_new_internaldate(), &result,
	    cause) != 0)
		return -1;
	if (result == NULL)
		return 0;
	pos = imap_pos_new(uids, n);
	for (it = clist_begin(result); it != NULL; it = clist_next(it))
		imap_body_place(im, clist_content(it), pos, n, out);
	free(pos);
	mailimap_fetch_list_free(result);
	return 0;
}

void
imap_bodies_free(struct imap_body *b, size_t n)
{
	size_t	 i;

	if (b == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (b[i].etpan)
			mmap_string_unref(b[i].raw);
		else
			free(b[i].raw);
		b[i].raw = NULL;
		b[i].etpan = 0;
	}
}

int
imap_has_idle(const struct imap *im)
{
	return mailimap_has_idle(im->m) ? 1 : 0;
}

static long long
imap_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
imap_idle(struct imap *im, int seconds, const sigset_t *waitmask,
    volatile sig_atomic_t *stop, char **cause)
{
	struct mailimap_selection_info	*si;
	struct pollfd			 pfd;
	struct timespec			 ts;
	long long			 deadline, left;
	uint32_t			 exists;
	int				 r, fd;

	if (!mailimap_has_idle(im->m)) {
		*cause = xprintf("IMAP %s:%u: the server does not offer IDLE",
		    im->host, im->port);
		return -1;
	}
	si = im->m->imap_selection_info;
	exists = si != NULL ? si->sel_exists : 0;
	if ((r = mailimap_idle(im->m)) != MAILIMAP_NO_ERROR) {
		*cause = imap_error(im, "IDLE", r);
		return -1;
	}
	/* An EXISTS read before the server's "+ idling": do not wait. */
	if ((si = im->m->imap_selection_info) != NULL &&
	    si->sel_exists != exists)
		seconds = 0;
	if ((fd = mailimap_idle_get_fd(im->m)) < 0) {
		im->broken = 1;
		*cause = xprintf("IMAP %s:%u: IDLE: no connection", im->host,
		    im->port);
		return -1;
	}
	deadline = imap_now_ms() + (long long)(seconds > 0 ? seconds : 0) *
	    1000;
	for (;;) {
		if (stop != NULL && *stop)
			break;
		/* Something the server sent may already sit in the buffer. */
		if (im->m->imap_stream->read_buffer_len > 0)
			break;
		if ((left = deadline - imap_now_ms()) <= 0)
			break;
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (left > 1000)
			left = 1000;
		ts.tv_sec = left / 1000;
		ts.tv_nsec = (left % 1000) * 1000000;
		r = ppoll(&pfd, 1, &ts, waitmask);
		if (r > 0)
			break;
		if (r < 0 && errno != EINTR) {
			im->broken = 1;
			*cause = xprintf("IMAP %s:%u: IDLE: poll: %s",
			    im->host, im->port, strerror(errno));
			return -1;
		}
	}
	if ((r = mailimap_idle_done(im->m)) != MAILIMAP_NO_ERROR) {
		*cause = imap_error(im, "IDLE DONE", r);
		return -1;
	}
	return 0;
}

void
imap_close(struct imap **ip)
{
	struct imap	*im;

	if (ip == NULL || (im = *ip) == NULL)
		return;
	if (im->m != NULL) {
		if (!im->broken && im->m->imap_stream != NULL)
			mailimap_logout(im->m);
		/* mailimap_free would say LOGOUT on a broken stream and wait
		 * a timeout more for the answer (a server that never greets
		 * was given up after twice IMAP_TIMEOUT). */
		if (im->broken && im->m->imap_stream != NULL) {
			mailstream_close(im->m->imap_stream);
			im->m->imap_stream = NULL;
		}
		mailimap_free(im->m);
	}
	free(im->host);
	free(im->mailbox);
	free(im);
	*ip = NULL;
}
