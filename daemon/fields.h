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
 * fields.h -- the values of a sprint's own registration fields (fields:
 * in its file) in the store, by registration and field id. The form
 * reads them (parse.c, through the registration form's key table); this
 * keeps them.
 */
#ifndef SPRINTD_FIELDS_H
#define SPRINTD_FIELDS_H

#include <stdint.h>

#include "store.h"

struct parse_result;
struct registry_reg;

/*
 * Lays the fields res gave over those registration reg_id has: a value
 * replaces, "?" removes, a field not given stays. Inside the caller's
 * transaction. 0, or -1 with *cause.
 */
int fields_save(struct store *, int64_t reg_id, const struct parse_result *,
    char **cause);
/* Loads reg's values (reg->id) into reg->fields: 0, or -1 with *cause. */
int fields_load(struct store *, struct registry_reg *, char **cause);
/* Frees reg's values. */
void fields_clear(struct registry_reg *);

#endif
