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

/* sprint.c -- sprint files: read through a table, then checked as a whole. */
#include "config-auto.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "form.h"
#include "sprint.h"
#include "util.h"
#include "ytable.h"

#define SPRINT_MAX_DAYS		31
#define SPRINT_MAX_QUESTIONS	20

/* The questionnaire used when a sprint file has none (see README). */
static const struct {
	const char		*id;
	enum sprint_qtype	 type;
	const char		*question;
} sprint_default_questions[] = {
	{ "overall", SPRINT_Q_RATING, "Overall, how was the sprint? (1-5)" },
	{ "venue", SPRINT_Q_RATING,
	    "How well did the venue work: space, network, food? (1-5)" },
	{ "organization", SPRINT_Q_RATING,
	    "How well was the sprint organized before and during it? (1-5)" },
	{ "progress", SPRINT_Q_RATING,
	    "How much did you get done that you came for? (1-5)" },
	{ "best", SPRINT_Q_TEXT, "What was the best part of the sprint?" },
	{ "change", SPRINT_Q_TEXT, "What should we change for the next sprint?" },
};

/* Registration form keys, and the lines of replies during the sprint
 * (plan.c): a question id may not shadow them. */
static const char *sprint_form_keys[] = {
	"name", "arrive", "depart", "accommodation", "accomodation",
	"first sprint", "funding", "diet", "notes", "cancel",
	"interested", "topics", "topic", "dates", "invite", "new", "join",
	"done", "next",
};

static const char *
sprint_check_slug(const char *s)
{
	const char	*p;

	if (strlen(s) > 64)
		return "too long: at most 64 characters";
	for (p = s; *p; p++) {
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    *p != '-')
			return "expected lower-case letters, digits and '-'";
	}
	if (s[0] == '-')
		return "must not start with '-'";
	return NULL;
}

static const char *
sprint_check_line(const char *s)
{
	const char	*p;

	for (p = s; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "must be one line without control characters";
	}
	return strlen(s) > 200 ? "too long: at most 200 characters" : NULL;
}

static const char *
sprint_check_addr(const char *s)
{
	return util_addr_valid(s) ? NULL :
	    "not a mail address: expected local@domain";
}

static const char *
sprint_check_timezone(const char *s)
{
	if (*s == '/' || strstr(s, "..") != NULL || strpbrk(s, " \t") != NULL)
		return "expected a zoneinfo name like Europe/Zurich";
	return clock_zone_known(s) ? NULL :
	    "unknown time zone: expected a zoneinfo name like Europe/Zurich";
}

static const char *
sprint_check_nudge(const char *s)
{
	int	 n = util_atoi(s);

	return n >= 1 && n <= 28 ? NULL : "expected a number of days from 1 "
	    "to 28 before the start";
}

static const char *
sprint_check_capacity(const char *s)
{
	int	 n = util_atoi(s);

	return n > 0 && n <= 10000 ? NULL : "expected a number from 1 to 10000";
}

static const char *
sprint_check_evaluation_days(const char *s)
{
	int	 n = util_atoi(s);

	return n >= SPRINT_EVALUATION_DAYS_MIN &&
	    n <= SPRINT_EVALUATION_DAYS_MAX ? NULL :
	    "expected a number of days from 9 (after the reminder) to 365";
}

static const char *
sprint_check_url(const char *s)
{
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return "expected an http:// or https:// URL";
	return sprint_check_line(s);
}

static int
sprint_seq_check(struct ytable *y, yaml_node_t *node, const char *path,
    size_t max, char **cause)
{
	size_t	 n;

	if (node->type != YAML_SEQUENCE_NODE) {
		*cause = ytable_error(y, node, path, "expected a list");
		return -1;
	}
	n = (size_t)(node->data.sequence.items.top -
	    node->data.sequence.items.start);
	if (n > max) {
		*cause = ytable_error(y, node, path, "at most %zu entries", max);
		return -1;
	}
	return 0;
}

#define ORG(m) offsetof(struct sprint_person, m)
static const struct ytable_key sprint_person_keys[] = {
	{ "name", YTABLE_STRING, ORG(name), 0, 1, sprint_check_line, NULL,
	    NULL },
	{ "email", YTABLE_STRING, ORG(email), 0, 1, sprint_check_addr, NULL,
	    NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

static int
sprint_parse_organizers(struct ytable *y, yaml_node_t *node, void *obj,
    const char *path, char **cause)
{
	struct sprint		*s = obj;
	yaml_node_item_t	*it;
	char			*ipath;
	int			 r;

	if (sprint_seq_check(y, node, path, 50, cause) == -1)
		return -1;
	for (it = node->data.sequence.items.start;
	    it < node->data.sequence.items.top; it++) {
		s->organizers = xreallocarray(s->organizers, s->norganizers + 1,
		    sizeof *s->organizers);
		memset(&s->organizers[s->norganizers], 0,
		    sizeof *s->organizers);
		ipath = xprintf("%s[%zu]", path, s->norganizers);
		r = ytable_apply(y, ytable_node(y, *it), sprint_person_keys,
		    &s->organizers[s->norganizers++], ipath, cause);
		free(ipath);
		if (r == -1)
			return -1;
	}
	return 0;
}

#define LODGE(m) offsetof(struct sprint_lodging, m)
static const struct ytable_key sprint_lodging_keys[] = {
	{ "name", YTABLE_STRING, LODGE(name), 0, 1, sprint_check_line, NULL,
	    NULL },
	{ "note", YTABLE_STRING, LODGE(note), 0, 0, NULL, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

static int
sprint_parse_lodgings(struct ytable *y, yaml_node_t *node, void *obj,
    const char *path, char **cause)
{
	struct sprint		*s = obj;
	yaml_node_item_t	*it;
	char			*ipath;
	int			 r;

	if (sprint_seq_check(y, node, path, 50, cause) == -1)
		return -1;
	for (it = node->data.sequence.items.start;
	    it < node->data.sequence.items.top; it++) {
		s->lodgings = xreallocarray(s->lodgings, s->nlodgings + 1,
		    sizeof *s->lodgings);
		memset(&s->lodgings[s->nlodgings], 0, sizeof *s->lodgings);
		ipath = xprintf("%s[%zu]", path, s->nlodgings);
		r = ytable_apply(y, ytable_node(y, *it), sprint_lodging_keys,
		    &s->lodgings[s->nlodgings++], ipath, cause);
		free(ipath);
		if (r == -1)
			return -1;
	}
	return 0;
}

struct sprint_qraw {
	char	*id;
	char	*type;
	char	*question;
};

static const char *
sprint_check_qid(const char *s)
{
	const char	*p;
	size_t		 i;

	if (strlen(s) > 32)
		return "too long: at most 32 characters";
	for (p = s; *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return "expected letters, digits, '_' and '-'";
	}
	for (i = 0; i < nitems(sprint_form_keys); i++) {
		if (util_strcaseeq(s, sprint_form_keys[i]))
			return "clashes with a registration form field";
	}
	return NULL;
}

static const char *
sprint_check_qtype(const char *s)
{
	return strcmp(s, "rating") == 0 || strcmp(s, "text") == 0 ? NULL :
	    "expected rating or text";
}

#define QRAW(m) offsetof(struct sprint_qraw, m)
static const struct ytable_key sprint_question_keys[] = {
	{ "id", YTABLE_STRING, QRAW(id), 0, 1, sprint_check_qid, NULL, NULL },
	{ "type", YTABLE_STRING, QRAW(type), 0, 1, sprint_check_qtype, NULL,
	    NULL },
	{ "question", YTABLE_STRING, QRAW(question), 0, 1, sprint_check_line,
	    NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

static int
sprint_parse_questions(struct ytable *y, yaml_node_t *node, void *obj,
    const char *path, char **cause)
{
	struct sprint		*s = obj;
	struct sprint_question	*q;
	struct sprint_qraw	 raw;
	yaml_node_item_t	*it;
	char			*ipath;
	size_t			 i;
	int			 r;

	if (sprint_seq_check(y, node, path, SPRINT_MAX_QUESTIONS, cause) == -1)
		return -1;
	if (node->data.sequence.items.top == node->data.sequence.items.start) {
		*cause = ytable_error(y, node, path, "the list is empty: leave "
		    "the key out to use the default questions");
		return -1;
	}
	for (it = node->data.sequence.items.start;
	    it < node->data.sequence.items.top; it++) {
		memset(&raw, 0, sizeof raw);
		ipath = xprintf("%s[%zu]", path, s->nquestions);
		r = ytable_apply(y, ytable_node(y, *it), sprint_question_keys,
		    &raw, ipath, cause);
		if (r == 0 && sprint_question(s, raw.id) != NULL) {
			*cause = ytable_error(y, ytable_node(y, *it), ipath,
			    "id \"%s\" given twice", raw.id);
			r = -1;
		}
		free(ipath);
		if (r == -1) {
			free(raw.id);
			free(raw.type);
			free(raw.question);
			return -1;
		}
		i = s->nquestions++;
		s->questions = xreallocarray(s->questions, s->nquestions,
		    sizeof *s->questions);
		q = &s->questions[i];
		q->id = raw.id;
		q->type = strcmp(raw.type, "rating") == 0 ? SPRINT_Q_RATING :
		    SPRINT_Q_TEXT;
		q->question = raw.question;
		free(raw.type);
	}
	return 0;
}

/* daily_hour: a whole hour, 0 to 23 (0 is an hour, not "unset"). */
static int
sprint_parse_daily_hour(struct ytable *y, yaml_node_t *node, void *obj,
    const char *path, char **cause)
{
	struct sprint	*s = obj;
	const char	*v = ytable_scalar(node), *p = v;
	int		 h;

	if (v == NULL || util_scan_int(&p, 2, &h) == -1 || *p != '\0' ||
	    h < 0 || h > 23) {
		*cause = ytable_error(y, node, path, "expected a whole hour "
		    "from 0 to 23 (local time of the daily mail)");
		return -1;
	}
	s->daily_hour = h;
	return 0;
}

/* daily: true or false. */
static int
sprint_parse_daily(struct ytable *y, yaml_node_t *node, void *obj,
    const char *path, char **cause)
{
	struct sprint	*s = obj;
	const char	*v = ytable_scalar(node);
	int		 yn = v != NULL ? form_yesno(v) : -1;

	if (yn == -1) {
		*cause = ytable_error(y, node, path, "expected true or false "
		    "(false: no daily mail)");
		return -1;
	}
	s->daily = yn;
	return 0;
}

/* A range of days: both ends given, the end not before the start. */
struct sprint_oraw {
	day_t	 start;
	day_t	 end;
	int	 has_start;
	int	 has_end;
};

#define ORAW(m) offsetof(struct sprint_oraw, m)
static const struct ytable_key sprint_option_keys[] = {
	{ "start", YTABLE_DATE, ORAW(start), ORAW(has_start), 1, NULL, NULL,
	    NULL },
	{ "end", YTABLE_DATE, ORAW(end), ORAW(has_end), 1, NULL, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

static int
sprint_parse_options(struct ytable *y, yaml_node_t *node, void *obj,
    const char *path, char **cause)
{
	struct sprint		*s = obj;
	struct sprint_oraw	 raw;
	yaml_node_item_t	*it;
	char			*ipath, a[11];
	int			 r;

	if (sprint_seq_check(y, node, path, SPRINT_MAX_OPTIONS, cause) == -1)
		return -1;
	if (node->data.sequence.items.top == node->data.sequence.items.start) {
		*cause = ytable_error(y, node, path, "the list is empty: "
		    "expected 1 to %d candidate date ranges, "
		    "[{start: YYYY-MM-DD, end: YYYY-MM-DD}]",
		    SPRINT_MAX_OPTIONS);
		return -1;
	}
	for (it = node->data.sequence.items.start;
	    it < node->data.sequence.items.top; it++) {
		memset(&raw, 0, sizeof raw);
		ipath = xprintf("%s[%zu]", path, s->noptions);
		r = ytable_apply(y, ytable_node(y, *it), sprint_option_keys,
		    &raw, ipath, cause);
		if (r == 0 && raw.end < raw.start) {
			dates_format_iso(raw.start, a);
			*cause = ytable_error(y, ytable_node(y, *it), ipath,
			    "end: before start (%s)", a);
			r = -1;
		}
		if (r == 0 && raw.end - raw.start + 1 > SPRINT_MAX_DAYS) {
			*cause = ytable_error(y, ytable_node(y, *it), ipath,
			    "end: the sprint would last %d days: at most %d",
			    (int)(raw.end - raw.start + 1), SPRINT_MAX_DAYS);
			r = -1;
		}
		free(ipath);
		if (r == -1)
			return -1;
		s->options = xreallocarray(s->options, s->noptions + 1,
		    sizeof *s->options);
		s->options[s->noptions].start = raw.start;
		s->options[s->noptions].end = raw.end;
		s->noptions++;
	}
	return 0;
}

/* A field id: a form key of its own, and the key it is stored under. */
static const char *
sprint_check_fid(const char *s)
{
	const char	*e = sprint_check_qid(s);

	if (e != NULL)
		return e;
	return strlen(s) < 2 ? "too short: at least 2 characters" : NULL;
}

static const char *
sprint_check_value(const char *s)
{
	if (*s == '\0' || strcmp(s, "?") == 0)
		return "expected a value that is not blank and not \"?\"";
	if (strchr(s, ',') != NULL)
		return "must not contain ','";
	return sprint_check_line(s);
}

#define FIELD(m) offsetof(struct sprint_field, m)
static const struct ytable_key sprint_field_keys[] = {
	{ "id", YTABLE_STRING, FIELD(id), 0, 1, sprint_check_fid, NULL, NULL },
	{ "label", YTABLE_STRING, FIELD(label), 0, 1, sprint_check_line, NULL,
	    NULL },
	{ "values", YTABLE_STRLIST, FIELD(values), FIELD(nvalues), 0,
	    sprint_check_value, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

static void
sprint_field_free(struct sprint_field *f)
{
	size_t	 i;

	free(f->id);
	free(f->label);
	for (i = 0; i < f->nvalues; i++)
		free(f->values[i]);
	free(f->values);
}

/* The columns and keys of a registration in sprintctl people's outputs
 * and person set: a field id may not stand for one of them. */
static const char *sprint_reg_columns[] = {
	"name", "email", "status", "arrive", "depart", "dates", "local",
	"accommodation", "newcomer", "funding", "diet", "notes", "tentative",
	"topics", "fields", "position", "changed_by",
};

static int
sprint_id_reserved(const char *id)
{
	size_t	 i;

	for (i = 0; i < nitems(sprint_reg_columns); i++)
		if (util_strcaseeq(id, sprint_reg_columns[i]))
			return 1;
	return 0;
}

/* Whether a label reads as one of the built-in form keys. */
static int
sprint_label_clashes(const char *label)
{
	char	 a[FORM_MAX_KEY + 1], b[FORM_MAX_KEY + 1];
	size_t	 i;

	form_key_norm(label, a, sizeof a);
	for (i = 0; i < nitems(sprint_form_keys); i++) {
		form_key_norm(sprint_form_keys[i], b, sizeof b);
		if (strcmp(a, b) == 0)
			return 1;
	}
	return 0;
}

static int
sprint_parse_fields(struct ytable *y, yaml_node_t *node, void *obj,
    const char *path, char **cause)
{
	struct sprint		*s = obj;
	struct sprint_field	 raw;
	yaml_node_item_t	*it;
	char			*ipath;
	int			 r;

	if (sprint_seq_check(y, node, path, SPRINT_MAX_FIELDS, cause) == -1)
		return -1;
	for (it = node->data.sequence.items.start;
	    it < node->data.sequence.items.top; it++) {
		memset(&raw, 0, sizeof raw);
		ipath = xprintf("%s[%zu]", path, s->nfields);
		r = ytable_apply(y, ytable_node(y, *it), sprint_field_keys,
		    &raw, ipath, cause);
		if (r == 0 && strlen(raw.label) > FORM_MAX_KEY) {
			*cause = ytable_error(y, ytable_node(y, *it), ipath,
			    "label: too long for a form key: at most %d "
			    "characters", FORM_MAX_KEY);
			r = -1;
		}
		if (r == 0 && sprint_id_reserved(raw.id)) {
			*cause = ytable_error(y, ytable_node(y, *it), ipath,
			    "id: \"%s\" is a registration's own column in "
			    "sprintctl people and person set: choose another "
			    "id", raw.id);
			r = -1;
		}
		if (r == 0 && sprint_label_clashes(raw.label)) {
			*cause = ytable_error(y, ytable_node(y, *it), ipath,
			    "label: \"%s\" clashes with a registration form "
			    "field", raw.label);
			r = -1;
		}
		if (r == 0 && (sprint_field(s, raw.id) != NULL ||
		    sprint_field(s, raw.label) != NULL)) {
			*cause = ytable_error(y, ytable_node(y, *it), ipath,
			    "id \"%s\" or label \"%s\" given twice", raw.id,
			    raw.label);
			r = -1;
		}
		if (r == 0 && raw.nvalues > SPRINT_MAX_VALUES) {
			*cause = ytable_error(y, ytable_node(y, *it), ipath,
			    "values: at most %d entries", SPRINT_MAX_VALUES);
			r = -1;
		}
		free(ipath);
		if (r == -1) {
			sprint_field_free(&raw);
			return -1;
		}
		s->fields = xreallocarray(s->fields, s->nfields + 1,
		    sizeof *s->fields);
		s->fields[s->nfields++] = raw;
	}
	return 0;
}

#define S(m) offsetof(struct sprint, m)
static const struct ytable_key sprint_venue_keys[] = {
	{ "name", YTABLE_STRING, S(venue_name), 0, 1, sprint_check_line, NULL,
	    NULL },
	{ "address", YTABLE_STRING, S(venue_address), 0, 0, sprint_check_line,
	    NULL, NULL },
	{ "url", YTABLE_STRING, S(venue_url), 0, 0, sprint_check_url, NULL,
	    NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};
static const struct ytable_key sprint_local_keys[] = {
	{ "travel", YTABLE_STRING, S(travel), 0, 0, NULL, NULL, NULL },
	{ "currency", YTABLE_STRING, S(currency), 0, 0, sprint_check_line,
	    NULL, NULL },
	{ "food", YTABLE_STRING, S(food), 0, 0, NULL, NULL, NULL },
	{ "accommodation", YTABLE_CUSTOM, 0, 0, 0, NULL, NULL,
	    sprint_parse_lodgings },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};
static const struct ytable_key sprint_keys[] = {
	{ "slug", YTABLE_STRING, S(slug), 0, 1, sprint_check_slug, NULL, NULL },
	{ "name", YTABLE_STRING, S(name), 0, 1, sprint_check_line, NULL, NULL },
	{ "start", YTABLE_DATE, S(start), S(has_start), 0, NULL, NULL, NULL },
	{ "end", YTABLE_DATE, S(end), S(has_end), 0, NULL, NULL, NULL },
	{ "options", YTABLE_CUSTOM, 0, 0, 0, NULL, NULL, sprint_parse_options },
	{ "fields", YTABLE_CUSTOM, 0, 0, 0, NULL, NULL, sprint_parse_fields },
	{ "break_day", YTABLE_DATE, S(break_day), S(has_break_day), 0, NULL,
	    NULL, NULL },
	{ "timezone", YTABLE_STRING, S(timezone), 0, 1, sprint_check_timezone,
	    NULL, NULL },
	{ "capacity", YTABLE_INT, S(capacity), 0, 1, sprint_check_capacity,
	    NULL, NULL },
	{ "location", YTABLE_STRING, S(location), 0, 1, sprint_check_line,
	    NULL, NULL },
	{ "venue", YTABLE_MAP, 0, 0, 0, NULL, sprint_venue_keys, NULL },
	{ "recommended_arrival", YTABLE_DATE, S(recommended_arrival),
	    S(has_recommended_arrival), 0, NULL, NULL, NULL },
	{ "goals", YTABLE_STRLIST, S(goals), S(ngoals), 0, NULL, NULL, NULL },
	{ "announce_to", YTABLE_STRLIST, S(announce_to), S(nannounce_to), 1,
	    sprint_check_addr, NULL, NULL },
	{ "organizers", YTABLE_CUSTOM, 0, 0, 1, NULL, NULL,
	    sprint_parse_organizers },
	{ "local_info", YTABLE_MAP, 0, 0, 0, NULL, sprint_local_keys, NULL },
	{ "evaluation", YTABLE_CUSTOM, 0, 0, 0, NULL, NULL,
	    sprint_parse_questions },
	{ "nudge_days", YTABLE_INT, S(nudge_days), 0, 0, sprint_check_nudge,
	    NULL, NULL },
	{ "evaluation_days", YTABLE_INT, S(evaluation_days), 0, 0,
	    sprint_check_evaluation_days, NULL, NULL },
	{ "daily_hour", YTABLE_CUSTOM, 0, 0, 0, NULL, NULL,
	    sprint_parse_daily_hour },
	{ "daily", YTABLE_CUSTOM, 0, 0, 0, NULL, NULL, sprint_parse_daily },
	{ "tutorial", YTABLE_STRING, S(tutorial), 0, 0, NULL, NULL, NULL },
	{ "break_day_suggestions", YTABLE_STRING, S(break_day_suggestions), 0,
	    0, NULL, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

/* Finds the value node of a top-level key, for whole-file checks. */
static yaml_node_t *
sprint_key_node(struct ytable *y, const char *key)
{
	yaml_node_t		*root = ytable_root(y);
	yaml_node_pair_t	*pair;

	for (pair = root->data.mapping.pairs.start;
	    pair < root->data.mapping.pairs.top; pair++) {
		const char	*k = ytable_scalar(ytable_node(y, pair->key));

		if (k != NULL && strcmp(k, key) == 0)
			return ytable_node(y, pair->value);
	}
	return root;
}

static int
sprint_check_whole(struct ytable *y, struct sprint *s, char **cause)
{
	char	 a[11], b[11];
	size_t	 i, first = 0;

	/* The dates, or the options to choose them from. */
	if (s->has_start != s->has_end) {
		*cause = ytable_error(y, ytable_root(y), s->has_start ? "end" :
		    "start", "missing: expected start and end together (or "
		    "neither, with options)");
		return -1;
	}
	if (!s->has_start && s->noptions == 0) {
		*cause = ytable_error(y, ytable_root(y), "start", "missing: "
		    "expected start and end, or options (1 to %d candidate "
		    "date ranges)", SPRINT_MAX_OPTIONS);
		return -1;
	}
	if (!s->has_start) {
		for (i = 1; i < s->noptions; i++)
			if (s->options[i].start < s->options[first].start)
				first = i;
		s->start = s->options[first].start;
		s->end = s->options[first].end;
		s->dates_open = 1;
	}
	if (s->end < s->start) {
		dates_format_iso(s->start, a);
		*cause = ytable_error(y, sprint_key_node(y, "end"), "end",
		    "before start (%s)", a);
		return -1;
	}
	if (s->end - s->start + 1 > SPRINT_MAX_DAYS) {
		*cause = ytable_error(y, sprint_key_node(y, "end"), "end",
		    "the sprint would last %d days: at most %d",
		    (int)(s->end - s->start + 1), SPRINT_MAX_DAYS);
		return -1;
	}
	if (s->has_break_day &&
	    (s->break_day <= s->start || s->break_day >= s->end)) {
		dates_format_iso(s->start, a);
		dates_format_iso(s->end, b);
		*cause = ytable_error(y, sprint_key_node(y, "break_day"),
		    "break_day", "not inside the sprint: expected a day after "
		    "%s and before %s", a, b);
		return -1;
	}
	if (s->has_recommended_arrival &&
	    (s->recommended_arrival > s->start ||
	    s->recommended_arrival < s->start - 7)) {
		dates_format_iso(s->start - 7, a);
		dates_format_iso(s->start, b);
		*cause = ytable_error(y, sprint_key_node(y,
		    "recommended_arrival"), "recommended_arrival",
		    "expected a day from %s to %s", a, b);
		return -1;
	}
	if (s->nannounce_to == 0) {
		*cause = ytable_error(y, sprint_key_node(y, "announce_to"),
		    "announce_to", "the list is empty: name at least one list");
		return -1;
	}
	if (s->norganizers == 0) {
		*cause = ytable_error(y, sprint_key_node(y, "organizers"),
		    "organizers", "the list is empty: name at least one "
		    "organizer");
		return -1;
	}
	return 0;
}

static void
sprint_default_questionnaire(struct sprint *s)
{
	size_t	 i;

	s->nquestions = nitems(sprint_default_questions);
	s->questions = xcalloc(s->nquestions, sizeof *s->questions);
	for (i = 0; i < s->nquestions; i++) {
		s->questions[i].id = xstrdup(sprint_default_questions[i].id);
		s->questions[i].type = sprint_default_questions[i].type;
		s->questions[i].question =
		    xstrdup(sprint_default_questions[i].question);
	}
	s->default_questions = 1;
}

int
sprint_load_string(const char *name, const char *yaml, size_t len,
    struct sprint **out, char **cause)
{
	struct sprint	*s;
	struct ytable	 y;
	int		 loaded = 0;

	s = xcalloc(1, sizeof *s);
	s->daily_hour = SPRINT_DAILY_HOUR;
	s->daily = 1;
	if (ytable_load(&y, name, yaml, len, cause) == -1)
		goto fail;
	loaded = 1;
	if (ytable_apply(&y, ytable_root(&y), sprint_keys, s, "", cause) == -1)
		goto fail;
	if (sprint_check_whole(&y, s, cause) == -1)
		goto fail;
	if (s->nquestions == 0)
		sprint_default_questionnaire(s);
	if (s->nudge_days == 0)
		s->nudge_days = SPRINT_NUDGE_DAYS;
	if (s->evaluation_days == 0)
		s->evaluation_days = SPRINT_EVALUATION_DAYS;
	s->source = xstrndup(yaml, len);
	ytable_free(&y);
	*out = s;
	return 0;
fail:
	if (loaded)
		ytable_free(&y);
	sprint_free(&s);
	return -1;
}

int
sprint_load_file(const char *path, struct sprint **out, char **cause)
{
	char	*data;
	size_t	 len;
	int	 r;

	if (util_read_file(path, 1024 * 1024, &data, &len, cause) == -1)
		return -1;
	r = sprint_load_string(path, data, len, out, cause);
	free(data);
	return r;
}

static void
sprint_free_list(char **list, size_t n)
{
	while (n > 0)
		free(list[--n]);
	free(list);
}

void
sprint_free(struct sprint **sp)
{
	struct sprint	*s = *sp;
	size_t		 i;

	if (s == NULL)
		return;
	free(s->slug);
	free(s->name);
	free(s->timezone);
	free(s->location);
	free(s->venue_name);
	free(s->venue_address);
	free(s->venue_url);
	sprint_free_list(s->goals, s->ngoals);
	sprint_free_list(s->announce_to, s->nannounce_to);
	for (i = 0; i < s->norganizers; i++) {
		free(s->organizers[i].name);
		free(s->organizers[i].email);
	}
	free(s->organizers);
	free(s->travel);
	free(s->currency);
	free(s->food);
	free(s->tutorial);
	free(s->break_day_suggestions);
	for (i = 0; i < s->nlodgings; i++) {
		free(s->lodgings[i].name);
		free(s->lodgings[i].note);
	}
	free(s->lodgings);
	for (i = 0; i < s->nquestions; i++) {
		free(s->questions[i].id);
		free(s->questions[i].question);
	}
	free(s->questions);
	free(s->options);
	for (i = 0; i < s->nfields; i++)
		sprint_field_free(&s->fields[i]);
	free(s->fields);
	free(s->source);
	xfree(sp);
}

const struct sprint_question *
sprint_question(const struct sprint *s, const char *id)
{
	size_t	 i;

	for (i = 0; i < s->nquestions; i++) {
		if (util_strcaseeq(s->questions[i].id, id))
			return &s->questions[i];
	}
	return NULL;
}

const struct sprint_field *
sprint_field(const struct sprint *s, const char *key)
{
	char	 a[FORM_MAX_KEY + 1], b[FORM_MAX_KEY + 1];
	size_t	 i;

	form_key_norm(key, a, sizeof a);
	for (i = 0; i < s->nfields; i++) {
		form_key_norm(s->fields[i].id, b, sizeof b);
		if (strcmp(a, b) == 0)
			return &s->fields[i];
		form_key_norm(s->fields[i].label, b, sizeof b);
		if (strcmp(a, b) == 0)
			return &s->fields[i];
	}
	return NULL;
}

int
sprint_days(const struct sprint *s)
{
	return (int)(s->end - s->start + 1);
}

day_t
sprint_close_day(const struct sprint *s)
{
	return s->end + (s->evaluation_days > 0 ? s->evaluation_days :
	    SPRINT_EVALUATION_DAYS);
}
