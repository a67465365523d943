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

/* test_quote.c -- reply hygiene, table-driven: over tests/data/quote
 * (each NAME.txt must reduce to NAME.expected), and over families of
 * quoted originals (reply header blocks, attributions, list footers) put
 * between the person's own lines and the stale form they quote; replies
 * to sprintd's own mail, whose text is known (tests/data/mua/originals),
 * quoted in every way clients quote or not at all. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mime.h"
#include "quote.h"
#include "testlib.h"
#include "util.h"

static char *
read_case(const char *name, const char *ext)
{
	char	*rel, *path, *data = NULL, *cause = NULL;
	size_t	 len;

	rel = xprintf("tests/data/quote/%s.%s", name, ext);
	path = testlib_src_path(rel);
	free(rel);
	if (util_read_file(path, 1024 * 1024, &data, &len, &cause) == -1)
		fail_msg("%s: %s", path, cause);
	free(path);
	return data;
}

/* Every NAME.txt of tests/data/quote, as test_parse reads its own. */
static void
test_cases(void **state)
{
	char	**cases, *in, *want, *got;
	size_t	 n, i;

	(void)state;
	cases = testlib_data_names("tests/data/quote", "txt", &n);
	assert_true(n >= 34);
	for (i = 0; i < n; i++) {
		in = read_case(cases[i], "txt");
		want = read_case(cases[i], "expected");
		got = quote_strip(in);
		if (strcmp(got, want) != 0)
			fail_msg("%s: got [%s], want [%s]", cases[i], got, want);
		free(in);
		free(want);
		free(got);
	}
	testlib_names_free(cases, n);
}

static void
test_edges(void **state)
{
	char	*s;

	(void)state;
	s = quote_strip("");
	assert_string_equal(s, "");
	free(s);
	s = quote_strip("> only a quote\n>\n");
	assert_string_equal(s, "");
	free(s);
	s = quote_strip("no newline at the end");
	assert_string_equal(s, "no newline at the end");
	free(s);
	/* A From: line alone is not an Outlook header block. */
	s = quote_strip("From: Leysin station\nTo the chalet by bus\n");
	assert_string_equal(s, "From: Leysin station\nTo the chalet by bus");
	free(s);
}

/* What the person wrote, and the stale form of the original below it. */
#define MINE	"Arrive: 16th\nDepart: 20th\nNotes: I bring a\n  projector."
#define STALE	"Arrive: 2027-03-14\nDepart: 2027-03-21\nNotes: old"
#define QSTALE	"> Arrive: 2027-03-14\n> Depart: 2027-03-21\n> Notes: old"

/* Reply header blocks of Outlook and its kin, as each language writes
 * them; the last ones in languages the table of header words lacks. */
static const char *const header_blocks[] = {
	/* da */
	"Fra: PyPy sprints <sprints@example.org>\nSendt: 22. februar 2027 "
	"10:12\nTil: x@example.net\nEmne: Re: sprint",
	/* nb, with Kopi */
	"Fra: PyPy sprints <sprints@example.org>\nSendt: mandag 22. februar "
	"2027 10:12\nTil: Anna Smith <x@example.net>\nKopi: "
	"pypy-sprint@example.org\nEmne: SV: sprint",
	/* nl */
	"Van: PyPy sprints <sprints@example.org>\nVerzonden: maandag 22 "
	"februari 2027 10:12\nAan: x@example.net\nOnderwerp: RE: sprint",
	/* sv */
	"Från: PyPy sprints <sprints@example.org>\nSkickat: den 22 februari "
	"2027 10:12\nTill: x@example.net\nÄmne: SV: sprint",
	/* fi */
	"Lähettäjä: PyPy sprints <sprints@example.org>\nLähetetty: maanantai "
	"22. helmikuuta 2027 10.12\nVastaanottaja: x@example.net\nAihe: VS: "
	"sprint",
	/* it */
	"Da: PyPy sprints <sprints@example.org>\nInviato: lunedì 22 febbraio "
	"2027 10:12\nA: x@example.net\nOggetto: R: sprint",
	/* es */
	"De: PyPy sprints <sprints@example.org>\nEnviado el: lunes, 22 de "
	"febrero de 2027 10:12\nPara: x@example.net\nAsunto: RE: sprint",
	/* pt */
	"De: PyPy sprints <sprints@example.org>\nEnviada em: segunda-feira, "
	"22 de fevereiro de 2027 10:12\nPara: x@example.net\nAssunto: RE: "
	"sprint",
	/* pl */
	"Od: PyPy sprints <sprints@example.org>\nWysłano: poniedziałek, 22 "
	"lutego 2027 10:12\nDo: x@example.net\nDW: y@example.net\nTemat: "
	"RE: sprint",
	/* cs */
	"Od: PyPy sprints <sprints@example.org>\nOdesláno: pondělí 22. února "
	"2027 10:12\nKomu: x@example.net\nPředmět: RE: sprint",
	/* hu */
	"Feladó: PyPy sprints <sprints@example.org>\nElküldve: 2027. "
	"február 22., hétfő 10:12\nCímzett: x@example.net\nMásolatot kap: "
	"y@example.net\nTárgy: RE: sprint",
	/* ru */
	"От: PyPy sprints <sprints@example.org>\nОтправлено: 22 февраля "
	"2027 г. 10:12\nКому: x@example.net\nКопия: y@example.net\nТема: "
	"RE: sprint",
	/* ja, full-width colons */
	"差出人：PyPy sprints <sprints@example.org>\n送信日時：2027年2月22日 "
	"10:12\n宛先：x@example.net\n件名：RE: sprint",
	/* zh */
	"发件人: PyPy sprints <sprints@example.org>\n发送时间: 2027年2月22日 "
	"10:12\n收件人: x@example.net\n抄送: y@example.net\n主题: 回复: sprint",
	/* de */
	"Von: PyPy sprints <sprints@example.org>\nGesendet: Montag, 22. "
	"Februar 2027 10:12\nAn: x@example.net\nCc: y@example.net\nBetreff: "
	"AW: sprint",
	/* fr */
	"De : PyPy sprints <sprints@example.org>\nEnvoyé : lundi 22 février "
	"2027 10:12\nÀ : x@example.net\nObjet : RE: sprint",
	/* en, Outlook for Windows and for Mac */
	"From: PyPy sprints [mailto:sprints@example.org]\nSent: Monday, "
	"February 22, 2027 10:12 AM\nTo: x@example.net\nCc: y@example.net\n"
	"Subject: RE: sprint",
	"From: PyPy sprints <sprints@example.org>\nDate: Monday, 22 February "
	"2027 at 10:12\nTo: x@example.net\nSubject: Re: sprint",
	/* separators */
	"-----Original Message-----\nFrom: PyPy sprints "
	"<sprints@example.org>\nSent: Monday, February 22, 2027 10:12 AM\n"
	"To: x@example.net\nSubject: RE: sprint",
	"-----Ursprüngliche Nachricht-----\nVon: PyPy sprints "
	"<sprints@example.org>\nGesendet: Montag, 22. Februar 2027 10:12\n"
	"An: x@example.net\nBetreff: sprint",
	"-----Message d'origine-----\nDe : PyPy sprints "
	"<sprints@example.org>\nEnvoyé : lundi 22 février 2027 10:12\nÀ : "
	"x@example.net\nObjet : sprint",
	"-------- Original message --------\nFrom: PyPy sprints "
	"<sprints@example.org>\nDate: 2/22/27 10:12 (GMT+01:00)\nTo: "
	"x@example.net\nSubject: sprint",
	"________________________________\nFra: PyPy sprints "
	"<sprints@example.org>\nSendt: 22. februar 2027 10:12\nTil: "
	"x@example.net\nEmne: Re: sprint",
	/* by shape: eu, cy, after a separator sq, hr */
	"Nork: PyPy sprints <sprints@example.org>\nNoiz: 2027(e)ko "
	"otsailaren 22(a), astelehena 10:12\nNori: x@example.net\nGaia: "
	"sprint",
	"Oddi wrth: PyPy sprints <sprints@example.org>\nAnfonwyd: 22 "
	"Chwefror 2027 10:12\nAt: Anna Smith\nPwnc: Re: sprint",
	"________________________________\nNga: PyPy sprints "
	"<sprints@example.org>\nDërguar: e hënë, 22 shkurt 2027 10:12\nPër: "
	"Anna\nSubjekti: sprint",
	"----- Izvorna poruka -----\nŠalje: PyPy sprints "
	"<sprints@example.org>\nPoslano: 22. veljače 2027. 10:12\nPrima: "
	"x@example.net\nPredmet: sprint",
};

/* quote_strip(before + middle + after) must give want. */
static void
check(const char *what, const char *before, const char *middle,
    const char *after, const char *want)
{
	char	*in, *got;

	in = xprintf("%s%s%s", before, middle, after);
	got = quote_strip(in);
	if (strcmp(got, want) != 0)
		fail_msg("%s: got [%s], want [%s] from [%s]", what, got, want,
		    in);
	free(got);
	free(in);
}

/* The block and all after it goes, with or without a blank line above,
 * and with the stale form unquoted or quoted below. */
static void
test_header_blocks(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(header_blocks); i++) {
		check(header_blocks[i], MINE "\n\n", header_blocks[i],
		    "\n\n" STALE "\n", MINE);
		check(header_blocks[i], MINE "\n", header_blocks[i],
		    "\n" STALE "\n", MINE);
		check(header_blocks[i], MINE "\n\n", header_blocks[i],
		    "\n\n" QSTALE "\n", MINE);
	}
}

/* Attributions of desktop, web and phone clients in many languages, some
 * wrapped over two or three lines; the last ones have no verb (Gmail in
 * some languages and years). */
static const char *const attributions[] = {
	/* Gmail, Yahoo, Apple Mail, iOS, Thunderbird */
	"On Mon, Feb 22, 2027 at 10:12 AM PyPy sprints <sprints@example.org> "
	"wrote:",
	"On Mon, Feb 22, 2027 at 10:12 AM PyPy sprints <sprints@example.org>\n"
	"wrote:",
	"On Monday, February 22, 2027, 10:12:00 AM GMT+1, PyPy sprints "
	"<sprints@example.org> wrote:",
	"On 22 Feb 2027, at 10:12, PyPy sprints <sprints@example.org> wrote:",
	"On Monday, February 22, 2027,\n10:12 AM, PyPy sprints\n"
	"<sprints@example.org> wrote:",
	"On 22/02/2027 10:12, PyPy sprints wrote:",
	/* K-9 / FairEmail, Lotus */
	"On February 22, 2027 10:12:53 AM GMT+01:00, PyPy sprints "
	"<sprints@example.org> wrote:",
	"PyPy sprints <sprints@example.org> schrieb am 22. Februar 2027 "
	"10:12:53 MEZ:",
	"\"PyPy sprints\" <sprints@example.org> wrote on 22.02.2027 10:12:00:",
	/* de */
	"Am 22.02.2027 um 10:12 schrieb PyPy sprints <sprints@example.org>:",
	"Am Mo., 22. Feb. 2027 um 10:12 Uhr schrieb PyPy sprints <\n"
	"sprints@example.org>:",
	/* fr es it nl */
	"Le lun. 22 févr. 2027 à 10:12, PyPy sprints <sprints@example.org> a "
	"écrit :",
	"El lun, 22 feb 2027 a las 10:12, PyPy sprints "
	"(<sprints@example.org>) escribió:",
	"Il giorno lun 22 feb 2027 alle ore 10:12 PyPy sprints "
	"<sprints@example.org> ha scritto:",
	"Op ma 22 feb. 2027 om 10:12 schreef PyPy sprints "
	"<sprints@example.org>:",
	/* sv nb da */
	"Den mån 22 feb. 2027 kl 10:12 skrev PyPy sprints "
	"<sprints@example.org>:",
	"man. 22. feb. 2027 kl. 10:12 skrev PyPy sprints "
	"<sprints@example.org>:",
	"Den 22-02-2027 kl. 10:12 skrev PyPy sprints:",
	/* pl cs */
	"pon., 22 lut 2027 o 10:12 PyPy sprints <sprints@example.org> "
	"napisał(a):",
	"W dniu 22.02.2027 o 10:12, PyPy sprints pisze:",
	"po 22. 2. 2027 v 10:12 odesílatel PyPy sprints "
	"<sprints@example.org>\nnapsal:",
	"Dne 22. 02. 27 v 10:12 PyPy sprints napsal(a):",
	/* fi hu */
	"ma 22.2.2027 klo 10.12 PyPy sprints (sprints@example.org) "
	"kirjoitti:",
	"PyPy sprints kirjoitti 22.2.2027 klo 10.12:",
	"PyPy sprints <sprints@example.org> ezt írta (időpont: 2027. febr. "
	"22., H, 10:12):",
	/* ru pt */
	"22.02.2027 10:12, PyPy sprints пишет:",
	"пн, 22 февр. 2027 г. в 10:12, PyPy sprints <sprints@example.org> "
	"написал(а):",
	"Em seg., 22 de fev. de 2027 às 10:12, PyPy sprints "
	"<sprints@example.org> escreveu:",
	/* ja zh */
	"PyPy sprints <sprints@example.org> さんは書きました:",
	"2027/02/22 10:12、PyPy sprints のメッセージ:",
	"PyPy sprints <sprints@example.org> 于2027年2月22日周一 10:12写道：",
	"PyPy sprints <sprints@example.org> 於 2027年2月22日 週一 上午10:12"
	"寫道：",
	/* tr ro ko el */
	"PyPy sprints <sprints@example.org>, 22 Şub 2027 Pzt, 10:12 "
	"tarihinde şunu yazdı:",
	"În lun., 22 feb. 2027 la 10:12, PyPy sprints <sprints@example.org> "
	"a scris:",
	"2027년 2월 22일 (월) 오전 10:12, PyPy sprints "
	"<sprints@example.org>님이 작성:",
	"Στις Δευ 22 Φεβ 2027 στις 10:12, ο/η PyPy sprints "
	"<sprints@example.org> έγραψε:",
	/* no verb: old Gmail, Gmail ja ru he, Yandex */
	"2027-03-22 10:00 GMT+01:00 PyPy sprints <sprints@example.org>:",
	"2027-03-22 10:00 GMT+01:00 PyPy sprints\n<sprints@example.org>:",
	"2027年2月22日(月) 10:12 PyPy sprints <sprints@example.org>:",
	"2027年2月22日(月) 10:12 PyPy sprints <sprints@example.org>：",
	"пн, 22 февр. 2027 г. в 10:12, PyPy sprints <sprints@example.org>:",
	"\u202bבתאריך יום ב׳, 22 בפבר׳ 2027 ב-10:12 מאת \u202aPyPy "
	"sprints\u202c <\u202asprints@example.org\u202c>:\u202c",
	"22.02.2027, 10:12, \"PyPy sprints\" <sprints@example.org>:",
};

/* The attribution and the original after it go, whether the original is
 * quoted or not (Yahoo, Apple Mail, phones) and with or without a blank
 * line between. */
static void
test_attributions(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(attributions); i++) {
		check(attributions[i], MINE "\n\n", attributions[i],
		    "\n\n" STALE "\n", MINE);
		check(attributions[i], MINE "\n", attributions[i],
		    "\n" STALE "\n", MINE);
		check(attributions[i], MINE "\n\n", attributions[i],
		    "\n" QSTALE "\n", MINE);
		check(attributions[i], MINE "\n\n", attributions[i], "\n",
		    MINE);
	}
}

/* Footers mailing lists append (Mailman 2 and 3, Google Groups, Sympa,
 * mlmmj, LISTSERV, ezmlm, Lyris, Groups.io). */
static const char *const list_footers[] = {
	"_______________________________________________\n"
	"pypy-sprint mailing list\npypy-sprint@example.org\n"
	"https://mail.example.org/mailman/listinfo/pypy-sprint",
	"_______________________________________________\n"
	"pypy-sprint Mailingliste\npypy-sprint@example.org\n"
	"https://mail.example.org/mailman/listinfo/pypy-sprint",
	"_______________________________________________\n"
	"pypy-sprint mailing list -- pypy-sprint@example.org\n"
	"To unsubscribe send an email to pypy-sprint-leave@example.org",
	"pypy-sprint mailing list -- pypy-sprint@example.org\n"
	"To unsubscribe send an email to pypy-sprint-leave@example.org",
	"--\nYou received this message because you are subscribed to the "
	"Google Groups \"PyPy sprints\" group.\nTo unsubscribe from this "
	"group and stop receiving emails from it, send an email to "
	"pypy-sprints+unsubscribe@googlegroups.com.\nTo view this discussion "
	"visit https://groups.google.com/d/msgid/pypy-sprints/"
	"abc%40mail.example.net.",
	"You received this message because you are subscribed to the Google "
	"Groups \"PyPy sprints\" group.\nTo unsubscribe from this group and "
	"stop receiving emails from it, send an email to "
	"pypy-sprints+unsubscribe@googlegroups.com.",
	"---\nListe de diffusion pypy-sprint\n"
	"https://listes.example.org/sympa/info/pypy-sprint",
	"To unsubscribe, send a mail to sympa@lists.example.org with subject "
	"\"unsubscribe pypy-sprint\"",
	"To unsubscribe send a mail to pypy-sprint+unsubscribe@example.org",
	"###################################################################"
	"#####\n\nTo unsubscribe from the PYPY-SPRINT list, click the "
	"following link:\nhttps://listserv.example.org/cgi-bin/"
	"wa?SUBED1=PYPY-SPRINT&A=1",
	"-----------------------------------------------------------------\n"
	"To unsubscribe, e-mail: dev-unsubscribe@example.org\n"
	"For additional commands, e-mail: dev-help@example.org",
	"---\nYou are currently subscribed to pypy-sprint as: "
	"anna@example.org\nTo unsubscribe send a blank email to "
	"leave-123-456@lists.example.org",
	"-=-=-=-=-=-=-=-=-=-=-=-\nGroups.io Links: You receive all messages "
	"sent to this group.\nView/Reply Online (#12): "
	"https://groups.io/g/pypy/message/12\nUnsubscribe: "
	"https://groups.io/g/pypy/unsub [anna@example.org]\n"
	"-=-=-=-=-=-=-=-=-=-=-=-",
};

/* From the footer's first line to the end goes, after the person's text
 * and after a quoted original alike. */
static void
test_list_footers(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(list_footers); i++) {
		check(list_footers[i], MINE "\n\n", list_footers[i], "\n",
		    MINE);
		check(list_footers[i], MINE "\n", list_footers[i], "", MINE);
		check(list_footers[i], MINE "\n\nOn 22/02/2027 10:12, PyPy "
		    "sprints wrote:\n" QSTALE "\n\n", list_footers[i], "\n",
		    MINE);
	}
}

/* The person's own text, whatever it holds, comes back as it was. */
static const char *const kept[] = {
	/* forms with addresses and dates: no reply header block */
	"Name: Anna Smith <anna@example.org>\nArrive: 2027-03-14 10:00\n"
	"Depart: ?\nAccommodation: Ermina",
	"Name: Anna Smith\nArrive: 2027-03-14\nDepart: 2027-03-21\n"
	"Accommodation: Ermina\nFirst sprint: no\nFunding: no\nDiet: vegan\n"
	"Notes: mail me at anna@example.org",
	"Name: Anna <anna@example.org>\nArrive: 2027-03-14 10:30\n"
	"Depart: 2027-03-21 18:00\nNotes: bob@example.org comes too",
	"From: Geneva\nDate: 2027-03-14\nTo: Leysin\nby train",
	"Arrive: 16th\n--- Day plan ---\nName: Anna\nArrive: 2027-03-14\n"
	"Notes: anna@example.org",
	/* lines ending in ':' with a date or an address: no attribution */
	"Notes: contact anna@example.org on 2027-03-14 10:00:\n"
	"I bring the projector.",
	"overall: 5\nvenue: 4\nchange: more time for\n  the tutorials; mail "
	"me at anna@example.org\nbest: the people, on 2027-03-16 at 10:00\n"
	"anna@example.org",
	"As I wrote on 2027-03-14:\nthe plan stays.",
	"I arrive 2027-03-14 10:00 with bob@example.org:\nhe is new too.",
	"Arrive: 16th\nNotes: I may come on 12 May with bob@example.org:\n"
	"he is new.",
	/* a list and its links in the person's words: no list footer */
	"Notes: I will post the photos to the mailing list\n"
	"https://photos.example.org/leysin",
	"Notes: subscribe at "
	"https://mail.example.org/mailman/listinfo/pypy-sprint\nthanks",
	"Notes: please add Bob to the mailing list: bob@example.org\nthanks",
};

static void
test_kept(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(kept); i++)
		check("kept", "", kept[i], "\n", kept[i]);
}


/* The text of sprintd's original NAME (tests/data/mua/originals). */
static char *
original(const char *name)
{
	char		*rel, *path, *data = NULL, *cause = NULL, *t;
	struct mime_msg	*m = NULL;
	size_t		 len;

	rel = xprintf("tests/data/mua/originals/%s.eml", name);
	path = testlib_src_path(rel);
	if (util_read_file(path, 1024 * 1024, &data, &len, &cause) == -1 ||
	    mime_parse(data, len, &m, &cause) == -1)
		fail_msg("%s: %s", path, cause);
	t = xstrdup(m->text);
	mime_free(&m);
	free(data);
	free(path);
	free(rel);
	return t;
}

/*
 * text with every line prefixed; with width > 0, each paragraph re-wrapped
 * to that many columns first, as clients re-fill a quote.
 */
static char *
requote(const char *text, const char *prefix, size_t width)
{
	struct buf	 b;
	const char	*p = text, *e;
	size_t		 col = 0, n;

	buf_init(&b, 0);
	while (*p != '\0') {
		e = strchr(p, '\n');
		n = e ? (size_t)(e - p) : strlen(p);
		if (width == 0 || n == 0) {
			if (width > 0 && col > 0)
				buf_addch(&b, '\n');
			buf_printf(&b, "%s%.*s\n", prefix, (int)n, p);
			col = 0;
		} else {
			const char	*w = p, *we = p + n;

			while (w < we) {
				size_t	 wl;

				while (w < we && *w == ' ')
					w++;
				for (wl = 0; w + wl < we && w[wl] != ' '; wl++)
					;
				if (wl == 0)
					break;
				if (col > 0 && col + 1 + wl > width) {
					buf_addch(&b, '\n');
					col = 0;
				}
				if (col == 0) {
					buf_addstr(&b, prefix);
					col = strlen(prefix);
				} else {
					buf_addch(&b, ' ');
					col++;
				}
				buf_add(&b, w, wl);
				col += wl;
				w += wl;
			}
		}
		p = e ? e + 1 : p + n;
	}
	if (col > 0)
		buf_addch(&b, '\n');
	return buf_steal(&b, NULL);
}

static void
check_reply(const char *what, const char *reply, const char *orig,
    const char *want)
{
	char	*got = quote_strip_reply(reply, orig);

	if (strcmp(got, want) != 0)
		fail_msg("%s: got [%s], want [%s]", what, got, want);
	free(got);
}

#define ANSWER	"Name: Bob Builder\nArrive: 2027-01-09\nDepart: 2027-01-12"

/*
 * The form filled in, un-quoted, right under a kept attribution, the rest
 * of the quote deleted (or kept below): read, when the original is known.
 * For mail sprintd did not send, the old rule holds: text after an
 * attribution is an unquoted original, and is cut.
 */
static void
test_under_attribution(void **state)
{
	static const char *const attrs[] = {
		"On Fri, Feb 19, 2027 at 08:30:00AM +0000, PyPy sprints wrote:",
		"Am 19.02.2027 um 08:30 schrieb PyPy sprints "
		    "<pypy-sprint@example.org>:",
		"Le 19/02/2027 à 08:30, PyPy sprints a écrit :",
		"PyPy sprints <pypy-sprint@example.org> writes:",
		"On Fri, 19 Feb 2027, PyPy sprints wrote:",
	};
	char	*ann = original("announce"), *tail, *reply, *got;
	size_t	 i;

	(void)state;
	tail = requote(strstr(ann, "You get a reply"), "> ", 0);
	for (i = 0; i < nitems(attrs); i++) {
		reply = xprintf("%s\n" ANSWER "\n", attrs[i]);
		check_reply(attrs[i], reply, ann, ANSWER);
		got = quote_strip(reply);
		assert_string_equal(got, "");
		free(got);
		free(reply);
		reply = xprintf("%s\n" ANSWER "\n\n%s\n-- \nBob\n", attrs[i],
		    tail);
		check_reply(attrs[i], reply, ann, ANSWER);
		free(reply);
	}
	free(tail);
	free(ann);
}

/*
 * The Yahoo and Apple case the attribution rule was written for: the
 * answer on top, the original below it un-quoted, as sent or re-wrapped.
 * Nothing of the original is ever read: not the announcement's blank form
 * nor its example "Arrive: 2027-01-07", not the confirmation's recorded
 * values, not the questionnaire's empty answers.
 */
static void
test_unquoted_original(void **state)
{
	static const struct {
		const char	*orig;
		const char	*answer;
	} t[] = {
		{ "announce", ANSWER },
		{ "confirm", "Depart: 2027-01-13" },
		{ "confirm", "Cancel: yes" },
		{ "evaluate", "overall: 4\nvenue: 5\nchange: more coffee" },
	};
	static const size_t	 widths[] = { 0, 72, 60, 50, 40 };
	char			*o, *body, *reply;
	size_t			 i, w;

	(void)state;
	for (i = 0; i < nitems(t); i++) {
		o = original(t[i].orig);
		for (w = 0; w < nitems(widths); w++) {
			body = requote(o, "", widths[w]);
			reply = xprintf("%s\n\nOn Mon, Dec 21, 2026 at "
			    "11:05:00AM +0000, PyPy sprints wrote:\n%s",
			    t[i].answer, body);
			check_reply(t[i].orig, reply, o, t[i].answer);
			free(reply);
			/* The original alone, un-quoted: nothing is read. */
			check_reply(t[i].orig, body, o, "");
			free(body);
		}
		free(o);
	}
}

/*
 * Quote prefixes of every form clients offer, and re-wrapped quotes:
 * the answer below them is read, with the original known and, after an
 * attribution, without it.
 */
static void
test_prefixes(void **state)
{
	static const char *const prefixes[] = { "> ", ">", "| ", ": ", "\t",
	    "  ", "> | ", ">> " };
	static const size_t	 widths[] = { 0, 66, 50 };
	char			*ann = original("announce"), *q, *reply, *got;
	size_t			 i, w;

	(void)state;
	for (i = 0; i < nitems(prefixes); i++) {
		for (w = 0; w < nitems(widths); w++) {
			q = requote(ann, prefixes[i], widths[w]);
			reply = xprintf("On Mon, Dec 21, 2026, PyPy sprints "
			    "wrote:\n%s\n" ANSWER "\n", q);
			check_reply(prefixes[i], reply, ann, ANSWER);
			got = quote_strip(reply);
			if (strcmp(got, ANSWER) != 0)
				fail_msg("[%s] without the original: got [%s]",
				    prefixes[i], got);
			free(got);
			free(reply);
			/* Top-posted, the quote below. */
			reply = xprintf(ANSWER "\n\nOn Mon, Dec 21, 2026, PyPy "
			    "sprints wrote:\n%s", q);
			check_reply(prefixes[i], reply, ann, ANSWER);
			free(reply);
			free(q);
		}
	}
	free(ann);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_header_blocks),
		cmocka_unit_test(test_attributions),
		cmocka_unit_test(test_list_footers),
		cmocka_unit_test(test_kept),
		cmocka_unit_test(test_under_attribution),
		cmocka_unit_test(test_unquoted_original),
		cmocka_unit_test(test_prefixes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
