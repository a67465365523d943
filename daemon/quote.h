/*
 * quote.h -- reply hygiene: what a person wrote, without what they quoted.
 */
#ifndef SPRINTD_QUOTE_H
#define SPRINTD_QUOTE_H

/*
 * Returns a new string (caller frees) with what the person quoted removed,
 * so the blank or stale form of an earlier message is never mistaken for
 * an answer: "> " lines and their attribution ("On ... wrote:");
 * Outlook-style reply header blocks in any language (Key: value lines
 * with an address and a date, after "-----Original Message-----" or not)
 * and everything from them on; signatures ("-- ") and phone footers
 * ("Sent from my iPhone"), to the end. Linear in the length of text.
 */
char *quote_strip(const char *text);

#endif
