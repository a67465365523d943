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
 * humandate.c -- the date ranges people write when they register, read
 * against the sprint (the grammar: tokens, readings, the window).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "humandate.h"
#include "util.h"

/*
 * The human forms. The text is normalized (ASCII lower case, accents
 * folded, dashes and arrows made ASCII), cut into tokens, stripped of
 * words that only say the dates are tentative, and every way of reading
 * it as "date", "date SEP date" or "date SEP" is tried; each reading is
 * resolved against the sprint and checked. One distinct valid result is
 * the answer; two are ambiguous.
 */

#define HUMANDATE_TEXT_MAX	200
/* Folding can make the text grow. */
#define HUMANDATE_NORM_MAX	(2 * HUMANDATE_TEXT_MAX + 2)
#define HUMANDATE_TOK_MAX	HUMANDATE_NORM_MAX
#define HUMANDATE_ALT_MAX	24
#define HUMANDATE_RES_MAX	64
#define HUMANDATE_SLACK	14	/* days allowed around the sprint */
#define HUMANDATE_QUOTE_MAX	60
#define HUMANDATE_PROSE_MAX	(16 * 1024)	/* prose read, in bytes */
#define HUMANDATE_CUE_REACH	8	/* tokens after a cue word to look at */

enum tok_type {
	T_NUM, T_WORD, T_DASH, T_SLASH, T_DOT, T_QMARK, T_COMMA, T_LPAREN,
	T_RPAREN, T_COLON, T_ARROW, T_ELLIP, T_TILDE, T_APOS, T_BAD
};

struct tok {
	enum tok_type	 type;
	int		 sp;		/* white space before it */
	int		 val;		/* T_NUM value; T_DASH count */
	int		 ndig;		/* T_NUM digits */
	int		 ord;		/* T_NUM had st/nd/rd/th/er */
	const char	*str;		/* in the normalized text */
	size_t		 len;
};

enum term_kind { TERM_DATE, TERM_UNKNOWN, TERM_LOCAL };
enum term_order { ORD_NONE, ORD_DM, ORD_MD };

struct term {
	enum term_kind	 kind;
	int		 d, m, y;	/* m, y 0 when not written; y < 0: two
					   digits yy as -1 - yy */
	int		 tent;
	int		 wday;		/* -1, or 0 = Monday ... 6 = Sunday */
	int		 order;		/* how a numeric "a/b" was read */
	int		 slash;		/* a '/' inside the date */
	int		 mword;		/* month written as a word */
	int		 strong;	/* can't be a plain number (prose) */
	int		 numdate;	/* month written as a number */
	int		 ds, de;	/* tokens of the date itself */
};

struct alt {
	struct term	 t;
	int		 next;
};

/* What a word in front of a whole range or date says. */
enum prefix { PRE_NONE, PRE_FROM, PRE_FROM_STRONG, PRE_BETWEEN, PRE_UNTIL };

/* Why a reading failed, most telling first. */
enum why_prio { WHY_NONE, WHY_REAL, WHY_MIXED, WHY_WINDOW, WHY_ORDER,
	WHY_WDAY };

struct reading {
	struct humandate_range r;
	int		 ok;
	char		*why;		/* when !ok: why not */
	int		 prio;
	struct term	 t1, t2;
	int		 has_t2;
	int		 end;		/* token after it */
};

/* Folded (lower case, no accents) month names and abbreviations. */
static const struct {
	const char	*name;
	int		 month;
} humandate_months[] = {
	/* English, with abbreviations. */
	{ "january", 1 }, { "jan", 1 }, { "february", 2 }, { "feb", 2 },
	{ "march", 3 }, { "mar", 3 }, { "april", 4 }, { "apr", 4 },
	{ "may", 5 }, { "june", 6 }, { "jun", 6 }, { "july", 7 },
	{ "jul", 7 }, { "august", 8 }, { "aug", 8 }, { "september", 9 },
	{ "sept", 9 }, { "sep", 9 }, { "october", 10 }, { "oct", 10 },
	{ "november", 11 }, { "nov", 11 }, { "december", 12 }, { "dec", 12 },
	/* German. */
	{ "januar", 1 }, { "janner", 1 }, { "jaenner", 1 }, { "februar", 2 },
	{ "marz", 3 }, { "maerz", 3 }, { "mrz", 3 }, { "mai", 5 },
	{ "juni", 6 }, { "juli", 7 }, { "oktober", 10 }, { "okt", 10 },
	{ "dezember", 12 }, { "dez", 12 },
	/* Italian. */
	{ "gennaio", 1 }, { "febbraio", 2 }, { "marzo", 3 }, { "aprile", 4 },
	{ "maggio", 5 }, { "giugno", 6 }, { "luglio", 7 }, { "agosto", 8 },
	{ "settembre", 9 }, { "ottobre", 10 }, { "novembre", 11 },
	{ "dicembre", 12 },
	/* French. */
	{ "janvier", 1 }, { "janv", 1 }, { "fevrier", 2 }, { "fevr", 2 },
	{ "fev", 2 }, { "mars", 3 }, { "avril", 4 }, { "avr", 4 },
	{ "juin", 6 }, { "juillet", 7 }, { "juil", 7 }, { "aout", 8 },
	{ "septembre", 9 }, { "octobre", 10 }, { "decembre", 12 },
};

/* Weekdays in front of a date; clash: also a month ("mar"). */
static const struct {
	const char	*name;
	int		 wday;
	int		 clash;
} humandate_wdays[] = {
	{ "monday", 0, 0 }, { "mon", 0, 0 }, { "tuesday", 1, 0 },
	{ "tue", 1, 0 }, { "tues", 1, 0 }, { "wednesday", 2, 0 },
	{ "wed", 2, 0 }, { "thursday", 3, 0 }, { "thu", 3, 0 },
	{ "thur", 3, 0 }, { "thurs", 3, 0 }, { "friday", 4, 0 },
	{ "fri", 4, 0 }, { "saturday", 5, 0 }, { "sat", 5, 0 },
	{ "sunday", 6, 0 }, { "sun", 6, 0 },
	{ "montag", 0, 0 }, { "mo", 0, 0 }, { "dienstag", 1, 0 },
	{ "di", 1, 0 }, { "mittwoch", 2, 0 }, { "mi", 2, 0 },
	{ "donnerstag", 3, 0 }, { "do", 3, 0 }, { "freitag", 4, 0 },
	{ "fr", 4, 0 }, { "samstag", 5, 0 }, { "sonnabend", 5, 0 },
	{ "sa", 5, 0 }, { "sonntag", 6, 0 }, { "so", 6, 0 },
	{ "lundi", 0, 0 }, { "lun", 0, 0 }, { "mardi", 1, 0 },
	{ "mar", 1, 1 }, { "mercredi", 2, 0 }, { "mer", 2, 0 },
	{ "jeudi", 3, 0 }, { "jeu", 3, 0 }, { "vendredi", 4, 0 },
	{ "ven", 4, 0 }, { "samedi", 5, 0 }, { "sam", 5, 0 },
	{ "dimanche", 6, 0 }, { "dim", 6, 0 },
};

static const char *humandate_roman[] = {
	"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"
};

/* Whole texts that mean "lives there": present every day. */
static const char *humandate_local[] = {
	"-", "--", "---", "local", "lives there", "living there",
	"always there", "lives here", "always here",
};

static const char *humandate_daypart[] = {
	"morning", "noon", "afternoon", "evening", "night",
};

/* Words before a date that say nothing about the day. */
static const char *humandate_articles[] = {
	"the", "on", "le", "am", "zum", "dem", "den",
};

/*
 * Phrases (folded) that make a date tentative, in front of it or after
 * it. Longer phrases win over their prefixes.
 */
static const char *humandate_tentative[] = {
	"maybe", "perhaps", "possibly", "probably", "likely", "most likely",
	"very likely", "hopefully", "tentative", "tentatively", "tbc", "tbd",
	"to be confirmed", "not confirmed", "unconfirmed", "not sure",
	"not sure yet", "not yet sure", "unsure", "approx", "approximately",
	"roughly", "around", "about", "circa", "ca", "i think", "or so",
	"preliminary", "provisional", "provisionally",
	"vielleicht", "wahrscheinlich", "ungefahr", "voraussichtlich",
	"vermutlich", "eventuell", "evtl", "etwa", "noch nicht sicher",
	"nicht sicher", "unsicher", "noch unsicher", "vorlaufig",
	"noch offen", "unter vorbehalt",
	"peut-etre", "peut etre", "probablement", "environ", "a confirmer",
	"sans doute", "vers", "a peu pres", "pas encore sur", "pas sur",
	"provisoire", "provisoirement", "a priori",
};

static const struct {
	const char	*words;
	enum prefix	 kind;
} humandate_prefixes[] = {
	{ "from", PRE_FROM }, { "von", PRE_FROM }, { "ab", PRE_FROM },
	{ "de", PRE_FROM }, { "des", PRE_FROM }, { "a partir du", PRE_FROM },
	{ "a partir de", PRE_FROM }, { "vom", PRE_FROM_STRONG },
	{ "du", PRE_FROM_STRONG }, { "between", PRE_BETWEEN },
	{ "zwischen", PRE_BETWEEN }, { "entre", PRE_BETWEEN },
	{ "until", PRE_UNTIL }, { "till", PRE_UNTIL }, { "til", PRE_UNTIL },
	{ "bis", PRE_UNTIL }, { "jusqu'au", PRE_UNTIL },
	{ "jusqu'a", PRE_UNTIL },
};

/* Words between two dates; "and" only after "between". */
static const char *humandate_sep_words[] = {
	"to", "until", "till", "til", "through", "thru", "bis", "au", "a",
	"jusqu'au", "jusqu'a",
};
static const char *humandate_and_words[] = { "and", "und", "et" };

/*
 * Prose: words that announce an arrival or a departure; CUE_EITHER is a
 * German verb whose particle ("an", "ab") decides.
 */
enum cue { CUE_NONE, CUE_ARRIVE, CUE_DEPART, CUE_EITHER };

static const struct {
	const char	*words;
	enum cue	 cue;
} humandate_cues[] = {
	{ "arrive", CUE_ARRIVE }, { "arrives", CUE_ARRIVE },
	{ "arriving", CUE_ARRIVE }, { "arrival", CUE_ARRIVE },
	{ "come", CUE_ARRIVE }, { "coming", CUE_ARRIVE },
	{ "get there", CUE_ARRIVE }, { "be there", CUE_ARRIVE },
	{ "getting there", CUE_ARRIVE }, { "fly in", CUE_ARRIVE },
	{ "flying in", CUE_ARRIVE }, { "join", CUE_ARRIVE },
	{ "joining", CUE_ARRIVE },
	{ "land", CUE_ARRIVE }, { "landing", CUE_ARRIVE },
	{ "anreise", CUE_ARRIVE }, { "ankunft", CUE_ARRIVE },
	{ "komme", CUE_ARRIVE }, { "kommen", CUE_ARRIVE },
	{ "arriverai", CUE_ARRIVE }, { "arrivee", CUE_ARRIVE },
	{ "viens", CUE_ARRIVE }, { "viendrai", CUE_ARRIVE },
	{ "leave", CUE_DEPART }, { "leaves", CUE_DEPART },
	{ "leaving", CUE_DEPART }, { "depart", CUE_DEPART },
	{ "departing", CUE_DEPART }, { "departure", CUE_DEPART },
	{ "go home", CUE_DEPART }, { "going home", CUE_DEPART },
	{ "fly back", CUE_DEPART }, { "flying back", CUE_DEPART },
	{ "stay until", CUE_DEPART }, { "stay till", CUE_DEPART },
	{ "staying until", CUE_DEPART }, { "abreise", CUE_DEPART },
	{ "abfahrt", CUE_DEPART }, { "bleibe bis", CUE_DEPART },
	{ "repars", CUE_DEPART },
	{ "repartirai", CUE_DEPART }, { "partirai", CUE_DEPART },
	{ "pars", CUE_DEPART }, { "quitte", CUE_DEPART },
	{ "reise", CUE_EITHER }, { "fahre", CUE_EITHER },
	{ "fliege", CUE_EITHER }, { "reisen", CUE_EITHER },
};

static int
word_is(const struct tok *t, const char *w)
{
	return t->type == T_WORD && strlen(w) == t->len &&
	    memcmp(t->str, w, t->len) == 0;
}

static int
word_in(const struct tok *t, const char *const *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (word_is(t, list[i]))
			return 1;
	}
	return 0;
}

static int
word_month(const struct tok *t)
{
	size_t	 i;

	if (t->type != T_WORD)
		return 0;
	for (i = 0; i < nitems(humandate_months); i++) {
		if (word_is(t, humandate_months[i].name))
			return humandate_months[i].month;
	}
	return 0;
}

/* The weekday a word names, or -1; *clash when it is a month too. */
static int
word_wday(const struct tok *t, int *clash)
{
	size_t	 i;

	if (t->type != T_WORD)
		return -1;
	for (i = 0; i < nitems(humandate_wdays); i++) {
		if (word_is(t, humandate_wdays[i].name)) {
			*clash = humandate_wdays[i].clash;
			return humandate_wdays[i].wday;
		}
	}
	return -1;
}

static int
word_roman(const struct tok *t)
{
	size_t	 i;

	for (i = 0; i < nitems(humandate_roman); i++) {
		if (word_is(t, humandate_roman[i]))
			return (int)i + 1;
	}
	return 0;
}

/*
 * How many tokens from tok[i] spell the phrase (folded text, single
 * blanks), or 0. The phrase must end where a token ends.
 */
static int
phrase_at(const struct tok *tok, int n, int i, const char *ph)
{
	size_t		 len = strlen(ph);
	const char	*end;
	int		 k;

	if (i >= n || tok[i].type != T_WORD || strncmp(tok[i].str, ph,
	    len) != 0)
		return 0;
	end = tok[i].str + len;
	for (k = i; k < n && tok[k].str < end; k++)
		;
	if (tok[k - 1].str + tok[k - 1].len != end)
		return 0;
	return k - i;
}

/* The longest tentative phrase at tok[i], with a dot after it; or 0. */
static int
tentative_at(const struct tok *tok, int n, int i)
{
	size_t	 k;
	int	 best = 0, len;

	for (k = 0; k < nitems(humandate_tentative); k++) {
		if ((len = phrase_at(tok, n, i, humandate_tentative[k])) > best)
			best = len;
	}
	if (best > 0 && i + best < n && tok[i + best].type == T_DOT &&
	    !tok[i + best].sp)
		best++;
	return best;
}

/* The text for a message: cut short, no control characters or quotes. */
static char *
humandate_quote(const char *text)
{
	char	 q[HUMANDATE_QUOTE_MAX + 4];
	size_t	 n, i;

	n = strnlen(text, HUMANDATE_QUOTE_MAX + 1);
	if (n > HUMANDATE_QUOTE_MAX) {
		n = HUMANDATE_QUOTE_MAX;
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++) {
		q[i] = text[i];
		if ((unsigned char)q[i] < 0x20 || q[i] == 0x7f || q[i] == '"')
			q[i] = ' ';
	}
	if (text[n] != '\0')
		q[i++] = '.', q[i++] = '.', q[i++] = '.';
	q[i] = '\0';
	return xstrdup(q);
}

static char *
fmt_day(day_t d, char buf[11])
{
	dates_format_iso(d, buf);
	return buf;
}

/* "14 March 2027"; with_year 0: "14 March". */
static char *
fmt_words(day_t day, int with_year, char buf[32])
{
	int	 y, m, d;

	dates_to_ymd(day, &y, &m, &d);
	if (with_year)
		snprintf(buf, 32, "%d %s %d", d, dates_month_en[m - 1], y);
	else
		snprintf(buf, 32, "%d %s", d, dates_month_en[m - 1]);
	return buf;
}

/*
 * The one example every message gives: the sprint's own dates, written
 * "7-14 January 2027" and "2027-01-07 to 2027-01-14".
 */
static char *
humandate_expect_range(const struct humandate_ctx *ctx)
{
	char	 w[80], b1[32], b2[32], i1[11], i2[11];
	int	 y1, m1, d1, y2, m2, d2;

	dates_to_ymd(ctx->start, &y1, &m1, &d1);
	dates_to_ymd(ctx->end, &y2, &m2, &d2);
	if (ctx->start == ctx->end)
		fmt_words(ctx->start, 1, w);
	else if (y1 == y2 && m1 == m2)
		snprintf(w, sizeof w, "%d-%d %s %d", d1, d2,
		    dates_month_en[m1 - 1], y1);
	else
		snprintf(w, sizeof w, "%s - %s", fmt_words(ctx->start,
		    y1 != y2, b1), fmt_words(ctx->end, 1, b2));
	if (ctx->start == ctx->end)
		return xprintf("expected dates like \"%s\" or %s, \"?\" when "
		    "not known yet, or \"lives there\"", w,
		    fmt_day(ctx->start, i1));
	return xprintf("expected a range like \"%s\" or \"%s to %s\", "
	    "\"?\" when not known yet, or \"lives there\"", w,
	    fmt_day(ctx->start, i1), fmt_day(ctx->end, i2));
}

static char *
humandate_expect_one(const struct humandate_ctx *ctx, int is_depart)
{
	char	 w[32], i1[11];
	day_t	 d = is_depart ? ctx->end : ctx->start;

	return xprintf("expected a date like \"%s\" or %s, \"?\" when not "
	    "known yet, or \"lives there\"", fmt_words(d, 1, w),
	    fmt_day(d, i1));
}

/* *cause = "TEXT": why; expected... (why may be NULL). */
static void
humandate_cause(char **cause, const char *text, const char *why,
    const char *expect)
{
	char	*q;

	if (cause == NULL)
		return;
	q = humandate_quote(text);
	if (why != NULL)
		*cause = xprintf("\"%s\": %s; %s", q, why, expect);
	else
		*cause = xprintf("\"%s\": %s", q, expect);
	free(q);
}

/* Folded forms of the Latin-1 letters, U+00C0 to U+00FF. */
static const char *humandate_fold[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", NULL,
	"o", "u", "u", "u", "u", "y", NULL, "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c",
	"e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", NULL,
	"o", "u", "u", "u", "u", "y", NULL, "y",
};

/*
 * Normalizes text into buf: ASCII lower case, Latin-1 letters without
 * their accents, white space and no-break spaces to one blank, dashes and
 * minus signs to '-', arrows to "->", the ellipsis to "...", curly quotes
 * to straight ones, trimmed. Returns -1 when too long or when it holds
 * control characters. In prose, control characters are blanks, lines
 * quoted with '>' are left out and a long text is cut.
 */
static int
humandate_normalize(const char *text, char *buf, size_t bufsz, int prose)
{
	const unsigned char	*p = (const unsigned char *)text;
	const char		*rep;
	char			 one[2];
	size_t			 n = 0, k;
	int			 space = 0, bol = 1;
	unsigned char		 c;

	for (; *p != '\0'; p++) {
		c = *p;
		if (prose && bol) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '>') {
				while (*p != '\0' && *p != '\n')
					p++;
				if (*p == '\0')
					break;
				continue;
			}
			c = *p;
			if (c == '\0')
				break;
		}
		bol = c == '\n';
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    (prose && (c < 0x20 || c == 0x7f))) {
			space = 1;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			return -1;
		one[0] = (char)c;
		one[1] = '\0';
		rep = one;
		if (c == 0xc2 && p[1] == 0xa0) {	/* no-break space */
			p++;
			space = 1;
			continue;
		}
		if (c == 0xe2 && p[1] == 0x80 && (p[2] == 0x89 ||
		    p[2] == 0xaf)) {			/* thin spaces */
			p += 2;
			space = 1;
			continue;
		}
		if (c == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf &&
		    humandate_fold[p[1] - 0x80] != NULL) {
			rep = humandate_fold[p[1] - 0x80];
			p++;
		} else if (c == 0xe2 && p[1] == 0x80 && p[2] >= 0x90 &&
		    p[2] <= 0x95) {			/* dashes */
			rep = "-";
			p += 2;
		} else if (c == 0xe2 && p[1] == 0x88 && p[2] == 0x92) {
			rep = "-";			/* minus */
			p += 2;
		} else if (c == 0xe2 && p[1] == 0x86 && p[2] == 0x92) {
			rep = "->";			/* arrow */
			p += 2;
		} else if (c == 0xe2 && p[1] == 0x80 && p[2] == 0xa6) {
			rep = "...";			/* ellipsis */
			p += 2;
		} else if (c == 0xe2 && p[1] == 0x80 && (p[2] == 0x98 ||
		    p[2] == 0x99)) {
			rep = "'";
			p += 2;
		} else if (c >= 'A' && c <= 'Z')
			one[0] = (char)(c - 'A' + 'a');
		k = strlen(rep);
		if (n + k + 2 >= bufsz) {
			if (prose)
				break;
			return -1;
		}
		if (space && n > 0)
			buf[n++] = ' ';
		space = 0;
		memcpy(buf + n, rep, k);
		n += k;
	}
	buf[n] = '\0';
	return 0;
}

static int
is_ord_suffix(const char *s, size_t k)
{
	static const char *sfx[] = { "st", "nd", "rd", "th", "er", "re",
	    "e", "eme" };
	size_t	 i;

	for (i = 0; i < nitems(sfx); i++) {
		if (strlen(sfx[i]) == k && strncmp(s, sfx[i], k) == 0)
			return 1;
	}
	return 0;
}

/* Cuts s into tokens; returns how many, or -1 when there are too many. */
static int
humandate_tokenize(const char *s, struct tok *tok, int max)
{
	int	 n = 0, sp = 0;
	size_t	 k;

	while (*s != '\0') {
		if (*s == ' ') {
			sp = 1;
			s++;
			continue;
		}
		if (n >= max)
			return -1;
		memset(&tok[n], 0, sizeof tok[n]);
		tok[n].sp = sp;
		tok[n].str = s;
		sp = 0;
		if (*s >= '0' && *s <= '9') {
			tok[n].type = T_NUM;
			for (k = 0; s[k] >= '0' && s[k] <= '9'; k++) {
				if (k < 4)
					tok[n].val = tok[n].val * 10 +
					    (s[k] - '0');
			}
			tok[n].ndig = (int)k;
			if (k > 4)
				tok[n].type = T_BAD;
			s += k;
			for (k = 0; s[k] >= 'a' && s[k] <= 'z'; k++)
				;
			if (k != 0 && is_ord_suffix(s, k))
				tok[n].ord = 1;
			else if (k != 0)
				tok[n].type = T_BAD;
			s += k;
		} else if ((*s >= 'a' && *s <= 'z') ||
		    (unsigned char)*s >= 0x80) {
			tok[n].type = T_WORD;
			for (k = 0; (s[k] >= 'a' && s[k] <= 'z') ||
			    (unsigned char)s[k] >= 0x80; k++)
				;
			s += k;
		} else if (*s == '-' || (*s == '=' && s[1] == '>')) {
			tok[n].type = T_DASH;
			for (k = 0; s[k] == '-' || (k == 0 && s[k] == '='); k++)
				;
			tok[n].val = (int)k;
			if (s[k] == '>') {
				tok[n].type = T_ARROW;
				k++;
			}
			s += k;
		} else if (*s == '.') {
			for (k = 0; s[k] == '.'; k++)
				;
			tok[n].type = k > 1 ? T_ELLIP : T_DOT;
			s += k;
		} else {
			switch (*s) {
			case '/':
				tok[n].type = T_SLASH;
				break;
			case '?':
				tok[n].type = T_QMARK;
				break;
			case ',':
				tok[n].type = T_COMMA;
				break;
			case '(':
				tok[n].type = T_LPAREN;
				break;
			case ')':
				tok[n].type = T_RPAREN;
				break;
			case ':':
				tok[n].type = T_COLON;
				break;
			case '~':
				tok[n].type = T_TILDE;
				break;
			case '\'':
				tok[n].type = T_APOS;
				break;
			default:
				tok[n].type = T_BAD;
				break;
			}
			s++;
		}
		tok[n].len = (size_t)(s - tok[n].str);
		n++;
	}
	return n;
}

/* Is tok[i] a token of this type with nothing between it and tok[i-1]? */
static int
tight(const struct tok *tok, int n, int i, enum tok_type type)
{
	return i < n && tok[i].type == type && !tok[i].sp;
}

static int
is_day(const struct tok *t)
{
	return t->type == T_NUM && t->ndig <= 2 && t->val >= 1 &&
	    t->val <= 31;
}

static int
is_month_num(const struct tok *t)
{
	return t->type == T_NUM && !t->ord && t->ndig <= 2 && t->val >= 1 &&
	    t->val <= 12;
}

static int
is_year(const struct tok *t)
{
	return t->type == T_NUM && !t->ord && t->ndig == 4;
}

/* A year after a day and month: 2027, or 27 (-1: the nearest century). */
static int
is_dm_year(const struct tok *t)
{
	return t->type == T_NUM && !t->ord && (t->ndig == 4 || t->ndig == 2);
}

static int
dm_year(const struct tok *t)
{
	return t->ndig == 2 ? -1 - t->val : t->val;
}

/* Skips "the", "on the", "am", "le", ...; *seen when one was there. */
static int
skip_articles(const struct tok *tok, int n, int i, int *seen)
{
	while (i < n && word_in(&tok[i], humandate_articles,
	    nitems(humandate_articles))) {
		*seen = 1;
		i++;
	}
	return i;
}

/*
 * After a date: an optional "?" (tentative), an optional note of the time
 * of day, "(evening)" or "(9:26)", which says nothing about the day, and
 * an optional weekday in brackets, "(Sunday)".
 */
static int
term_tail(const struct tok *tok, int n, int i, struct term *t)
{
	size_t	 k;
	int	 w, clash, j;

	while (tight(tok, n, i, T_QMARK)) {
		t->tent = 1;
		i++;
	}
	if (i + 2 < n && tok[i].type == T_LPAREN) {
		for (k = 0; k < nitems(humandate_daypart); k++) {
			if (word_is(&tok[i + 1], humandate_daypart[k]) &&
			    tok[i + 2].type == T_RPAREN)
				return i + 3;
		}
		if ((w = word_wday(&tok[i + 1], &clash)) != -1 && !clash) {
			j = i + 2;
			if (tight(tok, n, j, T_DOT))
				j++;
			if (j < n && tok[j].type == T_RPAREN &&
			    t->wday == -1) {
				t->wday = w;
				return j + 1;
			}
		}
	}
	if (i + 4 < n && tok[i].type == T_LPAREN && tok[i + 1].type == T_NUM &&
	    tok[i + 1].ndig <= 2 && tok[i + 1].val <= 23 && !tok[i + 1].ord &&
	    tok[i + 2].type == T_COLON && tok[i + 3].type == T_NUM &&
	    tok[i + 3].ndig == 2 && tok[i + 3].val <= 59 && !tok[i + 3].ord &&
	    tok[i + 4].type == T_RPAREN)
		return i + 5;
	return i;
}

static void
add_alt(struct alt *alts, int *nalts, const struct term *t, int next)
{
	if (*nalts >= HUMANDATE_ALT_MAX)
		return;
	alts[*nalts].t = *t;
	alts[*nalts].next = next;
	(*nalts)++;
}

/* "Mar 14", "14 March 2027": a year after a comma or a blank. */
static int
term_year(const struct tok *tok, int n, int k, struct term *t)
{
	int	 j = k;

	if (j < n && tok[j].type == T_COMMA)
		j++;
	if (j < n && is_year(&tok[j])) {
		t->y = tok[j].val;
		return j + 1;
	}
	return k;
}

/* Every way a date without a weekday can be read starting at tok[i]. */
static int
date_alts(const struct tok *tok, int n, int i, struct alt *alts)
{
	struct term	 t, base;
	int		 nalts = 0, j, k, m;

	if (i >= n)
		return 0;
	memset(&base, 0, sizeof base);
	base.kind = TERM_DATE;
	base.wday = -1;
	base.ds = i;

	/* 2027-01-07, 2027/01/07 */
	if (is_year(&tok[i])) {
		if (i + 4 < n && (tight(tok, n, i + 1, T_DASH) ||
		    tight(tok, n, i + 1, T_SLASH)) && tok[i + 1].val <= 1 &&
		    tight(tok, n, i + 2, T_NUM) && is_month_num(&tok[i + 2]) &&
		    tight(tok, n, i + 3, tok[i + 1].type) &&
		    tok[i + 3].val <= 1 && tight(tok, n, i + 4, T_NUM) &&
		    is_day(&tok[i + 4]) && !tok[i + 4].ord) {
			t = base;
			t.y = tok[i].val;
			t.m = tok[i + 2].val;
			t.d = tok[i + 4].val;
			t.strong = t.numdate = 1;
			t.de = i + 5;
			add_alt(alts, &nalts, &t, term_tail(tok, n, i + 5, &t));
		}
		return nalts;
	}

	/* Jan 7, March 3rd, oct 7th, 2012 */
	if ((m = word_month(&tok[i])) != 0) {
		j = i + 1;
		if (tight(tok, n, j, T_DOT))
			j++;
		if (j < n && is_day(&tok[j])) {
			t = base;
			t.m = m;
			t.d = tok[j].val;
			t.mword = t.strong = 1;
			t.de = j + 1;
			j = term_tail(tok, n, j + 1, &t);
			add_alt(alts, &nalts, &t, term_year(tok, n, j, &t));
		}
		return nalts;
	}

	if (!is_day(&tok[i]))
		return 0;
	base.d = tok[i].val;
	base.strong = tok[i].ord;
	j = i + 1;
	if (!tok[i].ord && tight(tok, n, j, T_QMARK)) {
		base.tent = 1;
		j++;
	}

	/* A bare day: 7, 7th, 7th?, 22., and "20, 2027" after a month. */
	t = base;
	t.de = j;
	k = term_tail(tok, n, j, &t);
	add_alt(alts, &nalts, &t, k);
	if (t.y == 0 && (k = term_year(tok, n, k, &t)) != t.de &&
	    t.y != 0)
		add_alt(alts, &nalts, &t, k);
	if (!tok[i].ord && !base.tent && tight(tok, n, j, T_DOT) &&
	    !(j + 1 < n && !tok[j + 1].sp && (tok[j + 1].type == T_NUM ||
	    tok[j + 1].type == T_WORD))) {
		t = base;
		t.strong = 1;
		t.de = j + 1;
		add_alt(alts, &nalts, &t, j + 1);
	}

	if (!tok[i].ord) {
		/* 7/1, 7/1/2027, 30?/1; and month first, 1/7, 1/7/2027 */
		if (tight(tok, n, j, T_SLASH) && tight(tok, n, j + 1, T_NUM) &&
		    !tok[j + 1].ord) {
			t = base;
			t.slash = t.strong = t.numdate = 1;
			k = j + 2;
			if (tight(tok, n, k, T_SLASH) &&
			    tight(tok, n, k + 1, T_NUM) &&
			    is_dm_year(&tok[k + 1])) {
				t.y = dm_year(&tok[k + 1]);
				k += 2;
			}
			t.de = k;
			if (is_month_num(&tok[j + 1])) {
				t.m = tok[j + 1].val;
				t.order = ORD_DM;
				add_alt(alts, &nalts, &t,
				    term_tail(tok, n, k, &t));
			}
			t = base;
			t.slash = t.strong = t.numdate = 1;
			t.y = 0;
			if (k > j + 2)
				t.y = dm_year(&tok[k - 1]);
			t.de = k;
			if (!base.tent && is_month_num(&tok[i]) &&
			    is_day(&tok[j + 1])) {
				t.m = tok[i].val;
				t.d = tok[j + 1].val;
				t.order = ORD_MD;
				add_alt(alts, &nalts, &t,
				    term_tail(tok, n, k, &t));
			}
		}
		/* 7.1, 7.1., 7.1.2027, 14.V */
		if (!base.tent && tight(tok, n, j, T_DOT) && j + 1 < n &&
		    !tok[j + 1].sp) {
			t = base;
			k = j + 2;
			if (is_month_num(&tok[j + 1]))
				t.m = tok[j + 1].val;
			else if (tok[j + 1].type == T_WORD)
				t.m = word_roman(&tok[j + 1]);
			if (t.m != 0) {
				t.strong = t.numdate = 1;
				if (tight(tok, n, k, T_DOT))
					k++;
				if (tight(tok, n, k, T_NUM) &&
				    is_dm_year(&tok[k]) &&
				    tok[k - 1].type == T_DOT)
					t.y = dm_year(&tok[k++]);
				t.de = k;
				add_alt(alts, &nalts, &t,
				    term_tail(tok, n, k, &t));
			}
		}
	}

	/* 7 January, 7th of Jan 2027, 7. Januar, le 1er mars */
	k = j;
	if (!tok[i].ord && !base.tent && tight(tok, n, k, T_DOT))
		k++;
	if (k < n && word_is(&tok[k], "of"))
		k++;
	if (k < n && (m = word_month(&tok[k])) != 0 && tok[k].sp) {
		t = base;
		t.m = m;
		t.mword = t.strong = 1;
		k++;
		if (tight(tok, n, k, T_DOT))
			k++;
		t.de = k;
		k = term_tail(tok, n, k, &t);
		add_alt(alts, &nalts, &t, term_year(tok, n, k, &t));
	}
	return nalts;
}

/*
 * Every way a date can be read starting at tok[i]: "?", or a date after
 * optional articles and an optional weekday ("Sunday, March 14", "So
 * 14.3.", "dim. 14 mars", "on the 14th").
 */
static int
term_alts(const struct tok *tok, int n, int i, struct alt *alts)
{
	struct alt	 sub[HUMANDATE_ALT_MAX];
	struct term	 t;
	int		 nalts = 0, nsub, j, k, w, clash = 0, art = 0;

	i = skip_articles(tok, n, i, &art);
	if (i >= n)
		return 0;
	if (tok[i].type == T_QMARK) {
		memset(&t, 0, sizeof t);
		t.kind = TERM_UNKNOWN;
		t.wday = -1;
		for (j = i; j < n && tok[j].type == T_QMARK; j++)
			;
		add_alt(alts, &nalts, &t, j);
		return nalts;
	}
	if ((w = word_wday(&tok[i], &clash)) != -1) {
		j = i + 1;
		if (tight(tok, n, j, T_DOT))
			j++;
		if (j < n && tok[j].type == T_COMMA)
			j++;
		j = skip_articles(tok, n, j, &art);
		nsub = date_alts(tok, n, j, sub);
		for (k = 0; k < nsub; k++) {
			/* "mar 14" is March 14; "mar. 14 mars" a Tuesday. */
			if (clash && sub[k].t.m == 0)
				continue;
			sub[k].t.wday = w;
			sub[k].t.strong |= art;
			add_alt(alts, &nalts, &sub[k].t, sub[k].next);
		}
		if (!clash)
			return nalts;
	}
	nsub = date_alts(tok, n, i, sub);
	for (k = 0; k < nsub; k++) {
		sub[k].t.strong |= art;
		add_alt(alts, &nalts, &sub[k].t, sub[k].next);
	}
	return nalts;
}

/* The kind of range word at tok[i] and how many tokens it takes. */
static enum prefix
prefix_at(const struct tok *tok, int n, int i, int *len)
{
	size_t	 k;
	int	 l;

	for (k = 0; k < nitems(humandate_prefixes); k++) {
		if ((l = phrase_at(tok, n, i,
		    humandate_prefixes[k].words)) > 0) {
			*len = l;
			return humandate_prefixes[k].kind;
		}
	}
	return PRE_NONE;
}

/*
 * How many tokens the separator at tok[i] takes, or 0: - -- / -> ... to
 * until till through bis au jusqu'au, and after "between" also and/und/et.
 */
static int
sep_len(const struct tok *tok, int n, int i, int between)
{
	size_t	 k;
	int	 l;

	if (i >= n)
		return 0;
	switch (tok[i].type) {
	case T_DASH:
		return tok[i].val <= 2;
	case T_SLASH:
	case T_ARROW:
	case T_ELLIP:
		return 1;
	case T_WORD:
		for (k = 0; k < nitems(humandate_sep_words); k++) {
			if ((l = phrase_at(tok, n, i,
			    humandate_sep_words[k])) > 0)
				return l;
		}
		if (between && word_in(&tok[i], humandate_and_words,
		    nitems(humandate_and_words)))
			return 1;
		return 0;
	default:
		return 0;
	}
}

/* Is the token before tok[i] one that a range can't end with? */
static int
is_sep_tok(const struct tok *t)
{
	return t->type == T_DASH || t->type == T_SLASH ||
	    t->type == T_ARROW || t->type == T_ELLIP || t->type == T_QMARK;
}

/*
 * Cuts tentative words off both ends of tok[*lo..*hi): "maybe 6-15",
 * "not sure yet, 6th-15th", "~6-15", "6-15 (tentative)", "6th-15th ?".
 * Returns 1 when it cut any.
 */
static int
strip_tentative(const struct tok *tok, int *lo, int *hi)
{
	int	 tent = 0, again = 1, k, p, q;

	while (again && *lo < *hi) {
		again = 0;
		if (tok[*lo].type == T_TILDE) {
			(*lo)++;
			tent = again = 1;
		} else if ((k = tentative_at(tok, *hi, *lo)) > 0) {
			*lo += k;
			tent = again = 1;
		} else if (tok[*lo].type == T_LPAREN && *lo + 1 < *hi &&
		    (k = tentative_at(tok, *hi, *lo + 1)) > 0 &&
		    *lo + 1 + k < *hi && tok[*lo + 1 + k].type == T_RPAREN) {
			*lo += k + 2;
			tent = again = 1;
		}
		if (again) {
			while (*lo < *hi && (tok[*lo].type == T_COMMA ||
			    tok[*lo].type == T_COLON))
				(*lo)++;
			continue;
		}
		/* At the end: "(tentative)", "(?)", ", maybe", " ?". */
		if (*hi - *lo >= 3 && tok[*hi - 1].type == T_RPAREN) {
			for (p = *hi - 2; p > *lo && tok[p].type != T_LPAREN;
			    p--)
				;
			if (p > *lo && tok[p].type == T_LPAREN &&
			    (((k = tentative_at(tok, *hi - 1, p + 1)) > 0 &&
			    k == *hi - 2 - p) || (p + 2 < *hi &&
			    tok[p + 1].type ==
			    T_QMARK && p + 2 == *hi - 1))) {
				*hi = p;
				tent = again = 1;
			}
		}
		if (!again) {
			for (q = *hi - 1; q > *lo && tok[q].type == T_QMARK;
			    q--)
				;
			if (q < *hi - 1 && q >= *lo && !is_sep_tok(&tok[q]) &&
			    tok[q].type != T_LPAREN) {
				*hi = q + 1;
				tent = again = 1;
			}
		}
		for (p = *hi - 4 > *lo ? *hi - 4 : *lo + 1; !again && p < *hi;
		    p++) {
			if (tentative_at(tok, *hi, p) == *hi - p) {
				*hi = p;
				tent = again = 1;
			}
		}
		if (again) {
			while (*hi > *lo && (tok[*hi - 1].type == T_COMMA ||
			    tok[*hi - 1].type == T_COLON))
				(*hi)--;
		}
	}
	return tent;
}

/* Resolving against the sprint. */

static day_t
day_dist(const struct humandate_ctx *ctx, day_t d)
{
	if (d < ctx->start)
		return ctx->start - d;
	if (d > ctx->end)
		return d - ctx->end;
	return 0;
}

static void
month_add(int *y, int *m, int delta)
{
	int	 k = *y * 12 + (*m - 1) + delta;

	*y = k / 12;
	*m = k % 12 + 1;
}

/* A written year: two digits go to the century nearest the sprint. */
static int
full_year(const struct humandate_ctx *ctx, int y)
{
	int	 sy, sm, sd;

	if (y >= 0)
		return y;
	dates_to_ymd(ctx->start, &sy, &sm, &sd);
	y = sy - sy % 100 + (-1 - y);
	if (y > sy + 50)
		y -= 100;
	else if (y < sy - 50)
		y += 100;
	return y;
}

/*
 * The candidate months for a bare day: from the month before the start
 * to the month after the end.
 */
static int
cand_months(const struct humandate_ctx *ctx, int *ys, int *ms, int max)
{
	int	 y, m, d, ey, em, ed, n = 0;

	dates_to_ymd(ctx->start, &y, &m, &d);
	dates_to_ymd(ctx->end, &ey, &em, &ed);
	month_add(&y, &m, -1);
	month_add(&ey, &em, 1);
	while (n < max && (y < ey || (y == ey && m <= em))) {
		ys[n] = y;
		ms[n] = m;
		n++;
		month_add(&y, &m, 1);
	}
	return n;
}

/*
 * Gives a day its month (bare days) and year (when not written), choosing
 * what puts it nearest the sprint; ties go earlier for an arrival, later
 * for a departure. The year must be a full one. Returns -1 when no such
 * real day exists.
 */
static int
resolve_alone(const struct humandate_ctx *ctx, const struct term *t,
    int is_depart, day_t *out)
{
	int	 ys[16], ms[16], n, i, y, sy, sm, sd;
	day_t	 day, best = 0, bd = 0, dd;
	int	 found = 0;

	if (t->m == 0 && t->y != 0)
		return -1;		/* "20, 2027" needs a month */
	if (t->m != 0 && t->y != 0) {
		if (!dates_valid_ymd(t->y, t->m, t->d))
			return -1;
		*out = dates_from_ymd(t->y, t->m, t->d);
		return 0;
	}
	if (t->m != 0) {
		dates_to_ymd(ctx->start, &sy, &sm, &sd);
		n = 0;
		for (y = sy - 1; y <= sy + 1; y++) {
			ys[n] = y;
			ms[n++] = t->m;
		}
	} else
		n = cand_months(ctx, ys, ms, (int)nitems(ys));
	for (i = 0; i < n; i++) {
		if (!dates_valid_ymd(ys[i], ms[i], t->d))
			continue;
		day = dates_from_ymd(ys[i], ms[i], t->d);
		dd = day_dist(ctx, day);
		if (!found || dd < bd || (dd == bd && is_depart)) {
			best = day;
			bd = dd;
			found = 1;
		}
	}
	if (!found)
		return -1;
	*out = best;
	return 0;
}

/* The day d in the month of ref moved by delta months; -1 if not real. */
static int
day_in_month_of(day_t ref, int delta, int d, day_t *out)
{
	int	 y, m, rd;

	dates_to_ymd(ref, &y, &m, &rd);
	month_add(&y, &m, delta);
	if (!dates_valid_ymd(y, m, d))
		return -1;
	*out = dates_from_ymd(y, m, d);
	return 0;
}

/* Two bare days, "24-1": the pair of months nearest the sprint. */
static int
resolve_bare_pair(const struct humandate_ctx *ctx, int d1, int d2, day_t *a,
    day_t *b)
{
	int	 ys[16], ms[16], n, i, found = 0;
	day_t	 x, y, cost, best = 0;

	n = cand_months(ctx, ys, ms, (int)nitems(ys));
	for (i = 0; i < n; i++) {
		if (!dates_valid_ymd(ys[i], ms[i], d1))
			continue;
		x = dates_from_ymd(ys[i], ms[i], d1);
		if (day_in_month_of(x, d2 >= d1 ? 0 : 1, d2, &y) == -1)
			continue;
		cost = day_dist(ctx, x) + day_dist(ctx, y);
		if (!found || cost < best) {
			*a = x;
			*b = y;
			best = cost;
			found = 1;
		}
	}
	return found ? 0 : -1;
}

/*
 * Two dates of a range (full years): a month or year written on one side
 * only holds for both, "14-20 March", "Mar 14 to Mar 20, 2027".
 */
static int
resolve_pair(const struct humandate_ctx *ctx, struct term *x, struct term *z,
    day_t *a, day_t *b)
{
	if (x->m == 0 && z->m == 0) {
		if (x->y != 0 || z->y != 0)
			return -1;
		return resolve_bare_pair(ctx, x->d, z->d, a, b);
	}
	if (x->m != 0 && z->m != 0) {
		if (x->y == 0 && z->y != 0)
			x->y = z->y - (x->m > z->m);
		if (x->y != 0 && z->y == 0)
			z->y = x->y + (z->m < x->m);
		if (resolve_alone(ctx, x, 0, a) == -1)
			return -1;
		return resolve_alone(ctx, z, 1, b);
	}
	if (x->m != 0) {
		if (x->y == 0)
			x->y = z->y;
		if (resolve_alone(ctx, x, 0, a) == -1)
			return -1;
		return day_in_month_of(*a, z->d >= x->d ? 0 : 1, z->d, b);
	}
	if (x->y != 0)
		return -1;
	if (resolve_alone(ctx, z, 1, b) == -1)
		return -1;
	return day_in_month_of(*b, x->d <= z->d ? 0 : -1, x->d, a);
}

/* Checks one day against the window; returns a reason or NULL. */
static char *
check_window(const struct humandate_ctx *ctx, day_t d)
{
	char	 b1[11], b2[11], b3[11], w1[32], w2[32], w3[32];

	if (d >= ctx->start - HUMANDATE_SLACK &&
	    d <= ctx->end + HUMANDATE_SLACK)
		return NULL;
	return xprintf("%s (%s) is too far from the sprint: accepted are "
	    "days from %s to %s (%s to %s), up to %d days before and after "
	    "the sprint", fmt_day(d, b1), fmt_words(d, 1, w1),
	    fmt_words(ctx->start - HUMANDATE_SLACK, 1, w2),
	    fmt_words(ctx->end + HUMANDATE_SLACK, 1, w3),
	    fmt_day(ctx->start - HUMANDATE_SLACK, b2),
	    fmt_day(ctx->end + HUMANDATE_SLACK, b3), HUMANDATE_SLACK);
}

/* Checks a written weekday against the day; returns a reason or NULL. */
static char *
check_wday(const struct term *t, day_t d)
{
	char	 w[32];

	if (t->wday == -1 || dates_weekday(d) == t->wday)
		return NULL;
	return xprintf("%s is a %s, not a %s", fmt_words(d, 1, w),
	    dates_wday_en[dates_weekday(d)], dates_wday_en[t->wday]);
}

static void
reading_fail(struct reading *rd, enum why_prio prio, char *why)
{
	rd->ok = 0;
	rd->prio = prio;
	rd->why = why;
}

/*
 * Resolves one reading (t2 NULL: a single date) into rd. A single date
 * after "from" is an arrival, after "until" a departure, else both.
 */
static void
resolve_reading(const struct humandate_ctx *ctx, const struct term *t1,
    const struct term *t2, enum prefix pre, struct reading *rd)
{
	struct humandate_range	*r = &rd->r;
	struct term		 x, z;
	char			 b1[11], b2[11], *why;
	day_t			 a = 0, b = 0;
	int			 e = 0;

	memset(rd, 0, sizeof *rd);
	rd->t1 = *t1;
	if (t2 != NULL) {
		rd->t2 = *t2;
		rd->has_t2 = 1;
	}
	r->arrive_state = r->depart_state = DATES_UNKNOWN;
	r->tentative = t1->tent || (t2 != NULL && t2->tent);
	if (t1->kind == TERM_LOCAL)
		r->local = 1;
	x = *t1;
	x.y = full_year(ctx, x.y);
	if (t2 != NULL) {
		z = *t2;
		z.y = full_year(ctx, z.y);
	} else {
		memset(&z, 0, sizeof z);
		z.kind = TERM_UNKNOWN;
		z.wday = -1;
	}

	if (t2 == NULL) {
		if (x.kind == TERM_DATE) {
			e = resolve_alone(ctx, &x, pre == PRE_UNTIL, &a);
			if (pre != PRE_UNTIL) {
				r->arrive_state = DATES_KNOWN;
				r->arrive = a;
			}
			if (pre != PRE_FROM && pre != PRE_FROM_STRONG) {
				r->depart_state = DATES_KNOWN;
				r->depart = b = a;
			}
		}
	} else if (x.kind == TERM_DATE && z.kind == TERM_DATE) {
		if (x.order != ORD_NONE && z.order != ORD_NONE &&
		    x.order != z.order) {
			reading_fail(rd, WHY_MIXED, xstrdup("one date is "
			    "day/month, the other month/day"));
			return;
		}
		e = resolve_pair(ctx, &x, &z, &a, &b);
		r->arrive_state = r->depart_state = DATES_KNOWN;
		r->arrive = a;
		r->depart = b;
	} else if (x.kind == TERM_DATE) {
		e = resolve_alone(ctx, &x, 0, &a);
		r->arrive_state = DATES_KNOWN;
		r->arrive = a;
	} else if (z.kind == TERM_DATE) {
		e = resolve_alone(ctx, &z, 1, &b);
		r->depart_state = DATES_KNOWN;
		r->depart = b;
	}
	if (e == -1) {
		reading_fail(rd, WHY_REAL, xstrdup("not a real date"));
		return;
	}
	if (x.kind == TERM_DATE && (why = check_wday(&x, t2 == NULL &&
	    pre == PRE_UNTIL ? b : a)) != NULL) {
		reading_fail(rd, WHY_WDAY, why);
		return;
	}
	if (z.kind == TERM_DATE && (why = check_wday(&z, b)) != NULL) {
		reading_fail(rd, WHY_WDAY, why);
		return;
	}
	if (r->arrive_state == DATES_KNOWN &&
	    (why = check_window(ctx, r->arrive)) != NULL) {
		reading_fail(rd, WHY_WINDOW, why);
		return;
	}
	if (r->depart_state == DATES_KNOWN &&
	    (why = check_window(ctx, r->depart)) != NULL) {
		reading_fail(rd, WHY_WINDOW, why);
		return;
	}
	if (r->arrive_state == DATES_KNOWN && r->depart_state == DATES_KNOWN &&
	    r->depart < r->arrive) {
		reading_fail(rd, WHY_ORDER, xprintf("departure %s is before "
		    "arrival %s", fmt_day(r->depart, b1),
		    fmt_day(r->arrive, b2)));
		return;
	}
	rd->ok = 1;
}

static int
local_text(const char *s)
{
	size_t	 i;

	for (i = 0; i < nitems(humandate_local); i++) {
		if (strcmp(s, humandate_local[i]) == 0)
			return 1;
	}
	return 0;
}

static int
range_equal(const struct humandate_range *a, const struct humandate_range *b)
{
	return a->arrive_state == b->arrive_state &&
	    a->depart_state == b->depart_state &&
	    (a->arrive_state != DATES_KNOWN || a->arrive == b->arrive) &&
	    (a->depart_state != DATES_KNOWN || a->depart == b->depart) &&
	    a->local == b->local && a->tentative == b->tentative;
}

static void
describe(const struct humandate_range *r, char *buf, size_t len)
{
	char	 b1[11], b2[11];

	if (r->arrive_state == DATES_KNOWN && r->depart_state == DATES_KNOWN &&
	    r->arrive == r->depart)
		snprintf(buf, len, "%s only", fmt_day(r->arrive, b1));
	else
		snprintf(buf, len, "%s to %s",
		    r->arrive_state == DATES_KNOWN ? fmt_day(r->arrive, b1) :
		    "?", r->depart_state == DATES_KNOWN ?
		    fmt_day(r->depart, b2) : "?");
}

/* The day a reading gave its first (which 1) or second date. */
static day_t
reading_day(const struct reading *rd, int which)
{
	if (which == 1 && rd->r.arrive_state == DATES_KNOWN)
		return rd->r.arrive;
	return rd->r.depart;
}

/*
 * "4/5 could be 4 May or 5 April; write 2027-05-04 or '4 May'" when two
 * readings differ only in taking a date as day/month or month/day; else
 * NULL.
 */
static char *
order_clash(const struct tok *tok, const struct reading *p,
    const struct reading *q)
{
	const struct reading	*dm, *md;
	const struct term	*t;
	char			 w1[32], w2[32], iso[11];
	day_t			 d1, d2;
	int			 which;
	size_t			 len;

	for (which = 1; which <= 2; which++) {
		if (which == 2 && (!p->has_t2 || !q->has_t2))
			break;
		dm = which == 1 ? (p->t1.order == ORD_DM ? p : q) :
		    (p->t2.order == ORD_DM ? p : q);
		md = dm == p ? q : p;
		t = which == 1 ? &dm->t1 : &dm->t2;
		if (t->order != ORD_DM || (which == 1 ? md->t1.order :
		    md->t2.order) != ORD_MD || t->ds != (which == 1 ?
		    md->t1.ds : md->t2.ds))
			continue;
		d1 = reading_day(dm, which);
		d2 = reading_day(md, which);
		if (d1 == d2)
			continue;
		len = (size_t)(tok[t->de - 1].str + tok[t->de - 1].len -
		    tok[t->ds].str);
		return xprintf("%.*s could be %s or %s; write %s or '%s'",
		    (int)len, tok[t->ds].str, fmt_words(d1, 0, w1),
		    fmt_words(d2, 0, w2), fmt_day(d1, iso),
		    fmt_words(d1, 0, w1));
	}
	return NULL;
}

/*
 * The one answer among the readings: returns its index, or -1 with *why
 * (NULL or malloc'd) saying why there is none, or which two it could be.
 */
static int
pick_reading(const struct tok *tok, const struct reading *rd, int nrd,
    char **why)
{
	char	 d1[32], d2[32];
	int	 i, j, good = -1, other = -1, best = -1;

	*why = NULL;
	for (i = 0; i < nrd; i++) {
		if (!rd[i].ok)
			continue;
		if (good == -1)
			good = i;
		else if (!range_equal(&rd[good].r, &rd[i].r) && other == -1)
			other = i;
	}
	if (good != -1 && other == -1)
		return good;
	if (good != -1) {
		for (i = 0; i < nrd && *why == NULL; i++) {
			for (j = i + 1; j < nrd && *why == NULL; j++) {
				if (rd[i].ok && rd[j].ok)
					*why = order_clash(tok, &rd[i], &rd[j]);
			}
		}
		if (*why == NULL) {
			describe(&rd[good].r, d1, sizeof d1);
			describe(&rd[other].r, d2, sizeof d2);
			*why = xprintf("could mean %s or %s", d1, d2);
		}
		return -1;
	}
	for (i = 0; i < nrd; i++) {
		if (rd[i].why != NULL && (best == -1 ||
		    rd[i].prio > rd[best].prio))
			best = i;
	}
	if (best != -1)
		*why = xstrdup(rd[best].why);
	return -1;
}

static void
free_readings(struct reading *rd, int nrd)
{
	int	 i;

	for (i = 0; i < nrd; i++)
		free(rd[i].why);
}

/*
 * Every reading of tok[lo..hi): "[from|between|until] date [SEP date]".
 * whole: the reading must take all of it (else only "date SEP date",
 * ending anywhere; rd[].end says where). Returns how many.
 */
static int
range_readings(const struct humandate_ctx *ctx, const struct tok *tok, int lo,
    int hi, int whole, struct reading *rd, int max)
{
	struct alt	 a1[HUMANDATE_ALT_MAX], a2[HUMANDATE_ALT_MAX];
	struct term	 unknown, t2;
	enum prefix	 pre;
	int		 p = lo, plen = 0, n1 = 0, n2, i, j, k, q, nrd = 0;
	int		 between, tent2;

	if (lo >= hi)
		return 0;
	memset(&unknown, 0, sizeof unknown);
	unknown.kind = TERM_UNKNOWN;
	unknown.wday = -1;
	if ((pre = prefix_at(tok, hi, lo, &plen)) != PRE_NONE)
		p = lo + plen;
	between = pre == PRE_BETWEEN;
	if (whole && p == lo && tok[p].type == T_DASH && tok[p].val >= 2) {
		memset(&a1[0].t, 0, sizeof a1[0].t);
		a1[0].t.kind = TERM_LOCAL;
		a1[0].t.wday = -1;
		a1[0].next = p + 1;
		n1 = 1;
	} else
		n1 = term_alts(tok, hi, p, a1);
	for (i = 0; i < n1 && nrd < max; i++) {
		j = a1[i].next;
		if (j == hi) {
			if (!whole || a1[i].t.kind == TERM_LOCAL || between ||
			    (a1[i].t.kind == TERM_UNKNOWN && pre != PRE_NONE))
				continue;
			resolve_reading(ctx, &a1[i].t, NULL, pre, &rd[nrd]);
			rd[nrd++].end = hi;
			continue;
		}
		if (pre == PRE_UNTIL || (k = sep_len(tok, hi, j,
		    between)) == 0)
			continue;
		/* "7/1/14" is no range of "7" and "1/14", "Tue 4/5" none. */
		if (tok[j].type == T_SLASH && !tok[j].sp && (a1[i].t.slash ||
		    a1[i].t.wday != -1))
			continue;
		q = j + k;
		if (q == hi) {
			/* "7th-": arrives, departure not known. */
			if (whole && a1[i].t.kind == TERM_DATE &&
			    tok[j].type == T_DASH && !between)
				resolve_reading(ctx, &a1[i].t, &unknown,
				    PRE_NONE, &rd[nrd++]);
			continue;
		}
		tent2 = 0;
		if ((k = tentative_at(tok, hi, q)) > 0) {
			q += k;
			tent2 = 1;
		}
		n2 = term_alts(tok, hi, q, a2);
		for (; n2 > 0 && nrd < max; n2--) {
			t2 = a2[n2 - 1].t;
			if ((whole && a2[n2 - 1].next != hi) ||
			    t2.kind == TERM_LOCAL ||
			    (!whole && t2.kind != TERM_DATE) ||
			    (tok[j].type == T_SLASH && q < hi &&
			    !tok[q].sp && t2.slash))
				continue;
			t2.tent |= tent2;
			resolve_reading(ctx, &a1[i].t, &t2, pre, &rd[nrd]);
			rd[nrd].end = a2[n2 - 1].next;
			nrd++;
		}
	}
	return nrd;
}

int
humandate_parse_range(const char *text, const struct humandate_ctx *ctx,
    struct humandate_range *out, char **cause)
{
	char		 s[HUMANDATE_NORM_MAX], *why = NULL, *expect;
	struct tok	 tok[HUMANDATE_TOK_MAX];
	struct reading	 rd[HUMANDATE_RES_MAX];
	int		 n, lo, hi, tent, nrd = 0, good;

	if (text == NULL || strnlen(text, HUMANDATE_TEXT_MAX + 1) >
	    HUMANDATE_TEXT_MAX) {
		if (cause != NULL)
			*cause = xprintf("a date text of more than %d bytes",
			    HUMANDATE_TEXT_MAX);
		return -1;
	}
	memset(out, 0, sizeof *out);
	out->arrive_state = out->depart_state = DATES_UNKNOWN;
	if (humandate_normalize(text, s, sizeof s, 0) == -1 ||
	    (n = humandate_tokenize(s, tok, (int)nitems(tok))) == -1)
		goto fail;
	if (*s == '\0')
		return 0;
	if (local_text(s)) {
		out->local = 1;
		return 0;
	}
	lo = 0;
	hi = n;
	tent = strip_tentative(tok, &lo, &hi);
	memset(rd, 0, sizeof rd);	/* for the compiler's flow analysis */
	nrd = range_readings(ctx, tok, lo, hi, 1, rd, (int)nitems(rd));
	if ((good = pick_reading(tok, rd, nrd, &why)) == -1)
		goto fail;
	*out = rd[good].r;
	out->tentative |= tent;
	free_readings(rd, nrd);
	return 0;

fail:
	expect = humandate_expect_range(ctx);
	humandate_cause(cause, text, why, expect);
	free(expect);
	free(why);
	free_readings(rd, nrd);
	return -1;
}

int
humandate_parse_one(const char *text, const struct humandate_ctx *ctx,
    int is_depart, enum dates_state *state, day_t *out, int *tentative,
    char **cause)
{
	char		 s[HUMANDATE_NORM_MAX], *why = NULL, *expect;
	struct tok	 tok[HUMANDATE_TOK_MAX];
	struct alt	 a[HUMANDATE_ALT_MAX];
	struct reading	 rd[HUMANDATE_ALT_MAX];
	enum prefix	 pre;
	int		 n, na, i, lo, hi, len, tent, nrd = 0, good;

	if (tentative != NULL)
		*tentative = 0;
	if (text == NULL || strnlen(text, HUMANDATE_TEXT_MAX + 1) >
	    HUMANDATE_TEXT_MAX) {
		if (cause != NULL)
			*cause = xprintf("a date text of more than %d bytes",
			    HUMANDATE_TEXT_MAX);
		return -1;
	}
	if (humandate_normalize(text, s, sizeof s, 0) == -1 ||
	    (n = humandate_tokenize(s, tok, (int)nitems(tok))) == -1)
		goto fail;
	if (local_text(s))
		return 1;
	*state = DATES_UNKNOWN;
	*out = 0;
	if (*s == '\0')
		return 0;
	lo = 0;
	hi = n;
	tent = strip_tentative(tok, &lo, &hi);
	/* "from the 14th" in Arrive, "until the 20th" in Depart. */
	pre = prefix_at(tok, hi, lo, &len);
	if ((pre == PRE_UNTIL && is_depart) || (!is_depart &&
	    (pre == PRE_FROM || pre == PRE_FROM_STRONG)))
		lo += len;
	na = term_alts(tok, hi, lo, a);
	for (i = 0; i < na; i++) {
		if (a[i].next != hi || a[i].t.kind == TERM_LOCAL)
			continue;
		if (a[i].t.kind == TERM_UNKNOWN) {
			if (tentative != NULL)
				*tentative = tent;
			free_readings(rd, nrd);
			return 0;
		}
		resolve_reading(ctx, &a[i].t, NULL, is_depart ? PRE_UNTIL :
		    PRE_FROM, &rd[nrd++]);
	}
	if ((good = pick_reading(tok, rd, nrd, &why)) == -1)
		goto fail;
	*state = DATES_KNOWN;
	*out = reading_day(&rd[good], 1);
	if (tentative != NULL)
		*tentative = tent || rd[good].r.tentative;
	free_readings(rd, nrd);
	return 0;

fail:
	expect = humandate_expect_one(ctx, is_depart);
	humandate_cause(cause, text, why, expect);
	free(expect);
	free(why);
	free_readings(rd, nrd);
	return -1;
}

/*
 * Prose. Dates count only where a reader would not hesitate: after a
 * word of arrival or departure ("I arrive on the 8th", "Abreise am 14.",
 * "je repars le 14"), or as a range with a month name, ordinals or a
 * range word ("March 8 to 14", "from the 8th to the 14th", "vom 8. bis
 * 14.", "du 8 au 14"). Bare numbers ("see PR 14") and version numbers
 * ("3.2") alone are never dates.
 */

#define HUMANDATE_CAND_MAX	6

struct cand {
	struct alt	 a[HUMANDATE_ALT_MAX];
	int		 na;
	int		 at;		/* first token */
};

enum { GRP_RANGE_CUE, GRP_CUE, GRP_RANGE, GRP_MAX };

static enum cue
cue_at(const struct tok *tok, int n, int i, int *len)
{
	size_t	 k;
	int	 l, best = 0;
	enum cue c = CUE_NONE;

	for (k = 0; k < nitems(humandate_cues); k++) {
		if ((l = phrase_at(tok, n, i,
		    humandate_cues[k].words)) > best) {
			best = l;
			c = humandate_cues[k].cue;
		}
	}
	*len = best;
	return c;
}

static int
sentence_end(const struct tok *t)
{
	if (t->type == T_QMARK || t->type == T_COLON)
		return t->type == T_QMARK;
	if (t->type == T_BAD)
		return *t->str == '!' || *t->str == ';';
	return 0;
}

/* A date may start at tok[i]: it is not glued to what comes before. */
static int
starts_free(const struct tok *tok, int i)
{
	return i == 0 || tok[i].sp || tok[i - 1].type == T_LPAREN ||
	    tok[i - 1].type == T_APOS || tok[i - 1].type == T_COLON ||
	    tok[i - 1].type == T_COMMA;
}

/* A date may end before tok[i]: "14th.", "14th," but not "3.2.1". */
static int
ends_free(const struct tok *tok, int n, int i)
{
	if (i >= n || tok[i].sp)
		return 1;
	switch (tok[i].type) {
	case T_NUM:
	case T_WORD:
	case T_SLASH:
	case T_DASH:
		return 0;
	case T_DOT:
		return i + 1 >= n || tok[i + 1].sp ||
		    tok[i + 1].type != T_NUM;
	default:
		return 1;
	}
}

/* The sentence around tok[i..j): is it tentative? */
static int
prose_tentative(const struct tok *tok, int n, int i, int j)
{
	int	 k;

	while (i > 0 && !sentence_end(&tok[i - 1]) &&
	    !(tok[i - 1].type == T_DOT && tok[i - 1].sp == 0 && i > 1 &&
	    tok[i - 2].type == T_WORD))
		i--;
	while (j < n && !sentence_end(&tok[j]) && !(tok[j].type == T_DOT &&
	    j > 0 && tok[j - 1].type == T_WORD))
		j++;
	for (k = i; k < j; k++) {
		if (tentative_at(tok, n, k) > 0 || tok[k].type == T_TILDE)
			return 1;
	}
	return 0;
}

/* Is a range reading in prose one a reader takes as dates? */
static int
prose_range_ok(const struct reading *rd, enum prefix pre, int cue)
{
	const struct term	*x = &rd->t1, *z = &rd->t2;

	if (!rd->ok || x->kind != TERM_DATE || z->kind != TERM_DATE)
		return 0;
	if (x->mword || z->mword || pre == PRE_FROM_STRONG)
		return 1;
	if (pre != PRE_NONE && ((x->strong && !x->numdate) ||
	    (z->strong && !z->numdate)))
		return 1;
	if (x->strong && !x->numdate && z->strong && !z->numdate)
		return 1;
	return cue && (x->strong || z->strong);
}

/* Adds the strong date alternatives at tok[p] to a candidate list. */
static int
add_cand(const struct tok *tok, int n, int p, struct cand *c, int *nc)
{
	struct alt	 a[HUMANDATE_ALT_MAX];
	int		 na, k, got = 0, longest = 0;

	if (!starts_free(tok, p))
		return 0;
	na = term_alts(tok, n, p, a);
	/* The longest reading: "the 8th of June" is no "8th". */
	for (k = 0; k < na; k++) {
		if (a[k].t.kind == TERM_DATE && a[k].next > longest)
			longest = a[k].next;
	}
	for (k = 0; k < na; k++) {
		if (a[k].t.kind != TERM_DATE || !a[k].t.strong ||
		    a[k].next != longest || !ends_free(tok, n, a[k].next))
			continue;
		if (!got) {
			if (*nc >= HUMANDATE_CAND_MAX)
				return -1;
			c[*nc].na = 0;
			c[*nc].at = p;
			got = 1;
		}
		c[*nc].a[c[*nc].na++] = a[k];
	}
	if (got)
		(*nc)++;
	return got;
}

/* Is there a candidate starting at tok[p]? */
static int
cand_at(const struct cand *c, int nc, int p)
{
	int	 k;

	for (k = 0; k < nc; k++) {
		if (c[k].at == p)
			return 1;
	}
	return 0;
}

/* The end of the candidate's longest reading. */
static int
cand_end(const struct cand *c)
{
	int	 k, e = c->at + 1;

	for (k = 0; k < c->na; k++) {
		if (c->a[k].next > e)
			e = c->a[k].next;
	}
	return e;
}

/*
 * Looks after the cue at tok[i] for the first strong date; "until"
 * or "from" on the way decide what it is. Returns the token after it.
 */
static int
prose_cue(const struct tok *tok, int n, int i, enum cue cue,
    struct cand *arr, int *narr, struct cand *dep, int *ndep, int *bad)
{
	enum prefix	 pre;
	int		 p, len, r, e, k;
	struct cand	*c;
	int		*nc;

	for (p = i; p < n && p < i + HUMANDATE_CUE_REACH; p++) {
		if (sentence_end(&tok[p]) || (tok[p].type == T_DOT &&
		    p > 0 && tok[p - 1].type == T_WORD))
			break;
		if (p > i && cue_at(tok, n, p, &len) != CUE_NONE)
			break;
		if ((pre = prefix_at(tok, n, p, &len)) == PRE_UNTIL)
			cue = CUE_DEPART;
		else if (pre == PRE_FROM || pre == PRE_FROM_STRONG)
			cue = CUE_ARRIVE;
		if (cue == CUE_EITHER) {
			/* "reise am 14. ab": the particle decides. */
			struct cand	 tmp[1];
			int		 nt = 0;

			if (add_cand(tok, n, p, tmp, &nt) != 1)
				continue;
			e = cand_end(&tmp[0]);
			for (k = e; k < n && k < e + 3; k++) {
				if (word_is(&tok[k], "ab") ||
				    word_is(&tok[k], "zuruck"))
					cue = CUE_DEPART;
				else if (word_is(&tok[k], "an"))
					cue = CUE_ARRIVE;
				if (cue != CUE_EITHER)
					break;
			}
			if (cue == CUE_EITHER)
				return e;
		}
		c = cue == CUE_ARRIVE ? arr : dep;
		nc = cue == CUE_ARRIVE ? narr : ndep;
		if ((r = add_cand(tok, n, p, c, nc)) == -1) {
			*bad = 1;
			return n;
		}
		if (r == 1)
			return cand_end(&c[*nc - 1]);
	}
	return p > i ? p : i + 1;
}

/*
 * After "reise"/"fahre": a strong date at tok[p] followed by the particle
 * "an" (arrival) or "ab" (departure), "am 14. wieder ab".
 */
static void
prose_particle(const struct tok *tok, int n, int p, struct cand *arr,
    int *narr, struct cand *dep, int *ndep, int *bad)
{
	struct cand	 tmp[1];
	struct cand	*c = NULL;
	int		 nt = 0, e, k, *nc = NULL;

	if (add_cand(tok, n, p, tmp, &nt) != 1)
		return;
	e = cand_end(&tmp[0]);
	for (k = e; k < n && k < e + 3 && c == NULL; k++) {
		if (word_is(&tok[k], "ab") || word_is(&tok[k], "zuruck")) {
			c = dep;
			nc = ndep;
		} else if (word_is(&tok[k], "an")) {
			c = arr;
			nc = narr;
		}
	}
	if (c == NULL)
		return;
	if (*nc >= HUMANDATE_CAND_MAX) {
		*bad = 1;
		return;
	}
	c[(*nc)++] = tmp[0];
}

int
humandate_find_in_prose(const char *text, const struct humandate_ctx *ctx,
    struct humandate_range *out)
{
	struct cand	 arr[HUMANDATE_CAND_MAX], dep[HUMANDATE_CAND_MAX];
	struct reading	*rd[GRP_MAX], one, tmp[HUMANDATE_ALT_MAX];
	struct tok	*tok = NULL;
	struct term	 unknown;
	enum prefix	 pre;
	enum cue	 cue;
	char		*s, *why;
	int		 nrd[GRP_MAX], n, i, k, g, len, narr = 0, ndep = 0;
	int		 bad = 0, lastcue = -1, good, ret = 1, span[GRP_MAX][2];
	int		 ia, id, either = 0, nt, e;
	size_t		 slen;

	memset(out, 0, sizeof *out);
	out->arrive_state = out->depart_state = DATES_UNKNOWN;
	if (text == NULL)
		return 1;
	s = xmalloc(HUMANDATE_PROSE_MAX);
	for (g = 0; g < GRP_MAX; g++) {
		rd[g] = xcalloc(HUMANDATE_RES_MAX, sizeof *rd[g]);
		nrd[g] = 0;
		span[g][0] = span[g][1] = -1;
	}
	if (humandate_normalize(text, s, HUMANDATE_PROSE_MAX, 1) == -1)
		goto done;
	slen = strlen(s);
	tok = xreallocarray(NULL, slen + 1, sizeof *tok);
	if ((n = humandate_tokenize(s, tok, (int)slen + 1)) <= 0)
		goto done;
	memset(&unknown, 0, sizeof unknown);
	unknown.kind = TERM_UNKNOWN;
	unknown.wday = -1;

	for (i = 0; i < n && !bad; i++) {
		if (sentence_end(&tok[i]) || (tok[i].type == T_DOT &&
		    i > 0 && tok[i - 1].type == T_WORD))
			lastcue = -1, either = 0;
		if ((cue = cue_at(tok, n, i, &len)) != CUE_NONE) {
			lastcue = i;
			if (cue == CUE_EITHER)
				either = 1;
			prose_cue(tok, n, i + len, cue, arr, &narr, dep,
			    &ndep, &bad);
		}
		if (!starts_free(tok, i))
			continue;
		/* "Ich reise am 8. an und am 14. wieder ab." */
		if (either && lastcue != -1 && !cand_at(arr, narr, i) &&
		    !cand_at(dep, ndep, i))
			prose_particle(tok, n, i, arr, &narr, dep, &ndep,
			    &bad);
		/* Ranges starting here. */
		pre = prefix_at(tok, n, i, &len);
		g = lastcue != -1 ? GRP_RANGE_CUE : GRP_RANGE;
		nt = range_readings(ctx, tok, i, n, 0, tmp, (int)nitems(tmp));
		e = i;
		for (k = 0; k < nt; k++) {
			if (!prose_range_ok(&tmp[k], pre, lastcue != -1) ||
			    !ends_free(tok, n, tmp[k].end) ||
			    nrd[g] >= HUMANDATE_RES_MAX) {
				free(tmp[k].why);
				continue;
			}
			if (span[g][0] == -1)
				span[g][0] = i;
			if (tmp[k].end > span[g][1])
				span[g][1] = tmp[k].end;
			rd[g][nrd[g]++] = tmp[k];
			if (tmp[k].end > e)
				e = tmp[k].end;
		}
		if (e > i)
			i = e - 1;
	}
	if (bad)
		goto done;

	/* Arrivals and departures named apart: every pairing. */
	for (ia = 0; ia < (narr > 0 ? narr : 1); ia++) {
		for (id = 0; id < (ndep > 0 ? ndep : 1); id++) {
			int	 xa, xd;

			if (narr == 0 && ndep == 0)
				break;
			for (xa = 0; xa < (narr > 0 ? arr[ia].na : 1); xa++) {
				for (xd = 0; xd < (ndep > 0 ? dep[id].na : 1);
				    xd++) {
					if (nrd[GRP_CUE] >= HUMANDATE_RES_MAX)
						break;
					resolve_reading(ctx, narr > 0 ?
					    &arr[ia].a[xa].t : &unknown,
					    ndep > 0 ? &dep[id].a[xd].t :
					    &unknown, PRE_NONE, &one);
					if (!one.ok) {
						free(one.why);
						continue;
					}
					rd[GRP_CUE][nrd[GRP_CUE]++] = one;
				}
			}
		}
	}
	if (narr > 0)
		span[GRP_CUE][0] = arr[0].at, span[GRP_CUE][1] =
		    cand_end(&arr[0]);
	else if (ndep > 0)
		span[GRP_CUE][0] = dep[0].at, span[GRP_CUE][1] =
		    cand_end(&dep[0]);

	for (g = 0; g < GRP_MAX; g++) {
		if (nrd[g] == 0)
			continue;
		if ((good = pick_reading(tok, rd[g], nrd[g], &why)) == -1) {
			free(why);
			break;
		}
		*out = rd[g][good].r;
		if (prose_tentative(tok, n, span[g][0], span[g][1]) ||
		    (g == GRP_CUE && ndep > 0 && prose_tentative(tok, n,
		    dep[0].at, cand_end(&dep[0]))))
			out->tentative = 1;
		ret = 0;
		break;
	}

done:
	for (g = 0; g < GRP_MAX; g++) {
		free_readings(rd[g], nrd[g]);
		free(rd[g]);
	}
	free(tok);
	free(s);
	return ret;
}
