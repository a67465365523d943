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
 * quote.h -- reply hygiene: what a person wrote, without what they quoted.
 */
#ifndef SPRINTD_QUOTE_H
#define SPRINTD_QUOTE_H

/*
 * Returns a new string (caller frees) with what the person quoted removed,
 * so the blank or stale form of an earlier message is never mistaken for
 * an answer: "> " lines; a block quoted with another prefix ("| ", ": ",
 * a TAB, "  ") right after an attribution; attributions ("On ...
 * wrote:", "Am ... schrieb", "... kirjoitti:", "...写道：", verb-less
 * "2027-03-22 10:00 Anna <a@b>:", wrapped over up to three lines) and,
 * when the original follows them unquoted, everything from them on; Outlook-style reply header blocks in
 * any language (Key: value lines with an address and a date, after
 * "-----Original Message-----" or not) and everything from them on;
 * signatures ("-- "), phone footers ("Sent from my iPhone") and mailing
 * list footers (Mailman, Google Groups, Sympa, mlmmj, LISTSERV), to the
 * end. Linear in the length of text.
 */
char *quote_strip(const char *text);

/*
 * The same for a reply to a mail whose text is known: original (UTF-8, as
 * the person's client showed it; NULL for quote_strip). A line that
 * stands in the original, quoted with any prefix or not quoted at all,
 * re-indented, re-wrapped or re-flowed, is quote; what is not in it is
 * the person's, wherever it stands: right under an attribution too (the
 * attribution itself is dropped). The prefix most quoted lines carry is
 * the message's own: other lines with it are quote as well. Signatures,
 * reply header blocks and footers are cut as by quote_strip. Linear in
 * the length of text and original.
 */
char *quote_strip_reply(const char *text, const char *original);

#endif
