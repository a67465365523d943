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
 * notify.h -- sd_notify(3) without libsystemd: a datagram to the socket
 * systemd names in NOTIFY_SOCKET. Does nothing outside systemd.
 */
#ifndef SPRINTD_NOTIFY_H
#define SPRINTD_NOTIFY_H

/* Sends state ("READY=1", "WATCHDOG=1", "STOPPING=1", "STATUS=..."). */
void notify_send(const char *state);
/* The watchdog interval systemd asks for, in seconds (0: none). */
int notify_watchdog_interval(void);

#endif
