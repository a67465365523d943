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
 * calendar.h -- a person's stay as iCalendar (RFC 5545, with iTIP's
 * METHOD of RFC 5546), made with libical: one all-day event from arrival
 * to departure and one for the sprint's own days. The same person and
 * sprint keep the same UIDs; SEQUENCE rises with every calendar sent
 * (the counter lives with the registration), and a cancellation sends
 * METHOD:CANCEL for what the last calendar put in the person's calendar.
 */
#ifndef SPRINTD_CALENDAR_H
#define SPRINTD_CALENDAR_H

#include <stdint.h>
#include <time.h>

#include "registry.h"
#include "sprint.h"
#include "store.h"

enum calendar_method { CALENDAR_PUBLISH, CALENDAR_CANCEL };

/* What the last calendar mail left in the person's calendar. */
enum calendar_held {
	CALENDAR_NONE = 0,	/* nothing sent yet, or cancelled */
	CALENDAR_SPRINT = 1,	/* the sprint's event */
	CALENDAR_STAY = 2,	/* the sprint's event and the stay */
};

/* One calendar to make. */
struct calendar_req {
	const struct sprint		*sprint;
	const struct registry_reg	*reg;		/* name, dates */
	const char			*from_name;	/* ORGANIZER, or NULL */
	const char			*from_addr;	/* its domain ends UIDs */
	const char			*url;		/* people page, or NULL */
	enum calendar_method		 method;
	/* PUBLISH: what it holds (CALENDAR_STAY only with known dates);
	 * CANCEL: what is cancelled. */
	enum calendar_held		 held;
	/* PUBLISH only: the stay sent before is cancelled in this one
	 * (its dates are no longer known). */
	int				 drop_stay;
	int				 sequence;
	time_t				 now;		/* DTSTAMP */
};

/*
 * What a registration's calendar can hold: CALENDAR_STAY for someone who
 * is registered, not local, with both dates known; CALENDAR_SPRINT for
 * other registered people; CALENDAR_NONE for the waiting list and the
 * cancelled.
 */
enum calendar_held calendar_holds(const struct registry_reg *);

/* The UIDs: "stay-PERSON.SLUG@DOMAIN" and "sprint.SLUG@DOMAIN" (caller
 * frees). */
char *calendar_uid_stay(const struct sprint *, int64_t person_id,
    const char *from_addr);
char *calendar_uid_sprint(const struct sprint *, const char *from_addr);

/*
 * Makes the iCalendar text (CRLF lines, UTF-8) of req. Returns 0 and a new
 * *out, 1 when there is nothing to send (held is CALENDAR_NONE), -1 with
 * *cause.
 */
int calendar_make(const struct calendar_req *, char **out, char **cause);

/*
 * The calendar of a mail about reg ("confirm", "promoted" or "cancel";
 * other kinds get none): decides what it holds from reg and what the
 * last one held, takes the next SEQUENCE and records both with the
 * registration, inside the caller's transaction. Returns 0 with a new
 * *out and *method, 1 when the mail carries no calendar, -1 with *cause.
 */
int calendar_for_mail(struct store *, const char *kind,
    const struct sprint *, const struct registry_reg *,
    const char *from_name, const char *from_addr, const char *url,
    char **out, enum calendar_method *method, char **cause);

#endif
