-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 017: during the sprint. What each person wants to work on (Topics:),
-- the planning (a numbered task list per sprint), and the answers to the
-- technical summary's request (Done:, Next:), which carry names.

ALTER TABLE registrations ADD COLUMN topics TEXT;
ALTER TABLE registration_history ADD COLUMN topics TEXT;

-- One task of a sprint's planning. num is the number people write
-- ("Join: 3"): given in order, never reused, not even after a drop.
CREATE TABLE plan_tasks (
	id		INTEGER PRIMARY KEY,
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id)
			    ON DELETE CASCADE,
	num		INTEGER NOT NULL,
	text		TEXT NOT NULL,
	people		TEXT NOT NULL DEFAULT '',	-- names, ", " between
	state		TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open',
			    'in-progress', 'done', 'dropped')),
	message_id	INTEGER REFERENCES messages(id),	-- NULL: organizer
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	UNIQUE (sprint_id, num)
);

-- A person's answer to the technical summary's request: the latest one
-- counts. Not anonymous: the request says so.
CREATE TABLE summary_answers (
	id		INTEGER PRIMARY KEY,
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id)
			    ON DELETE CASCADE,
	person_id	INTEGER NOT NULL REFERENCES people(id),
	done		TEXT,
	next		TEXT,
	message_id	INTEGER REFERENCES messages(id),
	updated_at	TEXT NOT NULL,
	UNIQUE (sprint_id, person_id)
);
