-- 003: indexes for what every ingest asks: the waiting list and the
-- registrations of a sprint by status.
CREATE INDEX registrations_status ON registrations(sprint_id, status, id);
