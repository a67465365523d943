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

/* render.c -- templates: parsed and checked once, rendered many times. */
#include "config-auto.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dates.h"
#include "render.h"
#include "util.h"

#ifndef SPRINTD_DATADIR
#define SPRINTD_DATADIR "/usr/local/share/sprintd"
#endif

#define RENDER_MAX_FILE		(256 * 1024)
#define RENDER_MAX_BODY		(1024 * 1024)
#define RENDER_MAX_HEADERS	32
#define RENDER_MAX_TAG		200
#define RENDER_MAX_DEPTH	16
#define RENDER_MAX_PAD		200

enum rv_type { RV_STR, RV_REC, RV_LIST };

struct render_field {
	char			*name;
	struct render_val	*v;
};

struct render_val {
	enum rv_type		 type;
	char			*str;
	struct render_field	*fields;
	size_t			 nfields;
	struct render_val	**items;
	size_t			 nitems;
};

enum node_type { N_TEXT, N_VAR, N_IF, N_EACH };

struct node {
	enum node_type	 type;
	int		 line;
	int		 header;	/* in the header part: header escaping */
	char		*text;		/* the literal, or the name */
	size_t		 pad;
	char		 rule;		/* |rule:C: C as wide as the value */
	int		 date;		/* |date: "YYYY-MM-DD" as "Sun 7 Jan" */
	struct node	*child;		/* if: then part; each: the body */
	struct node	*alt;		/* if: else part */
	struct node	*next;
};

struct render_tmpl {
	char		*file;
	struct node	*head;		/* the header part */
	struct node	*body;
};

/* Values. */

static struct render_val *
rv_new(enum rv_type type)
{
	struct render_val	*v = xcalloc(1, sizeof *v);

	v->type = type;
	return v;
}

struct render_val *
render_rec_new(void)
{
	return rv_new(RV_REC);
}

void
render_val_free(struct render_val **vp)
{
	struct render_val	*v = *vp;
	size_t			 i;

	if (v == NULL)
		return;
	free(v->str);
	for (i = 0; i < v->nfields; i++) {
		free(v->fields[i].name);
		render_val_free(&v->fields[i].v);
	}
	free(v->fields);
	for (i = 0; i < v->nitems; i++)
		render_val_free(&v->items[i]);
	free(v->items);
	free(v);
	*vp = NULL;
}

static struct render_val *
rv_field(const struct render_val *rec, const char *name, size_t len)
{
	size_t	 i;

	if (rec == NULL || rec->type != RV_REC)
		return NULL;
	for (i = 0; i < rec->nfields; i++) {
		if (strlen(rec->fields[i].name) == len &&
		    memcmp(rec->fields[i].name, name, len) == 0)
			return rec->fields[i].v;
	}
	return NULL;
}

/* Puts v under name, replacing what was there. */
static struct render_val *
rv_put(struct render_val *rec, const char *name, struct render_val *v)
{
	size_t	 i;

	for (i = 0; i < rec->nfields; i++) {
		if (strcmp(rec->fields[i].name, name) == 0) {
			render_val_free(&rec->fields[i].v);
			rec->fields[i].v = v;
			return v;
		}
	}
	rec->fields = xreallocarray(rec->fields, rec->nfields + 1,
	    sizeof *rec->fields);
	rec->fields[rec->nfields].name = xstrdup(name);
	rec->fields[rec->nfields++].v = v;
	return v;
}

void
render_set(struct render_val *rec, const char *name, const char *value)
{
	struct render_val	*v = rv_new(RV_STR);

	v->str = xstrdup(value != NULL ? value : "");
	rv_put(rec, name, v);
}

void
render_setf(struct render_val *rec, const char *name, const char *fmt, ...)
{
	struct render_val	*v = rv_new(RV_STR);
	va_list			 ap;

	va_start(ap, fmt);
	v->str = xvprintf(fmt, ap);
	va_end(ap);
	rv_put(rec, name, v);
}

void
render_set_flag(struct render_val *rec, const char *name, int flag)
{
	render_set(rec, name, flag ? "yes" : "");
}

struct render_val *
render_sub(struct render_val *rec, const char *name)
{
	struct render_val	*v = rv_field(rec, name, strlen(name));

	if (v != NULL && v->type == RV_REC)
		return v;
	return rv_put(rec, name, rv_new(RV_REC));
}

void
render_list(struct render_val *rec, const char *name)
{
	struct render_val	*v = rv_field(rec, name, strlen(name));

	if (v == NULL || v->type != RV_LIST)
		rv_put(rec, name, rv_new(RV_LIST));
}

struct render_val *
render_list_add(struct render_val *rec, const char *name)
{
	struct render_val	*l, *item;

	render_list(rec, name);
	l = rv_field(rec, name, strlen(name));
	item = rv_new(RV_REC);
	l->items = xreallocarray(l->items, l->nitems + 1, sizeof *l->items);
	l->items[l->nitems++] = item;
	return item;
}

/* Parsing. */

struct parser {
	const char		*file;
	const char		*start;
	const char		*p;
	const char		*end;
	int			 line;
	const char *const	*vars;
	char			*scopes[RENDER_MAX_DEPTH];
	size_t			 nscopes;
	char			*cause;
};

enum term { T_EOF, T_ELSE, T_ENDIF, T_ENDEACH };

static void
node_free(struct node *n)
{
	struct node	*next;

	for (; n != NULL; n = next) {
		next = n->next;
		free(n->text);
		node_free(n->child);
		node_free(n->alt);
		free(n);
	}
}

static void
parse_error(struct parser *ps, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (ps->cause != NULL)
		return;
	va_start(ap, fmt);
	msg = xvprintf(fmt, ap);
	va_end(ap);
	ps->cause = xprintf("%s:%d: %s", ps->file, line, msg);
	free(msg);
}

/* Appends a node to a list, merging adjacent text. */
static void
node_append(struct node ***tailp, struct node **last, struct node *n)
{
	if (n->type == N_TEXT && *last != NULL && (*last)->type == N_TEXT) {
		char	*t = xprintf("%s%s", (*last)->text, n->text);

		free((*last)->text);
		(*last)->text = t;
		free(n->text);
		free(n);
		return;
	}
	**tailp = n;
	*tailp = &n->next;
	*last = n;
}

static int
declared(const struct parser *ps, const char *name)
{
	size_t	 i;

	for (i = 0; ps->vars[i] != NULL; i++) {
		if (strcmp(ps->vars[i], name) == 0)
			return 1;
	}
	return 0;
}

/* Checks name against the declared names, innermost loop first. */
static int
check_name(struct parser *ps, const char *name, int line, char **full)
{
	struct buf	 b;
	const char	*s;
	size_t		 i;

	for (s = name; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
		    (*s == '.' && s != name && s[1] != '\0' && s[1] != '.')))
			break;
	}
	if (*name == '\0' || *s != '\0') {
		parse_error(ps, line, "bad variable name \"%s\"", name);
		return -1;
	}
	for (i = ps->nscopes; i > 0; i--) {
		char	*c = xprintf("%s.%s", ps->scopes[i - 1], name);

		if (declared(ps, c)) {
			if (full != NULL)
				*full = c;
			else
				free(c);
			return 0;
		}
		free(c);
	}
	if (declared(ps, name)) {
		if (full != NULL)
			*full = xstrdup(name);
		return 0;
	}
	buf_init(&b, 0);
	for (i = 0; ps->vars[i] != NULL; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", ps->vars[i]);
	parse_error(ps, line, "unknown variable \"%s\" (this template may use: "
	    "%s)", name, b.data != NULL ? b.data : "");
	buf_free(&b);
	return -1;
}

/* Is [from, to) only blanks? */
static int
blank_span(const char *from, const char *to)
{
	for (; from < to; from++) {
		if (*from != ' ' && *from != '\t')
			return 0;
	}
	return 1;
}

static int parse_list(struct parser *, struct node **, enum term *, int *);

/*
 * Reads one tag at ps->p (just past "{{"); tag_start is its "{{". On a
 * standalone line the line's indentation is cut from *text and the line
 * end is skipped.
 */
static int
parse_tag(struct parser *ps, const char *tag_start, struct node **text,
    struct node **outn, enum term *term, int *is_term)
{
	const char	*close, *ls, *after;
	char		*tag, *arg, *bar;
	int		 line = ps->line, block;
	struct node	*n = NULL;
	enum term	 sub;
	int		 subline;

	*outn = NULL;
	*is_term = 0;
	close = NULL;
	if ((size_t)(ps->end - ps->p) >= 2) {
		const char	*q;

		for (q = ps->p; q + 1 < ps->end; q++) {
			if (q[0] == '}' && q[1] == '}') {
				close = q;
				break;
			}
		}
	}
	if (close == NULL) {
		parse_error(ps, line, "\"{{\" is not closed by \"}}\"");
		return -1;
	}
	if (ps->p[0] != '!' && close - ps->p > RENDER_MAX_TAG) {
		parse_error(ps, line, "tag too long");
		return -1;
	}
	tag = xstrndup(ps->p, (size_t)(close - ps->p));
	for (arg = tag; arg < tag + strlen(tag); arg++) {
		if (*arg == '\n')
			ps->line++;
	}
	util_trim(tag);
	after = close + 2;

	block = tag[0] == '!' || tag[0] == '#' || tag[0] == '/' ||
	    strcmp(tag, "else") == 0;
	if (block) {
		const char	*e;

		for (ls = tag_start; ls > ps->start && ls[-1] != '\n'; ls--)
			;
		for (e = after; e < ps->end && (*e == ' ' || *e == '\t'); e++)
			;
		if (blank_span(ls, tag_start) && (e == ps->end || *e == '\n')) {
			if (*text != NULL) {
				size_t	 tl = strlen((*text)->text);

				(*text)->text[tl - (size_t)(tag_start - ls)] =
				    '\0';
			}
			after = e < ps->end ? e + 1 : e;
			if (e < ps->end)
				ps->line++;
		}
	}
	ps->p = after;

	if (tag[0] == '!') {
		free(tag);
		return 0;
	}
	if (strcmp(tag, "else") == 0 || strcmp(tag, "/if") == 0 ||
	    strcmp(tag, "/each") == 0) {
		*term = tag[1] == 'l' ? T_ELSE : tag[1] == 'i' ? T_ENDIF :
		    T_ENDEACH;
		*is_term = 1;
		free(tag);
		return 0;
	}
	n = xcalloc(1, sizeof *n);
	n->line = line;
	if (strncmp(tag, "#if ", 4) == 0 || strncmp(tag, "#each ", 6) == 0) {
		int	 is_each = tag[1] == 'e';
		char	*full = NULL;

		arg = tag + (is_each ? 6 : 4);
		util_trim(arg);
		n->type = is_each ? N_EACH : N_IF;
		n->text = xstrdup(arg);
		if (check_name(ps, arg, line, &full) == -1)
			goto fail;
		if (is_each) {
			if (ps->nscopes == RENDER_MAX_DEPTH) {
				free(full);
				parse_error(ps, line, "loops nested too deep");
				goto fail;
			}
			ps->scopes[ps->nscopes++] = full;
		} else
			free(full);
		if (parse_list(ps, &n->child, &sub, &subline) == -1)
			goto fail_scope;
		if (!is_each && sub == T_ELSE &&
		    parse_list(ps, &n->alt, &sub, &subline) == -1)
			goto fail_scope;
		if (sub != (is_each ? T_ENDEACH : T_ENDIF)) {
			if (sub == T_EOF)
				parse_error(ps, line, "{{%s}} is not closed by "
				    "{{/%s}}", tag, is_each ? "each" : "if");
			else
				parse_error(ps, subline, "{{%s}} where {{/%s}} "
				    "closes {{%s}} of line %d", sub == T_ELSE ?
				    "else" : sub == T_ENDIF ? "/if" : "/each",
				    is_each ? "each" : "if", tag, line);
			goto fail_scope;
		}
		if (is_each)
			free(ps->scopes[--ps->nscopes]);
		free(tag);
		*outn = n;
		return 0;
fail_scope:
		if (is_each)
			free(ps->scopes[--ps->nscopes]);
		goto fail;
	}
	if (tag[0] == '#' || tag[0] == '/' || tag[0] == '>' || tag[0] == '&' ||
	    tag[0] == '^' || tag[0] == '{') {
		parse_error(ps, line, "unknown directive \"{{%s}}\" (known: "
		    "{{#if x}}, {{else}}, {{/if}}, {{#each x}}, {{/each}}, "
		    "{{! comment}}, {{x}}, {{x|pad:N}}, {{x|date}})", tag);
		goto fail;
	}
	n->type = N_VAR;
	if ((bar = strchr(tag, '|')) != NULL) {
		char		*f = bar + 1, *ep;
		unsigned long	 w;

		*bar = '\0';
		util_trim(tag);
		util_trim(f);
		if (strncmp(f, "rule:", 5) == 0 && f[5] > ' ' &&
		    f[5] < 0x7f && f[6] == '\0')
			n->rule = f[5];
		else if (strcmp(f, "date") == 0)
			n->date = 1;
		else if (strncmp(f, "pad:", 4) != 0 || f[4] < '0' ||
		    f[4] > '9' || (w = strtoul(f + 4, &ep, 10)) == 0 ||
		    *ep != '\0' || w > RENDER_MAX_PAD) {
			parse_error(ps, line, "unknown filter \"%s\" (known: "
			    "pad:N, N from 1 to %d; rule:C; date)", f,
			    RENDER_MAX_PAD);
			goto fail;
		} else
			n->pad = w;
	}
	n->text = xstrdup(tag);
	if (check_name(ps, tag, line, NULL) == -1)
		goto fail;
	free(tag);
	*outn = n;
	return 0;
fail:
	free(tag);
	node_free(n);
	return -1;
}

/* Parses nodes up to the end or a terminating tag ({{else}}, {{/..}}). */
static int
parse_list(struct parser *ps, struct node **out, enum term *term, int *tline)
{
	struct node	*head = NULL, **tail = &head, *last = NULL, *text, *n;
	const char	*q, *tag;
	int		 is_term;

	*term = T_EOF;
	for (;;) {
		tag = NULL;
		for (q = ps->p; q + 1 < ps->end; q++) {
			if (q[0] == '{' && q[1] == '{') {
				tag = q;
				break;
			}
		}
		text = NULL;
		q = tag != NULL ? tag : ps->end;
		if (q > ps->p) {
			const char	*c;

			text = xcalloc(1, sizeof *text);
			text->type = N_TEXT;
			text->line = ps->line;
			text->text = xstrndup(ps->p, (size_t)(q - ps->p));
			for (c = ps->p; c < q; c++) {
				if (*c == '\n')
					ps->line++;
			}
		}
		if (tag == NULL) {
			if (text != NULL)
				node_append(&tail, &last, text);
			ps->p = ps->end;
			break;
		}
		ps->p = tag + 2;
		*tline = ps->line;
		if (parse_tag(ps, tag, &text, &n, term, &is_term) == -1) {
			node_free(text);
			goto fail;
		}
		if (text != NULL)
			node_append(&tail, &last, text);
		if (is_term)
			break;
		if (n != NULL)
			node_append(&tail, &last, n);
	}
	*out = head;
	return 0;
fail:
	node_free(head);
	return -1;
}

static void
mark_header(struct node *n)
{
	for (; n != NULL; n = n->next) {
		n->header = 1;
		mark_header(n->child);
		mark_header(n->alt);
	}
}

int
render_parse(const char *file, const char *text, size_t len,
    const char *const *vars, struct render_tmpl **out, char **cause)
{
	struct parser	 ps;
	struct node	*all = NULL, **pp, *n, *prev;
	enum term	 term;
	int		 tline;
	char		*split;

	memset(&ps, 0, sizeof ps);
	ps.file = file;
	ps.start = ps.p = text;
	ps.end = text + len;
	ps.line = 1;
	ps.vars = vars;
	if (memchr(text, '\0', len) != NULL) {
		*cause = xprintf("%s: holds a NUL byte", file);
		return -1;
	}
	if (parse_list(&ps, &all, &term, &tline) == -1)
		goto fail;
	if (term != T_EOF) {
		parse_error(&ps, tline, "{{%s}} without its opening block",
		    term == T_ELSE ? "else" : term == T_ENDIF ? "/if" :
		    "/each");
		goto fail;
	}
	/* The header part ends at the first blank line outside blocks. */
	for (pp = &all, prev = NULL; (n = *pp) != NULL; prev = n,
	    pp = &n->next) {
		if (n->type != N_TEXT)
			continue;
		/* A line of its own after a block, or at the very start. */
		if (n->text[0] == '\n' && (prev == NULL || prev->type == N_IF ||
		    prev->type == N_EACH)) {
			split = n->text;
			break;
		}
		if ((split = strstr(n->text, "\n\n")) != NULL) {
			split++;
			break;
		}
	}
	if (n == NULL) {
		ps.cause = xprintf("%s: no blank line between the headers "
		    "(Subject: ...) and the body", file);
		goto fail;
	}
	*out = xcalloc(1, sizeof **out);
	(*out)->file = xstrdup(file);
	/* n's text up to split stays in the header part; the rest, after
	 * the blank line, starts the body. */
	{
		struct node	*b = xcalloc(1, sizeof *b);

		b->type = N_TEXT;
		b->line = n->line;
		b->text = xstrdup(split + 1);
		b->next = n->next;
		n->next = NULL;
		*split = '\0';
		(*out)->body = b;
		(*out)->head = all;
	}
	mark_header((*out)->head);
	return 0;
fail:
	node_free(all);
	*cause = ps.cause != NULL ? ps.cause : xprintf("%s: cannot parse", file);
	return -1;
}

static int
file_exists(const char *path)
{
	struct stat	 sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

int
render_load(const char *override_dir, const char *name,
    const char *const *vars, struct render_tmpl **out, char **cause)
{
	const char	*env = getenv("SPRINTD_TEMPLATES");
	const char	*dirs[3];
	struct stat	 sb;
	char		*path = NULL, *data = NULL;
	size_t		 i, n = 0, len;
	int		 r = -1;

	if (strchr(name, '/') != NULL || name[0] == '.') {
		*cause = xprintf("bad template name \"%s\"", name);
		return -1;
	}
	if (override_dir != NULL && *override_dir != '\0')
		dirs[n++] = override_dir;
	if (env != NULL && *env != '\0')
		dirs[n++] = env;
	dirs[n++] = SPRINTD_DATADIR "/templates";
	for (i = 0; i < n; i++) {
		free(path);
		path = xprintf("%s/%s", dirs[i], name);
		if (file_exists(path))
			break;
		/* Something there that is not a file was meant as one: say
		 * so rather than fall back to the shipped template. */
		if (lstat(path, &sb) == 0) {
			*cause = xprintf("%s: not a regular file", path);
			goto fail;
		}
		if (errno != ENOENT && errno != ENOTDIR) {
			*cause = xprintf("%s: %s", path, strerror(errno));
			goto fail;
		}
	}
	if (i == n) {
		*cause = xprintf("template %s not found in %s%s%s%s%s", name,
		    dirs[0], n > 1 ? ", " : "", n > 1 ? dirs[1] : "",
		    n > 2 ? ", " : "", n > 2 ? dirs[2] : "");
		goto fail;
	}
	if (util_read_file(path, RENDER_MAX_FILE, &data, &len, cause) == -1)
		goto fail;
	r = render_parse(path, data, len, vars, out, cause);
fail:
	free(data);
	free(path);
	return r;
}

void
render_free(struct render_tmpl **tp)
{
	struct render_tmpl	*t = *tp;

	if (t == NULL)
		return;
	free(t->file);
	node_free(t->head);
	node_free(t->body);
	free(t);
	*tp = NULL;
}

const char *
render_file(const struct render_tmpl *t)
{
	return t->file;
}

/* Rendering. */

static const char *const render_wdays[] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};
static const char *const render_months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

void
render_day(day_t day, char out[RENDER_DAY_LEN])
{
	int	 y, m, d;

	dates_to_ymd(day, &y, &m, &d);
	snprintf(out, RENDER_DAY_LEN, "%s %d %s",
	    render_wdays[dates_weekday(day)], d, render_months[m - 1]);
}

const char *
render_human_date(const char *iso, char out[RENDER_DAY_LEN])
{
	day_t	 day;

	if (dates_parse_iso(iso, &day) == -1)
		return iso;
	render_day(day, out);
	return out;
}

struct scope {
	const struct render_val	*stack[RENDER_MAX_DEPTH + 1];
	size_t			 n;
};

static const struct render_val *
lookup(const struct scope *sc, const char *name)
{
	const struct render_val	*v = NULL;
	const char		*dot = strchr(name, '.');
	size_t			 i, len = dot ? (size_t)(dot - name) :
	    strlen(name);

	for (i = sc->n; i > 0 && v == NULL; i--)
		v = rv_field(sc->stack[i - 1], name, len);
	while (v != NULL && dot != NULL) {
		name = dot + 1;
		dot = strchr(name, '.');
		len = dot ? (size_t)(dot - name) : strlen(name);
		v = rv_field(v, name, len);
	}
	return v;
}

static int
truthy(const struct render_val *v)
{
	if (v == NULL)
		return 0;
	switch (v->type) {
	case RV_STR:
		return v->str[0] != '\0';
	case RV_LIST:
		return v->nitems != 0;
	default:
		return 1;
	}
}

/*
 * Appends s through util_clean, the filter of every output: headers lose
 * every control, bodies keep LF and TAB; no C1 or bidirectional control
 * from mail reaches a mail.
 */
static int
add_value(struct buf *b, const char *s, int header, size_t pad)
{
	struct buf	 t;
	char		*v;
	const char	*p;
	size_t		 cols = 0, i;
	int		 r = 0;

	v = util_clean_dup(s, header ? UTIL_CLEAN_UTF8 : UTIL_CLEAN_LF |
	    UTIL_CLEAN_TAB | UTIL_CLEAN_UTF8);
	buf_init(&t, RENDER_MAX_BODY);
	for (p = v; *p != '\0'; p++) {
		unsigned char	 c = (unsigned char)*p;

		if ((c == '\t' || c == '\n') && pad)
			c = ' ';
		if (pad != 0 && (c & 0xc0) != 0x80 && ++cols >= pad) {
			cols--;
			break;
		}
		if (buf_addch(&t, (char)c) == -1) {
			r = -1;
			goto fail;
		}
	}
	for (i = cols; i < pad; i++)
		buf_addch(&t, ' ');
	r = t.len ? buf_add(b, t.data, t.len) : 0;
fail:
	buf_free(&t);
	free(v);
	return r;
}

/* Appends c once per character of s as add_value writes it (a title's
 * underline). */
static int
add_rule(struct buf *b, const char *s, char c)
{
	char		*v = util_clean_dup(s, UTIL_CLEAN_UTF8);
	const char	*p;
	int		 r = 0;

	for (p = v; *p != '\0' && r == 0; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80)
			r = buf_addch(b, c);
	}
	free(v);
	return r;
}

static int
run_nodes(const struct node *n, struct scope *sc, struct buf *b)
{
	const struct render_val	*v;
	char			 human[RENDER_DAY_LEN];
	size_t			 i;

	for (; n != NULL; n = n->next) {
		switch (n->type) {
		case N_TEXT:
			if (buf_addstr(b, n->text) == -1)
				return -1;
			break;
		case N_VAR:
			v = lookup(sc, n->text);
			if (n->date) {
				if (add_value(b, render_human_date(v != NULL &&
				    v->type == RV_STR ? v->str : "", human),
				    n->header, n->pad) == -1)
					return -1;
			} else if (n->rule != 0) {
				if (add_rule(b, v != NULL && v->type ==
				    RV_STR ? v->str : "", n->rule) == -1)
					return -1;
			} else if (add_value(b, v != NULL && v->type ==
			    RV_STR ? v->str : "", n->header, n->pad) == -1)
				return -1;
			break;
		case N_IF:
			if (run_nodes(truthy(lookup(sc, n->text)) ? n->child :
			    n->alt, sc, b) == -1)
				return -1;
			break;
		case N_EACH:
			v = lookup(sc, n->text);
			if (v == NULL || v->type != RV_LIST ||
			    sc->n > RENDER_MAX_DEPTH)
				break;
			for (i = 0; i < v->nitems; i++) {
				sc->stack[sc->n++] = v->items[i];
				if (run_nodes(n->child, sc, b) == -1)
					return -1;
				sc->n--;
			}
			break;
		}
	}
	return 0;
}

int
render_run(const struct render_tmpl *t, const struct render_val *root,
    struct render_out *out, char **cause)
{
	struct scope	 sc;
	struct buf	 b;
	char		*line, *next, *colon, *name;

	memset(out, 0, sizeof *out);
	memset(&sc, 0, sizeof sc);
	sc.stack[sc.n++] = root;
	buf_init(&b, RENDER_MAX_BODY);
	if (run_nodes(t->head, &sc, &b) == -1 || buf_addch(&b, '\0') == -1)
		goto toolong;
	for (line = b.data; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		util_trim(line);
		if (*line == '\0')
			continue;
		colon = strchr(line, ':');
		for (name = line; colon != NULL && name < colon; name++) {
			if (*name <= ' ' || *name > '~')
				break;
		}
		if (colon == NULL || colon == line || name != colon) {
			*cause = xprintf("%s: the header line \"%.60s\" is not "
			    "\"Name: value\"", t->file, line);
			goto fail;
		}
		if (out->nheaders == RENDER_MAX_HEADERS) {
			*cause = xprintf("%s: too many header lines", t->file);
			goto fail;
		}
		*colon = '\0';
		out->headers = xreallocarray(out->headers, out->nheaders + 1,
		    sizeof *out->headers);
		out->headers[out->nheaders].name = xstrdup(line);
		out->headers[out->nheaders].value = xstrdup(colon + 1);
		util_trim(out->headers[out->nheaders].value);
		util_strip_controls(out->headers[out->nheaders++].value);
	}
	buf_reset(&b);
	if (run_nodes(t->body, &sc, &b) == -1)
		goto toolong;
	out->body = b.data != NULL ? buf_steal(&b, NULL) : xstrdup("");
	buf_free(&b);
	return 0;
toolong:
	*cause = xprintf("%s: the mail would be longer than %d bytes", t->file,
	    RENDER_MAX_BODY);
fail:
	buf_free(&b);
	render_out_clear(out);
	return -1;
}

const char *
render_out_header(const struct render_out *out, const char *name)
{
	size_t	 i;

	for (i = 0; i < out->nheaders; i++) {
		if (util_strcaseeq(out->headers[i].name, name))
			return out->headers[i].value;
	}
	return NULL;
}

void
render_out_clear(struct render_out *out)
{
	size_t	 i;

	for (i = 0; i < out->nheaders; i++) {
		free(out->headers[i].name);
		free(out->headers[i].value);
	}
	free(out->headers);
	free(out->body);
	memset(out, 0, sizeof *out);
}
