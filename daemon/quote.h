/*
 * quote.h -- reply hygiene: what a person wrote, without what they quoted.
 */
#ifndef SPRINTD_QUOTE_H
#define SPRINTD_QUOTE_H

/*
 * Returns a new string with quoted text ("> " lines, "On ... wrote:",
 * Outlook's "-----Original Message-----" block and its header lines,
 * Gmail's quote blocks once turned to text), signatures ("-- ") and phone
 * footers ("Sent from my iPhone") removed, so the blank form quoted from
 * the announcement is never mistaken for an answer.
 */
char *quote_strip(const char *text);

#endif
