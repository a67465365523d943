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

/* fields.c -- the values of a sprint's own fields, kept. */
#include "config-auto.h"

#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "parse.h"
#include "registry.h"
#include "util.h"

int
fields_save(struct store *st, int64_t reg_id, const struct parse_result *res,
    char **cause)
{
	sqlite3_stmt	*stmt;
	size_t		 i;

	for (i = 0; i < res->ncustom; i++) {
		const struct parse_custom	*c = &res->custom[i];

		if (store_cached(st, c->value != NULL ? "INSERT INTO "
		    "registration_fields (registration_id, field, value) "
		    "VALUES (?1, ?2, ?3) ON CONFLICT (registration_id, field) "
		    "DO UPDATE SET value = excluded.value" : "DELETE FROM "
		    "registration_fields WHERE registration_id = ?1 AND "
		    "field = ?2", &stmt, cause) == -1)
			return -1;
		sqlite3_bind_int64(stmt, 1, reg_id);
		store_bind_text(stmt, 2, c->id);
		if (c->value != NULL)
			store_bind_text(stmt, 3, c->value);
		if (store_step_done(st, stmt, "saving a field", cause) == -1)
			return -1;
	}
	return 0;
}

int
fields_load(struct store *st, struct registry_reg *reg, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	fields_clear(reg);
	if (store_cached(st, "SELECT field, value FROM registration_fields "
	    "WHERE registration_id = ?1 ORDER BY field", &stmt, cause) == -1)
		return -1;
	sqlite3_bind_int64(stmt, 1, reg->id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		reg->fields = xreallocarray(reg->fields, reg->nfields + 1,
		    sizeof *reg->fields);
		reg->fields[reg->nfields].id = store_column_dup(stmt, 0);
		reg->fields[reg->nfields++].value = store_column_dup(stmt, 1);
	}
	if (rc != SQLITE_DONE)
		*cause = store_error(st, "reading a registration's fields");
	store_reset(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

void
fields_clear(struct registry_reg *reg)
{
	size_t	 i;

	for (i = 0; i < reg->nfields; i++) {
		free(reg->fields[i].id);
		free(reg->fields[i].value);
	}
	free(reg->fields);
	reg->fields = NULL;
	reg->nfields = 0;
}
