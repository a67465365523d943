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
