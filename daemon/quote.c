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
 * quote.c -- what a person wrote, without what they quoted: "> " lines
 * and their attribution, quoted originals that are not marked ("On ...
 * wrote:" and Outlook's reply header blocks, in many languages, with the
 * old text unquoted below), signatures, the footers phones add and the
 * footers mailing lists append.
 *
 * Most of it goes by shape, with tables of words per language as one
 * signal among others: a reply header block is a run of "Key: value"
 * lines where one value holds an address and another a date; an
 * attribution is a short line (or up to three wrapped ones) ending in ':'
 * with a verb ("wrote", "schrieb", "写道") and an address or a date, or
 * with no verb a time and an address in <> just before the colon; a list
 * footer is a few lines at the very end with words and links only lists
 * put there. The person's own form ("Arrive: 2027-03-14", "Notes: ...
 * anna@example.org") must never look like either, so field lines with a
 * value are not attributions, and a header block needs known header words
 * or an address, a date and a time in the places Outlook puts them.
 *
 * Every line is looked at a bounded number of times, and each look is
 * linear in the line (long lines are never headers or attributions), so
 * quote_strip stays linear in the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "util.h"

/* Longer lines are text: never a header, attribution or footer. */
#define QUOTE_MAX_SHORT		1000
/* Lines of an attribution wrapped by the client, at most. */
#define QUOTE_ATTR_LINES	3
/* Fields of one reply header block looked at, at most. */
#define QUOTE_MAX_FIELDS	8
/* Non-blank lines from a list footer's first words to the end, at most. */
#define QUOTE_FOOTER_TAIL	15

/* Kinds of reply header keys. */
enum {
	H_NONE, H_OTHER, H_FROM, H_DATE, H_TO, H_SUBJECT, H_CC
};

struct line {
	const char	*s;
	size_t		 n;
	const char	*ts;	/* s without leading and trailing space */
	size_t		 tn;
	int		 keep;
	int		 quoted;
	/* What follows is set only for short lines that are not quoted. */
	int		 colon;	/* ends with ':' or a full-width colon */
	int		 field;	/* "Key: value" shape */
	int		 fvalue; /* a field with a value after the colon */
	int		 hkind;	/* H_*: the key as a reply header word */
	int		 addr_value; /* the value ends with an address */
	size_t		 vo;	/* where the value of a field starts in ts */
	int		 addr;	/* an e-mail address somewhere */
	int		 addr_end; /* an address just before the final colon */
	int		 date;	/* a date or a time (of the value of a field) */
	int		 time;	/* a time of day ("10:12") */
	int		 verb;	/* -1 not looked at yet */
	int		 opener; /* starts the way attributions start ("On ") */
	int		 dfirst; /* starts with a date ("22.02.2027 10:12, ") */
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A letter in any script: ASCII or a byte of a UTF-8 sequence. */
static int
is_letter(int c)
{
	return is_alpha(c) || c >= 0x80;
}

/*
 * Length of the invisible character at s (bidi marks and isolates, the
 * byte order mark, no-break space), 0 for anything else. RTL clients wrap
 * attributions in them.
 */
static size_t
invisible(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;

	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (n < 3)
		return 0;
	if (u[0] == 0xe2 && u[1] == 0x80 && ((u[2] >= 0x8b && u[2] <= 0x8f) ||
	    (u[2] >= 0xaa && u[2] <= 0xae)))
		return 3;
	if (u[0] == 0xe2 && u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9)
		return 3;
	if (u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return 3;
	return 0;
}

/* The same, for the character that ends at s + n. */
static size_t
invisible_end(const char *s, size_t n)
{
	if (n >= 3 && invisible(s + n - 3, 3) == 3)
		return 3;
	if (n >= 2 && invisible(s + n - 2, 2) == 2)
		return 2;
	return 0;
}

static void
trim_line(struct line *l)
{
	const char	*p = l->s;
	size_t		 k = l->n, m;

	for (;;) {
		if (k > 0 && (*p == ' ' || *p == '\t'))
			m = 1;
		else
			m = invisible(p, k);
		if (m == 0)
			break;
		p += m;
		k -= m;
	}
	for (;;) {
		if (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t' ||
		    p[k - 1] == '\r'))
			m = 1;
		else
			m = invisible_end(p, k);
		if (m == 0)
			break;
		k -= m;
	}
	l->ts = p;
	l->tn = k;
}

static int
blank(const struct line *l)
{
	return l->tn == 0;
}

/* Whether s (n bytes) starts with prefix, ASCII letters in any case. */
static int
prefix_is(const char *s, size_t n, const char *prefix)
{
	size_t	 pl = strlen(prefix);

	return n >= pl && util_strncaseeq(s, prefix, pl);
}

static int
starts(const struct line *l, const char *prefix)
{
	if (*prefix == '\0')
		return 1;
	/* Most lines differ in the first byte: check it before the rest. */
	if (l->tn == 0 || util_lc((unsigned char)l->ts[0]) !=
	    util_lc((unsigned char)prefix[0]))
		return 0;
	return prefix_is(l->ts, l->tn, prefix);
}

/*
 * Whether word occurs in s (n bytes), ASCII letters in any case. A word
 * that begins (ends) with an ASCII letter must not be preceded (followed)
 * by one, so "skrev" is not found in "beskrevet"; words in other scripts
 * are found anywhere ("写道").
 */
static int
has_word(const char *s, size_t n, const char *word)
{
	size_t	 wl = strlen(word), i;
	int	 a0 = is_alpha((unsigned char)word[0]);
	int	 a1 = is_alpha((unsigned char)word[wl - 1]);
	int	 c0 = util_lc((unsigned char)word[0]);

	for (i = 0; i + wl <= n; i++) {
		if (util_lc((unsigned char)s[i]) != c0 ||
		    !util_strncaseeq(s + i, word, wl))
			continue;
		if (a0 && i > 0 && (is_alpha((unsigned char)s[i - 1]) ||
		    is_digit((unsigned char)s[i - 1])))
			continue;
		if (a1 && i + wl < n && is_alpha((unsigned char)s[i + wl]))
			continue;
		return 1;
	}
	return 0;
}

static int
has_any(const char *s, size_t n, const char *const *words)
{
	for (; *words != NULL; words++)
		if (has_word(s, n, *words))
			return 1;
	return 0;
}

static int
quoted(const struct line *l)
{
	size_t	 i;

	for (i = 0; i < l->n && i < 3 && l->s[i] == ' '; i++)
		;
	return i < l->n && l->s[i] == '>';
}

/* Length of the colon at s: ':' or the full-width '：', else 0. */
static size_t
colon_at(const char *s, size_t n)
{
	if (n >= 1 && s[0] == ':')
		return 1;
	if (n >= 3 && (unsigned char)s[0] == 0xef &&
	    (unsigned char)s[1] == 0xbc && (unsigned char)s[2] == 0x9a)
		return 3;
	return 0;
}

static int
ends_colon(const char *s, size_t n)
{
	return (n >= 1 && s[n - 1] == ':') || (n >= 3 &&
	    colon_at(s + n - 3, 3) == 3);
}

/* Month names and their abbreviations, as word beginnings. */
static const char *const quote_months[] = {
	/* en de fr es it pt nl da nb sv */
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
	"oct", "nov", "dec", "mär", "mae", "mai", "okt", "dez", "févr",
	"fevr", "avr", "juin", "juil", "août", "aout", "déc", "ene",
	"abr", "ago", "dic", "gen", "mag", "giu", "lug", "set", "ott",
	"fev", "out", "mrt", "mei", "maj", "des",
	/* fi */
	"tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä",
	"elo", "syys", "loka", "marras", "joulu",
	/* pl cs hu */
	"sty", "lut", "kwi", "cze", "lip", "sie", "wrz", "paź", "lis",
	"gru", "led", "úno", "bře", "dub", "kvě", "čer", "srp", "zář",
	"říj", "pro", "márc", "ápr", "máj", "jún", "júl", "szept",
	/* ru uk */
	"янв", "фев", "мар", "апр", "мая", "май", "июн", "июл", "авг",
	"сен", "окт", "ноя", "дек", "січ", "лют", "бер", "кві", "тра",
	"чер", "лип", "сер", "вер", "жов", "лис", "гру",
	NULL
};

/* Whether s (n bytes) starts with a month name. */
static int
month_at(const char *s, size_t n)
{
	static struct util_words	 months = UTIL_WORDS_INIT(quote_months);

	return util_word_at(&months, s, n);
}

/* Bytes of a CJK date unit at s: 年 月 日 and Korean 년 월 일. */
static int
cjk_date_unit(const char *s, size_t n)
{
	static const char *const units[] = { "\xe5\xb9\xb4", "\xe6\x9c\x88",
	    "\xe6\x97\xa5", "\xeb\x85\x84", "\xec\x9b\x94", "\xec\x9d\xbc" };
	size_t			 i;

	for (i = 0; i < nitems(units); i++)
		if (n >= 3 && memcmp(s, units[i], 3) == 0)
			return 1;
	return 0;
}

/*
 * Looks for a date in s: a year (1900-2099), a numeric date ("22.2.2027",
 * "2/22/27"), a CJK date, a month name beside a number, or a time of day
 * ("10:12", which also sets *time).
 */
static int
find_date(const char *s, size_t n, int *time)
{
	size_t	 i = 0, j, k;
	int	 year = 0, numeric = 0, cjk = 0, month = 0, digits = 0;
	int	 v;

	*time = 0;
	while (i < n) {
		unsigned char	 c = (unsigned char)s[i];

		if (is_digit(c)) {
			for (j = i, v = 0; j < n && is_digit((unsigned char)s[j]);
			    j++)
				v = v < 10000 ? v * 10 + (s[j] - '0') : v;
			digits = 1;
			if (j - i == 4 && v >= 1900 && v <= 2099)
				year = 1;
			if (j - i <= 2 && j + 2 < n && s[j] == ':' &&
			    is_digit((unsigned char)s[j + 1]) &&
			    is_digit((unsigned char)s[j + 2]) &&
			    (j + 3 == n || !is_digit((unsigned char)s[j + 3])))
				*time = 1;
			/* "klo 10.12", "kl. 10.12": not "22.2.2027" */
			if (j - i <= 2 && v <= 23 && j + 2 < n && s[j] == '.' &&
			    (i == 0 || (s[i - 1] != '.' &&
			    !is_digit((unsigned char)s[i - 1]))) &&
			    is_digit((unsigned char)s[j + 1]) &&
			    is_digit((unsigned char)s[j + 2]) && s[j + 1] <= '5' &&
			    (j + 3 == n || (s[j + 3] != '.' &&
			    !is_digit((unsigned char)s[j + 3]))))
				*time = 1;
			if (j - i <= 4 && j + 1 < n && (s[j] == '.' ||
			    s[j] == '/' || s[j] == '-') &&
			    is_digit((unsigned char)s[j + 1])) {
				for (k = j + 1; k < n &&
				    is_digit((unsigned char)s[k]); k++)
					;
				if (k + 1 < n && s[k] == s[j] &&
				    is_digit((unsigned char)s[k + 1]))
					numeric = 1;
			}
			if (cjk_date_unit(s + j, n - j))
				cjk = 1;
			i = j;
			continue;
		}
		if (is_letter(c) && (i == 0 ||
		    !is_letter((unsigned char)s[i - 1])) && month_at(s + i,
		    n - i))
			month = 1;
		i++;
	}
	return year || numeric || cjk || *time || (month && digits);
}

static int
addr_char(int c)
{
	return is_alpha(c) || is_digit(c) || c == '.' || c == '_' ||
	    c == '%' || c == '+' || c == '-' || c == '=' || c == '\'';
}

static int
domain_char(int c)
{
	return is_alpha(c) || is_digit(c) || c == '.' || c == '-';
}

/*
 * Looks for an address ("a@b.c") in s; *at_end is set when the last one
 * is enclosed and followed only by closing marks (> ) ] " ') and a final
 * colon, as in "PyPy sprints <sprints@example.org>:" (not in prose: "I
 * come with bob@example.org:").
 */
static int
find_addr(const char *s, size_t n, int *at_end)
{
	size_t	 i, j, k, dot;
	int	 found = 0, closed;

	*at_end = 0;
	for (i = 1; i + 1 < n; i++) {
		if (s[i] != '@' || !addr_char((unsigned char)s[i - 1]))
			continue;
		for (j = i + 1; j < n && domain_char((unsigned char)s[j]); j++)
			;
		while (j > i + 1 && s[j - 1] == '.')
			j--;	/* "a@b.org." at the end of a sentence */
		for (k = i + 1, dot = 0; k < j; k++)
			if (s[k] == '.')
				dot = k;
		if (dot == 0 || dot == i + 1)
			continue;
		found = 1;
		/* What is left after the address: closers, the colon. */
		for (k = j, closed = 0; k < n; ) {
			size_t	 m = invisible(s + k, n - k);

			if (m > 0) {
				k += m;
				continue;
			}
			if (s[k] == '>' || s[k] == ')' || s[k] == ']')
				closed = 1;
			else if (s[k] != '"' && s[k] != '\'' && s[k] != ' ')
				break;
			k++;
		}
		*at_end = closed && k < n && colon_at(s + k, n - k) == n - k;
		i = j - 1;
	}
	return found;
}

/*
 * Header keys of reply blocks as mail clients write them, per language;
 * one signal beside the shape (address, date) of the values. Keys are
 * matched whole, ASCII letters in any case.
 */
static const struct {
	const char	*key;
	int		 kind;
} quote_hkeys[] = {
	/* en */
	{ "From", H_FROM }, { "Sent", H_DATE }, { "Date", H_DATE },
	{ "To", H_TO }, { "Subject", H_SUBJECT }, { "Cc", H_CC },
	{ "Bcc", H_CC }, { "Reply-To", H_OTHER },
	/* de */
	{ "Von", H_FROM }, { "Gesendet", H_DATE }, { "Datum", H_DATE },
	{ "An", H_TO }, { "Betreff", H_SUBJECT }, { "Kopie", H_CC },
	/* fr */
	{ "De", H_FROM }, { "Envoyé", H_DATE }, { "Envoye", H_DATE },
	{ "À", H_TO }, { "A", H_TO }, { "Objet", H_SUBJECT },
	/* nl */
	{ "Van", H_FROM }, { "Verzonden", H_DATE }, { "Aan", H_TO },
	{ "Onderwerp", H_SUBJECT },
	/* da nb nn */
	{ "Fra", H_FROM }, { "Sendt", H_DATE }, { "Dato", H_DATE },
	{ "Til", H_TO }, { "Emne", H_SUBJECT }, { "Kopi", H_CC },
	/* sv */
	{ "Från", H_FROM }, { "Skickat", H_DATE }, { "Till", H_TO },
	{ "Ämne", H_SUBJECT }, { "Kopia", H_CC },
	/* fi */
	{ "Lähettäjä", H_FROM }, { "Lähetetty", H_DATE },
	{ "Päivämäärä", H_DATE }, { "Vastaanottaja", H_TO },
	{ "Aihe", H_SUBJECT }, { "Kopio", H_CC },
	/* it */
	{ "Da", H_FROM }, { "Inviato", H_DATE }, { "Data", H_DATE },
	{ "Oggetto", H_SUBJECT },
	/* es ca */
	{ "Enviado el", H_DATE }, { "Enviado", H_DATE }, { "Fecha", H_DATE },
	{ "Para", H_TO }, { "Asunto", H_SUBJECT }, { "Enviat el", H_DATE },
	{ "Per a", H_TO }, { "Assumpte", H_SUBJECT },
	/* pt */
	{ "Enviada em", H_DATE }, { "Enviado em", H_DATE },
	{ "Assunto", H_SUBJECT },
	/* pl cs sk */
	{ "Od", H_FROM }, { "Wysłano", H_DATE }, { "Do", H_TO },
	{ "Temat", H_SUBJECT }, { "DW", H_CC }, { "Odesláno", H_DATE },
	{ "Komu", H_TO }, { "Předmět", H_SUBJECT }, { "Odoslané", H_DATE },
	{ "Predmet", H_SUBJECT }, { "Kópia", H_CC },
	/* hu */
	{ "Feladó", H_FROM }, { "Elküldve", H_DATE }, { "Dátum", H_DATE },
	{ "Címzett", H_TO }, { "Tárgy", H_SUBJECT },
	{ "Másolatot kap", H_CC },
	/* ru uk */
	{ "От", H_FROM }, { "Отправлено", H_DATE }, { "Дата", H_DATE },
	{ "Кому", H_TO }, { "Тема", H_SUBJECT }, { "Копия", H_CC },
	{ "Від", H_FROM }, { "Надіслано", H_DATE }, { "Копія", H_CC },
	/* ja zh ko */
	{ "差出人", H_FROM }, { "送信日時", H_DATE }, { "日付", H_DATE },
	{ "宛先", H_TO }, { "件名", H_SUBJECT },
	{ "发件人", H_FROM }, { "发送时间", H_DATE }, { "日期", H_DATE },
	{ "收件人", H_TO }, { "主题", H_SUBJECT }, { "抄送", H_CC },
	{ "寄件者", H_FROM }, { "寄件日期", H_DATE }, { "收件者", H_TO },
	{ "主旨", H_SUBJECT }, { "副本", H_CC },
	{ "보낸 사람", H_FROM }, { "보낸 날짜", H_DATE },
	{ "받는 사람", H_TO }, { "제목", H_SUBJECT }, { "참조", H_CC },
	/* tr el ro */
	{ "Kimden", H_FROM }, { "Gönderildi", H_DATE }, { "Tarih", H_DATE },
	{ "Kime", H_TO }, { "Konu", H_SUBJECT }, { "Από", H_FROM },
	{ "Στάλθηκε", H_DATE }, { "Προς", H_TO }, { "Θέμα", H_SUBJECT },
	{ "De la", H_FROM }, { "Trimis", H_DATE }, { "Către", H_TO },
	{ "Subiect", H_SUBJECT },
};

static int
hkey_kind(const char *k, size_t n)
{
	size_t	 i;

	for (i = 0; i < nitems(quote_hkeys); i++)
		if (strlen(quote_hkeys[i].key) == n &&
		    util_strncaseeq(k, quote_hkeys[i].key, n))
			return quote_hkeys[i].kind;
	return H_OTHER;
}

/*
 * "Key: value": a key of one to three words with no digits or marks of
 * prose (so "10:12" and "http://" are not keys), then ':' (or ' :', or
 * the full-width colon) and a space or the end. "*From:*" of mail turned
 * from HTML to text too. Sets the field members of l.
 */
static void
read_field(struct line *l)
{
	const char	*s = l->ts;
	size_t		 n = l->tn, i = 0, k, ks, ke, ve, cl = 0, words = 1;

	while (i < n && s[i] == '*')
		i++;
	ks = i;
	for (; i < n; i++) {
		unsigned char	 c = (unsigned char)s[i];

		if ((cl = colon_at(s + i, n - i)) > 0)
			break;
		if (i - ks > 40 || is_digit(c) || strchr("@<>/()[],.\"=;!?#&",
		    c) != NULL)
			return;
		if (c == ' ' && i > ks && s[i - 1] != ' ' && ++words > 3)
			return;
	}
	if (cl == 0)
		return;
	for (ke = i; ke > ks && (s[ke - 1] == ' ' || s[ke - 1] == '*'); ke--)
		;
	if (ke == ks)
		return;
	i += cl;
	if (cl == 1 && i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '*')
		return;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '*'))
		i++;
	l->field = 1;
	l->fvalue = i < n;
	l->vo = i;
	/* "PyPy <sprints@example.org>", "PyPy [mailto:s@example.org]" */
	for (ve = n; ve > i && strchr(">)]\"'; ,", s[ve - 1]) != NULL; ve--)
		;
	for (k = ve; k > i && s[k - 1] != ' ' && s[k - 1] != '<' &&
	    s[k - 1] != '(' && s[k - 1] != '[' && s[k - 1] != ':'; k--)
		;
	l->addr_value = ve > k && memchr(s + k, '@', ve - k) != NULL;
	l->hkind = hkey_kind(s + ks, ke - ks);
	/* The date of a field is the date of its value. */
	l->date = find_date(s + i, n - i, &l->time);
}

/* Words attributions begin with, by language. */
static const char *const quote_openers[] = {
	"On ", "Am ", "Le ", "El ", "Il ", "Op ", "Den ", "W dniu ", "Em ",
	"Dne ", "În ", "Στις ", "Vào ", "Pada ", "Dana ", "בתאריך ",
	"في ", NULL
};

static void
classify(struct line *l)
{
	const char *const	*o;

	l->quoted = quoted(l);
	l->verb = -1;
	if (l->quoted || l->tn == 0 || l->tn > QUOTE_MAX_SHORT)
		return;
	l->colon = ends_colon(l->ts, l->tn);
	read_field(l);
	if (!l->field)
		l->date = find_date(l->ts, l->tn, &l->time);
	l->addr = find_addr(l->ts, l->tn, &l->addr_end);
	for (o = quote_openers; *o != NULL && !l->opener; o++)
		l->opener = starts(l, *o);
	/* Clients that put the date first ("2027年2月22日", "22.02.2027"). */
	if (is_digit((unsigned char)l->ts[0]) && !l->field)
		l->dfirst = l->date;
}

/* The verbs of attributions ("Anna wrote:"), by language. */
static const char *const quote_verbs[] = {
	"wrote", "writes", "schrieb", "schreibt", "a écrit", "a ecrit",
	"escribió", "escribio", "ha scritto", "scritto", "schreef",
	"skrev", "skreiv", "napisał", "napisała", "pisze", "napsal",
	"napsala", "napísal", "kirjoitti", "írta", "пишет", "написал",
	"написала", "пише", "написав", "escreveu", "a scris", "yazdı",
	"έγραψε", "のメッセージ", "書きました", "写道", "寫道", "작성",
	"đã viết", "menulis", "va escriure", "napisao", "napisala",
	"rašė", "rakstīja", "kirjutas", "skrifaði", "כתב", "كتب",
	NULL
};

static int
verb(struct line *l)
{
	if (l->verb == -1)
		l->verb = !l->quoted && l->tn > 0 && l->tn <= QUOTE_MAX_SHORT &&
		    has_any(l->ts, l->tn, quote_verbs);
	return l->verb;
}

/* Whether l can be an earlier line of a wrapped attribution. */
static int
attr_part(const struct line *l)
{
	char	 c;

	if (l->quoted || blank(l) || l->tn > QUOTE_MAX_SHORT / 3 || l->colon ||
	    l->fvalue)
		return 0;
	c = l->ts[l->tn - 1];
	return c != '.' && c != '!' && c != '?';
}

/*
 * Whether line i ends an attribution: 0 not, 1 weak (a verb only, as in
 * "Anna wrote:"), 2 strong (a verb and an address, or a verb, a date and
 * a time or the way attributions start; or with no verb, a time and an
 * address just before the colon: "2027-03-22 10:00 GMT+01:00 PyPy
 * <sprints@example.org>:"). *start is its first line.
 */
static int
attribution(struct line *ls, size_t i, size_t *start)
{
	struct line	*l = &ls[i];
	size_t		 k, s;
	int		 v = 0, d = 0, t = 0, a = 0, op;

	*start = i;
	if (l->quoted || !l->colon)
		return 0;
	/* mutt: "* Anna <a@b> [2027-01-03 10:00]:" */
	if (l->tn > 3 && l->ts[0] == '*' && l->ts[1] == ' ' &&
	    l->ts[l->tn - 2] == ']')
		return 2;
	if (l->fvalue)
		return 0;	/* "Notes: ... anna@example.org on 14 March:" */
	for (k = 0; k < QUOTE_ATTR_LINES && k <= i; k++) {
		s = i - k;
		if (k > 0 && !attr_part(&ls[s]))
			break;
		v |= verb(&ls[s]);
		d |= ls[s].date;
		t |= ls[s].time;
		a |= ls[s].addr;
		op = ls[s].opener || ls[s].dfirst;
		if ((v && (a || (d && (t || op)))) || (t && l->addr_end)) {
			/* Earlier lines of the same wrapped attribution. */
			while (!ls[s].opener && i - s + 1 < QUOTE_ATTR_LINES &&
			    s > 0 && attr_part(&ls[s - 1]) &&
			    (ls[s - 1].date || ls[s - 1].addr ||
			    ls[s - 1].opener || verb(&ls[s - 1])))
				s--;
			*start = s;
			return 2;
		}
		if (ls[s].opener)
			break;
	}
	if (verb(l)) {
		if (i > 0 && !l->opener && ls[i - 1].opener &&
		    attr_part(&ls[i - 1]))
			*start = i - 1;
		return 1;
	}
	if (i > 0 && ls[i - 1].opener && attr_part(&ls[i - 1]) &&
	    verb(&ls[i - 1])) {
		*start = i - 1;
		return 1;
	}
	return 0;
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
phone_footer(const struct line *l)
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

	for (f = footers; *f != NULL; f++)
		if (starts(l, *f))
			return 1;
	/* "Sent from Mail<https://...> for Windows 10" */
	return starts(l, "Sent from Mail") && l->tn < 200 &&
	    has_word(l->ts, l->tn, "for Windows");
}

/* A line of one repeated mark ("_____", "#####", "-=-=-=-"), min long. */
static int
rule_line(const struct line *l, size_t min)
{
	size_t	 i;
	char	 c;

	if (l->tn < min || l->quoted)
		return 0;
	c = l->ts[0];
	if (strchr("_-=#*~+", c) == NULL)
		return 0;
	for (i = 1; i < l->tn; i++)
		if (l->ts[i] != c && !(strchr("-=", c) != NULL &&
		    strchr("-=", l->ts[i]) != NULL))
			return 0;
	return 1;
}

/* "-----Original Message-----" and its kin, in the languages of clients. */
static const char *const quote_originals[] = {
	"Original Message", "Forwarded Message", "Ursprüngliche Nachricht",
	"Weitergeleitete Nachricht", "Originalnachricht",
	"Message d'origine", "Message original", "Message transféré",
	"Oorspronkelijk bericht", "Origineel bericht", "Doorgestuurd bericht",
	"Oprindelig meddelelse", "Opprinnelig melding", "Videresendt melding",
	"Ursprungligt meddelande", "Vidarebefordrat meddelande",
	"Alkuperäinen viesti", "Välitetty viesti", "Messaggio originale",
	"Messaggio inoltrato", "Mensaje original", "Mensaje reenviado",
	"Mensagem original", "Mensagem encaminhada", "Wiadomość oryginalna",
	"Oryginalna wiadomość", "Původní zpráva", "Přeposlaná zpráva",
	"Eredeti üzenet", "Továbbított üzenet", "Исходное сообщение",
	"Пересылаемое сообщение", "元のメッセージ", "转发的邮件", "原始邮件",
	"原始郵件", "원본 메시지", "Orijinal Mesaj", "Αρχικό μήνυμα",
	"Mesaj original", NULL
};

/*
 * 2: "-----Original Message-----" (in a language we know): the original
 * follows. 1: a line of underscores, or words between dashes in another
 * language: the original follows if a header block does. 0: neither.
 */
static int
separator(const struct line *l)
{
	const char	*s = l->ts;
	size_t		 n = l->tn, a, b;

	if (l->quoted || n < 5)
		return 0;
	if (s[0] == '_')
		return n >= 10 && rule_line(l, 10);
	/* Apple Mail's forward: a header block follows. */
	if (starts(l, "Begin forwarded message") ||
	    starts(l, "Anfang der weitergeleiteten") ||
	    starts(l, "Début du message réexpédié"))
		return 1;
	if (s[0] != '-' || s[1] != '-' || s[n - 1] != '-' || n > 120)
		return 0;
	for (a = 0; a < n && s[a] == '-'; a++)
		;
	for (b = n; b > a && s[b - 1] == '-'; b--)
		;
	if (a == n || n - b < 2)
		return 0;
	return has_any(s + a, b - a, quote_originals) ? 2 : 1;
}

/* Whether the value of a field starts like a reply's subject: "Re: x",
 * "AW: x", "Odp: x", "回复: x" (a short word and a colon). */
static int
reply_prefix(const struct line *l)
{
	const char	*s = l->ts + l->vo;
	size_t		 n = l->tn - l->vo, i;

	for (i = 0; i < n && i <= 12 && s[i] != ' '; i++)
		if (i > 0 && colon_at(s + i, n - i) > 0)
			return 1;
	return 0;
}

/*
 * Whether an Outlook-style reply header block starts at line i: three or
 * more "Key: value" lines (one after another, or each two with a blank
 * line between, as some clients turn HTML into text) where one value
 * holds an address and another a date, and
 *   - the first key is From in some language, or it and another are
 *     header words; or
 *   - by shape alone, for languages not in the table: the first value
 *     ends with an address, the second is a date with a time, the third
 *     and fourth are not dates, and another value holds an address or a
 *     subject with a reply prefix ("Re: ", "SV: "); or
 *   - with no address (Exchange shows names only), From, a Sent/Date
 *     with a time, To or Subject, in four lines or more.
 * After a separator (after_sep), two lines will do. A form line just
 * above a block is not part of it.
 */
static int
header_block(const struct line *ls, size_t nl, size_t i, int after_sep)
{
	size_t	 f[QUOTE_MAX_FIELDS], nf = 0, k, x;
	int	 naddr = 0, ndate = 0, nknown = 0, from = 0, date = 0, to = 0;
	int	 pair = 0, shaped = 0, reply = 0, first, gap;

	if (ls[i].quoted || !ls[i].field || !ls[i].fvalue)
		return 0;
	/* One line after another, or all with a blank line between. */
	gap = i + 2 < nl && blank(&ls[i + 1]) && ls[i + 2].field;
	for (k = i; k < nl && nf < QUOTE_MAX_FIELDS; k += 1 + gap) {
		if (ls[k].quoted || !ls[k].field)
			break;
		f[nf++] = k;
		if (gap && k + 1 < nl && !blank(&ls[k + 1]))
			break;
	}
	first = ls[i].hkind;
	/* A form line just above the block does not start it. */
	if (first == H_OTHER)
		for (x = 1; x < nf; x++)
			if (ls[f[x]].hkind == H_FROM)
				return 0;
	if (first == H_OTHER && !ls[i].addr)
		return 0;
	for (x = 0; x < nf; x++) {
		const struct line	*l = &ls[f[x]];

		naddr += l->addr;
		ndate += l->date && x < 4;
		nknown += l->hkind > H_OTHER;
		if (l->hkind == H_FROM && x == 0)
			from = 1;
		if (l->hkind == H_DATE && l->time)
			date = 1;
		if (l->hkind == H_TO || l->hkind == H_SUBJECT)
			to = 1;
		if (l->date)
			for (k = 0; k < nf; k++)
				if (k != x && ls[f[k]].addr)
					pair = 1;
		if (x == 1 && l->date && l->time && ls[i].addr_value)
			shaped = 1;
		if (x >= 2 && reply_prefix(l))
			reply = 1;
	}
	if (after_sep)
		return nf >= 2 && (from || (pair && (nknown > 0 || ls[i].addr)));
	if (nf < 3)
		return 0;
	if (pair && (from || (first > H_OTHER && nknown >= 2)))
		return 1;
	if (from && date && to && nf >= 4)
		return 1;
	return shaped && ndate == 1 && (naddr >= 2 || reply);
}

/* Lines that only mailing lists end messages with. */
static const char *const quote_list_strong[] = {
	"You received this message because you are subscribed",
	"You are currently subscribed to", "To unsubscribe from this group",
	"Groups.io Links:", "groups.google.com/d/",
	"/mailman/listinfo", "/listinfo/", "/mailman3/lists/",
	"/postorius/lists/", "SUBED1=", "/sympa/info/", "/wws/info/",
	"/sympa/signoff", "/wws/signoff", "-leave@", "+unsubscribe@",
	"-unsubscribe@", "topicbox.com/groups/", NULL
};
/* A list's name line: "pypy-sprint mailing list", "Liste de diffusion x". */
static const char *const quote_list_names[] = {
	"mailing list", "mailinglist", "Mailingliste", "mailing-list",
	"liste de diffusion", "lista de correo", "lista di distribuzione",
	"lista de discussão", "lista dyskusyjna", "levelezőlista",
	"postituslista", "sähköpostilista", "e-postlista", "maillijst",
	"список рассылки", NULL
};
/* How an unsubscribe line starts, by language. */
static const char *const quote_list_leave[] = {
	"To unsubscribe", "Unsubscribe", "To leave", "To stop receiving",
	"Zum Abmelden", "Abmelden", "Austragen", "Pour vous désabonner",
	"Pour se désabonner", "Pour vous désinscrire", "Désabonnement",
	"Désinscription", "Para darse de baja", "Para cancelar",
	"Para anular", "Om je af te melden", "Afmelden", "Uitschrijven",
	"For å melde deg av", "Avmelding", "Avregistrera", "Afmeld",
	"Per annullare", "Per cancellarti", "Per disiscriverti",
	"Aby się wypisać", "Wypisz się", "Odhlášení", "Odhlásit",
	"Leiratkozás", "Peruuta tilaus", "Отписаться", "Для отписки",
	NULL
};

static int
has_link(const struct line *l)
{
	return !l->quoted && (l->addr || has_word(l->ts, l->tn, "http://") ||
	    has_word(l->ts, l->tn, "https://") || has_word(l->ts, l->tn,
	    "mailto:") || has_word(l->ts, l->tn, "www."));
}

/*
 * Whether l names a list: "pypy-sprint mailing list" (Mailman 3 adds
 * " -- " and the address), or starts with the words ("Liste de
 * diffusion x").
 */
static int
list_name(const struct line *l)
{
	const char *const	*w;
	const char		*s = l->ts;
	size_t			 n = l->tn, wl, i, words;

	for (i = 0, words = 1; i < n; i++) {
		if (i + 4 <= n && memcmp(s + i, " -- ", 4) == 0) {
			n = i;
			break;
		}
		if (s[i] == ' ' && ++words > 5)
			return 0;	/* prose that mentions a list */
	}
	for (w = quote_list_names; *w != NULL; w++) {
		wl = strlen(*w);
		if (n >= wl && util_strncaseeq(s + n - wl, *w, wl) &&
		    (n == wl || s[n - wl - 1] == ' '))
			return 1;
		if (prefix_is(s, n, *w))
			return 1;
	}
	return 0;
}

/*
 * 1 when l is where a mailing list's footer speaks: words only lists
 * use, or a list's name line or an unsubscribe line with a link in it or
 * in the next line (next, or NULL).
 */
static int
list_footer_line(const struct line *l, const struct line *next)
{
	const char *const	*w;
	int			 leave = 0;

	/* Not the person's "Notes: see https://.../listinfo/x" either. */
	if (l->quoted || blank(l) || l->tn > 300 || l->fvalue)
		return 0;
	if (has_any(l->ts, l->tn, quote_list_strong))
		return 1;
	for (w = quote_list_leave; *w != NULL && !leave; w++)
		leave = starts(l, *w);
	if (!leave && !(l->tn <= 80 && list_name(l)))
		return 0;
	return has_link(l) || (next != NULL && has_link(next));
}

/*
 * The first line of a mailing list footer that runs to the end of the
 * text (a few lines at most after its first words), with the rule line
 * or "--" the list put above it; nl if none.
 */
static size_t
list_footer(const struct line *ls, size_t nl)
{
	size_t	 i, k, next, left = 0, start;

	for (i = 0; i < nl; i++)
		left += !blank(&ls[i]);
	for (i = 0; i < nl; i++) {
		if (blank(&ls[i]))
			continue;
		if (left-- > QUOTE_FOOTER_TAIL)
			continue;
		for (next = i + 1; next < nl && blank(&ls[next]); next++)
			;
		if (!list_footer_line(&ls[i], next < nl ? &ls[next] : NULL))
			continue;
		/* Back over blank lines, to the rule or "--" above it. */
		start = i;
		for (k = i; k > 0 && blank(&ls[k - 1]); k--)
			;
		if (k > 0 && (rule_line(&ls[k - 1], 3) || sig_line(&ls[k - 1])))
			start = k - 1;
		return start;
	}
	return nl;
}

/* GroupWise: ">>> PyPy <sprints@example.org> 22.02.2027 10:12 >>>", then
 * the original unquoted. */
static int
groupwise(const struct line *l)
{
	int	 t;

	return l->tn > 8 && l->tn <= QUOTE_MAX_SHORT &&
	    memcmp(l->ts, ">>> ", 4) == 0 &&
	    memcmp(l->ts + l->tn - 4, " >>>", 4) == 0 &&
	    find_date(l->ts, l->tn, &t);
}

/*
 * The first line of what is cut to the end, or nl. With known set (the
 * original's lines are marked quoted already), text after an attribution
 * is never cut for being an unquoted original: what of it stands in the
 * original is quote, and the rest is the person's.
 */
static size_t
cut_point(struct line *ls, size_t nl, int known)
{
	size_t	 i, k, start, end = list_footer(ls, nl);
	int	 sep;

	for (i = 0; i < end; i++) {
		/* A "> " line is none of these: the common case, skipped. */
		if (ls[i].quoted) {
			if (groupwise(&ls[i]))
				return i;
			continue;
		}
		if (sig_line(&ls[i]) || phone_footer(&ls[i]))
			return i;
		if (!known && ls[i].colon && attribution(ls, i, &start) == 2) {
			/* Followed by the original, unquoted (Yahoo, Apple). */
			for (k = i + 1; k < end && blank(&ls[k]); k++)
				;
			if (k < end && !ls[k].quoted)
				return start;
		}
		if (ls[i].field && header_block(ls, nl, i, 0))
			return i;
		if ((sep = separator(&ls[i])) == 0)
			continue;
		if (sep == 2)
			return i;	/* "-----Original Message-----" */
		/* Underscores or dashes: only with a header block after. */
		for (k = i + 1; k < nl && blank(&ls[k]); k++)
			;
		if (k < nl && header_block(ls, nl, k, 1))
			return i;
	}
	return end;
}

/*
 * Quote prefixes other than '>' (which quoted() knows): the characters
 * mail clients are set to quote with ("| ", ": ", a TAB, "  ").
 */
static int
prefix_char(int c)
{
	return c == '|' || c == ':' || c == '\t' || c == ' ';
}

/*
 * Whether l starts with the quote prefix c: the character itself, or for
 * a space at least two of them, with text after.
 */
static int
has_prefix(const struct line *l, int c)
{
	if (l->n == 0 || l->s[0] != c)
		return 0;
	if (c == ' ')
		return l->n >= 2 && l->s[1] == ' ' && l->tn > 0;
	return 1;
}

/*
 * Mail answering something sprintd did not send: a quote block with a
 * prefix other than '>', recognised by the message itself. After an
 * attribution, when the next line that is not blank starts with one of
 * prefix_char's characters, that line and the lines after it that start
 * with the same one (blank lines between) are quoted.
 */
static void
mark_prefixed(struct line *ls, size_t nl)
{
	size_t	 i, j, start;
	int	 c;

	for (i = 0; i < nl; i++) {
		if (!ls[i].colon || attribution(ls, i, &start) == 0)
			continue;
		for (j = i + 1; j < nl && blank(&ls[j]); j++)
			;
		if (j == nl || ls[j].quoted || ls[j].n == 0 ||
		    !prefix_char((unsigned char)ls[j].s[0]))
			continue;
		c = (unsigned char)ls[j].s[0];
		for (; j < nl && (blank(&ls[j]) || has_prefix(&ls[j], c)); j++)
			ls[j].quoted = 1;
		i = j - 1;
	}
}

/*
 * The original: the text of the mail being answered, as words (runs of
 * bytes between spaces and tabs), in order; a hash of each word chains
 * the places it occurs.
 */
#define QUOTE_HASH_WALK		256	/* places of one word looked at */
#define QUOTE_OCC		16	/* places of one line kept */
#define QUOTE_MAX_WORDS		65536	/* of the original, at most */
#define QUOTE_LINE_WORDS	512	/* of a line matched, at most (a
					 * flowed paragraph is one line) */

struct word {
	const char	*s;
	size_t		 n;
	size_t		 chain;		/* its previous place + 1, or 0 */
	int		 first;		/* the first word of its line */
	int		 last;		/* the last word of its line */
	size_t		 indent;	/* of its line, when first */
};

struct orig {
	struct word	*w;
	size_t		 nw, cap;
	size_t		*head;		/* per bucket: last place + 1, or 0 */
	size_t		 mask;
};

static uint32_t
word_hash(const char *s, size_t n)
{
	uint32_t	 h = 2166136261u;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Skips a quote prefix (any of "> |:", TABs) at the start of a line. */
static size_t
skip_prefix(const char *s, size_t n)
{
	size_t	 i = 0;

	while (i < n && (s[i] == '>' || s[i] == ' ' || s[i] == '\t' ||
	    s[i] == '|' || s[i] == ':'))
		i++;
	return i;
}

/* The next word of s (n bytes) at or after *i; 0 at the end. */
static int
next_word(const char *s, size_t n, size_t *i, const char **ws, size_t *wn)
{
	size_t	 a = *i, b;

	while (a < n && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' ||
	    invisible(s + a, n - a) > 0))
		a += s[a] == ' ' || s[a] == '\t' || s[a] == '\r' ? 1 :
		    invisible(s + a, n - a);
	if (a == n)
		return 0;
	for (b = a; b < n && s[b] != ' ' && s[b] != '\t' && s[b] != '\r' &&
	    invisible(s + b, n - b) == 0; b++)
		;
	*ws = s + a;
	*wn = b - a;
	*i = b;
	return 1;
}

static void
orig_add(struct orig *o, const char *s, size_t n, int first, size_t indent)
{
	if (o->nw == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 256;
		o->w = xreallocarray(o->w, o->cap, sizeof *o->w);
	}
	o->w[o->nw].s = s;
	o->w[o->nw].n = n;
	o->w[o->nw].first = first;
	o->w[o->nw].last = 0;
	o->w[o->nw].indent = indent;
	o->nw++;
}

static void
orig_init(struct orig *o, const char *text)
{
	const char	*p = text, *e, *ws;
	size_t		 n, i, k, wn, nb, b;
	int		 first;

	memset(o, 0, sizeof *o);
	while (*p != '\0' && o->nw < QUOTE_MAX_WORDS) {
		e = strchr(p, '\n');
		n = e ? (size_t)(e - p) : strlen(p);
		i = skip_prefix(p, n);
		for (k = 0; k < i && (p[k] == ' ' || p[k] == '\t'); k++)
			;
		first = 1;
		while (o->nw < QUOTE_MAX_WORDS && next_word(p, n, &i, &ws,
		    &wn)) {
			orig_add(o, ws, wn, first, k);
			first = 0;
		}
		if (!first)
			o->w[o->nw - 1].last = 1;
		p = e ? e + 1 : p + n;
	}
	for (nb = 64; nb < 2 * o->nw; nb *= 2)
		;
	o->mask = nb - 1;
	o->head = xcalloc(nb, sizeof *o->head);
	for (i = 0; i < o->nw; i++) {
		b = word_hash(o->w[i].s, o->w[i].n) & o->mask;
		o->w[i].chain = o->head[b];
		o->head[b] = i + 1;
	}
}

static void
orig_free(struct orig *o)
{
	free(o->w);
	free(o->head);
}

/* How a line of the reply stands in the original. */
struct match {
	size_t	 k;			/* its words */
	size_t	 occ[QUOTE_OCC];	/* where they occur in a row */
	size_t	 nocc;
	int	 whole;			/* as a whole line of the original */
	size_t	 prefix;		/* its quote prefix's bytes */
	int	 extra;			/* the prefix is more than the
					 * original line's own indent */
	int	 orig;			/* it is quote */
};

/*
 * Where the words of line l (its quote prefix skipped) occur in a row in
 * the original, and whether once as a whole line.
 */
static void
match_line(const struct orig *o, const struct line *l, struct match *m)
{
	const char	*ws[QUOTE_LINE_WORDS], *s;
	size_t		 wn[QUOTE_LINE_WORDS], i, k = 0, p, walk, j;

	memset(m, 0, sizeof *m);
	i = m->prefix = skip_prefix(l->s, l->n);
	while (k < nitems(ws) && next_word(l->s, l->n, &i, &ws[k], &wn[k]))
		k++;
	if (k == 0 || k == nitems(ws) || o->nw == 0)
		return;	/* blank, or too long to be a line of the original */
	m->k = k;
	p = o->head[word_hash(ws[0], wn[0]) & o->mask];
	for (walk = 0; p != 0 && walk < QUOTE_HASH_WALK; p = o->w[p - 1].chain,
	    walk++) {
		const struct word	*w = &o->w[p - 1];

		if (p - 1 + k > o->nw)
			continue;
		for (j = 0; j < k; j++)
			if (w[j].n != wn[j] ||
			    memcmp(w[j].s, ws[j], wn[j]) != 0)
				break;
		if (j < k)
			continue;
		if (w[0].first && w[k - 1].last && !m->whole) {
			m->whole = 1;
			s = l->s;
			for (j = 0; j < m->prefix && (s[j] == ' ' ||
			    s[j] == '\t'); j++)
				;
			m->extra = j < m->prefix || j > w[0].indent;
		}
		if (m->nocc < QUOTE_OCC)
			m->occ[m->nocc++] = p - 1;
	}
}

/* Whether line a's words end right where line b's begin, somewhere. */
static int
adjacent(const struct match *a, const struct match *b)
{
	size_t	 i, j;

	for (i = 0; i < a->nocc; i++)
		for (j = 0; j < b->nocc; j++)
			if (a->occ[i] + a->k == b->occ[j])
				return 1;
	return 0;
}

/*
 * Marks the lines that stand in the original as quoted: a whole line of
 * it (with any quote prefix, re-indented), three words or more of it in
 * a row (re-wrapped, re-flowed), or fewer that go on from the line above
 * or into the line below (the end of a re-wrapped paragraph). Then the
 * prefix most of those lines carry beyond the original's own indent is
 * the message's quote prefix: the other lines that start with it are
 * quoted too (what the client quoted that is not the text: an attachment
 * quoted raw).
 */
static void
mark_original(struct line *ls, size_t nl, const char *original)
{
	struct orig	 o;
	struct match	*m;
	size_t		 i, prev, next, count[256], best = 0;
	int		 c, pc = 0;

	orig_init(&o, original);
	m = xcalloc(nl > 0 ? nl : 1, sizeof *m);
	for (i = 0; i < nl; i++)
		if (!blank(&ls[i]))
			match_line(&o, &ls[i], &m[i]);
	for (i = 0; i < nl; i++) {
		if (m[i].nocc == 0)
			continue;
		if (m[i].whole || m[i].k >= 3) {
			m[i].orig = 1;
			continue;
		}
		for (prev = i; prev > 0 && blank(&ls[prev - 1]); prev--)
			;
		for (next = i + 1; next < nl && blank(&ls[next]); next++)
			;
		if ((prev > 0 && prev == i && adjacent(&m[i - 1], &m[i])) ||
		    (next == i + 1 && next < nl && adjacent(&m[i], &m[next])))
			m[i].orig = 1;
	}
	memset(count, 0, sizeof count);
	for (i = 0; i < nl; i++) {
		if (!m[i].orig || m[i].prefix == 0 || !m[i].extra)
			continue;
		c = (unsigned char)ls[i].s[0];
		if (prefix_char(c) && ++count[c] > best) {
			best = count[c];
			pc = c;
		}
	}
	for (i = 0; i < nl; i++) {
		if (m[i].orig)
			ls[i].quoted = 1;
		else if (best >= 2 && has_prefix(&ls[i], pc))
			ls[i].quoted = 1;
	}
	free(m);
	orig_free(&o);
}

char *
quote_strip(const char *text)
{
	return quote_strip_reply(text, NULL);
}

char *
quote_strip_reply(const char *text, const char *original)
{
	struct line	*ls = NULL;
	size_t		 nl = 0, cap = 0, i, j, k, start, end;
	const char	*p = text, *e;
	struct buf	 b;
	int		 blanks = 0, any = 0, known = original != NULL;

	while (*p != '\0') {
		e = strchr(p, '\n');
		if (nl == cap) {
			cap = cap ? cap * 2 : 64;
			ls = xreallocarray(ls, cap, sizeof *ls);
		}
		memset(&ls[nl], 0, sizeof ls[nl]);
		ls[nl].s = p;
		ls[nl].n = e ? (size_t)(e - p) : strlen(p);
		ls[nl].keep = 1;
		trim_line(&ls[nl]);
		classify(&ls[nl]);
		nl++;
		p = e ? e + 1 : p + strlen(p);
	}

	if (known)
		mark_original(ls, nl, original);
	mark_prefixed(ls, nl);
	end = cut_point(ls, nl, known);
	for (i = 0; i < end; i++) {
		if (ls[i].quoted)
			ls[i].keep = 0;
	}
	/*
	 * An attribution before a quote block (or before the cut). With the
	 * original known, any attribution: an answer written right under it
	 * is the person's, the attribution never is.
	 */
	for (i = 0; i < end; i++) {
		if (!ls[i].colon || ls[i].quoted ||
		    attribution(ls, i, &start) == 0)
			continue;
		for (j = i + 1; j < end && blank(&ls[j]); j++)
			;
		if (j < end && !ls[j].quoted && !known)
			continue;
		for (k = start; k <= i; k++)
			ls[k].keep = 0;
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
