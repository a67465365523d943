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

/* compose.c -- sprintd's mail: the facts gathered, a template rendered,
 * the message built and queued in the caller's transaction. */
#include "config-auto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "clock.h"
#include "compose.h"
#include "config.h"
#include "interest.h"
#include "invite.h"
#include "listmail.h"
#include "log.h"
#include "message.h"
#include "outbox.h"
#include "proof.h"
#include "render.h"
#include "util.h"

#define COMPOSE_MAX_SUBJECT	200
#define COMPOSE_MAX_MSGID	250
#define COMPOSE_MAX_REFS	900

/* The names each group of facts gives a template. */
static const char *const compose_common[] = {
	"sprint.name", "sprint.slug", "sprint.start", "sprint.end",
	"sprint.break_day", "sprint.location", "sprint.venue_name",
	"sprint.venue_address", "sprint.venue_url",
	"sprint.recommended_arrival", "sprint.travel", "sprint.currency",
	"sprint.food", "sprint.capacity", "goals", "goals.text", "organizers",
	"organizers.name", "organizers.email", "lodgings", "lodgings.name",
	"lodgings.note", "questions", "questions.id", "questions.question",
	"questions.rating", "list_address", "email", "sprint.window_start",
	"sprint.window_end", "sprint.window_days", "sprint.example_day",
	"people_url", "custom", "custom.id", "custom.label", "custom.values",
	NULL
};
/*
 * The person: local, tentative (a known date is uncertain), dates_unknown
 * (neither date known), arrive_day and depart_day ("Sun 7 Jan", blank when
 * not known), stay (the phrase of the people list), accommodation (blank
 * when not known), funding (asked for). The form.* block echoes what was
 * recorded as the parser reads it back: ISO days, "?" for unknown.
 */
static const char *const compose_person[] = {
	"name", "status", "registered", "waiting", "newcomer", "local",
	"tentative", "dates_unknown", "arrive_day", "depart_day", "stay",
	"accommodation", "funding", "fields", "fields.label", "fields.value",
	NULL
};
static const char *const compose_form[] = {
	"form.name", "form.arrive", "form.depart", "form.accommodation",
	"form.first_sprint", "form.funding", "form.diet", "form.topics",
	"form.notes", NULL
};
static const char *const compose_table[] = {
	"people", "people.name", "people.dates", "people.accommodation",
	"people_count", "people_more", "waiting_people",
	"waiting_people.name",
	"waiting_more", "days", "days.date", "days.count", "days.is_break",
	NULL
};
static const char *const compose_replyvars[] = { "orig_subject", NULL };
static const char *const compose_digestvars[] = {
	"today", "since", "changes", "registered_count", "waiting_count",
	"new", "new.name", "new.email", "new.stay",
	"changed", "changed.name", "changed.email", "changed.stay",
	"cancelled", "cancelled.name", "cancelled.email",
	"waiting", "waiting.name", "waiting.email",
	"days", "days.date", "days.present", "days.assumed", "days.sleeping",
	"days.beds", "days.note", "unknown",
	"funding", "funding.name", "funding.email",
	"late", "late.name", "late.arrive", "early", "early.name",
	"early.depart", "mails", "mails.id", "mails.to", "mails.kind",
	"mails.state", "messages", "messages.id", "messages.kind",
	"messages.sender", "messages.subject", "held", "held.email",
	"held.what", "held.since", "held.id", "held_more", "first_waiting",
	"interest_answers", "interest_count", "interest_options",
	"interest_options.number", "interest_options.dates",
	"interest_options.yes", "interest_options.maybe",
	"interest_options.no", "interest_options.returning",
	"interest_options.new", "interest_topics", "interest_topics.text",
	"today_arrivals", "today_arrivals.name", "today_arrivals.newcomer",
	"today_departures", "today_departures.name", "catchups",
	"catchups.name", "catchups.pair", "planning", "planning.line", NULL
};
static const char *const compose_warnvars[] = {
	"warnings", "warnings.text", "first", NULL
};
/* A held request: what it would do, and until when it may be confirmed. */
static const char *const compose_requestvars[] = {
	"update", "cancel", "optout", "evaluation", "changes", "changes.text",
	"hold_days", NULL
};
/* An invitation: who it goes to and when they came last. */
static const char *const compose_invitevars[] = {
	"name", "last_sprint", "last_month", "listed_in", "listed_month", NULL
};
/* The evaluation summary (evaluation.c fills them). */
static const char *const compose_summaryvars[] = {
	"respondents", "attendees", "rate", "min_answers", "shown",
	"count_line", "closed_on", "results", "results.id", "results.question",
	"results.rating", "results.count", "results.mean", "results.median",
	"results.bars", "results.bars.line", "results.texts",
	"results.texts.text", "results.earlier", "results.earlier.sprint",
	"results.earlier.mean", "results.earlier.count", NULL
};
/* The "which sprint?" reply: the open sprints. */
static const char *const compose_whichvars[] = {
	"sprints", "sprints.name", "sprints.start", "sprints.end", NULL
};
/* A sync meeting (sync.c's sync_facts and the mail's own). */
static const char *const compose_syncvars[] = {
	"sync.name", "sync.slug", "sync.where", "sync.list", "sync.zone",
	"meeting.day", "meeting.time", "meeting.utc", "meeting.cancelled",
	"moderator", "moderator_email", "invite_hours", "reports_hours",
	"agenda", "agenda.text", "reports", "reports.name", "reports.last",
	"reports.next", "reports.blockers", "reports.has_blockers",
	"missing", "missing.name", "held", "held.name", "recorded",
	"recorded.text", "minutes", NULL
};
/* During the sprint (daily.c fills them): the day, who is there, the
 * planning, the pairs; a reply to planning lines says what was done. */
static const char *const compose_dailyvars[] = {
	"today", "day_number", "day_count", "first_day", "last_day",
	"here", "here.name", "here.newcomer", "arrivals", "arrivals.name",
	"arrivals.newcomer", "leaving", "leaving.name", "leaving.when",
	"tasks", "tasks.num", "tasks.text", "tasks.people", "tasks.state",
	"pairs", "pairs.line", "my_pair", "break_tomorrow", "break_day",
	"break_day_suggestions", "tutorial", "topics", "early",
	"leave_day", "applied", "applied.text", "problems", "problems.text",
	NULL
};
static const char *const compose_errorvars[] = {
	"problems", "problems.text", "evaluation", "answers", "answers.id",
	"answers.question", "answers.answer", "interest", "options",
	"options.number", "options.dates", "options.start", "options.end",
	"dates_example", NULL
};
/* The pre-announcement's mail (interest.c fills them): the options, and
 * for the reply to an answer what was recorded. */
static const char *const compose_interestvars[] = {
	"options", "options.number", "options.dates", "options.start",
	"options.end", "dates_example", "name", "answer", "answer.interested",
	"answer.dates", "answer.dates.number", "answer.dates.answer",
	"answer.topics", NULL
};

#define G_PERSON	0x01
#define G_FORM		0x02
#define G_TABLE		0x04
#define G_REPLY		0x08
#define G_ERROR		0x10
#define G_WARN		0x20
#define G_DIGEST	0x40
#define G_INVITE	0x80
#define G_SUMMARY	0x100
#define G_REQUEST	0x200
#define G_WHICH		0x400
#define G_INTEREST	0x800
#define G_SYNC		0x1000
#define G_DAILY		0x2000

/* Each kind of mail: its template and the facts it may use. */
static const struct compose_kind {
	const char	*name;
	int		 groups;
	int		 reply;		/* answers a message (RFC 3834) */
	int		 private;	/* Reply-To: sprintd's own address */
} compose_kinds[] = {
	{ "confirm", G_PERSON | G_FORM | G_TABLE | G_REPLY | G_WARN, 1, 0 },
	{ "error", G_FORM | G_REPLY | G_ERROR, 1, 0 },
	{ "prose", G_FORM | G_REPLY | G_ERROR, 1, 0 },
	{ "cancel", G_PERSON | G_REPLY, 1, 0 },
	{ "not-registered", G_REPLY, 1, 0 },
	{ "promoted", G_PERSON | G_FORM | G_TABLE, 0, 0 },
	{ "announce", 0, 0, 0 },
	{ "remind", G_PERSON | G_FORM | G_TABLE, 0, 0 },
	/* Answers go to the sprint's own address, never to the list. */
	{ "evaluate", G_PERSON, 0, 1 },
	{ "evaluate-remind", G_PERSON, 0, 1 },
	{ "evaluation-list", G_REPLY, 1, 1 },
	{ "evaluation-summary", G_SUMMARY, 0, 0 },
	{ "digest", G_DIGEST, 0, 0 },
	{ "nudge", G_PERSON | G_FORM, 0, 0 },
	{ "invite", G_FORM | G_INVITE, 0, 0 },
	{ "optout", G_REPLY, 1, 0 },
	/* The key to confirm a held request must not reach the list. */
	{ "request", G_REPLY | G_REQUEST, 1, 1 },
	{ "which-sprint", G_REPLY | G_WHICH, 1, 0 },
	/* The pre-announcement to the lists, the reply to an answer, and the
	 * note with the dates once they are fixed. */
	{ "preannounce", G_INTEREST, 0, 0 },
	{ "interest", G_REPLY | G_INTEREST, 1, 0 },
	{ "dates-fixed", G_FORM | G_INTEREST, 0, 0 },
	/* Sync meetings: the confirmation and the digest are personal. */
	{ "sync-invite", G_SYNC, 0, 0 },
	{ "sync-cancel", G_SYNC, 0, 0 },
	{ "sync-confirm", G_SYNC | G_REPLY, 1, 1 },
	{ "sync-digest", G_SYNC, 0, 1 },
	{ "sync-minutes", G_SYNC, 0, 0 },
	/* During the sprint: personal, so a reply proves its sender, and
	 * answered to sprintd, never to the list. */
	{ "daily", G_PERSON | G_DAILY, 0, 1 },
	{ "catchup", G_PERSON | G_DAILY, 0, 1 },
	{ "summary", G_PERSON | G_DAILY, 0, 1 },
	{ "planned", G_PERSON | G_REPLY | G_DAILY, 1, 1 },
};
#define COMPOSE_NKINDS	nitems(compose_kinds)

/* Headers compose writes itself; a template may not. */
static const char *const compose_reserved[] = {
	"From", "To", "Cc", "Bcc", "Sender", "Reply-To", "Message-ID",
	"In-Reply-To", "References", "Auto-Submitted", "Date", "MIME-Version",
	"Content-Type", "Content-Transfer-Encoding", "Return-Path", "X-Loop",
};

struct compose {
	const struct config	*cfg;
	char			*from_name;
	char			*from_addr;
	char			*list_address;
	char			*public_url;	/* ends with '/', or NULL */
	struct render_tmpl	*t[COMPOSE_NKINDS];
};

/*
 * The days the parser accepts around the sprint (parse.c's PARSE_WINDOW,
 * humandate.c's HUMANDATE_SLACK): what the mail says is accepted.
 */
#define COMPOSE_WINDOW		14
/* A waiting list is counted up to this many in a mail. */
#define COMPOSE_COUNT_MAX	1000
/* At most this many attendees are listed in a mail; the rest are counted. */
#define COMPOSE_PEOPLE_MAX	30
/* At most this many warnings are listed (a form has fewer fields). */
#define COMPOSE_WARNINGS_MAX	20

static int
compose_kind(const char *name)
{
	size_t	 i;

	for (i = 0; i < COMPOSE_NKINDS; i++) {
		if (strcmp(compose_kinds[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}

/* The NULL-terminated list of names a kind may use (caller frees). */
static const char **
compose_vars(const struct compose_kind *k)
{
	const char *const	*groups[16];
	const char		**v;
	size_t			 n = 0, ng = 0, g, i;

	groups[ng++] = compose_common;
	if (k->groups & G_PERSON)
		groups[ng++] = compose_person;
	if (k->groups & G_FORM)
		groups[ng++] = compose_form;
	if (k->groups & G_TABLE)
		groups[ng++] = compose_table;
	if (k->groups & G_REPLY)
		groups[ng++] = compose_replyvars;
	if (k->groups & G_ERROR)
		groups[ng++] = compose_errorvars;
	if (k->groups & G_DIGEST)
		groups[ng++] = compose_digestvars;
	if (k->groups & G_WARN)
		groups[ng++] = compose_warnvars;
	if (k->groups & G_INVITE)
		groups[ng++] = compose_invitevars;
	if (k->groups & G_SUMMARY)
		groups[ng++] = compose_summaryvars;
	if (k->groups & G_WHICH)
		groups[ng++] = compose_whichvars;
	if (k->groups & G_REQUEST)
		groups[ng++] = compose_requestvars;
	if (k->groups & G_INTEREST)
		groups[ng++] = compose_interestvars;
	if (k->groups & G_SYNC)
		groups[ng++] = compose_syncvars;
	if (k->groups & G_DAILY)
		groups[ng++] = compose_dailyvars;
	for (g = 0; g < ng; g++) {
		for (i = 0; groups[g][i] != NULL; i++)
			n++;
	}
	v = xcalloc(n + 1, sizeof *v);
	n = 0;
	for (g = 0; g < ng; g++) {
		for (i = 0; groups[g][i] != NULL; i++)
			v[n++] = groups[g][i];
	}
	return v;
}

/* Checks the headers a template writes, with no facts at all. */
static int
compose_check_headers(const struct render_tmpl *t, char **cause)
{
	struct render_val	*root = render_rec_new();
	struct render_out	 out;
	size_t			 i, j;
	int			 r = -1;

	if (render_run(t, root, &out, cause) == -1) {
		render_val_free(&root);
		return -1;
	}
	for (i = 0; i < out.nheaders; i++) {
		for (j = 0; j < nitems(compose_reserved); j++) {
			if (util_strcaseeq(out.headers[i].name,
			    compose_reserved[j])) {
				*cause = xprintf("%s: the header %s is written "
				    "by sprintd, not by a template",
				    render_file(t), compose_reserved[j]);
				goto fail;
			}
		}
	}
	if (render_out_header(&out, "Subject") == NULL) {
		*cause = xprintf("%s: no Subject: line in the header part",
		    render_file(t));
		goto fail;
	}
	r = 0;
fail:
	render_out_clear(&out);
	render_val_free(&root);
	return r;
}

int
compose_init(const struct config *cfg, struct compose **out, char **cause)
{
	struct compose	*c = xcalloc(1, sizeof *c);
	const char	**vars;
	char		*file;
	size_t		 i;
	int		 r;

	if (cfg->from == NULL || message_split_address(cfg->from,
	    &c->from_name, &c->from_addr) == -1 ||
	    !util_addr_valid(c->from_addr)) {
		*cause = xprintf("from: \"%s\" is not \"Name <address>\"",
		    cfg->from != NULL ? cfg->from : "");
		goto fail;
	}
	if (cfg->list_address != NULL)
		c->list_address = xstrdup(cfg->list_address);
	c->cfg = cfg;
	if (cfg->public_url != NULL && *cfg->public_url != '\0')
		c->public_url = xprintf("%s%s", cfg->public_url,
		    cfg->public_url[strlen(cfg->public_url) - 1] == '/' ?
		    "" : "/");
	for (i = 0; i < COMPOSE_NKINDS; i++) {
		vars = compose_vars(&compose_kinds[i]);
		file = xprintf("%s.txt", compose_kinds[i].name);
		r = render_load(cfg->templates, file, vars, &c->t[i], cause);
		free(file);
		free(vars);
		if (r == -1 || compose_check_headers(c->t[i], cause) == -1)
			goto fail;
		log_debug("template %s: %s", compose_kinds[i].name,
		    render_file(c->t[i]));
	}
	*out = c;
	return 0;
fail:
	compose_free(&c);
	return -1;
}

void
compose_free(struct compose **cp)
{
	struct compose	*c = *cp;
	size_t		 i;

	if (c == NULL)
		return;
	for (i = 0; i < COMPOSE_NKINDS; i++)
		render_free(&c->t[i]);
	free(c->from_name);
	free(c->from_addr);
	free(c->list_address);
	free(c->public_url);
	free(c);
	*cp = NULL;
}

static void
compose_iso(struct render_val *v, const char *name, day_t d)
{
	char	 iso[11];

	dates_format_iso(d, iso);
	render_set(v, name, iso);
}

/* The people page of the sprint (public_url SLUG/), or NULL. */
static char *
compose_people_url(const struct compose *c, const struct sprint *s)
{
	if (c->public_url == NULL)
		return NULL;
	return xprintf("%s%s/", c->public_url, s->slug);
}

/* The sprint's facts, which every template may use. */
static void
compose_sprint_facts(struct compose *c, const struct sprint *s,
    struct render_val *root)
{
	struct render_val	*sv = render_sub(root, "sprint"), *item;
	char			*url;
	size_t			 i;

	render_set(sv, "name", s->name);
	render_set(sv, "slug", s->slug);
	compose_iso(sv, "start", s->start);
	compose_iso(sv, "end", s->end);
	if (s->has_break_day)
		compose_iso(sv, "break_day", s->break_day);
	else
		render_set(sv, "break_day", "");
	render_set(sv, "location", s->location);
	render_set(sv, "venue_name", s->venue_name);
	render_set(sv, "venue_address", s->venue_address);
	render_set(sv, "venue_url", s->venue_url);
	if (s->has_recommended_arrival)
		compose_iso(sv, "recommended_arrival", s->recommended_arrival);
	else
		render_set(sv, "recommended_arrival", "");
	render_set(sv, "travel", s->travel);
	render_set(sv, "currency", s->currency);
	render_set(sv, "food", s->food);
	render_setf(sv, "capacity", "%d", s->capacity);
	compose_iso(sv, "window_start", s->start - COMPOSE_WINDOW);
	compose_iso(sv, "window_end", s->end + COMPOSE_WINDOW);
	render_setf(sv, "window_days", "%d", COMPOSE_WINDOW);
	compose_iso(sv, "example_day", s->has_recommended_arrival ?
	    s->recommended_arrival : s->start);
	render_list(root, "goals");
	for (i = 0; i < s->ngoals; i++)
		render_set(render_list_add(root, "goals"), "text", s->goals[i]);
	render_list(root, "organizers");
	for (i = 0; i < s->norganizers; i++) {
		item = render_list_add(root, "organizers");
		render_set(item, "name", s->organizers[i].name);
		render_set(item, "email", s->organizers[i].email);
	}
	render_list(root, "lodgings");
	for (i = 0; i < s->nlodgings; i++) {
		item = render_list_add(root, "lodgings");
		render_set(item, "name", s->lodgings[i].name);
		render_set(item, "note", s->lodgings[i].note);
	}
	render_list(root, "questions");
	for (i = 0; i < s->nquestions; i++) {
		item = render_list_add(root, "questions");
		render_set(item, "id", s->questions[i].id);
		render_set(item, "question", s->questions[i].question);
		render_set_flag(item, "rating",
		    s->questions[i].type == SPRINT_Q_RATING);
	}
	render_list(root, "custom");
	for (i = 0; i < s->nfields; i++) {
		struct buf	 b;
		size_t		 j;
		char		*v;

		item = render_list_add(root, "custom");
		render_set(item, "id", s->fields[i].id);
		render_set(item, "label", s->fields[i].label);
		buf_init(&b, 0);
		for (j = 0; j < s->fields[i].nvalues; j++)
			buf_printf(&b, "%s%s", j > 0 ? ", " : "",
			    s->fields[i].values[j]);
		v = buf_steal(&b, NULL);
		render_set(item, "values", v);
		free(v);
	}
	render_set(root, "list_address", c->list_address);
	url = compose_people_url(c, s);
	render_set(root, "people_url", url != NULL ? url : "");
	free(url);
}

/* Sets a one-line value: mail text cannot add lines to a form block. */
static void
compose_set_line(struct render_val *rec, const char *name, const char *value)
{
	char	*copy = xstrdup(value != NULL ? value : "");

	util_strip_controls(copy);
	render_set(rec, name, copy);
	free(copy);
}

/* A yes/no field as the echoed block writes it: "?" when not known. */
static const char *
compose_yesno(int v)
{
	return v == 1 ? "yes" : v == 0 ? "no" : "?";
}

/* One date of the echoed block: ISO, "?" when tentative, "?" unknown. */
static void
compose_form_day(struct render_val *f, const char *name, const char *iso,
    int local, int tentative)
{
	day_t	 d;

	if (local)
		render_set(f, name, "lives there");
	else if (iso == NULL || dates_parse_iso(iso, &d) == -1)
		render_set(f, name, "?");
	else
		render_setf(f, name, "%s%s", iso, tentative ? "?" : "");
}

/*
 * A person's stay as one phrase for lists: "Sun 7 Jan to Thu 14 Jan",
 * "from Sun 10 Jan (departure not known yet)", "dates not known yet",
 * "lives there"; "(tentative)" when the dates are. Caller frees.
 */
static char *
compose_stay(const struct registry_reg *r)
{
	char	 a[RENDER_DAY_LEN], d[RENDER_DAY_LEN];
	day_t	 x;
	int	 ka, kd;

	if (r->local)
		return xstrdup("lives there");
	if ((ka = r->arrive != NULL && dates_parse_iso(r->arrive, &x) == 0))
		render_day(x, a);
	if ((kd = r->depart != NULL && dates_parse_iso(r->depart, &x) == 0))
		render_day(x, d);
	if (ka && kd)
		return xprintf("%s to %s%s", a, d, r->tentative ?
		    " (tentative)" : "");
	if (ka)
		return xprintf("from %s (%sdeparture not known yet)", a,
		    r->tentative ? "tentative; " : "");
	if (kd)
		return xprintf("until %s (%sarrival not known yet)", d,
		    r->tentative ? "tentative; " : "");
	return xstrdup("dates not known yet");
}

/* The person, their stay in prose, and the block that echoes what was
 * recorded (a block the parser reads back as the same values). */
static void
compose_reg_facts(const struct registry_reg *reg, struct render_val *root)
{
	struct render_val	*f = render_sub(root, "form");
	char			 day[RENDER_DAY_LEN], *stay;
	day_t			 x;
	int			 ka, kd;

	render_set(root, "arrive_day", "");
	render_set(root, "depart_day", "");
	if ((ka = !reg->local && reg->arrive != NULL &&
	    dates_parse_iso(reg->arrive, &x) == 0)) {
		render_day(x, day);
		render_set(root, "arrive_day", day);
	}
	if ((kd = !reg->local && reg->depart != NULL &&
	    dates_parse_iso(reg->depart, &x) == 0)) {
		render_day(x, day);
		render_set(root, "depart_day", day);
	}
	render_set(root, "email", reg->email);
	compose_set_line(root, "name", reg->name);
	render_set(root, "status", reg->status);
	render_set_flag(root, "registered",
	    strcmp(reg->status, "registered") == 0);
	render_set_flag(root, "waiting", strcmp(reg->status, "waiting") == 0);
	render_set_flag(root, "newcomer", reg->newcomer == 1);
	render_set_flag(root, "funding", reg->funding == 1);
	render_set_flag(root, "local", reg->local);
	/* Tentative says something only about a date that is known. */
	render_set_flag(root, "tentative", reg->tentative && (ka || kd));
	render_set_flag(root, "dates_unknown", !reg->local && !ka && !kd);
	stay = compose_stay(reg);
	render_set(root, "stay", stay);
	free(stay);
	compose_set_line(root, "accommodation", reg->accommodation);

	compose_set_line(f, "name", reg->name);
	compose_form_day(f, "arrive", reg->arrive, reg->local,
	    reg->tentative);
	compose_form_day(f, "depart", reg->depart, reg->local,
	    reg->tentative);
	compose_set_line(f, "accommodation", reg->accommodation != NULL &&
	    *reg->accommodation != '\0' ? reg->accommodation : "?");
	render_set(f, "first_sprint", compose_yesno(reg->newcomer));
	render_set(f, "funding", compose_yesno(reg->funding));
	compose_set_line(f, "diet", reg->diet != NULL && *reg->diet != '\0' ?
	    reg->diet : "?");
	compose_set_line(f, "topics", reg->topics);
	render_set(f, "notes", reg->notes);
}

/* The person's values of the sprint's own fields, by the file's labels,
 * in the file's order ("?" for one not given). */
static void
compose_field_facts(const struct sprint *s, const struct registry_reg *reg,
    int first_contact, struct render_val *root)
{
	struct render_val	*item;
	const char		*v;
	size_t			 i, j;

	render_list(root, "fields");
	for (i = 0; i < s->nfields; i++) {
		v = "?";
		for (j = 0; j < reg->nfields; j++)
			if (strcmp(reg->fields[j].id, s->fields[i].id) == 0)
				v = reg->fields[j].value;
		/* A first confirmation echoes no free text (see below). */
		if (first_contact && s->fields[i].nvalues == 0 &&
		    strcmp(v, "?") != 0)
			v = "(recorded; not repeated in this first mail)";
		item = render_list_add(root, "fields");
		render_set(item, "label", s->fields[i].label);
		compose_set_line(item, "value", v);
	}
}

/* The longest name a first confirmation echoes, in bytes of UTF-8. */
#define COMPOSE_FIRST_NAME	64

/*
 * A first confirmation to an address that never proved itself: whoever
 * wrote may not be who the address is, so the mail carries no free text
 * they chose (no notes; the name cut) and says how to undo it.
 */
static void
compose_first_facts(struct render_val *root, const struct registry_reg *reg)
{
	struct render_val	*f = render_sub(root, "form");
	const char		*name = reg->name;
	char			*cut;
	size_t			 n;

	render_set_flag(root, "first", 1);
	render_set(f, "notes", "");
	render_set(f, "topics", "");
	if (name != NULL && strlen(name) > COMPOSE_FIRST_NAME) {
		/* Not inside a UTF-8 sequence. */
		for (n = COMPOSE_FIRST_NAME; n > 0 &&
		    ((unsigned char)name[n] & 0xc0) == 0x80; n--)
			;
		cut = xprintf("%.*s...", (int)n, name);
		render_set(root, "name", cut);
		render_set(f, "name", cut);
		free(cut);
	}
}

/* What the parser could not read, for the person to write again. */
static void
compose_warn_facts(const struct parse_result *res, struct render_val *root)
{
	struct render_val	*item;
	size_t			 i;

	render_list(root, "warnings");
	for (i = 0; res != NULL && i < res->nwarnings &&
	    i < COMPOSE_WARNINGS_MAX; i++) {
		item = render_list_add(root, "warnings");
		compose_set_line(item, "text", res->warnings[i]);
	}
}

/* At most this many names of the waiting list go into a mail. */
#define COMPOSE_WAITING_MAX	25

/*
 * The waiting list, in the order people move up: the first
 * COMPOSE_WAITING_MAX names and how many more there are, so that a reply
 * stays the same size however long the list grows.
 */
static int
compose_waiting(struct store *st, int64_t sprint_id, struct render_val *root,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 n = 0, rc;

	if (store_cached(st, "SELECT name FROM registrations WHERE "
	    "sprint_id = ?1 AND status = 'waiting' ORDER BY id LIMIT ?2",
	    &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int(stmt, 2, COMPOSE_WAITING_MAX + 1);
	sqlite3_bind_int64(stmt, 1, sprint_id);
	render_list(root, "waiting_people");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	    n < COMPOSE_WAITING_MAX) {
		compose_set_line(render_list_add(root, "waiting_people"),
		    "name", (const char *)sqlite3_column_text(stmt, 0));
		n++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(st, "reading the waiting list");
		store_reset(stmt);
		return -1;
	}
	store_reset(stmt);
	if (rc == SQLITE_DONE)
		return 0;
	/* Counted up to a bound: a mail's cost never grows with a waiting
	 * list of thousands ("and 990 or more"). */
	if (store_cached(st, "SELECT count(*) FROM (SELECT 1 FROM "
	    "registrations WHERE sprint_id = ?1 AND status = 'waiting' LIMIT "
	    "?2)", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	sqlite3_bind_int(stmt, 2, COMPOSE_COUNT_MAX);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		rc = sqlite3_column_int(stmt, 0);
		render_setf(root, "waiting_more", "%d%s", rc - n,
		    rc == COMPOSE_COUNT_MAX ? " or more" : "");
	}
	store_reset(stmt);
	return 0;
}

/*
 * The people coming, as lines (the first COMPOSE_PEOPLE_MAX and how many
 * more, so a mail stays the same size however many come), and the
 * headcount on each day of the sprint.
 */
static int
compose_table_facts(struct store *st, int64_t sprint_id,
    const struct sprint *s, struct render_val *root, char **cause)
{
	struct registry_reg	*regs = NULL;
	struct render_val	*item;
	size_t			 n = 0, i, ndays = (size_t)(s->end - s->start + 1);
	day_t			 d;
	char			*stay, day[RENDER_DAY_LEN];
	int			 total, *counts;

	/* Bounded whatever the sprint's size: the first ones, a count,
	 * and the days counted in one pass. */
	if (registry_list_first(st, sprint_id, "registered",
	    COMPOSE_PEOPLE_MAX, &regs, &n, cause) == -1)
		return -1;
	if ((total = registry_count(st, sprint_id, "registered")) == -1) {
		*cause = store_error(st, "counting registrations");
		registry_regs_free(regs, n);
		return -1;
	}
	if (compose_waiting(st, sprint_id, root, cause) == -1) {
		registry_regs_free(regs, n);
		return -1;
	}
	render_list(root, "people");
	for (i = 0; i < n && i < COMPOSE_PEOPLE_MAX; i++) {
		item = render_list_add(root, "people");
		compose_set_line(item, "name", regs[i].name);
		stay = compose_stay(&regs[i]);
		render_set(item, "dates", stay);
		free(stay);
		compose_set_line(item, "accommodation", regs[i].local ? "" :
		    regs[i].accommodation);
	}
	render_setf(root, "people_count", "%d", total);
	if (total > COMPOSE_PEOPLE_MAX)
		render_setf(root, "people_more", "%d",
		    total - COMPOSE_PEOPLE_MAX);
	else
		render_set(root, "people_more", "");
	registry_regs_free(regs, n);
	counts = xcalloc(ndays, sizeof *counts);
	if (registry_day_counts(st, sprint_id, s->start, ndays, counts,
	    cause) == -1) {
		free(counts);
		return -1;
	}
	render_list(root, "days");
	for (d = s->start; d <= s->end; d++) {
		item = render_list_add(root, "days");
		render_day(d, day);
		render_set(item, "date", day);
		render_setf(item, "count", "%d", counts[d - s->start]);
		render_set_flag(item, "is_break",
		    s->has_break_day && d == s->break_day);
	}
	free(counts);
	return 0;
}

/* Does an error name this field ("Arrive: ...", "arrive ...")? */
static int
compose_names(const struct parse_result *res, const char *field)
{
	size_t	 i, len = strlen(field);

	for (i = 0; i < res->nerrors; i++) {
		const char	*e = res->errors[i];

		while (*e == '"' || *e == '\'' || *e == ' ')
			e++;
		if (util_strncaseeq(e, field, len) && (e[len] == ':' ||
		    e[len] == ' ' || e[len] == '"' || e[len] == '\'' ||
		    e[len] == '\0'))
			return 1;
	}
	return 0;
}

/* One date of the error's block: blank when it needs fixing. */
static void
compose_error_day(struct render_val *f, const char *name,
    const struct parse_result *res, int blank, enum dates_state state,
    day_t day)
{
	char	 iso[11];

	if (blank)
		render_set(f, name, "");
	else if (res->local)
		render_set(f, name, "lives there");
	else if (state != DATES_KNOWN)
		render_set(f, name, "?");
	else {
		dates_format_iso(day, iso);
		render_setf(f, name, "%s%s", iso, res->tentative ? "?" : "");
	}
}

/* The problems, and the answers as far as they could be read. */
static void
compose_error_facts(const struct sprint *s, const struct parse_result *res,
    struct render_val *root)
{
	struct render_val	*f = render_sub(root, "form"), *item;
	size_t			 i, j;
	int			 evaluation = res->nanswers > 0;

	render_list(root, "problems");
	for (i = 0; i < res->nerrors; i++)
		compose_set_line(render_list_add(root, "problems"), "text",
		    res->errors[i]);
	/* What could not be read was not used either: say so too. */
	for (i = 0; i < res->nwarnings && i < COMPOSE_WARNINGS_MAX; i++)
		compose_set_line(render_list_add(root, "problems"), "text",
		    res->warnings[i]);
	for (i = 0; i < s->nquestions && !evaluation; i++)
		evaluation = compose_names(res, s->questions[i].id);
	render_set_flag(root, "evaluation", evaluation);
	render_set_flag(root, "interest", res->interest != NULL ||
	    s->dates_open);
	interest_option_facts(s, root);
	render_list(root, "answers");
	for (i = 0; i < s->nquestions; i++) {
		const struct sprint_question	*q = &s->questions[i];

		item = render_list_add(root, "answers");
		render_set(item, "id", q->id);
		render_set(item, "question", q->question);
		render_set(item, "answer", "");
		if (compose_names(res, q->id))
			continue;
		for (j = 0; j < res->nanswers; j++) {
			const struct parse_answer	*a = &res->answers[j];

			if (!util_strcaseeq(a->id, q->id))
				continue;
			if (a->is_rating)
				render_setf(item, "answer", "%d", a->rating);
			else
				render_set(item, "answer", a->text);
		}
	}

	/*
	 * A field named by a problem is blank, to be filled in; one the
	 * message did not give is blank too (a blank line keeps what was
	 * recorded, "?" would overwrite it); one given as unknown is "?".
	 */
	compose_set_line(f, "name", compose_names(res, "name") ||
	    !(res->given & PARSE_HAS_NAME) ? "" : res->name);
	compose_error_day(f, "arrive", res, compose_names(res, "arrive") ||
	    !(res->given & PARSE_HAS_ARRIVE), res->arrive_state, res->arrive);
	compose_error_day(f, "depart", res, compose_names(res, "depart") ||
	    !(res->given & PARSE_HAS_DEPART), res->depart_state, res->depart);
	compose_set_line(f, "accommodation",
	    compose_names(res, "accommodation") ||
	    !(res->given & PARSE_HAS_ACC) ? "" : res->accommodation != NULL ?
	    res->accommodation : "?");
	render_set(f, "first_sprint", compose_names(res, "first sprint") ||
	    !(res->given & PARSE_HAS_NEWCOMER) ? "" :
	    compose_yesno(res->newcomer));
	render_set(f, "funding", compose_names(res, "funding") ||
	    !(res->given & PARSE_HAS_FUNDING) ? "" :
	    compose_yesno(res->funding));
	compose_set_line(f, "diet", compose_names(res, "diet") ||
	    !(res->given & PARSE_HAS_DIET) ? "" : res->diet != NULL ?
	    res->diet : "?");
	compose_set_line(f, "topics", compose_names(res, "topics") ||
	    !(res->given & PARSE_HAS_TOPICS) ? "" : res->topics != NULL ?
	    res->topics : "?");
	render_set(f, "notes", compose_names(res, "notes") ? "" : res->notes);
}

/* The length of the prefix of a list sprintd knows (its own, those the
 * sprint announces to) that p begins with, or 0. */
static size_t
compose_list_prefix(const struct compose *c, const struct sprint *s,
    const char *p)
{
	size_t	 i, n;

	if ((n = listmail_prefix_len(p, c->list_address)) > 0)
		return n;
	for (i = 0; i < s->nannounce_to; i++)
		if ((n = listmail_prefix_len(p, s->announce_to[i])) > 0)
			return n;
	return 0;
}

/* The original subject without its "Re: " prefixes and list prefixes
 * ("Re: [pypy-sprint] Re: ..."), however nested, capped. */
static char *
compose_orig_subject(const struct compose *c, const char *subject,
    const struct sprint *s)
{
	char	*copy, *p, *out;
	size_t	 len, n;

	copy = xstrndup(subject != NULL ? subject : "", COMPOSE_MAX_SUBJECT);
	/* Cut on a UTF-8 boundary. */
	if ((len = strlen(copy)) == COMPOSE_MAX_SUBJECT) {
		while (len > 0 &&
		    ((unsigned char)copy[len - 1] & 0xc0) == 0x80)
			copy[--len] = '\0';
		if (len > 0 && ((unsigned char)copy[len - 1] & 0xc0) == 0xc0)
			copy[--len] = '\0';
	}
	util_strip_controls(copy);
	p = copy;
	for (;;) {
		while (*p == ' ')
			p++;
		if (util_strncaseeq(p, "re:", 3) ||
		    util_strncaseeq(p, "aw:", 3) ||
		    util_strncaseeq(p, "sv:", 3))
			p += 3;
		else if ((n = compose_list_prefix(c, s, p)) > 0)
			p += n;
		else
			break;
	}
	util_trim(p);
	out = xstrdup(*p != '\0' ? p : s->name);
	free(copy);
	return out;
}

/* Is s one sane "<id>", as a threading header may carry it? */
static int
compose_msgid_ok(const char *s, size_t len)
{
	size_t	 i;

	if (len < 3 || len > COMPOSE_MAX_MSGID || s[0] != '<' ||
	    s[len - 1] != '>')
		return 0;
	for (i = 1; i < len - 1; i++) {
		if (s[i] <= ' ' || s[i] > '~' || s[i] == '<' || s[i] == '>')
			return 0;
	}
	return 1;
}

/*
 * References: the original's, then its Message-ID; past the cap the
 * oldest after the first are dropped (RFC 5322 3.6.4 keeps the first).
 */
static char *
compose_references(const char *refs, const char *mid)
{
	const char	*ids[64], *p, *q;
	size_t		 lens[64], n = 0, total = 0, i;
	struct buf	 b;

	for (p = refs; p != NULL && (p = strchr(p, '<')) != NULL; p = q) {
		if ((q = strchr(p, '>')) == NULL)
			break;
		q++;
		if (!compose_msgid_ok(p, (size_t)(q - p)))
			continue;
		if (n == nitems(ids) - 1) {
			memmove(ids + 1, ids + 2, (n - 2) * sizeof *ids);
			memmove(lens + 1, lens + 2, (n - 2) * sizeof *lens);
			n--;
		}
		ids[n] = p;
		lens[n++] = (size_t)(q - p);
	}
	ids[n] = mid;
	lens[n++] = strlen(mid);
	for (i = 0; i < n; i++)
		total += lens[i] + 1;
	while (total > COMPOSE_MAX_REFS && n > 2) {
		total -= lens[1] + 1;
		memmove(ids + 1, ids + 2, (n - 2) * sizeof *ids);
		memmove(lens + 1, lens + 2, (n - 2) * sizeof *lens);
		n--;
	}
	buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addch(&b, ' ');
		buf_add(&b, ids[i], lens[i]);
	}
	return buf_steal(&b, NULL);
}

/* An attachment of a mail. */
struct compose_part {
	char	*type;
	char	*filename;
	char	*data;		/* NULL: none */
};

static void
compose_part_clear(struct compose_part *p)
{
	free(p->type);
	free(p->filename);
	free(p->data);
	memset(p, 0, sizeof *p);
}

/*
 * The calendar a mail of kind about reg carries, if any (calendar.c
 * decides, and records its SEQUENCE in the caller's transaction): 0 with
 * part filled or left empty, -1 with *cause.
 */
static int
compose_calendar(struct compose *c, struct store *st, const char *kind,
    const struct sprint *s, const struct registry_reg *reg,
    struct compose_part *part, char **cause)
{
	enum calendar_method	 method;
	char			*url, *ics;
	int			 r;

	memset(part, 0, sizeof *part);
	if (reg == NULL)
		return 0;
	url = compose_people_url(c, s);
	r = calendar_for_mail(st, kind, s, reg, c->from_name, c->from_addr,
	    url, &ics, &method, cause);
	free(url);
	if (r != 0)
		return r == 1 ? 0 : -1;
	part->type = xprintf("text/calendar; charset=utf-8; method=%s",
	    method == CALENDAR_CANCEL ? "CANCEL" : "PUBLISH");
	part->filename = xprintf("%s.ics", s->slug);
	part->data = ics;
	return 0;
}

/*
 * Renders kind k with root and builds the whole message (CRLF) into
 * *data, carrying Message-ID mid and the Date of now; *subject is the
 * rendered subject; part, when it has data, is attached after the text.
 * 0, or -1 with *cause.
 */
static int
compose_build(struct compose *c, int k, struct render_val *root,
    const char *to, const char *to_name, const struct compose_orig *orig,
    const char *mid, const struct compose_part *part, time_t now,
    char **data, size_t *len, char **subject, char **cause)
{
	const struct compose_kind	*kind = &compose_kinds[k];
	struct render_out		 out;
	struct message			*m = NULL;
	char				*refs = NULL;
	size_t				 i, j;
	int				 r = -1;

	memset(&out, 0, sizeof out);
	if (render_run(c->t[k], root, &out, cause) == -1)
		return -1;
	m = message_new();
	if (message_add_address(m, "From", c->from_name, c->from_addr,
	    cause) == -1 ||
	    message_add_address(m, "To", to_name, to, cause) == -1)
		goto fail;
	for (i = 0; i < out.nheaders; i++) {
		for (j = 0; j < nitems(compose_reserved); j++) {
			if (util_strcaseeq(out.headers[i].name,
			    compose_reserved[j])) {
				*cause = xprintf("%s: the header %s is written "
				    "by sprintd, not by a template",
				    render_file(c->t[k]), compose_reserved[j]);
				goto fail;
			}
		}
		if (message_add_header(m, out.headers[i].name,
		    out.headers[i].value, cause) == -1)
			goto fail;
	}
	if (message_add_header(m, "Message-ID", mid, cause) == -1)
		goto fail;
	if (orig != NULL && orig->message_id != NULL &&
	    compose_msgid_ok(orig->message_id, strlen(orig->message_id))) {
		refs = compose_references(orig->references, orig->message_id);
		if (message_add_header(m, "In-Reply-To", orig->message_id,
		    cause) == -1 ||
		    message_add_header(m, "References", refs, cause) == -1)
			goto fail;
	}
	if (kind->private && message_add_address(m, "Reply-To", c->from_name,
	    c->from_addr, cause) == -1)
		goto fail;
	if (message_add_header(m, "Auto-Submitted", kind->reply ?
	    "auto-replied" : "auto-generated", cause) == -1)
		goto fail;
	/* Should it ever come back, parse knows its own mail by this. */
	if (message_add_header(m, "X-Loop", c->from_addr, cause) == -1)
		goto fail;
	message_set_body(m, out.body);
	if (part != NULL && part->data != NULL && message_attach(m,
	    part->type, part->filename, part->data, cause) == -1)
		goto fail;
	*data = message_finish(m, now, len);
	*subject = render_out_header(&out, "Subject") != NULL ?
	    xstrdup(render_out_header(&out, "Subject")) : NULL;
	r = 0;
fail:
	render_out_clear(&out);
	message_free(&m);
	free(refs);
	return r;
}

/* Renders kind k with root, builds the message (part, when it has data,
 * attached) and queues it; mid NULL makes a new Message-ID. */
static int
compose_send(struct compose *c, struct store *st, int k,
    struct render_val *root, const char *to, const char *to_name,
    int64_t sprint_id, const struct compose_orig *orig, const char *mid,
    const struct compose_part *part, char **cause)
{
	struct outbox_mail	 mail;
	char			*id, *data = NULL, *subject = NULL;
	size_t			 len;
	int			 r = -1;

	/* The Message-ID is made now, so a retry sends the same one. */
	id = mid != NULL ? xstrdup(mid) : message_make_id(c->from_addr);
	if (compose_build(c, k, root, to, to_name, orig, id, part, clock_now(),
	    &data, &len, &subject, cause) == -1)
		goto fail;
	memset(&mail, 0, sizeof mail);
	mail.kind = compose_kinds[k].name;
	mail.sprint_id = sprint_id;
	mail.reply_to = orig != NULL ? orig->msg_id : 0;
	mail.recipient = to;
	mail.subject = subject;
	mail.message_id = id;
	mail.data = data;
	mail.len = len;
	mail.first_contact = orig != NULL && orig->first_contact;
	mail.not_before = orig != NULL ? orig->not_before : 0;
	if (outbox_queue(st, &mail, cause) == -1)
		goto fail;
	log_debug("queued %s %s to %s", mail.kind, id, to);
	r = 0;
fail:
	free(id);
	free(data);
	free(subject);
	return r;
}

/* The sprints open today (not ended), soonest first, for the "which
 * sprint?" reply. */
static int
compose_which_facts(struct store *st, struct render_val *root,
    char **cause)
{
	struct render_val	*item;
	sqlite3_stmt		*stmt;
	char			 today[11];
	int			 rc;

	dates_format_iso((day_t)(clock_now() / 86400), today);
	if (store_prepare(st, "SELECT name, start_date, end_date FROM sprints "
	    "WHERE end_date >= ?1 ORDER BY start_date, id",
	    &stmt, cause) == -1)
		return -1;
	store_bind_text(stmt, 1, today);
	render_list(root, "sprints");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		item = render_list_add(root, "sprints");
		compose_set_line(item, "name",
		    (const char *)sqlite3_column_text(stmt, 0));
		compose_set_line(item, "start",
		    (const char *)sqlite3_column_text(stmt, 1));
		compose_set_line(item, "end",
		    (const char *)sqlite3_column_text(stmt, 2));
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		*cause = store_error(st, "listing the open sprints");
		return -1;
	}
	return 0;
}

/* A mail to an address we cannot write to is skipped, not retried. */
static int
compose_addr_ok(const char *kind, const char *to)
{
	if (to != NULL && util_addr_valid(to) && strlen(to) <= 254)
		return 1;
	log_warn("not sending %s: \"%.80s\" is not a usable address", kind,
	    to != NULL ? to : "(none)");
	return 0;
}

int
compose_reply(struct compose *c, struct store *st, const char *kind,
    const struct sprint *s, int64_t sprint_id, const struct compose_orig *orig,
    const struct parse_result *res, const struct registry_reg *reg,
    char **cause)
{
	struct render_val	*root = NULL;
	struct compose_part	 part;
	char			*subj;
	int			 k = compose_kind(kind), r = -1;

	if (k == -1 || !compose_kinds[k].reply || orig == NULL) {
		*cause = xprintf("no reply of kind \"%s\"", kind);
		return -1;
	}
	if ((compose_kinds[k].groups & G_PERSON) && reg == NULL) {
		*cause = xprintf("a %s reply needs the registration", kind);
		return -1;
	}
	if ((compose_kinds[k].groups & G_ERROR) && res == NULL) {
		*cause = xprintf("a %s reply needs the parse result", kind);
		return -1;
	}
	if (!compose_addr_ok(kind, orig->from))
		return 0;
	root = render_rec_new();
	compose_sprint_facts(c, s, root);
	subj = compose_orig_subject(c, orig->subject, s);
	render_set(root, "orig_subject", subj);
	free(subj);
	if (reg != NULL) {
		compose_reg_facts(reg, root);
		compose_field_facts(s, reg, orig->first_contact, root);
	}
	if (reg != NULL && orig->first_contact)
		compose_first_facts(root, reg);
	if (compose_kinds[k].groups & G_WARN)
		compose_warn_facts(res, root);
	render_set(root, "email", orig->from);
	if ((compose_kinds[k].groups & G_TABLE) &&
	    compose_table_facts(st, sprint_id, s, root, cause) == -1)
		goto fail;
	if (compose_kinds[k].groups & G_ERROR)
		compose_error_facts(s, res, root);
	if ((compose_kinds[k].groups & G_WHICH) &&
	    compose_which_facts(st, root, cause) == -1)
		goto fail;
	if (compose_calendar(c, st, kind, s, reg, &part, cause) == -1)
		goto fail;
	r = compose_send(c, st, k, root, orig->from, NULL, sprint_id, orig,
	    NULL, &part, cause);
	compose_part_clear(&part);
fail:
	render_val_free(&root);
	return r;
}

int
compose_request(struct compose *c, struct store *st, const struct sprint *s,
    int64_t sprint_id, const struct compose_orig *orig, const char *what,
    char *const *changes, size_t n, char **mid, char **cause)
{
	struct render_val	*root;
	char			*subj, hold[16];
	size_t			 i;
	int			 r, k = compose_kind("request");

	*mid = NULL;
	if (!compose_addr_ok("request", orig->from))
		return 1;
	root = render_rec_new();
	compose_sprint_facts(c, s, root);
	subj = compose_orig_subject(c, orig->subject, s);
	render_set(root, "orig_subject", subj);
	free(subj);
	render_set(root, "email", orig->from);
	render_set_flag(root, "update", strcmp(what, "update") == 0);
	render_set_flag(root, "cancel", strcmp(what, "cancel") == 0);
	render_set_flag(root, "optout", strcmp(what, "optout") == 0);
	render_set_flag(root, "evaluation", strcmp(what, "evaluation") == 0);
	snprintf(hold, sizeof hold, "%d", PROOF_HOLD_DAYS);
	render_set(root, "hold_days", hold);
	render_list(root, "changes");
	for (i = 0; i < n; i++)
		compose_set_line(render_list_add(root, "changes"), "text",
		    changes[i]);
	*mid = message_make_id(c->from_addr);
	r = compose_send(c, st, k, root, orig->from, NULL, sprint_id, orig,
	    *mid, NULL, cause);
	render_val_free(&root);
	if (r == -1)
		xfree(mid);
	return r;
}

/*
 * The announcement's Message-ID: the same for a sprint and a list address
 * whenever it is made, so the preview shows the one that goes out and the
 * outbox takes the announcement to a list once.
 */
static char *
compose_announce_id(struct compose *c, const struct sprint *s,
    const char *to)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;	/* FNV-1a */
	const char	*p;
	char		*made, *id;

	for (p = to; *p != '\0'; p++) {
		h ^= (unsigned char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		h *= 0x100000001b3ULL;
	}
	/* The domain part as message_make_id makes it safe. */
	made = message_make_id(c->from_addr);
	id = xprintf("<announce.%s.%016llx%s", s->slug, (unsigned long long)h,
	    strrchr(made, '@'));
	free(made);
	return id;
}

/* The announcement's facts, for one list address. */
static struct render_val *
compose_announce_facts(struct compose *c, const struct sprint *s,
    const char *to)
{
	struct render_val	*root = render_rec_new();

	compose_sprint_facts(c, s, root);
	render_set(root, "email", to);
	return root;
}

int
compose_announce(struct compose *c, struct store *st, const struct sprint *s,
    int64_t sprint_id, const char *to, char **cause)
{
	struct render_val	*root;
	char			*mid;
	int			 r, k = compose_kind("announce");

	if (!compose_addr_ok("announce", to))
		return 0;
	root = compose_announce_facts(c, s, to);
	mid = compose_announce_id(c, s, to);
	r = compose_send(c, st, k, root, to, NULL, sprint_id, NULL, mid,
	    NULL, cause);
	free(mid);
	render_val_free(&root);
	return r;
}

int
compose_announce_text(struct compose *c, const struct sprint *s,
    const char *to, time_t now, char **data, size_t *len, char **cause)
{
	struct render_val	*root;
	char			*mid, *subject = NULL;
	int			 r, k = compose_kind("announce");

	if (to == NULL || !util_addr_valid(to) || strlen(to) > 254) {
		*cause = xprintf("\"%.80s\" is not a usable address: nothing "
		    "goes to it", to != NULL ? to : "(none)");
		return 1;
	}
	root = compose_announce_facts(c, s, to);
	mid = compose_announce_id(c, s, to);
	r = compose_build(c, k, root, to, NULL, NULL, mid, NULL, now, data,
	    len, &subject, cause);
	free(subject);
	free(mid);
	render_val_free(&root);
	return r;
}

/*
 * The mail of kind k to one registered person: the sprint's facts and the
 * person's, the list of people when the kind shows it, and the calendar
 * when it carries one. A notice (notify) also names the sprint as the
 * subject it answers and the person's address, as a reply does.
 */
static int
compose_to_person(struct compose *c, struct store *st, int k,
    const struct sprint *s, int64_t sprint_id, const struct registry_reg *reg,
    int notify, char **cause)
{
	struct render_val	*root;
	struct compose_part	 part;
	int			 r = -1;

	if (!compose_addr_ok(compose_kinds[k].name, reg->email))
		return 0;
	root = render_rec_new();
	compose_sprint_facts(c, s, root);
	compose_reg_facts(reg, root);
	compose_field_facts(s, reg, 0, root);
	if (notify) {
		render_set(root, "orig_subject", s->name);
		render_set(root, "email", reg->email);
	}
	if ((compose_kinds[k].groups & G_TABLE) &&
	    compose_table_facts(st, sprint_id, s, root, cause) == -1)
		goto fail;
	if (compose_calendar(c, st, compose_kinds[k].name, s, reg, &part,
	    cause) == -1)
		goto fail;
	r = compose_send(c, st, k, root, reg->email, reg->name, sprint_id,
	    NULL, NULL, &part, cause);
	compose_part_clear(&part);
fail:
	render_val_free(&root);
	return r;
}

int
compose_personal(struct compose *c, struct store *st, const char *kind,
    const struct sprint *s, int64_t sprint_id, const struct registry_reg *reg,
    char **cause)
{
	int	 k = compose_kind(kind);

	if (k == -1 || compose_kinds[k].reply ||
	    strcmp(kind, "announce") == 0) {
		*cause = xprintf("no personal mail of kind \"%s\"", kind);
		return -1;
	}
	return compose_to_person(c, st, k, s, sprint_id, reg, 0, cause);
}

int
compose_during(struct compose *c, struct store *st, const char *kind,
    const struct sprint *s, int64_t sprint_id, const struct registry_reg *reg,
    const struct compose_orig *orig, struct render_val *root, char **cause)
{
	char	*subj;
	int	 k = compose_kind(kind);

	if (k == -1 || !(compose_kinds[k].groups & G_DAILY) ||
	    compose_kinds[k].reply != (orig != NULL)) {
		*cause = xprintf("no mail of the sprint's week of kind \"%s\"",
		    kind);
		return -1;
	}
	if (!compose_addr_ok(kind, reg->email))
		return 0;
	compose_sprint_facts(c, s, root);
	compose_reg_facts(reg, root);
	render_set(root, "email", reg->email);
	if (orig != NULL) {
		subj = compose_orig_subject(c, orig->subject, s);
		render_set(root, "orig_subject", subj);
		free(subj);
	}
	return compose_send(c, st, k, root, reg->email, reg->name, sprint_id,
	    orig, NULL, NULL, cause);
}

int
compose_notify(struct compose *c, struct store *st, const char *kind,
    const struct sprint *s, int64_t sprint_id, const struct registry_reg *reg,
    char **cause)
{
	int	 k = compose_kind(kind);

	if (k == -1 || (compose_kinds[k].groups & G_ERROR) ||
	    strcmp(kind, "announce") == 0) {
		*cause = xprintf("no mail of kind \"%s\" to notify with", kind);
		return -1;
	}
	return compose_to_person(c, st, k, s, sprint_id, reg, 1, cause);
}

int
compose_invite(struct compose *c, struct store *st, const struct sprint *s,
    int64_t sprint_id, const struct invite_target *t, char **cause)
{
	struct render_val	*root, *f;
	int			 r;

	(void)st;
	if (!compose_addr_ok("invite", t->email))
		return 0;
	root = render_rec_new();
	compose_sprint_facts(c, s, root);
	render_set(root, "email", t->email);
	compose_set_line(root, "name", t->name);
	compose_set_line(root, "last_sprint", t->last_sprint);
	render_set(root, "last_month", t->last_month);
	compose_set_line(root, "listed_in", t->listed_in);
	render_set(root, "listed_month", t->listed_month);
	f = render_sub(root, "form");
	compose_set_line(f, "name", t->name);
	render_set(f, "arrive", "");
	render_set(f, "depart", "");
	render_set(f, "accommodation", "");
	render_set(f, "first_sprint", "no");
	render_set(f, "funding", "");
	render_set(f, "diet", "");
	render_set(f, "topics", "");
	render_set(f, "notes", "");
	r = compose_send(c, st, compose_kind("invite"), root, t->email,
	    NULL, sprint_id, NULL, NULL, NULL, cause);
	render_val_free(&root);
	return r;
}

int
compose_digest(struct compose *c, struct store *st, const struct sprint *s,
    int64_t sprint_id, struct render_val *root, FILE *preview, char **cause)
{
	struct render_out	 out;
	size_t			 i;
	int			 k = compose_kind("digest");

	compose_sprint_facts(c, s, root);
	if (preview != NULL) {
		memset(&out, 0, sizeof out);
		if (render_run(c->t[k], root, &out, cause) == -1)
			return -1;
		for (i = 0; i < out.nheaders; i++)
			fprintf(preview, "%s: %s\n", out.headers[i].name,
			    out.headers[i].value);
		fprintf(preview, "\n%s", out.body);
		render_out_clear(&out);
		return 0;
	}
	for (i = 0; i < s->norganizers; i++) {
		if (!compose_addr_ok("digest", s->organizers[i].email))
			continue;
		render_set(root, "email", s->organizers[i].email);
		if (compose_send(c, st, k, root, s->organizers[i].email,
		    s->organizers[i].name, sprint_id, NULL, NULL, NULL,
		    cause) == -1)
			return -1;
	}
	return 0;
}

int
compose_organizers(struct compose *c, struct store *st, const char *kind,
    const struct sprint *s, int64_t sprint_id, struct render_val *root,
    char **cause)
{
	size_t	 i;
	int	 k = compose_kind(kind);

	if (k == -1 || compose_kinds[k].reply || (compose_kinds[k].groups &
	    (G_PERSON | G_FORM | G_TABLE | G_ERROR))) {
		*cause = xprintf("no organizer mail of kind \"%s\"", kind);
		return -1;
	}
	compose_sprint_facts(c, s, root);
	for (i = 0; i < s->norganizers; i++) {
		const struct sprint_person	*o = &s->organizers[i];

		if (!compose_addr_ok(kind, o->email))
			continue;
		render_set(root, "email", o->email);
		if (compose_send(c, st, k, root, o->email, o->name, sprint_id,
		    NULL, NULL, NULL, cause) == -1)
			return -1;
	}
	return 0;
}

int
compose_mail(struct compose *c, struct store *st, const char *kind,
    const struct sprint *s, int64_t sprint_id, const char *to,
    const char *to_name, const struct compose_orig *orig,
    struct render_val *root, char **cause)
{
	int	 k = compose_kind(kind);

	if (k == -1 || !(compose_kinds[k].groups & G_INTEREST) ||
	    (compose_kinds[k].reply && orig == NULL)) {
		*cause = xprintf("no mail of kind \"%s\" to compose so", kind);
		return -1;
	}
	if (!compose_addr_ok(kind, to))
		return 0;
	compose_sprint_facts(c, s, root);
	render_set(root, "email", to);
	if (orig != NULL) {
		char	*subj = compose_orig_subject(c, orig->subject, s);

		render_set(root, "orig_subject", subj);
		free(subj);
	}
	return compose_send(c, st, k, root, to, to_name, sprint_id, orig,
	    NULL, NULL, cause);
}

int
compose_sync(struct compose *c, struct store *st, const char *kind,
    struct render_val *root, const char *to, const char *to_name,
    const struct compose_orig *orig, char **mid, char **cause)
{
	int	 k = compose_kind(kind);
	int	 r;

	*mid = NULL;
	if (k == -1 || !(compose_kinds[k].groups & G_SYNC)) {
		*cause = xprintf("no sync mail of kind \"%s\"", kind);
		return -1;
	}
	if (!compose_addr_ok(kind, to))
		return 1;
	if (c->list_address != NULL)
		render_set(root, "list_address", c->list_address);
	render_set(root, "email", to);
	if (orig != NULL) {
		char	*subject = xstrndup(orig->subject != NULL ?
		    orig->subject : "", COMPOSE_MAX_SUBJECT);

		util_strip_controls(subject);
		while (util_strncaseeq(subject, "re:", 3))
			memmove(subject, subject + 3 + (subject[3] == ' '),
			    strlen(subject + 3 + (subject[3] == ' ')) + 1);
		render_set(root, "orig_subject", subject);
		free(subject);
	}
	*mid = message_make_id(c->from_addr);
	r = compose_send(c, st, k, root, to, to_name, 0, orig, *mid, NULL,
	    cause);
	if (r == -1) {
		free(*mid);
		*mid = NULL;
	}
	return r;
}

const struct config *
compose_config(const struct compose *c)
{
	return c->cfg;
}
