-- Copyright (c) 2026 The sprintd authors. ISC licence: see LICENSE.
-- 006: past attendees, invitations and opt-outs.
-- Who came to a sprint, as a people.txt tells it: 'registered' (a row of
-- its first table, imported as a registration of sprint_id) or 'previous'
-- (listed in sprint_id's people.txt as present at earlier sprints).
CREATE TABLE past_attendees (
	person_id	INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id) ON DELETE CASCADE,
	how		TEXT NOT NULL CHECK (how IN ('registered', 'previous')),
	source		TEXT,			-- the file, as given
	line		INTEGER,
	created_at	TEXT NOT NULL,
	PRIMARY KEY (person_id, sprint_id, how)
);
-- One invitation per person per sprint, ever.
CREATE TABLE invitations (
	sprint_id	INTEGER NOT NULL REFERENCES sprints(id) ON DELETE CASCADE,
	person_id	INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
	outbox_id	INTEGER REFERENCES outbox(id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL,
	PRIMARY KEY (sprint_id, person_id)
);
-- Addresses that want no invitations ("Invite: no", "unsubscribe").
CREATE TABLE invite_optouts (
	email		TEXT PRIMARY KEY COLLATE NOCASE,
	message_id	INTEGER REFERENCES messages(id) ON DELETE SET NULL,
	created_at	TEXT NOT NULL
);
