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
 * parse.c -- one message classified (registration, cancellation,
 * evaluation, invalid, unrelated, auto) and read against a sprint.
 *
 * The order matters: robots first (an out-of-office quoting the form must
 * never register anyone), then the person's own text with quotes and
 * signatures gone, then the form fields in it. People stay people: every
 * post from the watched list carries List-Id and often "Precedence: list",
 * so neither makes a message automatic.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "humandate.h"
#include "interest.h"
#include "listmail.h"
#include "log.h"
#include "message.h"
#include "mime.h"
#include "parse.h"
#include "quote.h"
#include "util.h"

#define PARSE_MAX_FIELD		500
#define PARSE_MAX_NOTES		4000
#define PARSE_MAX_HEADER	998
#define PARSE_MAX_ERRORS	32
/* Around the sprint, as humandate_parse_range checks it. */
#define PARSE_WINDOW		14

enum {
	F_NAME, F_ARRIVE, F_DEPART, F_RANGE, F_ACC, F_FIRST, F_FUNDING,
	F_DIET, F_NOTES, F_CANCEL, F_TOPICS,
	F_QUESTION = 100,	/* + the question's index */
	F_CUSTOM = 200		/* + the sprint's field's index */
};

static const struct form_key parse_reg_keys[] = {
	{ "Name", F_NAME, 0, 0 },
	{ "Arrive/Depart", F_RANGE, 0, 0 },
	{ "Arrive Depart", F_RANGE, 0, 0 },
	{ "Arrival/Departure", F_RANGE, 0, 0 },
	{ "Arrive", F_ARRIVE, 0, 0 },
	{ "Arrival", F_ARRIVE, 0, 0 },
	{ "Depart", F_DEPART, 0, 0 },
	{ "Departure", F_DEPART, 0, 0 },
	{ "Accommodation", F_ACC, 0, 0 },
	{ "Accomodation", F_ACC, 0, 0 },	/* PyPy's own spelling */
	{ "First sprint", F_FIRST, 0, 0 },
	{ "Funding", F_FUNDING, 0, 0 },
	{ "Diet", F_DIET, 0, 0 },
	{ "Notes", F_NOTES, 1, PARSE_MAX_NOTES },
	{ "Note", F_NOTES, 1, PARSE_MAX_NOTES },
	{ "Cancel", F_CANCEL, 0, 0 },
	{ "Topics", F_TOPICS, 0, 0 },
	{ "Topic", F_TOPICS, 0, 0 },
	/* What people write instead, and the form's words in German and
	 * French. */
	{ "Dates", F_RANGE, 0, 0 },
	{ "Newcomer", F_FIRST, 0, 0 },
	{ "Anreise/Abreise", F_RANGE, 0, 0 },
	{ "Ankunft", F_ARRIVE, 0, 0 },
	{ "Anreise", F_ARRIVE, 0, 0 },
	{ "Abreise", F_DEPART, 0, 0 },
	{ "Unterkunft", F_ACC, 0, 0 },
	{ "Arrivée", F_ARRIVE, 0, 0 },
	{ "Départ", F_DEPART, 0, 0 },
	{ "Hébergement", F_ACC, 0, 0 },
	{ "Logement", F_ACC, 0, 0 },
};

/* Subjects of out-of-office replies, in the languages sprints meet in. */
static const char *parse_oof_subjects[] = {
	"out of office", "out of the office", "automatic reply",
	"auto reply", "autoreply", "auto-reply", "auto response",
	"auto:", "automatische antwort", "abwesenheitsnotiz", "abwesend",
	"réponse automatique", "reponse automatique", "absence",
	"risposta automatica", "respuesta automática", "fuera de la oficina",
	"automatisch antwoord", "afwezig", "on vacation", "vacation reply",
	"away from the office", "away from my mail", "i am away",
	"i'm away", "i am out of the office",
};
/* Words of out-of-office subjects, for the X-Auto-Response-Suppress rule. */
static const char *parse_oof_words[] = {
	"out of office", "out of the office", "away", "vacation", "holiday",
	"abwesen", "urlaub", "absen", "congé", "ferie", "vacaciones",
	"automatic", "automatique", "automatisch",
};
/* Local parts that only robots write from. */
static const char *parse_robot_locals[] = {
	"mailer-daemon", "postmaster", "noreply", "no-reply", "no_reply",
	"donotreply", "do-not-reply", "do_not_reply", "bounce", "bounces",
	"listserv", "majordomo", "mailman", "autoreply", "auto-reply",
	"vacation",
};
static const char *parse_robot_suffixes[] = {
	"-request", "-bounces", "-owner", "-admin",
};

static void
parse_add(char ***list, size_t *n, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	if (*n >= PARSE_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	s = xvprintf(fmt, ap);
	va_end(ap);
	util_strip_controls(s);
	form_fix_utf8(s);
	form_cap_utf8(s, 2 * PARSE_MAX_FIELD);
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = s;
}
#define parse_error(r, ...) parse_add(&(r)->errors, &(r)->nerrors, __VA_ARGS__)
#define parse_warn(r, ...) parse_add(&(r)->warnings, &(r)->nwarnings, __VA_ARGS__)

/* A string from mail made safe: no controls, valid UTF-8, trimmed, capped. */
static char *
parse_clean(const char *s, size_t max)
{
	char	*c;

	if (s == NULL)
		return NULL;
	c = xstrdup(s);
	util_strip_controls(c);
	form_fix_utf8(c);
	util_trim(c);
	form_cap_utf8(c, max);
	util_trim(c);
	return c;
}

/* The same for a free-text value, keeping its line breaks. */
static char *
parse_clean_text(const char *s, size_t max)
{
	char	*c = xstrdup(s), *r, *w;

	for (r = w = c; *r != '\0'; r++) {
		unsigned char	 ch = (unsigned char)*r;

		if (ch == '\n' || ch == '\t' || (ch >= 0x20 && ch != 0x7f))
			*w++ = ch == '\t' ? ' ' : (char)ch;
	}
	*w = '\0';
	form_fix_utf8(c);
	util_trim(c);
	form_cap_utf8(c, max);
	util_trim(c);
	return c;
}

/* Returns 1 when s starts with prefix, ignoring ASCII case. */
static int
parse_prefix(const char *s, const char *prefix)
{
	return util_strncaseeq(s, prefix, strlen(prefix));
}

/* Returns 1 when s contains word, ignoring ASCII case. */
static int
parse_contains(const char *s, const char *word)
{
	size_t	 n = strlen(word);

	for (; *s != '\0'; s++)
		if (util_strncaseeq(s, word, n))
			return 1;
	return 0;
}

/* The subject without list tags ("[pypy-dev] ") and, if asked, "Re:". */
static const char *
parse_subject_core(const char *s, int replies)
{
	const char	*p;
	int		 again = 1;

	if (s == NULL)
		return "";
	while (again) {
		again = 0;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '[' && (p = strchr(s, ']')) != NULL &&
		    p - s < 64) {
			s = p + 1;
			again = 1;
		} else if (replies && (parse_prefix(s, "re:") ||
		    parse_prefix(s, "aw:") || parse_prefix(s, "sv:"))) {
			s += 3;
			again = 1;
		} else if (replies && (parse_prefix(s, "fwd:") ||
		    parse_prefix(s, "fw:"))) {
			s = strchr(s, ':') + 1;
			again = 1;
		}
	}
	return s;
}

/* The lower-cased first word of a header value, before ';' or space. */
static void
parse_token(const char *v, char *out, size_t outsz)
{
	size_t	 n = 0;

	while (*v == ' ' || *v == '\t')
		v++;
	while (*v != '\0' && *v != ';' && *v != ' ' && *v != '\t' &&
	    n + 1 < outsz)
		out[n++] = (char)tolower((unsigned char)*v++);
	out[n] = '\0';
}

static int
parse_is_robot_addr(const char *addr)
{
	const char	*at;
	size_t		 n, i, sl;

	if (addr == NULL || (at = strrchr(addr, '@')) == NULL)
		return 0;
	n = (size_t)(at - addr);
	for (i = 0; i < nitems(parse_robot_locals); i++) {
		if (strlen(parse_robot_locals[i]) == n &&
		    util_strncaseeq(addr, parse_robot_locals[i], n))
			return 1;
	}
	for (i = 0; i < nitems(parse_robot_suffixes); i++) {
		sl = strlen(parse_robot_suffixes[i]);
		if (n > sl && util_strncaseeq(at - sl,
		    parse_robot_suffixes[i], sl))
			return 1;
	}
	return n > 6 && util_strncaseeq(addr, "owner-", 6);
}

/* The addresses that are sprintd's own or its lists', for one message. */
struct parse_ours {
	char			*from;	/* sprintd's own address, or NULL */
	const char		*list;	/* the list it reads, or NULL */
	const struct sprint	*sp;	/* announce_to, organizers; or NULL */
};

/* Who wrote a message, once a list's rewriting of From is undone. */
struct parse_sender {
	const char	*addr;		/* the person's address, or NULL */
	const char	*name;		/* the display name to take, or NULL */
	int		 via;		/* name is From's: cut " via LIST" */
	int		 munged;	/* From is a list's */
	int		 unknown;	/* rewritten, and nobody named */
};

static void
parse_ours_init(struct parse_ours *o, const struct parse_self *self,
    const struct sprint *sp)
{
	char	*name = NULL, *addr = NULL;

	memset(o, 0, sizeof *o);
	o->sp = sp;
	if (self == NULL)
		return;
	o->list = self->list_address;
	if (self->from != NULL &&
	    message_split_address(self->from, &name, &addr) == 0 &&
	    util_addr_valid(addr)) {
		o->from = addr;
		addr = NULL;
	}
	free(name);
	free(addr);
}

static void
parse_ours_clear(struct parse_ours *o)
{
	free(o->from);
	o->from = NULL;
}

static int
parse_addr_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && util_strcaseeq(a, b);
}

/* Returns 1 when addr is the list read or one the sprint announces to. */
static int
parse_is_list(const struct parse_ours *o, const char *addr)
{
	size_t	 i;

	if (parse_addr_eq(addr, o->list))
		return 1;
	for (i = 0; o->sp != NULL && i < o->sp->nannounce_to; i++)
		if (parse_addr_eq(addr, o->sp->announce_to[i]))
			return 1;
	return 0;
}

/* As listmail_cc_poster asks: a list, or sprintd's own address (never
 * the poster). */
static int
parse_is_list_cb(const char *addr, void *arg)
{
	const struct parse_ours	*o = arg;

	return parse_is_list(o, addr) || parse_addr_eq(addr, o->from);
}

static int
parse_is_organizer(const struct parse_ours *o, const char *addr)
{
	size_t	 i;

	for (i = 0; o->sp != NULL && i < o->sp->norganizers; i++)
		if (parse_addr_eq(addr, o->sp->organizers[i].email))
			return 1;
	return 0;
}

static int
parse_addr_char(int c)
{
	return c != '\0' && (isalnum(c) || c >= 0x80 ||
	    strchr("-_+@", c) != NULL);
}

/* Returns 1 when the header value v names addr, as a whole address. */
static int
parse_names(const char *v, const char *addr)
{
	const char	*p;
	size_t		 n;

	if (v == NULL || addr == NULL || (n = strlen(addr)) == 0)
		return 0;
	for (p = v; *p != '\0'; p++) {
		if (!util_strncaseeq(p, addr, n))
			continue;
		if (p > v && (parse_addr_char((unsigned char)p[-1]) ||
		    p[-1] == '.'))
			continue;
		if (parse_addr_char((unsigned char)p[n]) || (p[n] == '.' &&
		    isalnum((unsigned char)p[n + 1])))
			continue;
		return 1;
	}
	return 0;
}

/*
 * Returns which of sprintd's address and the list an X-Loop header names
 * (wide adds the sprint's lists and its organizers), or NULL.
 */
static const char *
parse_xloop(const struct mime_msg *m, const struct parse_ours *o, int wide)
{
	const char	*v;
	size_t		 i, j;

	for (i = 0; i < m->nheaders; i++) {
		if (!util_strcaseeq(m->headers[i].name, "X-Loop"))
			continue;
		v = m->headers[i].value;
		if (parse_names(v, o->from))
			return o->from;
		if (parse_names(v, o->list))
			return o->list;
		if (!wide || o->sp == NULL)
			continue;
		for (j = 0; j < o->sp->nannounce_to; j++)
			if (parse_names(v, o->sp->announce_to[j]))
				return o->sp->announce_to[j];
		for (j = 0; j < o->sp->norganizers; j++)
			if (parse_names(v, o->sp->organizers[j].email))
				return o->sp->organizers[j].email;
	}
	return NULL;
}

/* Where name ends in " via LIST" (a list's rewriting), that " via ". */
static const char *
parse_via(const char *name)
{
	const char	*p, *via = NULL;

	if (name == NULL)
		return NULL;
	for (p = name; (p = strchr(p, ' ')) != NULL; p++)
		if (util_strncaseeq(p, " via ", 5) && p[5] != '\0')
			via = p;
	return via;
}

/*
 * Finds who wrote the message. A list that protects its posters from
 * DMARC rejection rewrites From to its own address ("Anna via pypy-dev
 * <list>"), naming the poster in X-Original-From, X-Original-Sender or
 * Reply-To: the person is the first of those that names no list (nor,
 * for Reply-To, a robot). Mailman, replies pointed at the list, names the
 * poster in Cc (listmail_cc_poster). sprintd's own address stays, to be
 * told apart.
 */
static void
parse_sender(const struct mime_msg *m, const struct parse_ours *o,
    struct parse_sender *s)
{
	const struct mime_addr	*cc;
	int	 via = parse_via(m->from_name) != NULL;
	/* Any list rewrites this way: ours, or one the announcement was
	 * passed on to (it says so with List-Id). */
	int	 listed = via && (parse_is_list(o, m->from_addr) ||
		    mime_header(m, "List-Id") != NULL);

	memset(s, 0, sizeof *s);
	s->addr = m->from_addr;
	s->name = m->from_name;
	if (m->from_addr == NULL || (!parse_addr_eq(m->from_addr, o->list) &&
	    !listed))
		return;
	s->munged = 1;
	if (m->orig_from != NULL && !parse_is_list(o, m->orig_from) &&
	    !parse_addr_eq(m->orig_from, m->from_addr)) {
		s->addr = m->orig_from;
		s->name = m->orig_from_name;
	} else if (m->orig_sender != NULL &&
	    !parse_is_list(o, m->orig_sender) &&
	    !parse_addr_eq(m->orig_sender, m->from_addr)) {
		s->addr = m->orig_sender;
		s->name = NULL;
	} else if (m->reply_to != NULL && !parse_is_list(o, m->reply_to) &&
	    !parse_addr_eq(m->reply_to, m->from_addr) &&
	    !parse_is_robot_addr(m->reply_to)) {
		s->addr = m->reply_to;
		s->name = m->reply_to_name;
	} else if ((cc = listmail_cc_poster(m, parse_is_list_cb,
	    (void *)o)) != NULL && !parse_is_robot_addr(cc->addr)) {
		/* Without a name in Cc, the one before "via" is Mailman's
		 * stand-in ("anna---"), no name. */
		s->addr = cc->addr;
		s->name = cc->name;
		return;
	} else {
		/* The list's own mail, or a post nobody can be told from. */
		s->unknown = via;
		s->via = via;
		return;
	}
	if (s->name == NULL) {
		s->name = m->from_name;
		s->via = via;
	}
}

/*
 * Decides whether a robot, or sprintd itself, wrote the message: returns a
 * new reason, or NULL for a person's mail.
 */
static char *
parse_auto_reason(const struct mime_msg *m, const struct parse_ours *o,
    const struct parse_sender *snd)
{
	const char	*v, *subj;
	char		 tok[64];
	size_t		 i;

	if ((v = listmail_auto_reason(m)) != NULL)
		return xstrdup(v);
	if (m->has_delivery_status || (m->content_type != NULL &&
	    strcmp(m->content_type, "multipart/report") == 0))
		return xstrdup("delivery status report");
	if (mime_header(m, "X-Failed-Recipients") != NULL)
		return xstrdup("X-Failed-Recipients: a bounce");
	if (m->return_path != NULL && *m->return_path == '\0')
		return xstrdup("empty Return-Path <>");
	if ((v = mime_header(m, "Auto-Submitted")) != NULL) {
		parse_token(v, tok, sizeof tok);
		if (*tok != '\0' && strcmp(tok, "no") != 0) {
			util_strip_controls(tok);
			return xprintf("Auto-Submitted: %s", tok);
		}
	}
	if ((v = mime_header(m, "Precedence")) != NULL) {
		parse_token(v, tok, sizeof tok);
		if (strcmp(tok, "bulk") == 0 || strcmp(tok, "junk") == 0 ||
		    strcmp(tok, "auto_reply") == 0)
			return xprintf("Precedence: %s", tok);
	}
	if (mime_header(m, "X-Autoreply") != NULL)
		return xstrdup("X-Autoreply header");
	if (mime_header(m, "X-Autorespond") != NULL)
		return xstrdup("X-Autorespond header");
	if ((v = mime_header(m, "X-Autogenerated")) != NULL &&
	    parse_prefix(v, "reply"))
		return xstrdup("X-Autogenerated: Reply");
	/* sprintd's own mail, come back: never answer it. */
	if ((v = parse_xloop(m, o, 0)) != NULL)
		return xprintf("X-Loop: %s, %s", v, v == o->from ?
		    "sprintd's own address" : "the list");
	if (parse_addr_eq(m->from_addr, o->from) ||
	    parse_addr_eq(snd->addr, o->from))
		return xstrdup("mail from sprintd's own address");
	if (snd->munged && snd->addr == m->from_addr) {
		if (snd->unknown)
			return NULL;	/* a person, but who? */
		return xstrdup("mail from the list address itself");
	}
	if (parse_is_organizer(o, snd->addr) &&
	    (v = parse_xloop(m, o, 1)) != NULL)
		return xprintf("X-Loop: %s on an organizer's mail", v);
	if (parse_is_robot_addr(snd->addr))
		return xprintf("robot sender %s", snd->addr);
	subj = parse_subject_core(m->subject, 0);
	for (i = 0; i < nitems(parse_oof_subjects); i++) {
		if (parse_prefix(subj, parse_oof_subjects[i]))
			return xprintf("out-of-office subject \"%s\"",
			    parse_oof_subjects[i]);
	}
	if ((v = mime_header(m, "X-Auto-Response-Suppress")) != NULL &&
	    (parse_contains(v, "all") || parse_contains(v, "oof"))) {
		for (i = 0; i < nitems(parse_oof_words); i++) {
			if (parse_contains(subj, parse_oof_words[i]))
				return xstrdup("X-Auto-Response-Suppress with"
				    " an out-of-office subject");
		}
	}
	return NULL;
}

/* Fills the header-given fields: who (as parse_sender found), ids. */
static void
parse_headers(struct parse_result *r, const struct mime_msg *m,
    const struct parse_sender *snd)
{
	const char	*from = snd->addr;
	const char	*via;
	char		*name;
	size_t		 i, n;

	if (from == NULL)
		from = m->sender;
	if (from != NULL) {
		r->from = parse_clean(from, 254);
		for (i = 0; r->from[i] != '\0'; i++)
			r->from[i] = (char)tolower((unsigned char)r->from[i]);
	}
	r->message_id = parse_clean(m->message_id, PARSE_MAX_HEADER);
	r->in_reply_to = parse_clean(m->in_reply_to, PARSE_MAX_HEADER);
	r->references = parse_clean(m->references, 4 * PARSE_MAX_HEADER);
	r->subject = parse_clean(m->subject, PARSE_MAX_HEADER);
	if (snd->name == NULL || *snd->name == '\0' || r->name != NULL)
		return;
	name = parse_clean(snd->name, PARSE_MAX_FIELD);
	if (snd->via && (via = parse_via(name)) != NULL) {
		name[via - name] = '\0';
		util_trim(name);
		/* Google Groups: "'Anna Example' via pypy-sprint". */
		n = strlen(name);
		if (n >= 2 && (name[0] == '\'' || name[0] == '"') &&
		    name[n - 1] == name[0]) {
			name[n - 1] = '\0';
			memmove(name, name + 1, n - 1);
		}
	}
	util_trim(name);
	/* A display name that is an address is no name. */
	if (*name == '\0' || strchr(name, '@') != NULL)
		free(name);
	else
		r->name = name;
}

/* The last resort for a name: the local part of the address. */
static void
parse_name_fallback(struct parse_result *r)
{
	const char	*at;

	if (r->name != NULL || r->from == NULL)
		return;
	if ((at = strrchr(r->from, '@')) == NULL || at == r->from)
		return;
	r->name = xstrndup(r->from, (size_t)(at - r->from));
	util_strip_controls(r->name);
}

char *
parse_lodging(const struct sprint *sp, const char *value)
{
	size_t	 i;

	for (i = 0; i < sp->nlodgings; i++) {
		if (sp->lodgings[i].name != NULL &&
		    util_strcaseeq(sp->lodgings[i].name, value))
			return xstrdup(sp->lodgings[i].name);
	}
	return parse_clean(value, PARSE_MAX_FIELD);
}

/* Reads a rating: a whole number 1..5, maybe "4/5" or "4 - great". */
static int
parse_rating(const char *v, int *out)
{
	long	 n = 0;
	size_t	 digits = 0;

	while (*v == ' ')
		v++;
	while (isdigit((unsigned char)*v) && digits < 4) {
		n = n * 10 + (*v++ - '0');
		digits++;
	}
	if (digits == 0 || isdigit((unsigned char)*v))
		return -1;
	if ((*v == '.' || *v == ',') && isdigit((unsigned char)v[1]))
		return -1;
	if (*v != '\0' && strchr(" /.,;!)(-", *v) == NULL)
		return -1;
	if (n < 1 || n > 5)
		return -1;
	*out = (int)n;
	return 0;
}

static int
parse_subject_cancels(const char *subject)
{
	const char	*s = parse_subject_core(subject, 1);
	size_t		 n = strlen(s);

	if (!parse_prefix(s, "cancel"))
		return 0;
	/* "Cancellation policy at the chalet?" is a question, not a notice. */
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return n > 0 && s[n - 1] != '?';
}

/* Checks that a known day lies in the window around the sprint. */
static void
parse_check_window(struct parse_result *r, const struct sprint *sp,
    const char *field, day_t day)
{
	char	 d[11], s[11], e[11];

	if (day >= sp->start - PARSE_WINDOW && day <= sp->end + PARSE_WINDOW)
		return;
	dates_format_iso(day, d);
	dates_format_iso(sp->start, s);
	dates_format_iso(sp->end, e);
	parse_error(r, "%s: %s is far from the sprint (%s to %s); expected a"
	    " day within %d days of it", field, d, s, e, PARSE_WINDOW);
}

/* A value the message gave for one field, to tell a second, different
 * value of it (a quoted original nobody recognised) from a repetition. */
struct parse_seen {
	const char	*written;	/* the value as written, first time */
	int		 state;		/* dates: DATES_*, or 2 for local */
	day_t		 day;
	char		*text;		/* other fields: the cleaned value */
};

/*
 * Records that field (its name as the form writes it) was given as
 * written, meaning day/state or text. Returns 0, or -1 after adding the
 * error when it was given before with another meaning: the message is
 * then invalid, never resolved by guessing which one is meant.
 */
static int
parse_seen(struct parse_result *r, struct parse_seen *seen, const char *field,
    const char *written, int state, day_t day, const char *text)
{
	char	*a, *b;
	int	 same;

	if (seen->written == NULL) {
		seen->written = written;
		seen->state = state;
		seen->day = day;
		seen->text = text != NULL ? xstrdup(text) : NULL;
		return 0;
	}
	if (text != NULL || seen->text != NULL)
		same = text != NULL && seen->text != NULL &&
		    util_strcaseeq(text, seen->text);
	else
		same = state == seen->state && (state != DATES_KNOWN ||
		    day == seen->day);
	if (same)
		return 0;
	a = parse_clean(seen->written, 60);
	b = parse_clean(written, 60);
	parse_error(r, "%s: given twice with different values, \"%s\" and"
	    " \"%s\"; expected it once (reply with only the new value)",
	    field, a, b);
	free(a);
	free(b);
	return -1;
}

/* "?" in a field: said, and not known. */
static int
parse_is_unknown(const char *v)
{
	return strcmp(v, "?") == 0 || strcmp(v, "??") == 0;
}

int
parse_custom_value(const struct sprint_field *f, const char *value,
    char **out, char **why)
{
	struct buf	 b;
	char		*v;
	size_t		 i;

	*out = NULL;
	if (parse_is_unknown(value))
		return 0;
	v = parse_clean(value, PARSE_MAX_FIELD);
	if (f->nvalues == 0) {
		*out = v;
		return 0;
	}
	for (i = 0; i < f->nvalues; i++) {
		if (util_strcaseeq(v, f->values[i])) {
			free(v);
			*out = xstrdup(f->values[i]);
			return 0;
		}
	}
	buf_init(&b, 0);
	for (i = 0; i < f->nvalues; i++)
		buf_printf(&b, "%s%s", i > 0 ? ", " : "", f->values[i]);
	form_cap_utf8(v, 60);
	*why = xprintf("%s: \"%s\" is not one of the choices; expected one "
	    "of %s (\"?\" when you do not know yet)", f->label, v,
	    b.data != NULL ? b.data : "");
	buf_free(&b);
	free(v);
	return -1;
}

/* Records the value of one of the sprint's own fields, or the error. */
static void
parse_custom_field(struct parse_result *r, const struct sprint_field *f,
    const char *value)
{
	char	*v, *why = NULL;
	size_t	 i;

	if (parse_custom_value(f, value, &v, &why) == -1) {
		parse_error(r, "%s", why);
		free(why);
		return;
	}
	for (i = 0; i < r->ncustom; i++) {
		if (strcmp(r->custom[i].id, f->id) != 0)
			continue;
		if ((v == NULL) != (r->custom[i].value == NULL) ||
		    (v != NULL && strcmp(v, r->custom[i].value) != 0))
			parse_error(r, "%s: given twice with different "
			    "values, \"%s\" and \"%s\"; expected it once "
			    "(reply with only the new value)", f->label,
			    r->custom[i].value != NULL ? r->custom[i].value :
			    "?", v != NULL ? v : "?");
		free(v);
		return;
	}
	r->custom = xreallocarray(r->custom, r->ncustom + 1,
	    sizeof *r->custom);
	r->custom[r->ncustom].id = f->id;
	r->custom[r->ncustom++].value = v;
}

enum { SEEN_NAME, SEEN_ARRIVE, SEEN_DEPART, SEEN_ACC, SEEN_FIRST,
    SEEN_FUNDING, SEEN_DIET, SEEN_NOTES, SEEN_TOPICS, SEEN_MAX };

static void
parse_registration(struct parse_result *r, const struct sprint *sp,
    const struct form *form)
{
	struct humandate_ctx	 ctx = { sp->start, sp->end };
	struct parse_seen	 seen[SEEN_MAX];
	struct humandate_range	 range;
	const struct form_field	*f;
	char			*cause, *v, d1[11], d2[11];
	int			 yn, tent, rc, bad_dates = 0;
	size_t			 i;
	enum dates_state	 st;
	day_t			 day;

	memset(seen, 0, sizeof seen);
	for (i = 0; i < form->nfields; i++) {
		f = &form->fields[i];
		if (f->id >= F_QUESTION && f->id < F_CUSTOM)
			continue;
		if (f->near) {
			parse_error(r, "unknown field \"%s\": did you mean"
			    " \"%s\"?", f->written, f->suggest);
			continue;
		}
		if (f->truncated)
			parse_warn(r, "%s: too long, cut to %zu bytes",
			    f->suggest, strlen(f->value));
		if (*f->value == '\0')
			continue;	/* blank: keeps what was recorded */
		if (f->id >= F_CUSTOM) {
			parse_custom_field(r, &sp->fields[f->id - F_CUSTOM],
			    f->value);
			continue;
		}
		switch (f->id) {
		case F_NAME:
			if (parse_is_unknown(f->value))
				break;
			v = parse_clean(f->value, PARSE_MAX_FIELD);
			if (parse_seen(r, &seen[SEEN_NAME], "Name", f->value,
			    0, 0, v) == 0) {
				free(r->name);
				r->name = v;
				r->given |= PARSE_HAS_NAME;
			} else
				free(v);
			break;
		case F_RANGE:
			cause = NULL;
			memset(&range, 0, sizeof range);
			if (humandate_parse_range(f->value, &ctx, &range,
			    &cause) != 0) {
				parse_error(r, "Arrive/Depart: %s", cause ?
				    cause : "not a date range");
				free(cause);
				bad_dates = 1;
				break;
			}
			if (parse_seen(r, &seen[SEEN_ARRIVE], "Arrive",
			    f->value, range.local ? 2 : (int)range.arrive_state,
			    range.arrive, NULL) == -1 ||
			    parse_seen(r, &seen[SEEN_DEPART], "Depart",
			    f->value, range.local ? 2 : (int)range.depart_state,
			    range.depart, NULL) == -1) {
				bad_dates = 1;
				break;
			}
			r->given |= PARSE_HAS_ARRIVE | PARSE_HAS_DEPART;
			r->local = range.local;
			r->tentative |= range.tentative;
			r->arrive_state = range.arrive_state;
			r->arrive = range.arrive;
			r->depart_state = range.depart_state;
			r->depart = range.depart;
			break;
		case F_ARRIVE:
		case F_DEPART:
			cause = NULL;
			tent = 0;
			rc = humandate_parse_one(f->value, &ctx,
			    f->id == F_DEPART, &st, &day, &tent, &cause);
			if (rc == -1) {
				parse_error(r, "%s: %s", f->suggest, cause ?
				    cause : "not a date");
				free(cause);
				bad_dates = 1;
				break;
			}
			free(cause);
			if (parse_seen(r, &seen[f->id == F_ARRIVE ?
			    SEEN_ARRIVE : SEEN_DEPART], f->id == F_ARRIVE ?
			    "Arrive" : "Depart", f->value, rc == 1 ? 2 :
			    (int)st, day, NULL) == -1) {
				bad_dates = 1;
				break;
			}
			if (rc == 1) {
				/* "lives there": every day, no dates. */
				r->local = 1;
				r->given |= PARSE_HAS_ARRIVE | PARSE_HAS_DEPART;
				r->arrive_state = r->depart_state =
				    DATES_UNKNOWN;
				break;
			}
			if (tent)
				r->tentative = 1;
			if (st == DATES_KNOWN)
				parse_check_window(r, sp, f->suggest, day);
			if (f->id == F_ARRIVE) {
				r->given |= PARSE_HAS_ARRIVE;
				r->arrive_state = st;
				r->arrive = day;
			} else {
				r->given |= PARSE_HAS_DEPART;
				r->depart_state = st;
				r->depart = day;
			}
			break;
		case F_ACC:
			v = parse_is_unknown(f->value) ? NULL :
			    parse_lodging(sp, f->value);
			if (parse_seen(r, &seen[SEEN_ACC], "Accommodation",
			    f->value, 0, 0, v != NULL ? v : "?") == 0) {
				free(r->accommodation);
				r->accommodation = v;
				r->given |= PARSE_HAS_ACC;
			} else
				free(v);
			break;
		case F_FIRST:
		case F_FUNDING:
			if (parse_is_unknown(f->value))
				yn = -2;
			else if ((yn = form_yesno(f->value)) == -1) {
				v = parse_clean(f->value, 60);
				parse_warn(r, "%s: could not be read: \"%s\";"
				    " expected yes or no (\"?\" when you do not"
				    " know yet)", f->suggest, v);
				free(v);
				break;
			}
			if (parse_seen(r, &seen[f->id == F_FIRST ? SEEN_FIRST :
			    SEEN_FUNDING], f->suggest, f->value, 0, 0,
			    yn == 1 ? "yes" : yn == 0 ? "no" : "?") == -1)
				break;
			if (f->id == F_FIRST) {
				r->given |= PARSE_HAS_NEWCOMER;
				r->newcomer = yn == 1 ? PARSE_YES : yn == 0 ?
				    PARSE_NO : PARSE_NULL;
			} else {
				r->given |= PARSE_HAS_FUNDING;
				r->funding = yn == 1 ? PARSE_YES : yn == 0 ?
				    PARSE_NO : PARSE_NULL;
			}
			break;
		case F_DIET:
			v = parse_is_unknown(f->value) ? NULL :
			    parse_clean(f->value, PARSE_MAX_FIELD);
			if (parse_seen(r, &seen[SEEN_DIET], "Diet", f->value,
			    0, 0, v != NULL ? v : "?") == 0) {
				free(r->diet);
				r->diet = v;
				r->given |= PARSE_HAS_DIET;
			} else
				free(v);
			break;
		case F_TOPICS:
			v = parse_is_unknown(f->value) ? NULL :
			    parse_clean(f->value, PARSE_MAX_FIELD);
			if (parse_seen(r, &seen[SEEN_TOPICS], "Topics",
			    f->value, 0, 0, v != NULL ? v : "?") == 0) {
				free(r->topics);
				r->topics = v;
				r->given |= PARSE_HAS_TOPICS;
			} else
				free(v);
			break;
		case F_NOTES:
			v = parse_clean_text(f->value, PARSE_MAX_NOTES);
			if (parse_seen(r, &seen[SEEN_NOTES], "Notes", f->value,
			    0, 0, v) == 0) {
				free(r->notes);
				r->notes = v;
				r->given |= PARSE_HAS_NOTES;
			} else
				free(v);
			break;
		}
	}
	for (i = 0; i < SEEN_MAX; i++)
		free(seen[i].text);

	/* A stay that misses the sprint is kept as written, and said. */
	if (!r->local && !bad_dates && ((r->arrive_state == DATES_KNOWN &&
	    r->arrive > sp->end) || (r->depart_state == DATES_KNOWN &&
	    r->depart < sp->start))) {
		dates_format_iso(sp->start, d1);
		dates_format_iso(sp->end, d2);
		parse_warn(r, "Arrive/Depart: your stay lies outside the sprint"
		    " (%s to %s); if that is a mistake, send the right dates",
		    d1, d2);
	}
	/* Dates missing altogether are for the store to judge: an update
	 * keeps the recorded ones, a first registration needs them. */
	if (!r->local && !bad_dates && r->arrive_state == DATES_KNOWN &&
	    r->depart_state == DATES_KNOWN && r->depart < r->arrive) {
		dates_format_iso(r->arrive, d1);
		dates_format_iso(r->depart, d2);
		parse_error(r, "Depart: %s is before Arrive %s; expected the"
		    " day you leave, on or after the day you arrive", d2, d1);
	}
	r->kind = r->nerrors > 0 ? PARSE_INVALID : PARSE_REGISTRATION;
}

void
parse_missing_dates(struct parse_result *r, const struct sprint *sp)
{
	int	 y, m, ad, dd;

	dates_to_ymd(sp->has_recommended_arrival ? sp->recommended_arrival :
	    sp->start, &y, &m, &ad);
	dates_to_ymd(sp->end, &y, &m, &dd);
	if ((r->given & (PARSE_HAS_ARRIVE | PARSE_HAS_DEPART)) == 0)
		parse_error(r, "Arrive/Depart: missing; expected the days you"
		    " arrive and leave, e.g. \"Arrive/Depart: %d-%d\" (\"?\""
		    " when not known yet)", ad, dd);
	r->kind = PARSE_INVALID;
}

static void
parse_evaluation(struct parse_result *r, const struct sprint *sp,
    const struct form *form)
{
	const struct sprint_question	*q;
	const struct form_field		*f;
	struct parse_answer		*by_q;
	size_t				 i, qi;
	int				 rating;

	by_q = xcalloc(sp->nquestions ? sp->nquestions : 1, sizeof *by_q);
	for (i = 0; i < form->nfields; i++) {
		f = &form->fields[i];
		if (f->id < F_QUESTION || f->id >= F_CUSTOM)
			continue;
		qi = (size_t)(f->id - F_QUESTION);
		q = &sp->questions[qi];
		if (f->near) {
			parse_error(r, "unknown field \"%s\": did you mean"
			    " \"%s\"?", f->written, f->suggest);
			continue;
		}
		if (*f->value == '\0')
			continue;
		if (by_q[qi].id != NULL) {
			/* Given twice: the same again is fine, another
			 * value is never guessed between. */
			const char	*prev = by_q[qi].is_rating ? NULL :
			    by_q[qi].text;
			char		*v = parse_clean(f->value, 60), num[8];

			snprintf(num, sizeof num, "%d", by_q[qi].rating);
			if (by_q[qi].is_rating ? parse_rating(f->value,
			    &rating) == 0 && rating == by_q[qi].rating :
			    prev != NULL && strncmp(prev, f->value,
			    strlen(prev)) == 0) {
				free(v);
				continue;
			}
			parse_error(r, "%s: given twice with different values,"
			    " \"%s\" and \"%s\"; expected it once", q->id,
			    by_q[qi].is_rating ? num : prev, v);
			free(v);
			continue;
		}
		if (q->type == SPRINT_Q_RATING) {
			if (parse_rating(f->value, &rating) != 0) {
				char	*v = parse_clean(f->value, 60);

				parse_error(r, "%s: expected a whole number"
				    " from 1 to 5, got \"%s\"", q->id, v);
				free(v);
				continue;
			}
			by_q[qi].is_rating = 1;
			by_q[qi].rating = rating;
		} else {
			if (f->truncated)
				parse_warn(r, "%s: too long, cut to %d bytes",
				    q->id, PARSE_MAX_NOTES);
			by_q[qi].text = parse_clean_text(f->value,
			    PARSE_MAX_NOTES);
		}
		by_q[qi].id = xstrdup(q->id);
	}
	r->answers = xcalloc(sp->nquestions ? sp->nquestions : 1,
	    sizeof *r->answers);
	for (qi = 0; qi < sp->nquestions; qi++) {
		if (by_q[qi].id != NULL)
			r->answers[r->nanswers++] = by_q[qi];
	}
	free(by_q);
	if (r->nanswers == 0 && r->nerrors == 0)
		parse_error(r, "no answer given; expected lines like \"%s: 4\""
		    " for the questions of the evaluation",
		    sp->nquestions ? sp->questions[0].id : "overall");
	r->kind = r->nerrors > 0 ? PARSE_INVALID : PARSE_EVALUATION;
}

static struct parse_result *parse_result_new(void);

/* Words of coming, in the languages sprints are announced in: with dates
 * the sprint can resolve, prose that uses one asks to register. */
static const char *const parse_coming_words[] = {
	"come", "coming", "arrive", "arriving", "arrival", "join", "joining",
	"attend", "attending", "register", "sign me up", "be there",
	"komme", "kommen", "anreise", "reise an", "ankommen", "ankunft",
	"teilnehmen", "dabei", "anmelden", "melde mich",
	"viens", "venir", "viendrai", "arriverai", "arrivée", "participer",
	"participerai", "inscrire", "serai là", "serai la",
	NULL
};

/* Whether c can be inside a word: an ASCII letter or digit, or a byte
 * of a UTF-8 sequence. */
static int
parse_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

/* 1 when text holds one of the words above at the start of a word (it
 * runs on every discussion mail). */
static int
parse_says_coming(const char *text)
{
	static struct util_words	 coming =
	    UTIL_WORDS_INIT(parse_coming_words);
	const char			*p;

	for (p = text; *p != '\0'; p++) {
		if (p != text && parse_word_byte((unsigned char)p[-1]))
			continue;
		if (util_word_at(&coming, p, SIZE_MAX))
			return 1;
	}
	return 0;
}

/*
 * A reply with no form but dates and a word of coming ("I arrive on the
 * 8th and leave on the 14th"): what could be read goes to prose_*, for a
 * reply with the form pre-filled. Nothing of it is a registration.
 */
static void
parse_prose(struct parse_result *r, const struct sprint *sp, const char *text)
{
	struct humandate_ctx	 ctx = { sp->start, sp->end };
	struct humandate_range	 range;

	if (!parse_says_coming(text))
		return;
	memset(&range, 0, sizeof range);
	if (humandate_find_in_prose(text, &ctx, &range) != 0 ||
	    range.arrive_state != DATES_KNOWN)
		return;
	r->prose = 1;
	r->prose_arrive = range.arrive;
	r->prose_depart_state = range.depart_state;
	r->prose_depart = range.depart;
}

void
parse_add_error(struct parse_result *r, const char *msg)
{
	parse_error(r, "%s", msg);
	r->kind = PARSE_INVALID;
}

/* Builds the key table: the registration form, the sprint's question
 * ids, then its own fields (by label first, so "did you mean" names the
 * label the form asks, then by id). */
static struct form_key *
parse_keys(const struct sprint *sp, size_t *n)
{
	struct form_key	*keys;
	size_t		 i, k = nitems(parse_reg_keys);

	keys = xcalloc(k + sp->nquestions + 2 * sp->nfields, sizeof *keys);
	memcpy(keys, parse_reg_keys, sizeof parse_reg_keys);
	for (i = 0; i < sp->nquestions; i++) {
		keys[k].name = sp->questions[i].id;
		keys[k].id = F_QUESTION + (int)i;
		if (sp->questions[i].type == SPRINT_Q_TEXT) {
			keys[k].multiline = 1;
			keys[k].max = PARSE_MAX_NOTES;
		}
		k++;
	}
	for (i = 0; i < sp->nfields; i++) {
		keys[k].name = sp->fields[i].label;
		keys[k++].id = F_CUSTOM + (int)i;
		keys[k].name = sp->fields[i].id;
		keys[k++].id = F_CUSTOM + (int)i;
	}
	*n = k;
	return keys;
}

static void
parse_classify(struct parse_result *r, const struct sprint *sp,
    const char *text)
{
	struct form_key		*keys;
	struct form		*form;
	const struct form_field	*f;
	size_t			 nkeys, i;
	int			 nreg = 0, strong = 0, nearreg = 0, neval = 0;
	int			 nrating = 0, neareval = 0, cancel = -1;
	int			 dates = 0;

	/* An answer to the pre-announcement is read by its own keys. */
	if (sp->noptions > 0) {
		char	**errs = NULL;
		size_t	 nerrs = 0;

		if (interest_read(sp, text, &r->interest, &errs, &nerrs) == 1) {
			for (i = 0; i < nerrs; i++) {
				parse_error(r, "%s", errs[i]);
				free(errs[i]);
			}
			free(errs);
			r->kind = r->nerrors > 0 ? PARSE_INVALID :
			    PARSE_INTEREST;
			return;
		}
	}
	keys = parse_keys(sp, &nkeys);
	form = form_read(text, keys, nkeys);
	for (i = 0; i < form->nfields; i++) {
		f = &form->fields[i];
		if (f->id >= F_QUESTION && f->id < F_CUSTOM) {
			if (f->near)
				neareval++;
			else {
				neval++;
				if (sp->questions[f->id - F_QUESTION].type ==
				    SPRINT_Q_RATING)
					nrating++;
			}
			continue;
		}
		if (f->near) {
			nearreg++;
			continue;
		}
		if (f->id == F_CANCEL) {
			cancel = form_yesno(f->value);
			if (cancel == -1)
				parse_warn(r, "Cancel: expected yes or no");
			continue;
		}
		nreg++;
		if (f->id != F_NAME && f->id != F_DIET && f->id != F_NOTES &&
		    f->id != F_TOPICS && f->id < F_CUSTOM)
			strong++;
		if ((f->id == F_RANGE || f->id == F_ARRIVE ||
		    f->id == F_DEPART) && *f->value != '\0')
			dates = 1;
	}

	if (cancel == 1 || (cancel != 0 && !dates && neval == 0 &&
	    parse_subject_cancels(r->subject))) {
		r->kind = PARSE_CANCELLATION;
		for (i = 0; i < form->nfields; i++) {
			f = &form->fields[i];
			if (f->id == F_NAME && !f->near && *f->value != '\0') {
				free(r->name);
				r->name = parse_clean(f->value,
				    PARSE_MAX_FIELD);
			}
		}
	} else if ((nrating > 0 || neval >= 2 || neareval >= 2 ||
	    (neval > 0 && neareval > 0)) &&
	    neval + neareval >= nreg + nearreg)
		parse_evaluation(r, sp, form);
	else if (strong > 0 || nreg >= 2 || nearreg >= 2 ||
	    (nreg > 0 && nearreg > 0))
		/* A lone misspelling ("Arrived: yesterday") is prose. */
		parse_registration(r, sp, form);
	else if (nreg > 0 && nearreg == 0 && neval == 0 && !sp->dates_open) {
		/*
		 * Only a name, a diet or notes ("Diet: vegan"): an update
		 * for someone registered, discussion for anyone else. The
		 * store decides (parse_update_only).
		 */
		struct parse_result	*u = parse_result_new();

		u->from = r->from ? xstrdup(r->from) : NULL;
		u->name = r->name ? xstrdup(r->name) : NULL;
		u->message_id = r->message_id ? xstrdup(r->message_id) : NULL;
		u->in_reply_to = r->in_reply_to ? xstrdup(r->in_reply_to) :
		    NULL;
		u->references = r->references ? xstrdup(r->references) : NULL;
		u->subject = r->subject ? xstrdup(r->subject) : NULL;
		parse_registration(u, sp, form);
		if (u->kind == PARSE_REGISTRATION) {
			r->update_only = 1;
			r->update = u;
		} else
			parse_free(&u);
		r->kind = PARSE_UNRELATED;
	} else {
		r->kind = PARSE_UNRELATED;
		if (nreg + nearreg + neval + neareval == 0)
			parse_prose(r, sp, text);
	}
	/* Before the dates are fixed there is nothing to register for:
	 * said, never guessed against the candidate dates. */
	if (sp->dates_open && r->kind == PARSE_REGISTRATION) {
		parse_error(r, "Arrive/Depart: the dates of %s are not fixed "
		    "yet; expected an answer to the pre-announcement "
		    "(\"Interested: yes\", \"Dates: 1 yes, 2 no\"); the "
		    "registration opens when the dates are fixed", sp->name);
		r->kind = PARSE_INVALID;
	}
	form_free(&form);
	free(keys);
}

/* The key of an opt-out from invitations; read apart from the form. */
static const struct form_key parse_invite_keys[] = {
	{ "Invite", 1, 0, 0 },
	{ "Invites", 1, 0, 0 },
	{ "Invitations", 1, 0, 0 },
};

/* Sets invite_optout for "Invite: no", or "unsubscribe" in the subject or
 * alone on a line of what the person wrote. */
static void
parse_invite_optout(struct parse_result *r, const char *text)
{
	struct form	*form;
	const char	*p, *e;
	size_t		 i;
	char		*line;

	if (r->subject != NULL && parse_contains(r->subject, "unsubscribe"))
		r->invite_optout = 1;
	form = form_read(text, parse_invite_keys, nitems(parse_invite_keys));
	for (i = 0; i < form->nfields; i++)
		if (!form->fields[i].near &&
		    form_yesno(form->fields[i].value) == 0)
			r->invite_optout = 1;
	form_free(&form);
	for (p = text; !r->invite_optout && *p != '\0'; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		line = xstrndup(p, (size_t)(e - p));
		util_trim(line);
		if (util_strcaseeq(line, "unsubscribe") ||
		    util_strcaseeq(line, "unsubscribe."))
			r->invite_optout = 1;
		free(line);
	}
	if (r->invite_optout) {
		r->kind = PARSE_UNRELATED;
		r->prose = 0;
	}
}

/* After a failed parse: the headers alone, for who sent it. */
static void
parse_headers_only(struct parse_result *r, const char *raw, size_t len,
    const struct parse_ours *o)
{
	struct parse_sender	 snd;
	struct mime_msg		*m = NULL;
	char			*hdr, *cause = NULL;
	size_t			 i, n = len < 256 * 1024 ? len : 256 * 1024;

	for (i = 0; i + 1 < n; i++) {
		if (raw[i] == '\n' && (raw[i + 1] == '\n' || (raw[i + 1] ==
		    '\r' && i + 2 < n && raw[i + 2] == '\n')))
			break;
	}
	if (i + 1 >= n)
		return;
	hdr = xprintf("%.*s\n\n", (int)(i + 1), raw);
	if (mime_parse(hdr, strlen(hdr), &m, &cause) == 0) {
		parse_sender(m, o, &snd);
		parse_headers(r, m, &snd);
		/* Nobody, a list or sprintd itself: no one to answer. */
		if (snd.unknown || parse_is_list(o, r->from) ||
		    parse_addr_eq(r->from, o->from) ||
		    parse_xloop(m, o, 0) != NULL)
			r->no_reply = 1;
		mime_free(&m);
	}
	free(cause);
	free(hdr);
}

static struct parse_result *
parse_result_new(void)
{
	struct parse_result	*r = xcalloc(1, sizeof *r);

	r->arrive_state = r->depart_state = DATES_UNKNOWN;
	r->newcomer = r->funding = PARSE_NULL;
	return r;
}

void
parse_mime(const struct mime_msg *m, const struct sprint *sp,
    const struct parse_self *self, struct parse_result **out)
{
	parse_mime_reply(m, sp, self, NULL, out);
}

void
parse_mime_reply(const struct mime_msg *m, const struct sprint *sp,
    const struct parse_self *self, const char *original,
    struct parse_result **out)
{
	struct parse_result	*r = parse_result_new();
	struct parse_ours	 o;
	struct parse_sender	 snd;
	char			*text;

	parse_ours_init(&o, self, sp);
	parse_sender(m, &o, &snd);
	r->auto_reason = parse_auto_reason(m, &o, &snd);
	parse_headers(r, m, &snd);
	if (r->auto_reason != NULL)
		r->kind = PARSE_AUTO;
	else if (snd.unknown) {
		r->kind = PARSE_INVALID;
		r->no_reply = 1;
		parse_error(r, "From: the list rewrote the sender to its own"
		    " address (%s) and no header names the person"
		    " (X-Original-From, X-Original-Sender, Reply-To, or one"
		    " Cc by the name before \"via\"); not applied, not"
		    " answered", m->from_addr);
	} else {
		text = quote_strip_reply(m->text != NULL ? m->text : "",
		    original);
		if (sp == NULL)
			r->kind = PARSE_UNRELATED;	/* no sprint to answer */
		else
			parse_classify(r, sp, text);
		parse_invite_optout(r, text);
		r->body = text;
	}
	parse_name_fallback(r);
	parse_ours_clear(&o);
	*out = r;
}

int
parse_message(const char *raw, size_t len, const struct sprint *sp,
    const struct parse_self *self, struct parse_result **out, char **cause)
{
	struct parse_result	*r;
	struct parse_ours	 o;
	struct mime_msg		*m = NULL;
	struct listmail		 lm;
	char			*mcause = NULL;

	*out = NULL;
	if (raw == NULL || len == 0) {
		*cause = xstrdup("empty message");
		return -1;
	}
	/* mime_parse pads its copy for libetpan's decoders. */
	if (mime_parse(raw, len, &m, &mcause) != 0) {
		r = parse_result_new();
		r->kind = PARSE_INVALID;
		parse_error(r, "message: could not be read: %s", mcause ?
		    mcause : "malformed");
		free(mcause);
		parse_ours_init(&o, self, sp);
		parse_headers_only(r, raw, len, &o);
		parse_ours_clear(&o);
		parse_name_fallback(r);
		*out = r;
		return 0;
	}
	/* A post the list wrapped is read as the post (as ingest does). */
	listmail_unwrap(raw, len, m, self != NULL ? self->list_address : NULL,
	    &lm);
	parse_mime(lm.form == LISTMAIL_WRAPPED ? lm.posts[0].m : m, sp, self,
	    out);
	listmail_clear(&lm);
	mime_free(&m);
	return 0;
}

const char *
parse_kind_name(enum parse_kind kind)
{
	switch (kind) {
	case PARSE_REGISTRATION:
		return "registration";
	case PARSE_CANCELLATION:
		return "cancellation";
	case PARSE_EVALUATION:
		return "evaluation";
	case PARSE_INVALID:
		return "invalid";
	case PARSE_UNRELATED:
		return "unrelated";
	case PARSE_AUTO:
		return "auto";
	case PARSE_INTEREST:
		return "interest";
	}
	return "invalid";
}

const char *
parse_store_kind(enum parse_kind kind)
{
	/* The store's kinds predate the pre-announcement: an answer to it
	 * is kept as list mail, its reading in the interest tables. */
	return kind == PARSE_INTEREST ? "unrelated" : parse_kind_name(kind);
}

/* A string or JSON null. */
static json_t *
parse_json_str(const char *v)
{
	return v != NULL ? json_string(v) : json_null();
}

static json_t *
parse_json_bool(enum parse_bool b)
{
	return b == PARSE_NULL ? json_null() : json_boolean(b == PARSE_YES);
}

static json_t *
parse_json_day(enum dates_state st, day_t d)
{
	char	 iso[11];

	if (st != DATES_KNOWN)
		return json_null();
	dates_format_iso(d, iso);
	return json_string(iso);
}

static json_t *
parse_json_list(char **list, size_t n)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(list[i]));
	return a;
}

json_t *
parse_to_jansson(const struct parse_result *r, const char *slug)
{
	json_t	*o = json_object(), *answers = json_object(), *prose;
	size_t	 i;

	json_object_set_new_nocheck(o, "kind", json_string(parse_kind_name(r->kind)));
	json_object_set_new_nocheck(o, "sprint", parse_json_str(slug));
	json_object_set_new_nocheck(o, "from", parse_json_str(r->from));
	json_object_set_new_nocheck(o, "message_id", parse_json_str(r->message_id));
	json_object_set_new_nocheck(o, "name", parse_json_str(r->name));
	json_object_set_new_nocheck(o, "arrive", parse_json_day(r->arrive_state,
	    r->arrive));
	json_object_set_new_nocheck(o, "depart", parse_json_day(r->depart_state,
	    r->depart));
	json_object_set_new_nocheck(o, "local", json_boolean(r->local));
	json_object_set_new_nocheck(o, "accommodation",
	    parse_json_str(r->accommodation));
	json_object_set_new_nocheck(o, "newcomer", parse_json_bool(r->newcomer));
	json_object_set_new_nocheck(o, "funding", parse_json_bool(r->funding));
	json_object_set_new_nocheck(o, "diet", parse_json_str(r->diet));
	json_object_set_new_nocheck(o, "topics", parse_json_str(r->topics));
	for (i = 0; i < r->nanswers; i++)
		json_object_set_new(answers, r->answers[i].id,
		    r->answers[i].is_rating ?
		    json_integer(r->answers[i].rating) :
		    json_string(r->answers[i].text ? r->answers[i].text : ""));
	json_object_set_new_nocheck(o, "answers", answers);
	json_object_set_new_nocheck(o, "errors", parse_json_list(r->errors,
	    r->nerrors));
	json_object_set_new_nocheck(o, "warnings", parse_json_list(r->warnings,
	    r->nwarnings));
	json_object_set_new_nocheck(o, "notes", parse_json_str(r->notes));
	json_object_set_new_nocheck(o, "tentative", json_boolean(r->tentative));
	json_object_set_new_nocheck(o, "auto_reason", parse_json_str(r->auto_reason));
	if (r->ncustom > 0) {
		json_t	*fields = json_object();

		for (i = 0; i < r->ncustom; i++)
			json_object_set_new(fields, r->custom[i].id,
			    parse_json_str(r->custom[i].value));
		json_object_set_new_nocheck(o, "fields", fields);
	}
	if (r->interest != NULL)
		json_object_set_new_nocheck(o, "interest",
		    interest_reply_json(r->interest));
	if (r->prose) {
		prose = json_object();
		json_object_set_new_nocheck(prose, "arrive", parse_json_day(DATES_KNOWN,
		    r->prose_arrive));
		json_object_set_new_nocheck(prose, "depart", parse_json_day(
		    r->prose_depart_state, r->prose_depart));
		json_object_set_new_nocheck(o, "prose", prose);
	}
	return o;
}

char *
parse_to_json(const struct parse_result *r, const char *slug)
{
	json_t	*o = parse_to_jansson(r, slug);
	char	 small[2048], *json;
	size_t	 n;

	/* Strings from mail are valid UTF-8 here (parse_clean). Most
	 * results fit the small buffer; a larger one is dumped again. */
	if ((n = json_dumpb(o, small, sizeof small, JSON_COMPACT)) == 0)
		fatalx("parse: cannot build JSON");
	if (n <= sizeof small)
		json = xstrndup(small, n);
	else {
		json = xmalloc(n + 1);
		if (json_dumpb(o, json, n, JSON_COMPACT) != n)
			fatalx("parse: cannot build JSON");
		json[n] = '\0';
	}
	json_decref(o);
	return json;
}

void
parse_free(struct parse_result **rp)
{
	struct parse_result	*r = *rp;
	size_t			 i;

	if (r == NULL)
		return;
	free(r->from);
	free(r->message_id);
	free(r->in_reply_to);
	free(r->references);
	free(r->subject);
	free(r->name);
	free(r->accommodation);
	free(r->diet);
	free(r->topics);
	free(r->body);
	free(r->notes);
	for (i = 0; i < r->nanswers; i++) {
		free(r->answers[i].id);
		free(r->answers[i].text);
	}
	free(r->answers);
	for (i = 0; i < r->nerrors; i++)
		free(r->errors[i]);
	free(r->errors);
	for (i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
	free(r->auto_reason);
	for (i = 0; i < r->ncustom; i++)
		free(r->custom[i].value);
	free(r->custom);
	interest_reply_free(&r->interest);
	parse_free(&r->update);
	free(*rp);
	*rp = NULL;
}
