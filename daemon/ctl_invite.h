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
 * ctl_invite.h -- sprintctl import-people and sprintctl invite. Each
 * returns an exit code (CTL_*) and reports failures through log_error.
 */
#ifndef SPRINTD_CTL_INVITE_H
#define SPRINTD_CTL_INVITE_H

#include <stdio.h>

#include "config.h"
#include "store.h"

/*
 * Imports a PyPy people.txt into the sprint slug; rows not imported are
 * written to report as "file:line: why". CTL_OK when every row was
 * imported, CTL_FAIL when some were skipped (or on a store error),
 * CTL_USAGE for no such sprint or an unreadable file.
 */
int ctl_import_people(struct store *, const char *slug, const char *file,
    FILE *out, FILE *report);
/* Sends (or with preview, shows) the invitations of the sprint slug:
 * CTL_USAGE before its announcement has gone out. */
int ctl_invite(struct store *, const struct config *, const char *slug,
    int preview, FILE *out);

#endif
