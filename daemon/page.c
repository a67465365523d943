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

/* page.c -- the published people page and people.txt. */
#include "config-auto.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "daily.h"
#include "log.h"
#include "page.h"
#include "plan.h"
#include "people.h"
#include "peoplelist.h"
#include "util.h"

/* No page grows past this, whatever the store holds. */
#define PAGE_MAX		(16u * 1024 * 1024)
/* The chart's geometry, in SVG user units: it scales with the width. */
#define PAGE_COL		36	/* one day */
#define PAGE_LEFT		26	/* room for the scale */
#define PAGE_TOP		14	/* room for the numbers over bars */
#define PAGE_HEIGHT		120	/* the tallest bar */
#define PAGE_BOTTOM		32	/* two lines of labels */
#define PAGE_BAR		13
#define PAGE_COLOR_DAY		"#2f6db5"
#define PAGE_COLOR_NIGHT	"#7a4fa3"
#define PAGE_COLOR_OUT		"#ececec"
#define PAGE_COLOR_BREAK	"#fbecb5"

static const char *const page_wdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri",
    "Sat", "Sun" };
static const char *const page_months[] = { "Jan", "Feb", "Mar", "Apr",
    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* A capped buffer that remembers whether anything was dropped. */
struct page_out {
	struct buf	 b;
	int		 full;
};

static void
page_str(struct page_out *o, const char *s)
{
	if (buf_addstr(&o->b, s) == -1)
		o->full = 1;
}

static void PRINTFLIKE(2, 3)
page_printf(struct page_out *o, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvprintf(fmt, ap);
	va_end(ap);
	page_str(o, s);
	free(s);
}

/* Text or an attribute value, escaped; control characters dropped. */
static void
page_esc(struct page_out *o, const char *s)
{
	char		*c = xstrdup(s != NULL ? s : "");
	const char	*p;
	char		 one[2] = { 0, 0 };

	util_strip_controls(c);
	for (p = c; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			page_str(o, "&amp;");
			break;
		case '<':
			page_str(o, "&lt;");
			break;
		case '>':
			page_str(o, "&gt;");
			break;
		case '"':
			page_str(o, "&quot;");
			break;
		case '\'':
			page_str(o, "&#39;");
			break;
		default:
			one[0] = *p;
			page_str(o, one);
		}
	}
	free(c);
}

/* "Thu 7 Jan", or "?" for a day not known (or not readable). */
static void
page_day(const char *iso, char out[16])
{
	day_t	 d;

	if (iso == NULL || dates_parse_iso(iso, &d) == -1)
		snprintf(out, 16, "?");
	else
		people_day_text(d, out);
}

/* One row of the people table. */
static void
page_person(struct page_out *o, const struct registry_reg *r)
{
	char	 a[16], d[16];
	int	 mark;

	page_str(o, "<tr><td>");
	page_esc(o, r->name != NULL && *r->name != '\0' ? r->name : "?");
	if (r->local)
		page_str(o, "</td><td colspan=\"2\">lives there</td><td>");
	else {
		page_day(r->arrive, a);
		page_day(r->depart, d);
		/* As people.txt marks them: a "?" after a tentative date. */
		mark = r->tentative;
		page_printf(o, "</td><td>%s%s</td><td>%s%s</td><td>", a,
		    mark && strcmp(a, "?") != 0 ? "?" : "", d,
		    mark && strcmp(d, "?") != 0 ? "?" : "");
	}
	if (r->accommodation != NULL && *r->accommodation != '\0')
		page_esc(o, r->accommodation);
	else
		page_str(o, r->local ? "--" : "?");
	page_str(o, "</td></tr>\n");
}

/* "2 there (1 with a "?" date), 1 sleeps there" */
static void
page_day_title(struct page_out *o, const struct people_day *d)
{
	char	 day[16];

	people_day_text(d->day, day);
	page_printf(o, "<title>%s%s: %d there", day, d->is_break ?
	    " (break day)" : !d->in_sprint ? " (outside the sprint)" : "",
	    d->present);
	if (d->assumed > 0)
		page_printf(o, " (%d with a &quot;?&quot; date)", d->assumed);
	page_printf(o, ", %d sleep%s there</title>", d->sleeping,
	    d->sleeping == 1 ? "s" : "");
}

/* One bar with its number over it. */
static void
page_bar(struct page_out *o, int x, int count, int max, const char *color,
    const char *cls)
{
	int	 h = count * PAGE_HEIGHT / max;

	page_printf(o, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" "
	    "height=\"%d\" fill=\"%s\"/>", cls, x, PAGE_TOP + PAGE_HEIGHT - h,
	    PAGE_BAR, h, color);
	if (count > 0)
		page_printf(o, "<text x=\"%d\" y=\"%d\" font-size=\"9\" "
		    "text-anchor=\"middle\">%d</text>", x + PAGE_BAR / 2,
		    PAGE_TOP + PAGE_HEIGHT - h - 3, count);
}

/*
 * The chart: for each day a column with a bar for who is there that day
 * and one for who sleeps there the night after; days outside the sprint
 * grey, the break day yellow, as the legend above it says.
 */
static void
page_chart(struct page_out *o, const struct people_counts *c)
{
	const struct people_day	*d;
	size_t			 i;
	int			 max = 1, x, w, h, y, m, dd;

	for (i = 0; i < c->ndays; i++) {
		if (c->days[i].present > max)
			max = c->days[i].present;
	}
	w = PAGE_LEFT + (int)c->ndays * PAGE_COL + 4;
	h = PAGE_TOP + PAGE_HEIGHT + PAGE_BOTTOM;
	page_printf(o, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" "
	    "width=\"100%%\" role=\"img\" aria-labelledby=\"chart-title\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" "
	    "font-family=\"sans-serif\">\n<title id=\"chart-title\">People "
	    "there each day and night</title>\n", w, h);
	/* The scale: the baseline and the largest count. */
	page_printf(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#888\"/>\n<text x=\"%d\" y=\"%d\" font-size=\"10\" "
	    "text-anchor=\"end\">%d</text>\n<text x=\"%d\" y=\"%d\" "
	    "font-size=\"10\" text-anchor=\"end\">0</text>\n", PAGE_LEFT,
	    PAGE_TOP + PAGE_HEIGHT, w, PAGE_TOP + PAGE_HEIGHT, PAGE_LEFT - 4,
	    PAGE_TOP + 4, max, PAGE_LEFT - 4, PAGE_TOP + PAGE_HEIGHT);
	for (i = 0; i < c->ndays; i++) {
		d = &c->days[i];
		x = PAGE_LEFT + (int)i * PAGE_COL;
		page_printf(o, "<g class=\"day%s\">", d->is_break ? " break" :
		    !d->in_sprint ? " outside" : "");
		page_day_title(o, d);
		if (d->is_break || !d->in_sprint)
			page_printf(o, "<rect x=\"%d\" y=\"0\" width=\"%d\" "
			    "height=\"%d\" fill=\"%s\"/>", x, PAGE_COL,
			    PAGE_TOP + PAGE_HEIGHT, d->is_break ?
			    PAGE_COLOR_BREAK : PAGE_COLOR_OUT);
		page_bar(o, x + 4, d->present, max, PAGE_COLOR_DAY, "there");
		page_bar(o, x + 5 + PAGE_BAR, d->sleeping, max,
		    PAGE_COLOR_NIGHT, "night");
		dates_to_ymd(d->day, &y, &m, &dd);
		page_printf(o, "<text x=\"%d\" y=\"%d\" font-size=\"10\" "
		    "text-anchor=\"middle\">%s</text><text x=\"%d\" y=\"%d\" "
		    "font-size=\"10\" text-anchor=\"middle\">%d %s</text>",
		    x + PAGE_COL / 2, PAGE_TOP + PAGE_HEIGHT + 13,
		    page_wdays[dates_weekday(d->day)], x + PAGE_COL / 2,
		    PAGE_TOP + PAGE_HEIGHT + 26, dd,
		    page_months[m - 1]);
		page_str(o, "</g>\n");
	}
	page_str(o, "</svg>\n");
}

/* "Fri 8 Jan 2027" */
static void
page_day_year(struct page_out *o, day_t day)
{
	char	 t[16];
	int	 y, m, d;

	people_day_text(day, t);
	dates_to_ymd(day, &y, &m, &d);
	page_printf(o, "%s %d", t, y);
}

static void
page_facts(struct page_out *o, const struct page_data *p)
{
	const struct sprint	*s = p->sprint;
	char			 t[16];
	struct tm		 tm;
	const char		*url = s->venue_url;

	page_str(o, "<ul class=\"facts\">\n<li><strong>When:</strong> ");
	page_day_year(o, s->start);
	page_str(o, " to ");
	page_day_year(o, s->end);
	if (s->has_break_day) {
		people_day_text(s->break_day, t);
		page_printf(o, " (break day: %s)", t);
	}
	page_str(o, "</li>\n<li><strong>Where:</strong> ");
	/* A link only for a web address: the file is the organizer's, the
	 * page everyone's. */
	if (url != NULL && (strncmp(url, "https://", 8) == 0 ||
	    strncmp(url, "http://", 7) == 0)) {
		page_str(o, "<a href=\"");
		page_esc(o, url);
		page_str(o, "\">");
		page_esc(o, s->venue_name != NULL ? s->venue_name : url);
		page_str(o, "</a>");
	} else
		page_esc(o, s->venue_name);
	if (s->venue_address != NULL && *s->venue_address != '\0') {
		page_str(o, s->venue_name != NULL ? ", " : "");
		page_esc(o, s->venue_address);
	}
	if (s->location != NULL && *s->location != '\0') {
		page_str(o, s->venue_name != NULL || s->venue_address != NULL ?
		    ", " : "");
		page_esc(o, s->location);
	}
	page_str(o, "</li>\n");
	if (s->has_recommended_arrival) {
		people_day_text(s->recommended_arrival, t);
		page_printf(o, "<li><strong>Recommended arrival:</strong> "
		    "%s</li>\n", t);
	}
	page_printf(o, "<li><strong>Places:</strong> %zu of %d taken; ",
	    p->nregs, s->capacity);
	if (p->nwaiting == 0)
		page_str(o, "nobody is on the waiting list");
	else
		page_printf(o, "%zu %s on the waiting list", p->nwaiting,
		    p->nwaiting == 1 ? "person is" : "people are");
	page_str(o, "</li>\n</ul>\n");
	if (gmtime_r(&p->updated, &tm) != NULL) {
		people_day_text(dates_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday), t);
		page_printf(o, "<p class=\"updated\">Updated %s %d, "
		    "%02d:%02d UTC.</p>\n", t, tm.tm_year + 1900, tm.tm_hour,
		    tm.tm_min);
	}
}

int
page_html(const struct page_data *p, char **out, char **cause)
{
	const struct sprint	*s = p->sprint;
	struct people_counts	 c;
	struct page_out		 o;
	size_t			 i;
	int			 tentative = 0;

	buf_init(&o.b, PAGE_MAX);
	o.full = 0;
	page_str(&o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<title>People coming to the ");
	page_esc(&o, s->name);
	page_str(&o, "</title>\n<style>\n"
	    "body { font-family: system-ui, sans-serif; line-height: 1.4; "
	    "color: #222; background: #fff; max-width: 50em; margin: 0 auto; "
	    "padding: 0.8em; }\n"
	    "h1 { font-size: 1.5em; margin: 0.3em 0; }\n"
	    "h2 { font-size: 1.2em; margin-top: 1.4em; }\n"
	    "ul.facts { padding-left: 1.2em; }\n"
	    "table { border-collapse: collapse; width: 100%; }\n"
	    "th, td { text-align: left; vertical-align: top; "
	    "padding: 0.25em 0.4em; border-bottom: 1px solid #ccc; }\n"
	    "td { overflow-wrap: anywhere; }\n"
	    "th { border-bottom: 2px solid #888; font-size: 0.9em; }\n"
	    "svg.chart { display: block; width: 100%; height: auto; }\n"
	    ".key span { display: inline-block; width: 0.9em; height: 0.9em; "
	    "vertical-align: middle; margin: 0 0.3em 0 0.8em; "
	    "border: 1px solid #999; }\n"
	    ".key span:first-child { margin-left: 0; }\n"
	    ".updated, .note { color: #555; font-size: 0.9em; }\n"
	    "</style>\n</head>\n<body>\n<h1>");
	page_esc(&o, s->name);
	page_str(&o, "</h1>\n");
	page_facts(&o, p);

	page_str(&o, "<h2>People coming</h2>\n");
	if (p->nregs == 0)
		page_str(&o, "<p>Nobody has registered yet.</p>\n");
	else {
		page_str(&o, "<table class=\"people\">\n<thead><tr><th>Name"
		    "</th><th>Arrives</th><th>Leaves</th><th>Accommodation"
		    "</th></tr></thead>\n<tbody>\n");
		for (i = 0; i < p->nregs; i++) {
			page_person(&o, &p->regs[i]);
			tentative |= p->regs[i].tentative;
		}
		page_str(&o, "</tbody>\n</table>\n<p class=\"note\">A "
		    "&quot;?&quot; stands for what is not known yet");
		page_str(&o, tentative ? "; a &quot;?&quot; after a date "
		    "marks it as tentative.</p>\n" : ".</p>\n");
	}

	people_count(s, p->regs, p->nregs, &c);
	page_printf(&o, "<h2>Who is there</h2>\n<p class=\"key\">"
	    "<span style=\"background:%s\"></span>there by day"
	    "<span style=\"background:%s\"></span>sleeping there the night "
	    "after<span style=\"background:%s\"></span>outside the sprint",
	    PAGE_COLOR_DAY, PAGE_COLOR_NIGHT, PAGE_COLOR_OUT);
	if (s->has_break_day)
		page_printf(&o, "<span style=\"background:%s\"></span>break "
		    "day", PAGE_COLOR_BREAK);
	page_str(&o, "</p>\n");
	page_chart(&o, &c);
	if (c.unknown > 0)
		page_printf(&o, "<p class=\"note\">%d %s without a known date "
		    "%s counted from the sprint's first day or to its last."
		    "</p>\n", c.unknown, c.unknown == 1 ? "person" : "people",
		    c.unknown == 1 ? "is" : "are");
	people_counts_clear(&c);
	page_str(&o, "<p class=\"note\">The same list as text: <a "
	    "href=\"people.txt\">people.txt</a>. Written by sprintd.</p>\n"
	    "</body>\n</html>\n");
	if (o.full) {
		buf_free(&o.b);
		*cause = xprintf("the page is larger than %u bytes", PAGE_MAX);
		return -1;
	}
	*out = buf_steal(&o.b, NULL);
	return 0;
}

/*
 * Under publish_dir nothing is opened through a symbolic link: the slug
 * directory and the files in it are reached from a directory descriptor
 * with O_NOFOLLOW, and a link planted in their place is refused (the
 * directory) or replaced by the file, never written through. publish_dir
 * itself is the organizer's and may be a link.
 */

/* 1 when name in dirfd is a regular file of exactly data, 0 otherwise
 * (missing, different, a link). */
static int
page_same(int dirfd, const char *name, const char *data, size_t len)
{
	struct stat	 sb;
	char		*old;
	ssize_t		 n;
	size_t		 got = 0;
	int		 fd, same = 0;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK);
	if (fd == -1)
		return 0;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    (uintmax_t)sb.st_size != (uintmax_t)len) {
		close(fd);
		return 0;
	}
	old = xmalloc(len + 1);
	while (got < len + 1) {
		n = read(fd, old + got, len + 1 - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	same = got == len && memcmp(old, data, len) == 0;
	free(old);
	close(fd);
	return same;
}

/* fsync of a directory, so that a rename or mkdir in it lasts. */
static int
page_sync_fd(int fd, const char *dir, char **cause)
{
	if (fsync(fd) == -1) {
		*cause = xprintf("%s: fsync: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* A temporary file's name: ".NAME.PID.N"; the PID tells page_clean
 * whether its writer may still be at work. */
#define PAGE_TMP_TRIES	100

static int
page_write_at(int dirfd, const char *dir, const char *name,
    const char *data, size_t len, char **cause)
{
	static unsigned	 seq;
	char		*tmp = NULL;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd = -1, i;

	if (page_same(dirfd, name, data, len))
		return 1;
	for (i = 0; i < PAGE_TMP_TRIES; i++) {
		free(tmp);
		tmp = xprintf(".%s.%ld.%u", name, (long)getpid(), seq++);
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd != -1 || errno != EEXIST)
			break;
	}
	if (fd == -1) {
		*cause = xprintf("%s/%s: %s", dir, tmp, strerror(errno));
		xfree(&tmp);
		goto fail;
	}
	/* The web server reads it, whatever the umask. */
	if (fchmod(fd, 0644) == -1) {
		*cause = xprintf("%s/%s: chmod: %s", dir, tmp, strerror(errno));
		goto fail;
	}
	while (off < len) {
		if ((n = write(fd, data + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			*cause = xprintf("%s/%s: %s", dir, tmp,
			    strerror(errno));
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(fd) == -1) {
		*cause = xprintf("%s/%s: fsync: %s", dir, tmp, strerror(errno));
		goto fail;
	}
	if (close(fd) == -1) {
		fd = -1;
		*cause = xprintf("%s/%s: %s", dir, tmp, strerror(errno));
		goto fail;
	}
	fd = -1;
	/* A link in name's place is replaced, not followed. */
	if (renameat(dirfd, tmp, dirfd, name) == -1) {
		*cause = xprintf("%s/%s: %s", dir, name, strerror(errno));
		goto fail;
	}
	xfree(&tmp);
	return page_sync_fd(dirfd, dir, cause);
fail:
	if (fd != -1)
		close(fd);
	if (tmp != NULL)
		unlinkat(dirfd, tmp, 0);
	free(tmp);
	return -1;
}

int
page_write_file(const char *dir, const char *name, const char *data,
    size_t len, char **cause)
{
	int	 fd, r;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		*cause = xprintf("%s: %s", dir, strerror(errno));
		return -1;
	}
	r = page_write_at(fd, dir, name, data, len, cause);
	close(fd);
	return r;
}

/*
 * Opens publish_dir/slug, making it (0755, whatever the umask) unless it
 * is there; a symbolic link or anything but a directory in its place is
 * refused. The descriptor, or -1 with *cause.
 */
static int
page_open_slug(const char *pub, const char *slug, char **cause)
{
	struct stat	 sb;
	int		 pfd, fd = -1, made = 0;

	if ((pfd = open(pub, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		*cause = xprintf("%s: %s", pub, strerror(errno));
		return -1;
	}
	for (;;) {
		fd = openat(pfd, slug, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (fd != -1 || errno != ENOENT || made)
			break;
		if (mkdirat(pfd, slug, 0755) == -1 && errno != EEXIST)
			break;
		made = 1;
	}
	if (fd == -1) {
		if (errno == ELOOP || errno == ENOTDIR)
			*cause = xprintf("%s/%s: not a directory (a symbolic "
			    "link is never followed there)", pub, slug);
		else
			*cause = xprintf("%s/%s: %s", pub, slug,
			    strerror(errno));
		goto fail;
	}
	if (fstat(fd, &sb) == -1 || ((sb.st_mode & 07777) != 0755 &&
	    fchmod(fd, 0755) == -1)) {
		*cause = xprintf("%s/%s: chmod: %s", pub, slug,
		    strerror(errno));
		goto fail;
	}
	if (made && page_sync_fd(pfd, pub, cause) == -1)
		goto fail;
	close(pfd);
	return fd;
fail:
	if (fd != -1)
		close(fd);
	close(pfd);
	return -1;
}

int
page_publish(const struct config *cfg, const char *slug, const char *name,
    const char *data, size_t len, char **cause)
{
	int	 fd, r;

	if (cfg == NULL || cfg->publish_dir == NULL ||
	    *cfg->publish_dir == '\0')
		return 2;
	if ((fd = page_open_slug(cfg->publish_dir, slug, cause)) == -1)
		return -1;
	r = page_write_at(fd, cfg->publish_dir, name, data, len, cause);
	close(fd);
	return r;
}

/* 1 when a temporary file's name is one page_write_at left behind and no
 * living writer holds it (or one of an older sprintd, without a PID). */
static int
page_stale(const char *name)
{
	static const char *const files[] = { "index.html", "people.txt",
	    "planning.txt" };
	const char	*p;
	char		*end;
	long		 pid;
	size_t		 i, n;

	if (name[0] != '.')
		return 0;
	for (i = 0; i < nitems(files); i++) {
		n = strlen(files[i]);
		if (strncmp(name + 1, files[i], n) == 0 && name[n + 1] == '.')
			break;
	}
	if (i == nitems(files))
		return 0;
	p = name + strlen(files[i]) + 2;
	errno = 0;
	pid = strtol(p, &end, 10);
	if (end == p || *end != '.' || errno != 0 || pid <= 0)
		return strlen(p) == 6 && strchr(p, '.') == NULL;
	if (pid == (long)getpid())
		return 1;
	return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

/* Removes the stale temporary files of one slug directory. */
static void
page_clean_dir(int pfd, const char *pub, const char *slug)
{
	struct dirent	*e;
	DIR		*dp;
	char		*cause = NULL;
	int		 fd, removed = 0;

	fd = openat(pfd, slug, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return;
	if ((dp = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((e = readdir(dp)) != NULL) {
		if (!page_stale(e->d_name))
			continue;
		if (unlinkat(fd, e->d_name, 0) == 0) {
			log_info("%s/%s: removed the temporary file %s left "
			    "behind", pub, slug, e->d_name);
			removed = 1;
		}
	}
	if (removed && page_sync_fd(fd, slug, &cause) == -1) {
		log_warn("the people pages: %s", cause);
		free(cause);
	}
	closedir(dp);
}

void
page_clean_all(const struct config *cfg)
{
	struct dirent	*e;
	struct stat	 sb;
	DIR		*dp;
	int		 pfd;

	if (cfg == NULL || cfg->publish_dir == NULL ||
	    *cfg->publish_dir == '\0')
		return;
	if ((pfd = open(cfg->publish_dir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		return;
	if ((dp = fdopendir(dup(pfd))) == NULL) {
		close(pfd);
		return;
	}
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.' || fstatat(pfd, e->d_name, &sb,
		    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISDIR(sb.st_mode))
			continue;
		page_clean_dir(pfd, cfg->publish_dir, e->d_name);
	}
	closedir(dp);
	close(pfd);
}

/* The newest change of the sprint or its registrations, for "Updated". */
static int
page_updated(struct store *st, int64_t sprint_id, time_t *out, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*v;
	int		 rc;

	if (store_prepare(st, "SELECT max(t) FROM (SELECT updated_at AS t "
	    "FROM sprints WHERE id = ?1 UNION ALL SELECT updated_at FROM "
	    "registrations WHERE sprint_id = ?1)", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, sprint_id);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		*cause = store_error(st, "reading when the sprint changed");
		sqlite3_finalize(stmt);
		return -1;
	}
	v = (const char *)sqlite3_column_text(stmt, 0);
	if (v == NULL || clock_parse_utc(v, out) == -1)
		*out = clock_now();
	sqlite3_finalize(stmt);
	return 0;
}

int
page_write(struct store *st, const struct config *cfg, int64_t sprint_id,
    char **cause)
{
	struct sprint		*s = NULL;
	struct registry_reg	*regs = NULL, *wait = NULL;
	struct page_data	 p;
	size_t			 nregs = 0, nwait = 0;
	char			*dir = NULL, *html = NULL, *txt = NULL;
	char			*plan = NULL;
	int			 r = -1, fd = -1;

	if (cfg == NULL || cfg->publish_dir == NULL ||
	    *cfg->publish_dir == '\0')
		return 1;
	/* Relaxed commits not yet durable: never ahead of the data (the
	 * daemon writes the pages once they are). */
	if (!store_durable(st))
		return 2;
	if ((r = registry_sprint_get_id(st, sprint_id, &s, cause)) != 0) {
		if (r == 1)
			*cause = xprintf("no sprint with id %lld",
			    (long long)sprint_id);
		return -1;
	}
	r = -1;
	if (*s->slug == '\0' || strchr(s->slug, '/') != NULL ||
	    s->slug[0] == '.') {
		*cause = xprintf("\"%s\" cannot name a directory", s->slug);
		goto fail;
	}
	memset(&p, 0, sizeof p);
	if (registry_list(st, sprint_id, "registered", &regs, &nregs,
	    cause) == -1 ||
	    registry_list(st, sprint_id, "waiting", &wait, &nwait,
	    cause) == -1 ||
	    page_updated(st, sprint_id, &p.updated, cause) == -1)
		goto fail;
	p.sprint = s;
	p.regs = regs;
	p.nregs = nregs;
	p.nwaiting = nwait;
	/*
	 * people.txt is the public rst of report.c: what `sprintctl people
	 * --format rst` prints but for the waiting list, a count as here.
	 */
	if (page_html(&p, &html, cause) == -1 ||
	    peoplelist_public(st, sprint_id, s, &txt, cause) == -1 ||
	    plan_text_store(st, sprint_id, s, daily_today(s, clock_now()),
	    &plan, cause) == -1)
		goto fail;
	dir = xprintf("%s/%s", cfg->publish_dir, s->slug);
	if ((fd = page_open_slug(cfg->publish_dir, s->slug, cause)) == -1 ||
	    page_write_at(fd, dir, "people.txt", txt, strlen(txt),
	    cause) == -1 ||
	    page_write_at(fd, dir, "index.html", html, strlen(html),
	    cause) == -1 ||
	    page_write_at(fd, dir, "planning.txt", plan, strlen(plan),
	    cause) == -1)
		goto fail;
	log_debug("%s: the people page is written in %s", s->slug, dir);
	r = 0;
fail:
	if (fd != -1)
		close(fd);
	registry_regs_free(regs, nregs);
	registry_regs_free(wait, nwait);
	sprint_free(&s);
	free(dir);
	free(html);
	free(txt);
	free(plan);
	return r;
}

void
page_update(struct store *st, const struct config *cfg, int64_t sprint_id)
{
	char	*cause = NULL;

	if (page_write(st, cfg, sprint_id, &cause) == -1) {
		log_warn("the people page: %s", cause);
		free(cause);
	}
}

void
page_update_all(struct store *st, const struct config *cfg)
{
	struct registry_sprint_row	*rows = NULL;
	size_t				 n = 0, i;
	char				*cause = NULL;

	if (cfg == NULL || cfg->publish_dir == NULL ||
	    *cfg->publish_dir == '\0')
		return;
	if (registry_sprint_list(st, &rows, &n, &cause) == -1) {
		log_warn("the people pages: %s", cause);
		free(cause);
		return;
	}
	for (i = 0; i < n; i++)
		page_update(st, cfg, rows[i].id);
	registry_sprint_rows_free(rows, n);
}
