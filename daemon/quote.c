/*
 * quote.c -- what a person wrote, without what they quoted: "> " lines
 * and their attribution, Outlook's quoted original, signatures and the
 * footers phones add.
 */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "util.h"

struct line {
	const char	*s;
	size_t		 n;
	const char	*ts;	/* s without leading and trailing space */
	size_t		 tn;
	int		 keep;
};

static int
lc(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* The line without leading and trailing white space, as it was split. */
static void
trimmed(const struct line *l, const char **s, size_t *n)
{
	*s = l->ts;
	*n = l->tn;
}

static void
trim_line(struct line *l)
{
	const char	*p = l->s;
	size_t		 k = l->n;

	while (k > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		k--;
	}
	while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t' ||
	    p[k - 1] == '\r'))
		k--;
	l->ts = p;
	l->tn = k;
}

static int
blank(const struct line *l)
{
	const char	*s;
	size_t		 n;

	trimmed(l, &s, &n);
	return n == 0;
}

static int
starts(const struct line *l, const char *prefix)
{
	const char	*s;
	size_t		 n, pl;

	if (*prefix == '\0')
		return 1;
	trimmed(l, &s, &n);
	/* Most lines differ in the first byte: check it before the rest. */
	if (n == 0 || lc((unsigned char)s[0]) != lc((unsigned char)prefix[0]))
		return 0;
	pl = strlen(prefix);
	return n >= pl && util_strncaseeq(s, prefix, pl);
}

static int
ends(const char *s, size_t n, const char *suffix)
{
	size_t	 sl = strlen(suffix), i;

	if (n < sl)
		return 0;
	for (i = 0; i < sl; i++)
		if (lc((unsigned char)s[n - sl + i]) != lc((unsigned char)suffix[i]))
			return 0;
	return 1;
}

static int
quoted(const struct line *l)
{
	size_t	 i;

	for (i = 0; i < l->n && i < 3 && l->s[i] == ' '; i++)
		;
	return i < l->n && l->s[i] == '>';
}

static int
attribution_start(const struct line *l)
{
	return starts(l, "On ") || starts(l, "Am ") || starts(l, "Le ") ||
	    starts(l, "El ") || starts(l, "Il ") || starts(l, "Op ") ||
	    starts(l, "Den ");
}

/* Whether the line holds the verb of an attribution ("Anna wrote"). */
static int
has_verb(const struct line *l)
{
	static const char *const verbs[] = { " wrote", " writes",
	    " schrieb", " a écrit", " a ecrit", " escribió", " scritto",
	    " skrev", " schreef", " napisał", NULL };
	const char *const	*v;
	char			*t;
	int			 r = 0;

	if (l->n > 1000)
		return 0;
	t = xstrndup(l->s, l->n);
	for (v = verbs; *v != NULL && !r; v++)
		r = strstr(t, *v) != NULL;
	free(t);
	return r;
}

/*
 * "On Mon, 3 Jan 2027, Anna wrote:", "Am ... schrieb Anna <a@b>:",
 * "Le ... a écrit :", mutt's "* Anna <a@b> [2027-01-03]:"; prev is the
 * line before (or NULL), for an attribution wrapped over two lines.
 */
static int
attribution_end(const struct line *l, const struct line *prev)
{
	const char	*s;
	size_t		 n;

	if (quoted(l))
		return 0;
	trimmed(l, &s, &n);
	if (n == 0 || s[n - 1] != ':')
		return 0;
	if (n > 2 && s[0] == '*' && s[1] == ' ' && ends(s, n, "]:"))
		return 1;
	if (has_verb(l))
		return 1;
	if (ends(s, n, "wrote:") || ends(s, n, "schrieb:"))
		return 1;
	return prev != NULL && !quoted(prev) && attribution_start(prev) &&
	    has_verb(prev);
}

static int
sig_line(const struct line *l)
{
	size_t	 n = l->n;

	if (n > 0 && l->s[n - 1] == '\r')
		n--;
	return (n == 3 && memcmp(l->s, "-- ", 3) == 0) ||
	    (n == 2 && memcmp(l->s, "--", 2) == 0);
}

static int
footer_line(const struct line *l)
{
	static const char *const footers[] = { "Sent from my iPhone",
	    "Sent from my iPad", "Sent from my Android", "Sent from my Samsung",
	    "Sent from my Galaxy", "Sent from my mobile",
	    "Sent from my BlackBerry", "Von meinem iPhone gesendet",
	    "Von meinem iPad gesendet", "Von meinem Samsung",
	    "Von meinem Android", "Get Outlook for iOS",
	    "Get Outlook for Android", "Sent from Mail for Windows",
	    "Sent from Outlook", "Sent from Yahoo Mail",
	    "Envoyé de mon iPhone", "Envoyé de mon iPad",
	    "Sent from ProtonMail", "Sent with Proton Mail", NULL };
	const char *const	*f;

	const char		*s;
	size_t			 n;

	for (f = footers; *f != NULL; f++)
		if (starts(l, *f))
			return 1;
	/* "Sent from Mail<https://...> for Windows 10" */
	trimmed(l, &s, &n);
	if (starts(l, "Sent from Mail") && n < 200) {
		char	*t = xstrndup(s, n);
		int	 r = strstr(t, " for Windows") != NULL;

		free(t);
		return r;
	}
	return 0;
}

/* A header line of a quoted original: which kind, 0 if none. */
static int
hdr_kind(const struct line *l)
{
	static const struct {
		const char	*name;
		int		 kind;
	} h[] = {
		{ "From:", 1 }, { "Von:", 1 }, { "De :", 1 }, { "De:", 1 },
		{ "*From:*", 1 },
		{ "Sent:", 2 }, { "Date:", 2 }, { "Gesendet:", 2 },
		{ "Datum:", 2 }, { "Envoyé :", 2 }, { "Envoyé:", 2 },
		{ "*Sent:*", 2 },
		{ "To:", 3 }, { "An:", 3 }, { "À :", 3 }, { "A :", 3 },
		{ "Subject:", 3 }, { "Betreff:", 3 }, { "Objet :", 3 },
		{ "Cc:", 4 },
	};
	size_t	 i;

	for (i = 0; i < nitems(h); i++)
		if (starts(l, h[i].name))
			return h[i].kind;
	return 0;
}

/* A From: line followed by a Sent:/Date: and a To:/Subject: line. */
static int
header_block(const struct line *ls, size_t nl, size_t i)
{
	size_t	 k;
	int	 sent = 0, to = 0, kind;

	if (quoted(&ls[i]) || hdr_kind(&ls[i]) != 1)
		return 0;
	for (k = i + 1; k < nl && k <= i + 6; k++) {
		if (blank(&ls[k]))
			continue;
		if ((kind = hdr_kind(&ls[k])) == 0)
			break;
		if (kind == 2)
			sent = 1;
		if (kind == 3)
			to = 1;
	}
	return sent && to;
}

static int
separator(const struct line *l)
{
	const char	*s;
	size_t		 n, i;

	trimmed(l, &s, &n);
	if (n >= 10) {
		for (i = 0; i < n && s[i] == '_'; i++)
			;
		if (i == n)
			return 1;
	}
	return starts(l, "-----Original Message-----") ||
	    starts(l, "----- Original Message -----") ||
	    starts(l, "-----Ursprüngliche Nachricht-----") ||
	    starts(l, "-----Message d'origine-----") ||
	    starts(l, "-------- Original Message --------") ||
	    starts(l, "-------- Forwarded Message --------");
}

/* The first line of what is cut to the end, or nl. */
static size_t
cut_point(const struct line *ls, size_t nl)
{
	size_t	 i, k;

	for (i = 0; i < nl; i++) {
		/* A "> " line is none of these: the common case, skipped. */
		if (ls[i].tn > 0 && ls[i].ts[0] == '>')
			continue;
		if (sig_line(&ls[i]) || footer_line(&ls[i]))
			return i;
		if (header_block(ls, nl, i))
			return i;
		if (!separator(&ls[i]))
			continue;
		if (!starts(&ls[i], "_"))
			return i;	/* "-----Original Message-----" */
		/* Underscores: only with a header block after them. */
		for (k = i + 1; k < nl && blank(&ls[k]); k++)
			;
		if (k < nl && hdr_kind(&ls[k]) == 1)
			return i;
	}
	return nl;
}

char *
quote_strip(const char *text)
{
	struct line	*ls = NULL;
	size_t		 nl = 0, cap = 0, i, j, end;
	const char	*p = text, *e;
	struct buf	 b;
	int		 blanks = 0, any = 0;

	while (*p != '\0') {
		e = strchr(p, '\n');
		if (nl == cap) {
			cap = cap ? cap * 2 : 64;
			ls = xreallocarray(ls, cap, sizeof *ls);
		}
		ls[nl].s = p;
		ls[nl].n = e ? (size_t)(e - p) : strlen(p);
		ls[nl].keep = 1;
		trim_line(&ls[nl]);
		nl++;
		p = e ? e + 1 : p + strlen(p);
	}

	end = cut_point(ls, nl);
	for (i = 0; i < end; i++) {
		if (quoted(&ls[i]))
			ls[i].keep = 0;
	}
	/* An attribution before a quote block (or before the cut). */
	for (i = 0; i < end; i++) {
		if (!attribution_end(&ls[i], i > 0 ? &ls[i - 1] : NULL))
			continue;
		for (j = i + 1; j < end && blank(&ls[j]); j++)
			;
		if (j < end && !quoted(&ls[j]))
			continue;
		ls[i].keep = 0;
		if (!attribution_start(&ls[i]) && i > 0 && !blank(&ls[i - 1]) &&
		    !quoted(&ls[i - 1]) && attribution_start(&ls[i - 1]))
			ls[i - 1].keep = 0;
	}

	buf_init(&b, 0);
	for (i = 0; i < end; i++) {
		if (!ls[i].keep)
			continue;
		if (blank(&ls[i])) {
			blanks++;
			continue;
		}
		if (any) {
			buf_addch(&b, '\n');
			if (blanks > 0)
				buf_addch(&b, '\n');
		}
		j = ls[i].n;
		while (j > 0 && (ls[i].s[j - 1] == '\r' ||
		    ls[i].s[j - 1] == ' ' || ls[i].s[j - 1] == '\t'))
			j--;
		buf_add(&b, ls[i].s, j);
		any = 1;
		blanks = 0;
	}
	free(ls);
	if (b.data == NULL) {
		buf_free(&b);
		return xstrdup("");
	}
	return buf_steal(&b, NULL);
}
