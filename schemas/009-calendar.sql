-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 009: the calendar sent with a confirmation. Per registration, the
-- SEQUENCE of the last .ics sent (every new one is higher, so that
-- calendars replace the event rather than add one) and what that .ics
-- left in the person's calendar: 0 nothing (none sent, or cancelled),
-- 1 the sprint's event, 2 the sprint's event and the stay.
ALTER TABLE registrations ADD COLUMN calendar_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE registrations ADD COLUMN calendar_held INTEGER NOT NULL DEFAULT 0;
