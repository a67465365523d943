-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 011: the sprints in date order, as an index: picking the sprint an
-- incoming message is about ("the next one to come") reads the index
-- instead of sorting the sprints for every message.
CREATE INDEX sprints_start ON sprints(start_date, end_date);
