-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 003: indexes for what every ingest asks: the waiting list, the
-- registrations of a sprint by status, and the replies to an address
-- whatever the case it was written in.
CREATE INDEX registrations_status ON registrations(sprint_id, status, id);
CREATE INDEX outbox_recipient_lower ON outbox(lower(recipient), created_at);
