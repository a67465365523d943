-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 005: the organizer digest. One row per sprint and local day on which
-- the daily digest was considered: sent = 1 when it went out (something
-- had changed), 0 when there was nothing to tell. sprintctl digest --send
-- adds a sent row too; "since the last digest" is the last sent row.
CREATE TABLE digests (
	id		INTEGER PRIMARY KEY,
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id) ON DELETE CASCADE,
	day		TEXT NOT NULL,		-- the local day, YYYY-MM-DD
	sent		INTEGER NOT NULL,
	created_at	TEXT NOT NULL,
	UNIQUE (sprint_id, day)
);
