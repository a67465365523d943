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

/* test_calendar.c -- the .ics of a stay, read back with libical: dates
 * (DTEND exclusive), UIDs, SEQUENCE and METHOD for a new, an updated and
 * a cancelled registration; what local people, unknown dates and the
 * waiting list get. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "calendar.h"
#include "parse.h"
#include "registry.h"
#include "store.h"
#include "testlib.h"
#include "util.h"


/* The demo's sprint, for one person, at a venue. */
static const struct testlib_sprint sprint_spec = {
	.capacity = 1,
	.location = "Leysin, Switzerland",
	.extra = "venue: {name: Chalet Ermina, address: \"Route 1, 1854 "
	    "Leysin\"}\n",
};

#define FROM_NAME	"PyPy sprints"
#define FROM_ADDR	"sprints@example.org"

struct fixture {
	struct store	*st;
	struct sprint	*s;
	int64_t		 id;
};

static void
fixture_open(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	testlib_store_sprint(testlib_sprint_new(&sprint_spec), 0, &f->st,
	    &f->s, &f->id, NULL);
}

static void
fixture_close(struct fixture *f)
{
	store_close(&f->st);
	sprint_free(&f->s);
}

/* Registers (or updates) a person; arrive/depart NULL for "?". */
static void
put(struct fixture *f, const char *email, const char *arrive,
    const char *depart, int local, struct registry_reg *out)
{
	struct parse_result	 res;
	enum registry_change	 change;
	char			*cause = NULL;
	int64_t			 pid;

	memset(&res, 0, sizeof res);
	res.kind = PARSE_REGISTRATION;
	res.from = (char *)email;
	res.name = (char *)"Anna Example";
	res.arrive_state = res.depart_state = DATES_UNKNOWN;
	if (arrive != NULL) {
		assert_int_equal(dates_parse_iso(arrive, &res.arrive), 0);
		res.arrive_state = DATES_KNOWN;
	}
	if (depart != NULL) {
		assert_int_equal(dates_parse_iso(depart, &res.depart), 0);
		res.depart_state = DATES_KNOWN;
	}
	res.local = local;
	res.accommodation = (char *)"Ermina";
	res.newcomer = res.funding = PARSE_NULL;
	res.given = PARSE_HAS_ALL;
	if (registry_person(f->st, email, res.name, &pid, &cause) != 0 ||
	    registry_register(f->st, f->id, f->s->capacity, pid, 0, &res,
	    &change, out, &cause) != 0)
		fail_msg("%s", cause);
}

/* The calendar of a mail, parsed back; NULL when the mail has none. */
static icalcomponent *
mail_calendar(struct fixture *f, const char *kind,
    const struct registry_reg *r, enum calendar_method *method)
{
	icalcomponent	*cal;
	char		*ics = NULL, *cause = NULL;
	int		 rc;

	rc = calendar_for_mail(f->st, kind, f->s, r, FROM_NAME, FROM_ADDR,
	    "https://sprints.example.org/leysin-2027/", &ics, method, &cause);
	if (rc == -1)
		fail_msg("%s", cause);
	if (rc == 1) {
		assert_null(ics);
		return NULL;
	}
	/* iCalendar lines end in CRLF, folded at 75 octets. */
	assert_non_null(strstr(ics, "BEGIN:VCALENDAR\r\n"));
	cal = icalparser_parse_string(ics);
	assert_non_null(cal);
	free(ics);
	return cal;
}

/* The event with this UID, or NULL. */
static icalcomponent *
event(icalcomponent *cal, const char *uid)
{
	icalcomponent	*ev;

	for (ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	    ev != NULL;
	    ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		if (strcmp(icalcomponent_get_uid(ev), uid) == 0)
			return ev;
	}
	return NULL;
}

static int
nevents(icalcomponent *cal)
{
	return icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT);
}

/* Checks an all-day event's days: DTSTART first, DTEND the day after
 * last. */
static void
check_days(icalcomponent *ev, const char *first, const char *end_excl)
{
	struct icaltimetype	 a = icalcomponent_get_dtstart(ev);
	struct icaltimetype	 b = icalcomponent_get_dtend(ev);

	assert_true(a.is_date);
	assert_true(b.is_date);
	assert_string_equal(icaltime_as_ical_string(a), first);
	assert_string_equal(icaltime_as_ical_string(b), end_excl);
}

static int
sequence(icalcomponent *ev)
{
	return icalcomponent_get_sequence(ev);
}

static void
test_new_updated_cancelled(void **state)
{
	struct fixture		 f;
	struct registry_reg	 r;
	enum calendar_method	 m;
	icalcomponent		*cal, *stay, *sprint;
	char			*uid_stay, *uid_sprint, *cause = NULL;
	int64_t			 pid;

	(void)state;
	fixture_open(&f);
	put(&f, "anna@example.org", "2027-01-07", "2027-01-14", 0, &r);
	pid = r.person_id;
	uid_stay = calendar_uid_stay(f.s, pid, FROM_ADDR);
	uid_sprint = calendar_uid_sprint(f.s, FROM_ADDR);
	assert_string_equal(uid_sprint, "sprint.leysin-2027@example.org");
	assert_non_null(strstr(uid_stay, ".leysin-2027@example.org"));

	/* New: PUBLISH, the stay 7..14 (DTEND the 15th) and the sprint. */
	cal = mail_calendar(&f, "confirm", &r, &m);
	assert_non_null(cal);
	assert_int_equal(m, CALENDAR_PUBLISH);
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_PUBLISH);
	assert_int_equal(nevents(cal), 2);
	assert_non_null(stay = event(cal, uid_stay));
	assert_non_null(sprint = event(cal, uid_sprint));
	check_days(stay, "20270107", "20270115");
	check_days(sprint, "20270108", "20270115");
	assert_int_equal(sequence(stay), 1);
	assert_int_equal(sequence(sprint), 1);
	assert_int_equal(icalcomponent_get_status(stay), ICAL_STATUS_CONFIRMED);
	assert_string_equal(icalcomponent_get_location(stay),
	    "Chalet Ermina, Route 1, 1854 Leysin, Leysin, Switzerland");
	assert_non_null(strstr(icalcomponent_get_description(sprint),
	    "Break day: Mon 11 Jan"));
	assert_non_null(strstr(icalproperty_get_organizer(
	    icalcomponent_get_first_property(stay, ICAL_ORGANIZER_PROPERTY)),
	    "mailto:sprints@example.org"));
	icalcomponent_free(cal);
	registry_reg_clear(&r);

	/* Updated: the same UIDs, the new days, a higher SEQUENCE. */
	put(&f, "anna@example.org", "2027-01-09", "2027-01-13", 0, &r);
	cal = mail_calendar(&f, "confirm", &r, &m);
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_PUBLISH);
	assert_non_null(stay = event(cal, uid_stay));
	check_days(stay, "20270109", "20270114");
	assert_int_equal(sequence(stay), 2);
	assert_int_equal(sequence(event(cal, uid_sprint)), 2);
	icalcomponent_free(cal);
	registry_reg_clear(&r);

	/* Cancelled: CANCEL of both, STATUS:CANCELLED, higher again. */
	assert_int_equal(store_begin(f.st, &cause), 0);
	assert_int_equal(registry_cancel(f.st, f.id, f.s->capacity, pid, 0,
	    &(int64_t){ 0 }, &cause), 0);
	assert_int_equal(store_commit(f.st, &cause), 0);
	assert_int_equal(registry_get(f.st, f.id, pid, &r, &cause), 0);
	cal = mail_calendar(&f, "cancel", &r, &m);
	assert_non_null(cal);
	assert_int_equal(m, CALENDAR_CANCEL);
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_CANCEL);
	assert_int_equal(nevents(cal), 2);
	assert_non_null(stay = event(cal, uid_stay));
	assert_int_equal(sequence(stay), 3);
	assert_int_equal(icalcomponent_get_status(stay), ICAL_STATUS_CANCELLED);
	assert_int_equal(icalcomponent_get_status(event(cal, uid_sprint)),
	    ICAL_STATUS_CANCELLED);
	icalcomponent_free(cal);
	/* Nothing left to cancel a second time. */
	assert_null(mail_calendar(&f, "cancel", &r, &m));
	registry_reg_clear(&r);

	/* Back again: PUBLISH, the counter goes on rising. */
	put(&f, "anna@example.org", "2027-01-08", "2027-01-14", 0, &r);
	cal = mail_calendar(&f, "confirm", &r, &m);
	assert_int_equal(sequence(event(cal, uid_stay)), 4);
	icalcomponent_free(cal);
	registry_reg_clear(&r);
	/* Other mails carry no calendar. */
	assert_null(mail_calendar(&f, "remind", &r, &m));
	free(uid_stay);
	free(uid_sprint);
	fixture_close(&f);
}

/* Local people and unknown dates: only the sprint; dates that became
 * unknown cancel the stay sent before; the waiting list: nothing. */
static void
test_only_the_sprint(void **state)
{
	struct fixture		 f;
	struct registry_reg	 r;
	enum calendar_method	 m;
	icalcomponent		*cal, *stay;
	char			*uid;

	(void)state;
	fixture_open(&f);
	put(&f, "carl@example.org", NULL, NULL, 1, &r);
	cal = mail_calendar(&f, "confirm", &r, &m);
	assert_int_equal(nevents(cal), 1);
	assert_non_null(event(cal, "sprint.leysin-2027@example.org"));
	icalcomponent_free(cal);
	registry_reg_clear(&r);

	/* Capacity 1: the next one waits, and gets no calendar. */
	put(&f, "wait@example.org", "2027-01-08", "2027-01-14", 0, &r);
	assert_string_equal(r.status, "waiting");
	assert_null(mail_calendar(&f, "confirm", &r, &m));
	assert_null(mail_calendar(&f, "cancel", &r, &m));
	registry_reg_clear(&r);

	fixture_close(&f);
	fixture_open(&f);
	put(&f, "dina@example.org", "2027-01-08", "2027-01-14", 0, &r);
	cal = mail_calendar(&f, "confirm", &r, &m);
	assert_int_equal(nevents(cal), 2);
	icalcomponent_free(cal);
	uid = calendar_uid_stay(f.s, r.person_id, FROM_ADDR);
	registry_reg_clear(&r);
	put(&f, "dina@example.org", NULL, NULL, 0, &r);
	cal = mail_calendar(&f, "confirm", &r, &m);
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_PUBLISH);
	assert_int_equal(nevents(cal), 2);
	assert_non_null(stay = event(cal, uid));
	assert_int_equal(icalcomponent_get_status(stay), ICAL_STATUS_CANCELLED);
	assert_int_equal(sequence(stay), 2);
	icalcomponent_free(cal);
	/* Once dropped, it is not dropped again. */
	cal = mail_calendar(&f, "confirm", &r, &m);
	assert_int_equal(nevents(cal), 1);
	icalcomponent_free(cal);
	registry_reg_clear(&r);
	free(uid);
	fixture_close(&f);
}

/* calendar_make alone: text from mail cannot break a line. */
static void
test_make_text(void **state)
{
	struct fixture		 f;
	struct registry_reg	 r;
	struct calendar_req	 req;
	icalcomponent		*cal;
	char			*ics = NULL, *cause = NULL;
	const char		*p;

	(void)state;
	fixture_open(&f);
	memset(&r, 0, sizeof r);
	r.id = 1;
	r.person_id = 42;
	r.status = (char *)"registered";
	r.arrive = (char *)"2027-01-07";
	r.depart = (char *)"2027-01-14";
	r.accommodation = (char *)"Ermina\r\nATTENDEE:mailto:x@evil.example";
	r.tentative = 1;
	memset(&req, 0, sizeof req);
	req.sprint = f.s;
	req.reg = &r;
	req.from_name = "PyPy\r\nsprints";
	req.from_addr = FROM_ADDR;
	req.method = CALENDAR_PUBLISH;
	req.held = CALENDAR_STAY;
	req.sequence = 7;
	req.now = 1797235200;
	assert_int_equal(calendar_make(&req, &ics, &cause), 0);
	assert_null(strstr(ics, "\r\nATTENDEE"));
	for (p = ics; (p = strchr(p, '\n')) != NULL; p++)
		assert_int_equal(p[-1], '\r');
	assert_non_null(strstr(ics, "DTSTAMP:20261214T080000Z"));
	assert_non_null(strstr(ics, "UID:stay-42.leysin-2027@example.org"));
	cal = icalparser_parse_string(ics);
	assert_int_equal(icalcomponent_get_status(icalcomponent_get_first_component(
	    cal, ICAL_VEVENT_COMPONENT)), ICAL_STATUS_TENTATIVE);
	icalcomponent_free(cal);
	free(ics);
	req.held = CALENDAR_NONE;
	assert_int_equal(calendar_make(&req, &ics, &cause), 1);
	fixture_close(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_updated_cancelled),
		cmocka_unit_test(test_only_the_sprint),
		cmocka_unit_test(test_make_text),
	};

	return cmocka_run_group_tests(tests, testlib_setup_group,
	    testlib_teardown_group);
}
