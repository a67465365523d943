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

/* calendar.c -- the .ics of a stay, with libical. */
#include "config-auto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "calendar.h"
#include "clock.h"
#include "people.h"
#include "util.h"

/* The domain of "Name <local@domain>" or "local@domain", letters, digits,
 * '-' and '.' only; "localhost" when there is none. Caller frees. */
static char *
calendar_domain(const char *from_addr)
{
	const char	*at = from_addr != NULL ? strrchr(from_addr, '@') : NULL;
	struct buf	 b;

	buf_init(&b, 253);
	for (at = at != NULL ? at + 1 : ""; *at != '\0'; at++) {
		if ((*at >= 'a' && *at <= 'z') || (*at >= 'A' && *at <= 'Z') ||
		    (*at >= '0' && *at <= '9') || *at == '-' || *at == '.')
			buf_addch(&b, *at);
	}
	if (b.len == 0)
		buf_addstr(&b, "localhost");
	return buf_steal(&b, NULL);
}

char *
calendar_uid_stay(const struct sprint *s, int64_t person_id,
    const char *from_addr)
{
	char	*d = calendar_domain(from_addr), *uid;

	uid = xprintf("stay-%lld.%s@%s", (long long)person_id, s->slug, d);
	free(d);
	return uid;
}

char *
calendar_uid_sprint(const struct sprint *s, const char *from_addr)
{
	char	*d = calendar_domain(from_addr), *uid;

	uid = xprintf("sprint.%s@%s", s->slug, d);
	free(d);
	return uid;
}

enum calendar_held
calendar_holds(const struct registry_reg *r)
{
	day_t	 a, d;

	if (r->status == NULL || strcmp(r->status, "registered") != 0)
		return CALENDAR_NONE;
	if (r->local || r->arrive == NULL || r->depart == NULL ||
	    dates_parse_iso(r->arrive, &a) == -1 ||
	    dates_parse_iso(r->depart, &d) == -1 || d < a)
		return CALENDAR_SPRINT;
	return CALENDAR_STAY;
}

/* A DATE value. */
static struct icaltimetype
calendar_date(day_t day)
{
	struct icaltimetype	 t = icaltime_null_date();
	int			 y, m, d;

	dates_to_ymd(day, &y, &m, &d);
	t.year = y;
	t.month = m;
	t.day = d;
	return t;
}

/* A text value from mail or the sprint file, without control characters
 * (libical escapes the rest). Caller frees. */
static char *
calendar_text(const char *s)
{
	char	*c = xstrdup(s != NULL ? s : "");

	util_strip_controls(c);
	return c;
}

static void
calendar_add_text(icalcomponent *ev, icalproperty *(*make)(const char *),
    const char *value)
{
	char	*c;

	if (value == NULL || *value == '\0')
		return;
	c = calendar_text(value);
	icalcomponent_add_property(ev, make(c));
	free(c);
}

/* "Chalet Ermina, Rue 1, Leysin, Switzerland" from what the file gives. */
static char *
calendar_location(const struct sprint *s)
{
	struct buf	 b;
	const char	*parts[3] = { s->venue_name, s->venue_address,
	    s->location };
	size_t		 i;

	buf_init(&b, 0);
	for (i = 0; i < nitems(parts); i++) {
		if (parts[i] == NULL || *parts[i] == '\0')
			continue;
		if (b.len > 0)
			buf_addstr(&b, ", ");
		buf_addstr(&b, parts[i]);
	}
	return buf_steal(&b, NULL);
}

/* The parts every event has: UID, DTSTAMP, SEQUENCE, ORGANIZER, the days
 * (end exclusive), where, and the status. */
static icalcomponent *
calendar_event(const struct calendar_req *req, const char *uid,
    const char *summary, day_t first, day_t last, icalproperty_status status)
{
	icalcomponent	*ev = icalcomponent_new_vevent();
	icalproperty	*org;
	char		*loc, *mailto, *name;

	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(
	    icaltime_from_timet_with_zone(req->now, 0,
	    icaltimezone_get_utc_timezone())));
	icalcomponent_add_property(ev,
	    icalproperty_new_sequence(req->sequence));
	if (req->from_addr != NULL) {
		mailto = xprintf("mailto:%s", req->from_addr);
		org = icalproperty_new_organizer(mailto);
		free(mailto);
		if (req->from_name != NULL && *req->from_name != '\0') {
			name = calendar_text(req->from_name);
			icalproperty_add_parameter(org,
			    icalparameter_new_cn(name));
			free(name);
		}
		icalcomponent_add_property(ev, org);
	}
	icalcomponent_add_property(ev,
	    icalproperty_new_dtstart(calendar_date(first)));
	icalcomponent_add_property(ev,
	    icalproperty_new_dtend(calendar_date(last + 1)));
	calendar_add_text(ev, icalproperty_new_summary, summary);
	loc = calendar_location(req->sprint);
	calendar_add_text(ev, icalproperty_new_location, loc);
	free(loc);
	calendar_add_text(ev, icalproperty_new_url, req->url);
	icalcomponent_add_property(ev, icalproperty_new_status(status));
	return ev;
}

/* The stay: arrival to departure, with the accommodation. */
static icalcomponent *
calendar_stay(const struct calendar_req *req, icalproperty_status status)
{
	const struct registry_reg	*r = req->reg;
	const struct sprint		*s = req->sprint;
	icalcomponent			*ev;
	day_t				 a = s->start, d = s->end;
	char				*uid, *summary, *desc, da[16], dd[16];

	/* Not known now (a stay cancelled): the days do not matter to a
	 * cancelled event, its UID does; the sprint's days stand in. */
	if (r->arrive == NULL || r->depart == NULL ||
	    dates_parse_iso(r->arrive, &a) == -1 ||
	    dates_parse_iso(r->depart, &d) == -1 || d < a) {
		a = s->start;
		d = s->end;
	}
	uid = calendar_uid_stay(s, r->person_id, req->from_addr);
	summary = xprintf("Your stay: %s", s->name);
	ev = calendar_event(req, uid, summary, a, d, status);
	if (status != ICAL_STATUS_CANCELLED) {
		people_day_text(a, da);
		people_day_text(d, dd);
		desc = xprintf("Arrive %s, leave %s%s. Accommodation: %s.", da,
		    dd, r->tentative ? " (tentative)" : "",
		    r->accommodation != NULL && *r->accommodation != '\0' ?
		    r->accommodation : "not known yet");
		calendar_add_text(ev, icalproperty_new_description, desc);
		free(desc);
	}
	free(summary);
	free(uid);
	return ev;
}

/* The sprint's own days, with the break day said. */
static icalcomponent *
calendar_sprint(const struct calendar_req *req, icalproperty_status status)
{
	const struct sprint	*s = req->sprint;
	icalcomponent		*ev;
	char			*uid, *desc, bd[16];

	uid = calendar_uid_sprint(s, req->from_addr);
	ev = calendar_event(req, uid, s->name, s->start, s->end, status);
	if (s->has_break_day) {
		people_day_text(s->break_day, bd);
		desc = xprintf("Break day: %s.", bd);
		calendar_add_text(ev, icalproperty_new_description, desc);
		free(desc);
	}
	free(uid);
	return ev;
}

int
calendar_make(const struct calendar_req *req, char **out, char **cause)
{
	icalcomponent		*cal;
	icalproperty_status	 st;
	char			*ics, *prodid;
	int			 cancel = req->method == CALENDAR_CANCEL;

	*out = NULL;
	if (req->held == CALENDAR_NONE)
		return 1;
	if (req->sprint == NULL || req->reg == NULL) {
		*cause = xstrdup("a calendar needs the sprint and the person");
		return -1;
	}
	cal = icalcomponent_new_vcalendar();
	prodid = xprintf("-//sprintd//sprintd %s//EN", PACKAGE_VERSION);
	icalcomponent_add_property(cal, icalproperty_new_prodid(prodid));
	free(prodid);
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_calscale(
	    "GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(cancel ?
	    ICAL_METHOD_CANCEL : ICAL_METHOD_PUBLISH));
	st = cancel ? ICAL_STATUS_CANCELLED : req->reg->tentative ?
	    ICAL_STATUS_TENTATIVE : ICAL_STATUS_CONFIRMED;
	if (req->held == CALENDAR_STAY)
		icalcomponent_add_component(cal, calendar_stay(req, st));
	else if (!cancel && req->drop_stay)
		icalcomponent_add_component(cal, calendar_stay(req,
		    ICAL_STATUS_CANCELLED));
	icalcomponent_add_component(cal, calendar_sprint(req, cancel ?
	    ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
	ics = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (ics == NULL) {
		*cause = xprintf("libical: %s",
		    icalerror_strerror(icalerrno));
		return -1;
	}
	*out = xstrdup(ics);
	icalmemory_free_buffer(ics);
	return 0;
}

/* The calendar state stored with a registration. */
static int
calendar_state(struct store *st, int64_t reg_id, int *seq, int *held,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, "SELECT calendar_seq, calendar_held FROM "
	    "registrations WHERE id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, reg_id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*seq = sqlite3_column_int(stmt, 0);
		*held = sqlite3_column_int(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW) {
		*cause = store_error(st, "reading the calendar state");
		return -1;
	}
	return 0;
}

static int
calendar_record(struct store *st, int64_t reg_id, int seq, int held,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (store_prepare(st, "UPDATE registrations SET calendar_seq = ?2, "
	    "calendar_held = ?3 WHERE id = ?1", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, reg_id);
	sqlite3_bind_int(stmt, 2, seq);
	sqlite3_bind_int(stmt, 3, held);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "recording the calendar state");
		return -1;
	}
	return 0;
}

int
calendar_for_mail(struct store *st, const char *kind, const struct sprint *s,
    const struct registry_reg *reg, const char *from_name,
    const char *from_addr, const char *url, char **out,
    enum calendar_method *method, char **cause)
{
	struct calendar_req	 req;
	int			 seq, held, r;

	*out = NULL;
	if (reg == NULL || reg->id == 0)
		return 1;
	memset(&req, 0, sizeof req);
	if (strcmp(kind, "confirm") == 0 || strcmp(kind, "promoted") == 0)
		req.method = CALENDAR_PUBLISH;
	else if (strcmp(kind, "cancel") == 0)
		req.method = CALENDAR_CANCEL;
	else
		return 1;
	if (calendar_state(st, reg->id, &seq, &held, cause) == -1)
		return -1;
	if (req.method == CALENDAR_PUBLISH)
		req.held = calendar_holds(reg);
	else
		req.held = (enum calendar_held)held;
	/* A cancellation of what was never sent, or of what is cancelled
	 * already, or a waiting list reply: no calendar. */
	if (req.held == CALENDAR_NONE)
		return 1;
	req.drop_stay = req.method == CALENDAR_PUBLISH &&
	    held == CALENDAR_STAY && req.held != CALENDAR_STAY;
	req.sprint = s;
	req.reg = reg;
	req.from_name = from_name;
	req.from_addr = from_addr;
	req.url = url;
	req.sequence = seq + 1;
	req.now = clock_now();
	if ((r = calendar_make(&req, out, cause)) != 0)
		return r;
	if (calendar_record(st, reg->id, req.sequence,
	    req.method == CALENDAR_CANCEL ? CALENDAR_NONE : (int)req.held,
	    cause) == -1) {
		xfree(out);
		return -1;
	}
	*method = req.method;
	return 0;
}
