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
/* clock.c -- now, UTC times, time zones and local times. */
#include "config-auto.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "util.h"

time_t
clock_now(void)
{
	static char	 last[32];
	static time_t	 last_t;
	const char	*env = getenv("SPRINTD_NOW");
	time_t		 t;

	if (env == NULL || *env == '\0')
		return time(NULL);
	/* Tests step through time: each value is parsed once, not at every
	 * call (a few for every message and every mail). */
	if (strcmp(env, last) == 0)
		return last_t;
	if (clock_parse_utc(env, &t) != 0)
		return time(NULL);
	if (strlen(env) < sizeof last) {
		memcpy(last, env, strlen(env) + 1);
		last_t = t;
	}
	return t;
}

int
clock_parse_utc(const char *s, time_t *out)
{
	struct tm	 tm;
	const char	*end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (end == NULL || (strcmp(end, "Z") != 0 && strcmp(end, "") != 0))
		return -1;
	*out = timegm(&tm);
	return 0;
}

void
clock_format_utc(time_t t, char out[21])
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
clock_zone_known(const char *tz)
{
	const char	*dir = getenv("TZDIR");
	struct stat	 st;
	char		*path, magic[4];
	int		 fd, ok = 0;

	if (*tz == '\0' || *tz == '/' || strstr(tz, "..") != NULL ||
	    strpbrk(tz, " \t") != NULL)
		return 0;
	path = xprintf("%s/%s", dir != NULL ? dir : "/usr/share/zoneinfo", tz);
	if ((fd = open(path, O_RDONLY | O_NONBLOCK)) != -1) {
		ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    read(fd, magic, sizeof magic) == (ssize_t)sizeof magic &&
		    memcmp(magic, "TZif", sizeof magic) == 0;
		close(fd);
	}
	free(path);
	return ok;
}

/*
 * The C library reads zones only through TZ: clock_zone_enter sets it for
 * a call (returning what it was, to give to clock_zone_leave, which puts
 * it back).
 */
static char *
clock_zone_enter(const char *tz)
{
	char	*old, *spec;

	old = getenv("TZ") != NULL ? xstrdup(getenv("TZ")) : NULL;
	spec = xprintf(":%s", tz);
	setenv("TZ", spec, 1);
	free(spec);
	tzset();
	return old;
}

static void
clock_zone_leave(char *old)
{
	if (old != NULL)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
}

int
clock_local_to_utc(const char *tz, int y, int mo, int d, int h, int mi,
    time_t *out)
{
	struct tm	 tm, back;
	char		*old;
	time_t		 t;
	int		 ok;

	if (!clock_zone_known(tz))
		return -1;
	old = clock_zone_enter(tz);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	/* mktime normalizes a time in a DST gap; such a time does not
	 * exist, so refuse it rather than move it. */
	ok = t != (time_t)-1 && localtime_r(&t, &back) != NULL &&
	    back.tm_hour == h && back.tm_min == mi && back.tm_mday == d;
	clock_zone_leave(old);
	if (!ok)
		return -1;
	*out = t;
	return 0;
}

int
clock_utc_to_local(const char *tz, time_t t, char out[40])
{
	struct tm	 tm;
	char		*old;
	int		 ok;

	if (!clock_zone_known(tz))
		return -1;
	old = clock_zone_enter(tz);
	ok = localtime_r(&t, &tm) != NULL &&
	    strftime(out, 40, "%Y-%m-%d %H:%M %Z", &tm) > 0;
	clock_zone_leave(old);
	return ok ? 0 : -1;
}

void
clock_local_or_utc(const char *tz, time_t t, char out[40])
{
	if (clock_utc_to_local(tz, t, out) == -1) {
		clock_format_utc(t, out);
		memcpy(out + 20, " UTC", 5);
	}
}

void
clock_format_local(const char *tz, time_t t, const char *fmt, char *out,
    size_t size)
{
	struct tm	 tm;
	char		*old;

	old = clock_zone_enter(tz);
	if (localtime_r(&t, &tm) == NULL || strftime(out, size, fmt, &tm) == 0)
		snprintf(out, size, "?");
	clock_zone_leave(old);
}

time_t
clock_from_fields(int y, int mo, int d, int h, int mi, int s, int zone)
{
	struct tm	 tm;
	time_t		 t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	if (tm.tm_year < 70 || (t = timegm(&tm)) == (time_t)-1)
		return 0;
	return t - ((zone / 100) * 3600 + (zone % 100) * 60);
}
