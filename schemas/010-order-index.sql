-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 010: the order people are listed in (local first, then by arrival and
-- name), as an index: a confirmation's first 30 are read, not sorted out
-- of the whole sprint.
CREATE INDEX registrations_order ON registrations(sprint_id, status,
	local DESC, arrive IS NULL, arrive, name COLLATE NOCASE);
