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
 * ctl_person.c -- the organizer's corrections: sprintctl person SLUG
 * ADDRESS set FIELD=VALUE... | add NAME [FIELD=VALUE...] | cancel |
 * promote, each with --notify. A correction goes through the same
 * field-by-field update as a mail and is recorded in the history as the
 * organizer's.
 */
#include "config-auto.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "ctl.h"
#include "dates.h"
#include "humandate.h"
#include "form.h"
#include "log.h"
#include "mailreq.h"
#include "page.h"
#include "parse.h"
#include "registry.h"
#include "util.h"

#define CTL_PERSON_FIELDS "name, arrive, depart, dates, accommodation, " \
	"newcomer, funding, diet, topics, notes"

/* A yes/no/? value: 0 with *out, -1 when it is none of them. */
static int
ctl_person_yesno(const char *v, enum parse_bool *out)
{
	int	 yn;

	if (strcmp(v, "?") == 0 || *v == '\0') {
		*out = PARSE_NULL;
		return 0;
	}
	if ((yn = form_yesno(v)) == -1)
		return -1;
	*out = yn ? PARSE_YES : PARSE_NO;
	return 0;
}

/* A text value: "?" or empty is unknown (NULL). */
static char *
ctl_person_text(const char *v)
{
	char	*c;

	if (*v == '\0' || strcmp(v, "?") == 0)
		return NULL;
	c = xstrdup(v);
	util_strip_controls(c);
	form_fix_utf8(c);
	util_trim(c);
	return c;
}

/* One of the sprint's own fields, read as a reply's form reads it. */
static int
ctl_person_custom(const struct sprint *s, const struct sprint_field *f,
    const char *value, struct parse_result *res)
{
	char	*v = NULL, *why = NULL;
	size_t	 i;

	(void)s;
	if (parse_custom_value(f, value, &v, &why) == -1) {
		log_error("%s", why);
		free(why);
		return -1;
	}
	for (i = 0; i < res->ncustom; i++) {
		if (strcmp(res->custom[i].id, f->id) == 0) {
			free(res->custom[i].value);
			res->custom[i].value = v;
			return 0;
		}
	}
	res->custom = xreallocarray(res->custom, res->ncustom + 1,
	    sizeof *res->custom);
	res->custom[res->ncustom].id = f->id;
	res->custom[res->ncustom++].value = v;
	return 0;
}

/*
 * Reads FIELD=VALUE arguments into res (dates as people write them in
 * mail). Returns 0, or -1 after logging what is wrong.
 */
static int
ctl_person_fields(const struct sprint *s, int argc, char **argv,
    struct parse_result *res)
{
	struct humandate_ctx	 ctx = { s->start, s->end };
	struct humandate_range	 range;
	enum dates_state	 st;
	day_t			 day;
	char			*field, *value, *cause = NULL;
	int			 i, r, tent, is_depart;

	for (i = 0; i < argc; i++) {
		if ((value = strchr(argv[i], '=')) == NULL || value ==
		    argv[i]) {
			log_error("\"%s\": expected FIELD=VALUE, with FIELD one "
			    "of %s", argv[i], CTL_PERSON_FIELDS);
			return -1;
		}
		field = xstrndup(argv[i], (size_t)(value - argv[i]));
		value++;
		r = 0;
		if (util_strcaseeq(field, "name")) {
			free(res->name);
			if ((res->name = ctl_person_text(value)) == NULL) {
				log_error("name: expected a name");
				r = -1;
			}
			res->given |= PARSE_HAS_NAME;
		} else if (util_strcaseeq(field, "dates")) {
			memset(&range, 0, sizeof range);
			if (humandate_parse_range(value, &ctx, &range,
			    &cause) != 0) {
				log_error("dates: %s", cause);
				r = -1;
			} else {
				res->local = range.local;
				res->tentative = range.tentative;
				res->arrive_state = range.arrive_state;
				res->arrive = range.arrive;
				res->depart_state = range.depart_state;
				res->depart = range.depart;
				res->given |= PARSE_HAS_ARRIVE |
				    PARSE_HAS_DEPART;
			}
		} else if (util_strcaseeq(field, "arrive") ||
		    util_strcaseeq(field, "depart")) {
			is_depart = util_strcaseeq(field, "depart");
			tent = 0;
			switch (humandate_parse_one(value, &ctx, is_depart, &st,
			    &day, &tent, &cause)) {
			case 1:
				res->local = 1;
				res->given |= PARSE_HAS_ARRIVE |
				    PARSE_HAS_DEPART;
				break;
			case 0:
				res->tentative |= tent;
				if (is_depart) {
					res->depart_state = st;
					res->depart = day;
					res->given |= PARSE_HAS_DEPART;
				} else {
					res->arrive_state = st;
					res->arrive = day;
					res->given |= PARSE_HAS_ARRIVE;
				}
				break;
			default:
				log_error("%s: %s", field, cause);
				r = -1;
			}
		} else if (util_strcaseeq(field, "accommodation")) {
			free(res->accommodation);
			res->accommodation = *value == '\0' ||
			    strcmp(value, "?") == 0 ? NULL :
			    parse_lodging(s, value);
			res->given |= PARSE_HAS_ACC;
		} else if (util_strcaseeq(field, "newcomer") ||
		    util_strcaseeq(field, "funding")) {
			if (ctl_person_yesno(value, util_strcaseeq(field,
			    "newcomer") ? &res->newcomer : &res->funding) ==
			    -1) {
				log_error("%s: expected yes, no or ?, got "
				    "\"%s\"", field, value);
				r = -1;
			}
			res->given |= util_strcaseeq(field, "newcomer") ?
			    PARSE_HAS_NEWCOMER : PARSE_HAS_FUNDING;
		} else if (util_strcaseeq(field, "diet")) {
			free(res->diet);
			res->diet = ctl_person_text(value);
			res->given |= PARSE_HAS_DIET;
		} else if (util_strcaseeq(field, "topics")) {
			free(res->topics);
			res->topics = ctl_person_text(value);
			res->given |= PARSE_HAS_TOPICS;
		} else if (util_strcaseeq(field, "notes")) {
			free(res->notes);
			res->notes = ctl_person_text(value);
			res->given |= PARSE_HAS_NOTES;
		} else if (sprint_field(s, field) != NULL)
			r = ctl_person_custom(s, sprint_field(s, field), value,
			    res);
		else {
			log_error("unknown field \"%s\"; expected one of %s%s",
			    field, CTL_PERSON_FIELDS, s->nfields > 0 ?
			    ", or one of the sprint's own fields (their ids)" :
			    "");
			r = -1;
		}
		xfree(&cause);
		free(field);
		if (r == -1)
			return -1;
	}
	if (res->arrive_state == DATES_KNOWN &&
	    res->depart_state == DATES_KNOWN && res->depart < res->arrive) {
		log_error("depart: before arrive; expected the day of leaving, "
		    "on or after the day of arriving");
		return -1;
	}
	return 0;
}

/* Asks sprintd for the usual mail to the person (and, after a
 * cancellation, the promoted one): only it composes mail. */
static int
ctl_person_mail(struct store *st, int64_t sprint_id, const char *kind,
    int64_t person_id, char **cause)
{
	struct mailreq	 rq = { .kind = MAILREQ_NOTIFY, .sprint_id = sprint_id,
	    .person_id = person_id, .arg = kind };

	return mailreq_add(st, &rq, cause);
}

int
ctl_person(struct store *st, const struct config *cfg, const char *slug,
    const char *address, int argc, char **argv, int notify, FILE *out)
{
	struct sprint		*s = NULL;
	struct parse_result	 res;
	struct registry_reg	 reg;
	enum registry_change	 change;
	int64_t			 sprint_id, person_id, promoted = 0;
	char			*cause = NULL, *email;
	const char		*verb = argc > 0 ? argv[0] : "";
	int			 r, active, ret = CTL_FAIL;

	memset(&res, 0, sizeof res);
	memset(&reg, 0, sizeof reg);
	res.arrive_state = res.depart_state = DATES_UNKNOWN;
	res.newcomer = res.funding = PARSE_NULL;
	if (!util_addr_valid(address)) {
		log_error("\"%s\" is not a mail address", address);
		return CTL_USAGE;
	}
	email = xstrdup(address);
	for (r = 0; email[r] != '\0'; r++)
		email[r] = (char)tolower((unsigned char)email[r]);
	if ((r = ctl_get_sprint(st, slug, &s, &sprint_id)) != CTL_OK) {
		free(email);
		return r;
	}
	if ((active = registry_active(st, sprint_id, email)) == -1) {
		cause = store_error(st, "reading a registration");
		log_error("%s", cause);
		goto out;
	}
	ret = CTL_USAGE;
	if (strcmp(verb, "set") == 0 || strcmp(verb, "add") == 0) {
		int	 add = strcmp(verb, "add") == 0;

		if (argc < 2) {
			log_error("usage: person SLUG ADDRESS %s", add ?
			    "add NAME [FIELD=VALUE...]" :
			    "set FIELD=VALUE...");
			goto out;
		}
		if (add && active) {
			log_error("%s is registered already: use set", email);
			goto out;
		}
		if (!add && !active) {
			log_error("%s has no registration for %s: use add",
			    email, slug);
			goto out;
		}
		res.kind = PARSE_REGISTRATION;
		res.from = email;
		if (add) {
			res.name = xstrdup(argv[1]);
			util_strip_controls(res.name);
			res.given |= PARSE_HAS_NAME;
		}
		if (ctl_person_fields(s, argc - 1 - add, argv + 1 + add,
		    &res) == -1)
			goto out;
		if (!add) {
			char	*why = NULL;

			if ((r = registry_check_update(st, sprint_id, email,
			    &res, &why, &cause)) != 0) {
				if (r == 1) {
					log_error("%s", why);
					free(why);
				} else {
					log_error("%s", cause);
					ret = CTL_FAIL;
				}
				goto out;
			}
		}
		ret = CTL_FAIL;
		if (store_begin(st, &cause) == -1)
			goto out;
		if (registry_person(st, email, add ? res.name : NULL,
		    &person_id, &cause) == -1 ||
		    registry_register(st, sprint_id, s->capacity, person_id,
		    0, &res, &change, &reg, &cause) == -1 ||
		    (notify && ctl_person_mail(st, sprint_id, "confirm",
		    person_id, &cause) == -1) ||
		    store_commit(st, &cause) == -1)
			goto rollback;
		fprintf(out, "%s %s: %s (%s)\n", add ? "added" : "corrected",
		    email, reg.name, reg.status);
	} else if (strcmp(verb, "cancel") == 0 ||
	    strcmp(verb, "promote") == 0) {
		if (argc != 1) {
			log_error("usage: person SLUG ADDRESS %s", verb);
			goto out;
		}
		if (!active) {
			log_error("%s has no registration for %s", email,
			    slug);
			goto out;
		}
		ret = CTL_FAIL;
		if (store_begin(st, &cause) == -1)
			goto out;
		if (registry_person(st, email, NULL, &person_id,
		    &cause) == -1)
			goto rollback;
		if (strcmp(verb, "cancel") == 0) {
			if (registry_cancel(st, sprint_id, s->capacity,
			    person_id, 0, &promoted, &cause) != 0 ||
			    (notify && ctl_person_mail(st, sprint_id,
			    "cancel", person_id, &cause) == -1) ||
			    (promoted != 0 && ctl_person_mail(st, sprint_id,
			    "promoted", promoted, &cause) == -1))
				goto rollback;
		} else {
			if ((r = registry_promote(st, sprint_id, person_id,
			    &cause)) == 1) {
				store_rollback(st);
				log_error("%s is not on the waiting list", email);
				ret = CTL_USAGE;
				goto out;
			}
			if (r == -1 || (notify && ctl_person_mail(st,
			    sprint_id, "promoted", person_id, &cause) == -1))
				goto rollback;
		}
		if (store_commit(st, &cause) == -1)
			goto rollback;
		fprintf(out, "%s %s\n", strcmp(verb, "cancel") == 0 ?
		    "cancelled" : "promoted", email);
		if (promoted != 0)
			fprintf(out, "the first on the waiting list moved up\n");
	} else {
		log_error("usage: person SLUG ADDRESS set FIELD=VALUE... | "
		    "add NAME [FIELD=VALUE...] | cancel | promote [--notify]");
		goto out;
	}
	page_update(st, cfg, sprint_id);
	if (notify)
		fprintf(out, "the mail is requested; sprintd composes and "
		    "sends it at its next run\n");
	ret = CTL_OK;
	goto out;
rollback:
	store_rollback(st);
	log_error("%s", cause != NULL ? cause : "store error");
	ret = CTL_FAIL;
out:
	free(cause);
	free(res.name);
	free(res.accommodation);
	free(res.diet);
	free(res.topics);
	free(res.notes);
	for (r = 0; (size_t)r < res.ncustom; r++)
		free(res.custom[r].value);
	free(res.custom);
	registry_reg_clear(&reg);
	sprint_free(&s);
	free(email);
	return ret;
}
