/* ctl_status.c -- sprintctl status: the daemon's health, read back. */
#include "config-auto.h"

#include <stdlib.h>

#include "ctl.h"
#include "log.h"
#include "status.h"

int
ctl_status(struct store *st, int poll_interval, int json, FILE *out)
{
	struct status	*s = NULL;
	char		*cause = NULL;
	int		 r;

	if (status_read(st, poll_interval, &s, &cause) == -1)
		goto fail;
	r = json ? status_print_json(s, out, &cause) :
	    status_print_text(s, out, &cause);
	if (r == -1)
		goto fail;
	r = status_healthy(s) ? CTL_OK : CTL_FAIL;
	status_free(&s);
	return r;
fail:
	log_error("status: %s", cause);
	free(cause);
	status_free(&s);
	return CTL_FAIL;
}
