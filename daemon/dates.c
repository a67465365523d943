/*
 * dates.c -- calendar days, and the date ranges people write when they
 * register, resolved against the sprint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "util.h"

/* Days from civil, after H. Hinnant's public-domain algorithm. */
day_t
dates_from_ymd(int y, int m, int d)
{
	int	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (day_t)(era * 146097 + doe - 719468);
}

void
dates_to_ymd(day_t z, int *y, int *m, int *d)
{
	int	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
dates_valid_ymd(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	 leap;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return (0);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return (d <= mdays[m - 1] + (m == 2 && leap));
}

int
dates_parse_iso(const char *s, day_t *out)
{
	int	 y, m, d, i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return (-1);
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return (-1);
	}
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    !dates_valid_ymd(y, m, d))
		return (-1);
	*out = dates_from_ymd(y, m, d);
	return (0);
}

void
dates_format_iso(day_t day, char out[11])
{
	int	 y, m, d;

	dates_to_ymd(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

int
dates_weekday(day_t day)
{
	/* 1970-01-01 was a Thursday (3). */
	int	 w = (int)((day + 3) % 7);

	return (w < 0 ? w + 7 : w);
}

/*
 * The human forms. The text is normalized (ASCII lower case, dashes), cut
 * into tokens, and every way of reading it as "date", "date SEP date" or
 * "date SEP" is tried; each reading is resolved against the sprint and
 * checked. One distinct valid result is the answer; two are ambiguous.
 */

#define DATES_TEXT_MAX	200
#define DATES_TOK_MAX	(DATES_TEXT_MAX + 1)
#define DATES_ALT_MAX	8
#define DATES_RES_MAX	32
#define DATES_SLACK	14	/* days allowed around the sprint */
#define DATES_QUOTE_MAX	60

enum tok_type {
	T_NUM, T_WORD, T_DASH, T_SLASH, T_DOT, T_QMARK, T_COMMA, T_LPAREN,
	T_RPAREN, T_COLON, T_BAD
};

struct tok {
	enum tok_type	 type;
	int		 sp;		/* white space before it */
	int		 val;		/* T_NUM value; T_DASH count */
	int		 ndig;		/* T_NUM digits */
	int		 ord;		/* T_NUM had st/nd/rd/th */
	const char	*str;		/* T_WORD, not terminated */
	size_t		 len;
};

enum term_kind { TERM_DATE, TERM_UNKNOWN, TERM_LOCAL, TERM_NONE };

struct term {
	enum term_kind	 kind;
	int		 d, m, y;	/* m, y 0 when not written */
	int		 tent;
};

struct alt {
	struct term	 t;
	int		 next;
};

struct reading {
	struct dates_range r;
	int		 ok;
	char		*why;		/* when !ok: why not */
};

static const struct {
	const char	*name;
	int		 month;
} dates_months[] = {
	/* English, with abbreviations. */
	{ "january", 1 }, { "jan", 1 }, { "february", 2 }, { "feb", 2 },
	{ "march", 3 }, { "mar", 3 }, { "april", 4 }, { "apr", 4 },
	{ "may", 5 }, { "june", 6 }, { "jun", 6 }, { "july", 7 },
	{ "jul", 7 }, { "august", 8 }, { "aug", 8 }, { "september", 9 },
	{ "sept", 9 }, { "sep", 9 }, { "october", 10 }, { "oct", 10 },
	{ "november", 11 }, { "nov", 11 }, { "december", 12 }, { "dec", 12 },
	/* German. */
	{ "januar", 1 }, { "jänner", 1 }, { "februar", 2 }, { "märz", 3 },
	{ "maerz", 3 }, { "mär", 3 }, { "mai", 5 }, { "juni", 6 },
	{ "juli", 7 }, { "oktober", 10 }, { "okt", 10 }, { "dezember", 12 },
	{ "dez", 12 },
	/* Italian. */
	{ "gennaio", 1 }, { "febbraio", 2 }, { "marzo", 3 }, { "aprile", 4 },
	{ "maggio", 5 }, { "giugno", 6 }, { "luglio", 7 }, { "agosto", 8 },
	{ "settembre", 9 }, { "ottobre", 10 }, { "novembre", 11 },
	{ "dicembre", 12 },
	/* French. */
	{ "janvier", 1 }, { "février", 2 }, { "fevrier", 2 }, { "mars", 3 },
	{ "avril", 4 }, { "juin", 6 }, { "juillet", 7 }, { "août", 8 },
	{ "aout", 8 }, { "septembre", 9 }, { "octobre", 10 },
	{ "décembre", 12 }, { "decembre", 12 },
};

static const char *dates_roman[] = {
	"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"
};

/* Whole texts that mean "lives there": present every day. */
static const char *dates_local[] = {
	"-", "--", "---", "local", "lives there", "living there",
	"always there", "lives here", "always here",
};

static const char *dates_daypart[] = {
	"morning", "noon", "afternoon", "evening", "night",
};

static int
word_is(const struct tok *t, const char *w)
{
	return (t->type == T_WORD && strlen(w) == t->len &&
	    memcmp(t->str, w, t->len) == 0);
}

static int
word_month(const struct tok *t)
{
	size_t	 i;

	if (t->type != T_WORD)
		return (0);
	for (i = 0; i < nitems(dates_months); i++) {
		if (word_is(t, dates_months[i].name))
			return (dates_months[i].month);
	}
	return (0);
}

static int
word_roman(const struct tok *t)
{
	size_t	 i;

	for (i = 0; i < nitems(dates_roman); i++) {
		if (word_is(t, dates_roman[i]))
			return ((int)i + 1);
	}
	return (0);
}

/* The text for a message: cut short, no control characters or quotes. */
static char *
dates_quote(const char *text)
{
	char	 q[DATES_QUOTE_MAX + 4];
	size_t	 n, i;

	n = strnlen(text, DATES_QUOTE_MAX + 1);
	if (n > DATES_QUOTE_MAX) {
		n = DATES_QUOTE_MAX;
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
	return (xstrdup(q));
}

static void
dates_cause(char **cause, const char *text, const char *what)
{
	char	*q;

	if (cause == NULL)
		return;
	q = dates_quote(text);
	*cause = xprintf("\"%s\": %s", q, what);
	free(q);
}

#define DATES_EXPECT_RANGE "expected a date like 2027-01-07, 7/1, 7.1. or " \
	"\"7th\" or \"Jan 7\", a range like \"7-14\" or \"7/1 - 14/1\", " \
	"\"?\", or \"lives there\""
#define DATES_EXPECT_ONE "expected one date like 2027-01-07, 7/1, 7.1. " \
	"or \"7th\" or \"Jan 7\", \"?\", or \"lives there\""

/*
 * Normalizes text into buf: ASCII lower case, white space and no-break
 * spaces to one blank, en and em dashes to '-', trimmed. Returns -1 when
 * too long or when it holds control characters.
 */
static int
dates_normalize(const char *text, char *buf, size_t bufsz)
{
	const unsigned char	*p = (const unsigned char *)text;
	size_t			 n = 0;
	int			 space = 0;
	unsigned char		 c;

	for (; *p != '\0'; p++) {
		c = *p;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			space = 1;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			return (-1);
		if (c == 0xc2 && p[1] == 0xa0) {	/* no-break space */
			p++;
			space = 1;
			continue;
		}
		if (c == 0xe2 && p[1] == 0x80 && (p[2] == 0x93 ||
		    p[2] == 0x94)) {			/* en, em dash */
			p += 2;
			c = '-';
		}
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		if (n + 2 >= bufsz)
			return (-1);
		if (space && n > 0)
			buf[n++] = ' ';
		space = 0;
		buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return (0);
}

/* Cuts s into tokens; returns how many, or -1 when there are too many. */
static int
dates_tokenize(const char *s, struct tok *tok, int max)
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
			return (-1);
		memset(&tok[n], 0, sizeof tok[n]);
		tok[n].sp = sp;
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
			if (k == 2 && (strncmp(s, "st", 2) == 0 ||
			    strncmp(s, "nd", 2) == 0 ||
			    strncmp(s, "rd", 2) == 0 ||
			    strncmp(s, "th", 2) == 0))
				tok[n].ord = 1;
			else if (k != 0)
				tok[n].type = T_BAD;
			s += k;
		} else if ((*s >= 'a' && *s <= 'z') ||
		    (unsigned char)*s >= 0x80) {
			tok[n].type = T_WORD;
			tok[n].str = s;
			for (k = 0; (s[k] >= 'a' && s[k] <= 'z') ||
			    (unsigned char)s[k] >= 0x80; k++)
				;
			tok[n].len = k;
			s += k;
		} else if (*s == '-') {
			tok[n].type = T_DASH;
			for (k = 0; s[k] == '-'; k++)
				;
			tok[n].val = (int)k;
			s += k;
		} else {
			switch (*s) {
			case '/':
				tok[n].type = T_SLASH;
				break;
			case '.':
				tok[n].type = T_DOT;
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
			default:
				tok[n].type = T_BAD;
				break;
			}
			s++;
		}
		n++;
	}
	return (n);
}

/* Is tok[i] a token of this type with nothing between it and tok[i-1]? */
static int
tight(const struct tok *tok, int n, int i, enum tok_type type)
{
	return (i < n && tok[i].type == type && !tok[i].sp);
}

static int
is_day(const struct tok *t)
{
	return (t->type == T_NUM && t->ndig <= 2 && t->val >= 1 &&
	    t->val <= 31);
}

static int
is_month_num(const struct tok *t)
{
	return (t->type == T_NUM && !t->ord && t->ndig <= 2 && t->val >= 1 &&
	    t->val <= 12);
}

static int
is_year(const struct tok *t)
{
	return (t->type == T_NUM && !t->ord && t->ndig == 4);
}

/* A year after a day and month: 2027, or 27 (-1: the nearest century). */
static int
is_dm_year(const struct tok *t)
{
	return (t->type == T_NUM && !t->ord && (t->ndig == 4 || t->ndig == 2));
}

static int
dm_year(const struct tok *t)
{
	return (t->ndig == 2 ? -1 - t->val : t->val);
}

/*
 * After a date: an optional "?" (tentative) and an optional note of the
 * time of day, "(evening)" or "(9:26)", which says nothing about the day.
 */
static int
term_tail(const struct tok *tok, int n, int i, struct term *t)
{
	size_t	 k;

	while (tight(tok, n, i, T_QMARK)) {
		t->tent = 1;
		i++;
	}
	if (i + 2 < n && tok[i].type == T_LPAREN && tok[i + 2].type ==
	    T_RPAREN) {
		for (k = 0; k < nitems(dates_daypart); k++) {
			if (word_is(&tok[i + 1], dates_daypart[k]))
				return (i + 3);
		}
	}
	if (i + 4 < n && tok[i].type == T_LPAREN && tok[i + 1].type == T_NUM &&
	    tok[i + 1].ndig <= 2 && tok[i + 1].val <= 23 && !tok[i + 1].ord &&
	    tok[i + 2].type == T_COLON && tok[i + 3].type == T_NUM &&
	    tok[i + 3].ndig == 2 && tok[i + 3].val <= 59 && !tok[i + 3].ord &&
	    tok[i + 4].type == T_RPAREN)
		return (i + 5);
	return (i);
}

static void
add_alt(struct alt *alts, int *nalts, const struct term *t, int next)
{
	if (*nalts >= DATES_ALT_MAX)
		return;
	alts[*nalts].t = *t;
	alts[*nalts].next = next;
	(*nalts)++;
}

/* Every way a date can be read starting at tok[i]. */
static int
term_alts(const struct tok *tok, int n, int i, struct alt *alts)
{
	struct term	 t, base;
	int		 nalts = 0, j, k, m;

	if (i >= n)
		return (0);
	memset(&base, 0, sizeof base);
	base.kind = TERM_DATE;

	if (tok[i].type == T_QMARK) {
		memset(&t, 0, sizeof t);
		t.kind = TERM_UNKNOWN;
		for (j = i; j < n && tok[j].type == T_QMARK; j++)
			;
		add_alt(alts, &nalts, &t, j);
		return (nalts);
	}
	if (i == 0 && tok[i].type == T_DASH && tok[i].val >= 2) {
		memset(&t, 0, sizeof t);
		t.kind = TERM_LOCAL;
		add_alt(alts, &nalts, &t, i + 1);
		return (nalts);
	}

	/* 2027-01-07 */
	if (is_year(&tok[i])) {
		if (i + 4 < n && tight(tok, n, i + 1, T_DASH) &&
		    tok[i + 1].val == 1 && tight(tok, n, i + 2, T_NUM) &&
		    is_month_num(&tok[i + 2]) &&
		    tight(tok, n, i + 3, T_DASH) && tok[i + 3].val == 1 &&
		    tight(tok, n, i + 4, T_NUM) && is_day(&tok[i + 4]) &&
		    !tok[i + 4].ord) {
			t = base;
			t.y = tok[i].val;
			t.m = tok[i + 2].val;
			t.d = tok[i + 4].val;
			add_alt(alts, &nalts, &t, term_tail(tok, n, i + 5, &t));
		}
		return (nalts);
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
			j = term_tail(tok, n, j + 1, &t);
			k = j;
			if (k < n && tok[k].type == T_COMMA)
				k++;
			if (k < n && is_year(&tok[k])) {
				t.y = tok[k].val;
				j = k + 1;
			}
			add_alt(alts, &nalts, &t, j);
		}
		return (nalts);
	}

	if (!is_day(&tok[i]))
		return (0);
	base.d = tok[i].val;
	j = i + 1;
	if (!tok[i].ord && tight(tok, n, j, T_QMARK)) {
		base.tent = 1;
		j++;
	}

	/* A bare day: 7, 7th, 7th?, 22. */
	t = base;
	add_alt(alts, &nalts, &t, term_tail(tok, n, j, &t));
	if (!tok[i].ord && !base.tent && tight(tok, n, j, T_DOT) &&
	    !(j + 1 < n && !tok[j + 1].sp && (tok[j + 1].type == T_NUM ||
	    tok[j + 1].type == T_WORD))) {
		t = base;
		add_alt(alts, &nalts, &t, j + 1);
	}

	if (!tok[i].ord) {
		/* 7/1, 7/1/2027, 30?/1 */
		if (tight(tok, n, j, T_SLASH) && j + 1 < n &&
		    tight(tok, n, j + 1, T_NUM) && is_month_num(&tok[j + 1])) {
			t = base;
			t.m = tok[j + 1].val;
			k = j + 2;
			if (tight(tok, n, k, T_SLASH) && k + 1 < n &&
			    tight(tok, n, k + 1, T_NUM) &&
			    is_dm_year(&tok[k + 1])) {
				t.y = dm_year(&tok[k + 1]);
				k += 2;
			}
			add_alt(alts, &nalts, &t, term_tail(tok, n, k, &t));
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
				if (tight(tok, n, k, T_DOT))
					k++;
				if (tight(tok, n, k, T_NUM) &&
				    is_dm_year(&tok[k]) &&
				    tok[k - 1].type == T_DOT)
					t.y = dm_year(&tok[k++]);
				add_alt(alts, &nalts, &t,
				    term_tail(tok, n, k, &t));
			}
		}
	}

	/* 7 January, 7th of Jan 2027, 7. Januar */
	k = j;
	if (!tok[i].ord && !base.tent && tight(tok, n, k, T_DOT))
		k++;
	if (k < n && word_is(&tok[k], "of"))
		k++;
	if (k < n && (m = word_month(&tok[k])) != 0 && tok[k].sp) {
		t = base;
		t.m = m;
		k++;
		if (tight(tok, n, k, T_DOT))
			k++;
		k = term_tail(tok, n, k, &t);
		j = k;
		if (j < n && tok[j].type == T_COMMA)
			j++;
		if (j < n && is_year(&tok[j])) {
			t.y = tok[j].val;
			k = j + 1;
		}
		add_alt(alts, &nalts, &t, k);
	}
	return (nalts);
}

/* Separators between two dates: - -- / to until till bis. */
static int
is_sep(const struct tok *t)
{
	if (t->type == T_DASH)
		return (t->val <= 2);
	if (t->type == T_SLASH)
		return (1);
	return (word_is(t, "to") || word_is(t, "until") ||
	    word_is(t, "till") || word_is(t, "til") || word_is(t, "bis"));
}

/* Resolving against the sprint. */

static day_t
day_dist(const struct dates_ctx *ctx, day_t d)
{
	if (d < ctx->start)
		return (ctx->start - d);
	if (d > ctx->end)
		return (d - ctx->end);
	return (0);
}

static void
month_add(int *y, int *m, int delta)
{
	int	 k = *y * 12 + (*m - 1) + delta;

	*y = k / 12;
	*m = k % 12 + 1;
}

/*
 * The candidate months for a bare day: from the month before the start
 * to the month after the end.
 */
static int
cand_months(const struct dates_ctx *ctx, int *ys, int *ms, int max)
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
	return (n);
}

/*
 * Gives a day its month (bare days) and year (when not written), choosing
 * what puts it nearest the sprint; ties go earlier for an arrival, later
 * for a departure. Returns -1 when no such real day exists.
 */
static int
resolve_alone(const struct dates_ctx *ctx, const struct term *t,
    int is_depart, day_t *out)
{
	int	 ys[16], ms[16], n, i, y, sy, sm, sd;
	day_t	 day, best = 0, bd = 0, dd;
	int	 found = 0;

	if (t->m != 0 && t->y < 0) {
		/* Two digits: the century that puts it nearest the sprint. */
		dates_to_ymd(ctx->start, &sy, &sm, &sd);
		y = sy - sy % 100 + (-1 - t->y);
		if (y > sy + 50)
			y -= 100;
		else if (y < sy - 50)
			y += 100;
		if (!dates_valid_ymd(y, t->m, t->d))
			return (-1);
		*out = dates_from_ymd(y, t->m, t->d);
		return (0);
	}
	if (t->m != 0 && t->y != 0) {
		if (!dates_valid_ymd(t->y, t->m, t->d))
			return (-1);
		*out = dates_from_ymd(t->y, t->m, t->d);
		return (0);
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
		return (-1);
	*out = best;
	return (0);
}

/* The day d in the month of ref moved by delta months; -1 if not real. */
static int
day_in_month_of(day_t ref, int delta, int d, day_t *out)
{
	int	 y, m, rd;

	dates_to_ymd(ref, &y, &m, &rd);
	month_add(&y, &m, delta);
	if (!dates_valid_ymd(y, m, d))
		return (-1);
	*out = dates_from_ymd(y, m, d);
	return (0);
}

/* Two bare days, "24-1": the pair of months nearest the sprint. */
static int
resolve_bare_pair(const struct dates_ctx *ctx, int d1, int d2, day_t *a,
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
	return (found ? 0 : -1);
}

static char *
fmt_day(day_t d, char buf[11])
{
	dates_format_iso(d, buf);
	return (buf);
}

/* Checks one day against the window; returns a reason or NULL. */
static char *
check_window(const struct dates_ctx *ctx, day_t d)
{
	char	 b1[11], b2[11], b3[11];

	if (d >= ctx->start - DATES_SLACK && d <= ctx->end + DATES_SLACK)
		return (NULL);
	return (xprintf("%s is too far from the sprint (expected a day "
	    "from %s to %s)", fmt_day(d, b1),
	    fmt_day(ctx->start - DATES_SLACK, b2),
	    fmt_day(ctx->end + DATES_SLACK, b3)));
}

/* Resolves one reading (t2 NULL: a single date) into rd. */
static void
resolve_reading(const struct dates_ctx *ctx, const struct term *t1,
    const struct term *t2, struct reading *rd)
{
	struct dates_range	*r = &rd->r;
	char			 b1[11], b2[11];
	day_t			 a = 0, b = 0;
	int			 e = 0;

	memset(rd, 0, sizeof *rd);
	r->arrive_state = r->depart_state = DATES_UNKNOWN;
	r->tentative = t1->tent || (t2 != NULL && t2->tent);
	if (t1->kind == TERM_LOCAL)
		r->local = 1;

	if (t2 == NULL) {
		if (t1->kind == TERM_DATE) {
			/* One day: here for that day only. */
			e = resolve_alone(ctx, t1, 0, &a);
			r->arrive_state = r->depart_state = DATES_KNOWN;
			r->arrive = r->depart = a;
		}
	} else if (t1->kind == TERM_DATE && t2->kind == TERM_DATE) {
		if (t1->m != 0 && t2->m != 0) {
			e = resolve_alone(ctx, t1, 0, &a);
			if (e == 0)
				e = resolve_alone(ctx, t2, 1, &b);
		} else if (t1->m != 0) {
			e = resolve_alone(ctx, t1, 0, &a);
			if (e == 0)
				e = day_in_month_of(a, t2->d >= t1->d ? 0 : 1,
				    t2->d, &b);
		} else if (t2->m != 0) {
			e = resolve_alone(ctx, t2, 1, &b);
			if (e == 0)
				e = day_in_month_of(b, t1->d <= t2->d ? 0 : -1,
				    t1->d, &a);
		} else
			e = resolve_bare_pair(ctx, t1->d, t2->d, &a, &b);
		r->arrive_state = r->depart_state = DATES_KNOWN;
		r->arrive = a;
		r->depart = b;
	} else if (t1->kind == TERM_DATE) {
		e = resolve_alone(ctx, t1, 0, &a);
		r->arrive_state = DATES_KNOWN;
		r->arrive = a;
	} else if (t2->kind == TERM_DATE) {
		e = resolve_alone(ctx, t2, 1, &b);
		r->depart_state = DATES_KNOWN;
		r->depart = b;
	}
	if (e == -1) {
		rd->why = xstrdup("not a real date");
		return;
	}
	if (r->arrive_state == DATES_KNOWN &&
	    (rd->why = check_window(ctx, r->arrive)) != NULL)
		return;
	if (r->depart_state == DATES_KNOWN &&
	    (rd->why = check_window(ctx, r->depart)) != NULL)
		return;
	if (r->arrive_state == DATES_KNOWN && r->depart_state == DATES_KNOWN &&
	    r->depart < r->arrive) {
		rd->why = xprintf("departure %s is before arrival %s",
		    fmt_day(r->depart, b1), fmt_day(r->arrive, b2));
		return;
	}
	rd->ok = 1;
}

static int
local_text(const char *s)
{
	size_t	 i;

	for (i = 0; i < nitems(dates_local); i++) {
		if (strcmp(s, dates_local[i]) == 0)
			return (1);
	}
	return (0);
}

static int
range_equal(const struct dates_range *a, const struct dates_range *b)
{
	return (a->arrive_state == b->arrive_state &&
	    a->depart_state == b->depart_state &&
	    (a->arrive_state != DATES_KNOWN || a->arrive == b->arrive) &&
	    (a->depart_state != DATES_KNOWN || a->depart == b->depart) &&
	    a->local == b->local && a->tentative == b->tentative);
}

static void
describe(const struct dates_range *r, char *buf, size_t len)
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

int
dates_parse_range(const char *text, const struct dates_ctx *ctx,
    struct dates_range *out, char **cause)
{
	char		 s[DATES_TEXT_MAX + 2], d1[32], d2[32], *why;
	struct tok	 tok[DATES_TOK_MAX];
	struct alt	 a1[DATES_ALT_MAX], a2[DATES_ALT_MAX];
	struct reading	 rd[DATES_RES_MAX];
	struct term	 unknown;
	int		 n, n1, n2, i, j, nrd = 0, good = -1, ret = -1;

	if (text == NULL || strnlen(text, DATES_TEXT_MAX + 1) >
	    DATES_TEXT_MAX) {
		if (cause != NULL)
			*cause = xprintf("a date text of more than %d bytes",
			    DATES_TEXT_MAX);
		return (-1);
	}
	if (dates_normalize(text, s, sizeof s) == -1) {
		dates_cause(cause, text, DATES_EXPECT_RANGE);
		return (-1);
	}
	memset(out, 0, sizeof *out);
	out->arrive_state = out->depart_state = DATES_UNKNOWN;
	if (*s == '\0')
		return (0);
	if (local_text(s)) {
		out->local = 1;
		return (0);
	}
	if ((n = dates_tokenize(s, tok, (int)nitems(tok))) == -1) {
		dates_cause(cause, text, DATES_EXPECT_RANGE);
		return (-1);
	}

	memset(&unknown, 0, sizeof unknown);
	unknown.kind = TERM_UNKNOWN;
	n1 = term_alts(tok, n, 0, a1);
	for (i = 0; i < n1 && nrd < DATES_RES_MAX; i++) {
		j = a1[i].next;
		if (j == n) {
			if (a1[i].t.kind != TERM_LOCAL)
				resolve_reading(ctx, &a1[i].t, NULL,
				    &rd[nrd++]);
			continue;
		}
		if (!is_sep(&tok[j]))
			continue;
		if (j + 1 == n) {
			/* "7th-": arrives, departure not known. */
			if (a1[i].t.kind == TERM_DATE &&
			    tok[j].type == T_DASH)
				resolve_reading(ctx, &a1[i].t, &unknown,
				    &rd[nrd++]);
			continue;
		}
		n2 = term_alts(tok, n, j + 1, a2);
		for (; n2 > 0 && nrd < DATES_RES_MAX; n2--) {
			if (a2[n2 - 1].next != n ||
			    a2[n2 - 1].t.kind == TERM_LOCAL)
				continue;
			resolve_reading(ctx, &a1[i].t, &a2[n2 - 1].t,
			    &rd[nrd++]);
		}
	}

	for (i = 0; i < nrd; i++) {
		if (!rd[i].ok)
			continue;
		if (good == -1) {
			good = i;
			continue;
		}
		if (!range_equal(&rd[good].r, &rd[i].r)) {
			describe(&rd[good].r, d1, sizeof d1);
			describe(&rd[i].r, d2, sizeof d2);
			why = xprintf("could mean %s or %s; write it like "
			    "\"7/1 - 14/1\"", d1, d2);
			dates_cause(cause, text, why);
			free(why);
			goto fail;
		}
	}
	if (good == -1) {
		if (nrd > 0) {
			why = xprintf("%s; %s", rd[0].why, DATES_EXPECT_RANGE);
			dates_cause(cause, text, why);
			free(why);
		} else
			dates_cause(cause, text, DATES_EXPECT_RANGE);
		goto fail;
	}
	*out = rd[good].r;
	ret = 0;
fail:
	for (i = 0; i < nrd; i++)
		free(rd[i].why);
	return (ret);
}

int
dates_parse_one(const char *text, const struct dates_ctx *ctx,
    int is_depart, enum dates_state *state, day_t *out, char **cause)
{
	char		 s[DATES_TEXT_MAX + 2], *why = NULL;
	struct tok	 tok[DATES_TOK_MAX];
	struct alt	 a[DATES_ALT_MAX];
	int		 n, na, i, found = 0;
	day_t		 day, best = 0;

	if (text == NULL || strnlen(text, DATES_TEXT_MAX + 1) >
	    DATES_TEXT_MAX) {
		if (cause != NULL)
			*cause = xprintf("a date text of more than %d bytes",
			    DATES_TEXT_MAX);
		return (-1);
	}
	if (dates_normalize(text, s, sizeof s) == -1) {
		dates_cause(cause, text, DATES_EXPECT_ONE);
		return (-1);
	}
	if (local_text(s))
		return (1);
	*state = DATES_UNKNOWN;
	*out = 0;
	if (*s == '\0')
		return (0);
	if ((n = dates_tokenize(s, tok, (int)nitems(tok))) == -1) {
		dates_cause(cause, text, DATES_EXPECT_ONE);
		return (-1);
	}
	na = term_alts(tok, n, 0, a);
	for (i = 0; i < na; i++) {
		if (a[i].next != n || a[i].t.kind == TERM_LOCAL)
			continue;
		if (a[i].t.kind == TERM_UNKNOWN)
			return (0);
		if (resolve_alone(ctx, &a[i].t, is_depart, &day) == -1) {
			if (why == NULL)
				why = xstrdup("not a real date");
			continue;
		}
		if (found && day != best) {
			free(why);
			dates_cause(cause, text,
			    "ambiguous; " DATES_EXPECT_ONE);
			return (-1);
		}
		best = day;
		found = 1;
	}
	if (found) {
		free(why);
		if ((why = check_window(ctx, best)) == NULL) {
			*state = DATES_KNOWN;
			*out = best;
			return (0);
		}
	}
	if (why != NULL) {
		char *w = xprintf("%s; %s", why, DATES_EXPECT_ONE);

		dates_cause(cause, text, w);
		free(w);
		free(why);
	} else
		dates_cause(cause, text, DATES_EXPECT_ONE);
	return (-1);
}
