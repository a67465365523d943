/* ctl_report.c -- sprintctl people and sprintctl evaluation. */
#include "config-auto.h"

#include <stdlib.h>

#include "ctl.h"
#include "log.h"
#include "registry.h"
#include "report.h"
#include "util.h"

typedef int (*ctl_report_fn)(struct store *, int64_t, const struct sprint *,
    enum report_format, char **, char **);

/* Prints one report of the sprint slug: people or the evaluation. */
static int
ctl_report(struct store *st, const char *slug, const char *format,
    int people, FILE *out)
{
	ctl_report_fn		 fn;
	struct sprint		*s = NULL;
	enum report_format	 f;
	char			*text = NULL, *cause = NULL;
	int64_t			 id;
	int			 r;

	if (report_format_parse(format, &f) == -1 ||
	    (people && f == REPORT_TEXT) ||
	    (!people && f != REPORT_TEXT && f != REPORT_JSON)) {
		log_error("unknown format \"%s\"", format);
		return CTL_USAGE;
	}
	fn = people ? report_people : report_evaluation;
	if ((r = ctl_get_sprint(st, slug, &s, &id)) != CTL_OK)
		return r;
	if (fn(st, id, s, f, &text, &cause) == -1) {
		log_error("%s: %s", slug, cause);
		free(cause);
		sprint_free(&s);
		return CTL_FAIL;
	}
	r = fputs(text, out) == EOF || fflush(out) == EOF;
	if (r)
		log_error("writing the report failed");
	free(text);
	sprint_free(&s);
	return r ? CTL_FAIL : CTL_OK;
}

int
ctl_people(struct store *st, const char *slug, const char *format, FILE *out)
{
	return ctl_report(st, slug, format, 1, out);
}

int
ctl_evaluation(struct store *st, const char *slug, const char *format,
    FILE *out)
{
	return ctl_report(st, slug, format, 0, out);
}
